//! Honours against the site: each honour names a region
//! that exists, a member unit of that region, a level of `honours.levels`
//! and reports that are published. The graph's honours stage records what
//! did not resolve ([`HonourFinding`]); here each becomes a diagnostic at
//! its value, with "did you mean" from the names it should have been.

use crate::content::HonourFile;
use crate::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::graph::honours::HonourFinding;
use crate::messages::{Hint, Message};
use crate::site::SiteGraph;

/// The honours files and what of them did not resolve.
pub struct Found<'a> {
    /// The files as loaded.
    pub files: &'a [HonourFile],
    /// What did not resolve.
    pub findings: Vec<HonourFinding>,
}

/// "Did you mean" among `names`, else `fallback`.
fn near(word: &str, names: &[&str], fallback: Hint) -> Hint {
    Hint::nearest_or(nearest(word, names.iter().copied()), fallback)
}

/// Reports each finding at its value in its file.
pub fn report(graph: &SiteGraph, found: &Found<'_>, diags: &mut Diagnostics) {
    let levels: Vec<&str> = graph.config.honours.levels.iter().map(String::as_str).collect();
    for finding in &found.findings {
        let (file, line, column, message, hint) = match finding {
            HonourFinding::UnknownRegion { file, at } => {
                (*file, at.line, at.column, Message::UnknownRegion { id: at.value.clone() }, super::region_hint(graph, &at.value).into())
            }
            HonourFinding::UnknownUnit { file, at, region } => {
                let reg = &graph.regions[*region].region;
                let units: Vec<&str> = reg.units.iter().map(|u| u.name.as_str()).collect();
                let fallback = Hint::OneOf(units.iter().take(20).map(|s| s.to_string()).collect());
                let message = Message::HonourUnit { unit: at.value.clone(), region: reg.id.clone() };
                (*file, at.line, at.column, message, near(&at.value, &units, fallback).into())
            }
            HonourFinding::UnknownLevel { file, at } => {
                let fallback = Hint::OneOf(levels.iter().map(|s| s.to_string()).collect());
                (*file, at.line, at.column, Message::HonourLevel { level: at.value.clone() }, near(&at.value, &levels, fallback).into())
            }
            HonourFinding::MissingReport { file, item } => {
                let sources: Vec<&str> = graph.reports.iter().map(|&p| graph.nodes[p].doc.source.as_str()).collect();
                // Paths share most of their letters: only the nearest is worth naming.
                let near: Vec<String> = nearest(&item.path, sources.iter().copied()).into_iter().take(1).map(str::to_string).collect();
                let hint = (!near.is_empty()).then_some(Hint::DidYouMean(near));
                (*file, item.line, item.column, Message::HonourReport { path: item.path.clone() }, hint)
            }
        };
        let f = &found.files[file];
        diags.push(Diagnostic::new(&*f.shown, line, column, message).with_hint_opt(hint).with_source(&f.text));
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostic;

    fn load(files: &[(&str, &str)]) -> Vec<Diagnostic> {
        let dir = crate::test_site::write(files);
        let (_, diags) = crate::load_site(dir.path(), None, false);
        diags.iter().cloned().collect()
    }

    #[test]
    fn unknown_regions_units_levels_and_reports_are_located_with_suggestions() {
        let report = "---\ntitle: 甲\ndate: 2026-03-02\nregion: alpha\n---\n\n正文。\n";
        let honours = "honours:\n  - kind: person\n    name: 张三\n    region: alpah\n    honour: 优秀共产党员\n    level: 公司级\n  - kind: unit\n    region: alpha\n    unit: 甲一项目布\n    honour: 先进基层党组织\n    level: 公司极\n    reports: [reports/2026/b.md]\n";
        let diags = load(&[("content/reports/2026/a.md", report), ("content/honours/2026.yaml", honours)]);
        let mut got: Vec<_> = diags.iter().map(|d| (d.code, d.line, d.column)).collect();
        got.sort();
        assert_eq!(got, [("honour-level", 11, 12), ("honour-report", 12, 15), ("honour-unit", 9, 11), ("unknown-region", 4, 13)]);
        let en = |code: &str| diags.iter().find(|d| d.code == code).unwrap().hint_text(crate::language::Language::En).unwrap();
        assert_eq!(en("unknown-region"), "did you mean `alpha`?");
        assert_eq!(en("honour-unit"), "did you mean `甲一项目部`?");
        assert_eq!(en("honour-level"), "did you mean `公司级`?");
        assert_eq!(en("honour-report"), "did you mean `reports/2026/a.md`?");
    }
}
