//! Rewriting site paths in rendered HTML for the deploy location.
//!
//! Templates and Markdown output write *site paths* (`/reports/a/`). After
//! rendering, one pass over each HTML page rewrites the values of `href`,
//! `src`, `action` and `poster` attributes that start with a single `/`:
//! - under a sub-path (`base_url: https://host/party/`) they get the prefix
//!   (`/party/reports/a/`);
//! - with `relative_urls: true` they become relative to the page
//!   (`../../reports/a/index.html`), directory links ending in `index.html`
//!   so that the output also works from `file://`.
//!
//! Attribute values are the only place `="/` can occur in our HTML: text and
//! code are escaped (`"` becomes `&quot;`), so the pass cannot touch content.

/// How site paths are written in the output.
#[derive(Debug, Clone)]
pub enum UrlStyle {
    /// Root-relative with a prefix: `""` at the domain root, `"/party"` under a sub-path;
    /// held escaped for an HTML attribute value (made by [`UrlStyle::prefixed`]).
    Prefixed(String),
    /// Relative to each page.
    Relative,
}

impl UrlStyle {
    /// The style for a config.
    pub fn new(base_path: &str, relative: bool) -> UrlStyle {
        if relative { UrlStyle::Relative } else { UrlStyle::prefixed(base_path) }
    }

    /// Site paths prefixed with `prefix` (a base path, or a whole base URL
    /// for feeds), its trailing `/` dropped. A normalized base URL can still
    /// hold `&` and `'` ([`crate::config`]); they are escaped here, as the
    /// prefix is written into attribute values.
    pub fn prefixed(prefix: &str) -> UrlStyle {
        UrlStyle::Prefixed(crate::escape::html_attribute(prefix.trim_end_matches('/')))
    }
}

/// `target` (a site path) relative to the folder of the page `current`.
pub fn relative_link(target: &str, current: &str) -> String {
    let split = target.find(['?', '#']).unwrap_or(target.len());
    let (path, rest) = target.split_at(split);
    let dir_depth = current.trim_start_matches('/').matches('/').count();
    let mut out = "../".repeat(dir_depth);
    out.push_str(path.trim_start_matches('/'));
    if path.ends_with('/') {
        out.push_str("index.html");
    }
    if out.is_empty() {
        out.push_str("./");
    }
    out.push_str(rest);
    out
}

const ATTRS: &[&str] = &["href", "src", "action", "poster"];

/// Rewrites every site path in the attributes of `html` (see module docs).
pub fn rebase(html: &str, current: &str, style: &UrlStyle) -> String {
    // Checked by simdutf8 (feeds rebase whole bodies, nearly all multi-byte characters).
    crate::text::string_from_utf8(rebase_bytes(html.as_bytes().to_vec(), current, style))
        .expect("only ASCII is inserted, and only between ASCII bytes")
}

/// [`rebase`] on the bytes of a page as Tera writes them (a page is not
/// validated as UTF-8 once more on the way to its file); given back as they
/// are when nothing is to be rewritten.
pub fn rebase_bytes(html: Vec<u8>, current: &str, style: &UrlStyle) -> Vec<u8> {
    if matches!(style, UrlStyle::Prefixed(p) if p.is_empty()) {
        return html;
    }
    let mut out = Vec::with_capacity(html.len() + html.len() / 16);
    let mut done = 0;
    for i in memchr::memmem::find_iter(&html, "=\"/") {
        if i < done {
            continue; // inside a value already rewritten
        }
        out.extend_from_slice(&html[done..i]);
        out.extend_from_slice(b"=\"");
        done = i + 2;
        let (before, after) = html.split_at(i);
        if before.ends_with(b" srcset")
            && let Some(end) = memchr::memchr(b'"', &after[2..])
            && let Ok(set) = std::str::from_utf8(&after[2..2 + end])
        {
            out.extend_from_slice(rebase_srcset(set, current, style).as_bytes());
            done = i + 2 + end;
            continue;
        }
        let is_attr = ATTRS
            .iter()
            .any(|a| before.ends_with(a.as_bytes()) && matches!(before[..before.len() - a.len()].last(), Some(b' ' | b'\n' | b'\t')));
        if !is_attr || after[2..].starts_with(b"//") {
            continue;
        }
        match style {
            // The value stays as it is behind the prefix.
            UrlStyle::Prefixed(prefix) => out.extend_from_slice(prefix.as_bytes()),
            UrlStyle::Relative => {
                if let Some(end) = memchr::memchr(b'"', &after[2..]) {
                    // The value is text Tera wrote: UTF-8 unless cut inside a
                    // character, which a `"` byte cannot be.
                    if let Ok(target) = std::str::from_utf8(&after[2..2 + end]) {
                        out.extend_from_slice(relative_link(target, current).as_bytes());
                        done = i + 2 + end;
                    }
                }
            }
        }
    }
    out.extend_from_slice(&html[done..]);
    out
}

/// The candidates of a `srcset` value (`/a-480w.jpg 480w, /a.jpg 960w`,
/// written by [`crate::photos`]) each rebased as a `src` is.
fn rebase_srcset(set: &str, current: &str, style: &UrlStyle) -> String {
    let one = |candidate: &str| {
        let (url, descriptor) = candidate.trim().split_once(' ').unwrap_or((candidate.trim(), ""));
        let url = match style {
            _ if !url.starts_with('/') || url.starts_with("//") => url.to_string(),
            UrlStyle::Prefixed(prefix) => format!("{prefix}{url}"),
            UrlStyle::Relative => relative_link(url, current),
        };
        if descriptor.is_empty() { url } else { format!("{url} {descriptor}") }
    };
    set.split(',').map(one).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_candidate_of_a_srcset_is_rebased() {
        let html = r#"<img src="/r/a.jpg" srcset="/r/a-480w.jpg 480w, /r/a.jpg 960w">"#;
        assert_eq!(
            rebase(html, "/r/", &UrlStyle::new("/party/", false)),
            r#"<img src="/party/r/a.jpg" srcset="/party/r/a-480w.jpg 480w, /party/r/a.jpg 960w">"#
        );
        assert_eq!(rebase(html, "/r/", &UrlStyle::Relative), r#"<img src="../r/a.jpg" srcset="../r/a-480w.jpg 480w, ../r/a.jpg 960w">"#);
    }

    #[test]
    fn prefixes_sub_path() {
        let s = UrlStyle::new("/party/", false);
        assert_eq!(
            rebase(r#"<a href="/reports/a/">x</a><img src="/a.png"><a href="//cdn/x">"#, "/", &s),
            r#"<a href="/party/reports/a/">x</a><img src="/party/a.png"><a href="//cdn/x">"#
        );
    }

    #[test]
    fn relative_links_work_from_file_urls() {
        assert_eq!(relative_link("/reports/a/", "/reports/b/"), "../../reports/a/index.html");
        assert_eq!(relative_link("/", "/"), "index.html");
        assert_eq!(relative_link("/theme.css?v=1", "/a/"), "../theme.css?v=1");
        assert_eq!(relative_link("/reports/a/#h", "/"), "reports/a/index.html#h");
        assert_eq!(relative_link("/", "/404.html"), "index.html");
    }

    #[test]
    fn leaves_text_and_other_attributes_alone() {
        let s = UrlStyle::new("/p/", false);
        let html = r#"<p data-x="/a">a="/b" &quot;/c</p><a class="x" href="/d">"#;
        assert_eq!(rebase(html, "/", &s), r#"<p data-x="/a">a="/b" &quot;/c</p><a class="x" href="/p/d">"#);
    }
}
