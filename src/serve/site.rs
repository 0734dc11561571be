//! The dev server's site: built into memory, rebuilt incrementally.
//!
//! A rebuild reloads only files whose modification time or size changed,
//! reuses the rendered Markdown of documents whose text and link environment
//! did not change, plans every job, and renders only the jobs whose
//! signature (see `render::signature`) differs from the last good build.
//! Outputs no longer planned (deleted or renamed pages) are dropped, so no
//! stale page survives. A rebuild with errors changes nothing: the last good
//! pages stay served.
//!
//! The most common edit, saving a page whose front matter is unchanged,
//! skips loading and the graph: the last good graph is patched in place
//! ([`DevSite::patch`], [`site::SiteGraph::patch_bodies`]) and the same
//! signing and rendering follow.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::Result;
use rayon::prelude::*;

use crate::diagnostics::Diagnostics;
use crate::output::{Sink, relative_key};
use crate::render::{EntryCache, Job, RenderOptions, Renderer};
use crate::site::{self, DevCache, SiteGraph};
use crate::{render_diagnostic, render_failure};

/// Output files kept in memory, keyed by their path in the output folder
/// (`reports/a/index.html`). Keys and bytes are shared: each snapshot the
/// server publishes copies pointers, not names or pages.
pub type Files = BTreeMap<Arc<str>, Arc<Vec<u8>>>;

/// Files rendered into memory: (site path, bytes), in no particular order.
struct MemorySink {
    files: Mutex<Vec<(String, Vec<u8>)>>,
}

impl MemorySink {
    fn new() -> MemorySink {
        MemorySink { files: Mutex::new(Vec::new()) }
    }

    /// The files written (none if a writer panicked).
    fn into_files(self) -> Vec<(String, Vec<u8>)> {
        self.files.into_inner().unwrap_or_default()
    }
}

impl Sink for MemorySink {
    fn write(&self, site_path: &str, bytes: &[u8]) -> Result<()> {
        let mut files = self.files.lock().map_err(|_| anyhow::anyhow!("render thread panicked"))?;
        files.push((site_path.to_string(), bytes.to_vec()));
        Ok(())
    }
}

/// A sink that refuses every file once `cancelled` is set, which stops
/// the search index being built for it.
struct Cancellable<'a> {
    sink: &'a MemorySink,
    cancelled: &'a AtomicBool,
}

impl Sink for Cancellable<'_> {
    fn write(&self, site_path: &str, bytes: &[u8]) -> Result<()> {
        if self.cancelled.load(Ordering::Relaxed) {
            anyhow::bail!("cancelled");
        }
        self.sink.write(site_path, bytes)
    }
}

/// Search index files: (site path, bytes).
pub type IndexFiles = Vec<(String, Vec<u8>)>;

/// What one rebuild did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Rebuild {
    /// Site paths of the jobs rendered.
    pub rendered: Vec<String>,
    /// Site paths whose bytes changed (a subset of `rendered`, plus new files).
    pub changed: Vec<String>,
    /// Site paths that no longer exist.
    pub removed: Vec<String>,
    /// True when only stylesheets changed (the browser swaps them in place).
    pub css_only: bool,
    /// True when the edit only changed page bodies and the last site was
    /// patched instead of loaded and built again.
    pub patched: bool,
    /// Jobs planned in all.
    pub planned: usize,
    /// Web pages among them (made from a template), counted as `build`
    /// counts them.
    pub pages: usize,
    /// Reports, classes and pages of the site, as `build` and `check` count them.
    pub content: usize,
    /// Seconds the rebuild took.
    pub seconds: f64,
    /// Warnings of the site.
    #[serde(skip)]
    pub warnings: Diagnostics,
}

impl Rebuild {
    /// A rebuild's report before its files are stored: (jobs, web pages,
    /// reports, classes and pages) planned, whether it patched the last
    /// site, and the site's warnings.
    fn counted((planned, pages, content): (usize, usize, usize), patched: bool, warnings: Diagnostics) -> Rebuild {
        Rebuild { planned, pages, content, patched, warnings, ..Rebuild::default() }
    }
}

