-- Per-deck card and note totals, kept by triggers so the deck list never scans all cards.
-- Answers do not touch these triggers: they change a card's schedule, not its deck.

CREATE TABLE deck_totals (
    deck_id INTEGER PRIMARY KEY REFERENCES decks(id) ON DELETE CASCADE,
    cards   INTEGER NOT NULL DEFAULT 0,
    notes   INTEGER NOT NULL DEFAULT 0    -- notes with at least one card in this deck
) STRICT;

INSERT INTO deck_totals (deck_id, cards, notes)
SELECT deck_id, count(*), count(DISTINCT note_id) FROM cards GROUP BY deck_id;

CREATE TRIGGER deck_totals_card_added AFTER INSERT ON cards
BEGIN
    INSERT INTO deck_totals (deck_id, cards, notes)
    VALUES (
        NEW.deck_id, 1,
        NOT EXISTS (SELECT 1 FROM cards WHERE note_id = NEW.note_id AND deck_id = NEW.deck_id AND id != NEW.id)
    )
    ON CONFLICT (deck_id) DO UPDATE SET cards = cards + 1, notes = notes + excluded.notes;
END;

CREATE TRIGGER deck_totals_card_removed AFTER DELETE ON cards
BEGIN
    UPDATE deck_totals
    SET cards = cards - 1,
        notes = notes - NOT EXISTS (SELECT 1 FROM cards WHERE note_id = OLD.note_id AND deck_id = OLD.deck_id)
    WHERE deck_id = OLD.deck_id;
END;

CREATE TRIGGER deck_totals_card_moved AFTER UPDATE OF deck_id ON cards
WHEN OLD.deck_id != NEW.deck_id
BEGIN
    UPDATE deck_totals
    SET cards = cards - 1,
        notes = notes - NOT EXISTS (SELECT 1 FROM cards WHERE note_id = OLD.note_id AND deck_id = OLD.deck_id)
    WHERE deck_id = OLD.deck_id;
    INSERT INTO deck_totals (deck_id, cards, notes)
    VALUES (
        NEW.deck_id, 1,
        NOT EXISTS (SELECT 1 FROM cards WHERE note_id = NEW.note_id AND deck_id = NEW.deck_id AND id != NEW.id)
    )
    ON CONFLICT (deck_id) DO UPDATE SET cards = cards + 1, notes = notes + excluded.notes;
END;
