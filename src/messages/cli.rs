//! The command line's own words, in Chinese and English:
//! the help of every command and option, clap's headings and usage errors,
//! the lines each command prints (`init`, `new`, `build`, `check`, `serve`,
//! `export`, `bulletin issue`) and their refusals. Diagnostics keep their
//! words in [`super::Message`]; everything else the tool prints is here.

use crate::language::Language;

/// The help of a command (`id` empty: the command's own line) or of one
/// of its options, by the command's path (`""`, `new report`) and the
/// option's id: English, Chinese. A path `*` applies to every command
/// without an entry of its own.
const HELP: &[(&str, &str, &str, &str)] = &[
    ("", "", "Static site generator for regional party-building bulletins", "区域化党建信息平台的网站生成器：写稿、检查、预览、生成网站"),
    (
        "*",
        "lang",
        "Language of messages: zh-CN or en (default: the site's `language`; outside a site, the system's)",
        "提示信息的语言：zh-CN 或 en（默认随站点 site.yaml 的 `language`；不在站点里时随系统语言）",
    ),
    ("*", "help", "Print help", "显示帮助"),
    ("*", "version", "Print version", "显示版本号"),
    ("help", "", "Print this message or the help of the given command", "显示本帮助，或某个命令的帮助"),
    ("*", "root", "The site folder (holding site.yaml and content/)", "站点文件夹（含 site.yaml 和 content/），默认是当前文件夹"),
    ("*", "drafts", "Include drafts", "草稿也包括在内"),
    (
        "*",
        "region",
        "Region id (the file name under content/regions/, e.g. chengdu)",
        "区域标识（content/regions/ 下的文件名，如 chengdu）",
    ),
    ("*", "title", "Title (Chinese is fine; the file name is transliterated)", "标题（可以用中文，文件名会自动转成拼音）"),
    ("*", "series", "Region id, or `all` for the company-wide series", "区域标识，或用 all 表示全公司简报"),
    ("*", "period", "The issue: a period (`2026-05`, `2026-q2`) or a supplement (`2026-s1`)", "期次：如 2026-05、2026-q2，增刊写 2026-s1"),
    ("build", "", "Build the site into the output folder (public/ by default)", "生成网站，写入输出文件夹（默认是站点里的 public/）"),
    ("build", "output", "Output folder (default: public/ in the site folder)", "输出文件夹（默认：站点文件夹里的 public/）"),
    ("build", "base_url", "Override base_url from site.yaml", "临时替换 site.yaml 里的网站地址 base_url"),
    ("build", "drafts", "Build drafts too", "草稿也一并生成"),
    ("build", "quiet", "Print nothing on success", "成功时不输出任何内容"),
    (
        "build",
        "force",
        "Write into an existing non-empty folder that regionpress did not make, replacing its contents",
        "写入一个不是 regionpress 生成的非空文件夹，替换其中的内容",
    ),
    (
        "*",
        "date",
        "The build date, e.g. 2026-05-12, on which problems and decisions are judged overdue (default: REGIONPRESS_DATE, else today)",
        "生成日期，如 2026-05-12，用来判断难题和决定事项是否逾期（默认取环境变量 REGIONPRESS_DATE，没有则为今天）",
    ),
    ("serve", "", "Preview the site in the browser; pages are rebuilt on every save", "在浏览器里预览网站；每次保存文件后自动更新页面"),
    ("serve", "bind", "Address to listen on", "监听地址"),
    (
        "serve",
        "port",
        "Port (0: any free port); when it is taken the next ones are tried",
        "端口（0 表示任选空闲端口）；被占用时依次尝试后面的端口",
    ),
    ("serve", "drafts", "Show drafts too", "草稿也一并显示"),
    ("serve", "open", "Open the site in the default browser", "用默认浏览器打开网站"),
    (
        "init",
        "",
        "Create a new site (site.yaml, a region, a report, a class, an about page) in a new or empty folder",
        "在新的或空的文件夹里创建站点（site.yaml、一个区域、一篇报道、一节党课和“关于本站”页面）",
    ),
    ("init", "dir", "The folder to create", "要创建的文件夹"),
    (
        "new",
        "",
        "Add a report, class, meeting, bulletin note, problem record or region: a file to fill in",
        "新建报道、党课、会议、简报编者按、难题记录或区域：生成一个待填写的文件",
    ),
    ("new report", "", "A new activity report in content/reports/<year>/", "新建活动报道，放在 content/reports/<年份>/"),
    ("new class", "", "A new party class in content/classes/<year>/", "新建党课，放在 content/classes/<年份>/"),
    ("new class", "lecturer", "Lecturer's name", "主讲人姓名"),
    (
        "new meeting",
        "",
        "A report of a meeting (联席会) and its decisions, in content/reports/<year>/",
        "新建会议报道（联席会等）及其决定事项，放在 content/reports/<年份>/",
    ),
    (
        "new note",
        "",
        "A bulletin issue's editor's note (编者按), content/bulletins/<region>/<period>.md",
        "新建一期简报的编者按，放在 content/bulletins/<区域>/<期次>.md",
    ),
    ("new note", "region", "Region id, or `all` for the company-wide series", "区域标识，或用 all 表示全公司简报"),
    ("new note", "period", "The issue, `2026-05` or `2026-q2` (default: the current one)", "期次，如 2026-05 或 2026-q2（默认：本期）"),
    ("new problem", "", "A problem record (难题), content/problems/<id>.yaml", "新建难题记录，放在 content/problems/<标识>.yaml"),
    ("new problem", "id", "Record id: lowercase ASCII letters, digits and `-`", "记录标识：小写英文字母、数字和 -，如 kunming-power"),
    ("new region", "", "A new region profile, content/regions/<id>.yaml", "新建区域，放在 content/regions/<标识>.yaml"),
    ("new region", "id", "Region id: lowercase ASCII letters, digits and `-`", "区域标识：小写英文字母、数字和 -，如 kunming"),
    (
        "bulletin",
        "",
        "Bulletin issues: record that an issue was issued, keep what it printed",
        "信息简报：记录某一期已经印发，并留存印发时的内容",
    ),
    (
        "bulletin issue",
        "",
        "Record in the issue's note file that it was issued (its date, number, total and items) and keep its items and note as issued in <period>.issued/: fixed from then on",
        "在该期的编者按文件里记下印发信息（日期、期号、总期号和篇目），并把稿件和编者按按印发时的内容存入 <期次>.issued/，此后不再变动",
    ),
    ("bulletin issue", "date", "Issue date, e.g. 2026-05-12 (default: today)", "印发日期，如 2026-05-12（默认今天）"),
    ("bulletin issue", "signer", "Who signed the issue off (签发)", "签发人"),
    (
        "bulletin keep",
        "",
        "Keep an issue issued before copies were kept: copy its items and its note with every field, as they are now, into <period>.issued/",
        "为早先印发、还没有副本的一期补存副本：把它的稿件和编者按（连同全部简报字段）按现在的内容存入 <期次>.issued/",
    ),
    (
        "export",
        "",
        "Write one bulletin issue, report or class as a PDF or Word file (an open issue as a proof marked 待印发)",
        "把一期简报、一篇报道或党课导出为 PDF 或 Word 文件（未印发的一期导出为标有“待印发”的校样）",
    ),
    (
        "export bulletin",
        "",
        "A bulletin issue, as the build makes it; an issue not yet issued as a proof marked 待印发",
        "导出一期简报；尚未印发的导出为标有“待印发”的校样",
    ),
    (
        "export report",
        "",
        "A report or a party class, by its slug (or its file under content/)",
        "导出一篇报道或党课，按网址名（或 content/ 下的文件）",
    ),
    (
        "export report",
        "slug",
        "The page's slug (`2026-03-05-joint-class`) or its file (`reports/2026/x.md`)",
        "页面的网址名（如 2026-03-05-joint-class）或文件（如 reports/2026/x.md）",
    ),
    ("export *", "format", "The file's format: pdf or docx (Word)", "文件格式：pdf 或 docx（Word）"),
    (
        "export *",
        "output",
        "The file to write (default: the site's name for it, in the current folder)",
        "要写入的文件（默认按站点的命名规则写在当前文件夹）",
    ),
    ("export *", "force", "Replace the file if it exists", "文件已存在时替换它"),
    (
        "import",
        "",
        "Import a Word manuscript (.docx) as a report or class, with its photos; prints what is left to fill in",
        "导入 Word 稿件（.docx），生成活动报道或党课，照片一并导入，并列出还需补填的内容",
    ),
    ("import", "file", "The Word file (.docx)", "Word 稿件（.docx）"),
    ("import", "kind", "What the manuscript is: report (default) or class", "稿件类型：report（活动报道，默认）或 class（党课）"),
    ("import", "date", "The activity's date (YYYY-MM-DD), when the text does not say it", "活动日期（如 2026-05-12），正文没写日期时填写"),
    ("import", "force", "Replace the Markdown file and photos if they exist", "同名的 Markdown 文件和照片已存在时替换它们"),
    (
        "check",
        "",
        "Check the site (content, links, anchors, templates) without writing anything",
        "检查站点（内容、链接、锚点、模板），不写入任何文件",
    ),
    (
        "check",
        "format",
        "How to print the problems: text (for people), json (one object a line) or github (Actions annotations)",
        "问题的输出格式：text（给人看）、json（每行一个对象）或 github（GitHub Actions 注释）",
    ),
    ("check", "strict", "Fail on warnings too", "有警告也算不通过"),
    ("check", "drafts", "Check as if drafts were published (`build --drafts`)", "把草稿当作已发布来检查（同 build --drafts）"),
    ("check", "pending", "Also list what awaits review (初稿, 待审), grouped by reviewer", "同时按审核人列出等待审核的内容（初稿、待审）"),
];

