//! Regional information bulletins (信息简报): one issue per region and
//! period with at least one published report or class, and one company-wide
//! issue per period with any; numbered per series within the calendar year and
//! overall; editor's notes attached (and checked) here.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rayon::prelude::*;

use super::stats::{Activity, Bucket, Counter, Figures};
use crate::config::SiteConfig;
use crate::content::BulletinNote;
use crate::diagnostics::Diagnostics;
use crate::graph::{PageNode, RegionId, RegionNode};
use crate::markdown::{self, PendingAnchor, Source};
use crate::period::Period;

crate::graph::nodes::id_type!(
    /// A bulletin issue: an index into [`Bulletins::issues`].
    IssueId indexes Issue
);

/// An editor's note, rendered.
#[derive(Debug, Clone)]
pub struct Note {
    /// Headline of the issue, from the note's front matter.
    pub title: Option<String>,
    /// Editor's name or department.
    pub editor: Option<String>,
    /// The note's body as HTML.
    pub html: String,
}

/// One bulletin issue.
#[derive(Debug, Clone)]
pub struct Issue {
    /// The region, or none for the company-wide issue.
    pub region: Option<RegionId>,
    /// The period.
    pub period: Period,
    /// Number within the calendar year, from 1.
    pub number_in_year: usize,
    /// Number overall (within the series), from 1.
    pub number_total: usize,
    /// `/bulletins/<region or all>/<period>/`.
    pub url: String,
    /// The period's reports and classes, oldest first.
    pub items: Bucket,
    /// The period's figures.
    pub figures: Figures,
    /// The editor's note, if one was written.
    pub note: Option<Note>,
    /// Previous and next issue of the same series.
    pub prev: Option<IssueId>,
    /// See `prev`.
    pub next: Option<IssueId>,
    /// Company-wide issue: the region issues of the same period, in region order.
    /// Region issue: the company-wide issue of the same period.
    pub related: Vec<IssueId>,
    /// Date of the newest report or class in the issue.
    pub last_date: NaiveDate,
    /// The resolved bulletin fields (filled by `regional::build`).
    pub fields: super::fields::IssueFields,
}

/// Every issue of the site.
#[derive(Debug, Clone, Default)]
pub struct Bulletins {
    /// All issues: region series in region order, then the company-wide series; each chronological.
    pub issues: Vec<Issue>,
    /// Per region, its issues oldest first.
    pub by_region: Vec<Vec<IssueId>>,
    /// Company-wide issues, oldest first.
    pub company: Vec<IssueId>,
    /// All issues newest first: by period, the company-wide issue before the region issues.
    pub newest: Vec<IssueId>,
}

impl Bulletins {
    /// The issues of the series an editor's note names: a region's by its
    /// id, or the company's for `all`; none for an unknown region.
    pub fn series(&self, regions: &[RegionNode], region: &str) -> Option<&[IssueId]> {
        if region == crate::url_scheme::COMPANY_SERIES {
            return Some(&self.company);
        }
        regions.iter().position(|r| r.region.id == region).map(|r| &self.by_region[r][..])
    }

    /// The issue of `series` in `period` as a note names it (`2024-05`,
    /// `2024-q2`), if there is one.
    pub fn issue_in(&self, series: &[IssueId], period: &str) -> Option<IssueId> {
        let period = Period::parse(period)?;
        series.iter().copied().find(|&i| self.issues[i].period == period)
    }
}

/// The path segment of a series: the region id, or `all`.
pub fn series_id(regions: &[RegionNode], region: Option<RegionId>) -> &str {
    region.map(|r| regions[r].region.id.as_str()).unwrap_or(crate::url_scheme::COMPANY_SERIES)
}

