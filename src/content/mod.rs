//! Loading a site's `content/`: walking the folder, classifying files and
//! parsing regions, reports, classes, free pages, bulletin notes and
//! assessments into plain data.
//!
//! Loading never stops at the first problem: every file is read (in
//! parallel), every problem becomes a located [`Diagnostic`], and the caller
//! decides whether to go on. Nothing here resolves references between files;
//! that is [`crate::graph`]'s job.

mod assessment;
mod bulletin_fields;
mod doc;
mod honour;
mod note;
pub mod problem;
mod region;
/// Review before publishing.
pub mod review;
// What `new` left unfilled.
pub mod unfinished;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;

pub use doc::{Doc, DocKind, Material};
pub use honour::{HonourEntry, HonourFile, HonourKind, Placed};
pub use note::{BulletinNote, IssuedRecord, RecordItem, parse_supplement};
pub use region::{Brand, Region, Unit};
// The assessment: self-assessment and committee scores.
pub use assessment::{Assessment, Entry, RegionAssessment, Score};

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::files::is_hidden;
use crate::messages::{Hint, Message};
use crate::text::{MAX_SOURCE_BYTES, decode_text};

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
    /// Honours, one file per year.
    pub honours: Vec<HonourFile>,
    /// Problem and decision records (`content/problems/<id>.yaml`), by path.
    pub problems: Vec<problem::ProblemFile>,
    /// The copies an issued bulletin issue keeps of its items, by path:
    /// `bulletins/<series>/<period>.issued/<item's path>`. Each is parsed
    /// as the item it copies (its `source` is the item's path, so that its
    /// links and files resolve as the item's did); see [`IssuedCopy`].
    pub copies: Vec<IssuedCopy>,
    /// The copies issued issues keep of their notes
    /// (`bulletins/<series>/<period>.issued/note.md`), each read as the
    /// note it copies, with every bulletin field written out.
    pub note_copies: Vec<BulletinNote>,
    /// Every other file under `content/`: content-relative paths (`/` separated).
    pub assets: BTreeSet<String>,
    /// Without a cache (a build), every file this load read with the
    /// XXH3-128 hash of its bytes: the build's input fingerprint takes these
    /// instead of reading the files a second time. Empty with a cache.
    pub read: Vec<(PathBuf, u128)>,
}

/// The folder beside a bulletin note that holds the copies of its issued
/// items: `bulletins/<series>/<period>` + this.
pub const COPIES_SUFFIX: &str = ".issued";

/// An issued bulletin issue's copy of one of its items, as it was issued.
#[derive(Debug, Clone)]
pub struct IssuedCopy {
    /// Where the copy is, under `content/`.
    pub path: String,
    /// The copy, parsed as the item at its own path (`doc.source`).
    pub doc: std::sync::Arc<Doc>,
}

/// The file name of a note's copy in its issue's copies folder.
pub const NOTE_COPY: &str = "note.md";

/// The path under `content/` of the bulletin note of `series` and
/// `period` (a file stem: `2026-05`, `2026-s1`).
pub fn note_path(series: &str, period: &str) -> String {
    format!("bulletins/{series}/{period}.md")
}

/// The path under `content/` of the copies folder of the issue of
/// `series` and `period`, ending in `/`.
pub fn copies_folder(series: &str, period: &str) -> String {
    format!("bulletins/{series}/{period}{COPIES_SUFFIX}/")
}

/// The copy path under `content/` of the note of `series` and `period`.
pub fn note_copy_path(series: &str, period: &str) -> String {
    copies_folder(series, period) + NOTE_COPY
}

/// The copy path under `content/` of `item` (content-relative) for the
/// bulletin note of `series` and `period`.
pub fn copy_path(series: &str, period: &str, item: &str) -> String {
    copies_folder(series, period) + item
}

/// The series and period (file stem) whose copies folder holds the copy
/// at `path` (content-relative: `bulletins/<series>/<period>.issued/…`).
pub fn copies_folder_of(path: &str) -> Option<(&str, &str)> {
    let mut parts = path.splitn(4, '/');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("bulletins"), Some(series), Some(folder), Some(_)) => folder.strip_suffix(COPIES_SUFFIX).map(|period| (series, period)),
        _ => None,
    }
}

