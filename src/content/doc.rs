//! Reports, party classes and free pages: front matter and body of one file.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};

use serde_yaml::Value;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::front_matter::{Fields, map_str, show_value, split};
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
    /// The whole file text (BOM removed). Held as it was read, not
    /// compressed: the body is rendered from it and diagnostics quote it
    /// while the graph is built, and a build drops it before the search
    /// index and the pages ([`crate::site::SiteGraph::release_sources`]), so
    /// it never adds to the peak, where compressing every source cost
    /// more CPU time than any other step of loading but parsing the YAML.
    pub text: String,
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
    /// Host units (主办, reports): also taking part, whether or not `units` repeats them.
    pub hosts: Vec<String>,
    /// Review state and reviewers.
    pub review: super::review::Review,
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
    /// The photos of `gallery:` (reports and classes), each a
    /// file with its caption as `title` (empty when none).
    pub gallery: Vec<Material>,
    /// Problems and decisions: the records a report advances, the meeting
    /// it reports and its decisions (see [`super::problem`]).
    pub work: super::problem::ReportWork,
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
        Diagnostic::new(&*self.shown, pos.0, pos.1, message).with_source(&self.text)
    }
}

const REPORT_KEYS: &[&str] = &[
    "title",
    "date",
    "region",
    "mode",
    "units",
    "participants",
    "tags",
    "featured",
    "draft",
    "summary",
    "slug",
    "cover",
    "author",
    "hosts",
    "gallery",
];
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
    "gallery",
];
const PAGE_KEYS: &[&str] = &["title", "date", "draft", "summary", "author", "cover"];

/// Every front-matter key of reports, classes and pages: their own, the
/// review's and, for reports, those of the problems they work on. Built
/// once, not for each of thousands of files.
static KEYS: std::sync::LazyLock<[Vec<&'static str>; 3]> = std::sync::LazyLock::new(|| {
    let with = |own: &[&'static str], more: &[&'static str]| own.iter().chain(super::review::KEYS).chain(more).copied().collect();
    [with(REPORT_KEYS, &super::problem::REPORT_KEYS), with(CLASS_KEYS, &[]), with(PAGE_KEYS, &[])]
});

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
            diags.extend(*d);
            return None;
        }
    };
    let keys: &[&'static str] = match kind {
        DocKind::Report => &KEYS[0],
        DocKind::Class => &KEYS[1],
        DocKind::Page => &KEYS[2],
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
    let materials = if kind == DocKind::Class { materials(&mut f, rel) } else { Vec::new() };
    let gallery = if kind == DocKind::Page { Vec::new() } else { gallery(&mut f, rel) };
    let slug = slug(&mut f, rel);
    let work = if kind == DocKind::Report { super::problem::report_work(&mut f) } else { Default::default() };
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
        hosts: if kind == DocKind::Report { f.string_list("hosts") } else { Vec::new() },
        review: super::review::Review::read(&mut f),
        summary: f.string("summary", false),
        slug,
        cover: f.string("cover", false),
        author: f.string("author", false),
        lecturer,
        lecturer_title: f.string("lecturer_title", false),
        audience: count_at_most(&mut f, "audience"),
        duration: f.count("duration"),
        materials,
        gallery,
        work,
        positions,
        body_start,
        body_line,
        text: String::new(),
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
    drop(f);
    Some(Doc { text, ..doc })
}

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

/// The `region` field: a region id or a list of them. A bare number or
/// boolean (`region: 3`) is a type error, not an id: YAML read it as a number.
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

/// A class's `materials`: each a file next to the Markdown file `rel` or a
/// URL; an entry that is neither, both, a script URL or a path out of
/// `content/` is reported and left out.
fn materials(f: &mut Fields<'_>, rel: &str) -> Vec<Material> {
    let mut materials = Vec::new();
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
    materials
}

/// `gallery:`, a list of `{src, caption}`: each photo a file
/// next to the Markdown file `rel`; an entry without `src` or with a path
/// out of `content/` is reported and left out.
fn gallery(f: &mut Fields<'_>, rel: &str) -> Vec<Material> {
    let mut photos = Vec::new();
    let list = f.mapping_list("gallery");
    let base_line = f.pos("gallery").0;
    for m in &list {
        let src = map_str(m, "src");
        let caption = map_str(m, "caption").unwrap_or_default();
        let needle = src.clone().unwrap_or_else(|| caption.clone());
        let (line, col) = f.locator().find(base_line, &needle).unwrap_or((base_line, 1));
        let Some(written) = src else {
            f.report_at(line, col, Message::MissingField { key: "src".into() }, None);
            continue;
        };
        match crate::content_path::resolve_relative(rel, &written) {
            Some(p) => photos.push(Material { title: caption, file: Some(p), file_ref: Some(written), url: None, line }),
            None => f.report_at(line, col, Message::PathOutside { what: FileRef::Image, path: written }, Some(Hint::StayInside)),
        }
    }
    photos
}