/// The help of command `path`'s option `id` (`id` empty: of the command
/// itself) in `lang`; the entry of `path`, else of its parent's `*`, else
/// of `*`.
pub fn help(path: &str, id: &str, lang: Language) -> Option<&'static str> {
    let parent_any = path.rsplit_once(' ').map(|(p, _)| format!("{p} *"));
    // A generated `help` subcommand at any depth has the words of the top one.
    let last = path.rsplit(' ').next().filter(|l| id.is_empty() && *l == "help");
    let tries = [Some(path), parent_any.as_deref(), (!id.is_empty()).then_some("*"), last];
    for p in tries.into_iter().flatten() {
        if let Some(&(_, _, en, zh)) = HELP.iter().find(|(hp, hid, ..)| *hp == p && *hid == id) {
            return Some(if lang == Language::En { en } else { zh });
        }
    }
    None
}

/// The name shown for an option's value in Chinese help (`--root <文件夹>`).
pub fn value_name_zh(id: &str) -> Option<&'static str> {
    Some(match id {
        "root" | "dir" => "文件夹",
        "output" => "路径",
        "base_url" => "网址",
        "lang" => "语言",
        "date" => "日期",
        "bind" => "地址",
        "port" => "端口",
        "format" => "格式",
        "region" => "区域",
        "title" => "标题",
        "lecturer" => "主讲人",
        "id" => "标识",
        "series" => "系列",
        "period" => "期次",
        "signer" => "签发人",
        "slug" => "网址名",
        "file" => "文件",
        "kind" => "种类",
        _ => return None,
    })
}

