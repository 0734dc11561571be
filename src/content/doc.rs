//! Reports, party classes and free pages: front matter and body of one file.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};

use serde_yaml::Value;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::front_matter::{Fields, map_str, show_value, split};
use crate::markdown::Packed;
use crate::messages::{Expected, FileRef, Hint, Message};
use crate::slug::slugify;

/// Which kind of Markdown document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocKind {
    /// An activity report (活动报道), `content/reports/`.
    Report,
    /// A party class (党课), `content/classes/`.
    Class,
    /// A free page, `content/pages/`.
    Page,
}

impl DocKind {
    /// The name templates see.
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Report => "report",
            DocKind::Class => "class",
            DocKind::Page => "page",
        }
    }
}

/// One class material: a file next to the Markdown, or a URL.
#[derive(Debug, Clone)]
pub struct Material {
    /// Label, e.g. `课件`.
    pub title: String,
    /// Content-relative path of the file, when it is a file.
    pub file: Option<String>,
    /// The reference as written (relative to the Markdown file).
    pub file_ref: Option<String>,
    /// External URL, when it is a link.
    pub url: Option<String>,
    /// File line of the entry, for diagnostics.
    pub line: usize,
}

/// A report, class or free page as written.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Which kind.
    pub kind: DocKind,
    /// Path under `content/`, `/` separated: `reports/2020/a.md`.
    pub source: String,
    /// Path shown in messages: `content/reports/2020/a.md`.
    pub shown: String,
    /// The whole file text (BOM removed), compressed in memory (every
    /// document is held until the site is built): [`Packed::unpack`] gives it.
    pub text: Packed,
    /// Byte offset of the body in `text`.
    pub body_start: usize,
    /// 1-based file line where the body starts.
    pub body_line: usize,
    /// Title.
    pub title: String,
    /// Date (reports and classes always have one).
    pub date: Option<NaiveDate>,
    /// Full date-time when the front matter gave one.
    pub datetime: Option<DateTime<FixedOffset>>,
    /// Region ids as written.
    pub regions: Vec<String>,
    /// Modes as written (names or ids).
    pub modes: Vec<String>,
    /// Member units named.
    pub units: Vec<String>,
    /// Number of participants.
    pub participants: Option<u64>,
    /// Tags.
    pub tags: Vec<String>,
    /// Shown on the region's showcase.
    pub featured: bool,
    /// Built only with `--drafts`.
    pub draft: bool,
    /// Summary from the front matter (Markdown).
    pub summary: Option<String>,
    /// URL slug (already normalized).
    pub slug: String,
    /// Cover image reference, relative to the file.
    pub cover: Option<String>,
    /// Author or issuing department.
    pub author: Option<String>,
    /// Lecturer (classes).
    pub lecturer: Option<String>,
    /// Lecturer's position (classes).
    pub lecturer_title: Option<String>,
    /// Audience size (classes).
    pub audience: Option<u64>,
    /// Duration in minutes (classes).
    pub duration: Option<u64>,
    /// Materials (classes).
    pub materials: Vec<Material>,
    /// File (line, column) of front-matter keys, for later diagnostics.
    pub positions: BTreeMap<&'static str, (usize, usize)>,
    /// Hash of `text`, computed once when the file is read (change detection).
    pub text_hash: u64,
    /// Hash of the text before the body (the front matter and its fences):
    /// everything of the document that lists, counts and links show, except
    /// what is rendered from the body (summary excerpt, word count).
    pub front_hash: u64,
}

impl Doc {
    /// File position of a front-matter key (line 1 when absent).
    pub fn pos(&self, key: &str) -> (usize, usize) {
        self.positions.get(key).copied().unwrap_or((1, 0))
    }

    /// A located diagnostic from the catalogue in this file, with its source line.
    pub fn diag(&self, pos: (usize, usize), message: Message) -> Diagnostic {
        Diagnostic::new(&*self.shown, pos.0, pos.1, message).with_source(&self.text.unpack())
    }
}

const REPORT_KEYS: &[&str] =
    &["title", "date", "region", "mode", "units", "participants", "tags", "featured", "draft", "summary", "slug", "cover", "author"];
const CLASS_KEYS: &[&str] = &[
    "title",
    "date",
    "region",
    "lecturer",
    "lecturer_title",
    "audience",
    "duration",
    "tags",
    "materials",
    "draft",
    "slug",
    "summary",
    "cover",
    "author",
];
const PAGE_KEYS: &[&str] = &["title", "date", "draft", "summary", "author", "cover"];

