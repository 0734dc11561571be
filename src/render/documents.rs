//! The printable [`Document`] of a bulletin issue or a page: the same
//! parts as its HTML page (the issue's columns from
//! [`Renderer::issue_groups`], the items' published bodies, the strings of
//! the theme), for the PDF and Word exports (`crate::export`).

use std::collections::HashMap;
use std::io::Cursor;
use std::sync::Arc;

use chrono::NaiveDate;

use super::Renderer;
use super::text::{date_display, plain_text};
use crate::content::DocKind;
use crate::document::{self, Block, Colophon, Document, DocumentKind, Heading, Image, Item, Line, Masthead, Meta, Part};
use crate::graph::PageId;
use crate::regional::IssueId;

impl Renderer<'_> {
    /// The document of bulletin issue `i`: 报头, note, contents, figures,
    /// columns with their items (in full or by summary, as the page shows
    /// them) and 报尾. An issue not yet issued carries the draft mark.
    pub fn issue_document(&self, i: IssueId) -> Document {
        let g = self.g;
        let lang = g.config.language;
        let issue = &g.regional.bulletins.issues[i];
        let f = &issue.fields;
        let (name, number) = self.issue_title_parts(i);
        let masthead_number = match issue.supplement {
            Some(n) => self.t_n("bulletin_masthead_supplement", n),
            None => self
                .t("bulletin_masthead_number")
                .replace("{n}", &issue.number_in_year.to_string())
                .replace("{m}", &issue.number_total.to_string()),
        };
        let date = issue.issued.as_ref().map_or(issue.last_date, |r| r.date);
        let open = issue.issued.is_none().then(|| self.t("bulletin_open"));
        let shown_date = match &open {
            None => date_display(date, lang),
            Some(mark) => format!("{}（{mark}）", issue.period.label(lang)),
        };
        let mut images = Images::new(self);
        let mut parts = Vec::new();
        if let Some(n) = issue.note.as_ref().filter(|n| n.has_text()) {
            parts.push(Part::Note { title: self.t("editors_note"), blocks: images.blocks(&n.html) });
        }
        let groups = self.issue_groups(i);
        let titles: Vec<String> = groups.iter().flat_map(|grp| grp.ids.iter().map(|&p| g.nodes[p].doc.title.clone())).collect();
        if titles.len() > 1 {
            parts.push(Part::Contents { title: self.t("bulletin_contents"), entries: titles });
        }
        parts.push(self.figures_part(i));
        let keywords = groups.iter().map(|grp| grp.name.clone()).collect();
        for grp in groups {
            let items = grp.ids.iter().map(|&p| self.issue_item(issue, p, f.full_text, &mut images)).collect();
            parts.push(Part::Column { title: grp.name, items });
        }
        Document {
            kind: DocumentKind::Bulletin,
            lang: lang.tag().into(),
            meta: Meta {
                title: format!("{name} {number}"),
                author: f.unit.clone(),
                subject: issue.period.label(lang),
                keywords,
                date: date.format("%Y-%m-%d").to_string(),
                url: g.config.permalink(&issue.url),
            },
            marking: f.marking.clone(),
            draft_mark: open,
            masthead: Some(Masthead { name, number: masthead_number, unit: f.unit.clone(), date: shown_date }),
            headline: issue.note.as_ref().and_then(|n| n.title.clone()),
            heading: None,
            parts,
            colophon: self.colophon(f),
            images: images.list,
        }
    }

    /// The document of a report, class or free page: its title, the lines
    /// of its meta (date and regions, lecturer, participants), its cover and
    /// its body.
    pub fn page_document(&self, p: PageId) -> Document {
        let g = self.g;
        let lang = g.config.language;
        let n = &g.nodes[p];
        let d = &n.doc;
        let mut images = Images::new(self);
        let mut blocks = Vec::new();
        if let Some(c) = &n.cover_url {
            blocks.extend(images.image(c, &d.title));
        }
        blocks.extend(images.blocks(&n.rendered.html.unpack()));
        let summary = n.summary_html();
        let date = d.date.unwrap_or(NaiveDate::MIN);
        Document {
            kind: DocumentKind::Page,
            lang: lang.tag().into(),
            meta: Meta {
                title: d.title.clone(),
                author: d.author.clone().unwrap_or_else(|| g.config.title.clone()),
                subject: plain_text(summary, 140),
                keywords: n.tags.iter().map(|&t| g.tags[t].name.clone()).collect(),
                date: d.date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
                url: g.config.permalink(&n.url),
            },
            marking: None,
            draft_mark: None,
            masthead: None,
            headline: None,
            heading: Some(Heading { title: d.title.clone(), lines: self.page_lines(p, date) }),
            parts: vec![Part::Body { blocks }],
            colophon: None,
            images: images.list,
        }
    }

    /// The lines under a page's title: date and regions, units, the
    /// lecturer, the participants.
    fn page_lines(&self, p: PageId, date: NaiveDate) -> Vec<String> {
        let g = self.g;
        let n = &g.nodes[p];
        let d = &n.doc;
        let regions: Vec<&str> = n.regions.iter().map(|&r| g.regions[r].region.name.as_str()).collect();
        let mut first = Vec::new();
        if d.date.is_some() {
            first.push(date_display(date, g.config.language));
        }
        first.extend(regions.iter().map(|s| s.to_string()));
        let mut lines = vec![first.join(" · ")];
        if !d.units.is_empty() {
            lines.push(d.units.join("、"));
        }
        lines.extend(self.byline_extras(p));
        lines.retain(|l| !l.is_empty());
        lines
    }

    /// The lecturer and participants of a page, worded as its page words them.
    fn byline_extras(&self, p: PageId) -> Vec<String> {
        let d = &self.g.nodes[p].doc;
        let mut out = Vec::new();
        if let (DocKind::Class, Some(l)) = (d.kind, &d.lecturer) {
            let title = d.lecturer_title.as_ref().map(|t| format!("（{t}）")).unwrap_or_default();
            out.push(format!("{}{title}", self.t_n("class_by", l)));
        }
        if let Some(n) = d.participants {
            out.push(format!("{} {}", self.t("participants"), self.t_n("participants_value", n)));
        }
        out
    }

    /// One item of an issue: title, byline, cover, and the body in full
    /// or the summary.
    fn issue_item(&self, issue: &crate::regional::Issue, p: PageId, full: bool, images: &mut Images<'_, '_>) -> Item {
        let late = issue.late.contains(&p);
        let n = &self.g.nodes[p];
        let mut byline = vec![n.doc.date.map(|d| date_display(d, self.g.config.language)).unwrap_or_default()];
        byline.extend(self.byline_extras(p));
        let mut blocks = Vec::new();
        if let Some(c) = &n.cover_url {
            blocks.extend(images.image(c, &n.doc.title));
        }
        let html = if full { n.rendered.html.unpack() } else { n.summary_html().to_string() };
        blocks.extend(images.blocks(&html));
        // The photos of the gallery the bulletin prints.
        let photos: Vec<document::Photo> = crate::regional::printed_photos::issue_photos(issue, n)
            .into_iter()
            .filter_map(|ph| {
                let key = images.key(&super::gallery::print_file(&self.g.photos, &ph.url))?;
                Some(document::Photo { key, alt: ph.alt.clone(), caption: ph.caption.clone() })
            })
            .collect();
        if !photos.is_empty() {
            blocks.push(Block::Photos { photos });
        }
        Item {
            title: n.doc.title.clone(),
            byline: byline.into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join("  "),
            late: late.then(|| self.t("bulletin_late")),
            blocks,
        }
    }

    /// An issue's figures, as its page lists them.
    fn figures_part(&self, i: IssueId) -> Part {
        let issue = &self.g.regional.bulletins.issues[i];
        let fig = &issue.figures;
        let mut rows = Vec::new();
        if issue.region.is_none() && issue.supplement.is_none() {
            rows.push((self.t("fig_regions"), fig.regions.to_string()));
        }
        rows.extend([
            (self.t("fig_activities"), fig.activities.to_string()),
            (self.t("fig_participants"), fig.participants.to_string()),
            (self.t("fig_units"), format!("{} / {}", fig.units_named, fig.units_total)),
            (self.t("fig_classes"), fig.classes.to_string()),
        ]);
        Part::Figures { title: self.t("issue_figures"), rows }
    }

    /// The 报尾: distribution, print run, sign-off; `None` when the issue
    /// has none of them.
    fn colophon(&self, f: &crate::regional::fields::IssueFields) -> Option<Colophon> {
        let colon = self.t("colon");
        let distribution: Vec<Line> =
            [("bulletin_report_to", &f.report_to), ("bulletin_send_to", &f.send_to), ("bulletin_issue_to", &f.issue_to)]
                .into_iter()
                .filter(|(_, names)| !names.is_empty())
                .map(|(key, names)| Line { label: format!("{}{colon}", self.t(key)), text: names.join("，") })
                .collect();
        let copies = f.copies.map(|n| self.t_n("bulletin_copies", n));
        let signoff: Vec<String> = [("bulletin_editor", &f.editor), ("bulletin_reviewer", &f.reviewer), ("bulletin_signer", &f.signer)]
            .into_iter()
            .filter_map(|(key, who)| who.as_ref().map(|w| format!("{}{colon}{w}", self.t(key))))
            .collect();
        (!distribution.is_empty() || copies.is_some() || !signoff.is_empty()).then_some(Colophon { distribution, copies, signoff })
    }

    /// The bytes the site publishes at `site_path`: a content asset (an
    /// SVG as cleaned, a photo as processed: upright, without metadata),
    /// or a static file.
    fn published_bytes(&self, site_path: &str) -> Option<Arc<[u8]>> {
        let g = self.g;
        if let Some((made, _)) = g.photos.files.get(site_path) {
            return crate::files::read_regular(made).ok().map(Arc::from);
        }
        let at = g.assets.partition_point(|(_, out)| out.as_str() < site_path);
        if let Some((src, _)) = g.assets.get(at).filter(|(_, out)| out == site_path) {
            if let Some(svg) = g.svgs.get(src) {
                return Some(svg.clone());
            }
            return crate::files::read_regular(&self.root.join("content").join(src)).ok().map(Arc::from);
        }
        let source = self.statics.get(site_path)?;
        source.read().ok().map(|b| Arc::from(b.into_owned()))
    }
}