/// The fixed words clap puts in help and usage, and their Chinese.
pub const CLAP_WORDS_ZH: &[(&str, &str)] = &[
    ("Usage: ", "用法："),
    ("Usage:", "用法："),
    ("命令:", "命令："),
    ("Commands:", "命令："),
    ("Options:", "选项："),
    ("Arguments:", "参数："),
    ("[OPTIONS]", "[选项]"),
    ("<COMMAND>", "<命令>"),
    ("[COMMAND]", "[命令]"),
    ("[default: ", "[默认："),
    ("[possible values: ", "[可选值："),
    ("[aliases: ", "[别名："),
];

/// A usage error found by the command line parser, in words of ours.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Usage {
    /// An option no command has.
    UnknownOption { arg: String, suggestion: Option<String> },
    /// A command that does not exist.
    UnknownCommand { name: String, suggestion: Option<String> },
    /// A value that is none of the possible ones.
    BadValue { arg: String, value: String, valid: Vec<String> },
    /// A value refused with a reason (a date, a number).
    BadValueWhy { arg: String, value: String, why: String },
    /// Required arguments not given.
    Missing { args: Vec<String> },
    /// A command that needs a sub-command.
    MissingCommand,
    /// An option given twice, or with too many values.
    TooMany { arg: String },
    /// An option needs a value.
    NoValue { arg: String },
    /// Two options that exclude each other.
    Conflict { arg: String, other: String },
    /// Anything else, as the parser said it.
    Other { detail: String },
}

