//! What the graph's stages find wrong while resolving references between
//! files, recorded as plain facts: the stages resolve what they can and
//! leave the wording, positions and hints of each problem to the checks
//! across files ([`crate::site::checks`]), which report them.

use crate::content::Region;

use super::nodes::{PageId, RegionId};

/// One reference that does not resolve.
#[derive(Debug, Clone)]
pub enum Finding {
    /// A region profile whose id another profile has already (compared
    /// without case): it is left out of the graph. `other` is the file
    /// shown for the profile kept.
    DuplicateRegion {
        /// The profile left out.
        region: Box<Region>,
        /// The profile with the id.
        other: String,
    },
    /// A region's logo.
    Logo {
        /// The region.
        region: RegionId,
        /// What is wrong with the file.
        problem: FileProblem,
    },
    /// The `index`th entry of a page's `region` names no region.
    UnknownRegion {
        /// The page.
        page: PageId,
        /// Index into the page's `regions` as written.
        index: usize,
    },
    /// The `index`th entry of a page's `mode` names no co-building mode.
    UnknownMode {
        /// The page.
        page: PageId,
        /// Index into the page's `modes` as written.
        index: usize,
    },
    /// The `index`th entry of a page's `units` is a unit of none of its regions.
    UnknownUnit {
        /// The page.
        page: PageId,
        /// Index into the page's `units` as written.
        index: usize,
    },
    /// The `index`th entry of a report's `hosts` is a unit of none of its regions.
    UnknownHost {
        /// The page.
        page: PageId,
        /// Index into the page's `hosts` as written.
        index: usize,
    },
    /// A page's cover image.
    Cover {
        /// The page.
        page: PageId,
        /// What is wrong with the file.
        problem: FileProblem,
    },
    /// The `index`th photo of a page's `gallery:`.
    Gallery {
        /// The page.
        page: PageId,
        /// Index into the page's `gallery` as read.
        index: usize,
        /// What is wrong with the file.
        problem: FileProblem,
    },
    /// The `index`th material of a class.
    Material {
        /// The page.
        page: PageId,
        /// Index into the page's `materials` as written.
        index: usize,
        /// What is wrong with the file.
        problem: FileProblem,
    },
}

/// Why a file a page or profile names is not copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileProblem {
    /// No such file in `content/`.
    Missing,
    /// An HTML or XML document, which the site does not publish unless allowed.
    Refused,
    /// The path climbs out of `content/`.
    Outside,
}