/// The URL slug: `slug:` when given (an error when nothing of it is left
/// once normalized), else the file name of `rel` without `.md`.
fn slug(f: &mut Fields<'_>, rel: &str) -> String {
    let stem = rel.rsplit('/').next().unwrap_or(rel).trim_end_matches(".md");
    match f.string("slug", false) {
        Some(s) => {
            let clean = slugify(&s);
            if clean.is_empty() {
                f.report("slug", Message::InvalidSlug { value: s.clone() }, None);
            }
            clean
        }
        None => slugify(stem),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `text` as the file `content/<rel>`: the document, and the
    /// problems as (code, line, column), sorted.
    fn parse(kind: DocKind, rel: &str, text: &str) -> (Option<Doc>, Vec<(&'static str, usize, usize)>) {
        let mut diags = Diagnostics::default();
        let doc = parse_doc(kind, rel, &format!("content/{rel}"), text.to_string(), &mut diags);
        let found = diags.sorted().iter().map(|d| (d.code, d.line, d.column)).collect();
        (doc, found)
    }

    const REPORT: &str = "---
title: 成都区联学共建活动
date: 2020-05-12
region: [chengdu, deyang]
mode: 联学共建
units: [国网成都供电公司, 成都市税务局]
participants: 30
tags: [党史学习, 主题党日]
featured: true
summary: 两家单位一起学习
author: 党委办公室
cover: cover.jpg
---
正文第一段。
";

    #[test]
    fn a_report_yields_its_fields() {
        let (doc, found) = parse(DocKind::Report, "reports/2020/joint-study.md", REPORT);
        assert_eq!(found, []);
        let doc = doc.unwrap();
        assert_eq!(doc.kind, DocKind::Report);
        assert_eq!((doc.source.as_str(), doc.shown.as_str()), ("reports/2020/joint-study.md", "content/reports/2020/joint-study.md"));
        assert_eq!(doc.title, "成都区联学共建活动");
        assert_eq!(doc.date, NaiveDate::from_ymd_opt(2020, 5, 12));
        assert_eq!(doc.datetime, None);
        assert_eq!(doc.regions, ["chengdu", "deyang"]);
        assert_eq!(doc.modes, ["联学共建"]);
        assert_eq!(doc.units, ["国网成都供电公司", "成都市税务局"]);
        assert_eq!(doc.participants, Some(30));
        assert_eq!(doc.tags, ["党史学习", "主题党日"]);
        assert!(doc.featured && !doc.draft);
        assert_eq!(doc.summary.as_deref(), Some("两家单位一起学习"));
        assert_eq!(doc.author.as_deref(), Some("党委办公室"));
        assert_eq!(doc.cover.as_deref(), Some("cover.jpg"));
        assert_eq!(doc.slug, "joint-study");
        assert!(doc.lecturer.is_none() && doc.materials.is_empty());
        // The body follows the closing `---`, on line 14.
        assert_eq!(doc.body_line, 14);
        assert_eq!(&REPORT[doc.body_start..], "正文第一段。\n");
        assert_eq!(doc.text, REPORT);
        // Positions are those of the values, in characters.
        assert_eq!(doc.pos("title"), (2, 8));
        assert_eq!(doc.pos("date"), (3, 7));
        assert_eq!(doc.pos("region"), (4, 9));
        assert_eq!(doc.pos("participants"), (7, 15));
        assert_eq!(doc.pos("lecturer"), (1, 0), "an absent key is at line 1");
    }

    #[test]
    fn the_front_hash_ignores_the_body_and_the_text_hash_does_not() {
        let (a, _) = parse(DocKind::Report, "reports/a.md", REPORT);
        let (b, _) = parse(DocKind::Report, "reports/a.md", &REPORT.replace("正文第一段。", "正文改过了。"));
        let (c, _) = parse(DocKind::Report, "reports/a.md", &REPORT.replace("author: 党委办公室", "author: 宣传部"));
        let (a, b, c) = (a.unwrap(), b.unwrap(), c.unwrap());
        assert_eq!(a.front_hash, b.front_hash);
        assert_ne!(a.text_hash, b.text_hash);
        assert_ne!(a.front_hash, c.front_hash);
    }

    #[test]
    fn dates_may_carry_a_time_and_slugs_are_normalized() {
        let text = "---\ntitle: t\ndate: 2020-05-12T09:30:00+08:00\nregion: chengdu\nslug: Joint Study 2020\n---\n";
        let (doc, found) = parse(DocKind::Report, "reports/2020/a.md", text);
        assert_eq!(found, []);
        let doc = doc.unwrap();
        assert_eq!(doc.date, NaiveDate::from_ymd_opt(2020, 5, 12));
        assert_eq!(doc.datetime.map(|d| d.to_rfc3339()).as_deref(), Some("2020-05-12T09:30:00+08:00"));
        assert_eq!(doc.regions, ["chengdu"], "one region may be written without a list");
        assert_eq!(doc.slug, "joint-study-2020");
        // Without `slug:`, the file name is transliterated.
        let (doc, _) = parse(DocKind::Report, "reports/2020/5G基站.md", "---\ntitle: t\ndate: 2020-05-12\nregion: chengdu\n---\n");
        assert_eq!(doc.unwrap().slug, "5g-ji-zhan");
    }

    #[test]
    fn a_class_yields_its_lecturer_and_materials() {
        let text = "---
title: 党课
date: 2021-07-01
region: chengdu
lecturer: 张三
lecturer_title: 党委书记
audience: 120
duration: 90
materials:
  - title: 课件
    file: slides.pdf
  - url: https://example.org/video
---
";
        let (doc, found) = parse(DocKind::Class, "classes/2021/history.md", text);
        assert_eq!(found, []);
        let doc = doc.unwrap();
        assert_eq!(doc.lecturer.as_deref(), Some("张三"));
        assert_eq!(doc.lecturer_title.as_deref(), Some("党委书记"));
        assert_eq!((doc.audience, doc.duration), (Some(120), Some(90)));
        assert_eq!(doc.materials.len(), 2);
        let slides = &doc.materials[0];
        assert_eq!(slides.title, "课件");
        assert_eq!(slides.file.as_deref(), Some("classes/2021/slides.pdf"));
        assert_eq!(slides.file_ref.as_deref(), Some("slides.pdf"));
        assert_eq!(slides.line, 11);
        let video = &doc.materials[1];
        assert_eq!(
            (video.title.as_str(), video.url.as_deref(), video.file.as_deref()),
            ("https://example.org/video", Some("https://example.org/video"), None)
        );
        assert_eq!(video.line, 12);
    }

    #[test]
    fn a_page_needs_no_date_nor_region_and_has_no_report_fields() {
        let text = "---\ntitle: 关于我们\nregion: chengdu\nunits: [a]\n---\n正文\n";
        let (doc, found) = parse(DocKind::Page, "pages/about.md", text);
        assert_eq!(found, [("unknown-field", 3, 1), ("unknown-field", 4, 1)]);
        let doc = doc.unwrap();
        assert_eq!((doc.title.as_str(), doc.date, doc.slug.as_str()), ("关于我们", None, "about"));
        assert!(doc.regions.is_empty() && doc.units.is_empty());
    }

    #[test]
    fn an_unusable_file_is_refused_with_its_place() {
        let (doc, found) = parse(DocKind::Report, "reports/a.md", "title: x\n");
        assert!(doc.is_none());
        assert_eq!(found, [("missing-front-matter", 1, 1)]);
        let (doc, found) = parse(DocKind::Report, "reports/a.md", "---\ntitle: x\n");
        assert!(doc.is_none());
        assert_eq!(found.iter().map(|f| f.0).collect::<Vec<_>>(), ["unterminated-front-matter"]);
        let (doc, found) = parse(DocKind::Report, "reports/a.md", "---\ntitle: x\ntags: [a, b\n---\n");
        assert!(doc.is_none());
        assert_eq!(found, [("yaml-syntax", 3, 7)], "located where the list opened");
        let (doc, found) = parse(DocKind::Report, "reports/a.md", "---\n- a\n- b\n---\n");
        assert!(doc.is_none());
        assert_eq!(found, [("yaml-not-mapping", 2, 1)]);
    }

    #[test]
    fn each_bad_field_is_reported_at_its_line_and_column() {
        let text = "---
title: \"\"
date: 2020-13-01
region: 3
participants: 2000000
featured: yes
slug: \"!!!\"
titel: x
---
";
        let (doc, found) = parse(DocKind::Report, "reports/a.md", text);
        assert_eq!(
            found,
            [
                ("empty-title", 2, 8),
                ("invalid-date", 3, 7),
                ("wrong-type", 4, 9),
                ("count-range", 5, 15),
                ("wrong-type", 6, 11),
                ("invalid-slug", 7, 7),
                ("unknown-field", 8, 1),
            ]
        );
        // The document is still given back, for the checks that follow.
        let doc = doc.unwrap();
        assert_eq!((doc.date, doc.participants, doc.featured), (None, None, false));
        assert!(doc.regions.is_empty());
    }

    #[test]
    fn missing_required_fields_are_reported_at_the_top() {
        let (doc, found) = parse(DocKind::Class, "classes/a.md", "---\ntags: [x]\n---\n");
        assert!(doc.is_some());
        let mut missing = found.clone();
        missing.sort();
        assert_eq!(missing, [("missing-field", 1, 1); 4], "title, date, region, lecturer");
    }

    #[test]
    fn bad_materials_are_reported_and_left_out() {
        let text = "---
title: 党课
date: 2021-07-01
region: chengdu
lecturer: 张三
materials:
  - title: 两者都有
    file: a.pdf
    url: https://example.org/a
  - title: 脚本
    url: javascript:alert(1)
  - file: ../../../secret.pdf
  - file: ok.pdf
---
";
        let (doc, found) = parse(DocKind::Class, "classes/2021/a.md", text);
        assert_eq!(found, [("material-invalid", 8, 11), ("unsafe-url", 11, 10), ("path-outside", 12, 11)]);
        let doc = doc.unwrap();
        assert_eq!(doc.materials.len(), 1);
        assert_eq!(doc.materials[0].file.as_deref(), Some("classes/2021/ok.pdf"));
    }
}
