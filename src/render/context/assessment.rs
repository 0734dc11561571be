//! The template values of the assessment and targets: a region's 四好
//! assessment (self and committee per criterion, the totals), the periods
//! below target named ("一季度 党课 0/1"), and the region page's list of them.

use tera::{Context, Value};

use crate::config::{Per, TotalRule};
use crate::graph::RegionId;
use crate::period::Period;
use crate::regional::assessment::Assessed;
use crate::regional::dashboard::{Row, Year};
use crate::regional::targets::{Shortfall, Thing};
use crate::render::Renderer;
use crate::render::values::{list, obj};

/// A score or total: up to two decimals, trailing zeros dropped (`93.25`, `90.5`, `92`).
pub fn number(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn opt_number(v: Option<f64>) -> Value {
    v.map(|v| Value::from(number(v))).unwrap_or_else(Value::none)
}

impl Renderer<'_> {
    /// "一季度 党课 0/1", "3月 活动 1/2", "全年 党课 2/4".
    pub(super) fn shortfall_label(&self, s: &Shortfall) -> String {
        let lang = self.g.config.language;
        let period = match s.per {
            Per::Month => Period { year: s.year, index: s.index, quarter: false }.short_label(lang),
            Per::Quarter => Period { year: s.year, index: s.index, quarter: true }.short_label(lang),
            Per::Year => self.t("period_whole_year"),
        };
        let thing = match s.thing {
            Thing::Activities => self.t("shortfall_activities"),
            Thing::Classes => self.t("shortfall_classes"),
        };
        format!("{period} {thing} {}/{}", s.actual, s.target)
    }

    /// The periods of a row below target, as template values.
    pub(super) fn shortfalls_value(&self, row: &Row) -> Value {
        list(row.shortfalls.iter().map(|s| {
            obj([
                ("label", self.shortfall_label(s).into()),
                ("thing", if s.thing == Thing::Activities { "activities" } else { "classes" }.into()),
                ("per", s.per.word().into()),
                ("index", s.index.into()),
                ("actual", s.actual.into()),
                ("target", s.target.into()),
            ])
        }))
    }

    /// A row's assessment: per criterion self and committee, the totals, award, remarks.
    pub(super) fn assessed_value(&self, y: &Year, a: Option<&Assessed>) -> Value {
        let Some(a) = a else { return Value::none() };
        let scores = list(y.criteria.iter().zip(&a.scores).map(|(c, s)| {
            obj([
                ("name", c.as_str().into()),
                ("own", opt_number(s.own)),
                ("committee", opt_number(s.committee)),
                ("remarks", s.remarks.as_deref().map(Value::from).unwrap_or_else(Value::none)),
            ])
        }));
        obj([
            ("scores", scores),
            ("own_total", opt_number(a.own_total)),
            ("committee_total", opt_number(a.committee_total)),
            ("award", a.award.as_deref().map(Value::from).unwrap_or_else(Value::none)),
            ("remarks", a.remarks.as_deref().map(Value::from).unwrap_or_else(Value::none)),
        ])
    }

    /// The assessment of site.yaml: criteria with weights and maxima, and
    /// the definition of the total in the site's language.
    pub(super) fn assessment_definition(&self) -> Value {
        let cfg = &self.g.config.assessment;
        let criteria = list(
            cfg.criteria
                .iter()
                .map(|c| obj([("name", c.name.as_str().into()), ("weight", number(c.weight).into()), ("max", number(c.max).into())])),
        );
        let rule = match cfg.total {
            TotalRule::Weighted => self.t("def_total_weighted"),
            TotalRule::Sum => self.t("def_total_sum").replace("{max}", &number(cfg.total_max())),
        };
        let sep = match self.g.config.language {
            crate::language::Language::ZhCn => "、",
            crate::language::Language::En => ", ",
        };
        let names = cfg.criteria.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(sep);
        obj([("criteria", criteria), ("names", names.into()), ("total_rule", rule.into()), ("total_max", number(cfg.total_max()).into())])
    }

    /// The region page's targets: per dashboard year (newest first) the
    /// periods below target, for years with a target.
    pub(super) fn region_targets(&self, r: RegionId, ctx: &mut Context) {
        let g = self.g;
        let set = g.config.targets.activities().is_some() || g.config.targets.classes().is_some();
        let years = g.regional.years.iter().rev().filter(|_| set).filter_map(|y| {
            let row = y.rows.iter().find(|row| row.region == r)?;
            let committee = row.committee_total();
            Some(obj([
                ("year", (y.year as i64).into()),
                ("dashboard_url", format!("/dashboard/{}/", y.year).into()),
                ("shortfalls", self.shortfalls_value(row)),
                ("committee_total", opt_number(committee)),
            ]))
        });
        ctx.insert_value("target_years", list(years));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_two_decimals_at_most() {
        assert_eq!(number(93.25), "93.25");
        assert_eq!(number(90.5), "90.5");
        assert_eq!(number(92.0), "92");
        assert_eq!(number(0.25), "0.25");
    }
}
