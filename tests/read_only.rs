//! A collection that cannot be written: it opens for reading, refuses every change with one
//! line, and leaves no file behind, so it works again as soon as it is made writable.
//!
//! Root may write any file, so as root the commands run as the user `nobody`.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use common::{Fixture, one_line_error, success_stdout};

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

const NOBODY: u32 = 65534;

/// Runs `spool` on `collection` as a user who does not own it.
fn run_unprivileged(collection: &Path, args: &[&str]) -> Output {
    let mut command = if is_root() {
        let mut command = Command::new("setpriv");
        command.args([
            &format!("--reuid={NOBODY}"),
            &format!("--regid={NOBODY}"),
            "--clear-groups",
            "--",
        ]);
        command.arg(env!("CARGO_BIN_EXE_spool"));
        command
    } else {
        Command::new(env!("CARGO_BIN_EXE_spool"))
    };
    command
        .arg("--collection")
        .arg(collection)
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap()
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn set_mode(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

/// A collection with the built-in deck, in a folder the unprivileged user owns, when
/// `writable_folder`, or may only read; and the id of one of its cards.
fn collection(writable_folder: bool) -> (Fixture, std::path::PathBuf, String) {
    let fixture = Fixture::new();
    let folder = fixture.dir.path().join("shelf");
    fs::create_dir(&folder).unwrap();
    let path = folder.join("c.spool");
    let spool = spool_core::app::Spool::open(&path, fixture.clock.clone()).unwrap();
    let card = spool.collection().search_cards("", 0).unwrap()[0].to_string();
    drop(spool);
    set_mode(fixture.dir.path(), 0o755);
    if is_root() && writable_folder {
        std::os::unix::fs::chown(&folder, Some(NOBODY), Some(NOBODY)).unwrap();
    }
    set_mode(&folder, if writable_folder { 0o755 } else { 0o555 });
    (fixture, path, card)
}

#[test]
fn a_file_that_cannot_be_written_is_read_and_never_changed() {
    for writable_folder in [true, false] {
        let (_fixture, path, card) = collection(writable_folder);
        set_mode(&path, 0o444);
        let folder = path.parent().unwrap().to_path_buf();
        let files = listing(&folder);
        let bytes = fs::read(&path).unwrap();

        success_stdout(&run_unprivileged(&path, &["decks", "--json"]));
        success_stdout(&run_unprivileged(&path, &["stats"]));
        for change in [vec!["answer", card.as_str(), "4"], vec!["check"]] {
            let refused = one_line_error(&run_unprivileged(&path, &change));
            assert!(refused.contains(&path.display().to_string()), "{refused}");
            assert!(refused.contains("read-only"), "{refused}");
            assert!(
                !refused.contains("readonly database"),
                "SQLite's words: {refused}"
            );
        }
        assert_eq!(fs::read(&path).unwrap(), bytes, "the file is unchanged");
        assert_eq!(listing(&folder), files, "nothing was made beside it");

        // Once it can be written, it is an ordinary collection again.
        set_mode(&path, 0o644);
        set_mode(&folder, 0o755);
        if is_root() {
            std::os::unix::fs::chown(&path, Some(NOBODY), Some(NOBODY)).unwrap();
            std::os::unix::fs::chown(&folder, Some(NOBODY), Some(NOBODY)).unwrap();
        }
        success_stdout(&run_unprivileged(&path, &["answer", card.as_str(), "4"]));
    }
}

#[test]
fn a_read_only_collection_exports() {
    let (fixture, path, _) = collection(false);
    set_mode(&path, 0o444);
    let out_dir = fixture.dir.path().join("out");
    fs::create_dir(&out_dir).unwrap();
    set_mode(&out_dir, 0o777);
    let out = out_dir.join("all.apkg");
    success_stdout(&run_unprivileged(&path, &["export", out.to_str().unwrap()]));
    assert!(fs::metadata(&out).unwrap().len() > 0);
}
