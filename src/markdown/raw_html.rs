//! The links of raw HTML in Markdown (`<a href>`,
//! `<img src>`, `<source src>`…), read with an HTML5 parser (scraper, on
//! html5ever) as a browser reads them, and checked and rewritten like
//! Markdown links; an `<img>` without an `alt` attribute is a warning.
//!
//! Raw HTML comes from the Markdown parser as one event per line of a
//! block, or per tag inline; the events that follow each other are read
//! together, so that a tag written over several lines is one tag. Each
//! value is found in the raw text from where the previous one was, for
//! its line and column and to be replaced in place: the rest of the HTML
//! is kept byte for byte.

use pulldown_cmark::{CowStr, Event};

use super::Links;

/// The elements and attributes whose values are links, and whether they name an image.
const LINK_ATTRIBUTES: &[(&str, &str, bool)] = &[
    ("a", "href", false),
    ("area", "href", false),
    ("img", "src", true),
    ("source", "src", true),
    ("video", "src", true),
    ("video", "poster", true),
    ("audio", "src", true),
    ("iframe", "src", false),
];

/// Checks and rewrites the links of the raw HTML events of `events`, at
/// (index in `events`, byte offset in the body) `raw_at`.
pub(super) fn check(events: &mut [Event<'_>], raw_at: &[(usize, usize)], links: &mut Links<'_>) {
    let mut start = 0;
    while start < raw_at.len() {
        let mut end = start + 1;
        while end < raw_at.len() && raw_at[end].0 == raw_at[end - 1].0 + 1 {
            end += 1;
        }
        check_run(events, &raw_at[start..end], links);
        start = end;
    }
}

/// One run of raw HTML events that follow each other.
fn check_run(events: &mut [Event<'_>], run: &[(usize, usize)], links: &mut Links<'_>) {
    // The text, and where each event's text starts in it and in the body.
    let mut text = String::new();
    let mut pieces: Vec<(usize, usize)> = Vec::with_capacity(run.len());
    for &(i, offset) in run {
        if let Event::Html(h) = &events[i] {
            pieces.push((text.len(), offset));
            text.push_str(h);
        }
    }
    if !text.contains('<') {
        return;
    }
    let body_offset = |at: usize| {
        let &(from, offset) = pieces.iter().rev().find(|(from, _)| *from <= at).unwrap_or(&(0, run[0].1));
        offset + (at - from)
    };
    let fragment = scraper::Html::parse_fragment(&text);
    let mut cursor = 0;
    let mut replacements: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for node in fragment.root_element().descendants() {
        let Some(element) = scraper::ElementRef::wrap(node) else { continue };
        let el = element.value();
        let name = el.name();
        // Where the tag is in the raw text: the first `<name` from the cursor.
        let tag_at = find_tag(&text, cursor, name).unwrap_or(cursor);
        cursor = tag_at.min(text.len());
        for &(_, attribute, image) in LINK_ATTRIBUTES.iter().filter(|(e, _, _)| *e == name) {
            let Some(value) = el.attr(attribute) else { continue };
            let found = text.get(cursor..).and_then(|rest| rest.find(value)).map(|k| cursor + k).filter(|_| !value.is_empty());
            let at = found.unwrap_or(tag_at);
            if let Some(new) = links.rewrite(value, image, body_offset(at))
                && let Some(k) = found
            {
                replacements.push((k..k + value.len(), crate::escape::html_attribute(&new)));
            }
            if let Some(k) = found {
                cursor = k + value.len();
            }
        }
        if name == "img" && el.attr("alt").is_none() {
            links.missing_alt(el.attr("src").unwrap_or_default(), body_offset(tag_at));
        }
    }
    if replacements.is_empty() {
        return;
    }
    for (range, new) in replacements.into_iter().rev() {
        text.replace_range(range, &new);
    }
    events[run[0].0] = Event::Html(CowStr::Boxed(text.into_boxed_str()));
    for &(i, _) in &run[1..] {
        events[i] = Event::Html(CowStr::Borrowed(""));
    }
}

/// The byte offset of the first `<name` (any case) at or after `from` in `text`.
fn find_tag(text: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(k) = text.get(at..)?.find('<') {
        let start = at + k;
        let after = start + 1;
        let candidate = bytes.get(after..after + name.len())?;
        let next = bytes.get(after + name.len()).copied();
        if candidate.eq_ignore_ascii_case(name.as_bytes()) && !next.is_some_and(|b| b.is_ascii_alphanumeric()) {
            return Some(start);
        }
        at = after;
    }
    None
}
