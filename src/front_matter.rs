//! Splitting a Markdown file into YAML front matter and body, and reading
//! typed fields out of the YAML with located diagnostics.
//!
//! Line numbers are always counted in the whole file: the YAML starts on line
//! 2 (after the opening `---`), so a YAML error on YAML line 3 is file line 4.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde_yaml::{Mapping, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::messages::{Expected, Hint, Message};

/// A file cut at its front matter.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    /// The YAML between the two `---` lines.
    pub yaml: &'a str,
    /// The Markdown after the closing `---` line.
    pub body: &'a str,
    /// 1-based file line of the first body line.
    pub body_line: usize,
}

/// Why a file could not be split: the message, its hint, and the file line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    /// 1-based file line.
    pub line: usize,
    /// What is wrong.
    pub message: Message,
    /// How to fix it.
    pub hint: Hint,
}

impl SplitError {
    /// The located diagnostic, with its source line.
    pub fn into_diagnostic(self, shown: &str, text: &str) -> Diagnostic {
        Diagnostic::new(shown, self.line, 1, self.message).with_hint(self.hint).with_source(text)
    }
}

/// Splits `text` (BOM already removed). Errors are located in the file.
pub fn split(text: &str) -> Result<Split<'_>, Box<SplitError>> {
    let first_end = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    if text.trim().is_empty() {
        return Err(Box::new(SplitError { line: 1, message: Message::EmptyFile, hint: Hint::StartWithFrontMatter }));
    }
    if text[..first_end].trim_end() != "---" {
        return Err(Box::new(SplitError { line: 1, message: Message::MissingFrontMatter, hint: Hint::AddFrontMatter }));
    }
    let mut offset = first_end;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map(|i| offset + i + 1).unwrap_or(text.len());
        if text[offset..end].trim_end() == "---" {
            return Ok(Split { yaml: &text[first_end..offset], body: &text[end..], body_line: line + 1 });
        }
        offset = end;
        line += 1;
    }
    Err(Box::new(SplitError { line: 1, message: Message::UnterminatedFrontMatter, hint: Hint::CloseFrontMatter }))
}

/// The deepest nesting of flow collections (`[`, `{`) a YAML text may have.
/// libyaml's scanner does work proportional to the open flow collections
/// for every token, so deeply nested `[` cost time quadratic in the depth
/// before the parser gives up at its recursion limit (128); no real front
/// matter nests past three.
/// Block nesting (indentation, `- - -`) is cut by that recursion limit in
/// linear time and needs no check of its own.
pub const MAX_YAML_NESTING: usize = 64;

