//! Turning note fields and templates into card faces.

pub mod cloze;
pub mod html;
pub mod media;
pub mod template;

pub use template::{CardFaces, render_card};
