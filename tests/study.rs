//! Study sessions through the application services, with a hand-driven clock.

mod common;

use common::{Fixture, strings};
use spool_core::app::{BUILTIN_DECK_NAME, Remaining, StudySession};
use spool_core::scheduler::{CardQueue, Grade, ReviewKind};
use spool_core::store::{NewNote, StockNotetype};

/// A collection with `n` Basic notes in deck "D" and nothing else.
fn deck_of(fx: &Fixture, n: usize) -> spool_core::app::Spool {
    let mut spool = fx.open_empty();
    let notetype_id = spool.stock_notetype(StockNotetype::Basic).unwrap();
    let deck_id = spool.create_deck("D").unwrap();
    for i in 0..n {
        spool
            .add_note(&NewNote {
                guid: None,
                notetype_id,
                deck_id,
                fields: strings(&[&format!("question {i}"), &format!("answer {i}")]),
                tags: vec![],
                demo: None,
            })
            .unwrap();
    }
    spool
}

#[test]
fn good_every_day_it_is_due_follows_sm2() {
    let fx = Fixture::new();
    let mut spool = deck_of(&fx, 1);
    let mut intervals = Vec::new();
    for _ in 0..4 {
        let mut session = StudySession::start(&spool, Some("D")).unwrap();
        let card = session
            .current_card(&spool)
            .unwrap()
            .expect("the card is due");
        let good = card.buttons()[2];
        assert_eq!(good.grade, Grade::Good);
        let answered = session
            .answer(&mut spool, &card.answer(Grade::Good, 1000))
            .unwrap();
        assert_eq!(
            i64::from(answered.card.schedule.sm2.interval_days),
            good.interval_days,
            "preview matches"
        );
        intervals.push(answered.card.schedule.sm2.interval_days);
        assert!(session.current_card(&spool).unwrap().is_none());
        fx.clock
            .advance_days(i64::from(answered.card.schedule.sm2.interval_days));
    }
    assert_eq!(intervals, [1, 6, 15, 38]);
}

#[test]
fn cards_are_not_shown_before_they_are_due() {
    let fx = Fixture::new();
    let mut spool = deck_of(&fx, 1);
    let mut session = StudySession::start(&spool, Some("D")).unwrap();
    let card = session.current_card(&spool).unwrap().unwrap();
    session
        .answer(&mut spool, &card.answer(Grade::Easy, 0))
        .unwrap();
    assert!(
        StudySession::start(&spool, Some("D"))
            .unwrap()
            .current_card(&spool)
            .unwrap()
            .is_none()
    );
    let next_day = session.next_due_day(&spool).unwrap().unwrap();
    assert_eq!(next_day, spool.today().unwrap() + 1);
    fx.clock.advance_days(1);
    assert!(
        StudySession::start(&spool, Some("D"))
            .unwrap()
            .current_card(&spool)
            .unwrap()
            .is_some()
    );
}

#[test]
fn failed_cards_are_drilled_until_good_without_changing_sm2() {
    let fx = Fixture::new();
    let mut spool = deck_of(&fx, 5);
    let mut session = StudySession::start(&spool, Some("D")).unwrap();
    let first = session.current_card(&spool).unwrap().unwrap();
    let failed = session
        .answer(&mut spool, &first.answer(Grade::Again, 0))
        .unwrap();
    assert_eq!(failed.card.schedule.queue, CardQueue::Learning);
    assert_eq!(session.remaining().learning, 1);

    // The failed card waits behind a few others, then returns as a drill.
    let mut shown = Vec::new();
    let mut drill_answers = Vec::new();
    while let Some(card) = session.current_card(&spool).unwrap() {
        shown.push(card.card.id);
        let grade = if card.card.id == first.card.id && drill_answers.is_empty() {
            Grade::Hard
        } else {
            Grade::Good
        };
        let quality = grade.quality();
        assert_eq!(card.drill, card.card.id == first.card.id);
        let answered = session.answer(&mut spool, &card.answer(grade, 0)).unwrap();
        if card.card.id == first.card.id {
            assert_eq!(answered.kind, ReviewKind::Drill);
            assert_eq!(answered.card.schedule.sm2, failed.card.schedule.sm2);
            assert_eq!(answered.card.schedule.due_day, failed.card.schedule.due_day);
            drill_answers.push(quality);
        }
    }
    assert_eq!(
        drill_answers,
        [3, 4],
        "Hard keeps it in the drill, Good ends it"
    );
    assert_ne!(shown[0], first.card.id, "not shown twice in a row");
    assert_eq!(shown.iter().filter(|&&id| id == first.card.id).count(), 2);
    assert_eq!(
        spool
            .collection()
            .card(first.card.id)
            .unwrap()
            .schedule
            .queue,
        CardQueue::Review
    );
    let log = spool.collection().review_log(Some(first.card.id)).unwrap();
    let kinds: Vec<ReviewKind> = log.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [ReviewKind::Learn, ReviewKind::Drill, ReviewKind::Drill]
    );
}

