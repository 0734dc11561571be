//! Word files written by hand, for what docx-rs does not write: Chinese
//! style names (`标题 1`), outline levels, Chinese list numbering,
//! pictures with a description or in EMF, `HYPERLINK` fields, tracked
//! changes, a line break in a table cell, a link to a local file.

use std::io::{Cursor, Write};

use super::docx::{self, Block, Inline, ItemKind};
use super::markdown;
use crate::messages::import::SkippedPart;

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture""#;

fn package(body: &str) -> Vec<u8> {
    let styles = format!(
        r#"<w:styles {W}>
  <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="1"><w:name w:val="标题 1"/><w:basedOn w:val="a"/><w:rPr><w:b/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="x"><w:name w:val="我的小标题"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
</w:styles>"#
    );
    let numbering = format!(
        r#"<w:numbering {W}>
  <w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>
  <w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"#
    );
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>
  <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image2.emf"/>
  <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="file:///C:/Users/a/b.xlsx" TargetMode="External"/>
</Relationships>"#;
    let mut png = Cursor::new(Vec::new());
    image::RgbImage::new(4, 3).write_to(&mut png, image::ImageFormat::Png).unwrap();
    let mut out = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default();
    let document = format!("<w:document {W}><w:body>{body}</w:body></w:document>");
    let parts: [(&str, &[u8]); 6] = [
        ("word/document.xml", document.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
        ("word/numbering.xml", numbering.as_bytes()),
        ("word/_rels/document.xml.rels", rels.as_bytes()),
        ("word/media/image1.png", png.get_ref()),
        ("word/media/image2.emf", b"\x01\x00\x00\x00 not a picture a browser shows"),
    ];
    for (name, bytes) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

fn drawing(rel: &str, descr: &str) -> String {
    format!(
        r#"<w:r><w:drawing><wp:inline><wp:docPr id="1" name="图片 1" descr="{descr}"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="{rel}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
    )
}

#[test]
fn chinese_styles_numbering_fields_and_pictures_are_read() {
    let body = [
        r#"<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>活动概况</w:t></w:r></w:p>"#.to_string(),
        r#"<w:p><w:pPr><w:pStyle w:val="x"/></w:pPr><w:r><w:t>现场观摩</w:t></w:r></w:p>"#.to_string(),
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>统一思想</w:t></w:r></w:p>"#.to_string(),
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>明确分工</w:t></w:r></w:p>"#.to_string(),
        format!("<w:p>{}{}</w:p>", drawing("rId1", "盾构井现场"), drawing("rId2", "")),
        r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "https://intranet.example/a" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>公司网站</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:ins><w:r><w:t>新增</w:t></w:r></w:ins><w:del><w:r><w:delText>删去</w:delText></w:r></w:del></w:p>"#.to_string(),
        r#"<w:p><w:hyperlink r:id="rId3"><w:r><w:t>附件表格</w:t></w:r></w:hyperlink></w:p>"#.to_string(),
        r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>a|b</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#.to_string(),
    ]
    .concat();
    let mut doc = docx::read(package(&body)).unwrap();
    let heading = |i: usize| match &doc.blocks[i] {
        Block::Para(p) => p.heading,
        _ => None,
    };
    assert_eq!((heading(0), heading(1)), (Some(1), Some(2)));
    let labels: Vec<ItemKind> =
        doc.blocks[2..4].iter().filter_map(|b| if let Block::Para(p) = b { p.list.clone().map(|l| l.kind) } else { None }).collect();
    assert_eq!(labels, [ItemKind::Label("一、".into()), ItemKind::Label("二、".into())]);
    let Block::Para(p) = &doc.blocks[4] else { panic!() };
    assert_eq!(p.inlines, [Inline::Image { media: 0, alt: "盾构井现场".into() }]);
    assert_eq!(doc.media.len(), 1);
    assert_eq!(
        doc.skipped,
        [(4, SkippedPart::ImageFormat { format: "EMF".into() }), (6, SkippedPart::Link { target: "file:///C:/Users/a/b.xlsx".into() })]
    );

    markdown::shift_headings(&mut doc);
    let body = markdown::write(&doc, &["a-1.png".to_string()]);
    let expected = "## 活动概况\n\n### 现场观摩\n\n一、统一思想\n\n二、明确分工\n\n![盾构井现场](a-1.png)\n\n[公司网站](https://intranet.example/a)新增\n\n附件表格\n\n| 甲 | 乙 |\n| --- | --- |\n| 第一行<br>第二行 | a\\|b |\n";
    assert_eq!(body.text, expected);
    assert_eq!(body.block_lines[4], 9);
}

#[test]
fn deep_nesting_is_cut_off_not_a_stack_overflow() {
    let depth = 20_000;
    let body = format!(
        "{}<w:p><w:r><w:t>深处</w:t></w:r></w:p>{}<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
        "<w:sdt><w:sdtContent>".repeat(depth),
        "</w:sdtContent></w:sdt>".repeat(depth)
    );
    let doc = docx::read(package(&body)).unwrap();
    assert_eq!(doc.blocks.len(), 1);
    assert_eq!(markdown::write(&doc, &[]).text, "正文\n");
}

#[test]
fn the_main_part_and_its_styles_are_found_by_their_relationships() {
    let root_rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document2.xml"/></Relationships>"#;
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles2.xml"/></Relationships>"#;
    let styles = format!(r#"<w:styles {W}><w:style w:type="paragraph" w:styleId="H"><w:name w:val="heading 2"/></w:style></w:styles>"#);
    let document = format!(
        r#"<w:document {W}><w:body><w:p><w:pPr><w:pStyle w:val="H"/></w:pPr><w:r><w:t>小标题</w:t></w:r></w:p></w:body></w:document>"#
    );
    let mut out = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let parts: [(&str, &str); 4] = [
        ("_rels/.rels", root_rels),
        ("word/document2.xml", &document),
        ("word/_rels/document2.xml.rels", rels),
        ("word/styles2.xml", &styles),
    ];
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    let doc = docx::read(out.into_inner()).unwrap();
    assert!(matches!(&doc.blocks[..], [Block::Para(p)] if p.heading == Some(2)), "{:?}", doc.blocks);
}
