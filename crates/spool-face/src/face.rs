//! Laying out and painting one card face.

use std::sync::{Arc, LazyLock};

use anyrender::PaintScene;
use anyrender_vello_cpu::VelloCpuImageRenderer;
use blitz_dom::{DocumentConfig, FontContext, StyleThreading, UserAgentStylesheet, local_name};
use blitz_html::HtmlDocument;
use blitz_traits::shell::{ColorScheme, Viewport};

use crate::FaceError;
use crate::media::{MediaProvider, MediaSource};
use spool_math::MathCache;

/// What a browser's own stylesheet gives that Blitz's lacks, for the HTML cards use.
const ENGINE_GAPS_CSS: &str = "
code, kbd, samp, pre, tt { font-family: 'DejaVu Sans Mono', monospace; }
ruby { display: inline-flex; flex-direction: column-reverse; align-items: center; vertical-align: bottom; }
rt { display: block; font-size: 50%; line-height: 1.1; }
rp { display: none; }
hr { height: 0; margin: 0.5em auto; border-style: none; border-top: 1px solid #9a9a9a;
     border-bottom: 1px solid #eeeeee; }
";

/// The tallest face drawn; the rest is cut off (the painter works in 16-bit coordinates).
const MAX_HEIGHT_PX: u32 = 16_000;

/// Width, pixel density and theme of a face.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FaceOptions {
    /// Width in CSS pixels.
    pub width: u32,
    /// Device pixels per CSS pixel (the UI scale).
    pub scale: f32,
    pub dark: bool,
}

/// Lays out card faces. Holds the system's fonts, found once, and every formula typeset.
pub struct Painter {
    fonts: FontContext,
    maths: Arc<MathCache>,
}

impl Default for Painter {
    fn default() -> Self {
        Painter::new()
    }
}

impl Painter {
    pub fn new() -> Painter {
        Painter {
            fonts: FontContext::default(),
            maths: Arc::new(MathCache::new()),
        }
    }

    /// Lays out `html`, a whole document, with its resources from `media` and its maths
    /// typeset in the colour of its text.
    pub fn lay_out(
        &self,
        html: &str,
        media: MediaSource,
        options: FaceOptions,
    ) -> Result<Face, FaceError> {
        if options.width == 0 {
            return Err(FaceError::ZeroWidth(options.width));
        }
        if !(0.25..=8.0).contains(&options.scale) {
            return Err(FaceError::BadScale(options.scale));
        }
        let mut document = self.parse(html, &media, options);
        if spool_math::has_maths(html) {
            let colour = text_colour(&document);
            let typeset = spool_math::typeset_html(html, &self.maths, colour);
            document = self.parse(&typeset, &media, options);
        }
        let height = content_height(&document).clamp(1.0, MAX_HEIGHT_PX as f32 / options.scale);
        let mut face = Face {
            document,
            options,
            height: height.ceil() as u32,
        };
        face.fit_viewport();
        Ok(face)
    }

    fn parse(&self, html: &str, media: &MediaSource, options: FaceOptions) -> HtmlDocument {
        static GAPS: LazyLock<UserAgentStylesheet> =
            LazyLock::new(|| UserAgentStylesheet::parse(ENGINE_GAPS_CSS));
        let color_scheme = if options.dark {
            ColorScheme::Dark
        } else {
            ColorScheme::Light
        };
        let config = DocumentConfig {
            viewport: Some(Viewport::new(
                device_pixels(options.width, options.scale),
                device_pixels(options.width, options.scale),
                options.scale,
                color_scheme,
            )),
            base_url: Some(media.base_url().to_string()),
            ua_stylesheets: vec![UserAgentStylesheet::default_sheet(), GAPS.clone()],
            net_provider: Some(Arc::new(MediaProvider {
                media: media.clone(),
                maths: self.maths.clone(),
            })),
            font_ctx: Some(self.fonts.clone()),
            // Faces are laid out on several threads at once (the window, tests): Stylo's
            // shared pool must not be entered twice.
            style_threading: StyleThreading::Sequential,
            ..DocumentConfig::default()
        };
        let mut document = HtmlDocument::from_html(html, config);
        document.handle_messages();
        document.resolve(0.0);
        document
    }
}

