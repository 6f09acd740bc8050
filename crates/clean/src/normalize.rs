//! Unicode, control-character, line-ending and whitespace normalization, with mojibake repair
//! and optional typographic folding, all alignment-preserving.
//!
//! ```
//! use polyprep_clean::normalize::{NormalizerBuilder, UnicodeForm};
//!
//! let normalizer = NormalizerBuilder::new()
//!     .with_form(UnicodeForm::Nfc)
//!     .with_fold_typography(true)
//!     .build()
//!     .unwrap();
//! let raw = "  Kirbyâ€™s  statement\r\n\r\n\r\nCafe\u{301}\u{200B} news…  ";
//! let out = normalizer.normalize(raw);
//! assert_eq!(out.text, "Kirby's statement\n\nCafé news...");
//!
//! // Every output character maps back to the bytes of the raw text it came from.
//! let alignment = out.alignment.unwrap();
//! let apostrophe = alignment.to_original(5, 6);
//! assert_eq!(&raw[apostrophe.range()], "â€™");
//! let e_acute = alignment.to_original(22, 24);
//! assert_eq!(&raw[e_acute.range()], "e\u{301}");
//! ```
//!
//! What [`Normalizer::normalize`] does, in order:
//!
//! 1. repairs mojibake where the text shows it: UTF-8 read as Windows-1252 or Latin-1
//!    (`â€™` → `’`, `Ã©` → `é`, `Â ` → no-break space, also twice over), and Windows-1252 read
//!    as Latin-1 (a lone U+0092 → `’`) ([`NormalizeConfig::repair_mojibake`]). Legitimate
//!    `SÃO PAULO`, `CAFÉ’S` or Slovak `MÔŽEME` stay;
//! 2. turns `\r\n`, `\r`, NEL, U+2028, U+2029, vertical tab and form feed into `\n`;
//! 3. removes C0/C1 controls (but `\n` and `\t`), zero-width space, BOM, soft hyphen, word
//!    joiner and invisible operators, bidi controls on lines without right-to-left text, and ZWJ/ZWNJ
//!    except between letters of scripts that use them (Indic, Arabic, Persian, ...) and ZWJ
//!    inside emoji sequences ([`NormalizeConfig::remove_control`]);
//! 4. applies NFC or NFKC ([`NormalizeConfig::form`]), one combining sequence at a time;
//! 5. folds typographic quotes, dashes, the ellipsis and Unicode spaces to ASCII
//!    ([`NormalizeConfig::fold_typography`]);
//! 6. collapses runs of spaces, tabs and Unicode spaces to one space (a lone no-break or thin
//!    space between words stays unless folding or NFKC is on), trims every line, folds two or
//!    more blank lines into one, and trims the text, which never starts or ends with whitespace.
//!
//! Steps 2-6 run in one pass over the text, with a fast path over the characters no step can
//! change; the result is idempotent: normalizing it again changes nothing.

mod mojibake;

use polyprep_core::{Alignment, Document, Rewrite, Stage, TextRewriter};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::OnceLock;
use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
use unicode_normalization::{is_nfc_quick, is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// The Unicode normalization form applied to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnicodeForm {
    /// Canonical composition: `e` + U+0301 becomes `é`; compatibility characters stay.
    #[default]
    Nfc,
    /// Compatibility composition: also `ﬁ` → `fi`, full-width `Ａ` → `A`, `²` → `2`,
    /// no-break space → space. Loses distinctions some texts need (superscripts, ligatures).
    Nfkc,
    /// No normalization.
    None,
}

/// What a [`Normalizer`] does. Every field has a default, so a config file may name only the
/// fields it changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NormalizeConfig {
    /// The Unicode normalization form (default NFC).
    pub form: UnicodeForm,
    /// Fold typographic characters to ASCII: ‘ ’ ‚ ‛ to `'`, “ ” „ ‟ to `"`, hyphens, dashes and
    /// the minus sign (U+2010..U+2015, U+2212) to `-`, `…` to `...`, and every Unicode space
    /// to a plain space (default off).
    pub fold_typography: bool,
    /// Repair mojibake where the text shows it (default on).
    pub repair_mojibake: bool,
    /// Remove control and invisible format characters (default on).
    pub remove_control: bool,
}

impl Default for NormalizeConfig {
    fn default() -> Self {
        NormalizeConfig {
            form: UnicodeForm::Nfc,
            fold_typography: false,
            repair_mojibake: true,
            remove_control: true,
        }
    }
}

/// Builds a [`Normalizer`].
///
/// ```
/// use polyprep_clean::normalize::{NormalizeConfig, NormalizerBuilder, UnicodeForm};
///
/// let config: NormalizeConfig = serde_json::from_str(r#"{"form": "nfkc"}"#).unwrap();
/// let normalizer = NormalizerBuilder::new()
///     .with_config(config)
///     .with_fold_typography(true)
///     .build()
///     .unwrap();
/// assert_eq!(normalizer.normalize("ﬁne “quotes”").text, "fine \"quotes\"");
/// ```
#[derive(Debug, Clone, Default)]
pub struct NormalizerBuilder {
    config: NormalizeConfig,
}

impl NormalizerBuilder {
    /// A builder with the default configuration.
    pub fn new() -> Self {
        NormalizerBuilder::default()
    }

    /// Replaces the whole configuration.
    pub fn with_config(mut self, config: NormalizeConfig) -> Self {
        self.config = config;
        self
    }

    /// Sets the Unicode normalization form.
    pub fn with_form(mut self, form: UnicodeForm) -> Self {
        self.config.form = form;
        self
    }

    /// Turns typographic folding on or off.
    pub fn with_fold_typography(mut self, fold: bool) -> Self {
        self.config.fold_typography = fold;
        self
    }

    /// Turns mojibake repair on or off.
    pub fn with_repair_mojibake(mut self, repair: bool) -> Self {
        self.config.repair_mojibake = repair;
        self
    }