/// Checks, before the YAML parser proper sees `yaml`, that no flow
/// collection nests deeper than [`MAX_YAML_NESTING`]; on failure, the
/// 1-based (line, character column) within `yaml` of the first bracket past
/// the limit. Syntax errors are left for the parser to report.
///
/// The tokens come from libyaml's own scanner (the one serde_yaml_ng
/// runs), stopped at the first bracket too deep, so what counts as a
/// bracket is exactly what the parser would count (not one inside a quoted
/// or block scalar, a comment or a plain scalar), and the pass is linear:
/// each token costs at most the limit.
pub fn check_nesting(yaml: &str) -> Result<(), (usize, usize)> {
    use unsafe_libyaml as unsafe_yaml;
    // Every flow collection opens at a `[` or `{` character: with no more
    // of them than the limit, none can nest past it, and the scan (a
    // second pass of the scanner over every front matter, about 3% of a
    // large build's CPU time) is not needed.
    if count_brackets(yaml) <= MAX_YAML_NESTING {
        return Ok(());
    }
    // SAFETY: the parser is zero-initialised by `yaml_parser_initialize`
    // and deleted once below; the input outlives it (it is borrowed for
    // this call only); every token filled by `yaml_parser_scan` is deleted
    // before the next scan, and none is read after a failed scan.
    unsafe {
        let mut parser = std::mem::MaybeUninit::<unsafe_yaml::yaml_parser_t>::uninit();
        if unsafe_yaml::yaml_parser_initialize(parser.as_mut_ptr()).fail {
            return Ok(());
        }
        let parser = parser.as_mut_ptr();
        unsafe_yaml::yaml_parser_set_input_string(parser, yaml.as_ptr(), yaml.len() as u64);
        let mut depth = 0usize;
        let mut result = Ok(());
        loop {
            let mut token = std::mem::MaybeUninit::<unsafe_yaml::yaml_token_t>::uninit();
            if unsafe_yaml::yaml_parser_scan(parser, token.as_mut_ptr()).fail {
                break;
            }
            let token = token.as_mut_ptr();
            let kind = (*token).type_;
            let mark = (*token).start_mark;
            unsafe_yaml::yaml_token_delete(token);
            match kind {
                unsafe_yaml::YAML_FLOW_SEQUENCE_START_TOKEN | unsafe_yaml::YAML_FLOW_MAPPING_START_TOKEN => {
                    depth += 1;
                    if depth > MAX_YAML_NESTING {
                        result = Err((mark.line as usize + 1, mark.column as usize + 1));
                        break;
                    }
                }
                unsafe_yaml::YAML_FLOW_SEQUENCE_END_TOKEN | unsafe_yaml::YAML_FLOW_MAPPING_END_TOKEN => depth = depth.saturating_sub(1),
                unsafe_yaml::YAML_STREAM_END_TOKEN => break,
                _ => {}
            }
        }
        unsafe_yaml::yaml_parser_delete(parser);
        result
    }
}

/// The number of `[` and `{` characters in `yaml`.
fn count_brackets(yaml: &str) -> usize {
    yaml.bytes().filter(|&b| b == b'[' || b == b'{').count()
}

/// Finds a top-level `key:` in YAML text; returns its 1-based (line, column of
/// the value) within that text (column counts characters).
pub fn locate_key(yaml: &str, key: &str) -> Option<(usize, usize)> {
    yaml.lines().enumerate().find_map(|(i, line)| key_at(line, key).map(|col| (i + 1, col)))
}

/// The column of the value when `line` is `key:` followed by a value (1
/// when it has none).
fn key_at(line: &str, key: &str) -> Option<usize> {
    let rest = line.strip_prefix(key)?;
    let trimmed = rest.trim_start_matches(' ');
    let value = trimmed.strip_prefix(':')?;
    let value_start = value.len() - value.trim_start().len();
    let col = key.chars().count() + (rest.len() - trimmed.len()) + 1 + value_start + 1;
    Some(if value.trim().is_empty() { 1 } else { col })
}

/// Every top-level key of YAML text with its (line, column of the value),
/// the first line of each, in one pass: looking each key up from the top
/// made a file of many unknown keys quadratic.
fn index_keys(yaml: &str) -> std::collections::HashMap<&str, (usize, usize)> {
    let mut keys = std::collections::HashMap::new();
    for (i, line) in yaml.lines().enumerate() {
        if line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let Some(colon) = line.find(':') else { continue };
        let key = line[..colon].trim_end_matches(' ');
        if let Some(col) = key_at(line, key) {
            keys.entry(key).or_insert((i + 1, col));
        }
    }
    keys
}

/// How far, in bytes, past where it is looked for from a value is
/// searched for in the text. A value that is not written as it reads (an
/// escaped `"\u5355"`) is never found, and each such search would
/// otherwise read to the end of the file: many of them made a large file
/// quadratic. Past the window, a problem is located at its key.
pub const LOCATE_WINDOW: usize = 4096;

