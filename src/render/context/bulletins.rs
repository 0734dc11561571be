//! The contexts of the bulletin pages: one issue (its reports grouped by
//! co-building mode, its classes, the company issue's sections per region)
//! and the index of every issue by year and series.

use std::collections::BTreeMap;

use tera::Value;

use super::Made;
use crate::config::BulletinPeriod;
use crate::content::DocKind;
use crate::graph::PageId;
use crate::period::Period;
use crate::regional::fields::IssueFields;
use crate::regional::{Figures, IssueId};
use crate::render::Renderer;
use crate::render::values::{list, obj, opt, safe, to_map};

/// A column of an issue: its name, the mode it stands for (a region's
/// issue) or the region issue it gathers (the company's), and its items.
pub(in crate::render) struct Group {
    /// The column's name.
    pub name: String,
    /// Its co-building mode, by index into the site's modes.
    pub mode: Option<usize>,
    /// The region issue whose items it shows (company-wide issue).
    pub part: Option<IssueId>,
    /// Its reports and classes.
    pub ids: Vec<PageId>,
}

/// How an issue shows its items: in full or by summary, and which joined
/// late (补报).
struct Items<'a> {
    full: bool,
    late: &'a [PageId],
    /// The issue, for the photos it prints.
    issue: &'a crate::regional::Issue,
}