/// A hash of what the search index is made from: the pages, the regions,
/// the bulletin issues and the settings.
fn search_signature(graph: &SiteGraph) -> u64 {
    let regions: Vec<&String> = graph.regions.iter().map(|r| &r.region.text).collect();
    let pages: Vec<u64> = graph.nodes.iter().map(|n| n.version).collect();
    crate::hash::hash_of(&(crate::hash::debug_hash_of(&graph.config), pages, regions, graph.regional.versions.bulletins))
}

/// A site built into memory.
pub struct DevSite {
    root: PathBuf,
    drafts: bool,
    base_url: String,
    dev_cache: DevCache,
    entry_cache: EntryCache,
    language: crate::language::Language,
    /// Site path -> (job signature, bytes).
    outputs: HashMap<String, (u64, Arc<Vec<u8>>)>,
    /// The same files by output path, kept up to date with `outputs`.
    files: Files,
    /// What the search index was last built from.
    search_sig: Option<u64>,
    /// A site whose search index is out of date, kept for [`DevSite::refresh_search`].
    pending_search: Option<(u64, Arc<SiteGraph>)>,
    /// The site of the last successful rebuild, and its warnings (what an
    /// edit of a page's body patches).
    graph: Option<Arc<SiteGraph>>,
    warnings: Diagnostics,
}

impl DevSite {
    /// A site at `root`, served at `base_url`.
    pub fn new(root: &Path, drafts: bool, base_url: &str) -> DevSite {
        DevSite {
            root: root.to_path_buf(),
            drafts,
            base_url: base_url.to_string(),
            dev_cache: DevCache { preview_unreviewed: true, ..DevCache::default() },
            entry_cache: EntryCache::default(),
            language: crate::language::Language::default(),
            outputs: HashMap::new(),
            files: Files::new(),
            search_sig: None,
            pending_search: None,
            graph: None,
            warnings: Diagnostics::default(),
        }
    }

