//! The honours stage: the entries of
//! `content/honours/<year>.yaml` resolved against the regions, their
//! member units, the site's levels and the published reports, with the
//! `award` of each yearly assessment added as a region honour, and every
//! list the pages show sorted once.
//!
//! Runs after [`super::lists`] (it needs the published reports). What does
//! not resolve is recorded as a [`HonourFinding`] and reported by
//! [`crate::site::checks`]; the entry is then left out, so that a page never
//! shows a level or unit the site does not know.
//!
//! Order: the years ascending; within a year the honours as the year page
//! lists them: the highest level first, then regions before units before
//! people, then each honour title in the order it first appears (in the
//! file, then the assessment), then the file's order.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::config::SiteConfig;
use crate::content::{Assessment, HonourFile, HonourKind, Placed, RecordItem};

use super::nodes::{PageId, PageNode, RegionId, RegionNode};

/// One honour, resolved.
#[derive(Debug, Clone, Hash)]
pub struct HonourNode {
    /// The year (of its file, or of its assessment).
    pub year: i32,
    /// The date it was given: the entry's, the file's, else 31 December.
    pub date: NaiveDate,
    /// Who is honoured.
    pub kind: HonourKind,
    /// The recipient as shown: the person's name, the unit's name, the region's name.
    pub name: String,
    /// A person's post.
    pub post: Option<String>,
    /// The region.
    pub region: RegionId,
    /// The member unit (the unit honoured, a person's unit).
    pub unit: Option<String>,
    /// The honour.
    pub honour: String,
    /// Index into `config.honours.levels` (higher is higher).
    pub level: usize,
    /// The awarding body.
    pub by: Option<String>,
    /// The citation, rendered Markdown.
    pub citation_html: String,
    /// Linked reports, in the order written.
    pub reports: Vec<PageId>,
    /// Its anchor on the year page: `h<n>` (n-th entry of the file) or
    /// `award-<region id>` (an assessment's award).
    pub anchor: String,
    /// `/honours/<year>/#<anchor>`.
    pub url: String,
    /// Made from an assessment's `award`, not from an entry.
    pub from_assessment: bool,
}

/// One year of honours.
#[derive(Debug, Clone, Hash)]
pub struct HonourYear {
    /// The year.
    pub year: i32,
    /// When it was announced: the file's `date`, else its latest entry's
    /// date, else 31 December (the date of its feed entries).
    pub date: NaiveDate,
    /// `/honours/<year>/`.
    pub url: String,
    /// Its honours in the order shown (indices into [`Honours::nodes`]).
    pub honours: Vec<usize>,
}

/// Every honour of the site.
#[derive(Debug, Clone, Default)]
pub struct Honours {
    /// The honours, by year, then as shown.
    pub nodes: Vec<HonourNode>,
    /// The years with honours, oldest first.
    pub years: Vec<HonourYear>,
    /// Per region (as `SiteGraph::regions`): its honours, newest year first, then as shown.
    pub by_region: Vec<Vec<usize>>,
    /// Per report: the honours that link it.
    pub by_page: BTreeMap<PageId, Vec<usize>>,
    /// A hash of everything above (the dev server's change detection).
    pub version: u64,
}

impl Honours {
    /// The year entry of `year`.
    pub fn year(&self, year: i32) -> Option<&HonourYear> {
        self.years.iter().find(|y| y.year == year)
    }
}

/// A value of an honours file that does not resolve: the entry is left out.
#[derive(Debug, Clone)]
pub enum HonourFinding {
    /// No region has this id.
    UnknownRegion {
        /// Index into the honours files.
        file: usize,
        /// The id as written.
        at: Placed,
    },
    /// The unit is no member unit of the region.
    UnknownUnit {
        /// Index into the honours files.
        file: usize,
        /// The unit as written.
        at: Placed,
        /// The region.
        region: RegionId,
    },
    /// The level is none of `honours.levels`.
    UnknownLevel {
        /// Index into the honours files.
        file: usize,
        /// The level as written.
        at: Placed,
    },
    /// A path of `reports` is no published report.
    MissingReport {
        /// Index into the honours files.
        file: usize,
        /// The path as written.
        item: RecordItem,
    },
}

/// What the stage reads.
pub struct Inputs<'a> {
    /// Settings (levels, Markdown sanitizing).
    pub config: &'a SiteConfig,
    /// The regions.
    pub regions: &'a [RegionNode],
    /// Region id -> region.
    pub region_index: &'a HashMap<String, RegionId>,
    /// The published pages.
    pub nodes: &'a [PageNode],
    /// The published reports.
    pub reports: &'a [PageId],
    /// The honours files, by path.
    pub files: &'a [HonourFile],
    /// The yearly assessments.
    pub assessments: &'a [Assessment],
}

