//! `regionpress bulletin issue`: records that an open bulletin issue was
//! issued (signed off and circulated) on a date, with its number, total
//! and exact items, in its note file's front matter (the `issued:` block).
//! From then on builds take the issue from the record.
//!
//! The site is loaded and checked first; an issue is refused when the site
//! has errors, when it is already issued, when the date is in the future or
//! before its period, and when an earlier issue of the series is still
//! open (its number or total would be skipped). Every byte of the note file other
//! than the inserted block is kept: the block goes at the end of the front
//! matter, or makes the front matter of a file that has none.
//!
//! Each item's file is copied, byte for byte, into
//! `content/bulletins/<series>/<period>.issued/<item's path>` before the
//! record is written: the issue prints these copies whenever an item
//! changes later ([`crate::graph::issued`]). A copy that exists already is
//! kept when it is the item's bytes and refuses the issue otherwise
//! (nothing is replaced).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::language::Language;
use crate::messages::{IssueRefusal, Message};
use crate::period::Period;
use crate::regional::{Bulletins, IssueId};
use crate::site::SiteGraph;

/// What to issue.
#[derive(Debug, Clone)]
pub struct IssueOptions {
    /// The site folder.
    pub root: PathBuf,
    /// A region id, or `all`.
    pub series: String,
    /// `2026-05`, `2026-q2` or a supplement `2026-s1`.
    pub period: String,
    /// The issue date (default `today`).
    pub date: Option<NaiveDate>,
    /// Who signed it off.
    pub signer: Option<String>,
    /// Today's date.
    pub today: NaiveDate,
    /// The language of messages (`--lang`; default: the site's).
    pub lang: Option<Language>,
}

/// What was recorded.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The note file written, relative to the site folder.
    pub file: String,
    /// Number within the year (a supplement's N).
    pub number: usize,
    /// Number overall (none for a supplement).
    pub total: Option<usize>,
    /// Whether the issue is a supplement.
    pub supplement: bool,
    /// The issue date.
    pub date: NaiveDate,
    /// Items carried, of which late.
    pub items: usize,
    /// See `items`.
    pub late: usize,
    /// The folder of the items' copies, relative to the site folder.
    pub copies: String,
    /// The site's language.
    pub language: Language,
}

/// Why nothing was recorded.
#[derive(Debug)]
pub enum IssueError {
    /// The issue cannot be issued: the site's errors, if any, and the
    /// refusal, in the site's language.
    Refused(Diagnostics, Language),
    /// Usage or I/O problem.
    Other(anyhow::Error),
}

/// Issues the open issue `opts` names (see the module doc).
pub fn issue(opts: &IssueOptions) -> Result<Recorded, IssueError> {
    let Opened { root, graph, language, id } = open(&opts.root, &opts.series, &opts.period, opts.lang)?;
    let refuse = |reason| refused(&opts.series, &opts.period, language, reason);
    let file = format!("content/{}", crate::content::note_path(&opts.series, &opts.period));
    let b = &graph.regional.bulletins;
    let issue = &b.issues[id];
    let date = opts.date.unwrap_or(opts.today);
    let refusal = if let Some(issued) = &issue.issued {
        Some(IssueRefusal::AlreadyIssued { date: issued.date.format("%Y-%m-%d").to_string() })
    } else if date > opts.today {
        Some(IssueRefusal::FutureDate { date: date.format("%Y-%m-%d").to_string() })
    } else if issue.supplement.is_none() && issue.period.first_day().is_some_and(|first| date < first) {
        Some(IssueRefusal::DateBeforePeriod { date: date.format("%Y-%m-%d").to_string() })
    } else {
        earlier_open(b, &graph, id).map(|earlier| IssueRefusal::Gap { earlier })
    };
    if let Some(reason) = refusal {
        return Err(refuse(reason));
    }
    let (block, items, late) = record_of(&graph, id, date, opts.signer.as_deref());
    let total = issue.supplement.is_none().then_some(issue.number_total);
    keep_copies(&root, &graph, id, &opts.series, &opts.period, language)?;
    write_record(&root.join(&file), &block, language).map_err(IssueError::Other)?;
    let copies = copies_folder(&opts.series, &opts.period);
    Ok(Recorded { file, number: issue.number_in_year, total, supplement: issue.supplement.is_some(), date, items, late, copies, language })
}

