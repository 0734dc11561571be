//! The nodes of the site graph: pages, regions, tags and lecturers with
//! what the graph's stages resolve for them, the ids that index them, and
//! the copies of files the site makes.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::content::{Doc, Region};
use crate::markdown::Rendered;

/// Declares an id type: an index into one `Vec` of the graph, which the
/// `Vec`s and slices of its nodes can be indexed by directly. Other
/// vectors in the same order (per-region figures, say) are indexed with
/// [`PageId::index`] and the like.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident indexes $($node:ty),+) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(pub usize);

        impl $name {
            /// The position in the vector this id indexes.
            pub fn index(self) -> usize {
                self.0
            }

            /// Every id of a vector of `len` items, in order.
            pub fn all(len: usize) -> impl DoubleEndedIterator<Item = $name> + ExactSizeIterator {
                (0..len).map($name)
            }
        }

        $(
            impl std::ops::Index<$name> for [$node] {
                type Output = $node;
                fn index(&self, id: $name) -> &$node {
                    &self[id.0]
                }
            }
            impl std::ops::IndexMut<$name> for [$node] {
                fn index_mut(&mut self, id: $name) -> &mut $node {
                    &mut self[id.0]
                }
            }
            impl std::ops::Index<$name> for Vec<$node> {
                type Output = $node;
                fn index(&self, id: $name) -> &$node {
                    &self[id.0]
                }
            }
            impl std::ops::IndexMut<$name> for Vec<$node> {
                fn index_mut(&mut self, id: $name) -> &mut $node {
                    &mut self[id.0]
                }
            }
        )+
    };
}
pub(crate) use id_type;

id_type!(
    /// A published page: an index into the graph's pages (`SiteGraph::nodes`).
    PageId indexes PageNode, Arc<PageNode>
);
id_type!(
    /// A region: an index into the graph's regions (`SiteGraph::regions`).
    RegionId indexes RegionNode
);

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
    /// Tags, as indices into `SiteGraph::tags`.
    pub tags: Vec<usize>,
    /// Lecturer, index into `SiteGraph::lecturers`.
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
    /// The photos of the page's `gallery:`.
    pub gallery: Vec<GalleryOut>,
}

/// A photo of a gallery ready for templates.
#[derive(Debug, Clone, serde::Serialize)]
pub struct GalleryOut {
    /// Site path of the photo (its widest file).
    pub url: String,
    /// The caption, empty when none.
    pub caption: String,
    /// The `alt` text: the caption, else the page's title.
    pub alt: String,
    /// The source file, content-relative (what an issued bulletin's
    /// record names); not shown to templates.
    #[serde(skip)]
    pub source: String,
}

impl PageNode {
    /// Date, for sorting (free pages without one sort last).
    pub fn date(&self) -> NaiveDate {
        self.doc.date.unwrap_or(NaiveDate::MIN)
    }

    /// The summary as HTML: the front matter's `summary`, else the one
    /// taken from the body.
    pub fn summary_html(&self) -> &str {
        if self.summary_html.is_empty() { &self.rendered.summary_html } else { &self.summary_html }
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

/// Sorts `ids` by [`newest_first`].
pub fn sort_newest_first(ids: &mut [PageId], nodes: &[PageNode]) {
    ids.par_sort_by(|a, b| newest_first(&nodes[*a], &nodes[*b]));
}

/// The order of every list of pages: newest first, then by URL. URLs are
/// unique, so the order is total, whichever sort makes it.
pub fn newest_first(a: &PageNode, b: &PageNode) -> std::cmp::Ordering {
    b.date().cmp(&a.date()).then_with(|| a.url.cmp(&b.url))
}

/// True when `asset` is a file of `content/` that the site may not publish
/// as it is: an HTML or XML document, unless `assets: { allow_html: true }`
/// (see [`crate::content_path::is_script_document`]).
pub fn refuses_document(config: &SiteConfig, assets: &BTreeSet<String>, asset: &str) -> bool {
    !config.assets.allow_html && assets.contains(asset) && crate::content_path::is_script_document(asset)
}

/// Whether Markdown rendering cleans raw HTML under `config`.
pub fn sanitizes(config: &SiteConfig) -> bool {
    config.markdown.raw_html == crate::config::RawHtml::Sanitized
}
