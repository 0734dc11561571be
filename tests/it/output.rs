//! The output folder is only ever a folder that regionpress made: what is
//! at `--output` is refused, untouched, unless it is absent, empty or
//! marked as regionpress's; names beside it that are not regionpress's own
//! are never deleted; an I/O error while writing is one `io` diagnostic
//! with exit 2 and the previous output as it was; a theme error is exit 1
//! from `build` as from `check`.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::common::{Site, diagnostics, snapshot};

/// The only diagnostic of a failed run: (location, code); exit 2.
fn refused(out: &Output) -> (String, String) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let found = diagnostics(&stderr);
    assert_eq!(found.len(), 1, "{stderr}");
    let (loc, severity, code) = found.into_iter().next().unwrap();
    assert_eq!(severity, "error");
    (loc, code)
}

/// Names in the folder `dir` (not recursive).
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

#[test]
fn an_output_that_is_a_file_is_refused_and_left_as_it_was() {
    let site = Site::new("basic");
    let before = fs::read(site.root.join("site.yaml")).unwrap();
    let names_before = names(&site.root);
    let out = site.build(&["--output", site.root.join("site.yaml").to_str().unwrap(), "--lang", "en"]);
    assert_eq!(refused(&out), ("site.yaml".to_string(), "output-refused".to_string()));
    assert_eq!(fs::read(site.root.join("site.yaml")).unwrap(), before);
    // No stray staging, manifest or lock file beside it.
    assert_eq!(names(&site.root), names_before);
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_device_a_fifo_or_a_link_is_refused() {
    let site = Site::new("basic");
    let fifo = site.tmp.path().join("pipe");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let elsewhere = site.tmp.path().join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    fs::write(elsewhere.join("keep.txt"), "mine").unwrap();
    let link = site.tmp.path().join("link");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    for target in [Path::new("/dev/null"), &fifo, &link] {
        let out = site.build(&["--output", target.to_str().unwrap(), "--force"]);
        assert_eq!(refused(&out).1, "output-refused", "{}", target.display());
    }
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(names(&elsewhere), ["keep.txt"]);
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(&fs::metadata("/dev/null").unwrap().file_type()));
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&fs::metadata(&fifo).unwrap().file_type()));
}