/// The copy of one item an issue keeps: where (under `content/`), the
/// item's bytes, and whether a file is there already (`differs`: with
/// other bytes).
struct ItemCopy {
    path: String,
    bytes: Vec<u8>,
    exists: bool,
    differs: bool,
}

/// The copies issue `id` keeps (of `series` and `period`): each published
/// item's file as it is now, and its note with every bulletin field
/// written out ([`note_copy`]). An item already printed from its copy,
/// and the note of an issued issue that has its copy, have nothing to copy.
fn issue_copies(root: &Path, graph: &SiteGraph, id: IssueId, series: &str, period: &str, lang: Language) -> anyhow::Result<Vec<ItemCopy>> {
    let content = root.join("content");
    let read_failed = |path: &Path, e: std::io::Error| {
        let message = Message::Io { path: path.display().to_string(), detail: crate::messages::IoCause::from(&e) };
        anyhow::anyhow!(message.text(lang))
    };
    let issue = &graph.regional.bulletins.issues[id];
    let mut wanted: Vec<(String, Vec<u8>)> = Vec::new();
    for p in issue.items.all() {
        let source = &graph.nodes[p].doc.source;
        if graph.kept.changed.contains_key(source) {
            continue;
        }
        let from = content.join(source);
        let bytes = crate::files::read_regular(&from).map_err(|e| read_failed(&from, e))?;
        wanted.push((crate::content::copy_path(series, period, source), bytes));
    }
    let note_file = content.join(crate::content::note_path(series, period));
    let note_text = match std::fs::read(&note_file) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(read_failed(&note_file, e)),
    };
    let note_path = crate::content::note_copy_path(series, period);
    // An issued issue's note copy is what it prints: it is kept as it is.
    let note_kept = issue.issued.is_some() && content.join(&note_path).exists();
    if !note_kept {
        wanted.push((note_path, note_copy(graph, id, &note_text).into_bytes()));
    }
    let mut copies = Vec::with_capacity(wanted.len());
    for (path, bytes) in wanted {
        let to = content.join(&path);
        let (exists, differs) = match crate::files::read_regular(&to) {
            Ok(there) => (true, there != bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (false, false),
            Err(e) => return Err(read_failed(&to, e)),
        };
        copies.push(ItemCopy { path, bytes, exists, differs });
    }
    Ok(copies)
}

/// The copy of issue `id`'s note (`note_text`, the note file as it is; empty
/// when there is none): its headline, then every bulletin field the issue
/// prints as resolved now (from the note, the region profile, `site.yaml`
/// and the defaults), then the note's body. Read back, these fields alone
/// give the issue its fields ([`crate::regional::kept_notes`]).
fn note_copy(graph: &SiteGraph, id: IssueId, note_text: &str) -> String {
    use serde_yaml::{Mapping, Value};
    let issue = &graph.regional.bulletins.issues[id];
    let f = &issue.fields;
    let text = note_text.strip_prefix('\u{feff}').unwrap_or(note_text);
    let body = crate::front_matter::split(text).map(|s| s.body).unwrap_or(text);
    let mut m = Mapping::new();
    let mut put = |key: &str, value: Value| {
        m.insert(Value::from(key), value);
    };
    let list = |items: &[String]| Value::Sequence(items.iter().map(|s| Value::from(s.as_str())).collect());
    if let Some(title) = issue.note.as_ref().and_then(|n| n.title.clone()) {
        put("title", title.into());
    }
    if let Some(name) = &f.name {
        put("name", name.as_str().into());
    }
    put("unit", f.unit.as_str().into());
    put("marking", f.marking.as_deref().unwrap_or_default().into());
    let columns: Vec<String> = f.columns.iter().map(|&c| graph.config.modes[c].name.clone()).collect();
    put("columns", list(&columns));
    put("full_text", f.full_text.into());
    put("report_to", list(&f.report_to));
    put("send_to", list(&f.send_to));
    put("issue_to", list(&f.issue_to));
    if let Some(copies) = f.copies {
        put("copies", copies.into());
    }
    for (key, value) in [("editor", &f.editor), ("reviewer", &f.reviewer), ("signer", &f.signer)] {
        if let Some(v) = value {
            put(key, v.as_str().into());
        }
    }
    let yaml = serde_yaml::to_string(&m).unwrap_or_default();
    let body = body.trim_start_matches(['\r', '\n']);
    let sep = if body.is_empty() { "" } else { "\n" };
    format!("---\n{yaml}---\n{sep}{body}")
}

