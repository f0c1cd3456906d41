//! A study session: which card comes next, answering it, the same-day drill, and undo.

use std::collections::VecDeque;

use serde::Serialize;

use super::Spool;
use crate::error::{Error, Result};
use crate::render::CardFaces;
use crate::scheduler::{CardQueue, Grade, NextStates};
use crate::store::{Answered, Card, CardAnswer, CardId, DeckId};

/// A card answered below Good comes back after this many other answers (sooner if nothing
/// else is left), so the drill is not simply the same card twice in a row.
const DRILL_GAP: u64 = 3;

/// What a study button would do to the current card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ButtonPreview {
    pub grade: Grade,
    /// Days until the card is next due after this answer.
    pub interval_days: i64,
    /// Whether the card comes back later in this session (the same-day drill).
    pub again_today: bool,
}

impl ButtonPreview {
    /// What the button does to the card, for its label. An answer that keeps the card in
    /// today's drill shows it again later in the session and leaves it due in its interval
    /// (`again today, then 1d`); any other answer says when the card is next due (`1d`,
    /// `15d`, `3mo`, `1.2y`).
    pub fn label(&self) -> String {
        let due = interval(self.interval_days);
        match (self.again_today, self.interval_days) {
            (true, ..=0) => "again today".into(),
            (true, _) => format!("again today, then {due}"),
            (false, _) => due,
        }
    }
}

/// A number of days, short: days up to a month, then months, then years with one decimal
/// unless whole.
fn interval(days: i64) -> String {
    match days {
        ..=0 => "today".into(),
        1..=30 => format!("{days}d"),
        31..=364 => format!("{}mo", (days as f64 / 30.4).round()),
        _ => {
            let years = format!("{:.1}", days as f64 / 365.0);
            format!("{}y", years.strip_suffix(".0").unwrap_or(&years))
        }
    }
}

/// The card on screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StudyCard {
    pub card: Card,
    pub faces: CardFaces,
    pub demo: Option<String>,
    /// Whether this is a same-day drill answer (SM-2 state will not change).
    pub drill: bool,
    /// Where each grade takes the card: what its button shows, and what answering commits.
    pub next_states: NextStates,
}

impl StudyCard {
    /// What each study button would do, in the order of [`Grade::ALL`].
    pub fn buttons(&self) -> [ButtonPreview; 4] {
        let today = self.next_states.today;
        Grade::ALL.map(|grade| {
            let next = self.next_states.get(grade).next;
            ButtonPreview {
                grade,
                interval_days: next.due_day - today,
                again_today: next.queue == CardQueue::Learning,
            }
        })
    }

    /// The answer `grade` gives, exactly as its button shows it, after `duration_ms` of
    /// looking at the card.
    pub fn answer(&self, grade: Grade, duration_ms: u32) -> CardAnswer {
        CardAnswer {
            card: self.card.clone(),
            transition: self.next_states.get(grade),
            duration_ms,
        }
    }
}

/// Cards left in the session, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Remaining {
    pub new: u64,
    pub learning: u64,
    pub review: u64,
}

#[derive(Debug)]
struct Drilled {
    card_id: CardId,
    not_before: u64,
}

#[derive(Debug)]
pub struct StudySession {
    /// The decks the session was started on; `deck_ids` adds their subdecks.
    root_ids: Vec<DeckId>,
    deck_ids: Vec<DeckId>,
    queue: VecDeque<(CardId, CardQueue)>,
    drill: VecDeque<Drilled>,
    answered: u64,
    current: Option<(CardId, CardQueue)>,
    /// This session's answers, newest last: the card, the queue it came from, its log row.
    answered_cards: Vec<(CardId, CardQueue, i64)>,
}