/// The images of one document, each read once and named by order of use.
struct Images<'r, 'g> {
    renderer: &'r Renderer<'g>,
    list: Vec<Image>,
    /// Site path -> key (or none: not published, or not an image).
    by_path: HashMap<String, Option<String>>,
}

impl<'r, 'g> Images<'r, 'g> {
    fn new(renderer: &'r Renderer<'g>) -> Self {
        Images { renderer, list: Vec::new(), by_path: HashMap::new() }
    }

    /// The key of the image at `src` (a site path as the body writes it),
    /// read and sized on first use.
    fn key(&mut self, src: &str) -> Option<String> {
        if let Some(k) = self.by_path.get(src) {
            return k.clone();
        }
        let path = percent_encoding::percent_decode_str(src.split(['?', '#']).next().unwrap_or(src)).decode_utf8_lossy().into_owned();
        let key = self.renderer.published_bytes(&path).and_then(|bytes| {
            let (ext, size) = image_kind(&bytes)?;
            let key = format!("img-{}.{ext}", self.list.len() + 1);
            self.list.push(Image { key: key.clone(), size, bytes });
            Some(key)
        });
        self.by_path.insert(src.to_string(), key.clone());
        key
    }

    /// An image block for `src`, or nothing when it is not published.
    fn image(&mut self, src: &str, alt: &str) -> Option<Block> {
        self.key(src).map(|key| Block::Image { key, alt: alt.to_string(), caption: None })
    }