/// Writes one item's copy (its folder made when missing). Failures are
/// worded in `lang`.
fn write_copy(path: &Path, bytes: &[u8], lang: Language) -> anyhow::Result<()> {
    let failed = |e: std::io::Error| {
        let message = Message::WriteFailed { path: path.display().to_string(), detail: crate::messages::IoCause::from(&e) };
        anyhow::anyhow!(message.text(lang))
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(failed)?;
    }
    crate::files::write_whole(path, bytes).map_err(failed)
}

/// What `bulletin keep` is asked to keep.
#[derive(Debug, Clone)]
pub struct KeepOptions {
    /// The site folder.
    pub root: PathBuf,
    /// A region id, or `all`.
    pub series: String,
    /// `2026-05`, `2026-q2` or a supplement `2026-s1`.
    pub period: String,
    /// The language of messages (`--lang`; default: the site's).
    pub lang: Option<Language>,
}

/// What `bulletin keep` wrote.
#[derive(Debug, Clone)]
pub struct KeptCopies {
    /// The issue's copies folder, relative to the site folder.
    pub copies: String,
    /// Copies written (those already there are kept).
    pub written: usize,
    /// The site's language.
    pub language: Language,
}

/// Writes the copies an issued issue lacks (one issued before
/// `bulletin issue` kept them): its published items and its note with
/// every field, as they are now. Refused when the site has errors, the
/// issue is not issued, or a copy in the way has other bytes; nothing is
/// replaced.
pub fn keep(opts: &KeepOptions) -> Result<KeptCopies, IssueError> {
    let Opened { root, graph, language, id } = open(&opts.root, &opts.series, &opts.period, opts.lang)?;
    if graph.regional.bulletins.issues[id].issued.is_none() {
        return Err(refused(&opts.series, &opts.period, language, IssueRefusal::NotIssued));
    }
    let written = keep_copies(&root, &graph, id, &opts.series, &opts.period, language)?;
    Ok(KeptCopies { copies: copies_folder(&opts.series, &opts.period), written, language })
}

/// A site loaded for `bulletin issue` or `bulletin keep`, and the issue of
/// `series` and `period` in it.
struct Opened {
    root: PathBuf,
    graph: SiteGraph,
    language: Language,
    id: IssueId,
}

/// Loads the site at `root` and finds the issue of `series` and `period`;
/// refused when the site has errors or there is no such issue. Messages
/// are in `lang`, else the site's language.
fn open(root: &Path, series: &str, period: &str, lang: Option<Language>) -> Result<Opened, IssueError> {
    let root = crate::output::absolute(root);
    if !root.is_dir() {
        return Err(IssueError::Other(anyhow::anyhow!("site folder `{}` does not exist", root.display())));
    }
    let (graph, diags) = crate::load_site(&root, None, false);
    let language = lang.unwrap_or(graph.config.language);
    // An issue interrupted between writing its copies and its record
    // leaves a copies folder without a record: issuing it again mends that.
    let own = crate::content::copies_folder(series, period);
    let errors: Vec<Diagnostic> = errors_of(&diags)
        .iter()
        .filter(|d| !matches!(&d.message, Message::IssuedRecordMissing { folder, .. } if *folder == own))
        .cloned()
        .collect();
    if !errors.is_empty() {
        return Err(refused_after(Diagnostics::from(errors), series, period, language, IssueRefusal::SiteHasErrors));
    }
    let id = find(&graph, series, period).map_err(|reason| refused(series, period, language, reason))?;
    Ok(Opened { root, graph, language, id })
}

/// The refusal of the issue of `series` and `period`, located at its note file.
fn refused(series: &str, period: &str, language: Language, reason: IssueRefusal) -> IssueError {
    refused_after(Diagnostics::default(), series, period, language, reason)
}

