//! Shows card HTML natively: a [`Document`] becomes iced text, code blocks and images.

use iced::alignment::Horizontal;
use iced::font::{Style as FontStyle, Weight};
use iced::widget::text::Span;
use iced::widget::{column, container, image, rich_text, row, rule, span, text};
use iced::{Element, Fill, Font, Padding};

use spool_core::render::document::highlight::{self, Token};
pub use spool_core::render::document::{Block, Document, Run, Script};

use crate::gui::theme::{self, Colors};

/// How much taller than the text a line is; generous for reading.
const LINE_HEIGHT: f32 = 1.45;

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