impl Usage {
    /// The words in `lang`.
    pub fn text(&self, lang: Language) -> String {
        use Usage::*;
        match self {
            UnknownOption { arg, suggestion: Some(s) } => {
                tr!(lang, "unknown option `{arg}`; did you mean `{s}`?", "没有 `{arg}` 这个选项；是不是想写 `{s}`？")
            }
            UnknownOption { arg, suggestion: None } => tr!(lang, "unknown option `{arg}`", "没有 `{arg}` 这个选项"),
            UnknownCommand { name, suggestion: Some(s) } => {
                tr!(lang, "unknown command `{name}`; did you mean `{s}`?", "没有 `{name}` 这个命令；是不是想写 `{s}`？")
            }
            UnknownCommand { name, suggestion: None } => tr!(lang, "unknown command `{name}`", "没有 `{name}` 这个命令"),
            BadValue { arg, value, valid } => {
                let en = valid.join(", ");
                let zh = valid.join("、");
                tr!(lang, "`{value}` is not a value of `{arg}`; it is one of {en}", "`{arg}` 不能取 `{value}`，可选的有：{zh}")
            }
            BadValueWhy { arg, value, why } => {
                tr!(lang, "`{value}` is not a value of `{arg}`: {why}", "`{arg}` 的值 `{value}` 不对：{why}")
            }
            Missing { args } => {
                let list = args.join(" ");
                tr!(lang, "missing: {list}", "缺少必须填写的内容：{list}")
            }
            MissingCommand => tr!(lang, "which one? name a command", "还要写明做什么：请在后面接一个命令"),
            TooMany { arg } => tr!(lang, "`{arg}` is given more than once", "`{arg}` 只能写一次"),
            NoValue { arg } => tr!(lang, "`{arg}` needs a value", "`{arg}` 后面要写一个值"),
            Conflict { arg, other } => {
                tr!(lang, "`{arg}` cannot be used with `{other}`", "`{arg}` 不能和 `{other}` 一起用")
            }
            Other { detail } => tr!(lang, "{detail}", "命令行有误：{detail}"),
        }
    }
}

