//! `regionpress import 稿件.docx`: a correspondent's Word manuscript made a
//! report (or a party class) of the site, with its photos.
//!
//! The document is read with the `zip` crate and `roxmltree`
//! ([`package`], [`docx`]), written as Markdown ([`markdown`]), and given
//! the front matter the text states ([`facts`]): title, date, region (from
//! `--region`), the member units it names, a class's lecturer. What the
//! text cannot tell (participants, mode, host units…) is left out, so that
//! `check` asks for it; the summary printed after the import lists it.
//!
//! The Markdown goes where `new report` / `new class` put it:
//! `content/reports/<year>/<date>-<slug>.md` (`classes/` for a class), its
//! photos beside it as `<date>-<slug>-<n>.<ext>`, referred to by relative
//! paths like any other image. Nothing is written when a file to write
//! exists (unless `--force`), when the document cannot be read, or when
//! the region is unknown; each file is written whole (a temporary file
//! renamed into place), photos before the Markdown that shows them.

pub mod docx;
pub mod facts;
pub mod markdown;
pub mod package;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::language::Language;
use crate::messages::import::{ImportHint, ImportMessage, ImportSummary, OldFormat, ToFill};
use crate::messages::{Hint, Message};

/// What the manuscript becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An activity report, `content/reports/`.
    Report,
    /// A party class, `content/classes/`.
    Class,
}

/// What to import, and where.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The Word file.
    pub file: PathBuf,
    /// The region id (`--region`).
    pub region: Option<String>,
    /// Report or class.
    pub kind: Kind,
    /// The activity's date, over what the text says (`--date`).
    pub date: Option<NaiveDate>,
    /// Replace files that exist.
    pub force: bool,
    /// Today (names the folder of a manuscript without a date).
    pub today: NaiveDate,
    /// The language of messages (default: the site's).
    pub lang: Option<Language>,
}

/// What an import wrote.
#[derive(Debug)]
pub struct Imported {
    /// The language of messages.
    pub language: Language,
    /// What was imported and found, and what is left to fill in.
    pub summary: ImportSummary,
    /// The parts of the document left out (`import-skipped`), located in the Markdown written.
    pub warnings: Diagnostics,
}

/// Why nothing was written.
#[derive(Debug)]
pub enum ImportError {
    /// The document cannot be imported (an old format, damaged), a file
    /// cannot be imported (an old format, damaged): exit status 1.
    Refused(Diagnostics, Language),
    /// A file could not be read or written, the site folder is missing,
    /// the region is unknown, a file to write exists: exit status 2 (as
    /// for `new`).
    Failed(Diagnostics, Language),
}

/// The largest Word file read, in bytes.
const FILE_LIMIT: u64 = 512 << 20;

