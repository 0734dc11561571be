//! Issued bulletin items kept as they were issued.
//!
//! `regionpress bulletin issue` copies each item of the issue it records
//! into `content/bulletins/<series>/<period>.issued/<item's path>`. While an
//! item's file is byte for byte its copy, the issue prints the published
//! page as every other list does. When the item was edited, unpublished or
//! deleted since, the issue prints the copy instead: this stage renders
//! each such copy into a page node of its own, which the graph holds after
//! its published pages (in no list, with no page of its own), and which
//! the issue, its figures, its files and its feed entry read. The check of
//! bulletin records notes each such item (`issued-item-changed`), so that
//! what later content would have changed is said instead of done.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use super::bodies::{node, page_version, render_doc};
use super::nodes::{PageId, PageNode};
use super::urls::doc_url;
use crate::content::IssuedCopy;
use crate::markdown::LinkContext;

/// The copies of issued items, and the nodes made for those whose item changed.
#[derive(Debug, Clone, Default)]
pub struct Kept {
    /// Copy path (content-relative) → the node the issue prints instead of
    /// the item, for items changed, unpublished or deleted since the issue.
    pub changed: BTreeMap<String, PageId>,
    /// The nodes among `changed` whose item is no longer a published page:
    /// the issue prints them without a link.
    pub gone: BTreeSet<PageId>,
    /// Every copy path there is (changed items or not).
    pub copies: BTreeSet<String>,
    /// The items (content-relative sources) that some issued issue keeps a
    /// copy of: an edit of one may change which text an issue prints, so
    /// the dev server builds the site afresh for it.
    pub items: HashSet<String>,
}

/// The nodes for the copies whose item is not, byte for byte, a published
/// page of `live` (every published page, by source path); each node's
/// `doc.source` is still the item's path, for [`super::references`], until
/// [`name_copies`] gives it the copy's. The nodes' ids start at `first`.
pub fn build(copies: &[IssuedCopy], live: &[PageNode], ctx: &LinkContext<'_>, first: usize) -> (Vec<PageNode>, Kept) {
    let mut kept = Kept::default();
    if copies.is_empty() {
        return (Vec::new(), kept);
    }
    let by_source: HashMap<&str, &PageNode> = live.iter().map(|n| (n.doc.source.as_str(), n)).collect();
    let mut nodes = Vec::new();
    for copy in copies {
        kept.copies.insert(copy.path.clone());
        kept.items.insert(copy.doc.source.clone());
        let item = by_source.get(copy.doc.source.as_str());
        if item.is_some_and(|n| n.doc.text_hash == copy.doc.text_hash) {
            continue;
        }
        if item.is_none() {
            kept.gone.insert(PageId(first + nodes.len()));
        }
        // The URL the item had (or has): the issue links its title there.
        let url = doc_url(&copy.doc);
        let rendered = Arc::new(render_doc(&copy.doc, &url, ctx));
        let version = page_version(copy.doc.text_hash, &url);
        kept.changed.insert(copy.path.clone(), PageId(first + nodes.len()));
        nodes.push(node(&copy.doc, url, version, rendered, ctx.sanitize));
    }
    (nodes, kept)
}

/// Gives each node made by [`build`] its copy's path as `doc.source` once
/// its references are resolved, so that nothing keyed by source (the dev
/// server's caches, the published pages) takes it for the item.
pub fn name_copies(nodes: &mut [PageNode], kept: &Kept) {
    for (path, &id) in &kept.changed {
        let doc = Arc::make_mut(&mut nodes[id.index()].doc);
        doc.source = path.clone();
    }
}
