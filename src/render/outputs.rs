//! Every file a build writes and who writes it: the plan (a list of
//! [`Job`]s), each job's output path ([`job_path`]) and owner, and the check
//! that every output file has exactly one owner and a name file systems
//! take.
//!
//! The check works on the plan itself, the jobs [`Renderer::plan`] makes
//! and the paths the runner writes, so the owners it compares can
//! never drift from what is written. It runs with every load of a site
//! ([`crate::load_site`]): `check`, `build` and `serve` report the same
//! problems, before anything is rendered.
//!
//! Rules (docs/content-format.md, "Who owns a URL"):
//! - two owners of one output file, or a file where another owner needs a
//!   folder (`/atom.xml` and a page at `/atom.xml/`), are a `duplicate-url`
//!   error on the owner that is the writer's (a page, a static file, a
//!   copied file), naming the other;
//! - the site's `static/` files replace the theme's files of the same path
//!   (the only precedence rule; resolved in [`super::Theme::take_statics`],
//!   so a replaced theme file is never planned);
//! - pages may not take the fixed URLs ([`RESERVED`]) or anything under
//!   [`RESERVED_PREFIXES`] (nor, with search, under `/search/`);
//! - no path component may be longer than [`NAME_MAX`] bytes (`name-too-long`).
//!
//! [`Renderer::plan`]: super::Renderer::plan

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use super::plan::{Job, ListOf, ListSpec, job_path, list_specs, plan};
use super::theme::{StaticSource, Theme};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::files::NAME_MAX;
use crate::graph::{PageId, RegionId};
use crate::messages::{Hint, Message, UrlOwner};
use crate::site::SiteGraph;
use crate::url_scheme::{RESERVED, RESERVED_PREFIXES};

// Links starting with `/`, checked against the outputs.
mod site_links;

/// Who makes an output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Owner {
    /// A report, class or free page.
    Page(PageId),
    /// A region's pages (profile page, report list, feed, bulletin issues).
    Region(RegionId),
    /// A tag's list pages.
    Tag(usize),
    /// A lecturer's list pages.
    Lecturer(usize),
    /// A co-building mode's list pages (modes come from site.yaml).
    Mode(usize),
    /// A page or file regionpress makes from the whole site.
    Generated,
    /// A static file of the site or the theme (its site path is its key in the statics).
    Static,
    /// A copied file: index into `graph.assets`.
    Asset(usize),
}

/// Who writes a job's file.
fn owner(g: &SiteGraph, lists: &[ListSpec], job: &Job) -> Owner {
    match job {
        Job::Page(p) => Owner::Page(*p),
        Job::List(i, _) => match lists[*i].of {
            ListOf::Reports => Owner::Generated,
            ListOf::Region(r) => Owner::Region(r),
            ListOf::Mode(m) => Owner::Mode(m),
            ListOf::Tag(t) => Owner::Tag(t),
            ListOf::Lecturer(l) => Owner::Lecturer(l),
        },
        Job::Region(r) | Job::Feed(Some(r)) | Job::RegionHonours(r) => Owner::Region(*r),
        Job::Bulletin(i) => g.regional.bulletins.issues[*i].region.map(Owner::Region).unwrap_or(Owner::Generated),
        Job::Static(_) => Owner::Static,
        Job::Asset(i) => Owner::Asset(*i),
        Job::Home
        | Job::Regions
        | Job::Classes
        | Job::Tags
        | Job::NotFound
        | Job::Search
        | Job::Feed(None)
        | Job::Sitemap
        | Job::Robots
        | Job::SyntaxCss
        | Job::BulletinIndex
        | Job::BulletinFeed
        | Job::Dashboard(_)
        | Job::DashboardCsv(_)
        | Job::Export(..)
        | Job::HonourIndex
        | Job::HonourYear(_) => Owner::Generated,
        Job::Problems | Job::Problem(_) => Owner::Generated,
    }
}

/// One planned output file.
struct Output {
    /// Site path (`/reports/a/`).
    path: String,
    /// Output file relative to the output folder (`reports/a/index.html`).
    key: String,
    owner: Owner,
}

/// What the check looks at besides the graph.
struct Site<'a> {
    g: &'a SiteGraph,
    root: &'a Path,
    statics: &'a BTreeMap<String, StaticSource>,
}

