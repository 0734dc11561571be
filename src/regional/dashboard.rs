//! The "four goods" (四好) assessment dashboard: per year, one row of
//! computed figures per region, checked against the targets of site.yaml
//! in their own periods ([`super::targets`]), the self-assessment and the
//! committee's scores beside them ([`super::assessment`]); rows are ranked
//! by the committee's total ([`rank`]).
//!
//! The activity index (活动指数, formerly the composite score; documented in
//! `docs/pages.md`) is a separate figure, 100 × the mean of up to four
//! parts, each between 0 and 1:
//! 1. activities ÷ the activity target for the months counted (without a
//!    target: ÷ the most activities of any region that year);
//! 2. classes ÷ the class target (without a target: ÷ the most classes);
//! 3. co-modes covered ÷ all modes;
//! 4. unit coverage ÷ the coverage target (without a target: the coverage
//!    itself); left out for a region without member units.
//!
//! Each part is capped at 1, so exceeding one target cannot make up for
//! missing another. The score is rounded to one decimal.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rayon::prelude::*;

use super::assessment::{Assessed, assess};
use super::bulletins::{Bulletins, IssueId};
use super::stats::{Activity, Counter, Figures};
pub use super::targets::expected;
use super::targets::{self, Shortfall, Thing};
use crate::config::{AssessmentConfig, Targets};
use crate::content::Assessment;
use crate::period::Month;

use crate::graph::{PageNode, RegionId, RegionNode};

/// One region's row for one year.
#[derive(Debug, Clone)]
pub struct Row {
    /// The region.
    pub region: RegionId,
    /// The year's figures.
    pub figures: Figures,
    /// Bulletin issues of the region in the year.
    pub issues: usize,
    /// Activities per month, January to December.
    pub per_month: [usize; 12],
    /// Fewer activities than the target in some judged period.
    pub below_activities: bool,
    /// Fewer classes than the target in some judged period.
    pub below_classes: bool,
    /// Unit coverage below the target.
    pub below_coverage: bool,
    /// Each judged period below its target, activities first.
    pub shortfalls: Vec<Shortfall>,
    /// The parts of the activity index (activities, classes, modes, coverage).
    pub parts: [Option<f64>; 4],
    /// The activity index (活动指数), 0–100: see the module's documentation.
    pub composite: f64,
    /// The 四好 assessment of the year (none when the region has none).
    pub assessed: Option<Assessed>,
}

impl Row {
    /// The committee's weighted total, the dashboard's ranking.
    pub fn committee_total(&self) -> Option<f64> {
        self.assessed.as_ref().and_then(|a| a.committee_total)
    }
}

/// One year of the dashboard.
#[derive(Debug, Clone)]
pub struct Year {
    /// The year.
    pub year: i32,
    /// Months the targets are counted over (see [`months_counted`]).
    pub months_counted: usize,
    /// Activities a region should have in the months counted, when a target is set.
    pub expected_activities: Option<usize>,
    /// Classes a region should have in the months counted, when a target is set.
    pub expected_classes: Option<usize>,
    /// The unit coverage target (0–1), when set.
    pub coverage_target: Option<f64>,
    /// Assessment criteria of site.yaml (empty when the year has no assessment).
    pub criteria: Vec<String>,
    /// Rows by the committee's total (highest first; regions without one
    /// after), then the activity index, then activities, then region order.
    pub rows: Vec<Row>,
    /// Company-wide figures of the year.
    pub totals: Figures,
    /// Company-wide activities per month.
    pub per_month: [usize; 12],
    /// All bulletin issues of the year (regional and company-wide).
    pub issues: usize,
    /// Newest report or class of the year.
    pub last_date: Option<NaiveDate>,
}

