//! Diagnostics: every problem found in a site, located at file, line and
//! character column, with a stable code, a message and an optional hint.
//!
//! Loading and validation never stop at the first problem: they push
//! [`Diagnostic`]s into a [`Diagnostics`] list, which is sorted (by path, line,
//! column, code) before it is printed so output is deterministic.
//!
//! A diagnostic holds a [`Message`] from the catalogue in [`crate::messages`],
//! not text: it is put into words only when printed, in the language asked
//! for, as text for people ([`Diagnostic::render`]), one JSON object
//! ([`Diagnostic::to_json`]) or a GitHub Actions annotation
//! ([`Diagnostic::to_github`]).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use unicode_width::UnicodeWidthStr;

use crate::language::Language;
pub use crate::messages::{Hint, Message, Severity};

/// One located problem in the site's sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path relative to the site root, with `/` separators.
    pub path: String,
    /// 1-based line in the whole file (0 when the problem concerns the whole file).
    pub line: usize,
    /// 1-based column counted in characters, not bytes (0 when unknown).
    pub column: usize,
    /// Error or warning.
    pub severity: Severity,
    /// Stable identifier, e.g. `unknown-region`.
    pub code: &'static str,
    /// What is wrong.
    pub message: Message,
    /// How to fix it, when there is something useful to say.
    pub hint: Option<Hint>,
    /// The offending source line, for display: the whole line, or a window
    /// of it around the column (with `…` where it was cut) when the line is
    /// longer than [`SOURCE_LINE_MAX`] bytes.
    pub source_line: Option<String>,
    /// The 1-based character column in `source_line` the caret points at
    /// (the column itself unless the line was cut).
    pub source_column: usize,
}

/// The longest source line, in bytes, a diagnostic keeps whole. A longer
/// one (a 40 MB table on one line) is cut to a window around the column,
/// so that a diagnostic costs the same on any line.
pub const SOURCE_LINE_MAX: usize = 400;

