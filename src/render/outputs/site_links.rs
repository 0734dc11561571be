//! The links starting with `/` that name no document
//! ([`crate::markdown::SiteLink`]), checked against every output of the
//! plan: region pages, lists, bulletins, static and copied files. A link
//! to `/regions/<id>/` of no region is named as such; a link that works
//! once a leading folder is removed (`/party/about/` on a site at the
//! domain's root) says so; else the nearest output is suggested. Anchors
//! into generated pages are checked once the templates compile, on the
//! rendered page (`render/site_anchors.rs`).

use std::collections::HashSet;

use super::Output;
use crate::diagnostics::{Diagnostic, LineIndex, nearest};
use crate::markdown::{NEAREST_HINTS_PER_PAGE, SiteLink, page_path};
use crate::messages::{Hint, LinkHint, LinkMessage, Message};
use crate::site::SiteGraph;

/// Every broken link starting with `/` of every page, into `found`.
pub(super) fn check(g: &SiteGraph, outputs: &[Output], found: &mut Vec<Diagnostic>) {
    if g.nodes.iter().all(|n| n.rendered.site_links.is_empty()) {
        return;
    }
    let paths: HashSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
    let exists = |url: &str| paths.contains(url) || paths.contains(page_path(url).as_str());
    let mut candidates: Vec<&str> = outputs.iter().map(|o| o.path.as_str()).filter(|p| p.ends_with('/')).collect();
    candidates.sort_unstable();
    for n in &g.nodes {
        let links = &n.rendered.site_links;
        if links.iter().all(|l| exists(&l.url)) {
            continue;
        }
        let lines = LineIndex::new(&n.doc.text);
        let mut hinted = 0;
        for l in links.iter().filter(|l| !exists(&l.url)) {
            let d = match unknown_region(g, l) {
                Some(d) => d,
                None => {
                    hinted += 1;
                    let hint = hint(l, &exists, (hinted <= NEAREST_HINTS_PER_PAGE).then_some(&candidates));
                    crate::markdown::site_links_broken(&n.doc.shown, l, hint)
                }
            };
            found.push(Diagnostic { path: n.doc.shown.clone(), ..d }.with_source_in(&lines));
        }
    }
}

/// The error for a link to `/regions/<id>/…` of a region that does not exist.
fn unknown_region(g: &SiteGraph, l: &SiteLink) -> Option<Diagnostic> {
    let id = l.url.strip_prefix("/regions/")?.split('/').next().filter(|id| !id.is_empty())?;
    if g.regions.iter().any(|r| r.region.id == id) {
        return None;
    }
    let ids: Vec<&str> = g.regions.iter().map(|r| r.region.id.as_str()).collect();
    let near: Vec<String> = nearest(id, ids.iter().copied()).into_iter().map(|r| format!("/regions/{r}/")).collect();
    let hint = match near.is_empty() {
        true => Hint::KnownRegions(ids.iter().map(|s| s.to_string()).collect()),
        false => Hint::DidYouMean(near),
    };
    let message = Message::Link(LinkMessage::UnknownRegionLink { id: id.to_string(), dest: l.dest.clone() });
    Some(Diagnostic::new("", l.pos.0, l.pos.1, message).with_hint(hint))
}

/// The hint for a broken link: a leading folder to remove, else the
/// nearest page (when `candidates` are given), else how such links are written.
fn hint(l: &SiteLink, exists: &impl Fn(&str) -> bool, candidates: Option<&Vec<&str>>) -> Hint {
    let trimmed = l.url.trim_start_matches('/');
    if let Some((first, rest)) = trimmed.split_once('/') {
        let rest = format!("/{rest}");
        if !first.is_empty() && rest != "/" && exists(&rest) {
            return Hint::Link(LinkHint::RemovePrefix { prefix: format!("/{first}") });
        }
    }
    let anchor = l.anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default();
    match candidates.map(|c| nearest(&l.url, c.iter().copied())) {
        Some(near) if !near.is_empty() => Hint::DidYouMean(near.into_iter().map(|u| format!("{u}{anchor}")).collect()),
        _ => Hint::Link(LinkHint::SiteUrl),
    }
}