/// Finds the first line at or after `from` (1-based) containing `needle`;
/// returns (line, column of the needle), both 1-based, column in characters.
/// For one search; many in one file go through a [`Locator`].
pub fn locate_text(text: &str, from: usize, needle: &str) -> Option<(usize, usize)> {
    let start = match from {
        0 | 1 => 0,
        n => memchr::memchr_iter(b'\n', text.as_bytes()).nth(n - 2)? + 1,
    };
    let end = (start + LOCATE_WINDOW + needle.len()).min(text.len());
    let found = start + memchr::memmem::find(text.as_bytes().get(start..end)?, needle.as_bytes())?;
    let before = &text[start..found];
    let line = from.max(1) + memchr::memchr_iter(b'\n', before.as_bytes()).count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Some((line, before[line_start..].chars().count() + 1))
}

/// Finds values in one file's text, located by (line, character column),
/// from an index of its lines built once.
pub struct Locator<'t> {
    lines: crate::diagnostics::LineIndex<'t>,
    text: &'t str,
}

impl<'t> Locator<'t> {
    /// Indexes `text` (one pass).
    pub fn new(text: &'t str) -> Self {
        Locator { lines: crate::diagnostics::LineIndex::new(text), text }
    }

    /// The index of the file's lines.
    pub fn lines(&self) -> &crate::diagnostics::LineIndex<'t> {
        &self.lines
    }

    /// The first `needle` at or after the start of 1-based line `from`,
    /// within [`LOCATE_WINDOW`] bytes: its (line, column).
    pub fn find(&self, from: usize, needle: &str) -> Option<(usize, usize)> {
        self.find_byte(self.lines.line_start(from.max(1)), needle).map(|b| self.lines.line_col(b))
    }

    /// The byte offset of the first `needle` at or after byte `from`, within [`LOCATE_WINDOW`] bytes.
    fn find_byte(&self, from: usize, needle: &str) -> Option<usize> {
        if needle.is_empty() {
            return None;
        }
        let end = (from + LOCATE_WINDOW + needle.len()).min(self.text.len());
        let window = self.text.as_bytes().get(from..end)?;
        memchr::memmem::find(window, needle.as_bytes()).map(|i| from + i)
    }

    /// Each of `items` (the values of a list, in order) after the start of
    /// line `from`, each looked for after the one before: their (line,
    /// column), `None` for one not found near the one before.
    pub fn find_each<'i>(&self, from: usize, items: impl IntoIterator<Item = &'i str>) -> Vec<Option<(usize, usize)>> {
        let mut cursor = self.lines.line_start(from.max(1));
        items
            .into_iter()
            .map(|item| {
                let found = self.find_byte(cursor, item)?;
                cursor = found + item.len();
                Some(self.lines.line_col(found))
            })
            .collect()
    }
}

/// The (line, column) of the "while parsing … at line L column C" part of
/// a YAML error message, if it has one.
pub fn yaml_context_mark(msg: &str) -> Option<(usize, usize)> {
    let (_, context) = msg.split_once(", while ")?;
    let (_, at) = context.split_once(" at line ")?;
    let (line, col) = at.split_once(" column ")?;
    let col: String = col.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, col.parse().ok()?))
}

/// For a duplicate key error, the 1-based (line, column) in `yaml` of the
/// duplicate, the key's second occurrence. The parser locates the error at
/// the start of the mapping (its first key), which is where the key is not.
/// The mapping is block style: its keys are the lines indented to the
/// column of its first key, up to the first line indented less. `None` for
/// other errors, or when the duplicate cannot be found that way (a flow
/// mapping `{a: 1, a: 2}`), so that the parser's location is used.
pub fn duplicate_key_position(yaml: &str, error: &serde_yaml::Error) -> Option<(usize, usize)> {
    let message = error.to_string();
    let quoted = message.split_once("duplicate entry with key ")?.1;
    let quoted = quoted.split(" at line ").next().unwrap_or(quoted);
    // Text keys are written with `{:?}`, numbers and booleans as they are.
    let key = serde_json::from_str::<String>(quoted).unwrap_or_else(|_| quoted.trim_matches('`').to_string());
    let start = error.location()?;
    let indent = start.column().checked_sub(1)?;
    let mut seen = 0;
    for (i, line) in yaml.lines().enumerate().skip(start.line().checked_sub(1)?) {
        let rest = if i + 1 == start.line() {
            line.get(line.char_indices().nth(indent).map_or(line.len(), |(b, _)| b)..)?
        } else {
            let body = line.trim_start_matches(' ');
            if body.is_empty() || body.starts_with('#') {
                continue;
            }
            match line.len() - body.len() {
                n if n < indent => break,
                n if n > indent => continue,
                _ => body,
            }
        };
        let after = [key.clone(), format!("\"{key}\""), format!("'{key}'")]
            .iter()
            .find_map(|k| rest.strip_prefix(k.as_str()).map(str::trim_start))
            .filter(|after| after.starts_with(':'));
        if after.is_some() {
            seen += 1;
            if seen == 2 {
                return Some((i + 1, indent + 1));
            }
        }
    }
    None
}

