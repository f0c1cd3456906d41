//! Syntax highlighting for the two languages the cards teach, Python and Rust.
//!
//! A small lexer rather than syntect: it colours exactly what a flashcard snippet needs
//! (keywords, strings, comments, numbers, calls, types, macros, decorators) and adds no
//! syntax dumps to a build that already takes minutes on two cores. [`super::code`] turns
//! its tokens into classed spans in a card's code blocks.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Python,
    Rust,
}

impl Language {
    /// The language a code block's `class` names (`language-python`, `lang-rust`, `py`, ...).
    pub fn from_class(class: &str) -> Option<Language> {
        class.split_whitespace().find_map(|word| {
            let name = word
                .trim_start_matches("language-")
                .trim_start_matches("lang-");
            match name.to_ascii_lowercase().as_str() {
                "python" | "py" | "python3" => Some(Language::Python),
                "rust" | "rs" => Some(Language::Rust),
                _ => None,
            }
        })
    }

    /// The name in the class a highlighted block is given: `language-python`.
    pub fn name(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::Rust => "rust",
        }
    }

    fn keywords(self) -> &'static [&'static str] {
        match self {
            Language::Python => &[
                "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
                "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
                "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass",
                "raise", "return", "try", "while", "with", "yield", "self",
            ],
            Language::Rust => &[
                "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else",
                "enum", "extern", "false", "fn", "for", "if", "impl", "in", "let", "loop", "match",
                "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct",
                "super", "trait", "true", "type", "unsafe", "use", "where", "while",
            ],
        }
    }

    fn line_comment(self) -> &'static str {
        match self {
            Language::Python => "#",
            Language::Rust => "//",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Plain,
    Keyword,
    String,
    Comment,
    Number,
    /// A name followed by `(`.
    Call,
    /// A capitalised name in Rust, a decorator in Python, a macro name in Rust.
    Type,
}

/// Splits `code` into coloured pieces that together are exactly `code`.
pub fn tokens(language: Language, code: &str) -> Vec<(Token, &str)> {
    let mut out = Vec::new();
    let mut plain_start = 0;
    let mut i = 0;
    while i < code.len() {
        let rest = &code[i..];
        let c = rest
            .chars()
            .next()
            .expect("i is on a char boundary below len");
        let token_end = if rest.starts_with(language.line_comment()) {
            Some((Token::Comment, rest.find('\n').unwrap_or(rest.len())))
        } else if language == Language::Rust && rest.starts_with("/*") {
            Some((
                Token::Comment,
                rest.find("*/").map_or(rest.len(), |end| end + 2),
            ))
        } else if c == '"' || (c == '\'' && language == Language::Python) {
            Some((Token::String, string_len(language, rest)))
        } else if c == '\'' && language == Language::Rust {
            // A char literal `'a'` or `'\n'`; a lifetime `'a` stays plain.
            char_literal_len(rest).map(|len| (Token::String, len))
        } else if c.is_ascii_digit()
            && (i == 0 || !is_ident(code[..i].chars().next_back().unwrap_or(' ')))
        {
            Some((
                Token::Number,
                rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                    .unwrap_or(rest.len()),
            ))
        } else if language == Language::Python && c == '@' {
            Some((
                Token::Type,
                1 + rest[1..]
                    .find(|c: char| !is_ident(c) && c != '.')
                    .unwrap_or(rest.len() - 1),
            ))
        } else if is_ident_start(c)
            && (i == 0 || !is_ident(code[..i].chars().next_back().unwrap_or(' ')))
        {
            let len = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
            let word = &rest[..len];
            let after = rest[len..].trim_start_matches(' ');
            let token = if language.keywords().contains(&word) {
                Token::Keyword
            } else if language == Language::Rust
                && after.starts_with('!')
                && !after.starts_with("!=")
            {
                Token::Type
            } else if after.starts_with('(') {
                Token::Call
            } else if language == Language::Rust
                && word.starts_with(|c: char| c.is_ascii_uppercase())
            {
                Token::Type
            } else {
                Token::Plain
            };
            Some((token, len))
        } else {
            None
        };
        match token_end {
            Some((token, len)) if token != Token::Plain => {
                push(&mut out, Token::Plain, &code[plain_start..i]);
                push(&mut out, token, &code[i..i + len]);
                i += len;
                plain_start = i;
            }
            Some((_, len)) => i += len,
            None => i += c.len_utf8(),
        }
    }
    push(&mut out, Token::Plain, &code[plain_start..]);
    debug_assert_eq!(
        code.len(),
        out.iter().map(|(_, piece)| piece.len()).sum::<usize>()
    );
    out
}

