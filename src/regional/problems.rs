//! Problems and decisions followed to the end (难题共解, 联席会决定事项):
//! the records resolved from their files (`content/problems/`) and from
//! the reports that decide or advance them, with their histories, and the
//! figures the pages show (open, overdue, closed) as of a date.
//!
//! A record is made by a record file or by a decision of a meeting report
//! (`<report slug>-<n>`, or its `id:`); a record file with a decision's id
//! follows that decision up (its fields replace the decision's, its steps
//! come after). Reports that name a record in `advances:` are linked to it,
//! and one that gives a status adds a step dated on the report's date.
//! Every step list is sorted by date (a stable sort: the order written
//! breaks ties), then checked: the flow 提出 → 认领 → 推进中 → 已办结,
//! with 搁置 pausing an open record. What is overdue is judged on the build
//! date ([`crate::config::SiteConfig::build_date`]), never on the clock, so
//! that two builds with one date are identical.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::config::SiteConfig;
use crate::content::problem::{ProblemFile, Status};
use crate::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::graph::{PageId, PageNode, RegionId, RegionNode};
use crate::messages::{Hint, Message, ProblemHint, ProblemMessage};

/// One step of a resolved history.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Step {
    /// The status reached.
    pub status: Status,
    /// When.
    pub date: NaiveDate,
    /// What was done.
    pub note: Option<String>,
    /// Why it was put aside.
    pub reason: Option<String>,
    /// The report that took the step, if a report did.
    pub report: Option<PageId>,
}

/// A problem or decision, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Record {
    /// The id (file stem, decision id).
    pub id: String,
    /// `/problems/<id>/`.
    pub url: String,
    /// What it is.
    pub title: String,
    /// Description, rendered from Markdown.
    pub description_html: String,
    /// Its regions (none: company-wide).
    pub regions: Vec<RegionId>,
    /// Who raised it.
    pub raised_by: Option<String>,
    /// The responsible unit.
    pub unit: Option<String>,
    /// The deadline.
    pub deadline: Option<NaiveDate>,
    /// Its history, oldest first.
    pub steps: Vec<Step>,
    /// The meeting report that decided it (decisions only).
    pub meeting: Option<PageId>,
    /// Reports that advance it, oldest first.
    pub reports: Vec<PageId>,
}

impl Record {
    /// Its status on `day`: that of its last step dated on or before it.
    pub fn status_on(&self, day: NaiveDate) -> Option<Status> {
        self.steps.iter().rev().find(|s| s.date <= day).map(|s| s.status)
    }

    /// Its status now (its last step's).
    pub fn status(&self) -> Status {
        self.steps.last().map(|s| s.status).unwrap_or(Status::Raised)
    }

    /// The date it was closed (已办结), if its last step closes it.
    pub fn closed_on(&self) -> Option<NaiveDate> {
        self.steps.last().filter(|s| s.status == Status::Closed).map(|s| s.date)
    }

    /// True when on `day` it is open and past its deadline (the deadline
    /// day itself is not late).
    pub fn overdue_on(&self, day: NaiveDate) -> bool {
        self.deadline.is_some_and(|d| d < day) && self.status_on(day).is_some_and(Status::is_open)
    }

    /// True when it belongs to region `r` (`None`: any record).
    pub fn in_region(&self, r: Option<RegionId>) -> bool {
        r.is_none_or(|r| self.regions.contains(&r))
    }
}

/// Counts of records as of a date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Counts {
    /// Raised, claimed or in progress.
    pub open: usize,
    /// Open and past their deadline (a part of `open`).
    pub overdue: usize,
    /// Closed.
    pub closed: usize,
    /// Put aside.
    pub shelved: usize,
}

/// Every record, by id, with the build date they are judged on.
#[derive(Debug, Clone, Default)]
pub struct Problems {
    /// The records, sorted by id.
    pub records: Vec<Record>,
    /// The build date.
    pub today: NaiveDate,
    /// The records each page decides or advances (indices into `records`).
    pub by_page: BTreeMap<PageId, Vec<usize>>,
    /// A hash of every record and the date (change detection).
    pub version: u64,
}

