//! `regionpress init` and `regionpress new`: starting a site and adding a
//! report, class or region with filled-in front matter.
//!
//! Nothing here overwrites a file: every command refuses when its target exists.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use chrono::NaiveDate;

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

fn write_new(path: &Path, text: &str) -> Result<()> {
    if path.exists() {
        bail!("`{}` already exists; not overwriting it", path.display());
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("cannot create `{}`", parent.display()))?;
    }
    fs::write(path, text).with_context(|| format!("cannot write `{}`", path.display()))
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

fn check_region(root: &Path, region: &str) -> Result<()> {
    let ids = region_ids(root);
    if !ids.iter().any(|i| i == region) {
        if ids.is_empty() {
            bail!("unknown region `{region}`: the site has no region yet (add one with `regionpress new region ID`)");
        }
        let near = crate::diagnostics::nearest(region, ids.iter().map(String::as_str));
        let hint = near.first().map(|n| format!(" (did you mean `{n}`?)")).unwrap_or_default();
        bail!("unknown region `{region}`{hint}; known regions: {}", ids.join(", "));
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

/// Writes a new activity report; returns its path.
pub fn new_report(root: &Path, region: &str, title: &str, today: NaiveDate) -> Result<PathBuf> {
    check_region(root, region)?;
    let path = dated_path(root, "reports", title, today);
    let text = format!(
        "---\ntitle: {}\ndate: {}\nregion: {region}\nmode: 活动共办          # 组织共建 资源共享 干部共培 作风共抓 难题共解 活动共办\nhosts: []              # the host unit(s), 主办\nunits: []              # the other member units that took part, e.g. [成都1号项目部]\nparticipants: 0\ntags: []\nauthor:\n{}---\n\n正文从这里开始。第一段会作为摘要。\n",
        quoted(title),
        today.format("%Y-%m-%d"),
        review_lines(root)
    );
    write_new(&path, &text)?;
    Ok(path)
}

/// Writes a new party class; returns its path.
pub fn new_class(root: &Path, region: &str, lecturer: &str, title: &str, today: NaiveDate) -> Result<PathBuf> {
    check_region(root, region)?;
    let path = dated_path(root, "classes", title, today);
    let text = format!(
        "---\ntitle: {}\ndate: {}\nregion: {region}\nlecturer: {}\nlecturer_title:\naudience: 0\nduration: 60           # minutes\ntags: [党课]\nmaterials: []          # e.g. - {{ title: 课件, file: slides.pdf }}\n{}---\n\n## 党课提纲\n\n",
        quoted(title),
        today.format("%Y-%m-%d"),
        quoted(lecturer),
        review_lines(root)
    );
    write_new(&path, &text)?;
    Ok(path)
}

/// The review lines of a new report or class (issue 18): it starts as 初稿
/// when the site publishes only reviewed content, else nothing.
fn review_lines(root: &Path) -> &'static str {
    let (config, _) = crate::config::SiteConfig::load(root, &mut crate::diagnostics::Diagnostics::default());
    if config.review.required {
        "review: 初稿            # 初稿 → 待审 → 已审; published once 已审\nreviewer:              # who is to review it, e.g. 王强\n"
    } else {
        ""
    }
}

/// Writes a new region profile; returns its path.
pub fn new_region(root: &Path, id: &str, today: NaiveDate) -> Result<PathBuf> {
    if !is_ascii_id(id) {
        bail!("region id `{id}` must be lowercase ASCII letters, digits and `-` (for example `chengdu`)");
    }
    if crate::url_scheme::is_reserved_region_id(id) {
        bail!(
            "region id `{id}` is reserved for the site's own URLs (`{}` is the company-wide bulletin series); choose another id",
            crate::url_scheme::COMPANY_SERIES
        );
    }
    let path = root.join("content/regions").join(format!("{id}.yaml"));
    let text = format!(
        "name: {id}               # display name, e.g. 成都片区\nshort_name: {id}\nleader:\nestablished: {}\norder: 10\nsummary:\ndescription: |\n  区域简介（Markdown）。\nbrand:\n  name:\n  slogan:\n  feature:\n  color: \"#b71c1c\"\nunits:\n  - name: {id}1号项目部\n    kind: project          # project | company | government | owner | supervisor | other\n    members: 0\n",
        today.format("%Y-%m-%d")
    );
    write_new(&path, &text)?;
    Ok(path)
}

/// Creates a new site in `dir` (which must not exist or be empty).
pub fn init(dir: &Path, today: NaiveDate) -> Result<()> {
    if dir.exists() {
        let mut entries = fs::read_dir(dir).with_context(|| format!("cannot read `{}`", dir.display()))?;
        if entries.next().is_some() {
            bail!("`{}` is not empty; init only creates a site in a new or empty folder", dir.display());
        }
    }
    let date = today.format("%Y-%m-%d");
    write_new(
        &dir.join("site.yaml"),
        "title: 区域化党建信息平台\ndescription: 区域信息简报、区域党课与“一区域一品牌”展示\nbase_url: https://intranet.example/\nlanguage: zh-CN\npaginate_by: 20\nbulletin_period: month\n# Only content marked `review: 已审` is published (build --drafts and serve show the rest).\nreview:\n  required: true\n",
    )?;
    write_new(
        &dir.join("content/regions/chengdu.yaml"),
        &format!(
            "name: 成都片区\nshort_name: 成都\nleader: 张明\nestablished: {date}\norder: 1\nsummary: 以党建联建促进项目建设。\ndescription: |\n  成都片区由项目部、监理站和属地街道党工委组成，围绕“六共”模式开展区域化党建。\nbrand:\n  name: 蓉城先锋\n  slogan: 一区域一特色，一区域一品牌\n  feature: 党建+安全生产\n  color: \"#b71c1c\"\nunits:\n  - name: 成都1号项目部\n    kind: project\n    members: 35\n  - name: 成都监理站\n    kind: supervisor\n    members: 6\n"
        ),
    )?;
    write_new(
        &dir.join(format!("content/reports/{}/{date}-first-report.md", today.format("%Y"))),
        &format!(
            "---\ntitle: 片区召开区域化党建工作启动会\ndate: {date}\nregion: chengdu\nmode: 组织共建\nhosts: [成都1号项目部]\nunits: [成都监理站]\nparticipants: 30\ntags: [联席会议]\nreview: 已审\nreviewed_by: 张明\n---\n\n成都片区召开区域化党建工作启动会，各成员单位党组织负责人参加会议。\n\n## 会议内容\n\n会议明确了片区“六共”工作清单。\n"
        ),
    )?;
    write_new(
        &dir.join(format!("content/classes/{}/{date}-first-class.md", today.format("%Y"))),
        &format!(
            "---\ntitle: 专题党课：区域化党建的内涵与特征\ndate: {date}\nregion: chengdu\nlecturer: 张明\nlecturer_title: 片区推进小组组长\naudience: 40\nduration: 60\ntags: [党课]\nreview: 已审\nreviewed_by: 张明\n---\n\n## 党课提纲\n\n一、区域化党建的内涵。二、区域化党建的特征。\n"
        ),
    )?;
    write_new(
        &dir.join("content/pages/about.md"),
        "---\ntitle: 关于本站\nreview: 已审\nreviewed_by: 张明\n---\n\n本站发布区域化党建活动报道、区域党课和区域品牌展示。\n",
    )?;
    // The output and the build's own files beside it (the manifest, and
    // staging folders while a build runs), and the export cache, are not
    // sources.
    write_new(&dir.join(".gitignore"), "/public/\n/.public.*\n/.regionpress-cache/\n")?;
    Ok(())
}

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
