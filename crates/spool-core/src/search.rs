//! The search language, parsed: Anki's words for the part of it Spool knows.
//!
//! Terms are separated by spaces and all must match; `"quoted text"` keeps spaces and
//! `-term` negates. Supported: plain words (in any field, case-insensitive), `deck:Name`
//! (with its subdecks), `tag:name` (with its `name::...` children), `note:Type`, `is:due`,
//! `is:new`, `is:learn`, `is:review`, `is:suspended`. `*` is a wildcard in words, deck names
//! and tags.
//!
//! Parsing is pure and refuses, with the term and its column, anything it would otherwise
//! have to guess at: a key without a value, a key Spool does not know, and queries too long
//! for the database to run (whose own messages mean nothing to a learner).

use std::fmt;

/// More terms than this would nest the SQL past SQLite's expression depth limit.
pub const MAX_TERMS: usize = 100;
/// A word's LIKE pattern must stay under SQLite's pattern length limit (50,000 bytes) even
/// when every character is escaped; no one types a longer term.
pub const MAX_TERM_CHARS: usize = 1_000;
/// The whole query, so that a pasted document is refused before it is split.
pub const MAX_QUERY_CHARS: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    Text(String),
    Deck(String),
    Tag(String),
    Notetype(String),
    Is(State),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Due,
    New,
    Learn,
    Review,
    Suspended,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub negated: bool,
    pub term: Term,
}

/// A search Spool will not run, and where in the query the trouble is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{problem}{place}")]
pub struct SearchError {
    pub problem: Problem,
    pub place: Place,
}

/// Longer terms are cut short in messages, which must stay one readable line.
const SHOWN_TERM_CHARS: usize = 40;

/// Where a problem is: the term as typed and its column (1-based, in characters).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Place {
    pub term: Option<(String, usize)>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.term {
            Some((term, column)) if term.chars().count() > SHOWN_TERM_CHARS => {
                let start: String = term.chars().take(SHOWN_TERM_CHARS).collect();
                write!(f, " (in the term at column {column} that starts {start:?})")
            }
            Some((term, column)) => write!(f, " (in {term:?} at column {column})"),
            None => Ok(()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("{key}: needs {what}")]
    MissingValue { key: String, what: &'static str },
    #[error(
        "unknown search key {key:?}; Spool knows deck:, tag:, note: and is: (put text with a colon in quotes)"
    )]
    UnknownKey { key: String },
    #[error(
        "Anki's search key {key:?} is not supported by Spool yet; Spool knows deck:, tag:, note: and is:"
    )]
    UnsupportedKey { key: String },
    #[error("unknown state is:{value} (use due, new, learn, review or suspended)")]
    UnknownState { value: String },
    #[error("a quote is not closed")]
    UnclosedQuote,
    #[error("the search is {chars} characters long; at most {MAX_QUERY_CHARS} are allowed")]
    QueryTooLong { chars: usize },
    #[error("the search has {count} terms; at most {MAX_TERMS} are allowed")]
    TooManyTerms { count: usize },
    #[error("a term is {chars} characters long; at most {MAX_TERM_CHARS} are allowed")]
    TermTooLong { chars: usize },
}

/// Keys Anki's search has and Spool does not (yet), so they get a clearer message than a
/// typo does.
const ANKI_ONLY_KEYS: &[&str] = &[
    "added",
    "card",
    "cid",
    "dupe",
    "edited",
    "flag",
    "introduced",
    "mid",
    "nc",
    "nid",
    "preset",
    "prop",
    "rated",
    "re",
    "resched",
    "w",
];

/// A term as typed: its text without quotes, its column, and where its first quote was (a
/// quote at the start, or right after a leading `-`, makes the whole term literal text).
struct RawTerm {
    text: String,
    typed: String,
    column: usize,
    first_quote: Option<usize>,
}

