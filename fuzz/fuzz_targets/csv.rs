//! CSV / TSV: the first byte chooses the options (separator, header, HTML, column roles),
//! the rest is the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spool_core::import::{ColumnRole, CsvOptions, Separator, read_csv};

fuzz_target!(|data: &[u8]| {
    let Some((&flags, file)) = data.split_first() else {
        return;
    };
    let separator = match flags & 0b111 {
        1 => Some(Separator::Tab),
        2 => Some(Separator::Comma),
        3 => Some(Separator::Semicolon),
        4 => Some(Separator::Pipe),
        _ => None,
    };
    let columns = match (flags >> 5) & 0b11 {
        0 => Vec::new(),
        1 => vec![ColumnRole::Field(1), ColumnRole::Field(0), ColumnRole::Tags],
        2 => vec![
            ColumnRole::Guid,
            ColumnRole::Notetype,
            ColumnRole::Deck,
            ColumnRole::Field(0),
            ColumnRole::Ignore,
            ColumnRole::Tags,
        ],
        _ => vec![ColumnRole::Field(0), ColumnRole::Field(2)],
    };
    let options = CsvOptions {
        separator,
        has_header: flags & 0b1000 != 0,
        is_html: flags & 0b1_0000 != 0,
        columns,
        tags: if flags & 0x80 != 0 {
            vec!["fuzz".into()]
        } else {
            Vec::new()
        },
        ..CsvOptions::default()
    };
    let path = spool_fuzz::input_file(file, "csv");
    let _ = read_csv(&path, &options);
});
