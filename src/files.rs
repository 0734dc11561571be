//! What a build may read: regular files inside the folder they belong to.
//!
//! Every folder of a site is walked by one set of rules (`content/` by
//! [`crate::content`], which classifies files as it goes; `static/` and the
//! theme folders by [`walk_folder`]; the inputs fingerprint by
//! [`crate::inputs`]):
//!
//! - hidden files and folders (a name starting with `.`: `.git`, an
//!   editor's `.page.md.swp`) are skipped: never read, never published;
//! - a symbolic link is followed only when its target lies inside the
//!   folder being walked (`content/`, `static/`, `themes/<name>/static/`…)
//!   and not in a hidden file or folder there; any other link (out of the
//!   folder, into `.git`, to nothing) is skipped with a `symlink-dropped`
//!   warning naming it ([`link_target`]);
//! - a path that is neither a regular file nor a folder (a FIFO, a socket,
//!   a device) is a located `not-a-file` error and is never opened: opening
//!   a FIFO for reading waits for a writer, which would hang a build.
//!
//! Files are opened with [`open_regular`], which checks the opened handle,
//! so that a file swapped for a FIFO between the walk and the read is
//! refused instead of hanging (on Unix the open itself cannot wait:
//! `O_NONBLOCK`).

use std::fs::{self, File, FileType};
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::messages::{DropReason, Hint, Message, SpecialFile};

/// The longest file or folder name, in bytes, that common file systems
/// take (ext4, XFS, Btrfs, APFS, NTFS in UTF-16 units, which a UTF-8 name
/// of 255 bytes never exceeds).
pub const NAME_MAX: usize = 255;

/// True for a file or folder name that is never read nor published
/// (`.git`, `.DS_Store`, an editor's `.page.md.swp`).
pub fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

/// What `file_type` is when it is neither a regular file, a folder nor a
/// symbolic link; `None` for those three.
pub fn special_kind(file_type: &FileType) -> Option<SpecialFile> {
    if file_type.is_file() || file_type.is_dir() || file_type.is_symlink() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some(SpecialFile::Fifo);
        }
        if file_type.is_socket() {
            return Some(SpecialFile::Socket);
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return Some(SpecialFile::Device);
        }
    }
    Some(SpecialFile::Other)
}

/// Opens `path` for reading only when it is a regular file (symbolic links
/// followed). On Unix the open does not wait, even for a FIFO
/// (`O_NONBLOCK`, which changes nothing for a regular file); everywhere the
/// opened handle's type is checked, so a file replaced by something else
/// after a walk looked at it is an error, not a hang.
pub fn open_regular(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"));
    }
    Ok(file)
}

/// Reads a whole regular file (see [`open_regular`]).
pub fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    let mut file = open_regular(path)?;
    let mut bytes = Vec::new();
    io::Read::read_to_end(&mut file, &mut bytes)?;
    Ok(bytes)
}

/// Writes `bytes` as the whole of the file at `path`, by way of a
/// temporary file beside it renamed into place: a reader never sees half a
/// file, and a write that fails (a full disk) leaves the file as it was.
/// The temporary file is removed when the write fails.
pub fn write_whole(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = fs::write(&tmp, bytes).and_then(|()| fs::rename(&tmp, path));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// Where the symbolic link at `link` leads, when it may be followed from
/// inside `folder` (canonical): to an existing path inside `folder` that
/// is not, and is not inside, a hidden file or folder there. Otherwise why
/// it is skipped.
pub fn link_target(link: &Path, folder: &Path, shown_folder: &str) -> Result<PathBuf, DropReason> {
    let target = fs::canonicalize(link).map_err(|_| DropReason::Dangling)?;
    let Ok(inside) = target.strip_prefix(folder) else {
        return Err(DropReason::Outside { folder: shown_folder.to_string() });
    };
    if inside.components().any(|c| is_hidden(&c.as_os_str().to_string_lossy())) {
        return Err(DropReason::Hidden);
    }
    Ok(target)
}

/// The warning for a skipped symbolic link at `shown`.
pub fn dropped_link(shown: String, reason: DropReason, shown_folder: &str) -> Diagnostic {
    Diagnostic::new(shown, 0, 0, Message::SymlinkDropped { reason }).with_hint(Hint::LinkInside { folder: shown_folder.to_string() })
}

/// The error for a path that is not a regular file.
pub fn not_a_file(shown: impl Into<String>, kind: SpecialFile) -> Diagnostic {
    Diagnostic::new(shown.into(), 0, 0, Message::NotAFile { kind }).with_hint(Hint::RemoveSpecialFile)
}

/// The regular files of a folder that is published or read as it is
/// (`static/`, a theme's `templates/` and `static/`), and the problems met.
#[derive(Debug, Default)]
pub struct FolderWalk {
    /// (path under the folder, `/` separated; path to read), sorted by path.
    pub files: Vec<(String, PathBuf)>,
    /// Skipped links (warnings), loops, FIFOs and the like (errors), with
    /// paths shown from the site root.
    pub diags: Diagnostics,
}

/// Walks `folder` (under the site `root`) by the rules of this module. A
/// missing folder has no files.
pub fn walk_folder(root: &Path, folder: &Path) -> FolderWalk {
    let mut walk = FolderWalk::default();
    if !folder.is_dir() {
        return walk;
    }
    let shown_folder = format!("{}/", display_path(root, folder));
    let canonical = fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    let mut walker = walkdir::WalkDir::new(folder).follow_links(true).sort_by_file_name().into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                if let Some(d) = walk_error(root, &e, &shown_folder) {
                    walk.diags.push(d);
                }
                continue;
            }
        };
        let is_dir = entry.file_type().is_dir();
        if entry.depth() > 0 && is_hidden(&entry.file_name().to_string_lossy()) {
            if is_dir {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.path_is_symlink()
            && let Err(reason) = link_target(entry.path(), &canonical, &shown_folder)
        {
            walk.diags.push(dropped_link(display_path(root, entry.path()), reason, &shown_folder));
            if is_dir {
                walker.skip_current_dir();
            }
            continue;
        }
        if let Some(kind) = special_kind(&entry.file_type()) {
            walk.diags.push(not_a_file(display_path(root, entry.path()), kind));
            continue;
        }
        if entry.file_type().is_file() {
            walk.files.push((display_path(folder, entry.path()), entry.into_path()));
        }
    }
    walk
}

