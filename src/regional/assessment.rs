//! One region's assessment of one year as the dashboard shows it: per
//! criterion of `site.yaml` the self-assessment and the
//! committee's score, and the two totals formed as `site.yaml` says
//! ([`AssessmentConfig::total_of`]).
//!
//! A total is formed only when every criterion has that score (in range:
//! `check` reports the rest); otherwise it is none, and the region ranks
//! with the regions without an assessment.

use crate::config::AssessmentConfig;
use crate::content::{RegionAssessment, Score};

/// The scores of one criterion.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scored {
    /// The region's self-assessment (自评).
    pub own: Option<f64>,
    /// The committee's score (组织考核).
    pub committee: Option<f64>,
    /// Remarks on the criterion.
    pub remarks: Option<String>,
}

/// A region's assessment of a year.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assessed {
    /// One per criterion of `site.yaml`, in its order.
    pub scores: Vec<Scored>,
    /// The total of the self-assessments.
    pub own_total: Option<f64>,
    /// The total of the committee's scores: what the dashboard ranks by.
    pub committee_total: Option<f64>,
    /// The award.
    pub award: Option<String>,
    /// Remarks on the region.
    pub remarks: Option<String>,
}

fn valid(s: &Option<Score>, max: f64) -> Option<f64> {
    s.as_ref().and_then(|s| s.value).filter(|v| (0.0..=max).contains(v))
}

/// The assessment of one region, read against the criteria of `cfg`.
pub fn assess(cfg: &AssessmentConfig, region: &RegionAssessment) -> Assessed {
    let scores: Vec<Scored> = cfg
        .criteria
        .iter()
        .map(|c| match region.entry(&c.name) {
            Some(e) => Scored { own: valid(&e.own, c.max), committee: valid(&e.committee, c.max), remarks: e.remarks.clone() },
            None => Scored::default(),
        })
        .collect();
    let total = |pick: fn(&Scored) -> Option<f64>| {
        let all: Option<Vec<f64>> = scores.iter().map(pick).collect();
        all.filter(|v| !v.is_empty()).map(|v| cfg.total_of(&v))
    };
    Assessed {
        own_total: total(|s| s.own),
        committee_total: total(|s| s.committee),
        scores,
        award: region.award.clone(),
        remarks: region.remarks.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Entry;

    fn score(v: f64) -> Option<Score> {
        Some(Score { value: Some(v), shown: v.to_string(), at: (1, 1) })
    }

    #[test]
    fn totals_need_every_criterion() {
        let cfg = AssessmentConfig::default();
        let mut region = RegionAssessment::default();
        for (c, own) in cfg.criteria.iter().zip([Some(96.0), Some(92.0), Some(95.0), None]) {
            region.entries.push(Entry {
                name: c.name.clone(),
                at: (1, 1),
                own: own.and_then(score),
                committee: score(90.0),
                remarks: None,
            });
        }
        let a = assess(&cfg, &region);
        assert_eq!(a.committee_total, Some(90.0));
        assert_eq!(a.own_total, None);
        assert_eq!(a.scores[0].own, Some(96.0));
    }
}
