//! Links inside a feed entry's content made absolute.
//!
//! A feed reader resolves a relative link against the feed's URL (or
//! ignores it), not against the page the entry comes from: a footnote's
//! `#1` in `/atom.xml` pointed at nothing. [`absolute_links`] resolves every
//! `href` and `src` of an entry's HTML against the page's permalink, after
//! [`super::urls::rebase`] has put the site's base URL before the
//! root-relative ones.

/// Attributes whose value is a URL.
const URL_ATTRS: [&str; 3] = [" href=\"", " src=\"", " poster=\""];

/// `html` with every `href`, `src` and `poster` value that is not absolute
/// (no scheme, not `//host`) resolved against `page`, the absolute URL of
/// the page the HTML belongs to (ending in `/` for a folder page).
pub fn absolute_links(html: &str, page: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    // Where each attribute next occurs at or after `at` (searched again only
    // once passed, not at every link: an entry has many `href`s and few `src`s).
    let mut found: [Option<usize>; URL_ATTRS.len()] = [None; URL_ATTRS.len()];
    let mut searched = [false; URL_ATTRS.len()];
    let mut at = 0;
    loop {
        for (i, a) in URL_ATTRS.iter().enumerate() {
            if !searched[i] || found[i].is_some_and(|f| f < at) {
                found[i] = memchr::memmem::find(&html.as_bytes()[at..], a.as_bytes()).map(|f| at + f);
                searched[i] = true;
            }
        }
        let next = URL_ATTRS.iter().zip(found).filter_map(|(a, f)| f.map(|f| f + a.len())).min();
        let Some(start) = next else { break };
        let Some(len) = html[start..].find('"') else { break };
        out.push_str(&html[at..start]);
        out.push_str(&resolve(&html[start..start + len], page));
        at = start + len;
    }
    out.push_str(&html[at..]);
    out
}

/// `value` resolved against `page` (RFC 3986, section 5.2, for the
/// references pages contain: fragments, queries, root-relative and
/// relative paths); absolute URLs and empty values as they are.
fn resolve(value: &str, page: &str) -> String {
    if value.is_empty() || value.starts_with("//") || has_scheme(value) {
        return value.to_string();
    }
    let Some(scheme_end) = page.find("://") else { return value.to_string() };
    let host_end = page[scheme_end + 3..].find('/').map_or(page.len(), |i| scheme_end + 3 + i);
    let (origin, page_path) = page.split_at(host_end);
    let page_path = page_path.split(['#', '?']).next().unwrap_or("/");
    if value.starts_with('#') {
        return format!("{origin}{page_path}{value}");
    }
    if value.starts_with('?') {
        return format!("{origin}{page_path}{value}");
    }
    let (path, tail) = value.find(['?', '#']).map_or((value, ""), |i| value.split_at(i));
    let joined =
        if path.starts_with('/') { path.to_string() } else { format!("{}{path}", &page_path[..page_path.rfind('/').map_or(0, |i| i + 1)]) };
    format!("{origin}{}{tail}", normalise(&joined))
}

/// A path with its `.` and `..` segments removed.
fn normalise(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = path.split('/').collect();
    for (i, s) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        match *s {
            "." => {
                if last {
                    segments.push("");
                }
            }
            ".." => {
                if segments.len() > 1 {
                    segments.pop();
                }
                if last {
                    segments.push("");
                }
            }
            s => segments.push(s),
        }
    }
    let joined = segments.join("/");
    if joined.starts_with('/') { joined } else { format!("/{joined}") }
}

/// Whether `value` begins with a URL scheme (`https:`, `mailto:`, `data:`).
fn has_scheme(value: &str) -> bool {
    let Some(colon) = value.find(':') else { return false };
    let scheme = &value[..colon];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "https://intranet.example/party/reports/tunnel/";

    #[test]
    fn every_kind_of_relative_link_becomes_absolute() {
        let cases = [
            ("#1", "https://intranet.example/party/reports/tunnel/#1"),
            ("?page=2", "https://intranet.example/party/reports/tunnel/?page=2"),
            ("photo.jpg", "https://intranet.example/party/reports/tunnel/photo.jpg"),
            ("./a/b.png", "https://intranet.example/party/reports/tunnel/a/b.png"),
            ("../other/#top", "https://intranet.example/party/reports/other/#top"),
            ("../../../../x", "https://intranet.example/x"),
            ("/party/tags/x/", "https://intranet.example/party/tags/x/"),
            ("https://intranet.example/party/", "https://intranet.example/party/"),
            ("mailto:dangban@example.cn", "mailto:dangban@example.cn"),
            ("//cdn.example/x.js", "//cdn.example/x.js"),
        ];
        for (value, want) in cases {
            let html = format!("<p><a href=\"{value}\">脚注</a><img src=\"{value}\" alt=\"\"></p>");
            assert_eq!(absolute_links(&html, PAGE), format!("<p><a href=\"{want}\">脚注</a><img src=\"{want}\" alt=\"\"></p>"), "{value}");
        }
    }

    #[test]
    fn text_and_other_attributes_are_left_alone() {
        let html = "<p data-href=\"#1\" title=\"href=&quot;#2&quot;\">见 href=&quot;#3&quot; 注</p><sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>";
        let got = absolute_links(html, PAGE);
        assert_eq!(got.matches(PAGE).count(), 1, "{got}");
        assert!(got.ends_with("<a href=\"https://intranet.example/party/reports/tunnel/#1\">1</a></sup>"), "{got}");
    }
}