impl StudySession {
    /// Starts a session on `deck` and its subdecks (every deck when `None`), within today's limits.
    pub fn start(spool: &Spool, deck: Option<&str>) -> Result<Self> {
        let counts = spool.deck_counts()?;
        let decks = spool.collection.decks()?;
        let roots: Vec<_> = match deck {
            Some(name) => vec![spool.collection.deck_by_name(name)?],
            None => decks.iter().filter(|d| d.depth() == 0).cloned().collect(),
        };
        let today = spool.today()?;
        let mut session = StudySession {
            root_ids: roots.iter().map(|root| root.id).collect(),
            deck_ids: decks
                .iter()
                .filter(|d| roots.iter().any(|r| r.contains(d)))
                .map(|d| d.id)
                .collect(),
            queue: VecDeque::new(),
            drill: VecDeque::new(),
            answered: 0,
            current: None,
            answered_cards: Vec::new(),
        };
        for root in &roots {
            let subtree: Vec<DeckId> = decks
                .iter()
                .filter(|d| root.contains(d))
                .map(|d| d.id)
                .collect();
            let limits = counts
                .iter()
                .find(|c| c.id == root.id)
                .ok_or_else(|| Error::UnknownDeck(root.name.clone()))?;
            let reviews = spool
                .collection
                .due_review_card_ids(&subtree, today, limits.due)?;
            let new = spool.collection.new_card_ids(&subtree, limits.new)?;
            session
                .queue
                .extend(reviews.into_iter().map(|id| (id, CardQueue::Review)));
            session
                .queue
                .extend(new.into_iter().map(|id| (id, CardQueue::New)));
        }
        let learning = spool.collection.drill_card_ids(&session.deck_ids, today)?;
        session
            .drill
            .extend(learning.into_iter().map(|card_id| Drilled {
                card_id,
                not_before: 0,
            }));
        Ok(session)
    }

    pub fn remaining(&self) -> Remaining {
        let count = |kind| self.queue.iter().filter(|(_, q)| *q == kind).count() as u64;
        let current = |kind| u64::from(self.current.is_some_and(|(_, q)| q == kind));
        Remaining {
            new: count(CardQueue::New) + current(CardQueue::New),
            learning: self.drill.len() as u64 + current(CardQueue::Learning),
            review: count(CardQueue::Review) + current(CardQueue::Review),
        }
    }

    fn take_next_id(&mut self) -> Option<(CardId, CardQueue)> {
        let drill_ready = self
            .drill
            .front()
            .is_some_and(|d| d.not_before <= self.answered || self.queue.is_empty());
        if drill_ready {
            self.drill
                .pop_front()
                .map(|d| (d.card_id, CardQueue::Learning))
        } else {
            self.queue.pop_front()
        }
    }

    /// The card to show now, or `None` when the session is done. Calling it again without
    /// answering returns the same card.
    pub fn current_card(&mut self, spool: &Spool) -> Result<Option<StudyCard>> {
        loop {
            if self.current.is_none() {
                self.current = self.take_next_id();
            }
            let Some((card_id, _)) = self.current else {
                return Ok(None);
            };
            // Cards edited, suspended or deleted since the session started are skipped.
            let card = match spool.collection.card(card_id) {
                Ok(card) if card.schedule.queue != CardQueue::Suspended => card,
                Ok(_) | Err(Error::UnknownCard(_)) => {
                    self.current = None;
                    continue;
                }
                Err(e) => return Err(e),
            };
            return self.present(spool, card).map(Some);
        }
    }

    fn present(&self, spool: &Spool, card: Card) -> Result<StudyCard> {
        let next_states = spool.next_states(&card)?;
        let note = spool.collection.note(card.note_id)?;
        Ok(StudyCard {
            faces: spool.render_note_card(&note, &card)?,
            demo: note.demo,
            drill: card.schedule.in_drill(next_states.today),
            next_states,
            card,
        })
    }

    /// Records `answer` to the current card (see [`StudyCard::answer`]) and moves on.
    pub fn answer(&mut self, spool: &mut Spool, answer: &CardAnswer) -> Result<Answered> {
        let (card_id, source) = self.current.ok_or(Error::NoCurrentCard)?;
        if answer.card.id != card_id {
            return Err(Error::NotCurrentCard(answer.card.id));
        }
        let answered = spool.answer_card(answer)?;
        self.answered += 1;
        if answered.card.schedule.queue == CardQueue::Learning {
            self.drill.push_back(Drilled {
                card_id,
                not_before: self.answered + DRILL_GAP,
            });
        }
        self.answered_cards
            .push((card_id, source, answered.review_id));
        self.current = None;
        Ok(answered)
    }

