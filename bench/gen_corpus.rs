//! Writes a synthetic site for the benchmarks and scale tests (what it
//! holds: `bench/corpus.rs`):
//!
//! ```sh
//! cargo run --release --example gen_corpus -- OUT [--reports 10000] [--classes 1000] \
//!     [--regions 20] [--seed 7] [--format native|hugo|zola] [--issued N] [--photos-every N]
//! ```
//!
//! `--photos-every 10` gives one report in ten a synthetic 5-megapixel
//! phone photo (EXIF orientation and GPS) named in its body;
//! without it the corpus is the benchmarks' usual one.
//!
//! OUT is deleted first if it exists. The same options always give
//! byte-identical files. `--issued N` (native only) then records the N
//! oldest bulletin issues as issued (`regionpress::publish::issue_oldest`),
//! so that a build exports them as PDF and Word files.

#[path = "corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};

#[derive(Parser)]
#[command(about = "Writes a synthetic regional party-building site (bench/corpus.rs)")]
struct Args {
    /// The folder to write (deleted first if it exists).
    out: PathBuf,
    #[arg(long, default_value_t = 10_000)]
    reports: usize,
    #[arg(long, default_value_t = 1_000)]
    classes: usize,
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    regions: u32,
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// The site generator to write for.
    #[arg(long, value_enum, default_value_t = FormatArg::Native)]
    format: FormatArg,
    /// Record the N oldest bulletin issues as issued (native format only).
    #[arg(long, default_value_t = 0)]
    issued: usize,
    /// Give one report in N a synthetic phone photo with EXIF orientation
    /// and GPS (native format only; 0: none, the benchmarks' default).
    #[arg(long, default_value_t = 0)]
    photos_every: usize,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Native,
    Hugo,
    Zola,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let format = match args.format {
        FormatArg::Native => corpus::Format::Native,
        FormatArg::Hugo => corpus::Format::Hugo,
        FormatArg::Zola => corpus::Format::Zola,
    };
    let opts = corpus::Options {
        reports: args.reports,
        classes: args.classes,
        regions: args.regions as usize,
        seed: args.seed,
        format,
        photos_every: args.photos_every,
    };
    if args.issued > 0 && format != corpus::Format::Native {
        eprintln!("gen_corpus: --issued needs --format native");
        return ExitCode::FAILURE;
    }
    match corpus::generate(&args.out, &opts) {
        Ok(()) => {
            let (out, format) = (args.out.display(), format!("{format:?}").to_lowercase());
            println!("{out}: {} regions, {} reports, {} classes ({format})", opts.regions, opts.reports, opts.classes);
            if args.issued > 0 {
                match regionpress::publish::issue_oldest(&args.out, args.issued) {
                    Ok(n) => println!("{out}: {n} bulletin issues recorded as issued"),
                    Err(e) => {
                        eprintln!("gen_corpus: {e:#}");
                        return ExitCode::FAILURE;
                    }
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::FAILURE
        }
    }
}
