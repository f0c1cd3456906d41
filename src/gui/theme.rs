//! Spool's look: a calm light theme on warm paper, a dark theme that is really dark, and the
//! widget styles the screens share. Screens ask for styles here instead of picking colours.

use iced::border::Radius;
use iced::theme::{Mode, Palette};
use iced::widget::{
    button, container, pick_list as picker, scrollable as scroller, text, text_editor, text_input,
};
use iced::{Background, Border, Color, Theme, color};

use spool_core::store::Theme as ThemeSetting;

/// Text sizes, so every screen uses the same scale.
pub mod size {
    pub const SMALL: f32 = 13.0;
    pub const BODY: f32 = 15.0;
    pub const TITLE: f32 = 24.0;
    pub const HERO: f32 = 30.0;
}

/// Colours beyond iced's palette: surfaces, lines, muted text and the study-count colours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colors {
    /// Cards, tables and dialogs sit on this.
    pub surface: Color,
    /// The navigation sidebar and table headers.
    pub surface_alt: Color,
    pub border: Color,
    pub muted: Color,
    pub new: Color,
    pub learning: Color,
    pub due: Color,
    pub syntax: Syntax,
}

/// Code colours, one per kind of token the highlighter knows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Syntax {
    pub keyword: Color,
    pub string: Color,
    pub comment: Color,
    pub number: Color,
    pub call: Color,
    pub kind: Color,
}

const LIGHT: Palette = Palette {
    background: color!(0xf5f4f0),
    text: color!(0x24262a),
    primary: color!(0x3b6c9e),
    success: color!(0x3d8a5a),
    warning: color!(0xb7791f),
    danger: color!(0xbf4b45),
};

const DARK: Palette = Palette {
    background: color!(0x0e0f11),
    text: color!(0xe3e3e6),
    primary: color!(0x7aa6d8),
    success: color!(0x69bd88),
    warning: color!(0xe2a659),
    danger: color!(0xe27a70),
};

const LIGHT_COLORS: Colors = Colors {
    surface: color!(0xffffff),
    surface_alt: color!(0xebe9e3),
    border: color!(0xdddad2),
    muted: color!(0x6b6e75),
    new: color!(0x2f6db5),
    learning: color!(0xb8452f),
    due: color!(0x2f8a4e),
    syntax: Syntax {
        keyword: color!(0x8b3fa3),
        string: color!(0x2d7a4b),
        comment: color!(0x878a90),
        number: color!(0xb0602a),
        call: color!(0x2d62a3),
        kind: color!(0x9a6414),
    },
};

const DARK_COLORS: Colors = Colors {
    surface: color!(0x17181b),
    surface_alt: color!(0x121315),
    border: color!(0x2a2c31),
    muted: color!(0x9a9ca3),
    new: color!(0x78a9e6),
    learning: color!(0xe8866f),
    due: color!(0x73c58f),
    syntax: Syntax {
        keyword: color!(0xc792ea),
        string: color!(0x9fcf8a),
        comment: color!(0x6f737b),
        number: color!(0xf0a97a),
        call: color!(0x82aaff),
        kind: color!(0xe5c07b),
    },
};

/// The iced theme for a setting; `system` is the desktop's preference, if it told us one.
/// A desktop that states none (a bare X server, a desktop without the settings portal) gets
/// the light theme, as a window with no preference would.
pub fn theme_for(setting: ThemeSetting, system: Mode) -> Theme {
    let dark = match setting {
        ThemeSetting::Light => false,
        ThemeSetting::Dark => true,
        ThemeSetting::System => system == Mode::Dark,
    };
    if dark {
        Theme::custom("Spool Dark", DARK)
    } else {
        Theme::custom("Spool Light", LIGHT)
    }
}

pub fn colors(theme: &Theme) -> &'static Colors {
    if theme.extended_palette().is_dark {
        &DARK_COLORS
    } else {
        &LIGHT_COLORS
    }
}

fn rounded(radius: f32, color: Color) -> Border {
    Border {
        radius: Radius::from(radius),
        width: 1.0,
        color,
    }
}

/// A raised surface: the study card, tables, chart panels.
pub fn card(theme: &Theme) -> container::Style {
    let colors = colors(theme);
    container::Style {
        background: Some(colors.surface.into()),
        // No shadow: tiny-skia's partial redraws stack a blurred shadow onto itself.
        border: rounded(CARD_RADIUS, colors.border),
        ..container::Style::default()
    }
}

