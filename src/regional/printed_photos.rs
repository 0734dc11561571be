//! The photos of a report's or class's `gallery:` that a
//! bulletin prints beside the item (its page, its PDF and its Word file):
//! in an open issue, the first [`BULLETIN_PHOTOS`] of the gallery, in its
//! order, leaving out the cover (printed above the text already); writers
//! choose what is printed by putting those photos first. An issued issue
//! prints what its record says it printed (`issued.photos`), whatever the
//! gallery says later: a record is not changed by later content, and
//! `check` says what the gallery would print now instead.

use super::Issue;
use crate::graph::nodes::{GalleryOut, PageNode};

/// How many photos of a gallery a bulletin prints with each item.
pub const BULLETIN_PHOTOS: usize = 3;

/// The photos of `n`'s gallery a bulletin prints.
pub fn bulletin_photos(n: &PageNode) -> impl Iterator<Item = &GalleryOut> {
    n.gallery.iter().filter(move |g| n.cover_url.as_deref() != Some(g.url.as_str())).take(BULLETIN_PHOTOS)
}

/// The photos of `n`'s gallery that `issue` prints beside it: the
/// record's, in the record's order, once issued; else
/// [`bulletin_photos`]. A recorded photo the gallery no longer has is left
/// out (`check` reports it).
pub fn issue_photos<'a>(issue: &'a Issue, n: &'a PageNode) -> Vec<&'a GalleryOut> {
    match &issue.issued {
        Some(issued) => issued.photos.iter().filter_map(|src| n.gallery.iter().find(|g| g.source == *src)).collect(),
        None => bulletin_photos(n).collect(),
    }
}
