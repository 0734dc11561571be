//! Every link checked: the messages of links that
//! start with `/`, of raw HTML `href`/`src` and of images without alt text.
//! One family, kept apart from the rest of the catalogue;
//! [`super::Message::Link`] and [`super::Hint::Link`] carry them. Links
//! that resolve to no page reuse the general `broken-link`,
//! `unknown-anchor` and `link-to-draft` messages.

use crate::language::Language;

/// A problem with a link or an image of a page.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum LinkMessage {
    /// An image (`![](x.jpg)` or `<img>`) without alt text (a warning).
    ImageWithoutAlt { src: String },
    /// A link to a page the build withholds until it is reviewed.
    LinkToUnreviewed { dest: String },
    /// A link to `/regions/<id>/` of a region that does not exist.
    UnknownRegionLink { id: String, dest: String },
}

/// A suggestion under a link message.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum LinkHint {
    /// The link carries a path prefix the site is not under.
    RemovePrefix { prefix: String },
    /// Describe the image.
    AddAlt,
    /// Wait for the review or remove the link.
    ReviewOrUnlink,
    /// How a link starting with `/` is written.
    SiteUrl,
}

impl LinkMessage {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            LinkMessage::ImageWithoutAlt { .. } => "image-without-alt",
            LinkMessage::LinkToUnreviewed { .. } => "link-to-unreviewed",
            LinkMessage::UnknownRegionLink { .. } => "unknown-region-link",
        }
    }

    /// True for the warning (a page without alt text still works).
    pub fn is_warning(&self) -> bool {
        matches!(self, LinkMessage::ImageWithoutAlt { .. })
    }

    /// The words in `lang`.
    pub fn text(&self, lang: Language) -> String {
        use LinkMessage::*;
        match self {
            ImageWithoutAlt { src } => tr!(
                lang,
                "the image `{src}` has no alt text (what screen readers say, and what shows when it does not load)",
                "图片 `{src}` 没有替代文字（读屏软件朗读、图片加载不出时显示的文字）"
            ),
            LinkToUnreviewed { dest } => tr!(
                lang,
                "link to `{dest}`, a page not yet reviewed, which this build does not publish",
                "链接指向尚未审核的页面 `{dest}`，本次生成不会发布该页面"
            ),
            UnknownRegionLink { id, dest } => {
                tr!(lang, "link `{dest}` to a region `{id}` that does not exist", "链接 `{dest}` 指向不存在的区域 `{id}`")
            }
        }
    }
}

impl LinkHint {
    /// The words in `lang`.
    pub fn text(&self, lang: Language) -> String {
        use LinkHint::*;
        match self {
            RemovePrefix { prefix } => {
                tr!(lang, "remove the `{prefix}` prefix: links start at the site's root", "去掉 `{prefix}` 前缀：链接从站点根目录写起")
            }
            AddAlt => tr!(
                lang,
                "describe the image: `![会议现场](photo.jpg)`, or `alt=\"会议现场\"` on `<img>`",
                "请写上图片说明：`![会议现场](photo.jpg)`，或在 `<img>` 上加 `alt=\"会议现场\"`"
            ),
            ReviewOrUnlink => tr!(
                lang,
                "link to it once it is reviewed (`review: 已审`), or remove the link",
                "待该页面审核通过（`review: 已审`）后再链接，或删去链接"
            ),
            SiteUrl => tr!(
                lang,
                "a link starting with `/` is a page's address on the site, like `/about/` or `/regions/chengdu/`; or link the file: `@/pages/about.md`",
                "以 `/` 开头的链接是站内页面的地址，例如 `/about/`、`/regions/chengdu/`；也可以链接文件：`@/pages/about.md`"
            ),
        }
    }
}
