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
    match cli.command {
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
