//! regionpress: a static site generator for regional party-building
//! bulletins (区域化党建), built for Chinese content.
//!
//! The pipeline flows one way:
//!
//! ```text
//! load (walkdir + front matter)  ->  validate (collect every Diagnostic)
//!   ->  SiteGraph::build (immutable, all lists sorted, Markdown rendered)
//!   ->  plan (a list of render jobs)  ->  render in parallel (rayon, Tera)
//!   ->  staging directory, swapped in atomically
//! ```
//!
//! Nothing is written unless the whole site validated and rendered.

#![warn(missing_docs)]
#![warn(clippy::unwrap_used)]

pub mod color;
pub mod config;
pub mod content;
pub mod content_path;
pub mod diagnostics;
pub mod escape;
pub mod files;
pub mod front_matter;
pub mod graph;
pub mod hash;
pub mod inputs;
pub mod language;
pub mod markdown;
pub mod messages;
pub mod output;
pub mod period;
pub mod regional;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod svg;
#[cfg(test)]
mod test_site;
pub mod text;
pub mod timing;
pub mod url_scheme;

use std::path::{Path, PathBuf};
use std::time::Instant;

use config::SiteConfig;
use diagnostics::{Diagnostic, Diagnostics};
use language::Language;

/// What `build` is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holding `site.yaml` and `content/`).
    pub root: PathBuf,
    /// Output folder; `<root>/public` by default.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Build drafts too.
    pub drafts: bool,
    /// Show a progress bar (the caller decides: terminal and not quiet).
    pub progress: bool,
    /// The language of what the build prints while it runs (the line
    /// saying it waits for another build); the site's `language` when
    /// `None`.
    pub lang: Option<Language>,
    /// Write into an existing non-empty output folder that regionpress did
    /// not make (its files are replaced). Never overrides the other
    /// refusals (a file, a link, the site itself, a repository).
    pub force: bool,
}

/// A successful build.
#[derive(Debug)]
pub struct BuildSummary {
    /// Pages rendered (HTML and XML).
    pub pages: usize,
    /// All files in the output.
    pub files: usize,
    /// Files written with new bytes.
    pub written: usize,
    /// Files whose bytes were unchanged (kept, with their modification time).
    pub unchanged: usize,
    /// Warnings found.
    pub warnings: Diagnostics,
    /// Wall time.
    pub seconds: f64,
    /// Where the site went.
    pub output: PathBuf,
    /// The site's language (for printing the warnings).
    pub language: Language,
}

/// Why a build failed. Each kind has its own exit status (see
/// `docs/errors.md`): content 1, output and usage 2.
#[derive(Debug)]
pub enum BuildError {
    /// The content or the theme has errors (all of them, warnings
    /// included), and the site's language to print them in.
    Content(Diagnostics, Language),
    /// The output cannot be written: an output folder refused, or an
    /// operating-system error while writing (one `io` or `output-refused`
    /// diagnostic, with the path), and the language to print it in. The
    /// previous output is as it was.
    Output(Diagnostics, Language),
    /// Usage problem (no such site folder).
    Other(anyhow::Error),
}

impl From<anyhow::Error> for BuildError {
    fn from(e: anyhow::Error) -> Self {
        BuildError::Other(e)
    }
}

/// Loads and validates the site at `root`: config, content, the graph,
/// the checks across files ([`site::checks`]) and of every output file's owner
/// and name ([`render::check_outputs`]).
pub fn load_site(root: &Path, base_url: Option<&str>, drafts: bool) -> (site::SiteGraph, Diagnostics) {
    load_site_cached(root, base_url, drafts, None, None)
}

/// [`load_site`], reusing what `cache` kept from an earlier load (files
/// not modified since, rendered Markdown, regional figures) and refreshing it; `changed`,
/// when known, lists the paths changed since (see
/// [`content::load_incremental`]). The dev server's way to load a site:
/// whatever the caches hold, the result and its diagnostics are
/// [`load_site`]'s.
pub fn load_site_cached(
    root: &Path,
    base_url: Option<&str>,
    drafts: bool,
    cache: Option<&mut site::DevCache>,
    changed: Option<&[PathBuf]>,
) -> (site::SiteGraph, Diagnostics) {
    let (graph, diags, ()) = load_site_inner(root, base_url, drafts, cache, changed, |_| ());
    (graph, diags)
}

