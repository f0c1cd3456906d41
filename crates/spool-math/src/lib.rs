//! Typesetting the MathJax maths of Anki cards as SVG images.
//!
//! Anki writes maths into card HTML as MathJax reads it: `\(...\)` inline and `\[...\]`
//! display. [`typeset_html`] finds each formula where MathJax would, typesets it (LaTeX to
//! Typst with mitex, Typst to SVG), and puts an `<img>` in its place, sized in ems so the
//! formula scales with the text around it. The images live in a [`MathCache`], from which
//! the face's image loader fetches them by the file name in their `src`.

mod anki_mathjax;
mod cache;
mod delimiters;
mod ink;
mod markup;
mod rewrite;
mod typeset;
mod world;

use std::sync::Arc;

pub use cache::MathCache;
pub use rewrite::{has_maths, typeset_html};

/// A typeset formula. Its box is what the text around it makes room for; its SVG is that
/// box grown by the overhang, where ink reaches past the box.
#[derive(Debug)]
pub struct Typeset {
    /// The file name the card's `<img>` names and [`MathCache::svg`] answers to.
    pub name: String,
    pub svg: Arc<[u8]>,
    pub width_em: f32,
    pub height_em: f32,
    /// How far the box reaches below the baseline of the text it stands in.
    pub depth_em: f32,
    pub overhang_em: Overhang,
}

/// How far a formula's ink reaches past its box on each side, in ems.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Overhang {
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
    pub left: f32,
}

impl Overhang {
    pub fn is_none(&self) -> bool {
        *self == Overhang::default()
    }
}

/// Why a formula could not be typeset; the card shows its source instead.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MathError {
    #[error("LaTeX not understood: {0}")]
    Latex(String),
    #[error("typesetting failed: {0}")]
    Typst(String),
    #[error("the typeset formula has no baseline")]
    NoBaseline,
    #[error("typesetting crashed")]
    Crashed,
}
