//! One formula from LaTeX to an SVG: mitex turns the LaTeX into Typst maths, Typst lays it
//! out on a page exactly its size, and the page is drawn as SVG.

use std::sync::Arc;

use typst::foundations::Label;
use typst::introspection::Introspector;
use typst::layout::{Abs, Frame, Point, Sides, Size};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

use crate::ink::ink_bounds;
use crate::world::{FormulaWorld, PRELUDE_PATH};
use crate::{MathError, Overhang, Typeset};

/// The size of the text a formula is set in. The SVG's measures are given in ems of it, so
/// the formula takes the size of the text around it on the card.
const FONT_SIZE_PT: f64 = 11.0;

/// The label the formula's equation carries, so its baseline can be found on the page.
const EQUATION_LABEL: &str = "spool-formula";

/// Typst keeps what it has computed for reuse by later compilations; an entry no
/// compilation has used for this many compilations is dropped, so memory stays bounded.
const CACHE_MAX_AGE: usize = 20;

/// `latex` typeset in `colour`, as display maths (on its own line, at full size) or
/// inline. `name` is the file name the SVG is served under.
pub(crate) fn typeset(
    latex: &str,
    display: bool,
    colour: [u8; 3],
    name: String,
) -> Result<Typeset, MathError> {
    let maths = mitex::convert_math(latex, None).map_err(MathError::Latex)?;
    let world = FormulaWorld::new(formula_source(&maths, display, colour));
    let compiled = typst::compile::<PagedDocument>(&world).output;
    typst::comemo::evict(CACHE_MAX_AGE);
    let document = compiled.map_err(|errors| {
        let message = errors.first().map(|error| error.message.to_string());
        MathError::Typst(message.unwrap_or_default())
    })?;
    let [page] = document.pages() else {
        return Err(MathError::Typst("the formula did not fit one page".into()));
    };
    let baseline = baseline(&document).ok_or(MathError::NoBaseline)?;
    let size = page.frame.size();
    let overhang = overhang(&page.frame);
    // The page grows to take in all the ink; the formula's box stays where it was in it.
    let mut page = page.clone();
    page.frame
        .translate(Point::new(overhang.left, overhang.top));
    *page.frame.size_mut() = Size::new(
        size.x + overhang.left + overhang.right,
        size.y + overhang.top + overhang.bottom,
    );
    Ok(Typeset {
        name,
        svg: Arc::from(typst_svg::svg(&page, &typst_svg::SvgOptions::default()).into_bytes()),
        width_em: in_em(size.x),
        height_em: in_em(size.y),
        depth_em: in_em(size.y - baseline),
        overhang_em: Overhang {
            top: in_em(overhang.top),
            right: in_em(overhang.right),
            bottom: in_em(overhang.bottom),
            left: in_em(overhang.left),
        },
    })
}

/// How far the ink on `frame` reaches past its box on each side.
fn overhang(frame: &Frame) -> Sides<Abs> {
    let Some(ink) = ink_bounds(frame) else {
        return Sides::splat(Abs::zero());
    };
    let size = frame.size();
    Sides::new(
        -ink.min.x,
        -ink.min.y,
        ink.max.x - size.x,
        ink.max.y - size.y,
    )
    // Less than a thousandth of an em is rounding, not ink.
    .map(|past| {
        if past > Abs::pt(0.01) {
            past
        } else {
            Abs::zero()
        }
    })
}

/// A Typst document holding nothing but the formula, on a transparent page cut to its ink.
///
/// Display maths is an inline equation in display style, not a block equation, so that both
/// kinds stand on a baseline that can be read back. Text edges at the glyphs' bounds make
/// the line, and so the page, exactly as tall as the formula.
fn formula_source(maths: &str, display: bool, [red, green, blue]: [u8; 3]) -> String {
    // Maths with spaces at both ends would be a block equation; the end keeps its space,
    // which may be the one a trailing `\` (a line break) needs.
    let maths = maths.trim_start();
    let body = if display && !maths.trim().is_empty() {
        format!("display({maths})")
    } else {
        maths.to_string()
    };
    format!(
        "#import \"{PRELUDE_PATH}\": *\n\
         #set page(width: auto, height: auto, margin: 0pt, fill: none)\n\
         #set text(size: {FONT_SIZE_PT}pt, fill: rgb({red}, {green}, {blue}), top-edge: \"bounds\", bottom-edge: \"bounds\")\n\
         ${body}$<{EQUATION_LABEL}>\n"
    )
}

/// How far below the page's top the equation's baseline lies: an inline element's position
/// is where its line's baseline meets its start.
fn baseline(document: &PagedDocument) -> Option<Abs> {
    let introspector = document.introspector();
    let label = Label::new(PicoStr::intern(EQUATION_LABEL))?;
    let location = introspector.query_label(label).ok()?.location()?;
    Some(introspector.position(location)?.point.y)
}

fn in_em(length: Abs) -> f32 {
    (length.to_pt() / FONT_SIZE_PT) as f32
}

#[cfg(test)]
mod tests {
    use mitex::{ArgPattern, ArgShape, CommandSpecItem};

    use super::*;

    const BLACK: [u8; 3] = [0, 0, 0];

    fn set(latex: &str, display: bool) -> Typeset {
        typeset(latex, display, BLACK, "test.svg".into()).unwrap()
    }

