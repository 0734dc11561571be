//! The `regionpress` command line: parse arguments, call the library, map
//! the outcome to an exit code (0 success, 1 content errors, 2 usage or I/O).

#![warn(clippy::unwrap_used)]

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use regionpress::diagnostics::{Diagnostics, Format};
use regionpress::language::Language;
use regionpress::messages::cli::Say;
use regionpress::{BuildError, BuildOptions, CheckOptions};

// The help of every command and option is in the message catalogue
// (`messages::cli`, by command path and option id), in Chinese and
// English; `cli::localize` puts it in. A new subcommand needs its lines
// there.
#[derive(Parser)]
#[command(name = "regionpress", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    // Language of messages (default: the site's `language`, else the locale).
    #[arg(long, value_enum, ignore_case = true, global = true, hide_possible_values = true)]
    lang: Option<Lang>,
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

/// `--format` of `check`: text for people (stderr), JSON Lines (stdout,
/// schema in docs/errors.md), GitHub Actions annotations (stdout).
#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
    Github,
}

#[derive(Subcommand)]
enum Command {
    Build {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        output: Option<PathBuf>,
        #[arg(long)]
        base_url: Option<String>,
        #[arg(long)]
        drafts: bool,
        #[arg(long, short)]
        quiet: bool,
        #[arg(long)]
        force: bool,
        #[arg(long, value_parser = parse_day)]
        date: Option<chrono::NaiveDate>,
    },
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        #[arg(long)]
        drafts: bool,
        #[arg(long)]
        open: bool,
    },
    Init {
        dir: PathBuf,
    },
    New {
        #[command(subcommand)]
        what: NewCommand,
        #[arg(long, default_value = ".", global = true)]
        root: PathBuf,
    },
    Bulletin {
        #[command(subcommand)]
        what: BulletinCommand,
    },
    Export {
        #[command(subcommand)]
        what: ExportCommand,
    },
    /// Import a Word manuscript (.docx) as a report or class, with its photos; prints what is left to fill in.
    Import(ImportArgs),
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
        #[arg(long)]
        strict: bool,
        #[arg(long)]
        drafts: bool,
        #[arg(long)]
        pending: bool,
        #[arg(long, value_parser = parse_day)]
        date: Option<chrono::NaiveDate>,
    },
}