/// A line the command line prints, or the words of a refusal that is not
/// a diagnostic (exit status 2).
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq)]
pub enum Say {
    /// `error: …` before a usage or I/O error.
    Error { detail: String },
    /// Where to look next, after a usage error.
    MoreInfo { command: String },
    /// The folder given is no site.
    NotASite { root: String },
    /// The site folder does not exist.
    NoSuchFolder { root: String },
    /// A day that is not `YYYY-MM-DD`.
    BadDay { why: String },
    /// `init` made a site.
    InitDone { dir: String },
    /// `new` made a file.
    Created { path: String },
    /// `build` succeeded: pages and the content they come from.
    Built { pages: usize, content: usize, files: usize, changed: usize, seconds: f64, output: String },
    /// `build` refused for content errors.
    BuildFailed { counts: String },
    /// `build` could not write.
    BuildOutputFailed,
    /// `check` passed.
    Checked { content: usize, regions: usize, counts: String },
    /// `check` failed.
    CheckFailed { counts: String },
    /// Errors, warnings and notes counted.
    Counts { errors: usize, warnings: usize, notes: usize },
    /// `export` wrote a file.
    Exported { path: String, kb: usize, title: String, proof: bool },
    /// A bulletin's number (`第5期（总第13期）`).
    IssueNumber { number: usize, total: Option<usize>, supplement: bool },
    /// `bulletin issue` recorded an issue.
    Issued { file: String, date: String, number: String, items: usize, late: usize, copies: String },
    /// `bulletin keep` wrote the copies an issued issue lacked.
    Kept { copies: String, written: usize },
    /// `check --pending`: its heading.
    PendingTitle { files: usize },
    /// `check --pending`: a reviewer's group.
    PendingReviewer { who: String },
    /// `check --pending`: nobody named.
    NoReviewer,
    /// `check --pending`: no state.
    Unmarked,
    /// `serve`: the port asked for is taken.
    PortTaken { port: u16, used: u16 },
    /// `serve`: no port could be bound.
    CannotListen { bind: String, port: u16, why: String },
    /// `serve`: bound on every interface.
    Exposed { ip: String },
    /// `serve`: the address shown for every interface.
    Everywhere { addr: String, url: String },
    /// `serve`: ready.
    Serving { pages: usize, content: usize, url: String, seconds: f64 },
    /// `serve`: ready, with errors.
    ServingWithErrors { url: String },
    /// `serve`: the search index was refreshed.
    IndexUpdated { changed: usize },
    /// `serve`: a rebuild.
    Rebuilt { ms: f64, bodies_only: bool, rendered: usize, changed: usize, removed: usize },
    /// `serve`: a rebuild failed.
    RebuildFailed { errors: usize },
    /// `serve`: the search index could not be built.
    IndexFailed { why: String },
    /// `serve --open` without a browser.
    NoBrowser { why: String, url: String },
    /// `serve`: the file watcher could not watch `path` (empty: could not start).
    CannotWatch { path: String, why: String },
    /// `serve`: the system refused what the server needs to run (a socket
    /// setting, a thread, the async runtime).
    CannotServe { why: String },
    /// `init`/`new`: the file exists.
    Exists { path: String },
    /// `init`/`new`: a write failed.
    CannotWrite { path: String, why: String },
    /// `init`: the folder has files.
    NotEmpty { dir: String },
    /// `new`: the region does not exist and the site has none.
    NoRegionYet { region: String },
    /// `new`: the region does not exist.
    UnknownRegion { region: String, near: Option<String>, known: String },
    /// `new region`/`new problem`: the id's form.
    BadId { id: String },
    /// `new region`: a reserved id.
    ReservedId { id: String, series: String },
    /// `new note`: a period that is no month or quarter.
    BadPeriod { period: String },
}

impl Say {
    /// The words in `lang`.
    pub fn text(&self, lang: Language) -> String {
        self.command_text(lang).or_else(|| self.serve_text(lang)).or_else(|| self.scaffold_text(lang)).unwrap_or_default()
    }

