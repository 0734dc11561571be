//! The regional pages' data: month buckets of every region, bulletin issues,
//! the assessment dashboard and the figures they print.
//!
//! Built once, at the end of [`crate::graph::build`], from the resolved pages
//! (so it sees exactly the published reports and classes, drafts excluded), in
//! a single pass over them plus sums over the buckets; nothing here is
//! quadratic in the number of pages. Editor's notes and assessments are
//! checked here, so their problems are reported with all the others before
//! anything is written.

pub mod bulletins;
pub mod charts;
pub mod dashboard;
pub mod period;
pub mod stats;

use std::collections::BTreeMap;

use crate::config::SiteConfig;
use crate::content::{Assessment, BulletinNote};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::graph::{PageId, PageNode, RegionNode};
use crate::markdown::LinkContext;

pub use bulletins::{Bulletins, Issue, IssueId};
pub use period::{Month, Period};
pub use stats::{Activity, Figures};

/// Everything the regional pages need, computed from the content.
#[derive(Debug, Clone, Default)]
pub struct Regional {
    /// Month buckets.
    pub activity: Activity,
    /// Bulletin issues.
    pub bulletins: Bulletins,
    /// Dashboard years, oldest first.
    pub years: Vec<dashboard::Year>,
    /// All-time figures per region (same order as the graph's regions).
    pub region_figures: Vec<Figures>,
    /// All-time company-wide figures.
    pub company_figures: Figures,
}

/// Inputs of [`build`] that come straight from the loader.
pub struct Sources {
    /// Editor's notes.
    pub notes: Vec<BulletinNote>,
    /// Assessments.
    pub assessments: Vec<Assessment>,
}

/// Computes the regional data and checks notes and assessments.
#[allow(clippy::too_many_arguments)] // one call site; the arguments are the parts of the graph being built
pub fn build(
    cfg: &SiteConfig,
    regions: &[RegionNode],
    nodes: &[PageNode],
    reports: &[PageId],
    classes: &[PageId],
    sources: Sources,
    links: &LinkContext<'_>,
    assets: &mut BTreeMap<String, String>,
    diags: &mut Diagnostics,
) -> Regional {
    // Free pages may not take URLs the regional pages generate.
    for n in nodes.iter().filter(|n| n.doc.kind == crate::content::DocKind::Page) {
        if n.url.starts_with("/bulletins/") || n.url.starts_with("/dashboard/") {
            diags.push(
                Diagnostic::error(
                    &*n.doc.shown,
                    0,
                    0,
                    "duplicate-url",
                    format!("the URL `{}` is reserved for bulletins and the dashboard", n.url),
                )
                .with_hint("move the page out of `pages/bulletins/` or `pages/dashboard/`"),
            );
        }
    }
    let activity = Activity::build(regions, nodes, reports, classes);
    let counter = stats::Counter::new(regions, nodes, cfg.modes.len());
    let mut bulletins = bulletins::plan(cfg, regions, nodes, &activity, &counter);
    bulletins::attach_notes(&mut bulletins, sources.notes, regions, nodes, links, assets, diags);
    let years = dashboard::plan(&cfg.targets, regions, nodes, &activity, &bulletins, &counter, &sources.assessments);
    let all_months: Vec<Month> = activity.company.keys().copied().collect();
    let region_figures = (0..regions.len()).map(|r| counter.figures(Some(r), &activity.merged(Some(r), &all_months))).collect();
    let company_figures = counter.figures(None, &activity.merged(None, &all_months));
    Regional { activity, bulletins, years, region_figures, company_figures }
}
