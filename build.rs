//! Bake torch's `lib/` directory into the binary's rpath so it runs without LD_LIBRARY_PATH.
//!
//! libtorch comes from the `torch` wheel in the project's `.venv/` (see STACK.md); torch-sys
//! links against it but does not tell the dynamic loader where it lives at run time.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=VIRTUAL_ENV");
    println!("cargo:rerun-if-changed=build.rs");
    let python = python_interpreter();
    let output = Command::new(&python)
        .args(["-c", "import os, torch; print(os.path.dirname(torch.__file__) + '/lib')"])
        .output();
    match output {
        Ok(out) if out.status.success() => {
            let lib = String::from_utf8_lossy(&out.stdout).trim().to_string();
            println!("cargo:rustc-link-arg=-Wl,-rpath,{lib}");
        }
        _ => println!(
            "cargo:warning=could not ask {} for torch's lib dir; run `make build` (it creates .venv with torch)",
            python.display()
        ),
    }
}

/// The venv's python if there is one (`make` creates `.venv/`), else python3 from PATH.
fn python_interpreter() -> PathBuf {
    if let Some(venv) = std::env::var_os("VIRTUAL_ENV") {
        return PathBuf::from(venv).join("bin/python");
    }
    let local = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default()).join(".venv/bin/python");
    if local.exists() { local } else { PathBuf::from("python3") }
}
