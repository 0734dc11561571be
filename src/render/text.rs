//! Text of HTML and dates as the site shows them: shared by the templates'
//! values (descriptions, dates) and the search index (the text it indexes),
//! which depends on rendering, not the reverse.

use chrono::{Datelike, NaiveDate};

use crate::language::Language;

/// A day as Atom's `updated` writes it: midnight UTC of that day.
pub fn atom_day(d: NaiveDate) -> String {
    format!("{}T00:00:00Z", d.format("%Y-%m-%d"))
}

/// A date as the site shows it (`2026年3月5日`, `5 March 2026`).
pub fn date_display(d: NaiveDate, lang: Language) -> String {
    match lang {
        Language::ZhCn => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Language::En => d.format("%-d %B %Y").to_string(),
    }
}

/// Plain text of an HTML fragment (tags removed, basic entities decoded), cut to `max` characters.
pub fn plain_text(html: &str, max: usize) -> String {
    let text = html_to_text(html).replace('\n', " ");
    if text.chars().count() > max {
        let mut s: String = text.chars().take(max).collect();
        s.push('…');
        s
    } else {
        text
    }
}

/// Tags after which the text starts a new line.
const BLOCK_TAGS: &[&str] = &["p", "br", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "hr"];

/// The text of an HTML fragment: tags dropped, entities decoded, block
/// boundaries and line breaks as newlines, runs of blank space collapsed.
/// A `<` without a closing `>` drops the rest of the fragment, as a browser
/// would read it as an unfinished tag.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    // A byte search (both are ASCII, so `i` is a character boundary).
    while let Some(i) = memchr::memchr2(b'<', b'&', rest.as_bytes()) {
        push_text(&mut out, &rest[..i]);
        let tail = &rest[i..];
        if let Some(inside) = tail.strip_prefix('<') {
            // `inside` up to the `>` is the tag; the text resumes after it.
            let (tag, after) = match inside.find('>') {
                Some(end) => (&inside[..end], &inside[end + 1..]),
                None => (inside, ""),
            };
            let name = tag.trim_start_matches('/');
            let name = &name[..name.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(name.len())];
            if BLOCK_TAGS.iter().any(|b| b.eq_ignore_ascii_case(name)) && !out.ends_with('\n') {
                out.push('\n');
            }
            rest = after;
        } else {
            let end = tail.char_indices().take(12).find(|&(_, c)| c == ';').map(|(i, _)| i);
            match end.and_then(|e| decode_entity(&tail[1..e]).map(|c| (c, e))) {
                Some((c, e)) => {
                    out.push(c);
                    rest = &tail[e + 1..];
                }
                None => {
                    out.push('&');
                    rest = &tail[1..];
                }
            }
        }
    }
    push_text(&mut out, rest);
    // Trimmed in place: a block tag or an entity may have left blank space at either end.
    out.truncate(out.trim_end().len());
    let lead = out.len() - out.trim_start().len();
    out.drain(..lead);
    out
}

/// Appends `s` to `out` with each run of blank space as one space or
/// newline (none at the start). Text between blanks is copied a run at a
/// time: Chinese has few blanks, so most text is copied in long runs
/// instead of character by character.
fn push_text(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.find(char::is_whitespace) {
        out.push_str(&rest[..i]);
        let blank = rest[i..].chars().next().unwrap_or(' ');
        if !out.ends_with([' ', '\n']) && !out.is_empty() {
            out.push(if blank == '\n' { '\n' } else { ' ' });
        }
        rest = &rest[i + blank.len_utf8()..];
    }
    out.push_str(rest);
}

fn decode_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_plain_text() {
        assert_eq!(
            html_to_text("<h2 id=\"a\">标题</h2>\n<p>甲 &amp; 乙&#39;s <code>x&lt;y</code></p><p>二</p>"),
            "标题\n甲 & 乙's x<y\n二"
        );
        assert_eq!(html_to_text("a &unknown; b"), "a &unknown; b");
        // A bare `&` before wide characters.
        assert_eq!(html_to_text("甲&乙；丙"), "甲&乙；丙");
        assert_eq!(html_to_text("<P>a</P><BR>b"), "a\nb");
        assert_eq!(html_to_text("&nbsp;<p> a </p>&#10;"), "a");
    }

    #[test]
    fn runs_of_blanks_of_any_script_become_one() {
        // An ideographic space (U+3000) is blank too; a run keeps its first
        // blank's kind (newline or space); none at either end.
        assert_eq!(html_to_text("甲\u{3000}\u{3000}乙 \n 丙\n\t丁"), "甲 乙 丙\n丁");
        assert_eq!(html_to_text("\u{3000}甲乙丙丁\u{3000}"), "甲乙丙丁");
        assert_eq!(html_to_text("长文本没有空白"), "长文本没有空白");
    }

    #[test]
    fn an_unclosed_tag_ends_the_text_without_a_panic() {
        assert_eq!(html_to_text("a <"), "a");
        assert_eq!(html_to_text("a <p"), "a");
        assert_eq!(html_to_text("甲 <乙"), "甲");
        assert_eq!(html_to_text("甲<é"), "甲");
        assert_eq!(html_to_text("<"), "");
        assert_eq!(html_to_text("<>x"), "x");
        assert_eq!(plain_text("标题 <", 10), "标题");
    }

    #[test]
    fn plain_text_strips_tags_and_cuts() {
        assert_eq!(plain_text("<p>甲 &amp; 乙</p>", 10), "甲 & 乙");
        assert_eq!(plain_text("<p>一二三四五</p>", 3), "一二三…");
    }
}
