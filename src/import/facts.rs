//! What a manuscript states that its front matter records: the date of
//! the activity, the member units it names, the lecturer of a class, the
//! correspondent who wrote it. Only what the text says is taken; a figure
//! (participants, audience) is never guessed.
//!
//! - **date**: the first full date in the text, written
//!   `2026年5月12日`, `2026-05-12`, `2026.5.12`, `2026/5/12`, with
//!   full-width digits, or in Chinese numerals (`二〇二六年五月十二日`);
//!   a day that does not exist (`2026年2月30日`) is passed over. A date
//!   without its year (`5月12日`) is not taken, but reported.
//! - **units**: each unit of the region (of every region without
//!   `--region`) whose name appears in the text, in the order they first
//!   appear; a name found only inside a longer unit's name does not count.
//! - **lecturer**: the name after `主讲人：`, `主讲：`, `授课人：` or
//!   `宣讲人：`; a position before it (`公司党委书记 张明`) or in brackets
//!   after it (`张明（公司党委书记）`) becomes `lecturer_title`.
//! - **author**: the name after `通讯员`.

use chrono::NaiveDate;

/// A date found in the text, and how the text writes it.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub date: NaiveDate,
    pub written: String,
}

/// The first full date in `text`, and the first date without a year.
pub fn first_date(text: &str) -> (Option<FoundDate>, Option<String>) {
    let chars: Vec<char> = text.chars().collect();
    let mut without_year = None;
    for i in 0..chars.len() {
        if i > 0 && digit(chars[i - 1]).is_some() {
            continue;
        }
        if let Some((date, len)) = full_date(&chars[i..]) {
            return (Some(FoundDate { date, written: chars[i..i + len].iter().collect() }), None);
        }
        if without_year.is_none()
            && (i == 0 || chars[i - 1] != '年')
            && let Some(len) = month_day(&chars[i..])
        {
            without_year = Some(chars[i..i + len].iter().collect());
        }
    }
    (None, without_year)
}

/// An Arabic digit, half- or full-width.
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// A Chinese numeral digit (〇 and 零 for zero).
fn chinese_digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九".chars().position(|d| d == c).or((c == '零').then_some(0)).map(|p| p as u32)
}

/// Reads up to `max` Arabic digits; (value, count).
fn number(s: &[char], max: usize) -> Option<(u32, usize)> {
    let n = s.iter().take(max + 1).take_while(|c| digit(**c).is_some()).count();
    if n == 0 || n > max {
        return None;
    }
    Some((s[..n].iter().filter_map(|c| digit(*c)).fold(0, |a, d| a * 10 + d), n))
}

/// A Chinese numeral from 1 to 31 (`十二`, `二十一`, `三十`); (value, count).
fn chinese_small(s: &[char]) -> Option<(u32, usize)> {
    let n = s.iter().take(3).take_while(|c| chinese_digit(**c).is_some() || **c == '十').count();
    let part = &s[..n];
    let value = match part {
        ['十'] => 10,
        [d] => chinese_digit(*d)?,
        ['十', u] => 10 + chinese_digit(*u)?,
        [t, '十'] => chinese_digit(*t)? * 10,
        [t, '十', u] => chinese_digit(*t)? * 10 + chinese_digit(*u)?,
        _ => return None,
    };
    (value > 0).then_some((value, n))
}

/// Skips blanks; the count skipped.
fn blanks(s: &[char]) -> usize {
    s.iter().take_while(|c| **c == ' ' || **c == '\u{3000}').count()
}

/// A full date at the start of `s`: (date, chars it takes).
fn full_date(s: &[char]) -> Option<(NaiveDate, usize)> {
    let ymd = if let Some((year, n)) = number(s, 4).filter(|(_, n)| *n == 4) {
        arabic_rest(s, n).map(|(m, d, len)| (year as i32, m, d, len))
    } else {
        let year: Option<u32> = s.get(..4)?.iter().try_fold(0, |a, c| chinese_digit(*c).map(|d| a * 10 + d));
        let year = year? as i32;
        chinese_rest(s, 4).map(|(m, d, len)| (year, m, d, len))
    };
    let (year, month, day, len) = ymd?;
    if !(1949..=2100).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day).map(|date| (date, len))
}