/// Parses one Markdown document. Returns `None` when it cannot be used at all.
pub fn parse_doc(kind: DocKind, rel: &str, shown: &str, text: String, diags: &mut Diagnostics) -> Option<Doc> {
    let parts = match split(&text) {
        Ok(s) => s,
        Err(e) => {
            diags.push(e.into_diagnostic(shown, &text));
            return None;
        }
    };
    let body_start = text.len() - parts.body.len();
    let body_line = parts.body_line;
    let mut f = match Fields::parse(shown, &text, parts.yaml, 1) {
        Ok(f) => f,
        Err(d) => {
            diags.push(*d);
            return None;
        }
    };
    let keys = match kind {
        DocKind::Report => REPORT_KEYS,
        DocKind::Class => CLASS_KEYS,
        DocKind::Page => PAGE_KEYS,
    };
    f.warn_unknown_keys(keys);
    let mut positions = BTreeMap::new();
    for key in keys {
        if f.get(key).is_some() {
            positions.insert(*key, f.pos(key));
        }
    }
    let title = f.string("title", true).unwrap_or_default();
    let dated = kind != DocKind::Page;
    let date = f.date("date", dated);
    let regions = if dated { region_ids(&mut f) } else { Vec::new() };
    if dated && f.get("region").is_none() {
        f.report_at(1, 1, Message::MissingField { key: "region".into() }, Some(Hint::AddRegion));
    }
    let lecturer = if kind == DocKind::Class { f.string("lecturer", true) } else { None };
    let mut materials = Vec::new();
    if kind == DocKind::Class {
        let list = f.mapping_list("materials");
        let base_line = f.pos("materials").0;
        for (i, m) in list.iter().enumerate() {
            let title = map_str(m, "title");
            let file_ref = map_str(m, "file");
            let url = map_str(m, "url");
            let needle = file_ref.clone().or_else(|| url.clone()).or_else(|| title.clone()).unwrap_or_default();
            let (line, col) = f.locator().find(base_line, &needle).unwrap_or((base_line, 1));
            if let Some(u) = url.as_deref().filter(|u| crate::markdown::is_dangerous_scheme(u)) {
                // Material links are printed as `href`s: a script URL would run on click.
                f.report_at(line, col, Message::UnsafeUrl { url: u.to_string() }, Some(Hint::SafeUrl));
                continue;
            }
            if file_ref.is_none() == url.is_none() {
                f.report_at(line, col, Message::MaterialInvalid { index: i + 1 }, None);
                continue;
            }
            let file = match &file_ref {
                Some(r) => match crate::content_path::resolve_relative(rel, r) {
                    Some(p) => Some(p),
                    None => {
                        let message = Message::PathOutside { what: FileRef::Material, path: r.clone() };
                        f.report_at(line, col, message, Some(Hint::StayInside));
                        continue;
                    }
                },
                None => None,
            };
            let title = title.unwrap_or_else(|| file_ref.clone().or_else(|| url.clone()).unwrap_or_default());
            materials.push(Material { title, file, file_ref, url, line });
        }
    }
    let stem = rel.rsplit('/').next().unwrap_or(rel).trim_end_matches(".md");
    let slug = match f.string("slug", false) {
        Some(s) => {
            let clean = slugify(&s);
            if clean.is_empty() {
                f.report("slug", Message::InvalidSlug { value: s.clone() }, None);
            }
            clean
        }
        None => slugify(stem),
    };
    let doc = Doc {
        kind,
        source: rel.to_string(),
        shown: shown.to_string(),
        title,
        date: date.map(|d| d.0),
        datetime: date.and_then(|d| d.1),
        regions,
        modes: if kind == DocKind::Report { f.string_list("mode") } else { Vec::new() },
        units: if kind == DocKind::Report { f.string_list("units") } else { Vec::new() },
        participants: count_at_most(&mut f, "participants"),
        tags: f.string_list("tags"),
        featured: f.boolean("featured").unwrap_or(false),
        draft: f.boolean("draft").unwrap_or(false),
        summary: f.string("summary", false),
        slug,
        cover: f.string("cover", false),
        author: f.string("author", false),
        lecturer,
        lecturer_title: f.string("lecturer_title", false),
        audience: count_at_most(&mut f, "audience"),
        duration: f.count("duration"),
        materials,
        positions,
        body_start,
        body_line,
        text: Packed::default(),
        text_hash: crate::hash::hash_of(&text),
        front_hash: crate::hash::hash_of(&text.get(..body_start).unwrap_or_default()),
    };
    if doc.summary.as_deref().is_some_and(|s| crate::markdown::excess_mark(s).is_some()) {
        let message = Message::MarkdownTooComplex { limit: crate::markdown::MAX_MARKDOWN_MARKS };
        f.report("summary", message, Some(Hint::SplitLargeFile));
    }
    diags.extend(std::mem::take(&mut f.diags));
    if doc.title.is_empty() && f.get("title").is_some() {
        diags.push(doc.diag(doc.pos("title"), Message::EmptyTitle).with_source(&text));
    }
    Some(Doc { text: Packed::new(&text), ..doc })
}

/// The `region` field: a region id or a list of them. A bare number or
/// boolean (`region: 3`) is a type error, not an id: YAML read it as a number.
/// The largest head count a report's `participants` or a class's
/// `audience` may give. Counts are summed per region, per period and per
/// year, and a typing slip (a phone number, an extra row of zeros) would
/// otherwise dwarf every real figure; a million is far above any one
/// gathering, and a million reports of it still fit in a `u64`. The sums
/// saturate all the same.
pub const MAX_COUNT: u64 = 1_000_000;

/// A head count of at most [`MAX_COUNT`]; a larger one is a located
/// `count-range` error and counts as absent.
fn count_at_most(f: &mut Fields<'_>, key: &str) -> Option<u64> {
    let n = f.count(key)?;
    if n > MAX_COUNT {
        f.report(key, Message::CountTooLarge { key: key.to_string(), value: n, max: MAX_COUNT }, None);
        return None;
    }
    Some(n)
}

fn region_ids(f: &mut Fields<'_>) -> Vec<String> {
    let odd = match f.get("region") {
        Some(v @ (Value::Number(_) | Value::Bool(_))) => Some(show_value(v)),
        Some(Value::Sequence(seq)) => seq.iter().find(|v| matches!(v, Value::Number(_) | Value::Bool(_))).map(show_value),
        _ => None,
    };
    match odd {
        Some(found) => {
            let hint = Hint::QuoteRegionId { value: found.clone() };
            let (line, _) = f.pos("region");
            let col = f.pos_within("region", &found).1;
            f.report_at(line, col, Message::WrongType { key: "region".into(), expected: Expected::RegionIds, found }, Some(hint));
            Vec::new()
        }
        None => f.string_list("region"),
    }
}