/// What a file under `content/` is, by where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Region,
    Doc(DocKind),
    /// A copy of an issued item (see [`IssuedCopy`]): its kind and the
    /// item's own path.
    Copy(DocKind, usize),
    /// The copy of an issued issue's note, with every bulletin field
    /// written out (`bulletins/<series>/<period>.issued/note.md`).
    NoteCopy,
    Note,
    Assessment,
    Honours,
    Problem,
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
        ("bulletins", 3) if rest[1].ends_with(COPIES_SUFFIX) && rest[2] == NOTE_COPY => FileKind::NoteCopy,
        ("bulletins", n) if n >= 4 && is_md && rest[1].ends_with(COPIES_SUFFIX) => {
            // `bulletins/<series>/<period>.issued/<item>`: the item's path starts after three segments.
            let item = rel.splitn(4, '/').nth(3).unwrap_or_default();
            match classify(item) {
                FileKind::Doc(k) if k != DocKind::Page => FileKind::Copy(k, rel.len() - item.len()),
                _ => FileKind::Ignored,
            }
        }
        ("assessments", 1) if is_yaml => FileKind::Assessment,
        ("honours", 1) if is_yaml => FileKind::Honours,
        ("problems", 1) if is_yaml => FileKind::Problem,
        (_, _) if is_md => FileKind::Ignored,
        (_, 0) => FileKind::Ignored,
        _ => FileKind::Asset,
    }
}

/// Reads a source file as UTF-8 text, without a BOM, with the XXH3-128
/// hash of its bytes. Problems become diagnostics.
fn read_source(abs: &Path, shown: &str) -> Result<(String, u128), Box<Diagnostic>> {
    use std::io::Read;
    let io_error = |e: std::io::Error| Box::new(Diagnostic::new(shown, 0, 0, Message::Io { path: shown.to_string(), detail: e.into() }));
    // One open, and the size from the open file: a second look-up of the
    // path would walk it again for every one of thousands of files.
    // Opened only when a regular file (a FIFO put there after the walk is
    // an error, not a hang).
    let file = crate::files::open_regular(abs).map_err(io_error)?;
    let len = file.metadata().map_err(io_error)?.len();
    if len > MAX_SOURCE_BYTES {
        let message = Message::FileTooLarge { mib: len.div_ceil(1 << 20), limit_mib: MAX_SOURCE_BYTES >> 20 };
        return Err(Box::new(Diagnostic::new(shown, 0, 0, message).with_hint(Hint::SplitLargeFile)));
    }
    // The size it had when opened is read, in one call: no second system
    // call per file to find the end (a site has thousands of files). A
    // file that grows meanwhile is read as it was; its hash then differs
    // from the next build's read, which renders it again.
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(len).read_to_end(&mut bytes).map_err(io_error)?;
    let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
    Ok((decode_text(bytes, shown)?, hash))
}

/// One parsed file.
#[derive(Debug, Clone)]
enum Loaded {
    Region(Region),
    Doc(std::sync::Arc<Doc>),
    Copy(IssuedCopy),
    NoteCopy(BulletinNote),
    Note(BulletinNote),
    Assessment(Assessment),
    Honours(HonourFile),
    Problem(problem::ProblemFile),
    Nothing,
}

/// A file's modification time and size: while both are as they were, the
/// file is not read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Stamp {
        Stamp { modified: meta.modified().ok(), len: meta.len() }
    }

    /// True when a file stamped `self` is surely the one stamped `earlier`
    /// (without a modification time nothing can be told).
    fn same_as(&self, earlier: &Stamp) -> bool {
        self.modified.is_some() && self == earlier
    }
}

/// A file of `content/` that is parsed (not an asset), as the walk found it.
#[derive(Debug, Clone)]
struct WalkedFile {
    /// The path under `content/`, `/` separated.
    rel: String,
    abs: PathBuf,
    kind: FileKind,
    /// As the walk (or a later reload) saw it; the default when the walk did
    /// not look (a load without a cache).
    stamp: Stamp,
}