/// `年5月12日` or `-05-12` after a year of `at` chars: (month, day, total length).
fn arabic_rest(s: &[char], at: usize) -> Option<(u32, u32, usize)> {
    let mut i = at + blanks(&s[at..]);
    match s.get(i)? {
        '年' => {
            i += 1;
            i += blanks(&s[i..]);
            let (month, n) = number(&s[i..], 2)?;
            i += n;
            i += blanks(&s[i..]);
            (s.get(i)? == &'月').then_some(())?;
            i += 1;
            i += blanks(&s[i..]);
            let (day, n) = number(&s[i..], 2)?;
            i += n;
            i += blanks(&s[i..]);
            matches!(s.get(i)?, '日' | '号').then_some((month, day, i + 1))
        }
        sep @ ('-' | '.' | '/' | '－' | '．' | '／') if i == at => {
            let (month, n) = number(&s[i + 1..], 2)?;
            i += 1 + n;
            (s.get(i)? == sep).then_some(())?;
            let (day, n) = number(&s[i + 1..], 2)?;
            i += 1 + n;
            s.get(i).is_none_or(|c| digit(*c).is_none()).then_some((month, day, i))
        }
        _ => None,
    }
}

/// `年五月十二日` after a year in Chinese numerals.
fn chinese_rest(s: &[char], at: usize) -> Option<(u32, u32, usize)> {
    let mut i = at;
    (s.get(i)? == &'年').then_some(())?;
    i += 1;
    let (month, n) = chinese_small(&s[i..])?;
    i += n;
    (s.get(i)? == &'月').then_some(())?;
    i += 1;
    let (day, n) = chinese_small(&s[i..])?;
    i += n;
    matches!(s.get(i)?, '日' | '号').then_some((month, day, i + 1))
}

/// A month and day without a year (`5月12日`) at the start of `s`: its length.
fn month_day(s: &[char]) -> Option<usize> {
    let (month, n) = number(s, 2)?;
    let mut i = n;
    (s.get(i)? == &'月').then_some(())?;
    i += 1;
    let (day, n) = number(&s[i..], 2)?;
    i += n;
    (matches!(s.get(i)?, '日' | '号') && (1..=12).contains(&month) && (1..=31).contains(&day)).then_some(i + 1)
}

/// The names among `units` that `text` names, in the order of their first
/// appearance; a name that appears only inside a longer one is left out.
pub fn units_named(text: &str, units: &[String]) -> Vec<String> {
    let mut spans: Vec<(usize, usize, &String)> = Vec::new();
    for name in units.iter().filter(|n| !n.is_empty()) {
        spans.extend(text.match_indices(name.as_str()).map(|(at, _)| (at, at + name.len(), name)));
    }
    let covered = |&(s, e, n): &(usize, usize, &String)| spans.iter().any(|&(s2, e2, n2)| n2.len() > n.len() && s2 <= s && e <= e2);
    let mut found: Vec<(usize, &String)> = spans.iter().filter(|s| !covered(s)).map(|&(s, _, n)| (s, n)).collect();
    found.sort();
    let mut out: Vec<String> = Vec::new();
    for (_, name) in found {
        if !out.contains(name) {
            out.push(name.clone());
        }
    }
    out
}

/// The text after one of `labels` and a colon (or, with `blank_ok`, a
/// blank), up to the end of its sentence or bracket.
fn after_label<'t>(text: &'t str, labels: &[&str], blank_ok: bool) -> Option<&'t str> {
    for label in labels {
        for (at, _) in text.match_indices(label) {
            let rest = &text[at + label.len()..];
            let trimmed = rest.trim_start_matches([' ', '\u{3000}']);
            let value = if let Some(v) = trimmed.strip_prefix(['：', ':']) {
                v
            } else if blank_ok && trimmed.len() < rest.len() {
                trimmed
            } else {
                continue;
            };
            let value = value.trim_start_matches([' ', '\u{3000}']);
            let end = value.find(['。', '；', ';', '，', ',', '\n', '（', '(', '）', ')', '】', '|']).unwrap_or(value.len());
            let value = value[..end].trim();
            if !value.is_empty() {
                return Some(value);
            }
        }
    }
    None
}

