#!/usr/bin/env python3
"""Writes Anki packages of every version, plus what the real Anki library says they contain.

Usage: anki-fixtures.py OUTPUT_DIR

Needs the pinned `anki` and `genanki` packages (see scripts/anki-fixtures-requirements.txt):

    python3.11 -m venv .venv && .venv/bin/pip install -r scripts/anki-fixtures-requirements.txt

Writes into OUTPUT_DIR:
  latest.apkg      collection.anki21b (schema 18, zstd) with a `meta` file, as Anki 2.1.50+ exports
  legacy2.apkg     collection.anki21 (schema 11) with a legacy `meta`, Anki's "support older versions"
  legacy1.apkg     legacy2.apkg rewritten the way Anki < 2.1.22 stored it: collection.anki2, no meta
  latest.colpkg    whole collection, latest format
  legacy.colpkg    whole collection, legacy format
  notes.txt        Anki's "Notes in Plain Text" export with every header column
  expected.json    the source collection as the anki library reports it
  genanki.apkg     written by genanki (collection.anki2, schema 11)
  genanki.json     genanki's collection as the anki library reports it after opening it

Scheduling values in the JSON are read back through the anki library; due dates of review
cards are turned into calendar days from the scheduler's own notion of "today", so the
expectations never depend on how the importer converts them.
"""

import datetime
import hashlib
import json
import os
import shutil
import sys
import tempfile
import zipfile

import genanki
from anki.collection import Collection, ExportAnkiPackageOptions
from anki.consts import (
    CARD_TYPE_LRN,
    CARD_TYPE_NEW,
    CARD_TYPE_RELEARNING,
    CARD_TYPE_REV,
    MODEL_CLOZE,
    QUEUE_TYPE_DAY_LEARN_RELEARN,
    QUEUE_TYPE_LRN,
    QUEUE_TYPE_NEW,
    QUEUE_TYPE_PREVIEW,
    QUEUE_TYPE_REV,
    QUEUE_TYPE_SUSPENDED,
)

CARD_STATES = {
    CARD_TYPE_NEW: "new",
    CARD_TYPE_LRN: "learning",
    CARD_TYPE_REV: "review",
    CARD_TYPE_RELEARNING: "relearning",
}
REVLOG_KINDS = ["learning", "review", "relearning", "filtered", "manual", "rescheduled"]

PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2a7e1d60000000049454e44ae426082"
)
MP3_BYTES = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 4


def unix_day(date: datetime.date) -> int:
    return (date - datetime.date(1970, 1, 1)).days


def scheduler_today_unix_day(col: Collection) -> int:
    """The calendar day the scheduler calls "today" (it starts at the rollover hour)."""
    start_of_today = col.sched.day_cutoff - 86_400
    return unix_day(datetime.datetime.fromtimestamp(start_of_today).date())


def card_due(col: Collection, card) -> dict:
    if card.queue in (QUEUE_TYPE_LRN, QUEUE_TYPE_PREVIEW):
        return {"kind": "time", "value": card.due}
    if card.queue in (QUEUE_TYPE_REV, QUEUE_TYPE_DAY_LEARN_RELEARN) or card.type == CARD_TYPE_REV:
        days_from_today = card.due - col.sched.today
        return {"kind": "day", "value": scheduler_today_unix_day(col) + days_from_today}
    if card.queue == QUEUE_TYPE_NEW or card.type == CARD_TYPE_NEW:
        return {"kind": "position", "value": card.due}
    return {"kind": "time", "value": card.due}


