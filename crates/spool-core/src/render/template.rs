//! A subset of Anki's template language: `{{Field}}`, `{{FrontSide}}`, `{{cloze:Field}}`,
//! `{{text:Field}}`, `{{hint:Field}}`, `{{furigana:Field}}`, `{{kana:Field}}`, `{{kanji:Field}}`,
//! `{{type:Field}}`, `{{type:cloze:Field}}` and `{{type:nc:Field}}`, Anki's special fields
//! (`{{Tags}}`, `{{Type}}`, `{{Deck}}`, `{{Subdeck}}`, `{{Card}}`), sections
//! `{{#Field}}...{{/Field}}` and `{{^Field}}...{{/Field}}`. Unknown filters pass the field through, so imported templates
//! still show their content.

use std::collections::HashMap;

use super::page::{CardStyle, page};
use super::sound;
use super::type_answer::TypeAnswer;
use super::{cloze, furigana, hint, html};
use crate::vocabulary::DECK_SEPARATOR;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token<'a> {
    Text(&'a str),
    Field(&'a str),
    Open { name: &'a str, negated: bool },
    Close,
}

fn tokenize(format: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut rest = format;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else {
            break;
        };
        if start > 0 {
            tokens.push(Token::Text(&rest[..start]));
        }
        let inner = rest[start + 2..start + 2 + len].trim();
        tokens.push(match inner.chars().next() {
            Some('#') => Token::Open {
                name: inner[1..].trim(),
                negated: false,
            },
            Some('^') => Token::Open {
                name: inner[1..].trim(),
                negated: true,
            },
            Some('/') => Token::Close,
            _ => Token::Field(inner),
        });
        rest = &rest[start + 2 + len + 2..];
    }
    if !rest.is_empty() {
        tokens.push(Token::Text(rest));
    }
    tokens
}

/// `filter:filter:Field` -> (filters, field name).
fn split_filters(reference: &str) -> (Vec<&str>, &str) {
    let mut parts: Vec<&str> = reference.split(':').map(str::trim).collect();
    let name = parts.pop().unwrap_or_default();
    (parts, name)
}

/// Empty unless it has text or refers to media (an image-only field is content, as in Anki).
fn is_empty_field(value: &str) -> bool {
    html::to_plain_text(value).trim().is_empty() && super::media::media_references(value).is_empty()
}

struct Context<'a> {
    fields: HashMap<&'a str, &'a str>,
    cloze_ord: Option<u32>,
    front_side: Option<&'a str>,
    answer_side: bool,
    /// Hints given out so far on this face, so each gets its own id.
    hints: std::cell::Cell<usize>,
}

/// One side as rendered: its HTML, cut where the answer's type-in comparisons go, and the
/// type-in answer the question asks for.
struct Side {
    /// Never empty; one piece more than there are comparisons.
    pieces: Vec<String>,
    type_answer: Option<TypeAnswer>,
}

impl Side {
    fn new() -> Self {
        Self {
            pieces: vec![String::new()],
            type_answer: None,
        }
    }

    fn push_str(&mut self, html: &str) {
        self.pieces
            .last_mut()
            .expect("a side has a piece")
            .push_str(html);
    }

    /// Marks where a type-in comparison goes.
    fn cut(&mut self) {
        self.pieces.push(String::new());
    }
}

impl Context<'_> {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).copied().or_else(|| {
            self.fields
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| *v)
        })
    }

    fn substitute(&self, reference: &str, out: &mut Side) {
        if reference == "FrontSide" {
            out.push_str(self.front_side.unwrap_or_default());
            return;
        }
        let (filters, name) = split_filters(reference);
        let Some(mut value) = self.field(name).map(str::to_string) else {
            out.push_str(&format!("{{{{unknown field {name}}}}}"));
            return;
        };
        if let Some(("type", inner)) = filters.split_first().map(|(first, rest)| (*first, rest)) {
            self.type_in_answer(&value, inner, out);
            return;
        }
        for filter in filters.iter().rev() {
            value = match *filter {
                "cloze" => cloze::render(&value, self.cloze_ord.unwrap_or(1), self.answer_side),
                "text" => html::to_plain_text(&value),
                "furigana" => furigana::furigana(&value),
                "kana" => furigana::kana(&value),
                "kanji" => furigana::kanji(&value),
                "hint" => {
                    let id = self.hints.replace(self.hints.get() + 1);
                    hint::hint(&value, name, id)
                }
                _ => value,
            };
        }
        out.push_str(&value);
    }

    /// `{{type:Field}}`: the question must not give the answer away, so it shows nothing
    /// (Anki puts its input box there) and only notes what its first one expects. The answer
    /// puts the comparison with that in place of each of its own, whichever field it names,
    /// as Anki's reviewer does.
    fn type_in_answer(&self, value: &str, inner_filters: &[&str], out: &mut Side) {
        if self.answer_side {
            out.cut();
            return;
        }
        if out.type_answer.is_some() {
            return;
        }
        let expected = match inner_filters {
            ["cloze"] => cloze::answers(value, self.cloze_ord.unwrap_or(1)),
            _ => value.to_string(),
        };
        // An empty field asks for nothing, as in Anki; one that only looks empty still does.
        if !expected.is_empty() {
            out.type_answer = Some(TypeAnswer {
                expected,
                combining: inner_filters != ["nc"],
            });
        }
    }
}

