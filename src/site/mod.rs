//! The whole site assembled: the graph's stages run in order, the regional
//! figures computed from the resolved pages, and every check across files
//! ([`checks`]) run on the result. [`SiteGraph`] is what rendering, the
//! search index and the dev server read.

pub mod checks;
pub mod photos;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::config::SiteConfig;
use crate::content::{Content, Doc};
use crate::diagnostics::Diagnostics;
use crate::graph::anchors::unknown_anchors;
use crate::graph::bodies::{self, BodyCache, Links, page_version, render_doc};
use crate::graph::nodes::{AssetOrigin, LecturerNode, PageId, PageNode, RegionNode, TagNode, sanitizes};
use crate::graph::{lists, references, regions, taxonomies, urls};
use crate::markdown::{LinkContext, Rendered};
use crate::regional;

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
    /// The photos among `assets`, processed ([`crate::photos`]):
    /// their smaller widths are in `assets` too, and every file of them is
    /// published from the processing cache instead of the source. Filled
    /// when the site is loaded ([`crate::load_site`]).
    pub photos: Arc<crate::photos::Photos>,
    /// The latest year with a published report or class.
    pub year: Option<i32>,
    /// Bulletins, dashboard and figures of the regional pages.
    /// (Shared: a dev-server patch copies the graph while the previous
    /// edit's search index still reads it, and never changes these.)
    pub regional: Arc<crate::regional::Regional>,
    /// Honours (先进典型), resolved.
    pub honours: Arc<crate::graph::honours::Honours>,
    /// Problems and decisions, resolved (see [`crate::regional::problems`]).
    pub problems: Arc<crate::regional::problems::Problems>,
    /// The copies issued bulletin issues keep of their items, and the nodes
    /// (after the published pages in `nodes`) of those changed since.
    pub kept: Arc<crate::graph::issued::Kept>,
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
    pub fn patch_bodies(&mut self, docs: &[Arc<Doc>], cache: &mut DevCache) -> Option<Vec<PageId>> {
        let links = cache.bodies.links()?;
        let ctx = LinkContext {
            targets: &links.targets,
            assets: &links.assets,
            sanitize: sanitizes(&self.config),
            allow_html: self.config.assets.allow_html,
            site: &links.site,
        };
        let page = |source: &str| self.page_by_source(source).map(|id| &*self.nodes[id]);
        let mut patches: Vec<(PageId, Arc<Doc>, Rendered)> = Vec::with_capacity(docs.len());
        for doc in docs {
            // Which text an issued issue prints may change with this edit.
            if self.kept.items.contains(&doc.source) {
                return None;
            }
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
            if unknown_anchors(&rendered.anchors, &page).next().is_some() {
                return None;
            }
            // Links starting with `/` to outputs are checked with the whole site.
            if rendered.site_links != old.rendered.site_links {
                return None;
            }
            patches.push((id, doc.clone(), rendered));
        }
        let environment = links.environment;
        let mut ids = Vec::with_capacity(patches.len());
        let mut updates = Vec::with_capacity(patches.len());
        for (id, doc, rendered) in patches {
            let node = Arc::make_mut(&mut self.nodes[id]);
            node.version = page_version(doc.text_hash, &node.url);
            node.rendered = Arc::new(rendered);
            node.doc = doc;
            updates.push((node.doc.source.clone(), node.version, node.rendered.clone()));
            ids.push(id);
        }
        for (source, version, rendered) in updates {
            cache.bodies.insert(source, version, environment, rendered);
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

/// What the dev server keeps between builds: the files read, rendered
/// Markdown and the regional figures of the last build, each reused while
/// its inputs are unchanged. One value, handed to [`crate::load_site_cached`]
/// (which gives its parts to the loader and to [`build`]) and to
/// [`SiteGraph::patch_bodies`].
#[derive(Debug, Default)]
pub struct DevCache {
    /// Parsed content files, by modification time and size.
    pub files: crate::content::LoadCache,
    /// Rendered page bodies and the link environment they were rendered in.
    pub bodies: BodyCache,
    /// Bulletin and dashboard figures.
    pub regional: regional::Cache,
    /// Show content that awaits review (初稿, 待审) on a site that requires
    /// it, with its banner: the dev server previews what writers and
    /// reviewers are working on (`draft: true` still needs `--drafts`).
    pub preview_unreviewed: bool,
}

/// Leaves out the bulletin notes not reviewed (`withholds`, unless
/// `drafts`) like draft pages; the `issued:` record of one stays (the
/// command wrote it, and an issued issue keeps its number and items),
/// without the note's headline, text and fields.
fn withhold_notes(notes: &mut Vec<crate::content::BulletinNote>, drafts: bool, withholds: bool) {
    notes.retain_mut(|n| {
        if drafts || !n.review.withheld(withholds) {
            return true;
        }
        (n.title, n.editor, n.fields, n.body_start) = (None, None, Default::default(), n.text.len());
        n.issued.is_some()
    });
}

/// The published pages `nodes` (ids `..live`, returned as `live`) followed
/// by the issued items that changed since their issue, in no list
/// ([`crate::graph::issued`]).
fn with_kept(
    mut nodes: Vec<PageNode>,
    copies: &[crate::content::IssuedCopy],
    ctx: &LinkContext<'_>,
) -> (Vec<PageNode>, crate::graph::issued::Kept, usize) {
    let live = nodes.len();
    let (changed, kept) = crate::graph::issued::build(copies, &nodes, ctx, live);
    nodes.extend(changed);
    (nodes, kept, live)
}

/// Builds the site: the graph's stages in order, the regional figures and
/// the checks across files, reusing (and refreshing) `cache`. Problems go to
/// `diags`; the graph is returned even when there are errors so that every
/// problem can be reported at once.
pub fn build(config: SiteConfig, mut content: Content, drafts: bool, diags: &mut Diagnostics, cache: Option<&mut DevCache>) -> SiteGraph {
    let sanitize = sanitizes(&config);
    let mut phases = crate::timing::Phases::start("    graph/");
    let mut assets = crate::graph::AssetMap::new();
    let mut findings = Vec::new();
    let regions::Regions { nodes: mut region_nodes, index: region_index } =
        regions::build(&config, content.regions, &content.assets, &mut assets, &mut findings);
    phases.mark("regions");
    // Not yet reviewed is left out like a draft page, except in the dev server's preview.
    let withholds = config.review.required && !cache.as_ref().is_some_and(|c| c.preview_unreviewed);
    withhold_notes(&mut content.notes, drafts, withholds);
    // The pages withheld for review, for the words of links to them.
    let unreviewed =
        content.docs.iter().filter(|d| !drafts && !d.draft && d.review.withheld(withholds)).map(|d| d.source.clone()).collect();
    let (targets, published) = urls::build(content.docs, drafts, withholds);
    let site_urls = crate::markdown::SiteUrls::new([&config.base_path, &config.written_base_path], &targets, unreviewed);
    phases.mark("urls");
    let ctx = LinkContext { targets: &targets, assets: &content.assets, sanitize, allow_html: config.assets.allow_html, site: &site_urls };
    let (mut body_cache, mut regional_cache) = match cache {
        Some(DevCache { bodies, regional, .. }) => (Some(bodies), Some(regional)),
        None => (None, None),
    };
    let environment = body_cache.as_ref().map(|_| bodies::environment(&published, &ctx));
    let nodes = bodies::build(&published, &ctx, body_cache.as_deref_mut().zip(environment));
    let (mut nodes, kept, live) = with_kept(nodes, &content.copies, &ctx);
    phases.mark("markdown");
    for n in &nodes {
        diags.extend(Diagnostics::from(n.rendered.diags.clone()));
    }
    let taxonomies::Taxonomies { mut tags, mut lecturers, tag_index, lecturer_index } = taxonomies::build(&published);
    let known = references::Known {
        config: &config,
        content_assets: &content.assets,
        regions: &region_nodes,
        region_index: &region_index,
        tag_index: &tag_index,
        lecturer_index: &lecturer_index,
    };
    let (page_findings, copies) = references::resolve(&mut nodes, &known);
    crate::graph::issued::name_copies(&mut nodes, &kept);
    findings.extend(page_findings);
    for (out, src, origin) in copies.into_iter().flatten() {
        assets.entry((out, src)).or_insert(origin);
    }
    phases.mark("cross references");
    let holders = lists::Holders { regions: &mut region_nodes, tags: &mut tags, lecturers: &mut lecturers };
    let lists = lists::build(&nodes[..live], config.modes.len(), holders);
    phases.mark("lists");
    let inputs = regional::Inputs {
        cfg: &config,
        regions: &region_nodes,
        nodes: &nodes,
        reports: &lists.reports,
        classes: &lists.classes,
        links: &ctx,
        kept: &kept,
    };
    let (regional, note_links) =
        regional::build(&inputs, &content.notes, &content.note_copies, &content.assessments, &mut assets, diags, regional_cache.take());
    phases.mark("regional");
    let mut honour_findings = Vec::new();
    let honour_inputs = crate::graph::honours::Inputs {
        config: &config,
        regions: &region_nodes,
        region_index: &region_index,
        nodes: &nodes,
        reports: &lists.reports,
        files: &content.honours,
        assessments: &content.assessments,
    };
    let honours = crate::graph::honours::build(&honour_inputs, &mut honour_findings);
    phases.mark("honours");
    let sources = regional::problems::Sources {
        cfg: &config,
        regions: &region_nodes,
        nodes: &nodes,
        reports: &lists.reports,
        files: &content.problems,
    };
    let problems = regional::problems::build(&sources, diags);
    phases.mark("problems");
    if let (Some(cache), Some(environment)) = (body_cache, environment) {
        cache.remember(Links { targets, assets: content.assets, environment, site: site_urls });
    }
    // Sorted by site path, then source: the map's order.
    let (asset_list, asset_origins): (Vec<(String, String)>, Vec<AssetOrigin>) =
        assets.into_iter().map(|((out, src), origin)| ((src, out), origin)).unzip();
    let graph = SiteGraph {
        config,
        regions: region_nodes,
        pages: lists.pages,
        nodes: nodes.into_iter().map(Arc::new).collect(),
        reports: lists.reports,
        classes: lists.classes,
        free_pages: lists.free_pages,
        mode_pages: lists.mode_pages,
        tags,
        lecturers,
        assets: asset_list,
        svgs: BTreeMap::new(),
        photos: Arc::default(),
        asset_origins,
        year: lists.year,
        regional: Arc::new(regional),
        honours: Arc::new(honours),
        problems: Arc::new(problems),
        kept: Arc::new(kept),
    };
    let found = checks::Found {
        findings,
        notes: &content.notes,
        note_copies: &content.note_copies,
        note_links,
        assessments: &content.assessments,
        honours: checks::honours::Found { files: &content.honours, findings: honour_findings },
    };
    checks::run(&graph, found, diags);
    phases.mark("checks");
    graph
}