#[test]
fn an_interrupted_drill_resumes_in_the_next_session() {
    let fx = Fixture::new();
    let mut spool = deck_of(&fx, 2);
    let mut session = StudySession::start(&spool, Some("D")).unwrap();
    let card = session.current_card(&spool).unwrap().unwrap();
    session
        .answer(&mut spool, &card.answer(Grade::Again, 0))
        .unwrap();
    drop(session);
    let mut resumed = StudySession::start(&spool, Some("D")).unwrap();
    assert_eq!(resumed.remaining().learning, 1);
    let next = resumed.current_card(&spool).unwrap().unwrap();
    assert_eq!(
        next.card.id, card.card.id,
        "learning cards from earlier come first"
    );
    assert!(next.drill);
}

#[test]
fn undo_shows_the_card_again_with_its_old_state() {
    let fx = Fixture::new();
    let mut spool = deck_of(&fx, 3);
    let mut session = StudySession::start(&spool, Some("D")).unwrap();
    let card = session.current_card(&spool).unwrap().unwrap();
    let before = session.remaining();
    session
        .answer(&mut spool, &card.answer(Grade::Again, 0))
        .unwrap();
    let next = session.current_card(&spool).unwrap().unwrap();
    assert_ne!(next.card.id, card.card.id);

    let restored = session.undo(&mut spool).unwrap();
    assert_eq!(restored, card.card);
    assert_eq!(session.remaining(), before);
    assert_eq!(
        session.current_card(&spool).unwrap().unwrap().card,
        card.card
    );
    assert_eq!(spool.collection().review_log(None).unwrap().len(), 0);
    assert!(
        session.undo(&mut spool).is_err(),
        "only this session's answers can be undone"
    );
}

#[test]
fn daily_new_limit_holds_across_sessions() {
    let fx = Fixture::new();
    let mut spool = deck_of(&fx, 30);
    let mut settings = spool.settings().unwrap();
    settings.new_per_day = 4;
    spool.save_settings(&settings).unwrap();
    let mut answered = 0;
    for _ in 0..3 {
        let mut session = StudySession::start(&spool, Some("D")).unwrap();
        if let Some(card) = session.current_card(&spool).unwrap() {
            session
                .answer(&mut spool, &card.answer(Grade::Easy, 0))
                .unwrap();
            answered += 1;
        }
    }
    let mut session = StudySession::start(&spool, Some("D")).unwrap();
    assert_eq!(session.remaining().new, 1);
    while let Some(card) = session.current_card(&spool).unwrap() {
        session
            .answer(&mut spool, &card.answer(Grade::Easy, 0))
            .unwrap();
        answered += 1;
    }
    assert_eq!(answered, 4);
    fx.clock.advance_days(1);
    let session = StudySession::start(&spool, Some("D")).unwrap();
    assert_eq!(session.remaining().new, 4);
    assert_eq!(session.remaining().review, 4);
}

#[test]
fn the_day_rolls_over_at_the_configured_hour() {
    let fx = Fixture::new();
    let spool = deck_of(&fx, 1);
    let noon = spool.today().unwrap();
    fx.clock.advance_ms(15 * 3_600_000 + 59 * 60_000); // 03:59 next morning
    assert_eq!(spool.today().unwrap(), noon);
    fx.clock.advance_ms(60_000); // 04:00
    assert_eq!(spool.today().unwrap(), noon + 1);
}

#[test]
fn suspending_moves_on() {
    let fx = Fixture::new();
    let mut spool = deck_of(&fx, 2);
    let mut session = StudySession::start(&spool, Some("D")).unwrap();
    let first = session.current_card(&spool).unwrap().unwrap();
    session.suspend_current(&mut spool).unwrap();
    let second = session.current_card(&spool).unwrap().unwrap();
    assert_ne!(first.card.id, second.card.id);
    assert_eq!(
        spool
            .collection()
            .card(first.card.id)
            .unwrap()
            .schedule
            .queue,
        CardQueue::Suspended
    );
}

#[test]
fn builtin_deck_cards_render_and_link_demos() {
    let fx = Fixture::new();
    let spool = fx.open();
    let mut session = StudySession::start(&spool, Some(BUILTIN_DECK_NAME)).unwrap();
    let card = session.current_card(&spool).unwrap().unwrap();
    assert!(!card.faces.question.is_empty());
    assert!(
        card.faces.answer.starts_with(&card.faces.question),
        "answer repeats the front side"
    );
    let demo_notes = spool
        .search("")
        .unwrap()
        .into_iter()
        .filter(|n| n.demo.is_some())
        .count();
    assert!(demo_notes >= 14, "only {demo_notes} notes link a demo");
}

