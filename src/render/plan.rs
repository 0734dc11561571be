//! The plan of a build: one [`Job`] per output file, the lists that are
//! paginated over several pages ([`ListSpec`]), and the site path each job
//! writes ([`job_path`]). The output check ([`super::outputs`]) and the
//! runner ([`super::runner`]) both work from this plan and these paths, so
//! what is checked is what is written.

use std::collections::BTreeMap;

use super::theme::StaticSource;
use super::{Renderer, SEARCH_JS};
use crate::graph::{PageId, RegionId};
use crate::regional::IssueId;
use crate::site::SiteGraph;

/// One output file.
#[derive(Debug, Clone)]
pub enum Job {
    /// A report, class or free page.
    Page(PageId),
    /// `/`.
    Home,
    /// A paginated list: which one, and the 1-based page number.
    List(ListId, usize),
    /// `/regions/<id>/`.
    Region(RegionId),
    /// `/regions/`.
    Regions,
    /// `/classes/`.
    Classes,
    /// `/tags/`.
    Tags,
    /// `/404.html`.
    NotFound,
    /// `/search/` (only with `search: true`).
    Search,
    /// `/atom.xml` (None) or `/regions/<id>/atom.xml`.
    Feed(Option<RegionId>),
    /// `/sitemap.xml`.
    Sitemap,
    /// `/robots.txt`.
    Robots,
    /// The generated highlighting stylesheet.
    SyntaxCss,
    /// A theme or site static file.
    Static(String),
    /// An asset copied beside its page: index into `graph.assets`.
    Asset(usize),
    /// A bulletin issue: index into `graph.regional.bulletins.issues`.
    Bulletin(IssueId),
    /// `/bulletins/`.
    BulletinIndex,
    /// `/bulletins/atom.xml`.
    BulletinFeed,
    /// `/dashboard/` (None) or `/dashboard/<year>/`: index into `graph.regional.years`.
    Dashboard(Option<usize>),
    /// `/dashboard/<year>.csv`.
    DashboardCsv(usize),
    /// The PDF or Word file of a bulletin issue, beside its page.
    Export(IssueId, crate::config::ExportFormat),
    /// `/honours/`: the years of honours and the latest.
    HonourIndex,
    /// `/honours/<year>/`: index into `graph.honours.years`.
    HonourYear(usize),
    /// `/regions/<id>/honours/` (a region with honours).
    RegionHonours(RegionId),
    /// `/problems/`: every problem and decision (only when there are any).
    Problems,
    /// `/problems/<id>/`: index into `graph.problems.records`.
    Problem(usize),
}

impl Job {
    /// True for the jobs that make a page (HTML, or a feed or sitemap in
    /// XML) from a template, the pages a build counts; false for files
    /// copied or generated without one. Exhaustive, so that a new kind of
    /// job must be placed.
    pub fn is_templated(&self) -> bool {
        match self {
            Job::Page(_)
            | Job::Home
            | Job::List(..)
            | Job::Region(_)
            | Job::Regions
            | Job::Classes
            | Job::Tags
            | Job::NotFound
            | Job::Search
            | Job::Feed(_)
            | Job::Sitemap
            | Job::Bulletin(_)
            | Job::BulletinIndex
            | Job::BulletinFeed
            | Job::Dashboard(_)
            | Job::HonourIndex
            | Job::HonourYear(_)
            | Job::RegionHonours(_) => true,
            Job::Problems | Job::Problem(_) => true,
            Job::Static(_) | Job::Asset(_) | Job::SyntaxCss | Job::Robots | Job::DashboardCsv(_) | Job::Export(..) => false,
        }
    }
}

crate::graph::nodes::id_type!(
    /// A paginated list: an index into the renderer's lists (`Job::List`).
    ListId indexes ListSpec
);

/// A list of entries shown over one or more pages.
#[derive(Debug)]
pub struct ListSpec {
    /// `reports`, `region_reports`, `mode`, `tag` or `lecturer` (templates see it).
    pub(super) kind: &'static str,
    pub(super) of: ListOf,
    /// Site path of its first page.
    pub(super) base: String,
    pub(super) heading: String,
    pub(super) intro: Option<String>,
    /// Its pages, in the order shown.
    pub(super) items: Vec<PageId>,
    /// The region of a region's report list.
    pub(super) region: Option<RegionId>,
    pub(super) feed: Option<String>,
    pub(super) nav_key: &'static str,
}

