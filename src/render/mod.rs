//! Rendering: the site graph becomes a plan of [`Job`]s (one per output
//! file), rendered in parallel with Tera and handed to a sink (the
//! staging folder of a build, the dev server's memory).
//!
//! The files, one concern each:
//! - `plan`: the jobs, the paginated lists and each job's output path;
//! - `outputs`: the check that every output file has one owner and a name
//!   file systems take;
//! - `values`: graph data made into template values once per renderer and
//!   shared (list entries, region cards, issue references, the globals);
//! - `entries`: the dev server's cache of list entries ([`EntryCache`]);
//! - `context/`: the template context of each page kind, one function per
//!   kind;
//! - `runner`: rendering the jobs in parallel and writing them to a sink;
//! - `signature`: what each job depends on, for the dev server;
//! - `theme`, `urls`, `text`: the theme's files, URL rebasing, text of HTML.

mod context;
mod documents;
mod entries;
mod feed_links;
mod gallery;
mod outputs;
mod plan;
mod runner;
mod signature;
// Anchors into generated pages, checked on the rendered page.
mod site_anchors;
mod text;
pub(crate) mod theme;
pub mod urls;
mod values;

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Result, anyhow};
use tera::{Tera, Value};

pub use documents::ExportFailure;
pub use entries::EntryCache;
pub use outputs::check as check_outputs;
pub use plan::{Job, ListId, ListSpec, export_jobs, export_path, page_count, page_url, page_window};
pub use runner::RenderError;
pub use text::{atom_day, date_display, html_to_text, plain_text};
pub use theme::{StaticSource, Theme};
use urls::UrlStyle;

use crate::site::SiteGraph;

/// Pages whose HTML is larger than this appear in feeds by their summary.
const FEED_CONTENT_MAX: usize = 512 << 10;

/// Entries in an Atom feed.
const FEED_ENTRIES: usize = 20;

/// The search script among the static files.
const SEARCH_JS: &str = "/search.js";

/// The dashboard's column-sorting script among the static files.
const SORTABLE_JS: &str = "/sortable.js";

/// Everything needed to render a site.
pub struct Renderer<'g> {
    g: &'g SiteGraph,
    root: &'g Path,
    tera: Tera,
    theme: Theme,
    /// Output site path -> source of every static file: the theme's, with
    /// the site's `static/` over them (moved out of `theme.statics`).
    statics: BTreeMap<String, StaticSource>,
    /// How site paths are written in pages (prefixed or relative).
    style: UrlStyle,
    /// How they are written in feeds (absolute).
    feed_style: UrlStyle,
    /// Shared values (see `values`): region references and cards by region
    /// id, mode and tag references by mode and tag id.
    region_refs: Vec<Value>,
    region_cards: Vec<Value>,
    mode_refs: Vec<Value>,
    tag_refs: Vec<Value>,
    /// The list entry of each page, by page id.
    entries: Vec<Value>,
    /// The paginated lists, in a fixed order (`List` jobs index them).
    lists: Vec<ListSpec>,
    cards: values::Cards,
    syntax_css: String,
    options: RenderOptions,
    /// What job signatures are made of: computed on the first
    /// [`Renderer::signature`] (only the dev server signs jobs).
    versions: std::sync::OnceLock<signature::Versions>,
    /// A hash of what the `site` global holds besides the settings, regions
    /// and modes (file hashes in URLs, navigation): part of every signature.
    site_version: u64,
    /// Each page's place in the list its newer/older links walk.
    sibling_index: Vec<Option<usize>>,
    /// The reference of every bulletin issue (shared by the pages that list issues).
    issue_refs: Vec<Value>,
    /// The fonts of the PDF exports, found on first use.
    fonts: std::sync::OnceLock<crate::export::fonts::Fonts>,
    /// Where exported files are kept between builds.
    export_cache: crate::export::cache::Cache,
}