    /// Turns removal of control and format characters on or off.
    pub fn with_remove_control(mut self, remove: bool) -> Self {
        self.config.remove_control = remove;
        self
    }

    /// Builds the normalizer. Every configuration is valid today; the `Result` keeps the
    /// signature of the other builders so options that can be wrong can be added later.
    pub fn build(self) -> Result<Normalizer, crate::CleanError> {
        Ok(Normalizer::new(self.config))
    }
}

/// The normalization stage: see the [module documentation](self) for what it does.
#[derive(Debug, Clone, Default)]
pub struct Normalizer {
    config: NormalizeConfig,
}

/// How many times the one-pass cleaner may run again on its own output. A second pass is needed
/// only when NFKC produced characters the pass treats specially (`¨` → space + U+0308).
const MAX_CLEAN_PASSES: usize = 4;

/// How many times mojibake repair may run again after cleaning, which can bring mojibake
/// characters together (`Ã` ZWSP `©`).
const MAX_MOJIBAKE_ROUNDS: usize = 4;

impl Normalizer {
    /// A normalizer with `config`.
    pub fn new(config: NormalizeConfig) -> Self {
        Normalizer { config }
    }

    /// The configuration.
    pub fn config(&self) -> &NormalizeConfig {
        &self.config
    }

    /// Normalizes `text`. The result borrows `text` when nothing changed; otherwise its
    /// alignment maps every byte range of the new text back to the bytes of `text` it came from.
    pub fn normalize<'a>(&self, text: &'a str) -> Rewrite<'a> {
        let mut chain = Chain::new(text);
        let repair = self.config.repair_mojibake;
        if repair {
            // Terminates: every repair makes the text shorter.
            while chain.apply(mojibake::repair) {}
        }
        let mut rounds = 0;
        loop {
            let mut changed = false;
            for _ in 0..MAX_CLEAN_PASSES {
                let mut again = false;
                if !chain.apply(|t| {
                    let (rewrite, dirty) = CleanPass::new(&self.config, t).run();
                    again = dirty;
                    rewrite
                }) {
                    break;
                }
                changed = true;
                if !again {
                    break;
                }
            }
            rounds += 1;
            if !repair || !changed || rounds > MAX_MOJIBAKE_ROUNDS {
                break;
            }
            let mut repaired = false;
            while chain.apply(mojibake::repair) {
                repaired = true;
            }
            if !repaired {
                break;
            }
        }
        chain.finish()
    }
}

impl Stage for Normalizer {
    fn name(&self) -> &'static str {
        "normalize"
    }

    fn process(&self, doc: &mut Document) -> polyprep_core::Result<()> {
        doc.apply(|text| self.normalize(text));
        Ok(())
    }
}

/// Several rewriting passes over one input, composed into one [`Rewrite`] of it.
struct Chain<'a> {
    text: Cow<'a, str>,
    alignment: Option<Alignment>,
}

impl<'a> Chain<'a> {
    fn new(text: &'a str) -> Self {
        Chain {
            text: Cow::Borrowed(text),
            alignment: None,
        }
    }

    /// Runs one pass; returns whether it changed the text.
    fn apply<F>(&mut self, pass: F) -> bool
    where
        F: for<'t> FnOnce(&'t str) -> Rewrite<'t>,
    {
        let Rewrite { text, alignment } = pass(&self.text);
        let Some(step) = alignment else {
            return false;
        };
        let text = text.into_owned();
        self.alignment = Some(match self.alignment.take() {
            Some(before) => before.compose(&step),
            None => step,
        });
        self.text = Cow::Owned(text);
        true
    }

    fn finish(self) -> Rewrite<'a> {
        Rewrite {
            text: self.text,
            alignment: self.alignment,
        }
    }
}

/// Pending whitespace: a run of spaces, line breaks and removed characters between two
/// pieces of text, written out as one replacement when the next piece of text arrives.
#[derive(Debug, Clone, Copy)]
struct WhitespaceRun {
    start: usize,
    line_breaks: u32,
    spaces: u32,
    first_space: char,
}

/// The current normalization segment: a starter and the combining characters after it (with
/// removed characters among them), which NFC/NFKC may change only as a whole.
#[derive(Debug, Clone, Copy)]
struct Segment {
    start: usize,
    end: usize,
    /// False when the segment is known to come out unchanged (the common case).
    needs_work: bool,
    /// Whether NFC/NFKC may change it: it has combining characters or starts with one.
    needs_norm: bool,
}

/// Steps 2-6 in one left-to-right pass over the text.
struct CleanPass<'c, 'a> {
    config: &'c NormalizeConfig,
    input: &'a str,
    rw: TextRewriter<'a>,
    /// Whether any text has been kept yet: whitespace before it is dropped.
    started: bool,
    whitespace: Option<WhitespaceRun>,
    segment: Option<Segment>,
    /// The last character kept, for the ZWJ/ZWNJ context; `None` after whitespace.
    last_kept: Option<char>,
    /// A replacement wrote characters that this pass would itself change (NFKC can turn `¨`
    /// into a space and a combining mark), so the output needs another pass.
    dirty: bool,
    /// The line last checked for right-to-left text: `(start, end, has_rtl)`.
    bidi_line: Option<(usize, usize, bool)>,
    kept: String,
    normalized: String,
    folded: String,
}

impl<'c, 'a> CleanPass<'c, 'a> {
    fn new(config: &'c NormalizeConfig, input: &'a str) -> Self {
        CleanPass {
            config,
            input,
            rw: TextRewriter::new(input),
            started: false,
            whitespace: None,
            segment: None,
            last_kept: None,
            dirty: false,
            bidi_line: None,
            kept: String::new(),
            normalized: String::new(),
            folded: String::new(),
        }
    }

