//! Problems and decisions as written (难题与决定事项): the record files
//! `content/problems/<id>.yaml`, and what a report says of them — the
//! records it advances (`advances:`), the meeting it reports (`meeting:`)
//! and the decisions that meeting made (`decisions:`).
//!
//! Nothing here resolves a region, a unit or a record named elsewhere:
//! [`crate::regional::problems`] does, once the pages are known. Every
//! entry keeps the file position it was written at, so that later problems
//! are located.

use chrono::NaiveDate;
use serde_yaml::{Mapping, Value};

use crate::diagnostics::Diagnostics;
use crate::front_matter::{Fields, map_str, parse_date};
use crate::messages::{Expected, Hint, Message, ProblemHint, ProblemMessage};

/// Where a record stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// 提出: raised.
    Raised,
    /// 认领: a unit has taken it on.
    Claimed,
    /// 推进中: being worked on.
    InProgress,
    /// 已办结: done.
    Closed,
    /// 搁置: put aside, with a reason.
    Shelved,
}

impl Status {
    /// Every status, in the order of the flow.
    pub const ALL: [Status; 5] = [Status::Raised, Status::Claimed, Status::InProgress, Status::Closed, Status::Shelved];

    /// The status written as its Chinese name or its English id.
    pub fn parse(s: &str) -> Option<Status> {
        Some(match s.trim() {
            "提出" | "raised" => Status::Raised,
            "认领" | "claimed" => Status::Claimed,
            "推进中" | "in-progress" => Status::InProgress,
            "已办结" | "办结" | "closed" => Status::Closed,
            "搁置" | "shelved" => Status::Shelved,
            _ => return None,
        })
    }

    /// The id templates and URLs use.
    pub fn id(self) -> &'static str {
        match self {
            Status::Raised => "raised",
            Status::Claimed => "claimed",
            Status::InProgress => "in-progress",
            Status::Closed => "closed",
            Status::Shelved => "shelved",
        }
    }

    /// The Chinese name, as written in the files.
    pub fn name(self) -> &'static str {
        match self {
            Status::Raised => "提出",
            Status::Claimed => "认领",
            Status::InProgress => "推进中",
            Status::Closed => "已办结",
            Status::Shelved => "搁置",
        }
    }

    /// Still to be done: raised, claimed or in progress.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Raised | Status::Claimed | Status::InProgress)
    }
}

/// One step of a record's history as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Step {
    /// The status the record moved to.
    pub status: Status,
    /// When (a step without one is an error, reported where parsed).
    pub date: Option<NaiveDate>,
    /// What was done.
    pub note: Option<String>,
    /// Why it was put aside (搁置).
    pub reason: Option<String>,
    /// File (line, column) of the step.
    pub pos: (usize, usize),
}

/// A record file, `content/problems/<id>.yaml`: a problem of its own, or
/// the later steps of a meeting's decision with the same id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ProblemFile {
    /// The file stem.
    pub id: String,
    /// Path shown in messages.
    pub shown: String,
    /// Title (required unless the file follows up a decision).
    pub title: Option<String>,
    /// Markdown description.
    pub description: Option<String>,
    /// Region ids as written, with their positions.
    pub regions: Vec<(String, (usize, usize))>,
    /// Who raised it (a person, a unit or a meeting).
    pub raised_by: Option<String>,
    /// The responsible unit (责任单位), with its position.
    pub unit: Option<(String, (usize, usize))>,
    /// Deadline (办结时限), with the position of its value.
    pub deadline: Option<(NaiveDate, (usize, usize))>,
    /// The steps, in the order written.
    pub history: Vec<Step>,
    /// File text, for the source line under later diagnostics.
    pub text: String,
    /// The file does not read as YAML (its error is reported):
    /// the record still exists for the other files' checks, so that a
    /// report advancing it gets no "unknown record" error besides.
    pub unparsed: bool,
}

/// A record a report advances (`advances:`), perhaps with the step it takes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Advance {
    /// The record's id.
    pub id: String,
    /// The step the report takes (dated on the report's date), if any.
    pub status: Option<Status>,
    /// What was done.
    pub note: Option<String>,
    /// Why it was put aside.
    pub reason: Option<String>,
    /// File (line, column) of the entry.
    pub pos: (usize, usize),
}

