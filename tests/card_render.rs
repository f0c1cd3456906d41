//! Card faces as a person sees them. The real Anki writes a package whose cards each use
//! one feature of card styling (`scripts/anki-styled-deck.py`); the `spool` binary imports
//! it and draws each face with `spool render CARD_ID --png FILE`, and the pictures are
//! looked at: their colours, where the ink is, the lines and regions they show and the
//! words OCR reads in them. Every picture is also kept in `target/screenshots/cards/`.
//!
//! Needs the Anki venv and `tesseract` (with its Japanese data); without them the tests
//! are skipped with a warning, unless `SPOOL_REQUIRE_ANKI=1` or `CI=true`, where they fail.

mod anki;
mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, OnceLock};

use image::{Rgb, RgbImage};

/// The width every face is rendered at, in CSS pixels at scale 1.
const WIDTH: u32 = 600;

/// One card of the manifest `scripts/anki-styled-deck.py` writes.
#[derive(Debug, Clone, serde::Deserialize)]
struct Entry {
    name: String,
    notetype: String,
    /// 1-based card number within its note.
    card: u32,
    first_field: String,
    checks: Vec<String>,
}

/// The styled deck imported into a collection of its own, with each card's id by name.
struct Deck {
    dir: PathBuf,
    collection: PathBuf,
    cards: BTreeMap<String, (i64, Entry)>,
}

#[derive(Clone, Copy, PartialEq)]
enum Face {
    Question,
    Answer,
}

impl Face {
    fn name(self) -> &'static str {
        match self {
            Face::Question => "question",
            Face::Answer => "answer",
        }
    }
}

fn spool(collection: &Path, args: &[&str]) -> Output {
    common::run_spool(collection, args)
}

/// A loud line on the real stderr (the harness hides eprintln! of passing tests).
fn warn_skipping(what: &str) {
    let warning = format!("\n\n!!!!! SKIPPING card render tests: {what}\n\n");
    std::io::stderr()
        .write_all(warning.as_bytes())
        .expect("write to stderr");
}

/// The package written by the real Anki and imported through the binary, once per run.
fn deck() -> Option<&'static Deck> {
    static DECK: OnceLock<Option<Deck>> = OnceLock::new();
    DECK.get_or_init(|| {
        let python = anki::venv_python()?;
        if !tesseract_ready() {
            return None;
        }
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("card-render");
        let _ = std::fs::remove_dir_all(&dir);
        anki::run_script(&python, "anki-styled-deck.py", &[&dir], "UTC");
        let collection = dir.join("collection.spool");
        let package = dir.join("styled.apkg");
        common::success_stdout(&spool(&collection, &["import", package.to_str().unwrap()]));
        let manifest: Vec<Entry> = serde_json::from_str(
            &std::fs::read_to_string(dir.join("styled.json")).expect("read the manifest"),
        )
        .expect("parse the manifest");
        let cards = card_ids(&collection, manifest);
        std::fs::create_dir_all(dir.join("faces")).unwrap();
        Some(Deck {
            dir,
            collection,
            cards,
        })
    })
    .as_ref()
}

/// Each manifest card's id, found as a person finds it: `spool search --json`.
fn card_ids(collection: &Path, manifest: Vec<Entry>) -> BTreeMap<String, (i64, Entry)> {
    let notes: serde_json::Value = serde_json::from_str(&common::success_stdout(&spool(
        collection,
        &["search", "--json"],
    )))
    .expect("search prints JSON");
    let notes = notes.as_array().expect("a list of notes");
    manifest
        .into_iter()
        .map(|entry| {
            let note = notes
                .iter()
                .find(|note| {
                    note["notetype"] == entry.notetype.as_str()
                        && note["fields"].as_object().and_then(|f| f.values().next())
                            == Some(&serde_json::Value::from(entry.first_field.as_str()))
                })
                .unwrap_or_else(|| panic!("no imported note for {}", entry.name));
            let card = note["cards"]
                .as_array()
                .unwrap()
                .iter()
                .find(|card| card["number"] == entry.card)
                .unwrap_or_else(|| panic!("{} has no card {}", entry.name, entry.card));
            let id = card["id"].as_i64().unwrap();
            (entry.name.clone(), (id, entry))
        })
        .collect()
}

