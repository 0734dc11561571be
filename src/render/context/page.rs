//! The context of a report, class or free page: its list entry with the
//! whole body, the table of contents, and for a report its units and the
//! newer and older reports of its region.

use tera::Value;

use super::Made;
use crate::content::DocKind;
use crate::graph::{PageId, RegionId};
use crate::render::Renderer;
use crate::render::values::{list, obj, safe, to_map};

impl<'g> Renderer<'g> {
    /// `/reports/<slug>/`, `/classes/<slug>/` or a free page's URL.
    pub(super) fn page_context(&self, p: PageId) -> Made {
        let g = self.g;
        let n = &g.nodes[p];
        let entry = &self.entries[p.index()];
        let desc = entry.get_from_path("description").and_then(|v| v.as_str()).unwrap_or_default().to_string();
        let (kind, template, nav) = match n.doc.kind {
            DocKind::Report => ("report", "report.html", "reports"),
            DocKind::Class => ("class", "class.html", "classes"),
            DocKind::Page => ("page", "page.html", ""),
        };
        let mut ctx = self.base_context(kind, &n.url, n.doc.title.clone(), desc, if nav.is_empty() { &n.url } else { nav });
        let mut m = to_map(entry);
        let html = n.rendered.html.unpack();
        ctx.insert_value("syntax_css", super::highlighted(&html).into());
        m.insert("content_html", safe(&html));
        m.insert("toc", Value::from_serializable(&n.rendered.toc));
        if n.doc.kind == DocKind::Report {
            let units = n.doc.units.iter().map(|u| {
                let known = n.regions.iter().any(|&r| g.regions[r].region.units.iter().any(|x| &x.name == u));
                obj([("name", u.as_str().into()), ("known", known.into())])
            });
            m.insert("units", list(units));
            let (siblings, pos) = self.siblings(p);
            let link = |i: Option<usize>| {
                i.and_then(|i| siblings.get(i))
                    .map(|&x| obj([("title", g.nodes[x].doc.title.as_str().into()), ("url", g.nodes[x].url.as_str().into())]))
                    .unwrap_or_else(Value::none)
            };
            m.insert("newer", link(pos.and_then(|i| i.checked_sub(1))));
            m.insert("older", link(pos.map(|i| i + 1)));
            m.insert("honours", self.page_honours(p));
            m.insert("problems", self.page_problems(p));
            m.insert("meeting", Value::from_serializable(&n.doc.work.meeting));
        }
        if n.doc.kind == DocKind::Class {
            m.insert("materials", Value::from_serializable(&n.materials));
        }
        // The gallery.
        m.insert("gallery", Value::from_serializable(&n.gallery));
        // Host units and the review banner.
        m.insert("hosts", list(n.doc.hosts.iter().map(|h| Value::from(h.as_str()))));
        m.insert("review", review_value(&n.doc.review, g.config.review.required));
        ctx.insert_value("page", Value::from(m));
        (n.url.clone(), template, ctx)
    }

    /// The report list a report's newer/older links walk (its first
    /// region's, else all reports), and the report's place in it.
    pub(in crate::render) fn siblings(&self, p: PageId) -> (&'g [PageId], Option<usize>) {
        let g = self.g;
        let list = g.nodes[p].regions.first().map(|&r| &g.regions[r].reports[..]).unwrap_or(&g.reports[..]);
        (list, self.sibling_index.get(p.index()).copied().flatten())
    }

    /// Where each page sits in its [`Renderer::siblings`] list (computed
    /// once, instead of a search of a region's reports per page).
    pub(in crate::render) fn index_siblings(&mut self) {
        let g = self.g;
        let mut index = vec![None; g.nodes.len()];
        let mut place = |list: &[PageId], first_region: Option<RegionId>| {
            for (i, &p) in list.iter().enumerate() {
                if g.nodes[p].regions.first().copied() == first_region {
                    index[p.index()] = Some(i);
                }
            }
        };
        for (r, node) in g.regions.iter().enumerate() {
            place(&node.reports, Some(RegionId(r)));
        }
        place(&g.reports, None);
        self.sibling_index = index;
    }
}

/// `page.review`: none when the page needs no banner (approved, or not
/// marked on a site that does not require review); else its state
/// (`draft`, `pending`, or `unmarked`), the reviewers it waits for, and
/// whether a default build leaves it out (`withheld`).
fn review_value(review: &crate::content::review::Review, required: bool) -> Value {
    if !review.awaits(required) {
        return Value::none();
    }
    let state = review.state.map(|s| s.as_str()).unwrap_or("unmarked");
    let reviewers = list(review.reviewers.iter().map(|r| Value::from(r.as_str())));
    obj([("state", state.into()), ("reviewers", reviewers), ("withheld", review.withheld(required).into())])
}
