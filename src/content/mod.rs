//! Loading a site's `content/`: walking the folder, classifying files and
//! parsing regions, reports, classes, free pages, bulletin notes and
//! assessments into plain data.
//!
//! Loading never stops at the first problem: every file is read (in
//! parallel), every problem becomes a located [`Diagnostic`], and the caller
//! decides whether to go on. Nothing here resolves references between files;
//! that is [`crate::graph`]'s job.

mod doc;
mod region;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use doc::{Doc, DocKind, Material};
pub use region::{Assessment, Brand, BulletinNote, Region, Unit};

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};

/// Everything loaded from `content/`, in a deterministic order (by path).
#[derive(Debug, Default)]
pub struct Content {
    /// Region profiles, by file path.
    pub regions: Vec<Region>,
    /// Reports, classes and free pages, by file path.
    pub docs: Vec<std::sync::Arc<Doc>>,
    /// Bulletin editor's notes.
    pub notes: Vec<BulletinNote>,
    /// Yearly assessments.
    pub assessments: Vec<Assessment>,
    /// Every other file under `content/`: content-relative paths (`/` separated).
    pub assets: BTreeSet<String>,
}

/// What a file under `content/` is, by where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Region,
    Doc(DocKind),
    Note,
    Assessment,
    Asset,
    Ignored,
}

fn classify(rel: &str) -> FileKind {
    let mut parts = rel.split('/');
    let top = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    let is_md = rel.ends_with(".md");
    let is_yaml = rel.ends_with(".yaml") || rel.ends_with(".yml");
    match (top, rest.len()) {
        ("regions", 1) if is_yaml => FileKind::Region,
        ("reports", n) if n >= 1 && is_md => FileKind::Doc(DocKind::Report),
        ("classes", n) if n >= 1 && is_md => FileKind::Doc(DocKind::Class),
        ("pages", n) if n >= 1 && is_md => FileKind::Doc(DocKind::Page),
        ("bulletins", 2) if is_md => FileKind::Note,
        ("assessments", 1) if is_yaml => FileKind::Assessment,
        (_, _) if is_md => FileKind::Ignored,
        (_, 0) => FileKind::Ignored,
        _ => FileKind::Asset,
    }
}

/// Reads a source file as UTF-8 text, without a BOM. Problems become diagnostics.
pub fn read_text(abs: &Path, shown: &str) -> Result<String, Box<Diagnostic>> {
    let bytes = std::fs::read(abs).map_err(|e| Box::new(Diagnostic::error(shown, 0, 0, "io", format!("cannot read `{shown}`: {e}"))))?;
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            let col = std::str::from_utf8(valid).map(|s| s.rsplit('\n').next().unwrap_or("").chars().count() + 1).unwrap_or(1);
            Err(Box::new(
                Diagnostic::error(shown, line, col, "not-utf8", "the file is not valid UTF-8 text")
                    .with_hint("save the file as UTF-8 (in Notepad: Save As, Encoding: UTF-8)"),
            ))
        }
    }
}

/// One parsed file.
#[derive(Debug, Clone)]
enum Loaded {
    Region(Region),
    Doc(std::sync::Arc<Doc>),
    Note(BulletinNote),
    Assessment(Assessment),
    Nothing,
}

/// Parsed files of an earlier load, keyed by path, reused while a file's
/// modification time and size are unchanged (the dev server reloads a site
/// of thousands of files after each save).
#[derive(Debug, Default)]
pub struct LoadCache {
    walk: Option<Walk>,
    files: std::collections::HashMap<String, (Option<std::time::SystemTime>, u64, Loaded, Diagnostics)>,
}

/// Walks `root/content` and parses every file (drafts included: links to
/// them must be recognized; the build leaves them out).
pub fn load(root: &Path, diags: &mut Diagnostics) -> Content {
    load_cached(root, diags, None)
}

/// The files of `content/`, classified, in walk order.
#[derive(Debug, Clone, Default)]
struct Walk {
    files: Vec<(String, PathBuf, FileKind, Option<std::time::SystemTime>, u64)>,
    assets: BTreeSet<String>,
    diags: Diagnostics,
}

fn walk(root: &Path, with_metadata: bool) -> Walk {
    let content_dir = root.join("content");
    let mut files: Vec<(String, PathBuf, FileKind, Option<std::time::SystemTime>, u64)> = Vec::new();
    let mut assets = BTreeSet::new();
    let mut diags = Diagnostics::default();
    if !content_dir.is_dir() {
        diags.push(
            Diagnostic::error("content", 0, 0, "no-content", "there is no `content/` folder here")
                .with_hint("run regionpress in a site folder, or pass `--root DIR`"),
        );
        return Walk { files, assets, diags };
    }
    let walker = walkdir::WalkDir::new(&content_dir).follow_links(false).sort_by_file_name();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let shown = e.path().map(|p| display_path(root, p)).unwrap_or_else(|| "content".into());
                diags.push(Diagnostic::error(shown, 0, 0, "io", format!("cannot read: {e}")));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') && entry.depth() > 0 {
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = display_path(&content_dir, entry.path());
        let kind = classify(&rel);
        match kind {
            FileKind::Asset => {
                assets.insert(rel);
            }
            FileKind::Ignored => {
                if rel.ends_with(".md") {
                    diags.push(
                        Diagnostic::warning(
                            format!("content/{rel}"),
                            0,
                            0,
                            "ignored-file",
                            "this Markdown file is not in a known folder and is not built",
                        )
                        .with_hint("reports go in content/reports/, classes in content/classes/, free pages in content/pages/"),
                    );
                }
            }
            _ => {
                let (modified, len) = match with_metadata {
                    true => entry.metadata().map(|m| (m.modified().ok(), m.len())).unwrap_or((None, 0)),
                    false => (None, 0),
                };
                files.push((rel, entry.into_path(), kind, modified, len))
            }
        }
    }

    Walk { files, assets, diags }
}

