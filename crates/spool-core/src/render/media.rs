//! Media files that note fields refer to.

use std::ops::Range;

/// Where in a field's HTML media file names are referenced: `src="name"` / `src='name'` /
/// `src=name` attributes and `[sound:name]` tags, as Anki finds them. Returns byte ranges
/// of the names.
pub fn media_references(html: &str) -> Vec<Range<usize>> {
    let mut references = Vec::new();
    let mut rest = 0;
    while let Some(found) = html[rest..].find("[sound:") {
        let start = rest + found + "[sound:".len();
        let Some(length) = html[start..].find(']') else {
            break;
        };
        references.push(start..start + length);
        rest = start + length;
    }
    let lowercase = html.to_ascii_lowercase();
    let mut rest = 0;
    while let Some(found) = lowercase[rest..].find("src=") {
        let mut start = rest + found + "src=".len();
        let end = match html[start..].chars().next() {
            Some(quote @ ('"' | '\'')) => {
                start += 1;
                html[start..].find(quote).map(|length| start + length)
            }
            Some(_) => Some(
                html[start..]
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .map_or(html.len(), |n| start + n),
            ),
            None => None,
        };
        let Some(end) = end else { break };
        if end > start {
            references.push(start..end);
        }
        rest = end;
    }
    references.sort_by_key(|range| range.start);
    references
}

/// Whether `name` names a file directly in the media folder: no folder, drive or URL scheme
/// and not `.` or `..`, so joining it to the folder cannot reach outside it or the network.
pub fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(['/', '\\', ':']) && name != ".." && name != "."
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(html: &str) -> Vec<&str> {
        media_references(html)
            .into_iter()
            .map(|range| &html[range])
            .collect()
    }

    #[test]
    fn finds_images_and_sounds() {
        assert_eq!(
            names(r#"<img src="a b.png"> [sound:voice 🎤.mp3] <IMG SRC='c.jpg'> <img src=d.gif>"#),
            ["a b.png", "voice 🎤.mp3", "c.jpg", "d.gif"]
        );
        assert!(names("no media [sound: <img src=\"").is_empty());
    }

    #[test]
    fn only_names_without_a_path_stay_in_the_media_folder() {
        assert!(is_plain_file_name("voice 🎤.mp3"));
        assert!(is_plain_file_name("..hidden.mp3"));
        let outside = [
            "",
            ".",
            "..",
            "../a.mp3",
            "/etc/passwd",
            "a/b.mp3",
            "a\\b.mp3",
            "C:a.mp3",
            "https://example.com/a.mp3",
        ];
        for name in outside {
            assert!(!is_plain_file_name(name), "{name}");
        }
    }
}
