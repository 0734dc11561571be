//! The language of a site: its pages' user interface and the words of
//! its messages. A leaf: everything may use it.

/// UI and message language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// Simplified Chinese (default).
    #[default]
    ZhCn,
    /// English.
    En,
}

impl Language {
    /// The BCP 47 tag (`zh-CN`, `en`).
    pub fn tag(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::En => "en",
        }
    }
}