    /// Rebuilds what changed. `changed` are the paths the watcher reported
    /// (`None`: look at everything). On errors nothing changes and every
    /// diagnostic (warnings included) is returned.
    pub fn rebuild(&mut self, changed: Option<&[PathBuf]>) -> std::result::Result<Rebuild, Diagnostics> {
        let start = Instant::now();
        let mut phases = crate::timing::Phases::start("  ");
        // Whatever goes wrong below, the next rebuild starts afresh.
        let last = self.graph.take();
        let patched = match (changed, last) {
            (Some(paths), Some(last)) => self.patch(paths, last),
            _ => None,
        };
        let was_patched = patched.is_some();
        let (graph, diags) = match patched {
            Some(patched) => {
                phases.mark("patch");
                patched
            }
            None => {
                // What `build` loads and checks, from the caches.
                let (graph, diags) =
                    crate::load_site_cached(&self.root, Some(&self.base_url), self.drafts, Some(&mut self.dev_cache), changed);
                self.language = graph.config.language;
                phases.mark("load and graph");
                if diags.has_errors() {
                    return Err(diags);
                }
                (Arc::new(graph), diags)
            }
        };
        let one_error = |e: anyhow::Error| Diagnostics::from(vec![render_diagnostic(&self.root, &e)]);
        let renderer =
            Renderer::with_cache(&graph, &self.root, RenderOptions { dev: true }, Some(&mut self.entry_cache)).map_err(one_error)?;
        phases.mark("renderer");
        let jobs = renderer.plan();
        // Each job's path and signature, and whether its output is out of date.
        let outputs = &self.outputs;
        let signed: Vec<(String, u64, bool)> = jobs
            .par_iter()
            .map(|job| {
                let (path, sig) = (renderer.job_path(job), renderer.signature(job));
                let stale = outputs.get(&path).map(|(s, _)| *s) != Some(sig);
                (path, sig, stale)
            })
            .collect();
        let to_render: Vec<Job> = jobs.iter().zip(&signed).filter(|(_, s)| s.2).map(|(job, _)| job.clone()).collect();
        phases.mark("plan and signatures");
        let sink = MemorySink::new();
        renderer.render_all(&to_render, &sink, &|| {}).map_err(|e| render_failure(&self.root, e))?;
        phases.mark("render");
        // Anchors into generated pages, as `check` and `build` report them.
        let anchors = renderer.check_site_anchors();
        if !anchors.is_empty() {
            let mut all = diags.clone();
            all.extend(Diagnostics::from(anchors));
            return Err(all);
        }
        phases.mark("site anchors");
        let rendered_files = sink.into_files();
        renderer.keep_values(&mut self.entry_cache);
        phases.mark("renderer values kept");
        // The search index, whole, whenever what it indexes changed;
        // otherwise the previous one stays.
        let search_sig = search_signature(&graph);
        let index_sink = MemorySink::new();
        let stale = self.search_sig != Some(search_sig);
        // After an edit the pages are served first; the index, which takes
        // longer than everything else, follows (`refresh_search`).
        let defer = stale && changed.is_some();
        if stale && !defer {
            crate::search::build(&graph, &index_sink).map_err(one_error)?;
            phases.mark("search index");
            self.search_sig = Some(search_sig);
            self.pending_search = None;
        }
        phases.mark("search signature");
        // Without a new index now, the previous one stays served.
        let keep_index = !stale || defer;
        let index_files = index_sink.into_files();
        let pages = jobs.iter().filter(|j| j.is_templated()).count();
        let counts = (jobs.len(), pages, graph.pages.len());
        let mut report = Rebuild::counted(counts, was_patched, diags.clone());
        let fresh_sigs: HashMap<&str, u64> = signed.iter().filter(|s| s.2).map(|s| (s.0.as_str(), s.1)).collect();
        for (path, bytes) in rendered_files {
            let sig = fresh_sigs.get(path.as_str()).copied().unwrap_or(0);
            let same = self.outputs.get(&path).is_some_and(|(_, old)| old.as_slice() == bytes.as_slice());
            if !same {
                report.changed.push(path.clone());
            }
            report.rendered.push(path.clone());
            self.put(path, sig, bytes);
        }
        let new_index = self.store_index(index_files, &mut report.changed);
        // A patched site plans the same jobs as the last one: nothing is gone.
        if !was_patched {
            let planned: std::collections::HashSet<&str> = signed.iter().map(|s| s.0.as_str()).collect();
            let gone: Vec<String> = self
                .outputs
                .keys()
                .filter(|p| !(planned.contains(p.as_str()) || new_index.contains(*p) || keep_index && is_index_file(p)))
                .cloned()
                .collect();
            for p in gone {
                self.drop_output(&p);
                report.removed.push(p);
            }
        }
        phases.mark("outputs stored");
        report.rendered.sort();
        report.changed.sort();
        report.removed.sort();
        report.css_only = !report.changed.is_empty() && report.removed.is_empty() && report.changed.iter().all(|p| p.ends_with(".css"));
        report.seconds = start.elapsed().as_secs_f64();
        if defer {
            self.pending_search = Some((search_sig, graph.clone()));
        }
        self.graph = Some(graph);
        self.warnings = diags;
        phases.mark("done");
        Ok(report)
    }

    /// The fast path of the most common edit: the bodies of pages saved, their
    /// front matter as it was. Reloads just those files and patches the last
    /// good site (see [`site::SiteGraph::patch_bodies`]). `None` when the
    /// edit is anything else (another kind of file, a new or deleted file,
    /// changed front matter, a new problem, or a page with warnings before):
    /// the caller then loads and builds the whole site, which finds and
    /// reports everything. On success returns the site and its warnings,
    /// which are the last build's.
    ///
    /// The checks across files that the full path runs
    /// ([`crate::site::checks`]) are not run again: they look
    /// at bulletin notes, assessments and pages' front matter (regions,
    /// dates), none of which an edit taking this path changes, so their
    /// findings are the last build's, among the warnings returned.
    fn patch(&mut self, paths: &[PathBuf], mut graph: Arc<SiteGraph>) -> Option<(Arc<SiteGraph>, Diagnostics)> {
        let mut unique: Vec<&PathBuf> = paths.iter().filter(|p| !self.dev_cache.files.ignores(&self.root, p)).collect();
        unique.sort();
        unique.dedup();
        let mut docs = Vec::with_capacity(unique.len());
        for path in unique {
            // What the server does not watch (the output, the manifest) is no edit.
            if !crate::inputs::is_source(&self.root, path) {
                continue;
            }
            let (doc, diags) = self.dev_cache.files.reload_doc(&self.root, path)?;
            if !diags.is_empty() || self.warnings.iter().any(|d| d.path == doc.shown) {
                return None;
            }
            docs.push(doc);
        }
        // The site may still be shared with the search index of the last edit.
        let ids = Arc::make_mut(&mut graph).patch_bodies(&docs, &mut self.dev_cache)?;
        self.entry_cache.expect_patch(ids);
        // Taken, not copied: `rebuild` puts the warnings back when it
        // succeeds, and after a failure the next rebuild loads the whole
        // site (no graph to patch), which finds them again.
        Some((graph, std::mem::take(&mut self.warnings)))
    }

