//! A synthetic regional party-building site, for the benchmarks and the
//! scale tests.
//!
//! The corpus follows the content format in `docs/content-format.md`:
//! region profiles as YAML under `content/regions/`, activity reports and
//! party-class records as Markdown with YAML front matter under
//! `content/reports/` and `content/classes/`. Bodies mix paragraphs of
//! Chinese, headings, lists, tables, code blocks and `@/` links to other
//! reports; a few reports are featured or drafts, and three in ten reports
//! go to a few busy regions (a Pareto draw), the rest spread evenly.
//!
//! The native site also has regionpress's own records, so that their cost is
//! measured: `site.yaml` requires review, and about 98 in 100 reports and
//! classes are `review: 已审` (with `reviewed_by:`), the rest 待审 (with
//! `reviewer:`) or 初稿, so not published (a body's link to one moves to
//! the next published report); most reports name `hosts:` (one of their
//! `units`, sometimes two); about one published report in a hundred is a
//! 联席会's (`meeting:` with attendees and topics, one to three
//! `decisions:`), and later published reports of its region `advances:`
//! those decisions (推进中, then 已办结); problem records under
//! `content/problems/` (one per 100 pages, at least one per region); and,
//! per year, `content/assessments/<year>.yaml` (自评 and 组织考核 on the
//! default four criteria for every region, the award 先进区域 to the best
//! fifth) and `content/honours/<year>.yaml` (two to three honours a region,
//! at most 40, people, units and regions, some citing published reports).
//! These fields are drawn after all the others, from the same stream, so
//! the other fields keep the values they had before.
//!
//! [`Format::Hugo`] and [`Format::Zola`] write the same pages as a Hugo or
//! Zola site, so that a build of this project can be compared with those
//! tools on equal content: without those records, which they have no
//! equivalent of, and with a page not published by review marked as a
//! draft, so that all three publish the same reports and classes.
//!
//! The same options always give byte-identical files, on every platform:
//! every random choice comes from ChaCha8 seeded with `seed` (a stream that
//! `rand_chacha` documents as reproducible) through integer arithmetic only,
//! never through `usize`-width or floating-point sampling.
//!
//! This file is not part of the library: `bench/gen_corpus.rs` (the
//! `gen_corpus` example) runs it from the command line and the integration
//! tests include it (`tests/it/common/mod.rs`), so neither needs a second
//! process or another language.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use chrono::{Datelike, Days, NaiveDate};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

/// Which site generator the corpus is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// regionpress (`site.yaml`, `content/regions/`, `content/reports/`, `content/classes/`).
    Native,
    /// Hugo (`hugo.toml`, `layouts/`, front matter in YAML).
    Hugo,
    /// Zola (`config.toml`, `templates/`, front matter in TOML).
    Zola,
}

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    pub reports: usize,
    pub classes: usize,
    /// At least one; the first 24 are named after cities, the next ones
    /// after the same cities with a number.
    pub regions: usize,
    pub seed: u64,
    pub format: Format,
    /// One report in this many gets a photo (a synthetic phone
    /// JPEG with EXIF orientation and GPS); 0, the default, for none. The
    /// rest of the corpus is the same either way.
    pub photos_every: usize,
}

impl Default for Options {
    /// The benchmarks' 10k corpus.
    fn default() -> Options {
        Options { reports: 10_000, classes: 1_000, regions: 20, seed: 7, format: Format::Native, photos_every: 0 }
    }
}

/// Writes the corpus into `out`, which is deleted first if it exists.
pub fn generate(out: &Path, opts: &Options) -> io::Result<()> {
    if opts.regions == 0 {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "a corpus needs at least one region"));
    }
    if out.exists() {
        fs::remove_dir_all(out).map_err(at(out))?;
    }
    let corpus = plan(opts);
    match opts.format {
        Format::Native => write_native(out, &corpus)?,
        Format::Hugo => write_hugo(out, &corpus)?,
        Format::Zola => write_zola(out, &corpus)?,
    }
    if opts.photos_every > 0 && opts.format == Format::Native {
        write_photos(out, &corpus, opts)?;
    }
    Ok(())
}

const CITIES: [(&str, &str); 24] = [
    ("chengdu", "成都"),
    ("chongqing", "重庆"),
    ("guiyang", "贵阳"),
    ("kunming", "昆明"),
    ("xian", "西安"),
    ("lanzhou", "兰州"),
    ("changsha", "长沙"),
    ("wuhan", "武汉"),
    ("nanning", "南宁"),
    ("haikou", "海口"),
    ("fuzhou", "福州"),
    ("nanchang", "南昌"),
    ("hefei", "合肥"),
    ("zhengzhou", "郑州"),
    ("taiyuan", "太原"),
    ("shijiazhuang", "石家庄"),
    ("jinan", "济南"),
    ("hangzhou", "杭州"),
    ("nanjing", "南京"),
    ("xining", "西宁"),
    ("yinchuan", "银川"),
    ("lhasa", "拉萨"),
    ("urumqi", "乌鲁木齐"),
    ("hohhot", "呼和浩特"),
];
const MODES: [&str; 6] = ["组织共建", "资源共享", "干部共培", "作风共抓", "难题共解", "活动共办"];
/// Unit kinds with the suffix of a unit's name.
const UNIT_KINDS: [(&str, &str); 5] =
    [("project", "项目部"), ("company", "分公司"), ("government", "街道党工委"), ("owner", "建设指挥部"), ("supervisor", "监理站")];
