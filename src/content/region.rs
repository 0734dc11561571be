//! Region profiles (`content/regions/<id>.yaml`) and yearly assessments.

use chrono::NaiveDate;
use serde_yaml::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::front_matter::{Fields, map_str, parse_date, show_value};
use crate::messages::{Expected, FileRef, Hint, Message};
use crate::slug::is_ascii_id;

/// A region's brand (一区域一品牌).
#[derive(Debug, Clone, Default)]
pub struct Brand {
    /// Brand name.
    pub name: Option<String>,
    /// Slogan.
    pub slogan: Option<String>,
    /// The region's special feature (特色).
    pub feature: Option<String>,
    /// Accent colour, normalized to `#rrggbb`.
    pub color: Option<String>,
    /// Logo path, content-relative.
    pub logo: Option<String>,
}

/// A member unit (成员单位).
#[derive(Debug, Clone)]
pub struct Unit {
    /// Unique within the region.
    pub name: String,
    /// project | company | government | owner | supervisor | other
    pub kind: String,
    /// Party members.
    pub members: Option<u64>,
    /// Date the unit joined.
    pub joined: Option<NaiveDate>,
}

/// A region profile.
#[derive(Debug, Clone)]
pub struct Region {
    /// The file stem.
    pub id: String,
    /// Path shown in messages.
    pub shown: String,
    /// Display name.
    pub name: String,
    /// Short name (defaults to the name).
    pub short_name: String,
    /// Head of the promotion group.
    pub leader: Option<String>,
    /// Founding date.
    pub established: Option<NaiveDate>,
    /// Position in lists.
    pub order: i64,
    /// One-line summary.
    pub summary: Option<String>,
    /// Markdown description.
    pub description: Option<String>,
    /// Brand.
    pub brand: Brand,
    /// Member units.
    pub units: Vec<Unit>,
    /// The region's bulletin fields (`bulletin:`), over the site's.
    pub bulletin: crate::config::BulletinFields,
    /// File text, for diagnostics.
    pub text: String,
    /// The file did not read (its error reported). The region
    /// still exists, known by its file name, so that the files naming it
    /// are not reported too; nothing else of it is known.
    pub unparsed: bool,
}

const REGION_KEYS: &[&str] =
    &["name", "short_name", "leader", "established", "order", "summary", "description", "brand", "units", "bulletin"];
const UNIT_KINDS: &[&str] = &["project", "company", "government", "owner", "supervisor", "other"];
const BRAND_KEYS: &[&str] = &["name", "slogan", "feature", "color", "logo"];
const UNIT_KEYS: &[&str] = &["name", "kind", "members", "joined"];

/// Normalizes `#rgb` / `#rrggbb` to lowercase `#rrggbb`.
pub fn normalize_color(c: &str) -> Option<String> {
    let hex = c.trim().strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        3 => Some(format!("#{}", hex.chars().flat_map(|c| [c, c]).collect::<String>().to_ascii_lowercase())),
        6 => Some(format!("#{}", hex.to_ascii_lowercase())),
        _ => None,
    }
}

/// Parses `content/regions/<id>.yaml`.
pub fn parse_region(rel: &str, shown: &str, text: &str, diags: &mut Diagnostics) -> Option<Region> {
    let file = rel.rsplit('/').next().unwrap_or(rel);
    let id = file.trim_end_matches(".yaml").trim_end_matches(".yml").to_string();
    if !is_ascii_id(&id) {
        let suggestion = crate::slug::slugify(&id);
        diags.push(Diagnostic::new(shown, 0, 0, Message::InvalidRegionId { id }).with_hint(Hint::RenameRegionFile { suggestion }));
        return None;
    }
    if crate::url_scheme::is_reserved_region_id(&id) {
        let reserved = crate::url_scheme::RESERVED_REGION_IDS.iter().map(|s| s.to_string()).collect();
        diags.push(Diagnostic::new(shown, 0, 0, Message::ReservedRegionId { id }).with_hint(Hint::ReservedIds(reserved)));
        return None;
    }
    let mut f = match Fields::parse(shown, text, text, 0) {
        Ok(f) => f,
        Err(d) => {
            diags.extend(*d);
            return Some(unparsed(id, shown, text));
        }
    };
    f.warn_unknown_keys(REGION_KEYS);
    let name = f.string("name", true).unwrap_or_else(|| id.clone());
    let brand = f.mapping("brand").map(|b| brand(&mut f, rel, &b)).unwrap_or_default();
    let units = units(&mut f);
    let bulletin = f.mapping("bulletin").map(|b| super::bulletin_fields::region_fields(&mut f, &b)).unwrap_or_default();
    let order = match f.get("order") {
        None => 0,
        Some(Value::Number(n)) if n.as_i64().is_some() => n.as_i64().unwrap_or(0),
        Some(v) => {
            let found = show_value(v);
            f.report("order", Message::WrongType { key: "order".into(), expected: Expected::Integer, found }, None);
            0
        }
    };
    let description = f.string("description", false);
    if description.as_deref().is_some_and(|s| crate::markdown::excess_mark(s).is_some()) {
        let message = Message::MarkdownTooComplex { limit: crate::markdown::MAX_MARKDOWN_MARKS };
        f.report("description", message, Some(Hint::SplitLargeFile));
    }
    let region = Region {
        short_name: f.string("short_name", false).unwrap_or_else(|| name.clone()),
        name,
        shown: shown.to_string(),
        leader: f.string("leader", false),
        established: f.date("established", false).map(|d| d.0),
        order,
        summary: f.string("summary", false),
        description,
        brand,
        units,
        bulletin,
        text: text.to_string(),
        id,
        unparsed: false,
    };
    diags.extend(std::mem::take(&mut f.diags));
    Some(region)
}

