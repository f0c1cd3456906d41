//! Spool's core: everything but the window and the command line.
//!
//! Layers, with data flowing one way:
//! the `spool` binary's `cli` / `gui` -> [`app`] (application services) -> [`store`] (SQLite) and [`scheduler`] (pure SM-2).
//! [`import`] readers turn files into batches in Spool's terms, which the store writes; both
//! share the words in [`vocabulary`], and `import` never uses `store`.

pub mod app;
pub mod demos;
pub mod error;
pub mod export;
pub mod import;
pub mod render;
pub mod scheduler;
pub mod search;
pub mod store;
pub mod vocabulary;

pub use error::{Error, Result};
