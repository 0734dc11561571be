//! Why an operation on a file or a port failed, worded when the message is
//! printed, in the language chosen then.
//!
//! A diagnostic is made before the language of its printing is known (a
//! `build` chooses it from the site, `--lang` or the locale), so an I/O
//! failure keeps the kind of the system's error and words it only in
//! [`IoCause::text`]. The system's own words (English on most machines)
//! are kept for the kinds the catalogue does not word, which are rare.

use std::io::ErrorKind;

use crate::language::Language;

/// Why a file or port could not be used.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum IoCause {
    /// An error of the operating system: its kind and its own words.
    System {
        /// The kind, which chooses the wording.
        kind: ErrorKind,
        /// The system's words, shown when the kind has no wording.
        words: String,
    },
    /// A cause worded already (by regionpress, in the language in use).
    Worded(String),
}

impl From<&std::io::Error> for IoCause {
    fn from(e: &std::io::Error) -> Self {
        IoCause::System { kind: e.kind(), words: e.to_string() }
    }
}

impl From<std::io::Error> for IoCause {
    fn from(e: std::io::Error) -> Self {
        IoCause::from(&e)
    }
}

impl IoCause {
    /// A cause in words already chosen.
    pub fn worded(text: impl Into<String>) -> Self {
        IoCause::Worded(text.into())
    }

    /// The cause in `lang`.
    pub fn text(&self, lang: Language) -> String {
        match self {
            IoCause::Worded(text) => text.clone(),
            IoCause::System { kind, words } => match kind_text(*kind) {
                Some((en, zh)) => tr!(lang, "{en}", "{zh}"),
                None => tr!(lang, "{words}", "系统报告的错误：{words}"),
            },
        }
    }
}

/// The wording of the kinds of error a writer or a CI job meets, in
/// English and Chinese.
fn kind_text(kind: ErrorKind) -> Option<(&'static str, &'static str)> {
    use ErrorKind::*;
    Some(match kind {
        AddrInUse => ("the port is in use by another program", "端口已被其他程序占用"),
        AddrNotAvailable => ("this computer has no such address", "本机没有这个地址"),
        PermissionDenied => ("permission denied", "没有权限"),
        NotFound => ("no such file or folder", "文件或文件夹不存在"),
        AlreadyExists => ("it exists already", "已经存在"),
        ReadOnlyFilesystem => ("the disk is read-only", "磁盘是只读的"),
        StorageFull => ("the disk is full", "磁盘已满"),
        QuotaExceeded => ("the disk quota is used up", "磁盘配额已用完"),
        FileTooLarge => ("the file is too large for this disk", "文件太大，这个磁盘存不下"),
        InvalidInput => ("not a valid address or name", "地址或名称无效"),
        InvalidFilename => {
            ("the name is not allowed here (too long or with a forbidden character)", "这个名称不允许使用（太长或含有不允许的字符）")
        }
        InvalidData => ("not UTF-8 text", "不是 UTF-8 文本"),
        IsADirectory => ("it is a folder, not a file", "这是文件夹，不是文件"),
        NotADirectory => ("a part of the path is a file, not a folder", "路径中的某一段是文件，不是文件夹"),
        DirectoryNotEmpty => ("the folder is not empty", "文件夹不是空的"),
        ResourceBusy => ("it is in use by another program", "正被其他程序使用"),
        ExecutableFileBusy => ("it is a program that is running", "这是正在运行的程序"),
        CrossesDevices => ("it would have to move to another disk", "需要跨磁盘移动"),
        TooManyLinks => ("too many links to it", "指向它的链接太多"),
        UnexpectedEof => ("the file ends too early (cut off?)", "文件提前结束（可能不完整）"),
        TimedOut => ("the operation timed out", "操作超时"),
        Interrupted => ("the operation was interrupted", "操作被中断"),
        OutOfMemory => ("out of memory", "内存不足"),
        ConnectionRefused => ("the connection was refused", "连接被拒绝"),
        Unsupported => ("the system does not support this", "系统不支持这个操作"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_kind_is_worded_in_either_language() {
        let cause = IoCause::from(std::io::Error::from(ErrorKind::StorageFull));
        assert_eq!(cause.text(Language::ZhCn), "磁盘已满");
        assert_eq!(cause.text(Language::En), "the disk is full");
    }

    #[test]
    fn an_unworded_kind_keeps_the_system_words_and_says_whose_they_are() {
        let cause = IoCause::from(std::io::Error::other("weird failure"));
        assert_eq!(cause.text(Language::En), "weird failure");
        assert_eq!(cause.text(Language::ZhCn), "系统报告的错误：weird failure");
    }

    #[test]
    fn a_worded_cause_is_shown_as_it_is() {
        assert_eq!(IoCause::worded("这里不是网站文件夹").text(Language::En), "这里不是网站文件夹");
    }
}
