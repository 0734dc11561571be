//! The regional pages' data: month buckets of every region, bulletin issues,
//! the assessment dashboard and the figures they print.
//!
//! Built once, at the end of [`crate::site::build`], from the resolved pages
//! (so it sees exactly the published reports and classes, drafts excluded), in
//! a single pass over them plus sums over the buckets; nothing here is
//! quadratic in the number of pages. Editor's notes and assessments are
//! checked afterwards, with every other check across files
//! ([`crate::site::checks`]).

// The assessment as site.yaml defines it, targets in their periods.
pub mod assessment;
pub mod bulletins;
pub mod charts;
pub mod dashboard;
pub mod fields;
pub mod kept_notes;
/// Hosts and participants per unit and quarter.
pub mod ledger;
pub mod printed_photos;
pub mod problems;
pub mod stats;
pub mod targets;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::content::{Assessment, BulletinNote};
use crate::diagnostics::Diagnostics;
use crate::graph::{PageId, PageNode, RegionId, RegionNode};
use crate::markdown::LinkContext;

pub use crate::period::{Month, Period};
pub use bulletins::{Bulletins, Issue, IssueId, NoteLinks};
pub use stats::{Activity, Figures};

/// Everything the regional pages need, computed from the content.
#[derive(Debug, Clone, Default)]
pub struct Regional {
    /// Change-detection hashes of the issues and years (for the dev server).
    pub versions: Versions,
    /// Month buckets.
    pub activity: Activity,
    /// Bulletin issues.
    pub bulletins: Bulletins,
    /// Dashboard years, oldest first.
    pub years: Vec<dashboard::Year>,
    /// All-time figures per region (same order as the graph's regions).
    pub region_figures: Vec<Figures>,
}

/// Hashes of what each bulletin issue and dashboard year prints, computed
/// once per build so that change detection does not walk the issues again
/// (two builds of the same content give equal versions).
#[derive(Debug, Clone, Default)]
pub struct Versions {
    /// Per issue (same order as `bulletins.issues`): everything it holds, note included.
    pub issues: Vec<u64>,
    /// Every issue and the series lists together.
    pub bulletins: u64,
    /// Per dashboard year (same order as `years`).
    pub years: Vec<u64>,
}

/// What an earlier build computed, reused by the dev server while the
/// inputs of the figures are unchanged (an edit of a report's body leaves
/// every date, region, mode, unit and participant count as it was).
#[derive(Debug, Default)]
pub struct Cache {
    key: u64,
    base: Option<Base>,
}

/// The part of [`Regional`] computed from the pages' front matter alone
/// (editor's notes are attached afterwards, on every build).
#[derive(Debug, Clone)]
struct Base {
    activity: Activity,
    bulletins: Bulletins,
    years: Vec<dashboard::Year>,
    region_figures: Vec<Figures>,
    /// Per issue, before its note is attached.
    issue_versions: Vec<u64>,
    year_versions: Vec<u64>,
}

/// A hash of everything [`Base`] is computed from: settings of the figures,
/// region profiles, and per page (in id order) the fields that place and count it.
fn base_key(inputs: &Inputs<'_>, assessments: &[Assessment], notes: &[BulletinNote]) -> u64 {
    let Inputs { cfg, regions, nodes, reports, classes, links: _, kept } = *inputs;
    use std::hash::{Hash, Hasher};
    let mut h = crate::hash::Hasher::default();
    crate::hash::debug_hash(&mut h, &(cfg.bulletin_period, &cfg.targets, cfg.modes.len(), &cfg.assessment));
    for r in regions {
        (&r.region.id, &r.region.text).hash(&mut h);
    }
    for n in nodes {
        let d = &n.doc;
        (d.kind, d.date, &n.url, &n.regions, &n.modes, &d.units, &d.hosts, d.participants).hash(&mut h);
    }
    (reports, classes).hash(&mut h);
    for a in assessments {
        crate::hash::debug_hash(&mut h, a);
    }
    // Records and supplements' items place and number issues; titles and bodies do not.
    for n in notes {
        (&n.region, &n.period, &n.items, &n.issued).hash(&mut h);
    }
    kept.changed.hash(&mut h);
    h.finish()
}

