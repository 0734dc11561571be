//! The site graph: every published page, region, mode, tag and lecturer with
//! its URL and its cross references resolved, and every list sorted.
//!
//! Built once per build from loaded [`Content`]; immutable afterwards and
//! shared by reference across rendering threads. Ids are dense indices into
//! the `Vec`s here. Every sort ends with a tie-break on the URL, so the
//! output never depends on file-system or hash order.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

use crate::color::text_color_on;
use crate::config::SiteConfig;
use crate::content::{Content, Doc, DocKind, Region};
use crate::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::hash::hash_of;
use crate::markdown::{self, LinkContext, LinkTarget, NEAREST_HINTS_PER_PAGE, PendingAnchor, Rendered, Source};
use crate::messages::{FileRef, Hint, Message};
use crate::slug::{SlugAllocator, slugify};

/// Index into [`SiteGraph::pages`].
pub type PageId = usize;
/// Index into [`SiteGraph::regions`].
pub type RegionId = usize;

/// A region with what the site knows about it.
#[derive(Debug, Clone)]
pub struct RegionNode {
    /// The profile.
    pub region: Region,
    /// `/regions/<id>/`.
    pub url: String,
    /// Brand colour (`#rrggbb`), a neutral default when the profile has none.
    pub color: String,
    /// Text colour on `color` with AA contrast.
    pub text_color: &'static str,
    /// Rendered description.
    pub description_html: String,
    /// Site path of the copied logo.
    pub logo_url: Option<String>,
    /// Reports naming this region, newest first.
    pub reports: Vec<PageId>,
    /// Classes of this region, newest first.
    pub classes: Vec<PageId>,
    /// Per unit (same order as `region.units`): reports naming it, last activity.
    pub unit_stats: Vec<(usize, Option<NaiveDate>)>,
    /// Sum of participants over its reports.
    pub participants: u64,
}

/// A class material ready for templates.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MaterialOut {
    /// Label.
    pub title: String,
    /// Site path (files) or external URL.
    pub url: String,
    /// True for a file copied with the page.
    pub is_file: bool,
    /// File extension in lowercase (`pdf`), empty for links.
    pub ext: String,
}

/// A published report, class or free page.
#[derive(Debug, Clone)]
pub struct PageNode {
    /// The source document.
    pub doc: Arc<Doc>,
    /// Site path.
    pub url: String,
    /// Regions, resolved.
    pub regions: Vec<RegionId>,
    /// Modes, as indices into `config.modes`.
    pub modes: Vec<usize>,
    /// Tags, as indices into [`SiteGraph::tags`].
    pub tags: Vec<usize>,
    /// Lecturer, index into [`SiteGraph::lecturers`].
    pub lecturer: Option<usize>,
    /// Rendered Markdown (shared with the dev server's cache).
    pub rendered: Arc<Rendered>,
    /// Hash of the source text and URL: changes whenever anything shown of
    /// this page may change (the dev server's change detection).
    pub version: u64,
    /// Hash of the front matter and URL: changes whenever what lists count,
    /// date or link of this page may change. A body edit leaves it as it was.
    pub meta: u64,
    /// Rendered front-matter summary, if given.
    pub summary_html: String,
    /// Site path of the cover image.
    pub cover_url: Option<String>,
    /// Class materials.
    pub materials: Vec<MaterialOut>,
}

impl PageNode {
    /// Date, for sorting (free pages without one sort last).
    pub fn date(&self) -> NaiveDate {
        self.doc.date.unwrap_or(NaiveDate::MIN)
    }
}

/// A tag and its pages.
#[derive(Debug, Clone)]
pub struct TagNode {
    /// Name as written.
    pub name: String,
    /// ASCII slug.
    pub slug: String,
    /// `/tags/<slug>/`.
    pub url: String,
    /// Pages, newest first.
    pub pages: Vec<PageId>,
}

/// A lecturer and their classes.
#[derive(Debug, Clone)]
pub struct LecturerNode {
    /// Name.
    pub name: String,
    /// `/classes/lecturers/<slug>/`.
    pub url: String,
    /// Classes, newest first.
    pub classes: Vec<PageId>,
}

