//! Yearly assessments against the site: every region they score
//! exists; every key of a region is a criterion of `site.yaml` (or its
//! award or remarks), every criterion is scored, and every score lies
//! between 0 and the criterion's maximum.

use std::collections::HashSet;

use super::region_hint;
use crate::config::AssessmentConfig;
use crate::content::{Assessment, RegionAssessment, Score};
use crate::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::front_matter::Locator;
use crate::messages::{Hint, Message};
use crate::site::SiteGraph;

/// Every region an assessment scores exists, and its scores follow the
/// criteria of `site.yaml`.
pub fn assessments(graph: &SiteGraph, assessments: &[Assessment], diags: &mut Diagnostics) {
    let region_ids: HashSet<&str> = graph.regions.iter().map(|r| r.region.id.as_str()).collect();
    for a in assessments {
        // One index of the file for all its problems, and "did you mean"
        // (which compares with every region) for the first few only.
        let locator = Locator::new(&a.text);
        let mut nth = 0;
        for (id, region) in &a.regions {
            if !region_ids.contains(id.as_str()) {
                let hint = match nth < crate::markdown::NEAREST_HINTS_PER_PAGE {
                    true => region_hint(graph, id),
                    false => Hint::KnownRegions(graph.regions.iter().take(20).map(|r| r.region.id.clone()).collect()),
                };
                nth += 1;
                let message = Message::UnknownAssessmentRegion { id: id.clone(), year: a.year };
                let d = Diagnostic::new(&*a.shown, region.at.0, region.at.1, message).with_hint(hint).with_source_in(locator.lines());
                diags.push(d);
                continue;
            }
            let mut push = |at: (usize, usize), message: Message, hint: Option<Hint>| {
                diags.push(Diagnostic::new(&*a.shown, at.0, at.1, message).with_hint_opt(hint).with_source_in(locator.lines()));
            };
            criteria_of(&graph.config.assessment, a.year, id, region, &mut push);
        }
    }
}

/// The criteria of one region: unknown ones, missing ones, scores out of range.
fn criteria_of(
    cfg: &AssessmentConfig,
    year: i32,
    id: &str,
    region: &RegionAssessment,
    push: &mut impl FnMut((usize, usize), Message, Option<Hint>),
) {
    let names: Vec<&str> = cfg.criteria.iter().map(|c| c.name.as_str()).collect();
    // A misspelt criterion stands for the one it is near: that one is not
    // reported missing as well.
    let mut meant: HashSet<&str> = HashSet::new();
    for e in &region.entries {
        let Some(i) = cfg.index_of(&e.name) else {
            let near = nearest(&e.name, names.iter().copied());
            meant.extend(near.first().copied());
            let hint = Hint::nearest_or(near, Hint::OneOf(names.iter().map(|n| n.to_string()).collect()));
            push(e.at, Message::UnknownCriterion { name: e.name.clone(), year }, Some(hint));
            continue;
        };
        let c = &cfg.criteria[i];
        for s in [&e.own, &e.committee].into_iter().flatten() {
            if !in_range(s, c.max) {
                let message = Message::ScoreRange { criterion: c.name.clone(), value: s.shown.clone(), max: c.max.to_string() };
                push(s.at, message, None);
            }
        }
    }
    if !region.mapping {
        // Not a mapping at all: reported where the file was read.
        return;
    }
    for name in names {
        if region.entry(name).is_none() && !meant.contains(name) {
            let message = Message::MissingCriterion { region: id.to_string(), criterion: name.to_string() };
            push(region.at, message, Some(Hint::AddCriterion { criterion: name.to_string() }));
        }
    }
}

/// A score that is a number from 0 to `max`.
pub fn in_range(s: &Score, max: f64) -> bool {
    s.value.is_some_and(|v| (0.0..=max).contains(&v))
}
