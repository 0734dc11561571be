//! Bulletin note files (`content/bulletins/<series>/<period>.md` and
//! supplements `<year>-s<N>.md`): the editor's note, a supplement's list of
//! items and the `issued:` record that `regionpress bulletin issue` writes.
//!
//! Only the form of one file is checked here (keys, types, the file name);
//! whether its record agrees with the site (items that exist, numbers
//! without gaps, dates in range) is checked across files, in
//! [`crate::site::checks`].

use chrono::NaiveDate;
use serde_yaml::{Mapping, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::front_matter::{Fields, parse_date, show_value, split};
use crate::messages::{Expected, Hint, Message};

/// The keys of a note this module reads.
const NOTE_KEYS: &[&str] = &["title", "editor", "items", "issued", "review", "reviewer", "reviewed_by", "reviewed_on"];
/// The per-issue bulletin fields (masthead name, distribution lines, …):
/// known keys here, read by the bulletin fields' own parser.
const FIELD_KEYS: &[&str] = super::bulletin_fields::NOTE_KEYS;
/// The keys of an `issued:` record.
const RECORD_KEYS: &[&str] = &["date", "number", "total", "signer", "items", "late", "photos"];

/// A content-relative path listed in a note (`items:`, `issued.items`,
/// `issued.late`), with where it is written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RecordItem {
    /// The path as written: `reports/2026/2026-06-18-joint-meeting.md`.
    pub path: String,
    /// 1-based file line.
    pub line: usize,
    /// 1-based character column.
    pub column: usize,
}

/// The `issued:` record of an issue: what went out, fixed for good.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IssuedRecord {
    /// 印发日期.
    pub date: NaiveDate,
    /// 第N期 within the year (a supplement's N).
    pub number: u32,
    /// 总第N期 (regular issues only).
    pub total: Option<u32>,
    /// Who signed the issue off.
    pub signer: Option<String>,
    /// The items carried, in order.
    pub items: Vec<RecordItem>,
    /// The items among `items` that joined late (补报).
    pub late: Vec<RecordItem>,
    /// The gallery photos the issue printed beside its items, in order
    /// (content-relative sources); none when the record has no `photos:`.
    pub photos: Vec<RecordItem>,
    /// File (line, column) of the `issued:` key.
    pub at: (usize, usize),
    /// File (line, column) of `date:`, `number:` and `total:` in the record.
    pub date_at: (usize, usize),
    /// See `date_at`.
    pub number_at: (usize, usize),
    /// See `date_at` (the `issued:` key's when there is no total).
    pub total_at: (usize, usize),
}

/// A bulletin note file.
#[derive(Debug, Clone)]
pub struct BulletinNote {
    /// Region id or `all`.
    pub region: String,
    /// The file stem: `2020-05`, `2020-q2` or, for a supplement, `2026-s1`.
    pub period: String,
    /// A supplement's (year, N), from its file name.
    pub supplement: Option<(i32, u32)>,
    /// Optional title.
    pub title: Option<String>,
    /// Optional editor.
    pub editor: Option<String>,
    /// A supplement's items (`items:`), as written.
    pub items: Vec<RecordItem>,
    /// The issue's bulletin fields (besides `editor`), over the region's.
    pub fields: crate::config::BulletinFields,
    /// The record of the issue's issuing, once issued.
    pub issued: Option<IssuedRecord>,
    /// Path shown in messages.
    pub shown: String,
    /// Path under `content/` (`bulletins/chengdu/2020-05.md`).
    pub source: String,
    /// The whole file text, for located diagnostics.
    pub text: String,
    /// Byte offset of the Markdown body in `text`.
    pub body_start: usize,
    /// Review state and reviewers.
    pub review: super::review::Review,
}