/// The immutable site.
#[derive(Debug, Clone)]
pub struct SiteGraph {
    /// Settings.
    pub config: SiteConfig,
    /// Regions by `order`, then name, then id.
    pub regions: Vec<RegionNode>,
    /// All published pages (reports, classes, free pages), by source path.
    pub pages: Vec<PageId>,
    /// Page data, indexed by [`PageId`]. Shared, so that a copy of the
    /// graph (the dev server patches one while the search index reads the
    /// other) copies pointers, not pages.
    pub nodes: Vec<Arc<PageNode>>,
    /// Reports, newest first.
    pub reports: Vec<PageId>,
    /// Classes, newest first.
    pub classes: Vec<PageId>,
    /// Free pages, by URL.
    pub free_pages: Vec<PageId>,
    /// Reports per mode (same order as `config.modes`), newest first.
    pub mode_pages: Vec<Vec<PageId>>,
    /// Tags by name.
    pub tags: Vec<TagNode>,
    /// Lecturers by name.
    pub lecturers: Vec<LecturerNode>,
    /// Files to copy: (content-relative source, site path of the copy),
    /// sorted by site path, then source. Two sources of one site path are
    /// both here (and reported by the output check).
    pub assets: Vec<(String, String)>,
    /// The SVG images among `assets`, cleaned (see [`crate::svg`]): these
    /// bytes are published instead of the file's. Filled when the site is
    /// loaded ([`crate::load_site`]), which reads the files.
    pub svgs: BTreeMap<String, Arc<[u8]>>,
    /// Where each of `assets` is first named, in the same order.
    pub asset_origins: Vec<AssetOrigin>,
    /// The latest year with a published report or class.
    pub year: Option<i32>,
    /// Bulletins, dashboard and figures of the regional pages.
    /// (Shared: a dev-server patch copies the graph while the previous
    /// edit's search index still reads it, and never changes these.)
    pub regional: Arc<crate::regional::Regional>,
}

impl SiteGraph {
    /// Puts the new texts of published pages in place when only their bodies
    /// changed (the dev server's path for the most common edit: a writer
    /// saving the report they are writing). Each document's Markdown is
    /// rendered again with the link environment of the build that made this
    /// graph (kept in `cache`); its text, rendering and version are replaced;
    /// everything else (URLs, lists, cross references, regional figures)
    /// stays, since it comes from front matter alone.
    ///
    /// All or nothing: returns `None` and changes nothing when any document
    /// is not a published page of this graph, its front matter or file
    /// position of the body changed, its rendering has any diagnostic, its
    /// headings' ids or copied files changed, or one of its links into
    /// another page names an anchor that page lacks. The caller then builds
    /// the graph anew, which reports whatever is wrong. On success returns
    /// the ids of the pages patched.
    pub fn patch_bodies(&mut self, docs: &[Arc<Doc>], cache: &mut RenderCache) -> Option<Vec<PageId>> {
        let links = cache.links.as_ref()?;
        let ctx = LinkContext {
            targets: &links.targets,
            assets: &links.assets,
            sanitize: sanitizes(&self.config),
            allow_html: self.config.assets.allow_html,
        };
        let page = |source: &str| self.page_by_source(source).map(|id| &*self.nodes[id]);
        let mut patches: Vec<(PageId, Arc<Doc>, Rendered)> = Vec::with_capacity(docs.len());
        for doc in docs {
            let id = self.page_by_source(&doc.source)?;
            let old = &self.nodes[id];
            // Equal front-matter hashes cover the body's position too: the
            // hash is of exactly the text before the body.
            if old.doc.front_hash != doc.front_hash {
                return None;
            }
            let rendered = render_doc(doc, &old.url, &ctx);
            let same_ids =
                rendered.toc.len() == old.rendered.toc.len() && rendered.toc.iter().zip(&old.rendered.toc).all(|(a, b)| a.id == b.id);
            if !rendered.diags.is_empty() || !same_ids || rendered.assets != old.rendered.assets {
                return None;
            }
            if unknown_anchors(&rendered, &page).next().is_some() {
                return None;
            }
            patches.push((id, doc.clone(), rendered));
        }
        let mut ids = Vec::with_capacity(patches.len());
        for (id, doc, rendered) in patches {
            let node = Arc::make_mut(&mut self.nodes[id]);
            node.version = page_version(doc.text_hash, &node.url);
            node.rendered = Arc::new(rendered);
            node.doc = doc;
            cache.entries.insert(node.doc.source.clone(), (render_key(node.version, links.environment), node.rendered.clone()));
            ids.push(id);
        }
        Some(ids)
    }

    /// The published page made from the content file `source`, by binary
    /// search in [`SiteGraph::pages`] (sorted by source path).
    pub fn page_by_source(&self, source: &str) -> Option<PageId> {
        let at = self.pages.binary_search_by(|&id| self.nodes[id].doc.source.as_str().cmp(source)).ok()?;
        Some(self.pages[at])
    }

    /// Drops what only diagnostics need, for every page that nothing else
    /// shares: the source text, front-matter positions, and the links whose
    /// anchors were checked. Diagnostics are all found by the time the graph
    /// is validated; releasing these lowers the peak memory of a large
    /// build by about the size of its Markdown.
    pub fn release_sources(&mut self) {
        for n in self.nodes.iter_mut().filter_map(Arc::get_mut) {
            if let Some(doc) = Arc::get_mut(&mut n.doc) {
                doc.text = Default::default();
                doc.positions = Default::default();
            }
            if let Some(rendered) = Arc::get_mut(&mut n.rendered) {
                rendered.anchors = Vec::new();
                rendered.diags = Vec::new();
            }
        }
    }
}

