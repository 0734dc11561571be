//! Links that start with `/` (a page's address on the
//! site, as copied from the browser) and images without alt text.
//!
//! A link to a document's URL is resolved here, like `@/…md`: a draft or
//! a page waiting for its review is an error, its `#anchor` is checked
//! with the others. A link under the site's sub-path (`/party/about/`
//! with `base_url: https://host/party/`) is taken once: the prefix is
//! dropped here and added back, once, when the page is written
//! ([`crate::render`]'s URL rebasing), never doubled. Any other link
//! starting with `/` (a region, a list, a static file) is kept as a
//! [`SiteLink`] and checked against every output once the site is planned
//! (`render::outputs`).

use std::collections::{HashMap, HashSet};

use crate::diagnostics::Diagnostic;
use crate::messages::{FileRef, Hint, LinkHint, LinkMessage, Message};

use super::{Links, PendingAnchor};

/// What links starting with `/` resolve against.
#[derive(Debug, Default, Clone)]
pub struct SiteUrls {
    /// The site's sub-paths (`/party/`): the build's, and `site.yaml`'s
    /// when `--base-url` replaced it; none at the domain's root.
    pub base_paths: Vec<String>,
    /// Every document's URL -> its content source (drafts included).
    pub by_url: HashMap<String, String>,
    /// The content sources of documents left out until reviewed.
    pub unreviewed: HashSet<String>,
}

impl SiteUrls {
    /// The URLs of `targets`, under `base_path`; `unreviewed` names the
    /// documents a site that requires review withholds.
    pub fn new(base_paths: [&str; 2], targets: &HashMap<String, super::LinkTarget>, unreviewed: HashSet<String>) -> SiteUrls {
        let by_url = targets.iter().map(|(source, t)| (t.url.clone(), source.clone())).collect();
        let mut paths: Vec<String> = base_paths.iter().map(|p| p.trim_end_matches('/').to_string()).filter(|p| !p.is_empty()).collect();
        paths.dedup();
        SiteUrls { base_paths: paths, by_url, unreviewed }
    }
}

/// A link starting with `/` to no document, to check against the outputs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SiteLink {
    /// As written.
    pub dest: String,
    /// The site path it names (decoded, without the sub-path, query or anchor).
    pub url: String,
    /// The anchor, if any (without `#`).
    pub anchor: Option<String>,
    /// File line and column of the link.
    pub pos: (usize, usize),
    /// True for an image's source.
    pub image: bool,
    /// The source line of a link with an anchor, which is checked once
    /// the pages render: a build has released the sources by then, and the
    /// diagnostic still quotes the line.
    pub line: Option<String>,
}

/// `path` as the site path of a page: `/about` and `/about/index.html`
/// name `/about/`.
pub fn page_path(path: &str) -> String {
    if let Some(dir) = path.strip_suffix("index.html") {
        return dir.to_string();
    }
    let last = path.rsplit('/').next().unwrap_or("");
    if path.ends_with('/') || last.contains('.') { path.to_string() } else { format!("{path}/") }
}

impl Links<'_> {
    /// Resolves the link `dest` (starting with a single `/`) found at `pos`.
    /// Returns its new URL when the sub-path prefix was dropped.
    pub(super) fn site_link(&mut self, dest: &str, image: bool, pos: (usize, usize)) -> Option<String> {
        let (before_anchor, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a.to_string()).filter(|a| !a.is_empty())),
            None => (dest, None),
        };
        let (written, query) = before_anchor.split_once('?').map_or((before_anchor, None), |(p, q)| (p, Some(q)));
        let unprefixed = self.ctx.site.base_paths.iter().find_map(|base| {
            written.strip_prefix(base.as_str()).filter(|rest| rest.is_empty() || rest.starts_with('/')).map(|rest| match rest {
                "" => "/",
                r => r,
            })
        });
        let path = unprefixed.unwrap_or(written);
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8().map(|d| d.into_owned()).unwrap_or_else(|_| path.to_string());
        let url = page_path(&decoded);
        let ctx = self.ctx;
        match ctx.site.by_url.get(&url) {
            Some(source) if ctx.targets.get(source).is_some_and(|t| t.excluded_draft) => {
                self.r.diags.push(super::unpublished(source, dest, ctx.site, pos, self.src.shown));
            }
            Some(source) => {
                if let Some(a) = anchor {
                    if source == self.src.source {
                        self.own_anchors.push((a, pos));
                    } else {
                        self.r.anchors.push(PendingAnchor { target: source.clone(), anchor: a, pos });
                    }
                }
            }
            None => {
                let line = (anchor.is_some() && !image)
                    .then(|| crate::diagnostics::nth_line(self.src.file_text, pos.0).map(str::to_string))
                    .flatten();
                self.r.site_links.push(SiteLink { dest: dest.to_string(), url, anchor, pos, image, line })
            }
        }
        let rest = unprefixed?;
        let mut out = rest.to_string();
        if let Some(q) = query {
            out = format!("{out}?{q}");
        }
        if let Some((_, a)) = dest.split_once('#') {
            out = format!("{out}#{a}");
        }
        Some(out)
    }

    /// Warns of the image `dest` at byte `offset` of the body, which has no alt text.
    pub(super) fn missing_alt(&mut self, dest: &str, offset: usize) {
        let pos = self.pos(offset);
        let message = Message::Link(LinkMessage::ImageWithoutAlt { src: dest.to_string() });
        self.r.diags.push(Diagnostic::new(self.src.shown, pos.0, pos.1, message).with_hint(Hint::Link(LinkHint::AddAlt)));
    }
}

/// The error for a link starting with `/` that names no output: `what`
/// it links, with the hint the caller found.
pub fn site_links_broken(shown: &str, link: &SiteLink, hint: Hint) -> Diagnostic {
    let message = match link.image {
        true => Message::MissingAsset { what: FileRef::Image, path: link.dest.clone() },
        false => Message::BrokenLink { dest: link.dest.clone() },
    };
    Diagnostic::new(shown, link.pos.0, link.pos.1, message).with_hint(hint)
}

#[cfg(test)]
mod tests {
    #[test]
    fn page_paths_end_in_a_slash() {
        assert_eq!(super::page_path("/about"), "/about/");
        assert_eq!(super::page_path("/about/index.html"), "/about/");
        assert_eq!(super::page_path("/theme.css"), "/theme.css");
        assert_eq!(super::page_path("/"), "/");
    }
}