impl Site<'_> {
    /// Where a static file comes from: 0 for the built-in theme, 1 for a
    /// theme folder, 2 for the site's `static/`.
    fn static_origin(&self, path: &str) -> (u8, String) {
        match self.statics.get(path) {
            Some(StaticSource::File(p)) => {
                let shown = crate::diagnostics::display_path(self.root, p);
                (if shown.starts_with("static/") { 2 } else { 1 }, shown)
            }
            _ => (0, path.to_string()),
        }
    }

    /// How much an owner is the writer's own doing: the one with the
    /// higher rank gets the error, naming the other. The site's own URL
    /// scheme first, then what content and settings name, then files.
    fn rank(&self, o: &Output) -> u8 {
        match o.owner {
            Owner::Generated => 0,
            Owner::Tag(_) | Owner::Lecturer(_) | Owner::Mode(_) => 1,
            Owner::Region(_) => 2,
            Owner::Page(_) => 3,
            Owner::Static => match self.static_origin(&o.path).0 {
                0 => 0,
                1 => 4,
                _ => 5,
            },
            Owner::Asset(_) => 6,
        }
    }

    /// A file name for ordering owners of equal rank.
    fn order_key(&self, o: &Output) -> String {
        match o.owner {
            Owner::Page(p) => self.g.nodes[p].doc.shown.clone(),
            Owner::Region(r) => self.g.regions[r].region.shown.clone(),
            Owner::Static => self.static_origin(&o.path).1,
            Owner::Asset(i) => self.g.asset_origins[i].shown.clone(),
            _ => String::new(),
        }
    }

    /// The owner as another owner's error names it.
    fn describe(&self, o: &Output) -> UrlOwner {
        let g = self.g;
        match o.owner {
            Owner::Page(p) => UrlOwner::File(g.nodes[p].doc.shown.clone()),
            Owner::Region(r) => UrlOwner::File(g.regions[r].region.shown.clone()),
            Owner::Tag(t) => UrlOwner::Tag(g.tags[t].name.clone()),
            Owner::Lecturer(l) => UrlOwner::Lecturer(g.lecturers[l].name.clone()),
            Owner::Mode(m) => UrlOwner::Mode(g.config.modes[m].name.clone()),
            Owner::Generated => UrlOwner::Generated(o.path.clone()),
            Owner::Static => match self.static_origin(&o.path) {
                (0, path) => UrlOwner::BuiltinTheme(path),
                (_, shown) => UrlOwner::File(shown),
            },
            Owner::Asset(i) => UrlOwner::Asset { file: format!("content/{}", g.assets[i].0), by: g.asset_origins[i].shown.clone() },
        }
    }

    /// An error on the owner's own file: where the writer can fix it.
    fn blame(&self, o: &Output, message: Message) -> Diagnostic {
        let g = self.g;
        match o.owner {
            Owner::Page(p) => g.nodes[p].doc.diag(g.nodes[p].doc.pos("slug"), message),
            Owner::Region(r) => Diagnostic::new(&*g.regions[r].region.shown, 0, 0, message),
            Owner::Tag(t) => match g.tags[t].pages.first() {
                Some(&p) => g.nodes[p].doc.diag(g.nodes[p].doc.pos("tags"), message),
                None => Diagnostic::new("content", 0, 0, message),
            },
            Owner::Lecturer(l) => match g.lecturers[l].classes.first() {
                Some(&p) => g.nodes[p].doc.diag(g.nodes[p].doc.pos("lecturer"), message),
                None => Diagnostic::new("content", 0, 0, message),
            },
            Owner::Mode(_) | Owner::Generated => Diagnostic::new("site.yaml", 0, 0, message),
            Owner::Static => Diagnostic::new(self.static_origin(&o.path).1, 0, 0, message),
            Owner::Asset(i) => {
                let at = &g.asset_origins[i];
                let d = Diagnostic::new(&*at.shown, at.line, at.column, message);
                // With the line of the page or region profile that names it.
                let page = at.shown.strip_prefix("content/").and_then(|source| g.page_by_source(source));
                match page {
                    Some(p) => d.with_source(&g.nodes[p].doc.text),
                    None => match g.regions.iter().find(|r| r.region.shown == at.shown) {
                        Some(r) => d.with_source(&r.region.text),
                        None => d,
                    },
                }
            }
        }
    }

    /// The hint for a duplicate on the owner's file.
    fn hint(o: &Output) -> Option<Hint> {
        match o.owner {
            Owner::Page(_) | Owner::Region(_) => Some(Hint::SlugOrRename),
            Owner::Static => Some(Hint::MoveStaticFile),
            Owner::Asset(_) => Some(Hint::RenameAsset),
            _ => None,
        }
    }

    /// `blamed` collides with `other`.
    fn duplicate(&self, blamed: &Output, other: &Output) -> Diagnostic {
        let message = Message::DuplicateUrl { url: blamed.path.clone(), other: self.describe(other) };
        self.blame(blamed, message).with_hint_opt(Self::hint(blamed))
    }
}

