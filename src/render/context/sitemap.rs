//! The context of `/sitemap.xml`: every page with the date of the newest
//! content it shows.

use super::Made;
use crate::graph::PageId;
use crate::render::Renderer;
use crate::render::plan::{page_count, page_url};
use crate::render::values::{list, obj, opt};

impl Renderer<'_> {
    /// `/sitemap.xml`.
    pub(super) fn sitemap_context(&self) -> Made {
        let g = self.g;
        let cfg = &g.config;
        // Every page with the date of the newest content it shows.
        let day = |ids: &mut dyn Iterator<Item = &PageId>| {
            ids.filter_map(|&i| g.nodes[i].doc.date).max().map(|d| d.format("%Y-%m-%d").to_string())
        };
        let mut urls: Vec<(String, Option<String>)> = Vec::new();
        urls.push(("/".into(), day(&mut g.reports.iter().chain(&g.classes))));
        for &p in &g.pages {
            urls.push((g.nodes[p].url.clone(), g.nodes[p].doc.date.map(|d| d.format("%Y-%m-%d").to_string())));
        }
        for l in &self.lists {
            let per = cfg.paginate_by;
            for n in 1..=page_count(l.items.len(), per) {
                let slice = self.list_page(l, n);
                urls.push((page_url(&l.base, n), day(&mut slice.iter())));
            }
        }
        for r in &g.regions {
            urls.push((r.url.clone(), day(&mut r.reports.iter().chain(&r.classes))));
        }
        urls.push(("/regions/".into(), day(&mut g.reports.iter().chain(&g.classes))));
        urls.push(("/classes/".into(), day(&mut g.classes.iter())));
        urls.push(("/tags/".into(), day(&mut g.reports.iter().chain(&g.classes))));
        urls.extend(self.regional_sitemap());
        urls.extend(self.honours_sitemap());
        urls.extend(self.problems_sitemap());
        urls.sort();
        urls.dedup();
        let mut ctx = self.base_context("sitemap", "/sitemap.xml", String::new(), String::new(), "");
        ctx.insert_value("urls", list(urls.into_iter().map(|(u, d)| obj([("loc", cfg.permalink(&u).into()), ("lastmod", opt(&d))]))));
        ("/sitemap.xml".into(), "sitemap.xml", ctx)
    }

    /// Sitemap entries of the regional pages: (site path, last date).
    fn regional_sitemap(&self) -> Vec<(String, Option<String>)> {
        let g = self.g;
        let b = &g.regional.bulletins;
        let day = |d: chrono::NaiveDate| Some(d.format("%Y-%m-%d").to_string());
        let mut urls: Vec<(String, Option<String>)> = b.issues.iter().map(|i| (i.url.clone(), day(i.last_date))).collect();
        urls.push(("/bulletins/".into(), b.issues.iter().map(|i| i.last_date).max().and_then(day)));
        for y in &g.regional.years {
            urls.push((format!("/dashboard/{}/", y.year), y.last_date.and_then(day)));
        }
        if let Some(y) = g.regional.years.last() {
            urls.push(("/dashboard/".into(), y.last_date.and_then(day)));
        }
        urls
    }
}