fn compute_base(inputs: &Inputs<'_>, assessments: &[Assessment], notes: &[BulletinNote]) -> Base {
    let Inputs { cfg, regions, nodes, reports, classes, links: _, kept } = *inputs;
    let mut phases = crate::timing::Phases::start("        regional/");
    let activity = Activity::build(regions, nodes, reports, classes);
    phases.mark("activity");
    let counter = stats::Counter::new(regions, nodes, cfg.modes.len());
    phases.mark("counter");
    // The showcases' all-time figures do not depend on the bulletins or
    // the dashboard: computed beside them.
    let all_months: Vec<Month> = activity.company.keys().copied().collect();
    let ((bulletins, years), region_figures) = rayon::join(
        || {
            let bulletins = bulletins::plan(cfg, regions, nodes, &activity, &counter, notes, kept);
            let years = dashboard::plan(&cfg.targets, &cfg.assessment, regions, nodes, &activity, &bulletins, &counter, assessments);
            (bulletins, years)
        },
        || {
            RegionId::all(regions.len())
                .collect::<Vec<_>>()
                .into_par_iter()
                .map(|r| counter.figures(Some(r), &activity.merged(Some(r), &all_months)))
                .collect()
        },
    );
    phases.mark("bulletins, dashboard and region figures");
    let issue_versions = bulletins.issues.iter().map(crate::hash::debug_hash_of).collect();
    let year_versions = years.iter().map(crate::hash::debug_hash_of).collect();
    phases.mark("versions");
    Base { activity, bulletins, years, region_figures, issue_versions, year_versions }
}

/// What the regional figures are computed from: the resolved pages of
/// the graph.
pub struct Inputs<'a> {
    /// Settings.
    pub cfg: &'a SiteConfig,
    /// The regions.
    pub regions: &'a [RegionNode],
    /// Every page.
    pub nodes: &'a [PageNode],
    /// Reports, newest first.
    pub reports: &'a [PageId],
    /// Classes, newest first.
    pub classes: &'a [PageId],
    /// The link environment editor's notes are rendered in.
    pub links: &'a LinkContext<'a>,
    /// The issued items kept as issued ([`crate::graph::issued`]).
    pub kept: &'a crate::graph::issued::Kept,
}

/// Computes the regional data and attaches editor's notes to their issues,
/// reusing `cache` (the dev server's) when the pages' placing fields did not
/// change. Returns, with it, the links of each attached note into other
/// pages' headings, for the checks across files.
pub fn build(
    inputs: &Inputs<'_>,
    notes: &[BulletinNote],
    note_copies: &[BulletinNote],
    assessments: &[Assessment],
    assets: &mut crate::graph::AssetMap,
    diags: &mut Diagnostics,
    cache: Option<&mut Cache>,
) -> (Regional, Vec<NoteLinks>) {
    let Inputs { cfg, regions, .. } = *inputs;
    let base = match cache {
        Some(cache) => {
            let key = base_key(inputs, assessments, notes);
            match &cache.base {
                Some(base) if cache.key == key => base.clone(),
                _ => {
                    let base = compute_base(inputs, assessments, notes);
                    *cache = Cache { key, base: Some(base.clone()) };
                    base
                }
            }
        }
        None => compute_base(inputs, assessments, notes),
    };
    let Base { activity, mut bulletins, years, region_figures, issue_versions, year_versions } = base;
    // Notes are rendered on every build: their links and anchors look at other pages.
    let note_links = bulletins::attach_notes(&mut bulletins, notes, inputs, assets, diags);
    fill_fields(&mut bulletins, cfg, regions, notes, diags);
    kept_notes::apply(&mut bulletins, note_copies, inputs, assets, diags);
    let issues: Vec<u64> = bulletins
        .issues
        .iter()
        .zip(issue_versions)
        .map(|(issue, v)| match &issue.note {
            Some(note) => crate::hash::hash_of(&(v, crate::hash::debug_hash_of(note), crate::hash::debug_hash_of(&issue.fields))),
            None => crate::hash::hash_of(&(v, crate::hash::debug_hash_of(&issue.fields))),
        })
        .collect();
    let all =
        crate::hash::hash_of(&(&issues, &bulletins.by_region, &bulletins.company, &bulletins.newest, &bulletins.supplements_by_region));
    let versions = Versions { issues, bulletins: all, years: year_versions };
    (Regional { versions, activity, bulletins, years, region_figures }, note_links)
}