const TAGS: [&str; 30] = [
    "安全生产",
    "主题党日",
    "质量管理",
    "党员先锋岗",
    "青年突击队",
    "志愿服务",
    "廉洁教育",
    "技术攻关",
    "联席会议",
    "党课",
    "红色教育",
    "扶贫帮困",
    "环境保护",
    "文明施工",
    "标准化",
    "劳动竞赛",
    "工会",
    "共青团",
    "党建品牌",
    "信息简报",
    "组织生活会",
    "三会一课",
    "民主评议",
    "业主共建",
    "地企共建",
    "平安工地",
    "创新工作室",
    "师带徒",
    "职工之家",
    "疫情防控",
];
const SUBJECTS: [&str; 13] = [
    "区域党建工作推进小组",
    "项目党支部",
    "公司党委",
    "各成员单位",
    "地方政府",
    "业主单位",
    "监理单位",
    "青年突击队",
    "党员先锋岗",
    "全体党员",
    "区域联席会",
    "工会小组",
    "共青团支部",
];
const VERBS: [&str; 12] = [
    "深入开展",
    "扎实推进",
    "积极组织",
    "认真落实",
    "持续深化",
    "统筹协调",
    "联合举办",
    "全面部署",
    "精心策划",
    "广泛动员",
    "系统总结",
    "着力破解",
];
const OBJECTS: [&str; 15] = [
    "区域化党建共建活动",
    "主题党日活动",
    "安全生产大检查",
    "党课学习",
    "资源共享机制",
    "干部交流培训",
    "作风建设专项行动",
    "技术难题攻关",
    "劳动竞赛",
    "志愿服务活动",
    "联席会议制度",
    "区域品牌创建工作",
    "信息简报编发",
    "考核评价机制",
    "党建联建活动",
];
const TAILS: [&str; 10] = [
    "取得明显成效",
    "进一步增强了区域共建意识",
    "有效促进了施工生产",
    "实现了资源共享共用",
    "提升了基层党组织的组织力",
    "营造了良好的共建氛围",
    "扩大了区域党建影响力",
    "为项目建设提供了坚强保证",
    "得到了业主和地方政府的充分肯定",
    "形成了互动互促的良好局面",
];
/// Fenced code blocks: language and text.
const CODE: [(&str, &str); 3] = [
    ("bash", "#!/bin/sh\n# 每周汇总各成员单位报送的活动台账\nfor f in reports/*.csv; do\n  wc -l \"$f\"\ndone\n"),
    (
        "python",
        "def coverage(units, active):\n    \"\"\"参与率 = 参与单位数 / 成员单位总数\"\"\"\n    return len(active) / max(len(units), 1)\n",
    ),
    ("yaml", "schedule:\n  - date: 2020-05-12\n    topic: 安全生产主题党日\n    units: [项目部, 监理站]\n"),
];
const SURNAMES: [&str; 6] = ["张", "王", "李", "赵", "刘", "陈"];
const GIVEN_NAMES: [&str; 6] = ["明", "华", "强", "伟", "芳", "军"];
const LECTURER_TITLES: [&str; 4] = ["项目党支部书记", "公司党委书记", "区域推进小组组长", "党委副书记"];
const DURATIONS: [usize; 4] = [45, 60, 90, 120];
const SITE_TITLE: &str = "区域化党建信息平台（基准测试）";
const BASE_URL: &str = "http://intranet.example/party/";
/// Dates fall in the three years from this one on.
const FIRST_YEAR: i32 = 2019;
const START: NaiveDate = match NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1) {
    Some(date) => date,
    None => panic!("the first day of a year is a date"),
};
/// Sections of the peer sites: folder and title.
const SECTIONS: [(&str, &str); 2] = [("reports", "活动报道"), ("classes", "党课")];

/// Random draws that every platform makes alike: only whole numbers from
/// the ChaCha8 stream, ranges by rejection (no modulo bias, no `usize`
/// width in the stream).
struct Rng(ChaCha8Rng);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(ChaCha8Rng::seed_from_u64(seed))
    }

    /// A whole number in `0..n`, `n > 0`.
    fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        // The largest multiple of n that fits: draws at or above it would
        // favour the small remainders.
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let x = self.0.next_u64();
            if x < zone {
                return (x % n) as usize;
            }
        }
    }

    /// A whole number in `low..=high`.
    fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    /// True with a chance of `percent` in a hundred.
    fn percent(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One of `items` (not empty).
    fn choice<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A copy of one of `items` (not empty).
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// `k` different items in random order (`k <= items.len()`).
    fn sample<T: Clone>(&mut self, items: &[T], k: usize) -> Vec<T> {
        let mut order: Vec<usize> = (0..items.len()).collect();
        for i in 0..k {
            let j = i + self.below(order.len() - i);
            order.swap(i, j);
        }
        order[..k].iter().map(|&i| items[i].clone()).collect()
    }

    /// `floor(X) - 1`, at most `last`, for X drawn from a Pareto
    /// distribution of shape 1.2 (`X = u^(-1/1.2)`, u uniform in (0, 1]):
    /// index k comes with a chance of about `(k + 1)^-1.2 - (k + 2)^-1.2`.
    /// In whole numbers, so that no platform's `powf` rounds differently:
    /// with u = n / 2^16 (n in 1..=2^16), floor(X) >= m exactly when
    /// n^5 * m^6 <= 2^80. m never passes 2^14 (then m^6 alone exceeds 2^80).
    fn pareto_index(&mut self, last: usize) -> usize {
        let n5 = (self.below(1 << 16) as u128 + 1).pow(5);
        let mut m: u128 = 1;
        while m <= last as u128 && n5.saturating_mul((m + 1).pow(6)) <= 1 << 80 {
            m += 1;
        }
        m as usize - 1
    }
}

struct Unit {
    name: String,
    kind: &'static str,
    members: usize,
}

struct Region {
    id: String,
    city: String,
    units: Vec<Unit>,
    color: String,
}