fn render(format: &str, ctx: &Context<'_>) -> Side {
    let mut out = Side::new();
    // Each entry says whether the enclosing section is shown.
    let mut shown = vec![true];
    for token in tokenize(format) {
        let visible = *shown.last().unwrap_or(&true);
        match token {
            Token::Open { name, negated } => {
                let present = ctx.field(name).is_some_and(|v| !is_empty_field(v));
                shown.push(visible && present != negated);
            }
            Token::Close if shown.len() > 1 => {
                shown.pop();
            }
            Token::Text(text) if visible => out.push_str(text),
            Token::Field(reference) if visible => ctx.substitute(reference, &mut out),
            _ => {}
        }
    }
    out
}

/// Field names a question format shows, for deciding which templates make cards.
pub fn referenced_fields(format: &str) -> Vec<&str> {
    tokenize(format)
        .into_iter()
        .filter_map(|t| match t {
            Token::Field(reference) if reference != "FrontSide" => Some(split_filters(reference).1),
            _ => None,
        })
        .collect()
}

/// Whether a standard template gives a card: some field its question shows is non-empty.
pub fn template_has_content(
    question_format: &str,
    field_names: &[String],
    values: &[String],
) -> bool {
    referenced_fields(question_format).into_iter().any(|name| {
        field_names
            .iter()
            .position(|f| f.eq_ignore_ascii_case(name))
            .and_then(|i| values.get(i))
            .is_some_and(|v| !is_empty_field(v))
    })
}

/// The two sides of a card, as HTML, and the style they are shown in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CardFaces {
    pub question: String,
    /// The answer as shown when nothing was typed: a type-in card's expected text in place of
    /// each comparison.
    pub answer: String,
    /// What the card expects typed, when its question asks for typing.
    pub type_answer: Option<TypeAnswer>,
    /// The answer cut where type-in comparisons go.
    #[serde(skip)]
    answer_pieces: Vec<String>,
    #[serde(skip)]
    pub style: CardStyle,
    /// The files the question's play buttons play, in order.
    pub question_sounds: Vec<String>,
    /// The files the answer's own play buttons play, in order; those `{{FrontSide}}` shows
    /// are the question's.
    pub answer_sounds: Vec<String>,
}

impl CardFaces {
    /// The question as a whole page, styled as in Anki, with the hints clicked open.
    pub fn question_page(&self, dark: bool, revealed_hints: &[String]) -> String {
        page(&self.question, &self.style, dark, revealed_hints)
    }

    /// The answer for the text the learner typed, as a whole page styled as in Anki, with
    /// the hints clicked open.
    pub fn answer_page(&self, typed: &str, dark: bool, revealed_hints: &[String]) -> String {
        page(
            &self.answer_with_typed(typed),
            &self.style,
            dark,
            revealed_hints,
        )
    }

    /// Whether the question asks for the answer to be typed (and so wants an input box).
    pub fn question_expects_typing(&self) -> bool {
        self.type_answer.is_some()
    }

    /// The answer side for the text the learner typed: [`CardFaces::answer`] with Anki's
    /// comparison of `typed` with the expected text in place of each `{{type:...}}`.
    pub fn answer_with_typed(&self, typed: &str) -> String {
        let comparison = self
            .type_answer
            .as_ref()
            .map(|expected| expected.compare(typed))
            .unwrap_or_default();
        self.answer_pieces.join(&comparison)
    }
}

