//! Honours (先进典型): `content/honours/<year>.yaml`, the people, units and
//! regions honoured in one year, as plain data with the position of every
//! value a later check may refuse.
//!
//! One file per year, named by the year; each entry of its `honours:` list
//! is one honour given to one recipient. Problems of the file alone (a
//! missing field, a bad kind, a date of another year, an unknown key) are
//! reported here; what must match other files (the region, the unit, the
//! level, the reports) is resolved by [`crate::graph::honours`] and
//! reported by the checks across files.

use chrono::{Datelike, NaiveDate};
use serde_yaml::{Mapping, Value};

use super::RecordItem;
use crate::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::front_matter::{Fields, parse_date, show_value};
use crate::messages::{Expected, Hint, Message};

/// Who is honoured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HonourKind {
    /// A region (区域): listed first on the year page.
    Region,
    /// A member unit or its party organisation (单位).
    Unit,
    /// A person (个人).
    Person,
}

impl HonourKind {
    /// The kinds as written in files: the English word or the Chinese one.
    pub const NAMES: &'static [(&'static str, &'static str)] = &[("person", "个人"), ("unit", "单位"), ("region", "区域")];

    /// `person`, `unit` or `region`.
    pub fn as_str(self) -> &'static str {
        match self {
            HonourKind::Person => "person",
            HonourKind::Unit => "unit",
            HonourKind::Region => "region",
        }
    }

    /// The kind written `s` (`person` or `个人`, ...).
    pub fn parse(s: &str) -> Option<HonourKind> {
        match s.trim() {
            "person" | "个人" => Some(HonourKind::Person),
            "unit" | "单位" => Some(HonourKind::Unit),
            "region" | "区域" => Some(HonourKind::Region),
            _ => None,
        }
    }
}

/// A value of an entry and where it is written (1-based line, character column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The value.
    pub value: String,
    /// Line.
    pub line: usize,
    /// Column.
    pub column: usize,
}

/// One honour as written.
#[derive(Debug, Clone)]
pub struct HonourEntry {
    /// Who is honoured.
    pub kind: HonourKind,
    /// The recipient's name: a person's name; for a unit, the name shown
    /// (defaults to the unit); for a region, defaults to the region's name.
    pub name: Option<String>,
    /// A person's post (职务), such as 项目经理.
    pub post: Option<String>,
    /// The region id.
    pub region: Placed,
    /// The member unit: the unit honoured, or a person's unit.
    pub unit: Option<Placed>,
    /// The honour (荣誉称号), such as 优秀共产党员.
    pub honour: String,
    /// The level, one of `site.yaml`'s `honours.levels`.
    pub level: Placed,
    /// The date it was given, over the file's `date`.
    pub date: Option<NaiveDate>,
    /// The awarding body (授予单位), over the file's `by`.
    pub by: Option<String>,
    /// The citation (事迹), Markdown.
    pub citation: Option<String>,
    /// Reports telling the story: paths under `content/`.
    pub reports: Vec<RecordItem>,
    /// The line of the entry's `- `.
    pub line: usize,
}

/// `content/honours/<year>.yaml`.
#[derive(Debug, Clone)]
pub struct HonourFile {
    /// The year (the file name).
    pub year: i32,
    /// Path shown in messages.
    pub shown: String,
    /// The date the honours were announced (表彰日期), if given.
    pub date: Option<NaiveDate>,
    /// The awarding body of every entry that names none.
    pub by: Option<String>,
    /// The entries that could be read, in file order.
    pub entries: Vec<HonourEntry>,
    /// The file text, for diagnostics.
    pub text: String,
}

const FILE_KEYS: &[&str] = &["date", "by", "honours"];
const ENTRY_KEYS: &[&str] = &["name", "kind", "post", "region", "unit", "honour", "level", "date", "by", "citation", "reports"];

/// Parses `content/honours/<year>.yaml`.
pub fn parse_honours(rel: &str, shown: &str, text: &str, diags: &mut Diagnostics) -> Option<HonourFile> {
    let stem = rel.rsplit('/').next().unwrap_or(rel).trim_end_matches(".yaml").trim_end_matches(".yml");
    let Ok(year) = stem.parse::<i32>() else {
        diags.push(Diagnostic::new(shown, 0, 0, Message::InvalidYear { stem: stem.to_string() }).with_hint(Hint::YearFileName));
        return None;
    };
    let mut f = match Fields::parse(shown, text, text, 0) {
        Ok(f) => f,
        Err(d) => {
            diags.extend(*d);
            return None;
        }
    };
    f.warn_unknown_keys(FILE_KEYS);
    let date = f.date("date", false).map(|d| d.0);
    if let Some(d) = date
        && d.year() != year
    {
        f.report("date", Message::HonourDateYear { date: d.to_string(), year }, None);
    }
    let by = f.string("by", false);
    let list = f.mapping_list("honours");
    let starts = item_lines(text, f.pos("honours").0);
    let mut entries = Vec::new();
    for (i, m) in list.iter().enumerate() {
        let from = starts.get(i).copied().unwrap_or(f.pos("honours").0);
        let until = starts.get(i + 1).copied().unwrap_or(usize::MAX);
        if let Some(e) = entry(&mut f, m, year, Span { from, until }) {
            entries.push(e);
        }
    }
    diags.extend(std::mem::take(&mut f.diags));
    Some(HonourFile { year, shown: shown.to_string(), date, by, entries, text: text.to_string() })
}