/// The months of `year` counted for targets: those between the site's first
/// and last month with content, or all twelve for a year outside that span.
pub fn months_counted(year: i32, span: Option<(Month, Month)>) -> usize {
    match span {
        Some((first, last)) if year >= first.0 && year <= last.0 => {
            let start = if year == first.0 { first.1 } else { 1 };
            let end = if year == last.0 { last.1 } else { 12 };
            (end + 1).saturating_sub(start) as usize
        }
        _ => 12,
    }
}

/// 100 × the mean of the parts present, each clamped to 0–1, rounded to one decimal.
pub fn composite(parts: &[Option<f64>]) -> f64 {
    let present: Vec<f64> = parts.iter().flatten().map(|p| p.clamp(0.0, 1.0)).collect();
    if present.is_empty() {
        return 0.0;
    }
    let mean = present.iter().sum::<f64>() / present.len() as f64;
    (mean * 1000.0).round() / 10.0
}

fn ratio(actual: usize, goal: Option<usize>, best: usize) -> f64 {
    match goal {
        Some(0) => 1.0,
        Some(g) => (actual as f64 / g as f64).min(1.0),
        None if best == 0 => 0.0,
        None => actual as f64 / best as f64,
    }
}

/// What every row of a year is computed with.
struct YearInputs<'a> {
    year: i32,
    targets: &'a Targets,
    criteria: &'a AssessmentConfig,
    regions: &'a [RegionNode],
    nodes: &'a [PageNode],
    activity: &'a Activity,
    bulletins: &'a Bulletins,
    counter: &'a Counter<'a>,
    assessment: Option<&'a Assessment>,
}

impl YearInputs<'_> {
    /// One region's row, its activity index not yet computed.
    fn row(&self, r: RegionId) -> Row {
        let year = self.year;
        let bucket = self.activity.year(Some(r), year);
        let mut per_month = [0; 12];
        for &i in &bucket.reports {
            if let Some(d) = self.nodes[i].doc.date {
                per_month[crate::period::month_of(d).1 as usize - 1] += 1;
            }
        }
        let figures = self.counter.figures(Some(r), &bucket);
        let coverage = figures.unit_coverage();
        let id = &self.regions[r].region.id;
        let issues =
            self.bulletins.by_region[r.index()].iter().filter(|&&i: &&IssueId| self.bulletins.issues[i].period.year == year).count();
        let shortfalls = targets::shortfalls(self.targets, year, self.activity.span, &self.activity.regions[r.index()]);
        Row {
            region: r,
            issues,
            per_month,
            below_activities: shortfalls.iter().any(|s| s.thing == Thing::Activities),
            below_classes: shortfalls.iter().any(|s| s.thing == Thing::Classes),
            below_coverage: match (coverage, self.targets.unit_coverage) {
                (Some(c), Some(t)) => c + 1e-9 < t,
                _ => false,
            },
            shortfalls,
            parts: [None; 4],
            composite: 0.0,
            assessed: self.assessment.and_then(|a| a.regions.get(id)).map(|ra| assess(self.criteria, ra)),
            figures,
        }
    }
}