#[test]
fn a_folder_regionpress_did_not_make_is_refused_unless_forced() {
    let site = Site::new("basic");
    let other = site.tmp.path().join("photos");
    fs::create_dir_all(other.join("2026")).unwrap();
    fs::write(other.join("2026/a.jpg"), "jpeg").unwrap();
    let out = site.build(&["--output", other.to_str().unwrap()]);
    assert_eq!(refused(&out).1, "output-refused");
    assert_eq!(fs::read_to_string(other.join("2026/a.jpg")).unwrap(), "jpeg");

    // With --force it is replaced by the site, and marked as regionpress's.
    let out = site.build(&["--output", other.to_str().unwrap(), "--force", "--quiet"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!other.join("2026").exists());
    assert!(other.join("index.html").is_file());
    assert!(other.join(".regionpress-output").is_file());
    // From then on it is regionpress's: no --force needed.
    let out = site.build(&["--output", other.to_str().unwrap(), "--quiet"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_sites_repository_is_refused_even_when_forced() {
    let site = Site::new("basic");
    fs::create_dir_all(site.root.join(".git/objects/ab")).unwrap();
    fs::create_dir_all(site.root.join(".git/refs")).unwrap();
    fs::write(site.root.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    fs::write(site.root.join(".git/config"), "[core]\n").unwrap();
    let before = snapshot(&site.root.join(".git"));
    for args in [&["--output", ".git"][..], &["--output", ".git", "--force"]] {
        let git = site.root.join(".git");
        let mut args = args.to_vec();
        args[1] = git.to_str().unwrap();
        let out = site.build(&args);
        assert_eq!(refused(&out).1, "output-refused");
    }
    // A repository elsewhere too.
    let repo = site.tmp.path().join("repo");
    fs::create_dir_all(repo.join(".git")).unwrap();
    fs::write(repo.join("README"), "mine").unwrap();
    let out = site.build(&["--output", repo.to_str().unwrap(), "--force"]);
    assert_eq!(refused(&out).1, "output-refused");
    assert_eq!(snapshot(&site.root.join(".git")), before);
    assert_eq!(fs::read_to_string(repo.join("README")).unwrap(), "mine");
}

#[test]
fn an_empty_folder_or_regionpress_output_is_written() {
    let site = Site::new("basic");
    fs::create_dir_all(site.public()).unwrap();
    site.build_ok(&["--quiet"]);
    assert!(site.public().join("index.html").is_file());
    site.write("content/reports/2026/2026-07-01-new.md", "---\ntitle: 新增\ndate: 2026-07-01\nregion: alpha\n---\n\n新内容。\n");
    site.build_ok(&["--quiet"]);
    let titles: Vec<String> = walkdir::WalkDir::new(site.public().join("reports"))
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name() == "index.html")
        .flat_map(|e| crate::common::texts(&scraper::Html::parse_document(&fs::read_to_string(e.path()).unwrap()), "h1"))
        .collect();
    assert!(titles.iter().any(|t| t == "新增"), "{titles:?}");
}

#[test]
fn files_named_like_old_temporary_names_beside_the_output_survive() {
    let site = Site::new("basic");
    site.build_ok(&["--quiet"]);
    for name in [".public.old-1", ".public.staging-2", ".public.regionpress-staging-3-0"] {
        fs::create_dir_all(site.root.join(name)).unwrap();
        fs::write(site.root.join(name).join("keep.txt"), "mine").unwrap();
    }
    fs::write(site.root.join(".public.old-notes.txt"), "mine").unwrap();
    site.write("content/reports/2026/2026-07-01-new.md", "---\ntitle: 新增\ndate: 2026-07-01\nregion: alpha\n---\n\n新内容。\n");
    site.build_ok(&["--quiet"]);
    for name in [".public.old-1", ".public.staging-2", ".public.regionpress-staging-3-0"] {
        assert_eq!(fs::read_to_string(site.root.join(name).join("keep.txt")).unwrap(), "mine", "{name}");
    }
    assert_eq!(fs::read_to_string(site.root.join(".public.old-notes.txt")).unwrap(), "mine");
}

/// A child limited to files of `bytes` bytes (writes past it fail with
/// "File too large" instead of killing it): a full disk, as far as the
/// build can tell, without needing one.
#[cfg(target_os = "linux")]
fn with_file_size_limit(cmd: &mut std::process::Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit { rlim_cur: bytes, rlim_max: bytes };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// The file size limit of the write-error tests: below the size of some
/// search index files and of every page, above the output mark's.
#[cfg(target_os = "linux")]
const FILE_SIZE_LIMIT: u64 = 1500;

/// Builds `site` (its output already built once) with files limited to
/// [`FILE_SIZE_LIMIT`] bytes, and checks the outcome: exit 2, one `io`
/// diagnostic naming an output file that the previous build wrote larger
/// than the limit, with the system's error, and the previous output as it
/// was. Returns the file named (relative to the site).
#[cfg(target_os = "linux")]
fn build_with_too_small_files(site: &Site) -> String {
    let before = snapshot(&site.public());
    site.write("content/reports/2026/2026-07-01-new.md", "---\ntitle: 新增\ndate: 2026-07-01\nregion: alpha\n---\n\n新内容。\n");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_regionpress"));
    cmd.args(["build", "--quiet", "--lang", "en", "--root"]).arg(&site.root);
    with_file_size_limit(&mut cmd, FILE_SIZE_LIMIT);
    let out = cmd.output().unwrap();
    let (loc, code) = refused(&out);
    assert_eq!(code, "io");
    // Named as the file of the output it was to be, not by the staging
    // folder's temporary name.
    let rel = loc.strip_prefix("public/").unwrap_or_else(|| panic!("{loc}"));
    let written_before = fs::metadata(site.public().join(rel)).unwrap_or_else(|e| panic!("{loc}: {e}")).len();
    assert!(written_before > FILE_SIZE_LIMIT, "{loc} has {written_before} bytes");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let message = stderr.lines().find(|l| l.starts_with(&format!("{loc}: error[io]: "))).unwrap_or_else(|| panic!("{stderr}"));
    assert!(message.ends_with(&format!("cannot write `{loc}`: the file is too large for this disk")), "{message}");
    assert_eq!(snapshot(&site.public()), before);
    assert_eq!(crate::common::leftovers(&site.root), Vec::<String>::new());
    loc
}

#[cfg(target_os = "linux")]
#[test]
fn a_write_error_is_one_io_diagnostic_with_exit_2_and_the_old_output_stays() {
    let site = Site::new("basic");
    site.build_ok(&["--quiet"]);
    build_with_too_small_files(&site);
}

/// The search index is written before the pages: a file of it that cannot
/// be written stops the build there, as an I/O error.
#[cfg(target_os = "linux")]
#[test]
fn a_write_error_in_the_search_index_is_an_io_error_naming_the_file() {
    let site = Site::new("basic");
    site.build_ok(&["--quiet"]);
    let loc = build_with_too_small_files(&site);
    assert!(loc.starts_with("public/search/"), "{loc}");
}

/// Without search, the first file that cannot be written is a page (or a
/// static file) written by the page runner: an I/O error all the same,
/// never a template error.
#[cfg(target_os = "linux")]
#[test]
fn a_write_error_while_rendering_pages_is_an_io_error_naming_the_file() {
    let site = Site::new("basic");
    let config = fs::read_to_string(site.root.join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{config}search: false\n"));
    site.build_ok(&["--quiet"]);
    assert!(!site.public().join("search").exists());
    build_with_too_small_files(&site);
}

#[test]
fn a_template_error_is_exit_1_from_build_as_from_check() {
    let site = Site::new("basic");
    site.build_ok(&["--quiet"]);
    let before = snapshot(&site.public());
    site.write("themes/default/templates/404.html", "{% if %}");
    let out = site.build(&["--lang", "en"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(diagnostics(&stderr).iter().any(|d| d.2 == "template"), "{stderr}");
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_regionpress")).args(["check", "--root"]).arg(&site.root).output().unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(snapshot(&site.public()), before);
}