// The keyboard slips of YAML text.
pub mod slips;

/// The slips to report for YAML that does not read (the parser stopped at
/// `failed_at`, a YAML line, when known): those that break it, the others
/// as they are, Chinese quotation marks on the line the parser stopped at
/// as the error they then are. Empty when none breaks it: the parser's
/// own error is reported then.
pub(crate) fn failed_slips(
    slips: &[slips::Slip],
    failed_at: Option<usize>,
    diag: impl Fn(&slips::Slip, Message) -> Diagnostic,
) -> Vec<Diagnostic> {
    use crate::messages::SlipMessage;
    let fatal = |s: &slips::Slip| {
        s.breaking || matches!(s.message, SlipMessage::ChineseQuotes { .. }) && failed_at.is_some_and(|l| l == s.line || l == s.line + 1)
    };
    if !slips.iter().any(fatal) {
        return Vec::new();
    }
    slips
        .iter()
        .map(|s| match &s.message {
            SlipMessage::ChineseQuotes { quotes, .. } if fatal(s) => {
                diag(s, Message::YamlSlip(SlipMessage::ChineseQuotes { quotes: quotes.clone(), fatal: true }))
            }
            m => diag(s, Message::YamlSlip(m.clone())),
        })
        .collect()
}

/// Typed access to one YAML mapping, pushing located diagnostics on problems.
pub struct Fields<'a> {
    map: Mapping,
    path: &'a str,
    /// Values and source lines found in the whole file.
    locator: Locator<'a>,
    /// Top-level keys of the YAML, with (line, column of the value) in the YAML.
    keys: std::collections::HashMap<&'a str, (usize, usize)>,
    /// File line of the first YAML line, minus one.
    line_offset: usize,
    /// Problems found so far.
    pub diags: Diagnostics,
}