/// Rendered Markdown of earlier builds, reused by the dev server when neither
/// the document nor anything its rendering looks at (other pages' URLs, the
/// asset list, sanitizing) changed.
#[derive(Debug, Default)]
pub struct RenderCache {
    entries: HashMap<String, (u64, Arc<Rendered>)>,
    /// Bulletin and dashboard figures.
    regional: crate::regional::Cache,
    /// What Markdown rendering looked at in the last build (for [`SiteGraph::patch_bodies`]).
    links: Option<Links>,
}

/// True when `asset` is a file of `content/` that the site may not publish
/// as it is: an HTML or XML document, unless `assets: { allow_html: true }`
/// (see [`crate::content_path::is_script_document`]).
fn refuses_document(config: &SiteConfig, assets: &BTreeSet<String>, asset: &str) -> bool {
    !config.assets.allow_html && assets.contains(asset) && crate::content_path::is_script_document(asset)
}

/// The link environment of a build: every document's URL, the assets, and
/// their hash together with the raw-HTML setting (which the graph's config
/// keeps).
#[derive(Debug)]
struct Links {
    targets: HashMap<String, LinkTarget>,
    assets: BTreeSet<String>,
    environment: u64,
}

/// Whether Markdown rendering cleans raw HTML under `config`.
fn sanitizes(config: &SiteConfig) -> bool {
    config.markdown.raw_html == crate::config::RawHtml::Sanitized
}

/// A page's [`PageNode::version`]: its text and URL.
fn page_version(text_hash: u64, url: &str) -> u64 {
    hash_of(&(text_hash, url))
}

/// The [`RenderCache`] key of a page's rendering: its version and the link
/// environment of the build.
fn render_key(version: u64, environment: u64) -> u64 {
    hash_of(&(version, environment))
}

/// Renders the Markdown body of `doc` as the page at `url`.
pub fn render_doc(doc: &Doc, url: &str, ctx: &LinkContext<'_>) -> Rendered {
    let text = doc.text.unpack();
    markdown::render(&Source::new(&doc.source, &doc.shown, &text, doc.body_start, url), ctx)
}

/// The links of `rendered` into another published page (found by `page`
/// from its content source) that name an anchor the page has no heading
/// for, each with that page.
pub(crate) fn unknown_anchors<'a, 'p>(
    rendered: &'a Rendered,
    page: impl Fn(&str) -> Option<&'p PageNode> + 'a,
) -> impl Iterator<Item = (&'a PendingAnchor, &'p PageNode)> + 'a
where
    'p: 'a,
{
    // Each target's heading ids gathered once: comparing every link with
    // every heading of its target was quadratic.
    let mut ids: HashMap<&'a str, HashSet<&'p str>> = HashMap::new();
    rendered.anchors.iter().filter_map(move |a| {
        let target = page(&a.target)?;
        let known = ids.entry(a.target.as_str()).or_insert_with(|| target.rendered.toc.iter().map(|h| h.id.as_str()).collect());
        (!known.contains(a.anchor.as_str())).then_some((a, target))
    })
}

/// The error for a link in the file `shown` to an anchor `target` lacks,
/// with the nearest heading id as a hint (the caller adds the source line).
/// `nth` counts the page's unknown anchors: past [`NEAREST_HINTS_PER_PAGE`],
/// the hint lists the target's first headings instead of comparing with all.
pub(crate) fn unknown_anchor_error(shown: &str, anchor: &PendingAnchor, target: &PageNode, nth: usize) -> Diagnostic {
    let message = Message::UnknownAnchorIn { target: target.doc.shown.clone(), anchor: anchor.anchor.clone() };
    let toc = &target.rendered.toc;
    let hint = match nth < NEAREST_HINTS_PER_PAGE {
        true => markdown::anchor_hint(&anchor.anchor, toc),
        false => Hint::HeadingsThere(toc.iter().take(8).map(|t| format!("#{}", t.id)).collect()),
    };
    Diagnostic::new(shown, anchor.pos.0, anchor.pos.1, message).with_hint(hint)
}

/// Files one page copies: (site path of the copy, content-relative source, where named).
type AssetCopies = Vec<(String, String, AssetOrigin)>;

/// Where a copied file is first named: the file naming it (site-relative)
/// and the line and column (0 when unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetOrigin {
    /// The page, region or note naming the file, site-relative.
    pub shown: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based character column.
    pub column: usize,
}

/// Every copy of a file the site makes: (site path, content-relative
/// source) -> where it is first named. Keyed by both, so that two files
/// given one site path stay two entries (and are reported), never one
/// silently replacing the other.
pub type AssetMap = BTreeMap<(String, String), AssetOrigin>;

fn sort_newest_first(ids: &mut [PageId], nodes: &[PageNode]) {
    ids.par_sort_by(|a, b| newest_first(&nodes[*a], &nodes[*b]));
}

/// The order of every list of pages: newest first, then by URL. URLs are
/// unique, so the order is total, whichever sort makes it.
pub fn newest_first(a: &PageNode, b: &PageNode) -> std::cmp::Ordering {
    b.date().cmp(&a.date()).then_with(|| a.url.cmp(&b.url))
}

