//! Rendering: the site graph becomes a list of [`Job`]s (one per output
//! file), rendered in parallel with Tera and streamed into the staging
//! directory.
//!
//! Template values are built once and shared: each page's list entry, each
//! region card, mode and tag is converted to a `tera::Value` (reference
//! counted) before rendering starts, so list pages clone pointers, not data.

mod outputs;
mod regional;
mod signature;
mod text;
mod theme;
pub mod urls;

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Result, anyhow};
use chrono::Datelike;
use rayon::prelude::*;
use tera::{Context, Tera, Value};

pub use outputs::check as check_outputs;
pub use text::{date_display, html_to_text, plain_text};
pub use theme::{StaticSource, Theme};
use urls::{UrlStyle, rebase, rebase_bytes};

use crate::content::DocKind;
use crate::graph::{PageId, RegionId};
use crate::language::Language;
use crate::output::Sink;
use crate::site::SiteGraph;

/// Pages whose HTML is larger than this appear in feeds by their summary.
const FEED_CONTENT_MAX: usize = 512 << 10;

/// Builds a template map value from key/value pairs.
fn obj<const N: usize>(pairs: [(&'static str, Value); N]) -> Value {
    Value::from(BTreeMap::from(pairs))
}

fn list(values: impl IntoIterator<Item = Value>) -> Value {
    Value::from(values.into_iter().collect::<Vec<Value>>())
}

fn opt(s: &Option<String>) -> Value {
    match s {
        Some(s) => Value::from(s.as_str()),
        None => Value::none(),
    }
}

fn safe(html: &str) -> Value {
    Value::safe_string(html)
}

/// Entries in an Atom feed.
const FEED_ENTRIES: usize = 20;

/// One output file.
#[derive(Debug, Clone)]
pub enum Job {
    /// A report, class or free page.
    Page(PageId),
    /// `/`.
    Home,
    /// A paginated list: which one, and the 1-based page number.
    List(usize, usize),
    /// `/regions/<id>/`.
    Region(RegionId),
    /// `/regions/`.
    Regions,
    /// `/classes/`.
    Classes,
    /// `/tags/`.
    Tags,
    /// `/404.html`.
    NotFound,
    /// `/search/` (only with `search: true`).
    Search,
    /// `/atom.xml` (None) or `/regions/<id>/atom.xml`.
    Feed(Option<RegionId>),
    /// `/sitemap.xml`.
    Sitemap,
    /// `/robots.txt`.
    Robots,
    /// The generated highlighting stylesheet.
    SyntaxCss,
    /// A theme or site static file.
    Static(String),
    /// An asset copied beside its page: index into `graph.assets`.
    Asset(usize),
    /// A bulletin issue: index into `graph.regional.bulletins.issues`.
    Bulletin(usize),
    /// `/bulletins/`.
    BulletinIndex,
    /// `/bulletins/atom.xml`.
    BulletinFeed,
    /// `/dashboard/` (None) or `/dashboard/<year>/`: index into `graph.regional.years`.
    Dashboard(Option<usize>),
    /// `/dashboard/<year>.csv`.
    DashboardCsv(usize),
}

impl Job {
    /// True for the jobs that make a page (HTML, or a feed or sitemap in
    /// XML) from a template, the pages a build counts; false for files
    /// copied or generated without one. Exhaustive, so that a new kind of
    /// job must be placed.
    pub fn is_templated(&self) -> bool {
        match self {
            Job::Page(_)
            | Job::Home
            | Job::List(..)
            | Job::Region(_)
            | Job::Regions
            | Job::Classes
            | Job::Tags
            | Job::NotFound
            | Job::Search
            | Job::Feed(_)
            | Job::Sitemap
            | Job::Bulletin(_)
            | Job::BulletinIndex
            | Job::BulletinFeed
            | Job::Dashboard(_) => true,
            Job::Static(_) | Job::Asset(_) | Job::SyntaxCss | Job::Robots | Job::DashboardCsv(_) => false,
        }
    }
}

/// A list of entries shown over one or more pages.
#[derive(Debug)]
pub struct ListSpec {
    kind: &'static str,
    of: outputs::ListOf,
    base: String,
    heading: String,
    intro: Option<String>,
    items: Vec<PageId>,
    region: Option<RegionId>,
    feed: Option<String>,
    nav_key: &'static str,
}

/// Everything needed to render a site.
pub struct Renderer<'g> {
    g: &'g SiteGraph,
    root: &'g Path,
    tera: Tera,
    theme: Theme,
    /// Output site path -> source of every static file: the theme's, with
    /// the site's `static/` over them (moved out of `theme.statics`).
    statics: BTreeMap<String, StaticSource>,
    style: UrlStyle,
    feed_style: UrlStyle,
    region_refs: Vec<Value>,
    region_cards: Vec<Value>,
    mode_refs: Vec<Value>,
    tag_refs: Vec<Value>,
    entries: Vec<Value>,
    lists: Vec<ListSpec>,
    cards: Cards,
    syntax_css: String,
    options: RenderOptions,
    /// What job signatures are made of: computed on the first
    /// [`Renderer::signature`] (only the dev server signs jobs).
    versions: std::sync::OnceLock<signature::Versions>,
    site_version: u64,
    sibling_index: Vec<Option<usize>>,
    regional: regional::Prepared,
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
struct Cards {
    /// By page id: the rendered card while list pages still need it, and
    /// the number of list pages yet to take it.
    slots: Vec<std::sync::Mutex<(Option<Value>, u32)>>,
}

/// List-entry values of an earlier plan, reused by the dev server for pages
/// whose entry inputs did not change.
#[derive(Debug, Default)]
pub struct EntryCache {
    entries: std::collections::HashMap<String, (u64, Value)>,
    /// The last renderer's entries by page id, and its issue values (given
    /// back by [`Renderer::keep_values`]; empty when it did not finish).
    last: Vec<Value>,
    last_issues: Vec<Value>,
    /// Set by [`EntryCache::expect_patch`].
    patched: Option<Vec<PageId>>,
}

impl EntryCache {
    /// Tells the next [`Renderer::with_cache`] that its graph is the last
    /// one's with only the bodies of pages `ids` replaced
    /// ([`crate::site::SiteGraph::patch_bodies`]): it then takes every
    /// other entry and every issue value as they were, without looking at
    /// the other pages.
    pub fn expect_patch(&mut self, ids: Vec<PageId>) {
        self.patched = Some(ids);
    }
}

/// How a renderer is used.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Serving from memory: stylesheet and script URLs carry no content hash,
    /// so a stylesheet edit changes only the stylesheet (the browser swaps it).
    pub dev: bool,
}

/// The number of pages a list of `n` items takes.
pub fn page_count(n: usize, per: usize) -> usize {
    n.div_ceil(per).max(1)
}

/// The site path of page `n` (1-based) of a list at `base`.
pub fn page_url(base: &str, n: usize) -> String {
    if n <= 1 { base.to_string() } else { format!("{base}page/{n}/") }
}

impl<'g> Renderer<'g> {
    /// Loads the theme and prepares every shared value.
    pub fn new(g: &'g SiteGraph, root: &'g Path) -> Result<Renderer<'g>> {
        Self::with_options(g, root, RenderOptions::default())
    }

    /// [`Renderer::new`] with options.
    pub fn with_options(g: &'g SiteGraph, root: &'g Path, options: RenderOptions) -> Result<Renderer<'g>> {
        Self::with_cache(g, root, options, None)
    }

    /// [`Renderer::with_options`], reusing (and refreshing) list-entry values from `cache`.
    pub fn with_cache(g: &'g SiteGraph, root: &'g Path, options: RenderOptions, cache: Option<&mut EntryCache>) -> Result<Renderer<'g>> {
        let cfg = &g.config;
        let mut phases = crate::timing::Phases::start("    renderer/");
        let mut theme = Theme::load(root, &cfg.theme, cfg.language)?;
        let statics = theme.take_statics(root);
        phases.mark("theme");
        let mut tera = Tera::new();
        let sources: Vec<(&str, &str)> = theme.templates.iter().map(|(n, (t, _))| (n.as_str(), t.as_str())).collect();
        tera.add_raw_templates(sources).map_err(|e| anyhow!("{}", tera_error(&e)))?;
        phases.mark("templates");
        let syntax_css = crate::markdown::highlight_css();
        phases.mark("syntax css");
        let mut r = Renderer {
            g,
            root,
            tera,
            theme,
            statics,
            style: UrlStyle::new(&cfg.base_path, cfg.relative_urls),
            feed_style: UrlStyle::prefixed(&cfg.base_url),
            region_refs: Vec::new(),
            region_cards: Vec::new(),
            mode_refs: Vec::new(),
            tag_refs: Vec::new(),
            entries: Vec::new(),
            lists: Vec::new(),
            cards: Cards::default(),
            syntax_css,
            options,
            versions: std::sync::OnceLock::new(),
            site_version: 0,
            sibling_index: Vec::new(),
            regional: regional::Prepared::default(),
        };
        let mut cache = cache;
        let patched = cache.as_deref_mut().and_then(|c| c.patched.take());
        match (patched, cache) {
            (Some(ids), Some(c)) if c.last.len() == g.nodes.len() => r.patch_values(&ids, c),
            (_, c) => {
                r.prepare_values(c);
                phases.mark("values");
                r.prepare_regional();
            }
        }
        phases.mark("regional values");
        r.prepare_lists();
        r.index_siblings();
        r.prepare_globals()?;
        phases.mark("lists and globals");
        Ok(r)
    }

    /// Ends a dev-server renderer: its list-entry and issue values go to
    /// `cache`, for the next renderer of a patched graph
    /// ([`EntryCache::expect_patch`]). Moved, not copied: copying the
    /// 11,000 values of a 10k-report site took 50 to 145 ms of every body
    /// edit on a slow day of the 2-core machine.
    pub fn keep_values(self, cache: &mut EntryCache) {
        (cache.last, cache.last_issues) = self.into_values();
    }

    /// Ends a renderer, handing back what holds most of its memory: the
    /// list-entry values by page id and the bulletin-issue values (owned,
    /// so the caller may free them on another thread).
    pub fn into_values(self) -> (Vec<Value>, Vec<Value>) {
        (self.entries, self.regional.issue_refs)
    }

    fn t(&self, key: &str) -> String {
        self.theme.strings.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// Values of regions, modes and tags (a few dozen).
    fn prepare_refs(&mut self) {
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

    /// What a page's list entry is made of: its own page (version), its
    /// regions, modes, tags and lecturer.
    fn entry_key(&self, n: &crate::graph::PageNode, region_versions: &[u64]) -> u64 {
        let g = self.g;
        let regions: Vec<u64> = n.regions.iter().map(|&r| region_versions[r]).collect();
        let tags: Vec<&str> = n.tags.iter().map(|&t| g.tags[t].url.as_str()).collect();
        let lecturer = n.lecturer.map(|l| g.lecturers[l].url.as_str());
        crate::hash::hash_of(&(
            n.version,
            regions,
            &n.modes,
            tags,
            lecturer,
            &n.cover_url,
            &n.rendered.summary_html,
            g.config.language.tag(),
        ))
    }

    fn region_versions(&self) -> Vec<u64> {
        self.g.regions.iter().map(|r| crate::hash::hash_of(&(&r.region.text, &r.url))).collect()
    }

    fn prepare_values(&mut self, cache: Option<&mut EntryCache>) {
        let g = self.g;
        self.prepare_refs();
        let previous = cache.as_deref();
        let region_versions = if previous.is_some() { self.region_versions() } else { Vec::new() };
        // With a cache, each value comes with its key when it was built
        // afresh; without one (a build), no key is computed.
        let computed: Vec<(Option<u64>, Value)> = g
            .nodes
            .par_iter()
            .map(|n| {
                let Some(previous) = previous else { return (None, self.entry_value(n)) };
                let k = self.entry_key(n, &region_versions);
                match previous.entries.get(&n.doc.source).filter(|(old, _)| *old == k) {
                    Some((_, v)) => (None, v.clone()),
                    None => (Some(k), self.entry_value(n)),
                }
            })
            .collect();
        if let Some(cache) = cache {
            // Reused entries are already right: only fresh ones go in, and entries of pages gone are dropped.
            for (n, (k, v)) in g.nodes.iter().zip(&computed) {
                if let Some(k) = k {
                    cache.entries.insert(n.doc.source.clone(), (*k, v.clone()));
                }
            }
            if cache.entries.len() != g.nodes.len() {
                let present: std::collections::HashSet<&str> = g.nodes.iter().map(|n| n.doc.source.as_str()).collect();
                cache.entries.retain(|k, _| present.contains(k.as_str()));
            }
        }
        self.entries = computed.into_iter().map(|(_, v)| v).collect();
    }

    /// [`Renderer::prepare_values`] and [`Renderer::prepare_regional`] for
    /// a graph patched since the last renderer: the last entries and issue
    /// values, the entries of pages `ids` made afresh.
    fn patch_values(&mut self, ids: &[PageId], cache: &mut EntryCache) {
        self.prepare_refs();
        self.entries = std::mem::take(&mut cache.last);
        let region_versions = self.region_versions();
        for &id in ids {
            let n = &self.g.nodes[id];
            let value = self.entry_value(n);
            cache.entries.insert(n.doc.source.clone(), (self.entry_key(n, &region_versions), value.clone()));
            self.entries[id] = value;
        }
        self.regional.issue_refs = std::mem::take(&mut cache.last_issues);
    }

    fn entry_value(&self, n: &crate::graph::PageNode) -> Value {
        let g = self.g;
        let d = &n.doc;
        let lang = g.config.language;
        let summary = if n.summary_html.is_empty() { &n.rendered.summary_html } else { &n.summary_html };
        let lecturer_url = n.lecturer.map(|l| Value::from(g.lecturers[l].url.as_str())).unwrap_or_else(Value::none);
        let count = |v: Option<u64>| v.map(Value::from).unwrap_or_else(Value::none);
        let mut m: BTreeMap<&'static str, Value> = BTreeMap::from([
            ("kind", d.kind.as_str().into()),
            ("title", d.title.as_str().into()),
            ("url", n.url.as_str().into()),
            ("date", d.date.map(|x| Value::from(x.format("%Y-%m-%d").to_string())).unwrap_or_else(Value::none)),
            ("date_display", d.date.map(|x| Value::from(date_display(x, lang))).unwrap_or_else(Value::none)),
            ("year", d.date.map(|x| Value::from(x.year() as i64)).unwrap_or_else(Value::none)),
            ("month", d.date.map(|x| Value::from(x.month() as u64)).unwrap_or_else(Value::none)),
            ("regions", list(n.regions.iter().map(|&r| self.region_refs[r].clone()))),
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
        ]);
        m.insert("description", plain_text(summary, 140).into());
        Value::from(m)
    }

    fn prepare_lists(&mut self) {
        let g = self.g;
        let lists = outputs::list_specs(g, |key| self.t(key));
        // A theme whose list pages render entries themselves gets no cards.
        if self.theme.templates.values().any(|(source, _)| source.contains("entry_cards")) {
            // Each list shows a page at most once, so a card's uses are the
            // number of lists holding its page.
            let mut uses = vec![0u32; g.nodes.len()];
            for &p in lists.iter().flat_map(|l| &l.items) {
                uses[p] += 1;
            }
            self.cards = Cards { slots: uses.into_iter().map(|n| std::sync::Mutex::new((None, n))).collect() };
        }
        self.lists = lists;
    }

    fn prepare_globals(&mut self) -> Result<()> {
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
        let site = obj([
            ("title", cfg.title.as_str().into()),
            ("description", cfg.description.as_str().into()),
            ("language", cfg.language.tag().into()),
            ("base_url", cfg.base_url.as_str().into()),
            ("generator", concat!("regionpress ", env!("CARGO_PKG_VERSION")).into()),
            ("css_url", format!("/theme.css?v={css}").into()),
            ("js_url", format!("/theme.js?v={js}").into()),
            ("syntax_css_url", format!("/syntax.css?v={syntax}").into()),
            ("regional_css_url", format!("/regional.css?v={regional_css}").into()),
            ("sortable_js_url", format!("{SORTABLE_JS}?v={sortable_js}").into()),
            ("search_js_url", search_js.as_ref().map(|v| Value::from(format!("{SEARCH_JS}?v={v}"))).unwrap_or_else(Value::none)),
            ("feed_url", "/atom.xml".into()),
            ("modes", list(self.mode_refs.iter().cloned())),
            ("regions", list(self.region_refs.iter().cloned())),
            ("nav", nav_values),
            ("year", g.year.map(|y| Value::from(y as i64)).unwrap_or_else(Value::none)),
            ("search_url", if cfg.search { "/search/".into() } else { Value::none() }),
        ]);
        let t =
            Value::from(self.theme.strings.iter().map(|(k, v)| (k.clone(), Value::from(v.as_str()))).collect::<BTreeMap<String, Value>>());
        // Everything in `site` besides the config, regions and modes (which
        // the dev server's change detection hashes from their sources).
        self.site_version = crate::hash::hash_of(&(&css, &js, &regional_css, &sortable_js, &search_js, &syntax, &nav_keys, g.year));
        let globals = self.tera.global_context();
        globals.insert_value("site", site);
        globals.insert_value("t", t);
        Ok(())
    }

    /// Every output file of the site, in a fixed order: fixed pages,
    /// documents, list pages (newest entries first), regions, static
    /// files, regional pages, copied files. The same plan as the output
    /// check's ([`check_outputs`]), so what is checked is what is written.
    pub fn plan(&self) -> Vec<Job> {
        outputs::plan(self.g, &self.lists, &self.statics)
    }

    /// Renders every job in parallel into `out`. Returns the number of files,
    /// or every rendering error.
    ///
    /// A failed write ([`crate::output::OutputError`]: a full disk, a
    /// name the file system refuses) stops the jobs not yet started: every
    /// later write would fail the same way, and one such error is the
    /// problem to report.
    pub fn render_all(&self, jobs: &[Job], out: &dyn Sink, tick: &(dyn Fn() + Sync)) -> std::result::Result<usize, Vec<anyhow::Error>> {
        let stop = std::sync::atomic::AtomicBool::new(false);
        let errors: Vec<anyhow::Error> = jobs
            .par_iter()
            .filter_map(|job| {
                if stop.load(std::sync::atomic::Ordering::Relaxed) {
                    return None;
                }
                let r = self.run(job, out).err();
                if r.as_ref().is_some_and(|e| e.downcast_ref::<crate::output::OutputError>().is_some()) {
                    stop.store(true, std::sync::atomic::Ordering::Relaxed);
                }
                tick();
                r
            })
            .collect();
        if errors.is_empty() { Ok(jobs.len()) } else { Err(errors) }
    }

    /// Writes one job's file, always at [`Renderer::job_path`]: the path
    /// the output check gave this job's owner.
    fn run(&self, job: &Job, out: &dyn Sink) -> Result<()> {
        let g = self.g;
        let path = self.job_path(job);
        match job {
            Job::Static(key) => {
                let source = self.statics.get(key).ok_or_else(|| anyhow!("no static file `{key}`"))?;
                out.write(&path, &source.read()?)
            }
            Job::Asset(i) => {
                let src = &g.assets[*i].0;
                match g.svgs.get(src) {
                    // An SVG image is published cleaned (crate::svg).
                    Some(cleaned) => out.write(&path, cleaned),
                    None => out.copy(&path, &self.root.join("content").join(src)),
                }
            }
            Job::SyntaxCss => out.write(&path, self.syntax_css.as_bytes()),
            Job::DashboardCsv(y) => out.write(&path, &self.dashboard_csv(*y).1),
            Job::Robots => {
                let text = format!("User-agent: *\nAllow: /\nSitemap: {}\n", g.config.permalink("/sitemap.xml"));
                out.write(&path, text.as_bytes())
            }
            _ => {
                let (rendered_at, bytes) = self.render_bytes(job)?;
                // The template values were made for the page at `rendered_at`
                // (its relative links are computed from there).
                debug_assert_eq!(rendered_at, path, "{job:?}");
                out.write(&path, &bytes)
            }
        }
    }

    /// Renders one job that comes from a template (a page, a list page, a
    /// region, a feed, …) into memory, exactly as a build would write it
    /// (URLs rebased), and returns its site path and text. Writes nothing;
    /// the micro-benchmarks (`benches/micro.rs`) time single pages with it.
    /// Jobs that copy or generate a file without a template (static files,
    /// assets, the highlighting stylesheet, `robots.txt`, dashboard CSV) are
    /// an error.
    pub fn render_job(&self, job: &Job) -> Result<(String, String)> {
        let (path, bytes) = self.render_bytes(job)?;
        Ok((path, String::from_utf8(bytes)?))
    }

    /// [`Renderer::render_job`] as the bytes a build writes.
    fn render_bytes(&self, job: &Job) -> Result<(String, Vec<u8>)> {
        let (path, template, ctx) = self.context(job)?;
        let mut raw = Vec::with_capacity(16 << 10);
        self.tera.render_to(template, &ctx, &mut raw).map_err(|e| anyhow!("{}: {}", template, tera_error(&e)))?;
        if !template.ends_with(".html") {
            return Ok((path, xml_chars(String::from_utf8(raw)?).into_bytes()));
        }
        let bytes = rebase_bytes(raw, &path, &self.style);
        Ok((path, bytes))
    }

    /// The pages of page `n` (1-based) of a list.
    fn list_page<'a>(&self, l: &'a ListSpec, n: usize) -> &'a [PageId] {
        outputs::list_page(self.g, l, n)
    }

    /// The report list a report's newer/older links walk (its first
    /// region's, else all reports), and the report's place in it.
    fn siblings(&self, p: PageId) -> (&'g [PageId], Option<usize>) {
        let g = self.g;
        let list = g.nodes[p].regions.first().map(|&r| &g.regions[r].reports[..]).unwrap_or(&g.reports[..]);
        (list, self.sibling_index.get(p).copied().flatten())
    }

    /// Where each page sits in its [`Renderer::siblings`] list (computed
    /// once, instead of a search of a region's reports per page).
    fn index_siblings(&mut self) {
        let g = self.g;
        let mut index = vec![None; g.nodes.len()];
        let mut place = |list: &[PageId], first_region: Option<RegionId>| {
            for (i, &p) in list.iter().enumerate() {
                if g.nodes[p].regions.first().copied() == first_region {
                    index[p] = Some(i);
                }
            }
        };
        for (r, node) in g.regions.iter().enumerate() {
            place(&node.reports, Some(r));
        }
        place(&g.reports, None);
        self.sibling_index = index;
    }

    /// The entries of a feed, newest first: the site's reports and classes, or a region's reports.
    fn feed_ids(&self, region: Option<RegionId>) -> Vec<PageId> {
        let g = self.g;
        match region {
            // Both lists are newest first, so the feed's entries are among the
            // first of each: those are sorted by the graph's rule.
            None => {
                let mut ids: Vec<PageId> =
                    g.reports.iter().take(FEED_ENTRIES).chain(g.classes.iter().take(FEED_ENTRIES)).copied().collect();
                ids.sort_by(|&a, &b| crate::graph::newest_first(&g.nodes[a], &g.nodes[b]));
                ids.truncate(FEED_ENTRIES);
                ids
            }
            Some(r) => g.regions[r].reports.iter().take(FEED_ENTRIES).copied().collect(),
        }
    }

    /// The context of an Atom feed at `path`, the feed of the page at
    /// `alternate`, last updated at `updated` (none without entries).
    fn feed_context(&self, path: &str, title: String, alternate: &str, updated: Option<String>) -> Context {
        let cfg = &self.g.config;
        let mut ctx = self.base_context("feed", path, title.clone(), String::new(), "");
        ctx.insert_value(
            "feed",
            obj([
                ("title", title.into()),
                ("id", cfg.permalink(path).into()),
                ("self_url", cfg.permalink(path).into()),
                ("alternate_url", cfg.permalink(alternate).into()),
                ("updated", updated.unwrap_or_else(|| "1970-01-01T00:00:00Z".into()).into()),
            ]),
        );
        ctx
    }

    fn base_context(&self, page_kind: &str, current: &str, title: String, description: String, nav_key: &str) -> Context {
        let mut ctx = Context::new();
        ctx.insert_value("page_kind", page_kind.into());
        ctx.insert_value("current_url", current.into());
        ctx.insert_value("title", title.into());
        ctx.insert_value("description", description.into());
        ctx.insert_value("nav_key", nav_key.into());
        ctx
    }

    /// The pages the home page shows entries of: the latest reports and classes.
    fn home_entries(&self) -> (&'g [PageId], &'g [PageId]) {
        let g = self.g;
        (&g.reports[..g.reports.len().min(10)], &g.classes[..g.classes.len().min(5)])
    }

    /// The pages a region's showcase shows entries of: featured reports,
    /// latest reports, latest classes.
    fn region_entries(&self, r: RegionId) -> (Vec<PageId>, &'g [PageId], &'g [PageId]) {
        let g = self.g;
        let node = &g.regions[r];
        let featured: Vec<PageId> = node.reports.iter().copied().filter(|&i| g.nodes[i].doc.featured).take(6).collect();
        (featured, &node.reports[..node.reports.len().min(10)], &node.classes[..node.classes.len().min(10)])
    }

    fn entries(&self, ids: &[PageId]) -> Value {
        list(ids.iter().map(|&i| self.entries[i].clone()))
    }

    /// The list card of page `p` (see [`Cards`]), taken by one list page.
    fn card(&self, p: PageId) -> Result<Value> {
        let mut slot = self.cards.slots[p].lock().unwrap_or_else(|e| e.into_inner());
        // The last list page showing `p` frees its card; a page rendered
        // again later (the dev server) renders the card again.
        slot.1 = slot.1.saturating_sub(1);
        let card = match slot.0.take() {
            Some(card) => card,
            None => {
                let mut ctx = Context::new();
                ctx.insert_value("entry", self.entries[p].clone());
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

    fn context(&self, job: &Job) -> Result<(String, &'static str, Context)> {
        let g = self.g;
        let cfg = &g.config;
        Ok(match job {
            Job::Home => {
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
            Job::Page(p) => {
                let n = &g.nodes[*p];
                let entry = &self.entries[*p];
                let desc = entry.get_from_path("description").and_then(|v| v.as_str()).unwrap_or_default().to_string();
                let (kind, template, nav) = match n.doc.kind {
                    DocKind::Report => ("report", "report.html", "reports"),
                    DocKind::Class => ("class", "class.html", "classes"),
                    DocKind::Page => ("page", "page.html", ""),
                };
                let mut ctx = self.base_context(kind, &n.url, n.doc.title.clone(), desc, if nav.is_empty() { &n.url } else { nav });
                let mut m = to_map(entry);
                m.insert("content_html".into(), safe(&n.rendered.html.unpack()));
                m.insert("toc".into(), Value::from_serializable(&n.rendered.toc));
                if n.doc.kind == DocKind::Report {
                    let units = n.doc.units.iter().map(|u| {
                        let known = n.regions.iter().any(|&r| g.regions[r].region.units.iter().any(|x| &x.name == u));
                        obj([("name", u.as_str().into()), ("known", known.into())])
                    });
                    m.insert("units".into(), list(units));
                    let (siblings, pos) = self.siblings(*p);
                    let link = |i: Option<usize>| {
                        i.and_then(|i| siblings.get(i))
                            .map(|&x| obj([("title", g.nodes[x].doc.title.as_str().into()), ("url", g.nodes[x].url.as_str().into())]))
                            .unwrap_or_else(Value::none)
                    };
                    m.insert("newer".into(), link(pos.and_then(|i| i.checked_sub(1))));
                    m.insert("older".into(), link(pos.map(|i| i + 1)));
                }
                if n.doc.kind == DocKind::Class {
                    m.insert("materials".into(), Value::from_serializable(&n.materials));
                }
                ctx.insert_value("page", Value::from(m));
                (n.url.clone(), template, ctx)
            }
            Job::List(i, page) => {
                let l = &self.lists[*i];
                let per = cfg.paginate_by;
                let total = page_count(l.items.len(), per);
                let url = page_url(&l.base, *page);
                let slice = self.list_page(l, *page);
                let title = if *page > 1 {
                    format!("{} · {}", l.heading, self.t("page_n").replace("{n}", &page.to_string()))
                } else {
                    l.heading.clone()
                };
                let mut ctx = self.base_context("list", &url, title, l.heading.clone(), l.nav_key);
                ctx.insert_value(
                    "list",
                    obj([
                        ("kind", l.kind.into()),
                        ("heading", l.heading.as_str().into()),
                        ("intro", opt(&l.intro)),
                        ("feed_url", opt(&l.feed)),
                    ]),
                );
                ctx.insert_value("entries", self.entries(slice));
                if !self.cards.slots.is_empty() {
                    ctx.insert_value("entry_cards", list(slice.iter().map(|&p| self.card(p)).collect::<Result<Vec<Value>>>()?));
                }
                let pages = list(page_window(*page, total).into_iter().map(|n| match n {
                    Some(n) => obj([
                        ("number", n.into()),
                        ("url", page_url(&l.base, n).into()),
                        ("current", (n == *page).into()),
                        ("gap", false.into()),
                    ]),
                    None => obj([("number", Value::none()), ("url", Value::none()), ("current", false.into()), ("gap", true.into())]),
                }));
                let link = |n: usize| if n >= 1 && n <= total { Value::from(page_url(&l.base, n)) } else { Value::none() };
                ctx.insert_value(
                    "paginator",
                    obj([
                        ("current", (*page).into()),
                        ("total_pages", total.into()),
                        ("total_items", l.items.len().into()),
                        ("prev_url", link(page - 1)),
                        ("next_url", link(page + 1)),
                        ("pages", pages),
                    ]),
                );
                if let Some(r) = l.region {
                    ctx.insert_value("region", self.region_refs[r].clone());
                }
                (url, "list.html", ctx)
            }
            Job::Region(r) => {
                let node = &g.regions[*r];
                let reg = &node.region;
                let mut ctx = self.base_context("region", &node.url, reg.name.clone(), reg.summary.clone().unwrap_or_default(), "regions");
                let mut m = to_map(&self.region_cards[*r]);
                m.insert("description_html".into(), safe(&node.description_html));
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
                m.insert("units".into(), list(units));
                ctx.insert_value("region", Value::from(m));
                let (featured, latest, classes) = self.region_entries(*r);
                ctx.insert_value("featured", self.entries(&featured));
                ctx.insert_value("latest_reports", self.entries(latest));
                ctx.insert_value("classes", self.entries(classes));
                ctx.insert_value("reports_url", format!("{}reports/", node.url).into());
                ctx.insert_value("feed_url", format!("{}atom.xml", node.url).into());
                self.region_extras(*r, &mut ctx);
                (node.url.clone(), "region.html", ctx)
            }
            Job::Regions => {
                let mut ctx = self.base_context("regions", "/regions/", self.t("regions"), String::new(), "regions");
                ctx.insert_value("regions", list(self.region_cards.iter().cloned()));
                ("/regions/".into(), "regions.html", ctx)
            }
            Job::Classes => {
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
                            Language::En => {
                                chrono::NaiveDate::from_ymd_opt(*y, *m, 1).map(|d| d.format("%B").to_string()).unwrap_or_default()
                            }
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
                    list(lecturers.iter().map(|l| {
                        obj([("name", l.name.as_str().into()), ("url", l.url.as_str().into()), ("count", l.classes.len().into())])
                    })),
                );
                ("/classes/".into(), "classes.html", ctx)
            }
            Job::Tags => {
                let mut ctx = self.base_context("tags", "/tags/", self.t("tags"), String::new(), "tags");
                let mut tags: Vec<usize> = (0..g.tags.len()).collect();
                tags.sort_by(|a, b| {
                    g.tags[*b].pages.len().cmp(&g.tags[*a].pages.len()).then_with(|| g.tags[*a].name.cmp(&g.tags[*b].name))
                });
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
            Job::Search => {
                let mut ctx = self.base_context("search", "/search/", self.t("search"), String::new(), "search");
                let years: std::collections::BTreeSet<i32> =
                    g.reports.iter().chain(g.classes.iter()).filter_map(|&i| g.nodes[i].doc.date).map(|d| d.year()).collect();
                ctx.insert_value(
                    "search",
                    obj([("index_url", "/search/index.json".into()), ("years", list(years.iter().rev().map(|&y| Value::from(y as i64))))]),
                );
                ("/search/".into(), "search.html", ctx)
            }
            Job::NotFound => {
                let ctx = self.base_context("404", "/404.html", self.t("not_found_title"), String::new(), "");
                ("/404.html".into(), "404.html", ctx)
            }
            Job::Feed(region) => {
                let ids = self.feed_ids(*region);
                let (title, path, alternate) = match region {
                    None => (cfg.title.clone(), "/atom.xml".to_string(), "/".to_string()),
                    Some(r) => {
                        let node = &g.regions[*r];
                        (format!("{} · {}", node.region.name, cfg.title), format!("{}atom.xml", node.url), node.url.clone())
                    }
                };

                let mut ctx = self.feed_context(&path, title, &alternate, ids.iter().map(|&i| self.updated(i)).max());
                let entries = list(ids.iter().map(|&i| {
                    let n = &g.nodes[i];
                    let mut m = to_map(&self.entries[i]);
                    m.insert("permalink".into(), cfg.permalink(&n.url).into());
                    m.insert("updated".into(), self.updated(i).into());
                    // A huge page would make every feed it is in huge too: readers get its summary.
                    let html =
                        if n.rendered.html.len() > FEED_CONTENT_MAX { n.rendered.summary_html.clone() } else { n.rendered.html.unpack() };
                    m.insert("content_html".into(), rebase(&html, &n.url, &self.feed_style).into());
                    // Plain text, not a safe value: the feed template escapes it once, like the content.
                    let summary = if n.summary_html.is_empty() { &n.rendered.summary_html } else { &n.summary_html };
                    m.insert("summary_html".into(), rebase(summary, &n.url, &self.feed_style).into());
                    Value::from(m)
                }));
                ctx.insert_value("entries", entries);
                (path, "atom.xml", ctx)
            }
            Job::Sitemap => {
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
                urls.sort();
                urls.dedup();
                let mut ctx = self.base_context("sitemap", "/sitemap.xml", String::new(), String::new(), "");
                ctx.insert_value(
                    "urls",
                    list(urls.into_iter().map(|(u, d)| obj([("loc", cfg.permalink(&u).into()), ("lastmod", opt(&d))]))),
                );
                ("/sitemap.xml".into(), "sitemap.xml", ctx)
            }
            Job::Bulletin(i) => return self.bulletin_context(*i),
            Job::BulletinIndex => return self.bulletins_index_context(),
            Job::BulletinFeed => return self.bulletin_feed_context(),
            Job::Dashboard(y) => return self.dashboard_context(*y),
            // `run` writes these without a template; `render_job` has nothing to render.
            Job::Static(_) | Job::Asset(_) | Job::SyntaxCss | Job::Robots | Job::DashboardCsv(_) => {
                anyhow::bail!("{job:?} is not rendered from a template")
            }
        })
    }

    fn updated(&self, i: PageId) -> String {
        let d = &self.g.nodes[i].doc;
        match (d.datetime, d.date) {
            (Some(dt), _) => dt.to_rfc3339(),
            (None, Some(date)) => format!("{}T00:00:00Z", date.format("%Y-%m-%d")),
            _ => "1970-01-01T00:00:00Z".into(),
        }
    }
}

/// The search script among the static files.
const SEARCH_JS: &str = "/search.js";

/// The dashboard's column-sorting script among the static files.
const SORTABLE_JS: &str = "/sortable.js";

/// The page numbers a paginator links to: the first and last pages and
/// two on either side of `current`, with `None` for each gap of skipped
/// pages (a gap of one page shows that page instead). Each list page thus
/// links to at most 9 pages, not to all of them: a list of 500 pages does
/// not repeat 500 links on each of its pages.
pub fn page_window(current: usize, total: usize) -> Vec<Option<usize>> {
    const AROUND: usize = 2;
    if total == 0 {
        return Vec::new();
    }
    let near = current.saturating_sub(AROUND).max(1)..=(current + AROUND).min(total);
    let mut shown: Vec<usize> = std::iter::once(1).chain(near).chain(std::iter::once(total)).collect();
    shown.dedup();
    let mut out = Vec::with_capacity(shown.len() + 2);
    let mut last = 0;
    for n in shown {
        if n == last + 2 {
            out.push(Some(last + 1));
        } else if n > last + 2 {
            out.push(None);
        }
        out.push(Some(n));
        last = n;
    }
    out
}

/// A template map as an owned map, to extend it with page-specific fields.
pub(super) fn to_map(v: &Value) -> tera::Map {
    // A copy of the map: keys and values are reference counted, so this
    // copies pointers (a report page's entry has two dozen fields).
    v.clone().into_map().unwrap_or_default()
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

/// Drops the characters XML 1.0 forbids even as references (C0 controls
/// other than tab and newlines, unpaired surrogates cannot occur in `String`,
/// U+FFFE and U+FFFF): content may contain them (`title: "a\bb"` in YAML),
/// and a feed with one is rejected whole by readers.
fn xml_chars(text: String) -> String {
    let ok = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
    if text.chars().all(ok) { text } else { text.chars().filter(|&c| ok(c)).collect() }
}

/// A Tera error with its whole chain of causes.
fn tera_error(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(&format!("\n  caused by: {s}"));
        source = s.source();
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paginators_link_a_window_of_pages() {
        let show = |c, t| page_window(c, t).iter().map(|n| n.map(|n| n.to_string()).unwrap_or("…".into())).collect::<Vec<_>>().join(" ");
        assert_eq!(show(1, 1), "1");
        assert_eq!(show(1, 3), "1 2 3");
        assert_eq!(show(1, 500), "1 2 3 … 500");
        assert_eq!(show(5, 500), "1 2 3 4 5 6 7 … 500");
        assert_eq!(show(250, 500), "1 … 248 249 250 251 252 … 500");
        assert_eq!(show(500, 500), "1 … 498 499 500");
        assert_eq!(show(496, 500), "1 … 494 495 496 497 498 499 500");
        assert_eq!(show(4, 9), "1 2 3 4 5 6 … 9");
        assert_eq!(show(3, 0), "");
    }

    #[test]
    fn pagination_urls() {
        assert_eq!(page_count(0, 10), 1);
        assert_eq!(page_count(21, 10), 3);
        assert_eq!(page_url("/reports/", 1), "/reports/");
        assert_eq!(page_url("/reports/", 3), "/reports/page/3/");
    }

    /// Every job's output, kept in memory.
    #[derive(Default)]
    struct Memory(std::sync::Mutex<BTreeMap<String, Vec<u8>>>);

    impl Sink for Memory {
        fn write(&self, site_path: &str, bytes: &[u8]) -> Result<()> {
            self.0.lock().map_err(|_| anyhow!("a writer panicked"))?.insert(site_path.to_string(), bytes.to_vec());
            Ok(())
        }
    }

    impl Memory {
        /// Renders `jobs` with `r` and gives back every file written.
        fn render(r: &Renderer, jobs: &[Job]) -> BTreeMap<String, Vec<u8>> {
            let written = Memory::default();
            r.render_all(jobs, &written, &|| {}).unwrap();
            written.0.into_inner().unwrap()
        }
    }

    /// The folder of the test fixture `name`.
    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
    }

    /// The site at `root`, which loads without errors.
    fn load_ok(root: &Path) -> crate::site::SiteGraph {
        let (g, diags) = crate::load_site(root, None, false);
        assert!(!diags.has_errors(), "{diags:?}");
        g
    }

    /// A copy of the `basic` fixture in a temporary folder.
    fn basic_copy() -> tempfile::TempDir {
        let from = fixture("basic");
        let tmp = tempfile::tempdir().unwrap();
        for entry in walkdir::WalkDir::new(&from).into_iter().map(|e| e.unwrap()) {
            let dest = tmp.path().join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&dest).unwrap();
            } else {
                std::fs::copy(entry.path(), &dest).unwrap();
            }
        }
        tmp
    }

    #[test]
    fn a_sites_own_script_changes_the_signature_of_the_page_linking_it() {
        let tmp = basic_copy();
        let root = tmp.path();
        let signatures = || {
            let graph = load_ok(root);
            let r = Renderer::new(&graph, root).unwrap();
            (r.signature(&Job::Search), r.signature(&Job::Static(SEARCH_JS.into())), r.render_job(&Job::Search).unwrap().1)
        };
        let (page, file, html) = signatures();
        std::fs::create_dir_all(root.join("static")).unwrap();
        std::fs::write(root.join("static/search.js"), "// the site's own\n").unwrap();
        let (page2, file2, html2) = signatures();
        assert_ne!(page, page2, "the search page links the new script");
        assert_ne!(file, file2, "the script itself changed");
        let v = format!("{SEARCH_JS}?v={}", crate::hash::short_hex(b"// the site's own\n"));
        assert!(!html.contains(&v) && html2.contains(&v), "{html2}");
    }

    #[test]
    fn dev_script_urls_carry_no_content_hash() {
        let root = fixture("basic");
        let graph = load_ok(&root);
        let r = Renderer::with_options(&graph, &root, RenderOptions { dev: true }).unwrap();
        let (_, html) = r.render_job(&Job::Search).unwrap();
        assert!(html.contains("src=\"/search.js?v=dev\""), "{html}");
    }

    #[test]
    fn the_site_feed_has_the_newest_reports_and_classes_together() {
        let root = fixture("regional");
        let g = load_ok(&root);
        let r = Renderer::new(&g, &root).unwrap();
        let mut all: Vec<PageId> = g.reports.iter().chain(&g.classes).copied().collect();
        all.sort_by(|&a, &b| (g.nodes[b].date(), &g.nodes[a].url).cmp(&(g.nodes[a].date(), &g.nodes[b].url)));
        all.truncate(FEED_ENTRIES);
        let ids = r.feed_ids(None);
        assert!(ids.iter().any(|i| g.classes.contains(i)) && ids.iter().any(|i| g.reports.contains(i)));
        assert_eq!(ids, all);
    }

    #[test]
    fn render_job_gives_what_a_build_writes() {
        let root = fixture("basic");
        let graph = load_ok(&root);
        let renderer = Renderer::new(&graph, &root).unwrap();
        let jobs = renderer.plan();
        let written = Memory::render(&renderer, &jobs);
        let mut templated = 0;
        for job in &jobs {
            match renderer.render_job(job) {
                Ok((path, text)) => {
                    assert_eq!(written.get(&path).map(Vec::as_slice), Some(text.as_bytes()), "{job:?}");
                    templated += 1;
                }
                Err(e) => {
                    assert!(!job.is_templated(), "{job:?}: {e:#}");
                }
            }
        }
        assert!(jobs.iter().any(|j| matches!(j, Job::Page(_))) && jobs.iter().any(|j| matches!(j, Job::List(..))));
        assert!(templated > jobs.len() / 2, "{templated} of {} jobs rendered from templates", jobs.len());
    }

    #[test]
    fn list_pages_show_each_card_as_the_component_renders_it_and_free_it_after_the_last() {
        let root = fixture("regional");
        let g = load_ok(&root);
        let r = Renderer::new(&g, &root).unwrap();
        let jobs = r.plan();
        // List pages come newest entry first, whichever list they belong to.
        let newest: Vec<chrono::NaiveDate> = jobs
            .iter()
            .filter_map(|j| match j {
                Job::List(i, n) => r.list_page(&r.lists[*i], *n).first().map(|&p| g.nodes[p].date()),
                _ => None,
            })
            .collect();
        assert!(newest.windows(2).all(|w| w[0] >= w[1]), "{newest:?}");
        let shared = g.reports.iter().filter(|&&p| r.cards.slots[p].lock().unwrap().1 >= 3).count();
        assert!(shared > 0, "reports appear on several lists");
        let written = Memory::render(&r, &jobs);
        assert!(r.cards.slots.iter().all(|s| s.lock().unwrap().0.is_none()), "every card is freed after its last list page");
        let page = std::str::from_utf8(&written["/reports/"]).unwrap();
        // Each card on the page is what the component writes inline.
        let l = &r.lists[0];
        assert_eq!(l.base, "/reports/");
        for &p in r.list_page(l, 1) {
            let mut ctx = Context::new();
            ctx.insert_value("e", r.entries[p].clone());
            let inline = r.tera.render_str("{{ <entry_card entry={e} level={2} /> }}", &ctx, true).unwrap();
            assert!(inline.contains(&g.nodes[p].url) && page.contains(&inline), "{inline}");
        }
    }

    #[test]
    fn a_finished_renderer_leaves_its_values_to_the_next_patched_one() {
        let root = fixture("basic");
        let g = load_ok(&root);
        let mut cache = EntryCache::default();
        let dev = RenderOptions { dev: true };
        let first = Renderer::with_cache(&g, &root, dev, Some(&mut cache)).unwrap();
        let entries = first.entries.clone();
        assert!(cache.last.is_empty(), "nothing is kept before the renderer finishes");
        first.keep_values(&mut cache);
        assert_eq!(cache.last.len(), g.nodes.len());
        cache.expect_patch(Vec::new());
        let second = Renderer::with_cache(&g, &root, dev, Some(&mut cache)).unwrap();
        assert!(cache.last.is_empty(), "the patched renderer took the kept values");
        assert!(second.entries == entries);
    }

    #[test]
    fn a_theme_whose_lists_do_not_use_cards_gets_none() {
        let tmp = basic_copy();
        let root = tmp.path();
        let templates = root.join("themes/default/templates");
        std::fs::create_dir_all(&templates).unwrap();
        let list = r#"{% extends "base.html" %}{% block content %}{% for e in entries %}<p class="mine">{{ e.title }}</p>{% endfor %}{% endblock content %}"#;
        std::fs::write(templates.join("list.html"), list).unwrap();
        let g = load_ok(root);
        let r = Renderer::new(&g, root).unwrap();
        assert!(r.cards.slots.is_empty());
        let (_, html) = r.render_job(&Job::List(0, 1)).unwrap();
        let first = &g.nodes[r.lists[0].items[0]].doc.title;
        assert!(html.contains(&format!("<p class=\"mine\">{first}</p>")), "{html}");
    }
}