impl<'a> Fields<'a> {
    /// Parses `yaml` as a mapping. A syntax error, or YAML that is not a
    /// mapping, is returned as a diagnostic.
    pub fn parse(path: &'a str, file_text: &'a str, yaml: &'a str, line_offset: usize) -> Result<Fields<'a>, Box<Diagnostics>> {
        let one = |d: Diagnostic| Box::new(Diagnostics::from(vec![d]));
        if let Err((line, col)) = check_nesting(yaml) {
            let d = Diagnostic::new(path, line + line_offset, col, Message::YamlTooDeep { limit: MAX_YAML_NESTING });
            return Err(one(d.with_hint(Hint::FlattenYaml).with_source(file_text)));
        }
        // The keyboard slips, named where they are.
        let slips = slips::scan(yaml);
        let slip = |s: &slips::Slip, message: Message| {
            let hint = match &message {
                Message::YamlSlip(m) => Some(Hint::YamlSlip(m.hint())),
                _ => None,
            };
            Diagnostic::new(path, s.line + line_offset, s.column, message).with_hint_opt(hint).with_source(file_text)
        };
        let value: Value = match serde_yaml::from_str(yaml) {
            Ok(v) => v,
            Err(e) => {
                let failed_at = e.location().map(|l| l.line());
                let named = failed_slips(&slips, failed_at, slip);
                if !named.is_empty() {
                    return Err(Box::new(Diagnostics::from(named)));
                }
                let full = e.to_string();
                // An unclosed bracket or quote is noticed far from where it
                // opened; libyaml names the opening place ("while parsing a
                // flow sequence at line 2 column 7"), which is where to look.
                let (line, col) = duplicate_key_position(yaml, &e)
                    .or_else(|| yaml_context_mark(&full))
                    .or_else(|| e.location().map(|l| (l.line(), l.column())))
                    .map(|(l, c)| (l + line_offset, c))
                    .unwrap_or((line_offset + 1, 0));
                let detail = strip_location(&full);
                return Err(one(Diagnostic::new(path, line, col, Message::YamlSyntax { detail })
                    .with_hint(Hint::YamlQuoting)
                    .with_source(file_text)));
            }
        };
        let map = match value {
            Value::Mapping(m) => m,
            Value::Null => Mapping::new(),
            _ => {
                let named = failed_slips(&slips, None, slip);
                if !named.is_empty() {
                    return Err(Box::new(Diagnostics::from(named)));
                }
                let d = Diagnostic::new(path, line_offset + 1, 1, Message::YamlNotMapping);
                return Err(one(d.with_source(file_text)));
            }
        };
        let mut diags = Diagnostics::default();
        for s in slips.iter().filter(|s| !s.breaking) {
            diags.push(slip(s, Message::YamlSlip(s.message.clone())));
        }
        let (locator, keys) = (Locator::new(file_text), index_keys(yaml));
        Ok(Fields { map, path, locator, keys, line_offset, diags })
    }

    /// File (line, column) of a top-level key's value.
    pub fn pos(&self, key: &str) -> (usize, usize) {
        match self.keys.get(key).copied() {
            Some((l, c)) => (l + self.line_offset, c),
            None => (self.line_offset.max(1), 0),
        }
    }

    /// File (line, column) of `needle` at or after the line of `key`.
    pub fn pos_within(&self, key: &str, needle: &str) -> (usize, usize) {
        let (line, col) = self.pos(key);
        self.locator.find(line, needle).unwrap_or((line, col))
    }

    /// The whole file's locator, to find values after a key's line.
    pub fn locator(&self) -> &Locator<'a> {
        &self.locator
    }

    /// Pushes a catalogued diagnostic located at `key`'s value.
    pub fn report(&mut self, key: &str, message: Message, hint: Option<Hint>) {
        let (line, col) = self.pos(key);
        self.report_at(line, col, message, hint);
    }

    /// Pushes a catalogued diagnostic located at `(line, col)` of the file.
    pub fn report_at(&mut self, line: usize, col: usize, message: Message, hint: Option<Hint>) {
        let d = Diagnostic::new(self.path, line, col, message).with_hint_opt(hint).with_source_in(self.locator.lines());
        self.diags.push(d);
    }

    /// The raw value of a key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// Reports that `key` holds a value of the wrong type.
    pub fn type_error(&mut self, key: &str, expected: Expected) {
        let found = self.get(key).map(show_value).unwrap_or_default();
        self.report(key, Message::WrongType { key: key.to_string(), expected, found }, None);
    }

    fn missing(&mut self, key: &str) {
        let line = self.line_offset.max(1);
        self.report_at(line, 1, Message::MissingField { key: key.to_string() }, Some(Hint::AddField { key: key.to_string() }));
    }

    /// A string field (numbers and booleans are accepted as their text).
    pub fn string(&mut self, key: &str, required: bool) -> Option<String> {
        match self.get(key) {
            None => {
                if required {
                    self.missing(key);
                }
                None
            }
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(Value::Bool(b)) => Some(b.to_string()),
            Some(_) => {
                self.type_error(key, Expected::Text);
                None
            }
        }
    }