impl Problems {
    /// Counts of the records of region `r` (all with `None`) as of `day`:
    /// records with a step on or before it.
    pub fn counts(&self, r: Option<RegionId>, day: NaiveDate) -> Counts {
        let mut c = Counts::default();
        for rec in self.records.iter().filter(|x| x.in_region(r)) {
            match rec.status_on(day) {
                Some(s) if s.is_open() => {
                    c.open += 1;
                    c.overdue += usize::from(rec.overdue_on(day));
                }
                Some(Status::Closed) => c.closed += 1,
                Some(_) => c.shelved += 1,
                None => {}
            }
        }
        c
    }

    /// The record with id `id`.
    pub fn get(&self, id: &str) -> Option<usize> {
        self.records.binary_search_by(|r| r.id.as_str().cmp(id)).ok()
    }
}

/// Where a step or a record was written, for its diagnostics.
#[derive(Debug, Clone)]
struct Origin {
    /// Index of the record file, or the page.
    source: Source,
    pos: (usize, usize),
}

#[derive(Debug, Clone, Copy)]
enum Source {
    File(usize),
    Page(PageId),
}

/// A record being resolved: the record and where each step came from.
struct Draft {
    record: Record,
    origins: Vec<Origin>,
    /// Where its unit and deadline were given.
    unit_at: Option<Origin>,
    deadline_at: Option<Origin>,
    /// Its record file, if any.
    file: Option<usize>,
    /// A step of its file is dated before the one above it (already
    /// reported: the flow is not checked again, which would report the
    /// same slip twice).
    misdated: bool,
}

/// What the resolution reads.
pub struct Sources<'a> {
    /// Settings (the build date, Markdown sanitizing).
    pub cfg: &'a SiteConfig,
    /// The regions.
    pub regions: &'a [RegionNode],
    /// Every page.
    pub nodes: &'a [PageNode],
    /// Published reports, newest first.
    pub reports: &'a [PageId],
    /// The record files.
    pub files: &'a [ProblemFile],
}

impl Sources<'_> {
    fn diag(&self, origin: &Origin, message: Message, hint: Option<Hint>) -> Diagnostic {
        match origin.source {
            Source::File(i) => {
                let f = &self.files[i];
                Diagnostic::new(&f.shown, origin.pos.0, origin.pos.1, message).with_hint_opt(hint).with_source(&f.text)
            }
            Source::Page(p) => self.nodes[p].doc.diag(origin.pos, message).with_hint_opt(hint),
        }
    }

    fn region_of(&self, id: &str) -> Option<RegionId> {
        self.regions.iter().position(|r| r.region.id == id).map(RegionId)
    }
}

/// Resolves every record; problems go to `diags` (errors), overdue
/// records are notes.
pub fn build(src: &Sources<'_>, diags: &mut Diagnostics) -> Problems {
    let today = src.cfg.build_date;
    let sanitize = crate::graph::nodes::sanitizes(src.cfg);
    // Reports oldest first (then by source): decisions and steps in the order they were taken.
    let mut reports: Vec<PageId> = src.reports.to_vec();
    reports.sort_by(|&a, &b| (src.nodes[a].date(), &src.nodes[a].doc.source).cmp(&(src.nodes[b].date(), &src.nodes[b].doc.source)));
    let mut drafts: BTreeMap<String, Draft> = BTreeMap::new();
    for &p in &reports {
        decisions_of(src, p, &mut drafts, diags, sanitize);
    }
    for i in 0..src.files.len() {
        file_record(src, i, &mut drafts, diags, sanitize);
    }
    let ids: Vec<String> = drafts.keys().cloned().collect();
    for &p in &reports {
        advances_of(src, p, &mut drafts, &ids, diags);
    }
    let mut records = Vec::with_capacity(drafts.len());
    for (_, mut d) in drafts {
        // A record whose file does not read is judged by no one
        // (its steps and unit are unknown); the file's own error is enough.
        let unparsed = d.file.is_some_and(|i| src.files[i].unparsed);
        let mut unheard = Diagnostics::default();
        let diags: &mut Diagnostics = if unparsed { &mut unheard } else { &mut *diags };
        check_unit(src, &d, diags);
        order_steps(src, &mut d, diags);
        if let (Some(deadline), Some(at)) = (d.record.deadline, &d.deadline_at)
            && d.record.overdue_on(today)
        {
            let days = (today - deadline).num_days();
            let message = ProblemMessage::Overdue { title: d.record.title.clone(), deadline: deadline.to_string(), days };
            diags.push(src.diag(at, Message::Problem(message), Some(Hint::Problem(ProblemHint::CloseOrExtend))));
        }
        records.push(d.record);
    }
    let mut by_page: BTreeMap<PageId, Vec<usize>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        for &p in r.meeting.iter().chain(&r.reports) {
            let list = by_page.entry(p).or_default();
            if !list.contains(&i) {
                list.push(i);
            }
        }
    }
    let version = crate::hash::hash_of(&(&records, today));
    Problems { records, today, by_page, version }
}

