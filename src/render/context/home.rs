//! The context of the home page: the latest reports and classes, the
//! region cards, this year's and all years' figures, the latest bulletins.

use std::collections::BTreeMap;

use chrono::Datelike;
use tera::{Context, Value};

use super::Made;
use crate::graph::PageId;
use crate::render::Renderer;
use crate::render::values::list;

impl<'g> Renderer<'g> {
    /// `/`.
    pub(super) fn home_context(&self) -> Made {
        let g = self.g;
        let cfg = &g.config;
        let mut ctx = self.base_context("home", "/", String::new(), cfg.description.clone(), "home");
        let (reports, classes) = self.home_entries();
        ctx.insert_value("latest_reports", self.entries(reports));
        ctx.insert_value("latest_classes", self.entries(classes));
        ctx.insert_value("regions", list(self.region_cards.iter().cloned()));
        let mut stats = self.year_stats(g.year);
        self.home_extras(&mut ctx, &mut stats);
        ctx.insert_value("stats", Value::from(stats));
        ctx.insert_value("totals", Value::from(self.year_stats(None)));
        ("/".into(), "index.html", ctx)
    }

    /// The pages the home page shows entries of: the latest reports and classes.
    pub(in crate::render) fn home_entries(&self) -> (&'g [PageId], &'g [PageId]) {
        let g = self.g;
        (&g.reports[..g.reports.len().min(10)], &g.classes[..g.classes.len().min(5)])
    }

    fn year_stats(&self, year: Option<i32>) -> BTreeMap<&'static str, Value> {
        let g = self.g;
        let in_year = |i: &PageId| year.is_none() || g.nodes[*i].doc.date.map(|d| d.year()) == year;
        let reports: Vec<PageId> = g.reports.iter().copied().filter(in_year).collect();
        let classes = g.classes.iter().filter(|i| in_year(i)).count();
        let participants = reports.iter().filter_map(|&i| g.nodes[i].doc.participants).fold(0u64, u64::saturating_add);
        let units: usize = g.regions.iter().map(|r| r.region.units.len()).sum();
        BTreeMap::from([
            ("year", year.map(|y| Value::from(y as i64)).unwrap_or_else(Value::none)),
            ("reports", reports.len().into()),
            ("classes", classes.into()),
            ("participants", participants.into()),
            ("regions", g.regions.len().into()),
            ("units", units.into()),
        ])
    }

    /// What the home page adds: the latest issues, and this year's issue
    /// count to the year's `stats`.
    fn home_extras(&self, ctx: &mut Context, stats: &mut BTreeMap<&'static str, Value>) {
        let g = self.g;
        let b = &g.regional.bulletins;
        ctx.insert_value("latest_bulletins", list(b.newest.iter().take(6).map(|&i| self.issue_ref(Some(i)))));
        let issues = b.issues.iter().filter(|i| Some(i.period.year) == g.year).count();
        stats.insert("issues", issues.into());
    }
}
