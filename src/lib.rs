//! Spool: a spaced-repetition flashcard app with live concept demos.
//!
//! Layers, with data flowing one way:
//! `cli` / `gui` -> [`app`] (application services) -> [`store`] (SQLite) and [`scheduler`] (pure SM-2).

pub mod app;
pub mod demos;
pub mod error;
pub mod export;
pub mod gui;
pub mod import;
pub mod render;
pub mod scheduler;
pub mod store;

pub use error::{Error, Result};
