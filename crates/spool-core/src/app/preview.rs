//! A card's faces as HTML: of a card in the collection, or of a note still being written,
//! so the editor shows what its cards will look like before they exist.

use super::Spool;
use crate::error::{Error, Result};
use crate::render::{self, CardFaces};
use crate::store::{Card, CardId, DeckId, NewNote, Note, Notetype, NotetypeKind};

/// What a face needs from its note, whether the note is stored yet or not.
struct FaceSource<'a> {
    notetype: &'a Notetype,
    fields: &'a [String],
    tags: &'a [String],
    deck_id: DeckId,
    ord: u32,
}

impl Spool {
    /// The question and answer of a card, as HTML.
    pub fn render_card(&self, card: &Card) -> Result<CardFaces> {
        self.render_note_card(&self.collection.note(card.note_id)?, card)
    }

    /// The faces of the card `id`.
    pub fn card_faces(&self, id: CardId) -> Result<CardFaces> {
        self.render_card(&self.collection.card(id)?)
    }

    /// [`Spool::render_card`] for a caller that has read the card's note already.
    pub(super) fn render_note_card(&self, note: &Note, card: &Card) -> Result<CardFaces> {
        let notetype = self.collection.notetype(note.notetype_id)?;
        self.render_faces(&FaceSource {
            notetype: &notetype,
            fields: &note.fields,
            tags: &note.tags,
            deck_id: card.deck_id,
            ord: card.ord,
        })
    }

    /// The faces of every card `note` would have once added, in card order; none when it
    /// would make no card (an empty first field, a cloze note without a deletion).
    pub fn preview_note(&self, note: &NewNote) -> Result<Vec<CardFaces>> {
        let notetype = self.collection.notetype(note.notetype_id)?;
        let mut fields = note.fields.clone();
        fields.resize(notetype.fields.len(), String::new());
        notetype
            .card_ordinals(&fields)
            .into_iter()
            .map(|ord| {
                self.render_faces(&FaceSource {
                    notetype: &notetype,
                    fields: &fields,
                    tags: &note.tags,
                    deck_id: note.deck_id,
                    ord,
                })
            })
            .collect()
    }

    fn render_faces(&self, source: &FaceSource<'_>) -> Result<CardFaces> {
        let notetype = source.notetype;
        let (template, cloze_ord) = match notetype.kind {
            NotetypeKind::Cloze => (notetype.templates.first(), Some(source.ord + 1)),
            NotetypeKind::Standard => (notetype.templates.get(source.ord as usize), None),
        };
        let template = template.ok_or_else(|| {
            Error::InvalidNote(format!(
                "note type {:?} has no template {}",
                notetype.name,
                source.ord + 1
            ))
        })?;
        let specials = render::SpecialFields {
            tags: source.tags.join(" "),
            deck: self.collection.deck(source.deck_id)?.name,
            card: template.name.clone(),
            notetype: notetype.name.clone(),
        };
        let mut faces = render::render_card(
            &template.question_format,
            &template.answer_format,
            &notetype.fields,
            source.fields,
            cloze_ord,
            &specials,
        );
        faces.style = render::CardStyle {
            css: notetype.css.clone(),
            number: source.ord + 1,
        };
        Ok(faces)
    }
}
