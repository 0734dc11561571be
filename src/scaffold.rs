//! `regionpress init` and `regionpress new`: starting a site, and adding a
//! report, class, meeting, bulletin note, problem record or region from a
//! template written in the site's language. Every place to fill in is a
//! fill-in mark (`【请填写：…】`) or a value `check` refuses until it is
//! replaced (`content::unfinished`), so nothing unfinished is published.
//!
//! Nothing here overwrites a file: every command refuses when its target exists.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;

use crate::config::BulletinPeriod;
use crate::content::unfinished::{example_unit, fill_in_mark};
use crate::language::Language;
use crate::messages::cli::Say;
use crate::period::{Period, month_of};
use crate::slug::{is_ascii_id, slugify};

/// A file name slug from a title: transliterated, at most about 60 characters,
/// cut at a word boundary.
pub fn file_slug(title: &str) -> String {
    let full = slugify(title);
    if full.len() <= 60 {
        return if full.is_empty() { "untitled".into() } else { full };
    }
    let mut out = String::new();
    for word in full.split('-') {
        if !out.is_empty() && out.len() + 1 + word.len() > 60 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    out
}

fn write_new(path: &Path, text: &str, lang: Language) -> Result<()> {
    let shown = path.display().to_string();
    if path.exists() {
        bail!(Say::Exists { path: shown }.text(lang));
    }
    let failed =
        |e: std::io::Error| anyhow!(Say::CannotWrite { path: shown.clone(), why: crate::messages::cli::io_reason(&e, lang) }.text(lang));
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(failed)?;
    }
    fs::write(path, text).map_err(failed)
}

/// YAML string literal (always double-quoted, escaped).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

/// The region ids of a site (file stems under content/regions/), sorted.
pub fn region_ids(root: &Path) -> Vec<String> {
    let mut ids: Vec<String> = fs::read_dir(root.join("content/regions"))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.strip_suffix(".yaml").or_else(|| name.strip_suffix(".yml")).map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    ids
}

fn check_region(root: &Path, region: &str, lang: Language) -> Result<()> {
    let ids = region_ids(root);
    if !ids.iter().any(|i| i == region) {
        if ids.is_empty() {
            bail!(Say::NoRegionYet { region: region.into() }.text(lang));
        }
        let near = crate::diagnostics::nearest(region, ids.iter().map(String::as_str)).first().map(|n| n.to_string());
        bail!(Say::UnknownRegion { region: region.into(), near, known: ids.join(", ") }.text(lang));
    }
    Ok(())
}

/// `content/<section>/<year>/<date>-<slug>.md` for a new document.
fn dated_path(root: &Path, section: &str, title: &str, today: NaiveDate) -> PathBuf {
    root.join("content").join(section).join(today.format("%Y").to_string()).join(format!(
        "{}-{}.md",
        today.format("%Y-%m-%d"),
        file_slug(title)
    ))
}

/// What the templates are written in: the site's language (its comments
/// and fill-in marks are read by the site's writers), and whether the site
/// publishes only reviewed content.
struct Site {
    english: bool,
    review: bool,
    period: BulletinPeriod,
}

impl Site {
    fn of(root: &Path) -> Site {
        let (config, _) = crate::config::SiteConfig::load(root, &mut crate::diagnostics::Diagnostics::default());
        Site { english: config.language == Language::En, review: config.review.required, period: config.bulletin_period }
    }

