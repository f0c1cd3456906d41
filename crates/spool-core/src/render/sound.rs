//! Sounds on a card face, shown as Anki's desktop shows them: each `[sound:name]` tag becomes
//! a play button, and the face lists the files its buttons play, in order.
//!
//! Anki's button calls its reviewer from a script. No script runs in Spool, so the button's
//! link names its sound instead (`spool-play:q:0`), for the window to find where a click
//! lands. Anki leaves `<audio>` elements to its web view; Spool has none, so they become play
//! buttons too. A name with a folder in it stays as written, without a button: playing it
//! could reach outside the media folder.

use super::CardFaces;
use super::media::is_plain_file_name;
use super::tag::{Tag, closing_tag};

/// The style Anki's reviewer gives its play buttons, for every face that shows one.
pub const SOUND_BUTTON_CSS: &str = "\
.replay-button { text-decoration: none; display: inline-flex; vertical-align: middle; margin: 3px; }
.replay-button svg { width: 40px; height: 40px; }
.replay-button svg circle { fill: #fff; stroke: #414141; }
.replay-button svg path { fill: #414141; }
";

const LINK_SCHEME: &str = "spool-play:";

/// A side of a card; each numbers its own sounds from 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Side {
    #[default]
    Question,
    Answer,
}

impl Side {
    fn letter(self) -> &'static str {
        match self {
            Side::Question => "q",
            Side::Answer => "a",
        }
    }
}

/// What a play button plays: the `index`th sound of `side`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SoundLink {
    pub side: Side,
    pub index: usize,
}

impl SoundLink {
    /// The `href` of the button that plays this sound.
    pub fn href(self) -> String {
        format!("{LINK_SCHEME}{}:{}", self.side.letter(), self.index)
    }

    /// The sound a link's `href` names; `None` for any other link.
    pub fn parse(href: &str) -> Option<SoundLink> {
        let (side, index) = href.strip_prefix(LINK_SCHEME)?.split_once(':')?;
        let side = match side {
            "q" => Side::Question,
            "a" => Side::Answer,
            _ => return None,
        };
        // `usize::from_str` takes a leading `+`, which no button writes.
        if !index.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        Some(SoundLink {
            side,
            index: index.parse().ok()?,
        })
    }
}

impl CardFaces {
    /// The sounds whose buttons `side`'s face numbers: on the answer, only the answer's own,
    /// as the buttons `{{FrontSide}}` brings still play the question's.
    pub fn sounds(&self, side: Side) -> &[String] {
        match side {
            Side::Question => &self.question_sounds,
            Side::Answer => &self.answer_sounds,
        }
    }

    /// The file a play button plays; `None` for a link to no sound of this card.
    pub fn sound(&self, link: SoundLink) -> Option<&str> {
        self.sounds(link.side).get(link.index).map(String::as_str)
    }

    /// What replaying plays while `side` shows: on the answer, the question's sounds and then
    /// the answer's, as Anki replays by default.
    pub fn replayed(&self, side: Side) -> Vec<&str> {
        let question = self.question_sounds.iter();
        match side {
            Side::Question => question.map(String::as_str).collect(),
            Side::Answer => question
                .chain(&self.answer_sounds)
                .map(String::as_str)
                .collect(),
        }
    }
}

/// A face with play buttons in place of its sounds, and the files they play, in order.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct SoundedFace {
    pub(crate) html: String,
    pub(crate) sounds: Vec<String>,
}

/// `html` with each of its sounds replaced by a button that plays it, numbered for `side`.
pub(crate) fn with_play_buttons(html: &str, side: Side) -> SoundedFace {
    // ASCII lower-casing keeps byte offsets, so positions found in it index `html`.
    let lowercase = html.to_ascii_lowercase();
    let mut face = SoundedFace::default();
    let mut copied = 0;
    let mut from = 0;
    while let Some(start) = next_candidate(&lowercase, from) {
        let rest = &html[start..];
        let Some((name, length)) = sound_tag(rest).or_else(|| audio_element(rest)) else {
            // The candidate starts with an ASCII `[` or `<`, so one byte on is a char boundary.
            from = start + 1;
            continue;
        };
        face.html.push_str(&html[copied..start]);
        let link = SoundLink {
            side,
            index: face.sounds.len(),
        };
        face.html.push_str(&play_button(link));
        face.sounds.push(name);
        copied = start + length;
        from = copied;
    }
    face.html.push_str(&html[copied..]);
    face
}