    /// Usage errors, `build`, `check`, `export`, `bulletin issue`.
    fn command_text(&self, lang: Language) -> Option<String> {
        use Say::*;
        Some(match self {
            Error { detail } => tr!(lang, "error: {detail}", "错误：{detail}"),
            MoreInfo { command } => tr!(lang, "for more information, run `{command} --help`", "想了解用法，请运行 `{command} --help`"),
            NotASite { root } => tr!(
                lang,
                "`{root}` is not a regionpress site (it has no site.yaml and no content/ folder): run the command in your site's folder, pass `--root FOLDER`, or create a site with `regionpress init FOLDER`",
                "`{root}` 不是 regionpress 站点（没有 site.yaml，也没有 content/ 文件夹）：请在站点文件夹里运行，或用 `--root 文件夹` 指明站点，或先用 `regionpress init 文件夹` 创建站点"
            ),
            NoSuchFolder { root } => {
                tr!(lang, "the site folder `{root}` does not exist", "站点文件夹 `{root}` 不存在")
            }
            BadDay { why } => why.clone(),
            Built { pages, content, files, changed, seconds, output } => tr!(
                lang,
                "built {content} reports, classes and pages into {pages} web pages ({files} files, {changed} changed) in {seconds:.2} s, in {output}",
                "已生成网站：{content} 篇报道、党课和页面，共 {pages} 个网页（{files} 个文件，其中 {changed} 个有更新），用时 {seconds:.2} 秒，在 {output}"
            ),
            BuildFailed { counts } => {
                tr!(lang, "error: build failed with {counts}; nothing was written", "错误：生成失败，共 {counts}；没有写入任何文件")
            }
            BuildOutputFailed => {
                tr!(lang, "error: build failed; the previous output is as it was", "错误：生成失败；原有的输出保持不变")
            }
            Checked { content, regions, counts } => tr!(
                lang,
                "checked {content} reports, classes and pages, and {regions} regions: {counts}",
                "已检查 {content} 篇报道、党课和页面，{regions} 个区域：{counts}"
            ),
            CheckFailed { counts } => tr!(lang, "error: check failed: {counts}", "错误：检查未通过，共 {counts}"),
            Counts { errors, warnings, notes: 0 } => {
                tr!(lang, "{errors} error(s), {warnings} warning(s)", "{errors} 个错误，{warnings} 个警告")
            }
            Counts { errors, warnings, notes } => {
                tr!(lang, "{errors} error(s), {warnings} warning(s), {notes} note(s)", "{errors} 个错误，{warnings} 个警告，{notes} 条提示")
            }
            Exported { path, kb, title, proof: false } => tr!(lang, "wrote {path} ({kb} KB): {title}", "已写入 {path}（{kb} KB）：{title}"),
            Exported { path, kb, title, proof: true } => tr!(
                lang,
                "wrote {path} ({kb} KB): {title}, a proof marked not yet issued",
                "已写入 {path}（{kb} KB）：{title}，校样，标有“待印发”"
            ),
            IssueNumber { number, supplement: true, .. } => tr!(lang, "supplement no. {number}", "增刊第{number}期"),
            IssueNumber { number, total: Some(t), .. } => tr!(lang, "no. {number} (no. {t} overall)", "第{number}期（总第{t}期）"),
            IssueNumber { number, total: None, .. } => tr!(lang, "no. {number}", "第{number}期"),
            Issued { file, date, number, items, late, copies } => tr!(
                lang,
                "recorded in {file}: issued on {date} as {number}, {items} item(s), {late} late; the items as issued are kept in {copies}",
                "已记录于 {file}：{date} 印发，{number}，共 {items} 篇，其中补报 {late} 篇；印发时的稿件副本存于 {copies}"
            ),
            Kept { copies, written: 0 } => {
                tr!(lang, "nothing to add: {copies} already holds every copy", "无需补存：{copies} 里已有全部副本")
            }
            Kept { copies, written } => tr!(lang, "kept {written} file(s) in {copies}", "已在 {copies} 补存 {written} 个副本"),
            PendingTitle { files } => tr!(lang, "Awaiting review: {files} files", "待审核内容：{files} 个文件"),
            PendingReviewer { who } => tr!(lang, "reviewer {who}:", "审核人 {who}："),
            NoReviewer => tr!(lang, "no reviewer named", "未指定审核人"),
            Unmarked => tr!(lang, "not marked", "未标注"),
            _ => return None,
        })
    }