    /// Chinese or English words.
    fn say<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        if self.english { en } else { zh }
    }

    /// A fill-in mark (`【请填写：…】`).
    fn fill(&self, zh: &str, en: &str) -> String {
        fill_in_mark(zh, en, self.english)
    }

    /// The review lines of a new report or class: it starts as
    /// 初稿 when the site publishes only reviewed content, else nothing.
    fn review_lines(&self) -> &'static str {
        match (self.review, self.english) {
            (false, _) => "",
            (true, false) => {
                "review: 初稿            # 审核状态：初稿 → 待审 → 已审；已审的才会发布\nreviewer:              # 审核人，如 王强\n"
            }
            (true, true) => {
                "review: 初稿            # 初稿 → 待审 → 已审; published once 已审\nreviewer:              # who is to review it, e.g. 王强\n"
            }
        }
    }

    /// The head of a new report or meeting: title to `tags`.
    fn report_head(&self, title: &str, region: &str, today: NaiveDate) -> String {
        let date = today.format("%Y-%m-%d");
        let lines = [
            self.say(
                "# 活动报道：把所有标着“请填写”的地方换成实际内容；# 后面是说明，可以保留",
                "# An activity report: replace every “fill in” part; what follows # is a comment",
            ),
            &format!("title: {}", quoted(title)),
            &format!(
                "date: {date}            {}",
                self.say("# 活动日期，写成 2026-05-12 这样", "# the day of the activity, as 2026-05-12")
            ),
            &format!("region: {region}"),
            &format!(
                "mode: 活动共办          {}",
                self.say(
                    "# 共建方式：组织共建、资源共享、干部共培、作风共抓、难题共解、活动共办",
                    "# 组织共建 资源共享 干部共培 作风共抓 难题共解 活动共办"
                )
            ),
            &format!(
                "hosts: []              {}",
                self.say(
                    "# 主办单位，如 [成都1号项目部]，与区域文件里的成员单位名称一字不差",
                    "# the host unit(s), e.g. [成都1号项目部], spelled as in the region file"
                )
            ),
            &format!(
                "units: []              {}",
                self.say("# 参加的其他成员单位，如 [成都监理站]", "# the other member units that took part, e.g. [成都监理站]")
            ),
            &format!("participants: 0        {}", self.say("# 参加人数", "# how many people took part")),
            &format!("tags: []               {}", self.say("# 标签，如 [主题党日, 安全生产]", "# tags, e.g. [主题党日]")),
            &format!("author:                {}", self.say("# 作者或供稿单位", "# the writer or issuing office")),
        ];
        lines.join("\n") + "\n"
    }
}

/// Writes a new activity report; returns its path.
pub fn new_report(root: &Path, region: &str, title: &str, today: NaiveDate, lang: Language) -> Result<PathBuf> {
    check_region(root, region, lang)?;
    let site = Site::of(root);
    let path = dated_path(root, "reports", title, today);
    let text = format!(
        "---\n{}{}---\n\n{}\n\n## {}\n\n{}\n",
        site.report_head(title, region, today),
        site.review_lines(),
        site.fill(
            "第一段写时间、地点、哪些单位参加、做了什么；这一段会作为摘要",
            "the first paragraph: when, where, which units, what was done; it is the summary"
        ),
        site.fill("小标题，如“现场观摩”", "a heading, e.g. 现场观摩"),
        site.fill("活动的内容和成效", "what the activity achieved"),
    );
    write_new(&path, &text, lang)?;
    Ok(path)
}

/// Writes a new report of a meeting with a decision to fill in; returns its path.
pub fn new_meeting(root: &Path, region: &str, title: &str, today: NaiveDate, lang: Language) -> Result<PathBuf> {
    check_region(root, region, lang)?;
    let site = Site::of(root);
    let path = dated_path(root, "reports", title, today);
    let meeting = [
        "meeting:".to_string(),
        format!("  kind: 联席会           {}", site.say("# 会议类型：联席会、现场推进会……", "# 联席会, 现场推进会, …")),
        format!("  attendees: []         {}", site.say("# 出席单位，如 [成都1号项目部, 成都监理站]", "# the units attending")),
        format!("  topics: []            {}", site.say("# 议题，如 [2026年共建任务]", "# the topics")),
        site.say(
            "decisions:             # 会议决定的事项，每项都会成为一条跟踪记录",
            "decisions:             # what the meeting decided: each becomes a record",
        )
        .to_string(),
        format!(
            "  - title: {}",
            quoted(&site.fill("决定事项；没有就删去 decisions 这几行", "a decision; none: delete these decisions lines"))
        ),
        format!("    # unit: {}", site.say("责任单位（本区域成员单位的全称）", "the responsible member unit")),
        format!("    # deadline: {}   {}", today.format("%Y-12-31"), site.say("# 办结时限", "# the deadline")),
    ];
    let text = format!(
        "---\n{}{}\n{}---\n\n{}\n",
        site.report_head(title, region, today).replacen("mode: 活动共办", "mode: 组织共建", 1),
        meeting.join("\n"),
        site.review_lines(),
        site.fill("会议的经过：时间、地点、出席单位、议定的事项", "the meeting: when, where, who attended, what it decided"),
    );
    write_new(&path, &text, lang)?;
    Ok(path)
}