/// [`load_site_cached`], running `beside` while the graph is built, on the
/// files the load read (`site.yaml` and the content files, each with the
/// XXH3-128 hash of its bytes; none when loading with a cache): a build
/// fingerprints its inputs there, on one core while the graph has the
/// other, instead of after it.
fn load_site_inner<R: Send>(
    root: &Path,
    base_url: Option<&str>,
    drafts: bool,
    mut cache: Option<&mut site::DevCache>,
    changed: Option<&[PathBuf]>,
    beside: impl FnOnce(Vec<(PathBuf, u128)>) -> R + Send,
) -> (site::SiteGraph, Diagnostics, R) {
    let mut phases = timing::Phases::start("    site/");
    let mut diags = Diagnostics::default();
    let (mut config, config_hash) = SiteConfig::load(root, &mut diags);
    if let Some(url) = base_url
        && config.set_base_url(url).is_err()
    {
        diags.push(
            Diagnostic::new("--base-url", 0, 0, messages::Message::ConfigBaseUrl { url: url.to_string() })
                .with_hint(messages::Hint::BaseUrlExample),
        );
    }
    let mut content = content::load_incremental(root, &mut diags, cache.as_deref_mut().map(|c| &mut c.files), changed);
    let mut read = std::mem::take(&mut content.read);
    read.extend(config_hash.map(|h| (root.join("site.yaml"), h)));
    phases.mark("load");
    let theme = config.theme.clone();
    let (mut graph, beside) = rayon::join(|| site::build(config, content, drafts, &mut diags, cache), move || beside(read));
    phases.mark("graph");
    // What the renderer would skip or refuse in `static/` and the theme,
    // reported here so that `check` finds it too; and the SVG images the
    // pages publish, read and cleaned once.
    diags.extend(files::check_folders(root, &theme));
    let (svgs, svg_diags) = svg::clean_assets(root, &graph.assets);
    graph.svgs = svgs;
    diags.extend(svg_diags);
    phases.mark("static files and SVG images");
    render::check_outputs(&graph, root, &mut diags);
    phases.mark("outputs");
    (graph, diags, beside)
}

/// A problem with the theme's templates (or rendering with them), from
/// the message `detail`.
pub(crate) fn template_error(detail: impl Into<String>) -> Diagnostic {
    Diagnostic::new("themes", 0, 0, messages::Message::Template { detail: detail.into() })
}

/// What `check` is asked to do.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Treat drafts as published (as `build --drafts` would).
    pub drafts: bool,
}

/// The outcome of `check`: every diagnostic, and what was looked at.
#[derive(Debug)]
pub struct CheckReport {
    /// Errors and warnings.
    pub diagnostics: Diagnostics,
    /// The site's language (from site.yaml).
    pub language: Language,
    /// Published reports, classes and free pages checked.
    pub pages: usize,
    /// Regions checked.
    pub regions: usize,
}

/// Loads and validates the site, checks internal links and anchors and
/// every output file's owner and name (as `build` does, before writing),
/// and compiles the theme's templates, writing nothing. Errors in the content
/// are diagnostics in the report; `Err` means the check could not run.
pub fn check(opts: &CheckOptions) -> anyhow::Result<CheckReport> {
    let root = output::absolute(&opts.root);
    if !root.is_dir() {
        anyhow::bail!("site folder `{}` does not exist", root.display());
    }
    let (graph, mut diags) = load_site(&root, None, opts.drafts);
    if let Err(e) = render::Renderer::new(&graph, &root) {
        diags.push(template_error(format!("{e:#}")));
    }
    Ok(CheckReport { language: graph.config.language, pages: graph.pages.len(), regions: graph.regions.len(), diagnostics: diags })
}

/// The language of the site at `root`, read from `site.yaml` alone (for
/// problems found before the site is loaded).
fn language_of(root: &Path) -> Language {
    SiteConfig::load(root, &mut Diagnostics::default()).0.language
}

/// A refused output folder, as a build error.
fn output_refused(root: &Path, out: &Path, reason: messages::OutputRefusal, language: Language) -> BuildError {
    use messages::{Hint, Message, OutputRefusal};
    let path = diagnostics::display_path(root, out);
    let hint = if reason == OutputRefusal::NotOurs { Hint::OtherOutputOrForce } else { Hint::OtherOutput };
    let d = Diagnostic::new(path.clone(), 0, 0, Message::OutputRefused { path, reason }).with_hint(hint);
    BuildError::Output(Diagnostics::from(vec![d]), language)
}

/// An error of the output stage, as a build error: one `io` diagnostic
/// naming the file and the system's error.
fn output_failed(root: &Path, out: &Path, e: &anyhow::Error, language: Language) -> BuildError {
    let (path, detail) = match e.downcast_ref::<output::OutputError>() {
        Some(oe) => (diagnostics::display_path(root, &oe.path), oe.source.to_string()),
        None => (diagnostics::display_path(root, out), format!("{e:#}")),
    };
    let d = Diagnostic::new(path.clone(), 0, 0, messages::Message::WriteFailed { path, detail });
    BuildError::Output(Diagnostics::from(vec![d]), language)
}

