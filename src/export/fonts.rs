//! The fonts of the PDF exports: those of the site's fonts folder first
//! (searched recursively for `.ttf .otf .ttc .otc`), then, when asked, the
//! system's (fontconfig's folders on Linux, the standard ones elsewhere).
//!
//! The list is sorted (site fonts by their path inside the folder, system
//! fonts by path and face index), so Typst's choice among fonts of one
//! family, and its fallback, do not depend on the order a file system
//! lists a folder in. Only the fonts' descriptions (family, style,
//! coverage) are read when loading; a font's file is read the first time
//! Typst shapes text with it, and kept for the life of the [`Fonts`].
//!
//! One [`Fonts`] serves every thread of a build: it is `Send + Sync` and
//! cloning it copies a pointer.

use std::hash::{Hash, Hasher as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontPath, FontStore};

/// How many uncovered characters [`Fonts::missing`] lists.
const LISTED_MISSING: usize = 20;

/// The fonts found for a site, shared by every export of a build.
#[derive(Clone)]
pub struct Fonts(Arc<Inner>);

struct Inner {
    /// The book and the lazily loaded fonts, in the order of the book.
    store: FontStore,
    /// See [`Fonts::fingerprint`].
    fingerprint: u64,
}

impl Fonts {
    /// Finds the fonts of `dir` (the site's fonts folder, searched
    /// recursively; hidden files and folders are left out), then, when
    /// `system`, the system's. A folder that does not exist gives no font;
    /// a file that is not a font is skipped.
    pub fn load(dir: Option<&Path>, system: bool) -> Fonts {
        let mut faces: Vec<(FontPath, FontInfo, PathBuf)> = Vec::new();
        if let Some(dir) = dir.filter(|d| d.is_dir()) {
            let mut site: Vec<_> = typst_kit::fonts::scan(dir)
                .filter_map(|(path, info)| {
                    // The path as the site names it: it keys the cache, so
                    // it must not depend on where the site is checked out.
                    let inside = path.path.strip_prefix(dir).map(Path::to_path_buf).ok()?;
                    let hidden = inside.components().any(|c| crate::files::is_hidden(&c.as_os_str().to_string_lossy()));
                    (!hidden).then_some((path, info, inside))
                })
                .collect();
            site.sort_by(|a, b| (&a.2, a.0.index).cmp(&(&b.2, b.0.index)));
            faces.extend(site);
        }
        if system {
            let mut found: Vec<_> = typst_kit::fonts::system()
                .map(|(path, info)| {
                    let name = path.path.clone();
                    (path, info, name)
                })
                .collect();
            found.sort_by(|a, b| (&a.2, a.0.index).cmp(&(&b.2, b.0.index)));
            faces.extend(found);
        }
        let mut hasher = crate::hash::Hasher::default();
        let mut store = FontStore::new();
        faces.len().hash(&mut hasher);
        for (path, info, name) in faces {
            // The file's length stands for its bytes, which are not read
            // again: a font replaced by another version changes it.
            let len = std::fs::metadata(&path.path).map(|m| m.len()).unwrap_or(0);
            (&name, path.index, len, &info).hash(&mut hasher);
            store.push((path, info));
        }
        Fonts(Arc::new(Inner { store, fingerprint: hasher.finish() }))
    }

    /// A hash of the set of fonts: their names (the path inside the site's
    /// folder, the system's absolute path), face indices, file lengths and
    /// descriptions (family, style, coverage). It changes when a font is
    /// added, removed or replaced, and not when the site moves.
    pub fn fingerprint(&self) -> u64 {
        self.0.fingerprint
    }

