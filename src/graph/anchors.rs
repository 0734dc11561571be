//! Links into other pages' headings: which of them name a heading their
//! page lacks (for the checks across files, [`crate::site::checks`], and
//! the dev server's patch of page bodies).

use std::collections::{HashMap, HashSet};

use crate::markdown::PendingAnchor;

use super::nodes::PageNode;

/// The links among `anchors` into another published page (found by `page`
/// from its content source) that name an anchor the page has no heading
/// for, each with that page.
pub fn unknown_anchors<'a, 'p>(
    anchors: &'a [PendingAnchor],
    page: impl Fn(&str) -> Option<&'p PageNode> + 'a,
) -> impl Iterator<Item = (&'a PendingAnchor, &'p PageNode)> + 'a
where
    'p: 'a,
{
    // Each target's heading ids gathered once: comparing every link with
    // every heading of its target would be quadratic.
    let mut ids: HashMap<&'a str, HashSet<&'p str>> = HashMap::new();
    anchors.iter().filter_map(move |a| {
        let target = page(&a.target)?;
        let known = ids.entry(a.target.as_str()).or_insert_with(|| target.rendered.toc.iter().map(|h| h.id.as_str()).collect());
        (!known.contains(a.anchor.as_str())).then_some((a, target))
    })
}
