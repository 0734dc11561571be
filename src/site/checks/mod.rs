//! The checks across files: every problem that one file alone cannot show.
//! A page naming a region, mode or unit that does not exist, a file that
//! is not there, a link to a heading another page lacks, an editor's note
//! without its issue, an assessment of an unknown region: each is reported
//! here, after the site is assembled, from the graph and what its stages
//! could not resolve ([`crate::graph::Finding`]). Adding a check means
//! adding a function here and calling it from [`run`].
//!
//! Problems found while reading one file (its front matter, its Markdown,
//! links to files in `content/`) are reported where that file is read;
//! those of the output (two owners of one URL, names too long) by
//! [`crate::render::check_outputs`], once every output is known.

mod anchors;
mod notes;
mod references;

use crate::content::{Assessment, BulletinNote};
use crate::diagnostics::Diagnostics;
use crate::graph::Finding;
use crate::regional::NoteLinks;

use super::SiteGraph;

/// What the checks look at besides the graph.
pub struct Found<'a> {
    /// What the graph's stages could not resolve, in page order.
    pub findings: Vec<Finding>,
    /// The editor's notes as loaded.
    pub notes: &'a [BulletinNote],
    /// The links of the notes attached to issues.
    pub note_links: Vec<NoteLinks>,
    /// The yearly assessments as loaded.
    pub assessments: &'a [Assessment],
}

/// Runs every check across files, adding what it finds to `diags`.
pub fn run(graph: &SiteGraph, found: Found<'_>, diags: &mut Diagnostics) {
    references::report(graph, &found.findings, diags);
    anchors::pages(graph, diags);
    anchors::notes(graph, found.notes, &found.note_links, diags);
    notes::notes(graph, found.notes, diags);
    notes::assessments(graph, found.assessments, diags);
}