/// [`refused`], printed after the site's errors `diags`.
fn refused_after(mut diags: Diagnostics, series: &str, period: &str, language: Language, reason: IssueRefusal) -> IssueError {
    let (file, issue) = (format!("content/{}", crate::content::note_path(series, period)), format!("{series}/{period}"));
    diags.push(Diagnostic::new(file, 0, 0, Message::IssueRefused { issue, reason }));
    IssueError::Refused(diags, language)
}

/// The copies folder of the issue of `series` and `period`, as printed.
fn copies_folder(series: &str, period: &str) -> String {
    format!("content/{}", crate::content::copies_folder(series, period))
}

/// Writes the copies issue `id` lacks ([`issue_copies`]) and returns how
/// many; refused, with nothing written, when a copy in the way has other
/// bytes.
fn keep_copies(root: &Path, graph: &SiteGraph, id: IssueId, series: &str, period: &str, lang: Language) -> Result<usize, IssueError> {
    let copies = issue_copies(root, graph, id, series, period, lang).map_err(IssueError::Other)?;
    if let Some(path) = copies.iter().find_map(|c| c.differs.then(|| c.path.clone())) {
        return Err(refused(series, period, lang, IssueRefusal::CopyDiffers { path }));
    }
    let missing: Vec<&ItemCopy> = copies.iter().filter(|c| !c.exists).collect();
    for c in &missing {
        write_copy(&root.join("content").join(&c.path), &c.bytes, lang).map_err(IssueError::Other)?;
    }
    Ok(missing.len())
}

/// The errors among `diags`, without its warnings and notes.
fn errors_of(diags: &Diagnostics) -> Diagnostics {
    Diagnostics::from(diags.iter().filter(|d| d.severity == crate::diagnostics::Severity::Error).cloned().collect::<Vec<_>>())
}

/// The issue of `series` (a region id or `all`) and `period` (`2026-05`,
/// `2026-q2`, `2026-s1`), or why there is none.
fn find(graph: &SiteGraph, series: &str, period: &str) -> Result<IssueId, IssueRefusal> {
    let b = &graph.regional.bulletins;
    if b.series(&graph.regions, series).is_none() {
        return Err(IssueRefusal::UnknownSeries);
    }
    let supplement = crate::content::parse_supplement(period);
    let quarterly = graph.config.bulletin_period == crate::config::BulletinPeriod::Quarter;
    if supplement.is_none() && Period::parse(period).is_none_or(|p| p.quarter != quarterly) {
        return Err(IssueRefusal::BadPeriod);
    }
    let name = format!("/bulletins/{series}/{period}/");
    b.issues.iter().position(|i| i.url == name).map(IssueId).ok_or(IssueRefusal::NoIssue)
}

/// An open issue of the same series that comes before `id` (an earlier
/// period; for a supplement, a smaller N of the same year), as `series/period`.
fn earlier_open(b: &Bulletins, graph: &SiteGraph, id: IssueId) -> Option<String> {
    let issue = &b.issues[id];
    let series = crate::regional::bulletins::series_id(&graph.regions, issue.region);
    let list = match (issue.supplement.is_some(), issue.region) {
        (false, Some(r)) => &b.by_region[r.index()],
        (false, None) => &b.company,
        (true, Some(r)) => &b.supplements_by_region[r.index()],
        (true, None) => &b.company_supplements,
    };
    list.iter()
        .take_while(|&&i| i != id)
        .map(|&i| &b.issues[i])
        // Regular issues: any earlier open one (the total would skip it too);
        // supplements: one of the same year.
        .find(|i| i.issued.is_none() && (issue.supplement.is_none() || supplement_year(i) == supplement_year(issue)))
        .map(|i| format!("{series}/{}", i.url.trim_end_matches('/').rsplit('/').next().unwrap_or_default()))
}

/// The year a supplement's file names (its URL's last segment), or none.
fn supplement_year(issue: &crate::regional::Issue) -> Option<i32> {
    issue.supplement?;
    issue.url.trim_end_matches('/').rsplit('/').next().and_then(crate::content::parse_supplement).map(|s| s.0)
}

