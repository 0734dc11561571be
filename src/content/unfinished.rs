//! Unfinished content: what `regionpress new` leaves
//! for the writer to fill in, found unfilled, so that nothing unfinished is
//! published. The templates of `scaffold` mark every place to fill in with
//! [`fill_in_mark`]; a file that still holds one, or that keeps a value the
//! templates write only to be replaced (`participants: 0`, `units: []`, a
//! region named by its id, an empty brand, the example unit
//! `kunming1号项目部`), gets one located `unfinished` problem for each:
//! an error, a warning in a file a build does not publish (marked
//! `draft: true`, or not yet 已审 on a review site: [`soften_withheld`]).

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::{Hint, Message, Unfinished};

use super::Loaded;
use super::doc::DocKind;

/// How every fill-in mark of the templates begins, in Chinese and in English.
pub const MARKERS: [&str; 2] = ["【请填写", "[fill in"];

/// A fill-in mark of a template: `【请填写：what】`, or `[fill in: what]`
/// for an English site.
pub fn fill_in_mark(zh: &str, en: &str, english: bool) -> String {
    if english { format!("[fill in: {en}]") } else { format!("【请填写：{zh}】") }
}

/// How `regionpress import` starts the front matter comment that lists
/// the fields the manuscript did not state (`# 由 Word 稿件导入；还需补填：mode、hosts`,
/// or in English `# Imported from a Word manuscript; still to fill in: mode, hosts`):
/// `check` asks for each of them until it is written.
pub const IMPORT_TO_FILL: &str = "# 由 Word 稿件导入；还需补填：";

/// [`IMPORT_TO_FILL`] in an English site (or with `import --lang en`).
pub const IMPORT_TO_FILL_EN: &str = "# Imported from a Word manuscript; still to fill in: ";

/// The comment line listing `fields` still to fill in, in English or Chinese.
pub fn import_to_fill(fields: &[&str], english: bool) -> String {
    match english {
        true => format!("{IMPORT_TO_FILL_EN}{}", fields.join(", ")),
        false => format!("{IMPORT_TO_FILL}{}", fields.join("、")),
    }
}

/// The member unit the `new region` template names for region `id`
/// (`kunming1号项目部`).
pub fn example_unit(id: &str) -> String {
    format!("{id}1号项目部")
}

/// On a site that publishes only reviewed content (`withholds`: review
/// required, no `--drafts`), an unfinished report, class, page or note not
/// yet 已审 is a warning, as in a `draft: true` file: a default build does
/// not publish it, so CI passes while its writer works on it (and
/// `check --strict` still refuses it), and its hint says to fill it in
/// before approval rather than to mark it a draft. Once approved, it is an
/// error again.
pub fn soften_withheld(content: &super::Content, withholds: bool, diags: &mut Diagnostics) {
    if !withholds {
        return;
    }
    let docs = content.docs.iter().filter(|d| d.review.withheld(true)).map(|d| d.shown.as_str());
    let notes = content.notes.iter().filter(|n| n.review.withheld(true)).map(|n| n.shown.as_str());
    let withheld: std::collections::HashSet<&str> = docs.chain(notes).collect();
    for d in diags.iter_mut().filter(|d| withheld.contains(d.path.as_str())) {
        if let Message::Unfinished { draft, .. } = &mut d.message
            && !*draft
        {
            *draft = true;
            d.severity = crate::diagnostics::Severity::Warning;
            d.hint = Some(Hint::FillInHeld);
        }
    }
}

/// The unfinished parts of the file `shown` (its text `text`, parsed as `loaded`).
pub(super) fn check(loaded: &Loaded, shown: &str, text: &str, diags: &mut Diagnostics) {
    let mut found = Found { text, draft: false, list: Vec::new() };
    match loaded {
        Loaded::Doc(doc) => {
            found.draft = doc.draft;
            if doc.kind == DocKind::Report {
                found.zero("participants", doc.participants);
                if doc.units.is_empty() && doc.hosts.is_empty() && key_at(text, "units", 0).is_some() {
                    found.at_key("units", Unfinished::NoUnits);
                }
                if doc.work.meeting.as_ref().is_some_and(|m| m.attendees.is_empty()) {
                    found.at_nested("meeting", "attendees", Unfinished::NoAttendees);
                }
            }
            if doc.kind == DocKind::Class {
                found.zero("audience", doc.audience);
            }
            found.imported_fields();
        }
        // A region file that did not read stands in with its id for a name
        // and no brand: its YAML error is the one to mend first.
        Loaded::Region(r) if r.unparsed => {}
        Loaded::Region(r) => {
            for key in ["name", "short_name"] {
                let value = if key == "name" { &r.name } else { &r.short_name };
                if *value == r.id && key_at(text, key, 0).is_some() {
                    found.at_key(key, Unfinished::NameIsId { key: key.into(), id: r.id.clone() });
                }
            }
            // `name:` written under `brand:` and left empty, as the template does.
            if r.brand.name.as_deref().is_none_or(|n| n.trim().is_empty()) && found.nested("brand", "name:").is_some() {
                found.at_nested("brand", "name:", Unfinished::EmptyBrand);
            }
            let example = example_unit(&r.id);
            for u in r.units.iter().filter(|u| u.name == example) {
                found.at_text(&u.name, Unfinished::ExampleUnit { name: u.name.clone() });
            }
            if r.units.iter().any(|u| u.members == Some(0)) {
                found.at_nested("units", "members: 0", Unfinished::ZeroCount { key: "members".into() });
            }
        }
        _ => {}
    }
    found.markers();
    for (line, column, what) in found.list {
        let message = Message::Unfinished { what, draft: found.draft };
        diags.push(Diagnostic::new(shown.to_string(), line, column, message).with_hint(Hint::FillIn));
    }
}

