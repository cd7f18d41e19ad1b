//! Turn command-line paths into a sorted, de-duplicated list of inputs with unique ids.

use super::{Format, InputError, SUPPORTED_EXTENSIONS};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Where an input's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// A file on disk.
    File(PathBuf),
    /// Standard input (`-` on the command line).
    Stdin,
}

/// One input to read: its unique document id, where it lives, and the format its name implies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputSource {
    /// Unique document id (file stem, or relative path without extension under a directory).
    pub id: String,
    /// File or stdin.
    pub origin: Origin,
    /// Format from the extension; `None` means sniff the content.
    pub format_hint: Option<Format>,
}

impl InputSource {
    /// The path to show in messages and errors.jsonl (`-` for stdin).
    pub fn display_path(&self) -> PathBuf {
        match &self.origin {
            Origin::File(p) => p.clone(),
            Origin::Stdin => PathBuf::from("-"),
        }
    }
}

/// Expand files, directories (recursively, sorted) and `-` into inputs with unique ids.
///
/// - A file given by name is read whatever its extension (unknown ones are sniffed).
/// - In a directory only `.txt .md .html .htm .pdf` files are taken, hidden entries and
///   symlinked directories are skipped, and the id is the path relative to that directory
///   without extension, with `/` separators.
/// - The same file reached twice is read once.
/// - Ids that clash get their extension appended when that tells them apart
///   (`minutes.html`, `minutes.pdf`), else `-2`, `-3`, ... in input order, so the result
///   does not depend on the file system.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<InputSource>, Vec<InputError>) {
    let mut found: Vec<Candidate> = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            found.push(Candidate {
                id: "stdin".into(),
                ext: String::new(),
                origin: Origin::Stdin,
            });
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk_dir(path, path, &mut found, &mut errors),
            Ok(_) => found.push(Candidate::file(path, stem_id(path))),
            Err(e) => errors.push(InputError::new(path, format!("cannot open: {e}"))),
        }
    }
    (assign_ids(dedupe(found)), errors)
}

/// A source before its id is made unique.
struct Candidate {
    id: String,
    ext: String,
    origin: Origin,
}

impl Candidate {
    fn file(path: &Path, id: String) -> Candidate {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        Candidate {
            id,
            ext,
            origin: Origin::File(path.to_path_buf()),
        }
    }
}

/// File name without its extension.
fn stem_id(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Collect supported files under `dir` in sorted order; unreadable folders become errors.
fn walk_dir(root: &Path, dir: &Path, found: &mut Vec<Candidate>, errors: &mut Vec<InputError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => return errors.push(InputError::new(dir, format!("cannot list directory: {e}"))),
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => paths.push(e.path()),
            Err(e) => errors.push(InputError::new(dir, format!("cannot list directory: {e}"))),
        }
    }
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if hidden || (meta.is_symlink() && path.is_dir()) {
            continue;
        }
        if path.is_dir() {
            walk_dir(root, &path, found, errors);
        } else if is_supported(&path) {
            found.push(Candidate::file(&path, relative_id(root, &path)));
        }
    }
}

/// Whether a directory walk should take this file.
fn is_supported(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| SUPPORTED_EXTENSIONS.contains(&e.as_str()))
}

/// `root/a/b.html` -> `a/b`.
fn relative_id(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path).with_extension("");
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Drop the second and later mentions of the same file (by canonical path) or of stdin.
fn dedupe(found: Vec<Candidate>) -> Vec<Candidate> {
    let mut seen = BTreeSet::new();
    found
        .into_iter()
        .filter(|c| {
            let key = match &c.origin {
                Origin::File(p) => {
                    Origin::File(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
                }
                Origin::Stdin => Origin::Stdin,
            };
            seen.insert(key)
        })
        .collect()
}

/// Make ids unique: a clashing id gets its extension when that tells the files apart
/// (`minutes.html`, `minutes.pdf`), otherwise a counter (`minutes`, `minutes-2`), in input order.
fn assign_ids(found: Vec<Candidate>) -> Vec<InputSource> {
    let mut per_id: BTreeMap<&str, usize> = BTreeMap::new();
    let mut per_id_ext: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for c in &found {
        *per_id.entry(&c.id).or_default() += 1;
        *per_id_ext.entry((&c.id, &c.ext)).or_default() += 1;
    }
    let bases: Vec<String> = found
        .iter()
        .map(|c| {
            let ext_tells_apart =
                per_id_ext[&(c.id.as_str(), c.ext.as_str())] == 1 && !c.ext.is_empty();
            if per_id[c.id.as_str()] > 1 && ext_tells_apart {
                format!("{}.{}", c.id, c.ext)
            } else {
                c.id.clone()
            }
        })
        .collect();
    let mut taken = BTreeSet::new();
    found
        .into_iter()
        .zip(bases)
        .map(|(c, base)| {
            let mut id = base.clone();
            let mut n = 2;
            while !taken.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            let format_hint = Format::from_extension(&c.ext);
            InputSource {
                id,
                origin: c.origin,
                format_hint,
            }
        })
        .collect()
}