/// Which list a [`ListSpec`] is.
#[derive(Debug, Clone, Copy)]
pub(super) enum ListOf {
    Reports,
    Region(RegionId),
    Mode(usize),
    Tag(usize),
    Lecturer(usize),
}

/// The lists of a site, in a fixed order, with headings from `t` (the
/// theme's UI strings).
pub(super) fn list_specs(g: &SiteGraph, t: impl Fn(&str) -> String) -> Vec<ListSpec> {
    let mut lists = vec![ListSpec {
        kind: "reports",
        of: ListOf::Reports,
        base: "/reports/".into(),
        heading: t("reports"),
        intro: None,
        items: g.reports.clone(),
        region: None,
        feed: Some("/atom.xml".into()),
        nav_key: "reports",
    }];
    for (i, r) in g.regions.iter().enumerate() {
        let i = RegionId(i);
        lists.push(ListSpec {
            kind: "region_reports",
            of: ListOf::Region(i),
            base: format!("{}reports/", r.url),
            heading: format!("{} · {}", r.region.name, t("reports")),
            intro: None,
            items: r.reports.clone(),
            region: Some(i),
            feed: Some(format!("{}atom.xml", r.url)),
            nav_key: "regions",
        });
    }
    for (i, m) in g.config.modes.iter().enumerate() {
        lists.push(ListSpec {
            kind: "mode",
            of: ListOf::Mode(i),
            base: format!("/modes/{}/", m.id),
            heading: m.name.clone(),
            intro: None,
            items: g.mode_pages[i].clone(),
            region: None,
            feed: None,
            nav_key: "modes",
        });
    }
    for (i, tag) in g.tags.iter().enumerate() {
        lists.push(ListSpec {
            kind: "tag",
            of: ListOf::Tag(i),
            base: tag.url.clone(),
            heading: tag.name.clone(),
            intro: None,
            items: tag.pages.clone(),
            region: None,
            feed: None,
            nav_key: "tags",
        });
    }
    for (i, l) in g.lecturers.iter().enumerate() {
        lists.push(ListSpec {
            kind: "lecturer",
            of: ListOf::Lecturer(i),
            base: l.url.clone(),
            heading: l.name.clone(),
            intro: None,
            items: l.classes.clone(),
            region: None,
            feed: None,
            nav_key: "classes",
        });
    }
    lists
}

/// The pages of page `n` (1-based) of a list.
pub(super) fn list_page<'a>(g: &SiteGraph, l: &'a ListSpec, n: usize) -> &'a [PageId] {
    let per = g.config.paginate_by;
    &l.items[((n - 1) * per).min(l.items.len())..(n * per).min(l.items.len())]
}

/// Every output file of the site, in a fixed order (see
/// [`super::Renderer::plan`]).
pub(super) fn plan(g: &SiteGraph, lists: &[ListSpec], statics: &BTreeMap<String, StaticSource>) -> Vec<Job> {
    let mut jobs =
        vec![Job::Home, Job::Regions, Job::Classes, Job::Tags, Job::NotFound, Job::Feed(None), Job::Sitemap, Job::Robots, Job::SyntaxCss];
    if g.config.search {
        jobs.push(Job::Search);
    }
    jobs.extend(g.pages.iter().map(|&p| Job::Page(p)));
    // List pages newest entries first, across lists, so that each entry
    // card is held only while the list pages around its date render.
    let mut list_pages: Vec<(Option<chrono::NaiveDate>, ListId, usize)> = Vec::new();
    for (i, l) in lists.iter().enumerate() {
        for n in 1..=page_count(l.items.len(), g.config.paginate_by) {
            list_pages.push((list_page(g, l, n).first().map(|&p| g.nodes[p].date()), ListId(i), n));
        }
    }
    list_pages.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    jobs.extend(list_pages.into_iter().map(|(_, i, n)| Job::List(i, n)));
    for r in RegionId::all(g.regions.len()) {
        jobs.push(Job::Region(r));
        jobs.push(Job::Feed(Some(r)));
    }
    for path in statics.keys() {
        if path == SEARCH_JS && !g.config.search {
            continue;
        }
        jobs.push(Job::Static(path.clone()));
    }
    jobs.extend(regional_jobs(g));
    jobs.extend(honour_jobs(g));
    jobs.extend((0..g.assets.len()).map(Job::Asset));
    jobs
}

