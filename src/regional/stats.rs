//! The figures every regional page prints, computed from the content in one
//! pass: published reports and classes are put into per-region and
//! company-wide month buckets, and every figure (of a bulletin period, a
//! dashboard year, a showcase) is a sum over some buckets.
//!
//! Definitions (also in `docs/pages.md`):
//! - an *activity* is a published report; a joint report counts once in each
//!   region it names, and once in company-wide figures;
//! - *participants* is the sum of the reports' `participants` (classes'
//!   audiences are not added);
//! - *units involved* are the distinct member units of the region named in at
//!   least one of the reports (company-wide: distinct (region, unit) pairs);
//! - *classes* are published classes, a joint class counting in each region.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::graph::{PageId, PageNode, RegionId, RegionNode};
use crate::period::{Month, month_of};

/// Reports and classes of one month, oldest first (ties by URL).
#[derive(Debug, Clone, Default)]
pub struct Bucket {
    /// Published reports.
    pub reports: Vec<PageId>,
    /// Published classes.
    pub classes: Vec<PageId>,
}

impl Bucket {
    /// The reports, then the classes.
    pub fn all(&self) -> Vec<PageId> {
        self.reports.iter().chain(&self.classes).copied().collect()
    }
}

/// Month buckets per region and for the whole company.
#[derive(Debug, Clone, Default)]
pub struct Activity {
    /// Per region (same order as the graph's regions).
    pub regions: Vec<BTreeMap<Month, Bucket>>,
    /// Company-wide: every report and class once.
    pub company: BTreeMap<Month, Bucket>,
    /// The first and last month with a published report or class.
    pub span: Option<(Month, Month)>,
}

impl Activity {
    /// Buckets `reports` and `classes` (both lists of published pages).
    pub fn build(regions: &[RegionNode], nodes: &[PageNode], reports: &[PageId], classes: &[PageId]) -> Activity {
        let mut a = Activity { regions: vec![BTreeMap::new(); regions.len()], ..Activity::default() };
        // Oldest first, ties by URL: the order issues list their contents in.
        let mut ordered: Vec<(PageId, bool)> = reports.iter().map(|&i| (i, true)).chain(classes.iter().map(|&i| (i, false))).collect();
        ordered.sort_by(|a, b| nodes[a.0].date().cmp(&nodes[b.0].date()).then_with(|| nodes[a.0].url.cmp(&nodes[b.0].url)));
        for (i, is_report) in ordered {
            let Some(date) = nodes[i].doc.date else { continue };
            let month = month_of(date);
            a.span = Some(match a.span {
                None => (month, month),
                Some((first, last)) => (first.min(month), last.max(month)),
            });
            let push = |b: &mut Bucket| if is_report { b.reports.push(i) } else { b.classes.push(i) };
            push(a.company.entry(month).or_default());
            for &r in &nodes[i].regions {
                push(a.regions[r.index()].entry(month).or_default());
            }
        }
        a
    }

    /// The buckets of `region` (or the company) for the given months, merged in order.
    pub fn merged(&self, region: Option<RegionId>, months: &[Month]) -> Bucket {
        let map = match region {
            Some(r) => &self.regions[r.index()],
            None => &self.company,
        };
        let mut out = Bucket::default();
        for m in months {
            if let Some(b) = map.get(m) {
                out.reports.extend_from_slice(&b.reports);
                out.classes.extend_from_slice(&b.classes);
            }
        }
        out
    }

    /// The buckets of `region` (or the company) in `year`.
    pub fn year(&self, region: Option<RegionId>, year: i32) -> Bucket {
        let months: Vec<Month> = (1..=12).map(|m| (year, m)).collect();
        self.merged(region, &months)
    }
}

/// The figures of a set of reports and classes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    /// Activities (reports).
    pub activities: usize,
    /// Sum of the reports' participants.
    pub participants: u64,
    /// Classes.
    pub classes: usize,
    /// Member units named in at least one report.
    pub units_named: usize,
    /// All member units (of the region, or of every region).
    pub units_total: usize,
    /// Reports per co-building mode, in site.yaml order.
    pub mode_counts: Vec<usize>,
    /// Regions with at least one report or class (1 or 0 for a region).
    pub regions: usize,
}

impl Figures {
    /// Modes with at least one report.
    pub fn modes_covered(&self) -> usize {
        self.mode_counts.iter().filter(|&&c| c > 0).count()
    }

    /// Units named / all units; none for a region without units.
    pub fn unit_coverage(&self) -> Option<f64> {
        (self.units_total > 0).then(|| self.units_named as f64 / self.units_total as f64)
    }
}

/// Computes [`Figures`]; holds the unit-name lookups of every region.
pub struct Counter<'a> {
    nodes: &'a [PageNode],
    units: Vec<HashMap<&'a str, usize>>,
    modes: usize,
}

impl<'a> Counter<'a> {
    /// A counter for the graph's regions and pages.
    pub fn new(regions: &'a [RegionNode], nodes: &'a [PageNode], modes: usize) -> Counter<'a> {
        let units = regions.iter().map(|r| r.region.units.iter().enumerate().map(|(i, u)| (u.name.as_str(), i)).collect()).collect();
        Counter { nodes, units, modes }
    }

    /// Figures of `bucket`, seen from `region` (its units only) or company-wide.
    pub fn figures(&self, region: Option<RegionId>, bucket: &Bucket) -> Figures {
        let mut f = Figures { mode_counts: vec![0; self.modes], ..Figures::default() };
        let mut named: BTreeSet<(RegionId, usize)> = BTreeSet::new();
        let mut active: BTreeSet<RegionId> = BTreeSet::new();
        for &i in &bucket.reports {
            let n = &self.nodes[i];
            f.activities += 1;
            f.participants = f.participants.saturating_add(n.doc.participants.unwrap_or(0));
            for &m in &n.modes {
                if let Some(c) = f.mode_counts.get_mut(m) {
                    *c += 1;
                }
            }
            for &r in &n.regions {
                if region.is_some_and(|x| x != r) {
                    continue;
                }
                active.insert(r);
                // Hosts take part too.
                for u in n.doc.units.iter().chain(&n.doc.hosts) {
                    if let Some(&ui) = self.units[r.index()].get(u.as_str()) {
                        named.insert((r, ui));
                    }
                }
            }
        }
        for &i in &bucket.classes {
            f.classes += 1;
            active.extend(self.nodes[i].regions.iter().copied().filter(|&r| region.is_none_or(|x| x == r)));
        }
        f.units_named = named.len();
        f.units_total = match region {
            Some(r) => self.units[r.index()].len(),
            None => self.units.iter().map(HashMap::len).sum(),
        };
        f.regions = active.len();
        f
    }
}