/// What Anki's special fields show for a card. A note field of the same name wins, as in
/// Anki.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpecialFields {
    /// The note's tags, separated by spaces.
    pub tags: String,
    /// The note type's name.
    pub notetype: String,
    /// The card's deck, its full `Parent::Child` name.
    pub deck: String,
    /// The card template's name.
    pub card: String,
}

impl SpecialFields {
    fn entries(&self) -> [(&str, &str); 5] {
        let subdeck = self.deck.rsplit(DECK_SEPARATOR).next().unwrap_or_default();
        [
            ("Tags", self.tags.as_str()),
            ("Type", self.notetype.as_str()),
            ("Deck", self.deck.as_str()),
            ("Subdeck", subdeck),
            ("Card", self.card.as_str()),
        ]
    }
}

/// Where the answer is cut for its type-in comparisons while its sounds get buttons.
const PIECE_BREAK: &str = "\u{1}";

/// Whether any of a note's fields has a deletion for cloze `ord`.
fn has_cloze(values: &[String], ord: u32) -> bool {
    values
        .iter()
        .any(|value| cloze::ordinals(value).contains(&ord))
}

/// What a cloze card without its deletion shows, on both sides.
fn missing_cloze_message(ord: u32) -> String {
    format!(
        "<div class=missing-cloze>This card's note has no cloze {ord}. Add a deletion \
         numbered {ord} to the note, or run <code>spool check</code>, which deletes cards \
         like this one.</div>"
    )
}