/// Imports the manuscript `opts` names (see the module doc).
pub fn import(opts: &ImportOptions) -> Result<Imported, ImportError> {
    let root = crate::output::absolute(&opts.root);
    let (config, _) = crate::config::SiteConfig::load(&root, &mut Diagnostics::default());
    let lang = opts.lang.unwrap_or(config.language);
    let shown = opts.file.display().to_string();
    let one = |d: Diagnostic| Diagnostics::from(vec![d]);
    if !root.join("content").is_dir() {
        let detail = crate::messages::import::not_a_site(lang);
        let d = Diagnostic::new(
            root.display().to_string(),
            0,
            0,
            Message::Io { path: root.display().to_string(), detail: crate::messages::IoCause::worded(detail) },
        );
        return Err(ImportError::Failed(one(d.with_hint(Hint::RunInSite)), lang));
    }
    let regions = regions(&root);
    // An unknown region and a document that cannot be read are told at once.
    let mut refused: Vec<Diagnostic> = opts.region.iter().filter_map(|id| unknown_region(&regions, id)).collect();
    let bytes = read_input(&opts.file, &shown, lang).map_err(|d| ImportError::Failed(one(*d), lang))?;
    let doc = open(&opts.file, bytes, &shown).map_err(|d| refused.push(*d));
    let Ok(mut doc) = doc.and_then(|doc| if refused.is_empty() { Ok(doc) } else { Err(()) }) else {
        // An unknown `--region` is a usage error (exit 2), as for `new`.
        let usage = opts.region.iter().any(|id| unknown_region(&regions, id).is_some());
        let all = Diagnostics::from(refused);
        return Err(if usage { ImportError::Failed(all, lang) } else { ImportError::Refused(all, lang) });
    };
    let title = markdown::take_title(&mut doc);
    markdown::shift_headings(&mut doc);
    markdown::caption_pictures(&mut doc);
    let units: Vec<String> =
        regions.iter().filter(|(r, _)| opts.region.as_ref().is_none_or(|id| id == r)).flat_map(|(_, u)| u.clone()).collect();
    let plan = plan(opts, &doc, title, &units);
    // A file it would replace: exit 2, as for `new`.
    refuse_existing(&root, &plan, opts.force).map_err(|d| ImportError::Failed(d, lang))?;
    let body = markdown::write(&doc, &plan.photos);
    let text = format!("{}{}", front_matter(&plan, config.review.required, lang == Language::En), body.text);
    let warnings = skipped(&doc, &body, &plan, front_matter_lines(&text));
    write(&root, &plan, &doc, &text).map_err(|d| ImportError::Failed(one(*d), lang))?;
    let summary = summary(opts, &plan, &doc, &body, shown);
    Ok(Imported { language: lang, summary, warnings })
}

/// The `unknown-region` error of `--region id`, when the site has no such region.
fn unknown_region(regions: &[(String, Vec<String>)], id: &str) -> Option<Diagnostic> {
    if regions.iter().any(|(r, _)| r == id) {
        return None;
    }
    let ids: Vec<String> = regions.iter().map(|(r, _)| r.clone()).collect();
    let fallback = if ids.is_empty() { Hint::NoRegionYet } else { Hint::KnownRegions(ids.clone()) };
    let hint = Hint::nearest_or(nearest(id, ids.iter().map(String::as_str)), fallback);
    Some(Diagnostic::new("--region", 0, 0, Message::UnknownRegion { id: id.to_string() }).with_hint(hint))
}

/// The site's regions: (id, unit names), sorted by id. Files that do not
/// parse are left out: `check` reports them.
fn regions(root: &Path) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for id in crate::scaffold::region_ids(root) {
        let rel = format!("content/regions/{id}.yaml");
        let Ok(bytes) = crate::files::read_regular(&root.join(&rel)) else { continue };
        let Ok(text) = String::from_utf8(bytes) else { continue };
        // Only the units' names are needed; the profile's own problems are `check`'s.
        let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap_or_default();
        let units = yaml.get("units").and_then(|u| u.as_sequence()).map(Vec::as_slice).unwrap_or_default();
        let names = units.iter().filter_map(|u| u.get("name")?.as_str().map(str::to_string)).collect();
        out.push((id, names));
    }
    out
}

/// Reads the Word file (a regular file, at most [`FILE_LIMIT`]).
/// The system's reason in `lang`.
fn read_input(file: &Path, shown: &str, lang: Language) -> Result<Vec<u8>, Box<Diagnostic>> {
    use crate::messages::IoCause;
    let io = |detail: IoCause| Box::new(Diagnostic::new(shown, 0, 0, Message::Io { path: shown.to_string(), detail }));
    let reason = |e: std::io::Error| io(IoCause::from(&e));
    let meta = std::fs::metadata(file).map_err(reason)?;
    if meta.len() > FILE_LIMIT {
        let mib = FILE_LIMIT >> 20;
        return Err(io(IoCause::worded(match lang {
            Language::En => format!("larger than {mib} MiB"),
            Language::ZhCn => format!("文件超过 {mib} MiB"),
        })));
    }
    crate::files::read_regular(file).map_err(reason)
}