    /// A non-negative whole number.
    pub fn count(&mut self, key: &str) -> Option<u64> {
        match self.get(key) {
            None => None,
            Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64(),
            Some(_) => {
                self.type_error(key, Expected::WholeNumber);
                None
            }
        }
    }

    /// A boolean (`true`/`false`).
    pub fn boolean(&mut self, key: &str) -> Option<bool> {
        match self.get(key) {
            None => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => {
                self.type_error(key, Expected::Bool);
                None
            }
        }
    }

    /// A date `YYYY-MM-DD` or an RFC 3339 date-time.
    pub fn date(&mut self, key: &str, required: bool) -> Option<(NaiveDate, Option<DateTime<FixedOffset>>)> {
        let text = match self.get(key) {
            None => {
                if required {
                    self.missing(key);
                }
                return None;
            }
            Some(Value::String(s)) => s.clone(),
            Some(_) => {
                self.type_error(key, Expected::Date);
                return None;
            }
        };
        match parse_date(&text) {
            Some(d) => Some(d),
            None => {
                self.report(key, Message::InvalidDate { key: key.to_string(), value: text }, Some(Hint::DateFormat));
                None
            }
        }
    }

    /// A string or a list of strings.
    pub fn string_list(&mut self, key: &str) -> Vec<String> {
        match self.get(key) {
            None => Vec::new(),
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Number(n)) => vec![n.to_string()],
            Some(Value::Sequence(seq)) => {
                let mut out = Vec::new();
                let mut bad = false;
                for v in seq {
                    match v {
                        Value::String(s) => out.push(s.clone()),
                        Value::Number(n) => out.push(n.to_string()),
                        _ => bad = true,
                    }
                }
                if bad {
                    self.type_error(key, Expected::NameList);
                }
                out
            }
            Some(_) => {
                self.type_error(key, Expected::NameOrList);
                Vec::new()
            }
        }
    }

    /// A list of mappings (e.g. `materials`, `units`); each element's index
    /// comes with it so callers can locate problems.
    pub fn mapping_list(&mut self, key: &str) -> Vec<Mapping> {
        match self.get(key) {
            None => Vec::new(),
            Some(Value::Sequence(seq)) => {
                let mut out = Vec::new();
                for v in seq.clone() {
                    match v {
                        Value::Mapping(m) => out.push(m),
                        _ => {
                            self.type_error(key, Expected::EntryList);
                            return Vec::new();
                        }
                    }
                }
                out
            }
            Some(_) => {
                self.type_error(key, Expected::List);
                Vec::new()
            }
        }
    }

    /// A mapping (e.g. `brand`).
    pub fn mapping(&mut self, key: &str) -> Option<Mapping> {
        match self.get(key) {
            None => None,
            Some(Value::Mapping(m)) => Some(m.clone()),
            Some(_) => {
                self.type_error(key, Expected::Mapping);
                None
            }
        }
    }

    /// Warns about keys of a nested mapping (`brand`, a unit, `bulletin`)
    /// that are not in `known`, located at the key's line at or after the
    /// line `from` of `parent`.
    pub fn warn_unknown_subkeys(&mut self, from: usize, parent: &str, map: &Mapping, known: &[&str]) {
        for key in map.keys().filter_map(Value::as_str) {
            if !known.contains(&key) {
                let (line, col) = self.locator.find(from, &format!("{key}:")).unwrap_or((from, 1));
                let hint = match nearest(key, known.iter().copied()).first() {
                    Some(best) => Hint::DidYouMean(vec![best.to_string()]),
                    None => Hint::KnownFields(known.iter().map(|k| k.to_string()).collect()),
                };
                self.report_at(line, col, Message::UnknownField { key: format!("{parent}.{key}") }, Some(hint));
            }
        }
    }

    /// Warns about every key not in `known`, suggesting the nearest known key.
    pub fn warn_unknown_keys(&mut self, known: &[&str]) {
        let keys: Vec<String> = self.map.keys().filter_map(|k| k.as_str().map(str::to_string)).collect();
        for key in keys {
            if !known.contains(&key.as_str()) {
                let (line, _) = self.pos(&key);
                let hint = match nearest(&key, known.iter().copied()).first() {
                    Some(best) => Hint::DidYouMean(vec![best.to_string()]),
                    None => Hint::KnownFields(known.iter().map(|k| k.to_string()).collect()),
                };
                self.report_at(line, 1, Message::UnknownField { key }, Some(hint));
            }
        }
    }
}