/// Where the next `[sound:` or `<audio` at or after `from` starts.
fn next_candidate(lowercase: &str, from: usize) -> Option<usize> {
    ["[sound:", "<audio"]
        .into_iter()
        .filter_map(|needle| lowercase[from..].find(needle))
        .min()
        .map(|at| from + at)
}

/// The file `[sound:name]` at the start of `rest` plays, and the tag's length. The name's
/// entities are decoded, as Anki decodes them; its spaces are its own.
fn sound_tag(rest: &str) -> Option<(String, usize)> {
    let inner = rest.strip_prefix("[sound:")?;
    let length = inner.find(']')?;
    let name = html_escape::decode_html_entities(&inner[..length]);
    is_plain_file_name(&name).then(|| (name.into_owned(), "[sound:".len() + length + 1))
}

/// The file the `<audio>` element at the start of `rest` plays (its `src`, or its first
/// `<source>`'s), and the element's length, through its closing tag where it has one.
fn audio_element(rest: &str) -> Option<(String, usize)> {
    let open_end = rest.find('>')?;
    let tag = Tag::parse(&rest[1..open_end])?;
    if tag.name != "audio" {
        return None;
    }
    let after_open = &rest[open_end + 1..];
    let (content, length) = match closing_tag(after_open, "audio") {
        Some((content, end)) => (&after_open[..content], open_end + 1 + end),
        None => ("", open_end + 1),
    };
    let name = tag.attribute("src").or_else(|| first_source(content))?;
    is_plain_file_name(&name).then_some((name, length))
}

/// The `src` of the first `<source>` in an element's content.
fn first_source(content: &str) -> Option<String> {
    content.split('<').skip(1).find_map(|piece| {
        let tag = Tag::parse(piece.split('>').next().unwrap_or_default())?;
        (tag.name == "source" && !tag.closing)
            .then(|| tag.attribute("src"))
            .flatten()
    })
}