/// The diagnostic for an error of a walk that follows links: a loop
/// (`symlink-loop`), a link to nothing (`symlink-dropped`), or an I/O error.
/// `None` when the path is hidden (never looked at).
pub fn walk_error(root: &Path, e: &walkdir::Error, shown_folder: &str) -> Option<Diagnostic> {
    let path = e.path();
    if path.and_then(Path::file_name).is_some_and(|n| is_hidden(&n.to_string_lossy())) && e.depth() > 0 {
        return None;
    }
    let shown = path.map(|p| display_path(root, p)).unwrap_or_else(|| shown_folder.trim_end_matches('/').to_string());
    if let Some(ancestor) = e.loop_ancestor() {
        let message = Message::SymlinkLoop { ancestor: display_path(root, ancestor) };
        return Some(Diagnostic::new(shown, 0, 0, message).with_hint(Hint::RemoveLink));
    }
    let dangling = path.is_some_and(|p| fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink()) && fs::metadata(p).is_err());
    if dangling {
        return Some(dropped_link(shown, DropReason::Dangling, shown_folder));
    }
    let detail = match e.io_error() {
        Some(io) => crate::messages::IoCause::from(io),
        None => crate::messages::IoCause::worded(e.to_string()),
    };
    Some(Diagnostic::new(shown.clone(), 0, 0, Message::Io { path: shown, detail }))
}

/// Checks the folders a site publishes or reads as they are besides
/// `content/`: `static/` and the theme's `templates/` and `static/`, and
/// the theme's `strings.yaml`. The renderer reads them by the same rules
/// ([`walk_folder`]) without reporting; this is where `check` and `build`
/// report what they skip or refuse.
pub fn check_folders(root: &Path, theme: &str) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let theme_dir = root.join("themes").join(theme);
    for folder in [root.join("static"), theme_dir.join("templates"), theme_dir.join("static")] {
        diags.extend(walk_folder(root, &folder).diags);
    }
    let strings = theme_dir.join("strings.yaml");
    if let Ok(meta) = fs::metadata(&strings)
        && let Some(kind) = special_kind(&meta.file_type())
    {
        diags.push(not_a_file(display_path(root, &strings), kind));
    }
    diags
}

/// A file's modification time: seconds and nanoseconds since the Unix
/// epoch ((0, 0) where the system does not say).
pub fn mtime(meta: &fs::Metadata) -> (u64, u32) {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| (d.as_secs(), d.subsec_nanos()))
        .unwrap_or((0, 0))
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn mkfifo(path: &Path) {
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only creates a node.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    }

    #[test]
    fn opening_a_fifo_is_an_error_not_a_wait() {
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join("pipe");
        mkfifo(&fifo);
        assert!(open_regular(&fifo).is_err());
        assert_eq!(special_kind(&fs::symlink_metadata(&fifo).unwrap().file_type()), Some(SpecialFile::Fifo));
        fs::write(tmp.path().join("a.txt"), "a").unwrap();
        assert_eq!(read_regular(&tmp.path().join("a.txt")).unwrap(), b"a");
    }

    #[test]
    fn a_folder_walk_keeps_regular_files_inside_and_reports_the_rest() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        fs::create_dir_all(root.join("static/img")).unwrap();
        fs::create_dir_all(root.join("static/.well-known")).unwrap();
        fs::create_dir_all(root.join(".git")).unwrap();
        fs::write(root.join(".git/config"), "token").unwrap();
        fs::write(root.join("static/img/a.png"), "png").unwrap();
        fs::write(root.join("static/.env"), "secret").unwrap();
        fs::write(root.join("static/.well-known/x.txt"), "x").unwrap();
        fs::write(root.join("site.yaml"), "title: x").unwrap();
        symlink("img/a.png", root.join("static/b.png")).unwrap();
        symlink("../.git/config", root.join("static/config.txt")).unwrap();
        symlink("../site.yaml", root.join("static/site.txt")).unwrap();
        symlink(".env", root.join("static/env.txt")).unwrap();
        symlink("nothing", root.join("static/gone.txt")).unwrap();
        mkfifo(&root.join("static/pipe.txt"));
        let _socket = std::os::unix::net::UnixListener::bind(root.join("static/socket")).unwrap();
        let walk = walk_folder(root, &root.join("static"));
        let files: Vec<&str> = walk.files.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(files, ["b.png", "img/a.png"]);
        let mut found: Vec<(String, &str)> = walk.diags.iter().map(|d| (d.path.to_string(), d.message.code())).collect();
        found.sort();
        assert_eq!(
            found,
            [
                ("static/config.txt".to_string(), "symlink-dropped"),
                ("static/env.txt".to_string(), "symlink-dropped"),
                ("static/gone.txt".to_string(), "symlink-dropped"),
                ("static/pipe.txt".to_string(), "not-a-file"),
                ("static/site.txt".to_string(), "symlink-dropped"),
                ("static/socket".to_string(), "not-a-file"),
            ]
        );
    }
}