impl RawTerm {
    fn new(column: usize) -> Self {
        RawTerm {
            text: String::new(),
            typed: String::new(),
            column,
            first_quote: None,
        }
    }

    fn error(&self, problem: Problem) -> SearchError {
        SearchError {
            problem,
            place: Place {
                term: Some((self.typed.clone(), self.column)),
            },
        }
    }
}

fn split_terms(query: &str) -> Result<Vec<RawTerm>, SearchError> {
    let mut terms = Vec::new();
    let mut current = RawTerm::new(1);
    let mut quoted = false;
    for (index, ch) in query.chars().enumerate() {
        let column = index + 1;
        if ch.is_whitespace() && !quoted {
            if !current.typed.is_empty() {
                terms.push(std::mem::replace(&mut current, RawTerm::new(column + 1)));
            } else {
                current.column = column + 1;
            }
            continue;
        }
        current.typed.push(ch);
        if ch == '"' {
            quoted = !quoted;
            current
                .first_quote
                .get_or_insert(current.text.chars().count());
        } else {
            current.text.push(ch);
        }
    }
    if quoted {
        return Err(current.error(Problem::UnclosedQuote));
    }
    if !current.typed.is_empty() {
        terms.push(current);
    }
    Ok(terms)
}

/// A word before a colon counts as a key only if it could be one: `10:30` and `:)` are text.
fn looks_like_key(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_alphabetic())
        && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn parse_state(value: &str) -> Result<State, Problem> {
    Ok(match value.to_ascii_lowercase().as_str() {
        "due" => State::Due,
        "new" => State::New,
        "learn" => State::Learn,
        "review" => State::Review,
        "suspended" => State::Suspended,
        _ => {
            return Err(Problem::UnknownState {
                value: value.to_string(),
            });
        }
    })
}

fn parse_keyed(key: &str, value: &str) -> Result<Term, Problem> {
    let lower = key.to_ascii_lowercase();
    let what = match lower.as_str() {
        "deck" => "a deck name",
        "tag" => "a tag",
        "note" => "a note type name",
        "is" => "a state (due, new, learn, review or suspended)",
        _ if ANKI_ONLY_KEYS.contains(&lower.as_str()) => {
            return Err(Problem::UnsupportedKey { key: lower });
        }
        _ => {
            return Err(Problem::UnknownKey {
                key: key.to_string(),
            });
        }
    };
    if value.is_empty() {
        return Err(Problem::MissingValue { key: lower, what });
    }
    Ok(match lower.as_str() {
        "deck" => Term::Deck(value.to_string()),
        "tag" => Term::Tag(value.to_string()),
        "note" => Term::Notetype(value.to_string()),
        _ => Term::Is(parse_state(value)?),
    })
}

fn parse_term(raw: RawTerm) -> Result<Clause, SearchError> {
    let (negated, body, literal) = match raw.text.strip_prefix('-') {
        Some(rest) if !rest.is_empty() && raw.first_quote != Some(0) => {
            (true, rest.to_string(), raw.first_quote == Some(1))
        }
        _ => (false, raw.text.clone(), raw.first_quote == Some(0)),
    };
    let chars = body.chars().count();
    if chars > MAX_TERM_CHARS {
        return Err(raw.error(Problem::TermTooLong { chars }));
    }
    let term = match body.split_once(':') {
        Some((key, value)) if !literal && looks_like_key(key) => {
            parse_keyed(key, value).map_err(|problem| raw.error(problem))?
        }
        _ => Term::Text(body),
    };
    Ok(Clause { negated, term })
}