/// Checks the outputs of the site in `g` (see the module docs). The
/// theme is loaded for its static files; when it does not load, whoever
/// compiles the templates reports why, and only content outputs are checked.
pub fn check(g: &SiteGraph, root: &Path, diags: &mut Diagnostics) {
    let mut phases = crate::timing::Phases::start("    outputs/");
    let statics = match Theme::load(root, &g.config.theme, g.config.language) {
        Ok(mut theme) => theme.take_statics(root),
        Err(_) => BTreeMap::new(),
    };
    phases.mark("theme");
    let lists = list_specs(g, str::to_string);
    let jobs = plan(g, &lists, &statics);
    phases.mark("plan");
    // Paths made in parallel: making them is most of the check.
    let outputs: Vec<Output> = jobs
        .par_iter()
        .map(|job| {
            let path = job_path(g, &lists, job);
            Output { key: crate::output::relative_key(&path), path, owner: owner(g, &lists, job) }
        })
        .collect();
    phases.mark("paths");
    let site = Site { g, root, statics: &statics };
    let mut found: Vec<Diagnostic> = Vec::new();
    site_links::check(g, &outputs, &mut found);

    // One output file, several owners: the first by rank (then file name)
    // keeps it, every other is an error naming it.
    let mut order: Vec<usize> = (0..outputs.len()).collect();
    order.par_sort_unstable_by(|&a, &b| outputs[a].key.cmp(&outputs[b].key));
    let mut first_of: HashMap<&str, usize> = HashMap::with_capacity(outputs.len());
    let mut shared: HashSet<&str> = HashSet::new();
    for run in order.chunk_by(|&a, &b| outputs[a].key == outputs[b].key) {
        let key = outputs[run[0]].key.as_str();
        if run.len() == 1 {
            first_of.insert(key, run[0]);
            continue;
        }
        let mut owners = run.to_vec();
        owners.sort_by_cached_key(|&i| (site.rank(&outputs[i]), site.order_key(&outputs[i]), i));
        for &i in &owners[1..] {
            found.push(site.duplicate(&outputs[i], &outputs[owners[0]]));
        }
        shared.insert(key);
        first_of.insert(key, owners[0]);
    }
    // Two files whose names differ only in case: on Windows and macOS one
    // replaces the other. A warning (the build is whole elsewhere), on the
    // owner that is the writer's, naming the other file.
    let mut folded: HashMap<std::borrow::Cow<'_, str>, usize> = HashMap::new();
    for run in order.chunk_by(|&a, &b| outputs[a].key == outputs[b].key) {
        let key = outputs[run[0]].key.as_str();
        let i = first_of[key];
        let lower = if key.chars().any(char::is_uppercase) { key.to_lowercase().into() } else { key.into() };
        match folded.get(&lower) {
            None => {
                folded.insert(lower, i);
            }
            Some(&f) => {
                let (blamed, other) = if site.rank(&outputs[i]) >= site.rank(&outputs[f]) { (i, f) } else { (f, i) };
                let message = Message::CaseCollision { other: outputs[other].path.clone() };
                found.push(site.blame(&outputs[blamed], message));
            }
        }
    }
    phases.mark("duplicates");
    // A file where another owner needs a folder.
    // Each owner is blamed once, for the first such file.
    let mut blamed_once: HashSet<usize> = HashSet::new();
    for (i, o) in outputs.iter().enumerate() {
        for (at, _) in o.key.match_indices('/') {
            if let Some(&f) = first_of.get(&o.key[..at]) {
                let (blamed, other) = if site.rank(&outputs[f]) > site.rank(o) { (f, i) } else { (i, f) };
                if blamed_once.insert(blamed) {
                    found.push(site.duplicate(&outputs[blamed], &outputs[other]));
                }
                break;
            }
        }
    }

    // What only regionpress writes: the fixed URLs and prefixes (pages),
    // and the search index's folder (pages and static files). A file
    // already reported above is not reported again.
    let search = g.config.search.then(|| crate::output::relative_key("/search/"));
    for o in &outputs {
        let page = matches!(o.owner, Owner::Page(_));
        let writer = page || (matches!(o.owner, Owner::Static) && site.static_origin(&o.path).0 > 0);
        if !writer || shared.contains(o.key.as_str()) {
            continue;
        }
        if search.as_ref().is_some_and(|s| o.path.starts_with("/search/") && &o.key != s) {
            let message = Message::DuplicateUrl { url: o.path.clone(), other: UrlOwner::SearchIndex };
            found.push(site.blame(o, message).with_hint_opt(Site::hint(o)));
        } else if page && (RESERVED.contains(&o.path.as_str()) || RESERVED_PREFIXES.iter().any(|p| o.path.starts_with(p))) {
            found.push(site.blame(o, Message::ReservedUrl { url: o.path.clone() }).with_hint(Hint::SlugOrRename));
        }
    }

    // Names too long for a file system, once per owner and name.
    let mut reported: HashSet<&str> = HashSet::new();
    for o in &outputs {
        let mut start = 0;
        for part in o.key.split('/') {
            let end = start + part.len();
            if part.len() > NAME_MAX && reported.insert(&o.key[..end]) {
                let shown: String = part.chars().take(40).collect::<String>() + "…";
                let hint = if matches!(o.owner, Owner::Page(_)) { Hint::ShorterSlug } else { Hint::ShorterName };
                found.push(site.blame(o, Message::NameTooLong { name: shown, bytes: part.len() }).with_hint(hint));
            }
            start = end + 1;
        }
    }
    phases.mark("folders, reserved URLs and lengths");
    diags.extend(Diagnostics::from(found));
}