/// The document in `bytes`, or why it cannot be imported: an old binary
/// Word or WPS file (by its OLE2 signature), RTF, OpenDocument, not a
/// Word file at all, or a damaged one.
fn open(file: &Path, bytes: Vec<u8>, shown: &str) -> Result<docx::Document, Box<Diagnostic>> {
    let ext = file.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let refuse = |m: ImportMessage| Box::new(Diagnostic::new(shown, 0, 0, Message::Import(m)));
    let old = |format: OldFormat| refuse(ImportMessage::OldFormat { format }).with_hint(Hint::Import(ImportHint::SaveAsDocx));
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(Box::new(old(if ext == "wps" { OldFormat::Wps } else { OldFormat::Doc })));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(Box::new(old(OldFormat::Rtf)));
    }
    if !bytes.starts_with(b"PK") {
        let hint = Hint::Import(ImportHint::SaveAsDocx);
        return Err(Box::new(refuse(ImportMessage::NotDocx).with_hint(hint)));
    }
    docx::read(bytes).map_err(|e| match e {
        package::PackageError::OpenDocument => Box::new(old(OldFormat::Odt)),
        package::PackageError::NotWord => Box::new(refuse(ImportMessage::NotDocx).with_hint(Hint::Import(ImportHint::SaveAsDocx))),
        package::PackageError::NotZip(detail) => {
            Box::new(refuse(ImportMessage::Damaged { detail }).with_hint(Hint::Import(ImportHint::Resave)))
        }
        package::PackageError::BadPart { part, detail } => {
            let damaged = ImportMessage::Damaged { detail: format!("{part}: {detail}") };
            Box::new(refuse(damaged).with_hint(Hint::Import(ImportHint::Resave)))
        }
    })
}

/// What an import will write: the files, and the front matter's values.
struct Plan {
    /// The Markdown file, relative to the site (`/`-separated).
    markdown: String,
    /// The photo files, beside it (names only).
    photos: Vec<String>,
    title: Option<String>,
    date: Option<NaiveDate>,
    date_as_written: Option<String>,
    date_without_year: Option<String>,
    units: Vec<String>,
    lecturer: Option<(String, Option<String>)>,
    author: Option<String>,
    region: Option<String>,
    class: bool,
}

/// Where the files go and what the front matter says.
fn plan(opts: &ImportOptions, doc: &docx::Document, title: Option<String>, units: &[String]) -> Plan {
    let text = full_text(doc, title.as_deref());
    let (found, date_without_year) = facts::first_date(&text);
    let date = opts.date.or(found.as_ref().map(|f| f.date));
    let date_as_written = if opts.date.is_none() { found.map(|f| f.written) } else { None };
    let class = opts.kind == Kind::Class;
    let stem_title = title.clone().unwrap_or_else(|| opts.file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default());
    let slug = crate::scaffold::file_slug(&stem_title);
    let year = date.unwrap_or(opts.today).year();
    let stem = match date {
        Some(d) => format!("{}-{slug}", d.format("%Y-%m-%d")),
        None => slug,
    };
    let section = if class { "classes" } else { "reports" };
    let photos = doc.media.iter().enumerate().map(|(i, m)| format!("{stem}-{}.{}", i + 1, m.ext)).collect();
    Plan {
        markdown: format!("content/{section}/{year}/{stem}.md"),
        photos,
        title,
        date,
        date_as_written,
        date_without_year: if date.is_none() { date_without_year } else { None },
        units: facts::units_named(&text, units),
        lecturer: if class { facts::lecturer(&text) } else { None },
        author: facts::author(&text),
        region: opts.region.clone(),
        class,
    }
}

