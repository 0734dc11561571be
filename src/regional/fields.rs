//! The bulletin fields of each issue (name, unit, marking, columns, full
//! text or summaries, distribution lines, print run, editor, reviewer,
//! signer), resolved once per issue: the note's value over the region
//! profile's over `site.yaml`'s, over the defaults. Columns that name no
//! co-building mode are reported here, once per file, where the modes are
//! known.

use crate::config::{BulletinFields, ModeConfig};
use crate::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::front_matter::Locator;
use crate::messages::{Hint, Message};

/// The resolved bulletin fields of one issue. Serialized, its keys are
/// those of a `bulletin:` block (what `check` names when an issued issue's
/// kept fields differ from the ones resolved now).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize)]
pub struct IssueFields {
    /// The masthead name with `{region}` replaced; none for the theme's
    /// default (`{name}区域信息简报`, the company's own).
    pub name: Option<String>,
    /// The editing unit (编印单位): by default the region's name, for the
    /// company-wide issue the site title.
    pub unit: String,
    /// The protective marking; none when unset or empty.
    pub marking: Option<String>,
    /// The columns (栏目): indices into the site's modes, in order, each once.
    pub columns: Vec<usize>,
    /// Items in full (the default) or their summaries.
    pub full_text: bool,
    /// 报.
    pub report_to: Vec<String>,
    /// 送.
    pub send_to: Vec<String>,
    /// 发.
    pub issue_to: Vec<String>,
    /// The print run.
    pub copies: Option<u64>,
    /// 责任编辑 (the note's `editor` first).
    pub editor: Option<String>,
    /// 审核.
    pub reviewer: Option<String>,
    /// 签发.
    pub signer: Option<String>,
}

/// The fields given by `layers`, the most specific first, over the
/// defaults; `place` is the region's name (the site title for the company).
/// The company-wide issue (`company`) is a digest of every region's: its
/// items are summaries unless `full_text` is set, a region's are in full.
pub fn resolve(layers: &[&BulletinFields], place: &str, modes: &[ModeConfig], company: bool) -> IssueFields {
    fn first<'a, T>(layers: &[&'a BulletinFields], get: impl Fn(&'a BulletinFields) -> Option<&'a T>) -> Option<&'a T> {
        layers.iter().find_map(|l| get(l))
    }
    let columns = match first(layers, |l| l.columns.as_ref()) {
        Some(names) => {
            let mut out: Vec<usize> = Vec::new();
            for c in names {
                if let Some(m) = modes.iter().position(|m| &m.id == c || &m.name == c)
                    && !out.contains(&m)
                {
                    out.push(m);
                }
            }
            out
        }
        None => (0..modes.len()).collect(),
    };
    let list = |get: fn(&BulletinFields) -> Option<&Vec<String>>| first(layers, get).cloned().unwrap_or_default();
    IssueFields {
        name: first(layers, |l| l.name.as_ref()).map(|n| n.replace("{region}", place)),
        unit: first(layers, |l| l.unit.as_ref()).cloned().unwrap_or_else(|| place.to_string()),
        marking: first(layers, |l| l.marking.as_ref()).filter(|m| !m.trim().is_empty()).cloned(),
        columns,
        full_text: first(layers, |l| l.full_text.as_ref()).copied().unwrap_or(!company),
        report_to: list(|l| l.report_to.as_ref()),
        send_to: list(|l| l.send_to.as_ref()),
        issue_to: list(|l| l.issue_to.as_ref()),
        copies: first(layers, |l| l.copies.as_ref()).copied(),
        editor: first(layers, |l| l.editor.as_ref()).cloned(),
        reviewer: first(layers, |l| l.reviewer.as_ref()).cloned(),
        signer: first(layers, |l| l.signer.as_ref()).cloned(),
    }
}

/// Reports each column of `fields` (written in the file `shown`, text
/// `text`) that names no mode, at its line.
pub fn unknown_columns(fields: &BulletinFields, shown: &str, text: &str, modes: &[ModeConfig], diags: &mut Diagnostics) {
    let unknown = fields.unknown_columns(modes);
    if unknown.is_empty() {
        return;
    }
    let locator = Locator::new(text);
    let from = locator.find(1, "columns:").map(|p| p.0).unwrap_or(1);
    let names: Vec<String> = modes.iter().map(|m| m.name.clone()).collect();
    for c in unknown {
        let (line, col) = locator.find(from, c).unwrap_or((from, 1));
        let hint = Hint::nearest_or(nearest(c, names.iter().map(String::as_str)), Hint::OneOf(names.clone()));
        let d = Diagnostic::new(shown, line, col, Message::UnknownColumn { name: c.to_string() }).with_hint(hint).with_source(text);
        diags.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_wins_over_the_region_over_the_site_over_the_defaults() {
        let modes = crate::config::default_modes();
        let site = BulletinFields {
            name: Some("{region}简报".into()),
            marking: Some("内部资料".into()),
            copies: Some(40),
            report_to: Some(vec!["公司党委".into()]),
            ..Default::default()
        };
        let region = BulletinFields {
            marking: Some(String::new()),
            columns: Some(vec!["难题共解".into(), "organization".into()]),
            ..Default::default()
        };
        let note = BulletinFields { copies: Some(60), full_text: Some(false), ..Default::default() };
        let f = resolve(&[&note, &region, &site], "成都片区", &modes, false);
        assert_eq!(f.name.as_deref(), Some("成都片区简报"));
        assert_eq!(f.unit, "成都片区");
        assert_eq!(f.marking, None, "an empty marking over the site's means none");
        assert_eq!(f.columns, [4, 0]);
        assert_eq!((f.full_text, f.copies), (false, Some(60)));
        assert_eq!(f.report_to, ["公司党委"]);
        let d = resolve(&[], "成都片区", &modes, false);
        assert_eq!((d.name, d.unit.as_str(), d.columns.len(), d.full_text), (None, "成都片区", 6, true));
        // The company-wide issue is a digest: summaries unless set otherwise.
        let c = resolve(&[], "公司", &modes, true);
        assert_eq!((c.unit.as_str(), c.full_text), ("公司", false));
        let full = BulletinFields { full_text: Some(true), ..Default::default() };
        assert!(resolve(&[&full], "公司", &modes, true).full_text);
    }
}
