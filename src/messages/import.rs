//! The words of `regionpress import` (a Word manuscript
//! made a report or class): its problems ([`ImportMessage`], carried by
//! [`super::Message::Import`]), their hints, and the summary printed after
//! an import ([`ImportSummary`]): what was imported and what the writer
//! still has to fill in.

use crate::language::Language;

/// A file format `import` does not read, which Word or WPS can save as .docx.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OldFormat {
    /// Word 97-2003 (`.doc`, an OLE2 compound file).
    Doc,
    /// WPS 文字 (`.wps`, an OLE2 compound file).
    Wps,
    /// Rich Text Format.
    Rtf,
    /// OpenDocument text (`.odt`).
    Odt,
}

impl OldFormat {
    fn name(self) -> &'static str {
        match self {
            OldFormat::Doc => ".doc",
            OldFormat::Wps => ".wps",
            OldFormat::Rtf => ".rtf",
            OldFormat::Odt => ".odt",
        }
    }
}

/// A part of a document that an import leaves out.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SkippedPart {
    /// A picture in a format browsers do not show (EMF, WMF, TIFF, BMP).
    ImageFormat { format: String },
    /// A picture linked from outside the document, or missing from it.
    ImageMissing,
    /// A text box.
    TextBox,
    /// An equation.
    Equation,
    /// A chart, a SmartArt diagram or another embedded object.
    Object,
    /// A link to something that is not a web or mail address.
    Link { target: String },
}

/// A problem of `regionpress import`.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ImportMessage {
    /// An old binary Word or WPS file, RTF or OpenDocument.
    OldFormat { format: OldFormat },
    /// Not a Word document at all.
    NotDocx,
    /// A damaged .docx (a broken zip archive, a part that is not XML).
    Damaged { detail: String },
    /// The file to write exists and `--force` was not given.
    Exists { path: String },
    /// Part of the document was left out (a warning, located in the Markdown written).
    Skipped(SkippedPart),
}

/// A suggestion under an import problem.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ImportHint {
    /// Open it in Word or WPS and save it as .docx.
    SaveAsDocx,
    /// Choose another file, move the old one, or `--force`.
    ForceOrMove,
    /// Get the file again, or save it again from Word.
    Resave,
    /// What to do about the part left out.
    Skipped(SkippedPart),
}

impl ImportMessage {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            ImportMessage::OldFormat { .. } => "import-old-format",
            ImportMessage::NotDocx | ImportMessage::Damaged { .. } => "import-unreadable",
            ImportMessage::Exists { .. } => "import-exists",
            ImportMessage::Skipped(_) => "import-skipped",
        }
    }

    /// True for the warnings (parts left out); the rest are errors.
    pub fn is_warning(&self) -> bool {
        matches!(self, ImportMessage::Skipped(_))
    }

    /// The words in `lang`.
    pub fn text(&self, lang: Language) -> String {
        match self {
            ImportMessage::OldFormat { format: f @ (OldFormat::Doc | OldFormat::Wps) } => {
                let ext = f.name();
                tr!(
                    lang,
                    "this is an old binary {ext} file, which regionpress cannot read",
                    "这是旧版 {ext} 格式的文件，regionpress 无法读取"
                )
            }
            ImportMessage::OldFormat { format } => {
                let ext = format.name();
                tr!(lang, "this is an {ext} file, not a Word .docx file", "这是 {ext} 格式的文件，不是 Word 的 .docx 文件")
            }
            ImportMessage::NotDocx => tr!(lang, "this is not a Word document (.docx)", "这不是 Word 文档（.docx）"),
            ImportMessage::Damaged { detail } => {
                tr!(lang, "the Word document is damaged and cannot be read: {detail}", "Word 文档已损坏，无法读取：{detail}")
            }
            ImportMessage::Exists { path } => tr!(lang, "`{path}` already exists", "`{path}` 已存在"),
            ImportMessage::Skipped(part) => skipped_text(part, lang),
        }
    }
}

fn skipped_text(part: &SkippedPart, lang: Language) -> String {
    match part {
        SkippedPart::ImageFormat { format } => tr!(
            lang,
            "a picture in {format} format was left out: browsers do not show it",
            "一张 {format} 格式的图片未导入：浏览器无法显示这种格式"
        ),
        SkippedPart::ImageMissing => tr!(
            lang,
            "a picture was left out: it is linked from outside the document, not inserted in it",
            "一张图片未导入：它是链接到文档外的图片，没有插入文档中"
        ),
        SkippedPart::TextBox => tr!(lang, "a text box was left out", "一个文本框未导入"),
        SkippedPart::Equation => tr!(lang, "an equation was left out", "一个公式未导入"),
        SkippedPart::Object => {
            tr!(lang, "an embedded object (a chart, a diagram) was left out", "一个嵌入对象（图表、SmartArt 图形等）未导入")
        }
        SkippedPart::Link { target } => tr!(
            lang,
            "the link to `{target}` was left out (its text is kept): it is not a web address",
            "指向 `{target}` 的链接未导入（保留了文字）：它不是网址"
        ),
    }
}

