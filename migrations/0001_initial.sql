PRAGMA application_id = 1397772108;  -- "SPOL": marks the file as a Spool collection

-- Spool collection schema, version 1.
-- Times are unix seconds unless a column says otherwise; `*_day` columns are study days
-- (see scheduler::day): days since 1970-01-01 in local time, shifted by the rollover hour.

CREATE TABLE config (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL              -- JSON
) STRICT;

CREATE TABLE decks (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,   -- full name, levels joined by '::'
    description TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE notetypes (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    kind       INTEGER NOT NULL CHECK (kind IN (0, 1)),  -- 0 standard, 1 cloze
    css        TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE fields (
    notetype_id INTEGER NOT NULL REFERENCES notetypes(id) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,
    name        TEXT NOT NULL,
    PRIMARY KEY (notetype_id, ord),
    UNIQUE (notetype_id, name)
) STRICT, WITHOUT ROWID;

CREATE TABLE templates (
    notetype_id     INTEGER NOT NULL REFERENCES notetypes(id) ON DELETE CASCADE,
    ord             INTEGER NOT NULL,
    name            TEXT NOT NULL,
    question_format TEXT NOT NULL,
    answer_format   TEXT NOT NULL,
    PRIMARY KEY (notetype_id, ord)
) STRICT, WITHOUT ROWID;

CREATE TABLE notes (
    id          INTEGER PRIMARY KEY,
    guid        TEXT NOT NULL UNIQUE,
    notetype_id INTEGER NOT NULL REFERENCES notetypes(id),
    fields      TEXT NOT NULL,       -- field values joined by U+001F, as in Anki
    tags        TEXT NOT NULL DEFAULT '',   -- space-separated
    demo        TEXT,                -- id of the live demo this note can launch
    created_at  INTEGER NOT NULL,
    modified_at INTEGER NOT NULL
) STRICT;
CREATE INDEX notes_notetype ON notes (notetype_id);

-- queue: 0 new, 1 learning (answered below Good today; drilled until Good or Easy),
--        2 review, -1 suspended (ctype keeps the state to return to).
-- ctype: 0 new, 1 learning, 2 review.
CREATE TABLE cards (
    id             INTEGER PRIMARY KEY,
    note_id        INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    deck_id        INTEGER NOT NULL REFERENCES decks(id),
    ord            INTEGER NOT NULL,
    ctype          INTEGER NOT NULL DEFAULT 0 CHECK (ctype IN (0, 1, 2)),
    queue          INTEGER NOT NULL DEFAULT 0 CHECK (queue IN (-1, 0, 1, 2)),
    due_day        INTEGER NOT NULL DEFAULT 0,   -- review: study day due; new: position
    interval_days  INTEGER NOT NULL DEFAULT 0,
    ease_permille  INTEGER NOT NULL DEFAULT 2500,
    repetitions    INTEGER NOT NULL DEFAULT 0,   -- SM-2 n: successes in a row
    reps           INTEGER NOT NULL DEFAULT 0,   -- every answer ever
    lapses         INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    modified_at    INTEGER NOT NULL,
    UNIQUE (note_id, ord)
) STRICT;
-- Due counts per deck read only this index.
CREATE INDEX cards_deck_queue_due ON cards (deck_id, queue, due_day);
CREATE INDEX cards_queue_due ON cards (queue, due_day);

-- One row per answer. The card's columns before the answer are kept so undo is exact.
CREATE TABLE revlog (
    id              INTEGER PRIMARY KEY,
    card_id         INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
    reviewed_at_ms  INTEGER NOT NULL,
    quality         INTEGER NOT NULL CHECK (quality BETWEEN 0 AND 5),
    kind            INTEGER NOT NULL CHECK (kind IN (0, 1, 2)),  -- 0 first answer of a new card, 1 scheduled review, 2 same-day drill
    duration_ms     INTEGER NOT NULL,
    before_ctype    INTEGER NOT NULL,
    before_queue    INTEGER NOT NULL,
    before_due_day  INTEGER NOT NULL,
    before_interval INTEGER NOT NULL,
    before_ease     INTEGER NOT NULL,
    before_reps_n   INTEGER NOT NULL,
    before_reps     INTEGER NOT NULL,
    before_lapses   INTEGER NOT NULL,
    before_modified INTEGER NOT NULL,
    after_queue     INTEGER NOT NULL,
    after_due_day   INTEGER NOT NULL,
    after_interval  INTEGER NOT NULL,
    after_ease      INTEGER NOT NULL,
    after_reps_n    INTEGER NOT NULL
) STRICT;
CREATE INDEX revlog_card ON revlog (card_id);
CREATE INDEX revlog_time ON revlog (reviewed_at_ms);

CREATE TABLE media (
    name TEXT PRIMARY KEY,
    sha1 TEXT NOT NULL,
    size INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
