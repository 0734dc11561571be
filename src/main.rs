//! The `regionpress` command line: parse arguments, call the library, map
//! the outcome to an exit code (0 success, 1 content errors, 2 usage or I/O).

#![warn(clippy::unwrap_used)]

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use regionpress::diagnostics::{Diagnostics, Format};
use regionpress::language::Language;
use regionpress::{BuildError, BuildOptions, CheckOptions};

#[derive(Parser)]
#[command(name = "regionpress", version, about = "Static site generator for regional party-building bulletins")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// `--lang`: the language of messages.
#[derive(Clone, Copy, ValueEnum)]
enum Lang {
    #[value(name = "zh-CN", alias = "zh", alias = "zh-cn")]
    ZhCn,
    #[value(name = "en")]
    En,
}

impl From<Lang> for Language {
    fn from(l: Lang) -> Language {
        match l {
            Lang::ZhCn => Language::ZhCn,
            Lang::En => Language::En,
        }
    }
}

/// `--format` of `check`.
#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// For people, on stderr: location, message, source line, caret, hint.
    Text,
    /// One JSON object per diagnostic and line, on stdout (schema in docs/errors.md).
    Json,
    /// GitHub Actions annotations (`::error file=…,line=…,col=…::…`), on stdout.
    Github,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build {
        /// The site folder (holding site.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: <root>/public).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override base_url from site.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// Build drafts too.
        #[arg(long)]
        drafts: bool,
        /// Print nothing on success.
        #[arg(long, short)]
        quiet: bool,
        /// Language of messages (default: the site's `language`).
        #[arg(long, value_enum, ignore_case = true)]
        lang: Option<Lang>,
        /// Write into an existing non-empty folder that regionpress did not make, replacing its contents.
        #[arg(long)]
        force: bool,
        /// The build date (YYYY-MM-DD) on which problems and decisions are
        /// judged overdue; default `REGIONPRESS_DATE`, else today.
        #[arg(long, value_parser = parse_day)]
        date: Option<chrono::NaiveDate>,
    },
    /// Serve the site from memory with live reload; rebuilds what changed on every save.
    Serve {
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Port (0: any free port); when it is taken the next ones are tried.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Serve drafts too.
        #[arg(long)]
        drafts: bool,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Create a new site (site.yaml, a region, a report, a class, an about page) in an empty folder.
    Init {
        /// The folder to create.
        dir: PathBuf,
    },
    /// Add a report, class or region with filled-in front matter.
    New {
        #[command(subcommand)]
        what: NewCommand,
        /// The site folder.
        #[arg(long, default_value = ".", global = true)]
        root: PathBuf,
    },
    /// Bulletin issues: record that an issue was issued.
    Bulletin {
        #[command(subcommand)]
        what: BulletinCommand,
    },
    /// Write one bulletin issue, report or class as a PDF or Word file (an open issue as a proof marked 待印发).
    Export {
        #[command(subcommand)]
        what: ExportCommand,
    },
    /// Import a Word manuscript (.docx) as a report or class, with its photos; prints what is left to fill in.
    Import(ImportArgs),
    /// Check the site (content, links, anchors, templates) without writing anything.
    Check {
        /// The site folder (holding site.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print the diagnostics.
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
        /// Language of messages (default: the site's `language`).
        #[arg(long, value_enum, ignore_case = true)]
        lang: Option<Lang>,
        /// Check as if drafts were published (`build --drafts`).
        #[arg(long)]
        drafts: bool,
        /// Also list what awaits review (初稿, 待审), grouped by reviewer.
        #[arg(long)]
        pending: bool,
        /// The build date (YYYY-MM-DD), as for `build`.
        #[arg(long, value_parser = parse_day)]
        date: Option<chrono::NaiveDate>,
    },
}

