#!/usr/bin/env python3
"""Writes an Anki package of notes whose templates use Anki's type-in and reading filters
and its special fields, and of a note with sounds, plus the faces the real Anki renders for
each card.

Usage: anki-card-faces.py OUTPUT_DIR

Writes OUTPUT_DIR/faces.apkg and OUTPUT_DIR/faces.json: for each card, the note's first
field, Anki's question and answer HTML, and the files each side's sounds play; for a
type-in card, also a typed text and the answer Anki's reviewer shows once it was typed.
"""

import json
import os
import re
import sys
import tempfile

from anki.collection import Collection, ExportAnkiPackageOptions

# Where Anki's reviewer puts its input box on the question and the comparison on the answer.
TYPE_IN = re.compile(r"\[\[type:(.+?)\]\]")


def add_notetype(col: Collection, name: str, field: str, question: str, answer: str):
    """A one-field, one-template note type."""
    notetype = col.models.new(name)
    col.models.add_field(notetype, col.models.new_field(field))
    template = col.models.new_template("Card 1")
    template["qfmt"] = question
    template["afmt"] = answer
    col.models.add_template(notetype, template)
    col.models.add(notetype)
    return notetype


def add_cloze_type_in(col: Collection):
    """The stock cloze note type, its one card asking for the deletions to be typed."""
    notetype = col.models.copy(col.models.by_name("Cloze"), add=False)
    notetype["name"] = "Cloze (type in the answer)"
    notetype["tmpls"][0]["qfmt"] = "{{cloze:Text}}<br>{{type:cloze:Text}}"
    notetype["tmpls"][0]["afmt"] = "{{cloze:Text}}<hr id=answer>{{type:cloze:Text}}"
    col.models.add(notetype)
    return notetype


def answer_with_typed(col: Collection, card, typed: str) -> str:
    """The answer as Anki's reviewer (aqt, not installed here) shows it once `typed` was
    typed: the question's first type-in says what is expected, and the comparison replaces
    every type-in of the answer. The reviewer's font wrapper around it is left out."""
    reference = TYPE_IN.search(card.question()).group(1)
    is_cloze = reference.startswith("cloze:")
    if is_cloze:
        reference = reference.split(":")[1]
    combining = not reference.startswith("nc:")
    if not combining:
        reference = reference.split(":")[1]
    expected = card.note()[reference]
    if is_cloze:
        expected = col.extract_cloze_for_typing(expected, card.ord + 1)
    comparison = col.compare_answer(expected, typed, combining)
    return TYPE_IN.sub(lambda _: comparison, card.answer())


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory() as work_dir:
        col = Collection(os.path.join(work_dir, "collection.anki2"))
        deck = col.decks.id("Faces")
        typed = col.new_note(col.models.by_name("Basic (type in the answer)"))
        typed.fields[0] = "Capital of Spain?"
        typed.fields[1] = "Madrid"
        col.add_note(typed, deck)
        typed_cloze = col.new_note(add_cloze_type_in(col))
        typed_cloze.fields[0] = "{{c1::Tokyo}} is east of <b>{{c1::Nara}}</b>"
        col.add_note(typed_cloze, deck)
        typed_in = {typed.id: "madird", typed_cloze.id: "Tokio, Nara"}
        word = col.new_note(
            add_notetype(
                col,
                "Japanese (reading)",
                "Word",
                "{{furigana:Word}}",
                "{{kana:Word}}<hr id=answer>{{kanji:Word}}",
            )
        )
        word.fields[0] = "日本[にほん]"
        col.add_note(word, deck)
        context = col.new_note(
            add_notetype(
                col,
                "Specials",
                "Label",
                "{{Label}}|{{Deck}}|{{Subdeck}}|{{Card}}|{{Type}}|{{Tags}}",
                "{{FrontSide}}",
            )
        )
        context.fields[0] = "context"
        context.tags = ["geo", "capitals"]
        col.add_note(context, col.decks.id("Faces::Inner"))
        sounds = col.new_note(col.models.by_name("Basic"))
        sounds.fields[0] = "Listen [sound:hello.mp3] and [sound:rock&amp;roll.mp3]"
        sounds.fields[1] = "[sound:bye.mp3] again [sound:hello.mp3]"
        col.add_note(sounds, deck)

        faces = []
        for note in (typed, typed_cloze, word, context, sounds):
            for card in note.cards():
                face = {
                    "first_field": note.fields[0],
                    "question": card.question(),
                    "answer": card.answer(),
                    "question_sounds": [tag.filename for tag in card.question_av_tags()],
                    "answer_sounds": [tag.filename for tag in card.answer_av_tags()],
                }
                if note.id in typed_in:
                    face["typed"] = typed_in[note.id]
                    face["answer_with_typed"] = answer_with_typed(col, card, face["typed"])
                faces.append(face)
        col.export_anki_package(
            out_path=os.path.join(out_dir, "faces.apkg"),
            options=ExportAnkiPackageOptions(
                with_scheduling=False, with_deck_configs=False, with_media=False, legacy=False
            ),
            limit=None,
        )
        with open(os.path.join(out_dir, "faces.json"), "w", encoding="utf-8") as file:
            json.dump(faces, file, ensure_ascii=False, indent=1)
        col.close()


if __name__ == "__main__":
    main()
