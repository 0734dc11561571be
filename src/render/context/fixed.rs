//! The contexts of the pages that show little of the site: the search
//! page (the years its filter offers) and the 404 page.

use chrono::Datelike;
use tera::Value;

use super::Made;
use crate::render::Renderer;
use crate::render::values::{list, obj};

impl Renderer<'_> {
    /// `/search/` (only with `search: true`).
    pub(super) fn search_context(&self) -> Made {
        let g = self.g;
        let mut ctx = self.base_context("search", "/search/", self.t("search"), String::new(), "search");
        let years: std::collections::BTreeSet<i32> =
            g.reports.iter().chain(g.classes.iter()).filter_map(|&i| g.nodes[i].doc.date).map(|d| d.year()).collect();
        ctx.insert_value(
            "search",
            obj([("index_url", "/search/index.json".into()), ("years", list(years.iter().rev().map(|&y| Value::from(y as i64))))]),
        );
        ("/search/".into(), "search.html", ctx)
    }

    /// `/404.html`.
    pub(super) fn not_found_context(&self) -> Made {
        let ctx = self.base_context("404", "/404.html", self.t("not_found_title"), String::new(), "");
        ("/404.html".into(), "404.html", ctx)
    }
}
