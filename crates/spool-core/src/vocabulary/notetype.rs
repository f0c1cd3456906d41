//! Note types: what kinds there are, their card templates, and the stock ones every
//! collection starts with.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotetypeKind {
    Standard,
    Cloze,
}

/// One card template; for cloze note types, the single template every cloze number uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub name: String,
    pub question_format: String,
    pub answer_format: String,
}

/// The note types every collection starts with, named as in Anki so imports line up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StockNotetype {
    Basic,
    BasicAndReversed,
    Cloze,
}

impl StockNotetype {
    pub const ALL: [StockNotetype; 3] = [Self::Basic, Self::BasicAndReversed, Self::Cloze];

    pub fn name(self) -> &'static str {
        match self {
            Self::Basic => "Basic",
            Self::BasicAndReversed => "Basic (and reversed card)",
            Self::Cloze => "Cloze",
        }
    }

    /// The stock note type called `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|stock| stock.name() == name)
    }

    /// Its kind, field names and templates.
    pub fn definition(self) -> (NotetypeKind, Vec<&'static str>, Vec<Template>) {
        let template = |name: &str, question: &str, answer: &str| Template {
            name: name.into(),
            question_format: question.into(),
            answer_format: format!("{{{{FrontSide}}}}\n\n<hr id=answer>\n\n{answer}"),
        };
        match self {
            Self::Basic => (
                NotetypeKind::Standard,
                vec!["Front", "Back"],
                vec![template("Card 1", "{{Front}}", "{{Back}}")],
            ),
            Self::BasicAndReversed => (
                NotetypeKind::Standard,
                vec!["Front", "Back"],
                vec![
                    template("Card 1", "{{Front}}", "{{Back}}"),
                    template("Card 2", "{{Back}}", "{{Front}}"),
                ],
            ),
            Self::Cloze => (
                NotetypeKind::Cloze,
                vec!["Text", "Back Extra"],
                vec![Template {
                    name: "Cloze".into(),
                    question_format: "{{cloze:Text}}".into(),
                    answer_format: "{{cloze:Text}}<br>\n{{Back Extra}}".into(),
                }],
            ),
        }
    }
}