#[test]
fn editing_the_deck_file_keeps_review_history() {
    let fx = Fixture::new();
    let mut spool = fx.open_empty();
    let v1 = "format = 1\n[deck]\nid = \"t\"\nname = \"T\"\n[[note]]\nid = \"a\"\nfront = \"Old\"\nback = \"x\"\n";
    let report = spool.load_deck_file(v1, "v1").unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (1, 0, 0));
    let card = spool.collection().search_cards("", 0).unwrap()[0];
    spool.answer_card_with_quality(card, 5, 0).unwrap();
    let reviewed = spool.collection().card(card).unwrap();

    let v2 = v1.replace("Old", "New") + "[[note]]\nid = \"b\"\nfront = \"Second\"\nback = \"y\"\n";
    let report = spool.load_deck_file(&v2, "v2").unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (1, 1, 0));
    let report = spool.load_deck_file(&v2, "v2").unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (0, 0, 2));

    let note = common::note_by_guid(spool.collection(), "t/a").unwrap();
    assert_eq!(note.fields[0], "New");
    assert_eq!(
        spool.collection().card(card).unwrap().schedule,
        reviewed.schedule
    );
    assert_eq!(spool.collection().review_log(Some(card)).unwrap().len(), 1);
}

#[test]
fn builtin_deck_and_demo_registry_agree() {
    let fx = Fixture::new();
    let spool = fx.open();
    let linked: std::collections::BTreeSet<String> = spool
        .search("")
        .unwrap()
        .into_iter()
        .filter_map(|n| n.demo)
        .collect();
    let registered: std::collections::BTreeSet<String> = spool_core::demos::registry()
        .iter()
        .map(|d| d.id().to_string())
        .collect();
    let unknown: Vec<_> = linked.difference(&registered).collect();
    let unlinked: Vec<_> = registered.difference(&linked).collect();
    assert!(
        unknown.is_empty(),
        "cards name demos that do not exist: {unknown:?}"
    );
    assert!(unlinked.is_empty(), "demos no card links: {unlinked:?}");
    assert!(registered.len() >= 14);
}

#[test]
fn undoing_a_fail_whose_drill_is_on_screen_shows_the_card_once() {
    let fx = Fixture::new();
    let mut spool = deck_of(&fx, 1);
    let mut session = StudySession::start(&spool, Some("D")).unwrap();
    let card = session.current_card(&spool).unwrap().unwrap();
    session
        .answer(&mut spool, &card.answer(Grade::Again, 0))
        .unwrap();
    let drill = session.current_card(&spool).unwrap().unwrap();
    assert!(drill.drill && drill.card.id == card.card.id);

    session.undo(&mut spool).unwrap();
    assert_eq!(
        session.remaining(),
        Remaining {
            new: 1,
            learning: 0,
            review: 0
        }
    );
    let again = session.current_card(&spool).unwrap().unwrap();
    assert_eq!(again.card, card.card);
    session
        .answer(&mut spool, &again.answer(Grade::Good, 0))
        .unwrap();
    assert!(
        session.current_card(&spool).unwrap().is_none(),
        "shown once, not twice"
    );
    let kinds: Vec<ReviewKind> = spool
        .collection()
        .review_log(None)
        .unwrap()
        .iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds, [ReviewKind::Learn]);
}

#[test]
fn an_unfinished_drill_ends_with_the_day() {
    let fx = Fixture::new();
    let mut spool = deck_of(&fx, 1);
    let mut session = StudySession::start(&spool, Some("D")).unwrap();
    let card = session.current_card(&spool).unwrap().unwrap();
    session
        .answer(&mut spool, &card.answer(Grade::Again, 0))
        .unwrap();
    drop(session);

    fx.clock.advance_days(1);
    let mut session = StudySession::start(&spool, Some("D")).unwrap();
    assert_eq!(
        session.remaining(),
        Remaining {
            new: 0,
            learning: 0,
            review: 1
        }
    );
    let card = session.current_card(&spool).unwrap().unwrap();
    assert!(
        !card.drill,
        "yesterday's drill is over; today it is a due repetition"
    );
    let answered = session
        .answer(&mut spool, &card.answer(Grade::Again, 0))
        .unwrap();
    assert_eq!(answered.kind, ReviewKind::Review);
    assert_eq!(
        answered.card.schedule.lapses, 0,
        "it was never learned, so no lapse"
    );
    assert_eq!(
        spool.deck_counts().unwrap()[0].learning,
        1,
        "failed again today: drilled today"
    );
}