    /// `serve`.
    fn serve_text(&self, lang: Language) -> Option<String> {
        use Say::*;
        Some(match self {
            PortTaken { port, used } => {
                tr!(lang, "port {port} is in use; using port {used} instead", "端口 {port} 已被占用，改用端口 {used}")
            }
            CannotListen { bind, port, why } => tr!(
                lang,
                "cannot listen on {bind}:{port} or the next 9 ports ({why}); pass another with --port",
                "无法在 {bind}:{port} 及其后 9 个端口上监听（{why}）；请用 --port 换一个端口"
            ),
            CannotWatch { path, why } if path.is_empty() => {
                tr!(lang, "cannot start watching the site's files: {why}", "无法开始监视站点文件的变化：{why}")
            }
            CannotWatch { path, why } => tr!(lang, "cannot watch `{path}` for changes: {why}", "无法监视 `{path}` 的变化：{why}"),
            CannotServe { why } => tr!(lang, "cannot start the preview server: {why}", "无法启动预览服务器：{why}"),
            Exposed { ip } => tr!(
                lang,
                "warning: listening on {ip} exposes the site, with its drafts and unpublished edits, to every device on the network; use --bind 127.0.0.1 to keep it on this machine",
                "警告：在 {ip} 上监听会让网络上的所有设备都能看到本站，包括草稿和未发布的修改；用 --bind 127.0.0.1 只在本机预览"
            ),
            Everywhere { addr, url } => tr!(
                lang,
                "http://{addr}/ (every network interface; on this machine {url})",
                "http://{addr}/ （所有网络接口；本机请打开 {url} ）"
            ),
            Serving { pages, content, url, seconds } => tr!(
                lang,
                "serving {content} reports, classes and pages as {pages} web pages at {url} (built in {seconds:.2} s); watching for changes, Ctrl-C to stop",
                "预览地址 {url} （{content} 篇报道、党课和页面，共 {pages} 个网页，用时 {seconds:.2} 秒）；保存文件后自动更新，按 Ctrl-C 停止"
            ),
            ServingWithErrors { url } => tr!(
                lang,
                "serving at {url}; the site has errors (shown in the browser too); watching for changes, Ctrl-C to stop",
                "预览地址 {url} ；站点有错误（浏览器里也会显示）；保存文件后自动更新，按 Ctrl-C 停止"
            ),
            IndexUpdated { changed } => {
                tr!(lang, "search index updated: {changed} files changed", "搜索索引已更新：{changed} 个文件有变化")
            }
            Rebuilt { ms, bodies_only, rendered, changed, removed } => {
                let (en, zh) = if *bodies_only { (" (page bodies only)", "（只更新了正文）") } else { ("", "") };
                tr!(
                    lang,
                    "rebuilt in {ms:.0} ms{en}: {rendered} rendered, {changed} changed, {removed} removed",
                    "已更新，用时 {ms:.0} 毫秒{zh}：生成 {rendered} 个，变化 {changed} 个，删除 {removed} 个"
                )
            }
            RebuildFailed { errors } => tr!(
                lang,
                "rebuild failed with {errors} error(s); still serving the last good pages",
                "更新失败，共 {errors} 个错误；仍显示上一次正确的页面"
            ),
            IndexFailed { why } => tr!(lang, "cannot build the search index: {why}", "无法生成搜索索引：{why}"),
            NoBrowser { why, url } => {
                tr!(lang, "cannot open a browser ({why}); open {url} yourself", "无法打开浏览器（{why}）；请自己打开 {url}")
            }
            _ => return None,
        })
    }

    /// `init` and `new`.
    fn scaffold_text(&self, lang: Language) -> Option<String> {
        use Say::*;
        Some(match self {
            InitDone { dir } => tr!(
                lang,
                "created a new site in {dir}; next: `cd {dir}`, then `regionpress serve` to preview it or `regionpress build` to build it",
                "已在 {dir} 创建新站点。下一步：`cd {dir}`，然后运行 `regionpress serve` 预览，或运行 `regionpress build` 生成网站"
            ),
            Created { path } => tr!(
                lang,
                "created {path}: open it, fill in every 【fill in】 part, then run `regionpress check`",
                "已创建 {path}：请打开它，把所有【请填写】的地方换成实际内容，再运行 `regionpress check`"
            ),
            Exists { path } => tr!(lang, "`{path}` already exists; not overwriting it", "`{path}` 已经存在，不会覆盖它"),
            CannotWrite { path, why } => tr!(lang, "cannot write `{path}`: {why}", "无法写入 `{path}`：{why}"),
            NotEmpty { dir } => tr!(
                lang,
                "`{dir}` is not empty; init only creates a site in a new or empty folder",
                "`{dir}` 不是空文件夹；init 只在新的或空的文件夹里创建站点"
            ),
            NoRegionYet { region } => tr!(
                lang,
                "unknown region `{region}`: the site has no region yet (add one with `regionpress new region ID`)",
                "没有 `{region}` 这个区域：站点里还没有区域（先用 `regionpress new region 标识` 新建一个）"
            ),
            UnknownRegion { region, near: Some(n), known } => tr!(
                lang,
                "unknown region `{region}` (did you mean `{n}`?); known regions: {known}",
                "没有 `{region}` 这个区域（是不是想写 `{n}`？）；已有的区域：{known}"
            ),
            UnknownRegion { region, near: None, known } => {
                tr!(lang, "unknown region `{region}`; known regions: {known}", "没有 `{region}` 这个区域；已有的区域：{known}")
            }
            BadId { id } => tr!(
                lang,
                "the id `{id}` must be lowercase ASCII letters, digits and `-` (for example `chengdu`)",
                "标识 `{id}` 只能用小写英文字母、数字和 `-`（例如 `chengdu`）"
            ),
            ReservedId { id, series } => tr!(
                lang,
                "region id `{id}` is reserved for the site's own URLs (`{series}` is the company-wide bulletin series); choose another id",
                "区域标识 `{id}` 留给网站自身使用（`{series}` 表示全公司简报）；请换一个标识"
            ),
            BadPeriod { period } => tr!(
                lang,
                "`{period}` is no bulletin period: write a month `2026-05` or a quarter `2026-q2`",
                "`{period}` 不是简报期次：月度写 `2026-05`，季度写 `2026-q2`"
            ),
            _ => return None,
        })
    }
}