/// A joint meeting a report reports (`meeting:`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Meeting {
    /// 联席会, 现场推进会, …
    pub kind: String,
    /// Who attended (people or units).
    pub attendees: Vec<String>,
    /// What was discussed.
    pub topics: Vec<String>,
}

/// A decision of a meeting (`decisions:`), a record from the report's date on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decision {
    /// `id:` when given (else `<report slug>-<n>`).
    pub id: Option<String>,
    /// What was decided.
    pub title: String,
    /// Markdown description.
    pub description: Option<String>,
    /// The responsible unit, with its position.
    pub unit: Option<(String, (usize, usize))>,
    /// Deadline.
    pub deadline: Option<NaiveDate>,
    /// File (line, column) of the entry.
    pub pos: (usize, usize),
}

/// What a report says of problems and decisions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ReportWork {
    /// Records it advances.
    pub advances: Vec<Advance>,
    /// The meeting it reports.
    pub meeting: Option<Meeting>,
    /// The decisions of that meeting.
    pub decisions: Vec<Decision>,
}

impl ReportWork {
    /// True when the report says nothing of records.
    pub fn is_empty(&self) -> bool {
        self.advances.is_empty() && self.meeting.is_none() && self.decisions.is_empty()
    }
}

/// The report front-matter keys read here.
pub const REPORT_KEYS: [&str; 3] = ["advances", "meeting", "decisions"];
const FILE_KEYS: &[&str] = &["title", "description", "region", "raised_by", "unit", "deadline", "history"];
const STEP_KEYS: &[&str] = &["status", "date", "note", "reason"];
const ADVANCE_KEYS: &[&str] = &["id", "status", "note", "reason"];
const MEETING_KEYS: &[&str] = &["kind", "attendees", "topics"];
const DECISION_KEYS: &[&str] = &["id", "title", "description", "unit", "deadline"];

/// Parses `content/problems/<id>.yaml`.
pub fn parse_problem(rel: &str, shown: &str, text: &str, diags: &mut Diagnostics) -> Option<ProblemFile> {
    let file = rel.rsplit('/').next().unwrap_or(rel);
    let id = file.trim_end_matches(".yaml").trim_end_matches(".yml").to_string();
    let mut f = match Fields::parse(shown, text, text, 0) {
        Ok(f) => f,
        Err(d) => {
            diags.extend(*d);
            let shown = shown.to_string();
            let (title, description, raised_by, unit, deadline) = (None, None, None, None, None);
            let (regions, history, text) = (Vec::new(), Vec::new(), text.to_string());
            return Some(ProblemFile { id, shown, title, description, regions, raised_by, unit, deadline, history, text, unparsed: true });
        }
    };
    if !crate::slug::is_ascii_id(&id) {
        f.report_at(1, 0, Message::Problem(ProblemMessage::InvalidId { id: id.clone() }), None);
    }
    f.warn_unknown_keys(FILE_KEYS);
    let regions = located_list(&mut f, "region");
    let unit = f.string("unit", false).map(|u| (u.clone(), f.pos_within("unit", &u)));
    let history = history(&mut f);
    let problem = ProblemFile {
        id,
        shown: shown.to_string(),
        title: f.string("title", false),
        description: f.string("description", false),
        regions,
        raised_by: f.string("raised_by", false),
        unit,
        deadline: f.date("deadline", false).map(|(d, _)| (d, f.pos_within("deadline", &d.to_string()))),
        history,
        text: text.to_string(),
        unparsed: false,
    };
    diags.extend(std::mem::take(&mut f.diags));
    Some(problem)
}

/// A string or list of strings, each with the position of its text.
fn located_list(f: &mut Fields<'_>, key: &str) -> Vec<(String, (usize, usize))> {
    let (line, _) = f.pos(key);
    let names = f.string_list(key);
    let found = f.locator().find_each(line, names.iter().map(String::as_str));
    names.into_iter().zip(found).map(|(n, p)| (n, p.unwrap_or(f.pos(key)))).collect()
}