    #[test]
    fn a_fraction_is_taller_on_its_own_line_than_in_text() {
        let inline = set(r"\frac{a}{b}", false);
        let display = set(r"\frac{a}{b}", true);
        assert!(
            display.height_em > inline.height_em * 1.2,
            "{display:?} vs {inline:?}"
        );
        assert!(
            inline.height_em > 1.0 && inline.height_em < 2.0,
            "{inline:?}"
        );
    }

    #[test]
    fn sizes_are_in_ems_of_the_text() {
        let x = set("x", false);
        // An italic x is about half an em wide, a little under an em tall, and stands on
        // the baseline.
        assert!((0.3..0.8).contains(&x.width_em), "{x:?}");
        assert!((0.3..1.0).contains(&x.height_em), "{x:?}");
        assert!(x.depth_em.abs() < 0.05, "{x:?}");
        let subscript = set("x_1", false);
        assert!(subscript.depth_em > 0.1, "{subscript:?}");
        assert!(subscript.width_em > x.width_em);
    }

    #[test]
    fn the_svg_draws_glyphs_in_the_colour_asked_for() {
        let typeset = typeset(r"\sqrt{2}", false, [0x12, 0x34, 0x56], "t.svg".into()).unwrap();
        let svg = std::str::from_utf8(&typeset.svg).unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("<path") && svg.contains(" d=\"M"), "{svg}");
        assert!(svg.contains("#123456"), "{svg}");
        assert!(!svg.contains("#000000"), "{svg}");
    }

    #[test]
    fn broken_latex_is_an_error() {
        let error = typeset(r"\frac{", false, BLACK, "t.svg".into()).unwrap_err();
        assert!(
            matches!(error, MathError::Latex(_) | MathError::Typst(_)),
            "{error:?}"
        );
        let error = typeset(r"\nosuchcommand", false, BLACK, "t.svg".into()).unwrap_err();
        assert!(matches!(error, MathError::Latex(_)), "{error:?}");
    }

    #[test]
    fn a_formula_reads_no_files() {
        let error = typeset(
            r"\includegraphics{/etc/passwd}",
            false,
            BLACK,
            "t.svg".into(),
        );
        assert!(matches!(error, Err(MathError::Typst(_))), "{error:?}");
    }

    #[test]
    fn an_empty_formula_takes_no_room() {
        for display in [false, true] {
            assert!(set("", display).width_em < 0.01);
        }
    }

    #[test]
    fn common_latex_typesets() {
        for latex in [
            r"\alpha + \beta \leq \Gamma \langle x \rangle \hbar \cap \oplus \otimes",
            r"\sum_{i=1}^{n} i^2 \int_0^1 f(x)\,dx \lim_{x \to 0} \prod_k",
            r"\mathbf{v} \cdot \vec{w} = \hat{x} \bar{y} \overline{ab} \tilde{a} \dot{x}",
            r"\mathrm{d}x \mathbb{R} \mathcal{L} \mathfrak{g} \text{ for all } x",
            r"\begin{pmatrix} a & b \\ c & d \end{pmatrix} \begin{bmatrix} 1 \end{bmatrix}",
            r"f(x) = \begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}",
            r"\begin{aligned} a &= b + c \\ &= d \end{aligned}",
            r"\begin{array}{c|c} 1 & 2 \\ 3 & 4 \end{array}",
            r"\left( \frac{1}{2} \right) \big( x \big) \sqrt[3]{x} \binom{n}{k}",
            r"\xrightarrow{f} \overbrace{a+b}^{n} \underset{x}{\arg\max} \operatorname{sgn}",
            r"{\color{red} x} \textcolor{#00f}{y} \boxed{z} \hspace{1em} \phantom{x}",
        ] {
            for display in [false, true] {
                typeset(latex, display, BLACK, "t.svg".into())
                    .unwrap_or_else(|error| panic!("{latex}: {error}"));
            }
        }
    }

    /// Every command and environment mitex converts typesets, but for these: `\set` is
    /// `set`, a Typst keyword; mitex's `tabular` (and its rules) is not valid Typst;
    /// `\includegraphics` would read a file; `\item` belongs to text, not maths.
    #[test]
    fn every_command_mitex_knows_typesets() {
        const UNSUPPORTED: [&str; 7] = [
            "set",
            "tabular",
            "toprule",
            "midrule",
            "bottomrule",
            "includegraphics",
            "item",
        ];
        let mut failures = Vec::new();
        for (name, item) in mitex_spec_gen::DEFAULT_SPEC.items() {
            if UNSUPPORTED.contains(&name) {
                continue;
            }
            let latex = match item {
                CommandSpecItem::Cmd(command) => match &command.args {
                    ArgShape::Right { pattern } => match pattern {
                        ArgPattern::None => format!(r"\{name}"),
                        ArgPattern::FixedLenTerm { len } => {
                            format!(r"\{name}{}", "{x}".repeat(usize::from(*len)))
                        }
                        _ => format!(r"\{name}{{x}}"),
                    },
                    ArgShape::Left1 => format!(r"x\{name}"),
                    ArgShape::InfixGreedy => format!(r"a \{name} b"),
                },
                CommandSpecItem::Env(_) => {
                    format!(r"\begin{{{name}}}{{c}} a & b \\ c & d \end{{{name}}}")
                }
            };
            if let Err(error) = typeset(&latex, false, BLACK, "t.svg".into()) {
                failures.push(format!("{latex}: {error}"));
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }
}