/// The lines of one entry: from its `- ` line to before the next entry's.
#[derive(Debug, Clone, Copy)]
struct Span {
    from: usize,
    until: usize,
}

/// The lines starting the items of the list under the key on line `key_line`:
/// lines whose first non-blank characters are `- ` at the first such indent.
fn item_lines(text: &str, key_line: usize) -> Vec<usize> {
    let mut indent = None;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().skip(key_line) {
        let trimmed = line.trim_start();
        let at = line.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if at == 0 && !trimmed.starts_with('-') {
            break; // the next top-level key
        }
        if trimmed.starts_with("- ") || trimmed == "-" {
            match indent {
                None => {
                    indent = Some(at);
                    out.push(n + 1);
                }
                Some(i) if i == at => out.push(n + 1),
                _ => {}
            }
        }
    }
    out
}

/// Where the value of `key` is written in an entry: the column after `key: `.
fn value_pos(f: &Fields<'_>, span: Span, key: &str) -> Option<(usize, usize)> {
    let (l, c) = f.locator().find(span.from, &format!("{key}:"))?;
    if l >= span.until {
        return None;
    }
    let after = f.locator().lines().line(l).unwrap_or("").chars().skip(c - 1 + key.chars().count() + 1);
    Some((l, c + key.chars().count() + 1 + after.take_while(|ch| *ch == ' ').count()))
}

/// One entry, or `None` (reported) when a required value is missing or wrong.
fn entry(f: &mut Fields<'_>, m: &Mapping, year: i32, span: Span) -> Option<HonourEntry> {
    f.warn_unknown_subkeys(span.from, "honours", m, ENTRY_KEYS);
    let at = |f: &Fields<'_>, key: &str| value_pos(f, span, key).unwrap_or((span.from, 1));
    let mut ok = true;
    let mut required = |f: &mut Fields<'_>, key: &str| -> Option<Placed> {
        match m.get(key) {
            None | Some(Value::Null) => {
                let hint = Hint::AddField { key: format!("honours.{key}") };
                f.report_at(span.from, 1, Message::MissingField { key: format!("honours.{key}") }, Some(hint));
                ok = false;
                None
            }
            Some(v) => text_of(f, v, key, at(f, key)).map(|value| {
                let (line, column) = at(f, key);
                Placed { value, line, column }
            }),
        }
    };
    let kind_text = required(f, "kind");
    let region = required(f, "region");
    let honour = required(f, "honour");
    let level = required(f, "level");
    let kind = kind_text.as_ref().and_then(|k| {
        let kind = HonourKind::parse(&k.value);
        if kind.is_none() {
            let names: Vec<&str> = HonourKind::NAMES.iter().flat_map(|(en, zh)| [*en, *zh]).collect();
            let all = Hint::OneOf(names.iter().map(|s| s.to_string()).collect());
            f.report_at(
                k.line,
                k.column,
                Message::HonourKind { kind: k.value.clone() },
                Some(Hint::nearest_or(nearest(&k.value, names), all)),
            );
        }
        kind
    });
    let optional = |f: &mut Fields<'_>, key: &str| m.get(key).filter(|v| !v.is_null()).and_then(|v| text_of(f, v, key, at(f, key)));
    let name = optional(f, "name");
    let post = optional(f, "post");
    let unit = optional(f, "unit").map(|value| {
        let (line, column) = at(f, "unit");
        Placed { value, line, column }
    });
    let by = optional(f, "by");
    let citation = optional(f, "citation");
    let date = optional(f, "date").and_then(|d| {
        let (l, c) = at(f, "date");
        match parse_date(&d) {
            Some((d, _)) if d.year() == year => Some(d),
            Some((d, _)) => {
                f.report_at(l, c, Message::HonourDateYear { date: d.to_string(), year }, None);
                None
            }
            None => {
                f.report_at(l, c, Message::InvalidDate { key: "date".into(), value: d }, Some(Hint::DateFormat));
                None
            }
        }
    });
    let reports = reports(f, m, span);
    match kind {
        Some(HonourKind::Person) if name.is_none() => {
            let key = "honours.name".to_string();
            f.report_at(span.from, 1, Message::MissingField { key: key.clone() }, Some(Hint::AddField { key }));
            ok = false;
        }
        Some(HonourKind::Unit) if unit.is_none() => {
            let key = "honours.unit".to_string();
            f.report_at(span.from, 1, Message::MissingField { key: key.clone() }, Some(Hint::AddField { key }));
            ok = false;
        }
        _ => {}
    }
    if !ok {
        return None;
    }
    Some(HonourEntry {
        kind: kind?,
        name,
        post,
        region: region?,
        unit,
        honour: honour?.value,
        level: level?,
        date,
        by,
        citation,
        reports,
        line: span.from,
    })
}

