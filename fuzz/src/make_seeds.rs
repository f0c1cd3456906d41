//! Writes the seed corpus, `fuzz/seeds/<target>/`, from the tests' inputs: the packages and
//! hostile cases of `tests/packages`, the text files of `tests/import_text.rs`, the bundled
//! deck and the search tests' queries. Run with `cargo run --manifest-path fuzz/Cargo.toml
//! --bin make-seeds` from the repository root; the seeds are committed.

#[allow(dead_code)]
#[path = "../../tests/packages/mod.rs"]
mod packages;

use std::path::Path;

use packages::{hostile_corpus, latest_package, legacy_package, schema11_collection, sha1_of, zip_bytes};

/// The sample of `spool_deck`'s unit tests: every kind of note.
const SAMPLE_DECK: &str = include_str!("../../crates/spool-core/testdata/sample-deck.toml");

fn write(target: &str, name: &str, bytes: &[u8]) {
    let dir = Path::new("fuzz/seeds").join(target);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// A file name from a case's description.
fn slug(name: &str) -> String {
    let slug: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect();
    slug.split('-').filter(|s| !s.is_empty()).collect::<Vec<_>>().join("-")
}

// The instrumented build needs libFuzzer's coverage callbacks, and they its entry point.
libfuzzer_sys::fuzz_target!(|_data: &[u8]| {});

fn main() {
    write(
        "apkg",
        "minimal-legacy",
        &zip_bytes(&legacy_package(schema11_collection(""), &[("a.png", b"png")])),
    );
    write(
        "apkg",
        "minimal-latest",
        &zip_bytes(&latest_package("a.png", sha1_of(b"png"), b"png")),
    );
    for case in hostile_corpus() {
        // Cases that need megabytes to say what they test are left to the tests.
        if case.bytes.len() <= 256 << 10 {
            write("apkg", &format!("hostile-{}", slug(&case.name)), &case.bytes);
        }
    }

    // The first byte of a csv input holds the options (see fuzz_targets/csv.rs).
    let csv = [
        (0x18u8, "front,back\n\"a, b\",\"say \"\"hi\"\"\"\n\"two\nlines\",plain\n".as_bytes()),
        (0, b"a\tb, c\nd\te; f\n"),
        (0, b"a;b, c\nd;e| f\n"),
        (0, b"a|b, c\nd|e; f\n"),
        (0, b"<b>x</b> & y,z\n"),
        (0x10, b"<b>x</b> & y,z\n"),
        (0xc3, "g1;notetype;Lang::\u{65e5}\u{672c}\u{8a9e};front;junk;t1 t2;extra\n".as_bytes()),
        (0x22, b"back,front,t1 t2\n"),
        (0, b"a,b\nc,d\ne\n"),
        (0, b"a,\"multi\nline\"\nb,c,d\n"),
        (0, b"a,b\nc,\xff\xfe\n"),
        (0, b""),
        (0x61, b"a\n"),
        (0, b"\xEF\xBB\xBFa,b\r\nc,d\r\n"),
    ];
    for (i, (flags, text)) in csv.iter().enumerate() {
        let mut bytes = vec![*flags];
        bytes.extend_from_slice(text);
        write("csv", &format!("test-{i:02}"), &bytes);
    }

    let anki_text = [
        "\u{feff}#separator:Semicolon\n#html:false\n#notetype:Basic (and reversed card)\n\
         #deck:Lang::\u{4e2d}\u{6587}\n#tags:global\n#columns:Front;Back;Tags\n#tags column:3\n\
         a<b;\"x;y\";t1 t2\n",
        "tags:old style\nfront|back\n",
        "#separator:tab\t\t\n#html:true\t\t\n#guid column:1\t\t\nabc\tf1\tf2\n",
        "#separator:tab\n#deck column:zero\na\tb\n",
        "#separator:nonsense\na\n",
        "#separator:tab\n#deck column:3\na\tb\tDeck\nc\td\n",
        "#separator:comma\n#notetype column:1\n#deck column:2\nBasic,Default,front,back\n# a comment\n",
        "#separator:space\n#columns:A B\na b\n",
        "front:back\nc:d\n",
    ];
    for (i, text) in anki_text.iter().enumerate() {
        write("anki_text", &format!("test-{i:02}"), text.as_bytes());
    }

    for entry in std::fs::read_dir("decks").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let name = path.file_name().unwrap().to_str().unwrap();
            write("deck_file", name, &std::fs::read(&path).unwrap());
        }
    }
    write(
        "deck_file",
        "sample.toml",
        SAMPLE_DECK.as_bytes(),
    );

    let queries = [
        "", "deck:A is:new", "deck:A::B", "deck:Lang::Python", "is:sleeping", "\"open",
        "- a:", "a:", "-", "-foo", "-tag:japanese", "100%_a*", "tag:*::kanji", "tag:*japanese",
        "tag:JAPANESE::kanji", "tag:ja*", "\"two words\" -\"x y\"", "note:Basic is:due",
        "is:learn is:review is:suspended", "deck:* mutex", "-deck:\"Parallel Programming\"",
    ];
    for (i, query) in queries.iter().enumerate() {
        write("search", &format!("test-{i:02}"), query.as_bytes());
    }
}