    /// Returns the rewrite and whether its output needs another pass.
    fn run(mut self) -> (Rewrite<'a>, bool) {
        let input = self.input;
        let bytes = input.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if is_ascii_graphic(b) {
                self.text_char(i, b as char, 1, true, false);
                i = self.skip_plain(i + 1);
                continue;
            }
            let Some(c) = input[i..].chars().next() else {
                break;
            };
            let len = c.len_utf8();
            if b >= 0x80 && self.is_plain(c) {
                self.text_char(i, c, len, true, false);
                i = self.skip_plain(i + len);
                continue;
            }
            match c {
                '\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    self.whitespace_char(i, c, true);
                    i += 2;
                    continue;
                }
                _ if is_line_break(c) => self.whitespace_char(i, c, true),
                _ if is_horizontal_space(c) => self.whitespace_char(i, c, false),
                _ if self.config.remove_control && is_removable(c) => self.removed(i, len),
                _ if self.config.remove_control && is_bidi_control(c) => {
                    if self.line_has_rtl(i) {
                        self.text_char(i, c, len, true, false);
                    } else {
                        self.removed(i, len);
                    }
                }
                '\u{200C}' | '\u{200D}' if self.config.remove_control => {
                    if self.joiner_is_meaningful(c, i + len) {
                        self.text_char(i, c, len, true, false);
                    } else {
                        self.removed(i, len);
                    }
                }
                _ => {
                    let boundary = self.is_boundary(c);
                    let fold = self.config.fold_typography && fold_char(c).is_some();
                    self.text_char(i, c, len, boundary, fold);
                }
            }
            i += len;
        }
        self.close_segment();
        if let Some(run) = self.whitespace.take() {
            self.rw.copy_to(run.start);
            self.rw.delete_to(bytes.len());
        }
        (self.rw.finish(), self.dirty)
    }

    /// The fast path: after a text character, skips the plain characters (see
    /// [`CleanPass::is_plain`]) and the single spaces and line feeds between them, none of which any
    /// step changes. Returns where the slow path resumes.
    fn skip_plain(&mut self, from: usize) -> usize {
        let input = self.input;
        let bytes = input.as_bytes();
        let mut j = from;
        let mut last: Option<(usize, char)> = None;
        while let Some(&b) = bytes.get(j) {
            if is_ascii_graphic(b) {
                last = Some((j, b as char));
                j += 1;
                continue;
            }
            if b == b' ' || b == b'\n' {
                // A lone space or line feed between two plain characters stays as it is.
                match bytes.get(j + 1) {
                    Some(&next) if is_ascii_graphic(next) => {}
                    Some(&next) if next >= 0x80 => match input[j + 1..].chars().next() {
                        Some(c) if self.is_plain(c) => {}
                        _ => break,
                    },
                    _ => break,
                }
                j += 1;
                continue;
            }
            if b < 0x80 {
                break;
            }
            match input[j..].chars().next() {
                Some(c) if self.is_plain(c) => {
                    last = Some((j, c));
                    j += c.len_utf8();
                }
                _ => break,
            }
        }
        if let Some((start, c)) = last {
            // The characters skipped were each a segment of their own that needed no work.
            self.close_segment();
            self.segment = Some(Segment {
                start,
                end: start + c.len_utf8(),
                needs_work: false,
                needs_norm: false,
            });
            self.last_kept = Some(c);
        }
        j
    }

    /// Whether `c` is a character that no step changes, whatever comes before or after it: not
    /// whitespace, not a control or format character, not folded, and a normalized starter that
    /// nothing composes with. ASCII graphic characters are plain; other characters outside the
    /// Basic Multilingual Plane take the slow path.
    fn is_plain(&self, c: char) -> bool {
        let cp = c as u32;
        if cp >= 0x1_0000 {
            return false;
        }
        let table = match self.config.form {
            UnicodeForm::Nfc => &PLAIN_NFC,
            UnicodeForm::Nfkc => &PLAIN_NFKC,
            UnicodeForm::None => &PLAIN_ANY,
        };
        let words = table.get_or_init(|| plain_table(self.config.form));
        let plain = words[(cp >> 6) as usize] & (1 << (cp & 63)) != 0;
        plain && !(self.config.fold_typography && fold_char(c).is_some())
    }

    /// A character that stays in the text (before normalization and folding).
    fn text_char(&mut self, i: usize, c: char, len: usize, boundary: bool, fold: bool) {
        if let Some(run) = self.whitespace.take() {
            self.flush_whitespace(run, i);
        }
        self.started = true;
        match &mut self.segment {
            Some(segment) if !boundary => {
                segment.end = i + len;
                segment.needs_work = true;
                segment.needs_norm = true;
            }
            _ => {
                self.close_segment();
                self.segment = Some(Segment {
                    start: i,
                    end: i + len,
                    // A segment that starts with a combining mark may still reorder.
                    needs_work: fold || !boundary,
                    needs_norm: !boundary,
                });
            }
        }
        self.last_kept = Some(c);
    }

    /// A character to delete. Inside whitespace or a segment it joins their replacement, so
    /// that removing it cannot leave two spaces or a mark apart from its base.
    fn removed(&mut self, i: usize, len: usize) {
        if self.whitespace.is_some() {
            return;
        }
        if let Some(segment) = &mut self.segment {
            segment.end = i + len;
            segment.needs_work = true;
            return;
        }
        self.rw.copy_to(i);
        self.rw.delete_to(i + len);
    }

    fn whitespace_char(&mut self, i: usize, c: char, line_break: bool) {
        self.close_segment();
        self.last_kept = None;
        let run = self.whitespace.get_or_insert(WhitespaceRun {
            start: i,
            line_breaks: 0,
            spaces: 0,
            first_space: ' ',
        });
        if line_break {
            run.line_breaks += 1;
        } else {
            if run.spaces == 0 {
                run.first_space = c;
            }
            run.spaces += 1;
        }
    }

    /// Writes the whitespace run that ends where text resumes, at `end`.
    fn flush_whitespace(&mut self, run: WhitespaceRun, end: usize) {
        let mut buf = [0u8; 4];
        let replacement: &str = if !self.started {
            ""
        } else if run.line_breaks >= 2 {
            "\n\n"
        } else if run.line_breaks == 1 {
            "\n"
        } else if run.spaces == 1 && run.first_space != '\t' && !self.config.fold_typography {
            // A lone no-break or thin space between two words keeps its meaning; NFC still
            // maps U+2000 to U+2002, and NFKC every space but U+1680 to a plain one.
            let space = self.normalized_char(run.first_space, false);
            space.unwrap_or(' ').encode_utf8(&mut buf)
        } else {
            " "
        };
        self.rw.copy_to(run.start);
        self.rw.replace(end, replacement);
    }

    /// Ends the current segment and writes its normalized, folded form if it changed.
    fn close_segment(&mut self) {
        let Some(segment) = self.segment.take() else {
            return;
        };
        if !segment.needs_work {
            return;
        }
        let slice = &self.input[segment.start..segment.end];
        let remove = self.config.remove_control;
        let mut kept = std::mem::take(&mut self.kept);
        let mut normalized = std::mem::take(&mut self.normalized);
        let mut folded = std::mem::take(&mut self.folded);
        kept.clear();
        normalized.clear();
        folded.clear();
        let mut has_removed = false;
        // Where the last kept character ends: removed characters after it are deleted on their
        // own rather than folded into the replacement, for a tighter alignment.
        let mut kept_end = segment.start;
        for (k, (offset, c)) in slice.char_indices().enumerate() {
            // Only the first character of a segment can be a kept joiner or bidi control: they
            // start segments. Any later one is there because it was removed.
            if k > 0 && remove && is_dropped_in_segment(c) {
                has_removed = true;
            } else {
                kept.push(c);
                kept_end = segment.start + offset + c.len_utf8();
            }
        }
        match self.config.form {
            _ if !segment.needs_norm => normalized.push_str(&kept),
            UnicodeForm::Nfc => normalized.extend(kept.chars().nfc()),
            UnicodeForm::Nfkc => normalized.extend(kept.chars().nfkc()),
            UnicodeForm::None => normalized.push_str(&kept),
        }
        let out = if self.config.fold_typography {
            for c in normalized.chars() {
                match fold_char(c) {
                    Some(f) => folded.push_str(f),
                    None => folded.push(c),
                }
            }
            &folded
        } else {
            &normalized
        };
        if *out == kept {
            if has_removed {
                // Only deletions: keep the alignment of the kept characters exact.
                for (offset, c) in slice.char_indices().skip(1) {
                    if remove && is_dropped_in_segment(c) {
                        let at = segment.start + offset;
                        self.rw.copy_to(at);
                        self.rw.delete_to(at + c.len_utf8());
                    }
                }
            }
        } else {
            self.rw.copy_to(segment.start);
            self.rw.replace(kept_end, out);
            self.rw.delete_to(segment.end);
            if out.chars().any(|c| self.needs_another_look(c)) {
                self.dirty = true;
            }
        }
        self.kept = kept;
        self.normalized = normalized;
        self.folded = folded;
    }

    /// Whether `c`, written by a replacement, is one this pass would treat specially.
    fn needs_another_look(&self, c: char) -> bool {
        is_line_break(c)
            || is_horizontal_space(c)
            || (self.config.remove_control
                && (is_removable(c) || is_bidi_control(c) || matches!(c, '\u{200C}' | '\u{200D}')))
    }

    /// Whether NFC/NFKC can never change text across a cut just before `c`: `c` is a starter
    /// that is normalized and does not compose with what precedes it.
    fn is_boundary(&self, c: char) -> bool {
        match self.config.form {
            UnicodeForm::None => true,
            // Below U+0300 every character is a stable starter under NFC.
            UnicodeForm::Nfc => {
                c < '\u{300}'
                    || (canonical_combining_class(c) == 0
                        && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes)
            }
            UnicodeForm::Nfkc => {
                c.is_ascii()
                    || (canonical_combining_class(c) == 0
                        && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes)
            }
        }
    }

    /// ZWJ and ZWNJ matter between two letters of a script that uses them, and ZWJ inside an
    /// emoji sequence; `next` is where the text after the joiner starts.
    fn joiner_is_meaningful(&self, joiner: char, next: usize) -> bool {
        let remove = self.config.remove_control;
        let after = self.input[next..]
            .chars()
            .find(|&c| !(remove && is_removable(c)));
        // Judge the neighbours as they will come out: NFKC turns `™` into `TM`.
        let before = match self.segment {
            // Normalization may reorder or compose the end of the open segment.
            Some(segment) if segment.needs_work => self.segment_last_char(segment),
            _ => self.last_kept.and_then(|c| self.normalized_char(c, true)),
        };
        let after = after.and_then(|c| self.normalized_char(c, false));
        let (Some(before), Some(after)) = (before, after) else {
            return false;
        };
        (is_joining_script_letter(before) && is_joining_script_letter(after))
            || (joiner == '\u{200D}' && is_emoji_part(before) && is_emoji_part(after))
    }

    /// The last character of `segment` once normalized.
    fn segment_last_char(&self, segment: Segment) -> Option<char> {
        let remove = self.config.remove_control;
        let kept = self.input[segment.start..segment.end]
            .chars()
            .enumerate()
            .filter(|&(k, c)| k == 0 || !(remove && is_dropped_in_segment(c)))
            .map(|(_, c)| c);
        match self.config.form {
            UnicodeForm::Nfc => kept.nfc().last(),
            UnicodeForm::Nfkc => kept.nfkc().last(),
            UnicodeForm::None => kept.last(),
        }
    }

    /// The last (or first) character of `c` normalized on its own.
    fn normalized_char(&self, c: char, last: bool) -> Option<char> {
        let mut chars = match self.config.form {
            UnicodeForm::None => return Some(c),
            _ if c.is_ascii() => return Some(c),
            UnicodeForm::Nfc => std::iter::once(c).nfc(),
            UnicodeForm::Nfkc => std::iter::once(c).nfkc(),
        };
        if last {
            chars.last()
        } else {
            chars.next()
        }
    }

    /// Whether the line around byte `i` holds right-to-left text, where bidi controls can
    /// carry meaning.
    fn line_has_rtl(&mut self, i: usize) -> bool {
        if let Some((start, end, rtl)) = self.bidi_line {
            if (start..end).contains(&i) {
                return rtl;
            }
        }
        let input = self.input;
        let start = input[..i]
            .char_indices()
            .rev()
            .find(|&(_, c)| is_line_break(c))
            .map_or(0, |(p, c)| p + c.len_utf8());
        let end = input[i..]
            .char_indices()
            .find(|&(_, c)| is_line_break(c))
            .map_or(input.len(), |(p, _)| i + p);
        let rtl = input[start..end].chars().any(is_rtl);
        self.bidi_line = Some((start, end, rtl));
        rtl
    }
}

