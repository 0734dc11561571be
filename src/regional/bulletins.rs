//! Regional information bulletins (信息简报): one issue per region and
//! period with at least one published report or class, and one company-wide
//! issue per period with any; numbered per series within the calendar year and
//! overall; editor's notes attached (and checked) here.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

use super::stats::{Activity, Bucket, Counter, Figures};
use crate::config::{BulletinPeriod, SiteConfig};
use crate::content::{BulletinNote, DocKind, IssuedRecord, RecordItem};
use crate::diagnostics::Diagnostics;
use crate::graph::{PageId, PageNode, RegionId, RegionNode};
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

impl Note {
    /// Whether the note has words to show as the 编者按: a note file may
    /// hold only the issue's headline or its `issued:` record.
    pub fn has_text(&self) -> bool {
        !self.html.trim().is_empty()
    }
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
    /// The issue's record, once issued (none: open, 待印发).
    pub issued: Option<Issued>,
    /// The items (among `items`) that joined late (补报), oldest first.
    pub late: Vec<PageId>,
    /// A supplement's N (增刊第N期); its `number_in_year` is N too, and it
    /// has no total (`number_total` 0).
    pub supplement: Option<u32>,
    /// An issued issue that keeps its note's copy: what the note, the
    /// region profile and `site.yaml` as they are now would change of it
    /// (bulletin field keys, `title`, `text`), which it does not
    /// ([`super::kept_notes`]).
    pub note_changes: Vec<String>,
}

/// What the record of an issued issue says besides its number and items.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Issued {
    /// 印发日期.
    pub date: NaiveDate,
    /// Who signed it off.
    pub signer: Option<String>,
    /// The gallery photos it printed, in order (content-relative sources).
    pub photos: Vec<String>,
}

impl Issued {
    /// What the record `r` says of the issuing.
    fn of(r: &crate::content::IssuedRecord) -> Issued {
        Issued { date: r.date, signer: r.signer.clone(), photos: r.photos.iter().map(|p| p.path.clone()).collect() }
    }
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
    /// Per region, its supplements by year and N.
    pub supplements_by_region: Vec<Vec<IssueId>>,
    /// Company-wide supplements by year and N.
    pub company_supplements: Vec<IssueId>,
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

    /// The issue a note file belongs to: its series' regular issue of its
    /// period, or its supplement.
    pub fn issue_of(&self, regions: &[RegionNode], note: &BulletinNote) -> Option<IssueId> {
        if note.supplement.is_none() {
            return self.series(regions, &note.region).and_then(|series| self.issue_in(series, &note.period));
        }
        let supplements = match note.region.as_str() {
            crate::url_scheme::COMPANY_SERIES => &self.company_supplements,
            id => &self.supplements_by_region[regions.iter().position(|r| r.region.id == id)?],
        };
        let slug = format!("/{}/", note.period);
        supplements.iter().copied().find(|&i| self.issues[i].url.ends_with(&slug))
    }
}

/// The path segment of a series: the region id, or `all`.
pub fn series_id(regions: &[RegionNode], region: Option<RegionId>) -> &str {
    region.map(|r| regions[r].region.id.as_str()).unwrap_or(crate::url_scheme::COMPANY_SERIES)
}

/// The notes of one series that shape its issues: the records of its
/// issued regular issues and its supplements.
#[derive(Default)]
struct SeriesNotes<'n> {
    /// Issued regular issues by period.
    issued: BTreeMap<Period, &'n IssuedRecord>,
    /// Supplements, by (year, N).
    supplements: BTreeMap<(i32, u32), &'n BulletinNote>,
}

/// What the issues of every series are built from.
struct Sources<'a> {
    regions: &'a [RegionNode],
    nodes: &'a [PageNode],
    activity: &'a Activity,
    counter: &'a Counter<'a>,
    kind: BulletinPeriod,
    /// Published reports and classes by content-relative source (empty
    /// when no note records or lists any item).
    pages: HashMap<&'a str, PageId>,
    /// The issued items kept as issued.
    kept: &'a crate::graph::issued::Kept,
}

