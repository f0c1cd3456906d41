//! Image Occlusion notes, drawn without a script.
//!
//! Anki's Image Occlusion note type keeps each mask as a cloze deletion,
//! `{{c1::image-occlusion:rect:left=.2:top=.3:width=.1:height=.05:oi=1}}`, in fractions of
//! the image's size. Its cloze filter turns each into an empty `<div class="cloze"
//! data-shape="rect" data-left=".2" …>` inside a hidden element, and the reviewer's
//! script reads those and paints the masks on a canvas over the image. Spool runs no
//! scripts, so [`draw_masks`] reads the same elements and places each mask over the
//! image as positioned HTML, in the colours the note type's CSS gives the canvas.
//!
//! Which masks show, as in Anki: on the question the card's own mask is the active colour;
//! every other mask is hidden too when it says `oi=1` ("hide all, guess one") and left
//! off otherwise ("hide one, guess one"). On the answer the card's mask becomes an outline
//! with the image showing through. Text labels (cloze 0) always show.

use std::borrow::Cow;
use std::fmt::Write;

use html_escape::{decode_html_entities, encode_double_quoted_attribute, encode_text};

/// How a cloze deletion's text starts when it is a mask.
pub const CLOZE_PREFIX: &str = "image-occlusion:";

/// The element around the image that masks are placed over.
const CONTAINER: &str = "id=\"image-occlusion-container\"";

/// The `data-` attribute each property of a mask becomes; others are dropped, as in Anki.
fn attribute_of(key: &str) -> Option<&'static str> {
    Some(match key {
        "left" => "left",
        "top" => "top",
        "angle" => "angle",
        "fill" => "fill",
        "width" => "width",
        "height" => "height",
        "rx" => "rx",
        "ry" => "ry",
        "points" => "points",
        "oi" => "occludeInactive",
        "text" => "text",
        "scale" => "scale",
        "fs" => "font-size",
        _ => return None,
    })
}

/// Sizes Anki leaves off when they are empty or zero; other properties only when empty.
const SIZES: [&str; 5] = ["width", "height", "rx", "ry", "scale"];

/// The element Anki's cloze filter makes of one mask, `shape` being the deletion's text
/// after [`CLOZE_PREFIX`], for card `ord` on one side.
pub fn mask_element(shape: &str, ords: &[u32], ord: u32, answer_side: bool) -> String {
    let mut parts = split_unescaped(shape);
    let kind = if parts.is_empty() {
        String::new()
    } else {
        parts.remove(0)
    };
    let class = match (ords.contains(&ord), answer_side) {
        (true, false) => "cloze",
        (true, true) => "cloze-highlight",
        _ if ords.contains(&0) => "cloze",
        _ => "cloze-inactive",
    };
    let numbers: Vec<String> = ords.iter().map(u32::to_string).collect();
    let mut out = format!(
        "<div class=\"{class}\" data-ordinal=\"{}\" data-shape=\"{}\" ",
        numbers.join(","),
        encode_double_quoted_attribute(&kind)
    );
    // In the order the note gives them, as Anki writes them.
    for (key, value) in parts.iter().filter_map(|part| part.split_once('=')) {
        let Some(attribute) = attribute_of(key) else {
            continue;
        };
        let value = if key == "points" {
            points_text(value)
        } else {
            value.to_string()
        };
        if value.is_empty() || (SIZES.contains(&key) && value == "0") {
            continue;
        }
        let _ = write!(
            out,
            "data-{attribute}=\"{}\" ",
            encode_double_quoted_attribute(&value)
        );
    }
    out.push_str("></div>");
    out
}

/// `rect:left=.2:text=a\:b` split on the colons that are not escaped, escapes undone.
fn split_unescaped(text: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    parts.last_mut().expect("one part at least").push(next);
                }
            }
            ':' => parts.push(String::new()),
            c => parts.last_mut().expect("one part at least").push(c),
        }
    }
    parts
}

/// One mask as the cloze filter left it in the face.
#[derive(Debug, Default, PartialEq)]
struct Mask {
    class: String,
    shape: String,
    left: f32,
    top: f32,
    width: f32,
    height: f32,
    rx: f32,
    ry: f32,
    /// Degrees, clockwise.
    angle: f32,
    fill: Option<String>,
    points: Vec<(f32, f32)>,
    hides_inactive: bool,
    text: String,
    scale: f32,
    font_size: f32,
}

/// The colours of the note type's `#image-occlusion-canvas` variables, Anki's defaults
/// where it sets none.
struct Colours {
    active: String,
    inactive: String,
    highlight: String,
    active_border: String,
    inactive_border: String,
    highlight_border: String,
}

