//! Yearly assessments (`content/assessments/<year>.yaml`): per region and
//! criterion the self-assessment (自评), the committee's score (组织考核)
//! and remarks (评语); per region an award and remarks.
//!
//! The shape of one region:
//!
//! ```yaml
//! regions:
//!   chengdu:
//!     项目管控效益好: { 自评: 95, 组织考核: 94, 评语: 成本管控扎实 }
//!     市场开拓形象好: 90        # a bare number: the committee's score
//!     award: 先进区域
//!     评语: 联动机制运转顺畅
//! ```
//!
//! The file alone is checked here (shapes, fields, numbers); the criteria
//! and their maxima come from `site.yaml` and are checked against the file
//! in `site::checks::assessments`, which also finds unknown regions.

use std::collections::BTreeMap;

use serde_yaml::{Mapping, Value};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::front_matter::{Fields, Locator, show_value};
use crate::messages::{Expected, Hint, Message};

/// The keys of a criterion's scores: self-assessment, committee, remarks
/// (Chinese first, then English).
pub const SELF_KEYS: [&str; 2] = ["自评", "self"];
/// The committee's score (组织考核).
pub const COMMITTEE_KEYS: [&str; 2] = ["组织考核", "committee"];
/// Remarks (评语), of a criterion or of a region.
pub const REMARKS_KEYS: [&str; 2] = ["评语", "remarks"];
/// The award of a region (the shortcut kept from before honours).
pub const AWARD_KEYS: [&str; 2] = ["award", "奖项"];

/// One score as written: its value (none when it is not a number) and place.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// The number, none when the value is not one.
    pub value: Option<f64>,
    /// The value as written, for messages.
    pub shown: String,
    /// File line and character column of the value.
    pub at: (usize, usize),
}

/// The scores of one criterion for one region.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The criterion as written (a key of the region).
    pub name: String,
    /// File line and column of the key.
    pub at: (usize, usize),
    /// The region's self-assessment (自评).
    pub own: Option<Score>,
    /// The committee's score (组织考核).
    pub committee: Option<Score>,
    /// Remarks on this criterion.
    pub remarks: Option<String>,
}

/// One region's assessment in one year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RegionAssessment {
    /// File line and column of the region's key.
    pub at: (usize, usize),
    /// Whether the region's value was a mapping (else it was reported here).
    pub mapping: bool,
    /// Criteria in file order.
    pub entries: Vec<Entry>,
    /// The award (奖项).
    pub award: Option<String>,
    /// Remarks on the region as a whole.
    pub remarks: Option<String>,
}

impl RegionAssessment {
    /// The scores of the criterion named `name`.
    pub fn entry(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.name == name)
    }
}

/// One year's "四好" assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The year.
    pub year: i32,
    /// Path shown in messages.
    pub shown: String,
    /// Region id -> its assessment.
    pub regions: BTreeMap<String, RegionAssessment>,
    /// File text.
    pub text: String,
}

/// Parses `content/assessments/<year>.yaml`.
pub fn parse_assessment(rel: &str, shown: &str, text: &str, diags: &mut Diagnostics) -> Option<Assessment> {
    let stem = rel.rsplit('/').next().unwrap_or(rel).trim_end_matches(".yaml").trim_end_matches(".yml");
    let Ok(year) = stem.parse::<i32>() else {
        diags.push(Diagnostic::new(shown, 0, 0, Message::InvalidYear { stem: stem.to_string() }).with_hint(Hint::YearFileName));
        return None;
    };
    let mut f = match Fields::parse(shown, text, text, 0) {
        Ok(f) => f,
        Err(d) => {
            diags.extend(*d);
            return None;
        }
    };
    f.warn_unknown_keys(&["regions"]);
    let mut a = Assessment { year, shown: shown.to_string(), regions: BTreeMap::new(), text: text.to_string() };
    if let Some(regions) = f.mapping("regions") {
        let base = f.pos("regions").0;
        // Each region is looked for after the one before (they are in file order).
        let mut from = base;
        for (k, v) in regions {
            let Some(rid) = k.as_str() else { continue };
            let at = f.locator().find(from, &format!("{rid}:")).unwrap_or((base, 1));
            from = from.max(at.0);
            let Value::Mapping(m) = v else {
                let message = Message::WrongType { key: rid.to_string(), expected: Expected::Scores, found: show_value(&v) };
                f.report_at(at.0, at.1, message, Some(Hint::ScoreExample));
                a.regions.insert(rid.to_string(), RegionAssessment { at, ..RegionAssessment::default() });
                continue;
            };
            let region = read_region(&mut f, at, &m);
            a.regions.insert(rid.to_string(), region);
        }
    }
    diags.extend(std::mem::take(&mut f.diags));
    Some(a)
}

