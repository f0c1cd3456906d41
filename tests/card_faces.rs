//! Cards whose templates use Anki's type-in and reading filters and its special fields, and
//! a card with sounds, written by the real Anki,
//! rendered by Spool next to the faces Anki itself renders for them.

mod anki;
mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::Fixture;
use spool_core::app::{ImportFormat, ImportOptions};
use spool_core::render::sound::{Side, SoundLink};

#[derive(serde::Deserialize)]
struct AnkiFaces {
    first_field: String,
    question: String,
    answer: String,
    question_sounds: Vec<String>,
    answer_sounds: Vec<String>,
}

/// Anki's face without the note type's `<style>` element, which Spool keeps apart.
fn without_style(face: &str) -> &str {
    face.split_once("</style>").map_or(face, |(_, rest)| rest)
}

/// Spool's face with each play button written as Anki writes the sound it plays before its
/// reviewer draws the buttons: `[anki:play:q:0]`.
fn with_anki_play_refs(face: &str) -> String {
    let mut out = String::new();
    let mut rest = face;
    while let Some(start) = rest.find("\n<a class=\"replay-button soundLink\" href=\"") {
        out.push_str(&rest[..start]);
        let button = &rest[start..];
        let href = button.split('"').nth(3).expect("the button's href");
        let link = SoundLink::parse(href).expect("a sound's link");
        let side = match link.side {
            Side::Question => "q",
            Side::Answer => "a",
        };
        out.push_str(&format!("[anki:play:{side}:{}]", link.index));
        rest = &button[button.find("</a>").expect("a closed button") + "</a>".len()..];
    }
    out.push_str(rest);
    out
}

/// The package and Anki's faces, written once for this test binary's tests.
fn anki_output() -> Option<&'static Path> {
    static OUTPUT: OnceLock<Option<PathBuf>> = OnceLock::new();
    OUTPUT
        .get_or_init(|| {
            let python = anki::venv_python()?;
            let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("card-faces");
            let _ = std::fs::remove_dir_all(&out);
            anki::run_script(&python, "anki-card-faces.py", &[&out], "UTC");
            Some(out)
        })
        .as_deref()
}

/// Spool's faces of every card, by their note's first field, and Anki's, the same way.
fn faces() -> Option<BTreeMap<String, (spool_core::render::CardFaces, AnkiFaces)>> {
    let out = anki_output()?;
    let expected: Vec<AnkiFaces> =
        serde_json::from_str(&std::fs::read_to_string(out.join("faces.json")).unwrap()).unwrap();

    let fixture = Fixture::new();
    let mut spool = fixture.open_empty();
    let options = ImportOptions {
        format: Some(ImportFormat::Apkg),
        ..ImportOptions::default()
    };
    spool
        .import_file(&out.join("faces.apkg"), &options, &mut |_| {})
        .unwrap();
    let mut spool_faces = BTreeMap::new();
    for id in spool.collection().search_cards("", 0).unwrap() {
        let card = spool.collection().card(id).unwrap();
        let note = spool.collection().note(card.note_id).unwrap();
        spool_faces.insert(note.fields[0].clone(), spool.render_card(&card).unwrap());
    }
    assert_eq!(spool_faces.len(), expected.len(), "one card per note");
    Some(
        expected
            .into_iter()
            .map(|anki| {
                let ours = spool_faces.remove(&anki.first_field).expect("imported");
                (anki.first_field.clone(), (ours, anki))
            })
            .collect(),
    )
}

#[test]
fn type_in_cards_keep_the_answer_off_the_question_and_expect_it_on_the_answer() {
    let Some(faces) = faces() else { return };
    let (ours, anki) = &faces["Capital of Spain?"];
    // Anki leaves a placeholder where its reviewer puts the input box, never the answer.
    assert!(without_style(&anki.question).contains("[[type:Back]]"));
    assert!(!anki.question.contains("Madrid"));
    assert!(!ours.question.contains("Madrid"), "{}", ours.question);
    assert!(ours.question.contains("Capital of Spain?"));
    assert!(
        ours.answer.contains("<code id=typeans>Madrid</code>"),
        "{}",
        ours.answer
    );
}

#[test]
fn reading_filters_render_as_anki_renders_them() {
    let Some(faces) = faces() else { return };
    let (ours, anki) = &faces["日本[にほん]"];
    assert_eq!(ours.question, without_style(&anki.question));
    assert_eq!(ours.answer, without_style(&anki.answer));
}

#[test]
fn special_fields_show_the_cards_context_as_in_anki() {
    let Some(faces) = faces() else { return };
    let (ours, anki) = &faces["context"];
    assert_eq!(ours.question, without_style(&anki.question));
}

#[test]
fn sounds_play_from_the_buttons_anki_places_and_the_answer_numbers_its_own() {
    let Some(faces) = faces() else { return };
    let (ours, anki) = &faces["Listen [sound:hello.mp3] and [sound:rock&amp;roll.mp3]"];
    assert_eq!(
        with_anki_play_refs(&ours.question),
        without_style(&anki.question)
    );
    assert_eq!(
        with_anki_play_refs(&ours.answer),
        without_style(&anki.answer)
    );
    assert_eq!(ours.question_sounds, anki.question_sounds);
    assert_eq!(ours.answer_sounds, anki.answer_sounds);
}
