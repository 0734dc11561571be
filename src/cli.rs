//! The command line in the user's language: which
//! language it speaks, its help and its usage errors, worded from the
//! message catalogue ([`crate::messages::cli`]).
//!
//! The language is, in order: `--lang`, the `language` of the site the
//! command works on (`--root`, else the current folder), and outside a site
//! the user's locale (`LC_ALL`, `LC_MESSAGES`, `LANG` on Unix; the system's
//! on Windows). The binary defines its commands with clap's derive; this
//! module rewrites every command's and option's help from the catalogue
//! ([`localize`]) and words clap's errors ([`render_error`]). A new
//! subcommand needs only its lines in the catalogue's `HELP` table.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::language::Language;
use crate::messages::cli::{CLAP_WORDS_ZH, Say, Usage, help, value_name_zh};

/// The value of option `name` (`--root X` or `--root=X`) in `args`, the last one given.
fn option_value(args: &[OsString], name: &str) -> Option<OsString> {
    let long = format!("--{name}");
    let with_eq = format!("--{name}=");
    let mut found = None;
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        let s = a.to_string_lossy();
        if s == "--" {
            break;
        }
        if s == long {
            found = it.next().cloned();
        } else if let Some(v) = s.strip_prefix(&with_eq) {
            found = Some(OsString::from(v));
        }
    }
    found
}

/// `zh`, `zh-CN`, `zh_CN.UTF-8`, `en`, `en_US`… as a language; `None`
/// for anything else.
pub fn parse_language(tag: &str) -> Option<Language> {
    let t = tag.trim().to_ascii_lowercase();
    if t.starts_with("zh") {
        Some(Language::ZhCn)
    } else if t.starts_with("en") {
        Some(Language::En)
    } else {
        None
    }
}

/// The language of the user's locale; `None` when it names none (unset,
/// `C`, `POSIX`), and the caller keeps the default, Chinese.
pub fn locale_language() -> Option<Language> {
    #[cfg(windows)]
    {
        sys_locale::get_locale().as_deref().and_then(parse_language)
    }
    #[cfg(not(windows))]
    {
        // The first of these that is set decides, as for every program.
        let set = ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
        set.as_deref().and_then(parse_language)
    }
}

/// The site folder a command line works on: `--root`, else the current folder.
pub fn root_of(args: &[OsString]) -> PathBuf {
    option_value(args, "root").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."))
}

/// True when `root` looks like a site: it has `site.yaml` or `content/`.
pub fn is_site(root: &Path) -> bool {
    root.join("site.yaml").is_file() || root.join("content").is_dir()
}

/// The language to speak for the command line `args`.
pub fn language(args: &[OsString]) -> Language {
    if let Some(l) = option_value(args, "lang").and_then(|v| parse_language(&v.to_string_lossy())) {
        return l;
    }
    // `init` names the folder it makes, no site yet: the current folder
    // (a site, or not) decides, as for the other commands without `--root`.
    let root = root_of(args);
    if is_site(&root) {
        let mut ignored = crate::diagnostics::Diagnostics::default();
        return crate::config::SiteConfig::load(&root, &mut ignored).0.language;
    }
    locale_language().unwrap_or_default()
}

/// `cmd` with every command's and option's help in `lang` (and, in
/// Chinese, the value names and clap's own words). The command is built
/// first, so clap's generated `--help`, `--version` and `help` are there
/// to be worded too.
pub fn localize(mut cmd: clap::Command, lang: Language) -> clap::Command {
    cmd.build();
    localize_one(cmd, "", lang)
}

fn localize_one(mut cmd: clap::Command, path: &str, lang: Language) -> clap::Command {
    if let Some(about) = help(path, "", lang) {
        cmd = cmd.about(about).long_about(None);
    }
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        let words = help(path, &id, lang);
        cmd = cmd.mut_arg(id.as_str(), |mut a| {
            if let Some(w) = words {
                a = a.help(w).long_help(None);
            }
            if lang == Language::ZhCn
                && let Some(v) = value_name_zh(&id)
                && a.get_value_names().is_some()
            {
                a = a.value_name(v);
            }
            a
        });
    }
    if lang == Language::ZhCn {
        cmd = cmd.subcommand_value_name("命令").subcommand_help_heading("命令");
    }
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        let sub_path = if path.is_empty() { name.clone() } else { format!("{path} {name}") };
        cmd = cmd.mut_subcommand(name.as_str(), |s| localize_one(s, &sub_path, lang));
    }
    cmd
}

