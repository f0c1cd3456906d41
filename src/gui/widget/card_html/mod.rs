//! Shows card HTML natively: a [`Document`] becomes iced text, code blocks and images.

mod document;
mod highlight;
mod script;

use std::path::{Path, PathBuf};

use iced::alignment::Horizontal;
use iced::font::{Style as FontStyle, Weight};
use iced::widget::text::Span;
use iced::widget::{column, container, image, rich_text, row, rule, span, text};
use iced::{Element, Fill, Font, Padding};

pub use document::{Block, Document, Run, Script};
use highlight::Token;

use crate::gui::theme::{self, Colors};

/// How much taller than the text a line is; generous for reading.
const LINE_HEIGHT: f32 = 1.45;

impl Document {
    /// Points images at files in `media_dir`. Only plain file names are looked up there, so
    /// a card cannot reach outside the media folder or the network; others stay unresolved.
    pub fn resolve_media(&mut self, media_dir: &Path) {
        fn resolve(blocks: &mut [Block], media_dir: &Path) {
            for block in blocks {
                match block {
                    Block::Image { source, path } => *path = media_file(media_dir, source),
                    Block::List { items, .. } => {
                        items.iter_mut().for_each(|item| resolve(item, media_dir))
                    }
                    _ => {}
                }
            }
        }
        resolve(&mut self.blocks, media_dir);
    }
}

fn media_file(media_dir: &Path, source: &str) -> Option<PathBuf> {
    let plain_name =
        !source.is_empty() && !source.contains(['/', '\\', ':']) && source != ".." && source != ".";
    plain_name
        .then(|| media_dir.join(source))
        .filter(|path| path.is_file())
}

/// How the document is laid out: body text size and how paragraphs align.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub size: f32,
    pub align: Horizontal,
}

/// The document drawn natively.
pub fn view<'a, Message: 'a>(
    document: &'a Document,
    colors: &'static Colors,
    layout: Layout,
) -> Element<'a, Message> {
    blocks(&document.blocks, colors, layout)
}

fn blocks<'a, Message: 'a>(
    blocks: &'a [Block],
    colors: &'static Colors,
    layout: Layout,
) -> Element<'a, Message> {
    column(blocks.iter().map(|b| block(b, colors, layout)))
        .spacing(layout.size * 0.7)
        .width(Fill)
        .into()
}

fn block<'a, Message: 'a>(
    block: &'a Block,
    colors: &'static Colors,
    layout: Layout,
) -> Element<'a, Message> {
    let size = layout.size;
    match block {
        Block::Text { runs, heading } => {
            let size = if *heading { size * 1.25 } else { size };
            let spans: Vec<Span<'a>> = runs
                .iter()
                .map(|run| styled(run, colors, size, *heading, layout.align))
                .collect();
            rich_text(spans)
                .size(size)
                .line_height(LINE_HEIGHT)
                .width(Fill)
                .align_x(layout.align)
                .into()
        }
        Block::Code { language, text } => {
            let spans: Vec<Span<'a>> = match language {
                Some(language) => highlight::tokens(*language, text)
                    .into_iter()
                    .map(|(token, piece)| code_span(piece, token, colors))
                    .collect(),
                None => vec![span(text.as_str())],
            };
            container(
                rich_text(spans)
                    .font(Font::MONOSPACE)
                    .size(size * 0.78)
                    .line_height(1.4),
            )
            .padding(Padding::from([12, 16]))
            .width(Fill)
            .style(theme::code_block)
            .into()
        }
        Block::List { ordered, items } => column(items.iter().enumerate().map(|(index, item)| {
            let marker = if *ordered {
                format!("{}.", index + 1)
            } else {
                "•".to_string()
            };
            let item_layout = Layout {
                align: Horizontal::Left,
                ..layout
            };
            row![
                text(marker)
                    .size(size)
                    .line_height(LINE_HEIGHT)
                    .width(size * 1.6),
                blocks(item, colors, item_layout)
            ]
            .into()
        }))
        .spacing(size * 0.35)
        .into(),
        Block::Image { source, path } => match path {
            Some(path) => image(image::Handle::from_path(path)).into(),
            None => text(format!("[image {source} is not in the collection's media]"))
                .size(size * 0.8)
                .color(colors.muted)
                .into(),
        },
        Block::Rule => rule::horizontal(1).into(),
    }
}

fn styled<'a>(
    run: &'a Run,
    colors: &'static Colors,
    size: f32,
    heading: bool,
    align: Horizontal,
) -> Span<'a> {
    let style = run.style;
    let font = Font {
        weight: if style.bold || heading || style.cloze {
            Weight::Bold
        } else {
            Weight::Normal
        },
        style: if style.italic {
            FontStyle::Italic
        } else {
            FontStyle::Normal
        },
        ..if style.code {
            Font::MONOSPACE
        } else {
            Font::DEFAULT
        }
    };
    let piece = match style.script {
        Script::Normal => span(run.text.as_str()),
        script => match script.to_unicode(&run.text) {
            Some(raised) => span(raised),
            // A span cannot leave the baseline, so smaller text is all that marks the rest.
            None => span(run.text.as_str()).size(size * 0.7),
        },
    };
    let mut piece = piece
        .font(font)
        .underline(style.underline)
        .strikethrough(style.strike);
    if style.code {
        piece = piece.size(size * 0.88);
        // iced places span backgrounds as if the line were left-aligned, so centred text
        // marks its code by colour alone.
        piece = match align {
            Horizontal::Left => piece
                .background(colors.code_background)
                .padding(Padding::from([0, 3])),
            _ => piece.color(colors.syntax.call),
        };
    }
    if style.cloze {
        piece = piece.color(colors.new);
    }
    piece
}

fn code_span<'a>(piece: &'a str, token: Token, colors: &'static Colors) -> Span<'a> {
    let syntax = &colors.syntax;
    let color = match token {
        Token::Plain => return span(piece),
        Token::Keyword => syntax.keyword,
        Token::String => syntax.string,
        Token::Comment => syntax.comment,
        Token::Number => syntax.number,
        Token::Call => syntax.call,
        Token::Type => syntax.kind,
    };
    let font = if token == Token::Comment {
        Font {
            style: FontStyle::Italic,
            ..Font::MONOSPACE
        }
    } else {
        Font::MONOSPACE
    };
    span(piece).color(color).font(font)
}