    /// The characters of `text` that no font covers (whitespace and control
    /// characters aside): the first [`LISTED_MISSING`] distinct ones in
    /// order of first use, and how many distinct characters are missing.
    pub fn missing(&self, text: impl Iterator<Item = char>) -> (Vec<char>, usize) {
        let book = self.book();
        let infos: Vec<&FontInfo> = (0..).map_while(|i| book.info(i)).collect();
        let mut seen = std::collections::HashSet::new();
        let mut listed = Vec::new();
        let mut count = 0;
        for c in text {
            if c.is_whitespace() || c.is_control() || !seen.insert(c) {
                continue;
            }
            if !infos.iter().any(|info| info.coverage.contains(u32::from(c))) {
                count += 1;
                if listed.len() < LISTED_MISSING {
                    listed.push(c);
                }
            }
        }
        (listed, count)
    }

    /// The description of every font, for Typst's font selection.
    pub(crate) fn book(&self) -> &LazyHash<FontBook> {
        self.0.store.book()
    }

    /// The font at `index` of the book, read on first use; `None` when the
    /// index is out of range or the file cannot be read any more.
    pub(crate) fn font(&self, index: usize) -> Option<Font> {
        self.0.store.font(index)
    }

    /// How many fonts were found.
    pub fn len(&self) -> usize {
        (0..).map_while(|i| self.book().info(i)).count()
    }

    /// Whether no font was found.
    pub fn is_empty(&self) -> bool {
        self.book().info(0).is_none()
    }
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts").field("len", &self.len()).field("fingerprint", &self.fingerprint()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync + Clone>() {}

    #[test]
    fn fonts_are_shared_across_threads() {
        assert_send_sync::<Fonts>();
    }

    #[test]
    fn an_empty_folder_without_system_fonts_covers_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let fonts = Fonts::load(Some(dir.path()), false);
        assert!(fonts.is_empty());
        let (chars, count) = fonts.missing("成都 简报，成都A\n".chars());
        assert_eq!(chars, vec!['成', '都', '简', '报', '，', 'A']);
        assert_eq!(count, 6);
    }

    #[test]
    fn missing_lists_twenty_and_counts_all() {
        let fonts = Fonts::load(None, false);
        let text: String = ('一'..='龥').take(50).collect();
        let (chars, count) = fonts.missing(text.chars());
        assert_eq!(chars.len(), 20);
        assert_eq!(chars[0], '一');
        assert_eq!(count, 50);
    }

    #[test]
    fn a_folder_that_is_not_there_gives_no_font() {
        let fonts = Fonts::load(Some(Path::new("/no/such/fonts/folder")), false);
        assert!(fonts.is_empty());
        assert_eq!(fonts.fingerprint(), Fonts::load(None, false).fingerprint());
    }

    #[test]
    #[ignore = "needs system CJK fonts (fonts-noto-cjk): run by .ci/run"]
    fn system_fonts_cover_chinese_and_change_the_fingerprint() {
        let none = Fonts::load(None, false);
        let system = Fonts::load(None, true);
        assert!(!system.is_empty());
        assert_eq!(system.missing("成都区域信息简报（总第12期）".chars()), (vec![], 0));
        assert_ne!(none.fingerprint(), system.fingerprint());
        assert_eq!(system.fingerprint(), Fonts::load(None, true).fingerprint());
    }

    #[test]
    #[ignore = "needs system CJK fonts (fonts-noto-cjk): run by .ci/run"]
    fn a_site_font_is_found_in_a_subfolder_and_named_by_its_relative_path() {
        let system = Fonts::load(None, true);
        let source = (0..system.len())
            .find_map(|i| {
                let info = system.book().info(i)?;
                info.family.contains("CJK").then_some(i)
            })
            .unwrap();
        let src = system.0.store.source(source).unwrap() as &dyn std::any::Any;
        let path = &src.downcast_ref::<FontPath>().unwrap().path;
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        for root in [a.path(), b.path()] {
            std::fs::create_dir_all(root.join("cjk")).unwrap();
            std::fs::copy(path, root.join("cjk").join(path.file_name().unwrap())).unwrap();
        }
        let fa = Fonts::load(Some(a.path()), false);
        assert!(!fa.is_empty());
        assert_eq!(fa.missing("简报".chars()), (vec![], 0));
        assert_eq!(fa.fingerprint(), Fonts::load(Some(b.path()), false).fingerprint());
    }
}