/// clap's fixed words in `text` put into `lang`.
fn clap_words(text: &str, lang: Language) -> String {
    let mut out = text.to_string();
    if lang == Language::ZhCn {
        for (en, zh) in CLAP_WORDS_ZH {
            out = out.replace(en, zh);
        }
    }
    out
}

fn context_string(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => v.first().cloned(),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        _ => None,
    }
}

fn context_strings(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        _ => Vec::new(),
    }
}

/// What clap found wrong, in the catalogue's words.
fn usage_of(e: &clap::Error) -> Usage {
    let arg = || context_string(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = || context_string(e, ContextKind::InvalidValue).unwrap_or_default();
    match e.kind() {
        ErrorKind::UnknownArgument => Usage::UnknownOption {
            arg: arg(),
            suggestion: context_string(e, ContextKind::SuggestedArg).map(|s| s.trim_start_matches("-- ").to_string()),
        },
        ErrorKind::InvalidSubcommand => Usage::UnknownCommand {
            name: context_string(e, ContextKind::InvalidSubcommand).unwrap_or_default(),
            suggestion: context_string(e, ContextKind::SuggestedSubcommand),
        },
        ErrorKind::InvalidValue if value().is_empty() => Usage::NoValue { arg: arg() },
        ErrorKind::InvalidValue => Usage::BadValue { arg: arg(), value: value(), valid: context_strings(e, ContextKind::ValidValue) },
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e).map(|s| s.to_string()).unwrap_or_default();
            Usage::BadValueWhy { arg: arg(), value: value(), why }
        }
        ErrorKind::MissingRequiredArgument => Usage::Missing { args: context_strings(e, ContextKind::InvalidArg) },
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => Usage::MissingCommand,
        ErrorKind::ArgumentConflict => Usage::Conflict { arg: arg(), other: context_string(e, ContextKind::PriorArg).unwrap_or_default() },
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => Usage::TooMany { arg: arg() },
        ErrorKind::NoEquals | ErrorKind::TooFewValues => Usage::NoValue { arg: arg() },
        _ => Usage::Other { detail: e.kind().to_string() },
    }
}

/// What to print for clap's `e` in `lang`, and the exit status: help and
/// the version on stdout with 0; a usage error, with the command's usage
/// and where to read more, on stderr with 2.
pub fn render_error(e: &clap::Error, lang: Language) -> (String, bool, u8) {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => (clap_words(&e.render().to_string(), lang), false, 0),
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => (clap_words(&e.render().to_string(), lang), true, 2),
        _ => {
            let mut out = Say::Error { detail: usage_of(e).text(lang) }.text(lang);
            out.push('\n');
            if let Some(usage) = context_string(e, ContextKind::Usage) {
                let usage = clap_words(usage.trim(), lang);
                out.push('\n');
                out.push_str(&usage);
                out.push_str("\n\n");
                let words = usage.split_once([':', '：']).map(|(_, u)| u).unwrap_or(&usage);
                let command: Vec<&str> = words.split_whitespace().take_while(|w| !w.starts_with(['[', '<', '-'])).collect();
                out.push_str(&Say::MoreInfo { command: command.join(" ") }.text(lang));
                out.push('\n');
            }
            (out, true, 2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_name_their_language() {
        assert_eq!(parse_language("zh_CN.UTF-8"), Some(Language::ZhCn));
        assert_eq!(parse_language("en_US.UTF-8"), Some(Language::En));
        assert_eq!(parse_language("C"), None);
    }

    #[test]
    fn options_are_read_in_both_forms() {
        let args: Vec<OsString> = ["rp", "check", "--root", "a", "--lang=en"].iter().map(OsString::from).collect();
        assert_eq!(option_value(&args, "root"), Some(OsString::from("a")));
        assert_eq!(option_value(&args, "lang"), Some(OsString::from("en")));
    }
}
