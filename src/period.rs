//! Bulletin periods: a month (`2020-05`) or a quarter (`2020-q2`), and the
//! numbering of a series of issues.
//!
//! A site cuts all its issues one way (`bulletin_period` in site.yaml), so
//! periods of one site are all months or all quarters and order by year, then
//! month or quarter.

use chrono::{Datelike, NaiveDate};

use crate::config::BulletinPeriod;
use crate::language::Language;

/// A calendar month as `(year, month 1–12)`.
pub type Month = (i32, u32);

/// The month of a date.
pub fn month_of(d: NaiveDate) -> Month {
    (d.year(), d.month())
}

/// The `n` months that end with `last`, oldest first.
pub fn months_ending(last: Month, n: usize) -> Vec<Month> {
    let end = last.0 as i64 * 12 + last.1 as i64 - 1;
    (0..n as i64).rev().map(|back| end - back).map(|m| (m.div_euclid(12) as i32, (m.rem_euclid(12) + 1) as u32)).collect()
}

/// One bulletin period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    /// Calendar year.
    pub year: i32,
    /// Month 1–12, or quarter 1–4 when `quarter` is true.
    pub index: u32,
    /// Whether this is a quarter.
    pub quarter: bool,
}

impl Period {
    /// The period of `kind` that contains `month`.
    pub fn containing(month: Month, kind: BulletinPeriod) -> Period {
        match kind {
            BulletinPeriod::Month => Period { year: month.0, index: month.1, quarter: false },
            BulletinPeriod::Quarter => Period { year: month.0, index: month.1.div_ceil(3), quarter: true },
        }
    }

    /// Parses `2020-05` or `2020-q2`, exactly as [`Period::slug`] writes it
    /// (with a four-digit year): the loader's check of a note's file name.
    pub fn parse(s: &str) -> Option<Period> {
        let (y, rest) = s.split_once('-')?;
        let (quarter, index, last) = match rest.strip_prefix('q') {
            Some(q) => (true, q.parse::<u32>().ok()?, 4),
            None => (false, rest.parse::<u32>().ok()?, 12),
        };
        let p = Period { year: y.parse().ok()?, index, quarter };
        (y.len() == 4 && (1..=last).contains(&index) && p.slug() == s).then_some(p)
    }

    /// The URL segment and file stem: `2020-05` or `2020-q2`.
    pub fn slug(&self) -> String {
        if self.quarter { format!("{}-q{}", self.year, self.index) } else { format!("{}-{:02}", self.year, self.index) }
    }

    /// The months this period covers.
    pub fn months(&self) -> Vec<Month> {
        if self.quarter { (1..=3).map(|i| (self.year, (self.index - 1) * 3 + i)).collect() } else { vec![(self.year, self.index)] }
    }

    /// The reader's name of the period: `2020年5月`, `2020年第二季度`, `May 2020`, `Q2 2020`.
    pub fn label(&self, lang: Language) -> String {
        const ZH_Q: [&str; 4] = ["一", "二", "三", "四"];
        match (lang, self.quarter) {
            (Language::ZhCn, false) => format!("{}年{}月", self.year, self.index),
            (Language::ZhCn, true) => format!("{}年第{}季度", self.year, ZH_Q[(self.index as usize - 1).min(3)]),
            (Language::En, false) => format!("{} {}", month_name(self.index), self.year),
            (Language::En, true) => format!("Q{} {}", self.index, self.year),
        }
    }

    /// The short name inside a year: `5月`, `二季度`, `May`, `Q2`.
    pub fn short_label(&self, lang: Language) -> String {
        const ZH_Q: [&str; 4] = ["一季度", "二季度", "三季度", "四季度"];
        match (lang, self.quarter) {
            (Language::ZhCn, false) => format!("{}月", self.index),
            (Language::ZhCn, true) => ZH_Q[(self.index as usize - 1).min(3)].to_string(),
            (Language::En, false) => month_name(self.index)[..3].to_string(),
            (Language::En, true) => format!("Q{}", self.index),
        }
    }