/// (line, column) of the value after `key:` found at or after `line`.
fn value_at(locator: &Locator<'_>, line: usize, key: &str) -> Option<(usize, usize)> {
    let (l, c) = locator.find(line, &format!("{key}:"))?;
    let skip = c - 1 + key.chars().count() + 1;
    let after = locator.lines().line(l).unwrap_or("").chars().skip(skip).take_while(|ch| *ch == ' ').count();
    Some((l, c + key.chars().count() + 1 + after))
}

fn text_of(f: &mut Fields<'_>, at: (usize, usize), key: &str, v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => {
            let message = Message::WrongType { key: key.to_string(), expected: Expected::Text, found: show_value(other) };
            f.report_at(at.0, at.1, message, None);
            None
        }
    }
}

fn read_region(f: &mut Fields<'_>, at: (usize, usize), m: &Mapping) -> RegionAssessment {
    let mut region = RegionAssessment { at, mapping: true, ..RegionAssessment::default() };
    for (ck, cv) in m {
        let Some(key) = ck.as_str() else { continue };
        let key_at = f.locator().find(at.0, &format!("{key}:")).unwrap_or(at);
        let value = value_at(f.locator(), at.0, key).unwrap_or(key_at);
        if AWARD_KEYS.contains(&key) {
            region.award = text_of(f, value, key, cv);
        } else if REMARKS_KEYS.contains(&key) {
            region.remarks = text_of(f, value, key, cv);
        } else {
            region.entries.push(read_entry(f, key, key_at, value, cv));
        }
    }
    region
}

fn score(v: &Value, at: (usize, usize)) -> Score {
    Score { value: v.as_f64().filter(|x| x.is_finite()), shown: show_value(v), at }
}

fn read_entry(f: &mut Fields<'_>, name: &str, at: (usize, usize), value: (usize, usize), v: &Value) -> Entry {
    let mut entry = Entry { name: name.to_string(), at, own: None, committee: None, remarks: None };
    let Value::Mapping(m) = v else {
        // The shape of before: a bare number is the committee's score.
        entry.committee = Some(score(v, value));
        return entry;
    };
    for (k, sv) in m {
        let key = k.as_str().map(str::to_string).unwrap_or_else(|| show_value(k));
        let key_at = f.locator().find(at.0, &format!("{key}:")).unwrap_or(at);
        let value = value_at(f.locator(), at.0, &key).unwrap_or(key_at);
        if SELF_KEYS.contains(&key.as_str()) {
            entry.own = Some(score(sv, value));
        } else if COMMITTEE_KEYS.contains(&key.as_str()) {
            entry.committee = Some(score(sv, value));
        } else if REMARKS_KEYS.contains(&key.as_str()) {
            entry.remarks = text_of(f, value, &key, sv);
        } else {
            f.report_at(key_at.0, key_at.1, Message::ScoreField { criterion: name.to_string(), key }, Some(Hint::ScoreFields));
        }
    }
    if entry.own.is_none() && entry.committee.is_none() {
        f.report_at(at.0, at.1, Message::NoScore { criterion: name.to_string() }, Some(Hint::ScoreFields));
    }
    entry
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_shapes_are_read_and_located() {
        let text = "regions:\n  chengdu:\n    甲: { 自评: 95, 组织考核: 94, 评语: 好 }\n    乙: 90\n    award: 先进区域\n    评语: 顺畅\n";
        let mut d = Diagnostics::default();
        let a = parse_assessment("assessments/2025.yaml", "content/assessments/2025.yaml", text, &mut d).unwrap();
        assert!(d.is_empty(), "{d:?}");
        let r = &a.regions["chengdu"];
        assert_eq!(r.at, (2, 3));
        let jia = r.entry("甲").unwrap();
        assert_eq!(jia.own.as_ref().unwrap().value, Some(95.0));
        assert_eq!(jia.committee.as_ref().unwrap().at, (3, 24));
        assert_eq!(jia.remarks.as_deref(), Some("好"));
        let yi = r.entry("乙").unwrap();
        assert_eq!((yi.own.clone(), yi.committee.as_ref().unwrap().value), (None, Some(90.0)));
        assert_eq!(yi.committee.as_ref().unwrap().at, (4, 8));
        assert_eq!((r.award.as_deref(), r.remarks.as_deref()), (Some("先进区域"), Some("顺畅")));
    }

    #[test]
    fn a_stray_field_of_a_score_is_located() {
        let text = "regions:\n  chengdu:\n    甲:\n      自评: 95\n      权重: 0.3\n    乙: {}\n";
        let mut d = Diagnostics::default();
        parse_assessment("assessments/2025.yaml", "content/assessments/2025.yaml", text, &mut d).unwrap();
        let found: Vec<(usize, usize, &str)> = d.iter().map(|x| (x.line, x.column, x.code)).collect();
        assert_eq!(found, [(5, 7, "score-field"), (6, 5, "score-field")]);
    }
}
