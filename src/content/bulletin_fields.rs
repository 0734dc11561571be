//! The bulletin fields as a region profile (`bulletin:`) and an issue's
//! note (its top-level keys) write them, read with located problems: a
//! value of the wrong type at its line, an unknown key of a region's
//! `bulletin:` block as a warning like any unknown field. Columns are
//! checked against the co-building modes later, where the modes are known
//! (`regional::fields`).

use serde_yaml::{Mapping, Value};

use crate::config::BulletinFields;
use crate::front_matter::Fields;
use crate::messages::Message;

/// The keys an issue's note may set besides `title` and `editor` (which it
/// has always had: the note's `editor` is the issue's responsible editor).
pub const NOTE_KEYS: &[&str] =
    &["name", "unit", "marking", "columns", "full_text", "report_to", "send_to", "issue_to", "copies", "reviewer", "signer"];

/// The bulletin fields of an issue's note: its top-level keys among
/// [`NOTE_KEYS`]; a value of the wrong type is reported at its key.
pub fn issue_fields(f: &mut Fields<'_>) -> BulletinFields {
    let mut map = Mapping::new();
    for &key in NOTE_KEYS {
        if let Some(v) = f.get(key) {
            map.insert(Value::from(key), v.clone());
        }
    }
    let mut problems: Vec<(String, Message)> = Vec::new();
    let fields = BulletinFields::read(&map, NOTE_KEYS, "", &mut |key, message| problems.push((key.to_string(), message)));
    for (key, message) in problems {
        f.report(&key, message, None);
    }
    fields
}

/// The `bulletin:` block `block` of a region profile: unknown keys and
/// values of the wrong type reported at their lines, from the block's on.
pub fn region_fields(f: &mut Fields<'_>, block: &Mapping) -> BulletinFields {
    let from = f.pos("bulletin").0;
    f.warn_unknown_subkeys(from, "bulletin", block, BulletinFields::KEYS);
    let mut problems: Vec<(String, Message)> = Vec::new();
    let fields =
        BulletinFields::read(block, BulletinFields::KEYS, "bulletin.", &mut |key, message| problems.push((key.to_string(), message)));
    for (key, message) in problems {
        let (line, col) = f.locator().find(from, &format!("{key}:")).unwrap_or((from, 1));
        f.report_at(line, col, message, None);
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;

    #[test]
    fn a_note_sets_its_fields_and_wrong_types_are_located() {
        let text = "title: t\nname: 简报\ncolumns: 组织共建\nfull_text: 1\ncopies: forty\nreport_to: [公司党委, 集团]\n";
        let mut f = Fields::parse("n.md", text, text, 0).unwrap();
        let fields = issue_fields(&mut f);
        assert_eq!(fields.name.as_deref(), Some("简报"));
        assert_eq!(fields.columns, Some(vec!["组织共建".to_string()]));
        assert_eq!(fields.report_to, Some(vec!["公司党委".to_string(), "集团".to_string()]));
        assert_eq!((fields.full_text, fields.copies), (None, None));
        let d: Diagnostics = std::mem::take(&mut f.diags);
        let found: Vec<(usize, &str)> = d.sorted().iter().map(|d| (d.line, d.code)).collect();
        assert_eq!(found, [(4, "wrong-type"), (5, "wrong-type")]);
    }
}
