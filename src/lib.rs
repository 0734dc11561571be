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

// The command line in the user's language.
pub mod cli;
pub mod color;
pub mod config;
pub mod content;
pub mod content_path;
pub mod diagnostics;
pub mod document;
pub mod escape;
pub mod export;
pub mod files;
pub mod front_matter;
pub mod graph;
pub mod hash;
pub mod import;
pub mod inputs;
pub mod language;
pub mod markdown;
pub mod messages;
pub mod output;
pub mod period;
pub mod photos;
pub mod publish;
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
    /// The build date (`--date`): what is overdue is judged on it.
    /// `REGIONPRESS_DATE`, else today, when `None`.
    pub date: Option<chrono::NaiveDate>,
}

/// A successful build.
#[derive(Debug)]
pub struct BuildSummary {
    /// Pages rendered (HTML and XML).
    pub pages: usize,
    /// The reports, classes and free pages published (what `check` counts).
    pub content: usize,
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
    let (graph, diags, ()) = load_site_inner(root, (base_url, None), drafts, cache, changed, |_| ());
    (graph, diags)
}

/// [`load_site_cached`], running `beside` while the graph is built, on the
/// files the load read (`site.yaml` and the content files, each with the
/// XXH3-128 hash of its bytes; none when loading with a cache): a build
/// fingerprints its inputs there, on one core while the graph has the
/// other, instead of after it.
fn load_site_inner<R: Send>(
    root: &Path,
    (base_url, date): (Option<&str>, Option<chrono::NaiveDate>),
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
    set_build_date(&mut config, date, &mut diags);
    let mut content = content::load_incremental(root, &mut diags, cache.as_deref_mut().map(|c| &mut c.files), changed);
    // An unfinished file a default build does not publish is a warning.
    content::unfinished::soften_withheld(&content, config.review.required && !drafts, &mut diags);
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
    diags.extend(site::photos::prepare(root, &mut graph));
    phases.mark("photos");
    render::check_outputs(&graph, root, &mut diags);
    phases.mark("outputs");
    (graph, diags, beside)
}

/// Sets the build date of problems and decisions: `date` (`--date`), else
/// `REGIONPRESS_DATE` (a value that is no date is a `build-date` error),
/// else the default, today.
fn set_build_date(config: &mut SiteConfig, date: Option<chrono::NaiveDate>, diags: &mut Diagnostics) {
    if let Some(d) = date {
        config.build_date = d;
        return;
    }
    let Ok(value) = std::env::var("REGIONPRESS_DATE") else { return };
    match chrono::NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
        Ok(d) => config.build_date = d,
        Err(_) => {
            use messages::{Hint, Message, ProblemHint, ProblemMessage};
            let message = Message::Problem(ProblemMessage::InvalidBuildDate { value });
            diags.push(Diagnostic::new("REGIONPRESS_DATE", 0, 0, message).with_hint(Hint::Problem(ProblemHint::BuildDateFormat)));
        }
    }
}

/// A problem with the theme's templates (or rendering with them), from
/// the message `detail`.
pub(crate) fn template_error(detail: impl Into<String>) -> Diagnostic {
    Diagnostic::new("themes", 0, 0, messages::Message::Template { detail: detail.into() })
}

/// A file that could not be read or written, as one `io` diagnostic
/// naming it and the system's error.
fn io_diagnostic(root: &Path, e: &output::OutputError) -> Diagnostic {
    let path = diagnostics::display_path(root, &e.path);
    let detail = crate::messages::IoCause::from(&e.source);
    let message = match e.access {
        output::Access::Read => messages::Message::Io { path: path.clone(), detail },
        output::Access::Write => messages::Message::WriteFailed { path: path.clone(), detail },
    };
    Diagnostic::new(path, 0, 0, message)
}