def dump(col: Collection) -> dict:
    """Everything an importer must recover, as the anki library reports it."""
    notetypes = []
    for entry in col.models.all_names_and_ids():
        notetype = col.models.get(entry.id)
        notetypes.append(
            {
                "id": notetype["id"],
                "name": notetype["name"],
                "kind": "cloze" if notetype["type"] == MODEL_CLOZE else "standard",
                "fields": [field["name"] for field in notetype["flds"]],
                "templates": [
                    {"name": t["name"], "question": t["qfmt"], "answer": t["afmt"]}
                    for t in notetype["tmpls"]
                ],
                "css": notetype["css"],
            }
        )
    decks = [
        {"id": deck.id, "name": deck.name}
        for deck in col.decks.all_names_and_ids(include_filtered=True)
    ]
    notes = []
    used_notetypes = set()
    for note_id in col.find_notes(""):
        note = col.get_note(note_id)
        used_notetypes.add(note.mid)
        notes.append(
            {
                "guid": note.guid,
                "notetype_id": note.mid,
                "fields": list(note.fields),
                "tags": list(note.tags),
                "modified": note.mod,
            }
        )
    cards = []
    guid_of_card = {}
    for card_id in col.find_cards(""):
        card = col.get_card(card_id)
        guid = col.get_note(card.nid).guid
        guid_of_card[card.id] = (guid, card.ord)
        cards.append(
            {
                "note_guid": guid,
                "template": card.ord,
                "deck_id": card.odid or card.did,
                "state": CARD_STATES[card.type],
                "suspended": card.queue == QUEUE_TYPE_SUSPENDED,
                "interval_days": card.ivl,
                "ease_permille": card.factor,
                "reps": card.reps,
                "lapses": card.lapses,
                "due": card_due(col, card),
            }
        )
    revlog = []
    for row in col.db.all(
        "select id, cid, ease, ivl, lastIvl, factor, time, type from revlog order by id"
    ):
        (time_ms, card_id, ease, interval, last_interval, factor, taken_ms, kind) = row
        guid, template = guid_of_card[card_id]
        revlog.append(
            {
                "note_guid": guid,
                "template": template,
                "time_ms": time_ms,
                "ease": ease,
                "interval": interval,
                "last_interval": last_interval,
                "factor": factor,
                "taken_ms": taken_ms,
                "kind": REVLOG_KINDS[kind],
            }
        )
    media = []
    media_dir = col.media.dir()
    for name in sorted(os.listdir(media_dir)):
        path = os.path.join(media_dir, name)
        if os.path.isfile(path):
            with open(path, "rb") as file:
                media.append({"name": name, "sha1": hashlib.sha1(file.read()).hexdigest()})
    return {
        "notetypes": notetypes,
        "used_notetype_ids": sorted(used_notetypes),
        "decks": decks,
        "notes": notes,
        "cards": cards,
        "revlog": revlog,
        "media": media,
    }


def add_note(col: Collection, notetype_name: str, deck_name: str, fields: list, tags: list):
    notetype = col.models.by_name(notetype_name)
    note = col.new_note(notetype)
    for index, value in enumerate(fields):
        note.fields[index] = value
    note.tags = tags
    col.add_note(note, col.decks.id(deck_name))
    return note


def answer(col: Collection, card_id: int, ease: int):
    card = col.get_card(card_id)
    card.start_timer()
    col.sched.answerCard(card, ease)


def build_collection(col: Collection):
    picture = col.media.write_data("日本語 picture.png", PNG_BYTES)
    sound = col.media.write_data("voice 🎤.mp3", MP3_BYTES)

    # one card in Default, so every deck holds a card or is a parent of one and
    # packages carry the same deck list as the collection
    add_note(col, "Basic", "Default", ["plain front", "plain back"], [])
    tabs_and_quotes = add_note(
        col,
        "Basic",
        "Languages::Japanese::Kanji",
        ["漢字\twith\ttabs", 'He said "hi", then \'bye\'; a|b, c'],
        ["lang::ja", "日本語", "kanji"],
    )
    add_note(
        col,
        "Basic (and reversed card)",
        "Languages::Chinese 中文",
        ["line one\nline two<br>line three", "<b>bold</b> &amp; <i>italic</i> 🦀🎉"],
        ["reversed", "emoji🎉"],
    )
    add_note(
        col,
        "Cloze",
        "Languages::Japanese",
        ["{{c1::Tokyo}} is the capital of {{c2::Japan}}", "extra <u>info</u>"],
        ["cloze"],
    )
    add_note(
        col,
        "Basic",
        "Media",
        [f'<img src="{picture}">', f"[sound:{sound}]"],
        ["media"],
    )
    reviewed = add_note(col, "Basic", "Languages::Japanese::Kanji", ["review me", "ok"], [])
    lapsed = add_note(col, "Basic", "Languages::Japanese::Kanji", ["lapse me", "ok"], [])
    learning = add_note(col, "Basic", "Languages::Japanese::Kanji", ["learn me", "ok"], [])
    suspended = add_note(col, "Basic", "Media", ["suspend me", "ok"], ["suspended"])

    review_card = reviewed.cards()[0].id
    answer(col, review_card, 4)
    col.sched.set_due_date([review_card], "0")
    answer(col, review_card, 3)

    lapsed_card = lapsed.cards()[0].id
    answer(col, lapsed_card, 4)
    col.sched.set_due_date([lapsed_card], "0")
    answer(col, lapsed_card, 1)

    answer(col, learning.cards()[0].id, 1)

    suspended_card = suspended.cards()[0].id
    answer(col, suspended_card, 4)
    col.sched.suspend_cards([suspended_card])

    answer(col, tabs_and_quotes.cards()[0].id, 3)