/// Parses `YYYY-MM-DD` or an RFC 3339 date-time.
pub fn parse_date(text: &str) -> Option<(NaiveDate, Option<DateTime<FixedOffset>>)> {
    let text = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some((d, None));
    }
    DateTime::parse_from_rfc3339(text).ok().map(|dt| (dt.date_naive(), Some(dt)))
}

/// Short text form of a YAML value for messages.
pub fn show_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Sequence(_) => "[…]".into(),
        Value::Mapping(_) => "{…}".into(),
        _ => String::new(),
    }
}

/// A string value from a nested mapping.
pub fn map_str(m: &Mapping, key: &str) -> Option<String> {
    match m.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// serde_yaml messages end with "at line X column Y"; we print the location ourselves.
pub fn strip_location(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_reports_body_line() {
        let s = split("---\ntitle: a\n---\n\nbody\n").unwrap();
        assert_eq!(s.yaml, "title: a\n");
        assert_eq!(s.body_line, 4);
        assert_eq!(s.body, "\nbody\n");
    }

    #[test]
    fn split_accepts_crlf() {
        let s = split("---\r\ntitle: a\r\n---\r\nbody").unwrap();
        assert_eq!(s.yaml, "title: a\r\n");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn split_errors() {
        assert_eq!(split("title: a\n").unwrap_err().message, Message::MissingFrontMatter);
        assert_eq!(split("---\ntitle: a\n").unwrap_err().message, Message::UnterminatedFrontMatter);
        assert_eq!(split("  \n").unwrap_err().message, Message::EmptyFile);
    }

    /// The one error of YAML that did not read.
    fn first(d: Diagnostics) -> Diagnostic {
        let all = d.sorted();
        assert_eq!(all.len(), 1, "{all:?}");
        all[0].clone()
    }

    #[test]
    fn yaml_errors_count_lines_in_the_whole_file() {
        let file = "---\ntitle: a\ndate: [\n---\n";
        let s = split(file).unwrap();
        let err = Fields::parse("r.md", file, s.yaml, 1).err().map(|d| first(*d)).unwrap();
        assert_eq!(err.code, "yaml-syntax");
        assert!(err.line >= 3, "line {}", err.line);
    }

    #[test]
    fn bad_date_is_located_at_its_value() {
        let file = "---\ntitle: 标题\ndate: 2020-13-45\n---\n";
        let s = split(file).unwrap();
        let mut f = Fields::parse("r.md", file, s.yaml, 1).unwrap();
        assert!(f.date("date", true).is_none());
        let d = &f.diags.sorted()[0];
        assert_eq!((d.line, d.column, d.code), (3, 7, "invalid-date"));
    }

    #[test]
    fn unclosed_brackets_are_located_where_they_open() {
        let file = "---\ntitle: a\ntags: [a, b\n---\n";
        let s = split(file).unwrap();
        let err = Fields::parse("r.md", file, s.yaml, 1).err().map(|d| first(*d)).unwrap();
        assert_eq!((err.line, err.column), (3, 7));
        assert_eq!(yaml_context_mark("x at line 3 column 1, while parsing a block mapping"), None);
    }

    #[test]
    fn duplicate_key_points_at_the_duplicate() {
        let file = "---\ntitle: 一\ndate: 2020-05-01\ntitle: 二\n---\n";
        let s = split(file).unwrap();
        let err = Fields::parse("r.md", file, s.yaml, 1).err().map(|d| first(*d)).unwrap();
        assert_eq!((err.line, err.column, err.code), (4, 1, "yaml-syntax"));
        assert_eq!(err.source_line.as_deref(), Some("title: 二"));
        // Nested (a region's brand), and under a list item.
        let yaml =
            "name: x\nbrand:\n  slogan: a\n  # note\n  color: \"#fff\"\n  slogan: b\nunits:\n  - name: u\n    kind: project\n    name: v\n";
        let e = serde_yaml::from_str::<serde_yaml::Value>(yaml).unwrap_err();
        assert_eq!(duplicate_key_position(yaml, &e), Some((6, 3)));
        let yaml = "units:\n  - name: u\n    kind: project\n    name: v\n";
        let e = serde_yaml::from_str::<serde_yaml::Value>(yaml).unwrap_err();
        assert_eq!(duplicate_key_position(yaml, &e), Some((4, 5)));
    }

    #[test]
    fn nesting_past_the_limit_is_located_at_the_first_bracket_too_deep() {
        let deep = format!("title: a\ntags: {}\n", "[".repeat(100_000));
        assert_eq!(check_nesting(&deep), Err((2, 6 + MAX_YAML_NESTING + 1)));
        let braces = format!("标题: 甲\nx: {}\n", "{a: ".repeat(MAX_YAML_NESTING + 1));
        assert_eq!(check_nesting(&braces), Err((2, 4 + 4 * MAX_YAML_NESTING)));
        // At the limit, and brackets that are text, pass.
        let at_limit = format!("x: {}{}\n", "[".repeat(MAX_YAML_NESTING), "]".repeat(MAX_YAML_NESTING));
        assert_eq!(check_nesting(&at_limit), Ok(()));
        let text = "a: \"{}\"\nb: '{}'\nc: x {}\n# {}\nd: |\n  {}\n";
        let many = "[".repeat(200);
        let text = text.replace("{}", &many);
        assert_eq!(check_nesting(&text), Ok(()));
        // A syntax error is left for the parser.
        assert_eq!(check_nesting("a: [b\nc: \"d"), Ok(()));
    }

    #[test]
    fn too_deep_front_matter_is_a_located_error() {
        let file = format!("---\ntitle: a\ntags: {}\n---\n", "[".repeat(1_000_000));
        let s = split(&file).unwrap();
        let err = Fields::parse("r.md", &file, s.yaml, 1).err().map(|d| first(*d)).unwrap();
        assert_eq!((err.code, err.line, err.column), ("yaml-too-deep", 3, 6 + MAX_YAML_NESTING + 1));
    }

    #[test]
    fn values_are_located_near_where_they_are_looked_for() {
        let text = "a: 1\nunits:\n  - 甲单位\n  - 乙单位\n  - 甲单位\n";
        assert_eq!(locate_text(text, 2, "甲单位"), Some((3, 5)));
        assert_eq!(locate_text(text, 4, "甲单位"), Some((5, 5)));
        let locator = Locator::new(text);
        assert_eq!(locator.find(4, "甲单位"), Some((5, 5)));
        // Each after the one before; one that is not written as it reads is not found.
        let found = locator.find_each(2, ["甲单位", "乙单位", "丙单位", "甲单位"]);
        assert_eq!(found, [Some((3, 5)), Some((4, 5)), None, Some((5, 5))]);
        // Past the window, nothing is found (the caller falls back to the key).
        let far = format!("k:\n{}x\n", "y".repeat(LOCATE_WINDOW + 10));
        assert_eq!(locate_text(&far, 1, "x"), None);
        assert_eq!(Locator::new(&far).find(1, "x"), None);
    }

    #[test]
    fn locate_key_counts_characters() {
        assert_eq!(locate_key("标题: x\nregion: chengdu\n", "region"), Some((2, 9)));
    }
}
