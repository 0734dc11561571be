//! What `regionpress new` writes is refused by
//! `check` until the writer fills it in (each place a located `unfinished`
//! error), a filled-in file passes, and `init` writes a `.gitignore` that
//! keeps the output out of git wherever the site sits.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_regionpress")).current_dir(dir).args(args).env("LANG", "zh_CN.UTF-8").output().unwrap()
}

/// A site made by `init`, in a temporary folder.
fn new_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(run(tmp.path(), &["init", "site"]).status.code(), Some(0));
    let root = tmp.path().join("site");
    (tmp, root)
}

/// Runs `new …` in `root` and returns the file it made (the path it printed).
fn new(root: &Path, args: &[&str]) -> PathBuf {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    let out = run(root, &all);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8(out.stdout).unwrap();
    let path = said.strip_prefix("已创建 ").and_then(|s| s.split_once('：')).map(|(p, _)| p).unwrap();
    root.join(path)
}

/// The unfinished problems `check --strict` finds: (file:line:column, severity).
fn unfinished(root: &Path) -> (Option<i32>, Vec<(String, String)>) {
    let out = run(root, &["check", "--strict"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    let found = crate::common::diagnostics(&stderr)
        .into_iter()
        .filter(|(_, _, code)| code == "unfinished")
        .map(|(loc, sev, _)| (loc, sev))
        .collect();
    (out.status.code(), found)
}

/// `file:line:column` of the first line of `path` containing `needle`, at it.
fn at(root: &Path, path: &Path, needle: &str) -> String {
    let text = fs::read_to_string(path).unwrap();
    let (i, line) = text.lines().enumerate().find(|(_, l)| l.contains(needle)).unwrap_or_else(|| panic!("no `{needle}` in {text}"));
    let column = line[..line.find(needle).unwrap()].chars().count() + 1;
    let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
    format!("{rel}:{}:{column}", i + 1)
}

fn locations(found: &[(String, String)]) -> Vec<&str> {
    found.iter().map(|(l, _)| l.as_str()).collect()
}

#[test]
fn an_untouched_new_report_is_refused_with_located_problems() {
    let (_tmp, root) = new_site();
    let report = new(&root, &["report", "--region", "chengdu", "片区开展安全生产主题党日活动"]);
    let text = fs::read_to_string(&report).unwrap();
    assert!(text.contains("# 主办单位"), "the template's comments are Chinese: {text}");
    let (code, found) = unfinished(&root);
    assert_eq!(code, Some(1));
    let locs = locations(&found);
    for needle in ["participants: 0", "units: []", "【请填写：第一段", "【请填写：小标题", "【请填写：活动的内容"]
    {
        assert!(locs.contains(&at(&root, &report, needle).as_str()), "{needle}: {locs:?}");
    }
    assert_eq!(found.len(), 5, "{found:?}");
    // The site `init` makes publishes only what is reviewed: the new report
    // is a 初稿 a build leaves out, so its unfinished parts are warnings
    // (CI passes while it is written; `--strict` above refuses it) and the
    // build publishes the site without it.
    assert!(found.iter().all(|(_, sev)| sev == "warning"), "{found:?}");
    // Its hint says to fill it in before approval: it is held back already,
    // so `draft: true` would be no advice.
    let json = run(&root, &["check", "--format", "json"]);
    let hints: Vec<String> = crate::common::json_diagnostics(&json.stdout)
        .into_iter()
        .filter(|d| d["code"] == "unfinished")
        .map(|d| d["hint"].as_str().unwrap_or_default().to_string())
        .collect();
    let held = regionpress::messages::Unfinished::held_hint(regionpress::language::Language::ZhCn);
    assert!(hints.len() == 5 && hints.iter().all(|h| *h == held), "{hints:?}");
    assert_eq!(run(&root, &["check"]).status.code(), Some(0));
    assert_eq!(run(&root, &["build"]).status.code(), Some(0));
    let stem = report.file_stem().unwrap().to_string_lossy().to_string();
    let public = walk(&root.join("public"));
    assert!(!public.is_empty() && public.iter().all(|p| !p.to_string_lossy().contains(&stem)), "{stem} published");
    // Marked as reviewed while still unfinished, it is refused: errors, nothing built.
    let text = fs::read_to_string(&report).unwrap();
    let reviewed = text.lines().map(|l| if l.starts_with("review:") { "review: 已审\nreviewed_by: 王强" } else { l }).collect::<Vec<_>>();
    fs::write(&report, reviewed.join("\n") + "\n").unwrap();
    let (code, found) = unfinished(&root);
    assert_eq!(code, Some(1));
    assert_eq!(found.len(), 5, "{found:?}");
    assert!(found.iter().all(|(_, sev)| sev == "error"), "{found:?}");
    fs::remove_dir_all(root.join("public")).unwrap();
    assert_eq!(run(&root, &["build"]).status.code(), Some(1));
    assert!(!root.join("public").exists());
}

#[test]
fn an_untouched_new_region_is_refused_with_located_errors() {
    let (_tmp, root) = new_site();
    let region = new(&root, &["region", "kunming"]);
    let (code, found) = unfinished(&root);
    assert_eq!(code, Some(1));
    let locs = locations(&found);
    // The brand's empty name is the line `name:` followed by the comment alone.
    for needle in [
        "name: kunming",
        "short_name: kunming",
        "name:                  #",
        "kunming1号项目部",
        "members: 0",
        "【请填写：一句话",
        "【请填写：区域简介",
    ] {
        let want = at(&root, &region, needle);
        assert!(locs.contains(&want.as_str()), "{needle}: {want} not in {locs:?}");
    }
    assert_eq!(found.len(), 7, "{found:?}");
    // The other files still know the region: no cascade of unknown regions.
    let out = run(&root, &["check"]);
    let codes: Vec<String> = crate::common::diagnostics(&String::from_utf8(out.stderr).unwrap()).into_iter().map(|d| d.2).collect();
    assert!(codes.iter().all(|c| c == "unfinished"), "{codes:?}");
}

/// `text` with its placeholders and template values replaced.
fn fill(path: &Path, pairs: &[(&str, &str)]) {
    let mut text = fs::read_to_string(path).unwrap();
    for (from, to) in pairs {
        assert!(text.contains(from), "no `{from}` in {text}");
        text = text.replacen(from, to, 1);
    }
    fs::write(path, text).unwrap();
}

#[test]
fn filled_in_report_region_meeting_note_and_problem_pass_strict() {
    let (_tmp, root) = new_site();
    let region = new(&root, &["region", "kunming"]);
    let report = new(&root, &["report", "--region", "kunming", "片区开展安全生产主题党日活动"]);
    let meeting = new(&root, &["meeting", "--region", "kunming", "片区召开第二季度联席会"]);
    let problem = new(&root, &["problem", "--region", "kunming", "kunming-power"]);
    let note = new(&root, &["note", "--region", "kunming"]);
    let (code, found) = unfinished(&root);
    assert_eq!(code, Some(1));
    for file in [&region, &report, &meeting, &problem, &note] {
        let rel = file.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        assert!(found.iter().any(|(l, _)| l.starts_with(&format!("{rel}:"))), "{rel} not refused: {found:?}");
    }
    fill(
        &region,
        &[
            ("name: kunming", "name: 昆明片区"),
            ("short_name: kunming", "short_name: 昆明"),
            ("\"【请填写：一句话介绍，显示在区域卡片上】\"", "以党建联建服务滇中引水工程。"),
            ("【请填写：区域简介】", "昆明片区由项目部和属地街道党工委组成。"),
            ("  name:    ", "  name: 春城先锋"),
            ("kunming1号项目部", "滇中引水昆明段项目部"),
            ("members: 0", "members: 28"),
        ],
    );
    let body = "5月12日，滇中引水昆明段项目部联合属地街道开展主题党日活动。\n\n## 现场观摩\n\n党员们观摩了隧洞施工现场。\n";
    let report_text = fs::read_to_string(&report).unwrap();
    let head_end = report_text.rfind("---\n").unwrap() + 4;
    fs::write(&report, format!("{}\n{body}", &report_text[..head_end])).unwrap();
    fill(
        &report,
        &[
            ("hosts: []", "hosts: [滇中引水昆明段项目部]"),
            ("participants: 0", "participants: 36"),
            ("review: 初稿", "review: 已审\nreviewed_by: 张明"),
        ],
    );
    fill(
        &meeting,
        &[
            ("hosts: []", "hosts: [滇中引水昆明段项目部]"),
            ("participants: 0", "participants: 12"),
            ("attendees: []", "attendees: [滇中引水昆明段项目部]"),
            ("\"【请填写：决定事项；没有就删去 decisions 这几行】\"", "每月5日前更新共建任务台账"),
            ("【请填写：会议的经过：时间、地点、出席单位、议定的事项】", "片区召开第二季度联席会，议定每月更新共建任务台账。"),
        ],
    );
    fill(
        &problem,
        &[
            ("\"【请填写：难题是什么】\"", "施工用电增容"),
            ("【请填写：难题的情况】", "隧洞施工用电负荷不足。"),
            ("\"【请填写：提出难题的单位或个人】\"", "滇中引水昆明段项目部"),
        ],
    );
    fill(
        &note,
        &[
            ("\"【请填写：本期简报的主题，印在报头下方】\"", "党建联建保开工"),
            ("\"【请填写：责任编辑】\"", "昆明片区推进小组办公室"),
            ("【请填写：编者按正文】", "本月，昆明片区以党建联建推动隧洞施工。"),
        ],
    );
    let out = run(&root, &["check", "--strict"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(&root, &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    // The filled-in report is published: its page has its title.
    let titled = |title: &str| {
        walk(&root.join("public")).into_iter().filter(|p| p.ends_with("index.html")).any(|p| {
            let html = scraper::Html::parse_document(&fs::read_to_string(p).unwrap());
            crate::common::texts(&html, "h1").iter().any(|h| h == title)
        })
    };
    assert!(titled("片区开展安全生产主题党日活动"));
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
    }
    out
}

#[test]
fn a_draft_keeps_its_unfinished_parts_as_warnings() {
    let (_tmp, root) = new_site();
    let report = new(&root, &["report", "--region", "chengdu", "草稿"]);
    fill(&report, &[("author:", "draft: true\nauthor:")]);
    let (strict, found) = unfinished(&root);
    assert_eq!(strict, Some(1));
    assert!(!found.is_empty() && found.iter().all(|(_, sev)| sev == "warning"), "{found:?}");
    assert_eq!(run(&root, &["check"]).status.code(), Some(0));
}

#[test]
fn an_english_site_gets_english_templates_refused_alike() {
    let (_tmp, root) = new_site();
    fill(&root.join("site.yaml"), &[("language: zh-CN", "language: en")]);
    let out = run(&root, &["new", "class", "--region", "chengdu", "--lecturer", "张明", "Party class"]);
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(said.starts_with("created "), "{said}");
    let class = root.join(said.strip_prefix("created ").unwrap().split_once(':').unwrap().0);
    let text = fs::read_to_string(&class).unwrap();
    assert!(text.contains("[fill in: the outline") && text.contains("# how many attended"), "{text}");
    let (code, found) = unfinished(&root);
    assert_eq!(code, Some(1));
    assert!(locations(&found).contains(&at(&root, &class, "audience: 0").as_str()), "{found:?}");
    assert!(locations(&found).contains(&at(&root, &class, "[fill in: the outline").as_str()), "{found:?}");
}

#[test]
fn init_gitignore_keeps_the_output_out_of_git_wherever_the_site_is() {
    let (_tmp, root) = new_site();
    let ignore = fs::read_to_string(root.join(".gitignore")).unwrap();
    let lines: Vec<&str> = ignore.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(lines, ["public/", ".public.*", ".regionpress-cache/"]);
    // In a repository that holds the site in a sub-folder, a build leaves git nothing new to add.
    let repo = root.parent().unwrap();
    let git = |args: &[&str]| Command::new("git").current_dir(repo).args(args).output();
    let Ok(init) = git(&["init", "-q"]) else { return };
    assert!(init.status.success());
    assert_eq!(run(&root, &["build"]).status.code(), Some(0));
    assert!(root.join("public/index.html").exists());
    let status = String::from_utf8(git(&["status", "--porcelain", "--untracked-files=all"]).unwrap().stdout).unwrap();
    assert!(!status.is_empty() && !status.contains("public"), "{status}");
}