    /// The site whose search index the last rebuild left out of date, with
    /// the signature to hand back to [`DevSite::apply_search`]. The dev server
    /// builds that index on another thread while it serves the new pages.
    pub fn take_pending_search(&mut self) -> Option<(u64, Arc<SiteGraph>)> {
        self.pending_search.take()
    }

    /// Builds the search index files of `graph` (what `take_pending_search` gave).
    pub fn build_search(graph: &site::SiteGraph) -> Result<IndexFiles> {
        let never = AtomicBool::new(false);
        Ok(Self::build_search_unless(graph, &never)?.unwrap_or_default())
    }

    /// [`DevSite::build_search`], given up (`None`) as soon as `cancelled`
    /// is set: a newer edit has made this index moot.
    pub fn build_search_unless(graph: &site::SiteGraph, cancelled: &AtomicBool) -> Result<Option<IndexFiles>> {
        let sink = MemorySink::new();
        let gave_up = || cancelled.load(Ordering::Relaxed);
        if gave_up() {
            return Ok(None);
        }
        let built = crate::search::build(graph, &Cancellable { sink: &sink, cancelled });
        if gave_up() {
            return Ok(None);
        }
        built?;
        Ok(Some(sink.into_files()))
    }

    /// Puts a freshly built search index in place of the previous one.
    pub fn apply_search(&mut self, sig: u64, files: IndexFiles) -> Rebuild {
        let mut report = Rebuild::default();
        let fresh = self.store_index(files, &mut report.changed);
        let gone: Vec<String> = self.outputs.keys().filter(|p| is_index_file(p) && !fresh.contains(*p)).cloned().collect();
        for p in gone {
            self.drop_output(&p);
            report.removed.push(p);
        }
        report.changed.sort();
        report.removed.sort();
        self.search_sig = Some(sig);
        report
    }

    /// The site's language (for messages), as of the last rebuild.
    pub fn language(&self) -> crate::language::Language {
        self.language
    }

    /// The current files, keyed by output-relative file path.
    pub fn files(&self) -> Files {
        self.files.clone()
    }

    /// Stores the files of a search index and adds to `changed` those whose
    /// bytes changed (index files are not render jobs, so have no
    /// signature). Returns their site paths.
    fn store_index(&mut self, files: IndexFiles, changed: &mut Vec<String>) -> BTreeSet<String> {
        let mut stored = BTreeSet::new();
        for (path, bytes) in files {
            if self.outputs.get(&path).is_none_or(|(_, old)| old.as_slice() != bytes.as_slice()) {
                changed.push(path.clone());
            }
            stored.insert(path.clone());
            self.put(path, 0, bytes);
        }
        stored
    }

    /// Stores an output (and its entry in `files`).
    fn put(&mut self, site_path: String, sig: u64, bytes: Vec<u8>) {
        let bytes = Arc::new(bytes);
        let key = relative_key(&site_path);
        match self.files.get_mut(key.as_str()) {
            Some(b) => *b = bytes.clone(),
            None => {
                self.files.insert(key.into(), bytes.clone());
            }
        }
        self.outputs.insert(site_path, (sig, bytes));
    }

    /// Forgets an output.
    fn drop_output(&mut self, site_path: &str) {
        self.outputs.remove(site_path);
        self.files.remove(relative_key(site_path).as_str());
    }

    /// Every site path currently built.
    pub fn paths(&self) -> BTreeSet<String> {
        self.outputs.keys().cloned().collect()
    }
}

/// A file of the search index (not the search page itself).
fn is_index_file(site_path: &str) -> bool {
    site_path.starts_with("/search/") && site_path != "/search/"
}