impl Sources<'_> {
    /// The published reports and classes of `items`, in order, as a bucket;
    /// an item that is none is left out (the checks report it).
    fn resolve(&self, items: &[RecordItem]) -> Bucket {
        let mut b = Bucket::default();
        for id in items.iter().filter_map(|i| self.pages.get(i.path.as_str()).copied()) {
            match self.nodes[id].doc.kind {
                DocKind::Class => b.classes.push(id),
                _ => b.reports.push(id),
            }
        }
        b
    }

    /// The items of an issued issue of `region` whose note is `stem`
    /// (`2026-05`, `2026-s1`), as [`Sources::resolve`], except that an
    /// item whose copy differs from it prints the copy
    /// ([`crate::graph::issued`]), and a deleted one whose copy is kept is
    /// printed from the copy.
    fn resolve_kept(&self, items: &[RecordItem], region: Option<RegionId>, stem: &str) -> Bucket {
        if self.kept.changed.is_empty() {
            return self.resolve(items);
        }
        let series = series_id(self.regions, region);
        let mut b = Bucket::default();
        for item in items {
            let copy = crate::content::copy_path(series, stem, &item.path);
            let Some(id) = self.kept.changed.get(&copy).or_else(|| self.pages.get(item.path.as_str())).copied() else { continue };
            match self.nodes[id].doc.kind {
                DocKind::Class => b.classes.push(id),
                _ => b.reports.push(id),
            }
        }
        b
    }

    /// An issue of `region` in `period` holding `items`, unnumbered and unlinked.
    fn issue(&self, region: Option<RegionId>, period: Period, slug: &str, items: Bucket) -> Issue {
        let last_date = items.reports.iter().chain(&items.classes).map(|&i| self.nodes[i].date()).max().unwrap_or(NaiveDate::MIN);
        Issue {
            region,
            url: format!("/bulletins/{}/{slug}/", series_id(self.regions, region)),
            figures: self.counter.figures(region, &items),
            period,
            number_in_year: 0,
            number_total: 0,
            items,
            note: None,
            prev: None,
            next: None,
            related: Vec::new(),
            last_date,
            issued: None,
            late: Vec::new(),
            supplement: None,
            fields: Default::default(),
            note_changes: Vec::new(),
        }
    }
}

/// The period of a note's file stem if it is one of `kind`.
fn period_of(note: &BulletinNote, kind: BulletinPeriod) -> Option<Period> {
    Period::parse(&note.period).filter(|p| p.quarter == (kind == BulletinPeriod::Quarter))
}