/// The jobs of the regional pages.
fn regional_jobs(g: &SiteGraph) -> Vec<Job> {
    let mut jobs = vec![Job::BulletinIndex, Job::BulletinFeed];
    jobs.extend(IssueId::all(g.regional.bulletins.issues.len()).map(Job::Bulletin));
    jobs.extend(export_jobs(g));
    if !g.problems.records.is_empty() {
        jobs.push(Job::Problems);
        jobs.extend((0..g.problems.records.len()).map(Job::Problem));
    }
    if !g.regional.years.is_empty() {
        jobs.push(Job::Dashboard(None));
    }
    for y in 0..g.regional.years.len() {
        jobs.push(Job::Dashboard(Some(y)));
        jobs.push(Job::DashboardCsv(y));
    }
    jobs
}

/// The pages of the honours: none when the site has none.
fn honour_jobs(g: &SiteGraph) -> Vec<Job> {
    let h = &g.honours;
    if h.years.is_empty() {
        return Vec::new();
    }
    let mut jobs = vec![Job::HonourIndex];
    jobs.extend((0..h.years.len()).map(Job::HonourYear));
    jobs.extend(RegionId::all(g.regions.len()).filter(|r| !h.by_region[r.index()].is_empty()).map(Job::RegionHonours));
    jobs
}

/// The files of the bulletin issues: each issued issue in each format of
/// `exports: formats`, and the open ones too with `exports: previews`.
pub fn export_jobs(g: &SiteGraph) -> impl Iterator<Item = Job> + '_ {
    IssueId::all(g.regional.bulletins.issues.len())
        .filter(|&i| is_exported(g, i))
        .flat_map(|i| g.config.exports.formats.iter().map(move |&f| Job::Export(i, f)))
}

/// Whether a build makes the files of issue `i`: when it is issued, or
/// with `exports: previews`.
pub fn is_exported(g: &SiteGraph, i: IssueId) -> bool {
    g.config.exports.previews || g.regional.bulletins.issues[i].issued.is_some()
}

/// The site path of an issue's file in `format`: beside its page, named
/// by its series and period (`/bulletins/chengdu/2026-q2/chengdu-2026-q2.pdf`),
/// a name that says which issue it is once downloaded.
pub fn export_path(g: &SiteGraph, i: IssueId, format: crate::config::ExportFormat) -> String {
    let url = &g.regional.bulletins.issues[i].url;
    let mut segments = url.trim_end_matches('/').rsplit('/');
    let period = segments.next().unwrap_or_default();
    let series = segments.next().unwrap_or_default();
    format!("{url}{series}-{period}.{}", format.extension())
}

/// The site path a job writes (`/reports/a/` is written as
/// `reports/a/index.html`: [`crate::output::relative_key`]).
pub(super) fn job_path(g: &SiteGraph, lists: &[ListSpec], job: &Job) -> String {
    match job {
        Job::Page(p) => g.nodes[*p].url.clone(),
        Job::Home => "/".into(),
        Job::List(i, n) => page_url(&lists[*i].base, *n),
        Job::Region(r) => g.regions[*r].url.clone(),
        Job::Regions => "/regions/".into(),
        Job::Classes => "/classes/".into(),
        Job::Tags => "/tags/".into(),
        Job::NotFound => "/404.html".into(),
        Job::Search => "/search/".into(),
        Job::Feed(None) => "/atom.xml".into(),
        Job::Feed(Some(r)) => format!("{}atom.xml", g.regions[*r].url),
        Job::Sitemap => "/sitemap.xml".into(),
        Job::Robots => "/robots.txt".into(),
        Job::SyntaxCss => "/syntax.css".into(),
        Job::Static(path) => path.clone(),
        Job::Asset(i) => g.assets[*i].1.clone(),
        Job::Bulletin(i) => g.regional.bulletins.issues[*i].url.clone(),
        Job::BulletinIndex => "/bulletins/".into(),
        Job::BulletinFeed => "/bulletins/atom.xml".into(),
        Job::Dashboard(None) => "/dashboard/".into(),
        Job::Dashboard(Some(y)) => format!("/dashboard/{}/", g.regional.years[*y].year),
        Job::DashboardCsv(y) => format!("/dashboard/{}.csv", g.regional.years[*y].year),
        Job::Problems => "/problems/".into(),
        Job::Problem(i) => g.problems.records[*i].url.clone(),
        Job::Export(i, f) => export_path(g, *i, *f),
        Job::HonourIndex => "/honours/".into(),
        Job::HonourYear(y) => g.honours.years[*y].url.clone(),
        Job::RegionHonours(r) => format!("{}honours/", g.regions[*r].url),
    }
}

