//! Collecting inputs (ids, order, directories, stdin) and reading a batch where some fail.

use complaint_tagger::ingest::{collect_inputs, read_document, Format, InputSource, Origin};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest")
}

fn ids(sources: &[InputSource]) -> Vec<&str> {
    sources.iter().map(|s| s.id.as_str()).collect()
}

fn touch(path: &Path, body: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, body).unwrap();
}

#[test]
fn directory_walk_is_recursive_sorted_and_skips_other_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    touch(&root.join("b.txt"), "B.");
    touch(&root.join("a.md"), "A.");
    touch(&root.join("sub/deeper/c.htm"), "<p>C.</p>");
    touch(&root.join("sub/d.PDF"), "%PDF-1.4");
    touch(&root.join(".hidden.txt"), "hidden");
    touch(&root.join(".git/e.txt"), "in hidden dir");
    touch(&root.join("notes.docx"), "not taken from a directory");
    touch(&root.join("script.py"), "print()");
    let (sources, errors) = collect_inputs(&[root.to_path_buf()]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(ids(&sources), ["a", "b", "sub/d", "sub/deeper/c"]);
    let formats: Vec<Option<Format>> = sources.iter().map(|s| s.format_hint).collect();
    assert_eq!(
        formats,
        [
            Some(Format::Text),
            Some(Format::Text),
            Some(Format::Pdf),
            Some(Format::Html)
        ]
    );
    let again = collect_inputs(&[root.to_path_buf()]).0;
    assert_eq!(sources, again, "deterministic");
}

#[test]
fn clashing_ids_are_disambiguated_deterministically() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for p in [
        "x/minutes.txt",
        "x/minutes.html",
        "y/minutes.txt",
        "z/report.txt",
    ] {
        touch(&root.join(p), "Text.");
    }
    let args: Vec<PathBuf> = [
        "x/minutes.txt",
        "x/minutes.html",
        "y/minutes.txt",
        "z/report.txt",
    ]
    .iter()
    .map(|p| root.join(p))
    .collect();
    let (sources, errors) = collect_inputs(&args);
    assert!(errors.is_empty());
    assert_eq!(
        ids(&sources),
        ["minutes", "minutes.html", "minutes-2", "report"]
    );
    let unique: std::collections::HashSet<_> = ids(&sources).into_iter().collect();
    assert_eq!(unique.len(), sources.len());
}

#[test]
fn same_file_twice_is_read_once_and_missing_paths_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.txt");
    touch(&f, "A.");
    let missing = dir.path().join("nope.txt");
    let (sources, errors) =
        collect_inputs(&[f.clone(), missing.clone(), f.clone(), PathBuf::from("-")]);
    assert_eq!(ids(&sources), ["a", "stdin"]);
    assert_eq!(sources[1].origin, Origin::Stdin);
    assert_eq!(sources[1].format_hint, None);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].path, missing);
    assert!(
        errors[0].reason.starts_with("cannot open"),
        "{}",
        errors[0].reason
    );
}

#[test]
fn explicit_file_with_unknown_extension_is_sniffed() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("page.aspx");
    touch(
        &html,
        "<!DOCTYPE html><html><body><nav>menu</nav><p>Minutes text.</p></body></html>",
    );
    let docx = dir.path().join("report.docx");
    std::fs::write(&docx, b"PK\x03\x04rest of a zip").unwrap();
    let (sources, _) = collect_inputs(&[html, docx]);
    let page = read_document(&sources[0]).unwrap();
    assert_eq!(page.text, "Minutes text.\n");
    let err = read_document(&sources[1]).unwrap_err();
    assert!(err.reason.contains("ZIP archive"), "{}", err.reason);
}

#[test]
fn every_fixture_is_handled_or_refused_with_a_reason_naming_the_file() {
    let (sources, errors) = collect_inputs(&[fixture_dir()]);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(sources.len() >= 15, "{:?}", ids(&sources));
    let expect_error = ["encrypted", "png_renamed", "scanned", "truncated"];
    let results: Vec<_> = sources
        .par_iter()
        .map(|s| (s.id.clone(), read_document(s)))
        .collect();
    for (id, result) in results {
        match result {
            Ok(doc) => assert!(
                !expect_error.contains(&id.as_str()),
                "{id} should fail: {:?}",
                doc.text
            ),
            Err(e) => {
                assert!(expect_error.contains(&id.as_str()), "{id} should read: {e}");
                assert!(e.to_string().contains(&format!("{id}.")), "{e}");
            }
        }
    }
}

#[test]
fn files_that_vanish_or_turn_unreadable_after_collect_fail_alone() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for name in ["a.txt", "b.txt", "c.txt", "d.txt"] {
        touch(&root.join(name), &format!("File {name}."));
    }
    let (sources, errors) = collect_inputs(&[root.to_path_buf()]);
    assert!(errors.is_empty());
    std::fs::remove_file(root.join("b.txt")).unwrap();
    std::fs::remove_file(root.join("c.txt")).unwrap();
    std::fs::create_dir(root.join("c.txt")).unwrap();
    let locked = root.join("d.txt");
    set_mode(&locked, 0o000);
    let root_can_read_anyway = std::fs::read(&locked).is_ok();

    let results: Vec<_> = sources.par_iter().map(read_document).collect();
    set_mode(&locked, 0o644);
    let (ok, failed): (Vec<_>, Vec<_>) = results.into_iter().partition(|r| r.is_ok());
    let failed: Vec<_> = failed.into_iter().map(|r| r.unwrap_err()).collect();
    let ok_ids: Vec<String> = ok.into_iter().map(|r| r.unwrap().id).collect();
    assert!(ok_ids.contains(&"a".to_string()));
    let failed_paths: Vec<&Path> = failed.iter().map(|e| e.path.as_path()).collect();
    assert!(
        failed_paths.contains(&root.join("b.txt").as_path()),
        "{failed:?}"
    );
    assert!(
        failed_paths.contains(&root.join("c.txt").as_path()),
        "{failed:?}"
    );
    if root_can_read_anyway {
        eprintln!("running as root: permission 000 does not stop reads, d.txt read normally");
        assert!(ok_ids.contains(&"d".to_string()));
    } else {
        assert!(failed_paths.contains(&locked.as_path()), "{failed:?}");
    }
    for e in &failed {
        assert!(e.reason.starts_with("cannot read: "), "{e}");
        assert!(e.to_string().contains(&e.path.display().to_string()));
    }
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) {}