/// What only reports or only classes have.
enum Details {
    Report { mode: &'static str, units: Vec<String>, participants: usize, featured: bool, draft: bool },
    Class { lecturer: String, lecturer_title: &'static str, audience: usize, duration: usize },
}

/// A report or a class.
struct Doc {
    /// `reports` or `classes`.
    section: &'static str,
    /// The page's slug, also the file's name without `.md`.
    slug: String,
    title: String,
    date: NaiveDate,
    /// The region's id.
    region: String,
    tags: Vec<&'static str>,
    details: Details,
    /// The Markdown body without its last line, a link to another report.
    text: String,
    /// The report linked to, an index into [`Corpus::docs`].
    link: Option<usize>,
    /// Hosts, review, meeting and advances (native format only).
    extra: Extra,
}

/// A page's review state (`docs/content-format.md`, "Review before publishing").
#[derive(Clone, Default)]
enum Review {
    /// `review: 已审` with `reviewed_by:`.
    Approved(String),
    /// `review: 待审` with `reviewer:`.
    Pending(String),
    /// `review: 初稿`.
    #[default]
    Draft,
}

/// A meeting's report: `meeting:` and its `decisions:`.
struct Meeting {
    attendees: Vec<String>,
    topics: Vec<&'static str>,
    /// Title, responsible unit, deadline.
    decisions: Vec<(String, String, NaiveDate)>,
}

/// What only the native format has of a report or class: hosts, review,
/// a meeting and the decisions it advances.
#[derive(Default)]
struct Extra {
    hosts: Vec<String>,
    review: Review,
    meeting: Option<Meeting>,
    /// Decision ids, each with the status the report steps it to, if any.
    advances: Vec<(String, Option<&'static str>)>,
}

impl Doc {
    /// The source file's path under the section's folder.
    fn file(&self) -> String {
        format!("{}/{}.md", self.date.year(), self.slug)
    }

    fn draft(&self) -> bool {
        matches!(self.details, Details::Report { draft: true, .. })
    }

    /// Published: not a draft and approved (the native site requires review).
    fn published(&self) -> bool {
        !self.draft() && matches!(self.extra.review, Review::Approved(_))
    }

    /// Not published by the peer sites either, so that all build the same pages.
    fn withheld(&self) -> bool {
        !self.published()
    }

    /// The mode of work; a class has none, the peer sites file it under 党课.
    fn mode(&self) -> &'static str {
        match self.details {
            Details::Report { mode, .. } => mode,
            Details::Class { .. } => "党课",
        }
    }
}

/// Every region and page, decided once whatever the output format.
struct Corpus {
    regions: Vec<Region>,
    /// The reports, then the classes.
    docs: Vec<Doc>,
    /// Per year of the corpus, its assessment and honours.
    years: Vec<Year>,
}

fn plan(opts: &Options) -> Corpus {
    let mut rng = Rng::new(opts.seed);
    let regions: Vec<Region> = (0..opts.regions).map(|i| plan_region(&mut rng, i)).collect();
    let draw_date = |rng: &mut Rng| START + Days::new(rng.below(3 * 365) as u64);
    let mut docs = Vec::with_capacity(opts.reports + opts.classes);
    for i in 0..opts.reports {
        let region = if rng.percent(30) { &regions[rng.pareto_index(regions.len() - 1)] } else { rng.choice(&regions) };
        let date = draw_date(&mut rng);
        let title = format!("{}片区{}{}", region.city, rng.pick(&VERBS), rng.pick(&OBJECTS));
        let names: Vec<String> = region.units.iter().map(|u| u.name.clone()).collect();
        let count = rng.between(1, names.len().min(4));
        let details = Details::Report {
            units: rng.sample(&names, count),
            mode: rng.pick(&MODES),
            participants: rng.between(8, 300),
            featured: rng.percent(5),
            draft: rng.percent(1),
        };
        let count = rng.between(1, 4);
        let tags = rng.sample(&TAGS, count);
        let slug = format!("{date}-{i:05}");
        docs.push(Doc {
            section: "reports",
            slug,
            title,
            date,
            region: region.id.clone(),
            tags,
            details,
            text: String::new(),
            link: None,
            extra: Extra::default(),
        });
    }
    for i in 0..opts.classes {
        let region = rng.choice(&regions);
        let date = draw_date(&mut rng);
        let title = format!("专题党课：{}", rng.pick(&OBJECTS));
        let details = Details::Class {
            lecturer: format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN_NAMES)),
            lecturer_title: rng.pick(&LECTURER_TITLES),
            audience: rng.between(10, 200),
            duration: rng.pick(&DURATIONS),
        };
        let count = rng.between(1, 3);
        let tags = rng.sample(&TAGS, count);
        let slug = format!("{date}-class-{i:04}");
        docs.push(Doc {
            section: "classes",
            slug,
            title,
            date,
            region: region.id.clone(),
            tags,
            details,
            text: String::new(),
            link: None,
            extra: Extra::default(),
        });
    }
    let published: Vec<usize> = (0..opts.reports).filter(|&i| !docs[i].draft()).collect();
    for doc in &mut docs {
        doc.text = body(&mut rng);
        if !published.is_empty() && rng.percent(30) {
            doc.link = Some(rng.pick(&published));
        }
    }
    let mut corpus = Corpus { regions, docs, years: Vec::new() };
    plan_issue18(&mut rng, &mut corpus, opts.reports);
    corpus
}

/// Region `i`: 5 to 12 member units and a brand colour.
fn plan_region(rng: &mut Rng, i: usize) -> Region {
    let (id, city) = CITIES[i % CITIES.len()];
    let round = i / CITIES.len();
    let (id, city) =
        if round == 0 { (id.to_string(), city.to_string()) } else { (format!("{id}-{}", round + 1), format!("{city}{}", round + 1)) };
    let units = (0..rng.between(5, 12))
        .map(|j| {
            let (kind, suffix) = rng.pick(&UNIT_KINDS);
            Unit { name: format!("{city}{}号{suffix}", j + 1), kind, members: rng.between(3, 80) }
        })
        .collect();
    let color = format!("#{:02x}{:02x}{:02x}", rng.between(120, 220), rng.between(10, 60), rng.between(10, 60));
    Region { id, city, units, color }
}