/// The `issued:` block that records issue `id` as issued on `date` by
/// `signer` (its number, total, exact items and the gallery photos it
/// printed beside them), and how many items and late items it names.
fn record_of(graph: &SiteGraph, id: IssueId, date: NaiveDate, signer: Option<&str>) -> (String, usize, usize) {
    let issue = &graph.regional.bulletins.issues[id];
    let source = |p: &crate::graph::PageId| graph.nodes[*p].doc.source.clone();
    let items: Vec<String> = issue.items.all().iter().map(source).collect();
    let late: Vec<String> = issue.late.iter().map(source).collect();
    let photos: Vec<String> = issue
        .items
        .all()
        .iter()
        .flat_map(|p| crate::regional::printed_photos::issue_photos(issue, &graph.nodes[*p]))
        .map(|g| g.source.clone())
        .collect();
    let total = issue.supplement.is_none().then_some(issue.number_total);
    let lists = [("items", &items[..]), ("late", &late[..]), ("photos", &photos[..])];
    (record_block(date, issue.number_in_year, total, signer, &lists), items.len(), late.len())
}

/// A YAML scalar for `s`, quoted when YAML would read it otherwise.
fn scalar(s: &str) -> String {
    serde_yaml::to_string(s).map(|y| y.trim_end().to_string()).unwrap_or_else(|_| format!("{s:?}"))
}

/// The `issued:` block, lines ending in `\n`.
fn record_block(date: NaiveDate, number: usize, total: Option<usize>, signer: Option<&str>, lists: &[(&str, &[String])]) -> String {
    let mut out = format!("issued:\n  date: {}\n  number: {number}\n", date.format("%Y-%m-%d"));
    if let Some(total) = total {
        out.push_str(&format!("  total: {total}\n"));
    }
    if let Some(signer) = signer {
        out.push_str(&format!("  signer: {}\n", scalar(signer)));
    }
    for &(key, list) in lists {
        if list.is_empty() {
            continue;
        }
        out.push_str(&format!("  {key}:\n"));
        for item in list {
            out.push_str(&format!("    - {}\n", scalar(item)));
        }
    }
    out
}

/// Writes `block` into the note file at `path`: a new file of front matter
/// alone, or the block inserted before the closing `---` of the file's
/// front matter (a front matter made for it when the file has none); the
/// file's line endings are followed and every other byte kept.
/// Failures are worded in `lang`.
fn write_record(path: &Path, block: &str, lang: Language) -> anyhow::Result<()> {
    use crate::messages::IoCause;
    let shown = path.display().to_string();
    let failed = |e: std::io::Error, write: bool| {
        let (path, detail) = (shown.clone(), IoCause::from(&e));
        let message = if write { Message::WriteFailed { path, detail } } else { Message::Io { path, detail } };
        anyhow::anyhow!(message.text(lang))
    };
    let old = match std::fs::read(path) {
        Ok(bytes) => Some(String::from_utf8(bytes).map_err(|_| failed(std::io::ErrorKind::InvalidData.into(), false))?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(failed(e, false)),
    };
    let new = match old {
        None => format!("---\n{block}---\n"),
        Some(text) => insert_record(&text, block),
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| failed(e, true))?;
    }
    crate::files::write_whole(path, new.as_bytes()).map_err(|e| failed(e, true))
}

