//! The checks across files: every problem that one file alone cannot show.
//! A page naming a region, mode or unit that does not exist, a file that
//! is not there, a link to a heading another page lacks, an editor's note
//! without its issue, an issued bulletin's record that the site no longer
//! matches, an assessment of an unknown region: each is reported
//! here, after the site is assembled, from the graph and what its stages
//! could not resolve ([`crate::graph::Finding`]). Adding a check means
//! adding a function here and calling it from [`run`].
//!
//! Problems found while reading one file (its front matter, its Markdown,
//! links to files in `content/`) are reported where that file is read;
//! those of the output (two owners of one URL, names too long) by
//! [`crate::render::check_outputs`], once every output is known.

mod anchors;
// The assessment: scores against the criteria of site.yaml.
mod assessments;
mod bulletins;
pub mod honours;
mod notes;
mod references;

use crate::content::{Assessment, BulletinNote};
use crate::diagnostics::Diagnostics;
use crate::graph::Finding;
use crate::regional::NoteLinks;

use super::SiteGraph;
use crate::diagnostics::nearest;
use crate::messages::Hint;

/// The hint for a region id that is not a region: the nearest id, else
/// the known ids (or that there is none yet).
fn region_hint(graph: &SiteGraph, id: &str) -> Hint {
    let ids: Vec<String> = graph.regions.iter().map(|r| r.region.id.clone()).collect();
    let fallback = if ids.is_empty() { Hint::NoRegionYet } else { Hint::KnownRegions(ids.clone()) };
    Hint::nearest_or(nearest(id, ids.iter().map(String::as_str)), fallback)
}

/// What the checks look at besides the graph.
pub struct Found<'a> {
    /// What the graph's stages could not resolve, in page order.
    pub findings: Vec<Finding>,
    /// The editor's notes as loaded.
    pub notes: &'a [BulletinNote],
    /// The copies issued issues keep of their notes.
    pub note_copies: &'a [BulletinNote],
    /// The links of the notes attached to issues.
    pub note_links: Vec<NoteLinks>,
    /// The yearly assessments as loaded.
    pub assessments: &'a [Assessment],
    /// The honours files and what of them did not resolve.
    pub honours: honours::Found<'a>,
}