/// Writes a new party class; returns its path.
pub fn new_class(root: &Path, region: &str, lecturer: &str, title: &str, today: NaiveDate, lang: Language) -> Result<PathBuf> {
    check_region(root, region, lang)?;
    let site = Site::of(root);
    let path = dated_path(root, "classes", title, today);
    let lines = [
        site.say(
            "# 党课：把所有标着“请填写”的地方换成实际内容；# 后面是说明，可以保留",
            "# A party class: replace every “fill in” part; what follows # is a comment",
        )
        .to_string(),
        format!("title: {}", quoted(title)),
        format!("date: {}", today.format("%Y-%m-%d")),
        format!("region: {region}"),
        format!("lecturer: {}", quoted(lecturer)),
        format!("lecturer_title:         {}", site.say("# 主讲人职务，如 片区推进小组组长", "# the lecturer's position")),
        format!("audience: 0             {}", site.say("# 听课人数", "# how many attended")),
        format!("duration: 60            {}", site.say("# 时长（分钟）", "# minutes")),
        "tags: [党课]".to_string(),
        format!(
            "materials: []           {}",
            site.say("# 课件等附件，如 - { title: 课件, file: slides.pdf }", "# e.g. - { title: 课件, file: slides.pdf }")
        ),
    ];
    let text = format!(
        "---\n{}\n{}---\n\n## {}\n\n{}\n",
        lines.join("\n"),
        site.review_lines(),
        site.say("党课提纲", "Outline"),
        site.fill("党课的提纲和要点", "the outline and main points of the class")
    );
    write_new(&path, &text, lang)?;
    Ok(path)
}

/// Writes the editor's note of a bulletin issue (`period`, default the
/// current one); returns its path.
pub fn new_note(root: &Path, region: &str, period: Option<&str>, today: NaiveDate, lang: Language) -> Result<PathBuf> {
    if region != crate::url_scheme::COMPANY_SERIES {
        check_region(root, region, lang)?;
    }
    let site = Site::of(root);
    let period = match period {
        Some(p) => Period::parse(p)
            .filter(|_| p == p.to_ascii_lowercase())
            .ok_or_else(|| anyhow!(Say::BadPeriod { period: p.into() }.text(lang)))?,
        None => Period::containing(month_of(today), site.period),
    };
    let path = root.join("content/bulletins").join(region).join(format!("{}.md", period.slug()));
    let text = format!(
        "---\n{}\ntitle: {}\neditor: {}\n---\n\n{}\n",
        site.say("# 简报编者按：把所有标着“请填写”的地方换成实际内容", "# A bulletin's editor's note: replace every “fill in” part"),
        quoted(&site.fill("本期简报的主题，印在报头下方", "the issue's headline, under the masthead")),
        quoted(&site.fill("责任编辑", "the responsible editor")),
        site.fill("编者按正文", "the note itself")
    );
    write_new(&path, &text, lang)?;
    Ok(path)
}

