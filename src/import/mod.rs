//! Importers, one file per format.

pub mod spool_deck;