/// Builds the graph, rendering every document's Markdown in parallel,
/// reusing (and refreshing) rendered Markdown from `cache`. Problems go to
/// `diags`; the graph is returned even when there are errors so that every
/// problem can be reported at once.
pub fn build_cached(
    config: SiteConfig,
    content: Content,
    drafts: bool,
    diags: &mut Diagnostics,
    mut cache: Option<&mut RenderCache>,
) -> SiteGraph {
    let sanitize = sanitizes(&config);
    let mut phases = crate::timing::Phases::start("    graph/");
    // Regions.
    let mut regions: Vec<Region> = content.regions;
    regions.sort_by(|a, b| (a.order, &a.name, &a.id).cmp(&(b.order, &b.name, &b.id)));
    let mut region_nodes: Vec<RegionNode> = Vec::with_capacity(regions.len());
    let mut seen_ids: BTreeMap<String, String> = BTreeMap::new();
    let mut assets: AssetMap = BTreeMap::new();
    for region in regions {
        if let Some(other) = seen_ids.insert(region.id.to_lowercase(), region.shown.clone()) {
            let message = Message::DuplicateRegion { id: region.id.clone(), other };
            diags.push(Diagnostic::new(&*region.shown, 0, 0, message).with_hint(Hint::KeepOneFile));
            continue;
        }
        let url = format!("/regions/{}/", region.id);
        let color = region.brand.color.clone().unwrap_or_else(|| "#9f1d20".to_string());
        let logo_url = match &region.brand.logo {
            Some(logo) if refuses_document(&config, &content.assets, logo) => {
                let (l, c) = crate::front_matter::locate_text(&region.text, 1, logo.rsplit('/').next().unwrap_or(logo)).unwrap_or((0, 0));
                diags.push(
                    Diagnostic::new(&*region.shown, l, c, Message::HtmlAsset { what: FileRef::Logo, path: logo.clone() })
                        .with_hint(Hint::AllowHtml)
                        .with_source(&region.text),
                );
                None
            }
            Some(logo) if content.assets.contains(logo) => {
                let name = logo.rsplit('/').next().unwrap_or(logo);
                let out = format!("{url}{name}");
                let (line, column) = crate::front_matter::locate_text(&region.text, 1, name).unwrap_or((0, 0));
                assets.entry((out.clone(), logo.clone())).or_insert(AssetOrigin { shown: region.shown.clone(), line, column });
                Some(crate::escape::url_path(&out))
            }
            Some(logo) => {
                let (l, c) = crate::front_matter::locate_text(&region.text, 1, logo.rsplit('/').next().unwrap_or(logo)).unwrap_or((0, 0));
                diags.push(
                    Diagnostic::new(&*region.shown, l, c, Message::MissingAsset { what: FileRef::Logo, path: logo.clone() })
                        .with_hint(Hint::LogoRelative)
                        .with_source(&region.text),
                );
                None
            }
            None => None,
        };
        let description_html = region.description.as_deref().map(|d| markdown::render_plain(d, sanitize)).unwrap_or_default();
        region_nodes.push(RegionNode {
            text_color: text_color_on(&color),
            color,
            url,
            description_html,
            logo_url,
            reports: Vec::new(),
            classes: Vec::new(),
            unit_stats: vec![(0, None); region.units.len()],
            participants: 0,
            region,
        });
    }
    let region_index: HashMap<String, RegionId> = region_nodes.iter().enumerate().map(|(i, r)| (r.region.id.clone(), i)).collect();

    phases.mark("regions");
    // Documents: URLs first, so links can be resolved while rendering.
    let mut targets: HashMap<String, LinkTarget> = HashMap::with_capacity(content.docs.len());
    let mut published: Vec<Arc<Doc>> = Vec::with_capacity(content.docs.len());
    let urls: Vec<String> = content.docs.par_iter().map(|d| doc_url(d)).collect();
    for (doc, url) in content.docs.into_iter().zip(urls) {
        let excluded = doc.draft && !drafts;
        targets.insert(doc.source.clone(), LinkTarget { url, excluded_draft: excluded });
        if !excluded {
            published.push(doc);
        }
    }
    // Two sources of one output file (pages among them) are found once
    // every output is known: `crate::render::outputs::check`.

    phases.mark("urls");
    let allow_html = config.assets.allow_html;
    let ctx = LinkContext { targets: &targets, assets: &content.assets, sanitize, allow_html };
    // What rendering one document may look at besides its own text.
    // Hashed in source order (the walk's order, deterministic), so no sort is needed.
    let environment = cache.as_ref().map(|_| {
        let mut h = crate::hash::Hasher::default();
        for d in &published {
            let t = &targets[&d.source];
            (&d.source, &t.url, t.excluded_draft).hash(&mut h);
        }
        let mut drafts: Vec<(&String, &String)> = targets.iter().filter(|(_, t)| t.excluded_draft).map(|(k, t)| (k, &t.url)).collect();
        drafts.sort_unstable();
        drafts.hash(&mut h);
        (&content.assets, sanitize, allow_html).hash(&mut h);
        h.finish()
    });
    let previous: Option<&RenderCache> = cache.as_deref();
    // Each node comes with its cache key when it was rendered afresh.
    let built: Vec<(PageNode, Option<u64>)> = published
        .par_iter()
        .map(|doc| {
            let url = targets[&doc.source].url.clone();
            let version = page_version(doc.text_hash, &url);
            let meta = hash_of(&(doc.front_hash, &url));
            let key = environment.map(|e| render_key(version, e));
            let cached = previous.and_then(|c| c.entries.get(&doc.source)).filter(|(k, _)| Some(*k) == key).map(|(_, r)| r.clone());
            let fresh = if cached.is_some() { None } else { key };
            let rendered = cached.unwrap_or_else(|| Arc::new(render_doc(doc, &url, &ctx)));
            let summary_html = doc.summary.as_deref().map(|s| markdown::render_plain(s, sanitize)).unwrap_or_default();
            let node = PageNode {
                doc: doc.clone(),
                url,
                version,
                meta,
                regions: Vec::new(),
                modes: Vec::new(),
                tags: Vec::new(),
                lecturer: None,
                rendered,
                summary_html,
                cover_url: None,
                materials: Vec::new(),
            };
            (node, fresh)
        })
        .collect();
    let regional_cache = match cache.as_deref_mut() {
        Some(cache) if environment.is_some() => {
            // Entries of reused renderings are already right: only fresh ones
            // go in, and entries of documents gone are dropped.
            for (n, key) in &built {
                if let Some(key) = key {
                    cache.entries.insert(n.doc.source.clone(), (*key, n.rendered.clone()));
                }
            }
            if cache.entries.len() != built.len() {
                let present: std::collections::HashSet<&str> = built.iter().map(|(n, _)| n.doc.source.as_str()).collect();
                cache.entries.retain(|k, _| present.contains(k.as_str()));
            }
            Some(&mut cache.regional)
        }
        _ => None,
    };
    let mut nodes: Vec<PageNode> = built.into_iter().map(|(n, _)| n).collect();

    phases.mark("markdown");
    // Anchors into other pages, now that every page has its headings. The
    // map's keys are the strings of `targets` (every published document is
    // there), so that it outlives the changes to the nodes below and serves
    // editor's notes too.
    // (Looked up in parallel: 11,000 look-ups of long paths took 9 ms on one core.)
    let by_source: Vec<(&str, PageId)> =
        nodes.par_iter().enumerate().filter_map(|(i, n)| Some((targets.get_key_value(&n.doc.source)?.0.as_str(), i))).collect();
    let by_source: HashMap<&str, PageId> = by_source.into_iter().collect();
    // Looked up in parallel, merged in page order (Markdown problems first).
    let anchor_diags: Vec<Vec<Diagnostic>> = nodes
        .par_iter()
        .map(|n| {
            // The text unpacked and indexed once per page, not per link.
            let text: std::cell::OnceCell<String> = std::cell::OnceCell::new();
            let lines: std::cell::OnceCell<crate::diagnostics::LineIndex<'_>> = std::cell::OnceCell::new();
            unknown_anchors(&n.rendered, |s| by_source.get(s).map(|&t| &nodes[t]))
                .enumerate()
                .map(|(nth, (a, target))| {
                    let lines = lines.get_or_init(|| crate::diagnostics::LineIndex::new(text.get_or_init(|| n.doc.text.unpack())));
                    unknown_anchor_error(&n.doc.shown, a, target, nth).with_source_in(lines)
                })
                .collect()
        })
        .collect();
    for n in &nodes {
        diags.extend(Diagnostics::from(n.rendered.diags.clone()));
    }
    diags.extend(Diagnostics::from(anchor_diags.into_iter().flatten().collect::<Vec<_>>()));

    phases.mark("anchors");
    // Cross references.
    let mode_names: Vec<&str> = config.modes.iter().map(|m| m.name.as_str()).collect();
    // Names are borrowed from the published documents (the nodes change
    // below), gathered in hash sets in parallel, then sorted: a sorted set
    // of cloned names compared each of 20,000 tags with several others on
    // the way in (8 ms at 10k; this takes 3.5 ms).
    type Names<'a> = (HashSet<&'a str>, HashSet<&'a str>);
    let (tag_set, lecturer_set) = published
        .par_iter()
        .fold(Names::default, |(mut tags, mut lecturers), d| {
            tags.extend(d.tags.iter().map(String::as_str));
            lecturers.extend(d.lecturer.as_deref());
            (tags, lecturers)
        })
        .reduce(Names::default, |(mut tags, mut lecturers), (t, l)| {
            tags.extend(t);
            lecturers.extend(l);
            (tags, lecturers)
        });
    fn sorted(set: HashSet<&str>) -> Vec<&str> {
        let mut v: Vec<&str> = set.into_iter().collect();
        v.sort_unstable();
        v
    }
    let (tag_names, lecturer_names) = (sorted(tag_set), sorted(lecturer_set));
    let tag_slugs = SlugAllocator::allocate(tag_names.iter().copied());
    let lecturer_slugs = SlugAllocator::allocate(lecturer_names.iter().copied());
    let tag_index: HashMap<&str, usize> = tag_names.iter().enumerate().map(|(i, &t)| (t, i)).collect();
    let lecturer_index: HashMap<&str, usize> = lecturer_names.iter().enumerate().map(|(i, &t)| (t, i)).collect();
    let mut tags: Vec<TagNode> = tag_names
        .iter()
        .map(|name| {
            let slug = tag_slugs[*name].clone();
            TagNode { url: format!("/tags/{slug}/"), slug, name: name.to_string(), pages: Vec::new() }
        })
        .collect();
    let mut lecturers: Vec<LecturerNode> = lecturer_names
        .iter()
        .map(|name| LecturerNode {
            url: format!("/classes/lecturers/{}/", lecturer_slugs[*name]),
            name: name.to_string(),
            classes: Vec::new(),
        })
        .collect();

    // Each page resolved on its own (in parallel); problems and assets are
    // merged afterwards in page order, so the result does not depend on timing.
    let unit_names: Vec<HashSet<&str>> = region_nodes.iter().map(|r| r.region.units.iter().map(|u| u.name.as_str()).collect()).collect();
    let resolved: Vec<(Vec<Diagnostic>, AssetCopies)> = nodes
        .par_iter_mut()
        .map(|n| {
            let doc = &n.doc;
            let mut errs: Vec<Diagnostic> = Vec::new();
            // The text is unpacked and its lines indexed once, at the first
            // problem of the page: per problem, a 40 MB report with 2,000
            // unknown units was unpacked and scanned 2,000 times.
            let text: std::cell::OnceCell<String> = std::cell::OnceCell::new();
            let locator: std::cell::OnceCell<crate::front_matter::Locator<'_>> = std::cell::OnceCell::new();
            let locator = || locator.get_or_init(|| crate::front_matter::Locator::new(text.get_or_init(|| doc.text.unpack())));
            let diag = |pos: (usize, usize), message: Message| {
                Diagnostic::new(&*doc.shown, pos.0, pos.1, message).with_source_in(locator().lines())
            };
            // Where each value of a list field is: looked for once, each after the one before.
            let list_positions = |key: &str, items: &[String]| -> Vec<(usize, usize)> {
                let (l, _) = doc.pos(key);
                locator().find_each(l, items.iter().map(String::as_str)).into_iter().map(|p| p.unwrap_or((l, 0))).collect()
            };
            let mut hints_left = NEAREST_HINTS_PER_PAGE;
            let mut page_assets: Vec<(String, String, AssetOrigin)> = Vec::new();
            let origin = |(line, column): (usize, usize)| AssetOrigin { shown: doc.shown.clone(), line, column };
            // The body's files are named already; the cover and materials
            // take names that are free among them.
            let mut names = markdown::AssetNames::default();
            for ((src, out), at) in n.rendered.assets.iter().zip(&n.rendered.asset_at) {
                names.insert(src, out);
                page_assets.push((out.clone(), src.clone(), origin(*at)));
            }
            let mut region_at: Option<Vec<(usize, usize)>> = None;
            for (i, rid) in doc.regions.iter().enumerate() {
                match region_index.get(rid.as_str()) {
                    Some(&i) => {
                        if !n.regions.contains(&i) {
                            n.regions.push(i)
                        }
                    }
                    None => {
                        let at = *region_at.get_or_insert_with(|| list_positions("region", &doc.regions)).get(i).unwrap_or(&(1, 0));
                        let near = match hints_left.checked_sub(1) {
                            Some(left) => {
                                hints_left = left;
                                nearest(rid, region_nodes.iter().map(|r| r.region.id.as_str()))
                            }
                            None => Vec::new(),
                        };
                        let all: Vec<String> = region_nodes.iter().take(50).map(|r| r.region.id.clone()).collect();
                        let fallback = if all.is_empty() { Hint::NoRegionYet } else { Hint::KnownRegions(all) };
                        let hint = Hint::nearest_or(near, fallback);
                        errs.push(diag(at, Message::UnknownRegion { id: rid.clone() }).with_hint(hint));
                    }
                }
            }
            let mut mode_at: Option<Vec<(usize, usize)>> = None;
            for (i, m) in doc.modes.iter().enumerate() {
                match config.modes.iter().position(|c| &c.name == m || &c.id == m) {
                    Some(i) => {
                        if !n.modes.contains(&i) {
                            n.modes.push(i)
                        }
                    }
                    None => {
                        let at = *mode_at.get_or_insert_with(|| list_positions("mode", &doc.modes)).get(i).unwrap_or(&(1, 0));
                        let candidates = mode_names.iter().copied().chain(config.modes.iter().map(|c| c.id.as_str()));
                        let near = nearest(m, candidates);
                        let all = Hint::OneOf(mode_names.iter().map(|s| s.to_string()).collect());
                        let hint = Hint::nearest_or(near.into_iter().take(1).collect(), all);
                        errs.push(diag(at, Message::UnknownMode { mode: m.clone() }).with_hint(hint));
                    }
                }
            }
            let mut unit_at: Option<Vec<(usize, usize)>> = None;
            for (i, u) in doc.units.iter().enumerate() {
                let known = n.regions.iter().any(|&r| unit_names[r].contains(u.as_str()));
                if !known && !n.regions.is_empty() {
                    let at = *unit_at.get_or_insert_with(|| list_positions("units", &doc.units)).get(i).unwrap_or(&(1, 0));
                    let near = match hints_left.checked_sub(1) {
                        Some(left) => {
                            hints_left = left;
                            let names = n.regions.iter().flat_map(|&r| region_nodes[r].region.units.iter().map(|x| x.name.as_str()));
                            nearest(u, names).into_iter().take(1).collect()
                        }
                        None => Vec::new(),
                    };
                    errs.push(diag(at, Message::UnknownUnit { unit: u.clone() }).with_hint(Hint::nearest_or(near, Hint::AddUnit)));
                }
            }
            n.tags = doc.tags.iter().filter_map(|t| tag_index.get(t.as_str()).copied()).collect();
            n.tags.dedup();
            n.lecturer = doc.lecturer.as_deref().and_then(|l| lecturer_index.get(l).copied());
            if let Some(cover) = &doc.cover {
                match crate::content_path::resolve_relative(&doc.source, cover) {
                    Some(p) if refuses_document(&config, &content.assets, &p) => errs.push(
                        diag(doc.pos("cover"), Message::HtmlAsset { what: FileRef::Cover, path: cover.clone() }).with_hint(Hint::AllowHtml),
                    ),
                    Some(p) if content.assets.contains(&p) => {
                        let (out, _) = names.name(&n.url, &p, cover);
                        n.cover_url = Some(crate::escape::url_path(&out));
                        page_assets.push((out, p, origin(doc.pos("cover"))));
                    }
                    Some(_) => errs.push(
                        diag(doc.pos("cover"), Message::MissingAsset { what: FileRef::Cover, path: cover.clone() })
                            .with_hint(Hint::PutNextTo { file: doc.shown.clone() }),
                    ),
                    None => errs.push(
                        diag(doc.pos("cover"), Message::PathOutside { what: FileRef::Cover, path: cover.clone() })
                            .with_hint(Hint::StayInside),
                    ),
                }
            }
            for m in &doc.materials {
                match (&m.file, &m.file_ref, &m.url) {
                    (Some(file), Some(written), _) => {
                        if refuses_document(&config, &content.assets, file) {
                            let col = locator().find(m.line, written).map(|p| p.1).unwrap_or(0);
                            errs.push(
                                diag((m.line, col), Message::HtmlAsset { what: FileRef::Material, path: written.clone() })
                                    .with_hint(Hint::AllowHtml),
                            );
                        } else if content.assets.contains(file) {
                            let (out, _) = names.name(&n.url, file, written);
                            let ext = file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
                            let url = crate::escape::url_path(&out);
                            n.materials.push(MaterialOut { title: m.title.clone(), url, is_file: true, ext });
                            let col = locator().find(m.line, written).map(|p| p.1).unwrap_or(0);
                            page_assets.push((out, file.clone(), origin((m.line, col))));
                        } else {
                            let col = locator().find(m.line, written).map(|p| p.1).unwrap_or(0);
                            errs.push(
                                diag((m.line, col), Message::MissingAsset { what: FileRef::Material, path: written.clone() })
                                    .with_hint(Hint::PutNextTo { file: doc.shown.clone() }),
                            );
                        }
                    }
                    (_, _, Some(url)) => {
                        n.materials.push(MaterialOut { title: m.title.clone(), url: url.clone(), is_file: false, ext: String::new() })
                    }
                    _ => {}
                }
            }
            (errs, page_assets)
        })
        .collect();
    for (errs, page_assets) in resolved {
        for (out, src, origin) in page_assets {
            assets.entry((out, src)).or_insert(origin);
        }
        diags.extend(Diagnostics::from(errs));
    }

    phases.mark("cross references");
    // Lists.
    let mut ids: Vec<PageId> = (0..nodes.len()).collect();
    ids.par_sort_by(|a, b| nodes[*a].doc.source.cmp(&nodes[*b].doc.source));
    let mut reports: Vec<PageId> = ids.iter().copied().filter(|&i| nodes[i].doc.kind == DocKind::Report).collect();
    let mut classes: Vec<PageId> = ids.iter().copied().filter(|&i| nodes[i].doc.kind == DocKind::Class).collect();
    let mut free_pages: Vec<PageId> = ids.iter().copied().filter(|&i| nodes[i].doc.kind == DocKind::Page).collect();
    sort_newest_first(&mut reports, &nodes);
    sort_newest_first(&mut classes, &nodes);
    free_pages.sort_by(|a, b| nodes[*a].url.cmp(&nodes[*b].url));
    let mut mode_pages: Vec<Vec<PageId>> = vec![Vec::new(); config.modes.len()];
    for &i in &reports {
        for &m in &nodes[i].modes {
            mode_pages[m].push(i);
        }
        let participants = nodes[i].doc.participants.unwrap_or(0);
        for &r in &nodes[i].regions {
            let rn = &mut region_nodes[r];
            rn.reports.push(i);
            rn.participants = rn.participants.saturating_add(participants);
            for (u, unit) in rn.region.units.iter().enumerate() {
                if nodes[i].doc.units.contains(&unit.name) {
                    let stat = &mut rn.unit_stats[u];
                    stat.0 += 1;
                    // Reports are newest first: the first one seen is the last activity.
                    if stat.1.is_none() {
                        stat.1 = nodes[i].doc.date;
                    }
                }
            }
        }
    }
    for &i in &classes {
        for &r in &nodes[i].regions {
            region_nodes[r].classes.push(i);
        }
        if let Some(l) = nodes[i].lecturer {
            lecturers[l].classes.push(i);
        }
    }
    for &i in reports.iter().chain(classes.iter()) {
        for &t in &nodes[i].tags {
            tags[t].pages.push(i);
        }
    }
    tags.par_iter_mut().for_each(|t| sort_newest_first(&mut t.pages, &nodes));
    let year = reports.iter().chain(classes.iter()).filter_map(|&i| nodes[i].doc.date).map(|d| d.year()).max();
    let sources = crate::regional::Sources { notes: content.notes, assessments: content.assessments };
    phases.mark("lists");
    let regional = crate::regional::build(
        &config,
        &region_nodes,
        &nodes,
        &by_source,
        &reports,
        &classes,
        sources,
        &ctx,
        &mut assets,
        diags,
        regional_cache,
    );
    phases.mark("regional");
    // Sorted by site path, then source: the map's order.
    let (asset_list, asset_origins): (Vec<(String, String)>, Vec<AssetOrigin>) =
        assets.into_iter().map(|((out, src), origin)| ((src, out), origin)).unzip();
    if let (Some(cache), Some(environment)) = (cache, environment) {
        cache.links = Some(Links { targets, assets: content.assets, environment });
    }
    SiteGraph {
        config,
        regions: region_nodes,
        pages: ids,
        nodes: nodes.into_iter().map(Arc::new).collect(),
        reports,
        classes,
        free_pages,
        mode_pages,
        tags,
        lecturers,
        assets: asset_list,
        svgs: BTreeMap::new(),
        asset_origins,
        year,
        regional: Arc::new(regional),
    }
}

