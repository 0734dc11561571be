//! The words of the assessment's and the targets' problems: the criteria of
//! `site.yaml`, the scores of `content/assessments/<year>.yaml`, a target
//! given twice. Kept apart so that the family stays in one place.

use super::{Hint, Message};
use crate::language::Language;

/// What is wrong with one criterion of `assessment:` in `site.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CriterionProblem {
    /// `criteria:` is an empty list.
    None,
    /// The name is empty.
    Name,
    /// Two criteria have this name.
    Duplicate,
    /// The weight is not more than 0.
    Weight,
    /// The maximum is not more than 0.
    Max,
}

impl Message {
    /// The assessment and the targets.
    pub(super) fn assessment_text(&self, lang: Language) -> Option<String> {
        use Message::*;
        let text = match self {
            ConfigCriterion { name, problem } => match problem {
                CriterionProblem::None => {
                    tr!(
                        lang,
                        "`assessment.criteria` is empty: an assessment needs a criterion",
                        "`assessment.criteria` 是空的：考核至少要有一项指标"
                    )
                }
                CriterionProblem::Name => tr!(lang, "an assessment criterion has no name", "有一项考核指标没有名称"),
                CriterionProblem::Duplicate => {
                    tr!(lang, "the assessment criterion `{name}` is named twice", "考核指标 `{name}` 出现了两次")
                }
                CriterionProblem::Weight => tr!(
                    lang,
                    "the weight of criterion `{name}` must be a number more than 0",
                    "考核指标 `{name}` 的权重必须是大于 0 的数字"
                ),
                CriterionProblem::Max => tr!(
                    lang,
                    "the maximum of criterion `{name}` must be a number more than 0",
                    "考核指标 `{name}` 的满分必须是大于 0 的数字"
                ),
            },
            ConfigTargetTwice { key } => tr!(
                lang,
                "`targets.{key}` is a second target for the same thing: one period per target",
                "`targets.{key}` 给同一项又定了一个目标：每项目标只能按一种周期（月、季度或年）"
            ),
            UnknownCriterion { name, year } => tr!(
                lang,
                "the {year} assessment scores `{name}`, which is not a criterion in site.yaml",
                "{year} 年考核中的 `{name}` 不是 site.yaml 规定的考核指标"
            ),
            MissingCriterion { region, criterion } => {
                tr!(lang, "region `{region}` has no score for `{criterion}`", "区域 `{region}` 缺少 `{criterion}` 的分数")
            }
            ScoreField { criterion, key } => {
                tr!(lang, "`{key}` is not a field of the scores of `{criterion}`", "`{key}` 不是 `{criterion}` 分数中的字段")
            }
            NoScore { criterion } => {
                tr!(
                    lang,
                    "`{criterion}` has neither a self-assessment nor a committee score",
                    "`{criterion}` 既没有自评分，也没有组织考核分"
                )
            }
            _ => return None,
        };
        Some(text)
    }
}

impl Hint {
    /// The assessment and the targets.
    pub(super) fn assessment_text(&self, lang: Language) -> Option<String> {
        use Hint::*;
        let text = match self {
            ScoreFields => tr!(
                lang,
                "a criterion's scores are `自评` (self-assessment), `组织考核` (the committee's) and `评语` (remarks), or a bare number for the committee's score",
                "指标下可写 `自评`、`组织考核` 和 `评语`，或直接写一个数字作为组织考核分"
            ),
            AddCriterion { criterion } => tr!(
                lang,
                "add `{criterion}: {{ 自评: 90, 组织考核: 88 }}` under the region, or remove the criterion from site.yaml",
                "在该区域下补上 `{criterion}: {{ 自评: 90, 组织考核: 88 }}`，或从 site.yaml 中去掉这项指标"
            ),
            OneTargetPeriod => tr!(
                lang,
                "keep one of `_per_month`, `_per_quarter` and `_per_year` for activities, and one for classes",
                "活动和党课的目标各保留 `_per_month`、`_per_quarter`、`_per_year` 中的一个"
            ),
            _ => return None,
        };
        Some(text)
    }
}
