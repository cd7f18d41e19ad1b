//! `texts/<doc>.txt`: the exact text offsets refer to, for every document whose text is not
//! simply the bytes of a file on disk (HTML, PDF, decoded or normalised text, stdin).

use super::{write_file, ExportError};
use crate::ingest::Document;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Whether offsets into this document can only be checked against an exported copy:
/// ingest adds a note for every change it makes to the bytes on disk.
pub fn needs_copy(doc: &Document) -> bool {
    doc.path.is_none() || !doc.notes.is_empty()
}

/// Write `dir/<doc id>.txt` (sub-folders for ids with `/`) for each document that needs it.
pub fn write_texts(dir: &Path, docs: &[Document]) -> Result<Vec<PathBuf>, ExportError> {
    let mut written = Vec::new();
    for doc in docs.iter().filter(|d| needs_copy(d)) {
        let path = dir.join(relative_path(&doc.id));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| ExportError {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        write_file(&path, &|w: &mut dyn Write| w.write_all(doc.text.as_bytes()))?;
        written.push(path);
    }
    Ok(written)
}

/// `a/b` -> `a/b.txt`, never escaping the folder (empty, `.` and `..` parts become `_`).
pub fn relative_path(id: &str) -> PathBuf {
    let mut path: PathBuf = id
        .split(['/', '\\'])
        .map(|part| {
            if part.is_empty() || part == "." || part == ".." {
                "_"
            } else {
                part
            }
        })
        .collect();
    let name = format!(
        "{}.txt",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    path.set_file_name(name);
    path
}