/// Anki's play button, its link naming the sound in place of Anki's script. The face's
/// painter draws an SVG apart from the page's CSS, so the size and colours Anki's CSS gives
/// it are also written on the SVG, where a note type's own CSS still outranks them.
fn play_button(link: SoundLink) -> String {
    format!(
        r##"
<a class="replay-button soundLink" href="{}" draggable="false">
    <svg class="playImage" viewBox="0 0 64 64" version="1.1" width="40" height="40">
        <circle cx="32" cy="32" r="29" fill="#fff" stroke="#414141" />
        <path d="M56.502,32.301l-37.502,20.101l0.329,-40.804l37.173,20.703Z" fill="#414141" />
    </svg>
</a>"##,
        link.href()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn button(side: Side, index: usize) -> String {
        play_button(SoundLink { side, index })
    }

    #[test]
    fn sound_tags_become_buttons_numbered_in_order() {
        let face = with_play_buttons(
            "Say [sound:hello.mp3] then [sound:voice 🎤.ogg][sound:hello.mp3].",
            Side::Question,
        );
        let q = |index| button(Side::Question, index);
        assert_eq!(face.html, format!("Say {} then {}{}.", q(0), q(1), q(2)));
        assert_eq!(face.sounds, ["hello.mp3", "voice 🎤.ogg", "hello.mp3"]);
    }

    #[test]
    fn the_button_is_ankis_with_a_link_in_place_of_its_script() {
        let face = with_play_buttons("[sound:a.mp3]", Side::Answer);
        assert_eq!(
            face.html,
            "\n<a class=\"replay-button soundLink\" href=\"spool-play:a:0\" draggable=\"false\">\n    \
             <svg class=\"playImage\" viewBox=\"0 0 64 64\" version=\"1.1\" width=\"40\" height=\"40\">\n        \
             <circle cx=\"32\" cy=\"32\" r=\"29\" fill=\"#fff\" stroke=\"#414141\" />\n        \
             <path d=\"M56.502,32.301l-37.502,20.101l0.329,-40.804l37.173,20.703Z\" fill=\"#414141\" />\n    \
             </svg>\n</a>"
        );
    }

    #[test]
    fn names_are_decoded_as_anki_decodes_them() {
        let face = with_play_buttons(
            "[sound:rock&amp;roll.mp3][sound: spaced .mp3]",
            Side::Question,
        );
        assert_eq!(face.sounds, ["rock&roll.mp3", " spaced .mp3"]);
    }

    #[test]
    fn names_reaching_outside_the_media_folder_stay_text() {
        let html = "[sound:../secret.mp3][sound:/etc/passwd][sound:sub/a.mp3][sound:]\
                    <audio src=\"https://example.com/a.mp3\"></audio>";
        let face = with_play_buttons(html, Side::Question);
        assert_eq!(face.html, html);
        assert!(face.sounds.is_empty());
    }

    #[test]
    fn unfinished_or_other_tags_stay_text() {
        let html = "[SOUND:a.mp3] [sound:open <audiox src=a.mp3> <audio>";
        let face = with_play_buttons(html, Side::Question);
        assert_eq!(face.html, html);
        assert!(face.sounds.is_empty());
    }

    #[test]
    fn audio_elements_become_buttons_in_document_order() {
        let face = with_play_buttons(
            "<AUDIO controls src='one.mp3'>fallback</AUDIO> [sound:two.mp3] \
             <audio controls><source src=\"three.ogg\" type=\"audio/ogg\"><source src=x.mp3></audio>!",
            Side::Question,
        );
        let q = |index| button(Side::Question, index);
        assert_eq!(face.html, format!("{} {} {}!", q(0), q(1), q(2)));
        assert_eq!(face.sounds, ["one.mp3", "two.mp3", "three.ogg"]);
    }

    #[test]
    fn an_unclosed_audio_element_gives_up_only_its_tag() {
        let face = with_play_buttons("<audio src=a.mp3>after <b>bold</b>", Side::Question);
        let q0 = button(Side::Question, 0);
        assert_eq!(face.html, format!("{q0}after <b>bold</b>"));
    }

    #[test]
    fn links_name_their_sound_and_nothing_else() {
        let link = SoundLink {
            side: Side::Answer,
            index: 12,
        };
        assert_eq!(link.href(), "spool-play:a:12");
        assert_eq!(SoundLink::parse(&link.href()), Some(link));
        let others = [
            "#",
            "spool-play:q:",
            "spool-play:x:0",
            "spool-play:q:+1",
            "spool-play:q",
        ];
        for other in others {
            assert_eq!(SoundLink::parse(other), None, "{other}");
        }
    }

    #[test]
    fn a_card_plays_each_sides_own_sounds_and_replays_the_question_with_the_answer() {
        let faces = crate::render::render_card(
            "{{Front}}",
            "{{FrontSide}}<hr id=answer>{{Back}}",
            &["Front".into(), "Back".into()],
            &[
                "[sound:q.mp3]".into(),
                "[sound:a0.mp3] [sound:a1.mp3]".into(),
            ],
            None,
            &crate::render::SpecialFields::default(),
        );
        let answer_link = |index| SoundLink {
            side: Side::Answer,
            index,
        };
        assert_eq!(faces.sounds(Side::Answer), ["a0.mp3", "a1.mp3"]);
        assert_eq!(faces.sound(answer_link(1)), Some("a1.mp3"));
        assert_eq!(faces.sound(answer_link(2)), None);
        assert_eq!(faces.replayed(Side::Question), ["q.mp3"]);
        assert_eq!(faces.replayed(Side::Answer), ["q.mp3", "a0.mp3", "a1.mp3"]);
    }
}