/// `text` with `block` at the end of its front matter (see [`write_record`]).
pub fn insert_record(text: &str, block: &str) -> String {
    let (bom, rest) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let crlf = rest.split('\n').next().is_some_and(|l| l.ends_with('\r'));
    let block = if crlf { block.replace('\n', "\r\n") } else { block.to_string() };
    let nl = if crlf { "\r\n" } else { "\n" };
    match crate::front_matter::split(rest) {
        Ok(s) => {
            // The closing fence starts right after the YAML.
            let close = s.yaml.as_ptr() as usize - rest.as_ptr() as usize + s.yaml.len();
            let (head, tail) = rest.split_at(close);
            // A last YAML line without its line end (impossible before a fence, but cheap to keep right).
            let sep = if head.ends_with('\n') { "" } else { nl };
            format!("{bom}{head}{sep}{block}{tail}")
        }
        Err(_) => format!("{bom}---{nl}{block}---{nl}{rest}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLOCK: &str = "issued:\n  date: 2026-11-05\n  number: 1\n";

    #[test]
    fn the_record_goes_at_the_end_of_the_front_matter() {
        let text = "---\ntitle: 按\n---\n\n正文。\n";
        assert_eq!(insert_record(text, BLOCK), format!("---\ntitle: 按\n{BLOCK}---\n\n正文。\n"));
    }

    #[test]
    fn a_file_without_front_matter_gets_one() {
        assert_eq!(insert_record("正文。\n", BLOCK), format!("---\n{BLOCK}---\n正文。\n"));
        assert_eq!(insert_record("", BLOCK), format!("---\n{BLOCK}---\n"));
    }

    #[test]
    fn crlf_and_bom_are_kept() {
        let text = "\u{feff}---\r\ntitle: 按\r\n---\r\n正文\r\n";
        let out = insert_record(text, BLOCK);
        assert_eq!(out, format!("\u{feff}---\r\ntitle: 按\r\n{}---\r\n正文\r\n", BLOCK.replace('\n', "\r\n")));
    }

    #[test]
    fn values_are_quoted_when_yaml_needs_it() {
        let items = ["x.md".to_string()];
        let block =
            record_block(NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(), 3, Some(7), Some("a: b"), &[("items", &items[..]), ("late", &[])]);
        assert_eq!(block, "issued:\n  date: 2026-01-02\n  number: 3\n  total: 7\n  signer: 'a: b'\n  items:\n    - x.md\n");
    }
}

/// What `regionpress export` makes.
#[derive(Debug, Clone)]
pub enum ExportTarget {
    /// A bulletin issue: a region id or `all`, and a period or supplement.
    Bulletin {
        /// A region id, or `all`.
        series: String,
        /// `2026-05`, `2026-q2` or `2026-s1`.
        period: String,
    },
    /// A report or class by its slug (or its content path).
    Page {
        /// The slug, or `reports/2026/x.md`.
        slug: String,
    },
}

/// What to export, and where.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The issue or page.
    pub target: ExportTarget,
    /// The format.
    pub format: crate::config::ExportFormat,
    /// The file to write; by default the name the site gives the file
    /// (`chengdu-2026-q2.pdf`, `<slug>.pdf`) in the current folder.
    pub output: Option<PathBuf>,
    /// Replace an existing file.
    pub force: bool,
    /// The language of messages (`--lang`; default: the site's).
    pub lang: Option<Language>,
}

/// What was exported.
#[derive(Debug, Clone)]
pub struct Exported {
    /// The file written.
    pub file: PathBuf,
    /// The document's title.
    pub title: String,
    /// Whether it is a proof of an issue not yet issued (marked 待印发).
    pub open: bool,
    /// Its size in bytes.
    pub bytes: usize,
    /// The site's language.
    pub language: Language,
}

/// Writes one issue or page as a PDF or Word file: an issued issue as
/// the build makes it, an open one as a proof marked 待印发. Refused when
/// the site has errors, when the target does not exist, and when the file
/// exists (unless `force`); a document that cannot be typeset is an
/// `export-fonts` or `export-failed` error.
pub fn export(opts: &ExportOptions) -> Result<Exported, IssueError> {
    let root = crate::output::absolute(&opts.root);
    if !root.is_dir() {
        return Err(IssueError::Other(anyhow::anyhow!("site folder `{}` does not exist", root.display())));
    }
    let (graph, diags) = crate::load_site(&root, None, false);
    let language = opts.lang.unwrap_or(graph.config.language);
    let target = match &opts.target {
        ExportTarget::Bulletin { series, period } => format!("{series}/{period}"),
        ExportTarget::Page { slug } => slug.clone(),
    };
    let refuse = |mut diags: Diagnostics, reason: IssueRefusal, hint: Option<crate::messages::Hint>| {
        let mut d = Diagnostic::new(target.clone(), 0, 0, Message::ExportRefused { target: target.clone(), reason });
        if let Some(h) = hint {
            d = d.with_hint(h);
        }
        diags.push(d);
        IssueError::Refused(diags, language)
    };
    if diags.has_errors() {
        return Err(refuse(errors_of(&diags), IssueRefusal::SiteHasErrors, None));
    }
    let renderer = crate::render::Renderer::new(&graph, &root).map_err(IssueError::Other)?;
    let ext = opts.format.extension();
    let (result, default_name, title, open) = match &opts.target {
        ExportTarget::Bulletin { series, period } => {
            let id = find(&graph, series, period).map_err(|reason| refuse(Diagnostics::default(), reason, None))?;
            let open = graph.regional.bulletins.issues[id].issued.is_none();
            let (masthead, number) = renderer.issue_title_parts(id);
            (renderer.export_issue(id, opts.format), format!("{series}-{period}.{ext}"), format!("{masthead} {number}"), open)
        }
        ExportTarget::Page { slug } => {
            let id = find_page(&graph, slug).map_err(|near| {
                let hint = (!near.is_empty()).then_some(crate::messages::Hint::DidYouMean(near));
                refuse(Diagnostics::default(), IssueRefusal::UnknownPage, hint)
            })?;
            let doc = &graph.nodes[id].doc;
            (renderer.export_page(id, opts.format), format!("{}.{ext}", doc.slug), doc.title.clone(), false)
        }
    };
    let bytes =
        result.map_err(|f| IssueError::Refused(Diagnostics::from(crate::render_problems(vec![anyhow::Error::new(f)])), language))?;
    let file = opts.output.clone().unwrap_or_else(|| PathBuf::from(default_name));
    if file.exists() && !opts.force {
        let path = file.display().to_string();
        return Err(refuse(Diagnostics::default(), IssueRefusal::FileExists { path }, None));
    }
    // The failure in the site's words, the system's reason translated.
    crate::files::write_whole(&file, &bytes).map_err(|e| {
        let (path, detail) = (file.display().to_string(), crate::messages::IoCause::from(&e));
        IssueError::Other(anyhow::anyhow!(Message::WriteFailed { path, detail }.text(language)))
    })?;
    Ok(Exported { file, title, open, bytes: bytes.len(), language })
}

/// The report or class whose slug (or content path, or URL) is `slug`; or
/// the nearest slugs.
fn find_page(graph: &SiteGraph, slug: &str) -> Result<crate::graph::PageId, Vec<String>> {
    let wanted = slug.trim_matches('/');
    let pages = graph.reports.iter().chain(&graph.classes).copied();
    let found = pages.clone().find(|&p| {
        let n = &graph.nodes[p];
        n.doc.slug == wanted
            || n.doc.source == wanted
            || n.doc.source.trim_start_matches("content/") == wanted
            || n.url.trim_matches('/') == wanted
    });
    found.ok_or_else(|| {
        let slugs: Vec<&str> = pages.map(|p| graph.nodes[p].doc.slug.as_str()).collect();
        crate::diagnostics::nearest(wanted, slugs).into_iter().map(str::to_string).collect()
    })
}

/// Records the `count` oldest open regular issues as issued, oldest period
/// first (so that no series is left with a gap), each on the first day of
/// the period after its own and with no signer, each with the copies
/// `bulletin issue` keeps; returns how many were
/// recorded. For generated sites (`gen_corpus --issued N`) and for taking
/// over a site's past issues at once; `bulletin issue` issues one issue
/// with every check.
pub fn issue_oldest(root: &Path, count: usize) -> anyhow::Result<usize> {
    let (graph, diags) = crate::load_site(root, None, false);
    anyhow::ensure!(!diags.has_errors(), "the site at `{}` has errors", root.display());
    let b = &graph.regional.bulletins;
    let mut open: Vec<IssueId> =
        IssueId::all(b.issues.len()).filter(|&i| b.issues[i].issued.is_none() && b.issues[i].supplement.is_none()).collect();
    open.sort_by_key(|&i| (b.issues[i].period, b.issues[i].url.clone()));
    for &id in open.iter().take(count) {
        let issue = &b.issues[id];
        let date = issue.period.next().first_day().unwrap_or(issue.last_date);
        let (block, _, _) = record_of(&graph, id, date, None);
        let (series, period) = (crate::regional::bulletins::series_id(&graph.regions, issue.region), issue.period.slug());
        let file = format!("content/{}", crate::content::note_path(series, &period));
        // The copies `bulletin issue` keeps, as it keeps them.
        keep_copies(root, &graph, id, series, &period, graph.config.language).map_err(|e| match e {
            IssueError::Other(e) => e,
            IssueError::Refused(d, lang) => anyhow::anyhow!("{}", d.iter().map(|d| d.message.text(lang)).collect::<Vec<_>>().join("; ")),
        })?;
        write_record(&root.join(file), &block, graph.config.language)?;
    }
    Ok(open.len().min(count))
}
