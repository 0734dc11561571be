//! Stage 4 of the graph: the tags and lecturers the published documents
//! name, sorted by name, each with its ASCII slug and URL.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::Doc;
use crate::slug::SlugAllocator;

use super::nodes::{LecturerNode, TagNode};

/// Tags and lecturers, and where each name is in them.
pub struct Taxonomies<'a> {
    /// Tags by name, pages not yet listed.
    pub tags: Vec<TagNode>,
    /// Lecturers by name, classes not yet listed.
    pub lecturers: Vec<LecturerNode>,
    /// Tag name -> index into `tags`.
    pub tag_index: HashMap<&'a str, usize>,
    /// Lecturer name -> index into `lecturers`.
    pub lecturer_index: HashMap<&'a str, usize>,
}

/// The tags and lecturers of `published`. Names are borrowed from the
/// documents, gathered in hash sets in parallel, then sorted once (a
/// sorted set would compare every name on the way in).
pub fn build(published: &[Arc<Doc>]) -> Taxonomies<'_> {
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
    let (tag_names, lecturer_names) = (sorted(tag_set), sorted(lecturer_set));
    let tag_slugs = SlugAllocator::allocate(tag_names.iter().copied());
    let lecturer_slugs = SlugAllocator::allocate(lecturer_names.iter().copied());
    let tags = tag_names
        .iter()
        .map(|name| {
            let slug = tag_slugs[*name].clone();
            TagNode { url: format!("/tags/{slug}/"), slug, name: name.to_string(), pages: Vec::new() }
        })
        .collect();
    let lecturers = lecturer_names
        .iter()
        .map(|name| LecturerNode {
            url: format!("/classes/lecturers/{}/", lecturer_slugs[*name]),
            name: name.to_string(),
            classes: Vec::new(),
        })
        .collect();
    Taxonomies {
        tags,
        lecturers,
        tag_index: tag_names.iter().enumerate().map(|(i, &t)| (t, i)).collect(),
        lecturer_index: lecturer_names.iter().enumerate().map(|(i, &t)| (t, i)).collect(),
    }
}

fn sorted(set: HashSet<&str>) -> Vec<&str> {
    let mut v: Vec<&str> = set.into_iter().collect();
    v.sort_unstable();
    v
}