impl Colours {
    fn of(css: &str) -> Colours {
        let variable = |name: &str, default: &str| {
            css_variable(css, name).map_or_else(|| default.to_string(), str::to_string)
        };
        Colours {
            active: variable("--active-shape-color", "#ff8e8e"),
            inactive: variable("--inactive-shape-color", "#ffeba2"),
            highlight: variable("--highlight-shape-color", "#ff8e8e00"),
            active_border: border(&variable("--active-shape-border", "1px #212121")),
            inactive_border: border(&variable("--inactive-shape-border", "1px #212121")),
            highlight_border: border(&variable("--highlight-shape-border", "1px #ff8e8e")),
        }
    }
}

/// Anki's `width colour` border variable as a CSS border.
fn border(value: &str) -> String {
    match value.split_once(' ') {
        Some((width, colour)) => format!("{width} solid {}", colour.trim()),
        None => format!("{value} solid"),
    }
}

/// The value of `name: value;` in `css`, the last one set.
fn css_variable<'a>(css: &'a str, name: &str) -> Option<&'a str> {
    css.rmatch_indices(name)
        .find_map(|(at, _)| css[at + name.len()..].trim_start().strip_prefix(':'))
        .map(|rest| rest[..rest.find([';', '}']).unwrap_or(rest.len())].trim())
        .filter(|value| !value.is_empty())
}

/// The page's masks placed over its image; `face_html` unchanged when it has none.
pub fn draw_masks<'a>(face_html: &'a str, css: &str) -> Cow<'a, str> {
    let Some(container) = face_html.find(CONTAINER) else {
        return Cow::Borrowed(face_html);
    };
    let masks = masks_in(face_html);
    let Some(inside) = face_html[container..]
        .find('>')
        .map(|end| container + end + 1)
    else {
        return Cow::Borrowed(face_html);
    };
    let colours = Colours::of(css);
    let mut drawn = String::from("<div class=\"spool-occlusion-masks\">");
    for mask in &masks {
        draw(mask, &colours, &mut drawn);
    }
    drawn.push_str("</div>");
    let mut out = String::with_capacity(face_html.len() + drawn.len() + OCCLUSION_CSS.len());
    out.push_str(OCCLUSION_CSS);
    out.push_str(&face_html[..inside]);
    out.push_str(&drawn);
    out.push_str(&face_html[inside..]);
    Cow::Owned(out)
}

/// The image keeps its own size, up to the card's width, and the masks are laid over it.
/// The reviewer's Toggle Masks button works only with its script, so it is not shown.
const OCCLUSION_CSS: &str = "<style>
#image-occlusion-container { position: relative; display: inline-block; max-width: 100%; }
#image-occlusion-container img { display: block; max-width: 100%; height: auto; }
#image-occlusion-canvas, #toggle { display: none; }
.spool-occlusion-masks { position: absolute; left: 0; top: 0; width: 100%; height: 100%; }
.spool-occlusion-masks > div, .spool-occlusion-masks > svg { position: absolute;
  box-sizing: border-box; transform-origin: 0 0; }
.spool-occlusion-text { background: white; color: black; font-family: arial; padding: 0 5px 5px 0;
  line-height: 1.5; white-space: pre; text-align: left; }
</style>";

/// Every mask element in `html`, in order.
fn masks_in(html: &str) -> Vec<Mask> {
    let mut masks = Vec::new();
    let mut from = 0;
    while let Some(start) = html[from..].find("<div class=\"cloze").map(|at| from + at) {
        let end = html[start..].find('>').map_or(html.len(), |at| start + at);
        let tag = &html[start..end];
        from = end;
        let attributes = attributes(tag);
        let Some(shape) = attributes.iter().find(|(name, _)| name == "data-shape") else {
            continue;
        };
        let mut mask = Mask {
            shape: shape.1.clone(),
            scale: 1.0,
            ..Mask::default()
        };
        for (name, value) in &attributes {
            let number = || value.parse::<f32>().unwrap_or(0.0);
            match name.as_str() {
                "class" => mask.class = value.clone(),
                "data-left" => mask.left = number(),
                "data-top" => mask.top = number(),
                "data-width" => mask.width = number(),
                "data-height" => mask.height = number(),
                "data-rx" => mask.rx = number(),
                "data-ry" => mask.ry = number(),
                // Stored in ten-thousandths of a turn.
                "data-angle" => mask.angle = number() * 360.0 / 10_000.0,
                "data-fill" => mask.fill = Some(value.clone()),
                "data-points" => mask.points = points(value),
                "data-occludeInactive" => mask.hides_inactive = value == "1",
                "data-text" => mask.text = value.clone(),
                "data-scale" => mask.scale = number(),
                "data-font-size" => mask.font_size = number(),
                _ => {}
            }
        }
        masks.push(mask);
    }
    masks
}

