//! The Word file's styles, fonts and list numbering: every paragraph of
//! the file names one of these styles, so an office that edits the file
//! changes a style once (the body font, the heading font) and the whole
//! bulletin follows. Heading styles carry outline levels, so Word's and
//! WPS's navigation pane lists the columns and items.
//!
//! Sizes are in half-points (`32` is 16 pt, 三号), lengths in twips
//! (1/20 pt; 1 mm ≈ 56.7 twips).

use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, IndentLevel, Level, LevelJc, LevelText, LineSpacing, LineSpacingType, NumberFormat, RunFonts,
    SpecialIndentType, Start, Style, StyleType,
};

/// Latin text and digits of every style.
pub(super) const LATIN: &str = "Times New Roman";
/// Body text: 仿宋_GB2312, the font of GB/T 9704 (`仿宋` where a PC lacks it).
pub(super) const FANGSONG: &str = "仿宋_GB2312";
/// Column headings and the marking: 黑体.
pub(super) const HEITI: &str = "黑体";
/// Item titles, bylines, quotations: 楷体_GB2312 (`楷体` where missing).
pub(super) const KAITI: &str = "楷体_GB2312";
/// The masthead name and a page's title: 方正小标宋简体 (`宋体` where missing).
pub(super) const XIAOBIAOSONG: &str = "方正小标宋简体";
/// Page numbers: 宋体 (GB/T 9704: 4号半角宋体阿拉伯数字).
pub(super) const SONGTI: &str = "宋体";
/// Code.
pub(super) const MONO: &str = "Courier New";

/// The fonts the file names, each with the font Word and WPS use when a PC
/// lacks it (`w:altName`), its character set (`86`: GB2312, `00`: ANSI)
/// and family: the font table written in `package::font_table`.
pub(super) const FONT_TABLE: &[(&str, Option<&str>, &str, &str)] = &[
    (LATIN, None, "00", "roman"),
    (MONO, None, "00", "modern"),
    (FANGSONG, Some("仿宋"), "86", "modern"),
    (HEITI, Some("SimHei"), "86", "modern"),
    (KAITI, Some("楷体"), "86", "modern"),
    (XIAOBIAOSONG, Some(SONGTI), "86", "roman"),
    (SONGTI, Some("SimSun"), "86", "auto"),
];

/// The red of the masthead and its rule (GB/T 9704 红色).
pub(super) const RED: &str = "E60012";

/// The text block's width: 210 mm less the margins, 156 mm.
pub(super) const TEXT_WIDTH_TWIPS: usize = 8845;

/// Abstract numbering of numbered lists (`1.`, then `(1)`, `①`…). Ids
/// from 2: docx-rs always writes an abstract numbering and a numbering
/// of id 1 of its own.
pub(super) const ORDERED: usize = 2;
/// Abstract numbering of bulleted lists.
pub(super) const BULLETED: usize = 3;

/// A font set: Latin in Times New Roman, Chinese in `east_asia`.
pub(super) fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new().ascii(LATIN).hi_ansi(LATIN).east_asia(east_asia).cs(LATIN)
}

/// Fixed line spacing (GB/T 9704 sets 22 lines of 三号 text on a page:
/// 28 pt lines).
fn exact(twips: i32) -> LineSpacing {
    LineSpacing::new().line_rule(LineSpacingType::Exact).line(twips)
}

/// Single line spacing, for paragraphs that hold pictures or large type,
/// which a fixed line height would clip.
pub(super) fn auto() -> LineSpacing {
    LineSpacing::new().line_rule(LineSpacingType::Auto).line(240)
}

fn paragraph(id: &str, name: &str) -> Style {
    Style::new(id, StyleType::Paragraph).name(name).based_on("Normal").next("BodyText").q_format(true)
}

/// A heading style: its outline level makes it a heading for the
/// navigation pane and the table of contents.
fn heading(level: usize, font: &str, align: AlignmentType) -> Style {
    let mut s = paragraph(&format!("Heading{level}"), &format!("heading {level}"))
        .fonts(fonts(font))
        .size(32)
        .align(align)
        .outline_lvl(level - 1)
        .line_spacing(exact(560).before(160).after(80));
    s.paragraph_property = s.paragraph_property.keep_next(true);
    s
}