/// Writes a new problem record; returns its path.
pub fn new_problem(root: &Path, region: &str, id: &str, today: NaiveDate, lang: Language) -> Result<PathBuf> {
    if !is_ascii_id(id) {
        bail!(Say::BadId { id: id.into() }.text(lang));
    }
    check_region(root, region, lang)?;
    let site = Site::of(root);
    let path = root.join("content/problems").join(format!("{id}.yaml"));
    let lines = [
        site.say(
            "# 难题记录：把所有标着“请填写”的地方换成实际内容；# 后面是说明，可以保留",
            "# A problem record: replace every “fill in” part; what follows # is a comment",
        )
        .to_string(),
        format!("title: {}", quoted(&site.fill("难题是什么", "what the problem is"))),
        "description: |".to_string(),
        format!("  {}", site.fill("难题的情况", "the situation")),
        format!("region: {region}"),
        format!("raised_by: {}", quoted(&site.fill("提出难题的单位或个人", "who raised it"))),
        format!("# unit: {}", site.say("责任单位（本区域成员单位的全称）", "the responsible member unit")),
        format!("# deadline: {}   {}", today.format("%Y-12-31"), site.say("# 办结时限", "# the deadline")),
        "history:".to_string(),
        format!(
            "  - status: 提出          {}",
            site.say("# 之后依次是 认领、推进中、已办结（或 搁置，并写 reason）", "# then 认领, 推进中, 已办结 (or 搁置 with a reason)")
        ),
        format!("    date: {}", today.format("%Y-%m-%d")),
    ];
    write_new(&path, &(lines.join("\n") + "\n"), lang)?;
    Ok(path)
}

/// Writes a new region profile; returns its path.
pub fn new_region(root: &Path, id: &str, today: NaiveDate, lang: Language) -> Result<PathBuf> {
    if !is_ascii_id(id) {
        bail!(Say::BadId { id: id.into() }.text(lang));
    }
    if crate::url_scheme::is_reserved_region_id(id) {
        bail!(Say::ReservedId { id: id.into(), series: crate::url_scheme::COMPANY_SERIES.into() }.text(lang));
    }
    let site = Site::of(root);
    let path = root.join("content/regions").join(format!("{id}.yaml"));
    let lines = [
        site.say(
            "# 区域档案：把标识、示例和标着“请填写”的地方换成实际内容；# 后面是说明，可以保留",
            "# A region: replace the id, the examples and every [fill in: …]; what follows # is a comment",
        )
        .to_string(),
        format!("name: {id}               {}", site.say("# 区域名称，如 昆明片区", "# the region's name, e.g. 昆明片区")),
        format!("short_name: {id}         {}", site.say("# 简称，如 昆明", "# short name, e.g. 昆明")),
        format!("leader:                  {}", site.say("# 推进小组组长", "# head of the promotion group")),
        format!("established: {}", today.format("%Y-%m-%d")),
        "order: 10".to_string(),
        format!("summary: {}", quoted(&site.fill("一句话介绍，显示在区域卡片上", "one sentence, shown on the region's card"))),
        "description: |".to_string(),
        format!("  {}", site.fill("区域简介", "the region's introduction")),
        "brand:".to_string(),
        format!("  name:                  {}", site.say("# 品牌名称，如 蓉城先锋", "# the brand's name, e.g. 蓉城先锋")),
        format!("  slogan:                {}", site.say("# 口号", "# slogan")),
        format!("  feature:               {}", site.say("# 特色，如 党建+安全生产", "# feature, e.g. 党建+安全生产")),
        "  color: \"#b71c1c\"".to_string(),
        "units:".to_string(),
        format!("  - name: {}    {}", example_unit(id), site.say("# 成员单位全称", "# the member unit's full name")),
        format!(
            "    kind: project        {}",
            site.say(
                "# project 项目部 | company 分公司 | government 街道/乡镇党组织 | owner 业主 | supervisor 监理 | other 其他",
                "# project | company | government | owner | supervisor | other"
            )
        ),
        format!("    members: 0           {}", site.say("# 党员人数", "# party members")),
    ];
    write_new(&path, &(lines.join("\n") + "\n"), lang)?;
    Ok(path)
}