    /// The period right after this one (of the same kind).
    pub fn next(&self) -> Period {
        let last = if self.quarter { 4 } else { 12 };
        match self.index >= last {
            true => Period { year: self.year + 1, index: 1, quarter: self.quarter },
            false => Period { index: self.index + 1, ..*self },
        }
    }

    /// The first day of the period.
    pub fn first_day(&self) -> Option<NaiveDate> {
        let month = if self.quarter { (self.index - 1) * 3 + 1 } else { self.index };
        NaiveDate::from_ymd_opt(self.year, month, 1)
    }

    /// Every period of `kind` in `year`, in order.
    pub fn all_in_year(year: i32, kind: BulletinPeriod) -> Vec<Period> {
        match kind {
            BulletinPeriod::Month => (1..=12).map(|index| Period { year, index, quarter: false }).collect(),
            BulletinPeriod::Quarter => (1..=4).map(|index| Period { year, index, quarter: true }).collect(),
        }
    }
}

/// English month name (1–12).
pub fn month_name(m: u32) -> &'static str {
    const NAMES: [&str; 12] =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    NAMES[(m.clamp(1, 12) - 1) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_written_form_parses() {
        assert_eq!(Period::parse("2020-05"), Some(Period { year: 2020, index: 5, quarter: false }));
        assert_eq!(Period::parse("2020-q4"), Some(Period { year: 2020, index: 4, quarter: true }));
        for bad in ["2020-5", "20201-05", "202-05", "2020-13", "2020-00", "2020-q5", "2020-q01", "+202-05", "2020-+5", "2020-q"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn periods_by_month_and_quarter() {
        let period_of = |d: NaiveDate, kind| Period::containing(month_of(d), kind).slug();
        let d = NaiveDate::from_ymd_opt(2020, 5, 12).unwrap();
        assert_eq!(period_of(d, BulletinPeriod::Month), "2020-05");
        assert_eq!(period_of(d, BulletinPeriod::Quarter), "2020-q2");
        let d = NaiveDate::from_ymd_opt(2020, 12, 31).unwrap();
        assert_eq!(period_of(d, BulletinPeriod::Quarter), "2020-q4");
    }

    fn m(year: i32, index: u32) -> Period {
        Period { year, index, quarter: false }
    }

    #[test]
    fn periods_parse_and_print() {
        assert_eq!(Period::parse("2020-05"), Some(m(2020, 5)));
        assert_eq!(Period::parse("2020-q2"), Some(Period { year: 2020, index: 2, quarter: true }));
        assert_eq!(Period::parse("2020-13"), None);
        assert_eq!(Period::parse("2020-q5"), None);
        assert_eq!(m(2020, 5).slug(), "2020-05");
        assert_eq!(Period::containing((2020, 6), BulletinPeriod::Quarter).slug(), "2020-q2");
        assert_eq!(Period::containing((2020, 7), BulletinPeriod::Quarter).months(), [(2020, 7), (2020, 8), (2020, 9)]);
        assert_eq!(m(2020, 5).label(Language::ZhCn), "2020年5月");
        assert_eq!(Period::parse("2020-q4").unwrap().label(Language::ZhCn), "2020年第四季度");
        assert_eq!(m(2020, 5).label(Language::En), "May 2020");
    }

    #[test]
    fn the_next_period_crosses_the_year() {
        assert_eq!(m(2020, 5).next(), m(2020, 6));
        assert_eq!(m(2020, 12).next(), m(2021, 1));
        let q4 = Period::parse("2020-q4").unwrap();
        assert_eq!(q4.next().slug(), "2021-q1");
        assert_eq!(q4.first_day(), NaiveDate::from_ymd_opt(2020, 10, 1));
    }

    #[test]
    fn months_ending_crosses_year_boundaries() {
        assert_eq!(months_ending((2021, 2), 4), [(2020, 11), (2020, 12), (2021, 1), (2021, 2)]);
        assert_eq!(months_ending((2021, 2), 24).len(), 24);
        assert_eq!(months_ending((2021, 2), 24)[0], (2019, 3));
    }
}
