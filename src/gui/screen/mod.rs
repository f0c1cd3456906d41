//! One module per screen, each with its own state, `Message`, `update` and `view`.

pub mod decks;
pub mod study;

/// The screens the sidebar switches between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Decks,
    Study,
}

impl Page {
    pub const ALL: [Page; 2] = [Page::Decks, Page::Study];

    pub fn title(self) -> &'static str {
        match self {
            Page::Decks => "Decks",
            Page::Study => "Study",
        }
    }
}
