//! The contexts of the assessment dashboard (`/dashboard/`, the latest
//! year, and `/dashboard/<year>/`) and its CSV table.

use tera::Value;

use super::Made;
use crate::period::Period;
use crate::regional::charts::{self, Bar};
use crate::regional::dashboard::{Row, Year};
use crate::render::Renderer;
use crate::render::values::{figures_value, list, obj, percent, safe, score};

/// Makes a spreadsheet-safe CSV ([`crate::escape::csv_line`]: RFC 4180,
/// CRLF, no cell runs as a formula), UTF-8 with a BOM so that spreadsheet
/// programs read Chinese correctly.
pub fn csv(rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    for row in rows {
        out.push_str(&crate::escape::csv_line(row.iter().map(String::as_str)));
    }
    out.into_bytes()
}

impl Renderer<'_> {
    /// `/dashboard/` (the latest year, `year` none) or `/dashboard/<year>/`.
    pub(super) fn dashboard_context(&self, year: Option<usize>) -> Made {
        let g = self.g;
        let years = &g.regional.years;
        let yi = year.unwrap_or(years.len().saturating_sub(1));
        let url = match year {
            None => "/dashboard/".to_string(),
            Some(_) => format!("/dashboard/{}/", years[yi].year),
        };
        let y = &years[yi];
        // `/dashboard/` and `/dashboard/<latest>/` show one year under two titles.
        let key = if year.is_none() { "dashboard_latest_title" } else { "dashboard_title" };
        let title = self.t(key).replace("{year}", &y.year.to_string());
        let mut ctx = self.base_context("dashboard", &url, title, self.t("dashboard_intro"), "dashboard");
        let t = &g.config.targets;
        let target = |t: Option<crate::config::Target>| match t {
            Some(t) => obj([
                ("count", score(t.count).into()),
                ("per", t.per.word().into()),
                ("per_name", self.t(&format!("per_{}", t.per.word())).into()),
            ]),
            None => Value::none(),
        };
        let targets = obj([
            ("activities", target(t.activities())),
            ("classes", target(t.classes())),
            ("unit_coverage", t.unit_coverage.map(|v| Value::from(percent(v))).unwrap_or_else(Value::none)),
            ("expected_activities", y.expected_activities.map(Value::from).unwrap_or_else(Value::none)),
            ("expected_classes", y.expected_classes.map(Value::from).unwrap_or_else(Value::none)),
        ]);
        let company_scale = y.per_month.iter().copied().max().unwrap_or(0) as f64;
        let company_strip =
            self.strip(&format!("strip-{}-all", y.year), &self.t("dashboard_months"), &y.per_month, company_scale, "#b3121a");
        let rows = list(y.rows.iter().enumerate().map(|(i, r)| self.dashboard_row(y, i + 1, r)));
        ctx.insert_value(
            "dashboard",
            obj([
                ("year", (y.year as i64).into()),
                ("url", format!("/dashboard/{}/", y.year).into()),
                ("csv_url", format!("/dashboard/{}.csv", y.year).into()),
                ("is_latest", (yi + 1 == years.len()).into()),
                ("months_counted", y.months_counted.into()),
                ("targets", targets),
                ("criteria", list(y.criteria.iter().map(|c| Value::from(c.as_str())))),
                ("assessed", y.rows.iter().any(|r| r.assessed.is_some()).into()),
                ("assessment", self.assessment_definition()),
                ("month_labels", list(self.month_labels().into_iter().map(Value::from))),
                ("rows", rows),
                ("totals", figures_value(&y.totals)),
                ("issues", y.issues.into()),
                ("strip_svg", safe(&company_strip)),
            ]),
        );
        ctx.insert_value(
            "years",
            list(years.iter().rev().enumerate().map(|(ri, yy)| {
                let idx = years.len() - 1 - ri;
                obj([
                    ("year", (yy.year as i64).into()),
                    ("url", format!("/dashboard/{}/", yy.year).into()),
                    ("current", (idx == yi).into()),
                ])
            })),
        );
        let canonical = match year {
            None => Value::from(g.config.permalink(&format!("/dashboard/{}/", y.year))),
            Some(_) => Value::none(),
        };
        ctx.insert_value("canonical_url", canonical);
        self.dashboard_honours(y.year, &mut ctx);
        // Problems and decisions: a block of its own (see context/problems.rs).
        ctx.insert_value("problems", self.dashboard_problems(y.year));
        (url, "dashboard.html", ctx)
    }

    /// `/dashboard/<year>.csv`: the dashboard table.
    pub(in crate::render) fn dashboard_csv(&self, yi: usize) -> (String, Vec<u8>) {
        let g = self.g;
        let y = &g.regional.years[yi];
        let labels = self.month_labels();
        let mut header: Vec<String> = [
            "csv_rank",
            "csv_region",
            "csv_region_id",
            "csv_activities",
            "csv_activities_target",
            "csv_participants",
            "csv_classes",
            "csv_classes_target",
            "csv_modes_covered",
            "csv_modes_total",
            "csv_units_named",
            "csv_units_total",
            "csv_unit_coverage",
            "csv_issues",
        ]
        .iter()
        .map(|k| self.t(k))
        .collect();
        header.extend(labels.iter().cloned());
        let (own, committee) = (self.t("csv_self"), self.t("csv_committee"));
        for c in &y.criteria {
            header.push(format!("{c}·{own}"));
            header.push(format!("{c}·{committee}"));
        }
        let more = ["csv_self_total", "csv_committee_total", "csv_remarks", "csv_award", "csv_composite", "csv_below", "csv_shortfalls"];
        header.extend(more.iter().map(|k| self.t(k)));
        header.extend(self.problem_csv_header());
        let mut rows = vec![header];
        for (i, row) in y.rows.iter().enumerate() {
            let f = &row.figures;
            let region = &g.regions[row.region].region;
            let mut below = Vec::new();
            if row.below_activities {
                below.push(self.t("csv_activities"));
            }
            if row.below_classes {
                below.push(self.t("csv_classes"));
            }
            if row.below_coverage {
                below.push(self.t("csv_unit_coverage"));
            }
            let mut cells = vec![
                (i + 1).to_string(),
                region.name.clone(),
                region.id.clone(),
                f.activities.to_string(),
                y.expected_activities.map(|e| e.to_string()).unwrap_or_default(),
                f.participants.to_string(),
                f.classes.to_string(),
                y.expected_classes.map(|e| e.to_string()).unwrap_or_default(),
                f.modes_covered().to_string(),
                f.mode_counts.len().to_string(),
                f.units_named.to_string(),
                f.units_total.to_string(),
                f.unit_coverage().map(|c| format!("{:.3}", c)).unwrap_or_default(),
                row.issues.to_string(),
            ];
            cells.extend(row.per_month.iter().map(|c| c.to_string()));
            let a = row.assessed.as_ref();
            let n = |v: Option<f64>| v.map(super::assessment::number).unwrap_or_default();
            for ci in 0..y.criteria.len() {
                let s = a.and_then(|a| a.scores.get(ci));
                cells.push(n(s.and_then(|s| s.own)));
                cells.push(n(s.and_then(|s| s.committee)));
            }
            cells.push(n(a.and_then(|a| a.own_total)));
            cells.push(n(a.and_then(|a| a.committee_total)));
            let mut remarks: Vec<String> = a.and_then(|a| a.remarks.clone()).into_iter().collect();
            for (c, s) in y.criteria.iter().zip(a.map(|a| a.scores.as_slice()).unwrap_or_default()) {
                remarks.extend(s.remarks.as_ref().map(|r| format!("{c}：{r}")));
            }
            cells.push(remarks.join(" / "));
            cells.push(a.and_then(|a| a.award.clone()).unwrap_or_default());
            cells.push(score(row.composite));
            cells.push(below.join(" / "));
            cells.push(row.shortfalls.iter().map(|s| self.shortfall_label(s)).collect::<Vec<_>>().join(" / "));
            cells.extend(self.problem_csv_cells(y.year, row.region));
            rows.push(cells);
        }
        (format!("/dashboard/{}.csv", y.year), csv(&rows))
    }

    fn dashboard_row(&self, y: &Year, rank: usize, row: &Row) -> Value {
        let g = self.g;
        let f = &row.figures;
        let region = &g.regions[row.region];
        let monthly = g.config.targets.activities().filter(|t| t.per == crate::config::Per::Month).map(|t| t.count);
        let scale = monthly.unwrap_or_else(|| row.per_month.iter().copied().max().unwrap_or(0) as f64);
        let title = format!("{} · {}", region.region.name, self.t("dashboard_months"));
        let strip = self.strip(&format!("strip-{}-{}", y.year, region.region.id), &title, &row.per_month, scale, &region.color);
        let labels = self.month_labels();
        let committee = row.committee_total();
        obj([
            ("rank", rank.into()),
            ("region", self.region_refs[row.region.index()].clone()),
            ("activities", f.activities.into()),
            ("participants", f.participants.into()),
            ("classes", f.classes.into()),
            ("modes_covered", f.modes_covered().into()),
            ("modes_total", f.mode_counts.len().into()),
            ("units_named", f.units_named.into()),
            ("units_total", f.units_total.into()),
            ("coverage", f.unit_coverage().map(|c| Value::from(percent(c))).unwrap_or_else(Value::none)),
            ("coverage_sort", f.unit_coverage().map(Value::from).unwrap_or_else(|| Value::from(-1.0))),
            ("issues", row.issues.into()),
            ("strip_svg", safe(&strip)),
            ("months", list(labels.iter().zip(row.per_month).map(|(l, c)| obj([("label", l.as_str().into()), ("count", c.into())])))),
            ("below_activities", row.below_activities.into()),
            ("below_classes", row.below_classes.into()),
            ("below_coverage", row.below_coverage.into()),
            ("flagged", (row.below_activities || row.below_classes || row.below_coverage).into()),
            ("shortfalls", self.shortfalls_value(row)),
            ("assessed", self.assessed_value(y, row.assessed.as_ref())),
            ("committee_sort", committee.map(Value::from).unwrap_or_else(|| Value::from(-1.0))),
            ("award", row.assessed.as_ref().and_then(|a| a.award.as_deref()).map(Value::from).unwrap_or_else(Value::none)),
            ("composite", score(row.composite).into()),
            ("composite_sort", row.composite.into()),
        ])
    }

    fn month_labels(&self) -> Vec<String> {
        (1..=12).map(|m| Period { year: 2000, index: m, quarter: false }.short_label(self.g.config.language)).collect()
    }

    fn strip(&self, id: &str, title: &str, counts: &[usize; 12], scale: f64, color: &str) -> String {
        let labels = self.month_labels();
        let bars: Vec<Bar> = counts
            .iter()
            .zip(&labels)
            .map(|(c, l)| Bar { label: l.clone(), sublabel: String::new(), name: l.clone(), value: *c })
            .collect();
        charts::month_strip(id, title, &bars, scale, color)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_bom_crlf_quotes_and_no_formulas() {
        let rows = vec![
            vec!["区域".to_string(), "a,b".to_string(), "say \"hi\"".to_string()],
            vec!["=SUM(A1)".to_string(), "+1".to_string(), "-2".to_string(), "@x".to_string(), "ok".to_string()],
        ];
        let bytes = csv(&rows);
        assert_eq!(&bytes[..3], b"\xef\xbb\xbf");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(text, "区域,\"a,b\",\"say \"\"hi\"\"\"\r\n'=SUM(A1),'+1,'-2,'@x,ok\r\n");
    }
}
