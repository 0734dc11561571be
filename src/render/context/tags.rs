//! The context of the tags page: every tag and co-building mode with its
//! number of pages.

use super::Made;
use crate::render::Renderer;
use crate::render::values::{list, obj};

impl Renderer<'_> {
    /// `/tags/`: tags by their number of pages, then by name; modes in site.yaml order.
    pub(super) fn tags_context(&self) -> Made {
        let g = self.g;
        let cfg = &g.config;
        let mut ctx = self.base_context("tags", "/tags/", self.t("tags"), String::new(), "tags");
        let mut tags: Vec<usize> = (0..g.tags.len()).collect();
        tags.sort_by(|a, b| g.tags[*b].pages.len().cmp(&g.tags[*a].pages.len()).then_with(|| g.tags[*a].name.cmp(&g.tags[*b].name)));
        ctx.insert_value(
            "tags",
            list(tags.iter().map(|&t| {
                let tag = &g.tags[t];
                obj([
                    ("name", tag.name.as_str().into()),
                    ("slug", tag.slug.as_str().into()),
                    ("url", tag.url.as_str().into()),
                    ("count", tag.pages.len().into()),
                ])
            })),
        );
        ctx.insert_value(
            "modes",
            list(cfg.modes.iter().enumerate().map(|(i, m)| {
                obj([
                    ("id", m.id.as_str().into()),
                    ("name", m.name.as_str().into()),
                    ("url", format!("/modes/{}/", m.id).into()),
                    ("count", g.mode_pages[i].len().into()),
                ])
            })),
        );
        ("/tags/".into(), "tags.html", ctx)
    }
}