/// An error of the renderer as a diagnostic that keeps its kind: the
/// theme's own located problem ([`render::theme::ThemeError`]), `io`
/// for a file that could not be read or written ([`output::OutputError`]),
/// `template` for anything else (a template that does not compile or fails
/// to render).
pub(crate) fn render_diagnostic(root: &Path, e: &anyhow::Error) -> Diagnostic {
    if let Some(theme) = e.downcast_ref::<render::theme::ThemeError>() {
        return theme.0.clone();
    }
    match e.downcast_ref::<output::OutputError>() {
        Some(io) => io_diagnostic(root, io),
        None => template_error(format!("{e:#}")),
    }
}

/// What `check` is asked to do.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Treat drafts as published (as `build --drafts` would).
    pub drafts: bool,
    /// List what awaits review (`check --pending`).
    pub pending: bool,
    /// The build date, as [`BuildOptions::date`].
    pub date: Option<chrono::NaiveDate>,
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
    /// With `pending`: what awaits review, by reviewer ([`content::review::pending`]).
    pub pending: Option<Vec<content::review::Pending>>,
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
    let (graph, mut diags, ()) = load_site_inner(&root, (None, opts.date), opts.drafts, None, None, |_| ());
    match render::Renderer::new(&graph, &root) {
        Err(e) => diags.push(render_diagnostic(&root, &e)),
        // Anchors into generated pages, read from the rendered pages.
        Ok(renderer) => diags.extend(renderer.check_site_anchors().into()),
    }
    // The files awaiting review are read again: the graph holds only what is published.
    let pending = opts.pending.then(|| {
        let content = content::load_incremental(&root, &mut Diagnostics::default(), None, None);
        content::review::pending(&content, graph.config.review.required)
    });
    Ok(CheckReport { language: graph.config.language, pages: graph.pages.len(), regions: graph.regions.len(), diagnostics: diags, pending })
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
    let (mut graph, diags, inputs) = load_site_inner(&root, (opts.base_url.as_deref(), opts.date), opts.drafts, None, None, |read| {
        inputs::fingerprint(&root, &options, &read)
    });
    // What is overdue depends on the build date: a site with problem or
    // decision records is rendered again on a new day.
    let inputs = match graph.problems.records.is_empty() {
        true => inputs,
        false => inputs::with_date(inputs, graph.config.build_date),
    };
    phases.mark("load, graph and fingerprint");
    let language = graph.config.language;
    if diags.has_errors() {
        return Err(BuildError::Content(diags, language));
    }
    // Notes (late reports) are `check`'s to say: a build prints its warnings.
    let diags = diags.without_notes();
    graph.release_sources();
    output::return_free_memory();
    let target = Target { root: &root, out: &out_dir, language };
    let staging = target.stage(opts, inputs)?;
    let content = graph.pages.len();
    let summary = |pages, files, (written, unchanged), warnings| BuildSummary {
        pages,
        content,
        files,
        written,
        unchanged,
        warnings,
        seconds: start.elapsed().as_secs_f64(),
        output: out_dir.clone(),
        language,
    };
    if let Some((pages, files)) = staging.up_to_date() {
        phases.mark("up to date");
        return Ok(summary(pages, files, (0, files), diags));
    }
    match target.write(graph, staging, opts.progress, &mut phases) {
        Ok(w) => Ok(summary(w.pages, w.files, w.counts, diags)),
        Err(WriteFailure::Output(d)) => Err(BuildError::Output(Diagnostics::from(vec![*d]), language)),
        // A theme error is a problem of the site (exit 1), as `check`
        // reports it, with the site's warnings.
        Err(WriteFailure::Templates(list)) => {
            let mut all = diags;
            all.extend(Diagnostics::from(list));
            Err(BuildError::Content(all, language))
        }
    }
}

/// A failed rendering as diagnostics: the one `io` problem that stopped
/// it, or every template error.
pub(crate) fn render_failure(root: &Path, e: render::RenderError) -> Diagnostics {
    Diagnostics::from(match e {
        render::RenderError::Io(io) => vec![io_diagnostic(root, &io)],
        render::RenderError::Templates(errors) => render_problems(errors),
    })
}

