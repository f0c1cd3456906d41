//! The `spool` binary's library: the iced window, used by `main` and driven headless by
//! `tests/gui.rs`. Everything under it (services, store, scheduler) is in `spool_core`.

pub mod gui;