/// The URL of a document, from the contract's table.
pub fn doc_url(doc: &Doc) -> String {
    match doc.kind {
        DocKind::Report => format!("/reports/{}/", doc.slug),
        DocKind::Class => format!("/classes/{}/", doc.slug),
        DocKind::Page => free_page_url(&doc.source),
    }
}

/// The URL of the free page at `source` (`pages/about.md` -> `/about/`).
fn free_page_url(source: &str) -> String {
    let inner = source.trim_start_matches("pages/").trim_end_matches(".md");
    // An ASCII name is kept unless a URL would read part of it as
    // something else (`#` an anchor, `?` a query, `%` an escape).
    let plain = |s: &str| s.bytes().all(|b| b.is_ascii_graphic() && !b"#?%\"'<>\\^`{|}[]".contains(&b));
    let segments: Vec<String> = inner.split('/').map(|s| if plain(s) { s.to_ascii_lowercase() } else { slugify(s) }).collect();
    if segments.last().is_some_and(|s| s == "index") {
        let parent = &segments[..segments.len() - 1];
        if parent.is_empty() { "/".into() } else { format!("/{}/", parent.join("/")) }
    } else {
        format!("/{}/", segments.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_page_urls_never_hold_what_a_url_reads_otherwise() {
        let url = free_page_url;
        assert_eq!(url("pages/About.md"), "/about/");
        assert_eq!(url("pages/a.b-c_d.md"), "/a.b-c_d/");
        assert_eq!(url("pages/index.md"), "/");
        assert_eq!(url("pages/a#b.md"), "/a-b/");
        assert_eq!(url("pages/100%.md"), "/100/");
        assert_eq!(url("pages/what?.md"), "/what/");
        assert_eq!(url("pages/关于 我们.md"), "/guan-yu-wo-men/");
    }

    #[test]
    fn text_on_brand_colour_keeps_contrast() {
        assert_eq!(text_color_on("#b71c1c"), "#ffffff");
        assert_eq!(text_color_on("#ffd54f"), "#1a1a1a");
        assert_eq!(text_color_on("#0d47a1"), "#ffffff");
    }
}
