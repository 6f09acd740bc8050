//! The documented errors for a missing or wrong ONNX Runtime library and a missing or
//! inconsistent model. One test, because ONNX Runtime can be loaded once per process and the
//! order matters: the failures must come before the first successful load.

use polyprep_ner::{default_model_dir, NerBuilder, NerError};
use std::path::Path;

fn expect_err(builder: NerBuilder) -> NerError {
    match builder.build() {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

#[test]
fn missing_or_wrong_library_and_model_give_clear_errors() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let model = default_model_dir();

    // No such library: names the path and the setup script.
    let missing = tmp.path().join("libonnxruntime.so");
    let err = expect_err(NerBuilder::new().with_ort_library(&missing));
    assert!(matches!(err, NerError::RuntimeNotFound { .. }), "{err:?}");
    assert!(err.is_setup_error());
    let msg = err.to_string();
    assert!(msg.contains("scripts/setup-onnxruntime.sh"), "{msg}");
    assert!(msg.contains(&missing.display().to_string()), "{msg}");

    // A file that is not ONNX Runtime.
    let bogus = tmp.path().join("bogus.so");
    std::fs::write(&bogus, b"not a shared library").expect("write");
    let err = expect_err(NerBuilder::new().with_ort_library(&bogus));
    assert!(matches!(err, NerError::RuntimeLoad { .. }), "{err:?}");
    assert!(err.to_string().contains("scripts/setup-onnxruntime.sh"));

    // Missing model files are reported before the library is even needed.
    let err = expect_err(NerBuilder::new().with_model_dir(tmp.path().join("nope")));
    assert!(matches!(err, NerError::ModelFileMissing { .. }), "{err:?}");
    let partial = tmp.path().join("partial");
    std::fs::create_dir(&partial).expect("mkdir");
    std::fs::copy(model.join("config.json"), partial.join("config.json")).expect("copy");
    let err = expect_err(NerBuilder::new().with_model_dir(&partial));
    match &err {
        NerError::ModelFileMissing { file, .. } => assert_eq!(file, "tokenizer.json"),
        other => panic!("{other:?}"),
    }
    std::fs::copy(model.join("tokenizer.json"), partial.join("tokenizer.json")).expect("copy");
    let err = expect_err(NerBuilder::new().with_model_dir(&partial));
    assert!(err.to_string().contains("model.onnx"), "{err}");

    // A config whose labels do not match the model's outputs.
    let mismatched = tmp.path().join("mismatched");
    std::fs::create_dir(&mismatched).expect("mkdir");
    std::fs::copy(
        model.join("tokenizer.json"),
        mismatched.join("tokenizer.json"),
    )
    .expect("copy");
    symlink_or_copy(&model.join("model.onnx"), &mismatched.join("model.onnx"));
    std::fs::write(
        mismatched.join("config.json"),
        r#"{"id2label": {"0": "O", "1": "B-PER", "2": "I-PER"}}"#,
    )
    .expect("write");
    let err = expect_err(NerBuilder::new().with_model_dir(&mismatched));
    assert!(matches!(err, NerError::InvalidModel { .. }), "{err:?}");
    assert!(err.to_string().contains("id2label"), "{err}");

    // Settings out of range.
    let err = expect_err(NerBuilder::new().with_max_length(64).with_stride(64));
    assert!(matches!(err, NerError::Config(_)), "{err:?}");
    let err = expect_err(NerBuilder::new().with_max_length(4096));
    assert!(matches!(err, NerError::Config(_)), "{err:?}");

    // And the real library (found through ORT_DYLIB_PATH from .cargo/config.toml, or next to
    // the source tree) works after all these failures.
    let ner = NerBuilder::new()
        .with_workers(1)
        .build()
        .expect("default model");
    assert!(ner.ort_library().is_file());
    assert_eq!(ner.entity_types(), ["PER", "ORG", "LOC"]);
}

fn symlink_or_copy(from: &Path, to: &Path) {
    #[cfg(unix)]
    if std::os::unix::fs::symlink(from, to).is_ok() {
        return;
    }
    std::fs::copy(from, to).expect("copy");
}
