//! The context of the problems and decisions: the site-wide list
//! (`/problems/`, a section per status and one of the overdue records),
//! each record's page (`/problems/<id>/`, its history as a timeline and
//! its reports), and the blocks other pages add: a region's records, the
//! dashboard's counts per region, a report's records and an open bulletin
//! issue's closed and overdue records.

use chrono::NaiveDate;
use tera::Value;

use super::Made;
use crate::content::problem::Status;
use crate::graph::{PageId, RegionId};
use crate::regional::IssueId;
use crate::regional::problems::{Counts, Record, sorted_ids, sorted_where};
use crate::render::values::{list, obj, opt, safe};
use crate::render::{Renderer, date_display};

impl Renderer<'_> {
    fn day(&self, d: NaiveDate) -> Value {
        date_display(d, self.g.config.language).into()
    }

    fn status_value(&self, s: Status) -> Value {
        obj([("id", s.id().into()), ("name", self.t(&format!("problem_status_{}", s.id().replace('-', "_"))).into())])
    }

    fn page_link(&self, p: PageId) -> Value {
        let n = &self.g.nodes[p];
        obj([
            ("title", n.doc.title.as_str().into()),
            ("url", n.url.as_str().into()),
            ("date", n.doc.date.map(|d| self.day(d)).unwrap_or_else(Value::none)),
        ])
    }

    /// A record's entry in lists: what, where, who, until when, how it stands.
    fn record_value(&self, i: usize) -> Value {
        let p = &self.g.problems;
        let r: &Record = &p.records[i];
        let regions = list(r.regions.iter().map(|&x| self.region_refs[x.index()].clone()));
        obj([
            ("id", r.id.as_str().into()),
            ("url", r.url.as_str().into()),
            ("title", r.title.as_str().into()),
            ("regions", regions),
            ("unit", opt(&r.unit)),
            ("raised_by", opt(&r.raised_by)),
            ("deadline", r.deadline.map(|d| self.day(d)).unwrap_or_else(Value::none)),
            ("status", self.status_value(r.status())),
            ("overdue", r.overdue_on(p.today).into()),
            ("decision", r.meeting.is_some().into()),
            ("updated", r.steps.last().map(|s| self.day(s.date)).unwrap_or_else(Value::none)),
            ("report_count", (r.reports.len() + usize::from(r.meeting.is_some())).into()),
        ])
    }

    fn counts_value(c: Counts) -> Value {
        obj([("open", c.open.into()), ("overdue", c.overdue.into()), ("closed", c.closed.into()), ("shelved", c.shelved.into())])
    }

    /// `/problems/`: the overdue records first, then a section per status.
    pub(super) fn problems_context(&self) -> Made {
        let p = &self.g.problems;
        let mut ctx = self.base_context("problems", "/problems/", self.t("problems"), self.t("problems_intro"), "problems");
        let ids = sorted_ids(p, None);
        let overdue: Vec<Value> = ids.iter().filter(|&&i| p.records[i].overdue_on(p.today)).map(|&i| self.record_value(i)).collect();
        let sections = Status::ALL.iter().map(|&s| {
            let items: Vec<Value> = ids.iter().filter(|&&i| p.records[i].status() == s).map(|&i| self.record_value(i)).collect();
            obj([("status", self.status_value(s)), ("count", items.len().into()), ("items", list(items))])
        });
        ctx.insert_value("overdue", list(overdue));
        ctx.insert_value("sections", list(sections));
        ctx.insert_value("counts", Self::counts_value(p.counts(None, p.today)));
        ctx.insert_value("as_of", self.day(p.today));
        ("/problems/".into(), "problems.html", ctx)
    }

    /// `/problems/<id>/`: the record, its history and its reports.
    pub(super) fn problem_context(&self, i: usize) -> Made {
        let p = &self.g.problems;
        let r = &p.records[i];
        let mut ctx = self.base_context("problem", &r.url, r.title.clone(), String::new(), "problems");
        let steps = r.steps.iter().map(|s| {
            obj([
                ("status", self.status_value(s.status)),
                ("date", s.date.format("%Y-%m-%d").to_string().into()),
                ("date_display", self.day(s.date)),
                ("note", opt(&s.note)),
                ("reason", opt(&s.reason)),
                ("report", s.report.map(|x| self.page_link(x)).unwrap_or_else(Value::none)),
            ])
        });
        let mut m = crate::render::values::to_map(&self.record_value(i));
        m.insert("description_html", safe(&r.description_html));
        ctx.insert_value("syntax_css", super::highlighted(&r.description_html).into());
        m.insert("steps", list(steps));
        m.insert("meeting", r.meeting.map(|x| self.page_link(x)).unwrap_or_else(Value::none));
        m.insert("reports", list(r.reports.iter().map(|&x| self.page_link(x))));
        ctx.insert_value("record", Value::from(m));
        ctx.insert_value("as_of", self.day(p.today));
        ctx.insert_value("problems_url", "/problems/".into());
        (r.url.clone(), "problem.html", ctx)
    }

    /// A region's records and counts, for its page (`None` when the site
    /// has no records).
    pub(in crate::render) fn region_problems(&self, r: RegionId) -> Value {
        let p = &self.g.problems;
        if p.records.is_empty() {
            return Value::none();
        }
        let items = list(sorted_ids(p, Some(r)).into_iter().map(|i| self.record_value(i)));
        obj([
            ("counts", Self::counts_value(p.counts(Some(r), p.today))),
            ("items", items),
            ("as_of", self.day(p.today)),
            ("url", "/problems/".into()),
        ])
    }

    /// The dashboard's counts per region as of the end of `year` (or the
    /// build date, when earlier).
    pub(in crate::render) fn dashboard_problems(&self, year: i32) -> Value {
        let g = self.g;
        let p = &g.problems;
        if p.records.is_empty() {
            return Value::none();
        }
        let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(p.today);
        let day = end.min(p.today);
        let rows =
            g.regions.iter().enumerate().map(|(r, _)| {
                obj([("region", self.region_refs[r].clone()), ("counts", Self::counts_value(p.counts(Some(RegionId(r)), day)))])
            });
        obj([
            ("rows", list(rows)),
            ("total", Self::counts_value(p.counts(None, day))),
            ("as_of", self.day(day)),
            ("url", "/problems/".into()),
        ])
    }

    /// The sitemap's entries: `/problems/` and each record's page, dated by
    /// their latest step.
    pub(in crate::render) fn problems_sitemap(&self) -> Vec<(String, Option<String>)> {
        let p = &self.g.problems;
        if p.records.is_empty() {
            return Vec::new();
        }
        let last = |r: &Record| r.steps.last().map(|s| s.date.format("%Y-%m-%d").to_string());
        let newest = p.records.iter().filter_map(last).max();
        std::iter::once(("/problems/".to_string(), newest)).chain(p.records.iter().map(|r| (r.url.clone(), last(r)))).collect()
    }

    /// The records a report decides or advances.
    pub(in crate::render) fn page_problems(&self, page: PageId) -> Value {
        let p = &self.g.problems;
        list(p.by_page.get(&page).into_iter().flatten().map(|&i| self.record_value(i)))
    }

    /// An open (not issued) regular issue's records: those closed in its
    /// period and those overdue at its end (or on the build date, when
    /// earlier). An issued issue is a frozen record and a supplement has
    /// no period of its own: neither shows them.
    pub(in crate::render) fn issue_problems(&self, i: IssueId) -> Value {
        let g = self.g;
        let p = &g.problems;
        let issue = &g.regional.bulletins.issues[i];
        if p.records.is_empty() || issue.issued.is_some() || issue.supplement.is_some() {
            return Value::none();
        }
        let (Some(first), Some(next)) = (issue.period.first_day(), issue.period.next().first_day()) else { return Value::none() };
        let last = next.pred_opt().unwrap_or(next);
        let day = last.min(p.today);
        let closed_in = |r: &Record| r.closed_on().is_some_and(|d| d >= first && d <= last);
        let ids = sorted_where(p, |r| r.in_region(issue.region) && (closed_in(r) || r.overdue_on(day)));
        if ids.is_empty() {
            return Value::none();
        }
        let closed: Vec<Value> = ids.iter().filter(|&&x| closed_in(&p.records[x])).map(|&x| self.record_value(x)).collect();
        let overdue: Vec<Value> = ids.iter().filter(|&&x| p.records[x].overdue_on(day)).map(|&x| self.record_value(x)).collect();
        obj([("closed", list(closed)), ("overdue", list(overdue)), ("as_of", self.day(day)), ("url", "/problems/".into())])
    }
}