/// `name="value"` pairs of a tag this module's [`mask_element`] wrote, values unescaped.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = tag;
    while let Some(equals) = rest.find("=\"") {
        let name = rest[..equals].rsplit(' ').next().unwrap_or_default();
        let value_start = equals + 2;
        let Some(length) = rest[value_start..].find('"') else {
            break;
        };
        let value = &rest[value_start..value_start + length];
        found.push((name.to_string(), decode_html_entities(value).into_owned()));
        rest = &rest[value_start + length + 1..];
    }
    found
}

/// `x1,y1 x2,y2 …` with whatever is not a pair left out, as Anki writes it back.
fn points_text(value: &str) -> String {
    let pairs: Vec<&str> = value.split(' ').filter(|pair| pair.contains(',')).collect();
    pairs.join(" ")
}

/// `x1,y1 x2,y2 …` as numbers; a pair that does not parse is left out.
fn points(value: &str) -> Vec<(f32, f32)> {
    value
        .split_whitespace()
        .filter_map(|pair| {
            let (x, y) = pair.split_once(',')?;
            Some((x.parse().ok()?, y.parse().ok()?))
        })
        .collect()
}

fn percent(fraction: f32) -> f32 {
    fraction * 100.0
}

/// Appends the HTML of `mask`, if it shows, to `out`.
fn draw(mask: &Mask, colours: &Colours, out: &mut String) {
    if mask.shape == "text" {
        draw_text(mask, out);
        return;
    }
    let (fill, border) = match mask.class.as_str() {
        "cloze" => (colours.active.as_str(), colours.active_border.as_str()),
        "cloze-highlight" => (
            colours.highlight.as_str(),
            colours.highlight_border.as_str(),
        ),
        _ if mask.hides_inactive => (
            mask.fill.as_deref().unwrap_or(&colours.inactive),
            colours.inactive_border.as_str(),
        ),
        _ => return,
    };
    let rotation = if mask.angle == 0.0 {
        String::new()
    } else {
        format!("transform: rotate({}deg);", mask.angle)
    };
    match mask.shape.as_str() {
        "rect" => {
            let _ = write!(
                out,
                "<div style=\"left: {}%; top: {}%; width: {}%; height: {}%; background: {fill}; \
                 border: {border}; {rotation}\"></div>",
                percent(mask.left),
                percent(mask.top),
                percent(mask.width),
                percent(mask.height),
            );
        }
        "ellipse" => {
            let _ = write!(
                out,
                "<div style=\"left: {}%; top: {}%; width: {}%; height: {}%; background: {fill}; \
                 border: {border}; border-radius: 50%; {rotation}\"></div>",
                percent(mask.left),
                percent(mask.top),
                percent(2.0 * mask.rx),
                percent(2.0 * mask.ry),
            );
        }
        "polygon" if !mask.points.is_empty() => draw_polygon(mask, fill, border, out),
        _ => {}
    }
}

/// A polygon as an SVG over the whole image, its points in thousandths of the image's
/// width and height, moved so their top left corner is the mask's `left` and `top`.
fn draw_polygon(mask: &Mask, fill: &str, border: &str, out: &mut String) {
    let min_x = mask
        .points
        .iter()
        .map(|p| p.0)
        .fold(f32::INFINITY, f32::min);
    let min_y = mask
        .points
        .iter()
        .map(|p| p.1)
        .fold(f32::INFINITY, f32::min);
    let points: Vec<String> = mask
        .points
        .iter()
        .map(|(x, y)| {
            format!(
                "{:.1},{:.1}",
                (x - min_x + mask.left) * 1000.0,
                (y - min_y + mask.top) * 1000.0
            )
        })
        .collect();
    let (stroke_width, stroke) = border.split_once(" solid ").unwrap_or(("0", "none"));
    let stroke_width = stroke_width
        .trim_end_matches("px")
        .parse::<f32>()
        .unwrap_or(0.0);
    let _ = write!(
        out,
        "<svg style=\"left: 0; top: 0; width: 100%; height: 100%\" viewBox=\"0 0 1000 1000\" \
         preserveAspectRatio=\"none\"><polygon points=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\" \
         stroke-width=\"{}\"/></svg>",
        points.join(" "),
        stroke_width * 2.0,
    );
}