/// A notice across the top of the screen: the warning colour, faint, with its border.
pub fn notice(theme: &Theme) -> container::Style {
    let warning = theme.palette().warning;
    container::Style {
        background: Some(Color { a: 0.14, ..warning }.into()),
        border: rounded(CARD_RADIUS / 2.0, warning),
        ..container::Style::default()
    }
}

/// How far a card's rounded corners reach in.
pub const CARD_RADIUS: f32 = 14.0;

/// The card, filled with its face's own page colour once the face is drawn.
pub fn card_face(theme: &Theme, canvas: Option<Color>) -> container::Style {
    let style = card(theme);
    match canvas {
        Some(canvas) => container::Style {
            background: Some(canvas.into()),
            ..style
        },
        None => style,
    }
}

pub fn sidebar(theme: &Theme) -> container::Style {
    let colors = colors(theme);
    container::Style {
        background: Some(colors.surface_alt.into()),
        border: Border {
            width: 0.0,
            ..Border::default()
        },
        ..container::Style::default()
    }
}

/// A line of colour behind an error or notice.
pub fn banner(theme: &Theme) -> container::Style {
    let danger = theme.palette().danger;
    container::Style {
        background: Some(Color { a: 0.12, ..danger }.into()),
        border: rounded(8.0, Color { a: 0.4, ..danger }),
        text_color: Some(theme.palette().text),
        ..container::Style::default()
    }
}

/// The dimmed backdrop behind a dialog.
pub fn backdrop(_theme: &Theme) -> container::Style {
    container::Style {
        background: Some(
            Color {
                a: 0.55,
                ..Color::BLACK
            }
            .into(),
        ),
        ..container::Style::default()
    }
}

pub fn muted(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(colors(theme).muted),
    }
}

pub fn colored(color: fn(&Colors) -> Color) -> impl Fn(&Theme) -> text::Style {
    move |theme| text::Style {
        color: Some(color(colors(theme))),
    }
}

/// A sidebar entry; the current page stands out.
pub fn nav(active: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme, status| {
        let palette = theme.extended_palette();
        let background = match (active, status) {
            (true, _) => Some(Color {
                a: 0.16,
                ..palette.primary.base.color
            }),
            (false, button::Status::Hovered) => Some(Color {
                a: 0.07,
                ..palette.background.base.text
            }),
            _ => None,
        };
        button::Style {
            background: background.map(Background::Color),
            text_color: if active {
                palette.primary.strong.color
            } else {
                palette.background.base.text
            },
            border: Border {
                radius: Radius::from(8.0),
                ..Border::default()
            },
            ..button::Style::default()
        }
    }
}

/// The main action of a screen.
pub fn primary(theme: &Theme, status: button::Status) -> button::Style {
    let style = button::primary(theme, status);
    button::Style {
        border: Border {
            radius: Radius::from(8.0),
            ..style.border
        },
        ..style
    }
}

/// A quiet action that looks like a bordered chip.
pub fn secondary(theme: &Theme, status: button::Status) -> button::Style {
    let colors = colors(theme);
    let palette = theme.extended_palette();
    let background = match status {
        button::Status::Hovered | button::Status::Pressed => colors.surface_alt,
        _ => colors.surface,
    };
    button::Style {
        background: Some(background.into()),
        text_color: if status == button::Status::Disabled {
            colors.muted
        } else {
            palette.background.base.text
        },
        border: rounded(8.0, colors.border),
        ..button::Style::default()
    }
}

pub fn danger(theme: &Theme, status: button::Status) -> button::Style {
    let style = button::danger(theme, status);
    button::Style {
        border: Border {
            radius: Radius::from(8.0),
            ..style.border
        },
        ..style
    }
}

/// A button that reads as a link: deck names, table headers.
pub fn link(theme: &Theme, status: button::Status) -> button::Style {
    let palette = theme.extended_palette();
    button::Style {
        background: None,
        text_color: match status {
            button::Status::Hovered | button::Status::Pressed => palette.primary.strong.color,
            _ => palette.background.base.text,
        },
        ..button::Style::default()
    }
}

