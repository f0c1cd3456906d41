//! Cards whose templates use Anki's type-in and reading filters and its special fields, and
//! a card with sounds, written by the real Anki,
//! rendered by Spool next to the faces Anki itself renders for them; and typed answers
//! compared with expected ones by Spool and by the real Anki.

mod anki;
mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::Fixture;
use spool_core::app::{ImportFormat, ImportOptions};
use spool_core::render::compare_answer;
use spool_core::render::sound::{Side, SoundLink};

#[derive(serde::Deserialize)]
struct AnkiFaces {
    first_field: String,
    question: String,
    answer: String,
    /// For a type-in card: a typed text, and the answer Anki's reviewer shows for it.
    typed: Option<String>,
    answer_with_typed: Option<String>,
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
fn a_typed_answer_is_compared_on_the_answer_side_as_in_anki() {
    let Some(faces) = faces() else { return };
    let typed_in: Vec<_> = faces
        .values()
        .filter_map(|(ours, anki)| {
            Some((ours, anki.typed.as_ref()?, anki.answer_with_typed.as_ref()?))
        })
        .collect();
    assert_eq!(typed_in.len(), 2, "a basic and a cloze type-in card");
    for (ours, typed, anki_answer) in typed_in {
        assert!(ours.question_expects_typing(), "{}", ours.question);
        // From the answer line on: Anki's cloze spans above it carry attributes Spool's lack.
        let from_answer_line = |face: &str| {
            let at = face.find("<hr id=answer>").expect("an answer line");
            face[at..].to_string()
        };
        assert_eq!(
            from_answer_line(&ours.answer_with_typed(typed)),
            from_answer_line(anki_answer),
            "typed {typed:?}"
        );
    }
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

#[derive(serde::Serialize)]
struct Comparison {
    expected: String,
    typed: String,
    combining: bool,
}

/// Answers typed well and badly, in several scripts, with the markup, entities, media and
/// punctuation real fields hold.
fn comparisons() -> Vec<Comparison> {
    let case = |expected: &str, typed: &str, combining| Comparison {
        expected: expected.into(),
        typed: typed.into(),
        combining,
    };
    vec![
        case("Madrid", "Madrid", true),
        case("Madrid", "madird", true),
        case("Madrid", "Madri", true),
        case("Madrid", "Madridd", true),
        case("<b>Madrid</b>", "", true),
        case("", "Madrid", true),
        case(
            "¿Y ahora qué vamos a hacer?",
            "y ahora qe vamosa hacer",
            true,
        ),
        case("caf\u{e9}", "cafe\u{301}", true),
        case("café", "cafe", true),
        case("café", "cafe", false),
        case("חוֹף", "חופ", false),
        case("ば", "は", false),
        case("q", "q\u{301}", true),
        case("쓰다듬다", "스다뜸다", true),
        case("нос", "нс", true),
        case("日本語", "にほんご", true),
        case(
            "<div>one</div><div>two&nbsp; three</div>",
            "one two  three",
            true,
        ),
        case("AT&T &amp; co", "AT&T & co", true),
        case("&apos;quoted&apos; &hellip;", "'quoted' …", true),
        case("It's \"quoted\" &lt;here&gt;", "Its quoted <here>", true),
        case("[sound:hello.mp3]Hello, world!", "Hello world", true),
        case(
            "[anki:tts lang=en_US voices=\"A B\"]spoken[/anki:tts]written",
            "written",
            true,
        ),
        case("  spaced <br> ", " spaced", true),
        case("Tokyo, Nara", "Tokio, Nara", true),
        // An expected text of 200 characters or more is matched differently.
        case(&format!("q xyz{}!", "abcd ".repeat(39)), "xyz", true),
    ]
}

#[test]
fn typed_answers_compare_as_in_anki() {
    let Some(python) = anki::venv_python() else {
        return;
    };
    let cases = comparisons();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compare-answers");
    std::fs::create_dir_all(&dir).unwrap();
    let (input, output) = (dir.join("cases.json"), dir.join("compared.json"));
    std::fs::write(&input, serde_json::to_string(&cases).unwrap()).unwrap();
    anki::run_script(
        &python,
        "anki-compare-answers.py",
        &[&input, &output],
        "UTC",
    );
    let anki: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    assert_eq!(anki.len(), cases.len());

    let differing: Vec<String> = cases
        .iter()
        .zip(&anki)
        .filter_map(|(case, anki)| {
            let ours = compare_answer(&case.expected, &case.typed, case.combining);
            (ours != *anki).then(|| {
                format!(
                    "{:?} typed as {:?} (combining {}):\n  spool: {ours}\n  anki:  {anki}",
                    case.expected, case.typed, case.combining
                )
            })
        })
        .collect();
    assert!(differing.is_empty(), "{}", differing.join("\n"));
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
