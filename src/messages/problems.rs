//! The messages of problems and decisions (难题与决定事项): their records,
//! their histories and the reports that advance them. One family, kept
//! apart from the rest of the catalogue; [`super::Message::Problem`] and
//! [`super::Hint::Problem`] carry them.

use crate::language::Language;

/// A problem with a problem or decision record.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemMessage {
    /// A status that is none of the five.
    UnknownStatus { status: String },
    /// A step without a date.
    StepUndated { status: String },
    /// A step dated before the step before it.
    StepBeforePrevious { status: String, date: String, previous: String },
    /// A step that cannot follow the one before it.
    StepOutOfOrder { status: String, previous: String },
    /// 搁置 without a reason.
    ShelvedWithoutReason,
    /// The responsible unit is no member unit of the record's regions.
    UnknownUnit { unit: String },
    /// A report advances a record that does not exist.
    UnknownRecord { id: String },
    /// Two records (files or decisions) with one id.
    DuplicateRecord { id: String, other: String },
    /// An id that is not lowercase ASCII letters, digits and `-`.
    InvalidId { id: String },
    /// A record past its deadline and not closed (a note).
    Overdue { title: String, deadline: String, days: i64 },
    /// `REGIONPRESS_DATE` or `--date` that is no date.
    InvalidBuildDate { value: String },
}

/// A suggestion under a problem message.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemHint {
    /// The five statuses.
    Statuses,
    /// Say why it is shelved.
    AddReason,
    /// Steps go in the order they happened.
    StepOrder,
    /// Give the date of the step.
    AddStepDate,
    /// The build date's form.
    BuildDateFormat,
    /// Close the record or move its deadline.
    CloseOrExtend,
}

impl ProblemMessage {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        use ProblemMessage::*;
        match self {
            UnknownStatus { .. } => "problem-status",
            StepUndated { .. } => "problem-step-date",
            StepBeforePrevious { .. } => "problem-step-date",
            StepOutOfOrder { .. } => "problem-step-order",
            ShelvedWithoutReason => "problem-shelved-reason",
            UnknownUnit { .. } => "problem-unit",
            UnknownRecord { .. } => "problem-unknown",
            DuplicateRecord { .. } => "problem-duplicate",
            InvalidId { .. } => "problem-id",
            Overdue { .. } => "problem-overdue",
            InvalidBuildDate { .. } => "build-date",
        }
    }

    /// True for the note (an overdue record is news, not a fault of the file).
    pub fn is_note(&self) -> bool {
        matches!(self, ProblemMessage::Overdue { .. })
    }

    /// The words in `lang`.
    pub fn text(&self, lang: Language) -> String {
        use ProblemMessage::*;
        match self {
            UnknownStatus { status } => tr!(lang, "unknown status `{status}`", "未知状态 `{status}`"),
            StepUndated { status } => tr!(lang, "the step `{status}` has no date", "步骤 `{status}` 没有日期"),
            StepBeforePrevious { status, date, previous } => tr!(
                lang,
                "the step `{status}` is dated {date}, before the step before it ({previous})",
                "步骤 `{status}` 的日期 {date} 早于上一步（{previous}）"
            ),
            StepOutOfOrder { status, previous } => {
                tr!(lang, "the step `{status}` cannot follow `{previous}`", "步骤 `{status}` 不能接在 `{previous}` 之后")
            }
            ShelvedWithoutReason => tr!(lang, "`搁置` needs a `reason`", "`搁置` 须写明原因（`reason`）"),
            UnknownUnit { unit } => {
                tr!(lang, "`{unit}` is not a member unit of the record's regions", "`{unit}` 不是该事项所属区域的成员单位")
            }
            UnknownRecord { id } => tr!(lang, "no problem or decision has the id `{id}`", "没有编号为 `{id}` 的难题或决定事项"),
            DuplicateRecord { id, other } => {
                tr!(lang, "the id `{id}` is already used by {other}", "编号 `{id}` 已被 {other} 使用")
            }
            InvalidId { id } => tr!(
                lang,
                "`{id}` is not a record id (lowercase ASCII letters, digits and `-`)",
                "`{id}` 不是有效的事项编号（小写英文字母、数字和 `-`）"
            ),
            Overdue { title, deadline, days } => tr!(
                lang,
                "`{title}` is overdue: its deadline was {deadline} ({days} days ago)",
                "`{title}` 已逾期：期限为 {deadline}（已过 {days} 天）"
            ),
            InvalidBuildDate { value } => tr!(lang, "the build date `{value}` is not a date", "构建日期 `{value}` 不是有效日期"),
        }
    }
}

impl ProblemHint {
    /// The words in `lang`.
    pub fn text(&self, lang: Language) -> String {
        use ProblemHint::*;
        match self {
            Statuses => tr!(lang, "a status is one of 提出, 认领, 推进中, 已办结, 搁置", "状态为 提出、认领、推进中、已办结、搁置 之一"),
            AddReason => tr!(lang, "add `reason: …` to the step", "请在该步骤加上 `reason: …`"),
            StepOrder => tr!(
                lang,
                "steps go 提出 → 认领 → 推进中 → 已办结, in the order they happened; 搁置 may pause any open step",
                "步骤按 提出 → 认领 → 推进中 → 已办结 的顺序、按发生先后书写；搁置 可暂停任何未办结的步骤"
            ),
            AddStepDate => tr!(lang, "add `date: YYYY-MM-DD` to the step", "请在该步骤加上 `date: YYYY-MM-DD`"),
            BuildDateFormat => tr!(lang, "write the date as YYYY-MM-DD, like 2026-06-30", "日期格式为 YYYY-MM-DD，例如 2026-06-30"),
            CloseOrExtend => tr!(
                lang,
                "record its progress (a step, or a report that advances it) or move its deadline",
                "请记录进展（补写步骤，或在报道中用 advances 关联），或调整期限"
            ),
        }
    }
}
