//! A missing or corrupt model gives an error naming the path and the make target that fixes it.

use complaint_tagger::encode::{EncoderOptions, MiniLmEncoder};
use std::path::Path;

fn real_model_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("models/all-MiniLM-L6-v2")
}

fn load_error(dir: &Path) -> String {
    match MiniLmEncoder::load(&EncoderOptions { model_dir: dir.to_path_buf(), ..Default::default() }) {
        Ok(_) => panic!("loading {} should fail", dir.display()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn missing_model_names_path_and_make_target() {
    let dir = tempfile::tempdir().unwrap();
    let message = load_error(dir.path());
    assert!(message.contains(&dir.path().join("model.safetensors").display().to_string()), "{message}");
    assert!(message.contains("make model"), "{message}");
}

#[test]
fn corrupt_weights_name_path_and_make_target() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["config.json", "tokenizer.json"] {
        std::fs::copy(real_model_dir().join(name), dir.path().join(name)).expect("run `make model` first");
    }
    let weights = dir.path().join("model.safetensors");
    let real = std::fs::read(real_model_dir().join("model.safetensors")).unwrap();
    std::fs::write(&weights, &real[..real.len() / 3]).unwrap();
    let message = load_error(dir.path());
    assert!(message.contains(&weights.display().to_string()), "{message}");
    assert!(message.contains("corrupt") && message.contains("make model"), "{message}");
}

#[test]
fn corrupt_tokenizer_is_reported_as_such() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["config.json", "model.safetensors"] {
        std::fs::copy(real_model_dir().join(name), dir.path().join(name)).unwrap();
    }
    std::fs::write(dir.path().join("tokenizer.json"), "{ not json").unwrap();
    let message = load_error(dir.path());
    assert!(message.contains("tokenizer.json") && message.contains("make model"), "{message}");
}
