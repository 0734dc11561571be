//! Stage 3 of the graph: every published document's Markdown rendered (in
//! parallel) into a page node, links resolved against the URLs of stage 2.
//! The dev server keeps the renderings in a [`BodyCache`] and reuses one
//! while neither its document nor anything its rendering looks at (other
//! pages' URLs, the files of `content/`, the raw-HTML settings) changed.

use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher as _};
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::Doc;
use crate::hash::hash_of;
use crate::markdown::{self, LinkContext, LinkTarget, Rendered, Source};

use super::nodes::PageNode;

/// Rendered Markdown of earlier builds and the link environment of the
/// last one (for the dev server's patch of page bodies).
#[derive(Debug, Default)]
pub struct BodyCache {
    /// Content source -> (key of the rendering, the rendering).
    entries: HashMap<String, (u64, Arc<Rendered>)>,
    /// What Markdown rendering looked at in the last build.
    links: Option<Links>,
}

/// The link environment of a build: every document's URL, the files of
/// `content/`, and their hash together with the raw-HTML settings.
#[derive(Debug)]
pub struct Links {
    /// Every document's link target by content source.
    pub targets: HashMap<String, LinkTarget>,
    /// The files of `content/` that are not sources.
    pub assets: BTreeSet<String>,
    /// The hash of all of it.
    pub environment: u64,
    /// What links starting with `/` resolve against.
    pub site: crate::markdown::SiteUrls,
}

impl BodyCache {
    /// The link environment of the last build that filled the cache.
    pub fn links(&self) -> Option<&Links> {
        self.links.as_ref()
    }

    /// Keeps `links` for the next patch.
    pub fn remember(&mut self, links: Links) {
        self.links = Some(links);
    }

    /// Records the new rendering of a patched page.
    pub fn insert(&mut self, source: String, version: u64, environment: u64, rendered: Arc<Rendered>) {
        self.entries.insert(source, (render_key(version, environment), rendered));
    }
}

/// A page's [`PageNode::version`]: its text and URL.
pub fn page_version(text_hash: u64, url: &str) -> u64 {
    hash_of(&(text_hash, url))
}

/// The cache key of a page's rendering: its version and the link
/// environment of the build.
fn render_key(version: u64, environment: u64) -> u64 {
    hash_of(&(version, environment))
}

/// Renders the Markdown body of `doc` as the page at `url`.
pub fn render_doc(doc: &Doc, url: &str, ctx: &LinkContext<'_>) -> Rendered {
    markdown::render(&Source::new(&doc.source, &doc.shown, &doc.text, doc.body_start, url), ctx)
}

/// The hash of what rendering one document may look at besides its own
/// text. Hashed in source order (the walk's order, deterministic), so no
/// sort is needed.
pub fn environment(published: &[Arc<Doc>], ctx: &LinkContext<'_>) -> u64 {
    let mut h = crate::hash::Hasher::default();
    for d in published {
        let t = &ctx.targets[&d.source];
        (&d.source, &t.url, t.excluded_draft).hash(&mut h);
    }
    let mut drafts: Vec<(&String, &String)> = ctx.targets.iter().filter(|(_, t)| t.excluded_draft).map(|(k, t)| (k, &t.url)).collect();
    drafts.sort_unstable();
    drafts.hash(&mut h);
    (ctx.assets, ctx.sanitize, ctx.allow_html).hash(&mut h);
    let mut unreviewed: Vec<&String> = ctx.site.unreviewed.iter().collect();
    unreviewed.sort_unstable();
    (&ctx.site.base_paths, unreviewed).hash(&mut h);
    h.finish()
}

/// One page node per published document, its Markdown rendered or taken
/// from `cache` (with its key, `environment`), which is then refreshed:
/// fresh renderings go in, documents gone are dropped.
pub fn build(published: &[Arc<Doc>], ctx: &LinkContext<'_>, cache: Option<(&mut BodyCache, u64)>) -> Vec<PageNode> {
    let (previous, environment) = match &cache {
        Some((c, e)) => (Some(&**c), Some(*e)),
        None => (None, None),
    };
    // Each node comes with its cache key when it was rendered afresh.
    let built: Vec<(PageNode, Option<u64>)> = published
        .par_iter()
        .map(|doc| {
            let url = ctx.targets[&doc.source].url.clone();
            let version = page_version(doc.text_hash, &url);
            let key = environment.map(|e| render_key(version, e));
            let cached = previous.and_then(|c| c.entries.get(&doc.source)).filter(|(k, _)| Some(*k) == key).map(|(_, r)| r.clone());
            let fresh = if cached.is_some() { None } else { key };
            let rendered = cached.unwrap_or_else(|| Arc::new(render_doc(doc, &url, ctx)));
            (node(doc, url, version, rendered, ctx.sanitize), fresh)
        })
        .collect();
    if let Some((cache, _)) = cache {
        // Entries of reused renderings are already right.
        for (n, key) in &built {
            if let Some(key) = key {
                cache.entries.insert(n.doc.source.clone(), (*key, n.rendered.clone()));
            }
        }
        if cache.entries.len() != built.len() {
            let present: std::collections::HashSet<&str> = built.iter().map(|(n, _)| n.doc.source.as_str()).collect();
            cache.entries.retain(|k, _| present.contains(k.as_str()));
        }
    }
    built.into_iter().map(|(n, _)| n).collect()
}

/// A page node with nothing resolved yet but its URL and rendering.
pub(super) fn node(doc: &Arc<Doc>, url: String, version: u64, rendered: Arc<Rendered>, sanitize: bool) -> PageNode {
    let meta = hash_of(&(doc.front_hash, &url));
    let summary_html = doc.summary.as_deref().map(|s| markdown::render_plain(s, sanitize)).unwrap_or_default();
    PageNode {
        doc: doc.clone(),
        url,
        version,
        meta,
        regions: Vec::new(),
        modes: Vec::new(),
        tags: Vec::new(),
        lecturer: None,
        rendered,
        summary_html,
        cover_url: None,
        materials: Vec::new(),
        gallery: Vec::new(),
    }
}
