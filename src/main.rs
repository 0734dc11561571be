//! The `regionpress` command line: parse arguments, call the library, map
//! the outcome to an exit code (0 success, 1 content errors, 2 usage or I/O).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use regionpress::{BuildError, BuildOptions};

#[derive(Parser)]
#[command(name = "regionpress", version, about = "Static site generator for regional party-building bulletins")]
struct Cli {
    #[command(subcommand)]
    command: Command,
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

fn usage_error(e: anyhow::Error) -> ExitCode {
    eprintln!("error: {e:#}");
    ExitCode::from(2)
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
        Command::Build { root, output, base_url, drafts, quiet } => {
            let progress = !quiet && std::io::stderr().is_terminal();
            let opts = BuildOptions { root, output, base_url, drafts, progress };
            match regionpress::build(&opts) {
                Ok(summary) => {
                    for d in summary.warnings.sorted() {
                        eprint!("{}", d.render());
                    }
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
                Err(BuildError::Content(diags)) => {
                    for d in diags.sorted() {
                        eprint!("{}", d.render());
                    }
                    eprintln!(
                        "error: build failed with {} error(s) and {} warning(s); nothing was written",
                        diags.error_count(),
                        diags.warning_count()
                    );
                    ExitCode::from(1)
                }
                Err(BuildError::Other(e)) => {
                    eprintln!("error: {e:#}");
                    ExitCode::from(2)
                }
            }
        }
    }
}
