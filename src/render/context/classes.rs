//! The context of the classes page: every class by year and month, and
//! the lecturers by the number of their classes.

use std::collections::BTreeMap;

use chrono::Datelike;

use super::Made;
use crate::graph::PageId;
use crate::language::Language;
use crate::render::Renderer;
use crate::render::values::{list, obj};

impl Renderer<'_> {
    /// `/classes/`.
    pub(super) fn classes_context(&self) -> Made {
        let g = self.g;
        let cfg = &g.config;
        let mut ctx = self.base_context("classes", "/classes/", self.t("classes"), String::new(), "classes");
        let mut years: BTreeMap<i32, BTreeMap<u32, Vec<PageId>>> = BTreeMap::new();
        for &c in &g.classes {
            if let Some(d) = g.nodes[c].doc.date {
                years.entry(d.year()).or_default().entry(d.month()).or_default().push(c);
            }
        }
        let years_v = list(years.iter().rev().map(|(y, months)| {
            let count: usize = months.values().map(Vec::len).sum();
            let months_v = list(months.iter().rev().map(|(m, ids)| {
                let label = match cfg.language {
                    Language::ZhCn => format!("{m}月"),
                    Language::En => chrono::NaiveDate::from_ymd_opt(*y, *m, 1).map(|d| d.format("%B").to_string()).unwrap_or_default(),
                };
                obj([("month", (*m).into()), ("label", label.into()), ("entries", self.entries(ids))])
            }));
            obj([("year", (*y as i64).into()), ("count", count.into()), ("months", months_v)])
        }));
        ctx.insert_value("years", years_v);
        let mut lecturers: Vec<&crate::graph::LecturerNode> = g.lecturers.iter().collect();
        lecturers.sort_by(|a, b| b.classes.len().cmp(&a.classes.len()).then_with(|| a.name.cmp(&b.name)));
        ctx.insert_value(
            "lecturers",
            list(
                lecturers
                    .iter()
                    .map(|l| obj([("name", l.name.as_str().into()), ("url", l.url.as_str().into()), ("count", l.classes.len().into())])),
            ),
        );
        ("/classes/".into(), "classes.html", ctx)
    }
}