/// The (year, N) of a supplement's file stem `2026-s1`, exactly as written
/// (four-digit year, N from 1 without leading zeros).
pub fn parse_supplement(stem: &str) -> Option<(i32, u32)> {
    let (y, n) = stem.split_once("-s")?;
    let (year, number) = (y.parse::<i32>().ok()?, n.parse::<u32>().ok()?);
    (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) && number >= 1 && format!("{number}") == n).then_some((year, number))
}

/// Parses `content/bulletins/<region>/<period>.md` or `<year>-s<N>.md`.
pub fn parse_note(rel: &str, shown: &str, text: String, diags: &mut Diagnostics) -> Option<BulletinNote> {
    let parts: Vec<&str> = rel.split('/').collect();
    let region = parts.get(1).copied().unwrap_or_default().to_string();
    let period = parts.get(2).copied().unwrap_or_default().trim_end_matches(".md").to_string();
    let supplement = parse_supplement(&period);
    if supplement.is_none() && !is_period(&period) {
        diags.push(Diagnostic::new(shown, 0, 0, Message::InvalidPeriod { period }).with_hint(Hint::PeriodFileName));
        return None;
    }
    let mut note = BulletinNote {
        region,
        period,
        supplement,
        title: None,
        editor: None,
        items: Vec::new(),
        fields: Default::default(),
        issued: None,
        shown: shown.to_string(),
        source: rel.to_string(),
        text: String::new(),
        body_start: 0,
        review: Default::default(),
    };
    match split(&text) {
        Ok(s) => {
            let mut f = match Fields::parse(shown, &text, s.yaml, 1) {
                Ok(f) => f,
                Err(d) => {
                    diags.extend(*d);
                    return None;
                }
            };
            let known: Vec<&str> = NOTE_KEYS.iter().chain(FIELD_KEYS).copied().collect();
            f.warn_unknown_keys(&known);
            note.title = f.string("title", false);
            note.editor = f.string("editor", false);
            note.review = super::review::Review::read(&mut f);
            note.fields = super::bulletin_fields::issue_fields(&mut f);
            if f.get("items").is_some() {
                let from = f.pos("items").0;
                let value = f.get("items").cloned();
                note.items = item_list(&mut f, "items", value, from);
                if supplement.is_none() {
                    f.report("items", Message::ItemsOutsideSupplement, Some(Hint::SupplementFileName));
                }
            }
            note.issued = f.mapping("issued").and_then(|m| record(&mut f, &m));
            note.body_start = text.len() - s.body.len();
            diags.extend(std::mem::take(&mut f.diags));
        }
        // Front matter is optional for a note: the whole file is the body.
        Err(e) if e.message == Message::MissingFrontMatter => {}
        Err(e) => {
            diags.push(e.into_diagnostic(shown, &text));
            return None;
        }
    }
    note.text = text;
    Some(note)
}

/// File (line, column) of the key `key:` of the record at or after `from`
/// (the `issued:` line).
fn key_at(f: &Fields<'_>, from: usize, key: &str) -> Option<(usize, usize)> {
    f.locator().find(from, &format!("{key}:"))
}

