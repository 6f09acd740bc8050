//! Finding and loading the ONNX Runtime shared library.
//!
//! polyprep links ONNX Runtime dynamically (ort's `load-dynamic`): the library is a file on disk,
//! installed by `scripts/setup-onnxruntime.sh`. It is looked up in this order:
//!
//! 1. the path given explicitly ([`crate::NerConfig::ort_library`], the CLI's `--ort-lib`);
//! 2. the `ORT_DYLIB_PATH` environment variable (set for `cargo run`/`cargo test` by the
//!    workspace's `.cargo/config.toml`);
//! 3. `third_party/onnxruntime/libonnxruntime.so` next to the executable, one or two folders up
//!    (an installed `bin/../third_party/...`, or `target/<profile>/` inside the source tree),
//!    and finally in the source tree this crate was built from.
//!
//! ONNX Runtime can be loaded once per process; later calls reuse the first library.

use crate::error::{NerError, Result};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// The file name of the library on this platform, e.g. `libonnxruntime.so`.
fn library_file_name() -> String {
    format!(
        "{}onnxruntime{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    )
}

/// Where `scripts/setup-onnxruntime.sh` puts the library, relative to the source tree's root.
fn setup_relative_path() -> PathBuf {
    Path::new("third_party")
        .join("onnxruntime")
        .join(library_file_name())
}

/// The candidate library paths, in the order they are tried, for an optional explicit path.
///
/// An explicit path or `ORT_DYLIB_PATH` is the only candidate when given: a user who names a
/// library wants that one, not a silent fallback.
pub fn library_candidates(explicit: Option<&Path>) -> Vec<PathBuf> {
    if let Some(path) = explicit {
        return vec![absolute(path)];
    }
    if let Some(env) = std::env::var_os("ORT_DYLIB_PATH").filter(|v| !v.is_empty()) {
        return vec![absolute(Path::new(&env))];
    }
    let mut candidates = Vec::new();
    if let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
    {
        candidates.push(exe_dir.join(library_file_name()));
        let mut dir = Some(exe_dir.as_path());
        for _ in 0..3 {
            let Some(d) = dir.and_then(Path::parent) else {
                break;
            };
            candidates.push(d.join(setup_relative_path()));
            dir = Some(d);
        }
    }
    // The source tree this crate was compiled in: crates/ner/../../third_party/...
    let source_tree = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("..");
    candidates.push(source_tree.join(setup_relative_path()));
    candidates.dedup();
    candidates
}

fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    }
}

/// The loaded runtime: the library's path and ort's process-wide environment.
#[derive(Clone)]
pub(crate) struct Runtime {
    pub(crate) environment: ort::environment::Environment,
    pub(crate) library: PathBuf,
}

static RUNTIME: OnceLock<Runtime> = OnceLock::new();
/// Serialises first-time initialisation; a failed attempt leaves nothing behind, so a later call
/// with a corrected path can still succeed.
static INIT_LOCK: Mutex<()> = Mutex::new(());

/// Loads ONNX Runtime (once per process) and returns the path of the library in use.
///
/// `explicit` overrides the search described in the [module docs](self). When a library is
/// already loaded, that one is kept whatever `explicit` says, because ONNX Runtime cannot be
/// unloaded or loaded twice in one process.
///
/// # Errors
/// [`NerError::RuntimeNotFound`] when no candidate file exists, [`NerError::RuntimeLoad`] when
/// the file is not a usable ONNX Runtime (both name `scripts/setup-onnxruntime.sh`), and
/// [`NerError::RuntimeInit`] when ONNX Runtime fails to start.
pub fn init_runtime(explicit: Option<&Path>) -> Result<PathBuf> {
    runtime(explicit).map(|rt| rt.library.clone())
}

pub(crate) fn runtime(explicit: Option<&Path>) -> Result<&'static Runtime> {
    if let Some(rt) = RUNTIME.get() {
        return Ok(rt);
    }
    let _guard = INIT_LOCK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(rt) = RUNTIME.get() {
        return Ok(rt);
    }
    let candidates = library_candidates(explicit);
    let Some(library) = candidates.iter().find(|p| p.is_file()).cloned() else {
        return Err(NerError::RuntimeNotFound {
            searched: candidates,
        });
    };
    let builder = ort::init_from(&library).map_err(|source| NerError::RuntimeLoad {
        path: library.clone(),
        source,
    })?;
    let environment = builder
        .with_name("polyprep-ner")
        .build()
        .map_err(|source| NerError::RuntimeInit { source })?;
    Ok(RUNTIME.get_or_init(|| Runtime {
        environment,
        library,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_path_is_the_only_candidate() {
        let c = library_candidates(Some(Path::new("/opt/ort/libonnxruntime.so")));
        assert_eq!(c, vec![PathBuf::from("/opt/ort/libonnxruntime.so")]);
        let rel = library_candidates(Some(Path::new("lib/x.so")));
        assert!(rel[0].is_absolute() && rel[0].ends_with("lib/x.so"));
    }

    #[test]
    fn missing_explicit_library_is_a_clear_error() {
        // Only meaningful before a runtime is loaded in this test process; afterwards the loaded
        // library is reused by design, which the second assertion checks.
        let missing = Path::new("/nonexistent/polyprep/libonnxruntime.so");
        match runtime(Some(missing)) {
            Err(err @ NerError::RuntimeNotFound { .. }) => {
                let msg = err.to_string();
                assert!(msg.contains("scripts/setup-onnxruntime.sh"), "{msg}");
                assert!(
                    msg.contains("/nonexistent/polyprep/libonnxruntime.so"),
                    "{msg}"
                );
            }
            Err(other) => panic!("unexpected error {other}"),
            Ok(rt) => assert!(rt.library.is_file()),
        }
    }
}