def rewrite_as_legacy1(legacy2: str, legacy1: str):
    """Anki < 2.1.22 stored the schema 11 collection as collection.anki2, without `meta`."""
    with zipfile.ZipFile(legacy2) as source, zipfile.ZipFile(legacy1, "w") as target:
        collection = source.read("collection.anki21")
        for entry in source.infolist():
            if entry.filename in ("meta", "collection.anki2", "collection.anki21"):
                continue
            target.writestr(entry, source.read(entry.filename))
        target.writestr("collection.anki2", collection, zipfile.ZIP_DEFLATED)


def write_genanki(out_dir: str, work_dir: str):
    model = genanki.Model(
        1607392319,
        "genanki basic",
        fields=[{"name": "Question"}, {"name": "Answer"}],
        templates=[
            {"name": "Card 1", "qfmt": "{{Question}}", "afmt": "{{FrontSide}}<hr id=answer>{{Answer}}"},
        ],
        css=".card { font-family: serif; }",
    )
    deck = genanki.Deck(2059400110, "genanki::Geography")
    deck.add_note(genanki.Note(model=model, fields=["Capital of France?", "Paris"], tags=["geo"]))
    deck.add_note(
        genanki.Note(
            model=genanki.CLOZE_MODEL,
            fields=["{{c1::Canberra}} is in Australia 🇦🇺", ""],
            tags=["geo", "cloze"],
        )
    )
    image = os.path.join(work_dir, "flag.png")
    with open(image, "wb") as file:
        file.write(PNG_BYTES)
    deck.add_note(genanki.Note(model=model, fields=['<img src="flag.png">', "a flag"]))
    package = os.path.join(out_dir, "genanki.apkg")
    genanki.Package(deck, media_files=[image]).write_to_file(package)

    extracted = os.path.join(work_dir, "genanki", "collection.anki2")
    os.makedirs(os.path.dirname(extracted))
    with zipfile.ZipFile(package) as archive:
        with open(extracted, "wb") as file:
            file.write(archive.read("collection.anki2"))
        media_map = json.loads(archive.read("media"))
        media_dir = os.path.join(work_dir, "genanki", "collection.media")
        os.makedirs(media_dir, exist_ok=True)
        for index, name in media_map.items():
            with open(os.path.join(media_dir, name), "wb") as file:
                file.write(archive.read(index))
    col = Collection(extracted)
    write_json(os.path.join(out_dir, "genanki.json"), dump(col))
    col.close()


def write_json(path: str, value):
    with open(path, "w", encoding="utf-8") as file:
        json.dump(value, file, ensure_ascii=False, indent=1)


def main():
    out_dir = os.path.abspath(sys.argv[1])
    os.makedirs(out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory() as work_dir:
        os.makedirs(os.path.join(work_dir, "source"))
        col = Collection(os.path.join(work_dir, "source", "collection.anki2"))
        build_collection(col)
        write_json(os.path.join(out_dir, "expected.json"), dump(col))

        for name, legacy in [("latest.apkg", False), ("legacy2.apkg", True)]:
            col.export_anki_package(
                out_path=os.path.join(out_dir, name),
                options=ExportAnkiPackageOptions(
                    with_scheduling=True, with_deck_configs=True, with_media=True, legacy=legacy
                ),
                limit=None,
            )
        rewrite_as_legacy1(os.path.join(out_dir, "legacy2.apkg"), os.path.join(out_dir, "legacy1.apkg"))
        col.export_note_csv(
            out_path=os.path.join(out_dir, "notes.txt"),
            limit=None,
            with_html=True,
            with_tags=True,
            with_deck=True,
            with_notetype=True,
            with_guid=True,
        )
        for name, legacy in [("legacy.colpkg", True), ("latest.colpkg", False)]:
            col.export_collection_package(os.path.join(out_dir, name), include_media=True, legacy=legacy)
            col.reopen()
        col.close()

        write_genanki(out_dir, work_dir)


if __name__ == "__main__":
    main()
