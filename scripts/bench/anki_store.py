"""Measures real Anki on the same workload as `cargo bench --bench store`.

A 100,000-card collection with 5 parent decks of 9 subdecks each (plus Default), a third of
the cards new and the rest in review with due dates spread over the past and next 30 days.
Prints one `key=value` line per figure, in milliseconds, for scripts/bench-vs-anki.
"""

import os
import statistics
import sys
import tempfile
import time

from anki.collection import AddNoteRequest, Collection

CARDS = 100_000
ANSWERS = 2_000


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[round((len(ordered) - 1) * p)]


def build(path):
    col = Collection(path)
    basic = col.models.by_name("Basic")
    deck_ids = [col.decks.id(f"Subject {p}::Topic {c}") for p in range(5) for c in range(9)]
    requests = []
    for i in range(CARDS):
        note = col.new_note(basic)
        note["Front"] = f"Question number {i}"
        note["Back"] = f"Answer {i}"
        note.tags = [f"tag{i % 17}"]
        requests.append(AddNoteRequest(note=note, deck_id=deck_ids[i % len(deck_ids)]))
    col.add_notes(requests)
    today = col.sched.today
    col.db.execute(
        "update cards set type = 2, queue = 2, due = ? + (id % 61) - 30, ivl = 1 + id % 40,"
        " factor = 2500, reps = 3 where id % 3 != 0",
        today,
    )
    conf = col.decks.config_dict_for_deck_id(deck_ids[0])
    conf["new"]["perDay"] = 20
    conf["rev"]["perDay"] = 200
    col.decks.update_config(conf)
    col.close()


def main():
    path = os.path.join(tempfile.mkdtemp(), "bench.anki2")
    build(path)

    opened_counts = []
    counts = []
    for _ in range(20):
        start = time.perf_counter()
        col = Collection(path)
        after_open = time.perf_counter()
        col.sched.deck_due_tree()
        end = time.perf_counter()
        opened_counts.append((end - start) * 1000)
        start = time.perf_counter()
        col.sched.deck_due_tree()
        counts.append((time.perf_counter() - start) * 1000)
        col.close(downgrade=False)
    print(f"anki_due_counts_ms={statistics.median(counts):.3f}")
    print(f"anki_open_and_due_counts_ms={statistics.median(opened_counts):.3f}")

    col = Collection(path)
    col.decks.select(col.decks.id("Subject 0"))
    latencies = []
    for _ in range(ANSWERS):
        card = col.sched.getCard()
        if card is None:
            break
        start = time.perf_counter()
        col.sched.answerCard(card, 3)
        latencies.append((time.perf_counter() - start) * 1000)
    col.close(downgrade=False)
    print(f"anki_answer_p50_ms={percentile(latencies, 0.5):.3f}")
    print(f"anki_answer_p99_ms={percentile(latencies, 0.99):.3f}")
    print(f"anki_answers={len(latencies)}", file=sys.stderr)


if __name__ == "__main__":
    main()
