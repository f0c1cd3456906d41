//! Application services: what the CLI and GUI call. No SQL here, no UI either.