/// The criteria of the default assessment, in order.
const CRITERIA: [&str; 4] = ["项目管控效益好", "市场开拓形象好", "工作联动效果好", "主题活动作用好"];
/// The default `honours.levels`, lowest first.
const LEVELS: [&str; 4] = ["公司级", "局级", "省部级", "国家级"];
const PERSON_HONOURS: [&str; 4] = ["优秀共产党员", "优秀党务工作者", "区域党建先进个人", "青年岗位能手"];
const UNIT_HONOURS: [&str; 3] = ["先进基层党组织", "区域共建先进单位", "党员先锋岗"];
const REGION_HONOURS: [&str; 2] = ["先进区域", "区域党建品牌示范片区"];
const POSTS: [&str; 5] = ["项目经理", "项目党支部书记", "项目总工程师", "安全总监", "党务干事"];
const MEETING_TOPICS: [&str; 5] = ["年度共建任务分解", "安全生产联防联控", "施工用地协调", "干部交流培训计划", "劳动竞赛方案"];

/// One honour of a year's file.
struct Honour {
    /// `person`, `unit` or `region`.
    kind: &'static str,
    region: usize,
    /// A person's name.
    name: Option<String>,
    post: Option<&'static str>,
    unit: Option<String>,
    honour: &'static str,
    level: &'static str,
    citation: Option<String>,
    /// Paths under `content/` of published reports of the region.
    reports: Vec<String>,
}

/// One year's assessment and honours.
struct Year {
    year: i32,
    /// Per region, per criterion: self-assessment and committee score.
    scores: Vec<[(usize, usize); 4]>,
    /// Per region, whether it gets the award 先进区域.
    awards: Vec<bool>,
    honours: Vec<Honour>,
}

/// The native-only fields, drawn after every earlier field so that those keep
/// their values: review states (links then move off pages not published),
/// hosts, meetings with decisions, reports advancing them, and per year
/// the assessment and the honours.
fn plan_issue18(rng: &mut Rng, corpus: &mut Corpus, reports: usize) {
    for doc in &mut corpus.docs {
        let name = |rng: &mut Rng| format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN_NAMES));
        doc.extra.review = match rng.below(100) {
            0 => Review::Pending(name(rng)),
            1 => Review::Draft,
            _ => Review::Approved(name(rng)),
        };
        if let Details::Report { units, .. } = &doc.details
            && rng.percent(85)
        {
            let count = if units.len() > 1 && rng.percent(15) { 2 } else { 1 };
            doc.extra.hosts = rng.sample(units, count);
        }
    }
    let published: Vec<usize> = (0..reports).filter(|&i| corpus.docs[i].published()).collect();
    for doc in &mut corpus.docs {
        // The next published report after the one drawn, if that is not.
        doc.link = doc.link.and_then(|i| published.iter().find(|&&p| p >= i).or(published.first()).copied());
    }
    plan_meetings(rng, corpus, &published);
    corpus.years = (FIRST_YEAR..FIRST_YEAR + 3).map(|year| plan_year(rng, corpus, &published, year)).collect();
}

/// About one published report in a hundred is a meeting's, with one to
/// three decisions; each decision is advanced by up to two later published
/// reports of its region (推进中, then 已办结 on a later day).
fn plan_meetings(rng: &mut Rng, corpus: &mut Corpus, published: &[usize]) {
    for &m in published {
        if !rng.percent(1) {
            continue;
        }
        let region = corpus.regions.iter().find(|r| r.id == corpus.docs[m].region).expect("a report's region is planned");
        let names: Vec<String> = region.units.iter().map(|u| u.name.clone()).collect();
        let count = rng.between(names.len().min(2), names.len().min(4));
        let attendees = rng.sample(&names, count);
        let count = rng.between(1, 2);
        let topics = rng.sample(&MEETING_TOPICS, count);
        let date = corpus.docs[m].date;
        let decisions: Vec<(String, String, NaiveDate)> = (0..rng.between(1, 3))
            .map(|_| {
                (
                    format!("{}{}", rng.pick(&VERBS), rng.pick(&OBJECTS)),
                    rng.choice(&names).clone(),
                    date + Days::new(rng.between(60, 180) as u64),
                )
            })
            .collect();
        let later: Vec<usize> =
            published.iter().copied().filter(|&i| corpus.docs[i].region == corpus.docs[m].region && corpus.docs[i].date > date).collect();
        for n in 1..=decisions.len() {
            let id = format!("{}-{n}", corpus.docs[m].slug);
            let count = rng.between(0, later.len().min(2));
            let mut steps = rng.sample(&later, count);
            steps.sort_by_key(|&i| (corpus.docs[i].date, i));
            let mut last = None;
            for (k, &i) in steps.iter().enumerate() {
                let day = corpus.docs[i].date;
                // 已办结 only on a later day than the 推进中 before it.
                let status = if k == 0 {
                    Some("推进中")
                } else if last < Some(day) {
                    Some("已办结")
                } else {
                    None
                };
                last = Some(day);
                corpus.docs[i].extra.advances.push((id.clone(), status));
            }
        }
        corpus.docs[m].extra.meeting = Some(Meeting { attendees, topics, decisions });
    }
}

/// A year's scores (自评 and 组织考核 for every region; the award to the
/// best fifth by the committee) and its honours (two to three a region, up
/// to 40), some citing published reports of their region and year.
fn plan_year(rng: &mut Rng, corpus: &Corpus, published: &[usize], year: i32) -> Year {
    let scores: Vec<[(usize, usize); 4]> = corpus
        .regions
        .iter()
        .map(|_| {
            [(); 4].map(|_| {
                let own = rng.between(75, 100);
                (own, own - rng.between(0, 8))
            })
        })
        .collect();
    let total = |i: usize| scores[i].iter().map(|s| s.1).sum::<usize>();
    let mut ranked: Vec<usize> = (0..scores.len()).collect();
    ranked.sort_by_key(|&i| (std::cmp::Reverse(total(i)), i));
    let mut awards = vec![false; scores.len()];
    for &i in ranked.iter().take((scores.len() / 5).max(1)) {
        awards[i] = true;
    }
    let count = rng.between(2 * corpus.regions.len(), 3 * corpus.regions.len()).min(40);
    let honours = (0..count).map(|_| plan_honour(rng, corpus, published, year)).collect();
    Year { year, scores, awards, honours }
}