/// Renders a card. `cloze_ord` is the 1-based cloze number for cloze note types.
pub fn render_card(
    question_format: &str,
    answer_format: &str,
    field_names: &[String],
    values: &[String],
    cloze_ord: Option<u32>,
    specials: &SpecialFields,
) -> CardFaces {
    let mut fields: HashMap<&str, &str> = field_names
        .iter()
        .map(String::as_str)
        .zip(values.iter().map(String::as_str))
        .collect();
    for (name, value) in specials.entries() {
        fields.entry(name).or_insert(value);
    }
    let mut ctx = Context {
        fields,
        cloze_ord,
        front_side: None,
        answer_side: false,
        hints: std::cell::Cell::new(0),
    };
    let asked = render(question_format, &ctx);
    // The question side never marks a place for a comparison. It gets its play buttons
    // first, so those `{{FrontSide}}` repeats play its sounds.
    let mut question = sound::with_play_buttons(&asked.pieces.concat(), sound::Side::Question);
    let answered = match cloze_ord.filter(|&ord| !has_cloze(values, ord)) {
        // A cloze card whose deletion was edited away (or renumbered) has nothing to ask,
        // and its note's other text would be its answer: both sides say so instead, as
        // Anki's do.
        Some(ord) => {
            let message = missing_cloze_message(ord);
            question.html.push_str(&message);
            let mut side = Side::new();
            side.push_str(&message);
            side
        }
        None => {
            ctx.front_side = Some(&question.html);
            ctx.answer_side = true;
            render(answer_format, &ctx)
        }
    };
    // The answer's sounds are numbered across its pieces: joined for the buttons, cut again.
    let answer = sound::with_play_buttons(&answered.pieces.join(PIECE_BREAK), sound::Side::Answer);
    let mut faces = CardFaces {
        question: question.html,
        answer: String::new(),
        type_answer: asked.type_answer,
        answer_pieces: answer.html.split(PIECE_BREAK).map(String::from).collect(),
        style: CardStyle::default(),
        question_sounds: question.sounds,
        answer_sounds: answer.sounds,
    };
    faces.answer = faces.answer_with_typed("");
    faces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn fields_and_front_side() {
        let faces = render_card(
            "Q: {{Front}}",
            "{{FrontSide}}<hr>{{Back}}",
            &names(&["Front", "Back"]),
            &names(&["a", "b"]),
            None,
            &SpecialFields::default(),
        );
        assert_eq!(faces.question, "Q: a");
        assert_eq!(faces.answer, "Q: a<hr>b");
    }

    #[test]
    fn a_type_in_card_keeps_its_answer_off_the_question() {
        let faces = render_card(
            "{{Front}}<br>{{type:Back}}",
            "{{FrontSide}}<hr id=answer>{{type:Back}}",
            &names(&["Front", "Back"]),
            &names(&["Capital of Spain?", "<b>Madrid</b>"]),
            None,
            &SpecialFields::default(),
        );
        assert_eq!(faces.question, "Capital of Spain?<br>");
        assert_eq!(
            faces.answer,
            "Capital of Spain?<br><hr id=answer><code id=typeans>Madrid</code>"
        );
    }

    #[test]
    fn the_answer_compares_what_was_typed_where_the_type_in_was() {
        let faces = render_card(
            "{{Front}}{{type:Back}}",
            "{{Front}}<hr id=answer>{{type:Back}}<div>{{Extra}}</div>",
            &names(&["Front", "Back", "Extra"]),
            &names(&["Capital of Spain?", "Madrid", "in the centre"]),
            None,
            &SpecialFields::default(),
        );
        assert!(faces.question_expects_typing());
        assert_eq!(
            faces.type_answer,
            Some(TypeAnswer {
                expected: "Madrid".into(),
                combining: true,
            })
        );
        assert_eq!(
            faces.answer_with_typed("Madrid"),
            "Capital of Spain?<hr id=answer>\
             <code id=typeans><span class=typeGood>Madrid</span></code><div>in the centre</div>"
        );
        assert_eq!(faces.answer_with_typed(""), faces.answer);
    }

    #[test]
    fn a_cloze_card_without_its_deletion_says_so_instead_of_giving_the_answer() {
        let faces = render_card(
            "{{cloze:Text}}",
            "{{cloze:Text}}<br>{{Back Extra}}",
            &names(&["Text", "Back Extra"]),
            &names(&["{{c1::Paris}} is in France", "capital"]),
            Some(2),
            &SpecialFields::default(),
        );
        assert!(!faces.question.contains("Paris"), "{}", faces.question);
        assert!(faces.question.contains("no cloze 2"), "{}", faces.question);
        assert_eq!(faces.answer, missing_cloze_message(2));
        let kept = render_card(
            "{{cloze:Text}}",
            "{{cloze:Text}}",
            &names(&["Text"]),
            &names(&["{{c1::Paris}} is in France"]),
            Some(1),
            &SpecialFields::default(),
        );
        assert_eq!(kept.question, "<span class=cloze>[...]</span> is in France");
    }

    #[test]
    fn a_card_without_a_type_in_question_expects_no_typing() {
        let plain = render_card(
            "{{Front}}",
            "{{Back}}",
            &names(&["Front", "Back"]),
            &names(&["q", "a"]),
            None,
            &SpecialFields::default(),
        );
        assert!(!plain.question_expects_typing());
        assert_eq!(plain.answer_with_typed("anything"), "a");
        // As in Anki, a type-in the question does not ask for shows nothing, and so does one
        // whose field is empty.
        for (question, back) in [("{{Front}}", "a"), ("{{Front}}{{type:Back}}", "")] {
            let faces = render_card(
                question,
                "{{Front}}|{{type:Back}}",
                &names(&["Front", "Back"]),
                &names(&["q", back]),
                None,
                &SpecialFields::default(),
            );
            assert!(!faces.question_expects_typing(), "{question}");
            assert_eq!(faces.answer, "q|");
            assert_eq!(faces.answer_with_typed("a"), "q|");
        }
    }

    #[test]
    fn nc_lets_combining_characters_be_left_out() {
        let faces = render_card(
            "{{type:nc:Word}}",
            "{{type:nc:Word}}",
            &names(&["Word"]),
            &names(&["café"]),
            None,
            &SpecialFields::default(),
        );
        assert_eq!(
            faces
                .type_answer
                .as_ref()
                .map(|expected| expected.combining),
            Some(false)
        );
        assert_eq!(
            faces.answer_with_typed("cafe"),
            "<code id=typeans><span class=typeGood>café</span></code>"
        );
    }

    #[test]
    fn a_cloze_type_in_expects_the_current_deletions() {
        let text = names(&["{{c1::Tokyo}} is east of {{c2::Kyoto}} and {{c1::Nara}}"]);
        let render = |ord| {
            render_card(
                "{{cloze:Text}}{{type:cloze:Text}}",
                "{{cloze:Text}}<br>{{type:cloze:Text}}",
                &names(&["Text"]),
                &text,
                Some(ord),
                &SpecialFields::default(),
            )
        };
        let second = render(2);
        assert!(!second.question.contains("Kyoto"), "{}", second.question);
        assert!(
            second.answer.ends_with("<br><code id=typeans>Kyoto</code>"),
            "{}",
            second.answer
        );
        let first = render(1);
        assert_eq!(
            first
                .type_answer
                .as_ref()
                .map(|expected| expected.expected.as_str()),
            Some("Tokyo, Nara")
        );
        assert!(
            first
                .answer_with_typed("Tokyo, Nara")
                .ends_with("<code id=typeans><span class=typeGood>Tokyo, Nara</span></code>")
        );
    }

    #[test]
    fn reading_filters_apply_to_their_field() {
        let faces = render_card(
            "{{furigana:Word}}",
            "{{kana:Word}} {{kanji:Word}}",
            &names(&["Word"]),
            &names(&["日本[にほん]"]),
            None,
            &SpecialFields::default(),
        );
        assert_eq!(faces.question, "<ruby><rb>日本</rb><rt>にほん</rt></ruby>");
        assert_eq!(faces.answer, "にほん 日本");
    }

    #[test]
    fn special_fields_show_the_cards_context_unless_a_field_has_the_name() {
        let specials = SpecialFields {
            tags: "geo capitals".into(),
            notetype: "Basic".into(),
            deck: "World::Europe".into(),
            card: "Card 1".into(),
        };
        let faces = render_card(
            "{{Deck}}|{{Subdeck}}|{{Card}}|{{Type}}|{{#Tags}}{{Tags}}{{/Tags}}",
            "{{Tags}}",
            &names(&["Tags"]),
            &names(&["own field"]),
            None,
            &SpecialFields {
                tags: String::new(),
                ..specials.clone()
            },
        );
        assert_eq!(
            faces.question,
            "World::Europe|Europe|Card 1|Basic|own field"
        );
        let faces = render_card(
            "{{Tags}}",
            "",
            &names(&["Front"]),
            &names(&["q"]),
            None,
            &specials,
        );
        assert_eq!(faces.question, "geo capitals");
    }

    #[test]
    fn sections_show_and_hide() {
        let fmt = "{{#Extra}}[{{Extra}}]{{/Extra}}{{^Extra}}none{{/Extra}}";
        let fields = names(&["Extra"]);
        assert_eq!(
            render_card(
                fmt,
                "",
                &fields,
                &names(&["x"]),
                None,
                &SpecialFields::default()
            )
            .question,
            "[x]"
        );
        assert_eq!(
            render_card(
                fmt,
                "",
                &fields,
                &names(&["<br>"]),
                None,
                &SpecialFields::default()
            )
            .question,
            "none"
        );
    }

    #[test]
    fn the_answer_numbers_only_its_own_sounds() {
        let faces = render_card(
            "{{Front}}",
            "{{FrontSide}}<hr id=answer>{{Back}}",
            &names(&["Front", "Back"]),
            &names(&["[sound:front.mp3]", "[sound:back.mp3] [sound:front.mp3]"]),
            None,
            &SpecialFields::default(),
        );
        assert_eq!(faces.question_sounds, ["front.mp3"]);
        assert_eq!(faces.answer_sounds, ["back.mp3", "front.mp3"]);
        assert!(faces.question.contains(r#"href="spool-play:q:0""#));
        assert!(
            faces.answer.starts_with(&faces.question),
            "{}",
            faces.answer
        );
        assert!(faces.answer.contains(r#"href="spool-play:a:1""#));
    }

    #[test]
    fn cloze_filter_hides_the_current_deletion() {
        let fields = names(&["Text"]);
        let values = names(&["{{c1::Paris}} is in {{c2::France}}"]);
        let faces = render_card(
            "{{cloze:Text}}",
            "{{cloze:Text}}",
            &fields,
            &values,
            Some(2),
            &SpecialFields::default(),
        );
        assert_eq!(faces.question, "Paris is in <span class=cloze>[...]</span>");
        assert_eq!(faces.answer, "Paris is in <span class=cloze>France</span>");
    }

    #[test]
    fn which_templates_make_cards() {
        let fields = names(&["Front", "Back"]);
        assert!(template_has_content(
            "{{Front}}",
            &fields,
            &names(&["x", ""])
        ));
        assert!(!template_has_content(
            "{{Back}}",
            &fields,
            &names(&["x", " <br> "])
        ));
        assert!(!template_has_content(
            "{{Missing}}",
            &fields,
            &names(&["x", "y"])
        ));
    }

    #[test]
    fn unknown_fields_are_visible_and_unclosed_braces_are_text() {
        let faces = render_card(
            "{{Nope}} {{open",
            "",
            &names(&["A"]),
            &names(&["a"]),
            None,
            &SpecialFields::default(),
        );
        assert_eq!(faces.question, "{{unknown field Nope}} {{open");
    }
}