/// A table row; the selected one is tinted.
pub fn row(selected: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme, status| {
        let palette = theme.extended_palette();
        let background = match (selected, status) {
            (true, _) => Some(Color {
                a: 0.14,
                ..palette.primary.base.color
            }),
            (false, button::Status::Hovered) => Some(Color {
                a: 0.05,
                ..palette.background.base.text
            }),
            _ => None,
        };
        button::Style {
            background: background.map(Background::Color),
            text_color: palette.background.base.text,
            border: Border {
                radius: Radius::from(6.0),
                ..Border::default()
            },
            ..button::Style::default()
        }
    }
}

/// The answer buttons, each tinted by what it does to the card.
pub fn grade(accent: fn(&Palette) -> Color) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme, status| {
        let accent = accent(&theme.palette());
        let alpha = match status {
            button::Status::Hovered => 0.24,
            button::Status::Pressed => 0.32,
            _ => 0.12,
        };
        button::Style {
            background: Some(Color { a: alpha, ..accent }.into()),
            text_color: theme.palette().text,
            border: rounded(10.0, Color { a: 0.45, ..accent }),
            ..button::Style::default()
        }
    }
}

pub fn input(theme: &Theme, status: text_input::Status) -> text_input::Style {
    let colors = colors(theme);
    let style = text_input::default(theme, status);
    text_input::Style {
        background: colors.surface.into(),
        border: Border {
            radius: Radius::from(8.0),
            ..style.border
        },
        ..style
    }
}

/// A multi-line field, drawn like [`input`].
pub fn editor(theme: &Theme, status: text_editor::Status) -> text_editor::Style {
    let colors = colors(theme);
    let style = text_editor::default(theme, status);
    text_editor::Style {
        background: colors.surface.into(),
        border: Border {
            radius: Radius::from(8.0),
            ..style.border
        },
        ..style
    }
}

/// A field drawn as on a card, framed like the [`editor`] it stands in for.
pub fn drawn_field(theme: &Theme) -> container::Style {
    let colors = colors(theme);
    container::Style {
        background: Some(colors.surface.into()),
        border: rounded(8.0, colors.border),
        ..container::Style::default()
    }
}

pub fn pick_list(theme: &Theme, status: picker::Status) -> picker::Style {
    let colors = colors(theme);
    let palette = theme.extended_palette();
    let border = match status {
        picker::Status::Hovered | picker::Status::Opened { .. } => palette.primary.base.color,
        picker::Status::Active => colors.border,
    };
    picker::Style {
        text_color: palette.background.base.text,
        placeholder_color: colors.muted,
        handle_color: colors.muted,
        background: colors.surface.into(),
        border: rounded(8.0, border),
    }
}

/// A slim scrollbar in the border colour, stronger while used.
pub fn scrollable(theme: &Theme, status: scroller::Status) -> scroller::Style {
    let colors = colors(theme);
    let style = scroller::default(theme, status);
    let active = matches!(
        status,
        scroller::Status::Hovered {
            is_vertical_scrollbar_hovered: true,
            ..
        } | scroller::Status::Dragged { .. }
    );
    let rail = scroller::Rail {
        background: None,
        border: Border::default(),
        scroller: scroller::Scroller {
            background: (if active { colors.muted } else { colors.border }).into(),
            border: Border {
                radius: Radius::from(4.0),
                ..Border::default()
            },
        },
    };
    scroller::Style {
        vertical_rail: rail,
        horizontal_rail: rail,
        ..style
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODES: [Mode; 3] = [Mode::None, Mode::Light, Mode::Dark];

    #[test]
    fn following_the_system_takes_its_preference_and_light_without_one() {
        let palette = |system| theme_for(ThemeSetting::System, system).palette();
        assert_eq!(palette(Mode::Dark), DARK);
        assert_eq!(palette(Mode::Light), LIGHT);
        assert_eq!(palette(Mode::None), LIGHT);
    }

    #[test]
    fn a_chosen_theme_ignores_the_system() {
        for system in MODES {
            assert_eq!(theme_for(ThemeSetting::Light, system).palette(), LIGHT);
            assert_eq!(theme_for(ThemeSetting::Dark, system).palette(), DARK);
        }
    }

    #[test]
    fn extra_colours_match_the_palette() {
        for setting in [
            ThemeSetting::Light,
            ThemeSetting::Dark,
            ThemeSetting::System,
        ] {
            for system in MODES {
                let theme = theme_for(setting, system);
                let expected = if theme.palette() == DARK {
                    &DARK_COLORS
                } else {
                    &LIGHT_COLORS
                };
                assert_eq!(colors(&theme), expected, "{setting:?} on {system:?}");
            }
        }
    }
}