/// The regions named in a list, unknown ones reported with a suggestion.
fn resolve_regions(src: &Sources<'_>, names: &[(String, (usize, usize))], file: usize, diags: &mut Diagnostics) -> Vec<RegionId> {
    let mut out = Vec::new();
    for (name, pos) in names {
        match src.region_of(name) {
            Some(r) if !out.contains(&r) => out.push(r),
            Some(_) => {}
            None => {
                let near = nearest(name, src.regions.iter().map(|r| r.region.id.as_str()));
                let hint = Hint::nearest_or(near, Hint::KnownFields(src.regions.iter().map(|r| r.region.id.clone()).collect()));
                let origin = Origin { source: Source::File(file), pos: *pos };
                diags.push(src.diag(&origin, Message::UnknownRegion { id: name.clone() }, Some(hint)));
            }
        }
    }
    out
}

/// The decisions of report `p` as new records.
fn decisions_of(src: &Sources<'_>, p: PageId, drafts: &mut BTreeMap<String, Draft>, diags: &mut Diagnostics, sanitize: bool) {
    let node = &src.nodes[p];
    let doc = &node.doc;
    let Some(date) = doc.date else { return };
    let kind = doc.work.meeting.as_ref().map(|m| m.kind.clone());
    for (k, d) in doc.work.decisions.iter().enumerate() {
        let id = d.id.clone().unwrap_or_else(|| format!("{}-{}", doc.slug, k + 1));
        let at = Origin { source: Source::Page(p), pos: d.pos };
        if let Some(other) = drafts.get(&id) {
            let other = other.record.meeting.map(|m| src.nodes[m].doc.shown.clone()).unwrap_or_default();
            diags.push(src.diag(&at, Message::Problem(ProblemMessage::DuplicateRecord { id, other }), None));
            continue;
        }
        let record = Record {
            url: format!("/problems/{id}/"),
            id: id.clone(),
            title: d.title.clone(),
            description_html: d.description.as_deref().map(|t| crate::markdown::render_plain(t, sanitize)).unwrap_or_default(),
            regions: node.regions.clone(),
            raised_by: Some(match &kind {
                Some(k) => format!("{k}（{}）", doc.title),
                None => doc.title.clone(),
            }),
            unit: d.unit.as_ref().map(|u| u.0.clone()),
            deadline: d.deadline,
            steps: vec![Step { status: Status::Raised, date, note: None, reason: None, report: Some(p) }],
            meeting: Some(p),
            reports: Vec::new(),
        };
        let unit_at = d.unit.as_ref().map(|u| Origin { source: Source::Page(p), pos: u.1 });
        drafts.insert(id, Draft { record, origins: vec![at.clone()], unit_at, deadline_at: Some(at), file: None, misdated: false });
    }
}