/// The text of the title, the body's paragraphs and cells, and the notes, a line each.
fn full_text(doc: &docx::Document, title: Option<&str>) -> String {
    let mut lines: Vec<String> = title.map(str::to_string).into_iter().collect();
    for b in &doc.blocks {
        match b {
            docx::Block::Para(p) => lines.push(markdown::plain(&p.inlines)),
            docx::Block::Table(rows) => {
                lines.extend(rows.iter().flatten().flat_map(|c| &c.paras).map(|p| markdown::plain(p)));
            }
        }
    }
    lines.extend(doc.notes.iter().flatten().map(|p| markdown::plain(p)));
    lines.join("\n")
}

/// Refuses, all at once, the files to write that exist (unless `force`).
fn refuse_existing(root: &Path, plan: &Plan, force: bool) -> Result<(), Diagnostics> {
    if force {
        return Ok(());
    }
    let folder = plan.markdown.rsplit_once('/').map(|(f, _)| f).unwrap_or_default();
    let files = std::iter::once(plan.markdown.clone()).chain(plan.photos.iter().map(|p| format!("{folder}/{p}")));
    let diags: Vec<Diagnostic> = files
        .filter(|f| root.join(f).symlink_metadata().is_ok())
        .map(|path| {
            Diagnostic::new(path.clone(), 0, 0, Message::Import(ImportMessage::Exists { path }))
                .with_hint(Hint::Import(ImportHint::ForceOrMove))
        })
        .collect();
    if diags.is_empty() { Ok(()) } else { Err(Diagnostics::from(diags)) }
}

/// A YAML scalar for `s`, quoted when YAML would read it otherwise.
fn scalar(s: &str) -> String {
    serde_yaml::to_string(s).map(|y| y.trim_end().to_string()).unwrap_or_else(|_| format!("{s:?}"))
}

/// The front matter: what the text states, nothing invented, and a
/// comment naming what is left to fill in.
/// In English when `english` (the site's language, or `--lang en`), like the messages.
fn front_matter(plan: &Plan, review_required: bool, english: bool) -> String {
    let mut out = String::from("---\n");
    if let Some(t) = &plan.title {
        out.push_str(&format!("title: {}\n", scalar(t)));
    }
    if let Some(d) = plan.date {
        out.push_str(&format!("date: {}\n", d.format("%Y-%m-%d")));
    }
    if let Some(r) = &plan.region {
        out.push_str(&format!("region: {r}\n"));
    }
    if let Some((name, position)) = &plan.lecturer {
        out.push_str(&format!("lecturer: {}\n", scalar(name)));
        if let Some(p) = position {
            out.push_str(&format!("lecturer_title: {}\n", scalar(p)));
        }
    }
    if !plan.units.is_empty() {
        out.push_str("units:\n");
        for u in &plan.units {
            out.push_str(&format!("  - {}\n", scalar(u)));
        }
    }
    if plan.class {
        out.push_str("tags: [党课]\n");
    }
    if let Some(a) = &plan.author {
        out.push_str(&format!("author: {}\n", scalar(a)));
    }
    if review_required {
        out.push_str(match english {
            true => "review: 初稿            # 初稿 → 待审 → 已审; published once 已审\n",
            false => "review: 初稿            # 初稿 → 待审 → 已审；已审后发布\n",
        });
    }
    let missing: Vec<&str> = to_fill(plan).iter().filter_map(|f| if let ToFill::Field(k) = f { Some(*k) } else { None }).collect();
    if !missing.is_empty() {
        out.push_str(&format!("{}\n", crate::content::unfinished::import_to_fill(&missing, english)));
    }
    out.push_str("---\n\n");
    out
}

/// The front matter fields the writer still has to fill in.
fn to_fill(plan: &Plan) -> Vec<ToFill> {
    let mut out = Vec::new();
    let mut need = |missing: bool, key: &'static str| {
        if missing {
            out.push(ToFill::Field(key));
        }
    };
    need(plan.title.is_none(), "title");
    need(plan.date.is_none(), "date");
    need(plan.region.is_none(), "region");
    if plan.class {
        need(plan.lecturer.is_none(), "lecturer");
        need(true, "audience");
        need(true, "duration");
    } else {
        need(true, "mode");
        need(true, "hosts");
        need(plan.units.is_empty(), "units");
        need(true, "participants");
    }
    out
}

