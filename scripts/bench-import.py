#!/usr/bin/env python3
"""Times importing a 50,000-note .apkg into Spool and into the real Anki.

Usage: bench-import.py SPOOL_BINARY WORK_DIR [NOTES]

Writes a package with the anki library (Basic and Basic-and-reversed notes with tags in a
deck tree, some media), then imports it into a fresh Spool collection with
`spool import` and into a fresh Anki collection with `Collection.import_anki_package`, and
prints both wall-clock times and their ratio. Run through scripts/bench-import.
"""

import os
import resource
import subprocess
import sys
import time

from anki.collection import (
    AddNoteRequest,
    Collection,
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)


def write_package(path: str, work_dir: str, notes: int):
    col = Collection(os.path.join(work_dir, "source", "collection.anki2"))
    basic = col.models.by_name("Basic")
    reversed_ = col.models.by_name("Basic (and reversed card)")
    decks = [col.decks.id(f"Bench::Part {index}") for index in range(10)]
    picture = col.media.write_data("bench.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    requests = []
    for index in range(notes):
        notetype = reversed_ if index % 5 == 0 else basic
        note = col.new_note(notetype)
        note.fields[0] = f"Question {index} <b>with</b> some text"
        note.fields[1] = f'Answer {index} <img src="{picture}">' if index % 1000 == 0 else f"Answer {index}"
        note.tags = [f"tag{index % 50}", "bench"]
        requests.append(AddNoteRequest(note=note, deck_id=decks[index % len(decks)]))
    col.add_notes(requests)
    col.export_anki_package(
        out_path=path,
        options=ExportAnkiPackageOptions(with_scheduling=True, with_deck_configs=False, with_media=True, legacy=False),
        limit=None,
    )
    col.close()


def main():
    spool, work_dir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    notes = int(sys.argv[3]) if len(sys.argv) > 3 else 50_000
    os.makedirs(os.path.join(work_dir, "source"))
    package = os.path.join(work_dir, "bench.apkg")
    write_package(package, work_dir, notes)
    print(f"package: {package} ({os.path.getsize(package) / 1e6:.1f} MB, {notes} notes)")

    os.makedirs(os.path.join(work_dir, "spool"))
    collection = os.path.join(work_dir, "spool", "collection.spool")
    start = time.perf_counter()
    subprocess.run([spool, "--collection", collection, "import", package], check=True)
    spool_secs = time.perf_counter() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    spool_cpu = children.ru_utime + children.ru_stime

    os.makedirs(os.path.join(work_dir, "anki"))
    start, start_cpu = time.perf_counter(), time.process_time()
    col = Collection(os.path.join(work_dir, "anki", "collection.anki2"))
    col.import_anki_package(
        ImportAnkiPackageRequest(
            package_path=package, options=ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=False)
        )
    )
    col.close()
    anki_secs, anki_cpu = time.perf_counter() - start, time.process_time() - start_cpu

    # CPU time is printed too: on a shared machine it is steadier than wall-clock time.
    print(f"spool import: {spool_secs:.2f} s wall, {spool_cpu:.2f} s CPU")
    print(f"anki import:  {anki_secs:.2f} s wall, {anki_cpu:.2f} s CPU")
    print(f"ratio spool/anki: {spool_secs / anki_secs:.2f} wall, {spool_cpu / anki_cpu:.2f} CPU (target <= 0.50)")


if __name__ == "__main__":
    main()