/// The number of pages a list of `n` items takes.
pub fn page_count(n: usize, per: usize) -> usize {
    n.div_ceil(per).max(1)
}

/// The site path of page `n` (1-based) of a list at `base`.
pub fn page_url(base: &str, n: usize) -> String {
    if n <= 1 { base.to_string() } else { format!("{base}page/{n}/") }
}

/// The page numbers a paginator links to: the first and last pages and
/// two on either side of `current`, with `None` for each gap of skipped
/// pages (a gap of one page shows that page instead). Each list page thus
/// links to at most 9 pages, not to all of them: a list of 500 pages does
/// not repeat 500 links on each of its pages.
pub fn page_window(current: usize, total: usize) -> Vec<Option<usize>> {
    const AROUND: usize = 2;
    if total == 0 {
        return Vec::new();
    }
    let near = current.saturating_sub(AROUND).max(1)..=(current + AROUND).min(total);
    let mut shown: Vec<usize> = std::iter::once(1).chain(near).chain(std::iter::once(total)).collect();
    shown.dedup();
    let mut out = Vec::with_capacity(shown.len() + 2);
    let mut last = 0;
    for n in shown {
        if n == last + 2 {
            out.push(Some(last + 1));
        } else if n > last + 2 {
            out.push(None);
        }
        out.push(Some(n));
        last = n;
    }
    out
}

impl Renderer<'_> {
    /// Every output file of the site, in a fixed order: fixed pages,
    /// documents, list pages (newest entries first), regions, static
    /// files, regional pages, copied files. The same plan as the output
    /// check's ([`super::check_outputs`]), so what is checked is what is written.
    pub fn plan(&self) -> Vec<Job> {
        plan(self.g, &self.lists, &self.statics)
    }

    /// The site path a job writes (what the output check checked).
    pub fn job_path(&self, job: &Job) -> String {
        job_path(self.g, &self.lists, job)
    }

    /// The pages of page `n` (1-based) of a list.
    pub(super) fn list_page<'a>(&self, l: &'a ListSpec, n: usize) -> &'a [PageId] {
        list_page(self.g, l, n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paginators_link_a_window_of_pages() {
        let show = |c, t| page_window(c, t).iter().map(|n| n.map(|n| n.to_string()).unwrap_or("…".into())).collect::<Vec<_>>().join(" ");
        assert_eq!(show(1, 1), "1");
        assert_eq!(show(1, 3), "1 2 3");
        assert_eq!(show(1, 500), "1 2 3 … 500");
        assert_eq!(show(5, 500), "1 2 3 4 5 6 7 … 500");
        assert_eq!(show(250, 500), "1 … 248 249 250 251 252 … 500");
        assert_eq!(show(500, 500), "1 … 498 499 500");
        assert_eq!(show(496, 500), "1 … 494 495 496 497 498 499 500");
        assert_eq!(show(4, 9), "1 2 3 4 5 6 … 9");
        assert_eq!(show(3, 0), "");
    }

    #[test]
    fn pagination_urls() {
        assert_eq!(page_count(0, 10), 1);
        assert_eq!(page_count(21, 10), 3);
        assert_eq!(page_url("/reports/", 1), "/reports/");
        assert_eq!(page_url("/reports/", 3), "/reports/page/3/");
    }
}
