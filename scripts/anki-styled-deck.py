#!/usr/bin/env python3
"""Writes an Anki package whose cards each exercise one feature of card styling (note type
CSS, inline styles, tables, MathJax, sound, furigana and ruby, links, images, flex layout,
type-in answers, bold words, image occlusion), a manifest of them, and the faces the real Anki shows for
them as its reviewer lays them out.

Usage: anki-styled-deck.py OUTPUT_DIR

Writes:
  OUTPUT_DIR/styled.apkg      the package, with its media
  OUTPUT_DIR/styled.json      the manifest: for each card its name, note type, card number,
                              first field, media, the checks that apply to it, and the
                              file names of Anki's faces of it
  OUTPUT_DIR/anki/NAME-question.html, NAME-answer.html
                              Anki's card.question() and card.answer() in the page Anki's
                              reviewer wraps them in, with every media file beside them

sound: hello.mp3 is spoken by espeak-ng and encoded by sox where both are installed (sox
with libsox-fmt-mp3); elsewhere the card plays hello.wav, a short tone written here.
"""

import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import wave
import zlib

from anki.collection import Collection, ExportAnkiPackageOptions

# The stock note types' CSS, the one Anki gives a new note type: black on white, centred.
STOCK_CSS = """.card {
    font-family: arial;
    font-size: 20px;
    line-height: 1.5;
    text-align: center;
    color: black;
    background-color: white;
}
"""

STYLED_CSS = """.card {
    font-family: arial;
    background-color: #1e3a5f;
    color: #ffd700;
    text-align: center;
    font-size: 28px;
}
"""

TABLE_CSS = (
    STOCK_CSS
    + """table {
    margin: 0 auto;
    border-collapse: collapse;
}
td {
    border: 2px solid black;
    padding: 6px 24px;
}
"""
)

# The colour of dot.png, a 200x200 square shown 60 px wide.
DOT_RGB = (0xE0, 0x21, 0x8A)

# The colour of photo.png, the 400x300 picture the image occlusion notes mask parts of.
PHOTO_RGB = (0x2A, 0x9D, 0x8F)

# Image occlusion notes as Anki's editor writes them: (name, header, masks). "Hide all,
# guess one" marks every mask oi=1; "hide one, guess one" none.
OCCLUSIONS = [
    (
        "occlusion-all",
        "Hide all, guess one",
        "{{c1::image-occlusion:rect:left=.1:top=.1:width=.3:height=.2:oi=1}}<br>"
        "{{c2::image-occlusion:ellipse:left=.55:top=.5:rx=.15:ry=.2:oi=1}}<br>"
        "{{c3::image-occlusion:polygon:left=.1:top=.6:points=.2,.6 .4,.9 .1,.9:oi=1}}<br>",
    ),
    (
        "occlusion-one",
        "Hide one, guess one",
        "{{c1::image-occlusion:rect:left=.1:top=.1:width=.3:height=.2}}<br>"
        "{{c2::image-occlusion:rect:left=.6:top=.6:width=.3:height=.2}}<br>",
    ),
]

# The parts of the reviewer's own stylesheet that change how a face looks.
REVIEWER_CSS = """body { margin: 20px; overflow-wrap: break-word; }
body.nightMode { background-color: #2c2c2c; color: #fcfcfc; }
img { max-width: 100%; max-height: 95vh; }
li { text-align: start; }
pre { text-align: left; }
#typeans { width: 100%; box-sizing: border-box; }
code#typeans { white-space: pre-wrap; }
.typeGood { background: #afa; color: black; }
.typeBad { background: #faa; color: black; }
.typeMissed { background: #ccc; color: black; }
.replay-button { text-decoration: none; display: inline-flex; vertical-align: middle; margin: 3px; }
.replay-button svg { width: 40px; height: 40px; }
.replay-button svg circle { fill: #fff; stroke: #414141; }
.replay-button svg path { fill: #414141; }
"""

# Debian's MathJax (libjs-mathjax), standing in for the copy Anki's reviewer ships.
MATHJAX = "/usr/share/javascript/mathjax/MathJax.js"
MATHJAX_CONFIG = """MathJax.Hub.Config({
    tex2jax: { inlineMath: [["\\\\(", "\\\\)"]], displayMath: [["\\\\[", "\\\\]"]],
               processEscapes: false },
    messageStyle: "none",
    showMathMenu: false
});"""

PLAY_BUTTON = (
    '<a class="replay-button soundLink" href="#">'
    '<svg class="playImage" viewBox="0 0 64 64" version="1.1">'
    '<circle cx="32" cy="32" r="29"/>'
    '<path d="M56.502,32.301l-37.502,20.101l0.329,-40.804l37.173,20.703Z"/>'
    "</svg></a>"
)


