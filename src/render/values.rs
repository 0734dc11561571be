//! Template values: graph data turned into `tera::Value`s once per
//! renderer and shared by every page (region references and cards, modes,
//! tags, each page's list entry, bulletin-issue references, the `site`
//! and `t` globals), the list cards, and the helpers that build values.
//!
//! Values are reference counted, so a page that shows an entry clones a
//! pointer, not the entry's data.

use std::collections::BTreeMap;

use anyhow::{Result, anyhow};
use chrono::Datelike;
use tera::{Context, Value};

use super::plan::list_specs;
use super::runner::tera_error;
use super::{Renderer, SEARCH_JS, SORTABLE_JS, date_display, plain_text};
use crate::graph::PageId;
use crate::regional::{Figures, IssueId};

/// The generator every page names (`site.generator`).
const GENERATOR: &str = concat!("regionpress ", env!("CARGO_PKG_VERSION"));

/// Builds a template map value from key/value pairs.
pub(super) fn obj<const N: usize>(pairs: [(&'static str, Value); N]) -> Value {
    Value::from(Fields(Vec::from(pairs)))
}

/// The fields of a template map being built: a page's list entry and the
/// fields only the page shows, say. Made into a map once, when done
/// ([`Value::from`]): `tera` makes a map value from a `BTreeMap` or a map
/// of its own by inserting every pair into a new map, and from a
/// serialized struct by inserting them once, so the fields are handed to
/// it as a struct's. A field given twice keeps its last value, as in a map.
#[derive(Debug, Default)]
pub(super) struct Fields(Vec<(&'static str, Value)>);

impl Fields {
    /// Sets `key` to `value`.
    pub(super) fn insert(&mut self, key: &'static str, value: Value) {
        self.0.push((key, value));
    }
}

impl From<Fields> for Value {
    fn from(fields: Fields) -> Value {
        Value::from_serializable(&fields)
    }
}

impl serde::Serialize for Fields {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Fields", self.0.len())?;
        for (k, v) in &self.0 {
            st.serialize_field(k, v)?;
        }
        st.end()
    }
}

/// Builds a template list value.
pub(super) fn list(values: impl IntoIterator<Item = Value>) -> Value {
    Value::from(values.into_iter().collect::<Vec<Value>>())
}

/// A template value of an optional string (none when absent).
pub(super) fn opt(s: &Option<String>) -> Value {
    match s {
        Some(s) => Value::from(s.as_str()),
        None => Value::none(),
    }
}

/// A template value of HTML that templates print unescaped.
pub(super) fn safe(html: &str) -> Value {
    Value::safe_string(html)
}

/// The fields of a template map, to extend them with page-specific fields
/// (a report page's entry has two dozen fields, reference counted, so this
/// copies pointers). The maps made here have only field names for keys.
pub(super) fn to_map(v: &Value) -> Fields {
    let map = v.as_map();
    let mut fields = Vec::with_capacity(map.map_or(0, |m| m.len()) + 16);
    for (k, v) in map.into_iter().flatten() {
        debug_assert!(matches!(k, tera::value::Key::Str(_)), "{k:?}");
        if let tera::value::Key::Str(k) = k {
            fields.push((*k, v.clone()));
        }
    }
    Fields(fields)
}

/// The RegionRef fields of a region.
fn region_ref_pairs(r: &crate::graph::RegionNode) -> BTreeMap<&'static str, Value> {
    BTreeMap::from([
        ("id", r.region.id.as_str().into()),
        ("name", r.region.name.as_str().into()),
        ("short_name", r.region.short_name.as_str().into()),
        ("url", r.url.as_str().into()),
        ("color", r.color.as_str().into()),
        ("text_color", r.text_color.into()),
    ])
}

/// Formats a share as a whole percentage (`80%`).
pub(super) fn percent(share: f64) -> String {
    format!("{}%", (share * 100.0).round() as i64)
}

/// Formats a score: no decimals when whole (`92`), else one (`87.5`).
pub(super) fn score(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 { format!("{}", v.round() as i64) } else { format!("{v:.1}") }
}

/// The figures of an issue, a region or a year, as templates show them.
pub(super) fn figures_value(f: &Figures) -> Value {
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

/// The `entry_card` of each page as list pages show it (heading level 2),
/// rendered by the first list page that shows the page and shared with the
/// others: a report is on five or six lists (all reports, its region's, its
/// modes' and tags'), and rendering its card once instead of on each was
/// the largest saving left in list pages. A card is dropped when the last
/// list page showing it has taken it, and [`Renderer::plan`] orders list
/// pages by their newest entry, so the cards held at any time are those
/// of the entries the render threads have reached, not the whole site's.
/// Empty (no card rendered) when no template uses `entry_cards`.
#[derive(Debug, Default)]
pub(super) struct Cards {
    /// By page id: the rendered card while list pages still need it, and
    /// the number of list pages yet to take it.
    pub(super) slots: Vec<std::sync::Mutex<(Option<Value>, u32)>>,
}

impl Renderer<'_> {
    /// Looks up a UI string of the theme (the key itself when missing).
    pub(super) fn t(&self, key: &str) -> String {
        self.theme.strings.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// A UI string of the theme with its `{n}` replaced by `n`, as the
    /// templates' `t.<key> | replace(from="{n}", to=n | str)` gives it.
    pub(super) fn t_n(&self, key: &str, n: impl std::fmt::Display) -> String {
        self.t(key).replace("{n}", &n.to_string())
    }

    /// Values of regions, modes and tags (a few dozen).
    pub(super) fn prepare_refs(&mut self) {
        let g = self.g;
        let lang = g.config.language;
        self.region_refs = g.regions.iter().map(|r| Value::from(region_ref_pairs(r))).collect();
        self.mode_refs = g
            .config
            .modes
            .iter()
            .map(|m| obj([("id", m.id.as_str().into()), ("name", m.name.as_str().into()), ("url", format!("/modes/{}/", m.id).into())]))
            .collect();
        self.tag_refs = g
            .tags
            .iter()
            .map(|t| obj([("name", t.name.as_str().into()), ("slug", t.slug.as_str().into()), ("url", t.url.as_str().into())]))
            .collect();
        self.region_cards = g
            .regions
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let reg = &r.region;
                let b = &reg.brand;
                let mut m = region_ref_pairs(r);
                m.insert("summary", opt(&reg.summary));
                m.insert("leader", opt(&reg.leader));
                m.insert("established", reg.established.map(|d| Value::from(date_display(d, lang))).unwrap_or_else(Value::none));
                m.insert(
                    "brand",
                    obj([
                        ("name", opt(&b.name)),
                        ("slogan", opt(&b.slogan)),
                        ("feature", opt(&b.feature)),
                        ("color", r.color.as_str().into()),
                        ("text_color", r.text_color.into()),
                        ("logo_url", opt(&r.logo_url)),
                    ]),
                );
                m.insert("unit_count", reg.units.len().into());
                m.insert("member_count", reg.units.iter().filter_map(|u| u.members).sum::<u64>().into());
                m.insert("report_count", r.reports.len().into());
                m.insert("class_count", r.classes.len().into());
                m.insert("issue_count", g.regional.bulletins.by_region[i].len().into());
                m.insert("participants", r.participants.into());
                Value::from(m)
            })
            .collect();
    }

    /// The list entry of a page: what list pages, feeds and the page itself show of it.
    pub(super) fn entry_value(&self, n: &crate::graph::PageNode) -> Value {
        let g = self.g;
        let d = &n.doc;
        let lang = g.config.language;
        let summary = n.summary_html();
        let lecturer_url = n.lecturer.map(|l| Value::from(g.lecturers[l].url.as_str())).unwrap_or_else(Value::none);
        let count = |v: Option<u64>| v.map(Value::from).unwrap_or_else(Value::none);
        let mut m = Fields(vec![
            ("kind", d.kind.as_str().into()),
            ("title", d.title.as_str().into()),
            ("url", n.url.as_str().into()),
            ("date", d.date.map(|x| Value::from(x.format("%Y-%m-%d").to_string())).unwrap_or_else(Value::none)),
            ("date_display", d.date.map(|x| Value::from(date_display(x, lang))).unwrap_or_else(Value::none)),
            ("year", d.date.map(|x| Value::from(x.year() as i64)).unwrap_or_else(Value::none)),
            ("month", d.date.map(|x| Value::from(x.month() as u64)).unwrap_or_else(Value::none)),
            ("regions", list(n.regions.iter().map(|&r| self.region_refs[r.index()].clone()))),
            ("modes", list(n.modes.iter().map(|&m| self.mode_refs[m].clone()))),
            ("tags", list(n.tags.iter().map(|&t| self.tag_refs[t].clone()))),
            ("summary_html", safe(summary)),
            ("word_count", n.rendered.word_count.into()),
            ("reading_minutes", n.rendered.reading_minutes.into()),
            ("participants", count(d.participants)),
            ("featured", d.featured.into()),
            ("cover_url", opt(&n.cover_url)),
            ("author", opt(&d.author)),
            ("lecturer", opt(&d.lecturer)),
            ("lecturer_title", opt(&d.lecturer_title)),
            ("lecturer_url", lecturer_url),
            ("audience", count(d.audience)),
            ("duration", count(d.duration)),
            // The figures as the theme words them (`t.reading_time` with the
            // minutes, …), made once per page: cards and pages print them,
            // and a template filter per page and card cost more than all else
            // in a card.
            ("participants_text", d.participants.map(|n| Value::from(self.t_n("participants_value", n))).unwrap_or_else(Value::none)),
            ("reading_text", self.t_n("reading_time", n.rendered.reading_minutes).into()),
            ("word_count_text", self.t_n("word_count_value", n.rendered.word_count).into()),
        ]);
        m.insert("description", plain_text(summary, 140).into());
        Value::from(m)
    }

    /// The lists and, when the theme's list pages use them, the slots of their cards.
    pub(super) fn prepare_lists(&mut self) {
        let g = self.g;
        let lists = list_specs(g, |key| self.t(key));
        // A theme whose list pages render entries themselves gets no cards.
        if self.theme.templates.values().any(|(source, _)| source.contains("entry_cards")) {
            // Each list shows a page at most once, so a card's uses are the
            // number of lists holding its page.
            let mut uses = vec![0u32; g.nodes.len()];
            for &p in lists.iter().flat_map(|l| &l.items) {
                uses[p.index()] += 1;
            }
            self.cards = Cards { slots: uses.into_iter().map(|n| std::sync::Mutex::new((None, n))).collect() };
        }
        self.lists = lists;
    }

    /// The `site` and `t` globals every template sees.
    pub(super) fn prepare_globals(&mut self) -> Result<()> {
        let g = self.g;
        let cfg = &g.config;
        // The hash of a static file as the site gets it (its own over the theme's).
        let hash = |path: &str| -> Result<String> {
            if self.options.dev {
                return Ok("dev".to_string());
            }
            let bytes = self.statics.get(path).map(|s| s.read()).transpose()?.unwrap_or_default();
            Ok(crate::hash::short_hex(&bytes))
        };
        let css = hash("/theme.css")?;
        let js = hash("/theme.js")?;
        let regional_css = hash("/regional.css")?;
        let sortable_js = hash(SORTABLE_JS)?;
        let gallery_js = hash("/gallery.js")?;
        // Without search, search.js is not written and nothing links it.
        let search_js = if cfg.search { Some(hash(SEARCH_JS)?) } else { None };
        let syntax = if self.options.dev { "dev".to_string() } else { crate::hash::short_hex(self.syntax_css.as_bytes()) };
        let mut nav = vec![
            ("home", "/".to_string()),
            ("reports", "/reports/".to_string()),
            ("classes", "/classes/".to_string()),
            ("regions", "/regions/".to_string()),
            ("tags", "/tags/".to_string()),
            ("bulletins", "/bulletins/".to_string()),
        ];
        if !g.regional.years.is_empty() {
            nav.push(("dashboard", "/dashboard/".to_string()));
        }
        if !g.honours.years.is_empty() {
            nav.push(("honours", "/honours/".to_string()));
        }
        if !g.problems.records.is_empty() {
            nav.push(("problems", "/problems/".to_string()));
        }
        for &p in &g.free_pages {
            let n = &g.nodes[p];
            if n.url.matches('/').count() == 2 {
                nav.push(("page", n.url.clone()));
            }
        }
        let nav_keys: Vec<(&str, String, String)> = nav
            .iter()
            .map(|(k, u)| {
                (
                    *k,
                    u.clone(),
                    g.free_pages.iter().find(|&&p| &g.nodes[p].url == u).map(|&p| g.nodes[p].doc.title.clone()).unwrap_or_default(),
                )
            })
            .collect();
        let nav_values = list(nav.into_iter().map(|(key, url)| {
            let title = if key == "page" {
                g.free_pages.iter().find(|&&p| g.nodes[p].url == url).map(|&p| g.nodes[p].doc.title.clone()).unwrap_or_default()
            } else {
                self.t(key)
            };
            obj([("key", if key == "page" { url.clone().into() } else { key.into() }), ("title", title.into()), ("url", url.into())])
        }));
        let site_marking = cfg.bulletin.marking.as_deref().map(str::trim).filter(|m| !m.is_empty());
        let site = obj([
            ("title", cfg.title.as_str().into()),
            ("description", cfg.description.as_str().into()),
            ("language", cfg.language.tag().into()),
            ("base_url", cfg.base_url.as_str().into()),
            ("generator", GENERATOR.into()),
            // `t.generated_by` with the generator, for every page's footer, made once.
            ("generator_note", self.t("generated_by").replace("{generator}", GENERATOR).into()),
            ("css_url", format!("/theme.css?v={css}").into()),
            ("js_url", format!("/theme.js?v={js}").into()),
            ("syntax_css_url", format!("/syntax.css?v={syntax}").into()),
            ("regional_css_url", format!("/regional.css?v={regional_css}").into()),
            ("sortable_js_url", format!("{SORTABLE_JS}?v={sortable_js}").into()),
            ("gallery_js_url", format!("/gallery.js?v={gallery_js}").into()),
            ("search_js_url", search_js.as_ref().map(|v| Value::from(format!("{SEARCH_JS}?v={v}"))).unwrap_or_else(Value::none)),
            ("feed_url", "/atom.xml".into()),
            ("modes", list(self.mode_refs.iter().cloned())),
            ("regions", list(self.region_refs.iter().cloned())),
            ("nav", nav_values),
            ("year", g.year.map(|y| Value::from(y as i64)).unwrap_or_else(Value::none)),
            ("search_url", if cfg.search { "/search/".into() } else { Value::none() }),
            // The protective marking of every printed page,
            // the site's bulletin marking (`bulletin.marking` in site.yaml).
            ("print_marking", site_marking.map(Value::from).unwrap_or_else(Value::none)),
            ("print_marking_css", site_marking.map(|m| Value::from(crate::escape::css_string(m))).unwrap_or_else(Value::none)),
        ]);
        let t =
            Value::from(self.theme.strings.iter().map(|(k, v)| (k.clone(), Value::from(v.as_str()))).collect::<BTreeMap<String, Value>>());
        // Everything in `site` besides the config, regions and modes (which
        // the dev server's change detection hashes from their sources).
        self.site_version =
            crate::hash::hash_of(&(&css, &js, &regional_css, &sortable_js, &gallery_js, &search_js, &syntax, &nav_keys, g.year));
        let globals = self.tera.global_context();
        globals.insert_value("site", site);
        globals.insert_value("t", t);
        Ok(())
    }

    /// The list entries of pages `ids`, as one list value.
    pub(super) fn entries(&self, ids: &[PageId]) -> Value {
        list(ids.iter().map(|&i| self.entries[i.index()].clone()))
    }

    /// The list card of page `p` (see [`Cards`]), taken by one list page.
    pub(super) fn card(&self, p: PageId) -> Result<Value> {
        let mut slot = self.cards.slots[p.index()].lock().unwrap_or_else(|e| e.into_inner());
        // The last list page showing `p` frees its card; a page rendered
        // again later (the dev server) renders the card again.
        slot.1 = slot.1.saturating_sub(1);
        let card = match slot.0.take() {
            Some(card) => card,
            None => {
                let mut ctx = Context::new();
                ctx.insert_value("entry", self.entries[p.index()].clone());
                ctx.insert_value("level", 2.into());
                let html =
                    self.tera.render_component("entry_card", &ctx, None, true).map_err(|e| anyhow!("entry_card: {}", tera_error(&e)))?;
                Value::safe_string(&html)
            }
        };
        if slot.1 > 0 {
            slot.0 = Some(card.clone());
        }
        Ok(card)
    }

    /// Precomputes the IssueRef of every issue.
    pub(super) fn prepare_issue_refs(&mut self) {
        let b = &self.g.regional.bulletins;
        let refs: Vec<Value> = IssueId::all(b.issues.len()).map(|i| self.issue_value(i)).collect();
        self.issue_refs = refs;
    }

    /// The masthead and the number line of issue `i` (`成都区域信息简报`, `2026年第3期（总第12期）`).
    pub fn issue_title_parts(&self, i: IssueId) -> (String, String) {
        let g = self.g;
        let issue = &g.regional.bulletins.issues[i];
        let masthead = match (&issue.fields.name, issue.region) {
            (Some(name), _) => name.clone(),
            (None, Some(r)) => self.t("bulletin_masthead").replace("{name}", &g.regions[r].region.name),
            (None, None) => self.t("bulletin_all_masthead"),
        };
        let template = if issue.supplement.is_some() { "bulletin_supplement_number" } else { "bulletin_number" };
        let number = self
            .t(template)
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
        let files = self.issue_files(i, &format!("{masthead}{number}"));
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
            ("region", issue.region.map(|r| self.region_refs[r.index()].clone()).unwrap_or_else(Value::none)),
            ("series", crate::regional::bulletins::series_id(&g.regions, issue.region).into()),
            ("figures", figures_value(&issue.figures)),
            ("date", issue.last_date.format("%Y-%m-%d").to_string().into()),
            ("date_display", date_display(issue.last_date, lang).into()),
            ("has_note", issue.note.as_ref().is_some_and(|n| n.has_text()).into()),
            ("headline", issue.note.as_ref().and_then(|n| n.title.as_deref()).map(Value::from).unwrap_or_else(Value::none)),
            // The record: an issued issue's date and signer (none while open, 待印发).
            ("issued_date", issue.issued.as_ref().map(|r| Value::from(r.date.format("%Y-%m-%d").to_string())).unwrap_or_else(Value::none)),
            ("issued_date_display", issue.issued.as_ref().map(|r| Value::from(date_display(r.date, lang))).unwrap_or_else(Value::none)),
            ("signer", issue.issued.as_ref().and_then(|r| r.signer.as_deref()).map(Value::from).unwrap_or_else(Value::none)),
            ("supplement", issue.supplement.map(Value::from).unwrap_or_else(Value::none)),
            ("late_urls", list(issue.late.iter().map(|&p| Value::from(g.nodes[p].url.as_str())))),
            ("files", files),
        ])
    }

    /// The PDF and Word files a build makes of issue `i` (none for an open
    /// issue unless `exports: previews`): format, link text, site path,
    /// media type and the name a download is saved under (`name`, the
    /// issue's title).
    fn issue_files(&self, i: IssueId, name: &str) -> Value {
        let g = self.g;
        if !super::plan::is_exported(g, i) {
            return list([]);
        }
        list(g.config.exports.formats.iter().map(|&f| {
            let (label, mime) = match f {
                crate::config::ExportFormat::Pdf => ("download_pdf", "application/pdf"),
                crate::config::ExportFormat::Docx => {
                    ("download_docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                }
            };
            obj([
                ("format", f.extension().into()),
                ("label", self.t(label).into()),
                ("url", super::export_path(g, i, f).into()),
                ("type", mime.into()),
                ("name", format!("{name}.{}", f.extension()).into()),
            ])
        }))
    }

    /// The reference of issue `i` (none without one).
    pub(super) fn issue_ref(&self, i: Option<IssueId>) -> Value {
        i.map(|i| self.issue_refs[i.index()].clone()).unwrap_or_else(Value::none)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_and_percentages() {
        assert_eq!(score(92.0), "92");
        assert_eq!(score(87.5), "87.5");
        assert_eq!(percent(0.8), "80%");
        assert_eq!(percent(2.0 / 3.0), "67%");
    }
}