/// How a renderer is used.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Serving from memory: stylesheet and script URLs carry no content hash,
    /// so a stylesheet edit changes only the stylesheet (the browser swaps it).
    pub dev: bool,
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
        tera.add_raw_templates(sources).map_err(|e| anyhow!("{}", runner::tera_error(&e)))?;
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
            cards: values::Cards::default(),
            syntax_css,
            options,
            versions: std::sync::OnceLock::new(),
            site_version: 0,
            sibling_index: Vec::new(),
            issue_refs: Vec::new(),
            fonts: std::sync::OnceLock::new(),
            export_cache: crate::export::cache::Cache::new(&crate::export::cache::cache_root(root)),
        };
        let mut cache = cache;
        let patched = cache.as_deref_mut().and_then(|c| c.patched.take());
        match (patched, cache) {
            (Some(ids), Some(c)) if c.last.len() == g.nodes.len() => r.patch_values(&ids, c),
            (_, c) => {
                r.prepare_values(c);
                phases.mark("values");
                r.prepare_issue_refs();
            }
        }
        phases.mark("regional values");
        r.prepare_lists();
        r.index_siblings();
        r.prepare_globals()?;
        phases.mark("lists and globals");
        Ok(r)
    }

    /// Ends a renderer, handing back what holds most of its memory: the
    /// list-entry values by page id and the bulletin-issue values (owned,
    /// so the caller may free them on another thread).
    pub fn into_values(self) -> (Vec<Value>, Vec<Value>) {
        (self.entries, self.issue_refs)
    }
}

#[cfg(test)]
mod tests {
    use anyhow::Result;
    use tera::Context;

    use super::*;
    use crate::graph::PageId;
    use crate::output::Sink;

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
    pub(super) fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
    }

    /// The site at `root`, which loads without errors.
    pub(super) fn load_ok(root: &Path) -> crate::site::SiteGraph {
        let (g, diags) = crate::load_site(root, None, false);
        assert!(!diags.has_errors(), "{diags:?}");
        g
    }

    /// A copy of the `basic` fixture in a temporary folder.
    pub(super) fn basic_copy() -> tempfile::TempDir {
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
        let shared = g.reports.iter().filter(|&&p| r.cards.slots[p.index()].lock().unwrap().1 >= 3).count();
        assert!(shared > 0, "reports appear on several lists");
        let written = Memory::render(&r, &jobs);
        assert!(r.cards.slots.iter().all(|s| s.lock().unwrap().0.is_none()), "every card is freed after its last list page");
        let page = std::str::from_utf8(&written["/reports/"]).unwrap();
        // Each card on the page is what the component writes inline.
        let l = &r.lists[0];
        assert_eq!(l.base, "/reports/");
        for &p in r.list_page(l, 1) {
            let mut ctx = Context::new();
            ctx.insert_value("e", r.entries[p.index()].clone());
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
        let (_, html) = r.render_job(&Job::List(ListId(0), 1)).unwrap();
        let first = &g.nodes[r.lists[0].items[0]].doc.title;
        assert!(html.contains(&format!("<p class=\"mine\">{first}</p>")), "{html}");
    }

    #[test]
    fn a_failed_write_stops_the_jobs_as_one_io_error() {
        let root = fixture("basic");
        let graph = load_ok(&root);
        let r = Renderer::new(&graph, &root).unwrap();
        let jobs = r.plan();
        let tried = std::sync::atomic::AtomicUsize::new(0);
        let full = |path: &str, _: &[u8]| -> Result<()> {
            tried.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Err(crate::output::OutputError::writing(Path::new(path))(std::io::Error::other("no space left")))
        };
        match r.render_all(&jobs, &full, &|| {}) {
            Err(RenderError::Io(e)) => assert_eq!(e.access, crate::output::Access::Write),
            other => panic!("{other:?}"),
        }
        let tried = tried.into_inner();
        assert!(tried < jobs.len() / 2, "{tried} of {} jobs were tried after the first failed", jobs.len());
    }

    #[test]
    fn a_template_failing_to_render_is_a_template_error() {
        let tmp = basic_copy();
        let root = tmp.path();
        let templates = root.join("themes/default/templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(templates.join("404.html"), "{{ missing.field }}").unwrap();
        let g = load_ok(root);
        let r = Renderer::new(&g, root).unwrap();
        let jobs = r.plan();
        match r.render_all(&jobs, &Memory::default(), &|| {}) {
            Err(RenderError::Templates(errors)) => {
                assert_eq!(errors.len(), 1);
                assert!(format!("{:#}", errors[0]).contains("404.html"), "{:#}", errors[0]);
            }
            other => panic!("{other:?}"),
        }
    }
}
