//! The records of issued bulletins against the site: every recorded item
//! (and every item a supplement lists) is a published report or class; the
//! issued numbers of a series and year are distinct and leave no gap; an
//! issue date lies between the first day of its period and today; a
//! supplement is numbered by its file name and has no total, a regular
//! issue has one. Each late report (补报) gets a note saying where it goes.
//! Every photo a record says the issue printed is still in an item's
//! gallery, and where an item's gallery would now print other photos, a
//! note says so (the issued issue keeps what it printed). Where an item
//! with a copy (see [`crate::graph::issued`]) changed or was unpublished
//! since, a note says so too: the issue prints the copy.

use std::collections::{BTreeMap, HashSet};

use chrono::{Datelike, NaiveDate};

use crate::content::{BulletinNote, DocKind, IssuedRecord};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::front_matter::Locator;
use crate::messages::{Hint, Message};
use crate::period::{Period, month_of};
use crate::site::SiteGraph;

/// Checks every note's record and list of items; `today` bounds issue dates.
pub fn records(graph: &SiteGraph, notes: &[BulletinNote], today: NaiveDate, diags: &mut Diagnostics) {
    if notes.iter().all(|n| n.issued.is_none() && n.items.is_empty()) {
        return;
    }
    let published: HashSet<&str> =
        graph.nodes.iter().filter(|n| matches!(n.doc.kind, DocKind::Report | DocKind::Class)).map(|n| n.doc.source.as_str()).collect();
    for note in notes.iter().filter(|n| graph.regional.bulletins.series(&graph.regions, &n.region).is_some()) {
        let locator = Locator::new(&note.text);
        let mut push = |(line, column): (usize, usize), message: Message, hint: Option<Hint>| {
            diags.push(Diagnostic::new(&*note.shown, line, column, message).with_hint_opt(hint).with_source_in(locator.lines()));
        };
        let record = note.issued.as_ref();
        // An issued supplement carries its record's items, not `items:`.
        let listed = if record.is_none() { &note.items[..] } else { &[] };
        for (item, recorded) in record.iter().flat_map(|r| r.items.iter().map(|i| (i, true))).chain(listed.iter().map(|i| (i, false))) {
            // An issued item with a copy is printed from the copy when it changed.
            let copy = crate::content::copy_path(&note.region, &note.period, &item.path);
            if recorded && graph.kept.copies.contains(&copy) {
                if graph.kept.changed.contains_key(&copy) {
                    let gone = !published.contains(item.path.as_str());
                    push((item.line, item.column), Message::IssuedItemChanged { item: item.path.clone(), copy, gone }, None);
                }
                continue;
            }
            if !published.contains(item.path.as_str()) {
                let hint = recorded.then_some(Hint::RestoreIssuedItem);
                push((item.line, item.column), Message::BulletinItemMissing { path: item.path.clone(), recorded }, hint);
            }
        }
        let Some(record) = record else { continue };
        // What the note's copy keeps that the files as they are now would change.
        if let Some(id) = graph.regional.bulletins.issue_of(&graph.regions, note) {
            let changes = &graph.regional.bulletins.issues[id].note_changes;
            if !changes.is_empty() {
                let what = changes.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join("、");
                push(
                    record.at,
                    Message::IssuedNoteChanged { copy: crate::content::note_copy_path(&note.region, &note.period), what },
                    None,
                );
            }
        }
        let date = record.date.format("%Y-%m-%d").to_string();
        if record.date > today {
            push(record.date_at, Message::IssuedDateFuture { date: date.clone() }, None);
        }
        match note.supplement {
            Some((year, n)) => {
                if record.date.year() < year {
                    push(record.date_at, Message::IssuedDateBeforePeriod { date, period: year.to_string() }, None);
                }
                if record.total.is_some() {
                    push(record.total_at, Message::SupplementTotal, None);
                }
                if record.number != n {
                    push(record.number_at, Message::SupplementNumber { number: record.number, n }, None);
                }
            }
            None => {
                let period = Period::parse(&note.period);
                if period.and_then(|p| p.first_day()).is_some_and(|first| record.date < first) {
                    push(record.date_at, Message::IssuedDateBeforePeriod { date, period: note.period.clone() }, None);
                }
                if record.total.is_none() {
                    push(record.at, Message::IssuedTotalMissing, None);
                }
            }
        }
    }
}

/// Every copies folder belongs to an issued issue. A folder whose note
/// holds no `issued:` record (the note file was deleted, or the record
/// taken out of it) is `issued-record-missing`, an error: without its
/// record the issue would be numbered and printed afresh from the files
/// as they are now. Located at the folder's `note.md`, or at its first
/// item copy when it has none.
pub fn orphan_copies(graph: &SiteGraph, notes: &[BulletinNote], note_copies: &[BulletinNote], diags: &mut Diagnostics) {
    if graph.kept.copies.is_empty() && note_copies.is_empty() {
        return;
    }
    let issued: HashSet<(&str, &str)> =
        notes.iter().filter(|n| n.issued.is_some()).map(|n| (n.region.as_str(), n.period.as_str())).collect();
    // (series, period) → the copy to locate the error at.
    let mut folders: BTreeMap<(&str, &str), String> = BTreeMap::new();
    for copy in note_copies {
        folders.insert((copy.region.as_str(), copy.period.as_str()), crate::content::note_copy_path(&copy.region, &copy.period));
    }
    for path in &graph.kept.copies {
        if let Some(key) = crate::content::copies_folder_of(path) {
            folders.entry(key).or_insert_with(|| path.clone());
        }
    }
    for ((series, period), at) in folders {
        if issued.contains(&(series, period)) {
            continue;
        }
        let (folder, note) = (crate::content::copies_folder(series, period), crate::content::note_path(series, period));
        let hint = Hint::RestoreIssuedRecord { note: note.clone() };
        diags.push(Diagnostic::new(format!("content/{at}"), 0, 0, Message::IssuedRecordMissing { folder, note }).with_hint(hint));
    }
}