    /// Takes back this session's last answer and shows that card again.
    pub fn undo(&mut self, spool: &mut Spool) -> Result<Card> {
        let &(card_id, source, review_id) =
            self.answered_cards.last().ok_or(Error::NothingToUndo)?;
        let card = spool.collection.undo_answer(review_id)?;
        self.answered_cards.pop();
        self.drill.retain(|d| d.card_id != card_id);
        // The card on screen goes back where it came from, unless it is the undone card
        // itself come back for its drill.
        if let Some(shown) = self.current.take().filter(|shown| shown.0 != card_id) {
            match shown.1 {
                CardQueue::Learning => self.drill.push_front(Drilled {
                    card_id: shown.0,
                    not_before: 0,
                }),
                _ => self.queue.push_front(shown),
            }
        }
        self.current = Some((card_id, source));
        self.answered -= 1;
        Ok(card)
    }

    /// Suspends the current card and moves on.
    pub fn suspend_current(&mut self, spool: &mut Spool) -> Result<()> {
        let (card_id, _) = self.current.take().ok_or(Error::NoCurrentCard)?;
        spool
            .collection
            .set_suspended(&[card_id], true, spool.now_secs())
    }

    /// New cards the day's limit holds back, once the session has nothing left to show: all
    /// new cards of its decks when today's limit lets none of them through, else none (cards
    /// added during the session are not held back; a new session shows them).
    pub fn new_cards_held_back(&self, spool: &Spool) -> Result<u64> {
        let waiting = spool.collection.new_card_count(&self.deck_ids)?;
        if waiting == 0 {
            return Ok(0);
        }
        // A deck's count includes its subdecks', so the roots' counts are the session's.
        let allowed_today: u64 = spool
            .deck_counts()?
            .iter()
            .filter(|deck| self.root_ids.contains(&deck.id))
            .map(|deck| deck.new)
            .sum();
        Ok(if allowed_today == 0 { waiting } else { 0 })
    }

    /// The study day the next review in these decks falls due, once today's are done.
    pub fn next_due_day(&self, spool: &Spool) -> Result<Option<i64>> {
        spool
            .collection
            .next_due_day(&self.deck_ids, spool.today()?)
    }
}

