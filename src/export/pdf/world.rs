//! The Typst world of one export: the template as the only source, the
//! document as `/data.json`, its images by key (`/img-1.jpg`), the fonts
//! found for the site, and a "today" fixed to the document's date. Nothing
//! else exists in it: no file of the disk, no package (an import of one is
//! an error), no clock.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::document::Image;
use crate::export::fonts::Fonts;

/// The template: one file for bulletins and pages, switching on `kind`.
const TEMPLATE: &str = include_str!("bulletin.typ");

/// The standard library, built once per process (it holds no document data).
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// A file id in the project root (`/name`).
fn project_file(name: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(format!("/{name}")).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// The world one document is typeset in.
pub(super) struct ExportWorld<'a> {
    fonts: &'a Fonts,
    main: Source,
    data: Bytes,
    images: &'a [Image],
    today: Datetime,
}

impl<'a> ExportWorld<'a> {
    /// A world for the document serialized as `data`, with its `images`,
    /// dated `today`.
    pub(super) fn new(fonts: &'a Fonts, data: Vec<u8>, images: &'a [Image], today: Datetime) -> Option<Self> {
        let main = Source::new(project_file("bulletin.typ")?, TEMPLATE.to_owned());
        Some(ExportWorld { fonts, main, data: Bytes::new(data), images, today })
    }

    /// The template's source, for locating its errors.
    pub(super) fn main_source(&self) -> &Source {
        &self.main
    }
}

impl World for ExportWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(refused(id)) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(_) = id.root() {
            return Err(refused(id));
        }
        let name = id.vpath().get_without_slash();
        if name == "data.json" {
            return Ok(self.data.clone());
        }
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.images.iter().find(|i| i.key == name).map(|i| Bytes::new(i.bytes.clone())).ok_or_else(|| refused(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// The error for a file the world does not hold.
fn refused(id: FileId) -> FileError {
    match id.root() {
        VirtualRoot::Package(spec) => {
            FileError::Package(PackageError::Other(Some(format!("packages are not available in exports ({spec})").into())))
        }
        VirtualRoot::Project => FileError::NotFound(id.vpath().get_with_slash().into()),
    }
}
