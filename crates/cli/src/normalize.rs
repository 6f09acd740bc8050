//! The spelling-normalization options shared by `run` and `normalize`.

use anyhow::{bail, Result};
use clap::Args;
use polyprep::translit::{Mode, NormalizeConfig, Profile};
use std::path::PathBuf;

/// How spelling normalization runs.
#[derive(Args, Debug, Clone)]
pub struct NormalizeArgs {
    /// Report the changes normalization would make without changing the text.
    #[arg(long)]
    pub annotate_only: bool,
    /// Canonical forms: `default` (what most English newsrooms write: Kyiv, Zelensky) or
    /// `official` (the person's or state's own romanization: Zelenskyy, Chornobyl).
    #[arg(long, value_name = "PROFILE")]
    pub profile: Option<Profile>,
    /// Extra gazetteer files (TSV or .json, see crates/translit/gazetteer/README.md); they
    /// override the built-in one where they list the same form.
    #[arg(long = "gazetteer", value_name = "FILE")]
    pub gazetteer_files: Vec<PathBuf>,
    /// Do not use the built-in gazetteer.
    #[arg(long)]
    pub no_default_gazetteer: bool,
    /// Do not correct near-miss spellings of gazetteer names.
    #[arg(long)]
    pub no_fuzzy: bool,
    /// Keep non-Latin scripts as they are (gazetteer variants in them are only reported).
    #[arg(long)]
    pub no_transliterate: bool,
    /// A transliteration scheme for a language, e.g. `rus=wikipedia` (repeatable; an unknown
    /// name is answered with the list of schemes for that language).
    #[arg(long = "scheme", value_name = "LANG=SCHEME")]
    pub schemes: Vec<String>,
    /// Leave scripts without an official system here (Arabic, Han, ...) as they are instead
    /// of romanizing them with any_ascii.
    #[arg(long)]
    pub no_fallback: bool,
}

impl NormalizeArgs {
    /// The normalization flags given on the command line, by name.
    pub fn given(&self) -> Vec<&'static str> {
        crate::given_flags([
            ("--annotate-only", self.annotate_only),
            ("--profile", self.profile.is_some()),
            ("--gazetteer", !self.gazetteer_files.is_empty()),
            ("--no-default-gazetteer", self.no_default_gazetteer),
            ("--no-fuzzy", self.no_fuzzy),
            ("--no-transliterate", self.no_transliterate),
            ("--scheme", !self.schemes.is_empty()),
            ("--no-fallback", self.no_fallback),
        ])
    }

    /// Applies the flags given to `config`.
    pub fn apply(&self, config: &mut NormalizeConfig) -> Result<()> {
        if self.annotate_only {
            config.mode = Mode::Annotate;
        }
        if let Some(profile) = self.profile {
            config.profile = profile;
        }
        config
            .gazetteer
            .files
            .extend(self.gazetteer_files.iter().cloned());
        if self.no_default_gazetteer {
            config.gazetteer.builtin = false;
        }
        if self.no_fuzzy {
            config.fuzzy = false;
        }
        let transliteration = &mut config.transliteration;
        if self.no_transliterate {
            transliteration.enabled = false;
        }
        if self.no_fallback {
            transliteration.fallback = false;
        }
        for scheme in &self.schemes {
            let Some((lang, name)) = scheme.split_once('=') else {
                bail!("--scheme {scheme:?}: write LANG=SCHEME, e.g. rus=wikipedia");
            };
            transliteration
                .schemes
                .insert(lang.trim().to_string(), name.trim().to_string());
        }
        Ok(())
    }
}
