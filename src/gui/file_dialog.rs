//! The system's file chooser, through `rfd`: the XDG desktop portal where there is one,
//! else zenity. Neither may exist (a bare X server, a minimal window manager), and the
//! chooser cannot say "unavailable" apart from "cancelled", so every dialog that uses it
//! keeps a path field as well.

use std::ffi::OsStr;
use std::path::PathBuf;

use iced::{Task, window};
use rfd::AsyncFileDialog;

use spool_core::app::ExportFormat;

/// Whether the Import and Export dialogs open the system's file chooser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FileDialogs {
    /// Type paths only: for headless tests, and systems with no chooser.
    #[default]
    PathField,
    /// Offer the system's chooser beside the path field.
    System,
}

impl FileDialogs {
    /// [`FileDialogs::System`] when a chooser looks reachable: a D-Bus session (for the
    /// portal) or zenity on the `PATH`.
    pub fn detect() -> Self {
        let session_bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some();
        if session_bus || on_path("zenity") {
            Self::System
        } else {
            Self::PathField
        }
    }
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// The extensions `spool import` understands, for the chooser's filter.
const IMPORTABLE: &[&str] = &["apkg", "colpkg", "txt", "csv", "tsv", "tab", "toml"];

/// Asks for a file to import; `None` if the person cancelled or there is no chooser.
pub fn choose_import_file() -> Task<Option<PathBuf>> {
    let dialog = AsyncFileDialog::new()
        .set_title("Import a file")
        .add_filter("Decks and notes", IMPORTABLE)
        .add_filter("All files", &["*"]);
    over_the_window(dialog)
        .then(|dialog| Task::future(async move { dialog.pick_file().await.map(PathBuf::from) }))
}

/// Asks where to write an export, starting from `suggested`.
pub fn choose_export_path(suggested: PathBuf, format: ExportFormat) -> Task<Option<PathBuf>> {
    let mut dialog = AsyncFileDialog::new()
        .set_title("Export")
        .add_filter(format.to_string(), &[format.extension()]);
    if let Some(name) = suggested.file_name().and_then(OsStr::to_str) {
        dialog = dialog.set_file_name(name);
    }
    over_the_window(dialog).then(move |dialog| {
        let suggested = suggested.clone();
        // Looking at the folder touches the disk, so it happens here, off the UI thread.
        Task::future(async move {
            let dialog = match suggested.parent().filter(|dir| dir.is_dir()) {
                Some(dir) => dialog.set_directory(dir),
                None => dialog,
            };
            dialog.save_file().await.map(PathBuf::from)
        })
    })
}

/// `dialog` with the app's window as its parent, so the portal keeps it above the window.
fn over_the_window(dialog: AsyncFileDialog) -> Task<AsyncFileDialog> {
    window::latest().then(move |id| {
        let dialog = dialog.clone();
        match id {
            Some(id) => window::run(id, move |window| dialog.set_parent(window)),
            None => Task::done(dialog),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zenity_is_looked_for_on_the_path() {
        assert!(on_path("sh"), "every Unix has sh on its PATH");
        assert!(!on_path("no-such-program-spool"));
    }
}
