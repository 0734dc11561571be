//! Targets judged in their own periods: a target per month is
//! judged month by month, per quarter quarter by quarter, per year on the
//! year, so that four classes in the fourth quarter do not make up for none
//! in the first three.
//!
//! Only periods that lie wholly within the span of the site's content (from
//! the first month with a published report or class to the newest, that
//! month counted as elapsed, as for the dashboard's `months_counted`)
//! are judged: a quarter still under way, or one before the site began, is
//! not flagged. A period's target is the count rounded up (1.5 a month
//! asks for 2 in each month).

use std::collections::BTreeMap;

use super::stats::Bucket;
use crate::config::{Per, Target, Targets};
use crate::period::Month;

/// What a target counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Thing {
    /// Activity reports.
    Activities,
    /// Party classes.
    Classes,
}

/// One period in which a region fell short of a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    /// What was counted.
    pub thing: Thing,
    /// The kind of period.
    pub per: Per,
    /// The year.
    pub year: i32,
    /// Month 1–12, quarter 1–4, or 0 for the whole year.
    pub index: u32,
    /// How many there were.
    pub actual: usize,
    /// How many the target asks for in the period.
    pub target: usize,
}

/// The periods of `per` in `year` that are judged: wholly within `span`.
/// Each is its index (month, quarter, or 0 for the year) and its months.
pub fn judged_periods(year: i32, per: Per, span: Option<(Month, Month)>) -> Vec<(u32, Vec<Month>)> {
    let Some((first, last)) = span else { return Vec::new() };
    let len = per.months();
    (0..12 / len)
        .filter_map(|p| {
            let months: Vec<Month> = (p * len + 1..=p * len + len).map(|m| (year, m)).collect();
            let inside = months.first().is_some_and(|m| *m >= first) && months.last().is_some_and(|m| *m <= last);
            let index = if per == Per::Year { 0 } else { p + 1 };
            inside.then_some((index, months))
        })
        .collect()
}

/// `target × units`, rounded up (a target of 1.5 a month over 3 months is 5).
pub fn expected(target: f64, units: f64) -> usize {
    (target * units - 1e-9).ceil().max(0.0) as usize
}

/// The target in one period: the count rounded up.
pub fn per_period(t: Target) -> usize {
    expected(t.count, 1.0)
}

/// Every judged period of `year` in which a region's `buckets` fall short
/// of `targets`, activities first, then classes, each in calendar order.
pub fn shortfalls(targets: &Targets, year: i32, span: Option<(Month, Month)>, buckets: &BTreeMap<Month, Bucket>) -> Vec<Shortfall> {
    let mut out = Vec::new();
    for (thing, target) in [(Thing::Activities, targets.activities()), (Thing::Classes, targets.classes())] {
        let Some(t) = target else { continue };
        let goal = per_period(t);
        for (index, months) in judged_periods(year, t.per, span) {
            let actual: usize = months
                .iter()
                .filter_map(|m| buckets.get(m))
                .map(|b| match thing {
                    Thing::Activities => b.reports.len(),
                    Thing::Classes => b.classes.len(),
                })
                .sum();
            if actual < goal {
                out.push(Shortfall { thing, per: t.per, year, index, actual, target: goal });
            }
        }
    }
    out
}

/// What a target asks for over `months` counted months of a year: the
/// count × the periods those months make, rounded up (the yearly figure
/// the dashboard shows and its activity index uses).
pub fn expected_in(t: Option<Target>, months: usize) -> Option<usize> {
    t.map(|t| expected(t.count, months as f64 / t.per.months() as f64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::PageId;

    fn classes(per_quarter: [usize; 4]) -> BTreeMap<Month, Bucket> {
        let mut m = BTreeMap::new();
        for (q, n) in per_quarter.iter().enumerate() {
            let b = Bucket { reports: Vec::new(), classes: vec![PageId::default(); *n] };
            m.insert((2025, q as u32 * 3 + 2), b);
        }
        m
    }

    #[test]
    fn a_quarter_without_a_class_is_flagged_though_the_year_meets_four() {
        let t = Targets { classes_per_quarter: Some(1.0), ..Targets::default() };
        let span = Some(((2025, 1), (2025, 12)));
        let found = shortfalls(&t, 2025, span, &classes([0, 0, 0, 4]));
        let quarters: Vec<(u32, usize, usize)> = found.iter().map(|s| (s.index, s.actual, s.target)).collect();
        assert_eq!(quarters, [(1, 0, 1), (2, 0, 1), (3, 0, 1)]);
        // A yearly target of four is met by the same classes.
        let yearly = Targets { classes_per_year: Some(4.0), ..Targets::default() };
        assert!(shortfalls(&yearly, 2025, span, &classes([0, 0, 0, 4])).is_empty());
    }

    #[test]
    fn periods_outside_the_span_are_not_judged() {
        let span = Some(((2025, 2), (2025, 11)));
        let quarters: Vec<u32> = judged_periods(2025, Per::Quarter, span).into_iter().map(|p| p.0).collect();
        assert_eq!(quarters, [2, 3]);
        assert_eq!(judged_periods(2025, Per::Month, span).len(), 10);
        assert!(judged_periods(2025, Per::Year, span).is_empty());
        assert_eq!(judged_periods(2024, Per::Year, Some(((2024, 1), (2025, 3)))).len(), 1);
        assert!(judged_periods(2025, Per::Month, None).is_empty());
    }

    #[test]
    fn yearly_figures_follow_the_months_counted() {
        let q = Some(Target { count: 1.0, per: Per::Quarter });
        assert_eq!(expected_in(q, 12), Some(4));
        assert_eq!(expected_in(q, 11), Some(4));
        assert_eq!(expected_in(Some(Target { count: 6.0, per: Per::Year }), 6), Some(3));
        assert_eq!(expected_in(None, 12), None);
    }
}