/// What a finished session says about the new cards the day's limit held back.
pub fn held_back_notice(count: u64) -> String {
    let verb = if count == 1 { "waits" } else { "wait" };
    format!(
        "Today's new-card limit is reached: {} {verb} for the next days.",
        crate::render::counted(count, "more new card")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::ManualClock;
    use crate::import::StudyCalendar;
    use crate::import::anki::{self, AnkiPackage, CardDue};
    use crate::import::model::{
        Deck, Note, Notetype, NotetypeDefinition, PackageVersion, SourceFormat, SourceInfo,
    };
    use crate::store::{DEFAULT_DECK_NAME, ImportSettings, NotetypeKind, Template};

    /// 2026-01-15 12:00 UTC, in a time zone at UTC.
    const NOON_MS: i64 = 1_768_478_400_000;
    const HOUR_MS: i64 = 3_600_000;

    /// An Anki package of one deck, "Japanese": cards in learning whose first answer was
    /// yesterday and which were answered again today, cards in learning first answered
    /// (twice) today, and new cards. Anki logs every learning-step answer as `Learning`.
    fn package(
        first_studied_yesterday: usize,
        first_studied_today: usize,
        new: usize,
    ) -> AnkiPackage {
        let learning = first_studied_yesterday + first_studied_today;
        let cards = learning + new;
        let card = |index: usize| {
            let (state, due) = if index < learning {
                let next_step_secs = NOON_MS / 1000 + 600;
                (anki::CardState::Learning, CardDue::Time(next_step_secs))
            } else {
                (anki::CardState::New, CardDue::Position(index as i64))
            };
            anki::Card {
                source_id: index as i64 + 1,
                note: index,
                template: 0,
                deck: 0,
                state,
                suspended: false,
                interval_days: 0,
                ease_permille: 2500,
                reps: 0,
                lapses: 0,
                due,
            }
        };
        let step = |card: usize, time_ms: i64, ease: u8| anki::ReviewLogEntry {
            card,
            // Distinct times: the import logs one answer per card and time.
            time_ms: time_ms + card as i64,
            ease,
            interval: -600,
            last_interval: -60,
            factor: 2500,
            taken_ms: 1000,
            kind: anki::ReviewKind::Learning,
        };
        let mut revlog = Vec::new();
        for index in 0..first_studied_yesterday {
            revlog.push(step(index, NOON_MS - 24 * HOUR_MS, 1));
            revlog.push(step(index, NOON_MS - HOUR_MS, 3));
        }
        for index in first_studied_yesterday..learning {
            revlog.push(step(index, NOON_MS - 2 * HOUR_MS, 1));
            revlog.push(step(index, NOON_MS - HOUR_MS, 3));
        }
        AnkiPackage {
            source: SourceInfo {
                path: "history.apkg".into(),
                format: SourceFormat::AnkiPackage {
                    version: PackageVersion::Latest,
                    whole_collection: false,
                },
                field_labels: Vec::new(),
            },
            notetypes: vec![Notetype {
                source_id: Some(1),
                name: "Basic".into(),
                definition: Some(NotetypeDefinition {
                    kind: NotetypeKind::Standard,
                    fields: vec!["Front".into(), "Back".into()],
                    templates: vec![Template {
                        name: "Card 1".into(),
                        question_format: "{{Front}}".into(),
                        answer_format: "{{Back}}".into(),
                    }],
                    css: String::new(),
                }),
            }],
            decks: vec![Deck {
                source_id: Some(1),
                name: "Japanese".into(),
                filtered: false,
                description: None,
            }],
            notes: (0..cards)
                .map(|index| Note {
                    source_id: Some(index as i64 + 1),
                    guid: Some(format!("note{index}")),
                    notetype: 0,
                    fields: vec![format!("question {index}"), format!("answer {index}")],
                    tags: Vec::new(),
                    modified: Some(0),
                    deck: None,
                    line: None,
                    demo: None,
                })
                .collect(),
            cards: (0..cards).map(card).collect(),
            revlog,
            media: Vec::new(),
        }
    }

    /// How many new cards a session on the imported deck offers, at noon on the import day.
    fn new_cards_offered_after_importing(package: AnkiPackage) -> u64 {
        let dir = tempfile::tempdir().unwrap();
        let mut spool =
            Spool::open_without_builtin(dir.path().join("c.spool"), ManualClock::new(NOON_MS, 0))
                .unwrap();
        let calendar = StudyCalendar {
            today: spool.today().unwrap(),
            day_clock: spool.day_clock().unwrap(),
        };
        let settings = ImportSettings {
            now: spool.now_secs(),
            update_scheduling: false,
            default_deck: DEFAULT_DECK_NAME.into(),
        };
        spool
            .collection
            .import_batch(&package.into_batch(&calendar), &settings, &mut |_| {})
            .unwrap();
        assert_eq!(spool.settings().unwrap().new_per_day, 20);
        let session = StudySession::start(&spool, Some("Japanese")).unwrap();
        session.remaining().new
    }

    #[test]
    fn imported_learning_answers_today_to_cards_first_studied_before_leave_the_new_limit_alone() {
        assert_eq!(new_cards_offered_after_importing(package(15, 0, 30)), 20);
    }

    #[test]
    fn cards_first_studied_today_count_once_each_against_the_new_limit() {
        assert_eq!(new_cards_offered_after_importing(package(15, 5, 30)), 15);
    }

    fn label(interval_days: i64, again_today: bool) -> String {
        ButtonPreview {
            grade: Grade::Hard,
            interval_days,
            again_today,
        }
        .label()
    }

    #[test]
    fn a_drill_answer_says_the_card_comes_back_today_and_when_it_is_due() {
        // Again or Hard on a new card: drilled today, due tomorrow.
        assert_eq!(label(1, true), "again today, then 1d");
        // Hard on a card learned 6 days ago: drilled today, SM-2 moved it to 15 days.
        assert_eq!(label(15, true), "again today, then 15d");
        assert_eq!(label(400, true), "again today, then 1.1y");
        assert_eq!(label(0, true), "again today");
    }

    #[test]
    fn other_answers_say_when_the_card_is_due() {
        let cases = [
            (1, "1d"),
            (6, "6d"),
            (15, "15d"),
            (30, "30d"),
            (31, "1mo"),
            (45, "1mo"),
            (46, "2mo"),
            (91, "3mo"),
            (364, "12mo"),
            (365, "1y"),
            (438, "1.2y"),
            (730, "2y"),
            (36_500, "100y"),
            (0, "today"),
        ];
        for (days, expected) in cases {
            assert_eq!(label(days, false), expected, "{days} days");
        }
    }

    #[test]
    fn the_held_back_notice_agrees_with_its_count() {
        assert_eq!(
            held_back_notice(1),
            "Today's new-card limit is reached: 1 more new card waits for the next days."
        );
        assert_eq!(
            held_back_notice(3),
            "Today's new-card limit is reached: 3 more new cards wait for the next days."
        );
    }
}