/// Builds the site. Writes nothing unless everything succeeded.
///
/// The output folder is checked before anything is loaded (a refused
/// folder costs nothing), then locked for the writing and checked again
/// with the lock held: a second build into the same output waits for the
/// first (printing that it waits) and then finds it up to date or builds
/// on it; never do two builds write one output at once.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let start = Instant::now();
    let root = output::absolute(&opts.root);
    let out_dir = opts.output.as_ref().map(|o| output::absolute(o)).unwrap_or_else(|| root.join("public"));
    if !root.is_dir() {
        return Err(anyhow::anyhow!("site folder `{}` does not exist", root.display()).into());
    }
    if let Err(reason) = output::check_output_dir(&root, &out_dir, opts.force) {
        return Err(output_refused(&root, &out_dir, reason, language_of(&root)));
    }
    let mut phases = timing::Phases::start("");
    markdown::warm_up();
    let options = format!("base_url={:?} drafts={}", opts.base_url, opts.drafts);
    // Content files are fingerprinted by the bytes the loader read, the
    // bytes this build renders; the others (settings, theme, static files,
    // assets) are read while the graph is built, before the renderer reads
    // them. A file saved during the build then makes the recorded
    // fingerprint older than the output, never newer, so the next build
    // renders again rather than keeping a stale page.
    let (mut graph, diags, inputs) =
        load_site_inner(&root, opts.base_url.as_deref(), opts.drafts, None, None, |read| inputs::fingerprint(&root, &options, &read));
    phases.mark("load, graph and fingerprint");
    let language = graph.config.language;
    if diags.has_errors() {
        return Err(BuildError::Content(diags, language));
    }
    graph.release_sources();
    output::return_free_memory();
    let failed = |e: anyhow::Error| output_failed(&root, &out_dir, &e, language);
    output::Staging::make_parent_of(&out_dir).map_err(failed)?;
    let said = opts.lang.unwrap_or(language);
    let lock =
        output::OutputLock::acquire(&out_dir, &|pid| eprintln!("{}", messages::waiting_for_output(said, &out_dir, pid))).map_err(failed)?;
    // Again with the lock held: the folder may have changed while the site
    // loaded or while this build waited.
    if let Err(reason) = output::check_output_dir(&root, &out_dir, opts.force) {
        return Err(output_refused(&root, &out_dir, reason, language));
    }
    let staging = output::Staging::prepare(&out_dir, inputs, lock).map_err(failed)?;
    if let Some((pages, files)) = staging.up_to_date() {
        phases.mark("up to date");
        return Ok(BuildSummary {
            pages,
            files,
            written: 0,
            unchanged: files,
            warnings: diags,
            seconds: start.elapsed().as_secs_f64(),
            output: out_dir,
            language,
        });
    }
    // The search index first: its postings are freed before the template
    // values of every page are built, so the two never add up in memory.
    // On any error below, dropping `staging` throws its folder away.
    let index_files = search::build(&graph, &|path, bytes| output::Sink::write(&staging, path, bytes)).map_err(failed)?.files;
    phases.mark("search");
    // A theme error is a problem of the site (exit 1), as `check`
    // reports it; dropping `staging` leaves the previous output as it was.
    let renderer = match render::Renderer::new(&graph, &root) {
        Ok(r) => r,
        Err(e) => {
            let mut all = diags;
            all.push(template_error(format!("{e:#}")));
            return Err(BuildError::Content(all, language));
        }
    };
    let jobs = renderer.plan();
    phases.mark("templates and plan");
    let pages = jobs.iter().filter(|j| j.is_templated()).count();
    let bar = if opts.progress && jobs.len() > 2000 {
        let bar = indicatif::ProgressBar::new(jobs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(bar)
    } else {
        None
    };
    let result = renderer.render_all(&jobs, &staging, &|| {
        if let Some(b) = &bar {
            b.inc(1);
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let result = result.map(|files| files + index_files);
    phases.mark("render");
    match result {
        Ok(files) => {
            let (written, unchanged) = staging.counts();
            staging.commit(pages).map_err(failed)?;
            phases.mark("commit");
            // Freeing the site graph and the template values took 60 ms
            // on one core at 10k reports. A pool thread frees them, off the
            // caller's path: the command line exits before it is done (and
            // the system takes the memory back at once), a caller that goes
            // on gets the memory back shortly after.
            let leftovers = (renderer.into_values(), jobs, graph);
            rayon::spawn(move || drop(leftovers));
            Ok(BuildSummary {
                pages,
                files,
                written,
                unchanged,
                warnings: diags,
                seconds: start.elapsed().as_secs_f64(),
                output: out_dir,
                language,
            })
        }
        Err(mut errors) => {
            // A write that failed (a full disk, a name too long for the
            // file system) stopped the rendering: it is the one problem
            // to report, not the template errors it caused.
            if let Some(i) = errors.iter().position(|e| e.downcast_ref::<output::OutputError>().is_some()) {
                return Err(failed(errors.swap_remove(i)));
            }
            let list: Vec<Diagnostic> = errors.into_iter().map(|e| template_error(format!("{e:#}"))).collect();
            let mut all = diags;
            all.extend(Diagnostics::from(list));
            Err(BuildError::Content(all, language))
        }
    }
}