impl ImportHint {
    /// The words in `lang`.
    pub fn text(&self, lang: Language) -> String {
        match self {
            ImportHint::SaveAsDocx => tr!(
                lang,
                "open it in Word or WPS, choose File → Save As, pick \"Word Document (*.docx)\", then import the .docx",
                "请用 Word 或 WPS 打开它，选择“文件 → 另存为”，保存类型选“Word 文档（*.docx）”，再导入这个 .docx 文件"
            ),
            ImportHint::Resave => tr!(
                lang,
                "the file may be incomplete (a download or a copy cut short): get it again, or open it in Word or WPS and save it again as .docx",
                "文件可能不完整（下载或复制时中断）：请重新获取，或用 Word 或 WPS 打开后重新另存为 .docx"
            ),
            ImportHint::ForceOrMove => tr!(
                lang,
                "nothing was written; add `--force` to replace it, or move it away first",
                "没有写入任何文件；如要替换它，请加 `--force`，或先把它移走"
            ),
            ImportHint::Skipped(SkippedPart::ImageFormat { .. }) => tr!(
                lang,
                "in Word, right-click the picture, choose \"Save as Picture\" as PNG or JPEG, put the file beside this one and add `![description](file.png)` here",
                "请在 Word 中右击该图片，选择“另存为图片”，存为 PNG 或 JPEG，放在本文件旁边，再在这里写 `![图片说明](文件名.png)`"
            ),
            ImportHint::Skipped(SkippedPart::ImageMissing) => tr!(
                lang,
                "insert the picture into the document itself (Insert → Picture), or add it here by hand",
                "请把图片真正插入文档（插入 → 图片），或在这里手工加入"
            ),
            ImportHint::Skipped(SkippedPart::TextBox | SkippedPart::Equation | SkippedPart::Object) => {
                tr!(lang, "copy its text here by hand if the page needs it", "如页面需要，请手工把其中的内容补写在这里")
            }
            ImportHint::Skipped(SkippedPart::Link { .. }) => tr!(
                lang,
                "link to a page of the site with `[text](@/reports/…md)`, or to a web address",
                "请改为链接本站页面（`[文字](@/reports/…md)`）或网址"
            ),
        }
    }
}

/// Why the `--root` folder is not a site (the detail of an `io` error).
pub fn not_a_site(lang: Language) -> String {
    tr!(lang, "it is not a site folder (no content/)", "这不是网站文件夹（没有 content/）")
}

/// A field of the front matter the writer still has to fill in, or a
/// photo still without its description.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ToFill {
    /// A front matter key (`participants`).
    Field(&'static str),
    /// The description (alt text) of the photo in this file.
    PhotoDescription(String),
}

impl ToFill {
    /// What to write, in `lang`.
    pub fn text(&self, lang: Language) -> String {
        match self {
            ToFill::Field(key) => {
                let what = field_meaning(key, lang);
                match lang {
                    Language::En => format!("`{key}` ({what})"),
                    Language::ZhCn => format!("`{key}`（{what}）"),
                }
            }
            ToFill::PhotoDescription(file) => {
                tr!(lang, "the description of photo `{file}` (`![description](…)`)", "照片 `{file}` 的图片说明（`![图片说明](…)`）")
            }
        }
    }
}

/// The meaning of a front matter key, for the list of what to fill in.
fn field_meaning(key: &str, lang: Language) -> &'static str {
    let (en, zh) = match key {
        "title" => ("the headline", "标题"),
        "date" => ("the activity's date, 2026-05-12", "活动日期，如 2026-05-12"),
        "region" => ("the region's id, chengdu", "所属区域的代号，如 chengdu"),
        "participants" => ("how many took part", "参与人数"),
        "mode" => ("the co-building mode, 活动共办", "共建方式，如 活动共办"),
        "hosts" => ("the host unit(s)", "主办单位"),
        "units" => ("the member units that took part", "参与的成员单位"),
        "lecturer" => ("the lecturer", "主讲人"),
        "audience" => ("how many listened", "听课人数"),
        "duration" => ("minutes", "时长（分钟）"),
        _ => ("", ""),
    };
    match lang {
        Language::En => en,
        Language::ZhCn => zh,
    }
}

