//! The context of one page of a paginated list (all reports, a region's
//! reports, a mode's, a tag's or a lecturer's pages): its entries (and
//! their cards), and the paginator.

use anyhow::Result;
use tera::Value;

use super::Made;
use crate::render::Renderer;
use crate::render::plan::{ListId, page_count, page_url, page_window};
use crate::render::values::{list, obj, opt};

impl Renderer<'_> {
    /// Page `page` (1-based) of list `i`.
    pub(super) fn list_context(&self, i: ListId, page: usize) -> Result<Made> {
        let cfg = &self.g.config;
        let l = &self.lists[i];
        let per = cfg.paginate_by;
        let total = page_count(l.items.len(), per);
        let url = page_url(&l.base, page);
        let slice = self.list_page(l, page);
        // A tag's title says it is a tag, so that the tag 信息简报 and the bulletins' index do not share one.
        let name = if l.kind == "tag" { self.t("tag_title").replace("{tag}", &l.heading) } else { l.heading.clone() };
        let title = if page > 1 { format!("{name} · {}", self.t_n("page_n", page)) } else { name };
        let mut ctx = self.base_context("list", &url, title, l.heading.clone(), l.nav_key);
        ctx.insert_value(
            "list",
            obj([("kind", l.kind.into()), ("heading", l.heading.as_str().into()), ("intro", opt(&l.intro)), ("feed_url", opt(&l.feed))]),
        );
        ctx.insert_value("entries", self.entries(slice));
        if !self.cards.slots.is_empty() {
            ctx.insert_value("entry_cards", list(slice.iter().map(|&p| self.card(p)).collect::<Result<Vec<Value>>>()?));
        }
        let pages = list(page_window(page, total).into_iter().map(|n| match n {
            Some(n) => obj([
                ("number", n.into()),
                ("url", page_url(&l.base, n).into()),
                ("current", (n == page).into()),
                ("gap", false.into()),
                ("label", self.t_n("page_n", n).into()),
            ]),
            None => obj([
                ("number", Value::none()),
                ("url", Value::none()),
                ("current", false.into()),
                ("gap", true.into()),
                ("label", Value::none()),
            ]),
        }));
        let link = |n: usize| if n >= 1 && n <= total { Value::from(page_url(&l.base, n)) } else { Value::none() };
        ctx.insert_value(
            "paginator",
            obj([
                ("current", page.into()),
                ("total_pages", total.into()),
                ("total_items", l.items.len().into()),
                ("prev_url", link(page - 1)),
                ("next_url", link(page + 1)),
                ("pages", pages),
                // `t.page_of` and `t.items_total` as the theme words them, made here rather than by template filters.
                ("status", self.t_n("page_of", page).replace("{total}", &total.to_string()).into()),
                ("items", self.t_n("items_total", l.items.len()).into()),
            ]),
        );
        if let Some(r) = l.region {
            ctx.insert_value("region", self.region_refs[r.index()].clone());
        }
        Ok((url, "list.html", ctx))
    }
}