/// Fills every issue's fields: each series' defaults (site, then region)
/// resolved once, an issue with a note resolved with the note's values on
/// top. Columns of region profiles and notes that name no mode are reported.
fn fill_fields(b: &mut Bulletins, cfg: &SiteConfig, regions: &[RegionNode], notes: &[BulletinNote], diags: &mut Diagnostics) {
    for r in regions {
        fields::unknown_columns(&r.region.bulletin, &r.region.shown, &r.region.text, &cfg.modes, diags);
    }
    for n in notes {
        fields::unknown_columns(&n.fields, &n.shown, &n.text, &cfg.modes, diags);
    }
    let series: Vec<Option<usize>> = (0..regions.len()).map(Some).chain([None]).collect();
    for region in series {
        let (layers, place): (Vec<&crate::config::BulletinFields>, &str) = match region {
            Some(r) => (vec![&regions[r].region.bulletin, &cfg.bulletin], &regions[r].region.name),
            None => (vec![&cfg.bulletin], &cfg.title),
        };
        let defaults = fields::resolve(&layers, place, &cfg.modes, region.is_none());
        let ids: Vec<IssueId> = match region {
            Some(r) => b.by_region[r].iter().chain(&b.supplements_by_region[r]).copied().collect(),
            None => b.company.iter().chain(&b.company_supplements).copied().collect(),
        };
        for id in ids {
            b.issues[id].fields = defaults.clone();
        }
        let series_id = region.map(|r| regions[r].region.id.as_str()).unwrap_or(crate::url_scheme::COMPANY_SERIES);
        for note in notes.iter().filter(|n| n.region == series_id) {
            let Some(id) = b.issue_of(regions, note) else { continue };
            let with_note: Vec<&crate::config::BulletinFields> = std::iter::once(&note.fields).chain(layers.iter().copied()).collect();
            let mut fields = fields::resolve(&with_note, place, &cfg.modes, region.is_none());
            if note.editor.is_some() {
                fields.editor = note.editor.clone();
            }
            b.issues[id].fields = fields;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::graph::RegionId;
    use crate::period::Period;
    use crate::site::SiteGraph;
    use crate::test_site::report;

    /// Loads a test site with a second region `beta` and `files`.
    fn load(files: &[(&str, String)]) -> SiteGraph {
        let beta = ("content/regions/beta.yaml", "name: 乙片区\norder: 2\nunits:\n  - name: 乙项目部\n".to_string());
        crate::test_site::load_ok(&[&[beta], files].concat())
    }

    fn titles(g: &SiteGraph, ids: &[crate::graph::PageId]) -> Vec<String> {
        ids.iter().map(|&i| g.nodes[i].doc.title.clone()).collect()
    }

    #[test]
    fn reports_fall_into_the_month_buckets_of_each_region_they_name() {
        let g = load(&[
            ("content/reports/a.md", report("2026-03-02", "alpha", "participants: 10\n")),
            ("content/reports/b.md", report("2026-03-20", "[alpha, beta]", "participants: 5\n")),
            ("content/reports/c.md", report("2026-05-01", "beta", "")),
            ("content/reports/d.md", report("2026-05-01", "alpha", "draft: true\n")),
        ]);
        let a = &g.regional.activity;
        let alpha = g.regions.iter().position(|r| r.region.id == "alpha").unwrap();
        let beta = g.regions.iter().position(|r| r.region.id == "beta").unwrap();
        let beta_id = RegionId(beta);
        // Oldest first within a month; a joint report is in both regions and once company-wide.
        assert_eq!(titles(&g, &a.regions[alpha][&(2026, 3)].reports), ["报道2026-03-02", "报道2026-03-20"]);
        assert_eq!(titles(&g, &a.regions[beta][&(2026, 3)].reports), ["报道2026-03-20"]);
        assert!(!a.regions[alpha].contains_key(&(2026, 5)), "drafts are not counted");
        assert_eq!(a.company.values().map(|b| b.reports.len()).sum::<usize>(), 3);
        assert_eq!(a.span, Some(((2026, 3), (2026, 5))));
        assert_eq!(titles(&g, &a.year(Some(beta_id), 2026).reports), ["报道2026-03-20", "报道2026-05-01"]);
        let figures = &g.regional.region_figures[alpha];
        assert_eq!((figures.activities, figures.participants, figures.regions), (2, 15, 1));
    }

    #[test]
    fn issues_are_numbered_within_the_year_and_overall_per_series() {
        let g = load(&[
            ("content/reports/a.md", report("2025-11-02", "alpha", "")),
            ("content/reports/b.md", report("2026-01-20", "alpha", "")),
            ("content/reports/c.md", report("2026-03-01", "alpha", "")),
            ("content/reports/d.md", report("2026-03-05", "beta", "")),
        ]);
        let b = &g.regional.bulletins;
        let alpha = b.series(&g.regions, "alpha").unwrap();
        let numbers: Vec<(String, usize, usize)> =
            alpha.iter().map(|&i| (b.issues[i].period.slug(), b.issues[i].number_in_year, b.issues[i].number_total)).collect();
        assert_eq!(numbers, [("2025-11".to_string(), 1, 1), ("2026-01".to_string(), 1, 2), ("2026-03".to_string(), 2, 3)]);
        // The company series has an issue for every month with any activity.
        let all = b.series(&g.regions, crate::url_scheme::COMPANY_SERIES).unwrap();
        assert_eq!(all.len(), 3);
        let march = b.issue_in(all, "2026-03").unwrap();
        assert_eq!(b.issues[march].period, Period::parse("2026-03").unwrap());
        assert_eq!(b.issues[march].items.reports.len(), 2);
        assert_eq!(b.issues[march].related.len(), 2, "the region issues of the month");
        let beta = b.series(&g.regions, "beta").unwrap();
        assert_eq!(b.issues[beta[0]].number_total, 1, "each series counts on its own");
    }
}