#[derive(Subcommand)]
enum BulletinCommand {
    /// Record in the issue's note file that it was issued: its date, number, total and items, fixed from then on.
    Issue {
        /// Region id, or `all` for the company-wide series.
        series: String,
        /// The issue: a period (`2026-05`, `2026-q2`) or a supplement (`2026-s1`).
        period: String,
        /// Issue date, YYYY-MM-DD (default: today).
        #[arg(long, value_parser = parse_day)]
        date: Option<chrono::NaiveDate>,
        /// Who signed the issue off (签发).
        #[arg(long)]
        signer: Option<String>,
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// `--format` of `export`.
#[derive(Clone, Copy, ValueEnum)]
enum FileFormat {
    /// PDF/A-2b.
    Pdf,
    /// Word (.docx).
    Docx,
}

#[derive(Subcommand)]
enum ExportCommand {
    /// A bulletin issue, as the build makes it; an issue not yet issued as a proof marked 待印发.
    Bulletin {
        /// Region id, or `all` for the company-wide series.
        series: String,
        /// The issue: a period (`2026-05`, `2026-q2`) or a supplement (`2026-s1`).
        period: String,
        #[command(flatten)]
        file: ExportFile,
    },
    /// A report or a party class, by its slug (or its file under content/).
    Report {
        /// The page's slug (`2026-03-05-joint-class`) or its file (`reports/2026/x.md`).
        slug: String,
        #[command(flatten)]
        file: ExportFile,
    },
}

/// Where and how `export` writes.
#[derive(clap::Args)]
struct ExportFile {
    /// The file's format.
    #[arg(long, value_enum, default_value = "pdf")]
    format: FileFormat,
    /// The file to write (default: the site's name for it, in the current folder).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Replace the file if it exists.
    #[arg(long)]
    force: bool,
    /// The site folder.
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

/// Runs `export` and prints the file written, or why not, in the site's language.
fn export(target: regionpress::publish::ExportTarget, file: ExportFile) -> ExitCode {
    let (mut stdout, mut stderr) = (std::io::stdout(), std::io::stderr());
    let format = match file.format {
        FileFormat::Pdf => regionpress::config::ExportFormat::Pdf,
        FileFormat::Docx => regionpress::config::ExportFormat::Docx,
    };
    let opts = regionpress::publish::ExportOptions { root: file.root, target, format, output: file.output, force: file.force };
    match regionpress::publish::export(&opts) {
        Ok(r) => {
            let (path, kb) = (r.file.display(), r.bytes.div_ceil(1024));
            match (r.language, r.open) {
                (Language::En, false) => println!("wrote {path} ({kb} KB): {}", r.title),
                (Language::En, true) => println!("wrote {path} ({kb} KB): {}, a proof marked not yet issued", r.title),
                (Language::ZhCn, false) => println!("已写入 {path}（{kb} KB）：{}", r.title),
                (Language::ZhCn, true) => println!("已写入 {path}（{kb} KB）：{}，校样，标有“待印发”", r.title),
            }
            ExitCode::SUCCESS
        }
        Err(regionpress::publish::IssueError::Refused(diags, lang)) => {
            diags.print(Format::Text, lang, "", &mut stdout, &mut stderr);
            ExitCode::from(1)
        }
        Err(regionpress::publish::IssueError::Other(e)) => usage_error(e),
    }
}

/// `--date`: a day written `YYYY-MM-DD`.
fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("`{s}` is not a date like 2026-11-05"))
}

/// Runs `bulletin issue` and prints what it recorded, or why not, in the site's language.
fn bulletin_issue(opts: regionpress::publish::IssueOptions) -> ExitCode {
    let (mut stdout, mut stderr) = (std::io::stdout(), std::io::stderr());
    match regionpress::publish::issue(&opts) {
        Ok(r) => {
            let (date, file) = (r.date.format("%Y-%m-%d"), &r.file);
            let number = match (r.language, r.total, r.supplement) {
                (Language::ZhCn, _, true) => format!("增刊第{}期", r.number),
                (Language::ZhCn, Some(t), false) => format!("第{}期（总第{t}期）", r.number),
                (Language::ZhCn, None, false) => format!("第{}期", r.number),
                (Language::En, _, true) => format!("supplement no. {}", r.number),
                (Language::En, Some(t), false) => format!("no. {} (no. {t} overall)", r.number),
                (Language::En, None, false) => format!("no. {}", r.number),
            };
            match r.language {
                Language::En => println!("recorded in {file}: issued on {date} as {number}, {} item(s), {} late", r.items, r.late),
                Language::ZhCn => println!("已记录于 {file}：{date} 印发，{number}，共 {} 篇，其中补报 {} 篇", r.items, r.late),
            }
            ExitCode::SUCCESS
        }
        Err(regionpress::publish::IssueError::Refused(diags, lang)) => {
            diags.print(Format::Text, lang, "", &mut stdout, &mut stderr);
            ExitCode::from(1)
        }
        Err(regionpress::publish::IssueError::Other(e)) => usage_error(e),
    }
}

/// The options of `import` (issue 20, part 5).
#[derive(clap::Args)]
struct ImportArgs {
    /// The Word file (.docx).
    file: PathBuf,
    /// Region id.
    #[arg(long)]
    region: Option<String>,
    /// What the manuscript is.
    #[arg(long, value_enum, default_value = "report")]
    kind: ImportKind,
    /// The activity's date (YYYY-MM-DD), when the text does not say it.
    #[arg(long, value_parser = parse_day)]
    date: Option<chrono::NaiveDate>,
    /// Replace the Markdown file and photos if they exist.
    #[arg(long)]
    force: bool,
    /// Language of messages (default: the site's `language`).
    #[arg(long, value_enum, ignore_case = true)]
    lang: Option<Lang>,
    /// The site folder.
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

/// `--kind` of `import` (issue 20, part 5).
#[derive(Clone, Copy, ValueEnum)]
enum ImportKind {
    /// An activity report (content/reports/).
    Report,
    /// A party class (content/classes/).
    Class,
}

/// Runs `import` and prints what was imported and what is left to fill
/// in, or why nothing was, in the site's language (issue 20, part 5).
fn import(args: ImportArgs, today: chrono::NaiveDate) -> ExitCode {
    let kind = match args.kind {
        ImportKind::Report => regionpress::import::Kind::Report,
        ImportKind::Class => regionpress::import::Kind::Class,
    };
    let ImportArgs { file, region, date, force, lang, root, .. } = args;
    let opts = regionpress::import::ImportOptions { root, file, region, kind, date, force, today, lang: lang.map(Language::from) };
    let (mut stdout, mut stderr) = (std::io::stdout(), std::io::stderr());
    match regionpress::import::import(&opts) {
        Ok(done) => {
            done.warnings.print(Format::Text, done.language, "", &mut stdout, &mut stderr);
            for line in done.summary.lines(done.language) {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(regionpress::import::ImportError::Refused(diags, lang)) => {
            diags.print(Format::Text, lang, "", &mut stdout, &mut stderr);
            ExitCode::from(1)
        }
        Err(regionpress::import::ImportError::Failed(diags, lang)) => {
            diags.print(Format::Text, lang, "", &mut stdout, &mut stderr);
            ExitCode::from(2)
        }
    }
}

#[derive(Subcommand)]
enum NewCommand {
    /// A new activity report in content/reports/<year>/.
    Report {
        /// Region id.
        #[arg(long)]
        region: String,
        /// Title (Chinese is fine; the file name is transliterated).
        title: String,
    },
    /// A new party class in content/classes/<year>/.
    Class {
        /// Region id.
        #[arg(long)]
        region: String,
        /// Lecturer's name.
        #[arg(long)]
        lecturer: String,
        /// Title.
        title: String,
    },
    /// A new region profile content/regions/<id>.yaml.
    Region {
        /// Region id: lowercase ASCII letters, digits and `-`.
        id: String,
    },
}

/// Prints a usage or I/O error (exit status 2). Control characters in it
/// (a path or a value from the command line or the site) are printed as
/// escapes, as in diagnostics.
fn usage_error(e: anyhow::Error) -> ExitCode {
    eprintln!("error: {}", regionpress::diagnostics::visible_controls(&format!("{e:#}"), "\n"));
    ExitCode::from(2)
}

/// What goes before site-relative paths in annotations: the `--root` as
/// given, so GitHub finds the file from the repository root.
fn github_prefix(root: &Path) -> String {
    let shown = root.to_string_lossy().replace('\\', "/");
    let shown = shown.trim_start_matches("./").trim_end_matches('/');
    if root.is_absolute() || shown.is_empty() || shown == "." { String::new() } else { format!("{shown}/") }
}

fn summary_line(diags: &Diagnostics, lang: Language) -> String {
    let (e, w, n) = (diags.error_count(), diags.warning_count(), diags.note_count());
    // Notes are counted only where there are some: most sites have none.
    match (lang, n) {
        (Language::En, 0) => format!("{e} error(s), {w} warning(s)"),
        (Language::En, n) => format!("{e} error(s), {w} warning(s), {n} note(s)"),
        (Language::ZhCn, 0) => format!("{e} 个错误，{w} 个警告"),
        (Language::ZhCn, n) => format!("{e} 个错误，{w} 个警告，{n} 条提示"),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let today = chrono::Local::now().date_naive();
    let (mut stdout, mut stderr) = (std::io::stdout(), std::io::stderr());
    match cli.command {
        Command::Serve { root, bind, port, drafts, open } => {
            match regionpress::serve::serve(&regionpress::serve::ServeOptions { root, bind, port, drafts, open }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => usage_error(e),
            }
        }
        Command::Init { dir } => match regionpress::scaffold::init(&dir, today) {
            Ok(()) => {
                println!(
                    "created a new site in {}; build it with `regionpress build --root {0}` or preview it with `regionpress serve --root {0}`",
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => usage_error(e),
        },
        Command::New { what, root } => {
            let made = match what {
                NewCommand::Report { region, title } => regionpress::scaffold::new_report(&root, &region, &title, today),
                NewCommand::Class { region, lecturer, title } => regionpress::scaffold::new_class(&root, &region, &lecturer, &title, today),
                NewCommand::Region { id } => regionpress::scaffold::new_region(&root, &id, today),
            };
            match made {
                Ok(path) => {
                    println!("created {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => usage_error(e),
            }
        }
        Command::Build { root, output, base_url, drafts, quiet, lang, force, date } => {
            let progress = !quiet && std::io::stderr().is_terminal();
            let opts = BuildOptions { root, output, base_url, drafts, progress, force, lang: lang.map(Language::from), date };
            match regionpress::build(&opts) {
                Ok(summary) => {
                    let lang = lang.map(Language::from).unwrap_or(summary.language);
                    summary.warnings.print(Format::Text, lang, "", &mut stdout, &mut stderr);
                    if !quiet {
                        println!(
                            "built {} pages ({} files, {} changed) in {:.2} s into {}",
                            summary.pages,
                            summary.files,
                            summary.written,
                            summary.seconds,
                            summary.output.display()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(BuildError::Content(diags, site_lang)) => {
                    let lang = lang.map(Language::from).unwrap_or(site_lang);
                    diags.print(Format::Text, lang, "", &mut stdout, &mut stderr);
                    match lang {
                        Language::En => {
                            eprintln!("error: build failed with {}; nothing was written", summary_line(&diags, lang))
                        }
                        Language::ZhCn => eprintln!("错误：生成失败，共 {}；没有写入任何文件", summary_line(&diags, lang)),
                    }
                    ExitCode::from(1)
                }
                Err(BuildError::Output(diags, site_lang)) => {
                    let lang = lang.map(Language::from).unwrap_or(site_lang);
                    diags.print(Format::Text, lang, "", &mut stdout, &mut stderr);
                    match lang {
                        Language::En => eprintln!("error: build failed; the previous output is as it was"),
                        Language::ZhCn => eprintln!("错误：生成失败；原有的输出保持不变"),
                    }
                    ExitCode::from(2)
                }
                Err(BuildError::Other(e)) => usage_error(e),
            }
        }
        Command::Bulletin { what: BulletinCommand::Issue { series, period, date, signer, root } } => {
            bulletin_issue(regionpress::publish::IssueOptions { root, series, period, date, signer, today })
        }
        Command::Export { what: ExportCommand::Bulletin { series, period, file } } => {
            export(regionpress::publish::ExportTarget::Bulletin { series, period }, file)
        }
        Command::Export { what: ExportCommand::Report { slug, file } } => export(regionpress::publish::ExportTarget::Page { slug }, file),
        Command::Import(args) => import(args, today),
        Command::Check { root, format, strict, lang, drafts, pending, date } => {
            let prefix = github_prefix(&root);
            let report = match regionpress::check(&CheckOptions { root, drafts, pending, date }) {
                Ok(r) => r,
                Err(e) => return usage_error(e),
            };
            let lang = lang.map(Language::from).unwrap_or(report.language);
            let diags = &report.diagnostics;
            let format = Format::from(format);
            diags.print(format, lang, &prefix, &mut stdout, &mut stderr);
            print_pending(report.pending.as_deref(), format, lang, &mut stdout);
            let failed = diags.has_errors() || (strict && diags.warning_count() > 0);
            if format == Format::Text {
                let counts = summary_line(diags, lang);
                let (pages, regions) = (report.pages, report.regions);
                match (lang, failed) {
                    (Language::En, false) => eprintln!("checked {pages} pages and {regions} regions: {counts}"),
                    (Language::En, true) => eprintln!("error: check failed: {counts}"),
                    (Language::ZhCn, false) => eprintln!("已检查 {pages} 个页面、{regions} 个区域：{counts}"),
                    (Language::ZhCn, true) => eprintln!("错误：检查未通过，共 {counts}"),
                }
            }
            if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
    }
}

/// `check --pending`: what awaits review, grouped by reviewer (issue 18);
/// nothing without `--pending` (`None`). With `--format json`, one JSON
/// object a line (`{"pending": {reviewer, file, title, state}}`), after the
/// diagnostics.
fn print_pending(items: Option<&[regionpress::content::review::Pending]>, format: Format, lang: Language, out: &mut impl std::io::Write) {
    let Some(items) = items else { return };
    if format == Format::Json {
        for p in items {
            let state = p.state.map(|s| s.as_str()).unwrap_or("unmarked");
            let line = serde_json::json!({ "pending": { "reviewer": p.reviewer, "file": p.file, "title": p.title, "state": state } });
            let _ = writeln!(out, "{line}");
        }
        return;
    }
    let (title, nobody, unmarked) = match lang {
        Language::ZhCn => ("待审核内容", "未指定审核人", "未标注"),
        Language::En => ("Awaiting review", "no reviewer named", "not marked"),
    };
    let files: std::collections::BTreeSet<&str> = items.iter().map(|p| p.file.as_str()).collect();
    let _ = match lang {
        Language::ZhCn => writeln!(out, "{title}：{} 个文件", files.len()),
        Language::En => writeln!(out, "{title}: {} files", files.len()),
    };
    let mut current: Option<&str> = None;
    for p in items {
        if current != Some(p.reviewer.as_str()) {
            current = Some(p.reviewer.as_str());
            let who = if p.reviewer.is_empty() { nobody } else { &p.reviewer };
            let _ = match lang {
                Language::ZhCn => writeln!(out, "审核人 {who}："),
                Language::En => writeln!(out, "reviewer {who}:"),
            };
        }
        let state = p.state.map(|s| s.label()).unwrap_or(unmarked);
        let _ = writeln!(out, "  {}\t{}\t{}", p.file, state, p.title);
    }
}

impl From<OutputFormat> for Format {
    fn from(f: OutputFormat) -> Format {
        match f {
            OutputFormat::Text => Format::Text,
            OutputFormat::Json => Format::Json,
            OutputFormat::Github => Format::Github,
        }
    }
}