/// Runs every check across files, adding what it finds to `diags`.
pub fn run(graph: &SiteGraph, found: Found<'_>, diags: &mut Diagnostics) {
    references::report(graph, &found.findings, diags);
    anchors::pages(graph, diags);
    anchors::notes(graph, found.notes, &found.note_links, diags);
    notes::notes(graph, found.notes, diags);
    assessments::assessments(graph, found.assessments, diags);
    bulletins::records(graph, found.notes, chrono::Local::now().date_naive(), diags);
    bulletins::numbers(graph, found.notes, diags);
    bulletins::photos(graph, found.notes, diags);
    bulletins::orphan_copies(graph, found.notes, found.note_copies, diags);
    bulletins::late(graph, diags);
    honours::report(graph, &found.honours, diags);
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostic;

    /// Loads a test site with `files` and returns its diagnostics.
    fn load(files: &[(&str, &str)]) -> Vec<Diagnostic> {
        let dir = crate::test_site::write(files);
        let (_, diags) = crate::load_site(dir.path(), None, false);
        diags.iter().cloned().collect()
    }

    /// (code, path, line, column) of each diagnostic.
    fn located(diags: &[Diagnostic]) -> Vec<(&'static str, &str, usize, usize)> {
        let mut v: Vec<_> = diags.iter().map(|d| (d.message.code(), d.path.as_str(), d.line, d.column)).collect();
        v.sort();
        v
    }

    #[test]
    fn a_site_without_cross_file_problems_has_none() {
        let report = "---\ntitle: 甲\ndate: 2026-03-02\nregion: alpha\nmode: 组织共建\nunits: [甲一项目部]\n---\n\n正文。\n";
        assert!(load(&[("content/reports/2026/a.md", report)]).is_empty());
    }

    #[test]
    fn unknown_regions_modes_and_units_are_located_at_their_values() {
        let report = "---\ntitle: 甲\ndate: 2026-03-02\nregion: [alpha, alpah]\nmode: [组织共建, 组织共见]\nunits: [甲一项目部, 乙项目部]\n---\n\n正文。\n";
        let diags = load(&[("content/reports/2026/a.md", report)]);
        let shown = "content/reports/2026/a.md";
        assert_eq!(located(&diags), [("unknown-mode", shown, 5, 14), ("unknown-region", shown, 4, 17), ("unknown-unit", shown, 6, 16)]);
        let region = diags.iter().find(|d| d.message.code() == "unknown-region").unwrap();
        assert_eq!(region.hint_text(crate::language::Language::En).as_deref(), Some("did you mean `alpha`?"));
        let unit = diags.iter().find(|d| d.message.code() == "unknown-unit").unwrap();
        assert!(unit.source_line.as_deref().is_some_and(|l| l.contains("乙项目部")), "{unit:?}");
    }

    #[test]
    fn a_second_region_with_an_id_taken_is_reported_once() {
        let diags = load(&[("content/regions/alpha.yml", "name: 又一个甲\n")]);
        // Regions sort by order, then name: 又一个甲 (alpha.yml) before 甲片区 (alpha.yaml).
        assert_eq!(located(&diags), [("duplicate-region", "content/regions/alpha.yaml", 0, 0)], "{diags:?}");
        let crate::messages::Message::DuplicateRegion { other, .. } = &diags[0].message else { unreachable!() };
        assert_eq!(other, "content/regions/alpha.yml");
    }

    #[test]
    fn missing_cover_and_material_files_are_reported_where_named() {
        let report = "---\ntitle: 甲\ndate: 2026-03-02\nregion: alpha\ncover: photo.jpg\n---\n\n正文。\n";
        let class = "---\ntitle: 课\ndate: 2026-03-02\nregion: alpha\nlecturer: 张明\nmaterials:\n  - title: 讲稿\n    file: slides.pdf\n---\n\n正文。\n";
        let diags = load(&[("content/reports/2026/a.md", report), ("content/classes/2026/c.md", class)]);
        assert_eq!(
            located(&diags),
            [("missing-asset", "content/classes/2026/c.md", 8, 11), ("missing-asset", "content/reports/2026/a.md", 5, 8)]
        );
    }

    #[test]
    fn a_link_to_a_heading_another_page_lacks_is_reported_in_pages_and_notes() {
        let target = "---\ntitle: 乙\ndate: 2026-03-01\nregion: alpha\n---\n\n## 现场\n";
        let linking = "---\ntitle: 甲\ndate: 2026-03-02\nregion: alpha\n---\n\n见[乙](b.md#现场)与[乙](b.md#没有)。\n";
        let note = "---\ntitle: 编者按\n---\n\n见[乙](../../reports/2026/b.md#也没有)。\n";
        let diags = load(&[
            ("content/reports/2026/a.md", linking),
            ("content/reports/2026/b.md", target),
            ("content/bulletins/alpha/2026-03.md", note),
        ]);
        let anchors: Vec<_> = located(&diags).into_iter().filter(|d| d.0 == "unknown-anchor").map(|d| (d.1, d.2)).collect();
        assert_eq!(anchors, [("content/bulletins/alpha/2026-03.md", 5), ("content/reports/2026/a.md", 7)], "{diags:?}");
    }

    #[test]
    fn notes_and_assessments_name_regions_and_issues_that_exist() {
        let report = "---\ntitle: 甲\ndate: 2026-03-02\nregion: alpha\n---\n\n正文。\n";
        let diags = load(&[
            ("content/reports/2026/a.md", report),
            ("content/bulletins/gamma/2026-03.md", "---\ntitle: 按\n---\n\n正文。\n"),
            ("content/bulletins/alpha/2026-04.md", "---\ntitle: 按\n---\n\n正文。\n"),
            (
                "content/assessments/2026.yaml",
                "regions:\n  alpha: { 项目管控效益好: 90, 市场开拓形象好: 90, 工作联动效果好: 90, 主题活动作用好: 90 }\n  gamma:\n    项目管控效益好: 80\n",
            ),
        ]);
        let codes: Vec<_> = located(&diags).into_iter().map(|d| (d.0, d.1, d.2)).collect();
        assert_eq!(
            codes,
            [
                ("note-without-issue", "content/bulletins/alpha/2026-04.md", 0),
                ("unknown-region", "content/assessments/2026.yaml", 3),
                ("unknown-region", "content/bulletins/gamma/2026-03.md", 0),
            ]
        );
    }
}