impl WalkedFile {
    /// Reads and parses the file, and hashes its bytes (none when it could
    /// not be read). Problems become diagnostics; the file is then
    /// [`Loaded::Nothing`].
    fn parse(&self) -> (Loaded, Diagnostics, Option<u128>) {
        let (rel, shown) = (self.rel.as_str(), format!("content/{}", self.rel));
        let (text, hash) = match read_source(&self.abs, &shown) {
            Ok(t) => t,
            Err(d) => return (Loaded::Nothing, Diagnostics::from(vec![*d]), None),
        };
        let mut d = Diagnostics::default();
        let loaded = match self.kind {
            FileKind::Region => region::parse_region(rel, &shown, &text, &mut d).map(Loaded::Region),
            FileKind::Doc(k) => doc::parse_doc(k, rel, &shown, text.clone(), &mut d).map(|d| Loaded::Doc(std::sync::Arc::new(d))),
            FileKind::Copy(k, at) => {
                let item = &rel[at..];
                let doc = doc::parse_doc(k, item, &shown, text, &mut d);
                return (
                    doc.map_or(Loaded::Nothing, |doc| Loaded::Copy(IssuedCopy { path: rel.to_string(), doc: doc.into() })),
                    d,
                    Some(hash),
                );
            }
            FileKind::Note => note::parse_note(rel, &shown, text.clone(), &mut d).map(Loaded::Note),
            FileKind::NoteCopy => {
                // Read as the note it copies (its series, period and folder).
                let note_rel = copies_folder_of(rel).map(|(series, period)| note_path(series, period)).unwrap_or_default();
                let note = note::parse_note(&note_rel, &shown, text, &mut d);
                return (note.map_or(Loaded::Nothing, Loaded::NoteCopy), d, Some(hash));
            }
            FileKind::Assessment => assessment::parse_assessment(rel, &shown, &text, &mut d).map(Loaded::Assessment),
            FileKind::Honours => honour::parse_honours(rel, &shown, &text, &mut d).map(Loaded::Honours),
            FileKind::Problem => problem::parse_problem(rel, &shown, &text, &mut d).map(Loaded::Problem),
            FileKind::Asset | FileKind::Ignored => None,
        };
        // What the templates of `new` left unfilled (the text is
        // kept for it: parsing a document takes its copy).
        if let Some(l) = &loaded {
            unfinished::check(l, &shown, &text, &mut d);
        }
        (loaded.unwrap_or(Loaded::Nothing), d, Some(hash))
    }
}

/// A parsed file kept by a [`LoadCache`], with the stamp it was read at.
#[derive(Debug, Clone)]
struct Cached {
    stamp: Stamp,
    loaded: Loaded,
    diags: Diagnostics,
}

/// Parsed files of an earlier load, keyed by path, reused while a file's
/// modification time and size are unchanged (the dev server reloads a site
/// of thousands of files after each save).
#[derive(Debug, Default)]
pub struct LoadCache {
    walk: Option<Walk>,
    files: HashMap<String, Cached>,
}

impl LoadCache {
    /// True when a change at `path` cannot change the site: a hidden file or
    /// folder under `content/` (the walk skips them), or a path that is gone
    /// and that the last walk did not see (an editor's temporary file,
    /// written and removed during one save). A deleted file the walk saw,
    /// an asset included, always counts.
    pub fn ignores(&self, root: &Path, path: &Path) -> bool {
        let content_dir = root.join("content");
        let Ok(inside) = path.strip_prefix(&content_dir) else { return false };
        if inside.components().any(|c| is_hidden(&c.as_os_str().to_string_lossy())) {
            return true;
        }
        let Some(walk) = &self.walk else { return false };
        if std::fs::symlink_metadata(path).is_ok() {
            return false;
        }
        !walk.saw(&display_path(&content_dir, path))
    }

    /// Reads and parses again one report, class or free page that the last
    /// walk saw, and updates the cache (the dev server's path for a saved
    /// page). `None`, with the cache as it was, when `path` is anything else:
    /// the caller then loads the site with [`load_incremental`]. Otherwise the
    /// document, or `None` in its place when it cannot be used, with its
    /// diagnostics.
    pub fn reload_doc(&mut self, root: &Path, path: &Path) -> Option<(std::sync::Arc<Doc>, Diagnostics)> {
        let content_dir = root.join("content");
        if !path.starts_with(&content_dir) {
            return None;
        }
        let rel = display_path(&content_dir, path);
        if !matches!(classify(&rel), FileKind::Doc(_)) {
            return None;
        }
        // Metadata first: a save during the read leaves a newer time behind,
        // seen next time. Not through a symbolic link: a link (perhaps
        // pointed elsewhere) is checked again by a new walk.
        let meta = std::fs::symlink_metadata(path).ok().filter(|m| m.is_file())?;
        let file = self.walk.as_mut()?.touch(&rel, &meta)?;
        let (loaded, diags, _) = file.parse();
        let doc = match &loaded {
            Loaded::Doc(doc) => Some(doc.clone()),
            _ => None,
        };
        self.files.insert(rel, Cached { stamp: file.stamp, loaded, diags: diags.clone() });
        Some((doc?, diags))
    }
}

/// The files of `content/`, classified, in walk order.
#[derive(Debug, Clone, Default)]
struct Walk {
    files: Vec<WalkedFile>,
    assets: BTreeSet<String>,
    /// The walk's own problems (ignored Markdown files, links out of the site, ...).
    diags: Diagnostics,
}

