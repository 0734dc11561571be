//! The contexts of the Atom feeds: the site's newest reports and classes,
//! a region's newest reports, and the newest bulletin issues.

use tera::{Context, Value};

use super::Made;
use crate::graph::{PageId, RegionId};
use crate::regional::IssueId;
use crate::regional::charts;
use crate::render::feed_links::absolute_links;
use crate::render::urls::rebase;
use crate::render::values::{list, obj, to_map};
use crate::render::{FEED_CONTENT_MAX, FEED_ENTRIES, Renderer, atom_day};

impl Renderer<'_> {
    /// `/atom.xml` (`region` none) or `/regions/<id>/atom.xml`.
    pub(super) fn page_feed_context(&self, region: Option<RegionId>) -> Made {
        let g = self.g;
        let cfg = &g.config;
        let ids = self.feed_ids(region);
        let (title, path, alternate) = match region {
            None => (cfg.title.clone(), "/atom.xml".to_string(), "/".to_string()),
            Some(r) => {
                let node = &g.regions[r];
                (format!("{} · {}", node.region.name, cfg.title), format!("{}atom.xml", node.url), node.url.clone())
            }
        };
        let pages = ids.iter().map(|&i| {
            let n = &g.nodes[i];
            let mut m = to_map(&self.entries[i.index()]);
            m.insert("permalink", cfg.permalink(&n.url).into());
            m.insert("updated", self.updated(i).into());
            // A huge page would make every feed it is in huge too: readers get its summary.
            let html = if n.rendered.html.len() > FEED_CONTENT_MAX { n.rendered.summary_html.clone() } else { n.rendered.html.unpack() };
            // Every link absolute, footnotes' `#1` included, as readers resolve against the feed.
            let permalink = cfg.permalink(&n.url);
            m.insert("content_html", absolute_links(&rebase(&html, &n.url, &self.feed_style), &permalink).into());
            // Plain text, not a safe value: the feed template escapes it once, like the content.
            let summary = n.summary_html();
            m.insert("summary_html", absolute_links(&rebase(summary, &n.url, &self.feed_style), &permalink).into());
            (self.updated(i), Value::from(m))
        });
        // Honours and problems and decisions join the pages by date: on one
        // day, a page, then honours, then records.
        let mut others = self.honour_feed_entries(region);
        others.extend(self.problem_feed_entries(region));
        others.sort_by(|a, b| day(&b.0).cmp(day(&a.0)));
        let entries = merge_newest_first(pages.collect(), others);
        let mut ctx = self.feed_context(&path, title, &alternate, entries.iter().map(|e| e.0.clone()).max());
        ctx.insert_value("entries", list(entries.into_iter().map(|e| e.1)));
        (path, "atom.xml", ctx)
    }

    /// `/bulletins/atom.xml`: the newest issues.
    pub(super) fn bulletin_feed_context(&self) -> Made {
        let g = self.g;
        let cfg = &g.config;
        let b = &g.regional.bulletins;
        let ids: Vec<IssueId> = b.newest.iter().take(FEED_ENTRIES).copied().collect();
        // An issued issue was last changed the day it was issued.
        let stamp = |i: IssueId| {
            let issue = &b.issues[i];
            atom_day(issue.issued.as_ref().map_or(issue.last_date, |r| r.date))
        };
        let path = "/bulletins/atom.xml";
        let title = format!("{} · {}", self.t("bulletins"), cfg.title);
        let mut ctx = self.feed_context(path, title, "/bulletins/", ids.iter().map(|&i| stamp(i)).max());
        let entries = list(ids.iter().map(|&i| {
            let issue = &b.issues[i];
            let mut m = to_map(&self.issue_refs[i.index()]);
            let summary = self.issue_summary(&issue.figures, issue.region.is_none());
            let mut html = String::new();
            if let Some(n) = &issue.note {
                html.push_str(&absolute_links(&rebase(&n.html, &issue.url, &self.feed_style), &cfg.permalink(&issue.url)));
            }
            html.push_str(&format!("<p>{}</p><ul>", charts::xml_escape(&summary)));
            for &p in issue.items.reports.iter().chain(&issue.items.classes) {
                let n = &g.nodes[p];
                html.push_str(&format!(
                    "<li><a href=\"{}\">{}</a>",
                    charts::xml_escape(&cfg.permalink(&n.url)),
                    charts::xml_escape(&n.doc.title)
                ));
                if issue.late.contains(&p) {
                    let date = n.date().format("%Y-%m-%d");
                    html.push_str(&format!(
                        " <span class=\"late\">{}</span> <time>{date}</time>",
                        charts::xml_escape(&self.t("bulletin_late"))
                    ));
                }
                html.push_str("</li>");
            }
            html.push_str("</ul>");
            m.insert("permalink", cfg.permalink(&issue.url).into());
            m.insert("updated", stamp(i).into());
            m.insert("summary_html", charts::xml_escape(&summary).into());
            m.insert("content_html", html.into());
            m.insert("regions", list(issue.region.map(|r| self.region_refs[r.index()].clone())));
            m.insert("modes", list([]));
            m.insert("tags", list([]));
            m.insert("author", issue.note.as_ref().and_then(|n| n.editor.as_deref()).map(Value::from).unwrap_or_else(Value::none));
            m.insert("lecturer", Value::none());
            Value::from(m)
        }));
        ctx.insert_value("entries", entries);
        (path.into(), "atom.xml", ctx)
    }

    /// The entries of a feed, newest first: the site's reports and classes, or a region's reports.
    pub(in crate::render) fn feed_ids(&self, region: Option<RegionId>) -> Vec<PageId> {
        let g = self.g;
        match region {
            // Both lists are newest first, so the feed's entries are among the
            // first of each: those are sorted by the graph's rule.
            None => {
                let mut ids: Vec<PageId> =
                    g.reports.iter().take(FEED_ENTRIES).chain(g.classes.iter().take(FEED_ENTRIES)).copied().collect();
                ids.sort_by(|&a, &b| crate::graph::newest_first(&g.nodes[a], &g.nodes[b]));
                ids.truncate(FEED_ENTRIES);
                ids
            }
            Some(r) => g.regions[r].reports.iter().take(FEED_ENTRIES).copied().collect(),
        }
    }

    /// The context of an Atom feed at `path`, the feed of the page at
    /// `alternate`, last updated at `updated` (none without entries).
    fn feed_context(&self, path: &str, title: String, alternate: &str, updated: Option<String>) -> Context {
        let cfg = &self.g.config;
        let mut ctx = self.base_context("feed", path, title.clone(), String::new(), "");
        ctx.insert_value(
            "feed",
            obj([
                ("title", title.into()),
                ("id", cfg.permalink(path).into()),
                ("self_url", cfg.permalink(path).into()),
                ("alternate_url", cfg.permalink(alternate).into()),
                ("updated", updated.unwrap_or_else(|| "1970-01-01T00:00:00Z".into()).into()),
            ]),
        );
        ctx
    }

    /// When page `i` was last updated, as Atom writes it.
    fn updated(&self, i: PageId) -> String {
        let d = &self.g.nodes[i].doc;
        match (d.datetime, d.date) {
            (Some(dt), _) => dt.to_rfc3339(),
            (None, Some(date)) => atom_day(date),
            _ => "1970-01-01T00:00:00Z".into(),
        }
    }
}

/// The day of a feed entry's stamp (`2026-05-01` of an RFC 3339 time).
fn day(stamp: &str) -> &str {
    stamp.get(..10).unwrap_or(stamp)
}

/// Two lists of feed entries, each newest first, merged newest first by
/// the day of their stamps (a page before an honour or record of the same
/// day), cut to [`FEED_ENTRIES`].
fn merge_newest_first(pages: Vec<(String, Value)>, honours: Vec<(String, Value)>) -> Vec<(String, Value)> {
    let mut out = Vec::with_capacity(FEED_ENTRIES);
    let (mut pages, mut honours) = (pages.into_iter().peekable(), honours.into_iter().peekable());
    while out.len() < FEED_ENTRIES {
        let take_honour = match (pages.peek(), honours.peek()) {
            (Some(p), Some(h)) => day(&h.0) > day(&p.0),
            (None, Some(_)) => true,
            (_, None) => false,
        };
        match if take_honour { honours.next() } else { pages.next() } {
            Some(e) => out.push(e),
            None => break,
        }
    }
    out
}