/// The number of lines of the front matter (and the blank line after it).
fn front_matter_lines(text: &str) -> usize {
    text.lines().skip(1).position(|l| l == "---").map_or(0, |i| i + 3)
}

/// The parts left out, each a warning at the line of the Markdown where
/// it was.
fn skipped(doc: &docx::Document, body: &markdown::Body, plan: &Plan, offset: usize) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for (block, part) in &doc.skipped {
        let line = body.block_lines.get(*block).copied().unwrap_or_else(|| body.text.lines().count() + 1) + offset;
        let hint = Hint::Import(ImportHint::Skipped(part.clone()));
        diags.push(Diagnostic::new(plan.markdown.clone(), line, 1, Message::Import(ImportMessage::Skipped(part.clone()))).with_hint(hint));
    }
    diags
}

/// Writes the photos, then the Markdown, each whole.
fn write(root: &Path, plan: &Plan, doc: &docx::Document, text: &str) -> Result<(), Box<Diagnostic>> {
    let md = root.join(&plan.markdown);
    let folder = md.parent().unwrap_or(root).to_path_buf();
    let failed = |path: &Path, e: std::io::Error| {
        let shown = crate::diagnostics::display_path(root, path);
        Box::new(Diagnostic::new(shown.clone(), 0, 0, Message::WriteFailed { path: shown, detail: crate::messages::IoCause::from(&e) }))
    };
    std::fs::create_dir_all(&folder).map_err(|e| failed(&folder, e))?;
    for (media, name) in doc.media.iter().zip(&plan.photos) {
        let path = folder.join(name);
        crate::files::write_whole(&path, &media.bytes).map_err(|e| failed(&path, e))?;
    }
    crate::files::write_whole(&md, text.as_bytes()).map_err(|e| failed(&md, e))
}

/// The summary printed after the import.
fn summary(opts: &ImportOptions, plan: &Plan, doc: &docx::Document, body: &markdown::Body, source: String) -> ImportSummary {
    let mut to_fill = to_fill(plan);
    let described: Vec<bool> = (0..doc.media.len()).map(|m| has_description(doc, m)).collect();
    to_fill.extend(plan.photos.iter().zip(described).filter(|(_, d)| !d).map(|(p, _)| ToFill::PhotoDescription(p.clone())));
    ImportSummary {
        source,
        written: plan.markdown.clone(),
        class: opts.kind == Kind::Class,
        title: plan.title.clone(),
        date: plan.date.map(|d| d.format("%Y-%m-%d").to_string()),
        date_as_written: plan.date_as_written.clone(),
        region: plan.region.clone(),
        units: plan.units.clone(),
        lecturer: plan.lecturer.as_ref().map(|l| l.0.clone()),
        author: plan.author.clone(),
        date_without_year: plan.date_without_year.clone(),
        headings: body.headings,
        paragraphs: body.paragraphs,
        list_items: body.list_items,
        tables: body.tables,
        notes: doc.notes.len(),
        links: body.links,
        photos: plan.photos.clone(),
        to_fill,
    }
}

/// True when every use of picture `media` has a description.
fn has_description(doc: &docx::Document, media: usize) -> bool {
    fn check(inlines: &[docx::Inline], media: usize) -> bool {
        inlines.iter().all(|i| match i {
            docx::Inline::Image { media: m, alt } => *m != media || !alt.is_empty(),
            docx::Inline::Link { content, .. } => check(content, media),
            _ => true,
        })
    }
    doc.blocks.iter().all(|b| match b {
        docx::Block::Para(p) => check(&p.inlines, media),
        docx::Block::Table(rows) => rows.iter().flatten().flat_map(|c| &c.paras).all(|p| check(p, media)),
    })
}
