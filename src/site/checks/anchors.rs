//! Links to a heading of another page that the page does not have, from
//! pages and from editor's notes.

use rayon::prelude::*;

use crate::content::BulletinNote;
use crate::diagnostics::{Diagnostic, Diagnostics, LineIndex};
use crate::graph::PageNode;
use crate::graph::anchors::unknown_anchors;
use crate::markdown::{self, NEAREST_HINTS_PER_PAGE, PendingAnchor};
use crate::messages::{Hint, Message};
use crate::regional::NoteLinks;
use crate::site::SiteGraph;

/// Every page's links to missing headings, looked up in parallel and
/// reported in page order.
pub fn pages(graph: &SiteGraph, diags: &mut Diagnostics) {
    let page = |source: &str| graph.page_by_source(source).map(|id| &*graph.nodes[id]);
    let found: Vec<Vec<Diagnostic>> = graph
        .nodes
        .par_iter()
        .map(|n| {
            // The text indexed once per page, not per link.
            let lines: std::cell::OnceCell<LineIndex<'_>> = std::cell::OnceCell::new();
            unknown_anchors(&n.rendered.anchors, page)
                .enumerate()
                .map(|(nth, (a, target))| {
                    let lines = lines.get_or_init(|| LineIndex::new(&n.doc.text));
                    unknown_anchor_error(&n.doc.shown, a, target, nth).with_source_in(lines)
                })
                .collect()
        })
        .collect();
    diags.extend(Diagnostics::from(found.into_iter().flatten().collect::<Vec<_>>()));
}

/// The links of editor's notes to missing headings.
pub fn notes(graph: &SiteGraph, notes: &[BulletinNote], links: &[NoteLinks], diags: &mut Diagnostics) {
    let page = |source: &str| graph.page_by_source(source).map(|id| &*graph.nodes[id]);
    for l in links {
        let note = &notes[l.note];
        let lines = std::cell::OnceCell::new();
        for (nth, (a, target)) in unknown_anchors(&l.anchors, page).enumerate() {
            let lines = lines.get_or_init(|| LineIndex::new(&note.text));
            diags.push(unknown_anchor_error(&note.shown, a, target, nth).with_source_in(lines));
        }
    }
}

/// The error for a link in the file `shown` to an anchor `target` lacks,
/// with the nearest heading id as a hint (the caller adds the source line).
/// `nth` counts the file's unknown anchors: past [`NEAREST_HINTS_PER_PAGE`],
/// the hint lists the target's first headings instead of comparing with all.
fn unknown_anchor_error(shown: &str, anchor: &PendingAnchor, target: &PageNode, nth: usize) -> Diagnostic {
    let message = Message::UnknownAnchorIn { target: target.doc.shown.clone(), anchor: anchor.anchor.clone() };
    let toc = &target.rendered.toc;
    let hint = match nth < NEAREST_HINTS_PER_PAGE {
        true => markdown::anchor_hint(&anchor.anchor, toc),
        false => Hint::HeadingsThere(toc.iter().take(8).map(|t| format!("#{}", t.id)).collect()),
    };
    Diagnostic::new(shown, anchor.pos.0, anchor.pos.1, message).with_hint(hint)
}