#[test]
fn dropping_reversed_from_a_deck_file_note_removes_its_second_card() {
    let fx = Fixture::new();
    let mut spool = fx.open_empty();
    let reversed = "format = 1\n[deck]\nid = \"t\"\nname = \"T\"\n[[note]]\nid = \"a\"\nfront = \"F\"\nback = \"B\"\nreversed = true\n";
    spool.load_deck_file(reversed, "v1").unwrap();
    assert_eq!(spool.collection().search_cards("", 0).unwrap().len(), 2);
    spool
        .load_deck_file(&reversed.replace("reversed = true\n", ""), "v2")
        .unwrap();
    assert_eq!(spool.collection().search_cards("", 0).unwrap().len(), 1);
    let mut session = StudySession::start(&spool, Some("T")).unwrap();
    while let Some(card) = session.current_card(&spool).unwrap() {
        session
            .answer(&mut spool, &card.answer(Grade::Good, 0))
            .unwrap();
    }
    assert!(spool.check().unwrap().is_clean());
}

#[test]
fn a_preview_of_a_card_changed_since_it_was_shown_is_refused_and_writes_nothing() {
    let fx = Fixture::new();
    let mut spool = deck_of(&fx, 2);
    let mut session = StudySession::start(&spool, Some("D")).unwrap();
    let shown = session.current_card(&spool).unwrap().unwrap();
    // Answered elsewhere (say, by a script) while it was on screen.
    spool
        .answer_card_with_quality(shown.card.id, Grade::Again.quality(), 0)
        .unwrap();
    let changed = spool.collection().card(shown.card.id).unwrap();

    let refused = session.answer(&mut spool, &shown.answer(Grade::Easy, 0));
    assert!(
        matches!(refused, Err(spool_core::Error::CardChanged(id)) if id == shown.card.id),
        "{refused:?}"
    );
    assert_eq!(spool.collection().card(shown.card.id).unwrap(), changed);
    assert_eq!(spool.collection().review_log(None).unwrap().len(), 1);

    // Shown again, it answers from its new state.
    let again = session.current_card(&spool).unwrap().unwrap();
    assert_eq!(again.card, changed);
    let answered = session
        .answer(&mut spool, &again.answer(Grade::Good, 0))
        .unwrap();
    assert_eq!(
        answered.card.schedule,
        again.next_states.get(Grade::Good).next
    );
    assert_eq!(spool.collection().review_log(None).unwrap().len(), 2);
}

#[test]
fn a_card_moved_to_another_deck_while_shown_still_takes_its_previewed_answer() {
    let fx = Fixture::new();
    let mut spool = deck_of(&fx, 1);
    let mut session = StudySession::start(&spool, Some("D")).unwrap();
    let shown = session.current_card(&spool).unwrap().unwrap();
    // Moved in the browser while on screen: its schedule, which the preview came from, stays.
    let elsewhere = spool.create_deck("Elsewhere").unwrap();
    spool.move_cards(&[shown.card.id], elsewhere).unwrap();

    let answered = session
        .answer(&mut spool, &shown.answer(Grade::Good, 0))
        .unwrap();
    assert_eq!(
        answered.card.schedule,
        shown.next_states.get(Grade::Good).next
    );
    let stored = spool.collection().card(shown.card.id).unwrap();
    assert_eq!(stored.schedule, answered.card.schedule);
    assert_eq!(stored.deck_id, elsewhere);
    assert_eq!(spool.collection().review_log(None).unwrap().len(), 1);
}

#[test]
fn a_preview_of_a_deleted_card_says_the_card_is_gone() {
    let fx = Fixture::new();
    let mut spool = deck_of(&fx, 1);
    let mut session = StudySession::start(&spool, Some("D")).unwrap();
    let shown = session.current_card(&spool).unwrap().unwrap();
    let deck = spool.collection().card(shown.card.id).unwrap().deck_id;
    spool.delete_deck(deck).unwrap();
    let refused = spool.answer_card(&shown.answer(Grade::Good, 0));
    assert!(
        matches!(refused, Err(spool_core::Error::UnknownCard(id)) if id == shown.card.id),
        "{refused:?}"
    );
    assert_eq!(spool.collection().review_log(None).unwrap().len(), 0);
}

#[test]
fn only_the_card_on_screen_can_be_answered() {
    let fx = Fixture::new();
    let mut spool = deck_of(&fx, 2);
    let mut first_session = StudySession::start(&spool, Some("D")).unwrap();
    let mut other_session = StudySession::start(&spool, Some("D")).unwrap();
    let shown = first_session.current_card(&spool).unwrap().unwrap();
    let refused = other_session.answer(&mut spool, &shown.answer(Grade::Good, 0));
    assert!(
        matches!(refused, Err(spool_core::Error::NoCurrentCard)),
        "{refused:?}"
    );
    assert_eq!(spool.collection().review_log(None).unwrap().len(), 0);
}
