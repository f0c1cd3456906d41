//! Anki packages: any bytes as an `.apkg` or `.colpkg`, read with the default limits and
//! translated into a batch. Errors are expected; panics, hangs and huge allocations are not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spool_core::import::{Limits, StudyCalendar, read_package};
use spool_core::scheduler::DayClock;

fuzz_target!(|data: &[u8]| {
    // The last byte's low bit picks the extension, which decides `whole_collection`.
    let extension = match data.last() {
        Some(byte) if byte & 1 == 1 => "colpkg",
        _ => "apkg",
    };
    let path = spool_fuzz::input_file(data, extension);
    let unpacked = spool_fuzz::scratch().join("unpacked");
    std::fs::create_dir_all(&unpacked).unwrap();
    if let Ok(package) = read_package(&path, &Limits::default(), &unpacked) {
        let calendar = StudyCalendar {
            today: 20_000,
            day_clock: DayClock {
                utc_offset_secs: 3600,
                rollover_hour: 4,
            },
        };
        drop(package.into_batch(&calendar));
    }
});
