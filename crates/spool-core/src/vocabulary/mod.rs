//! The words the store and the importers share: note type kinds and templates, the stock
//! note types, deck-name rules, tag lists and review-log rows. It sits below both, so neither reaches into
//! the other for them.

mod deck_name;
mod notetype;
mod review;
mod tags;

pub use deck_name::{
    DECK_SEPARATOR, DEFAULT_DECK_NAME, TreeOrder, is_same_or_descendant, normalize_deck_name,
    tree_order,
};
pub use notetype::{NotetypeKind, StockNotetype, Template};
pub use review::ReviewRecord;
pub use tags::split_tags;
