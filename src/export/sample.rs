//! Documents built by hand for the exports' tests: a realistic 简报 (every
//! part and every kind of block) and a page. Test-only.

use std::sync::Arc;

use crate::document::{Block, Colophon, Document, DocumentKind, Heading, Image, Inline, Item, Line, Masthead, Meta, Part};

fn text(s: &str) -> Inline {
    Inline::Text { text: s.to_string() }
}

fn para(s: &str) -> Block {
    Block::Paragraph { content: vec![text(s)] }
}

/// A small PNG (a red-to-gold gradient, 120 × 80 pixels).
pub fn sample_png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(120, 80, |x, y| image::Rgb([200, (x * 2) as u8, (y * 2) as u8]));
    let mut out = std::io::Cursor::new(Vec::new());
    // A PNG of an in-memory image always encodes.
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn first_item() -> Item {
    Item {
        title: "锦江片区召开区域化党建联席会议".into(),
        byline: "锦江片区 · 2026年4月2日 · 参与党员32人".into(),
        late: None,
        blocks: vec![
            para("4月2日，锦江片区召开区域化党建联席会议，8家成员单位党组织书记参加会议，共商共建项目。"),
            Block::Heading { level: 1, content: vec![text("会议议定事项")] },
            Block::List {
                ordered: true, start: 1, items: vec![vec![para("建立季度联席会议制度")], vec![para("共建“红色驿站”服务点3处")]]
            },
            Block::Paragraph {
                content: vec![
                    text("会议强调，"),
                    Inline::Strong { content: vec![text("要把共建项目落到实处")] },
                    text("，详见"),
                    Inline::Link { url: "https://example.org/reports/jinjiang/".into(), content: vec![text("会议纪要")] },
                    text("。"),
                ],
            },
        ],
    }
}

fn second_item() -> Item {
    Item {
        title: "青羊片区开展党员志愿服务活动".into(),
        byline: "青羊片区 · 2026年4月3日".into(),
        late: Some("补报".into()),
        blocks: vec![
            para("青羊片区组织党员志愿者走进社区，开展义诊、法律咨询等服务。"),
            Block::Table {
                header: vec![vec![text("服务项目")], vec![text("参与人数")]],
                rows: vec![vec![vec![text("义诊")], vec![text("18")]], vec![vec![text("法律咨询")], vec![text("6")]]],
            },
        ],
    }
}

fn third_item() -> Item {
    Item {
        title: "成华片区共建单位签约".into(),
        byline: "成华片区 · 2026年4月4日".into(),
        late: None,
        blocks: vec![
            para("成华片区5家单位签订区域化党建共建协议。"),
            Block::Image { key: "img-1.png".into(), alt: "签约现场".into(), caption: Some("签约仪式现场".into()) },
            Block::List { ordered: false, start: 1, items: vec![vec![para("共享活动阵地")], vec![para("共育党员骨干")]] },
        ],
    }
}

/// A bulletin issue with every part: marking, masthead, note, contents,
/// figures, two columns of items (headings, paragraphs, lists, a table,
/// an image, a link) and the 报尾.
pub fn sample_bulletin() -> Document {
    let items = [first_item(), second_item(), third_item()];
    Document {
        kind: DocumentKind::Bulletin,
        lang: "zh-CN".into(),
        meta: Meta {
            title: "成都区域信息简报 2026年第3期（总第12期）".into(),
            author: "中建某局成都区域党建工作推进小组办公室".into(),
            subject: "2026年第二季度".into(),
            keywords: vec!["组织共建".into(), "服务共享".into()],
            date: "2026-04-05".into(),
            url: "https://example.org/bulletins/chengdu/2026-q2/".into(),
        },
        marking: Some("内部资料 注意保存".into()),
        draft_mark: None,
        masthead: Some(Masthead {
            name: "成都区域信息简报".into(),
            number: "第3期（总第12期）".into(),
            unit: "中建某局成都区域党建工作推进小组办公室".into(),
            date: "2026年4月5日".into(),
        }),
        heading: None,
        parts: vec![
            Part::Note {
                title: "编者按".into(), blocks: vec![para("本期刊发各片区区域化党建工作动态，供各单位交流借鉴。")]
            },
            Part::Contents { title: "本期要目".into(), entries: items.iter().map(|i| i.title.clone()).collect() },
            Part::Figures {
                title: "本期数据".into(),
                rows: vec![("开展活动：".into(), "12次".into()), ("参与党员：".into(), "356人次".into())],
            },
            Part::Column { title: "组织共建".into(), items: items[..2].to_vec() },
            Part::Column { title: "服务共享".into(), items: items[2..].to_vec() },
        ],
        colophon: Some(Colophon {
            distribution: vec![
                Line { label: "报：".into(), text: "局党委".into() },
                Line { label: "送：".into(), text: "各片区牵头单位".into() },
                Line { label: "发：".into(), text: "各成员单位党组织".into() },
            ],
            copies: Some("共印40份".into()),
            signoff: vec!["编辑：王某".into(), "审核：李某".into(), "签发：张某".into()],
        }),
        images: vec![Image { key: "img-1.png".into(), size: Some((120, 80)), bytes: Arc::from(sample_png()) }],
    }
}

/// A report page: a title block and a body with a quote and code.
pub fn sample_page() -> Document {
    Document {
        kind: DocumentKind::Page,
        lang: "zh-CN".into(),
        meta: Meta {
            title: "区域化党建工作报告".into(),
            author: "成都区域党建工作推进小组".into(),
            subject: "2026年一季度工作总结".into(),
            keywords: vec!["工作报告".into()],
            date: "2026-03-31".into(),
            url: "https://example.org/reports/q1/".into(),
        },
        marking: None,
        draft_mark: None,
        masthead: None,
        heading: Some(Heading { title: "区域化党建工作报告".into(), lines: vec!["成都区域 · 2026年3月31日".into()] }),
        parts: vec![Part::Body {
            blocks: vec![
                Block::Heading { level: 1, content: vec![text("一、总体情况")] },
                para("一季度，区域内各单位共开展联建活动36次。"),
                Block::Quote { blocks: vec![para("党建引领，共建共享。")] },
                Block::Rule,
                Block::Code { text: "活动 36\n党员 512".into() },
            ],
        }],
        colophon: None,
        images: Vec::new(),
    }
}
