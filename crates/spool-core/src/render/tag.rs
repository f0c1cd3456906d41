//! The one reader of HTML tags that code colouring, plain text and line breaks share.

/// Everything after `<name ...>` up to and past its closing tag.
pub(crate) fn skip_element<'a>(rest: &'a str, name: &str) -> &'a str {
    raw_until_close(rest, name).1
}

/// The raw text before `</name>` (case-insensitive) and what follows that closing tag.
pub(crate) fn raw_until_close<'a>(rest: &'a str, name: &str) -> (&'a str, &'a str) {
    match closing_tag(rest, name) {
        Some((content, end)) => (&rest[..content], &rest[end..]),
        None => (rest, ""),
    }
}

/// Where `</name>` (case-insensitive) starts in `rest` and where it ends, or `None` where
/// the element is never closed.
pub(crate) fn closing_tag(rest: &str, name: &str) -> Option<(usize, usize)> {
    let at = rest.to_ascii_lowercase().find(&format!("</{name}"))?;
    let end = rest[at..].find('>').map_or(rest.len(), |gt| at + gt + 1);
    Some((at, end))
}

/// Whether the tag whose text after `<` starts `inner` closes, and its name as written;
/// `None` where no tag starts there. Reads only the name, however long `inner` is.
pub(crate) fn read_name(inner: &str) -> Option<(bool, &str)> {
    let (closing, body) = match inner.strip_prefix('/') {
        Some(body) => (true, body),
        None => (false, inner),
    };
    let length = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    let name = &body[..length];
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        .then_some((closing, name))
}

/// The lower-case name of the tag whose text after `<` starts `inner`, or `None`.
pub(crate) fn name_of(inner: &str) -> Option<String> {
    read_name(inner).map(|(_, name)| name.to_ascii_lowercase())
}

#[derive(Debug)]
pub(crate) struct Tag {
    pub(crate) name: String,
    pub(crate) closing: bool,
    attributes: String,
}

impl Tag {
    /// The tag whose text after `<` is `inner` (`/B class="x"`), or `None` where that
    /// text opens no tag, as in `1 < 2`.
    pub(crate) fn parse(inner: &str) -> Option<Tag> {
        let (closing, name) = read_name(inner)?;
        let after_name = inner.len() - inner.trim_start_matches('/').len() + name.len();
        Some(Tag {
            attributes: inner[after_name..].to_string(),
            name: name.to_ascii_lowercase(),
            closing,
        })
    }

    /// The value of attribute `key`, quoted or not.
    pub(crate) fn attribute(&self, key: &str) -> Option<String> {
        let lower = self.attributes.to_ascii_lowercase();
        let mut from = 0;
        while let Some(found) = lower[from..].find(key) {
            let start = from + found;
            from = start + key.len();
            let before_ok = start == 0 || lower.as_bytes()[start - 1].is_ascii_whitespace();
            let after = lower[from..].trim_start();
            if !before_ok || !after.starts_with('=') {
                continue;
            }
            let value_start = self.attributes.len() - after.len() + 1;
            let value = self.attributes[value_start..].trim_start();
            let parsed = match value.chars().next() {
                Some(quote @ ('"' | '\'')) => value[1..].split(quote).next().unwrap_or_default(),
                _ => value
                    .split(|c: char| c.is_whitespace() || c == '/')
                    .next()
                    .unwrap_or_default(),
            };
            return Some(html_escape::decode_html_entities(parsed).into_owned());
        }
        None
    }
}
