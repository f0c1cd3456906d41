//! Turning note fields and templates into card faces.