fn tesseract_ready() -> bool {
    let langs = Command::new("tesseract").arg("--list-langs").output();
    let ready = langs.is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains("jpn"));
    if !ready {
        let what = "tesseract with Japanese data is missing: apt-get install tesseract-ocr \
                    tesseract-ocr-jpn";
        assert!(!anki::tools_required(), "{what}");
        warn_skipping(what);
    }
    ready
}

/// Where the gallery of every rendered face goes.
fn gallery() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("screenshots/cards");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `spool render` of a card's face, decoded; also copied into the gallery.
fn render(deck: &Deck, name: &str, face: Face, dark: bool) -> RgbImage {
    let (id, _) = &deck.cards[name];
    let file = format!(
        "{name}-{}{}.png",
        face.name(),
        if dark { "-dark" } else { "" }
    );
    let png = deck.dir.join("faces").join(&file);
    let id = id.to_string();
    let width = WIDTH.to_string();
    let mut args = vec![
        "render",
        &id,
        "--png",
        png.to_str().unwrap(),
        "--width",
        &width,
    ];
    if face == Face::Answer {
        args.push("--answer");
    }
    if dark {
        args.push("--dark");
    }
    let output = {
        let _turn = collection_turn();
        spool(&deck.collection, &args)
    };
    assert!(
        output.status.success(),
        "spool render {name} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::copy(&png, gallery().join(&file)).unwrap();
    let image = image::open(&png)
        .unwrap_or_else(|error| panic!("{file} is not a picture: {error}"))
        .to_rgb8();
    assert_eq!(image.width(), WIDTH, "{file} is not --width wide");
    image
}

/// A collection is open in one Spool at a time: a test holds this while it has it open.
fn collection_turn() -> std::sync::MutexGuard<'static, ()> {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn question(name: &str) -> Option<RgbImage> {
    Some(render(deck()?, name, Face::Question, false))
}

// ---- What a person sees: colours, ink, lines and regions.

fn distance(a: Rgb<u8>, b: Rgb<u8>) -> u32 {
    a.0.iter()
        .zip(b.0)
        .map(|(&x, y)| u32::from(x.abs_diff(y)))
        .max()
        .unwrap()
}