impl Renderer<'_> {
    /// `/bulletins/<series>/<period>/`: the 报头 (the issue's fields), the
    /// 报核 (note, contents, the items under their columns: co-building
    /// modes for a region's issue, regions for the company's) and the 报尾.
    pub(super) fn bulletin_context(&self, i: IssueId) -> Made {
        let g = self.g;
        let issue = &g.regional.bulletins.issues[i];
        let (masthead, number) = self.issue_title_parts(i);
        let mut ctx = self.base_context("bulletin", &issue.url, format!("{masthead} {number}"), String::new(), "bulletins");
        let mut m = to_map(&self.issue_refs[i.index()]);
        m.insert(
            "note",
            // A note that holds only the issue's record has no words to show.
            match &issue.note {
                Some(n) if n.has_text() => obj([("title", opt(&n.title)), ("editor", opt(&n.editor)), ("html", safe(&n.html))]),
                _ => Value::none(),
            },
        );
        m.insert("fields", self.fields_value(&issue.fields));
        let masthead_number = self
            .t("bulletin_masthead_number")
            .replace("{n}", &issue.number_in_year.to_string())
            .replace("{m}", &issue.number_total.to_string());
        m.insert("masthead_number", masthead_number.into());
        // Whether and when the issue was issued, and its supplement number,
        // come from its record where the series has them; without, the
        // issue is open (待印发) and regular.
        let issued = issue.issued.as_ref().map(|r| {
            obj([
                ("date", r.date.format("%Y-%m-%d").to_string().into()),
                ("date_display", crate::render::date_display(r.date, g.config.language).into()),
                ("signer", opt(&r.signer)),
            ])
        });
        m.insert("issued", issued.unwrap_or_else(Value::none));
        ctx.insert_value("issue", Value::from(m));
        let full = issue.fields.full_text;
        let mut counter = 0;
        let mut code = issue.note.as_ref().is_some_and(|n| super::highlighted(&n.html));
        let items = Items { full, late: &issue.late, issue };
        // A region's issue and any supplement carry their own items under
        // mode columns; a company-wide issue a column per region issue.
        let columns: Vec<Value> = self
            .issue_groups(i)
            .into_iter()
            .map(|grp| {
                let items = self.issue_items(&grp.ids, &items, &mut counter, &mut code);
                let mut m = vec![("name", Value::from(grp.name)), ("items", items)];
                match grp.part {
                    Some(ri) => {
                        let part = &g.regional.bulletins.issues[ri];
                        let region = part.region.map(|r| self.region_refs[r.index()].clone()).unwrap_or_else(Value::none);
                        m.extend([("region", region), ("issue", self.issue_ref(Some(ri)))]);
                    }
                    None => m.push(("mode", grp.mode.and_then(|m| self.mode_refs.get(m).cloned()).unwrap_or_else(Value::none))),
                }
                Value::from(m.into_iter().collect::<BTreeMap<&str, Value>>())
            })
            .collect();
        ctx.insert_value("item_count", counter.into());
        ctx.insert_value("syntax_css", code.into());
        ctx.insert_value("columns", list(columns));
        ctx.insert_value("company_issue", self.issue_ref(if issue.region.is_some() { issue.related.first().copied() } else { None }));
        ctx.insert_value("prev", self.issue_ref(issue.prev));
        ctx.insert_value("next", self.issue_ref(issue.next));
        ctx.insert_value("region", issue.region.map(|r| self.region_refs[r.index()].clone()).unwrap_or_else(Value::none));
        ctx.insert_value("feed_url", "/bulletins/atom.xml".into());
        ctx.insert_value("problems", self.issue_problems(i));
        (issue.url.clone(), "bulletin.html", ctx)
    }

    /// The fields of the 报头 and 报尾 as the template shows them.
    fn fields_value(&self, f: &IssueFields) -> Value {
        let names = |v: &[String]| list(v.iter().map(|s| Value::from(s.as_str())));
        obj([
            ("unit", f.unit.as_str().into()),
            ("marking", opt(&f.marking)),
            ("marking_css", f.marking.as_deref().map(|m| Value::from(crate::escape::css_string(m))).unwrap_or_else(Value::none)),
            ("full_text", f.full_text.into()),
            ("report_to", names(&f.report_to)),
            ("send_to", names(&f.send_to)),
            ("issue_to", names(&f.issue_to)),
            ("copies", f.copies.map(Value::from).unwrap_or_else(Value::none)),
            ("editor", opt(&f.editor)),
            ("reviewer", opt(&f.reviewer)),
            ("signer", opt(&f.signer)),
        ])
    }

    /// The columns of an issue, in order. A region's issue and any
    /// supplement carry their own items under mode columns: each item under
    /// the first column (in the issue's `columns` order) among its modes,
    /// classes with none of them under a column of their own, other
    /// reports last under "other". A company-wide issue has a column per
    /// region issue of its period.
    pub(in crate::render) fn issue_groups(&self, i: IssueId) -> Vec<Group> {
        let g = self.g;
        let issue = &g.regional.bulletins.issues[i];
        if issue.region.is_none() && issue.supplement.is_none() {
            return issue
                .related
                .iter()
                .map(|&ri| {
                    let part = &g.regional.bulletins.issues[ri];
                    let ids: Vec<PageId> = part.items.reports.iter().chain(&part.items.classes).copied().collect();
                    let name = part.region.map(|r| g.regions[r].region.name.clone()).unwrap_or_default();
                    Group { name, mode: None, part: Some(ri), ids }
                })
                .collect();
        }
        let columns = &issue.fields.columns;
        let place = |p: PageId| columns.iter().position(|c| g.nodes[p].modes.contains(c));
        let mut placed: Vec<Vec<PageId>> = vec![Vec::new(); columns.len()];
        let (mut lone_classes, mut other) = (Vec::new(), Vec::new());
        for &p in issue.items.reports.iter().chain(&issue.items.classes) {
            match place(p) {
                Some(c) => placed[c].push(p),
                None if g.nodes[p].doc.kind == DocKind::Class => lone_classes.push(p),
                None => other.push(p),
            }
        }
        let named =
            columns.iter().zip(placed).map(|(&m, ids)| Group { name: g.config.modes[m].name.clone(), mode: Some(m), part: None, ids });
        let rest = [
            Group { name: self.t("issue_classes"), mode: None, part: None, ids: lone_classes },
            Group { name: self.t("mode_none"), mode: None, part: None, ids: other },
        ];
        named.chain(rest).filter(|grp| !grp.ids.is_empty()).collect()
    }

    /// The items of one column: each page's entry, an anchor numbered
    /// across the issue, and its full text (headings moved under the
    /// item's, their ids kept apart per item) when `full`; `code` becomes
    /// true when a full text has highlighted code (the body is unpacked
    /// once for both).
    fn issue_items(&self, ids: &[PageId], items: &Items<'_>, counter: &mut usize, code: &mut bool) -> Value {
        list(ids.iter().map(|&p| {
            *counter += 1;
            let anchor = format!("item-{counter}");
            let mut m = to_map(&self.entries[p.index()]);
            m.insert("late", items.late.contains(&p).into());
            // An item printed from its copy that is no longer published has no page to link to.
            if self.g.kept.gone.contains(&p) {
                m.insert("url", Value::none());
            }
            let body = if items.full {
                let html = self.g.nodes[p].rendered.html.unpack();
                *code = *code || super::highlighted(&html);
                safe(&embed_body(&html, &anchor))
            } else {
                Value::none()
            };
            m.insert("body_html", body);
            m.insert("anchor", anchor.into());
            // The photos of its gallery the issue prints.
            let photos = crate::regional::printed_photos::issue_photos(items.issue, &self.g.nodes[p]);
            m.insert("photos", Value::from_serializable(&photos));
            Value::from(m)
        }))
    }

    /// `/bulletins/`: every issue by year and series.
    pub(super) fn bulletins_index_context(&self) -> Made {
        let g = self.g;
        let lang = g.config.language;
        let b = &g.regional.bulletins;
        let kind = g.config.bulletin_period;
        let mut ctx = self.base_context("bulletins", "/bulletins/", self.t("bulletins"), self.t("bulletins_intro"), "bulletins");
        let mut years: Vec<i32> = b.issues.iter().map(|i| i.period.year).collect();
        years.sort_unstable();
        years.dedup();
        let series: Vec<(Option<usize>, &Vec<IssueId>)> =
            std::iter::once((None, &b.company)).chain(b.by_region.iter().enumerate().map(|(r, ids)| (Some(r), ids))).collect();
        let years_v = list(years.iter().rev().map(|&year| {
            let periods = Period::all_in_year(year, kind);
            let rows = list(series.iter().map(|(region, ids)| {
                let in_year: BTreeMap<Period, IssueId> =
                    ids.iter().filter(|&&i| b.issues[i].period.year == year).map(|&i| (b.issues[i].period, i)).collect();
                let name = match region {
                    Some(r) => g.regions[*r].region.name.clone(),
                    None => self.t("bulletin_all_short"),
                };
                let cells = list(periods.iter().map(|p| {
                    obj([
                        ("label", p.short_label(lang).into()),
                        ("period_label", p.label(lang).into()),
                        ("issue", self.issue_ref(in_year.get(p).copied())),
                    ])
                }));
                obj([
                    ("name", name.into()),
                    ("region", region.map(|r| self.region_refs[r].clone()).unwrap_or_else(Value::none)),
                    ("count", in_year.len().into()),
                    ("cells", cells),
                ])
            }));
            let count = b.issues.iter().filter(|i| i.period.year == year).count();
            // Supplements of the year, company-wide first, then by region.
            let supplements = std::iter::once(&b.company_supplements).chain(&b.supplements_by_region).flatten();
            let supplements = list(supplements.filter(|&&i| b.issues[i].period.year == year).map(|&i| self.issue_ref(Some(i))));
            obj([
                ("year", (year as i64).into()),
                ("count", count.into()),
                ("periods", list(periods.iter().map(|p| Value::from(p.short_label(lang))))),
                ("rows", rows),
                ("supplements", supplements),
            ])
        }));
        ctx.insert_value("years", years_v);
        ctx.insert_value("latest", list(b.newest.iter().take(12).map(|&i| self.issue_ref(Some(i)))));
        ctx.insert_value("total", b.issues.len().into());
        ctx.insert_value("period_kind", if kind == BulletinPeriod::Quarter { "quarter" } else { "month" }.into());
        ctx.insert_value("feed_url", "/bulletins/atom.xml".into());
        ("/bulletins/".into(), "bulletins.html", ctx)
    }

    /// One sentence with an issue's figures (feeds).
    pub(in crate::render) fn issue_summary(&self, f: &Figures, company: bool) -> String {
        let key = if company { "bulletin_summary_all" } else { "bulletin_summary" };
        self.t(key)
            .replace("{activities}", &f.activities.to_string())
            .replace("{participants}", &f.participants.to_string())
            .replace("{classes}", &f.classes.to_string())
            .replace("{units}", &f.units_named.to_string())
            .replace("{units_total}", &f.units_total.to_string())
            .replace("{regions}", &f.regions.to_string())
    }
}

