//! Stage 2 of the graph: the URL of every document, drafts included (a
//! link to a draft is reported as such), and the documents published.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::{Doc, DocKind};
use crate::markdown::LinkTarget;
use crate::slug::slugify;

/// Every document's link target by content source, and the published
/// documents (drafts, and on a site that requires review (`review_required`)
/// the documents not marked 已审, left out unless `drafts`), in the loader's order.
pub fn build(docs: Vec<Arc<Doc>>, drafts: bool, review_required: bool) -> (HashMap<String, LinkTarget>, Vec<Arc<Doc>>) {
    let mut targets: HashMap<String, LinkTarget> = HashMap::with_capacity(docs.len());
    let mut published: Vec<Arc<Doc>> = Vec::with_capacity(docs.len());
    let urls: Vec<String> = docs.par_iter().map(|d| doc_url(d)).collect();
    for (doc, url) in docs.into_iter().zip(urls) {
        let excluded = (doc.draft || doc.review.withheld(review_required)) && !drafts;
        targets.insert(doc.source.clone(), LinkTarget { url, excluded_draft: excluded });
        if !excluded {
            published.push(doc);
        }
    }
    (targets, published)
}

/// The URL of a document, from the contract's table.
pub fn doc_url(doc: &Doc) -> String {
    match doc.kind {
        DocKind::Report => format!("/reports/{}/", doc.slug),
        DocKind::Class => format!("/classes/{}/", doc.slug),
        DocKind::Page => free_page_url(&doc.source),
    }
}

/// The URL of the free page at `source` (`pages/about.md` -> `/about/`).
fn free_page_url(source: &str) -> String {
    let inner = source.trim_start_matches("pages/").trim_end_matches(".md");
    // An ASCII name is kept unless a URL would read part of it as
    // something else (`#` an anchor, `?` a query, `%` an escape).
    let plain = |s: &str| s.bytes().all(|b| b.is_ascii_graphic() && !b"#?%\"'<>\\^`{|}[]".contains(&b));
    let segments: Vec<String> = inner.split('/').map(|s| if plain(s) { s.to_ascii_lowercase() } else { slugify(s) }).collect();
    if segments.last().is_some_and(|s| s == "index") {
        let parent = &segments[..segments.len() - 1];
        if parent.is_empty() { "/".into() } else { format!("/{}/", parent.join("/")) }
    } else {
        format!("/{}/", segments.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_page_urls_never_hold_what_a_url_reads_otherwise() {
        let url = free_page_url;
        assert_eq!(url("pages/About.md"), "/about/");
        assert_eq!(url("pages/a.b-c_d.md"), "/a.b-c_d/");
        assert_eq!(url("pages/index.md"), "/");
        assert_eq!(url("pages/a#b.md"), "/a-b/");
        assert_eq!(url("pages/100%.md"), "/100/");
        assert_eq!(url("pages/what?.md"), "/what/");
        assert_eq!(url("pages/关于 我们.md"), "/guan-yu-wo-men/");
    }
}