/// The `issued:` record in `m`; a missing or mistyped date or number is
/// reported and the record left out.
fn record(f: &mut Fields<'_>, m: &Mapping) -> Option<IssuedRecord> {
    let from = f.pos("issued").0;
    let at = f.locator().find(from, "issued:").unwrap_or((from, 1));
    for key in m.keys().filter_map(Value::as_str) {
        if !RECORD_KEYS.contains(&key) {
            let (line, col) = f.locator().find(from, &format!("{key}:")).unwrap_or(at);
            let hint = match nearest(key, RECORD_KEYS.iter().copied()).first() {
                Some(best) => Hint::DidYouMean(vec![best.to_string()]),
                None => Hint::KnownFields(RECORD_KEYS.iter().map(|k| k.to_string()).collect()),
            };
            f.report_at(line, col, Message::UnknownField { key: format!("issued.{key}") }, Some(hint));
        }
    }
    let date_at = key_at(f, from, "date").unwrap_or(at);
    let number_at = key_at(f, from, "number").unwrap_or(at);
    let total_at = key_at(f, from, "total").unwrap_or(at);
    let date = match m.get("date") {
        Some(Value::String(s)) => match parse_date(s) {
            Some((d, _)) => Some(d),
            None => {
                let message = Message::InvalidDate { key: "issued.date".into(), value: s.clone() };
                f.report_at(date_at.0, date_at.1, message, Some(Hint::DateFormat));
                None
            }
        },
        None | Some(Value::Null) => {
            f.report_at(at.0, at.1, Message::MissingField { key: "issued.date".into() }, Some(Hint::AddField { key: "date".into() }));
            None
        }
        Some(v) => {
            let message = Message::WrongType { key: "issued.date".into(), expected: Expected::Date, found: show_value(v) };
            f.report_at(date_at.0, date_at.1, message, None);
            None
        }
    };
    let mut number_of = |key: &str, pos: (usize, usize), required: bool| -> Option<u32> {
        match m.get(key) {
            None | Some(Value::Null) => {
                if required {
                    let message = Message::MissingField { key: format!("issued.{key}") };
                    f.report_at(at.0, at.1, message, Some(Hint::AddField { key: key.into() }));
                }
                None
            }
            Some(Value::Number(n)) if n.as_u64().is_some_and(|n| (1..=u64::from(u32::MAX)).contains(&n)) => {
                n.as_u64().and_then(|n| u32::try_from(n).ok())
            }
            Some(v) => {
                let message = Message::WrongType { key: format!("issued.{key}"), expected: Expected::WholeNumber, found: show_value(v) };
                f.report_at(pos.0, pos.1, message, None);
                None
            }
        }
    };
    let number = number_of("number", number_at, true);
    let total = number_of("total", total_at, false);
    let signer = match m.get("signer") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(v) => {
            let (line, col) = key_at(f, from, "signer").unwrap_or(at);
            let message = Message::WrongType { key: "issued.signer".into(), expected: Expected::Text, found: show_value(v) };
            f.report_at(line, col, message, None);
            None
        }
    };
    let items_from = key_at(f, from, "items").map_or(from, |p| p.0);
    let items = item_list(f, "issued.items", m.get("items").cloned(), items_from);
    let late_from = key_at(f, from, "late").map_or(from, |p| p.0);
    let late = item_list(f, "issued.late", m.get("late").cloned(), late_from);
    let photos_from = key_at(f, from, "photos").map_or(from, |p| p.0);
    let photos = item_list(f, "issued.photos", m.get("photos").cloned(), photos_from);
    Some(IssuedRecord { date: date?, number: number?, total, signer, items, late, photos, at, date_at, number_at, total_at })
}

/// The content-relative paths of a list (`items:`, `issued.items`,
/// `issued.late`) written from line `from`, each located; anything but a
/// list of text is reported.
fn item_list(f: &mut Fields<'_>, key: &str, value: Option<Value>, from: usize) -> Vec<RecordItem> {
    let seq = match value {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Sequence(seq)) if seq.iter().all(Value::is_string) => seq,
        Some(v) => {
            let (line, col) = f.locator().find(from, &format!("{}:", key.rsplit('.').next().unwrap_or(key))).unwrap_or((from, 1));
            let message = Message::WrongType { key: key.to_string(), expected: Expected::PathList, found: show_value(&v) };
            f.report_at(line, col, message, None);
            return Vec::new();
        }
    };
    let paths: Vec<&str> = seq.iter().filter_map(Value::as_str).collect();
    let found = f.locator().find_each(from, paths.iter().copied());
    paths
        .iter()
        .zip(found)
        .map(|(p, at)| RecordItem { path: p.to_string(), line: at.map_or(from, |a| a.0), column: at.map_or(1, |a| a.1) })
        .collect()
}