/// The body's styles: text, headings and the parts of a body.
fn body_styles() -> Vec<Style> {
    vec![
        paragraph("BodyText", "Body Text")
            .align(AlignmentType::Both)
            .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
            .first_line_chars(200),
        heading(1, HEITI, AlignmentType::Left),
        heading(2, KAITI, AlignmentType::Center).bold(),
        heading(3, FANGSONG, AlignmentType::Left).bold(),
        heading(4, FANGSONG, AlignmentType::Left).bold(),
        heading(5, FANGSONG, AlignmentType::Left),
        heading(6, FANGSONG, AlignmentType::Left),
        paragraph("Byline", "Byline").fonts(fonts(KAITI)).size(28).align(AlignmentType::Center),
        paragraph("ListParagraph", "List Paragraph").align(AlignmentType::Both),
        paragraph("Quote", "Quote").fonts(fonts(KAITI)).align(AlignmentType::Both).indent(
            Some(640),
            Some(SpecialIndentType::FirstLine(640)),
            Some(640),
            None,
        ),
        paragraph("Code", "Code")
            .fonts(RunFonts::new().ascii(MONO).hi_ansi(MONO).east_asia(FANGSONG).cs(MONO))
            .size(21)
            .line_spacing(auto())
            .indent(Some(640), None, None, None),
        paragraph("Picture", "Picture").align(AlignmentType::Center).line_spacing(auto().before(120)),
        paragraph("Caption", "caption").fonts(fonts(KAITI)).size(28).align(AlignmentType::Center),
        paragraph("TableText", "Table Text").size(28).line_spacing(auto()),
        Style::new("Hyperlink", StyleType::Character).name("Hyperlink").color("0563C1").underline("single"),
    ]
}

/// The styles of the 报头, the page title, the parts and the 报尾.
fn bulletin_styles() -> Vec<Style> {
    vec![
        paragraph("Marking", "Marking").fonts(fonts(HEITI)),
        paragraph("DraftMark", "Draft Mark").fonts(fonts(HEITI)).bold().color(RED).align(AlignmentType::Center),
        paragraph("Masthead", "Masthead")
            .fonts(fonts(XIAOBIAOSONG))
            .size(100)
            .color(RED)
            .align(AlignmentType::Center)
            .line_spacing(auto().before(480).after(240)),
        paragraph("MastheadNumber", "Masthead Number").align(AlignmentType::Center),
        paragraph("MastheadLine", "Masthead Line").line_spacing(exact(560).after(480)),
        paragraph("Title", "Title")
            .fonts(fonts(XIAOBIAOSONG))
            .size(44)
            .align(AlignmentType::Center)
            .line_spacing(auto().before(240).after(240)),
        paragraph("Subtitle", "Subtitle").fonts(fonts(KAITI)).align(AlignmentType::Center),
        paragraph("PartTitle", "Part Title").fonts(fonts(HEITI)).line_spacing(exact(560).before(160)),
        paragraph("ContentsEntry", "Contents Entry").fonts(fonts(KAITI)),
        paragraph("Figure", "Figure Line").indent(Some(640), None, None, None),
        paragraph("Colophon", "Colophon").size(28).line_spacing(exact(480)).indent(Some(280), None, Some(280), None),
        paragraph("Footer", "footer").fonts(RunFonts::new().ascii(SONGTI).hi_ansi(SONGTI).east_asia(SONGTI)).size(28),
        paragraph("Header", "header").line_spacing(auto()),
    ]
}

/// The numbering of lists: numbered lists count `1.`, `(1)`, `①` by
/// depth, bulleted lists use `●`, `○`, `▪`; each level indents by two
/// characters, the number hanging.
fn numberings(docx: Docx) -> Docx {
    let mut ordered = AbstractNumbering::new(ORDERED);
    let mut bulleted = AbstractNumbering::new(BULLETED);
    for level in 0..9 {
        let (format, text) = match level % 3 {
            0 => ("decimal", format!("%{}.", level + 1)),
            1 => ("decimal", format!("(%{})", level + 1)),
            _ => ("decimalEnclosedCircleChinese", format!("%{}", level + 1)),
        };
        let bullet = ["●", "○", "▪"][level % 3];
        let left = 640 * (level as i32 + 1) + 480;
        let indent = |l: Level| l.indent(Some(left), Some(SpecialIndentType::Hanging(480)), None, None);
        ordered = ordered.add_level(indent(Level::new(
            level,
            Start::new(1),
            NumberFormat::new(format),
            LevelText::new(text),
            LevelJc::new("left"),
        )));
        bulleted = bulleted.add_level(indent(Level::new(
            level,
            Start::new(1),
            NumberFormat::new("bullet"),
            LevelText::new(bullet),
            LevelJc::new("left"),
        )));
    }
    docx.add_abstract_numbering(ordered).add_abstract_numbering(bulleted)
}

/// `docx` with the styles and list numberings of every export.
pub(super) fn install(mut docx: Docx) -> Docx {
    let ours: Vec<Style> = body_styles().into_iter().chain(bulletin_styles()).collect();
    docx.styles.styles.retain(|s| !ours.iter().any(|o| o.style_id == s.style_id));
    let docx = ours.into_iter().fold(docx, Docx::add_style);
    // docx-rs always writes an empty `Normal` style: the body's font, size
    // and fixed line height are the document defaults, which it inherits.
    numberings(docx.default_fonts(fonts(FANGSONG)).default_size(32).default_line_spacing(exact(560)))
}

/// The list level of a nesting depth (Word has nine).
pub(super) fn list_level(depth: usize) -> IndentLevel {
    IndentLevel::new(depth.min(8))
}
