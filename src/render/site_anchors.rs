//! The `#anchors` of links starting with `/` into pages the
//! templates make (a region page, a bulletin issue, the dashboard). Their
//! ids come from the templates, so they are known only once the page is
//! rendered: each linked page is rendered once, in memory, and its `id`s
//! read with an HTML parser. `check` and `build` both run this (after the
//! templates compile); links to no output at all are reported before
//! ([`super::outputs`]), links into reports and pages by the Markdown's
//! own check.

use std::collections::{BTreeMap, BTreeSet};

use super::Renderer;
use crate::diagnostics::{Diagnostic, LineIndex, nearest};
use crate::markdown::page_path;
use crate::messages::{Hint, Message};

impl Renderer<'_> {
    /// Every link with an anchor into a generated page that lacks the id.
    pub fn check_site_anchors(&self) -> Vec<Diagnostic> {
        let g = self.g;
        // Target page → the (page, link) pairs linking into it.
        let mut wanted: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
        for (n, node) in g.nodes.iter().enumerate() {
            for (i, l) in node.rendered.site_links.iter().enumerate() {
                if l.anchor.is_some() && !l.image {
                    wanted.entry(page_path(&l.url)).or_default().push((n, i));
                }
            }
        }
        if wanted.is_empty() {
            return Vec::new();
        }
        let mut found = Vec::new();
        for job in self.plan().iter().filter(|j| j.is_templated()) {
            let Some(links) = wanted.get(&self.job_path(job)) else { continue };
            // A page that does not render is the templates' error, reported by their check.
            let Ok((path, html)) = self.render_job(job) else { continue };
            let ids = ids_of(&html);
            for &(n, i) in links {
                let node = &g.nodes[n];
                let l = &node.rendered.site_links[i];
                let anchor = l.anchor.clone().unwrap_or_default();
                let decoded = percent_encoding::percent_decode_str(&anchor).decode_utf8_lossy().into_owned();
                if ids.contains(&anchor) || ids.contains(&decoded) {
                    continue;
                }
                let near: Vec<String> = nearest(&decoded, ids.iter().map(String::as_str)).into_iter().map(|a| format!("#{a}")).collect();
                let hint = match near.is_empty() {
                    true => Hint::HeadingsThere(ids.iter().take(8).map(|a| format!("#{a}")).collect()),
                    false => Hint::DidYouMean(near),
                };
                let message = Message::UnknownAnchorIn { target: path.clone(), anchor: decoded };
                let d = Diagnostic::new(&node.doc.shown, l.pos.0, l.pos.1, message).with_hint(hint);
                // A build has released the source text: the line kept with the link is quoted.
                let d = match node.doc.text.is_empty() {
                    true => d.with_source_line(l.line.as_deref()),
                    false => d.with_source_in(&LineIndex::new(&node.doc.text)),
                };
                found.push(d);
            }
        }
        found.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        found
    }
}

/// Every `id` of an HTML page, sorted.
fn ids_of(html: &str) -> BTreeSet<String> {
    let doc = scraper::Html::parse_document(html);
    let any = scraper::Selector::parse("[id]").expect("selector");
    doc.select(&any).filter_map(|e| e.value().attr("id")).map(str::to_string).collect()
}
