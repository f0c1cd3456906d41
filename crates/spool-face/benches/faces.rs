//! How long a card face takes to lay out and paint at 600 px, as percentiles over repeated
//! draws of faces like those people bring: a styled card, a table, readings, columns, an
//! image, a long answer. Run with `cargo bench -p spool-face --bench faces`.

use std::time::{Duration, Instant};

use spool_face::{FaceOptions, MediaSource, Painter};

const DRAWS: usize = 200;

fn page(css: &str, body: &str) -> String {
    format!(
        "<!doctype html><html><head><style>body {{ margin: 20px }} {css}</style></head>\
         <body class=\"card card1\"><div id=\"qa\">{body}</div></body></html>"
    )
}

fn faces() -> Vec<(&'static str, String)> {
    let stock = ".card { font-family: arial; font-size: 20px; line-height: 1.5; text-align: center; \
                 color: black; background-color: white; }";
    vec![
        ("styled", page(".card { background: #1e3a5f; color: #ffd700; text-align: center; font-size: 28px }", "Harbour")),
        ("bold and red", page(stock, "What is the capital of <b>France</b>? <span style=\"color:red\">Paris</span>")),
        ("table", page(stock, &format!("<table style=\"border-collapse: collapse; margin: auto\">{}</table>",
            "<tr><td style=\"border: 2px solid black\">one</td><td style=\"border: 2px solid black\">two</td></tr>".repeat(3)))),
        ("ruby", page(stock, "<ruby>日本<rt>にほん</rt></ruby>の<ruby>首都<rt>しゅと</rt></ruby>は？")),
        ("flex", page(stock, "<div style=\"display:flex\"><div style=\"flex:1;background:#2050d0\">Left</div><div style=\"flex:1;background:#20a040\">Right</div></div>")),
        ("image", page(stock, "<img src=\"dot.png\" width=60> a dot")),
        ("long answer", page(stock, &"<p><b>Python:</b> at interpreter shutdown the main thread waits for every non-daemon thread; <code>daemon=True</code> threads are stopped abruptly.</p>".repeat(6))),
    ]
}

fn main() {
    let media = tempfile::tempdir().expect("a temporary folder");
    image::RgbaImage::from_pixel(200, 200, image::Rgba([0, 160, 0, 255]))
        .save(media.path().join("dot.png"))
        .expect("the image is written");
    let painter = Painter::new();
    let options = FaceOptions {
        width: 600,
        scale: 1.0,
        dark: false,
    };
    let mut all = Vec::new();
    println!("{:<12} {:>9} {:>9} {:>9}", "face", "p50", "p95", "max");
    for (name, html) in faces() {
        let mut times: Vec<Duration> = (0..DRAWS)
            .map(|_| {
                let started = Instant::now();
                let mut face = painter
                    .lay_out(&html, MediaSource::folder(media.path()), options)
                    .expect("the face lays out");
                std::hint::black_box(face.paint());
                started.elapsed()
            })
            .collect();
        all.extend_from_slice(&times);
        times.sort();
        println!(
            "{name:<12} {:>9.2?} {:>9.2?} {:>9.2?}",
            times[DRAWS / 2],
            times[DRAWS * 95 / 100],
            times[DRAWS - 1]
        );
    }
    all.sort();
    println!(
        "{:<12} {:>9.2?} {:>9.2?} {:>9.2?}",
        "all",
        all[all.len() / 2],
        all[all.len() * 95 / 100],
        all[all.len() - 1]
    );
}
