//! YAML errors that point at the slip: the messages of
//! the slips a Chinese keyboard makes in YAML (tabs, full-width colons,
//! spaces and commas, a missing space after the colon, Chinese quotation
//! marks), found by [`crate::front_matter`]'s pre-scan. One family;
//! [`super::Message::YamlSlip`] and [`super::Hint::YamlSlip`] carry them.

use crate::language::Language;

/// A slip in a YAML line.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SlipMessage {
    /// A tab character where YAML wants spaces.
    Tab,
    /// `title：值`: a full-width colon after a field name.
    FullwidthColon { key: String },
    /// A full-width space (U+3000) in the indentation or after the colon.
    FullwidthSpace,
    /// `[a，b]`: a full-width comma between the items of a list.
    FullwidthComma,
    /// `title:值`: no space after the colon.
    MissingSpace { key: String },
    /// `title: “值”`: Chinese quotation marks around a value. An error
    /// when the YAML does not read because of it, else a warning (the
    /// marks become part of the value).
    ChineseQuotes { quotes: String, fatal: bool },
}

/// How to mend a slip.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SlipHint {
    Tab,
    FullwidthColon { key: String },
    FullwidthSpace,
    FullwidthComma,
    MissingSpace { key: String },
    ChineseQuotes,
}

impl SlipMessage {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        use SlipMessage::*;
        match self {
            Tab => "yaml-tab",
            FullwidthColon { .. } => "yaml-fullwidth-colon",
            FullwidthSpace => "yaml-fullwidth-space",
            FullwidthComma => "yaml-fullwidth-comma",
            MissingSpace { .. } => "yaml-missing-space",
            ChineseQuotes { .. } => "yaml-chinese-quotes",
        }
    }

    /// True for Chinese quotation marks in YAML that reads.
    pub fn is_warning(&self) -> bool {
        matches!(self, SlipMessage::ChineseQuotes { fatal: false, .. })
    }

    /// The hint that goes with it.
    pub fn hint(&self) -> SlipHint {
        use SlipMessage::*;
        match self {
            Tab => SlipHint::Tab,
            FullwidthColon { key } => SlipHint::FullwidthColon { key: key.clone() },
            FullwidthSpace => SlipHint::FullwidthSpace,
            FullwidthComma => SlipHint::FullwidthComma,
            MissingSpace { key } => SlipHint::MissingSpace { key: key.clone() },
            ChineseQuotes { .. } => SlipHint::ChineseQuotes,
        }
    }

    /// The words in `lang`.
    pub fn text(&self, lang: Language) -> String {
        use SlipMessage::*;
        match self {
            Tab => tr!(lang, "a tab character: YAML indents with spaces only", "这里有制表符（Tab 键）：YAML 只能用空格缩进"),
            FullwidthColon { key } => tr!(
                lang,
                "`{key}` is followed by a full-width colon `：`, not the colon `:` YAML reads",
                "`{key}` 后面是全角冒号 `：`，YAML 只认半角冒号 `:`"
            ),
            FullwidthSpace => {
                tr!(lang, "a full-width space `　` (U+3000): YAML wants the ordinary space", "这里有全角空格 `　`：YAML 只认半角空格")
            }
            FullwidthComma => tr!(
                lang,
                "a full-width comma `，` between list items: YAML reads them as one item",
                "列表项之间是全角逗号 `，`：YAML 会把它们当成一项"
            ),
            MissingSpace { key } => tr!(
                lang,
                "no space after the colon of `{key}:`: YAML reads the line as text, not a field",
                "`{key}:` 的冒号后面缺少空格：YAML 会把整行当成文字，而不是字段"
            ),
            ChineseQuotes { quotes, fatal: true } => tr!(
                lang,
                "the value is in Chinese quotation marks {quotes}, which YAML does not read as quotes",
                "值用了中文引号 {quotes}，YAML 不把它们当作引号"
            ),
            ChineseQuotes { quotes, fatal: false } => tr!(
                lang,
                "the value is in Chinese quotation marks {quotes}: they become part of the text",
                "值用了中文引号 {quotes}：引号会成为文字的一部分"
            ),
        }
    }
}

impl SlipHint {
    /// The words in `lang`.
    pub fn text(&self, lang: Language) -> String {
        use SlipHint::*;
        match self {
            Tab => tr!(lang, "replace the tab with spaces (two per level)", "请把 Tab 换成空格（每层缩进两个空格）"),
            FullwidthColon { key } => tr!(
                lang,
                "write `{key}: …` with the ASCII colon and a space (switch the input method to English punctuation)",
                "请写成 `{key}: …`：半角冒号加一个空格（把输入法切换到英文标点）"
            ),
            FullwidthSpace => {
                tr!(lang, "replace it with ordinary spaces (half-width)", "请换成半角空格（把输入法切换到半角）")
            }
            FullwidthComma => tr!(
                lang,
                "separate the items with the ASCII comma: `[a, b]`, or write one item per line (`- a`)",
                "请用半角逗号分隔：`[a, b]`，或每行写一项（`- a`）"
            ),
            MissingSpace { key } => tr!(lang, "add a space after the colon: `{key}: …`", "请在冒号后加一个空格：`{key}: …`"),
            ChineseQuotes => tr!(
                lang,
                "leave the quotes out, or use the ASCII quotes \"…\" (switch the input method to English punctuation)",
                "请去掉引号，或改用半角引号 \"…\"（把输入法切换到英文标点）"
            ),
        }
    }
}