/// Why an operation on a file or a port failed, in `lang` ([`super::IoCause`]):
/// a port in use, a missing file, no permission, …
pub fn io_reason(e: &std::io::Error, lang: Language) -> String {
    super::IoCause::from(e).text(lang)
}

/// Why `text` is no date `YYYY-MM-DD`, in `lang`: the month or day that
/// does not exist (`2026-02-30`: February has no 30th), or the form.
pub fn date_reason(text: &str, lang: Language) -> String {
    let parts: Vec<&str> = text.trim().split('-').collect();
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
    match (parts.len(), numbers.as_deref()) {
        (3, Some(&[year, month, day])) if parts[0].len() == 4 => {
            if !(1..=12).contains(&month) {
                return tr!(lang, "there is no month {month}", "一年只有12个月，没有{month}月");
            }
            let next = if month == 12 { (year as i32 + 1, 1) } else { (year as i32, month + 1) };
            let days = chrono::NaiveDate::from_ymd_opt(next.0, next.1, 1)
                .and_then(|d| d.pred_opt())
                .map(|d| chrono::Datelike::day(&d))
                .unwrap_or(31);
            if day == 0 || day > days {
                let en_month = [
                    "January",
                    "February",
                    "March",
                    "April",
                    "May",
                    "June",
                    "July",
                    "August",
                    "September",
                    "October",
                    "November",
                    "December",
                ][month as usize - 1];
                return tr!(
                    lang,
                    "{en_month} {year} has no day {day} (it has {days} days)",
                    "{year}年{month}月没有{day}日（这个月只有{days}天）"
                );
            }
            tr!(lang, "write it as 2026-05-12", "请写成 2026-05-12 这样的形式")
        }
        _ => tr!(lang, "write the year, month and day with `-`, as 2026-05-12", "年、月、日之间用 `-` 连接，写成 2026-05-12 这样的形式"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_port_in_use_is_said_in_the_language_asked() {
        let e = std::io::Error::from(std::io::ErrorKind::AddrInUse);
        assert_eq!(super::io_reason(&e, Language::ZhCn), "端口已被其他程序占用");
        assert_eq!(super::io_reason(&e, Language::En), "the port is in use by another program");
    }

    use super::*;

    #[test]
    fn a_refused_date_says_why() {
        assert_eq!(date_reason("2026-02-30", Language::ZhCn), "2026年2月没有30日（这个月只有28天）");
        assert_eq!(date_reason("2024-02-30", Language::En), "February 2024 has no day 30 (it has 29 days)");
        assert_eq!(date_reason("2026-13-01", Language::ZhCn), "一年只有12个月，没有13月");
        assert!(date_reason("2026/5/12", Language::ZhCn).contains("2026-05-12"));
    }

    #[test]
    fn every_command_path_has_help_in_both_languages() {
        for path in ["", "build", "new report", "new help", "export bulletin", "check"] {
            let (en, zh) = (help(path, "", Language::En), help(path, "", Language::ZhCn));
            assert!(en.is_some() && zh.is_some_and(|t| !t.is_ascii()) && en != zh, "{path}");
        }
        // Options shared by every command, and those of one family.
        assert!(help("serve", "root", Language::ZhCn).is_some());
        assert_eq!(help("export report", "format", Language::En), help("export bulletin", "format", Language::En));
    }
}
