//! What a click on a link in a card face does. Spool's own links (a hint, a sound) carry
//! their meaning in their address, since no script runs in a face.

use super::sound::SoundLink;

pub(crate) const HINT_SCHEME: &str = "spool-hint:";

/// A link in a card face, by what clicking it should do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardLink {
    /// Reveal the hint with this id.
    Hint(String),
    /// Play a sound of the card.
    Sound(SoundLink),
    /// Leave the app for the system browser (after showing where it goes).
    Web(String),
    /// Nothing: an in-page anchor, a script link, a local file.
    Inert,
}

impl CardLink {
    pub fn parse(href: &str) -> CardLink {
        let href = href.trim();
        if let Some(id) = href.strip_prefix(HINT_SCHEME) {
            return CardLink::Hint(id.to_string());
        }
        if let Some(sound) = SoundLink::parse(href) {
            return CardLink::Sound(sound);
        }
        let scheme = href
            .split_once(':')
            .map(|(scheme, _)| scheme.to_ascii_lowercase());
        match scheme.as_deref() {
            Some("http" | "https" | "mailto") => CardLink::Web(href.to_string()),
            _ => CardLink::Inert,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_told_apart_by_their_address() {
        assert_eq!(CardLink::parse("spool-hint:2"), CardLink::Hint("2".into()));
        assert_eq!(
            CardLink::parse("spool-play:a:1"),
            CardLink::Sound(SoundLink {
                side: super::super::sound::Side::Answer,
                index: 1
            })
        );
        assert_eq!(
            CardLink::parse("https://example.org/x?y=1"),
            CardLink::Web("https://example.org/x?y=1".into())
        );
        assert_eq!(
            CardLink::parse("HTTP://EXAMPLE.ORG"),
            CardLink::Web("HTTP://EXAMPLE.ORG".into())
        );
    }

    #[test]
    fn anything_else_does_nothing() {
        for href in [
            "#",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "spool-play:x:1",
            "dot.png",
        ] {
            assert_eq!(CardLink::parse(href), CardLink::Inert, "{href}");
        }
    }
}