/// The errors of rendering as diagnostics: a template's, or a document's
/// that could not be exported. Documents without the fonts they need are
/// one diagnostic for all of them (the fix is the same).
pub(crate) fn render_problems(errors: Vec<anyhow::Error>) -> Vec<Diagnostic> {
    use export::ExportError;
    let mut out = Vec::new();
    // Documents without fonts: the first (by URL), its characters, how many.
    let mut unfonted: Vec<(render::ExportFailure, String, usize)> = Vec::new();
    for e in errors {
        let f = match e.downcast::<render::ExportFailure>() {
            Ok(f) => f,
            Err(e) => {
                out.push(match e.downcast_ref::<render::theme::ThemeError>() {
                    Some(theme) => theme.0.clone(),
                    None => template_error(format!("{e:#}")),
                });
                continue;
            }
        };
        let detail = match &f.error {
            ExportError::MissingGlyphs { chars, count } => {
                let chars = chars.iter().map(char::to_string).collect::<Vec<_>>().join("、");
                let count = *count;
                unfonted.push((f, chars, count));
                continue;
            }
            ExportError::Typeset(d) | ExportError::Docx(d) => d.clone(),
        };
        let message = messages::Message::ExportFailed { title: f.title, format: f.format.extension().to_uppercase(), detail };
        out.push(Diagnostic::new(f.url.trim_start_matches('/'), 0, 0, message));
    }
    unfonted.sort_by(|a, b| a.0.url.cmp(&b.0.url));
    if let Some((first, chars, count)) = unfonted.first() {
        let message =
            messages::Message::ExportFonts { documents: unfonted.len(), first: first.title.clone(), chars: chars.clone(), count: *count };
        let hint = messages::Hint::InstallCjkFonts { folder: first.fonts_folder.clone() };
        out.insert(0, Diagnostic::new(first.url.trim_start_matches('/'), 0, 0, message).with_hint(hint));
    }
    out
}

/// Where a build writes: the site folder, the output folder, and the
/// language its problems are told in.
struct Target<'a> {
    root: &'a Path,
    out: &'a Path,
    language: Language,
}

/// Why writing the site stopped. Either way, the staging folder is thrown
/// away and the previous output is as it was.
enum WriteFailure {
    /// A file could not be read or written: one `io` diagnostic naming it
    /// (exit 2).
    Output(Box<Diagnostic>),
    /// The theme's templates failed: every `template` diagnostic (exit 1).
    Templates(Vec<Diagnostic>),
}

/// What writing the site did.
struct Written {
    /// Pages rendered from templates.
    pages: usize,
    /// Files of the output, search index included.
    files: usize,
    /// Files written with new bytes, and files kept unchanged.
    counts: (usize, usize),
}