/// The unfinished parts found in one file, located.
struct Found<'a> {
    text: &'a str,
    draft: bool,
    list: Vec<(usize, usize, Unfinished)>,
}

impl Found<'_> {
    fn zero(&mut self, key: &str, value: Option<u64>) {
        if value == Some(0) {
            self.at_key(key, Unfinished::ZeroCount { key: key.into() });
        }
    }

    /// At the top-level key `key` (line 1 when it cannot be found).
    fn at_key(&mut self, key: &str, what: Unfinished) {
        let (line, column) = key_at(self.text, key, 0).unwrap_or((1, 1));
        self.list.push((line, column, what));
    }

    /// At the first line after the top-level `parent:` that starts with
    /// `child` (at `parent:` when there is none).
    fn at_nested(&mut self, parent: &str, child: &str, what: Unfinished) {
        let at = self.nested(parent, child).or_else(|| key_at(self.text, parent, 0));
        let (line, column) = at.unwrap_or((1, 1));
        self.list.push((line, column, what));
    }

    /// The line and column of the first line inside the top-level
    /// `parent:` that starts with `child`.
    fn nested(&self, parent: &str, child: &str) -> Option<(usize, usize)> {
        let (pl, _) = key_at(self.text, parent, 0)?;
        let mut inner = self.text.lines().enumerate().skip(pl).take_while(|(_, l)| l.starts_with(' ') || l.trim().is_empty());
        inner.find_map(|(i, l)| {
            let t = l.trim_start().trim_start_matches("- ");
            t.starts_with(child).then(|| (i + 1, l.chars().count() - t.chars().count() + 1))
        })
    }

    /// At the first occurrence of `needle` in the file.
    fn at_text(&mut self, needle: &str, what: Unfinished) {
        let at = self.text.lines().enumerate().find_map(|(i, l)| l.find(needle).map(|b| (i + 1, l[..b].chars().count() + 1)));
        let (line, column) = at.unwrap_or((1, 1));
        self.list.push((line, column, what));
    }

    /// Each field `regionpress import` listed as still to fill in
    /// ([`IMPORT_TO_FILL`]) that the front matter does not have yet, at the
    /// list. Title, date and region are left out: a file without them is
    /// already refused for it (`missing-field`).
    fn imported_fields(&mut self) {
        // Nearly no source has the list: one search of the whole text.
        if ![IMPORT_TO_FILL, IMPORT_TO_FILL_EN].iter().any(|m| self.text.contains(m)) {
            return;
        }
        let listed = |l: &'_ str| l.strip_prefix(IMPORT_TO_FILL).or_else(|| l.strip_prefix(IMPORT_TO_FILL_EN)).map(str::to_string);
        let Some((i, list)) = self.text.lines().enumerate().find_map(|(i, l)| listed(l).map(|rest| (i, rest))) else {
            return;
        };
        for key in list.split(['、', ',']).map(str::trim).filter(|k| !k.is_empty() && !["title", "date", "region"].contains(k)) {
            if key_at(self.text, key, 0).is_none() {
                self.list.push((i + 1, 1, Unfinished::ImportedField { key: key.to_string() }));
            }
        }
    }

    /// Every fill-in mark left in the text.
    fn markers(&mut self) {
        // Every source passes here and nearly none has a mark: one search
        // of the whole text each, instead of one per line.
        if !MARKERS.iter().any(|m| self.text.contains(m)) {
            return;
        }
        for (i, line) in self.text.lines().enumerate() {
            for marker in MARKERS {
                for (b, _) in line.match_indices(marker) {
                    let rest = &line[b..];
                    let end = rest.find(['】', ']']).map(|e| e + rest[e..].chars().next().map_or(0, char::len_utf8)).unwrap_or(rest.len());
                    let column = line[..b].chars().count() + 1;
                    self.list.push((i + 1, column, Unfinished::TemplateText { text: rest[..end].to_string() }));
                }
            }
        }
    }
}

/// The line and column (1-based) of the top-level key `key:` at or after
/// line index `from`.
fn key_at(text: &str, key: &str, from: usize) -> Option<(usize, usize)> {
    text.lines()
        .enumerate()
        .skip(from)
        .find(|(_, l)| l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':')))
        .map(|(i, _)| (i + 1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_imported_field_is_asked_for_until_it_is_written() {
        let text = format!("---\ntitle: 甲\n{IMPORT_TO_FILL}title、mode、participants\nmode: 活动共办\n---\n");
        let mut f = Found { text: &text, draft: false, list: Vec::new() };
        f.imported_fields();
        assert_eq!(f.list, vec![(3, 1, Unfinished::ImportedField { key: "participants".into() })]);
        // The English comment is read alike.
        let text = format!("---\ntitle: A\n{}\nmode: 活动共办\n---\n", import_to_fill(&["title", "mode", "hosts"], true));
        let mut f = Found { text: &text, draft: false, list: Vec::new() };
        f.imported_fields();
        assert_eq!(f.list, vec![(3, 1, Unfinished::ImportedField { key: "hosts".into() })]);
    }

    #[test]
    fn a_fill_in_mark_is_found_with_its_words() {
        let mut f = Found { text: "a\nb 【请填写：标题】 c\n", draft: false, list: Vec::new() };
        f.markers();
        assert_eq!(f.list, vec![(2, 3, Unfinished::TemplateText { text: "【请填写：标题】".into() })]);
    }

    #[test]
    fn keys_are_found_at_the_top_level_only() {
        assert_eq!(key_at("a: 1\n  units: []\nunits : []\n", "units", 0), Some((3, 1)));
        assert_eq!(key_at("unitsx: 1\n", "units", 0), None);
    }
}