/// What an import wrote and found, for the lines printed after it.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default)]
pub struct ImportSummary {
    /// The Word file, as given.
    pub source: String,
    /// The Markdown file written, relative to the site.
    pub written: String,
    /// A party class (else a report).
    pub class: bool,
    /// What was found: title, date (and as the text writes it), region,
    /// units, lecturer, author.
    pub title: Option<String>,
    pub date: Option<String>,
    pub date_as_written: Option<String>,
    pub region: Option<String>,
    pub units: Vec<String>,
    pub lecturer: Option<String>,
    pub author: Option<String>,
    /// A date without its year found in the text (`5月12日`), when no full date was.
    pub date_without_year: Option<String>,
    /// How many of each were imported.
    pub headings: usize,
    pub paragraphs: usize,
    pub list_items: usize,
    pub tables: usize,
    pub notes: usize,
    pub links: usize,
    /// The photo files written.
    pub photos: Vec<String>,
    /// What the writer still has to fill in.
    pub to_fill: Vec<ToFill>,
}

impl ImportSummary {
    /// The lines printed after an import, in `lang`.
    pub fn lines(&self, lang: Language) -> Vec<String> {
        let (source, written) = (&self.source, &self.written);
        let kind = match (self.class, lang) {
            (false, Language::En) => "report",
            (true, Language::En) => "party class",
            (false, Language::ZhCn) => "活动报道",
            (true, Language::ZhCn) => "党课",
        };
        let mut lines = vec![tr!(lang, "imported {source} as a {kind}: {written}", "已将 {source} 导入为{kind}：{written}")];
        let (h, p, l, t, n, k) = (self.headings, self.paragraphs, self.list_items, self.tables, self.notes, self.links);
        let photos = self.photos.len();
        lines.push(tr!(
            lang,
            "  body: {h} heading(s), {p} paragraph(s), {l} list item(s), {t} table(s), {n} footnote(s), {k} link(s), {photos} photo(s)",
            "  正文：小标题 {h} 个，段落 {p} 段，列表项 {l} 条，表格 {t} 个，脚注 {n} 条，链接 {k} 个，照片 {photos} 张"
        ));
        for photo in &self.photos {
            lines.push(tr!(lang, "  photo: {photo}", "  照片：{photo}"));
        }
        lines.extend(self.found_lines(lang));
        if self.to_fill.is_empty() {
            lines.push(tr!(
                lang,
                "nothing left to fill in; run `regionpress check`",
                "没有需要补填的内容；请运行 `regionpress check` 检查"
            ));
        } else {
            lines.push(tr!(
                lang,
                "still to fill in (`regionpress check` asks for them until they are):",
                "还需要补填（补齐之前 `regionpress check` 会一直提示）："
            ));
            lines.extend(self.to_fill.iter().map(|f| format!("  - {}", f.text(lang))));
        }
        lines
    }

    /// The front matter found in the text, a line each.
    fn found_lines(&self, lang: Language) -> Vec<String> {
        let mut lines = Vec::new();
        let mut found = |en: &str, zh: &str, value: &str| {
            lines.push(match lang {
                Language::En => format!("  {en}: {value}"),
                Language::ZhCn => format!("  {zh}：{value}"),
            })
        };
        if let Some(t) = &self.title {
            found("title", "标题", t);
        }
        match (&self.date, &self.date_as_written) {
            (Some(d), Some(w)) => found("date", "日期", &tr!(lang, "{d} (the text says {w})", "{d}（取自正文“{w}”）")),
            (Some(d), None) => found("date", "日期", d),
            _ => {}
        }
        if let Some(r) = &self.region {
            found("region", "区域", r);
        }
        if !self.units.is_empty() {
            let units = self.units.join(if lang == Language::ZhCn { "、" } else { ", " });
            found("units named in the text", "文中提到的成员单位", &units);
        }
        if let Some(l) = &self.lecturer {
            found("lecturer", "主讲人", l);
        }
        if let Some(a) = &self.author {
            found("author", "作者", a);
        }
        if let Some(md) = &self.date_without_year {
            lines.push(tr!(
                lang,
                "  the text says {md} without a year: give the date with `--date 2026-…` or fill in `date`",
                "  正文写的是“{md}”，没有年份：请用 `--date` 指定日期，或补填 `date`"
            ));
        }
        lines
    }
}