/// Bit sets over the Basic Multilingual Plane of the characters [`CleanPass::is_plain`] accepts,
/// one per form, built on first use from the normalization tables (8 KiB each).
static PLAIN_NFC: OnceLock<Box<[u64; 1024]>> = OnceLock::new();
static PLAIN_NFKC: OnceLock<Box<[u64; 1024]>> = OnceLock::new();
static PLAIN_ANY: OnceLock<Box<[u64; 1024]>> = OnceLock::new();

fn plain_table(form: UnicodeForm) -> Box<[u64; 1024]> {
    let mut words = Box::new([0u64; 1024]);
    for c in (0..0x1_0000u32).filter_map(char::from_u32) {
        let special = is_line_break(c)
            || is_horizontal_space(c)
            || is_removable(c)
            || is_bidi_control(c)
            || matches!(c, '\u{200C}' | '\u{200D}')
            || (c.is_ascii() && !c.is_ascii_graphic());
        let stable = match form {
            UnicodeForm::None => true,
            UnicodeForm::Nfc => {
                canonical_combining_class(c) == 0
                    && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
            }
            UnicodeForm::Nfkc => {
                canonical_combining_class(c) == 0
                    && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes
            }
        };
        if stable && !special {
            let cp = c as u32;
            words[(cp >> 6) as usize] |= 1 << (cp & 63);
        }
    }
    words
}

