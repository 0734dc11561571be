//! The 四好 assessment as the site defines it (`assessment:` in
//! `site.yaml`): its criteria, each with a weight and a maximum, and how a
//! region's total is formed from its scores.
//!
//! Without the key a site has the four criteria of the seed document, each
//! of weight 0.25 and maximum 100, and the weighted total normalised to 100.

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::front_matter::{Locator, locate_key, strip_location};
use crate::messages::{CriterionProblem, Message};

/// One criterion (考核指标) of the assessment.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// The name, as written in `content/assessments/<year>.yaml`.
    pub name: String,
    /// Its weight in the total (more than 0).
    #[serde(default = "Criterion::default_weight")]
    pub weight: f64,
    /// The highest score (more than 0).
    #[serde(default = "Criterion::default_max")]
    pub max: f64,
}

impl Criterion {
    fn default_weight() -> f64 {
        1.0
    }
    fn default_max() -> f64 {
        100.0
    }
}

/// How a region's total is formed from its scores.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TotalRule {
    /// 100 × Σ weightᵢ·(scoreᵢ ÷ maxᵢ) ÷ Σ weightᵢ: from 0 to 100 whatever
    /// the weights and maxima.
    #[default]
    Weighted,
    /// Σ weightᵢ·scoreᵢ, out of Σ weightᵢ·maxᵢ: for schemes whose maxima
    /// are already the points of each criterion (30 + 30 + 20 + 20).
    Sum,
}

/// The assessment of `site.yaml`.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessmentConfig {
    /// The criteria, in display order (names unique).
    pub criteria: Vec<Criterion>,
    /// How the total is formed.
    pub total: TotalRule,
}

impl Default for AssessmentConfig {
    fn default() -> Self {
        let criteria = ["项目管控效益好", "市场开拓形象好", "工作联动效果好", "主题活动作用好"]
            .into_iter()
            .map(|name| Criterion { name: name.into(), weight: 0.25, max: 100.0 })
            .collect();
        AssessmentConfig { criteria, total: TotalRule::Weighted }
    }
}

impl AssessmentConfig {
    /// The position of the criterion named `name`.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.criteria.iter().position(|c| c.name == name)
    }

    /// The total of one score per criterion (in the order of the criteria),
    /// rounded to two decimals.
    pub fn total_of(&self, scores: &[f64]) -> f64 {
        let raw = match self.total {
            TotalRule::Weighted => {
                let weights: f64 = self.criteria.iter().map(|c| c.weight).sum();
                let sum: f64 = self.criteria.iter().zip(scores).map(|(c, s)| c.weight * s / c.max).sum();
                if weights > 0.0 { 100.0 * sum / weights } else { 0.0 }
            }
            TotalRule::Sum => self.criteria.iter().zip(scores).map(|(c, s)| c.weight * s).sum(),
        };
        (raw * 100.0).round() / 100.0
    }

    /// The highest total there is.
    pub fn total_max(&self) -> f64 {
        match self.total {
            TotalRule::Weighted => 100.0,
            TotalRule::Sum => self.criteria.iter().map(|c| c.weight * c.max).sum(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    criteria: Option<Vec<Criterion>>,
    total: Option<TotalRule>,
}

/// Reads `assessment:`; problems are located in `text` and the default
/// taken in place of what is wrong.
pub(super) fn read(value: serde_yaml::Value, text: &str, diags: &mut Diagnostics) -> AssessmentConfig {
    let (line, col) = locate_key(text, "assessment").unwrap_or((0, 0));
    let err = |l: usize, c: usize, message: Message| Diagnostic::new("site.yaml", l, c, message).with_source(text);
    let raw: Raw = match serde_yaml::from_value(value) {
        Ok(r) => r,
        Err(e) => {
            let detail = format!("`assessment`: {}", strip_location(&e.to_string()));
            diags.push(err(line, col, Message::ConfigInvalid { detail }));
            return AssessmentConfig::default();
        }
    };
    let mut cfg = AssessmentConfig { total: raw.total.unwrap_or_default(), ..AssessmentConfig::default() };
    let Some(criteria) = raw.criteria else { return cfg };
    let locator = Locator::new(text);
    let mut ok = true;
    if criteria.is_empty() {
        diags.push(err(line, col, Message::ConfigCriterion { name: String::new(), problem: CriterionProblem::None }));
        ok = false;
    }
    for (i, c) in criteria.iter().enumerate() {
        let (l, cc) = locator.find(line, &c.name).unwrap_or((line, col));
        let problem = if c.name.trim().is_empty() {
            Some(CriterionProblem::Name)
        } else if criteria[..i].iter().any(|o| o.name == c.name) {
            Some(CriterionProblem::Duplicate)
        } else if !(c.weight.is_finite() && c.weight > 0.0) {
            Some(CriterionProblem::Weight)
        } else if !(c.max.is_finite() && c.max > 0.0) {
            Some(CriterionProblem::Max)
        } else {
            None
        };
        if let Some(problem) = problem {
            diags.push(err(l, cc, Message::ConfigCriterion { name: c.name.clone(), problem }));
            ok = false;
        }
    }
    if ok {
        cfg.criteria = criteria;
    }
    cfg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weighted_total_is_normalised_to_100() {
        let cfg = AssessmentConfig::default();
        assert_eq!(cfg.total_of(&[94.0, 90.0, 96.0, 93.0]), 93.25);
        let uneven = AssessmentConfig {
            criteria: vec![Criterion { name: "a".into(), weight: 3.0, max: 50.0 }, Criterion { name: "b".into(), weight: 1.0, max: 100.0 }],
            total: TotalRule::Weighted,
        };
        // 100 × (3 × 25/50 + 1 × 100/100) / 4 = 62.5
        assert_eq!(uneven.total_of(&[25.0, 100.0]), 62.5);
        assert_eq!(uneven.total_max(), 100.0);
    }

    #[test]
    fn the_sum_total_adds_weighted_points() {
        let cfg = AssessmentConfig {
            criteria: vec![Criterion { name: "a".into(), weight: 1.0, max: 30.0 }, Criterion { name: "b".into(), weight: 2.0, max: 20.0 }],
            total: TotalRule::Sum,
        };
        assert_eq!(cfg.total_of(&[25.0, 10.0]), 45.0);
        assert_eq!(cfg.total_max(), 70.0);
    }

    #[test]
    fn bad_criteria_are_located_and_the_default_kept() {
        let text = "assessment:\n  criteria:\n    - { name: 甲, weight: 0 }\n    - { name: 乙, max: -1 }\n    - { name: 甲 }\n";
        let map: serde_yaml::Mapping = serde_yaml::from_str(text).unwrap();
        let mut d = Diagnostics::default();
        let cfg = read(map.get("assessment").unwrap().clone(), text, &mut d);
        assert_eq!(cfg, AssessmentConfig::default());
        let found: Vec<(usize, String)> = d.iter().map(|x| (x.line, x.message.code().to_string())).collect();
        assert_eq!(
            found,
            [(3, "config-assessment".to_string()), (4, "config-assessment".to_string()), (3, "config-assessment".to_string())]
        );
    }
}
