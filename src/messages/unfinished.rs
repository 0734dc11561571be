//! The words of unfinished content: what `regionpress new` leaves for the
//! writer to fill in, still unfilled. One family, one
//! code (`unfinished`), carried by [`super::Message::Unfinished`]; an error,
//! a warning in a file marked `draft: true` (drafts are not published).

use crate::language::Language;

/// What is still unfinished in a file.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unfinished {
    /// A fill-in mark of the template (`【请填写：…】`) is still there.
    TemplateText { text: String },
    /// A head count of zero where there must be somebody (`participants`,
    /// `audience`, a unit's `members`).
    ZeroCount { key: String },
    /// A report that names no unit, hosting or taking part.
    NoUnits,
    /// A region still named by its id (`name: kunming`).
    NameIsId { key: String, id: String },
    /// A region without its brand's name.
    EmptyBrand,
    /// A member unit with the template's name (`kunming1号项目部`).
    ExampleUnit { name: String },
    /// A meeting without attendees.
    NoAttendees,
    /// A field `regionpress import` listed as still to fill in, not written yet.
    ImportedField { key: String },
}

impl Unfinished {
    /// The words in `lang`.
    pub fn text(&self, lang: Language) -> String {
        use Unfinished::*;
        match self {
            TemplateText { text } => tr!(
                lang,
                "the template's fill-in mark is still here: “{text}”; replace it with what happened",
                "这里还是模板的提示文字“{text}”，请换成实际内容"
            ),
            ZeroCount { key } => tr!(lang, "`{key}` is 0: write the real number of people", "`{key}` 还是 0：请填写实际人数"),
            NoUnits => tr!(
                lang,
                "no unit is named: write the host unit in `hosts` and the units that took part in `units`",
                "还没有写参加单位：请在 `hosts` 中写主办单位，在 `units` 中写参加的成员单位"
            ),
            NameIsId { key, id } => tr!(
                lang,
                "`{key}` is still the region's id `{id}`: write the region's real name",
                "`{key}` 还是区域标识 `{id}`：请写成区域的中文名称"
            ),
            EmptyBrand => tr!(lang, "the region's brand has no name yet (`brand.name`)", "区域品牌还没有名称（`brand` 下的 `name`）"),
            ExampleUnit { name } => tr!(
                lang,
                "the member unit “{name}” is the template's example: write the unit's full name",
                "成员单位“{name}”还是模板里的示例名称：请写成单位的全称"
            ),
            NoAttendees => {
                tr!(lang, "the meeting names no attendee (`meeting.attendees`)", "会议还没有写出席单位（`meeting` 下的 `attendees`）")
            }
            ImportedField { key } => tr!(
                lang,
                "the Word manuscript did not say `{key}`: write it in the front matter",
                "Word 稿件里没有 `{key}`，请在文首信息中补写"
            ),
        }
    }

    /// What to do, in `lang` (the hint under every unfinished problem).
    pub fn hint(lang: Language) -> String {
        tr!(
            lang,
            "fill it in and run `regionpress check` again; a file not ready yet can carry `draft: true` (drafts are not published)",
            "填好后再运行 `regionpress check`；还没写完的稿件可以先加一行 `draft: true`（草稿不会发布）"
        )
    }

    /// What to do in a file not yet reviewed on a site that publishes
    /// reviewed content only: it is held back already, so fill it in
    /// before it is approved.
    pub fn held_hint(lang: Language) -> String {
        tr!(
            lang,
            "fill it in before the file is marked `review: 已审`; until then a build does not publish it",
            "请在审定（`review: 已审`）之前填好；审定之前网站不会发布这份稿件"
        )
    }
}