/// Record file `i`: a record of its own, or the follow-up of a decision.
fn file_record(src: &Sources<'_>, i: usize, drafts: &mut BTreeMap<String, Draft>, diags: &mut Diagnostics, sanitize: bool) {
    let f = &src.files[i];
    let regions = resolve_regions(src, &f.regions, i, diags);
    let here = |pos| Origin { source: Source::File(i), pos };
    let draft = match drafts.get_mut(&f.id) {
        Some(d) if d.file.is_some() => {
            let other = src.files[d.file.unwrap_or(i)].shown.clone();
            diags.push(src.diag(&here((1, 0)), Message::Problem(ProblemMessage::DuplicateRecord { id: f.id.clone(), other }), None));
            return;
        }
        Some(d) => d,
        None => {
            if f.title.is_none() && !f.unparsed {
                let message = Message::MissingField { key: "title".into() };
                diags.push(src.diag(&here((1, 1)), message, Some(Hint::AddField { key: "title".into() })));
            }
            let record = Record {
                url: format!("/problems/{}/", f.id),
                id: f.id.clone(),
                title: f.title.clone().unwrap_or_else(|| f.id.clone()),
                description_html: String::new(),
                regions: Vec::new(),
                raised_by: None,
                unit: None,
                deadline: None,
                steps: Vec::new(),
                meeting: None,
                reports: Vec::new(),
            };
            drafts.entry(f.id.clone()).or_insert(Draft {
                record,
                origins: Vec::new(),
                unit_at: None,
                deadline_at: None,
                file: None,
                misdated: false,
            })
        }
    };
    draft.file = Some(i);
    let r = &mut draft.record;
    if let Some(t) = &f.title {
        r.title = t.clone();
    }
    if let Some(d) = &f.description {
        r.description_html = crate::markdown::render_plain(d, sanitize);
    }
    if !f.regions.is_empty() {
        r.regions = regions;
    }
    if f.raised_by.is_some() {
        r.raised_by = f.raised_by.clone();
    }
    if let Some((unit, pos)) = &f.unit {
        r.unit = Some(unit.clone());
        draft.unit_at = Some(here(*pos));
    }
    if let Some((deadline, pos)) = f.deadline {
        r.deadline = Some(deadline);
        draft.deadline_at = Some(here(pos));
    }
    let mut previous: Option<NaiveDate> = None;
    for s in &f.history {
        let Some(date) = s.date else { continue };
        // Written in the order they happened: a step dated before the one above it is a slip.
        if let Some(prev) = previous.filter(|&p| date < p) {
            let message =
                ProblemMessage::StepBeforePrevious { status: s.status.name().into(), date: date.to_string(), previous: prev.to_string() };
            diags.push(src.diag(&here(s.pos), Message::Problem(message), Some(Hint::Problem(ProblemHint::StepOrder))));
            draft.misdated = true;
        }
        previous = Some(date);
        r.steps.push(Step { status: s.status, date, note: s.note.clone(), reason: s.reason.clone(), report: None });
        draft.origins.push(here(s.pos));
    }
}

/// The records report `p` advances: linked, and stepped when it gives a status.
fn advances_of(src: &Sources<'_>, p: PageId, drafts: &mut BTreeMap<String, Draft>, ids: &[String], diags: &mut Diagnostics) {
    let doc = &src.nodes[p].doc;
    let Some(date) = doc.date else { return };
    for a in &doc.work.advances {
        let at = Origin { source: Source::Page(p), pos: a.pos };
        let Some(d) = drafts.get_mut(&a.id) else {
            let near = nearest(&a.id, ids.iter().map(String::as_str));
            let hint = (!near.is_empty()).then(|| Hint::DidYouMean(near.into_iter().map(str::to_string).collect()));
            diags.push(src.diag(&at, Message::Problem(ProblemMessage::UnknownRecord { id: a.id.clone() }), hint));
            continue;
        };
        if !d.record.reports.contains(&p) && d.record.meeting != Some(p) {
            d.record.reports.push(p);
        }
        if let Some(status) = a.status {
            d.record.steps.push(Step { status, date, note: a.note.clone(), reason: a.reason.clone(), report: Some(p) });
            d.origins.push(at);
        }
    }
}

/// The responsible unit must be a member unit of one of the record's
/// regions (of any region for a company-wide record).
fn check_unit(src: &Sources<'_>, d: &Draft, diags: &mut Diagnostics) {
    let (Some(unit), Some(at)) = (&d.record.unit, &d.unit_at) else { return };
    let regions: Vec<&RegionNode> = match d.record.regions.is_empty() {
        true => src.regions.iter().collect(),
        false => d.record.regions.iter().map(|&r| &src.regions[r]).collect(),
    };
    let names: Vec<&str> = regions.iter().flat_map(|r| r.region.units.iter().map(|u| u.name.as_str())).collect();
    // A region whose file did not read knows no units.
    if names.contains(&unit.as_str()) || regions.iter().any(|r| r.region.unparsed) {
        return;
    }
    let hint = Hint::nearest_or(nearest(unit, names.iter().copied()), Hint::KnownFields(names.iter().map(|s| s.to_string()).collect()));
    diags.push(src.diag(at, Message::Problem(ProblemMessage::UnknownUnit { unit: unit.clone() }), Some(hint)));
}