impl Walk {
    /// True when the walk saw `rel` (a path under `content/`): a parsed
    /// file, an asset, a file it reported a problem with, or a folder
    /// holding any of them.
    fn saw(&self, rel: &str) -> bool {
        if rel.is_empty() {
            return true; // `content/` itself
        }
        let is_or_under = |p: &str, base: &str| p.strip_prefix(base).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
        let shown = format!("content/{rel}");
        // Assets are sorted: the ones starting with `rel` come together from `rel` on.
        let mut assets = self.assets.range::<str, _>((Bound::Included(rel), Bound::Unbounded)).take_while(|a| a.starts_with(rel));
        self.files.iter().any(|f| is_or_under(&f.rel, rel))
            || assets.any(|a| is_or_under(a, rel))
            || self.diags.iter().any(|d| is_or_under(&d.path, &shown))
    }

    /// The parsed file at `rel`, its stamp updated to `meta`; `None` when
    /// the walk did not see it (or saw an asset there).
    fn touch(&mut self, rel: &str, meta: &std::fs::Metadata) -> Option<&WalkedFile> {
        let file = self.files.iter_mut().find(|f| f.rel == rel)?;
        file.stamp = Stamp::of(meta);
        Some(file)
    }
}

fn walk(root: &Path, with_metadata: bool) -> Walk {
    let content_dir = root.join("content");
    let mut files: Vec<WalkedFile> = Vec::new();
    let mut assets = BTreeSet::new();
    let mut diags = Diagnostics::default();
    if !content_dir.is_dir() {
        diags.push(Diagnostic::new("content", 0, 0, Message::NoContent).with_hint(Hint::RunInSite));
        return Walk { files, assets, diags };
    }
    // Symbolic links are followed (writers use them to share a photo between
    // reports) but only while they stay inside `content/` and out of hidden
    // folders: a link to `/etc/passwd` or to `../../.git/config` would
    // otherwise be copied into the public output (see crate::files).
    // walkdir detects loops and reports them as errors.
    let canonical = std::fs::canonicalize(&content_dir).unwrap_or_else(|_| content_dir.clone());
    let shown_folder = "content/";
    let mut lowercase: BTreeMap<String, String> = BTreeMap::new();
    let mut walker = walkdir::WalkDir::new(&content_dir).follow_links(true).sort_by_file_name().into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                if let Some(d) = crate::files::walk_error(root, &e, shown_folder) {
                    diags.push(d);
                }
                continue;
            }
        };
        if entry.depth() > 0 && is_hidden(&entry.file_name().to_string_lossy()) {
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.path_is_symlink()
            && let Err(reason) = crate::files::link_target(entry.path(), &canonical, shown_folder)
        {
            diags.push(crate::files::dropped_link(display_path(root, entry.path()), reason, shown_folder));
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if let Some(kind) = crate::files::special_kind(&entry.file_type()) {
            diags.push(crate::files::not_a_file(display_path(root, entry.path()), kind));
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = display_path(&content_dir, entry.path());
        if let Some(other) = lowercase.get(&rel.to_lowercase()) {
            diags.push(
                Diagnostic::new(format!("content/{rel}"), 0, 0, Message::CaseCollision { other: format!("content/{other}") })
                    .with_hint(Hint::RenameOne),
            );
        } else {
            lowercase.insert(rel.to_lowercase(), rel.clone());
        }
        let kind = classify(&rel);
        match kind {
            FileKind::Asset => {
                assets.insert(rel);
            }
            FileKind::Ignored => {
                if rel.ends_with(".md") {
                    diags.push(Diagnostic::new(format!("content/{rel}"), 0, 0, Message::IgnoredFile).with_hint(Hint::MoveMarkdown));
                }
            }
            _ => {
                let stamp = match with_metadata {
                    true => entry.metadata().map(|m| Stamp::of(&m)).unwrap_or_default(),
                    false => Stamp::default(),
                };
                files.push(WalkedFile { rel, abs: entry.into_path(), kind, stamp })
            }
        }
    }

    Walk { files, assets, diags }
}

/// Walks `root/content` and parses every file (drafts included: links to
/// them must be recognized; the build leaves them out). With a `cache`,
/// only files whose modification time or size changed since it saw them
/// are read again, and when `changed` lists only files the last walk
/// already saw (edits, not additions or deletions), the folder is not
/// walked again.
pub fn load_incremental(root: &Path, diags: &mut Diagnostics, mut cache: Option<&mut LoadCache>, changed: Option<&[PathBuf]>) -> Content {
    let content_dir = root.join("content");
    // Edits of files the last walk saw need no new walk: update them in place.
    let reused = match (cache.as_deref_mut(), changed) {
        (Some(c), Some(paths)) => c.walk.take().and_then(|mut w| {
            for p in paths {
                if !p.starts_with(&content_dir) {
                    continue;
                }
                // A link, or anything but a regular file, takes a new walk,
                // which checks where it leads and what it is.
                let meta = std::fs::symlink_metadata(p).ok().filter(|m| m.is_file())?;
                let rel = display_path(&content_dir, p);
                if w.assets.contains(&rel) {
                    continue;
                }
                w.touch(&rel, &meta)?;
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
    // (parsed file, its diagnostics, whether it was read now, its hash if so)
    let results: Vec<(Loaded, Diagnostics, bool, Option<u128>)> = files
        .par_iter()
        .map(|file| {
            if let Some(cached) = previous.and_then(|c| c.files.get(&file.rel))
                && file.stamp.same_as(&cached.stamp)
            {
                return (cached.loaded.clone(), cached.diags.clone(), false, None);
            }
            let (loaded, d, hash) = file.parse();
            (loaded, d, true, hash)
        })
        .collect();
    // Only a build (no cache) fingerprints its inputs.
    if previous.is_none() {
        content.read = files.iter().zip(&results).filter_map(|(f, r)| r.3.map(|h| (f.abs.clone(), h))).collect();
    }
    if let Some(cache) = cache {
        if fresh_walk {
            let present: std::collections::HashSet<&str> = files.iter().map(|f| f.rel.as_str()).collect();
            cache.files.retain(|k, _| present.contains(k.as_str()));
        }
        for (file, (loaded, diags, fresh, _)) in files.iter().zip(&results) {
            if *fresh {
                cache.files.insert(file.rel.clone(), Cached { stamp: file.stamp, loaded: loaded.clone(), diags: diags.clone() });
            }
        }
        cache.walk = Some(Walk { files, assets, diags: walk_diags });
    }
    for (loaded, d, _, _) in results {
        diags.extend(d);
        match loaded {
            Loaded::Region(r) => content.regions.push(r),
            Loaded::Doc(doc) => content.docs.push(doc),
            Loaded::Copy(c) => content.copies.push(c),
            Loaded::NoteCopy(n) => content.note_copies.push(n),
            Loaded::Note(n) => content.notes.push(n),
            Loaded::Assessment(a) => content.assessments.push(a),
            Loaded::Honours(h) => content.honours.push(h),
            Loaded::Problem(p) => content.problems.push(p),
            Loaded::Nothing => {}
        }
    }
    content
}

/// Parses one report, class or free page from its bytes, exactly as [`load`]
/// does for a file at `content/<rel>` (the entry point of the fuzz target
/// `report`). Returns `None` with diagnostics when the file cannot be used.
pub fn load_doc_bytes(rel: &str, bytes: Vec<u8>) -> (Option<Doc>, Diagnostics) {
    let shown = format!("content/{rel}");
    let mut d = Diagnostics::default();
    let kind = match classify(rel) {
        FileKind::Doc(k) => k,
        _ => DocKind::Report,
    };
    let text = match decode_text(bytes, &shown) {
        Ok(t) => t,
        Err(e) => return (None, Diagnostics::from(vec![*e])),
    };
    let doc = doc::parse_doc(kind, rel, &shown, text, &mut d);
    (doc, d)
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
        assert_eq!(classify("honours/2025.yaml"), FileKind::Honours);
        assert_eq!(classify("notes.md"), FileKind::Ignored);
    }

    #[test]
    fn the_walk_saw_its_files_assets_folders_and_reported_files() {
        let file = WalkedFile {
            rel: "reports/2026/a.md".into(),
            abs: PathBuf::new(),
            kind: FileKind::Doc(DocKind::Report),
            stamp: Stamp::default(),
        };
        let walk = Walk {
            files: vec![file],
            assets: ["reports/2026/photo.jpg".to_string(), "reports/2026-b/x.pdf".to_string()].into(),
            diags: Diagnostics::from(vec![Diagnostic::new("content/notes.md", 0, 0, Message::IgnoredFile)]),
        };
        for seen in ["reports/2026/a.md", "reports/2026/photo.jpg", "reports/2026", "reports", "reports/2026-b", "notes.md", ""] {
            assert!(walk.saw(seen), "{seen}");
        }
        // An editor's probe and backup files, and mere prefixes of names.
        for unseen in ["reports/2026/4913", "reports/2026/a.md~", "reports/202", "reports/2026/photo", "notes"] {
            assert!(!walk.saw(unseen), "{unseen}");
        }
    }
}
