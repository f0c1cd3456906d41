//! Widgets the screens share.

pub mod card_html;