/// The clauses of `query`, all of which a card must match.
pub fn parse(query: &str) -> Result<Vec<Clause>, SearchError> {
    let chars = query.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(SearchError {
            problem: Problem::QueryTooLong { chars },
            place: Place::default(),
        });
    }
    let terms = split_terms(query)?;
    if terms.len() > MAX_TERMS {
        return Err(SearchError {
            problem: Problem::TooManyTerms { count: terms.len() },
            place: Place::default(),
        });
    }
    terms.into_iter().map(parse_term).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clause(negated: bool, term: Term) -> Clause {
        Clause { negated, term }
    }

    fn error(query: &str) -> String {
        parse(query).unwrap_err().to_string()
    }

    #[test]
    fn parses_terms() {
        let clauses =
            parse(r#"deck:"Parallel Programming" -tag:quiz "two words" is:due lock"#).unwrap();
        assert_eq!(
            clauses,
            vec![
                clause(false, Term::Deck("Parallel Programming".into())),
                clause(true, Term::Tag("quiz".into())),
                clause(false, Term::Text("two words".into())),
                clause(false, Term::Is(State::Due)),
                clause(false, Term::Text("lock".into())),
            ]
        );
    }

    #[test]
    fn quoted_terms_are_literal_text() {
        let clauses = parse(r#""-foo" -"deck:x" "is:new" "prop:ivl>abc""#).unwrap();
        assert_eq!(
            clauses,
            vec![
                clause(false, Term::Text("-foo".into())),
                clause(true, Term::Text("deck:x".into())),
                clause(false, Term::Text("is:new".into())),
                clause(false, Term::Text("prop:ivl>abc".into())),
            ]
        );
    }

    #[test]
    fn a_key_without_a_value_is_refused_by_name_and_column() {
        assert_eq!(
            error("deck:"),
            r#"deck: needs a deck name (in "deck:" at column 1)"#
        );
        assert_eq!(
            error("lock  tag:"),
            r#"tag: needs a tag (in "tag:" at column 7)"#
        );
        assert_eq!(
            error("x -NOTE:"),
            r#"note: needs a note type name (in "-NOTE:" at column 3)"#
        );
        assert!(error("is:").starts_with("is: needs a state"));
    }

    #[test]
    fn an_unknown_key_is_refused_not_searched_for_as_text() {
        assert_eq!(
            error("front:dog"),
            r#"unknown search key "front"; Spool knows deck:, tag:, note: and is: (put text with a colon in quotes) (in "front:dog" at column 1)"#
        );
        assert!(error("a:").starts_with(r#"unknown search key "a""#));
        assert!(
            error("lock prop:ivl>abc")
                .starts_with(r#"Anki's search key "prop" is not supported by Spool yet"#)
        );
        assert!(error("is:sleeping").contains("is:sleeping"));
    }

    #[test]
    fn colons_that_cannot_start_a_key_are_text() {
        assert_eq!(parse("10:30").unwrap()[0].term, Term::Text("10:30".into()));
        assert_eq!(parse(":)").unwrap()[0].term, Term::Text(":)".into()));
        assert_eq!(parse("- :").unwrap()[0].term, Term::Text("-".into()));
    }

    #[test]
    fn an_open_quote_is_placed_at_its_term() {
        assert_eq!(
            error(r#"lock "open"#),
            r#"a quote is not closed (in "\"open" at column 6)"#
        );
    }

    #[test]
    fn queries_beyond_the_database_limits_are_refused_with_the_limit() {
        let words = vec!["w"; MAX_TERMS + 1].join(" ");
        assert_eq!(
            error(&words),
            format!(
                "the search has {} terms; at most {MAX_TERMS} are allowed",
                MAX_TERMS + 1
            )
        );
        assert!(parse(&vec!["w"; MAX_TERMS].join(" ")).is_ok());
        let long_term = "x".repeat(MAX_TERM_CHARS + 1);
        assert_eq!(
            error(&long_term),
            format!(
                "a term is 1001 characters long; at most 1000 are allowed (in the term at column 1 that starts {:?})",
                "x".repeat(SHOWN_TERM_CHARS)
            )
        );
        let pasted = "x ".repeat(MAX_QUERY_CHARS);
        assert!(error(&pasted).starts_with("the search is 20000 characters long"));
    }
}