/// Builds every year of the dashboard.
#[allow(clippy::too_many_arguments)]
pub fn plan(
    targets: &Targets,
    criteria: &AssessmentConfig,
    regions: &[RegionNode],
    nodes: &[PageNode],
    activity: &Activity,
    bulletins: &Bulletins,
    counter: &Counter<'_>,
    assessments: &[Assessment],
) -> Vec<Year> {
    let mut years: BTreeSet<i32> = activity.company.keys().map(|m| m.0).collect();
    years.extend(assessments.iter().map(|a| a.year));
    let by_year: BTreeMap<i32, &Assessment> = assessments.iter().map(|a| (a.year, a)).collect();
    // Years are independent: computed in parallel, kept in order.
    years
        .into_par_iter()
        .map(|year| {
            let months = months_counted(year, activity.span);
            let expected_activities = targets::expected_in(targets.activities(), months);
            let expected_classes = targets::expected_in(targets.classes(), months);
            let assessment = by_year.get(&year).copied();
            let inputs = YearInputs { year, targets, criteria, regions, nodes, activity, bulletins, counter, assessment };
            let mut rows: Vec<Row> = RegionId::all(regions.len()).map(|r| inputs.row(r)).collect();
            let best_activities = rows.iter().map(|r| r.figures.activities).max().unwrap_or(0);
            let best_classes = rows.iter().map(|r| r.figures.classes).max().unwrap_or(0);
            for row in &mut rows {
                let f = &row.figures;
                let modes = (!f.mode_counts.is_empty()).then(|| f.modes_covered() as f64 / f.mode_counts.len() as f64);
                let coverage = f.unit_coverage().map(|c| match targets.unit_coverage {
                    Some(t) if t > 0.0 => (c / t).min(1.0),
                    _ => c,
                });
                row.parts = [
                    Some(ratio(f.activities, expected_activities, best_activities)),
                    Some(ratio(f.classes, expected_classes, best_classes)),
                    modes,
                    coverage,
                ];
                row.composite = composite(&row.parts);
            }
            rows.sort_by(rank);
            let company = activity.year(None, year);
            let mut per_month = [0; 12];
            for (m, b) in activity.company.range((year, 1)..=(year, 12)) {
                per_month[m.1 as usize - 1] = b.reports.len();
            }
            let last_date = company.reports.iter().chain(&company.classes).filter_map(|&i| nodes[i].doc.date).max();
            Year {
                year,
                months_counted: months,
                expected_activities,
                expected_classes,
                coverage_target: targets.unit_coverage,
                criteria: match assessment {
                    Some(_) => criteria.criteria.iter().map(|c| c.name.clone()).collect(),
                    None => Vec::new(),
                },
                rows,
                totals: counter.figures(None, &company),
                per_month,
                issues: bulletins.issues.iter().filter(|i| i.period.year == year).count(),
                last_date,
            }
        })
        .collect()
}

/// The dashboard's order: the committee's total (highest first; regions
/// without one after those with one), then the activity index, then
/// activities, then region order.
pub fn rank(a: &Row, b: &Row) -> std::cmp::Ordering {
    let total = |r: &Row| r.committee_total().unwrap_or(f64::NEG_INFINITY);
    total(b)
        .total_cmp(&total(a))
        .then_with(|| b.composite.total_cmp(&a.composite))
        .then_with(|| b.figures.activities.cmp(&a.figures.activities))
        .then_with(|| a.region.cmp(&b.region))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composite_is_the_mean_of_capped_parts() {
        assert_eq!(composite(&[Some(1.0), Some(0.5), Some(0.5), Some(1.0)]), 75.0);
        // Capped: exceeding one target does not make up for another.
        assert_eq!(composite(&[Some(2.0), Some(0.0), Some(1.0), Some(1.0)]), 75.0);
        // A missing part is left out, not counted as zero.
        assert_eq!(composite(&[Some(1.0), Some(0.5), Some(0.6), None]), 70.0);
        assert_eq!(composite(&[Some(1.0 / 3.0), None, None, None]), 33.3);
        assert_eq!(composite(&[None, None]), 0.0);
    }

    #[test]
    fn targets_are_rounded_up() {
        assert_eq!(expected(2.0, 12.0), 24);
        assert_eq!(expected(1.5, 3.0), 5);
        assert_eq!(expected(1.0, 11.0 / 3.0), 4);
        assert_eq!(expected(1.0, 4.0), 4);
    }

    #[test]
    fn months_counted_follow_the_content_span() {
        let span = Some(((2024, 9), (2026, 11)));
        assert_eq!(months_counted(2024, span), 4);
        assert_eq!(months_counted(2025, span), 12);
        assert_eq!(months_counted(2026, span), 11);
        assert_eq!(months_counted(2030, span), 12);
        assert_eq!(months_counted(2025, None), 12);
    }
}
