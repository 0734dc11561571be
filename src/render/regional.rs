//! Template values of the regional pages: bulletin issues and their index,
//! the bulletin feed, the assessment dashboard and its CSV, and what the
//! showcase, the home page and the sitemap add to the shared pages.
//!
//! Every number comes from [`crate::regional`]; this module only shapes it
//! for templates (and formats labels in the site's language).

use std::collections::BTreeMap;

use anyhow::Result;
use tera::{Context, Value};

use super::{FEED_ENTRIES, Renderer, date_display, list, obj, opt, safe, to_map};
use crate::config::BulletinPeriod;
use crate::period::{Period, months_ending};
use crate::regional::charts::{self, Bar};
use crate::regional::dashboard::{Row, Year};
use crate::regional::{Figures, IssueId};

/// Issue values shared by every page that lists issues.
#[derive(Debug, Default)]
pub struct Prepared {
    /// IssueRef per issue.
    pub issue_refs: Vec<Value>,
}

/// Formats a share as a whole percentage (`80%`).
pub fn percent(share: f64) -> String {
    format!("{}%", (share * 100.0).round() as i64)
}

/// Formats a score: no decimals when whole (`92`), else one (`87.5`).
pub fn score(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 { format!("{}", v.round() as i64) } else { format!("{v:.1}") }
}

/// Makes a spreadsheet-safe CSV ([`crate::escape::csv_line`]: RFC 4180,
/// CRLF, no cell runs as a formula), UTF-8 with a BOM so that spreadsheet
/// programs read Chinese correctly.
pub fn csv(rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    for row in rows {
        out.push_str(&crate::escape::csv_line(row.iter().map(String::as_str)));
    }
    out.into_bytes()
}

fn figures_value(f: &Figures) -> Value {
    obj([
        ("activities", f.activities.into()),
        ("participants", f.participants.into()),
        ("classes", f.classes.into()),
        ("units_named", f.units_named.into()),
        ("units_total", f.units_total.into()),
        ("unit_coverage", f.unit_coverage().map(|c| Value::from(percent(c))).unwrap_or_else(Value::none)),
        ("modes_covered", f.modes_covered().into()),
        ("modes_total", f.mode_counts.len().into()),
        ("regions", f.regions.into()),
    ])
}

