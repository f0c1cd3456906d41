//! Anki's `[sound:file]` tags become play buttons, drawn as Anki's desktop draws them. No
//! script runs in a face, so each button's address names its sound: the side and its place
//! among that side's sounds (see [`super::link::CardLink::Sound`]).

use super::link::SOUND_SCHEME;
use super::media::{SOUND_TAG, sound_tags};

/// Anki's play button: a circle with a triangle.
const PLAY_IMAGE: &str = "<svg class=\"playImage\" viewBox=\"0 0 64 64\" version=\"1.1\" \
     width=\"40\" height=\"40\"><circle cx=\"32\" cy=\"32\" r=\"29\" fill=\"#dddddd\" \
     stroke=\"#888888\" stroke-width=\"2\"/><path d=\"M56.502,32.301l-37.502,20.101l0.329,\
     -40.804l37.173,20.703Z\" fill=\"#444444\"/></svg>";

/// The CSS of the buttons, as Anki's reviewer styles them.
pub const SOUND_BUTTON_CSS: &str = ".replay-button { display: inline-block; \
     vertical-align: middle; margin: 0 0.2em; text-decoration: none; }";

/// `html` with each sound tag replaced by a play button; `answer` says which side it is.
pub fn play_buttons(html: &str, answer: bool) -> String {
    let side = if answer { 'a' } else { 'q' };
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    for (index, name) in sound_tags(html).into_iter().enumerate() {
        out.push_str(&html[copied..name.start - SOUND_TAG.len()]);
        out.push_str(&format!(
            "<a class=\"replay-button soundLink\" href=\"{SOUND_SCHEME}{side}:{index}\">{PLAY_IMAGE}</a>"
        ));
        copied = name.end + 1;
    }
    out.push_str(&html[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_sound_becomes_a_button_naming_its_side_and_place() {
        let html = play_buttons("Listen [sound:a.mp3] and [sound:b b.ogg].", true);
        assert!(!html.contains("[sound:"), "{html}");
        assert!(
            html.starts_with(
                "Listen <a class=\"replay-button soundLink\" href=\"spool-play:a:0\">"
            ),
            "{html}"
        );
        assert!(html.contains("href=\"spool-play:a:1\""), "{html}");
        assert!(html.ends_with("</a>."), "{html}");
    }

    #[test]
    fn text_without_sounds_is_kept() {
        assert_eq!(play_buttons("no [sound here", false), "no [sound here");
    }
}
