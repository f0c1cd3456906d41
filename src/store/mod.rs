//! The SQLite collection: schema migrations, queries and transactions.
