//! Editor's notes and yearly assessments against the site: a note must
//! name a region that exists and belong to a bulletin issue that exists
//! (a period of a region with a published report or class dated in it;
//! for `all`, of any region); an assessment must score regions that exist.
//! These depend only on graph data, not on how (or whether) a theme
//! prints bulletins.

use crate::config::BulletinPeriod;
use crate::content::{Assessment, BulletinNote};
use crate::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::front_matter::Locator;
use crate::messages::{Hint, Message};
use crate::site::SiteGraph;

fn region_hint(graph: &SiteGraph, id: &str) -> Hint {
    let ids: Vec<String> = graph.regions.iter().map(|r| r.region.id.clone()).collect();
    let fallback = if ids.is_empty() { Hint::NoRegionYet } else { Hint::KnownRegions(ids.clone()) };
    Hint::nearest_or(nearest(id, ids.iter().map(String::as_str)), fallback)
}

/// Every editor's note names a region that exists and a period with an issue.
pub fn notes(graph: &SiteGraph, notes: &[BulletinNote], diags: &mut Diagnostics) {
    let kind = graph.config.bulletin_period;
    let b = &graph.regional.bulletins;
    for note in notes {
        let Some(series) = b.series(&graph.regions, &note.region) else {
            let d = Diagnostic::new(&*note.shown, 0, 0, Message::UnknownNoteRegion { id: note.region.clone() })
                .with_hint(region_hint(graph, &note.region));
            diags.push(d);
            continue;
        };
        let quarterly_name = note.period.contains('q');
        let monthly = kind == BulletinPeriod::Month;
        if note.supplement.is_some() {
            // Every supplement's note makes its issue.
            continue;
        }
        if quarterly_name == monthly {
            let d = Diagnostic::new(&*note.shown, 0, 0, Message::NotePeriodMismatch { period: note.period.clone(), monthly })
                .with_hint(Hint::NotePeriodRename { monthly });
            diags.push(d);
        } else if b.issue_in(series, &note.period).is_none() {
            let d =
                Diagnostic::new(&*note.shown, 0, 0, Message::NoteWithoutIssue { region: note.region.clone(), period: note.period.clone() })
                    .with_hint(Hint::CheckNotePeriod);
            diags.push(d);
        }
    }
}

/// Every region an assessment scores exists.
pub fn assessments(graph: &SiteGraph, assessments: &[Assessment], diags: &mut Diagnostics) {
    let region_ids: std::collections::HashSet<&str> = graph.regions.iter().map(|r| r.region.id.as_str()).collect();
    for a in assessments {
        // One index of the file for all its problems, and "did you mean"
        // (which compares with every region) for the first few only.
        let locator = Locator::new(&a.text);
        let mut nth = 0;
        for id in a.scores.keys() {
            if region_ids.contains(id.as_str()) {
                continue;
            }
            let line = a.lines.get(id).copied().unwrap_or(0);
            let col = locator.find(line, &format!("{id}:")).map(|p| p.1).unwrap_or(0);
            let hint = match nth < crate::markdown::NEAREST_HINTS_PER_PAGE {
                true => region_hint(graph, id),
                false => Hint::KnownRegions(graph.regions.iter().take(20).map(|r| r.region.id.clone()).collect()),
            };
            nth += 1;
            let d = Diagnostic::new(&*a.shown, line, col, Message::UnknownAssessmentRegion { id: id.clone(), year: a.year })
                .with_hint(hint)
                .with_source_in(locator.lines());
            diags.push(d);
        }
    }
}