fn push<'a>(out: &mut Vec<(Token, &'a str)>, token: Token, piece: &'a str) {
    if !piece.is_empty() {
        out.push((token, piece));
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Length of the string literal at the start of `rest` (triple quotes in Python), up to the
/// end of the line or text if it is never closed.
fn string_len(language: Language, rest: &str) -> usize {
    let quote = &rest[..1];
    let triple =
        language == Language::Python && (rest.starts_with("\"\"\"") || rest.starts_with("'''"));
    if triple {
        return rest[3..].find(&rest[..3]).map_or(rest.len(), |end| end + 6);
    }
    let mut escaped = false;
    for (offset, c) in rest.char_indices().skip(1) {
        match c {
            '\\' if !escaped => escaped = true,
            '\n' if language == Language::Python => return offset,
            _ if !escaped && rest[offset..].starts_with(quote) => return offset + 1,
            _ => escaped = false,
        }
    }
    rest.len()
}

fn char_literal_len(rest: &str) -> Option<usize> {
    let mut chars = rest.char_indices().skip(1);
    let (_, first) = chars.next()?;
    let (end, closing) = if first == '\\' {
        chars.nth(1)?
    } else {
        chars.next()?
    };
    (closing == '\'').then_some(end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The coloured pieces of `code`, leaving out plain text.
    fn highlighted(language: Language, code: &str) -> Vec<(Token, String)> {
        tokens(language, code)
            .into_iter()
            .filter(|(t, _)| *t != Token::Plain)
            .map(|(t, s)| (t, s.to_string()))
            .collect()
    }

    #[test]
    fn python_keywords_strings_comments_calls() {
        assert_eq!(
            highlighted(
                Language::Python,
                "def f(x):  # note\n    return 'a' + str(42)"
            ),
            [
                (Token::Keyword, "def".into()),
                (Token::Call, "f".into()),
                (Token::Comment, "# note".into()),
                (Token::Keyword, "return".into()),
                (Token::String, "'a'".into()),
                (Token::Call, "str".into()),
                (Token::Number, "42".into()),
            ]
        );
    }

    #[test]
    fn rust_types_macros_lifetimes_and_chars() {
        assert_eq!(
            highlighted(Language::Rust, "let v: Vec<&'a str> = vec!['x']; // done"),
            [
                (Token::Keyword, "let".into()),
                (Token::Type, "Vec".into()),
                (Token::Type, "vec".into()),
                (Token::String, "'x'".into()),
                (Token::Comment, "// done".into()),
            ]
        );
    }

    #[test]
    fn pieces_cover_the_text_even_when_unterminated() {
        for code in [
            "\"open",
            "x = '''doc\nmore",
            "/* never closed",
            "a1 = b2",
            "é = 'ü'",
        ] {
            for language in [Language::Python, Language::Rust] {
                let joined: String = tokens(language, code).into_iter().map(|(_, s)| s).collect();
                assert_eq!(joined, code);
            }
        }
    }

    #[test]
    fn languages_from_classes() {
        assert_eq!(
            Language::from_class("language-python"),
            Some(Language::Python)
        );
        assert_eq!(Language::from_class("hljs lang-rs"), Some(Language::Rust));
        assert_eq!(Language::from_class("language-go"), None);
    }
}
