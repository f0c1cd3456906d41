//! Card faces drawn as a person sees them: the face's HTML and CSS laid out by a real
//! browser engine (Blitz: Stylo for CSS, Taffy for layout) and painted on the CPU into an
//! RGBA image.
//!
//! A face reads files from its collection's media folder and nothing else: no network
//! request is ever made and no script ever runs.

mod face;
mod media;

pub use face::{Face, FaceOptions, PaintedFace, Painter};
pub use media::MediaSource;

/// Why a face could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum FaceError {
    #[error("a card face's width must be at least 1 pixel, not {0}")]
    ZeroWidth(u32),
    #[error("a card face's scale must be between 0.25 and 8, not {0}")]
    BadScale(f32),
}
