//! The site graph: every published page, region, mode, tag and lecturer with
//! its URL and its cross references resolved, and every list sorted.
//!
//! Built in stages, one file each, which [`crate::site::build`] runs in
//! order: [`regions`], [`urls`], [`bodies`] (Markdown), [`taxonomies`]
//! (tags and lecturers), [`issued`] (the items of issued bulletin issues
//! that changed since, as issued), [`references`] and [`lists`]; [`anchors`] finds
//! links to headings a page lacks; [`honours`] resolves the honours
//! (after the lists, with the regional figures). A
//! new kind of node gets a stage here; what a stage cannot resolve it
//! records as a [`Finding`] for the checks across files. Ids are dense
//! indices into the `Vec`s of the graph. Every sort ends with a tie-break
//! on the URL, so the output never depends on file-system or hash order.
//! Files inside `graph/` import each other's items from their own files,
//! never through this one.

pub mod anchors;
pub mod bodies;
pub mod findings;
pub mod honours;
pub mod issued;
pub mod lists;
pub mod nodes;
pub mod references;
pub mod regions;
pub mod taxonomies;
pub mod urls;

pub use findings::{FileProblem, Finding};
pub use nodes::{AssetMap, AssetOrigin, LecturerNode, MaterialOut, PageId, PageNode, RegionId, RegionNode, TagNode, newest_first};
pub use urls::doc_url;