def solid_png(width: int, height: int, rgb: tuple) -> bytes:
    """A PNG of one colour, written without an imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height, 9))
        + chunk(b"IEND", b"")
    )


def spoken_hello(work_dir: str) -> tuple:
    """A short recording of "hello": an mp3 from espeak-ng and sox, or else a wav tone."""
    if shutil.which("espeak-ng") and shutil.which("sox"):
        wav = os.path.join(work_dir, "hello-speech.wav")
        mp3 = os.path.join(work_dir, "hello.mp3")
        try:
            subprocess.run(["espeak-ng", "-w", wav, "hello"], check=True)
            # sox writes mp3 only with libsox-fmt-mp3.
            subprocess.run(["sox", wav, "-C", "64", mp3], check=True, capture_output=True)
            with open(mp3, "rb") as file:
                return "hello.mp3", file.read()
        except subprocess.CalledProcessError:
            pass
    path = os.path.join(work_dir, "hello.wav")
    rate = 16000
    with wave.open(path, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        samples = (
            int(12000 * math.sin(2 * math.pi * 440 * i / rate)) for i in range(rate // 4)
        )
        out.writeframes(b"".join(struct.pack("<h", s) for s in samples))
    with open(path, "rb") as file:
        return "hello.wav", file.read()


def add_notetype(col: Collection, name: str, css: str, field: str, question: str, answer: str):
    """A one-field, one-template note type."""
    notetype = col.models.new(name)
    notetype["css"] = css
    col.models.add_field(notetype, col.models.new_field(field))
    template = col.models.new_template("Card 1")
    template["qfmt"] = question
    template["afmt"] = answer
    col.models.add_template(notetype, template)
    col.models.add(notetype)
    return notetype


def cards(sound_name: str) -> list:
    """Each card of the deck: (name, note type, fields, the checks that apply to it)."""
    return [
        (
            "css",
            "Styled",
            ["Harbour"],
            ["background #1e3a5f", "text #ffd700", "centred", "ocr: Harbour"],
        ),
        (
            "red-span",
            "Plain",
            ['A <span style="color:#ff0000">crimson</span> word'],
            ["background white", "red ink", "ocr: crimson"],
        ),
        (
            "table",
            "Table",
            [
                "<table>"
                "<tr><td>one</td><td>two</td></tr>"
                "<tr><td>three</td><td>four</td></tr>"
                "<tr><td>five</td><td>six</td></tr>"
                "</table>"
            ],
            ["grid lines 4x3", "text in every cell"],
        ),
        (
            "mathjax",
            "Plain",
            [r"Pythagoras \(x^2 + y^2 = z^2\) and a ratio \[\frac{a}{b}\]"],
            ["ocr: Pythagoras", r"ocr lacks: \( \[ \frac frac"],
        ),
        (
            "sound",
            "Plain",
            [f"Listen [sound:{sound_name}]"],
            ["ocr: Listen", "ocr lacks: [sound: sound:"],
        ),
        (
            "furigana",
            "Reading",
            ["日本[にほん]"],
            ["reading above base", "ocr lacks: [ ]"],
        ),
        (
            "ruby",
            "Plain",
            ["<ruby>日本<rt>にほん</rt></ruby>"],
            ["reading above base", "ocr lacks: < >"],
        ),
        (
            "link",
            "Plain",
            ['Read the <a href="https://example.org">example</a> page'],
            ["ocr: example", "ocr lacks: href https"],
        ),
        ("image", "Plain", ['<img src="dot.png" width=60>'], ["image 60 px wide"]),
        (
            "flex",
            "Plain",
            [
                '<div style="display:flex">'
                '<div style="flex:1; height:80px; background-color:#1f4fd8; color:white">Left</div>'
                '<div style="flex:1; height:80px; background-color:#1fa83a; color:white">Right</div>'
                "</div>"
            ],
            ["blue left of green"],
        ),
        (
            "type-in",
            "Basic (type in the answer)",
            ["Capital of Spain?", "Madrid"],
            ["ocr: Capital", "question ocr lacks: Madrid", "answer ocr: Madrid"],
        ),
        (
            "bold-words",
            "Plain",
            ["<b>re-entrant</b> locks"],
            ["ocr: re-entrant locks"],
        ),
        (
            "bold-question",
            "Plain",
            ["What is the capital of <b>France</b>?"],
            ["ocr: capital of France?", "dark"],
        ),
    ]


def reviewer_page(col: Collection, card, face_html: str, answer: bool) -> str:
    """A face in the page Anki's reviewer shows it in: the note type's CSS in a <style>,
    the body classed `card cardN`, sounds as play buttons, a type-in box on the question
    and the expected answer on the answer, and MathJax typesetting the TeX."""
    css = card.note_type()["css"]
    # card.question() and card.answer() open with the note type's CSS; it goes in <head>.
    body = re.sub(r"^<style>.*?</style>", "", face_html, flags=re.S)
    body = re.sub(r"\[anki:play:[qa]:\d+\]", PLAY_BUTTON, body)
    if answer:
        expected = card.note()["Back"] if "Back" in card.note() else ""
        typed = col.compare_answer(expected, "")
        body = re.sub(
            r"\[\[type:[^\]]*\]\]",
            f"<div style=\"font-family: 'Arial'; font-size: 20px\">{typed}</div>",
            body,
        )
    else:
        body = re.sub(
            r"\[\[type:[^\]]*\]\]",
            "<center><input type=text id=typeans "
            "style=\"font-family: 'Arial'; font-size: 20px;\"></center>",
            body,
        )
    mathjax = ""
    if os.path.exists(MATHJAX):
        mathjax = (
            f'<script type="text/x-mathjax-config">{MATHJAX_CONFIG}</script>'
            f'<script src="file://{MATHJAX}?config=TeX-AMS_CHTML"></script>'
        )
    return (
        "<!doctype html><html><head><meta charset=utf-8>"
        f"<style>{REVIEWER_CSS}</style><style>{css}</style>{mathjax}</head>"
        f'<body class="card card{card.ord + 1}">{body}</body></html>\n'
    )


def write_faces(col: Collection, card, anki_dir: str, name: str) -> dict:
    """Anki's question and answer of `card` as its reviewer's pages NAME-question.html and
    NAME-answer.html; their file names by face."""
    faces = {}
    for face, html in (("question", card.question()), ("answer", card.answer())):
        file_name = f"{name}-{face}.html"
        page = reviewer_page(col, card, html, face == "answer")
        with open(os.path.join(anki_dir, file_name), "w", encoding="utf-8") as file:
            file.write(page)
        faces[face] = file_name
    return faces


def add_occlusion_notes(col: Collection, work_dir: str, anki_dir: str) -> list:
    """Anki's own Image Occlusion notes over photo.png; the manifest has each card."""
    photo = os.path.join(work_dir, "photo.png")
    with open(photo, "wb") as file:
        file.write(solid_png(400, 300, PHOTO_RGB))
    col.add_image_occlusion_notetype()
    notetype = col.models.by_name("Image Occlusion")
    entries = []
    for name, header, masks in OCCLUSIONS:
        col.add_image_occlusion_note(notetype["id"], photo, masks, header, "", [])
        (note_id,) = col.find_notes(f'"Header:{header}"')
        note = col.get_note(note_id)
        for card in note.cards():
            faces = write_faces(col, card, anki_dir, f"{name}-{card.ord + 1}")
            entries.append(
                {
                    "name": f"{name}-{card.ord + 1}",
                    "notetype": "Image Occlusion",
                    "card": card.ord + 1,
                    "first_field": note.fields[0],
                    "media": sorted(col.media.files_in_str(note.mid, note.joined_fields())),
                    "checks": ["occlusion masks"],
                    "anki_faces": faces,
                }
            )
    return entries


