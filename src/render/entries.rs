//! The dev server's cache of list-entry values ([`EntryCache`]): an entry
//! is made again only when what it shows changed (its page, regions,
//! modes, tags, lecturer), and after a body-only edit the last renderer's
//! entries and issue values are taken over whole.

use rayon::prelude::*;
use tera::Value;

use super::Renderer;
use crate::graph::{PageId, PageNode};

/// List-entry values of an earlier plan, reused by the dev server for pages
/// whose entry inputs did not change.
#[derive(Debug, Default)]
pub struct EntryCache {
    pub(super) entries: std::collections::HashMap<String, (u64, Value)>,
    /// The last renderer's entries by page id, and its issue values (given
    /// back by [`Renderer::keep_values`]; empty when it did not finish).
    pub(super) last: Vec<Value>,
    pub(super) last_issues: Vec<Value>,
    /// Set by [`EntryCache::expect_patch`].
    pub(super) patched: Option<Vec<PageId>>,
}

impl EntryCache {
    /// Tells the next [`Renderer::with_cache`] that its graph is the last
    /// one's with only the bodies of pages `ids` replaced
    /// ([`crate::site::SiteGraph::patch_bodies`]): it then takes every
    /// other entry and every issue value as they were, without looking at
    /// the other pages.
    pub fn expect_patch(&mut self, ids: Vec<PageId>) {
        self.patched = Some(ids);
    }
}

impl Renderer<'_> {
    /// Ends a dev-server renderer: its list-entry and issue values go to
    /// `cache`, for the next renderer of a patched graph
    /// ([`EntryCache::expect_patch`]). Moved, not copied: a large
    /// site has an entry per page, and copying them all would cost every
    /// body edit more than the patch itself.
    pub fn keep_values(self, cache: &mut EntryCache) {
        (cache.last, cache.last_issues) = self.into_values();
    }

    /// What a page's list entry is made of: its own page (version), its
    /// regions, modes, tags and lecturer.
    fn entry_key(&self, n: &PageNode, region_versions: &[u64]) -> u64 {
        let g = self.g;
        let regions: Vec<u64> = n.regions.iter().map(|&r| region_versions[r.index()]).collect();
        let tags: Vec<&str> = n.tags.iter().map(|&t| g.tags[t].url.as_str()).collect();
        let lecturer = n.lecturer.map(|l| g.lecturers[l].url.as_str());
        crate::hash::hash_of(&(
            n.version,
            regions,
            &n.modes,
            tags,
            lecturer,
            &n.cover_url,
            &n.rendered.summary_html,
            g.config.language.tag(),
            // The theme's words of the entry's figures (`participants_text`, …).
            [self.t("participants_value"), self.t("reading_time"), self.t("word_count_value")],
        ))
    }

    /// A version of each region as its page entries show it.
    fn region_versions(&self) -> Vec<u64> {
        self.g.regions.iter().map(|r| crate::hash::hash_of(&(&r.region.text, &r.url))).collect()
    }

    /// Every page's list entry, taken from `cache` where its key is unchanged.
    pub(super) fn prepare_values(&mut self, cache: Option<&mut EntryCache>) {
        let g = self.g;
        self.prepare_refs();
        let previous = cache.as_deref();
        let region_versions = if previous.is_some() { self.region_versions() } else { Vec::new() };
        // With a cache, each value comes with its key when it was built
        // afresh; without one (a build), no key is computed.
        let computed: Vec<(Option<u64>, Value)> = g
            .nodes
            .par_iter()
            .map(|n| {
                let Some(previous) = previous else { return (None, self.entry_value(n)) };
                let k = self.entry_key(n, &region_versions);
                match previous.entries.get(&n.doc.source).filter(|(old, _)| *old == k) {
                    Some((_, v)) => (None, v.clone()),
                    None => (Some(k), self.entry_value(n)),
                }
            })
            .collect();
        if let Some(cache) = cache {
            // Reused entries are already right: only fresh ones go in, and entries of pages gone are dropped.
            for (n, (k, v)) in g.nodes.iter().zip(&computed) {
                if let Some(k) = k {
                    cache.entries.insert(n.doc.source.clone(), (*k, v.clone()));
                }
            }
            if cache.entries.len() != g.nodes.len() {
                let present: std::collections::HashSet<&str> = g.nodes.iter().map(|n| n.doc.source.as_str()).collect();
                cache.entries.retain(|k, _| present.contains(k.as_str()));
            }
        }
        self.entries = computed.into_iter().map(|(_, v)| v).collect();
    }

    /// [`Renderer::prepare_values`] and [`Renderer::prepare_issue_refs`] for
    /// a graph patched since the last renderer: the last entries and issue
    /// values, the entries of pages `ids` made afresh.
    pub(super) fn patch_values(&mut self, ids: &[PageId], cache: &mut EntryCache) {
        self.prepare_refs();
        self.entries = std::mem::take(&mut cache.last);
        let region_versions = self.region_versions();
        for &id in ids {
            let n = &self.g.nodes[id];
            let value = self.entry_value(n);
            cache.entries.insert(n.doc.source.clone(), (self.entry_key(n, &region_versions), value.clone()));
            self.entries[id.index()] = value;
        }
        self.issue_refs = std::mem::take(&mut cache.last_issues);
    }
}