fn hex(rgb: u32) -> Rgb<u8> {
    Rgb([(rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8])
}

/// The colour most of the picture is: the background a person sees.
fn dominant_colour(image: &RgbImage) -> Rgb<u8> {
    let mut counts: BTreeMap<[u8; 3], usize> = BTreeMap::new();
    for pixel in image.pixels() {
        *counts.entry(pixel.0).or_default() += 1;
    }
    let (colour, _) = counts.into_iter().max_by_key(|&(_, n)| n).unwrap();
    Rgb(colour)
}

/// How many pixels are within `tolerance` (per channel) of `colour`.
fn pixels_near(image: &RgbImage, colour: Rgb<u8>, tolerance: u32) -> usize {
    image
        .pixels()
        .filter(|&&pixel| distance(pixel, colour) <= tolerance)
        .count()
}

/// Pixels clearly red: a red word a person can see.
fn red_pixels(image: &RgbImage) -> usize {
    image
        .pixels()
        .filter(|pixel| pixel[0] > 200 && pixel[1] < 70 && pixel[2] < 70)
        .count()
}

/// A box of pixels: left, top, right and bottom, inclusive.
#[derive(Debug, Clone, Copy)]
struct Area {
    left: u32,
    top: u32,
    right: u32,
    bottom: u32,
}

impl Area {
    fn centre_x(self) -> f64 {
        f64::from(self.left + self.right) / 2.0
    }
    fn width(self) -> u32 {
        self.right - self.left + 1
    }
    fn height(self) -> u32 {
        self.bottom - self.top + 1
    }
}

/// The smallest box holding every pixel `keep` picks.
fn bounds(image: &RgbImage, keep: impl Fn(Rgb<u8>) -> bool) -> Option<Area> {
    let mut area: Option<Area> = None;
    for (x, y, &pixel) in image.enumerate_pixels() {
        if keep(pixel) {
            let a = area.get_or_insert(Area {
                left: x,
                top: y,
                right: x,
                bottom: y,
            });
            a.left = a.left.min(x);
            a.top = a.top.min(y);
            a.right = a.right.max(x);
            a.bottom = a.bottom.max(y);
        }
    }
    area
}

/// Where the ink is: every pixel that stands out from the background.
fn ink_bounds(image: &RgbImage) -> Option<Area> {
    let background = dominant_colour(image);
    bounds(image, |pixel| distance(pixel, background) > 60)
}

/// The box of the pixels of one colour (a coloured block a person sees).
fn region_of(image: &RgbImage, colour: Rgb<u8>) -> Option<Area> {
    bounds(image, |pixel| distance(pixel, colour) <= 12)
}

fn luminance(pixel: Rgb<u8>) -> f64 {
    let [r, g, b] = pixel.0.map(f64::from);
    (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255.0
}

fn mean_luminance(image: &RgbImage) -> f64 {
    image.pixels().map(|&p| luminance(p)).sum::<f64>() / f64::from(image.width() * image.height())
}

fn is_dark(pixel: Rgb<u8>) -> bool {
    luminance(pixel) < 0.35
}

/// Groups of adjacent indices (rows or columns) into lines: a 2 px border is one line.
fn group_adjacent(indices: impl IntoIterator<Item = u32>) -> Vec<(u32, u32)> {
    let mut lines: Vec<(u32, u32)> = Vec::new();
    for index in indices {
        match lines.last_mut() {
            Some((_, end)) if *end + 1 == index => *end = index,
            _ => lines.push((index, index)),
        }
    }
    lines
}

/// The longest run of consecutive pixels along one row or column that `keep` picks.
fn longest_run(pixels: impl Iterator<Item = Rgb<u8>>, keep: impl Fn(Rgb<u8>) -> bool) -> u32 {
    let (mut best, mut run) = (0, 0);
    for pixel in pixels {
        run = if keep(pixel) { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

fn row(image: &RgbImage, y: u32) -> impl Iterator<Item = Rgb<u8>> + '_ {
    (0..image.width()).map(move |x| *image.get_pixel(x, y))
}

fn column(image: &RgbImage, x: u32) -> impl Iterator<Item = Rgb<u8>> + '_ {
    (0..image.height()).map(move |y| *image.get_pixel(x, y))
}

/// Long dark horizontal lines (table rules), each at least `min_length` pixels.
fn horizontal_lines(image: &RgbImage, min_length: u32) -> Vec<(u32, u32)> {
    group_adjacent(
        (0..image.height()).filter(|&y| longest_run(row(image, y), is_dark) >= min_length),
    )
}

/// Long dark vertical lines (table rules), each at least `min_length` pixels.
fn vertical_lines(image: &RgbImage, min_length: u32) -> Vec<(u32, u32)> {
    group_adjacent(
        (0..image.width()).filter(|&x| longest_run(column(image, x), is_dark) >= min_length),
    )
}

/// The insides of the cells a grid of lines makes, each line left out.
fn cells(across: &[(u32, u32)], down: &[(u32, u32)]) -> Vec<Area> {
    let mut cells = Vec::new();
    for rows in across.windows(2) {
        for columns in down.windows(2) {
            cells.push(Area {
                left: columns[0].1 + 1,
                top: rows[0].1 + 1,
                right: columns[1].0 - 1,
                bottom: rows[1].0 - 1,
            });
        }
    }
    cells
}

/// The bands of rows that hold ink, top to bottom, as (first row, last row).
fn ink_bands(image: &RgbImage) -> Vec<(u32, u32)> {
    let background = dominant_colour(image);
    group_adjacent(
        (0..image.height()).filter(|&y| row(image, y).any(|p| distance(p, background) > 60)),
    )
}

/// The longest horizontal and vertical runs of one colour: a picture's shown size.
fn shown_size(image: &RgbImage, colour: Rgb<u8>) -> (u32, u32) {
    let near = |pixel| distance(pixel, colour) <= 8;
    let width = (0..image.height())
        .map(|y| longest_run(row(image, y), near))
        .max()
        .unwrap();
    let height = (0..image.width())
        .map(|x| longest_run(column(image, x), near))
        .max()
        .unwrap();
    (width, height)
}

// ---- What a person reads: OCR.

/// The words tesseract reads in the picture, enlarged 2x first, on one line.
fn ocr(image: &RgbImage, language: &str) -> String {
    let big = image::imageops::resize(
        image,
        image.width() * 2,
        image.height() * 2,
        image::imageops::FilterType::CatmullRom,
    );
    let file = tempfile::Builder::new().suffix(".png").tempfile().unwrap();
    big.save(file.path()).unwrap();
    let output = Command::new("tesseract")
        .arg(file.path())
        .args(["-", "--psm", "6", "-l", language])
        .output()
        .expect("run tesseract");
    assert!(output.status.success(), "tesseract failed");
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn reads(image: &RgbImage) -> String {
    ocr(image, "eng")
}

fn assert_reads(text: &str, expected: &str) {
    assert!(text.contains(expected), "reads {text:?}, not {expected:?}");
}

fn assert_does_not_read(text: &str, unexpected: &str) {
    assert!(
        !text.contains(unexpected),
        "reads {unexpected:?} in {text:?}"
    );
}

// ---- The cards.

#[test]
fn note_type_css_colours_the_card_and_centres_its_word() {
    let Some(face) = question("css") else { return };
    let background = dominant_colour(&face);
    assert!(
        distance(background, hex(0x1e3a5f)) <= 8,
        "background {background:?}, not #1e3a5f"
    );
    assert!(
        pixels_near(&face, hex(0xffd700), 40) >= 30,
        "no #ffd700 text"
    );
    let ink = ink_bounds(&face).expect("the word shows");
    let centre = f64::from(face.width()) / 2.0;
    assert!(
        (ink.centre_x() - centre).abs() <= 0.1 * f64::from(face.width()),
        "the word is not centred: {ink:?} in {} px",
        face.width()
    );
    assert_reads(&reads(&face), "Harbour");
}

#[test]
fn an_inline_red_span_shows_red_on_white() {
    let Some(face) = question("red-span") else {
        return;
    };
    assert!(
        distance(dominant_colour(&face), hex(0xffffff)) <= 8,
        "not on white"
    );
    assert!(red_pixels(&face) >= 30, "no red word");
    assert_reads(&reads(&face), "A crimson word");
}

#[test]
fn a_bordered_table_shows_its_grid() {
    let Some(face) = question("table") else {
        return;
    };
    let across = horizontal_lines(&face, 80);
    let down = vertical_lines(&face, 60);
    assert_eq!(across.len(), 4, "3 rows have 4 rules across: {across:?}");
    assert_eq!(down.len(), 3, "2 columns have 3 rules down: {down:?}");
    for cell in cells(&across, &down) {
        let inside =
            image::imageops::crop_imm(&face, cell.left, cell.top, cell.width(), cell.height());
        assert!(
            inside.to_image().pixels().any(|&pixel| is_dark(pixel)),
            "the cell {cell:?} is empty"
        );
    }
}

#[test]
fn mathjax_is_typeset_not_shown_as_tex() {
    let Some(face) = question("mathjax") else {
        return;
    };
    let text = reads(&face);
    assert_reads(&text, "Pythagoras");
    for tex in [r"\(", r"\)", r"\[", r"\]", "frac"] {
        assert_does_not_read(&text, tex);
    }
}

#[test]
fn a_sound_tag_is_not_shown_as_text() {
    let Some(face) = question("sound") else {
        return;
    };
    let text = reads(&face);
    assert_reads(&text, "Listen");
    assert_does_not_read(&text, "[sound");
    assert_does_not_read(&text, "sound:");
    assert_does_not_read(&text, "hello");
}

/// The reading is a thinner band of ink right above the word, over it.
fn assert_reading_above_base(face: &RgbImage) {
    let bands = ink_bands(face);
    let [(reading_top, reading_bottom), (base_top, base_bottom), ..] = bands[..] else {
        panic!("no reading above the word: ink bands {bands:?}")
    };
    assert!(
        reading_bottom - reading_top < base_bottom - base_top,
        "the upper band is not the smaller reading: {bands:?}"
    );
    let background = dominant_colour(face);
    let in_rows = |top: u32, bottom: u32| {
        let band = image::imageops::crop_imm(face, 0, top, face.width(), bottom - top + 1);
        bounds(&band.to_image(), |pixel| distance(pixel, background) > 60).unwrap()
    };
    let reading = in_rows(reading_top, reading_bottom);
    let base = in_rows(base_top, base_bottom);
    assert!(
        (base.left as f64..=base.right as f64).contains(&reading.centre_x()),
        "the reading {reading:?} is not over the word {base:?}"
    );
}

fn assert_reads_japanese_without_markup(face: &RgbImage) {
    let text = ocr(face, "jpn");
    assert_reads(&text, "日本");
    assert_reads(&text, "にほん");
    for markup in ["[", "]", "<", ">", "rt"] {
        assert_does_not_read(&text, markup);
    }
}

#[test]
fn furigana_shows_the_reading_above_the_word() {
    let Some(face) = question("furigana") else {
        return;
    };
    assert_reading_above_base(&face);
    assert_reads_japanese_without_markup(&face);
}

#[test]
fn ruby_markup_shows_the_reading_above_the_word() {
    let Some(face) = question("ruby") else { return };
    assert_reading_above_base(&face);
    assert_reads_japanese_without_markup(&face);
}

#[test]
fn a_link_shows_its_text_not_its_markup() {
    let Some(face) = question("link") else { return };
    let text = reads(&face);
    assert_reads(&text, "Read the example page");
    assert_does_not_read(&text, "href");
    assert_does_not_read(&text, "https");
}

#[test]
fn an_image_is_shown_at_its_width_attribute() {
    let Some(face) = question("image") else {
        return;
    };
    // dot.png is a 200x200 square of this colour; width=60 shows it 60x60.
    let (width, height) = shown_size(&face, hex(0xe0218a));
    assert!((59..=61).contains(&width), "shown {width} px wide, not 60");
    assert!(
        (59..=61).contains(&height),
        "shown {height} px high, not 60"
    );
}

#[test]
fn flex_columns_stand_side_by_side() {
    let Some(face) = question("flex") else { return };
    let blue = region_of(&face, hex(0x1f4fd8)).expect("the blue column shows");
    let green = region_of(&face, hex(0x1fa83a)).expect("the green column shows");
    assert!(
        blue.right <= green.left + 2,
        "blue {blue:?} is not left of green {green:?}"
    );
    assert!(
        blue.top < green.bottom && green.top < blue.bottom,
        "blue {blue:?} and green {green:?} are not on the same rows"
    );
    for column in [blue, green] {
        assert!(
            column.width() >= face.width() / 3 && column.height() >= 60,
            "a column is too small: {column:?}"
        );
    }
}

#[test]
fn a_type_in_question_hides_the_answer_and_its_answer_shows_it() {
    let Some(deck) = deck() else { return };
    let question = reads(&render(deck, "type-in", Face::Question, false));
    assert_reads(&question, "Capital of Spain?");
    assert_does_not_read(&question, "Madrid");
    assert_does_not_read(&question, "type:");
    let answer = reads(&render(deck, "type-in", Face::Answer, false));
    assert_reads(&answer, "Capital of Spain?");
    assert_reads(&answer, "Madrid");
}

#[test]
fn bold_words_read_as_the_words_around_them() {
    let Some(deck) = deck() else { return };
    let words = reads(&render(deck, "bold-words", Face::Question, false));
    assert_reads(&words, "re-entrant locks");
    let question = reads(&render(deck, "bold-question", Face::Question, false));
    assert_reads(&question, "What is the capital of France?");
}

#[test]
fn dark_faces_are_dark_and_light_faces_light() {
    let Some(deck) = deck() else { return };
    // The stock note type's black on white, which the dark theme overrides as Anki's does.
    let light = render(deck, "bold-question", Face::Question, false);
    let dark = render(deck, "bold-question", Face::Question, true);
    assert!(
        mean_luminance(&light) > 0.75,
        "light face is {}",
        mean_luminance(&light)
    );
    assert!(
        mean_luminance(&dark) < 0.3,
        "dark face is {}",
        mean_luminance(&dark)
    );
    // The words still show on the dark face.
    assert_reads(&reads(&dark), "What is the capital of France?");
}

#[test]
fn every_face_of_the_deck_shows_something() {
    let Some(deck) = deck() else { return };
    for name in deck.cards.keys() {
        for face in [Face::Question, Face::Answer] {
            let image = render(deck, name, face, false);
            assert!(
                ink_bounds(&image).is_some(),
                "{name} {} is blank",
                face.name()
            );
        }
    }
}

// The colour of photo.png, and of Anki's masks over it: the card's own, the others.
const PHOTO: u32 = 0x2a9d8f;
const ACTIVE_MASK: u32 = 0xff8e8e;
const INACTIVE_MASK: u32 = 0xffeba2;

/// Where `area` lies within `photo`, as fractions of its width and height: left, top,
/// right, bottom.
fn fractions_of(area: Area, photo: Area) -> [f64; 4] {
    let x = |px: u32| f64::from(px - photo.left) / f64::from(photo.width());
    let y = |px: u32| f64::from(px - photo.top) / f64::from(photo.height());
    [
        x(area.left),
        y(area.top),
        x(area.right + 1),
        y(area.bottom + 1),
    ]
}

fn assert_covers(area: Option<Area>, photo: Area, expected: [f64; 4], what: &str) {
    let area = area.unwrap_or_else(|| panic!("{what} is not drawn"));
    let found = fractions_of(area, photo);
    // Within 2% of the picture: the masks' 1 px borders and rounding.
    assert!(
        found
            .iter()
            .zip(expected)
            .all(|(f, e)| (f - e).abs() < 0.02),
        "{what} covers {found:?} of the picture, not {expected:?}"
    );
}

fn pixel_at(image: &RgbImage, photo: Area, x: f64, y: f64) -> Rgb<u8> {
    let px = photo.left + (x * f64::from(photo.width())) as u32;
    let py = photo.top + (y * f64::from(photo.height())) as u32;
    *image.get_pixel(px, py)
}

#[test]
fn image_occlusion_masks_cover_the_picture_as_in_anki() {
    let Some(deck) = deck() else { return };
    // Hide all, guess one: card 1's rectangle in the active colour, the ellipse and the
    // triangle hidden too, in the inactive one.
    let question = render(deck, "occlusion-all-1", Face::Question, false);
    let photo = region_of(&question, hex(PHOTO)).expect("the picture shows");
    assert!(
        (398..=402).contains(&photo.width()) && (298..=302).contains(&photo.height()),
        "the 400x300 picture shows as {photo:?}"
    );
    let active = region_of(&question, hex(ACTIVE_MASK));
    assert_covers(active, photo, [0.1, 0.1, 0.4, 0.3], "card 1's mask");
    let others = region_of(&question, hex(INACTIVE_MASK));
    assert_covers(others, photo, [0.1, 0.5, 0.85, 0.9], "the other masks");
    assert_eq!(
        pixel_at(&question, photo, 0.6, 0.2),
        hex(PHOTO),
        "unmasked picture"
    );

    // Its answer: the rectangle is an outline with the picture inside; the others stay.
    let answer = render(deck, "occlusion-all-1", Face::Answer, false);
    let photo = region_of(&answer, hex(PHOTO)).expect("the picture shows");
    assert_eq!(
        pixel_at(&answer, photo, 0.25, 0.2),
        hex(PHOTO),
        "answered mask"
    );
    let outline = region_of(&answer, hex(ACTIVE_MASK));
    assert_covers(
        outline,
        photo,
        [0.1, 0.1, 0.4, 0.3],
        "the answered mask's outline",
    );
    assert!(
        pixels_near(&answer, hex(ACTIVE_MASK), 12) < 1000,
        "the answered mask is filled, not outlined"
    );
    let others = region_of(&answer, hex(INACTIVE_MASK));
    assert_covers(
        others,
        photo,
        [0.1, 0.5, 0.85, 0.9],
        "the other masks on the answer",
    );

    // Card 2 guesses the ellipse: its box is the active colour now.
    let second = render(deck, "occlusion-all-2", Face::Question, false);
    let photo = region_of(&second, hex(PHOTO)).expect("the picture shows");
    let ellipse = region_of(&second, hex(ACTIVE_MASK));
    assert_covers(ellipse, photo, [0.55, 0.5, 0.85, 0.9], "card 2's ellipse");
    // An ellipse, not its box: the box's corner shows the picture.
    assert_eq!(
        pixel_at(&second, photo, 0.56, 0.51),
        hex(PHOTO),
        "ellipse corner"
    );

    // Card 3 guesses the triangle, moved to its left and top.
    let third = render(deck, "occlusion-all-3", Face::Question, false);
    let photo = region_of(&third, hex(PHOTO)).expect("the picture shows");
    let triangle = region_of(&third, hex(ACTIVE_MASK));
    assert_covers(triangle, photo, [0.1, 0.6, 0.4, 0.9], "card 3's triangle");

    // Hide one, guess one: only the card's own mask; the other part of the picture shows.
    let one = render(deck, "occlusion-one-1", Face::Question, false);
    let photo = region_of(&one, hex(PHOTO)).expect("the picture shows");
    assert_covers(
        region_of(&one, hex(ACTIVE_MASK)),
        photo,
        [0.1, 0.1, 0.4, 0.3],
        "card 1's mask",
    );
    assert_eq!(
        pixels_near(&one, hex(INACTIVE_MASK), 12),
        0,
        "other masks drawn"
    );
    assert_eq!(
        pixel_at(&one, photo, 0.75, 0.7),
        hex(PHOTO),
        "card 2's part"
    );
}

#[test]
fn image_occlusion_masks_are_the_elements_ankis_cloze_filter_makes() {
    let Some(deck) = deck() else { return };
    let _turn = collection_turn();
    let spool = spool_core::app::Spool::open_without_builtin(
        &deck.collection,
        spool_core::app::SystemClock,
    )
    .expect("open the collection");
    let hidden = "<div style=\"display: none\">";
    for name in ["occlusion-all-1", "occlusion-all-3", "occlusion-one-2"] {
        let faces = spool
            .card_faces(deck.cards[name].0)
            .expect("the card's faces");
        for (face, ours) in [("question", &faces.question), ("answer", &faces.answer)] {
            let page = std::fs::read_to_string(deck.dir.join(format!("anki/{name}-{face}.html")))
                .expect("Anki's face");
            let start = page.find(hidden).expect("Anki's hidden masks") + hidden.len();
            let end = start
                + page[start..]
                    .find("</div>\n<div id=\"err\">")
                    .expect("their end");
            let masks = &page[start..end];
            assert!(masks.contains("data-shape"), "{name} {face}: {masks}");
            assert!(
                ours.contains(&format!("{hidden}{masks}</div>")),
                "{name} {face}: Anki's masks\n{masks}\nare not in Spool's face\n{ours}"
            );
        }
    }
}

/// Each check the manifest names, and the test above that makes it.
const CHECKS: &[(&str, &str)] = &[
    (
        "background #1e3a5f",
        "note_type_css_colours_the_card_and_centres_its_word",
    ),
    (
        "text #ffd700",
        "note_type_css_colours_the_card_and_centres_its_word",
    ),
    (
        "centred",
        "note_type_css_colours_the_card_and_centres_its_word",
    ),
    (
        "ocr: Harbour",
        "note_type_css_colours_the_card_and_centres_its_word",
    ),
    ("background white", "an_inline_red_span_shows_red_on_white"),
    ("red ink", "an_inline_red_span_shows_red_on_white"),
    ("ocr: crimson", "an_inline_red_span_shows_red_on_white"),
    ("grid lines 4x3", "a_bordered_table_shows_its_grid"),
    ("text in every cell", "a_bordered_table_shows_its_grid"),
    ("ocr: Pythagoras", "mathjax_is_typeset_not_shown_as_tex"),
    (
        r"ocr lacks: \( \[ \frac frac",
        "mathjax_is_typeset_not_shown_as_tex",
    ),
    ("ocr: Listen", "a_sound_tag_is_not_shown_as_text"),
    (
        "ocr lacks: [sound: sound:",
        "a_sound_tag_is_not_shown_as_text",
    ),
    (
        "reading above base",
        "furigana_shows_the_reading_above_the_word",
    ),
    (
        "ocr lacks: [ ]",
        "furigana_shows_the_reading_above_the_word",
    ),
    (
        "ocr lacks: < >",
        "ruby_markup_shows_the_reading_above_the_word",
    ),
    ("ocr: example", "a_link_shows_its_text_not_its_markup"),
    (
        "ocr lacks: href https",
        "a_link_shows_its_text_not_its_markup",
    ),
    (
        "image 60 px wide",
        "an_image_is_shown_at_its_width_attribute",
    ),
    ("blue left of green", "flex_columns_stand_side_by_side"),
    (
        "ocr: Capital",
        "a_type_in_question_hides_the_answer_and_its_answer_shows_it",
    ),
    (
        "question ocr lacks: Madrid",
        "a_type_in_question_hides_the_answer_and_its_answer_shows_it",
    ),
    (
        "answer ocr: Madrid",
        "a_type_in_question_hides_the_answer_and_its_answer_shows_it",
    ),
    ("dark", "dark_faces_are_dark_and_light_faces_light"),
    (
        "ocr: re-entrant locks",
        "bold_words_read_as_the_words_around_them",
    ),
    (
        "ocr: capital of France?",
        "bold_words_read_as_the_words_around_them",
    ),
    (
        "occlusion masks",
        "image_occlusion_masks_cover_the_picture_as_in_anki",
    ),
];

#[test]
fn every_check_the_manifest_names_has_a_test_here() {
    let Some(deck) = deck() else { return };
    for (name, (_, entry)) in &deck.cards {
        for check in &entry.checks {
            assert!(
                CHECKS.iter().any(|(known, _)| known == check),
                "{name}: no test makes the check {check:?}"
            );
        }
    }
}

// ---- Bad input: one line naming the problem, and no picture.

/// A collection with the built-in deck and no Anki package, and one of its card ids.
fn builtin_collection() -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let collection = dir.path().join("c.spool");
    let notes: serde_json::Value = serde_json::from_str(&common::success_stdout(&spool(
        &collection,
        &["search", "--json"],
    )))
    .unwrap();
    let id = notes[0]["cards"][0]["id"]
        .as_i64()
        .expect("a built-in card");
    (dir, collection, id.to_string())
}

#[test]
fn rendering_a_missing_card_names_it_and_writes_nothing() {
    let (dir, collection, _) = builtin_collection();
    let png = dir.path().join("out.png");
    let stderr = common::one_line_error(&spool(
        &collection,
        &["render", "999999", "--png", png.to_str().unwrap()],
    ));
    assert!(
        stderr.contains("999999"),
        "{stderr:?} does not name the card"
    );
    assert!(!png.exists(), "a picture was written");
}

#[test]
fn rendering_zero_pixels_wide_is_refused() {
    let (dir, collection, id) = builtin_collection();
    let png = dir.path().join("out.png");
    let output = spool(
        &collection,
        &[
            "render",
            &id,
            "--png",
            png.to_str().unwrap(),
            "--width",
            "0",
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "a width of 0 was accepted");
    assert!(
        stderr.contains("width"),
        "{stderr:?} does not name the width"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!png.exists(), "a picture was written");
}
