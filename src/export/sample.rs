//! Documents built by hand for the exports' tests: a realistic 简报 and a
//! page, each using every kind of part, block and inline once or more.

use std::sync::Arc;

use crate::document::{Block, Colophon, Document, DocumentKind, Heading, Image, Inline, Item, Line, Masthead, Meta, Part};

fn text(s: &str) -> Inline {
    Inline::Text { text: s.into() }
}

fn para(s: &str) -> Block {
    Block::Paragraph { content: vec![text(s)] }
}

/// A small PNG (a red band over a grey field), 240 × 160 pixels.
pub fn sample_png() -> Arc<[u8]> {
    let img = image::RgbImage::from_fn(240, 160, |_, y| if y < 40 { image::Rgb([200, 16, 16]) } else { image::Rgb([180, 180, 170]) });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner().into()
}

fn meta(title: &str, author: &str, subject: &str) -> Meta {
    Meta {
        title: title.into(),
        author: author.into(),
        subject: subject.into(),
        keywords: vec!["联建共建".into(), "成都".into()],
        date: "2026-04-05".into(),
        url: "https://example.org/bulletins/chengdu/2026-q2/".into(),
    }
}

fn first_column() -> Part {
    Part::Column {
        title: "联建共建".into(),
        items: vec![
            Item {
                title: "天府新区项目部与社区党委开展联学共建".into(),
                byline: "成都 · 2026年3月12日 · 天府新区项目部、华阳街道社区党委 · 参加36人".into(),
                late: None,
                blocks: vec![
                    Block::Paragraph {
                        content: vec![
                            text("3月12日，天府新区项目部党支部与华阳街道社区党委在项目部党员活动室开展"),
                            Inline::Strong { content: vec![text("“学思想、强党性”")] },
                            text("联学共建活动，双方围绕安全生产、民生服务等议题深入交流。"),
                        ],
                    },
                    Block::Heading { level: 1, content: vec![text("一、主要做法")] },
                    Block::List {
                        ordered: true,
                        start: 1,
                        items: vec![
                            vec![para("共建“红色工地”学习角，每月开展一次主题党日。")],
                            vec![para("组建党员志愿服务队，参与社区环境整治。")],
                        ],
                    },
                    Block::Image {
                        key: "img-1.png".into(), alt: "联学共建活动现场".into(), caption: Some("联学共建活动现场".into())
                    },
                ],
            },
            Item {
                title: "锦江区项目党建联盟签约".into(),
                byline: "成都 · 2026年3月20日 · 锦江区项目部".into(),
                late: Some("补报".into()),
                blocks: vec![
                    para("3月20日，锦江区五家参建单位签订党建联盟协议，明确联席会议、资源共享和考核评价机制。"),
                    Block::Quote { blocks: vec![para("把党建优势转化为项目建设的发展优势。")] },
                ],
            },
        ],
    }
}

fn second_column() -> Part {
    Part::Column {
        title: "志愿服务".into(),
        items: vec![
            Item {
                title: "“红色工匠”走进社区义务维修".into(),
                byline: "成都 · 2026年3月25日 · 高新区项目部 · 参加18人".into(),
                late: None,
                blocks: vec![
                    para("高新区项目部组织党员技术骨干走进社区，为居民义务维修水电设施。"),
                    Block::Table {
                        header: vec![vec![text("服务内容")], vec![text("户数")], vec![text("时长（小时）")]],
                        rows: vec![
                            vec![vec![text("水电维修")], vec![text("23")], vec![text("16")]],
                            vec![vec![text("燃气安全检查")], vec![text("41")], vec![text("12")]],
                        ],
                    },
                    Block::Paragraph {
                        content: vec![
                            text("详见"),
                            Inline::Link { url: "https://example.org/reports/repair/".into(), content: vec![text("活动报道")] },
                            text("。"),
                            Inline::Emph { content: vec![text("（项目部供稿）")] },
                        ],
                    },
                ],
            },
            Item {
                title: "青年突击队助力春耕".into(),
                byline: "成都 · 2026年3月28日 · 双流区项目部".into(),
                late: None,
                blocks: vec![
                    para("双流区项目部青年突击队走进田间地头，帮助农户抢抓农时。"),
                    Block::List {
                        ordered: false, start: 1, items: vec![vec![para("帮扶农户12户")], vec![para("清理沟渠800米")]]
                    },
                ],
            },
        ],
    }
}