/// The region of a file that did not read: its id, named by its id.
fn unparsed(id: String, shown: &str, text: &str) -> Region {
    Region {
        name: id.clone(),
        short_name: id.clone(),
        shown: shown.to_string(),
        leader: None,
        established: None,
        order: 0,
        summary: None,
        description: None,
        brand: Brand::default(),
        units: Vec::new(),
        bulletin: Default::default(),
        text: text.to_string(),
        id,
        unparsed: true,
    }
}

/// The `brand` mapping `b` of the region file `rel`: the colour normalized,
/// the logo's path resolved; a bad colour or a logo out of `content/` is
/// reported and left out.
fn brand(f: &mut Fields<'_>, rel: &str, b: &serde_yaml::Mapping) -> Brand {
    let mut brand = Brand { name: map_str(b, "name"), slogan: map_str(b, "slogan"), feature: map_str(b, "feature"), ..Brand::default() };
    let from = f.pos("brand").0;
    f.warn_unknown_subkeys(from, "brand", b, BRAND_KEYS);
    if let Some(c) = map_str(b, "color") {
        match normalize_color(&c) {
            Some(n) => brand.color = Some(n),
            None => {
                let (l, col) = f.pos_within("brand", &c);
                f.report_at(l, col, Message::InvalidColor { value: c }, Some(Hint::ColorExample));
            }
        }
    } else if b.get("color").is_some_and(Value::is_null) {
        // `color: #b71c1c` without quotes: YAML reads a comment, the value is empty.
        let (l, col) = f.pos_within("brand", "color:");
        f.report_at(l, col, Message::UnquotedColor, Some(Hint::ColorExample));
    }
    if let Some(logo) = map_str(b, "logo") {
        match crate::content_path::resolve_relative(rel, &logo) {
            Some(p) => brand.logo = Some(p),
            None => {
                let (l, col) = f.pos_within("brand", &logo);
                f.report_at(l, col, Message::PathOutside { what: FileRef::Logo, path: logo }, Some(Hint::StayInside));
            }
        }
    }
    brand
}

