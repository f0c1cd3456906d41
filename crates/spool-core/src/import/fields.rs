//! Checks shared by every reader: text must be UTF-8 and fields must stay within the size limit.

use super::error::Problem;

/// `bytes` as text, or an error naming `location` (e.g. "note 5, field 2").
pub(super) fn utf8_text(bytes: &[u8], location: impl FnOnce() -> String) -> Result<&str, Problem> {
    std::str::from_utf8(bytes).map_err(|_| Problem::InvalidUtf8 {
        location: location(),
    })
}

/// Fails when `field` is longer than `limit` bytes.
pub(super) fn check_field_size(
    field: &str,
    limit: usize,
    location: impl FnOnce() -> String,
) -> Result<(), Problem> {
    if field.len() > limit {
        return Err(Problem::FieldTooLarge {
            location: location(),
            size: field.len(),
            limit,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_the_location() {
        let error = utf8_text(b"ok \xff", || "line 3".into()).unwrap_err();
        assert_eq!(error.to_string(), "line 3: text is not valid UTF-8");
    }

    #[test]
    fn field_at_the_limit_passes_and_one_byte_more_fails() {
        assert!(check_field_size("abcd", 4, String::new).is_ok());
        let error = check_field_size("abcde", 4, || "note 1, field 1".into()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "note 1, field 1: field is 5 bytes, more than the limit of 4"
        );
    }
}