/// Resolves every honour; what does not resolve goes to `findings`.
pub fn build(inputs: &Inputs<'_>, findings: &mut Vec<HonourFinding>) -> Honours {
    let reports: HashMap<&str, PageId> = inputs.reports.iter().map(|&p| (inputs.nodes[p].doc.source.as_str(), p)).collect();
    let sanitize = super::nodes::sanitizes(inputs.config);
    let levels = &inputs.config.honours.levels;
    // year -> (announcement date, honours in source order)
    let mut by_year: BTreeMap<i32, (Option<NaiveDate>, Vec<HonourNode>)> = BTreeMap::new();
    for (fi, file) in inputs.files.iter().enumerate() {
        let slot = by_year.entry(file.year).or_default();
        slot.0 = slot.0.or(file.date);
        for (ei, e) in file.entries.iter().enumerate() {
            let Some(&region) = inputs.region_index.get(&e.region.value) else {
                findings.push(HonourFinding::UnknownRegion { file: fi, at: e.region.clone() });
                continue;
            };
            let mut ok = true;
            // A region whose file did not read knows no units.
            if let Some(u) = &e.unit
                && !inputs.regions[region].region.unparsed
                && !inputs.regions[region].region.units.iter().any(|x| x.name == u.value)
            {
                findings.push(HonourFinding::UnknownUnit { file: fi, at: u.clone(), region });
                ok = false;
            }
            let level = levels.iter().position(|l| *l == e.level.value);
            if level.is_none() {
                findings.push(HonourFinding::UnknownLevel { file: fi, at: e.level.clone() });
                ok = false;
            }
            let mut linked = Vec::new();
            for item in &e.reports {
                match reports.get(item.path.as_str()) {
                    Some(&p) => linked.push(p),
                    None => findings.push(HonourFinding::MissingReport { file: fi, item: item.clone() }),
                }
            }
            let (Some(level), true) = (level, ok) else { continue };
            let region_name = &inputs.regions[region].region.name;
            let name = match e.kind {
                HonourKind::Region => e.name.clone().unwrap_or_else(|| region_name.clone()),
                _ => e.name.clone().or_else(|| e.unit.as_ref().map(|u| u.value.clone())).unwrap_or_default(),
            };
            let anchor = format!("h{}", ei + 1);
            slot.1.push(HonourNode {
                year: file.year,
                date: e.date.or(file.date).unwrap_or_else(|| end_of(file.year)),
                kind: e.kind,
                name,
                post: e.post.clone(),
                region,
                unit: e.unit.as_ref().map(|u| u.value.clone()),
                honour: e.honour.clone(),
                level,
                by: e.by.clone().or_else(|| file.by.clone()),
                citation_html: e.citation.as_deref().map(|c| crate::markdown::render_plain(c, sanitize)).unwrap_or_default(),
                reports: linked,
                url: format!("/honours/{}/#{anchor}", file.year),
                anchor,
                from_assessment: false,
            });
        }
    }
    add_awards(inputs, &mut by_year);
    assemble(by_year, inputs.regions.len())
}

/// 31 December of `year`.
fn end_of(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default()
}

/// Each assessment's `award` as a region honour at the lowest level,
/// unless an entry of the same year already gives that region that honour.
fn add_awards(inputs: &Inputs<'_>, by_year: &mut BTreeMap<i32, (Option<NaiveDate>, Vec<HonourNode>)>) {
    for a in inputs.assessments {
        for (rid, award) in a.regions.iter().filter_map(|(rid, r)| Some((rid, r.award.as_ref()?))) {
            // An unknown region is reported with the assessment's other problems.
            let Some(&region) = inputs.region_index.get(rid) else { continue };
            let slot = by_year.entry(a.year).or_default();
            let said = slot.1.iter().any(|h| h.kind == HonourKind::Region && h.region == region && h.honour == *award);
            if said {
                continue;
            }
            let anchor = format!("award-{rid}");
            slot.1.push(HonourNode {
                year: a.year,
                date: slot.0.unwrap_or_else(|| end_of(a.year)),
                kind: HonourKind::Region,
                name: inputs.regions[region].region.name.clone(),
                post: None,
                region,
                unit: None,
                honour: award.clone(),
                level: 0,
                by: None,
                citation_html: String::new(),
                reports: Vec::new(),
                url: format!("/honours/{}/#{anchor}", a.year),
                anchor,
                from_assessment: true,
            });
        }
    }
}

/// The years, each sorted as shown, and the lists by region and report.
fn assemble(by_year: BTreeMap<i32, (Option<NaiveDate>, Vec<HonourNode>)>, regions: usize) -> Honours {
    let mut h = Honours { by_region: vec![Vec::new(); regions], ..Honours::default() };
    for (year, (date, mut nodes)) in by_year {
        if nodes.is_empty() {
            continue;
        }
        let mut first_seen: HashMap<String, usize> = HashMap::new();
        for (i, n) in nodes.iter().enumerate() {
            first_seen.entry(n.honour.clone()).or_insert(i);
        }
        // A stable sort keeps the file's order within one honour.
        nodes.sort_by_key(|n| (std::cmp::Reverse(n.level), n.kind, first_seen[&n.honour]));
        let date = date.or_else(|| nodes.iter().map(|n| n.date).max()).unwrap_or_else(|| end_of(year));
        let start = h.nodes.len();
        h.nodes.extend(nodes);
        h.years.push(HonourYear { year, date, url: format!("/honours/{year}/"), honours: (start..h.nodes.len()).collect() });
    }
    for y in h.years.iter().rev() {
        for &i in &y.honours {
            let n = &h.nodes[i];
            h.by_region[n.region.index()].push(i);
            for &p in &n.reports {
                h.by_page.entry(p).or_default().push(i);
            }
        }
    }
    h.version = crate::hash::hash_of(&(&h.nodes, &h.years));
    h
}
