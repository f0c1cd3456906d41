//! Formulas typeset once per process: a card's maths is typeset the first time a face
//! shows it, and every later face, and the image loader, reuse the result.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use parking_lot::Mutex;

use crate::typeset::typeset;
use crate::{MathError, Typeset};

/// Every formula typeset so far, and every failure, keyed by the SVG's file name (which
/// stands for the formula, its kind and its colour). Shared between threads.
#[derive(Debug, Default)]
pub struct MathCache {
    formulas: Mutex<HashMap<String, Result<Arc<Typeset>, MathError>>>,
}

impl MathCache {
    pub fn new() -> MathCache {
        MathCache::default()
    }

    /// `latex` typeset in `colour`, as display or inline maths; typeset now if it has not
    /// been before.
    pub fn typeset(
        &self,
        latex: &str,
        display: bool,
        colour: [u8; 3],
    ) -> Result<Arc<Typeset>, MathError> {
        let name = file_name(latex, display, colour);
        if let Some(known) = self.formulas.lock().get(&name) {
            return known.clone();
        }
        // Typst and mitex are young and a card's LaTeX is anything at all: a formula that
        // makes either panic shows as an error on its card rather than ending the program.
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            typeset(latex, display, colour, name.clone())
        }))
        .unwrap_or(Err(MathError::Crashed))
        .map(Arc::new);
        // Typesetting runs unlocked, so another thread may have finished the same formula
        // first: its result is kept, so one formula always has one `Typeset`.
        self.formulas.lock().entry(name).or_insert(outcome).clone()
    }

    /// The SVG of the typeset formula named `name`, as a card's `<img src>` names it.
    pub fn svg(&self, name: &str) -> Option<Arc<[u8]>> {
        match self.formulas.lock().get(name)? {
            Ok(typeset) => Some(typeset.svg.clone()),
            Err(_) => None,
        }
    }
}

/// A file name that stands for one formula: a digest of what it was typeset from.
fn file_name(latex: &str, display: bool, colour: [u8; 3]) -> String {
    let mut digest = sha1_smol::Sha1::new();
    digest.update(&[u8::from(display)]);
    digest.update(&colour);
    digest.update(latex.as_bytes());
    format!("spool-math-{}.svg", digest.digest())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLACK: [u8; 3] = [0, 0, 0];

    #[test]
    fn a_formula_is_typeset_once() {
        let cache = MathCache::new();
        let first = cache.typeset("x^2", false, BLACK).unwrap();
        let again = cache.typeset("x^2", false, BLACK).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
    }

    #[test]
    fn kind_and_colour_make_another_formula() {
        let cache = MathCache::new();
        let inline = cache.typeset("x^2", false, BLACK).unwrap();
        let display = cache.typeset("x^2", true, BLACK).unwrap();
        let white = cache.typeset("x^2", false, [255, 255, 255]).unwrap();
        assert_ne!(inline.name, display.name);
        assert_ne!(inline.name, white.name);
        assert_ne!(inline.svg, white.svg);
    }

    #[test]
    fn the_svg_is_found_by_its_file_name() {
        let cache = MathCache::new();
        let typeset = cache.typeset(r"\pi", false, BLACK).unwrap();
        assert!(typeset.name.starts_with("spool-math-") && typeset.name.ends_with(".svg"));
        let svg = cache.svg(&typeset.name).unwrap();
        assert!(Arc::ptr_eq(&svg, &typeset.svg));
        assert_eq!(cache.svg("spool-math-unknown.svg"), None);
    }

    #[test]
    fn a_failure_is_remembered_and_has_no_svg() {
        let cache = MathCache::new();
        let error = cache.typeset(r"\nosuchcommand", false, BLACK).unwrap_err();
        assert_eq!(
            cache.typeset(r"\nosuchcommand", false, BLACK).unwrap_err(),
            error
        );
        assert_eq!(cache.formulas.lock().len(), 1);
        let name = file_name(r"\nosuchcommand", false, BLACK);
        assert_eq!(cache.svg(&name), None);
    }

    #[test]
    fn the_cache_is_shared_between_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<MathCache>();
        let cache = Arc::new(MathCache::new());
        let names: Vec<String> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..2)
                .map(|_| scope.spawn(|| cache.typeset("a+b", false, BLACK).unwrap().name.clone()))
                .collect();
            workers
                .into_iter()
                .map(|worker| worker.join().unwrap())
                .collect()
        });
        assert_eq!(names[0], names[1]);
        assert_eq!(cache.formulas.lock().len(), 1);
    }
}
