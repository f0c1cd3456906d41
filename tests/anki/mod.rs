//! The Anki fixtures shared by the tests that compare Spool with the real anki library:
//! the venv's Python, the packages `scripts/anki-fixtures.py` writes, and the JSON shape in
//! which the script dumps a collection as the anki library reports it.
#![allow(dead_code)] // each test binary uses a different part of this module

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde::Deserialize;

#[derive(Debug, Deserialize, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Notetype {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub fields: Vec<String>,
    pub templates: Vec<Template>,
    pub css: String,
}

#[derive(Debug, Deserialize, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Template {
    pub name: String,
    pub question: String,
    pub answer: String,
}

#[derive(Debug, Deserialize, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Deck {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Deserialize, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    pub guid: String,
    pub notetype_id: i64,
    pub fields: Vec<String>,
    pub tags: Vec<String>,
    pub modified: i64,
}

#[derive(Debug, Deserialize, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Card {
    pub note_guid: String,
    pub template: u16,
    pub deck_id: i64,
    pub state: String,
    pub suspended: bool,
    pub interval_days: u32,
    pub ease_permille: u32,
    pub reps: u32,
    pub lapses: u32,
    pub due: Due,
}

#[derive(Debug, Deserialize, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Due {
    pub kind: String,
    pub value: i64,
}

#[derive(Debug, Deserialize, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Review {
    pub note_guid: String,
    pub template: u16,
    pub time_ms: i64,
    pub ease: u8,
    pub interval: i32,
    pub last_interval: i32,
    pub factor: u32,
    pub taken_ms: u32,
    pub kind: String,
}

#[derive(Debug, Deserialize, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Media {
    pub name: String,
    pub sha1: String,
}

/// A collection's contents in the shape `scripts/anki-fixtures.py` dumps, every list sorted.
#[derive(Debug, Deserialize, PartialEq, Eq)]
pub struct Contents {
    pub notetypes: Vec<Notetype>,
    pub decks: Vec<Deck>,
    pub notes: Vec<Note>,
    pub cards: Vec<Card>,
    pub revlog: Vec<Review>,
    pub media: Vec<Media>,
}

#[derive(Debug, Deserialize)]
pub struct Dump {
    #[serde(flatten)]
    pub contents: Contents,
    pub used_notetype_ids: Vec<i64>,
}
impl Contents {
    pub fn notetype_names(&self) -> BTreeMap<i64, &str> {
        self.notetypes
            .iter()
            .map(|notetype| (notetype.id, notetype.name.as_str()))
            .collect()
    }

    pub fn guids(&self) -> Vec<String> {
        self.notes.iter().map(|note| note.guid.clone()).collect()
    }

    pub fn deck_names(&self) -> BTreeMap<i64, &str> {
        self.decks
            .iter()
            .map(|deck| (deck.id, deck.name.as_str()))
            .collect()
    }

    pub fn sorted(mut self) -> Self {
        self.notetypes.sort();
        self.decks.sort();
        self.notes.sort();
        self.cards.sort();
        self.revlog.sort();
        self.media.sort();
        self
    }
}

/// Time zones the fixtures are written in: review due days depend on the collection's
/// creation offset, so far-east and far-west zones catch off-by-one-day conversions.
pub const TIME_ZONES: [&str; 3] = ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"];

/// Each time zone of [`TIME_ZONES`] with its fixture directory (generated once per test
/// run; none when the venv is missing and not required).
pub fn fixtures_by_zone() -> impl Iterator<Item = (&'static str, &'static PathBuf)> {
    TIME_ZONES.into_iter().zip(fixture_dirs())
}

pub fn fixture_dirs() -> &'static [PathBuf] {
    static FIXTURES: OnceLock<Vec<PathBuf>> = OnceLock::new();
    FIXTURES.get_or_init(generate_fixtures)
}

/// The venv's Python with the pinned anki library, or `None` (after a loud warning) when the
/// venv is missing and neither `SPOOL_REQUIRE_ANKI=1` nor `CI=true` is set: on CI a missing
/// venv fails, so that the comparisons with Anki cannot pass by not running.
pub fn venv_python() -> Option<PathBuf> {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    if python.exists() {
        return Some(python);
    }
    let is_set = |name, value| std::env::var_os(name).is_some_and(|set| set == value);
    let required = is_set("SPOOL_REQUIRE_ANKI", "1") || is_set("CI", "true");
    assert!(
        !required,
        "{} is missing, and SPOOL_REQUIRE_ANKI=1 or CI=true makes that a failure; create it as \
         scripts/anki-fixtures.py says",
        python.display()
    );
    // Written to the stderr handle rather than with eprintln!, which the test harness
    // captures and hides for passing tests: a skip must be seen.
    let warning = format!(
        "\n\n!!!!! SKIPPING Anki package tests: {} is missing. Create it with\n\
         !!!!!   python3.11 -m venv .venv && .venv/bin/pip install -r scripts/anki-fixtures-requirements.txt\n\
         !!!!! or set SPOOL_REQUIRE_ANKI=1 to make this a failure.\n\n",
        python.display()
    );
    std::io::stderr()
        .write_all(warning.as_bytes())
        .expect("write to stderr");
    None
}

/// Runs a script from `scripts/` with the venv's Python in time zone `time_zone`.
pub fn run_script(python: &Path, script: &str, args: &[&Path], time_zone: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let status = Command::new(python)
        .arg(root.join("scripts").join(script))
        .args(args)
        .env("TZ", time_zone)
        .status()
        .unwrap_or_else(|error| panic!("run scripts/{script}: {error}"));
    assert!(
        status.success(),
        "scripts/{script} failed in {time_zone}: {status}"
    );
}

fn generate_fixtures() -> Vec<PathBuf> {
    let Some(python) = venv_python() else {
        return Vec::new();
    };
    TIME_ZONES
        .iter()
        .map(|time_zone| {
            // One directory per test binary, so binaries run in parallel do not share one.
            let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
                .join("anki-fixtures")
                .join(env!("CARGO_CRATE_NAME"))
                .join(time_zone.replace('/', "-"));
            let _ = std::fs::remove_dir_all(&out);
            run_script(&python, "anki-fixtures.py", &[&out], time_zone);
            out
        })
        .collect()
}

pub fn load_dump(dir: &Path, name: &str) -> Dump {
    let text = std::fs::read_to_string(dir.join(name)).expect("read expectations");
    serde_json::from_str(&text).expect("parse expectations")
}

/// The source collection as an `.apkg` of it holds it: only the note types notes use.
pub fn expected_in_apkg(dump: Dump) -> Contents {
    let mut contents = dump.contents;
    contents
        .notetypes
        .retain(|notetype| dump.used_notetype_ids.contains(&notetype.id));
    contents.sorted()
}