/// Builds every issue from the month buckets and the notes' records.
pub fn plan(
    cfg: &SiteConfig,
    regions: &[RegionNode],
    nodes: &[PageNode],
    activity: &Activity,
    counter: &Counter<'_>,
    notes: &[BulletinNote],
    kept: &crate::graph::issued::Kept,
) -> Bulletins {
    let kind = cfg.bulletin_period;
    let mut b = Bulletins {
        by_region: vec![Vec::new(); regions.len()],
        supplements_by_region: vec![Vec::new(); regions.len()],
        ..Bulletins::default()
    };
    let series: Vec<Option<RegionId>> = RegionId::all(regions.len()).map(Some).chain([None]).collect();
    let mut by_series: HashMap<Option<RegionId>, SeriesNotes<'_>> = HashMap::new();
    for note in notes {
        let region = match note.region.as_str() {
            crate::url_scheme::COMPANY_SERIES => None,
            id => match regions.iter().position(|r| r.region.id == id) {
                Some(r) => Some(RegionId(r)),
                None => continue,
            },
        };
        let entry = by_series.entry(region).or_default();
        match (note.supplement, &note.issued) {
            (Some(n), _) => {
                entry.supplements.insert(n, note);
            }
            (None, Some(record)) => {
                if let Some(p) = period_of(note, kind) {
                    entry.issued.insert(p, record);
                }
            }
            (None, None) => {}
        }
    }
    // Only a site with records or supplements looks its items up by source.
    let pages = match by_series.values().any(|s| !s.issued.is_empty() || !s.supplements.is_empty()) {
        true => nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| matches!(n.doc.kind, DocKind::Report | DocKind::Class))
            .map(|(i, n)| (n.doc.source.as_str(), PageId(i)))
            .collect(),
        false => HashMap::new(),
    };
    let sources = Sources { regions, nodes, activity, counter, kind, pages, kept };
    let empty = SeriesNotes::default();
    // Each series' issues are computed on their own (in parallel: every
    // report is counted in its regions' issues and the company's), then
    // linked in series order.
    let planned: Vec<(Vec<Issue>, Vec<Issue>)> = series
        .par_iter()
        .map(|&region| {
            let notes = by_series.get(&region).unwrap_or(&empty);
            (regular_issues(&sources, region, notes), supplements(&sources, region, notes))
        })
        .collect();
    for (region, (issues, supplements)) in series.into_iter().zip(planned) {
        let ids = push_linked(&mut b.issues, issues);
        let supplement_ids = push_linked(&mut b.issues, supplements);
        match region {
            Some(r) => {
                b.by_region[r.index()] = ids;
                b.supplements_by_region[r.index()] = supplement_ids;
            }
            None => {
                b.company = ids;
                b.company_supplements = supplement_ids;
            }
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

/// Appends `issues` (one series, in order) to `all`, each linked to the one
/// before and after; returns their ids.
fn push_linked(all: &mut Vec<Issue>, issues: Vec<Issue>) -> Vec<IssueId> {
    let mut ids: Vec<IssueId> = Vec::with_capacity(issues.len());
    for mut issue in issues {
        let id = IssueId(all.len());
        issue.prev = ids.last().copied();
        all.push(issue);
        if let Some(&p) = ids.last() {
            all[p].next = Some(id);
        }
        ids.push(id);
    }
    ids
}

/// The regular issues of one series, in period order: the issued ones as
/// their records say, then the open ones, each with the activity of its
/// period not carried by an issued issue; items of a period up to the last
/// issued one join the first open issue as late items (补报).
fn regular_issues(src: &Sources<'_>, region: Option<RegionId>, notes: &SeriesNotes<'_>) -> Vec<Issue> {
    let months = match region {
        Some(r) => &src.activity.regions[r.index()],
        None => &src.activity.company,
    };
    let carried: HashSet<PageId> = notes.issued.values().flat_map(|r| src.resolve(&r.items).all()).collect();
    let keep = |into: &mut Vec<PageId>, ids: &[PageId]| match carried.is_empty() {
        true => into.extend_from_slice(ids),
        false => into.extend(ids.iter().copied().filter(|i| !carried.contains(i))),
    };
    let last_issued = notes.issued.keys().next_back().copied();
    let mut open: BTreeMap<Period, Bucket> = BTreeMap::new();
    let mut late = Bucket::default();
    for (&month, bucket) in months {
        let period = Period::containing(month, src.kind);
        let into = match last_issued {
            Some(last) if period <= last => &mut late,
            _ => open.entry(period).or_default(),
        };
        keep(&mut into.reports, &bucket.reports);
        keep(&mut into.classes, &bucket.classes);
    }
    // A period whose items were all carried by issued issues has no open issue.
    open.retain(|_, b| !b.reports.is_empty() || !b.classes.is_empty());
    let late_ids = late.all();
    // Late items are older than any open issue's own: they come first.
    let late_target = match late_ids.is_empty() {
        true => None,
        false => open.keys().next().copied().or_else(|| last_issued.map(|p| p.next())),
    };
    if let Some(p) = late_target {
        let joined = open.entry(p).or_default();
        late.reports.append(&mut joined.reports);
        late.classes.append(&mut joined.classes);
        *joined = late;
    }
    let mut issues: Vec<Issue> = Vec::with_capacity(notes.issued.len() + open.len());
    let mut counted = Counted::default();
    for (period, record) in &notes.issued {
        let stem = period.slug();
        let mut issue = src.issue(region, *period, &stem, src.resolve_kept(&record.items, region, &stem));
        issue.late = src.resolve_kept(&record.late, region, &stem).all();
        issue.issued = Some(Issued::of(record));
        issue.number_in_year = record.number as usize;
        issue.number_total = record.total.unwrap_or(0) as usize;
        counted = Counted { year: Some(period.year), in_year: issue.number_in_year, total: issue.number_total };
        issues.push(issue);
    }
    for (period, items) in open {
        let mut issue = src.issue(region, period, &period.slug(), items);
        if late_target == Some(period) {
            issue.late = late_ids.clone();
        }
        (issue.number_in_year, issue.number_total) = counted.next(period.year);
        issues.push(issue);
    }
    issues
}

/// The numbers of a series counted so far: the year and number of the
/// last issue, and the running total.
#[derive(Default)]
struct Counted {
    year: Option<i32>,
    in_year: usize,
    total: usize,
}

impl Counted {
    /// The (number in the year, total) of the next issue, in `year`.
    fn next(&mut self, year: i32) -> (usize, usize) {
        if self.year != Some(year) {
            self.year = Some(year);
            self.in_year = 0;
        }
        self.in_year += 1;
        self.total += 1;
        (self.in_year, self.total)
    }
}

/// The supplements of one series, by year and N: their items from the
/// record once issued, from `items:` before.
fn supplements(src: &Sources<'_>, region: Option<RegionId>, notes: &SeriesNotes<'_>) -> Vec<Issue> {
    let mut out = Vec::with_capacity(notes.supplements.len());
    for (&(year, n), note) in &notes.supplements {
        let items = match &note.issued {
            Some(record) => src.resolve_kept(&record.items, region, &note.period),
            None => src.resolve(&note.items),
        };
        // Its period (for lists by year): the month it was issued, or of its
        // newest item, within its own year.
        let day = note.issued.as_ref().map(|r| r.date).or_else(|| items.all().iter().map(|&i| src.nodes[i].date()).max());
        let month = day.filter(|d| d.year() == year).map_or((year, 1), crate::period::month_of);
        let mut issue = src.issue(region, Period::containing(month, src.kind), &note.period, items);
        issue.supplement = Some(n);
        issue.number_in_year = n as usize;
        issue.issued = note.issued.as_ref().map(Issued::of);
        out.push(issue);
    }
    out
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
        let Some(id) = b.issue_of(inputs.regions, note) else {
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

#[cfg(test)]
mod tests {

    use crate::site::SiteGraph;
    use crate::test_site::report;

    fn load(files: &[(&str, String)]) -> SiteGraph {
        crate::test_site::load_ok(files)
    }

    /// (period, number in year, total, issued, late count) of alpha's regular issues.
    fn alpha(g: &SiteGraph) -> Vec<(String, usize, usize, bool, usize)> {
        let b = &g.regional.bulletins;
        let ids = b.series(&g.regions, "alpha").unwrap();
        ids.iter()
            .map(|&i| &b.issues[i])
            .map(|i| (i.period.slug(), i.number_in_year, i.number_total, i.issued.is_some(), i.late.len()))
            .collect()
    }

    fn record(number: u32, total: u32, items: &[&str]) -> String {
        let items: String = items.iter().map(|i| format!("    - {i}\n")).collect();
        format!("---\nissued:\n  date: 2026-06-01\n  number: {number}\n  total: {total}\n  items:\n{items}---\n")
    }

    #[test]
    fn open_issues_are_numbered_without_records_as_by_period() {
        let g = load(&[
            ("content/reports/a.md", report("2025-11-02", "alpha", "")),
            ("content/reports/b.md", report("2026-01-20", "alpha", "")),
            ("content/reports/c.md", report("2026-03-01", "alpha", "")),
        ]);
        let s = |p: &str| p.to_string();
        assert_eq!(alpha(&g), [(s("2025-11"), 1, 1, false, 0), (s("2026-01"), 1, 2, false, 0), (s("2026-03"), 2, 3, false, 0)]);
    }

    #[test]
    fn issued_numbers_stay_and_open_ones_follow_the_last_issued() {
        let g = load(&[
            ("content/reports/a.md", report("2026-01-02", "alpha", "")),
            ("content/reports/b.md", report("2026-02-20", "alpha", "")),
            // Back-dated into January, which is issued: late, into the first open issue.
            ("content/reports/late.md", report("2026-01-25", "alpha", "")),
            ("content/reports/c.md", report("2026-05-01", "alpha", "")),
            // The records say what went out; the totals continue a series begun before the site.
            ("content/bulletins/alpha/2026-01.md", record(1, 10, &["reports/a.md"])),
            ("content/bulletins/alpha/2026-02.md", record(2, 11, &["reports/b.md"])),
        ]);
        let s = |p: &str| p.to_string();
        assert_eq!(alpha(&g), [(s("2026-01"), 1, 10, true, 0), (s("2026-02"), 2, 11, true, 0), (s("2026-05"), 3, 12, false, 1)]);
        let b = &g.regional.bulletins;
        let may = b.issue_in(b.series(&g.regions, "alpha").unwrap(), "2026-05").unwrap();
        assert_eq!(g.nodes[b.issues[may].items.reports[0]].doc.source, "reports/late.md", "late items come first");
    }

    #[test]
    fn late_items_without_an_open_issue_make_the_next_period_s() {
        let g = load(&[
            ("content/reports/a.md", report("2026-01-02", "alpha", "")),
            ("content/reports/late.md", report("2025-12-25", "alpha", "")),
            ("content/bulletins/alpha/2026-01.md", record(1, 1, &["reports/a.md"])),
        ]);
        let s = |p: &str| p.to_string();
        assert_eq!(alpha(&g), [(s("2026-01"), 1, 1, true, 0), (s("2026-02"), 2, 2, false, 1)]);
    }

    #[test]
    fn supplements_are_numbered_by_their_file_in_their_own_series() {
        let g = load(&[
            ("content/reports/a.md", report("2026-01-02", "alpha", "")),
            ("content/bulletins/alpha/2026-s2.md", "---\nitems:\n  - reports/a.md\n---\n".to_string()),
        ]);
        let b = &g.regional.bulletins;
        let supplements = &b.supplements_by_region[0];
        assert_eq!(supplements.len(), 1);
        let s = &b.issues[supplements[0]];
        assert_eq!((s.supplement, s.number_in_year, s.number_total, s.url.as_str()), (Some(2), 2, 0, "/bulletins/alpha/2026-s2/"));
        assert_eq!(s.items.reports.len(), 1);
        // The regular series is untouched.
        assert_eq!(alpha(&g).len(), 1);
    }
}