fn is_ascii_graphic(b: u8) -> bool {
    b.wrapping_sub(0x21) < 0x5E
}

/// Characters that end a line: all become `\n`.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Tab and the Unicode space separators.
fn is_horizontal_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// Controls and invisible format characters that never carry meaning in running text.
fn is_removable(c: char) -> bool {
    matches!(
        c,
        '\u{00}'..='\u{08}'
            | '\u{0E}'..='\u{1F}'
            | '\u{7F}'..='\u{84}'
            | '\u{86}'..='\u{9F}'
            | '\u{AD}'
            | '\u{200B}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206A}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// Directional marks, embeddings, overrides and isolates.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Characters that, when found after the first character of a segment, were removed.
fn is_dropped_in_segment(c: char) -> bool {
    is_removable(c) || is_bidi_control(c) || matches!(c, '\u{200C}' | '\u{200D}')
}

/// Letters and marks of the scripts whose shaping ZWJ/ZWNJ control: Arabic and Syriac
/// (Persian, Urdu, Kurdish), N'Ko, the Indic scripts, Tibetan, Myanmar, Khmer, Mongolian.
fn is_joining_script_letter(c: char) -> bool {
    let in_script = matches!(
        c,
        '\u{0600}'..='\u{07FF}'
            | '\u{0860}'..='\u{08FF}'
            | '\u{0900}'..='\u{0DFF}'
            | '\u{0F00}'..='\u{0FFF}'
            | '\u{1000}'..='\u{109F}'
            | '\u{1780}'..='\u{18AF}'
            | '\u{A8E0}'..='\u{A8FF}'
            | '\u{A9E0}'..='\u{A9FF}'
            | '\u{AA60}'..='\u{AA7F}'
            | '\u{FB50}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFC}'
            | '\u{11000}'..='\u{11FFF}'
    );
    in_script && (c.is_alphabetic() || is_combining_mark(c))
}

/// Emoji, their modifiers, variation selector 16, the keycap mark and tag characters: the parts
/// of ZWJ sequences such as 👨‍👩‍👧 or 🏳️‍🌈.
fn is_emoji_part(c: char) -> bool {
    matches!(
        c,
        '\u{A9}'
            | '\u{AE}'
            | '\u{203C}'
            | '\u{2049}'
            | '\u{2122}'
            | '\u{2139}'
            | '\u{2194}'..='\u{21AA}'
            | '\u{231A}'..='\u{23FF}'
            | '\u{24C2}'
            | '\u{25AA}'..='\u{25FE}'
            | '\u{2600}'..='\u{27BF}'
            | '\u{2934}'..='\u{2935}'
            | '\u{2B05}'..='\u{2B55}'
            | '\u{3030}'
            | '\u{303D}'
            | '\u{3297}'
            | '\u{3299}'
            | '\u{FE0F}'
            | '\u{20E3}'
            | '\u{1F000}'..='\u{1FAFF}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

/// Right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms.
fn is_rtl(c: char) -> bool {
    matches!(
        c,
        '\u{0590}'..='\u{08FF}'
            | '\u{FB1D}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFC}'
            | '\u{10800}'..='\u{10FFF}'
            | '\u{1E800}'..='\u{1EFFF}'
    )
}

/// The ASCII form of a typographic character, if it has one (spaces are handled as
/// whitespace).
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        '‘' | '’' | '‚' | '‛' => "'",
        '“' | '”' | '„' | '‟' => "\"",
        '\u{2010}'..='\u{2015}' | '\u{2212}' => "-",
        '…' => "...",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn normalizer(config: NormalizeConfig) -> Normalizer {
        NormalizerBuilder::new()
            .with_config(config)
            .build()
            .expect("every configuration is valid")
    }

    fn norm(text: &str) -> String {
        Normalizer::default().normalize(text).text.into_owned()
    }

    fn folding() -> Normalizer {
        normalizer(NormalizeConfig {
            fold_typography: true,
            ..NormalizeConfig::default()
        })
    }

    /// UTF-8 read as Windows-1252, the way a misconfigured scraper reads it.
    fn mojibake(text: &str) -> String {
        encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(text.as_bytes())
            .0
            .into_owned()
    }

    /// Each output character with the original text it maps back to.
    fn char_origins<'t>(original: &'t str, rewrite: &Rewrite<'_>) -> Vec<(char, &'t str)> {
        let identity = Alignment::identity(original.len());
        let alignment = rewrite.alignment.as_ref().unwrap_or(&identity);
        rewrite
            .text
            .char_indices()
            .map(|(i, c)| {
                let span = alignment.to_original(i, i + c.len_utf8());
                let slice = span.slice(original).expect("span on char boundaries");
                (c, slice)
            })
            .collect()
    }

    #[test]
    fn mojibake_is_repaired() {
        assert_eq!(norm("Itâ€™s"), "It’s");
        assert_eq!(norm("cafÃ©"), "café");
        assert_eq!(norm("â€œquotedâ€\u{9D}"), "“quoted”");
        assert_eq!(norm("100Â\u{A0}km"), "100\u{A0}km");
        assert_eq!(norm("Â£5 and â‚¬5"), "£5 and €5");
        assert_eq!(norm("ðŸ˜€ smile"), "😀 smile");
        // Latin-1 rather than Windows-1252: É is C3 89, read as Ã and the C1 control U+0089.
        assert_eq!(norm("Ã\u{89}cole"), "École");
        // Encoded twice.
        assert_eq!(norm("cafÃƒÂ©"), "café");
        // Windows-1252 read as Latin-1: lone C1 controls (NEL stays a line break).
        assert_eq!(norm("l\u{92}Ecole \u{93}oui\u{94}"), "l’Ecole “oui”");
        assert_eq!(norm("dÂ’accord"), "d’accord");
        assert_eq!(norm("ï»¿Title ï¿½"), "Title �");
        // Capitals: Norwegian Å, Slovene Š, Lithuanian Ė.
        assert_eq!(
            norm(&mojibake("PÅ DANAŠNJE ŠKOLA PASAKĖ")),
            "PÅ DANAŠNJE ŠKOLA PASAKĖ"
        );
    }

    #[test]
    fn mojibake_round_trips_in_many_scripts() {
        for text in [
            "Kirby’s “fair game” – said…",
            "São Paulo, João, Ação, Irmã",
            "Grüße aus Köln, Äpfel, Übermaß",
            "École, élève, à bientôt, Noël",
            "Ñandú, año, ¿qué?",
            "Привет, мир! В Москве.",
            "Київ — столиця України",
            "Ελλάδα και Αθήνα",
            "中文新闻 日本語",
            "हिन्दी समाचार",
            "العربية",
            "price: 5 €, 20 °C, © 2024",
            "👨‍👩‍👧 family",
        ] {
            assert_eq!(norm(&mojibake(text)), text, "mojibake of {text:?}");
        }
    }

    #[test]
    fn legitimate_text_is_not_taken_for_mojibake() {
        for text in [
            "SÃO PAULO",
            "JOÃO E MARIA",
            "Ã",
            "A IRMÃ” disse",
            "«IRMÃ»",
            "IRMÃ\u{A0}E",
            "CAFÉ’S MENU",
            "Zoë’s naïve façade",
            "Le café\u{A0}» est prêt",
            "Привет, мир",
            "Καλημέρα κόσμε",
            "Þór’s hammer",
            // Capitals followed by a Windows-1252 letter or an apostrophe suffix.
            "MÔŽEME SLÚŽI VYSKÚŠAŤ",
            "Tarık YARILGAÇ’ın mesajı",
            "Y DU Â’R UE",
        ] {
            assert_eq!(norm(text), text);
        }
        let off = normalizer(NormalizeConfig {
            repair_mojibake: false,
            ..NormalizeConfig::default()
        });
        assert_eq!(off.normalize("cafÃ©").text, "cafÃ©");
    }

    #[test]
    fn line_endings_become_line_feeds() {
        assert_eq!(
            norm("a\r\nb\rc\u{2028}d\u{85}e\u{2029}f\u{0C}g"),
            "a\nb\nc\nd\ne\nf\ng"
        );
        assert_eq!(norm("a\r\n\r\nb"), "a\n\nb");
    }

    #[test]
    fn controls_and_invisible_characters_are_removed() {
        assert_eq!(
            norm("a\u{0}b\u{200B}c\u{AD}d\u{2060}e\u{FEFF}f\u{1B}g\u{8D}h"),
            "abcdefgh"
        );
        assert_eq!(norm("\u{FEFF}Title"), "Title");
        // Bidi controls mean nothing on a line without right-to-left text ...
        assert_eq!(norm("abc\u{202A}def\u{202C} \u{200E}x"), "abcdef x");
        // ... and are kept on one with it.
        let arabic = "\u{202B}مرحبا\u{202C} abc\u{200F}";
        assert_eq!(norm(arabic), arabic);
        assert_eq!(norm("abc\u{200F}\nمرحبا"), "abc\nمرحبا");
        let kept = normalizer(NormalizeConfig {
            remove_control: false,
            ..NormalizeConfig::default()
        });
        assert_eq!(kept.normalize("a\u{200B}b\u{0}c").text, "a\u{200B}b\u{0}c");
    }

    #[test]
    fn joiners_are_kept_where_scripts_need_them() {
        // Hindi: the half form of क before ष.
        let hindi = "क्\u{200D}ष और क्\u{200C}ष";
        assert_eq!(norm(hindi), hindi);
        // Persian: the ZWNJ of می‌خواهم.
        let persian = "می\u{200C}خواهم";
        assert_eq!(norm(persian), persian);
        // Emoji ZWJ sequences, with a variation selector and a skin tone.
        for emoji in [
            "👨\u{200D}👩\u{200D}👧",
            "🏳\u{FE0F}\u{200D}🌈",
            "👋🏽\u{200D}♂\u{FE0F}",
        ] {
            assert_eq!(norm(emoji), emoji);
        }
        // Elsewhere they go.
        assert_eq!(norm("a\u{200D}b c\u{200C}d"), "ab cd");
        assert_eq!(norm("क\u{200D} ष \u{200C}ष"), "क ष ष");
        assert_eq!(norm("👨\u{200D} x"), "👨 x");
        // A joiner looks past removed characters, not past another joiner.
        assert_eq!(norm("क\u{200D}\u{200B}ष"), "क\u{200D}ष");
        assert_eq!(norm("क\u{200C}\u{200D}ष"), "क\u{200D}ष");
    }

    #[test]
    fn unicode_forms() {
        assert_eq!(norm("Cafe\u{301}"), "Café");
        assert_eq!(norm("\u{1100}\u{1161}\u{11A8}"), "각");
        assert_eq!(norm("\u{2126}"), "\u{3A9}");
        // Marks out of canonical order are reordered.
        assert_eq!(norm("a\u{301}\u{323}"), "ạ\u{301}");
        // A mark separated from its base by a removed character still composes.
        assert_eq!(norm("e\u{200B}\u{301}"), "é");
        // NFC keeps compatibility characters.
        assert_eq!(norm("ﬁne Ａ²"), "ﬁne Ａ²");
        let nfkc = normalizer(NormalizeConfig {
            form: UnicodeForm::Nfkc,
            ..NormalizeConfig::default()
        });
        assert_eq!(nfkc.normalize("ﬁne Ａ² e\u{301}").text, "fine A2 é");
        assert_eq!(nfkc.normalize("a\u{A0}b\u{3000}c").text, "a b c");
        // NFKC turns the diaeresis into a space and a mark; the space then collapses.
        assert_eq!(nfkc.normalize("a \u{A8} b").text, "a \u{308} b");
        let none = normalizer(NormalizeConfig {
            form: UnicodeForm::None,
            ..NormalizeConfig::default()
        });
        assert_eq!(none.normalize("e\u{301}").text, "e\u{301}");
    }

    #[test]
    fn typography_folds_only_when_asked() {
        let text = "‘a’ “b” „c“ ‚d‘ x–y—z ‒ ―, −1 wait…";
        assert_eq!(norm(text), text);
        assert_eq!(
            folding().normalize(text).text,
            "'a' \"b\" \"c\" 'd' x-y-z - -, -1 wait..."
        );
        assert_eq!(
            folding().normalize("a\u{A0}b\u{2009}c\u{202F}d").text,
            "a b c d"
        );
        // «» are quotation marks in their own right, not typographic variants of ".
        assert_eq!(folding().normalize("«oui»").text, "«oui»");
    }

    #[test]
    fn whitespace_collapses_and_lines_are_trimmed() {
        assert_eq!(norm("  a \t b  \n\n\n\n  c  \n"), "a b\n\nc");
        assert_eq!(norm("a\tb"), "a b");
        assert_eq!(norm("a \u{A0} b"), "a b");
        assert_eq!(norm("a\u{A0}\u{A0}b"), "a b");
        // A lone no-break or thin space keeps its meaning without folding.
        assert_eq!(norm("10\u{A0}km, 1\u{2009}000"), "10\u{A0}km, 1\u{2009}000");
        assert_eq!(norm("a\n \t\nb"), "a\n\nb");
        assert_eq!(norm("a \n b"), "a\nb");
        assert_eq!(norm("\n\n\na\nb\n\n\n"), "a\nb");
        assert_eq!(norm(" \u{200B} \n\t"), "");
        assert_eq!(norm("a \u{200B} b"), "a b");
        assert_eq!(norm(""), "");
    }

    #[test]
    fn clean_text_is_borrowed() {
        for text in [
            "Plain ASCII text.\n\nA second paragraph, with \"quotes\" and it's fine.",
            "Київ — столиця України. Ελλάδα. हिन्दी. 中文. café «oui»",
            "a\u{A0}b",
        ] {
            let out = Normalizer::default().normalize(text);
            assert!(matches!(out.text, Cow::Borrowed(_)), "{text:?} was copied");
            assert!(!out.is_changed());
        }
    }

    #[test]
    fn every_output_character_maps_to_its_original_bytes() {
        let raw = " Itâ€™s  cafe\u{301}\u{200B}!\r\n\r\n\r\n\tnext…\u{A0} ";
        let out = folding().normalize(raw);
        assert_eq!(out.text, "It's café!\n\nnext...");
        let origins = char_origins(raw, &out);
        let expected: Vec<(char, &str)> = vec![
            ('I', "I"),
            ('t', "t"),
            ('\'', "â€™"),
            ('s', "s"),
            (' ', "  "),
            ('c', "c"),
            ('a', "a"),
            ('f', "f"),
            ('é', "e\u{301}"),
            ('!', "!"),
            ('\n', "\r\n\r\n\r\n\t"),
            ('\n', "\r\n\r\n\r\n\t"),
            ('n', "n"),
            ('e', "e"),
            ('x', "x"),
            ('t', "t"),
            ('.', "…"),
            ('.', "…"),
            ('.', "…"),
        ];
        assert_eq!(origins, expected);
    }

    #[test]
    fn stage_rewrites_the_document_and_keeps_the_way_back() {
        let raw = "Kirbyâ€™s  comments\r\n\r\n\r\nNorth Koreaâ€™s role";
        let mut doc = Document::new("seed", raw);
        let normalizer = Normalizer::default();
        assert_eq!(normalizer.name(), "normalize");
        normalizer
            .process(&mut doc)
            .expect("normalization never fails");
        assert_eq!(doc.text(), "Kirby’s comments\n\nNorth Korea’s role");
        let start = doc.text().find("North").expect("present");
        let span = doc.original_span(start, doc.text().len());
        assert_eq!(doc.original_slice(span), "North Koreaâ€™s role");
        // A second run changes nothing.
        let before = doc.clone();
        normalizer
            .process(&mut doc)
            .expect("normalization never fails");
        assert_eq!(doc, before);
    }

    #[test]
    fn config_reads_partial_files_and_rejects_unknown_fields() {
        let config: NormalizeConfig =
            serde_json::from_str(r#"{"form": "nfkc", "fold_typography": true}"#).expect("valid");
        assert_eq!(config.form, UnicodeForm::Nfkc);
        assert!(config.fold_typography && config.repair_mojibake && config.remove_control);
        assert_eq!(
            serde_json::to_string(&NormalizeConfig::default()).expect("serializes"),
            r#"{"form":"nfc","fold_typography":false,"repair_mojibake":true,"remove_control":true}"#
        );
        assert!(serde_json::from_str::<NormalizeConfig>(r#"{"fold": true}"#).is_err());
        let built = NormalizerBuilder::new()
            .with_form(UnicodeForm::None)
            .with_fold_typography(true)
            .with_repair_mojibake(false)
            .with_remove_control(false)
            .build()
            .expect("valid");
        assert_eq!(
            built.config(),
            &NormalizeConfig {
                form: UnicodeForm::None,
                fold_typography: true,
                repair_mojibake: false,
                remove_control: false,
            }
        );
    }

    /// Text made of the characters every step treats specially, mixed with plain letters.
    fn tricky_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a", "e", "Z", " ", "  ", "\t", "\n", "\r", "\r\n", "\u{A0}", "\u{2009}", "\u{3000}",
            "\u{2028}", "\u{85}", "\u{0B}", "Ã", "Â", "â", "ð", "Ð", "É", "é", "©", "€", "™", "’",
            "œ", "\u{81}", "\u{9D}", "Ÿ", "˜", "»", "…", "–", "“", "\u{301}", "\u{308}", "\u{323}",
            "\u{340}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{AD}", "\u{FEFF}", "\u{0}",
            "\u{202A}", "\u{200F}", "क", "्", "ष", "م", "ی", "👨", "\u{FE0F}", "Ω", "\u{2126}", "ﬁ",
            "Ａ", "¨", "\u{1100}", "\u{1161}", "\u{11A8}", "가", "Ñ", "ç",
        ]);
        prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
    }

    fn any_config() -> impl Strategy<Value = NormalizeConfig> {
        (
            prop::sample::select(vec![UnicodeForm::Nfc, UnicodeForm::Nfkc, UnicodeForm::None]),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(form, fold_typography, repair_mojibake, remove_control)| {
                NormalizeConfig {
                    form,
                    fold_typography,
                    repair_mojibake,
                    remove_control,
                }
            })
    }

    fn check(config: NormalizeConfig, text: &str) -> Result<(), TestCaseError> {
        let normalizer = normalizer(config.clone());
        let mut doc = Document::new("p", text);
        normalizer
            .process(&mut doc)
            .expect("normalization never fails");
        let once = doc.text().to_string();
        let twice = normalizer.normalize(&once);
        prop_assert_eq!(
            twice.text.as_ref(),
            once.as_str(),
            "not idempotent on {:?}",
            text
        );
        prop_assert!(!twice.is_changed());
        // What each step promises about its output.
        match config.form {
            UnicodeForm::Nfc => prop_assert!(unicode_normalization::is_nfc(&once)),
            UnicodeForm::Nfkc => prop_assert!(unicode_normalization::is_nfkc(&once)),
            UnicodeForm::None => {}
        }
        for c in once.chars() {
            prop_assert!(c == '\n' || !is_line_break(c), "{:?} in {:?}", c, once);
            prop_assert!(c != '\t');
            prop_assert!(
                !(config.remove_control && (is_removable(c) || is_bidi_control(c)))
                    || is_rtl_line_char(&once, c)
            );
            prop_assert!(
                !(config.fold_typography
                    && (fold_char(c).is_some() || (c != ' ' && is_horizontal_space(c))))
            );
        }
        for bad in ["  ", " \n", "\n ", "\n\n\n"] {
            prop_assert!(!once.contains(bad), "{:?} in {:?}", bad, once);
        }
        let is_space = |c: char| c == '\n' || is_horizontal_space(c);
        prop_assert!(
            !once.starts_with(is_space) && !once.ends_with(is_space),
            "{:?}",
            once
        );
        let bounds: Vec<usize> = once
            .char_indices()
            .map(|(i, _)| i)
            .chain([once.len()])
            .collect();
        for (k, &s) in bounds.iter().enumerate() {
            for &e in &bounds[k..] {
                let span = doc.original_span(s, e);
                prop_assert!(
                    span.slice(text).is_some(),
                    "{}..{} -> {:?} in {:?}",
                    s,
                    e,
                    span,
                    text
                );
            }
        }
        Ok(())
    }

    /// Bidi controls may stay only in a text with right-to-left characters.
    fn is_rtl_line_char(text: &str, c: char) -> bool {
        is_bidi_control(c) && text.chars().any(is_rtl)
    }

    proptest! {
        #[test]
        fn tricky_text_normalizes_idempotently_and_aligns(config in any_config(), text in tricky_text()) {
            check(config, &text)?;
        }

        #[test]
        fn any_text_normalizes_idempotently_and_aligns(config in any_config(), text in any::<String>()) {
            check(config, &text)?;
        }

        #[test]
        fn mojibake_of_any_text_normalizes_idempotently(text in "[ a-zA-Z0-9’“”–—…€éüñçàÃ©Ωक्षم\u{A0}\n]{0,30}") {
            check(NormalizeConfig::default(), &mojibake(&text))?;
        }
    }
}