fn plan_honour(rng: &mut Rng, corpus: &Corpus, published: &[usize], year: i32) -> Honour {
    let region = rng.below(corpus.regions.len());
    let r = &corpus.regions[region];
    let unit = rng.choice(&r.units).name.clone();
    // Most honours are the company's, a few the bureau's, seldom higher.
    let level = LEVELS[match rng.below(100) {
        0..60 => 0,
        60..88 => 1,
        88..98 => 2,
        _ => 3,
    }];
    let mut honour = match rng.below(10) {
        0 => Honour {
            kind: "region",
            region,
            name: None,
            post: None,
            unit: None,
            honour: rng.pick(&REGION_HONOURS),
            level,
            citation: None,
            reports: Vec::new(),
        },
        1..=3 => Honour {
            kind: "unit",
            region,
            name: None,
            post: None,
            unit: Some(unit),
            honour: rng.pick(&UNIT_HONOURS),
            level,
            citation: None,
            reports: Vec::new(),
        },
        _ => Honour {
            kind: "person",
            region,
            name: Some(format!("{}{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN_NAMES), rng.pick(&GIVEN_NAMES))),
            post: Some(rng.pick(&POSTS)),
            unit: Some(unit),
            honour: rng.pick(&PERSON_HONOURS),
            level,
            citation: None,
            reports: Vec::new(),
        },
    };
    if rng.percent(50) {
        honour.citation = Some(sentence(rng));
    }
    let stories: Vec<&Doc> = published.iter().map(|&i| &corpus.docs[i]).filter(|d| d.region == r.id && d.date.year() == year).collect();
    if !stories.is_empty() && rng.percent(40) {
        let count = rng.between(1, stories.len().min(2));
        honour.reports = rng.sample(&stories, count).iter().map(|d| format!("reports/{}", d.file())).collect();
    }
    honour
}

fn sentence(rng: &mut Rng) -> String {
    format!("{}{}{}，{}。", rng.pick(&SUBJECTS), rng.pick(&VERBS), rng.pick(&OBJECTS), rng.pick(&TAILS))
}

/// Three to nine paragraphs, some under a heading, then sometimes a list,
/// a table or a code block.
fn body(rng: &mut Rng) -> String {
    let mut parts = Vec::new();
    for i in 0..rng.between(3, 9) {
        if i > 0 && rng.percent(25) {
            parts.push(format!("## {}", rng.pick(&OBJECTS)));
        }
        parts.push((0..rng.between(2, 6)).map(|_| sentence(rng)).collect::<String>());
    }
    if rng.percent(20) {
        let items: Vec<String> = (0..rng.between(2, 5)).map(|_| format!("- {}{}", rng.pick(&VERBS), rng.pick(&OBJECTS))).collect();
        parts.push(items.join("\n"));
    }
    if rng.percent(10) {
        let mut table = String::from("| 单位 | 参加人数 | 共建方式 |\n|---|---:|---|");
        for _ in 0..rng.between(2, 6) {
            let _ = write!(table, "\n| {} | {} | {} |", rng.pick(&SUBJECTS), rng.between(5, 120), rng.pick(&MODES));
        }
        parts.push(table);
    }
    if rng.percent(5) {
        let (lang, code) = rng.pick(&CODE);
        parts.push(format!("```{lang}\n{code}```"));
    }
    parts.join("\n\n")
}

/// How a body links to another report.
#[derive(Clone, Copy)]
enum LinkStyle {
    /// `@/reports/<year>/<slug>.md`, resolved by regionpress and Zola.
    Source,
    /// The final URL `/reports/<slug>/` (Hugo).
    Url,
}

impl Corpus {
    /// A page's whole body: its text and, if it has one, the link line.
    fn body(&self, doc: &Doc, style: LinkStyle) -> String {
        let mut text = doc.text.clone();
        if let Some(target) = doc.link.map(|i| &self.docs[i]) {
            let _ = match style {
                LinkStyle::Source => write!(text, "\n\n相关阅读：[{}](@/{}/{})", target.title, target.section, target.file()),
                LinkStyle::Url => write!(text, "\n\n相关阅读：[{}](/{}/{}/)", target.title, target.section, target.slug),
            };
        }
        text.push('\n');
        text
    }
}

/// `[a, b]`, a YAML flow sequence of plain scalars.
fn yaml_list<S: AsRef<str>>(items: &[S]) -> String {
    format!("[{}]", items.iter().map(|s| s.as_ref()).collect::<Vec<_>>().join(", "))
}

/// `["a", "b"]`, a TOML array of strings (none of the words needs escaping).
fn toml_list<S: AsRef<str>>(items: &[S]) -> String {
    format!("[{}]", items.iter().map(|s| format!("\"{}\"", s.as_ref())).collect::<Vec<_>>().join(", "))
}

fn write_native(out: &Path, corpus: &Corpus) -> io::Result<()> {
    write(out, "site.yaml", &format!("title: {SITE_TITLE}\nbase_url: {BASE_URL}\nlanguage: zh-CN\nreview: {{ required: true }}\n"))?;
    for r in &corpus.regions {
        write(out, &format!("content/regions/{}.yaml", r.id), &region_profile(r))?;
    }
    for doc in &corpus.docs {
        let text = format!("---\n{}{}---\n\n{}", front_matter(doc), extra_front_matter(doc), corpus.body(doc, LinkStyle::Source));
        write(out, &format!("content/{}/{}", doc.section, doc.file()), &text)?;
    }
    write_problems(out, corpus)?;
    for year in &corpus.years {
        write(out, &format!("content/assessments/{}.yaml", year.year), &assessment(corpus, year))?;
        write(out, &format!("content/honours/{}.yaml", year.year), &honours(corpus, year))?;
    }
    Ok(())
}

/// A year's `content/assessments/<year>.yaml`: every region's self and
/// committee scores on the default criteria, and the awards.
fn assessment(corpus: &Corpus, year: &Year) -> String {
    let mut text = String::from("regions:\n");
    for (i, r) in corpus.regions.iter().enumerate() {
        let _ = writeln!(text, "  {}:", r.id);
        for (name, (own, committee)) in CRITERIA.iter().zip(year.scores[i]) {
            let _ = writeln!(text, "    {name}: {{ 自评: {own}, 组织考核: {committee} }}");
        }
        if year.awards[i] {
            text.push_str("    award: 先进区域\n");
        }
    }
    text
}

/// A year's `content/honours/<year>.yaml`.
fn honours(corpus: &Corpus, year: &Year) -> String {
    let mut text = format!("date: {}-06-30\nby: 路桥公司党委\nhonours:\n", year.year);
    for h in &year.honours {
        let _ = write!(text, "  - kind: {}\n    region: {}\n", h.kind, corpus.regions[h.region].id);
        let fields = [("name", h.name.as_deref()), ("post", h.post), ("unit", h.unit.as_deref())];
        for (key, value) in fields {
            if let Some(value) = value {
                let _ = writeln!(text, "    {key}: {value}");
            }
        }
        let _ = write!(text, "    honour: {}\n    level: {}\n", h.honour, h.level);
        if let Some(citation) = &h.citation {
            let _ = writeln!(text, "    citation: {citation}");
        }
        if !h.reports.is_empty() {
            let _ = writeln!(text, "    reports: {}", yaml_list(&h.reports));
        }
    }
    text
}

/// The native-only front matter lines: hosts, review, meeting, decisions, advances.
fn extra_front_matter(doc: &Doc) -> String {
    let x = &doc.extra;
    let mut fm = String::new();
    if !x.hosts.is_empty() {
        let _ = writeln!(fm, "hosts: {}", yaml_list(&x.hosts));
    }
    let _ = match &x.review {
        Review::Approved(by) => writeln!(fm, "review: 已审\nreviewed_by: {by}"),
        Review::Pending(reviewer) => writeln!(fm, "review: 待审\nreviewer: {reviewer}"),
        Review::Draft => writeln!(fm, "review: 初稿"),
    };
    if let Some(m) = &x.meeting {
        let _ = writeln!(
            fm,
            "meeting:\n  kind: 联席会\n  attendees: {}\n  topics: {}\ndecisions:",
            yaml_list(&m.attendees),
            yaml_list(&m.topics)
        );
        for (title, unit, deadline) in &m.decisions {
            let _ = writeln!(fm, "  - title: {title}\n    unit: {unit}\n    deadline: {deadline}");
        }
    }
    if !x.advances.is_empty() {
        fm.push_str("advances:\n");
        for (id, status) in &x.advances {
            let _ = match status {
                Some(status) => writeln!(fm, "  - {{ id: {id}, status: {status} }}"),
                None => writeln!(fm, "  - {id}"),
            };
        }
    }
    fm
}

/// Problems and decisions: one record per 100 reports (at
/// least one per region), spread over the regions, with histories in every
/// status; the responsible unit is one of the region's.
fn write_problems(out: &Path, corpus: &Corpus) -> io::Result<()> {
    const STEPS: [&str; 4] = ["提出", "认领", "推进中", "已办结"];
    let count = (corpus.docs.len() / 100).max(corpus.regions.len());
    for n in 0..count {
        let r = &corpus.regions[n % corpus.regions.len()];
        let Some(unit) = r.units.get(n % r.units.len().max(1)) else { continue };
        let raised = START + Days::new((n as u64 * 37) % (3 * 365));
        let mut text = format!(
            "title: {}片区第{}项共建难题协调\nregion: {}\nunit: {}\ndeadline: {}\nhistory:\n",
            r.city,
            n + 1,
            r.id,
            unit.name,
            raised + Days::new(90)
        );
        let shelved = n % 5 == 4;
        for (k, status) in STEPS.iter().take(if shelved { 2 } else { 1 + n % 4 }).enumerate() {
            let _ = writeln!(text, "  - {{ status: {status}, date: {}, note: 第{}步 }}", raised + Days::new(10 * k as u64), k + 1);
        }
        if shelved {
            let _ = writeln!(text, "  - {{ status: 搁置, date: {}, reason: 待业主明确方案 }}", raised + Days::new(30));
        }
        write(out, &format!("content/problems/{}-{}.yaml", r.id, n + 1), &text)?;
    }
    Ok(())
}

/// A report's or a class's YAML front matter, without its `---` lines
/// (`docs/content-format.md`).
fn front_matter(doc: &Doc) -> String {
    let mut fm = format!("title: {}\ndate: {}\nregion: {}\n", doc.title, doc.date, doc.region);
    let tags = yaml_list(&doc.tags);
    let _ = match &doc.details {
        Details::Report { mode, units, participants, featured, draft } => write!(
            fm,
            "mode: {mode}\nunits: {}\nparticipants: {participants}\ntags: {tags}\n{}{}",
            yaml_list(units),
            if *featured { "featured: true\n" } else { "" },
            if *draft { "draft: true\n" } else { "" }
        ),
        Details::Class { lecturer, lecturer_title, audience, duration } => {
            write!(fm, "lecturer: {lecturer}\nlecturer_title: {lecturer_title}\naudience: {audience}\nduration: {duration}\ntags: {tags}\n")
        }
    };
    fm
}

/// A region's YAML profile (`docs/content-format.md`, "Regions").
fn region_profile(r: &Region) -> String {
    let city = &r.city;
    let mut text = format!(
        "name: {city}片区\nleader: {city}片区推进小组组长\nestablished: 2019-01-01\n\
         summary: {city}片区坚持“六共模式”，打造区域党建品牌。\n\
         description: |\n  {city}片区由{}家成员单位组成。\n\
         brand:\n  name: {city}先锋\n  slogan: 一区域一特色，一区域一品牌\n  color: \"{}\"\n  feature: 党建+安全生产\nunits:\n",
        r.units.len(),
        r.color
    );
    for u in &r.units {
        let _ = write!(text, "  - name: {}\n    kind: {}\n    members: {}\n", u.name, u.kind, u.members);
    }
    text
}

fn write_hugo(out: &Path, corpus: &Corpus) -> io::Result<()> {
    let config = format!(
        "baseURL = '{BASE_URL}'\ntitle = '{SITE_TITLE}'\nlanguageCode = 'zh-cn'\nhasCJKLanguage = true\ndisableKinds = ['RSS']\n\
         [pagination]\npagerSize = 20\n[taxonomies]\ntag = 'tags'\nregion = 'regions'\nmode = 'modes'\n\
         [permalinks]\nreports = '/reports/:slug/'\nclasses = '/classes/:slug/'\n"
    );
    write(out, "hugo.toml", &config)?;
    for (name, text) in HUGO_LAYOUTS {
        write(out, &format!("layouts/{name}"), text)?;
    }
    for (section, title) in SECTIONS {
        write(out, &format!("content/{section}/_index.md"), &format!("---\ntitle: {title}\n---\n"))?;
    }
    for doc in &corpus.docs {
        let fm = format!(
            "---\ntitle: {}\ndate: {}\nslug: {}\ndraft: {}\nregions: [{}]\nmodes: [{}]\ntags: {}\n---\n\n",
            doc.title,
            doc.date,
            doc.slug,
            doc.withheld(),
            doc.region,
            doc.mode(),
            yaml_list(&doc.tags)
        );
        write(out, &format!("content/{}/{}", doc.section, doc.file()), &(fm + &corpus.body(doc, LinkStyle::Url)))?;
    }
    Ok(())
}

fn write_zola(out: &Path, corpus: &Corpus) -> io::Result<()> {
    let config = format!(
        "base_url = '{BASE_URL}'\ntitle = '{SITE_TITLE}'\ndefault_language = 'zh'\ngenerate_feeds = false\nbuild_search_index = false\n\
         taxonomies = [{{name = 'tags', paginate_by = 20}}, {{name = 'regions', paginate_by = 20}}, {{name = 'modes', paginate_by = 20}}]\n\
         [markdown]\n[markdown.highlighting]\ntheme = 'github-light'\n"
    );
    write(out, "config.toml", &config)?;
    for (name, text) in ZOLA_TEMPLATES {
        write(out, &format!("templates/{name}"), text)?;
    }
    for (section, title) in SECTIONS {
        let index = format!("+++\ntitle = \"{title}\"\nsort_by = \"date\"\npaginate_by = 20\ntransparent = false\n+++\n");
        write(out, &format!("content/{section}/_index.md"), &index)?;
        for year in FIRST_YEAR..FIRST_YEAR + 3 {
            let index = format!("+++\ntitle = \"{year}\"\ntransparent = true\nrender = false\n+++\n");
            write(out, &format!("content/{section}/{year}/_index.md"), &index)?;
        }
    }
    for doc in &corpus.docs {
        let fm = format!(
            "+++\ntitle = \"{}\"\ndate = {}\nslug = \"{}\"\ndraft = {}\n[taxonomies]\nregions = {}\nmodes = {}\ntags = {}\n+++\n\n",
            doc.title,
            doc.date,
            doc.slug,
            doc.withheld(),
            toml_list(&[&doc.region]),
            toml_list(&[doc.mode()]),
            toml_list(&doc.tags)
        );
        write(out, &format!("content/{}/{}", doc.section, doc.file()), &(fm + &corpus.body(doc, LinkStyle::Source)))?;
    }
    Ok(())
}

/// Writes `text` to `out/rel`, making its folder; an error names the file.
fn write(out: &Path, rel: &str, text: &str) -> io::Result<()> {
    let path = out.join(rel);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(at(dir))?;
    }
    fs::write(&path, text).map_err(at(&path))
}

/// Adds the path to an I/O error's message.
fn at(path: &Path) -> impl Fn(io::Error) -> io::Error + '_ {
    move |e| io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// Hugo's layouts: one page, lists, term lists and the home page.
const HUGO_LAYOUTS: [(&str, &str); 5] = [
    (
        "_default/baseof.html",
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }} · {{ .Site.Title }}</title></head>\n<body><nav><a href=\"/\">首页</a> <a href=\"/reports/\">活动报道</a> <a href=\"/classes/\">党课</a></nav>\n<main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    ),
    (
        "_default/single.html",
        "{{ define \"main\" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format \"2006-01-02\" }} · {{ range .Params.regions }}{{ . }}{{ end }} · {{ range .Params.modes }}{{ . }}{{ end }}</p>\n<ul>{{ range .Params.tags }}<li><a href=\"/tags/{{ . | urlize }}/\">{{ . }}</a></li>{{ end }}</ul>{{ .Content }}</article>{{ end }}\n",
    ),
    (
        "_default/list.html",
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range (.Paginate .Pages).Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Date.Format \"2006-01-02\" }}</li>{{ end }}</ul>{{ end }}\n",
    ),
    (
        "_default/terms.html",
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}\n",
    ),
    (
        "index.html",
        "{{ define \"main\" }}<h1>{{ .Site.Title }}</h1><ul>{{ range first 20 (where .Site.RegularPages \"Section\" \"reports\") }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    ),
];