/// Where the entry `m` of the list under `key` starts: its `needle` (its
/// most telling value) searched from `from`, the line after the last entry.
fn entry_pos(f: &Fields<'_>, from: usize, needle: &str) -> (usize, usize) {
    f.locator().find(from, needle).unwrap_or((from, 1))
}

/// A step's status, reported at `pos` when missing or unknown.
fn status_of(f: &mut Fields<'_>, m: &Mapping, pos: (usize, usize), required: bool) -> Option<Option<Status>> {
    match map_str(m, "status") {
        None if required => {
            f.report_at(pos.0, pos.1, Message::MissingField { key: "status".into() }, Some(Hint::Problem(ProblemHint::Statuses)));
            None
        }
        None => Some(None),
        Some(s) => match Status::parse(&s) {
            Some(st) => Some(Some(st)),
            None => {
                let names: Vec<&str> = Status::ALL.iter().map(|s| s.name()).collect();
                let near = crate::diagnostics::nearest(&s, names);
                let hint = Hint::nearest_or(near, Hint::Problem(ProblemHint::Statuses));
                f.report_at(pos.0, pos.1, Message::Problem(ProblemMessage::UnknownStatus { status: s }), Some(hint));
                None
            }
        },
    }
}

/// A date of a nested entry, reported at `pos` when not a date.
fn entry_date(f: &mut Fields<'_>, m: &Mapping, key: &str, pos: (usize, usize)) -> Option<NaiveDate> {
    let text = map_str(m, key)?;
    match parse_date(&text) {
        Some(d) => Some(d.0),
        None => {
            let (line, col) = f.locator().find(pos.0, &text).unwrap_or(pos);
            f.report_at(line, col, Message::InvalidDate { key: key.into(), value: text }, Some(Hint::DateFormat));
            None
        }
    }
}

/// `history:`: the steps, each with a known status; a step without a date
/// and a 搁置 without a reason are reported here.
fn history(f: &mut Fields<'_>) -> Vec<Step> {
    let list = f.mapping_list("history");
    let mut from = f.pos("history").0;
    let mut steps = Vec::new();
    for m in &list {
        let needle = map_str(m, "status").unwrap_or_else(|| "-".into());
        let pos = entry_pos(f, from, &needle);
        from = pos.0 + 1;
        f.warn_unknown_subkeys(pos.0, "history", m, STEP_KEYS);
        let Some(Some(status)) = status_of(f, m, pos, true) else { continue };
        let date = entry_date(f, m, "date", pos);
        if m.get("date").is_none() {
            let message = Message::Problem(ProblemMessage::StepUndated { status: status.name().into() });
            f.report_at(pos.0, pos.1, message, Some(Hint::Problem(ProblemHint::AddStepDate)));
        }
        let reason = map_str(m, "reason");
        if status == Status::Shelved && reason.is_none() {
            f.report_at(pos.0, pos.1, Message::Problem(ProblemMessage::ShelvedWithoutReason), Some(Hint::Problem(ProblemHint::AddReason)));
        }
        steps.push(Step { status, date, note: map_str(m, "note"), reason, pos });
    }
    steps
}

/// Reads `advances`, `meeting` and `decisions` of a report.
pub fn report_work(f: &mut Fields<'_>) -> ReportWork {
    ReportWork { advances: advances(f), meeting: meeting(f), decisions: decisions(f) }
}

fn advances(f: &mut Fields<'_>) -> Vec<Advance> {
    let Some(Value::Sequence(seq)) = f.get("advances").cloned() else {
        return match f.get("advances") {
            Some(Value::String(_)) => located_list(f, "advances")
                .into_iter()
                .map(|(id, pos)| Advance { id, status: None, note: None, reason: None, pos })
                .collect(),
            None => Vec::new(),
            Some(_) => {
                f.type_error("advances", Expected::List);
                Vec::new()
            }
        };
    };
    let mut from = f.pos("advances").0;
    let mut out = Vec::new();
    for v in seq {
        let (id, m) = match v {
            Value::String(s) => (s, Mapping::new()),
            Value::Mapping(m) => match map_str(&m, "id") {
                Some(id) => (id, m),
                None => {
                    let pos = entry_pos(f, from, "-");
                    f.report_at(pos.0, pos.1, Message::MissingField { key: "advances.id".into() }, None);
                    continue;
                }
            },
            _ => {
                f.type_error("advances", Expected::List);
                return out;
            }
        };
        let pos = entry_pos(f, from, &id);
        from = pos.0 + 1;
        f.warn_unknown_subkeys(pos.0, "advances", &m, ADVANCE_KEYS);
        let Some(status) = status_of(f, &m, pos, false) else { continue };
        let reason = map_str(&m, "reason");
        if status == Some(Status::Shelved) && reason.is_none() {
            f.report_at(pos.0, pos.1, Message::Problem(ProblemMessage::ShelvedWithoutReason), Some(Hint::Problem(ProblemHint::AddReason)));
        }
        out.push(Advance { id, status, note: map_str(&m, "note"), reason, pos });
    }
    out
}