/// The colour of the face's text (its body's), for maths set in it.
fn text_colour(document: &HtmlDocument) -> [u8; 3] {
    let root = document.root_element();
    let body = root.children.iter().copied().find(|&id| {
        document
            .get_node(id)
            .is_some_and(|node| node.data.is_element_with_tag_name(&local_name!("body")))
    });
    body.map(|id| document.resolved_style_value(id, "color"))
        .and_then(|colour| parse_rgb(&colour))
        .unwrap_or([0, 0, 0])
}

/// `rgb(r, g, b)` or `rgba(r, g, b, a)`, as computed styles give colours.
fn parse_rgb(colour: &str) -> Option<[u8; 3]> {
    let inner = colour
        .trim()
        .strip_prefix("rgba(")
        .or_else(|| colour.trim().strip_prefix("rgb("))?
        .strip_suffix(')')?;
    let mut channels = inner.split([',', ' ']).filter(|part| !part.is_empty());
    let mut channel = || channels.next()?.trim().parse::<f32>().ok();
    Some([channel()? as u8, channel()? as u8, channel()? as u8])
}

fn device_pixels(css_pixels: u32, scale: f32) -> u32 {
    ((css_pixels as f32 * scale).round() as u32).max(1)
}

fn content_height(document: &HtmlDocument) -> f32 {
    let root = document.root_element();
    let layout = root.final_layout();
    layout.size.height.max(layout.scroll_height())
}

/// A laid-out face: its size is known, and it can be painted and asked what is under a point.
pub struct Face {
    document: HtmlDocument,
    options: FaceOptions,
    height: u32,
}

/// A painted face, `width` x `height` device pixels of straight RGBA.
#[derive(Clone, PartialEq, Eq)]
pub struct PaintedFace {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

impl std::fmt::Debug for PaintedFace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PaintedFace({}x{})", self.width, self.height)
    }
}

impl PaintedFace {
    /// The colour of the page around the content (its bottom-left corner), for filling the
    /// space around the face with the card's own background.
    pub fn canvas(&self) -> [u8; 4] {
        let offset = ((self.height as usize - 1) * self.width as usize) * 4;
        self.rgba[offset..offset + 4]
            .try_into()
            .expect("four bytes")
    }
}

impl Face {
    /// Height in CSS pixels.
    pub fn height(&self) -> u32 {
        self.height
    }

    fn fit_viewport(&mut self) {
        let scheme = self.document.viewport().color_scheme;
        self.document.set_viewport(Viewport::new(
            device_pixels(self.options.width, self.options.scale),
            device_pixels(self.height, self.options.scale),
            self.options.scale,
            scheme,
        ));
        self.document.resolve(0.0);
    }

    pub fn paint(&mut self) -> PaintedFace {
        let width = device_pixels(self.options.width, self.options.scale);
        let height = device_pixels(self.height, self.options.scale);
        let canvas = if self.options.dark {
            peniko::Color::from_rgb8(0x2c, 0x2c, 0x2c)
        } else {
            peniko::Color::WHITE
        };
        let scale = f64::from(self.options.scale);
        let document = &mut self.document;
        let rgba = anyrender::render_to_buffer::<VelloCpuImageRenderer, _>(
            |scene| {
                scene.fill(
                    peniko::Fill::NonZero,
                    kurbo::Affine::IDENTITY,
                    canvas,
                    None,
                    &kurbo::Rect::new(0.0, 0.0, f64::from(width), f64::from(height)),
                );
                blitz_paint::paint_scene(scene, document, scale, width, height, 0, 0);
            },
            width,
            height,
        );
        PaintedFace {
            width,
            height,
            rgba,
        }
    }

    /// Where the link under (`x`, `y`) (CSS pixels from the face's top left) goes, if any.
    pub fn link_at(&self, x: f32, y: f32) -> Option<String> {
        let hit = self.document.hit(x, y)?;
        let mut node = self.document.get_node(hit.node_id);
        while let Some(current) = node {
            if current.data.is_element_with_tag_name(&local_name!("a"))
                && let Some(href) = current.attr(local_name!("href"))
            {
                return Some(href.to_string());
            }
            node = current
                .parent
                .and_then(|parent| self.document.get_node(parent));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn computed_colours_are_read() {
        assert_eq!(super::parse_rgb("rgb(255, 215, 0)"), Some([255, 215, 0]));
        assert_eq!(super::parse_rgb("rgba(1, 2, 3, 0.5)"), Some([1, 2, 3]));
        assert_eq!(super::parse_rgb("currentcolor"), None);
    }
}
