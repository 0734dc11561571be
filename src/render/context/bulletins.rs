//! The contexts of the bulletin pages: one issue (its reports grouped by
//! co-building mode, its classes, the company issue's sections per region)
//! and the index of every issue by year and series.

use std::collections::BTreeMap;

use tera::Value;

use super::Made;
use crate::config::BulletinPeriod;
use crate::graph::PageId;
use crate::period::Period;
use crate::regional::{Figures, IssueId};
use crate::render::Renderer;
use crate::render::values::{list, obj, opt, safe, to_map};

impl Renderer<'_> {
    /// `/bulletins/<series>/<period>/`.
    pub(super) fn bulletin_context(&self, i: IssueId) -> Made {
        let g = self.g;
        let issue = &g.regional.bulletins.issues[i];
        let (masthead, number) = self.issue_title_parts(i);
        let mut ctx = self.base_context("bulletin", &issue.url, format!("{masthead} {number}"), String::new(), "bulletins");
        let mut m = to_map(&self.issue_refs[i.index()]);
        m.insert(
            "note".into(),
            match &issue.note {
                Some(n) => obj([("title", opt(&n.title)), ("editor", opt(&n.editor)), ("html", safe(&n.html))]),
                None => Value::none(),
            },
        );
        ctx.insert_value("issue", Value::from(m));
        ctx.insert_value("groups", self.mode_groups(&issue.items.reports));
        ctx.insert_value("classes", self.entries(&issue.items.classes));
        let sections = if issue.region.is_none() {
            list(issue.related.iter().map(|&ri| {
                let part = &g.regional.bulletins.issues[ri];
                obj([
                    ("region", part.region.map(|r| self.region_refs[r.index()].clone()).unwrap_or_else(Value::none)),
                    ("issue", self.issue_ref(Some(ri))),
                    ("groups", self.mode_groups(&part.items.reports)),
                    ("classes", self.entries(&part.items.classes)),
                ])
            }))
        } else {
            list([])
        };
        ctx.insert_value("sections", sections);
        ctx.insert_value("company_issue", self.issue_ref(if issue.region.is_some() { issue.related.first().copied() } else { None }));
        ctx.insert_value("prev", self.issue_ref(issue.prev));
        ctx.insert_value("next", self.issue_ref(issue.next));
        ctx.insert_value("region", issue.region.map(|r| self.region_refs[r.index()].clone()).unwrap_or_else(Value::none));
        ctx.insert_value("feed_url", "/bulletins/atom.xml".into());
        (issue.url.clone(), "bulletin.html", ctx)
    }

    /// `/bulletins/`: every issue by year and series.
    pub(super) fn bulletins_index_context(&self) -> Made {
        let g = self.g;
        let lang = g.config.language;
        let b = &g.regional.bulletins;
        let kind = g.config.bulletin_period;
        let mut ctx = self.base_context("bulletins", "/bulletins/", self.t("bulletins"), self.t("bulletins_intro"), "bulletins");
        let mut years: Vec<i32> = b.issues.iter().map(|i| i.period.year).collect();
        years.sort_unstable();
        years.dedup();
        let series: Vec<(Option<usize>, &Vec<IssueId>)> =
            std::iter::once((None, &b.company)).chain(b.by_region.iter().enumerate().map(|(r, ids)| (Some(r), ids))).collect();
        let years_v = list(years.iter().rev().map(|&year| {
            let periods = Period::all_in_year(year, kind);
            let rows = list(series.iter().map(|(region, ids)| {
                let in_year: BTreeMap<Period, IssueId> =
                    ids.iter().filter(|&&i| b.issues[i].period.year == year).map(|&i| (b.issues[i].period, i)).collect();
                let name = match region {
                    Some(r) => g.regions[*r].region.name.clone(),
                    None => self.t("bulletin_all_short"),
                };
                let cells = list(periods.iter().map(|p| {
                    obj([
                        ("label", p.short_label(lang).into()),
                        ("period_label", p.label(lang).into()),
                        ("issue", self.issue_ref(in_year.get(p).copied())),
                    ])
                }));
                obj([
                    ("name", name.into()),
                    ("region", region.map(|r| self.region_refs[r].clone()).unwrap_or_else(Value::none)),
                    ("count", in_year.len().into()),
                    ("cells", cells),
                ])
            }));
            let count = b.issues.iter().filter(|i| i.period.year == year).count();
            // Supplements of the year, company-wide first, then by region.
            let supplements = std::iter::once(&b.company_supplements).chain(&b.supplements_by_region).flatten();
            let supplements = list(supplements.filter(|&&i| b.issues[i].period.year == year).map(|&i| self.issue_ref(Some(i))));
            obj([
                ("year", (year as i64).into()),
                ("count", count.into()),
                ("periods", list(periods.iter().map(|p| Value::from(p.short_label(lang))))),
                ("rows", rows),
                ("supplements", supplements),
            ])
        }));
        ctx.insert_value("years", years_v);
        ctx.insert_value("latest", list(b.newest.iter().take(12).map(|&i| self.issue_ref(Some(i)))));
        ctx.insert_value("total", b.issues.len().into());
        ctx.insert_value("period_kind", if kind == BulletinPeriod::Quarter { "quarter" } else { "month" }.into());
        ctx.insert_value("feed_url", "/bulletins/atom.xml".into());
        ("/bulletins/".into(), "bulletins.html", ctx)
    }

    /// Reports grouped by their first co-building mode (site.yaml order),
    /// reports without a mode last.
    fn mode_groups(&self, reports: &[PageId]) -> Value {
        let g = self.g;
        let mut groups: BTreeMap<usize, Vec<PageId>> = BTreeMap::new();
        for &p in reports {
            let key = g.nodes[p].modes.first().copied().unwrap_or(usize::MAX);
            groups.entry(key).or_default().push(p);
        }
        list(groups.into_iter().map(|(m, ids)| {
            let (mode, name) = match self.mode_refs.get(m) {
                Some(v) => (v.clone(), g.config.modes[m].name.clone()),
                None => (Value::none(), self.t("mode_none")),
            };
            obj([("mode", mode), ("name", name.into()), ("count", ids.len().into()), ("entries", self.entries(&ids))])
        }))
    }

    /// One sentence with an issue's figures (feeds).
    pub(in crate::render) fn issue_summary(&self, f: &Figures, company: bool) -> String {
        let key = if company { "bulletin_summary_all" } else { "bulletin_summary" };
        self.t(key)
            .replace("{activities}", &f.activities.to_string())
            .replace("{participants}", &f.participants.to_string())
            .replace("{classes}", &f.classes.to_string())
            .replace("{units}", &f.units_named.to_string())
            .replace("{units_total}", &f.units_total.to_string())
            .replace("{regions}", &f.regions.to_string())
    }
}