    /// The blocks of a published body.
    fn blocks(&mut self, html: &str) -> Vec<Block> {
        let config = &self.renderer.g.config;
        let link = |href: &str| if href.starts_with('/') && !href.starts_with("//") { config.permalink(href) } else { href.to_string() };
        let mut image = |src: &str| self.key(src);
        document::blocks_from_html(html, &mut document::html::Resolve { image: &mut image, link: &link })
    }
}

/// The extension and pixel size of an image the exports can place (JPEG,
/// PNG, GIF, WebP, SVG); `None` for anything else.
fn image_kind(bytes: &[u8]) -> Option<(&'static str, Option<(u32, u32)>)> {
    let reader = image::ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok()?;
    let ext = match reader.format() {
        Some(image::ImageFormat::Jpeg) => "jpg",
        Some(image::ImageFormat::Png) => "png",
        Some(image::ImageFormat::Gif) => "gif",
        Some(image::ImageFormat::WebP) => "webp",
        _ => {
            let head = &bytes[..bytes.len().min(512)];
            let text = String::from_utf8_lossy(head);
            return (text.contains("<svg") || text.trim_start().starts_with("<?xml")).then_some(("svg", None));
        }
    };
    Some((ext, reader.into_dimensions().ok()))
}

/// A document that could not be exported: which one, and why.
#[derive(Debug)]
pub struct ExportFailure {
    /// The document's title (`成都区域信息简报 2026年第3期（总第12期）`).
    pub title: String,
    /// Its page's site path.
    pub url: String,
    /// The format.
    pub format: crate::config::ExportFormat,
    /// Why.
    pub error: crate::export::ExportError,
    /// The site's fonts folder (`exports: fonts`), for the hint.
    pub fonts_folder: String,
}