/// Sorts the steps by date (stably) and checks the flow.
fn order_steps(src: &Sources<'_>, d: &mut Draft, diags: &mut Diagnostics) {
    let mut paired: Vec<(Step, Origin)> = d.record.steps.drain(..).zip(d.origins.drain(..)).collect();
    paired.sort_by_key(|(s, _)| s.date);
    let rank = |s: Status| match s {
        Status::Raised => 0,
        Status::Claimed => 1,
        Status::InProgress => 2,
        Status::Closed => 3,
        Status::Shelved => 4,
    };
    let mut last: Option<Status> = None;
    let mut reached = 0;
    for (step, at) in &paired {
        let ok = match (last, step.status) {
            (None, s) => s == Status::Raised,
            (Some(Status::Closed), _) => false,
            (Some(prev), Status::Shelved) => prev.is_open(),
            (Some(_), Status::Raised) => false,
            (Some(prev), s) => {
                rank(s) > reached
                    || (s == Status::InProgress && prev == Status::InProgress)
                    || (prev == Status::Shelved && rank(s) >= reached)
            }
        };
        if !ok && !d.misdated {
            let previous = last.map(|s| s.name().to_string()).unwrap_or_else(|| "—".into());
            let message = ProblemMessage::StepOutOfOrder { status: step.status.name().into(), previous };
            diags.push(src.diag(at, Message::Problem(message), Some(Hint::Problem(ProblemHint::StepOrder))));
        }
        if step.status != Status::Shelved {
            reached = reached.max(rank(step.status));
        }
        last = Some(step.status);
    }
    d.record.steps = paired.into_iter().map(|(s, _)| s).collect();
    d.record.reports.sort_by_key(|&p| (src.nodes[p].date(), p));
}

/// Records in a list for region `r`, sorted: overdue first, then open by
/// deadline, then the rest by id.
pub fn sorted_ids(p: &Problems, r: Option<RegionId>) -> Vec<usize> {
    sorted_where(p, |rec| rec.in_region(r))
}

/// The records that `keep` keeps, in the order of [`sorted_ids`] (an
/// open bulletin issue filters first: it shows few of many records).
pub fn sorted_where(p: &Problems, keep: impl Fn(&Record) -> bool) -> Vec<usize> {
    let mut ids: Vec<usize> = (0..p.records.len()).filter(|&i| keep(&p.records[i])).collect();
    ids.sort_by_cached_key(|&i| {
        let rec = &p.records[i];
        (!rec.overdue_on(p.today), !rec.status().is_open(), rec.deadline.unwrap_or(NaiveDate::MAX), rec.id.as_str())
    });
    ids
}

#[cfg(test)]
mod tests {
    use crate::content::problem::Status;
    use crate::test_site::{load_ok, report};

    #[test]
    fn a_decision_is_followed_up_by_a_file_and_a_report_without_editing_the_meeting() {
        let meeting = "meeting:\n  kind: 联席会\n  attendees: [甲监理站]\ndecisions:\n  - title: 每月5日前更新台账\n    unit: 甲监理站\n    deadline: 2026-04-30\n";
        let g = load_ok(&[
            ("content/reports/meet.md", report("2026-03-02", "alpha", meeting)),
            ("content/problems/meet-1.yaml", "history:\n  - { status: 认领, date: 2026-03-05 }\n".to_string()),
            ("content/reports/later.md", report("2026-03-20", "alpha", "advances:\n  - { id: meet-1, status: 推进中 }\n")),
        ]);
        let p = &g.problems;
        let r = &p.records[p.get("meet-1").expect("the decision's default id")];
        let steps: Vec<(Status, String)> = r.steps.iter().map(|s| (s.status, s.date.to_string())).collect();
        assert_eq!(
            steps,
            [
                (Status::Raised, "2026-03-02".to_string()),
                (Status::Claimed, "2026-03-05".to_string()),
                (Status::InProgress, "2026-03-20".to_string())
            ]
        );
        assert_eq!(r.unit.as_deref(), Some("甲监理站"));
        assert_eq!(r.raised_by.as_deref(), Some("联席会（报道2026-03-02）"));
        let may = chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        assert!(r.overdue_on(may) && !r.overdue_on(may.pred_opt().unwrap()));
        // Found by search, as a record of its own.
        let docs = crate::search::collect(&g);
        let doc = docs.iter().find(|d| d.kind == "problem").expect("a search document");
        assert_eq!((doc.url.as_str(), doc.title.as_str()), ("/problems/meet-1/", "每月5日前更新台账"));
    }
}