/// Byte offsets of line starts, to turn many offsets into (line, column),
/// and lines into text, without rescanning the text each time.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The last (offset, line, column) computed: offsets asked for in
    /// increasing order along one long line are counted from there, not
    /// from the line's start each time.
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text` (one pass).
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect();
        LineIndex { text, starts, last: std::cell::Cell::new((0, 1, 1)) }
    }

    /// 1-based (line, character column) of byte `offset`.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let (last_offset, last_line, last_col) = self.last.get();
        let (from, col) = if last_line == line && (start..=offset).contains(&last_offset) { (last_offset, last_col) } else { (start, 1) };
        let col = col + self.text.get(from..offset).map(|s| s.chars().count()).unwrap_or(0);
        self.last.set((offset, line, col));
        (line, col)
    }

    /// Byte offset of 1-based (line, character column): the inverse of
    /// [`LineIndex::line_col`], counted from the last position computed
    /// when it is on the same line and not past the column.
    pub fn offset_of(&self, line: usize, col: usize) -> usize {
        let start = self.line_start(line);
        let (last_offset, last_line, last_col) = self.last.get();
        let (from, from_col) =
            if last_line == line && last_col <= col && last_offset >= start { (last_offset, last_col) } else { (start, 1) };
        let rest = self.text.get(from..).unwrap_or_default();
        let offset = from + rest.char_indices().nth(col.saturating_sub(from_col)).map_or(rest.len(), |(i, _)| i);
        self.last.set((offset, line, col));
        offset
    }

    /// Byte offset where 1-based `line` starts (the end of the text past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line.saturating_sub(1)).copied().unwrap_or(self.text.len())
    }

    /// The text of 1-based `line`, without its line break.
    pub fn line(&self, line: usize) -> Option<&'a str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        // As `str::lines`: a final line break does not begin a line.
        if start >= self.text.len() {
            return None;
        }
        let end = self.starts.get(line).map(|e| e - 1).unwrap_or(self.text.len());
        self.text.get(start..end).map(|l| l.trim_end_matches('\r'))
    }
}

/// The text of 1-based `line` of `text` (one pass up to it).
pub fn nth_line(text: &str, line: usize) -> Option<&str> {
    let start = match line {
        0 => return None,
        1 => 0,
        n => memchr::memchr_iter(b'\n', text.as_bytes()).nth(n - 2)? + 1,
    };
    // As `str::lines`: a final line break does not begin a line.
    if start >= text.len() {
        return None;
    }
    let rest = &text[start..];
    let end = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
    Some(rest[..end].trim_end_matches('\r'))
}

impl Diagnostic {
    /// A diagnostic from the catalogue; its code and severity come with the message.
    pub fn new(path: impl Into<String>, line: usize, column: usize, message: Message) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            column,
            severity: message.severity(),
            code: message.code(),
            message,
            hint: None,
            source_line: None,
            source_column: column,
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: Hint) -> Self {
        self.hint = Some(hint);
        self
    }

    /// Adds a hint if there is one.
    pub fn with_hint_opt(mut self, hint: Option<Hint>) -> Self {
        self.hint = hint;
        self
    }

    /// Attaches the source line `self.line` of `text`.
    pub fn with_source(self, text: &str) -> Self {
        let line = nth_line(text, self.line);
        self.with_source_line(line)
    }

    /// Attaches the source line `self.line` from an index of its file (for
    /// the many diagnostics of one file).
    pub fn with_source_in(self, lines: &LineIndex<'_>) -> Self {
        let Some(line) = lines.line(self.line) else { return self };
        if line.len() <= SOURCE_LINE_MAX {
            return self.with_source_line(Some(line));
        }
        let caret = lines.offset_of(self.line, self.column.max(1)) - lines.line_start(self.line);
        self.with_window(line, caret)
    }

    /// Attaches `line` as the source line, cut to a window around the
    /// column when it is longer than [`SOURCE_LINE_MAX`] bytes.
    pub fn with_source_line(mut self, line: Option<&str>) -> Self {
        let Some(line) = line else { return self };
        self.source_column = self.column;
        if line.len() <= SOURCE_LINE_MAX {
            self.source_line = Some(line.to_string());
            return self;
        }
        let caret = line.char_indices().nth(self.column.saturating_sub(1)).map_or(line.len(), |(i, _)| i);
        self.with_window(line, caret)
    }

    /// Attaches a window of about [`SOURCE_LINE_MAX`] bytes of the long
    /// `line` around byte `caret`, on character boundaries.
    fn with_window(mut self, line: &str, caret: usize) -> Self {
        let caret = caret.min(line.len());
        let half = SOURCE_LINE_MAX / 2;
        let mut start = caret.saturating_sub(half);
        while !line.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (caret + half).min(line.len());
        while !line.is_char_boundary(end) {
            end += 1;
        }
        let mut shown = String::with_capacity(end - start + 6);
        if start > 0 {
            shown.push('…');
        }
        shown.push_str(&line[start..end]);
        if end < line.len() {
            shown.push('…');
        }
        if self.column > 0 {
            self.source_column = line[start..caret].chars().count() + 1 + usize::from(start > 0);
        }
        self.source_line = Some(shown);
        self
    }

    /// The message in `lang`.
    pub fn message_text(&self, lang: Language) -> String {
        self.message.text(lang)
    }

    /// The hint in `lang`.
    pub fn hint_text(&self, lang: Language) -> Option<String> {
        self.hint.as_ref().map(|h| h.text(lang))
    }

    /// `path:line:col` (line and column left out when unknown).
    fn location(&self) -> String {
        let mut out = visible_controls(&self.path, "");
        if self.line > 0 {
            let _ = write!(out, ":{}", self.line);
            if self.column > 0 {
                let _ = write!(out, ":{}", self.column);
            }
        }
        out
    }

    /// Renders the diagnostic as `path:line:col: severity[code]: message`,
    /// followed by the source line with a caret under the column and the hint.
    pub fn render(&self, lang: Language) -> String {
        let mut out = String::new();
        let message = visible_controls(&self.message_text(lang), MEANT);
        let _ = writeln!(out, "{}: {}[{}]: {message}", self.location(), self.severity.label(lang), self.code);
        if let Some(src) = &self.source_line {
            let shown = visible_controls(src, "\t");
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{gutter} | {shown}");
            if self.column > 0 {
                // The caret goes under the character: count display width so
                // that wide (Chinese) characters before it are accounted for,
                // and the escapes of control characters.
                let before: String = src.chars().take(self.source_column.saturating_sub(1)).collect();
                let before = visible_controls(&before, "\t");
                let width = UnicodeWidthStr::width(before.as_str());
                let _ = writeln!(out, "{pad} | {}^", " ".repeat(width));
            }
        }
        if let Some(hint) = self.hint_text(lang).map(|h| visible_controls(&h, MEANT)) {
            let label = match lang {
                Language::En => "hint",
                Language::ZhCn => "提示",
            };
            let _ = writeln!(out, "  = {label}: {hint}");
        }
        out
    }

    /// One JSON object (the schema is in `docs/errors.md`) on one line, as
    /// printed: serde_json escapes C0 controls in strings (`\u001b`);
    /// DEL and the C1 controls, which it writes raw and some terminals
    /// obey (U+009B opens a control sequence), are escaped too.
    pub fn to_json_line(&self, lang: Language) -> String {
        let json = self.to_json(lang).to_string();
        if !json.chars().any(is_terminal_control) {
            return json;
        }
        // Outside strings JSON has only ASCII punctuation, so every such
        // character is inside a string, where `\u00XX` is the same text.
        json.chars().fold(String::with_capacity(json.len() + 12), |mut out, c| {
            if is_terminal_control(c) {
                let _ = write!(out, "\\u{:04x}", c as u32);
            } else {
                out.push(c);
            }
            out
        })
    }

    /// One JSON object (the schema is in `docs/errors.md`).
    pub fn to_json(&self, lang: Language) -> serde_json::Value {
        serde_json::json!({
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.as_str(),
            "code": self.code,
            "message": self.message_text(lang),
            "hint": self.hint_text(lang),
        })
    }

    /// A GitHub Actions workflow command (`::error file=…,line=…,col=…::message`).
    /// `prefix` is put before the site-relative path so that the file is
    /// found from the repository root (the `--root` folder, or empty).
    pub fn to_github(&self, lang: Language, prefix: &str) -> String {
        let mut props = format!("file={}", github_property(&visible_controls(&format!("{prefix}{}", self.path), "")));
        if self.line > 0 {
            let _ = write!(props, ",line={}", self.line);
            if self.column > 0 {
                let _ = write!(props, ",col={}", self.column);
            }
        }
        let _ = write!(props, ",title={}", github_property(self.code));
        let mut text = self.message_text(lang);
        if let Some(h) = self.hint_text(lang) {
            text.push('\n');
            text.push_str(&h);
        }
        format!("::{} {props}::{}", self.severity.github_command(), github_data(&visible_controls(&text, MEANT)))
    }
}

/// The control characters a message or hint may hold as they are: the
/// line breaks and indents of a multi-line explanation (a template error
/// and its causes).
const MEANT: &str = "\n\t";

/// C0 controls, DEL and C1 controls: what a terminal may obey rather than
/// show (ESC starts colour, cursor and title sequences, CR rewrites the
/// line, U+009B is an 8-bit control sequence introducer).
fn is_terminal_control(c: char) -> bool {
    c.is_control()
}

/// `text` with every control character except those in `keep` written as
/// an escape (`\x1b`, `\u{9b}`), so that text from the site (a title, a
/// region id, a file name quoted in a message) reaches the terminal, or a
/// CI log that renders colours, as visible characters and never as a
/// control sequence.
pub fn visible_controls(text: &str, keep: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !is_terminal_control(c) || keep.contains(c) {
            out.push(c);
        } else if (c as u32) < 0x80 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
    out
}

/// Escapes the message part of a workflow command.
fn github_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// For people: location, message, source line with a caret, hint.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
    /// GitHub Actions annotations.
    Github,
}

/// A list of diagnostics collected over a whole run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Moves every diagnostic of `other` into `self`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// True when at least one diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    /// Number of notes.
    pub fn note_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Note).count()
    }

    /// The diagnostics without the notes (what a successful build prints).
    pub fn without_notes(mut self) -> Diagnostics {
        self.items.retain(|d| d.severity != Severity::Note);
        self
    }

    /// The diagnostics sorted by path, line, column and code (the order they print in).
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut v = self.items.clone();
        v.sort_by(|a, b| {
            (&a.path, a.line, a.column, a.severity, a.code, &a.message).cmp(&(&b.path, b.line, b.column, b.severity, b.code, &b.message))
        });
        v.dedup();
        v
    }

    /// Every diagnostic, unsorted, to change in place (the
    /// severity of unfinished files a build does not publish).
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Diagnostic> {
        self.items.iter_mut()
    }

    /// Every diagnostic, unsorted.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Prints every diagnostic, sorted, in `format`: text goes to `err`
    /// (stderr), JSON and annotations to `out` (stdout).
    pub fn print(&self, format: Format, lang: Language, github_prefix: &str, out: &mut dyn std::io::Write, err: &mut dyn std::io::Write) {
        for d in self.sorted() {
            let _ = match format {
                Format::Text => write!(err, "{}", d.render(lang)),
                Format::Json => writeln!(out, "{}", d.to_json_line(lang)),
                Format::Github => writeln!(out, "{}", d.to_github(lang, github_prefix)),
            };
        }
    }

    /// True when there is nothing to report.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Self {
        Diagnostics { items }
    }
}

/// The site-relative display path of `path` (forward slashes on every OS).
pub fn display_path(root: &Path, path: &Path) -> String {
    use std::path::Component;
    let rel: PathBuf = path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf());
    let mut shown = String::new();
    for c in rel.components() {
        match c {
            // A path outside the site keeps its root (`/tmp/x`, `C:/x`).
            Component::Prefix(p) => shown.push_str(&p.as_os_str().to_string_lossy()),
            Component::RootDir => shown.push('/'),
            other => {
                if !shown.is_empty() && !shown.ends_with('/') {
                    shown.push('/');
                }
                shown.push_str(&other.as_os_str().to_string_lossy());
            }
        }
    }
    shown
}

/// The candidate closest to `word` by edit distance, if it is close enough to
/// be a plausible typo (used for hints such as "did you mean `chengdu`?").
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut scored: Vec<(usize, &str)> =
        candidates.into_iter().map(|c| (strsim::levenshtein(&word.to_lowercase(), &c.to_lowercase()), c)).collect();
    scored.sort();
    let limit = (word.chars().count() / 2).max(2);
    scored.into_iter().filter(|(d, _)| *d <= limit).take(3).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_are_site_relative_or_keep_their_root() {
        let root = Path::new("/srv/site");
        assert_eq!(display_path(root, Path::new("/srv/site/content/a.md")), "content/a.md");
        #[cfg(unix)]
        assert_eq!(display_path(root, Path::new("/tmp/out")), "/tmp/out");
        assert_eq!(display_path(root, Path::new("public")), "public");
    }

    #[test]
    fn caret_accounts_for_wide_characters() {
        // Column 5 is the fifth character, `成`; the four before it are 6 columns wide.
        let d = Diagnostic::new("a.md", 2, 5, Message::EmptyTitle).with_source("---\n标题: 成都区\n");
        let text = d.render(Language::En);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "a.md:2:5: error[empty-title]: `title` is empty");
        assert!(d.render(Language::ZhCn).starts_with("a.md:2:5: 错误[empty-title]: `title`（标题）是空的\n"));
        assert_eq!(lines[2], "2 | 标题: 成都区");
        assert_eq!(lines[3], "  |       ^");
    }

    #[test]
    fn a_long_source_line_is_cut_to_a_window_around_the_caret() {
        let line = format!("{}坏{}", "甲".repeat(100_000), "乙".repeat(100_000));
        let text = format!("---\n{line}\n");
        let by_text = Diagnostic::new("a.md", 2, 100_001, Message::EmptyTitle).with_source(&text);
        let index = LineIndex::new(&text);
        let by_index = Diagnostic::new("a.md", 2, 100_001, Message::EmptyTitle).with_source_in(&index);
        for d in [&by_text, &by_index] {
            let shown = d.source_line.as_deref().unwrap();
            assert!(shown.len() <= SOURCE_LINE_MAX + 10, "{} bytes", shown.len());
            assert!(shown.starts_with('…') && shown.ends_with('…'));
            assert_eq!(shown.chars().nth(d.source_column - 1), Some('坏'));
        }
        // The caret sits under `坏`: every character before it is two columns wide.
        let rendered = by_text.render(Language::En);
        let caret = rendered.lines().nth(3).unwrap();
        assert_eq!(caret.find('^').unwrap() - "  | ".len(), 1 + 2 * (by_text.source_column - 2));
        // Short lines, and a line past the end, are as before.
        assert_eq!(Diagnostic::new("a.md", 1, 1, Message::EmptyTitle).with_source("ab\n").source_line.as_deref(), Some("ab"));
        assert_eq!(Diagnostic::new("a.md", 2, 1, Message::EmptyTitle).with_source("ab\n").source_line, None);
        assert_eq!(index.line(3), None);
    }

    #[test]
    fn line_index_counts_columns_along_a_line_in_either_direction() {
        let text = "ab\n标题x\r\n\nxyz";
        let index = LineIndex::new(text);
        for offset in [9, 6, 3, 10, 0, 12, 13, 16, 14] {
            let (line, col) = index.line_col(offset);
            let before = &text[..offset];
            assert_eq!(line, before.matches('\n').count() + 1, "offset {offset}");
            assert_eq!(col, before.rsplit('\n').next().unwrap().chars().count() + 1, "offset {offset}");
            assert_eq!(index.offset_of(line, col), offset);
        }
    }

    #[test]
    fn github_annotations_escape_their_parts() {
        let d = Diagnostic::new("content/a,b.md", 3, 7, Message::UnknownRegion { id: "x".into() })
            .with_hint(Hint::AddField { key: "50%\nnext".into() });
        assert_eq!(
            d.to_github(Language::En, "site/"),
            "::error file=site/content/a%2Cb.md,line=3,col=7,title=unknown-region::unknown region `x`%0Aadd a line `50%25%0Anext: …`"
        );
        let json = d.to_json(Language::ZhCn);
        assert_eq!(json["message"], "未知区域 `x`");
        assert_eq!(json["severity"], "error");
        assert_eq!(json["line"], 3);
    }

    #[test]
    fn control_characters_reach_the_terminal_escaped() {
        let id = "\u{1b}]0;owned\u{7}\u{1b}[2J\r\u{9b}31m";
        let d = Diagnostic::new("content/\u{1b}[31mx.md", 2, 9, Message::UnknownRegion { id: id.into() })
            .with_hint(Hint::DidYouMean(vec!["a\u{1b}[1mb".into()]))
            .with_source(&format!("---\nregion: {id}\n"));
        let text = d.render(Language::En);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "content/\\x1b[31mx.md:2:9: error[unknown-region]: unknown region `\\x1b]0;owned\\x07\\x1b[2J\\x0d\\u{9b}31m`"
        );
        assert_eq!(lines[2], "2 | region: \\x1b]0;owned\\x07\\x1b[2J\\x0d\\u{9b}31m");
        assert_eq!(lines[3], "  |         ^");
        assert_eq!(lines[4], "  = hint: did you mean `a\\x1b[1mb`?");
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
        let github = d.to_github(Language::En, "");
        assert!(!github.chars().any(char::is_control), "{github:?}");
        assert!(github.contains("unknown region `\\x1b]0;owned"), "{github}");
        // JSON: serde_json escapes C0, the line escapes C1; both read back as they were.
        let json = d.to_json_line(Language::En);
        assert!(!json.chars().any(char::is_control), "{json:?}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["message"], format!("unknown region `{id}`"));
        // Meant line breaks (a template error's causes) stay.
        let t = Diagnostic::new("themes", 0, 0, Message::Template { detail: "a\n  caused by: b".into() });
        assert_eq!(t.render(Language::En), "themes: error[template]: template error: a\n  caused by: b\n");
    }

    #[test]
    fn nearest_suggests_close_ids_only() {
        let ids = ["chengdu", "chongqing", "kunming"];
        assert_eq!(nearest("chengdou", ids), vec!["chengdu"]);
        assert!(nearest("xyzzy-region", ids).is_empty());
    }
}
