//! The problems and decisions in the feeds and the dashboard's CSV: a
//! record's Atom entry (one per record, dated by its latest
//! step on or before the build date) and the records' counts per region
//! as the dashboard's CSV columns.

use chrono::NaiveDate;
use tera::Value;

use crate::content::problem::Status;
use crate::graph::RegionId;
use crate::regional::charts::xml_escape;
use crate::regional::problems::{Problems, Record};
use crate::render::values::{list, obj};
use crate::render::{FEED_ENTRIES, Renderer, atom_day, date_display};

/// The records of a feed, newest first: those of region `r` (all with
/// `None`; a company-wide record belongs to no region) with a step on or
/// before the build date, by the date of that step, ties by id, at most
/// [`FEED_ENTRIES`]. Each with the index of its latest step as of then.
pub fn feed_records(p: &Problems, region: Option<RegionId>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = p
        .records
        .iter()
        .enumerate()
        .filter(|(_, r)| r.in_region(region))
        .filter_map(|(i, r)| r.steps.iter().rposition(|s| s.date <= p.today).map(|s| (i, s)))
        .collect();
    out.sort_by(|&(a, sa), &(b, sb)| p.records[b].steps[sb].date.cmp(&p.records[a].steps[sa].date).then(a.cmp(&b)));
    out.truncate(FEED_ENTRIES);
    out
}

/// The dashboard CSV's record counts as of `day` (the end of the year, or
/// the build date when earlier): open, overdue, closed, shelved.
fn count_cells(p: &Problems, r: Option<RegionId>, day: NaiveDate) -> Vec<String> {
    let c = p.counts(r, day);
    [c.open, c.overdue, c.closed, c.shelved].iter().map(|n| n.to_string()).collect()
}

impl Renderer<'_> {
    fn status_name(&self, s: Status) -> String {
        self.t(&format!("problem_status_{}", s.id().replace('-', "_")))
    }

    /// The feed entries of the records of `region` (all records with
    /// `None`), newest first, with their stamps: titled "【status】title",
    /// the latest step's note (or reason) and the deadline as content.
    pub(super) fn problem_feed_entries(&self, region: Option<RegionId>) -> Vec<(String, Value)> {
        let g = self.g;
        let cfg = &g.config;
        let p = &g.problems;
        let lang = cfg.language;
        feed_records(p, region)
            .into_iter()
            .map(|(i, si)| {
                let r: &Record = &p.records[i];
                let step = &r.steps[si];
                let status = self.status_name(step.status);
                let updated = atom_day(step.date);
                let said = step.note.as_deref().or(step.reason.as_deref());
                let summary = match said {
                    Some(s) => format!("{}【{status}】{s}", date_display(step.date, lang)),
                    None => format!("{}【{status}】", date_display(step.date, lang)),
                };
                let mut html = format!("<p>{}</p>", xml_escape(&summary));
                if let Some(rep) = step.report {
                    let n = &g.nodes[rep];
                    html.push_str(&format!("<p><a href=\"{}\">{}</a></p>", xml_escape(&cfg.permalink(&n.url)), xml_escape(&n.doc.title)));
                }
                if let Some(d) = r.deadline {
                    html.push_str(&format!("<p>{}：{}</p>", xml_escape(&self.t("problem_deadline")), xml_escape(&date_display(d, lang))));
                }
                let entry = obj([
                    ("title", format!("【{status}】{}", r.title).into()),
                    ("permalink", cfg.permalink(&r.url).into()),
                    ("updated", updated.clone().into()),
                    ("summary_html", xml_escape(&summary).into()),
                    ("content_html", html.into()),
                    ("regions", list(r.regions.iter().map(|&x| self.region_refs[x.index()].clone()))),
                    ("modes", list([])),
                    ("tags", list([])),
                    ("author", Value::none()),
                    ("lecturer", Value::none()),
                ]);
                (updated, entry)
            })
            .collect()
    }

    /// The dashboard CSV's record columns: their headers (none when the
    /// site has no records).
    pub(super) fn problem_csv_header(&self) -> Vec<String> {
        if self.g.problems.records.is_empty() {
            return Vec::new();
        }
        let keys = ["csv_problems_open", "csv_problems_overdue", "csv_problems_closed", "csv_problems_shelved"];
        keys.iter().map(|k| self.t(k)).collect()
    }

    /// Region `r`'s cells of those columns: its counts as of the end of
    /// `year`, or of the build date when earlier (as the dashboard shows).
    pub(super) fn problem_csv_cells(&self, year: i32, r: RegionId) -> Vec<String> {
        let p = &self.g.problems;
        if p.records.is_empty() {
            return Vec::new();
        }
        let day = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(p.today).min(p.today);
        count_cells(p, Some(r), day)
    }
}
