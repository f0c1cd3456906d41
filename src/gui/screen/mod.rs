//! One module per screen, each with its own state, `Message` and `update`.

pub mod backups;
pub mod browse;
pub mod card_info;
pub mod decks;
pub mod demo;
pub mod editor;
mod note_form;
pub mod preview;
pub mod settings;
pub mod stats;
pub mod study;

/// The screens: those the sidebar switches between, and editing a note, which is reached
/// from the card being studied and returns to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Decks,
    Study,
    Browse,
    Add,
    Demos,
    Stats,
    Settings,
    Edit,
}

impl Page {
    pub const ALL: [Page; 7] = [
        Page::Decks,
        Page::Study,
        Page::Browse,
        Page::Add,
        Page::Demos,
        Page::Stats,
        Page::Settings,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Page::Decks => "Decks",
            Page::Study => "Study",
            Page::Browse => "Browse",
            Page::Add => "Add",
            Page::Demos => "Demos",
            Page::Stats => "Statistics",
            Page::Settings => "Settings",
            Page::Edit => "Edit note",
        }
    }
}
