-- A card's answers in time order: its first answer ever is one index seek, which today's
-- new-card count asks of every card answered today, and the import's "already logged at
-- this time?" check is another. It serves every use of the card-only index it replaces.

CREATE INDEX revlog_card_time ON revlog (card_id, reviewed_at_ms);
DROP INDEX revlog_card;
