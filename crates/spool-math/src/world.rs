//! The Typst world one formula is compiled in: the standard library, the fonts bundled with
//! Typst, the prelude of helpers that mitex's output calls, and the formula's own source.
//! It reads no files and knows no date, so a card cannot reach outside its formula.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The path the formula's source imports the prelude from.
pub(crate) const PRELUDE_PATH: &str = "/prelude.typ";
const FORMULA_PATH: &str = "/formula.typ";

/// What every formula's world shares, built once.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    prelude: Source,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    Shared {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        prelude: Source::new(
            file_id(PRELUDE_PATH),
            include_str!("prelude.typ").to_owned(),
        ),
        fonts,
    }
});

fn file_id(path: &str) -> FileId {
    let path = VirtualPath::new(path).expect("a constant path is valid");
    FileId::new(RootedPath::new(VirtualRoot::Project, path))
}

/// A world whose main file is one formula's Typst source.
pub(crate) struct FormulaWorld {
    formula: Source,
}

impl FormulaWorld {
    pub(crate) fn new(source: String) -> FormulaWorld {
        FormulaWorld {
            formula: Source::new(file_id(FORMULA_PATH), source),
        }
    }
}

impl World for FormulaWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }

    fn main(&self) -> FileId {
        self.formula.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.formula.id() {
            Ok(self.formula.clone())
        } else if id == SHARED.prelude.id() {
            Ok(SHARED.prelude.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.source(id).map(Bytes::from_string)
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