/// True for `2020-05` or `2020-q2`.
pub fn is_period(p: &str) -> bool {
    crate::period::Period::parse(p).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        assert!(is_period("2020-05"));
        assert!(is_period("2020-q2"));
        assert!(!is_period("2020-13"));
        assert!(!is_period("2020-q5"));
    }

    #[test]
    fn supplements_are_named_year_s_n() {
        assert_eq!(parse_supplement("2026-s1"), Some((2026, 1)));
        assert_eq!(parse_supplement("2026-s12"), Some((2026, 12)));
        for bad in ["2026-s0", "2026-s01", "26-s1", "2026-s", "2026-s+1", "2026-q1", "+026-s1"] {
            assert_eq!(parse_supplement(bad), None, "{bad}");
        }
    }

    fn parse(rel: &str, text: &str) -> (Option<BulletinNote>, Vec<(&'static str, usize, usize)>) {
        let mut diags = Diagnostics::default();
        let note = parse_note(rel, &format!("content/{rel}"), text.to_string(), &mut diags);
        (note, diags.sorted().iter().map(|d| (d.code, d.line, d.column)).collect())
    }

    #[test]
    fn a_record_is_read_with_its_items_located() {
        let text = "---\ntitle: 标题\nsigner: 陈立军\nissued:\n  date: 2026-11-05\n  number: 5\n  total: 13\n  signer: 陈立军\n  items:\n    - reports/2026/a.md\n    - classes/2026/b.md\n  late:\n    - reports/2026/a.md\n---\n\n按语。\n";
        let (note, found) = parse("bulletins/chengdu/2026-10.md", text);
        assert_eq!(found, []);
        let note = note.unwrap();
        let r = note.issued.unwrap();
        assert_eq!(
            (r.date, r.number, r.total, r.signer.as_deref()),
            (NaiveDate::from_ymd_opt(2026, 11, 5).unwrap(), 5, Some(13), Some("陈立军"))
        );
        let items: Vec<(&str, usize, usize)> = r.items.iter().map(|i| (i.path.as_str(), i.line, i.column)).collect();
        assert_eq!(items, [("reports/2026/a.md", 10, 7), ("classes/2026/b.md", 11, 7)]);
        assert_eq!((r.late[0].path.as_str(), r.late[0].line), ("reports/2026/a.md", 13));
        assert_eq!((r.at, r.date_at, r.number_at, r.total_at), ((4, 1), (5, 3), (6, 3), (7, 3)));
        assert_eq!(&note.text[note.body_start..], "\n按语。\n");
    }

    #[test]
    fn a_supplement_lists_its_items() {
        let text = "---\ntitle: 专刊\nitems:\n  - reports/2026/a.md\n---\n";
        let (note, found) = parse("bulletins/all/2026-s2.md", text);
        assert_eq!(found, []);
        let note = note.unwrap();
        assert_eq!(note.supplement, Some((2026, 2)));
        assert_eq!((note.items[0].path.as_str(), note.items[0].line), ("reports/2026/a.md", 4));
    }

    #[test]
    fn record_problems_are_located() {
        let text = "---\nitems: [a.md]\nissued:\n  date: 2026-13-01\n  number: first\n  when: x\n  signer: [a]\n---\n";
        let (note, found) = parse("bulletins/chengdu/2026-10.md", text);
        assert_eq!(
            found,
            [("supplement-items", 2, 8), ("invalid-date", 4, 3), ("wrong-type", 5, 3), ("unknown-field", 6, 3), ("wrong-type", 7, 3)]
        );
        assert!(note.unwrap().issued.is_none());
    }

    #[test]
    fn bulletin_field_keys_are_known() {
        let text = "---\nname: 简报\nunit: 办公室\nmarking: 内部资料\ncolumns: [组织共建]\nfull_text: true\nreport_to: [公司党委]\nsend_to: [甲]\nissue_to: [乙]\ncopies: 40\nreviewer: 王强\nsigner: 陈立军\n---\n";
        let (_, found) = parse("bulletins/chengdu/2026-10.md", text);
        assert_eq!(found, []);
    }
}