/// The member units, each located by its name in the `units` list; a unit
/// without a name or named twice is reported and left out, a bad kind,
/// member count or date is reported.
fn units(f: &mut Fields<'_>) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    let mut names = std::collections::HashSet::new();
    let mut search_from = f.pos("units").0;
    for m in f.mapping_list("units") {
        let Some(uname) = map_str(&m, "name") else {
            // Each list item starts with `-`: the next one is this unit.
            let (l, c) = f.locator().find(search_from, "- ").unwrap_or((search_from, 1));
            search_from = l + 1;
            f.report_at(l, c, Message::UnitWithoutName, None);
            continue;
        };
        let (l, col) = f.locator().find(search_from, &uname).unwrap_or((search_from, 1));
        // The unit's keys are looked for from its `- ` line, not from the
        // end of the unit before (whose keys would be found instead).
        let unit_from = f.locator().find(search_from, "- ").map(|p| p.0).filter(|&item| item <= l).unwrap_or(l);
        search_from = l + 1;
        f.warn_unknown_subkeys(unit_from, "units", &m, UNIT_KEYS);
        if !names.insert(uname.clone()) {
            f.report_at(l, col, Message::DuplicateUnit { name: uname }, None);
            continue;
        }
        let kind = map_str(&m, "kind").unwrap_or_else(|| "other".into());
        if !UNIT_KINDS.contains(&kind.as_str()) {
            let (kl, kc) = f.locator().find(l, &kind).unwrap_or((l, col));
            let all = Hint::OneOf(UNIT_KINDS.iter().map(|k| k.to_string()).collect());
            let hint = Hint::nearest_or(nearest(&kind, UNIT_KINDS.iter().copied()), all);
            f.report_at(kl, kc, Message::UnitKind { kind: kind.clone() }, Some(hint));
        }
        let members = match m.get("members") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64(),
            Some(v) => {
                let (ml, mc) = f.locator().find(l, "members:").map(|(ml, mc)| (ml, mc + "members: ".len())).unwrap_or((l, col));
                let message = Message::WrongType { key: "members".into(), expected: Expected::WholeNumber, found: show_value(v) };
                f.report_at(ml, mc, message, None);
                None
            }
        };
        let joined = map_str(&m, "joined").and_then(|j| match parse_date(&j) {
            Some(d) => Some(d.0),
            None => {
                let (jl, jc) = f.locator().find(l, &j).unwrap_or((l, col));
                f.report_at(jl, jc, Message::InvalidDate { key: "joined".into(), value: j.clone() }, Some(Hint::DateFormat));
                None
            }
        });
        units.push(Unit { name: uname, kind, members, joined });
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colors_normalize() {
        assert_eq!(normalize_color("#B71").as_deref(), Some("#bb7711"));
        assert_eq!(normalize_color("#b71c1c").as_deref(), Some("#b71c1c"));
        assert_eq!(normalize_color("red"), None);
        assert_eq!(normalize_color("#12345g"), None);
    }

    #[test]
    fn unknown_keys_of_each_unit_are_located_in_that_unit() {
        let text = "name: 成都片区\nunits:\n  - name: 甲\n    phone: 1\n  - name: 乙\n    phone: 2\n";
        let mut d = Diagnostics::default();
        parse_region("regions/chengdu.yaml", "content/regions/chengdu.yaml", text, &mut d).unwrap();
        let lines: Vec<usize> = d.sorted().iter().map(|d| d.line).collect();
        assert_eq!(lines, [4, 6]);
    }

    #[test]
    fn duplicate_units_are_errors() {
        let text = "name: 成都片区\nunits:\n  - name: 一号项目部\n  - name: 一号项目部\n";
        let mut d = Diagnostics::default();
        let r = parse_region("regions/chengdu.yaml", "content/regions/chengdu.yaml", text, &mut d).unwrap();
        assert_eq!(r.units.len(), 1);
        let all = d.sorted();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].code, "duplicate-unit");
    }

    /// Parses `text` as `content/<rel>`: the region, and the problems as
    /// (code, line, column), sorted.
    fn parse(rel: &str, text: &str) -> (Option<Region>, Vec<(&'static str, usize, usize)>) {
        let mut diags = Diagnostics::default();
        let region = parse_region(rel, &format!("content/{rel}"), text, &mut diags);
        (region, diags.sorted().iter().map(|d| (d.code, d.line, d.column)).collect())
    }

    const CHENGDU: &str = "name: 成都片区
short_name: 成都
leader: 李四
established: 2019-03-01
order: -2
summary: 一句话
description: 介绍
brand:
  name: 蓉城红
  slogan: 共建共享
  feature: 项目联建
  color: \"#B71\"
  logo: logos/chengdu.svg
units:
  - name: 一号项目部
    kind: project
    members: 25
    joined: 2019-04-01
  - name: 成都市税务局
    kind: government
";

    #[test]
    fn a_region_yields_its_fields_brand_and_units() {
        let (region, found) = parse("regions/chengdu.yaml", CHENGDU);
        assert_eq!(found, []);
        let r = region.unwrap();
        assert_eq!((r.id.as_str(), r.shown.as_str()), ("chengdu", "content/regions/chengdu.yaml"));
        assert_eq!((r.name.as_str(), r.short_name.as_str()), ("成都片区", "成都"));
        assert_eq!(r.leader.as_deref(), Some("李四"));
        assert_eq!(r.established, NaiveDate::from_ymd_opt(2019, 3, 1));
        assert_eq!(r.order, -2);
        assert_eq!((r.summary.as_deref(), r.description.as_deref()), (Some("一句话"), Some("介绍")));
        assert_eq!(r.brand.name.as_deref(), Some("蓉城红"));
        assert_eq!(r.brand.slogan.as_deref(), Some("共建共享"));
        assert_eq!(r.brand.feature.as_deref(), Some("项目联建"));
        assert_eq!(r.brand.color.as_deref(), Some("#bb7711"), "normalized");
        // The logo's path is relative to content/regions/.
        assert_eq!(r.brand.logo.as_deref(), Some("regions/logos/chengdu.svg"));
        assert_eq!(r.units.len(), 2);
        let (a, b) = (&r.units[0], &r.units[1]);
        assert_eq!(
            (a.name.as_str(), a.kind.as_str(), a.members, a.joined),
            ("一号项目部", "project", Some(25), NaiveDate::from_ymd_opt(2019, 4, 1))
        );
        assert_eq!((b.name.as_str(), b.kind.as_str(), b.members, b.joined), ("成都市税务局", "government", None, None));
        assert_eq!(r.text, CHENGDU);
    }

    #[test]
    fn a_short_name_defaults_to_the_name_and_a_unit_kind_to_other() {
        let (region, found) = parse("regions/deyang.yml", "name: 德阳片区\nunits:\n  - name: 甲\n");
        assert_eq!(found, []);
        let r = region.unwrap();
        assert_eq!((r.id.as_str(), r.short_name.as_str(), r.order), ("deyang", "德阳片区", 0));
        assert_eq!(r.units[0].kind, "other");
        assert!(r.brand.color.is_none() && r.brand.logo.is_none());
    }

    #[test]
    fn a_file_name_that_is_no_region_id_is_refused() {
        let mut diags = Diagnostics::default();
        assert!(parse_region("regions/成都.yaml", "content/regions/成都.yaml", "name: x\n", &mut diags).is_none());
        let d = diags.sorted();
        assert_eq!((d[0].code, d[0].line, d[0].column), ("invalid-region-id", 0, 0));
        assert_eq!(d[0].hint, Some(Hint::RenameRegionFile { suggestion: "cheng-du".into() }));
        let (region, found) = parse("regions/Chengdu.yaml", "name: x\n");
        assert!(region.is_none());
        assert_eq!(found, [("invalid-region-id", 0, 0)]);
    }

    #[test]
    fn the_reserved_id_is_refused() {
        let mut diags = Diagnostics::default();
        assert!(parse_region("regions/all.yaml", "content/regions/all.yaml", "name: 全公司\n", &mut diags).is_none());
        let d = diags.sorted();
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].code, d[0].line, d[0].column), ("reserved-region-id", 0, 0));
        assert_eq!(d[0].hint, Some(Hint::ReservedIds(vec!["all".into()])));
    }

    #[test]
    fn a_region_file_that_is_not_fields_is_refused_but_its_region_known() {
        // The region is still known by its file name, so that the
        // files naming it are not reported too.
        let (region, found) = parse("regions/chengdu.yaml", "- a\n- b\n");
        assert!(region.as_ref().is_some_and(|r| r.unparsed && r.id == "chengdu" && r.units.is_empty()));
        assert_eq!(found, [("yaml-not-mapping", 1, 1)]);
        let (region, found) = parse("regions/chengdu.yaml", "name: [成都\n");
        assert!(region.is_some_and(|r| r.unparsed));
        assert_eq!(found.iter().map(|f| f.0).collect::<Vec<_>>(), ["yaml-syntax"]);
    }

    #[test]
    fn bad_values_are_located_and_left_out() {
        let text = "order: first
brand:
  color: red
  logo: ../../../etc/logo.svg
  motto: x
units:
  - kind: project
  - name: 乙
    kind: projet
    members: many
    joined: 2019-02-30
";
        let (region, found) = parse("regions/chengdu.yaml", text);
        assert_eq!(
            found,
            [
                ("missing-field", 1, 1),
                ("wrong-type", 1, 8),
                ("invalid-color", 3, 10),
                ("path-outside", 4, 9),
                ("unknown-field", 5, 3),
                ("unit-invalid", 7, 3),
                ("unit-kind", 9, 11),
                ("wrong-type", 10, 14),
                ("invalid-date", 11, 13),
            ]
        );
        let r = region.unwrap();
        assert_eq!(r.name, "chengdu", "the id stands in for a missing name");
        assert_eq!(r.order, 0);
        assert!(r.brand.color.is_none() && r.brand.logo.is_none());
        assert_eq!(r.units.len(), 1);
        assert_eq!((r.units[0].name.as_str(), r.units[0].members, r.units[0].joined), ("乙", None, None));
    }

    #[test]
    fn an_unquoted_colour_is_an_empty_comment() {
        let (region, found) = parse("regions/chengdu.yaml", "name: 成都\nbrand:\n  color: #b71c1c\n");
        assert_eq!(found, [("invalid-color", 3, 3)]);
        assert!(region.unwrap().brand.color.is_none());
    }
}
