//! Editor's notes and yearly assessments against the site: a note must
//! name a region that exists and belong to a bulletin issue that exists
//! (a period of a region with a published report or class dated in it;
//! for `all`, of any region). Assessments are checked in `assessments.rs`.
//! These depend only on graph data, not on how (or whether) a theme
//! prints bulletins.

use super::region_hint;
use crate::config::BulletinPeriod;
use crate::content::BulletinNote;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::{Hint, Message};
use crate::site::SiteGraph;

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