impl Target<'_> {
    /// An error of the output stage as one `io` diagnostic naming the file
    /// and the system's error ([`output::OutputError`]); an error without a
    /// file (none is expected) names the output folder.
    fn failed(&self, e: &anyhow::Error) -> Diagnostic {
        match e.downcast_ref::<output::OutputError>() {
            Some(io) => io_diagnostic(self.root, io),
            None => {
                let path = diagnostics::display_path(self.root, self.out);
                Diagnostic::new(
                    path.clone(),
                    0,
                    0,
                    messages::Message::WriteFailed { path, detail: messages::IoCause::worded(format!("{e:#}")) },
                )
            }
        }
    }

    /// [`Target::failed`] as a build error.
    fn output_error(&self, e: &anyhow::Error) -> BuildError {
        BuildError::Output(Diagnostics::from(vec![self.failed(e)]), self.language)
    }

    /// Locks the output folder (waiting for another build that writes it),
    /// checks it again with the lock held (it may have changed while the
    /// site loaded or while this build waited), and prepares its staging.
    fn stage(&self, opts: &BuildOptions, inputs: u128) -> Result<output::Staging, BuildError> {
        output::Staging::make_parent_of(self.out).map_err(|e| self.output_error(&e))?;
        let said = opts.lang.unwrap_or(self.language);
        let waiting = |pid| eprintln!("{}", messages::waiting_for_output(said, self.out, pid));
        let lock = output::OutputLock::acquire(self.out, &waiting).map_err(|e| self.output_error(&e))?;
        if let Err(reason) = output::check_output_dir(self.root, self.out, opts.force) {
            return Err(output_refused(self.root, self.out, reason, self.language));
        }
        output::Staging::prepare(self.out, inputs, lock).map_err(|e| self.output_error(&e))
    }

    /// Writes the search index and every page into `staging` and puts it in
    /// place of the previous output. On any error, dropping `staging` throws
    /// its folder away.
    fn write(
        &self,
        graph: site::SiteGraph,
        staging: output::Staging,
        progress: bool,
        phases: &mut timing::Phases,
    ) -> Result<Written, WriteFailure> {
        // The search index first: its postings are freed before the template
        // values of every page are built, so the two never add up in memory.
        let index_files = search::build(&graph, &staging).map_err(|e| WriteFailure::Output(Box::new(self.failed(&e))))?.files;
        phases.mark("search");
        let renderer = render::Renderer::new(&graph, self.root).map_err(|e| match e.downcast_ref::<output::OutputError>() {
            Some(_) => WriteFailure::Output(Box::new(self.failed(&e))),
            None => WriteFailure::Templates(vec![render_diagnostic(self.root, &e)]),
        })?;
        // Anchors into generated pages, as `check` reports them (exit 1, nothing written).
        let anchors = renderer.check_site_anchors();
        if !anchors.is_empty() {
            return Err(WriteFailure::Templates(anchors));
        }
        // The PDF and Word files of bulletin issues are made after the
        // pages, timed apart (`REGIONPRESS_TIMING`).
        let (exports, jobs): (Vec<render::Job>, Vec<render::Job>) =
            renderer.plan().into_iter().partition(|j| matches!(j, render::Job::Export(..)));
        phases.mark("templates and plan");
        let pages = jobs.iter().filter(|j| j.is_templated()).count();
        let failed = |e| match e {
            render::RenderError::Io(io) => WriteFailure::Output(Box::new(io_diagnostic(self.root, &io))),
            render::RenderError::Templates(list) => WriteFailure::Templates(render_problems(list)),
        };
        let mut files = render_with_progress(&renderer, &jobs, &staging, progress).map_err(failed)?;
        phases.mark("render");
        files += renderer.render_all(&exports, &staging, &|| {}).map_err(failed)?;
        phases.mark("exports");
        let counts = staging.counts();
        staging.commit(pages).map_err(|e| WriteFailure::Output(Box::new(self.failed(&e))))?;
        phases.mark("commit");
        // Freeing the site graph and the template values of a large site
        // takes a while on one core. A pool thread frees them, off the
        // caller's path: the command line exits before it is done (and the
        // system takes the memory back at once), a caller that goes on gets
        // the memory back shortly after.
        let leftovers = (renderer.into_values(), jobs, graph);
        rayon::spawn(move || drop(leftovers));
        Ok(Written { pages, files: files + index_files, counts })
    }
}

/// Renders `jobs` into `staging`, with a progress bar when asked and the
/// site is large enough for one to be seen.
fn render_with_progress(
    renderer: &render::Renderer,
    jobs: &[render::Job],
    staging: &output::Staging,
    progress: bool,
) -> Result<usize, render::RenderError> {
    let bar = (progress && jobs.len() > 2000).then(|| {
        let bar = indicatif::ProgressBar::new(jobs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let result = renderer.render_all(jobs, staging, &|| {
        if let Some(b) = &bar {
            b.inc(1);
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    result
}