/// Zola's templates, the same pages as Hugo's layouts.
const ZOLA_TEMPLATES: [(&str, &str); 6] = [
    (
        "base.html",
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{% block title %}{{ config.title }}{% endblock %}</title></head>\n<body><nav><a href=\"/\">首页</a> <a href=\"/reports/\">活动报道</a> <a href=\"/classes/\">党课</a></nav>\n<main>{% block main %}{% endblock %}</main></body></html>\n",
    ),
    (
        "page.html",
        "{% extends \"base.html\" %}{% block title %}{{ page.title }} · {{ config.title }}{% endblock %}{% block main %}<article><h1>{{ page.title }}</h1><p>{{ page.date }} · {{ page.taxonomies.regions | join(sep=\"\") }} · {{ page.taxonomies.modes | join(sep=\"\") }}</p>\n<ul>{% for t in page.taxonomies.tags %}<li><a href=\"{{ get_taxonomy_url(kind=\"tags\", name=t) }}\">{{ t }}</a></li>{% endfor %}</ul>{{ page.content | safe }}</article>{% endblock %}\n",
    ),
    (
        "section.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ section.title }}</h1><ul>{% for p in paginator.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a> {{ p.date }}</li>{% endfor %}</ul>{% endblock %}\n",
    ),
    (
        "index.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ config.title }}</h1>{% set s = get_section(path=\"reports/_index.md\") %}<ul>{% for p in s.pages | slice(end=20) %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}\n",
    ),
    (
        "taxonomy_list.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ taxonomy.name }}</h1><ul>{% for t in terms %}<li><a href=\"{{ t.permalink }}\">{{ t.name }}</a> ({{ t.page_count }})</li>{% endfor %}</ul>{% endblock %}\n",
    ),
    (
        "taxonomy_single.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ term.name }}</h1><ul>{% for p in paginator.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}\n",
    ),
];