/// A text label: black on a white box, its size a fraction of the image's height, which
/// the page does not know; an image about as tall as the card is wide is assumed.
fn draw_text(mask: &Mask, out: &mut String) {
    let font_px = (mask.font_size * 600.0 * mask.scale).clamp(8.0, 96.0);
    let colour = mask.fill.as_deref().unwrap_or("black");
    let _ = write!(
        out,
        "<div class=\"spool-occlusion-text\" style=\"left: {}%; top: {}%; font-size: {font_px:.0}px; \
         color: {colour};\">{}</div>",
        percent(mask.left),
        percent(mask.top),
        encode_text(&mask.text),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mask_becomes_ankis_element() {
        let shape = "rect:left=.2:top=.3:width=.1:height=.05:colour=red:oi=1";
        assert_eq!(
            mask_element(shape, &[1], 1, false),
            "<div class=\"cloze\" data-ordinal=\"1\" data-shape=\"rect\" data-left=\".2\" \
             data-top=\".3\" data-width=\".1\" data-height=\".05\" data-occludeInactive=\"1\" ></div>"
        );
        assert!(mask_element(shape, &[1], 1, true).starts_with("<div class=\"cloze-highlight\""));
        assert!(mask_element(shape, &[2], 1, false).starts_with("<div class=\"cloze-inactive\""));
        assert!(mask_element(shape, &[2], 1, true).starts_with("<div class=\"cloze-inactive\""));
        assert!(
            mask_element("text:left=.1:top=.1:text=Hi", &[0], 1, true)
                .starts_with("<div class=\"cloze\" data-ordinal=\"0\"")
        );
    }

    #[test]
    fn zero_sizes_are_left_off_and_escapes_undone() {
        let element = mask_element(
            "text:left=.1:top=.2:scale=0:text=a\\:b \"c\"",
            &[0],
            1,
            false,
        );
        assert!(!element.contains("data-scale"), "{element}");
        assert!(
            element.contains("data-text=\"a:b &quot;c&quot;\""),
            "{element}"
        );
    }

    fn face(masks: &[String]) -> String {
        format!(
            "<div style=\"display: none\">{}</div><div id=\"image-occlusion-container\">\
             <img src=\"photo.png\"><canvas id=\"image-occlusion-canvas\"></canvas></div>",
            masks.concat()
        )
    }

    #[test]
    fn hide_all_draws_every_mask_and_hide_one_only_the_cards_own() {
        let all = face(&[
            mask_element(
                "rect:left=.1:top=.1:width=.2:height=.2:oi=1",
                &[1],
                1,
                false,
            ),
            mask_element(
                "rect:left=.5:top=.5:width=.2:height=.2:oi=1",
                &[2],
                1,
                false,
            ),
        ]);
        let drawn = draw_masks(&all, "");
        assert!(
            drawn.contains("left: 10%; top: 10%; width: 20%; height: 20%; background: #ff8e8e")
        );
        assert!(
            drawn.contains("left: 50%; top: 50%; width: 20%; height: 20%; background: #ffeba2")
        );
        let one = face(&[
            mask_element("rect:left=.1:top=.1:width=.2:height=.2", &[1], 1, false),
            mask_element("rect:left=.5:top=.5:width=.2:height=.2", &[2], 1, false),
        ]);
        let drawn = draw_masks(&one, "");
        assert!(drawn.contains("background: #ff8e8e"), "{drawn}");
        assert!(!drawn.contains("left: 50%"), "{drawn}");
    }

    #[test]
    fn the_answer_outlines_the_cards_mask_in_the_note_types_colours() {
        let css = "#image-occlusion-canvas { --highlight-shape-border: 2px #00ff00; \
                   --inactive-shape-color: #123456; }";
        let answer = face(&[
            mask_element("ellipse:left=.1:top=.1:rx=.1:ry=.05:oi=1", &[1], 1, true),
            mask_element("rect:left=.5:top=.5:width=.2:height=.2:oi=1", &[2], 1, true),
        ]);
        let drawn = draw_masks(&answer, css);
        assert!(drawn.contains("width: 20%; height: 10%; background: #ff8e8e00; border: 2px solid #00ff00; border-radius: 50%"), "{drawn}");
        assert!(drawn.contains("background: #123456"), "{drawn}");
    }

    #[test]
    fn polygons_are_moved_to_their_left_and_top() {
        let element = mask_element(
            "polygon:left=.5:top=.5:points=.1,.1 .3,.1 .2,.3",
            &[1],
            1,
            false,
        );
        let page = face(&[element]);
        let drawn = draw_masks(&page, "");
        assert!(
            drawn.contains("points=\"500.0,500.0 700.0,500.0 600.0,700.0\""),
            "{drawn}"
        );
    }

    #[test]
    fn a_face_without_an_occlusion_image_is_left_alone() {
        assert!(matches!(draw_masks("<b>plain</b>", ""), Cow::Borrowed(_)));
    }

    #[test]
    fn css_variables_are_read_up_to_their_semicolon() {
        let css = "a { --active-shape-color: #abcdef; --x: 1 }";
        assert_eq!(css_variable(css, "--active-shape-color"), Some("#abcdef"));
        assert_eq!(css_variable(css, "--x"), Some("1"));
        assert_eq!(css_variable(css, "--missing"), None);
    }
}