/// A text value (numbers taken as their text); anything else is reported.
fn text_of(f: &mut Fields<'_>, v: &Value, key: &str, (line, column): (usize, usize)) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => {
            let message = Message::WrongType { key: format!("honours.{key}"), expected: Expected::Text, found: show_value(v) };
            f.report_at(line, column, message, None);
            None
        }
    }
}

/// The entry's `reports`: a path or a list of paths under `content/`, each located.
fn reports(f: &mut Fields<'_>, m: &Mapping, span: Span) -> Vec<RecordItem> {
    let paths: Vec<String> = match m.get("reports") {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Sequence(seq)) if seq.iter().all(Value::is_string) => {
            seq.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()
        }
        Some(v) => {
            let (line, column) = value_pos(f, span, "reports").unwrap_or((span.from, 1));
            let message = Message::WrongType { key: "honours.reports".into(), expected: Expected::PathList, found: show_value(v) };
            f.report_at(line, column, message, None);
            return Vec::new();
        }
    };
    let from = value_pos(f, span, "reports").map_or(span.from, |p| p.0);
    let found = f.locator().find_each(from, paths.iter().map(String::as_str));
    paths
        .into_iter()
        .zip(found)
        .map(|(path, at)| RecordItem { path, line: at.map_or(from, |a| a.0), column: at.map_or(1, |a| a.1) })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<HonourFile>, Vec<(&'static str, usize, usize)>) {
        let mut d = Diagnostics::default();
        let file = parse_honours("honours/2025.yaml", "content/honours/2025.yaml", text, &mut d);
        (file, d.sorted().iter().map(|d| (d.code, d.line, d.column)).collect())
    }

    #[test]
    fn entries_are_read_with_their_values_located() {
        let text = "date: 2025-06-30\nby: 公司党委\nhonours:\n  - kind: 个人\n    name: 张三\n    region: alpha\n    unit: 甲一项目部\n    honour: 优秀共产党员\n    level: 公司级\n    reports: [reports/2025/a.md]\n  - kind: region\n    region: beta\n    honour: 先进区域\n    level: 局级\n";
        let (file, found) = parse(text);
        assert_eq!(found, []);
        let file = file.unwrap();
        assert_eq!((file.year, file.date, file.by.as_deref()), (2025, NaiveDate::from_ymd_opt(2025, 6, 30), Some("公司党委")));
        assert_eq!(file.entries.len(), 2);
        let a = &file.entries[0];
        assert_eq!((a.kind, a.name.as_deref(), a.line), (HonourKind::Person, Some("张三"), 4));
        assert_eq!(a.unit, Some(Placed { value: "甲一项目部".into(), line: 7, column: 11 }));
        assert_eq!((a.level.line, a.level.column), (9, 12));
        assert_eq!((a.reports[0].path.as_str(), a.reports[0].line, a.reports[0].column), ("reports/2025/a.md", 10, 15));
        let b = &file.entries[1];
        assert_eq!((b.kind, b.region.value.as_str(), b.line, b.level.line), (HonourKind::Region, "beta", 11, 14));
    }

    #[test]
    fn missing_values_bad_kinds_and_dates_of_another_year_are_located() {
        let text = "honours:\n  - kind: persn\n    region: alpha\n    honour: 甲\n    level: 公司级\n  - kind: person\n    region: alpha\n    honour: 乙\n    level: 公司级\n    date: 2024-07-01\n    rank: 1\n  - kind: unit\n    honour: 丙\n";
        let (file, found) = parse(text);
        assert_eq!(
            found,
            [
                ("honour-kind", 2, 11),
                ("missing-field", 6, 1),
                ("honour-date", 10, 11),
                ("unknown-field", 11, 5),
                ("missing-field", 12, 1),
                ("missing-field", 12, 1),
                ("missing-field", 12, 1),
            ]
        );
        assert!(file.unwrap().entries.is_empty());
    }
}