def main():
    out_dir = sys.argv[1]
    anki_dir = os.path.join(out_dir, "anki")
    os.makedirs(anki_dir, exist_ok=True)
    with tempfile.TemporaryDirectory() as work_dir:
        col = Collection(os.path.join(work_dir, "collection.anki2"))
        deck = col.decks.id("Styled")
        sound_name, sound_data = spoken_hello(work_dir)
        media = {"dot.png": solid_png(200, 200, DOT_RGB), sound_name: sound_data}
        for name, data in media.items():
            col.media.write_data(name, data)

        add_notetype(col, "Styled", STYLED_CSS, "Word", "{{Word}}", "{{FrontSide}}")
        add_notetype(col, "Plain", STOCK_CSS, "Text", "{{Text}}", "{{FrontSide}}")
        add_notetype(col, "Table", TABLE_CSS, "Text", "{{Text}}", "{{FrontSide}}")
        add_notetype(
            col,
            "Reading",
            STOCK_CSS,
            "Reading",
            "{{furigana:Reading}}",
            "{{FrontSide}}<hr id=answer>{{kana:Reading}}",
        )

        manifest = []
        for name, notetype, fields, checks in cards(sound_name):
            note = col.new_note(col.models.by_name(notetype))
            for index, value in enumerate(fields):
                note.fields[index] = value
            col.add_note(note, deck)
            (card,) = note.cards()
            faces = write_faces(col, card, anki_dir, name)
            manifest.append(
                {
                    "name": name,
                    "notetype": notetype,
                    "card": card.ord + 1,
                    "first_field": fields[0],
                    "media": sorted(col.media.files_in_str(note.mid, note.joined_fields())),
                    "checks": checks,
                    "anki_faces": faces,
                }
            )
        manifest += add_occlusion_notes(col, work_dir, anki_dir)
        media["photo.png"] = solid_png(400, 300, PHOTO_RGB)
        for name, data in media.items():
            with open(os.path.join(anki_dir, name), "wb") as file:
                file.write(data)

        col.export_anki_package(
            out_path=os.path.join(out_dir, "styled.apkg"),
            options=ExportAnkiPackageOptions(
                with_scheduling=False, with_deck_configs=False, with_media=True, legacy=False
            ),
            limit=None,
        )
        col.close()
    with open(os.path.join(out_dir, "styled.json"), "w", encoding="utf-8") as file:
        json.dump(manifest, file, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