/// The photos of issued issues: each recorded photo is in the gallery of
/// one of the issue's items (else `bulletin-photo-missing` at its line of
/// the record), and each item whose gallery would now print other photos
/// than the record's gets an `issued-photos-changed` note at its line.
pub fn photos(graph: &SiteGraph, notes: &[BulletinNote], diags: &mut Diagnostics) {
    use std::collections::HashMap;
    let records: Vec<(&BulletinNote, &IssuedRecord)> = notes
        .iter()
        .filter(|n| graph.regional.bulletins.series(&graph.regions, &n.region).is_some())
        .filter_map(|n| n.issued.as_ref().map(|r| (n, r)))
        .collect();
    if records.is_empty() {
        return;
    }
    let by_source: HashMap<&str, &crate::graph::nodes::PageNode> = graph
        .nodes
        .iter()
        .filter(|n| matches!(n.doc.kind, DocKind::Report | DocKind::Class))
        .map(|n| (n.doc.source.as_str(), &**n))
        .collect();
    let name = |src: &str| src.rsplit('/').next().unwrap_or(src).to_string();
    for (note, record) in records {
        let locator = Locator::new(&note.text);
        let mut push = |(line, column): (usize, usize), message: Message, hint: Option<Hint>| {
            diags.push(Diagnostic::new(&*note.shown, line, column, message).with_hint_opt(hint).with_source_in(locator.lines()));
        };
        let items: Vec<(&crate::content::RecordItem, &crate::graph::nodes::PageNode)> =
            record.items.iter().filter_map(|i| by_source.get(i.path.as_str()).map(|n| (i, *n))).collect();
        for photo in &record.photos {
            if !items.iter().any(|(_, n)| n.gallery.iter().any(|g| g.source == photo.path)) {
                let message = Message::BulletinPhotoMissing { path: photo.path.clone() };
                push((photo.line, photo.column), message, Some(Hint::RestoreIssuedPhoto));
            }
        }
        for (item, n) in items {
            let printed: Vec<String> =
                record.photos.iter().filter(|p| n.gallery.iter().any(|g| g.source == p.path)).map(|p| name(&p.path)).collect();
            let now: Vec<String> = crate::regional::printed_photos::bulletin_photos(n).map(|g| name(&g.source)).collect();
            if printed != now {
                let message = Message::IssuedPhotosChanged { item: item.path.clone(), printed: printed.join("、"), now: now.join("、") };
                push((item.line, item.column), message, None);
            }
        }
    }
}

/// An issued regular issue's number and period, its note and record.
type Numbered<'n> = (u32, Period, &'n BulletinNote, &'n IssuedRecord);

/// The issued numbers of each series and year: each once, none skipped.
pub fn numbers(graph: &SiteGraph, notes: &[BulletinNote], diags: &mut Diagnostics) {
    // (series, year) -> its records.
    let mut years: BTreeMap<(&str, i32), Vec<Numbered<'_>>> = BTreeMap::new();
    for note in notes.iter().filter(|n| n.supplement.is_none()) {
        let (Some(record), Some(period)) = (&note.issued, Period::parse(&note.period)) else { continue };
        if graph.regional.bulletins.series(&graph.regions, &note.region).is_none() {
            continue;
        }
        years.entry((note.region.as_str(), period.year)).or_default().push((record.number, period, note, record));
    }
    for ((_, year), mut issued) in years {
        issued.sort_by_key(|i| (i.1, i.0));
        let at = |note: &BulletinNote, (line, column): (usize, usize), message: Message| {
            Diagnostic::new(&*note.shown, line, column, message).with_source(&note.text)
        };
        let mut first: BTreeMap<u32, &BulletinNote> = BTreeMap::new();
        for &(number, _, note, record) in &issued {
            match first.get(&number) {
                Some(other) => {
                    let message = Message::IssuedNumberTwice { number, year, other: other.shown.clone() };
                    diags.push(at(note, record.number_at, message));
                }
                None => {
                    first.insert(number, note);
                }
            }
        }
        let max = first.keys().next_back().copied().unwrap_or(0);
        for missing in (1..max).filter(|n| !first.contains_key(n)) {
            // Located at the record of the next number issued.
            let Some((_, &(_, _, note, record))) = issued.iter().map(|i| (i.0, i)).filter(|(n, _)| *n > missing).min_by_key(|(n, _)| *n)
            else {
                continue;
            };
            diags.push(at(note, record.number_at, Message::IssuedNumberGap { missing, year }));
        }
    }
}

/// A note for each late report (补报) of an open issue: the period it is
/// dated in, whose issue is issued, and the issue it joins instead.
pub fn late(graph: &SiteGraph, diags: &mut Diagnostics) {
    let b = &graph.regional.bulletins;
    for issue in b.issues.iter().filter(|i| i.issued.is_none()) {
        for &page in &issue.late {
            let doc = &graph.nodes[page].doc;
            let period = Period::containing(month_of(graph.nodes[page].date()), graph.config.bulletin_period);
            let series = crate::regional::bulletins::series_id(&graph.regions, issue.region);
            let message =
                Message::LateReport { period: format!("{series}/{}", period.slug()), joins: format!("{series}/{}", issue.period.slug()) };
            let (line, column) = doc.pos("date");
            diags.push(Diagnostic::new(&*doc.shown, line, column, message));
        }
    }
}