#[derive(Subcommand)]
enum BulletinCommand {
    Issue {
        series: String,
        period: String,
        #[arg(long, value_parser = parse_day)]
        date: Option<chrono::NaiveDate>,
        #[arg(long)]
        signer: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    Keep {
        series: String,
        period: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// `--format` of `export`: PDF/A-2b or Word (.docx).
#[derive(Clone, Copy, ValueEnum)]
enum FileFormat {
    Pdf,
    Docx,
}

#[derive(Subcommand)]
enum ExportCommand {
    Bulletin {
        series: String,
        period: String,
        #[command(flatten)]
        file: ExportFile,
    },
    Report {
        slug: String,
        #[command(flatten)]
        file: ExportFile,
    },
}

/// Where and how `export` writes.
#[derive(clap::Args)]
struct ExportFile {
    #[arg(long, value_enum, default_value = "pdf")]
    format: FileFormat,
    #[arg(long, short)]
    output: Option<PathBuf>,
    #[arg(long)]
    force: bool,
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

/// Runs `export` and prints the file written, or why not, in `lang` (the site's by default).
fn export(target: regionpress::publish::ExportTarget, file: ExportFile, lang: Option<Language>) -> ExitCode {
    let format = match file.format {
        FileFormat::Pdf => regionpress::config::ExportFormat::Pdf,
        FileFormat::Docx => regionpress::config::ExportFormat::Docx,
    };
    let opts = regionpress::publish::ExportOptions { root: file.root, target, format, output: file.output, force: file.force, lang };
    published(regionpress::publish::export(&opts), lang, |r| {
        let (path, kb) = (r.file.display().to_string(), r.bytes.div_ceil(1024));
        Say::Exported { path, kb, title: r.title, proof: r.open }.text(lang.unwrap_or(r.language))
    })
}

/// Prints what `export`, `bulletin issue` or `bulletin keep` did (`said`
/// words it), or why it was refused, in `lang` (the site's by default).
fn published<T>(result: Result<T, regionpress::publish::IssueError>, lang: Option<Language>, said: impl FnOnce(T) -> String) -> ExitCode {
    match result {
        Ok(done) => {
            println!("{}", said(done));
            ExitCode::SUCCESS
        }
        Err(regionpress::publish::IssueError::Refused(diags, site_lang)) => {
            let (mut stdout, mut stderr) = (std::io::stdout(), std::io::stderr());
            diags.print(Format::Text, lang.unwrap_or(site_lang), "", &mut stdout, &mut stderr);
            ExitCode::from(1)
        }
        Err(regionpress::publish::IssueError::Other(e)) => usage_error(e, lang.or(LANG.get().copied()).unwrap_or_default()),
    }
}

/// The language the command line speaks (set once, before parsing).
static LANG: std::sync::OnceLock<Language> = std::sync::OnceLock::new();

/// `--date`: a day written `YYYY-MM-DD`; refused with the reason.
fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    let lang = LANG.get().copied().unwrap_or_default();
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| regionpress::messages::cli::date_reason(s, lang))
}

/// Runs `bulletin issue` and prints what it recorded, or why not, in `lang` (the site's by default).
fn bulletin_issue(opts: regionpress::publish::IssueOptions, lang: Option<Language>) -> ExitCode {
    published(regionpress::publish::issue(&opts), lang, |r| {
        let lang = lang.unwrap_or(r.language);
        let number = Say::IssueNumber { number: r.number, total: r.total, supplement: r.supplement }.text(lang);
        let (date, file) = (r.date.format("%Y-%m-%d").to_string(), r.file.to_string());
        Say::Issued { file, date, number, items: r.items, late: r.late, copies: r.copies }.text(lang)
    })
}

/// Runs `bulletin keep` and prints what it wrote, or why not, in `lang` (the site's by default).
fn bulletin_keep(opts: regionpress::publish::KeepOptions, lang: Option<Language>) -> ExitCode {
    published(regionpress::publish::keep(&opts), lang, |k| {
        Say::Kept { copies: k.copies, written: k.written }.text(lang.unwrap_or(k.language))
    })
}

/// The options of `import`.
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
    /// The site folder.
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

/// `--kind` of `import`.
#[derive(Clone, Copy, ValueEnum)]
enum ImportKind {
    // No doc comments on the values: clap would print them, in English,
    // under the catalogue's help text.
    Report,
    Class,
}

/// Runs `import` and prints what was imported and what is left to fill
/// in, or why nothing was, in the site's language.
fn import(args: ImportArgs, today: chrono::NaiveDate, lang: Option<Language>) -> ExitCode {
    let kind = match args.kind {
        ImportKind::Report => regionpress::import::Kind::Report,
        ImportKind::Class => regionpress::import::Kind::Class,
    };
    let ImportArgs { file, region, date, force, root, .. } = args;
    let opts = regionpress::import::ImportOptions { root, file, region, kind, date, force, today, lang };
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
    Report {
        #[arg(long)]
        region: String,
        title: String,
    },
    Class {
        #[arg(long)]
        region: String,
        #[arg(long)]
        lecturer: String,
        title: String,
    },
    Meeting {
        #[arg(long)]
        region: String,
        title: String,
    },
    Note {
        #[arg(long)]
        region: String,
        period: Option<String>,
    },
    Problem {
        #[arg(long)]
        region: String,
        id: String,
    },
    Region {
        id: String,
    },
}

/// Prints a usage or I/O error (exit status 2). Control characters in it
/// (a path or a value from the command line or the site) are printed as
/// escapes, as in diagnostics.
fn usage_error(e: anyhow::Error, lang: Language) -> ExitCode {
    let detail = regionpress::diagnostics::visible_controls(&format!("{e:#}"), "\n");
    eprintln!("{}", Say::Error { detail }.text(lang));
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
    // Notes are counted only where there are some: most sites have none.
    Say::Counts { errors: diags.error_count(), warnings: diags.warning_count(), notes: diags.note_count() }.text(lang)
}

/// A command that works on a site refuses, with exit status 2, a folder
/// that does not exist or is no site (no site.yaml, no content/).
fn site_refused(root: &Path, lang: Language) -> Option<ExitCode> {
    let shown = regionpress::diagnostics::visible_controls(&root.display().to_string(), "\n");
    let said = if !root.is_dir() {
        Say::NoSuchFolder { root: shown }
    } else if !regionpress::cli::is_site(root) {
        Say::NotASite { root: shown }
    } else {
        return None;
    };
    eprintln!("{}", Say::Error { detail: said.text(lang) }.text(lang));
    Some(ExitCode::from(2))
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = regionpress::cli::language(&args);
    let _ = LANG.set(lang);
    let command = regionpress::cli::localize(Cli::command(), lang);
    let cli = match command.try_get_matches_from(&args).and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(c) => c,
        Err(e) => {
            let (text, to_stderr, code) = regionpress::cli::render_error(&e, lang);
            if to_stderr {
                eprint!("{text}");
            } else {
                print!("{text}");
            }
            return ExitCode::from(code);
        }
    };
    let today = chrono::Local::now().date_naive();
    let asked = cli.lang.map(Language::from);
    let root = match &cli.command {
        Command::Build { root, .. } | Command::Serve { root, .. } | Command::New { root, .. } | Command::Check { root, .. } => {
            Some(root.clone())
        }
        Command::Bulletin { what: BulletinCommand::Issue { root, .. } | BulletinCommand::Keep { root, .. } } => Some(root.clone()),
        Command::Export { what: ExportCommand::Bulletin { file, .. } | ExportCommand::Report { file, .. } } => Some(file.root.clone()),
        Command::Import(args) => Some(args.root.clone()),
        Command::Init { .. } => None,
    };
    if let Some(refused) = root.and_then(|r| site_refused(&r, lang)) {
        return refused;
    }
    match cli.command {
        Command::Serve { root, bind, port, drafts, open } => {
            match regionpress::serve::serve(&regionpress::serve::ServeOptions { root, bind, port, drafts, open, lang: asked }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => usage_error(e, lang),
            }
        }
        Command::Init { dir } => match regionpress::scaffold::init(&dir, today, lang) {
            Ok(()) => {
                println!("{}", Say::InitDone { dir: dir.display().to_string() }.text(lang));
                ExitCode::SUCCESS
            }
            Err(e) => usage_error(e, lang),
        },
        Command::New { what, root } => new(what, &root, today, lang),
        Command::Build { root, output, base_url, drafts, quiet, force, date } => {
            let progress = !quiet && std::io::stderr().is_terminal();
            build(BuildOptions { root, output, base_url, drafts, progress, force, lang: asked, date }, quiet)
        }
        Command::Bulletin { what: BulletinCommand::Issue { series, period, date, signer, root } } => {
            bulletin_issue(regionpress::publish::IssueOptions { root, series, period, date, signer, today, lang: asked }, asked)
        }
        Command::Bulletin { what: BulletinCommand::Keep { series, period, root } } => {
            bulletin_keep(regionpress::publish::KeepOptions { root, series, period, lang: asked }, asked)
        }
        Command::Export { what: ExportCommand::Bulletin { series, period, file } } => {
            export(regionpress::publish::ExportTarget::Bulletin { series, period }, file, asked)
        }
        Command::Export { what: ExportCommand::Report { slug, file } } => {
            export(regionpress::publish::ExportTarget::Page { slug }, file, asked)
        }
        Command::Import(args) => import(args, today, asked),
        Command::Check { root, format, strict, drafts, pending, date } => {
            check(CheckOptions { root, drafts, pending, date }, Format::from(format), strict, asked)
        }
    }
}

/// `new`: writes the file asked for and says where, or why not.
fn new(what: NewCommand, root: &Path, today: chrono::NaiveDate, lang: Language) -> ExitCode {
    use regionpress::scaffold;
    let made = match what {
        NewCommand::Report { region, title } => scaffold::new_report(root, &region, &title, today, lang),
        NewCommand::Class { region, lecturer, title } => scaffold::new_class(root, &region, &lecturer, &title, today, lang),
        NewCommand::Meeting { region, title } => scaffold::new_meeting(root, &region, &title, today, lang),
        NewCommand::Note { region, period } => scaffold::new_note(root, &region, period.as_deref(), today, lang),
        NewCommand::Problem { region, id } => scaffold::new_problem(root, &region, &id, today, lang),
        NewCommand::Region { id } => scaffold::new_region(root, &id, today, lang),
    };
    match made {
        Ok(path) => {
            // `./content/…` reads better as `content/…`.
            let shown = path.strip_prefix(".").unwrap_or(&path);
            println!("{}", Say::Created { path: shown.display().to_string() }.text(lang));
            ExitCode::SUCCESS
        }
        Err(e) => usage_error(e, lang),
    }
}

/// `build`: builds, prints the warnings and one line saying what was made, or why not.
fn build(opts: BuildOptions, quiet: bool) -> ExitCode {
    let (mut stdout, mut stderr) = (std::io::stdout(), std::io::stderr());
    let asked = opts.lang;
    match regionpress::build(&opts) {
        Ok(summary) => {
            let lang = asked.unwrap_or(summary.language);
            summary.warnings.print(Format::Text, lang, "", &mut stdout, &mut stderr);
            if !quiet {
                let said = Say::Built {
                    pages: summary.pages,
                    content: summary.content,
                    files: summary.files,
                    changed: summary.written,
                    seconds: summary.seconds,
                    output: summary.output.display().to_string(),
                };
                println!("{}", said.text(lang));
            }
            ExitCode::SUCCESS
        }
        Err(BuildError::Content(diags, site_lang)) => {
            let lang = asked.unwrap_or(site_lang);
            diags.print(Format::Text, lang, "", &mut stdout, &mut stderr);
            eprintln!("{}", Say::BuildFailed { counts: summary_line(&diags, lang) }.text(lang));
            ExitCode::from(1)
        }
        Err(BuildError::Output(diags, site_lang)) => {
            let lang = asked.unwrap_or(site_lang);
            diags.print(Format::Text, lang, "", &mut stdout, &mut stderr);
            eprintln!("{}", Say::BuildOutputFailed.text(lang));
            ExitCode::from(2)
        }
        Err(BuildError::Other(e)) => usage_error(e, asked.or(LANG.get().copied()).unwrap_or_default()),
    }
}

/// `check`: prints every problem, then (as text) one line with the counts.
fn check(opts: CheckOptions, format: Format, strict: bool, asked: Option<Language>) -> ExitCode {
    let (mut stdout, mut stderr) = (std::io::stdout(), std::io::stderr());
    let prefix = github_prefix(&opts.root);
    let report = match regionpress::check(&opts) {
        Ok(r) => r,
        Err(e) => return usage_error(e, asked.or(LANG.get().copied()).unwrap_or_default()),
    };
    let lang = asked.unwrap_or(report.language);
    let diags = &report.diagnostics;
    diags.print(format, lang, &prefix, &mut stdout, &mut stderr);
    print_pending(report.pending.as_deref(), format, lang, &mut stdout);
    let failed = diags.has_errors() || (strict && diags.warning_count() > 0);
    if format == Format::Text {
        let counts = summary_line(diags, lang);
        let said = match failed {
            false => Say::Checked { content: report.pages, regions: report.regions, counts },
            true => Say::CheckFailed { counts },
        };
        eprintln!("{}", said.text(lang));
    }
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// `check --pending`: what awaits review, grouped by reviewer;
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
    let (nobody, unmarked) = (Say::NoReviewer.text(lang), Say::Unmarked.text(lang));
    let files: std::collections::BTreeSet<&str> = items.iter().map(|p| p.file.as_str()).collect();
    let _ = writeln!(out, "{}", Say::PendingTitle { files: files.len() }.text(lang));
    let mut current: Option<&str> = None;
    for p in items {
        if current != Some(p.reviewer.as_str()) {
            current = Some(p.reviewer.as_str());
            let who = if p.reviewer.is_empty() { nobody.clone() } else { p.reviewer.clone() };
            let _ = writeln!(out, "{}", Say::PendingReviewer { who }.text(lang));
        }
        let state = p.state.map(|s| s.label()).unwrap_or(&unmarked);
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