/// Builds every issue from the month buckets.
pub fn plan(cfg: &SiteConfig, regions: &[RegionNode], nodes: &[PageNode], activity: &Activity, counter: &Counter<'_>) -> Bulletins {
    let kind = cfg.bulletin_period;
    let mut b = Bulletins { by_region: vec![Vec::new(); regions.len()], ..Bulletins::default() };
    let series: Vec<Option<RegionId>> = RegionId::all(regions.len()).map(Some).chain([None]).collect();
    // Each series' issues are computed on their own (in parallel: every
    // report is counted in its regions' issues and the company's), then
    // numbered and linked in series order.
    let planned: Vec<Vec<Issue>> = series
        .par_iter()
        .map(|&region| {
            let months = match region {
                Some(r) => &activity.regions[r.index()],
                None => &activity.company,
            };
            let mut periods: BTreeMap<Period, Vec<_>> = BTreeMap::new();
            for &m in months.keys() {
                periods.entry(Period::containing(m, kind)).or_default().push(m);
            }
            let list: Vec<Period> = periods.keys().copied().collect();
            let numbers = issue_numbers(&list);
            periods
                .into_iter()
                .zip(numbers)
                .map(|((period, months), (n, m))| {
                    let items = activity.merged(region, &months);
                    let last_date = items.reports.iter().chain(&items.classes).map(|&i| nodes[i].date()).max().unwrap_or(NaiveDate::MIN);
                    Issue {
                        region,
                        url: format!("/bulletins/{}/{}/", series_id(regions, region), period.slug()),
                        figures: counter.figures(region, &items),
                        period,
                        number_in_year: n,
                        number_total: m,
                        items,
                        note: None,
                        prev: None,
                        next: None,
                        related: Vec::new(),
                        last_date,
                        fields: Default::default(),
                    }
                })
                .collect()
        })
        .collect();
    for (region, issues) in series.into_iter().zip(planned) {
        let mut ids = Vec::with_capacity(issues.len());
        for mut issue in issues {
            let id = IssueId(b.issues.len());
            issue.prev = ids.last().copied();
            b.issues.push(issue);
            if let Some(&p) = ids.last() {
                b.issues[p].next = Some(id);
            }
            ids.push(id);
        }
        match region {
            Some(r) => b.by_region[r.index()] = ids,
            None => b.company = ids,
        }
    }
    let company_at: HashMap<Period, IssueId> = b.company.iter().map(|&i| (b.issues[i].period, i)).collect();
    for series in &b.by_region {
        for &i in series {
            if let Some(&c) = company_at.get(&b.issues[i].period) {
                b.issues[i].related.push(c);
                b.issues[c].related.push(i);
            }
        }
    }
    let mut newest: Vec<IssueId> = IssueId::all(b.issues.len()).collect();
    // Company-wide first within a period, then regions in their display order.
    let rank = |i: &Issue| i.region.map(|r| r.index() + 1).unwrap_or(0);
    newest.sort_by(|x, y| {
        let (a, c) = (&b.issues[*x], &b.issues[*y]);
        c.period.cmp(&a.period).then_with(|| rank(a).cmp(&rank(c))).then_with(|| a.url.cmp(&c.url))
    });
    b.newest = newest;
    b
}

/// The links of an attached editor's note into other pages' headings.
#[derive(Debug)]
pub struct NoteLinks {
    /// Index of the note in the notes given to [`attach_notes`].
    pub note: usize,
    /// Its links into other pages' headings.
    pub anchors: Vec<PendingAnchor>,
}

/// Renders each editor's note that has an issue (its series and period)
/// into that issue; the files it links are added to `assets`. A note for an
/// unknown region or a period without an issue is reported by the checks
/// across files ([`crate::site::checks`]), as are its links to headings
/// other pages lack (from the returned [`NoteLinks`]).
pub fn attach_notes(
    b: &mut Bulletins,
    notes: &[BulletinNote],
    inputs: &super::Inputs<'_>,
    assets: &mut crate::graph::AssetMap,
    diags: &mut Diagnostics,
) -> Vec<NoteLinks> {
    let mut links = Vec::new();
    for (index, note) in notes.iter().enumerate() {
        let Some(id) = b.series(inputs.regions, &note.region).and_then(|series| b.issue_in(series, &note.period)) else {
            continue;
        };
        let url = b.issues[id].url.clone();
        let source = Source::new(&note.source, &note.shown, &note.text, note.body_start, &url);
        let rendered = markdown::render(&source, inputs.links);
        diags.extend(Diagnostics::from(rendered.diags));
        for ((src, out), &(line, column)) in rendered.assets.iter().zip(&rendered.asset_at) {
            let origin = crate::graph::AssetOrigin { shown: note.shown.clone(), line, column };
            assets.entry((out.clone(), src.clone())).or_insert(origin);
        }
        if !rendered.anchors.is_empty() {
            links.push(NoteLinks { note: index, anchors: rendered.anchors });
        }
        b.issues[id].note = Some(Note { title: note.title.clone(), editor: note.editor.clone(), html: rendered.html.unpack() });
    }
    links
}

/// Issue numbers of one series of issues given in chronological order:
/// for each, its number within its calendar year and its number overall,
/// both counted from 1.
pub fn issue_numbers(periods: &[Period]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(periods.len());
    let mut in_year = 0;
    let mut year = None;
    for (i, p) in periods.iter().enumerate() {
        if year != Some(p.year) {
            year = Some(p.year);
            in_year = 0;
        }
        in_year += 1;
        out.push((in_year, i + 1));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(year: i32, index: u32) -> Period {
        Period { year, index, quarter: false }
    }

    #[test]
    fn issue_numbers_restart_each_year_and_total_keeps_counting() {
        let series = [m(2019, 11), m(2019, 12), m(2020, 2), m(2020, 3), m(2021, 1)];
        assert_eq!(issue_numbers(&series), [(1, 1), (2, 2), (1, 3), (2, 4), (1, 5)]);
        assert!(issue_numbers(&[]).is_empty());
    }
}