/// A bulletin issue: marking, masthead, note, contents, figures, two
/// columns of two items (headings, paragraphs, lists, a quote, a table,
/// an image, a link), the 报尾.
pub fn sample_bulletin() -> Document {
    let name = "成都区域信息简报";
    let unit = "中建某局成都区域党建工作推进小组办公室";
    Document {
        kind: DocumentKind::Bulletin,
        lang: "zh-CN".into(),
        meta: meta(&format!("{name} 2026年第3期（总第12期）"), unit, "2026年第二季度"),
        marking: Some("内部资料 注意保存".into()),
        draft_mark: None,
        masthead: Some(Masthead {
            name: name.into(), number: "第3期（总第12期）".into(), unit: unit.into(), date: "2026年4月5日".into()
        }),
        headline: Some("以党建联建凝聚项目建设合力".into()),
        heading: None,
        parts: vec![
            Part::Note {
                title: "编者按".into(),
                blocks: vec![para(
                    "今年以来，成都区域各项目部坚持以党建引领项目建设，与属地街道、社区开展联建共建。现将近期工作摘编如下，供交流学习。",
                )],
            },
            Part::Contents {
                title: "本期要目".into(),
                entries: vec![
                    "天府新区项目部与社区党委开展联学共建".into(),
                    "锦江区项目党建联盟签约".into(),
                    "“红色工匠”走进社区义务维修".into(),
                    "青年突击队助力春耕".into(),
                ],
            },
            Part::Figures {
                title: "本期数据".into(),
                rows: vec![("活动".into(), "4次".into()), ("参与党员".into(), "54人".into()), ("共建单位".into(), "7家".into())],
            },
            first_column(),
            second_column(),
        ],
        colophon: Some(Colophon {
            distribution: vec![
                Line { label: "报：".into(), text: "局党委，局党委组织部".into() },
                Line { label: "送：".into(), text: "成都市委组织部，天府新区党工委".into() },
                Line { label: "发：".into(), text: "区域内各项目部党支部".into() },
            ],
            copies: Some("共印40份".into()),
            signoff: vec!["编辑：王某".into(), "审核：李某".into(), "签发：张某".into()],
        }),
        images: vec![Image { key: "img-1.png".into(), size: Some((240, 160)), bytes: sample_png() }],
    }
}

/// A page (a report): title block with lines, and a body.
pub fn sample_page() -> Document {
    Document {
        kind: DocumentKind::Page,
        lang: "zh-CN".into(),
        meta: meta("天府新区项目部与社区党委开展联学共建", "天府新区项目部", "联学共建活动纪实"),
        marking: None,
        draft_mark: None,
        masthead: None,
        headline: None,
        heading: Some(Heading {
            title: "天府新区项目部与社区党委开展联学共建".into(),
            lines: vec!["成都 · 2026年3月12日".into(), "天府新区项目部、华阳街道社区党委 · 参加36人".into()],
        }),
        parts: vec![Part::Body {
            blocks: vec![
                para("3月12日，天府新区项目部党支部与华阳街道社区党委开展联学共建活动。"),
                Block::Heading { level: 1, content: vec![text("活动内容")] },
                Block::Code { text: "议程：\n  1. 集中学习\n  2. 交流研讨".into() },
                Block::Rule,
                Block::Paragraph {
                    content: vec![
                        text("第一行"),
                        Inline::Break,
                        text("第二行"),
                        Inline::Sup { content: vec![text("1")] },
                        Inline::Strike { content: vec![text("删去")] },
                        Inline::Code { text: "x=1".into() },
                    ],
                },
            ],
        }],
        colophon: None,
        images: vec![],
    }
}
