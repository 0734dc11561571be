//! The slips a Chinese keyboard makes in YAML, found by
//! reading the text line by line before (and beside) the parser, so that
//! each is reported on its own line and column, by name, instead of as
//! the parser's complaint about the line after it.
//!
//! Two kinds of slip:
//! - those that break the YAML (a tab or a full-width space in the
//!   indentation, `title：值`, `title:值`): reported only when the YAML does
//!   not read (or does not read as fields), in place of the parser's error,
//!   which they cause; a line that reads is never second-guessed;
//! - those that change what a value means without breaking anything (a
//!   full-width comma in `[a，b]`: an error, the list has one item; a value
//!   in Chinese quotation marks: a warning, the marks become text).
//!
//! The scan skips comments, quoted text and the content of block scalars
//! (`|`, `>`). It guesses no more than the line shows: a line it cannot
//! read as a field is left to the parser.

use crate::messages::SlipMessage;

/// One slip: 1-based line and character column in the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip {
    /// Line in the YAML.
    pub line: usize,
    /// Character column in the line.
    pub column: usize,
    /// What it is.
    pub message: SlipMessage,
    /// True when the slip breaks the YAML (reported only when it does not read).
    pub breaking: bool,
}

const FULLWIDTH_SPACE: char = '\u{3000}';

/// Chinese quotation marks, opening and closing.
const QUOTES: &[(char, char)] = &[('“', '”'), ('「', '」'), ('『', '』'), ('‘', '’'), ('＂', '＂')];

/// Every slip in `yaml`, in line order. Every front matter of a site
/// passes here, so lines are read as slices, without copies.
pub fn scan(yaml: &str) -> Vec<Slip> {
    let mut slips = Vec::new();
    // The indentation of the field whose block scalar (`|`, `>`) is being read.
    let mut block: Option<usize> = None;
    for (i, raw) in yaml.lines().enumerate() {
        let line = i + 1;
        let rest = raw.trim_start_matches([' ', '\t', FULLWIDTH_SPACE]);
        let indent = &raw[..raw.len() - rest.len()];
        // In characters: a full-width space is one, of three bytes.
        let indent_len = indent.chars().count();
        if let Some(b) = block {
            if rest.trim().is_empty() || indent_len > b {
                continue;
            }
            block = None;
        }
        if rest.trim().is_empty() || rest.starts_with('#') {
            continue;
        }
        if let Some(at) = indent.chars().position(|c| c == '\t') {
            slips.push(Slip { line, column: at + 1, message: SlipMessage::Tab, breaking: true });
        } else if let Some(at) = indent.chars().position(|c| c == FULLWIDTH_SPACE) {
            slips.push(Slip { line, column: at + 1, message: SlipMessage::FullwidthSpace, breaking: true });
        }
        // List markers (`- `) before the field.
        let mut start = indent_len;
        let mut body = rest;
        while let Some(after) = body.strip_prefix("- ") {
            let trimmed = after.trim_start_matches(' ');
            start += body.chars().count() - trimmed.chars().count();
            body = trimmed;
        }
        let field = read_field(body, start, line, &mut slips);
        if let Some(value) = field
            && is_block_indicator(value)
        {
            block = Some(indent_len);
        }
    }
    slips
}

/// The slips of a whole YAML file read without [`super::Fields`]
/// (`site.yaml`), as located diagnostics of `path`. `failed` is `None`
/// when the text read as a mapping (the slips that change a value only),
/// `Some(line)` when it did not (the slips that break it, replacing the
/// parser's error; empty when none does, and then the parser's error is
/// the one to report).
pub fn file_diagnostics(path: &str, text: &str, failed: Option<Option<usize>>) -> Vec<crate::diagnostics::Diagnostic> {
    use crate::messages::{Hint, Message};
    let slips = scan(text);
    let diag = |s: &Slip, message: Message| {
        let hint = match &message {
            Message::YamlSlip(m) => Some(Hint::YamlSlip(m.hint())),
            _ => None,
        };
        crate::diagnostics::Diagnostic::new(path, s.line, s.column, message).with_hint_opt(hint).with_source(text)
    };
    match failed {
        Some(at) => super::failed_slips(&slips, at, diag),
        None => slips.iter().filter(|s| !s.breaking).map(|s| diag(s, Message::YamlSlip(s.message.clone()))).collect(),
    }
}

