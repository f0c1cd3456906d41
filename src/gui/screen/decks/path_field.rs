//! The path an import or export dialog works on: typed as text, or picked as a path.
//!
//! A path the system's chooser or a drop gives may not be UTF-8, or may end in spaces; its
//! text in the field is only for showing, so the picked path itself is kept and used until
//! the person edits the text.

use std::path::{Path, PathBuf};

use spool_core::app::ExportFormat;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct PathField {
    text: String,
    picked: Option<PathBuf>,
}

impl PathField {
    pub fn typed(text: String) -> Self {
        Self { text, picked: None }
    }

    pub fn picked(path: PathBuf) -> Self {
        Self {
            text: path.display().to_string(),
            picked: Some(path),
        }
    }

    /// What the field shows.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The path to work on: the picked one, or the typed text without surrounding spaces.
    pub fn path(&self) -> PathBuf {
        self.picked
            .clone()
            .unwrap_or_else(|| PathBuf::from(self.text.trim()))
    }

    /// The same path with the extension `format` writes, so the name says what the file is.
    pub fn with_extension(&self, format: ExportFormat) -> Self {
        match &self.picked {
            Some(path) => Self::picked(path.with_extension(format.extension())),
            None if self.text.trim().is_empty() => self.clone(),
            None => Self::typed(
                Path::new(self.text.trim())
                    .with_extension(format.extension())
                    .display()
                    .to_string(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn a_picked_path_is_used_as_it_is_even_when_its_text_is_not() {
        let odd = PathBuf::from(OsStr::from_bytes(b"/tmp/caf\xe9 deck.apkg "));
        let field = PathField::picked(odd.clone());
        assert_eq!(
            field.path(),
            odd,
            "not UTF-8 and ending in a space, and kept"
        );
        assert_ne!(
            PathBuf::from(field.text().trim()),
            odd,
            "the text alone would lose it"
        );
    }

    #[test]
    fn typed_text_is_trimmed() {
        assert_eq!(
            PathField::typed("  /tmp/a.csv \n".into()).path(),
            PathBuf::from("/tmp/a.csv")
        );
    }

    #[test]
    fn a_format_change_renames_the_extension() {
        let typed = PathField::typed("/home/a/spool-export.apkg".into());
        assert_eq!(
            typed.with_extension(ExportFormat::Csv).text(),
            "/home/a/spool-export.csv"
        );
        assert_eq!(
            PathField::typed("notes".into())
                .with_extension(ExportFormat::Tsv)
                .text(),
            "notes.tsv",
            "a name without an extension gets one"
        );
        assert_eq!(
            PathField::default()
                .with_extension(ExportFormat::Apkg)
                .text(),
            "",
            "nothing typed yet"
        );
        let picked = PathField::picked(PathBuf::from("/x/out.apkg"));
        assert_eq!(
            picked.with_extension(ExportFormat::Tsv).path(),
            PathBuf::from("/x/out.tsv")
        );
    }
}