/// [`load`], re-reading only files whose modification time or size changed since `cache` saw them.
pub fn load_cached(root: &Path, diags: &mut Diagnostics, cache: Option<&mut LoadCache>) -> Content {
    load_incremental(root, diags, cache, None)
}

/// [`load_cached`]; when `changed` lists only files the last walk already
/// saw (edits, not additions or deletions), the folder is not walked again.
pub fn load_incremental(root: &Path, diags: &mut Diagnostics, mut cache: Option<&mut LoadCache>, changed: Option<&[PathBuf]>) -> Content {
    let content_dir = root.join("content");
    // Edits of files the last walk saw need no new walk: update them in place.
    let reused = match (cache.as_deref_mut(), changed) {
        (Some(c), Some(paths)) => c.walk.take().and_then(|mut w| {
            for p in paths {
                if !p.starts_with(&content_dir) {
                    continue;
                }
                let meta = std::fs::metadata(p).ok().filter(|m| m.is_file())?;
                let rel = display_path(&content_dir, p);
                if w.assets.contains(&rel) {
                    continue;
                }
                let entry = w.files.iter_mut().find(|f| f.0 == rel)?;
                entry.3 = meta.modified().ok();
                entry.4 = meta.len();
            }
            Some(w)
        }),
        _ => None,
    };
    let fresh_walk = reused.is_none();
    let Walk { files, assets, diags: walk_diags } = match reused {
        Some(w) => w,
        None => walk(root, cache.is_some()),
    };
    diags.extend(walk_diags.clone());
    let mut content = Content { assets: assets.clone(), ..Content::default() };
    let previous = cache.as_deref();
    let results: Vec<(Loaded, Diagnostics, bool)> = files
        .par_iter()
        .map(|(rel, abs, kind, modified, len)| {
            if let Some((m, l, loaded, d)) = previous.and_then(|c| c.files.get(rel)) {
                if modified.is_some() && m == modified && l == len {
                    return (loaded.clone(), d.clone(), false);
                }
            }
            let shown = format!("content/{rel}");
            let text = match read_text(abs, &shown) {
                Ok(t) => t,
                Err(d) => return (Loaded::Nothing, Diagnostics::from(vec![*d]), true),
            };
            let mut d = Diagnostics::default();
            let loaded = match kind {
                FileKind::Region => region::parse_region(rel, &shown, &text, &mut d).map(Loaded::Region),
                FileKind::Doc(k) => doc::parse_doc(*k, rel, &shown, text, &mut d).map(|d| Loaded::Doc(std::sync::Arc::new(d))),
                FileKind::Note => region::parse_note(rel, &shown, text, &mut d).map(Loaded::Note),
                FileKind::Assessment => region::parse_assessment(rel, &shown, &text, &mut d).map(Loaded::Assessment),
                _ => None,
            };
            (loaded.unwrap_or(Loaded::Nothing), d, true)
        })
        .collect();
    if let Some(cache) = cache {
        if fresh_walk {
            let present: std::collections::HashSet<&str> = files.iter().map(|f| f.0.as_str()).collect();
            cache.files.retain(|k, _| present.contains(k.as_str()));
        }
        for ((rel, _, _, m, l), (loaded, d, fresh)) in files.iter().zip(&results) {
            if *fresh {
                cache.files.insert(rel.clone(), (*m, *l, loaded.clone(), d.clone()));
            }
        }
        cache.walk = Some(Walk { files, assets, diags: walk_diags });
    }
    for (loaded, d, _) in results {
        diags.extend(d);
        match loaded {
            Loaded::Region(r) => content.regions.push(r),
            Loaded::Doc(doc) => content.docs.push(doc),
            Loaded::Note(n) => content.notes.push(n),
            Loaded::Assessment(a) => content.assessments.push(a),
            Loaded::Nothing => {}
        }
    }
    content
}

/// Resolves `reference` (relative to the folder of `from`, both content-relative)
/// to a content-relative path, or `None` if it climbs out of `content/`.
pub fn resolve_relative(from: &str, reference: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in reference.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_folder() {
        assert_eq!(classify("regions/chengdu.yaml"), FileKind::Region);
        assert_eq!(classify("regions/chengdu-logo.svg"), FileKind::Asset);
        assert_eq!(classify("reports/2020/a.md"), FileKind::Doc(DocKind::Report));
        assert_eq!(classify("reports/2020/a.jpg"), FileKind::Asset);
        assert_eq!(classify("pages/about.md"), FileKind::Doc(DocKind::Page));
        assert_eq!(classify("bulletins/chengdu/2020-05.md"), FileKind::Note);
        assert_eq!(classify("assessments/2020.yaml"), FileKind::Assessment);
        assert_eq!(classify("notes.md"), FileKind::Ignored);
    }

    #[test]
    fn relative_paths_stay_inside_content() {
        assert_eq!(resolve_relative("reports/2020/a.md", "b.md").as_deref(), Some("reports/2020/b.md"));
        assert_eq!(resolve_relative("reports/2020/a.md", "../2019/c.md").as_deref(), Some("reports/2019/c.md"));
        assert_eq!(resolve_relative("reports/a.md", "../../../etc/passwd"), None);
    }
}