/// Reads `body` (a line from its field name on, at character column
/// `start` minus one); records its slips; returns the value when the line
/// is a field.
fn read_field<'b>(body: &'b str, start: usize, line: usize, slips: &mut Vec<Slip>) -> Option<&'b str> {
    if body.starts_with(['"', '\'', '{', '[', '&', '*', '!', '|', '>', '?']) {
        return None;
    }
    // The character after the one at `byte`, of width `c`.
    let after = |byte: usize, c: char| body[byte + c.len_utf8()..].chars().next();
    // The mapping indicator: `:` followed by a space, a tab or the end;
    // its character index and byte offset.
    let colon = body
        .char_indices()
        .enumerate()
        .find(|&(_, (byte, c))| c == ':' && after(byte, c).is_none_or(|n| matches!(n, ' ' | '\t')))
        .map(|(k, (byte, _))| (k, byte));
    let column = |k: usize| start + k + 1;
    match colon {
        Some((k, byte)) => {
            let key = &body[..byte];
            if key.contains([' ', '#']) && !key.starts_with(['"', '\'']) {
                return None;
            }
            let value = body[byte + 1..].trim_matches([' ', '\t']);
            let value = strip_comment(value);
            let value_col = column(k + 1) + (body[byte + 1..].chars().take_while(|c| matches!(c, ' ' | '\t')).count());
            value_slips(value, value_col, line, slips);
            Some(value)
        }
        None => {
            // No field on the line: a slip if it reads `name：…` or `name:…`.
            let (k, (byte, c)) = body.char_indices().enumerate().find(|&(_, (_, c))| c == ':' || c == '：')?;
            let key = &body[..byte];
            if !is_key(key) {
                return None;
            }
            let next = after(byte, c);
            let message = match (c, next) {
                ('：', _) => SlipMessage::FullwidthColon { key: key.to_string() },
                (_, Some(FULLWIDTH_SPACE)) => {
                    slips.push(Slip { line, column: column(k + 1), message: SlipMessage::FullwidthSpace, breaking: true });
                    return None;
                }
                // `http://…` and `10:30` are text, not a field without its space.
                (_, Some('/')) => return None,
                _ if key.chars().all(|c| c.is_ascii_digit()) => return None,
                _ => SlipMessage::MissingSpace { key: key.to_string() },
            };
            slips.push(Slip { line, column: column(k), message, breaking: true });
            None
        }
    }
}

/// The slips of a field's value starting at character column `col`.
fn value_slips(value: &str, col: usize, line: usize, slips: &mut Vec<Slip>) {
    if let Some(first) = value.chars().next()
        && let Some(&(open, close)) = QUOTES.iter().find(|(o, _)| *o == first)
        && value.chars().count() > 1
        && value.ends_with(close)
    {
        let message = SlipMessage::ChineseQuotes { quotes: format!("{open}…{close}"), fatal: false };
        slips.push(Slip { line, column: col, message, breaking: false });
        return;
    }
    if value.starts_with('[') {
        // Full-width commas between items, outside quoted items.
        let mut quote: Option<char> = None;
        for (k, c) in value.chars().enumerate() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '，') => {
                    slips.push(Slip { line, column: col + k, message: SlipMessage::FullwidthComma, breaking: false });
                    return;
                }
                _ => {}
            }
        }
    }
}

/// `value` without a trailing comment (` #…` outside quotes).
fn strip_comment(value: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in value.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if matches!(prev, ' ' | '\t') => return value[..i].trim_end(),
            _ => {}
        }
        prev = c;
    }
    value
}

/// True for text that can be a field name: not empty, no spaces, not too long.
fn is_key(key: &str) -> bool {
    !key.is_empty() && key.chars().count() <= 32 && !key.contains([' ', '\t', FULLWIDTH_SPACE, '#', '"', '\'', '[', '{', '，', ','])
}

/// True for a block scalar's indicator (`|`, `>-`, `|2+`).
fn is_block_indicator(value: &str) -> bool {
    let mut chars = value.chars();
    matches!(chars.next(), Some('|' | '>')) && chars.all(|c| matches!(c, '-' | '+') || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(yaml: &str) -> Vec<(usize, usize, &'static str)> {
        scan(yaml).into_iter().map(|s| (s.line, s.column, s.message.code())).collect()
    }

    #[test]
    fn each_slip_is_named_at_its_column() {
        assert_eq!(found("name: 成都\n\tunits: []\n"), [(2, 1, "yaml-tab")]);
        assert_eq!(found("title：党建共建\ndate: 2026-05-12\n"), [(1, 6, "yaml-fullwidth-colon")]);
        assert_eq!(found("title:党建共建\n"), [(1, 6, "yaml-missing-space")]);
        assert_eq!(found("title:　党建\n"), [(1, 7, "yaml-fullwidth-space")]);
        assert_eq!(found("a:\n　　b: 1\n"), [(2, 1, "yaml-fullwidth-space")]);
        assert_eq!(found("units: [一号项目部，二号项目部]\n"), [(1, 14, "yaml-fullwidth-comma")]);
        assert_eq!(found("title: “党建共建”\n"), [(1, 8, "yaml-chinese-quotes")]);
        assert_eq!(found("- name: 一号\n  kind：项目部\n"), [(2, 7, "yaml-fullwidth-colon")]);
    }

    #[test]
    fn text_that_reads_is_left_alone() {
        let fine = "title: 会议：安排部署\nurl: https://example.org/a\ntime: 10:30\nnote: |\n  \t缩进里的说明：照写\n  title：x\n\
                    units: [\"a，b\", c]\nsummary: 他说“好”。\n# 注释：title:x\n";
        assert_eq!(found(fine), []);
    }
}
