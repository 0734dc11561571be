//! The command line speaks one language — the
//! site's, `--lang`'s, or outside a site the user's locale — in its help,
//! its usage errors and its summaries; and its exit codes and counts agree
//! across commands (docs/errors.md).

use std::path::Path;
use std::process::{Command, Output};

/// Runs the binary in `dir` with `args`, the locale set to `locale`
/// (every other locale variable removed).
fn run(dir: &Path, locale: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_regionpress"));
    cmd.current_dir(dir).args(args).env_remove("LC_ALL").env_remove("LC_MESSAGES").env_remove("LANG");
    for (k, v) in locale {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

const EN: &[(&str, &str)] = &[("LANG", "en_US.UTF-8")];
const ZH: &[(&str, &str)] = &[("LANG", "zh_CN.UTF-8")];

/// A new site made by `init` (its `language` is zh-CN), in a temporary folder.
fn new_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(tmp.path(), EN, &["init", "site"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let root = tmp.path().join("site");
    (tmp, root)
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The lines of a help text that read as English prose: two lowercase
/// English words in a row, outside the usage line (which names commands).
fn english_lines(help: &str) -> Vec<String> {
    help.lines()
        .filter(|l| !l.starts_with("用法：") && !l.starts_with("Usage:"))
        .filter(|l| {
            // Commands quoted in backquotes are names, not prose.
            let unquoted: String = l.split('`').step_by(2).collect::<Vec<_>>().join(" ");
            // So are the values listed after `[默认：` and `[可选值：` (or
            // `[default: `, `[possible values: ` in English help).
            let unquoted =
                ["[默认：", "[可选值：", "[default: ", "[possible values: "].iter().fold(unquoted, |t, open| match t.split_once(open) {
                    Some((a, b)) => format!("{a} {}", b.split_once(']').map_or("", |(_, rest)| rest)),
                    None => t,
                });
            // Brackets and punctuation around a word do not make it a name.
            let words: Vec<&str> =
                unquoted.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '-')).collect();
            words.windows(2).any(|w| w.iter().all(|t| t.len() >= 3 && t.chars().all(|c| c.is_ascii_lowercase())))
        })
        .map(str::to_string)
        .collect()
}

/// Every command and subcommand, as typed before `--help`.
const COMMANDS: &[&[&str]] = &[
    &[],
    &["build"],
    &["serve"],
    &["init"],
    &["new"],
    &["new", "report"],
    &["new", "class"],
    &["new", "meeting"],
    &["new", "note"],
    &["new", "problem"],
    &["new", "region"],
    &["bulletin"],
    &["bulletin", "issue"],
    &["export"],
    &["export", "bulletin"],
    &["export", "report"],
    &["check"],
];

fn help_of(dir: &Path, locale: &[(&str, &str)], command: &[&str], extra: &[&str]) -> String {
    let mut args: Vec<&str> = extra.to_vec();
    args.extend_from_slice(command);
    args.push("--help");
    let out = run(dir, locale, &args);
    assert_eq!(out.status.code(), Some(0), "{command:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Chinese help: clap's headings in Chinese, every description Chinese.
fn assert_chinese_help(help: &str, what: &str) {
    assert!(help.contains("用法：regionpress"), "{what}: {help}");
    assert!(help.contains("选项："), "{what}: {help}");
    assert!(!help.contains("Usage:") && !help.contains("Options:") && !help.contains("[default:"), "{what}: {help}");
    assert!(english_lines(help).is_empty(), "{what}: English lines {:?}", english_lines(help));
    // A command's or option's line (not the continuation of a long one).
    let described = help.lines().filter(|l| l.starts_with("  ") && !l.starts_with("      ") || l.starts_with("      --"));
    let described = described.filter(|l| l.split_whitespace().count() > 1);
    for line in described {
        assert!(has_cjk(line), "{what}: a line without Chinese: {line}");
    }
}

#[test]
fn help_of_every_command_is_chinese_in_a_zh_cn_site_whatever_the_locale() {
    let (_tmp, root) = new_site();
    for command in COMMANDS {
        let help = help_of(&root, EN, command, &[]);
        assert_chinese_help(&help, &format!("{command:?}"));
    }
    // `help COMMAND` is the same help.
    let out = run(&root, EN, &["help", "new", "report"]);
    assert_eq!(out.status.code(), Some(0));
    assert_chinese_help(&String::from_utf8(out.stdout).unwrap(), "help new report");
    // The commands are listed with their Chinese words, `help` too.
    assert!(help_of(&root, EN, &["new"], &[]).lines().any(|l| l.trim_start().starts_with("help") && l.contains("显示本帮助")));
    let top = help_of(&root, EN, &[], &[]);
    assert!(top.contains("命令："), "{top}");
    assert!(top.lines().any(|l| l.trim_start().starts_with("check") && l.contains("检查站点")), "{top}");
}

#[test]
fn help_follows_the_locale_outside_a_site() {
    let tmp = tempfile::tempdir().unwrap();
    for command in [&["new", "report"][..], &["build"], &[]] {
        assert_chinese_help(&help_of(tmp.path(), ZH, command, &[]), "zh_CN locale");
        let en = help_of(tmp.path(), EN, command, &[]);
        assert!(en.contains("Usage: regionpress") && en.contains("Print help"), "{en}");
        assert!(!has_cjk(&en.replace("联席会", "").replace("待印发", "").replace("编者按", "")), "{en}");
    }
    // LC_ALL wins over LANG, as for every program.
    let both = help_of(tmp.path(), &[("LANG", "en_US.UTF-8"), ("LC_ALL", "zh_CN.UTF-8")], &["check"], &[]);
    assert_chinese_help(&both, "LC_ALL");
}

#[test]
fn lang_en_gives_english_help_and_errors_in_a_chinese_site() {
    let (_tmp, root) = new_site();
    let help = help_of(&root, ZH, &["check"], &["--lang", "en"]);
    assert!(help.contains("Usage: regionpress check [OPTIONS]") && help.contains("Options:"), "{help}");
    assert!(help.contains("Fail on warnings too"), "{help}");
    // Only the names of review states are Chinese words in English help.
    assert!(!has_cjk(&help.replace("初稿", "").replace("待审", "")), "{help}");
    let out = run(&root, ZH, &["--lang", "en", "check", "--stirct"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("error: unknown option `--stirct`; did you mean `--strict`?"), "{err}");
}

#[test]
fn usage_errors_are_chinese_with_exit_status_2() {
    let (_tmp, root) = new_site();
    let cases: &[(&[&str], &str)] = &[
        (&["check", "--stirct"], "错误：没有 `--stirct` 这个选项；是不是想写 `--strict`？"),
        (&["chek"], "错误：没有 `chek` 这个命令；是不是想写 `check`？"),
        (&["build", "--date", "2026-02-30"], "2026年2月没有30日（这个月只有28天）"),
        (&["check", "--format", "xml"], "可选的有：text、json、github"),
        (&["new", "report", "--region", "chengdu"], "错误：缺少必须填写的内容：<标题>"),
        (&["new", "report", "--region", "chengdo", "标题"], "错误：没有 `chengdo` 这个区域（是不是想写 `chengdu`？）"),
        (&["new", "region", "Kun Ming"], "只能用小写英文字母、数字和 `-`"),
    ];
    for (args, expected) in cases {
        let out = run(&root, EN, args);
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("错误："), "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(english_lines(&err).is_empty(), "{args:?}: {err}");
    }
    // A usage error shows the command's usage and where to read more.
    let err = String::from_utf8(run(&root, EN, &["check", "--stirct"]).stderr).unwrap();
    let lines: Vec<&str> = err.lines().filter(|l| !l.is_empty()).collect();
    assert!(lines[1].starts_with("用法：regionpress check "), "{err}");
    assert_eq!(lines[2], "想了解用法，请运行 `regionpress check --help`", "{err}");
}

#[test]
fn a_folder_that_is_no_site_is_a_usage_error_for_every_command() {
    let tmp = tempfile::tempdir().unwrap();
    for args in [&["build"][..], &["check"], &["new", "report", "--region", "a", "x"], &["export", "report", "x"]] {
        let out = run(tmp.path(), ZH, args);
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("错误：`.` 不是 regionpress 站点"), "{args:?}: {err}");
    }
    // Nothing was written.
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
    let out = run(tmp.path(), ZH, &["--lang", "en", "build"]);
    assert!(String::from_utf8(out.stderr).unwrap().starts_with("error: `.` is not a regionpress site"));
    let out = run(tmp.path(), ZH, &["check", "--root", "nowhere"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("站点文件夹 `nowhere` 不存在"));
}

/// The number before `marker` in `line`.
fn number_before(line: &str, marker: &str) -> usize {
    let head = &line[..line.find(marker).unwrap_or_else(|| panic!("no `{marker}` in {line}"))];
    let digits: String = head.chars().rev().skip_while(|c| c.is_whitespace()).take_while(char::is_ascii_digit).collect();
    digits.chars().rev().collect::<String>().parse().unwrap_or_else(|_| panic!("no number before `{marker}` in {line}"))
}

#[test]
fn check_and_build_count_the_same_content_in_the_site_language() {
    let (_tmp, root) = new_site();
    let check = run(&root, EN, &["check"]);
    assert_eq!(check.status.code(), Some(0));
    let checked = String::from_utf8(check.stderr).unwrap();
    let build = run(&root, EN, &["build"]);
    assert_eq!(build.status.code(), Some(0), "{}", String::from_utf8_lossy(&build.stderr));
    let built = String::from_utf8(build.stdout).unwrap();
    // init makes a report, a class and an about page.
    assert_eq!(number_before(&checked, "篇报道、党课和页面"), 3, "{checked}");
    assert_eq!(number_before(&built, "篇报道、党课和页面"), 3, "{built}");
    assert!(built.starts_with("已生成网站："), "{built}");
    // The web pages are more than the content they come from (lists, regions, feeds).
    assert!(number_before(&built, "个网页") > 3, "{built}");
    let en = String::from_utf8(run(&root, EN, &["--lang", "en", "build"]).stdout).unwrap();
    assert!(en.starts_with("built 3 reports, classes and pages into "), "{en}");
}

#[test]
fn init_and_new_speak_the_language_chosen() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(tmp.path(), ZH, &["init", "mysite"]);
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(said.starts_with("已在 mysite 创建新站点"), "{said}");
    let out = run(tmp.path(), ZH, &["--lang", "en", "init", "other"]);
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("created a new site in other"));
    // Outside a site (init makes one), the locale decides.
    let out = run(tmp.path(), ZH, &["init", "mysite"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().starts_with("错误：`mysite` 不是空文件夹"));
    let out = run(&tmp.path().join("mysite"), EN, &["new", "report", "--region", "chengdu", "片区开展主题党日活动"]);
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(said.starts_with("已创建 "), "{said}");
}

// I/O failures of export in the catalogue's words.

#[test]
fn an_export_that_cannot_write_says_why_in_the_language_chosen() {
    use regionpress::language::Language;
    use regionpress::messages::Message;
    let (_tmp, root) = new_site();
    let args = ["export", "report", "2026-12-03-first-report", "--format", "docx", "-o", "nosuch/x.docx"];
    // The report init makes is dated the day it is made: find its slug from the built list.
    let reports =
        std::fs::read_dir(root.join("content/reports")).unwrap().flatten().flat_map(|y| std::fs::read_dir(y.path()).unwrap().flatten());
    let slug = reports.map(|f| f.path().file_stem().unwrap().to_string_lossy().to_string()).find(|s| s.ends_with("first-report")).unwrap();
    let args: Vec<&str> = args.iter().map(|a| if a.ends_with("first-report") { slug.as_str() } else { a }).collect();
    for (lang, extra, prefix, reason) in
        [(Language::ZhCn, None, "错误：", "文件或文件夹不存在"), (Language::En, Some("en"), "error: ", "no such file or folder")]
    {
        let mut all: Vec<&str> = extra.map(|l| vec!["--lang", l]).unwrap_or_default();
        all.extend(&args);
        let out = run(&root, EN, &all);
        assert_eq!(out.status.code(), Some(2));
        let said = String::from_utf8(out.stderr).unwrap();
        let want = Message::WriteFailed { path: "nosuch/x.docx".into(), detail: regionpress::messages::IoCause::worded(reason) }.text(lang);
        assert_eq!(said.trim_end(), format!("{prefix}{want}"));
    }
}

#[test]
fn an_import_of_a_missing_file_says_why_in_the_language_chosen() {
    use regionpress::language::Language;
    use regionpress::messages::Message;
    let (tmp, root) = new_site();
    let missing = tmp.path().join("没有的稿件.docx");
    let shown = missing.display().to_string();
    for (lang, extra, reason) in [(Language::ZhCn, None, "文件或文件夹不存在"), (Language::En, Some("en"), "no such file or folder")]
    {
        let mut all: Vec<&str> = extra.map(|l| vec!["--lang", l]).unwrap_or_default();
        all.extend(["import", shown.as_str()]);
        let out = run(&root, EN, &all);
        assert_eq!(out.status.code(), Some(2));
        let said = String::from_utf8(out.stderr).unwrap();
        let first = said.lines().next().unwrap_or_default();
        let message = Message::Io { path: shown.clone(), detail: regionpress::messages::IoCause::worded(reason) }.text(lang);
        let severity = if lang == Language::En { "error" } else { "错误" };
        assert_eq!(first, format!("{shown}: {severity}[io]: {message}"));
    }
}

/// A diagnostic as `check --format json` gives it: (path, line, column, code, message).
type Found = (String, u64, u64, String, String);

/// The exit status of `check --format json` in `root`, and its diagnostics.
fn checked_json(root: &Path) -> (Option<i32>, Vec<Found>) {
    let out = run(root, EN, &["check", "--format", "json"]);
    let found = crate::common::json_diagnostics(&out.stdout)
        .into_iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            (s("path"), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap(), s("code"), s("message"))
        })
        .collect();
    (out.status.code(), found)
}

#[test]
fn a_missing_theme_and_broken_theme_strings_are_located_and_in_the_sites_language() {
    use regionpress::language::Language;
    use regionpress::messages::Message;
    let (_tmp, root) = new_site();
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(root.join("site.yaml"), format!("{yaml}theme: blue\n")).unwrap();
    let (code, found) = checked_json(&root);
    assert_eq!(code, Some(1));
    let want = Message::ThemeMissing { name: "blue".into() }.text(Language::ZhCn);
    assert_eq!(found, [("site.yaml".to_string(), 0, 0, "theme-missing".to_string(), want)]);
    // The theme's UI strings with a tab where YAML wants spaces: located
    // in the theme's file, worded in Chinese.
    std::fs::create_dir_all(root.join("themes/blue")).unwrap();
    std::fs::write(root.join("themes/blue/strings.yaml"), "zh-CN:\n  site_title: 站点\n\tsearch: 搜索\n").unwrap();
    let (code, found) = checked_json(&root);
    assert_eq!(code, Some(1));
    assert_eq!(found.len(), 1, "{found:?}");
    let (path, line, _, code, message) = &found[0];
    assert_eq!((path.as_str(), *line, code.as_str()), ("themes/blue/strings.yaml", 3, "yaml-syntax"), "{found:?}");
    assert!(message.starts_with("YAML 语法错误"), "{message}");
    // And a build says the same, leaving nothing behind.
    let out = run(&root, EN, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("themes/blue/strings.yaml:3:"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!root.join("public").exists());
}
