//! The notes issued bulletin issues keep as issued.
//!
//! `regionpress bulletin issue` writes a copy of the issue's note into its
//! copies folder (`content/bulletins/<series>/<period>.issued/note.md`):
//! its headline, editor and 编者按 as they were, and every bulletin field
//! the issue printed written out (name, unit, marking, columns, full text,
//! 报/送/发, print run, editor, reviewer, signer), whether it came from the
//! note, the region profile or `site.yaml`. An issued issue with such a
//! copy prints the copy's note and fields only, so that a later edit of
//! the note, the profile or the site's settings does not change what was
//! issued; what such an edit would have changed is listed on the issue
//! ([`super::Issue::note_changes`]) for `check` to say.

use super::bulletins::{Bulletins, Note};
use super::fields::{self, IssueFields};
use super::{Inputs, IssueId};
use crate::content::BulletinNote;
use crate::diagnostics::Diagnostics;
use crate::markdown::{self, Source};

/// Puts the kept copy of each issued issue's note in place of the note and
/// fields computed from the files as they are now, and lists on the issue
/// what differs. The copy's rendering problems are reported, and the files
/// it links copied, as for a note.
pub fn apply(
    b: &mut Bulletins,
    copies: &[BulletinNote],
    inputs: &Inputs<'_>,
    assets: &mut crate::graph::AssetMap,
    diags: &mut Diagnostics,
) {
    for copy in copies {
        let Some(id) = b.issue_of(inputs.regions, copy).filter(|&id| b.issues[id].issued.is_some()) else { continue };
        let url = b.issues[id].url.clone();
        let rendered = markdown::render(&Source::new(&copy.source, &copy.shown, &copy.text, copy.body_start, &url), inputs.links);
        diags.extend(Diagnostics::from(rendered.diags));
        for ((src, out), &(line, column)) in rendered.assets.iter().zip(&rendered.asset_at) {
            let origin = crate::graph::AssetOrigin { shown: copy.shown.clone(), line, column };
            assets.entry((out.clone(), src.clone())).or_insert(origin);
        }
        let note = Note { title: copy.title.clone(), editor: copy.editor.clone(), html: rendered.html.unpack() };
        let kept = kept_fields(b, id, copy, inputs);
        let issue = &mut b.issues[id];
        issue.note_changes = changes(issue.note.as_ref(), &note, &issue.fields, &kept);
        issue.note = Some(note);
        issue.fields = kept;
    }
}

/// The fields of issue `id` from its note's copy alone (every field is
/// written out there; one left out means the default).
fn kept_fields(b: &Bulletins, id: IssueId, copy: &BulletinNote, inputs: &Inputs<'_>) -> IssueFields {
    let region = b.issues[id].region;
    let place = region.map_or(inputs.cfg.title.as_str(), |r| inputs.regions[r.index()].region.name.as_str());
    let mut kept = fields::resolve(&[&copy.fields], place, &inputs.cfg.modes, region.is_none());
    if copy.editor.is_some() {
        kept.editor = copy.editor.clone();
    }
    kept
}

/// The names of what the note and fields as computed now (`now`,
/// `now_fields`) would change of those kept: the bulletin fields' keys,
/// `title` and `text` (the 编者按).
fn changes(now: Option<&Note>, kept: &Note, now_fields: &IssueFields, kept_fields: &IssueFields) -> Vec<String> {
    let mut out = Vec::new();
    let (title, text) = match now {
        Some(n) => (n.title.as_ref(), n.html.as_str()),
        None => (None, ""),
    };
    if title != kept.title.as_ref() {
        out.push("title".into());
    }
    if text.trim() != kept.html.trim() {
        out.push("text".into());
    }
    // Field by field, by name: a field added to `IssueFields` is compared too.
    let as_map = |f: &IssueFields| serde_json::to_value(f).ok().and_then(|v| v.as_object().cloned()).unwrap_or_default();
    let (now, kept) = (as_map(now_fields), as_map(kept_fields));
    out.extend(now.iter().filter(|(key, value)| kept.get(*key) != Some(value)).map(|(key, _)| key.clone()));
    out
}
