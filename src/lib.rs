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

pub mod config;
pub mod content;
pub mod diagnostics;
pub mod front_matter;
pub mod graph;
pub mod markdown;
pub mod output;
pub mod regional;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod slug;

use std::path::{Path, PathBuf};
use std::time::Instant;

use config::SiteConfig;
use diagnostics::{Diagnostic, Diagnostics};

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
}

/// Why a build failed.
#[derive(Debug)]
pub enum BuildError {
    /// The content has errors (all of them, warnings included).
    Content(Diagnostics),
    /// Usage or I/O problem.
    Other(anyhow::Error),
}

impl From<anyhow::Error> for BuildError {
    fn from(e: anyhow::Error) -> Self {
        BuildError::Other(e)
    }
}

/// Loads and validates the site at `root`: config, content and the graph.
pub fn load_site(root: &Path, base_url: Option<&str>, drafts: bool) -> (graph::SiteGraph, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut config = SiteConfig::load(root, &mut diags);
    if let Some(url) = base_url {
        if let Err(msg) = config.set_base_url(url) {
            diags.push(Diagnostic::error("--base-url", 0, 0, "config-base-url", msg));
        }
    }
    let content = content::load(root, &mut diags);
    let graph = graph::build(config, content, drafts, &mut diags);
    (graph, diags)
}

/// Builds the site. Writes nothing unless everything succeeded.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let start = Instant::now();
    let root = output::absolute(&opts.root);
    let out_dir = opts.output.as_ref().map(|o| output::absolute(o)).unwrap_or_else(|| root.join("public"));
    if !root.is_dir() {
        return Err(anyhow::anyhow!("site folder `{}` does not exist", root.display()).into());
    }
    output::check_output_dir(&root, &out_dir)?;
    let (graph, diags) = load_site(&root, opts.base_url.as_deref(), opts.drafts);
    if diags.has_errors() {
        return Err(BuildError::Content(diags));
    }
    let renderer = render::Renderer::new(&graph, &root)?;
    let jobs = renderer.plan();
    let pages = jobs
        .iter()
        .filter(|j| !matches!(j, render::Job::Static(_) | render::Job::Asset(_) | render::Job::SyntaxCss | render::Job::Robots))
        .count();
    let staging = output::Staging::prepare(&out_dir)?;
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
    match result {
        Ok(files) => {
            let (written, unchanged) = staging.counts();
            staging.commit()?;
            Ok(BuildSummary { pages, files, written, unchanged, warnings: diags, seconds: start.elapsed().as_secs_f64(), output: out_dir })
        }
        Err(errors) => {
            staging.abort();
            let list: Vec<Diagnostic> = errors.into_iter().map(|e| Diagnostic::error("themes", 0, 0, "template", e)).collect();
            Err(BuildError::Content(Diagnostics::from(list)))
        }
    }
}
