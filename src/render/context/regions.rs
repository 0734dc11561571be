//! The context of a region's showcase page (its profile, units, latest
//! and featured pages, charts and bulletins) and of the regions index.

use tera::{Context, Value};

use super::Made;
use crate::graph::{PageId, RegionId};
use crate::period::{Period, months_ending};
use crate::regional::charts::{self, Bar};
use crate::render::values::{figures_value, list, obj, percent, safe, to_map};
use crate::render::{Renderer, date_display};

impl<'g> Renderer<'g> {
    /// `/regions/<id>/`.
    pub(super) fn region_context(&self, r: RegionId) -> Made {
        let g = self.g;
        let cfg = &g.config;
        let node = &g.regions[r];
        let reg = &node.region;
        let mut ctx = self.base_context("region", &node.url, reg.name.clone(), reg.summary.clone().unwrap_or_default(), "regions");
        let mut m = to_map(&self.region_cards[r.index()]);
        m.insert("description_html", safe(&node.description_html));
        let units = reg.units.iter().zip(&node.unit_stats).map(|(u, (count, last))| {
            obj([
                ("name", u.name.as_str().into()),
                ("kind", u.kind.as_str().into()),
                ("kind_name", self.t(&format!("unit_kind_{}", u.kind)).into()),
                ("members", u.members.map(Value::from).unwrap_or_else(Value::none)),
                ("joined", u.joined.map(|d| Value::from(date_display(d, cfg.language))).unwrap_or_else(Value::none)),
                ("report_count", (*count).into()),
                ("last_activity", last.map(|d| Value::from(date_display(d, cfg.language))).unwrap_or_else(Value::none)),
            ])
        });
        m.insert("units", list(units));
        ctx.insert_value("region", Value::from(m));
        let (featured, latest, classes) = self.region_entries(r);
        ctx.insert_value("featured", self.entries(&featured));
        ctx.insert_value("latest_reports", self.entries(latest));
        ctx.insert_value("classes", self.entries(classes));
        ctx.insert_value("reports_url", format!("{}reports/", node.url).into());
        ctx.insert_value("feed_url", format!("{}atom.xml", node.url).into());
        self.region_extras(r, &mut ctx);
        // Who hosts and who joins, per quarter.
        ctx.insert_value("ledger", Value::from_serializable(&crate::regional::ledger::ledger(node, &g.nodes)));
        self.region_honours_summary(r, &mut ctx);
        self.region_targets(r, &mut ctx);
        ctx.insert_value("problems", self.region_problems(r));
        (node.url.clone(), "region.html", ctx)
    }

    /// `/regions/`: every region's card.
    pub(super) fn regions_context(&self) -> Made {
        let mut ctx = self.base_context("regions", "/regions/", self.t("regions"), String::new(), "regions");
        ctx.insert_value("regions", list(self.region_cards.iter().cloned()));
        ("/regions/".into(), "regions.html", ctx)
    }

    /// The pages a region's showcase shows entries of: featured reports,
    /// latest reports, latest classes.
    pub(in crate::render) fn region_entries(&self, r: RegionId) -> (Vec<PageId>, &'g [PageId], &'g [PageId]) {
        let g = self.g;
        let node = &g.regions[r];
        let featured: Vec<PageId> = node.reports.iter().copied().filter(|&i| g.nodes[i].doc.featured).take(6).collect();
        (featured, &node.reports[..node.reports.len().min(10)], &node.classes[..node.classes.len().min(10)])
    }

    /// What the showcase adds: figures, charts, latest issues.
    fn region_extras(&self, r: RegionId, ctx: &mut Context) {
        let g = self.g;
        let lang = g.config.language;
        let node = &g.regions[r];
        let f = &g.regional.region_figures[r.index()];
        let total: usize = f.mode_counts.iter().sum();
        let mode_bars: Vec<Bar> = g
            .config
            .modes
            .iter()
            .zip(&f.mode_counts)
            .map(|(m, c)| Bar { label: m.name.clone(), sublabel: String::new(), name: m.name.clone(), value: *c })
            .collect();
        let words = |bars: &[Bar]| bars.iter().map(|b| format!("{} {}", b.name, b.value)).collect::<Vec<_>>().join(", ");
        let mode_title = format!("{} · {}", node.region.name, self.t("chart_modes"));
        let mode_svg = charts::hbar_chart(&format!("modes-{}", node.region.id), &mode_title, &words(&mode_bars), &mode_bars, &node.color);
        let mode_rows = list(g.config.modes.iter().zip(&f.mode_counts).enumerate().map(|(i, (m, c))| {
            let share = if total > 0 { percent(*c as f64 / total as f64) } else { percent(0.0) };
            obj([("mode", self.mode_refs[i].clone()), ("name", m.name.as_str().into()), ("count", (*c).into()), ("share", share.into())])
        }));
        // The window ends with the site's latest month, not the build date, so
        // that two builds of the same content are identical.
        let (window, activity_rows, activity_svg) = match g.regional.activity.span {
            Some((_, last)) => {
                let months = months_ending(last, 24);
                let buckets = &g.regional.activity.regions[r.index()];
                let bars: Vec<Bar> = months
                    .iter()
                    .enumerate()
                    .map(|(i, &(y, m))| {
                        let p = Period { year: y, index: m, quarter: false };
                        Bar {
                            label: p.short_label(lang),
                            // The year goes under January, and under the first month unless
                            // January follows too closely for both to fit.
                            sublabel: if m == 1 || (i == 0 && m <= 10) { y.to_string() } else { String::new() },
                            name: p.label(lang),
                            value: buckets.get(&(y, m)).map(|b| b.reports.len()).unwrap_or(0),
                        }
                    })
                    .collect();
                let first = Period { year: months[0].0, index: months[0].1, quarter: false }.label(lang);
                let last = Period { year: last.0, index: last.1, quarter: false }.label(lang);
                let title = format!("{} · {}", node.region.name, self.t("chart_activity").replace("{from}", &first).replace("{to}", &last));
                let total: usize = bars.iter().map(|b| b.value).sum();
                let desc = self.t_n("chart_activity_desc", total);
                let svg = charts::column_chart(
                    &format!("activity-{}", node.region.id),
                    &title,
                    &format!("{desc} {}", words(&bars)),
                    &bars,
                    &node.color,
                );
                let rows = list(bars.iter().map(|b| obj([("label", b.name.as_str().into()), ("count", b.value.into())])));
                (obj([("from", first.into()), ("to", last.into()), ("total", total.into())]), rows, svg)
            }
            None => (Value::none(), list([]), String::new()),
        };
        ctx.insert_value(
            "charts",
            obj([
                ("modes_svg", safe(&mode_svg)),
                ("modes", mode_rows),
                ("modes_total", total.into()),
                ("activity_svg", safe(&activity_svg)),
                ("activity", activity_rows),
                ("activity_window", window),
            ]),
        );
        let ids = &g.regional.bulletins.by_region[r.index()];
        ctx.insert_value("latest_issue", self.issue_ref(ids.last().copied()));
        ctx.insert_value("issues", list(ids.iter().rev().take(6).map(|&i| self.issue_ref(Some(i)))));
        ctx.insert_value("figures", figures_value(f));
        ctx.insert_value("bulletins_url", "/bulletins/".into());
    }
}
