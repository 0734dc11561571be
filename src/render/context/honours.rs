//! The contexts of the honours pages: `/honours/` (the
//! years and the latest year), `/honours/<year>/` (the year's honours by
//! level and honour), `/regions/<id>/honours/` (a region's, by year), and
//! the honours that other pages show: the region showcase's "先进典型", the
//! dashboard's "年度荣誉", a report's honours and the feeds' entries.

use tera::{Context, Value};

use super::Made;
use crate::content::HonourKind;
use crate::graph::RegionId;
use crate::graph::honours::{HonourNode, HonourYear};
use crate::regional::charts::xml_escape;
use crate::render::values::{list, obj, safe};
use crate::render::{Renderer, atom_day, date_display};

/// One honour title of one kind within a level: its honours.
type Group<'a> = (HonourKind, &'a str, Vec<usize>);

/// Honours the region showcase lists before linking to the region's page.
const SHOWCASE_HONOURS: usize = 6;

impl Renderer<'_> {
    /// One honour as templates see it.
    fn honour_value(&self, i: usize) -> Value {
        let g = self.g;
        let h = &g.honours.nodes[i];
        let opt = |s: &Option<String>| s.as_deref().map(Value::from).unwrap_or_else(Value::none);
        let reports = h.reports.iter().map(|&p| {
            let n = &g.nodes[p];
            obj([("title", n.doc.title.as_str().into()), ("url", n.url.as_str().into())])
        });
        obj([
            ("year", (h.year as i64).into()),
            ("kind", h.kind.as_str().into()),
            ("kind_name", self.t(&format!("honour_kind_{}", h.kind.as_str())).into()),
            ("name", h.name.as_str().into()),
            ("post", opt(&h.post)),
            ("unit", opt(&h.unit)),
            ("unit_shown", opt(&unit_shown(h).map(str::to_string))),
            ("region", self.region_refs[h.region.index()].clone()),
            ("honour", h.honour.as_str().into()),
            ("level", g.config.honours.levels[h.level].as_str().into()),
            ("by", opt(&h.by)),
            ("date", h.date.format("%Y-%m-%d").to_string().into()),
            ("date_display", date_display(h.date, g.config.language).into()),
            ("citation_html", safe(&h.citation_html)),
            ("reports", list(reports)),
            ("anchor", h.anchor.as_str().into()),
            ("url", h.url.as_str().into()),
            ("from_assessment", h.from_assessment.into()),
        ])
    }

    /// A year's honours grouped as its page shows them: by level (highest
    /// first), then by honour (regions, units, people; first appearance).
    fn honour_groups(&self, y: &HonourYear) -> Value {
        let g = self.g;
        let nodes = &g.honours.nodes;
        let mut levels: Vec<(usize, Vec<Group<'_>>)> = Vec::new();
        for &i in &y.honours {
            let h = &nodes[i];
            if levels.last().is_none_or(|l| l.0 != h.level) {
                levels.push((h.level, Vec::new()));
            }
            let groups = &mut levels.last_mut().expect("pushed above").1;
            match groups.last_mut() {
                Some(last) if last.0 == h.kind && last.1 == h.honour => last.2.push(i),
                _ => groups.push((h.kind, h.honour.as_str(), vec![i])),
            }
        }
        list(levels.into_iter().map(|(level, groups)| {
            let count: usize = groups.iter().map(|g| g.2.len()).sum();
            let groups = groups.into_iter().map(|(kind, honour, ids)| {
                obj([
                    ("honour", honour.into()),
                    ("kind", kind.as_str().into()),
                    ("kind_name", self.t(&format!("honour_kind_{}", kind.as_str())).into()),
                    ("count", ids.len().into()),
                    ("honours", list(ids.into_iter().map(|i| self.honour_value(i)))),
                ])
            });
            obj([("level", g.config.honours.levels[level].as_str().into()), ("count", count.into()), ("groups", list(groups))])
        }))
    }

    /// A year as the lists of years show it: counts by kind.
    fn honour_year_ref(&self, y: &HonourYear) -> Value {
        let count = |k: HonourKind| y.honours.iter().filter(|&&i| self.g.honours.nodes[i].kind == k).count();
        obj([
            ("year", (y.year as i64).into()),
            ("url", y.url.as_str().into()),
            ("title", self.t("honours_year_title").replace("{year}", &y.year.to_string()).into()),
            ("date_display", date_display(y.date, self.g.config.language).into()),
            ("count", y.honours.len().into()),
            ("regions", count(HonourKind::Region).into()),
            ("units", count(HonourKind::Unit).into()),
            ("people", count(HonourKind::Person).into()),
        ])
    }

    /// `/honours/`: every year, newest first, and the latest year in full.
    pub(super) fn honours_index_context(&self) -> Made {
        let h = &self.g.honours;
        let mut ctx = self.base_context("honours", "/honours/", self.t("honours"), self.t("honours_intro"), "honours");
        ctx.insert_value("years", list(h.years.iter().rev().map(|y| self.honour_year_ref(y))));
        let latest = h.years.last();
        ctx.insert_value("year", latest.map(|y| self.honour_year_ref(y)).unwrap_or_else(Value::none));
        ctx.insert_value("levels", latest.map(|y| self.honour_groups(y)).unwrap_or_else(|| list([])));
        ctx.insert_value("honours_page", "index".into());
        ("/honours/".into(), "honours.html", ctx)
    }

    /// `/honours/<year>/`.
    pub(super) fn honours_year_context(&self, yi: usize) -> Made {
        let h = &self.g.honours;
        let y = &h.years[yi];
        let title = self.t("honours_year_title").replace("{year}", &y.year.to_string());
        let mut ctx = self.base_context("honours", &y.url, title, self.t("honours_intro"), "honours");
        ctx.insert_value("years", list(h.years.iter().rev().map(|y| self.honour_year_ref(y))));
        ctx.insert_value("year", self.honour_year_ref(y));
        ctx.insert_value("levels", self.honour_groups(y));
        let dashboard = self.g.regional.years.iter().any(|d| d.year == y.year);
        let dashboard_url = if dashboard { Value::from(format!("/dashboard/{}/", y.year)) } else { Value::none() };
        ctx.insert_value("dashboard_url", dashboard_url);
        ctx.insert_value("honours_page", "year".into());
        (y.url.clone(), "honours.html", ctx)
    }

    /// `/regions/<id>/honours/`: the region's honours by year, newest first.
    pub(super) fn region_honours_context(&self, r: RegionId) -> Made {
        let g = self.g;
        let node = &g.regions[r];
        let url = format!("{}honours/", node.url);
        let title = format!("{} · {}", node.region.name, self.t("honours"));
        let mut ctx = self.base_context("honours", &url, title, self.t("honours_intro"), "regions");
        let ids = &g.honours.by_region[r.index()];
        let mut years: Vec<(i32, Vec<usize>)> = Vec::new();
        for &i in ids {
            let year = g.honours.nodes[i].year;
            match years.last_mut() {
                Some(last) if last.0 == year => last.1.push(i),
                _ => years.push((year, vec![i])),
            }
        }
        let years = years.into_iter().map(|(year, ids)| {
            obj([
                ("year", (year as i64).into()),
                ("url", format!("/honours/{year}/").into()),
                ("title", self.t("honours_year_title").replace("{year}", &year.to_string()).into()),
                ("count", ids.len().into()),
                ("honours", list(ids.into_iter().map(|i| self.honour_value(i)))),
            ])
        });
        ctx.insert_value("region", self.region_refs[r.index()].clone());
        ctx.insert_value("region_years", list(years));
        ctx.insert_value("honours_page", "region".into());
        (url, "honours.html", ctx)
    }

    /// The region showcase's "先进典型": the newest few and the count.
    pub(super) fn region_honours_summary(&self, r: RegionId, ctx: &mut Context) {
        let g = self.g;
        let ids = &g.honours.by_region[r.index()];
        let value = match ids.is_empty() {
            true => Value::none(),
            false => obj([
                ("url", format!("{}honours/", g.regions[r].url).into()),
                ("count", ids.len().into()),
                ("latest", list(ids.iter().take(SHOWCASE_HONOURS).map(|&i| self.honour_value(i)))),
            ]),
        };
        ctx.insert_value("region_honours", value);
    }

    /// The dashboard's "年度荣誉": the year's honours per region (none
    /// when the year has none).
    pub(super) fn dashboard_honours(&self, year: i32, ctx: &mut Context) {
        let g = self.g;
        let Some(y) = g.honours.year(year) else {
            ctx.insert_value("year_honours", Value::none());
            return;
        };
        let rows = crate::graph::RegionId::all(g.regions.len()).filter_map(|r| {
            let ids: Vec<usize> = y.honours.iter().copied().filter(|&i| g.honours.nodes[i].region == r).collect();
            let count = |k: HonourKind| ids.iter().filter(|&&i| g.honours.nodes[i].kind == k).count();
            (!ids.is_empty()).then(|| {
                obj([
                    ("region", self.region_refs[r.index()].clone()),
                    ("regions", count(HonourKind::Region).into()),
                    ("units", count(HonourKind::Unit).into()),
                    ("people", count(HonourKind::Person).into()),
                    ("count", ids.len().into()),
                    ("honours", list(ids.iter().map(|&i| self.honour_value(i)))),
                ])
            })
        });
        ctx.insert_value("year_honours", obj([("year", self.honour_year_ref(y)), ("rows", list(rows))]));
    }

    /// Sitemap entries of the honours pages, each dated by its newest honour.
    pub(super) fn honours_sitemap(&self) -> Vec<(String, Option<String>)> {
        let h = &self.g.honours;
        let day = |ids: &mut dyn Iterator<Item = &usize>| ids.map(|&i| h.nodes[i].date).max().map(|d| d.format("%Y-%m-%d").to_string());
        let mut urls: Vec<(String, Option<String>)> = h.years.iter().map(|y| (y.url.clone(), day(&mut y.honours.iter()))).collect();
        if !h.years.is_empty() {
            urls.push(("/honours/".into(), day(&mut h.years.iter().flat_map(|y| &y.honours))));
        }
        for (r, ids) in h.by_region.iter().enumerate().filter(|(_, ids)| !ids.is_empty()) {
            urls.push((format!("{}honours/", self.g.regions[r].url), day(&mut ids.iter())));
        }
        urls
    }

    /// The honours that link report `p` (its page links back to them).
    pub(super) fn page_honours(&self, p: crate::graph::PageId) -> Value {
        list(self.g.honours.by_page.get(&p).into_iter().flatten().map(|&i| self.honour_value(i)))
    }

    /// The feed entries of honours: one per year in the site's feed (the
    /// year page), one per year of the region's honours in a region's feed
    /// (its honours page, at the year), each dated the year's announcement.
    /// Each with its `updated` stamp, for merging with the page entries.
    pub(super) fn honour_feed_entries(&self, region: Option<RegionId>) -> Vec<(String, Value)> {
        let g = self.g;
        let cfg = &g.config;
        let mut out = Vec::new();
        for y in g.honours.years.iter().rev() {
            let ids: Vec<usize> = y.honours.iter().copied().filter(|&i| region.is_none_or(|r| g.honours.nodes[i].region == r)).collect();
            if ids.is_empty() {
                continue;
            }
            let year_title = self.t("honours_year_title").replace("{year}", &y.year.to_string());
            let (title, url) = match region {
                None => (year_title, y.url.clone()),
                Some(r) => (format!("{} · {year_title}", g.regions[r].region.name), format!("{}honours/#y{}", g.regions[r].url, y.year)),
            };
            let summary = self.t_n("honours_feed_summary", ids.len());
            let mut html = format!("<p>{}</p><ul>", xml_escape(&summary));
            for &i in &ids {
                html.push_str(&format!("<li>{}</li>", xml_escape(&honour_line(&g.honours.nodes[i], &cfg.honours.levels))));
            }
            html.push_str("</ul>");
            let updated = atom_day(y.date);
            let regions = match region {
                Some(r) => vec![self.region_refs[r.index()].clone()],
                None => Vec::new(),
            };
            let entry = obj([
                ("title", title.into()),
                ("permalink", cfg.permalink(&url).into()),
                ("updated", updated.clone().into()),
                ("summary_html", xml_escape(&summary).into()),
                ("content_html", html.into()),
                ("regions", list(regions)),
                ("modes", list([])),
                ("tags", list([])),
                ("author", Value::none()),
                ("lecturer", Value::none()),
            ]);
            out.push((updated, entry));
        }
        out
    }
}

/// The unit to show beside an honour's recipient, unless the name already
/// says it (`重庆轨道交通18号线项目部党支部`): one rule for pages and feeds.
fn unit_shown(h: &HonourNode) -> Option<&str> {
    h.unit.as_deref().filter(|u| !h.name.contains(u))
}

/// One honour in a line of text: "张三（成都地铁19号线项目部 项目经理）：优秀共产党员（公司级）".
fn honour_line(h: &HonourNode, levels: &[String]) -> String {
    let mut who = h.name.clone();
    let detail: Vec<&str> = unit_shown(h).into_iter().chain(h.post.as_deref()).collect();
    if !detail.is_empty() {
        who.push_str(&format!("（{}）", detail.join(" ")));
    }
    format!("{who}：{}（{}）", h.honour, levels[h.level])
}