// Photos. One report in `photos_every` gets a synthetic phone
// photo beside it, named in its body; drawn from the report's index and
// the seed alone (not from the corpus's random stream), so the rest of the
// corpus is unchanged and the same options give the same bytes.

/// The stored size of a corpus photo (5.2 megapixels, a phone's 4:3).
pub const PHOTO_SIZE: (u32, u32) = (2640, 1980);

/// Writes the photos and adds them to their reports' bodies.
fn write_photos(out: &Path, corpus: &Corpus, opts: &Options) -> io::Result<()> {
    let reports = corpus.docs.iter().enumerate().filter(|(_, d)| d.section == "reports");
    for (i, doc) in reports.filter(|(i, _)| i % opts.photos_every == 0) {
        let dir = out.join("content/reports").join(doc.date.year().to_string());
        let name = format!("{}-现场.jpg", doc.slug);
        // Every other photo is stored sideways, as phones store portraits.
        let orientation = if i % (2 * opts.photos_every) == 0 { 1 } else { 6 };
        let gps = (30.0 + (i % 97) as f64 / 50.0, 104.0 + (i % 89) as f64 / 40.0);
        fs::write(dir.join(&name), phone_jpeg(PHOTO_SIZE, opts.seed.wrapping_add(i as u64), orientation, gps)).map_err(at(&dir))?;
        let md = dir.join(format!("{}.md", doc.slug));
        let mut text = fs::read_to_string(&md).map_err(at(&md))?;
        let _ = write!(text, "\n\n![{}现场照片]({name})\n", doc.title);
        fs::write(&md, text).map_err(at(&md))?;
    }
    Ok(())
}

