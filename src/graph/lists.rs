//! Stage 6 of the graph: every list of pages, sorted newest first (then by
//! URL): reports, classes, free pages, the reports of each mode, and the
//! pages of each region, tag and lecturer with the regions' unit figures.

use chrono::Datelike;
use rayon::prelude::*;

use crate::content::DocKind;

use super::nodes::{LecturerNode, PageId, PageNode, RegionNode, TagNode, sort_newest_first};

/// The site-wide lists.
pub struct Lists {
    /// Every page, by source path.
    pub pages: Vec<PageId>,
    /// Reports, newest first.
    pub reports: Vec<PageId>,
    /// Classes, newest first.
    pub classes: Vec<PageId>,
    /// Free pages, by URL.
    pub free_pages: Vec<PageId>,
    /// Reports per mode (same order as the modes of the settings), newest first.
    pub mode_pages: Vec<Vec<PageId>>,
    /// The latest year with a published report or class.
    pub year: Option<i32>,
}

/// The nodes that lists are kept in.
pub struct Holders<'a> {
    /// Regions: their reports, classes, units' figures and participants.
    pub regions: &'a mut [RegionNode],
    /// Tags: their pages.
    pub tags: &'a mut [TagNode],
    /// Lecturers: their classes.
    pub lecturers: &'a mut [LecturerNode],
}

/// Sorts the pages into the site's lists and fills the lists of `holders`.
pub fn build(nodes: &[PageNode], modes: usize, holders: Holders<'_>) -> Lists {
    let mut pages: Vec<PageId> = PageId::all(nodes.len()).collect();
    pages.par_sort_by(|a, b| nodes[*a].doc.source.cmp(&nodes[*b].doc.source));
    let of_kind = |kind: DocKind| pages.iter().copied().filter(|&i| nodes[i].doc.kind == kind).collect::<Vec<PageId>>();
    let (mut reports, mut classes, mut free_pages) = (of_kind(DocKind::Report), of_kind(DocKind::Class), of_kind(DocKind::Page));
    sort_newest_first(&mut reports, nodes);
    sort_newest_first(&mut classes, nodes);
    free_pages.sort_by(|a, b| nodes[*a].url.cmp(&nodes[*b].url));
    let mut mode_pages: Vec<Vec<PageId>> = vec![Vec::new(); modes];
    for &i in &reports {
        for &m in &nodes[i].modes {
            mode_pages[m].push(i);
        }
        count_report(i, &nodes[i], holders.regions);
    }
    for &i in &classes {
        for &r in &nodes[i].regions {
            holders.regions[r].classes.push(i);
        }
        if let Some(l) = nodes[i].lecturer {
            holders.lecturers[l].classes.push(i);
        }
    }
    for &i in reports.iter().chain(classes.iter()) {
        for &t in &nodes[i].tags {
            holders.tags[t].pages.push(i);
        }
    }
    holders.tags.par_iter_mut().for_each(|t| sort_newest_first(&mut t.pages, nodes));
    let year = reports.iter().chain(classes.iter()).filter_map(|&i| nodes[i].doc.date).map(|d| d.year()).max();
    Lists { pages, reports, classes, free_pages, mode_pages, year }
}

/// Adds report `i` to its regions, their participants and their units'
/// figures. Reports come newest first: the first one seen of a unit is its
/// last activity.
fn count_report(i: PageId, node: &PageNode, regions: &mut [RegionNode]) {
    let participants = node.doc.participants.unwrap_or(0);
    for &r in &node.regions {
        let rn = &mut regions[r];
        rn.reports.push(i);
        rn.participants = rn.participants.saturating_add(participants);
        for (u, unit) in rn.region.units.iter().enumerate() {
            if node.doc.units.contains(&unit.name) || node.doc.hosts.contains(&unit.name) {
                let stat = &mut rn.unit_stats[u];
                stat.0 += 1;
                if stat.1.is_none() {
                    stat.1 = node.doc.date;
                }
            }
        }
    }
}