/// A page's body HTML as an item of an issue: its headings (`<h2>`…)
/// moved two levels down (under the column's `<h2>` and the item's
/// `<h3>`, at most `<h6>`), and its ids and in-page links prefixed with `prefix`
/// (two items may share a heading).
fn embed_body(html: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        push_tag(&mut out, &rest[at..end], prefix);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// One tag of an embedded body: a heading two levels lower (at most
/// `h6`), and its `id` and same-page links prefixed. Done tag by tag in the
/// one pass over the body, since bodies in full are the bulk of a 10k
/// site's bulletin pages.
fn push_tag(out: &mut String, mut tag: &str, prefix: &str) {
    let name_at = if tag.starts_with("</") { 2 } else { 1 };
    let b = tag.as_bytes();
    let level = b.get(name_at + 1).copied().filter(|c| (b'1'..=b'6').contains(c));
    let is_heading = b.get(name_at) == Some(&b'h') && b.get(name_at + 2).is_some_and(|c| matches!(c, b'>' | b' '));
    if let Some(l) = level.filter(|_| is_heading) {
        out.push_str(&tag[..name_at]);
        out.push('h');
        out.push((b'0' + ((l - b'0') + 2).min(6)) as char);
        tag = &tag[name_at + 2..];
    }
    // Most tags have no attribute (`<p>`, `</li>`): one byte search spares them the two substring searches.
    if tag.as_bytes().contains(&b'=') && (tag.contains(" id=\"") || tag.contains(" href=\"#")) {
        out.push_str(&tag.replace(" id=\"", &format!(" id=\"{prefix}-")).replace(" href=\"#", &format!(" href=\"#{prefix}-")));
    } else {
        out.push_str(tag);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_body_in_an_issue_has_its_headings_under_the_item_and_its_ids_apart() {
        let html = r##"<h2 id="a">A</h2><p><a href="#a">x</a> <a href="/r/">y</a></p><h5>deep</h5><hr><header>z</header>"##;
        let out = super::embed_body(html, "item-2");
        assert_eq!(
            out,
            r##"<h4 id="item-2-a">A</h4><p><a href="#item-2-a">x</a> <a href="/r/">y</a></p><h6>deep</h6><hr><header>z</header>"##
        );
    }
}