fn meeting(f: &mut Fields<'_>) -> Option<Meeting> {
    let m = f.mapping("meeting")?;
    let line = f.pos("meeting").0;
    f.warn_unknown_subkeys(line, "meeting", &m, MEETING_KEYS);
    let names = |key: &str| -> Vec<String> {
        match m.get(key) {
            Some(Value::Sequence(seq)) => seq.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
            Some(Value::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        }
    };
    let kind = map_str(&m, "kind").unwrap_or_else(|| "联席会".into());
    Some(Meeting { kind, attendees: names("attendees"), topics: names("topics") })
}

fn decisions(f: &mut Fields<'_>) -> Vec<Decision> {
    let list = f.mapping_list("decisions");
    let mut from = f.pos("decisions").0;
    let mut out = Vec::new();
    for m in &list {
        let Some(title) = map_str(m, "title") else {
            let pos = entry_pos(f, from, "-");
            f.report_at(pos.0, pos.1, Message::MissingField { key: "decisions.title".into() }, None);
            continue;
        };
        let pos = entry_pos(f, from, &title);
        from = pos.0 + 1;
        f.warn_unknown_subkeys(pos.0, "decisions", m, DECISION_KEYS);
        let id = map_str(m, "id");
        if let Some(id) = id.as_ref().filter(|id| !crate::slug::is_ascii_id(id)) {
            f.report_at(pos.0, pos.1, Message::Problem(ProblemMessage::InvalidId { id: id.clone() }), None);
        }
        let unit = map_str(m, "unit").map(|u| {
            let at = f.locator().find(pos.0, &u).unwrap_or(pos);
            (u, at)
        });
        let deadline = entry_date(f, m, "deadline", pos);
        out.push(Decision { id, title, description: map_str(m, "description"), unit, deadline, pos });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> (Option<ProblemFile>, Vec<(String, usize, usize)>) {
        let mut d = Diagnostics::default();
        let p = parse_problem("problems/a.yaml", "content/problems/a.yaml", text, &mut d);
        (p, d.iter().map(|d| (d.message.code().to_string(), d.line, d.column)).collect())
    }

    #[test]
    fn a_record_file_reads_its_steps_in_order_with_their_lines() {
        let text = "title: 施工用电\nregion: chengdu\nunit: 成都项目部\ndeadline: 2026-03-31\nhistory:\n  - status: 提出\n    date: 2026-01-05\n  - { status: 认领, date: 2026-01-10 }\n";
        let (p, diags) = codes(text);
        assert!(diags.is_empty(), "{diags:?}");
        let p = p.unwrap();
        assert_eq!(p.history.iter().map(|s| (s.status, s.pos.0)).collect::<Vec<_>>(), [(Status::Raised, 6), (Status::Claimed, 8)]);
        assert_eq!(p.regions[0].0, "chengdu");
        assert_eq!(p.unit.unwrap().1.0, 3);
    }

    #[test]
    fn unknown_statuses_undated_steps_and_reasonless_shelving_are_located() {
        let text = "title: x\nhistory:\n  - status: 提出\n  - { status: 推进, date: 2026-01-10 }\n  - { status: 搁置, date: 2026-01-12 }\n";
        let (_, diags) = codes(text);
        let found: Vec<(&str, usize)> = diags.iter().map(|(c, l, _)| (c.as_str(), *l)).collect();
        assert_eq!(found, [("problem-step-date", 3), ("problem-status", 4), ("problem-shelved-reason", 5)]);
    }
}