/// A JPEG of `size` (sky, ground and a red banner, coloured by `seed`)
/// with an EXIF segment of `orientation`, a camera make and the GPS
/// position `gps` (degrees north and east), as a phone writes it.
pub fn phone_jpeg(size: (u32, u32), seed: u64, orientation: u16, gps: (f64, f64)) -> Vec<u8> {
    let (w, h) = size;
    let tint = (seed % 40) as u8;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        if y < h / 2 {
            image::Rgb([150 + tint, 190, 230 - (y * 60 / h) as u8])
        } else if x > w / 4 && x < w * 3 / 4 && y < h * 5 / 8 {
            image::Rgb([200, 20 + tint, 30])
        } else {
            image::Rgb([110 + ((x / 37 + y / 23) % 7) as u8 * 6, 100 + tint, 90])
        }
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85).encode_image(&img).expect("encoding to memory");
    let mut out = jpeg[..2].to_vec();
    out.extend(exif_app1(orientation, gps));
    out.extend(&jpeg[2..]);
    out
}

/// An APP1 segment: little-endian TIFF with IFD0 (make, orientation, the
/// GPS IFD's offset) and a GPS IFD (latitude and longitude, N and E).
pub fn exif_app1(orientation: u16, (lat, lon): (f64, f64)) -> Vec<u8> {
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        t.extend(tag.to_le_bytes());
        t.extend(kind.to_le_bytes());
        t.extend(count.to_le_bytes());
        t.extend(value);
    };
    let make = b"RegionPhone\0";
    let make_at = 8 + 2 + 3 * 12 + 4;
    let gps_at = make_at + make.len() as u32;
    let lat_at = gps_at + 2 + 4 * 12 + 4;
    let mut t: Vec<u8> = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    t.extend(3u16.to_le_bytes());
    entry(&mut t, 0x010F, 2, make.len() as u32, make_at.to_le_bytes());
    let o = orientation.to_le_bytes();
    entry(&mut t, 0x0112, 3, 1, [o[0], o[1], 0, 0]);
    entry(&mut t, 0x8825, 4, 1, gps_at.to_le_bytes());
    t.extend(0u32.to_le_bytes());
    t.extend(make);
    t.extend(4u16.to_le_bytes());
    entry(&mut t, 1, 2, 2, *b"N\0\0\0");
    entry(&mut t, 2, 5, 3, lat_at.to_le_bytes());
    entry(&mut t, 3, 2, 2, *b"E\0\0\0");
    entry(&mut t, 4, 5, 3, (lat_at + 24).to_le_bytes());
    t.extend(0u32.to_le_bytes());
    for degrees in [lat, lon] {
        let minutes = degrees.fract() * 60.0;
        let parts = [(degrees.trunc() as u32, 1u32), (minutes.trunc() as u32, 1), ((minutes.fract() * 6000.0).round() as u32, 100)];
        for (n, d) in parts {
            t.extend(n.to_le_bytes());
            t.extend(d.to_le_bytes());
        }
    }
    let mut seg = vec![0xFF, 0xE1];
    seg.extend(((2 + 6 + t.len()) as u16).to_be_bytes());
    seg.extend(b"Exif\0\0");
    seg.extend(t);
    seg
}
