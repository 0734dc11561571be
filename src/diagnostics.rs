//! Diagnostics: every problem found in a site, located at file, line and
//! character column, with a stable code, a message and an optional hint.
//!
//! Loading and validation never stop at the first problem: they push
//! [`Diagnostic`]s into a [`Diagnostics`] list, which is sorted (by path, line,
//! column, code) before it is printed so output is deterministic.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use unicode_width::UnicodeWidthStr;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build cannot succeed.
    Error,
    /// Worth fixing; the build still succeeds.
    Warning,
}

/// One located problem in the site's sources.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
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
    /// What is wrong, short and lowercase.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub hint: Option<String>,
    /// The offending source line, for display.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// An error at `path:line:column`.
    pub fn error(path: impl Into<String>, line: usize, column: usize, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            column,
            severity: Severity::Error,
            code,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    /// A warning at `path:line:column`.
    pub fn warning(path: impl Into<String>, line: usize, column: usize, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Self::error(path, line, column, code, message) }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attaches the source line `self.line` of `text`.
    pub fn with_source(mut self, text: &str) -> Self {
        if self.line > 0 {
            self.source_line = text.lines().nth(self.line - 1).map(|l| l.trim_end_matches('\r').to_string());
        }
        self
    }

    /// Renders the diagnostic as `path:line:col: severity[code]: message`,
    /// followed by the source line with a caret under the column and the hint.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = write!(out, "{}", self.path);
        if self.line > 0 {
            let _ = write!(out, ":{}", self.line);
            if self.column > 0 {
                let _ = write!(out, ":{}", self.column);
            }
        }
        let _ = writeln!(out, ": {kind}[{}]: {}", self.code, self.message);
        if let Some(src) = &self.source_line {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{gutter} | {src}");
            if self.column > 0 {
                // The caret goes under the character: count display width so
                // that wide (Chinese) characters before it are accounted for.
                let before: String = src.chars().take(self.column - 1).collect();
                let width = UnicodeWidthStr::width(before.as_str());
                let _ = writeln!(out, "{pad} | {}^", " ".repeat(width));
            }
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = hint: {hint}");
        }
        out
    }
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

    /// The diagnostics sorted by path, line, column and code (the order they print in).
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut v = self.items.clone();
        v.sort_by(|a, b| {
            (&a.path, a.line, a.column, a.severity, a.code, &a.message).cmp(&(&b.path, b.line, b.column, b.severity, b.code, &b.message))
        });
        v.dedup();
        v
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
    let rel: PathBuf = path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf());
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
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
    fn caret_accounts_for_wide_characters() {
        // Column 5 is the fifth character, `成`; the four before it are 6 columns wide.
        let d = Diagnostic::error("a.md", 2, 5, "x", "bad").with_source("---\n标题: 成都区\n");
        let text = d.render();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "a.md:2:5: error[x]: bad");
        assert_eq!(lines[2], "2 | 标题: 成都区");
        assert_eq!(lines[3], "  |       ^");
    }

    #[test]
    fn nearest_suggests_close_ids_only() {
        let ids = ["chengdu", "chongqing", "kunming"];
        assert_eq!(nearest("chengdou", ids), vec!["chengdu"]);
        assert!(nearest("xyzzy-region", ids).is_empty());
    }
}
