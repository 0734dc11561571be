//! Escaping for the output formats that Tera's autoescape does not cover:
//! CSV cells (spreadsheet formula injection), JSON placed inside an HTML
//! `<script>` element and file names placed in URLs. HTML and XML
//! templates are escaped by Tera itself.
//!
//! Whoever writes a CSV (the dashboard's `/dashboard/<year>.csv`) or inlines
//! JSON in a page (search data) must pass every writer-controlled string
//! through these.

/// What [`url_path`] encodes: controls, space, everything a URL gives a
/// meaning (`%` starts an escape, `?` a query, `#` a fragment) and what
/// HTML or Markdown would take apart (quotes, angle brackets, backslash).
/// Non-ASCII characters are always encoded (as UTF-8 bytes).
const PATH_UNSAFE: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'\'')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A site path made of file names (`/reports/a/照片 1%.jpg`) as a URL path
/// that loads that file (`/reports/a/%E7%85%A7%E7%89%87%201%25.jpg`):
/// percent-decoding the result gives `path` back. `/` stays a separator.
pub fn url_path(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, PATH_UNSAFE).to_string()
}

/// One CSV cell (RFC 4180), safe to open in a spreadsheet: a cell that a
/// spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab or carriage
/// return first, as OWASP recommends) gets a leading `'`, and a cell with a
/// comma, quote or line break is quoted with inner quotes doubled.
pub fn csv_cell(text: &str) -> String {
    let guarded;
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{text}");
        guarded.as_str()
    } else {
        text
    };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_string() }
}

/// A CSV line from cells, ending with CRLF as RFC 4180 says.
pub fn csv_line<'a>(cells: impl IntoIterator<Item = &'a str>) -> String {
    let mut line = cells.into_iter().map(csv_cell).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

/// Text for a double- or single-quoted HTML attribute value, written where
/// Tera's escaping is not in the way (the base URL prefix that
/// [`crate::render::urls`] puts before site paths).
pub fn html_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON text that can sit inside `<script>…</script>` in HTML: `<`, `>` and
/// `&` become `\u003c`, `\u003e`, `\u0026` (still the same JSON value), so
/// content cannot close the element or open a comment; U+2028 and U+2029 are
/// escaped for old JavaScript parsers.
pub fn json_for_script(value: &serde_json::Value) -> String {
    let mut out = String::new();
    for c in value.to_string().chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Text as a double-quoted CSS string that can sit inside `<style>…</style>`
/// in HTML (for the protective marking in the printed pages'
/// margin boxes): `"`, `\`, `<`, `>`, `&` and control characters become CSS
/// escapes (`\22 `), so content can neither end the string nor close the
/// element.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => out.push_str(&format!("\\{:x} ", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_end_the_string_or_the_style_element() {
        assert_eq!(css_string("内部资料 注意保存"), "\"内部资料 注意保存\"");
        assert_eq!(css_string("a\"b\\c</style>\n"), "\"a\\22 b\\5c c\\3c /style\\3e \\a \"");
    }

    #[test]
    fn formulas_are_neutralized() {
        assert_eq!(csv_cell("=HYPERLINK(\"http://evil\")"), "\"'=HYPERLINK(\"\"http://evil\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-2+3"), "'-2+3");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("成都片区"), "成都片区");
        assert_eq!(csv_cell("甲,乙"), "\"甲,乙\"");
        assert_eq!(csv_line(["a", "=b"]), "a,'=b\r\n");
    }

    #[test]
    fn json_cannot_close_a_script_element() {
        let v = serde_json::json!({ "title": "</script><script>alert(1)</script><!--", "x": "a&b\u{2028}" });
        let s = json_for_script(&v);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        assert_eq!(serde_json::from_str::<serde_json::Value>(&s).unwrap(), v);
    }

    #[test]
    fn file_names_in_urls_decode_to_themselves() {
        for path in ["/reports/a/照片 1%.jpg", "/a/b#c?d.svg", "/x/%41.png", "/x/a&b'c\"d.pdf", "/plain/a-b_c.d~e.png"] {
            let url = url_path(path);
            assert!(url.is_ascii() && !url[1..].contains(['#', '?', ' ', '"', '\'']), "{url}");
            assert_eq!(percent_encoding::percent_decode_str(&url).decode_utf8().unwrap(), path);
        }
        assert_eq!(url_path("/plain/a-b_c.d~e.png"), "/plain/a-b_c.d~e.png");
    }
}