/// Creates a new site in `dir` (which must not exist or be empty).
pub fn init(dir: &Path, today: NaiveDate, lang: Language) -> Result<()> {
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(|e| {
            anyhow!(Say::CannotWrite { path: dir.display().to_string(), why: crate::messages::cli::io_reason(&e, lang) }.text(lang))
        })?;
        if entries.next().is_some() {
            bail!(Say::NotEmpty { dir: dir.display().to_string() }.text(lang));
        }
    }
    let date = today.format("%Y-%m-%d");
    write_new(
        &dir.join("site.yaml"),
        "title: 区域化党建信息平台\ndescription: 区域信息简报、区域党课与“一区域一品牌”展示\nbase_url: https://intranet.example/\nlanguage: zh-CN\npaginate_by: 20\nbulletin_period: month\n# 只发布标有 `review: 已审` 的内容（build --drafts 和 serve 也显示其余的）。\nreview:\n  required: true\n",
        lang,
    )?;
    write_new(
        &dir.join("content/regions/chengdu.yaml"),
        &format!(
            "name: 成都片区\nshort_name: 成都\nleader: 张明\nestablished: {date}\norder: 1\nsummary: 以党建联建促进项目建设。\ndescription: |\n  成都片区由项目部、监理站和属地街道党工委组成，围绕“六共”模式开展区域化党建。\nbrand:\n  name: 蓉城先锋\n  slogan: 一区域一特色，一区域一品牌\n  feature: 党建+安全生产\n  color: \"#b71c1c\"\nunits:\n  - name: 成都1号项目部\n    kind: project\n    members: 35\n  - name: 成都监理站\n    kind: supervisor\n    members: 6\n"
        ),
        lang,
    )?;
    write_new(
        &dir.join(format!("content/reports/{}/{date}-first-report.md", today.format("%Y"))),
        &format!(
            "---\ntitle: 片区召开区域化党建工作启动会\ndate: {date}\nregion: chengdu\nmode: 组织共建\nhosts: [成都1号项目部]\nunits: [成都监理站]\nparticipants: 30\ntags: [联席会议]\nreview: 已审\nreviewed_by: 张明\n---\n\n成都片区召开区域化党建工作启动会，各成员单位党组织负责人参加会议。\n\n## 会议内容\n\n会议明确了片区“六共”工作清单。\n"
        ),
        lang,
    )?;
    write_new(
        &dir.join(format!("content/classes/{}/{date}-first-class.md", today.format("%Y"))),
        &format!(
            "---\ntitle: 专题党课：区域化党建的内涵与特征\ndate: {date}\nregion: chengdu\nlecturer: 张明\nlecturer_title: 片区推进小组组长\naudience: 40\nduration: 60\ntags: [党课]\nreview: 已审\nreviewed_by: 张明\n---\n\n## 党课提纲\n\n一、区域化党建的内涵。二、区域化党建的特征。\n"
        ),
        lang,
    )?;
    write_new(
        &dir.join("content/pages/about.md"),
        "---\ntitle: 关于本站\nreview: 已审\nreviewed_by: 张明\n---\n\n本站发布区域化党建活动报道、区域党课和区域品牌展示。\n",
        lang,
    )?;
    // The output and the build's own files beside it (the manifest, and
    // staging folders while a build runs), and the export cache, are not
    // sources; unanchored, so that they are ignored wherever the site
    // sits in a repository.
    write_new(&dir.join(".gitignore"), GITIGNORE, lang)?;
    Ok(())
}

/// The `.gitignore` of a new site.
pub const GITIGNORE: &str = "# regionpress: the built site and the build's own files\npublic/\n.public.*\n.regionpress-cache/\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_short_and_cut_at_words() {
        assert_eq!(file_slug("联合开展安全生产主题党日活动"), "lian-he-kai-zhan-an-quan-sheng-chan-zhu-ti-dang-ri-huo-dong");
        let long = file_slug("成都片区联合开展安全生产主题党日活动暨区域化党建工作推进会议");
        assert!(long.len() <= 60 && !long.ends_with('-'), "{long}");
        assert_eq!(file_slug("！！"), "untitled");
    }
}