impl Renderer<'_> {
    /// Precomputes the IssueRef of every issue.
    pub(super) fn prepare_regional(&mut self) {
        let b = &self.g.regional.bulletins;
        let refs: Vec<Value> = (0..b.issues.len()).map(|i| self.issue_value(i)).collect();
        self.regional.issue_refs = refs;
    }

    fn issue_title_parts(&self, i: IssueId) -> (String, String) {
        let g = self.g;
        let issue = &g.regional.bulletins.issues[i];
        let masthead = match issue.region {
            Some(r) => self.t("bulletin_masthead").replace("{name}", &g.regions[r].region.name),
            None => self.t("bulletin_all_masthead"),
        };
        let number = self
            .t("bulletin_number")
            .replace("{year}", &issue.period.year.to_string())
            .replace("{n}", &issue.number_in_year.to_string())
            .replace("{m}", &issue.number_total.to_string());
        (masthead, number)
    }

    fn issue_value(&self, i: IssueId) -> Value {
        let g = self.g;
        let lang = g.config.language;
        let issue = &g.regional.bulletins.issues[i];
        let (masthead, number) = self.issue_title_parts(i);
        obj([
            ("url", issue.url.as_str().into()),
            ("title", format!("{masthead} {number}").into()),
            ("masthead", masthead.into()),
            ("number_label", number.into()),
            ("number_in_year", issue.number_in_year.into()),
            ("number_total", issue.number_total.into()),
            ("period", issue.period.slug().into()),
            ("period_label", issue.period.label(lang).into()),
            ("year", (issue.period.year as i64).into()),
            ("region", issue.region.map(|r| self.region_refs[r].clone()).unwrap_or_else(Value::none)),
            ("series", crate::regional::bulletins::series_id(&g.regions, issue.region).into()),
            ("figures", figures_value(&issue.figures)),
            ("date", issue.last_date.format("%Y-%m-%d").to_string().into()),
            ("date_display", date_display(issue.last_date, lang).into()),
            ("has_note", issue.note.is_some().into()),
            ("headline", issue.note.as_ref().and_then(|n| n.title.as_deref()).map(Value::from).unwrap_or_else(Value::none)),
        ])
    }

    fn issue_ref(&self, i: Option<IssueId>) -> Value {
        i.map(|i| self.regional.issue_refs[i].clone()).unwrap_or_else(Value::none)
    }

    /// Reports grouped by their first co-building mode (site.yaml order),
    /// reports without a mode last.
    fn mode_groups(&self, reports: &[usize]) -> Value {
        let g = self.g;
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
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

    /// `/bulletins/<series>/<period>/`.
    pub(super) fn bulletin_context(&self, i: IssueId) -> Result<(String, &'static str, Context)> {
        let g = self.g;
        let issue = &g.regional.bulletins.issues[i];
        let (masthead, number) = self.issue_title_parts(i);
        let mut ctx = self.base_context("bulletin", &issue.url, format!("{masthead} {number}"), String::new(), "bulletins");
        let mut m = to_map(&self.regional.issue_refs[i]);
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
                    ("region", part.region.map(|r| self.region_refs[r].clone()).unwrap_or_else(Value::none)),
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
        ctx.insert_value("region", issue.region.map(|r| self.region_refs[r].clone()).unwrap_or_else(Value::none));
        ctx.insert_value("feed_url", "/bulletins/atom.xml".into());
        Ok((issue.url.clone(), "bulletin.html", ctx))
    }

    /// `/bulletins/`: every issue by year and series.
    pub(super) fn bulletins_index_context(&self) -> Result<(String, &'static str, Context)> {
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
            obj([
                ("year", (year as i64).into()),
                ("count", count.into()),
                ("periods", list(periods.iter().map(|p| Value::from(p.short_label(lang))))),
                ("rows", rows),
            ])
        }));
        ctx.insert_value("years", years_v);
        ctx.insert_value("latest", list(b.newest.iter().take(12).map(|&i| self.issue_ref(Some(i)))));
        ctx.insert_value("total", b.issues.len().into());
        ctx.insert_value("period_kind", if kind == BulletinPeriod::Quarter { "quarter" } else { "month" }.into());
        ctx.insert_value("feed_url", "/bulletins/atom.xml".into());
        Ok(("/bulletins/".into(), "bulletins.html", ctx))
    }

    /// `/bulletins/atom.xml`: the newest issues.
    pub(super) fn bulletin_feed_context(&self) -> Result<(String, &'static str, Context)> {
        let g = self.g;
        let cfg = &g.config;
        let b = &g.regional.bulletins;
        let ids: Vec<IssueId> = b.newest.iter().take(FEED_ENTRIES).copied().collect();
        let stamp = |i: IssueId| format!("{}T00:00:00Z", b.issues[i].last_date.format("%Y-%m-%d"));
        let path = "/bulletins/atom.xml";
        let title = format!("{} · {}", self.t("bulletins"), cfg.title);
        let mut ctx = self.feed_context(path, title, "/bulletins/", ids.iter().map(|&i| stamp(i)).max());
        let entries = list(ids.iter().map(|&i| {
            let issue = &b.issues[i];
            let mut m = to_map(&self.regional.issue_refs[i]);
            let summary = self.issue_summary(&issue.figures, issue.region.is_none());
            let mut html = String::new();
            if let Some(n) = &issue.note {
                html.push_str(&super::urls::rebase(&n.html, &issue.url, &self.feed_style));
            }
            html.push_str(&format!("<p>{}</p><ul>", charts::xml_escape(&summary)));
            for &p in issue.items.reports.iter().chain(&issue.items.classes) {
                let n = &g.nodes[p];
                html.push_str(&format!(
                    "<li><a href=\"{}\">{}</a></li>",
                    charts::xml_escape(&cfg.permalink(&n.url)),
                    charts::xml_escape(&n.doc.title)
                ));
            }
            html.push_str("</ul>");
            m.insert("permalink".into(), cfg.permalink(&issue.url).into());
            m.insert("updated".into(), stamp(i).into());
            m.insert("summary_html".into(), charts::xml_escape(&summary).into());
            m.insert("content_html".into(), html.into());
            m.insert("regions".into(), list(issue.region.map(|r| self.region_refs[r].clone())));
            m.insert("modes".into(), list([]));
            m.insert("tags".into(), list([]));
            m.insert("author".into(), issue.note.as_ref().and_then(|n| n.editor.as_deref()).map(Value::from).unwrap_or_else(Value::none));
            m.insert("lecturer".into(), Value::none());
            Value::from(m)
        }));
        ctx.insert_value("entries", entries);
        Ok((path.into(), "atom.xml", ctx))
    }

    /// One sentence with an issue's figures (feeds).
    fn issue_summary(&self, f: &Figures, company: bool) -> String {
        let key = if company { "bulletin_summary_all" } else { "bulletin_summary" };
        self.t(key)
            .replace("{activities}", &f.activities.to_string())
            .replace("{participants}", &f.participants.to_string())
            .replace("{classes}", &f.classes.to_string())
            .replace("{units}", &f.units_named.to_string())
            .replace("{units_total}", &f.units_total.to_string())
            .replace("{regions}", &f.regions.to_string())
    }

    fn month_labels(&self) -> Vec<String> {
        (1..=12).map(|m| Period { year: 2000, index: m, quarter: false }.short_label(self.g.config.language)).collect()
    }

    fn strip(&self, id: &str, title: &str, counts: &[usize; 12], scale: f64, color: &str) -> String {
        let labels = self.month_labels();
        let bars: Vec<Bar> = counts
            .iter()
            .zip(&labels)
            .map(|(c, l)| Bar { label: l.clone(), sublabel: String::new(), name: l.clone(), value: *c })
            .collect();
        charts::month_strip(id, title, &bars, scale, color)
    }

    fn dashboard_row(&self, y: &Year, rank: usize, row: &Row) -> Value {
        let g = self.g;
        let f = &row.figures;
        let region = &g.regions[row.region];
        let scale = g.config.targets.activities_per_month.unwrap_or_else(|| row.per_month.iter().copied().max().unwrap_or(0) as f64);
        let title = format!("{} · {}", region.region.name, self.t("dashboard_months"));
        let strip = self.strip(&format!("strip-{}-{}", y.year, region.region.id), &title, &row.per_month, scale, &region.color);
        let labels = self.month_labels();
        let scores = list(y.criteria.iter().zip(&row.scores).map(|(c, s)| {
            obj([
                ("name", c.as_str().into()),
                ("value", s.map(|v| Value::from(score(v))).unwrap_or_else(Value::none)),
                ("sort", s.map(Value::from).unwrap_or_else(|| Value::from(-1.0))),
            ])
        }));
        obj([
            ("rank", rank.into()),
            ("region", self.region_refs[row.region].clone()),
            ("activities", f.activities.into()),
            ("participants", f.participants.into()),
            ("classes", f.classes.into()),
            ("modes_covered", f.modes_covered().into()),
            ("modes_total", f.mode_counts.len().into()),
            ("units_named", f.units_named.into()),
            ("units_total", f.units_total.into()),
            ("coverage", f.unit_coverage().map(|c| Value::from(percent(c))).unwrap_or_else(Value::none)),
            ("coverage_sort", f.unit_coverage().map(Value::from).unwrap_or_else(|| Value::from(-1.0))),
            ("issues", row.issues.into()),
            ("strip_svg", safe(&strip)),
            ("months", list(labels.iter().zip(row.per_month).map(|(l, c)| obj([("label", l.as_str().into()), ("count", c.into())])))),
            ("below_activities", row.below_activities.into()),
            ("below_classes", row.below_classes.into()),
            ("below_coverage", row.below_coverage.into()),
            ("flagged", (row.below_activities || row.below_classes || row.below_coverage).into()),
            ("scores", scores),
            ("award", row.award.as_deref().map(Value::from).unwrap_or_else(Value::none)),
            ("composite", score(row.composite).into()),
            ("composite_sort", row.composite.into()),
        ])
    }

    /// `/dashboard/` (the latest year, `year` none) or `/dashboard/<year>/`.
    pub(super) fn dashboard_context(&self, year: Option<usize>) -> Result<(String, &'static str, Context)> {
        let g = self.g;
        let years = &g.regional.years;
        let yi = year.unwrap_or(years.len().saturating_sub(1));
        let url = match year {
            None => "/dashboard/".to_string(),
            Some(_) => format!("/dashboard/{}/", years[yi].year),
        };
        let y = &years[yi];
        let title = self.t("dashboard_title").replace("{year}", &y.year.to_string());
        let mut ctx = self.base_context("dashboard", &url, title, self.t("dashboard_intro"), "dashboard");
        let t = &g.config.targets;
        let targets = obj([
            ("activities_per_month", t.activities_per_month.map(|v| Value::from(score(v))).unwrap_or_else(Value::none)),
            ("classes_per_quarter", t.classes_per_quarter.map(|v| Value::from(score(v))).unwrap_or_else(Value::none)),
            ("unit_coverage", t.unit_coverage.map(|v| Value::from(percent(v))).unwrap_or_else(Value::none)),
            ("expected_activities", y.expected_activities.map(Value::from).unwrap_or_else(Value::none)),
            ("expected_classes", y.expected_classes.map(Value::from).unwrap_or_else(Value::none)),
        ]);
        let company_scale = y.per_month.iter().copied().max().unwrap_or(0) as f64;
        let company_strip =
            self.strip(&format!("strip-{}-all", y.year), &self.t("dashboard_months"), &y.per_month, company_scale, "#b3121a");
        let rows = list(y.rows.iter().enumerate().map(|(i, r)| self.dashboard_row(y, i + 1, r)));
        ctx.insert_value(
            "dashboard",
            obj([
                ("year", (y.year as i64).into()),
                ("url", format!("/dashboard/{}/", y.year).into()),
                ("csv_url", format!("/dashboard/{}.csv", y.year).into()),
                ("is_latest", (yi + 1 == years.len()).into()),
                ("months_counted", y.months_counted.into()),
                ("targets", targets),
                ("criteria", list(y.criteria.iter().map(|c| Value::from(c.as_str())))),
                ("month_labels", list(self.month_labels().into_iter().map(Value::from))),
                ("rows", rows),
                ("totals", figures_value(&y.totals)),
                ("issues", y.issues.into()),
                ("strip_svg", safe(&company_strip)),
            ]),
        );
        ctx.insert_value(
            "years",
            list(years.iter().rev().enumerate().map(|(ri, yy)| {
                let idx = years.len() - 1 - ri;
                obj([
                    ("year", (yy.year as i64).into()),
                    ("url", format!("/dashboard/{}/", yy.year).into()),
                    ("current", (idx == yi).into()),
                ])
            })),
        );
        let canonical = match year {
            None => Value::from(g.config.permalink(&format!("/dashboard/{}/", y.year))),
            Some(_) => Value::none(),
        };
        ctx.insert_value("canonical_url", canonical);
        Ok((url, "dashboard.html", ctx))
    }

    /// `/dashboard/<year>.csv`: the dashboard table.
    pub(super) fn dashboard_csv(&self, yi: usize) -> (String, Vec<u8>) {
        let g = self.g;
        let y = &g.regional.years[yi];
        let labels = self.month_labels();
        let mut header: Vec<String> = [
            "csv_rank",
            "csv_region",
            "csv_region_id",
            "csv_activities",
            "csv_activities_target",
            "csv_participants",
            "csv_classes",
            "csv_classes_target",
            "csv_modes_covered",
            "csv_modes_total",
            "csv_units_named",
            "csv_units_total",
            "csv_unit_coverage",
            "csv_issues",
        ]
        .iter()
        .map(|k| self.t(k))
        .collect();
        header.extend(labels.iter().cloned());
        header.extend(y.criteria.iter().cloned());
        header.extend(["csv_award", "csv_composite", "csv_below"].iter().map(|k| self.t(k)));
        let mut rows = vec![header];
        for (i, row) in y.rows.iter().enumerate() {
            let f = &row.figures;
            let region = &g.regions[row.region].region;
            let mut below = Vec::new();
            if row.below_activities {
                below.push(self.t("csv_activities"));
            }
            if row.below_classes {
                below.push(self.t("csv_classes"));
            }
            if row.below_coverage {
                below.push(self.t("csv_unit_coverage"));
            }
            let mut cells = vec![
                (i + 1).to_string(),
                region.name.clone(),
                region.id.clone(),
                f.activities.to_string(),
                y.expected_activities.map(|e| e.to_string()).unwrap_or_default(),
                f.participants.to_string(),
                f.classes.to_string(),
                y.expected_classes.map(|e| e.to_string()).unwrap_or_default(),
                f.modes_covered().to_string(),
                f.mode_counts.len().to_string(),
                f.units_named.to_string(),
                f.units_total.to_string(),
                f.unit_coverage().map(|c| format!("{:.3}", c)).unwrap_or_default(),
                row.issues.to_string(),
            ];
            cells.extend(row.per_month.iter().map(|c| c.to_string()));
            cells.extend(row.scores.iter().map(|s| s.map(score).unwrap_or_default()));
            cells.push(row.award.clone().unwrap_or_default());
            cells.push(score(row.composite));
            cells.push(below.join(" / "));
            rows.push(cells);
        }
        (format!("/dashboard/{}.csv", y.year), csv(&rows))
    }

    /// What the showcase adds: figures, charts, latest issues.
    pub(super) fn region_extras(&self, r: usize, ctx: &mut Context) {
        let g = self.g;
        let lang = g.config.language;
        let node = &g.regions[r];
        let f = &g.regional.region_figures[r];
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
                let buckets = &g.regional.activity.regions[r];
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
                let desc = self.t("chart_activity_desc").replace("{n}", &total.to_string());
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
        let ids = &g.regional.bulletins.by_region[r];
        ctx.insert_value("latest_issue", self.issue_ref(ids.last().copied()));
        ctx.insert_value("issues", list(ids.iter().rev().take(6).map(|&i| self.issue_ref(Some(i)))));
        ctx.insert_value("figures", figures_value(f));
        ctx.insert_value("bulletins_url", "/bulletins/".into());
    }

    /// What the home page adds: the latest issues, and this year's issue
    /// count to the year's `stats`.
    pub(super) fn home_extras(&self, ctx: &mut Context, stats: &mut BTreeMap<&'static str, Value>) {
        let g = self.g;
        let b = &g.regional.bulletins;
        ctx.insert_value("latest_bulletins", list(b.newest.iter().take(6).map(|&i| self.issue_ref(Some(i)))));
        let issues = b.issues.iter().filter(|i| Some(i.period.year) == g.year).count();
        stats.insert("issues", issues.into());
    }

    /// Sitemap entries of the regional pages: (site path, last date).
    pub(super) fn regional_sitemap(&self) -> Vec<(String, Option<String>)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_bom_crlf_quotes_and_no_formulas() {
        let rows = vec![
            vec!["区域".to_string(), "a,b".to_string(), "say \"hi\"".to_string()],
            vec!["=SUM(A1)".to_string(), "+1".to_string(), "-2".to_string(), "@x".to_string(), "ok".to_string()],
        ];
        let bytes = csv(&rows);
        assert_eq!(&bytes[..3], b"\xef\xbb\xbf");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(text, "区域,\"a,b\",\"say \"\"hi\"\"\"\r\n'=SUM(A1),'+1,'-2,'@x,ok\r\n");
    }

    #[test]
    fn scores_and_percentages() {
        assert_eq!(score(92.0), "92");
        assert_eq!(score(87.5), "87.5");
        assert_eq!(percent(0.8), "80%");
        assert_eq!(percent(2.0 / 3.0), "67%");
    }
}
