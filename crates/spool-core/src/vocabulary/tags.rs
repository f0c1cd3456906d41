//! Tag lists as Spool keeps them: one string, tags separated by white space.

pub fn split_tags(tags: &str) -> Vec<String> {
    tags.split_whitespace().map(String::from).collect()
}