impl std::fmt::Display for ExportFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot export {} ({}) as {}: {:?}", self.title, self.url, self.format.extension(), self.error)
    }
}

impl std::error::Error for ExportFailure {}

impl Renderer<'_> {
    /// The fonts of the PDF exports: the site's folder (`exports: fonts`)
    /// first, then the system's (`exports: system_fonts`), found once.
    pub fn fonts(&self) -> &crate::export::fonts::Fonts {
        self.fonts.get_or_init(|| {
            let e = &self.g.config.exports;
            let dir = self.root.join(&e.fonts);
            crate::export::fonts::Fonts::load(Some(&dir), e.system_fonts)
        })
    }

    /// The file of issue `i` in `format`, from the export cache when an
    /// identical one was made before.
    pub fn export_issue(&self, i: IssueId, format: crate::config::ExportFormat) -> Result<Vec<u8>, ExportFailure> {
        let doc = self.issue_document(i);
        self.export_document(&doc, &self.g.regional.bulletins.issues[i].url, format)
    }

    /// The file of page `p` in `format`, through the export cache.
    pub fn export_page(&self, p: PageId, format: crate::config::ExportFormat) -> Result<Vec<u8>, ExportFailure> {
        self.export_document(&self.page_document(p), &self.g.nodes[p].url, format)
    }

    /// `doc` in `format`, through the export cache. The fonts are found
    /// (once) only for a PDF: a Word file names its fonts and embeds none,
    /// so the fonts found do not change it either.
    pub fn export_document(&self, doc: &Document, url: &str, format: crate::config::ExportFormat) -> Result<Vec<u8>, ExportFailure> {
        use crate::config::ExportFormat;
        let fingerprint = if format == ExportFormat::Pdf { self.fonts().fingerprint() } else { 0 };
        let key = crate::export::cache::key(doc, format, fingerprint);
        if let Some(bytes) = self.export_cache.get(key, format) {
            return Ok(bytes);
        }
        let made = match format {
            ExportFormat::Pdf => crate::export::pdf::pdf(doc, self.fonts()),
            ExportFormat::Docx => crate::export::docx::docx(doc),
        };
        let bytes = made.map_err(|error| ExportFailure {
            title: doc.meta.title.clone(),
            url: url.to_string(),
            format,
            error,
            fonts_folder: self.g.config.exports.fonts.clone(),
        })?;
        // A cache that cannot be written (a read-only checkout) costs
        // only time.
        let _ = self.export_cache.put(key, format, &bytes);
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use scraper::{Html, Selector};

    use super::*;
    use crate::document::inline_text;
    use crate::render::Job;

    fn texts(html: &Html, selector: &str) -> Vec<String> {
        let sel = Selector::parse(selector).expect("selector");
        html.select(&sel).map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")).collect()
    }

    /// The example site's issues: the document of each says what its page
    /// says (masthead, number, the items' titles in order, the 报尾's lines),
    /// and carries the draft mark exactly when the page says 待印发.
    #[test]
    fn every_issue_document_of_the_example_says_what_its_page_says() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (g, diags) = crate::load_site(root, None, false);
        assert!(!diags.has_errors(), "{diags:?}");
        let r = Renderer::new(&g, root).expect("renderer");
        let mut issued = 0;
        for i in IssueId::all(g.regional.bulletins.issues.len()) {
            let doc = r.issue_document(i);
            let (_, page) = r.render_job(&Job::Bulletin(i)).expect("page");
            let page = Html::parse_document(&page);
            let m = doc.masthead.as_ref().expect("a masthead");
            assert_eq!(texts(&page, ".bulletin-title"), vec![m.name.clone()]);
            assert_eq!(texts(&page, ".bulletin-number"), vec![m.number.clone()]);
            let titles: Vec<String> = doc
                .parts
                .iter()
                .flat_map(|p| match p {
                    Part::Column { items, .. } => items.iter().map(|i| i.title.clone()).collect(),
                    _ => Vec::new(),
                })
                .collect();
            assert_eq!(texts(&page, ".bulletin-item-title"), titles, "{}", doc.meta.title);
            let open = !texts(&page, ".bulletin-status").is_empty();
            assert_eq!(doc.draft_mark.is_some(), open);
            issued += usize::from(!open);
            let lines: Vec<String> =
                doc.colophon.iter().flat_map(|c| c.distribution.iter().map(|l| format!("{}{}", l.label, l.text))).collect();
            assert_eq!(texts(&page, ".bulletin-distribution p"), lines);
        }
        assert!(issued > 0, "the example has issued issues");
    }

    /// A report's document: title, lines, and its body's headings and
    /// paragraphs as the page has them; its photos read from the content folder.
    #[test]
    fn a_page_document_has_the_body_and_the_photos_of_the_page() {
        let dir = crate::test_site::write(&[(
            "content/reports/2026/a/index.md",
            "---\ntitle: 联合党课\ndate: 2026-03-02\nregion: alpha\nparticipants: 40\n---\n\n## 一、基本情况\n\n参加人员 *四十* 人。\n\n![合影](photo.png \"会后合影\")\n",
        )]);
        let mut png = Vec::new();
        image::RgbImage::new(8, 6).write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).expect("png");
        std::fs::write(dir.path().join("content/reports/2026/a/photo.png"), &png).expect("photo");
        let (g, diags) = crate::load_site(dir.path(), None, false);
        assert!(!diags.has_errors(), "{diags:?}");
        let r = Renderer::new(&g, dir.path()).expect("renderer");
        let doc = r.page_document(g.reports[0]);
        assert_eq!(doc.heading.as_ref().map(|h| h.title.as_str()), Some("联合党课"));
        assert_eq!(doc.meta.date, "2026-03-02");
        let Some(Part::Body { blocks }) = doc.parts.first() else { panic!("a body: {doc:?}") };
        let Block::Heading { level: 1, content } = &blocks[0] else { panic!("{blocks:?}") };
        assert_eq!(inline_text(content), "一、基本情况");
        let Block::Paragraph { content } = &blocks[1] else { panic!("{blocks:?}") };
        assert_eq!(inline_text(content), "参加人员 四十 人。");
        assert_eq!(blocks[2], Block::Image { key: "img-1.png".into(), alt: "合影".into(), caption: Some("会后合影".into()) });
        assert_eq!(doc.images.len(), 1);
        assert_eq!(doc.images[0].size, Some((8, 6)));
        // The photo as the site publishes it (re-encoded, without
        // metadata), with the source's pixels.
        let placed = image::load_from_memory(&doc.images[0].bytes).expect("an image").to_rgb8();
        assert_eq!(placed, image::load_from_memory(&png).expect("png").to_rgb8());
    }
}