/// The lecturer (and their position) the text names.
pub fn lecturer(text: &str) -> Option<(String, Option<String>)> {
    for label in ["主讲人", "主讲", "授课人", "宣讲人"] {
        let Some(at) = text.find(label) else { continue };
        let after = &text[at + label.len()..];
        let Some(value) = after_label(&text[at..], &[label], false) else { continue };
        // A position in brackets after the name: 张明（公司党委书记）.
        let bracketed = after.find(value).map(|i| &after[i + value.len()..]).and_then(|rest| {
            let inner = rest.strip_prefix(['（', '('])?;
            inner.find(['）', ')']).map(|e| inner[..e].trim().to_string())
        });
        let words: Vec<&str> = value.split_whitespace().collect();
        let (name, position) = match (words.as_slice(), bracketed) {
            ([name], position) => (name.to_string(), position),
            ([position @ .., name], _) => (name.to_string(), Some(position.join(" "))),
            _ => continue,
        };
        if (2..=10).contains(&name.chars().count()) {
            return Some((name, position.filter(|p| !p.is_empty())));
        }
    }
    None
}

/// The correspondent (通讯员) the text names.
pub fn author(text: &str) -> Option<String> {
    let value = after_label(text, &["通讯员"], true)?;
    (value.chars().count() <= 20).then(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Option<String> {
        first_date(text).0.map(|d| d.date.format("%Y-%m-%d").to_string())
    }

    #[test]
    fn dates_are_found_as_chinese_documents_write_them() {
        assert_eq!(date("本报讯 2026年5月12日，成都片区……").as_deref(), Some("2026-05-12"));
        assert_eq!(date("时间：2026-05-12 上午").as_deref(), Some("2026-05-12"));
        assert_eq!(date("于２０２６年５月１２日召开").as_deref(), Some("2026-05-12"));
        assert_eq!(date("二〇二六年五月十二日").as_deref(), Some("2026-05-12"));
        assert_eq!(date("2026.5.12").as_deref(), Some("2026-05-12"));
        assert_eq!(date("2026年 5 月 12 日").as_deref(), Some("2026-05-12"));
        // 2月30日 does not exist: the next date is taken.
        assert_eq!(date("2026年2月30日之后，2026年3月2日").as_deref(), Some("2026-03-02"));
        assert_eq!(date("编号 12026-05-12"), None);
        let (none, md) = first_date("5月12日，片区开展活动");
        assert_eq!((none, md.as_deref()), (None, Some("5月12日")));
    }

    #[test]
    fn units_are_those_named_and_not_inside_longer_names() {
        let units = vec!["成都监理站".to_string(), "成都监理站二分站".to_string(), "成都1号项目部".to_string()];
        let found = units_named("成都1号项目部与成都监理站二分站联合开展", &units);
        assert_eq!(found, vec!["成都1号项目部".to_string(), "成都监理站二分站".to_string()]);
    }

    #[test]
    fn lecturers_and_authors_are_read_after_their_labels() {
        assert_eq!(lecturer("主讲人：张明"), Some(("张明".into(), None)));
        assert_eq!(lecturer("主讲人：公司党委书记 张明。"), Some(("张明".into(), Some("公司党委书记".into()))));
        assert_eq!(lecturer("主讲：张明（公司党委书记）"), Some(("张明".into(), Some("公司党委书记".into()))));
        assert_eq!(lecturer("没有主讲人"), None);
        assert_eq!(author("（通讯员 李华）").as_deref(), Some("李华"));
        assert_eq!(author("通讯员：李华 王芳").as_deref(), Some("李华 王芳"));
    }
}
