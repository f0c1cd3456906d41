//! Faces painted by the engine, checked by their pixels as a person would see them.

use spool_face::{FaceOptions, MediaSource, PaintedFace, Painter};

fn options(width: u32) -> FaceOptions {
    FaceOptions {
        width,
        scale: 1.0,
        dark: false,
    }
}

fn paint(body: &str, media: MediaSource, options: FaceOptions) -> PaintedFace {
    let html = format!("<!doctype html><html><body style=\"margin: 10px\">{body}</body></html>");
    Painter::new()
        .lay_out(&html, media, options)
        .unwrap()
        .paint()
}

fn pixel(face: &PaintedFace, x: u32, y: u32) -> [u8; 4] {
    let offset = ((y * face.width + x) * 4) as usize;
    face.rgba[offset..offset + 4].try_into().unwrap()
}

fn count(face: &PaintedFace, wanted: impl Fn([u8; 4]) -> bool) -> usize {
    face.rgba
        .chunks_exact(4)
        .filter(|p| wanted([p[0], p[1], p[2], p[3]]))
        .count()
}

fn reddish(p: [u8; 4]) -> bool {
    p[0] > 180 && p[1] < 80 && p[2] < 80
}

#[test]
fn an_inline_style_colours_its_text() {
    let face = paint(
        "plain <span style=\"color: #ff0000; font-size: 30px\">RED</span>",
        MediaSource::none(),
        options(300),
    );
    assert!(count(&face, reddish) > 40, "too few red pixels");
    let plain = paint("plain RED", MediaSource::none(), options(300));
    assert_eq!(count(&plain, reddish), 0);
}

#[test]
fn the_face_is_as_tall_as_its_content_and_as_wide_as_asked() {
    let short = paint("one line", MediaSource::none(), options(320));
    let tall = paint(
        &"<p>a line</p>".repeat(20),
        MediaSource::none(),
        options(320),
    );
    assert_eq!(short.width, 320);
    assert!(
        tall.height > short.height * 5,
        "{} vs {}",
        tall.height,
        short.height
    );
}

#[test]
fn the_scale_multiplies_the_pixels() {
    let face = paint(
        "scaled",
        MediaSource::none(),
        FaceOptions {
            scale: 2.0,
            ..options(200)
        },
    );
    let plain = paint("scaled", MediaSource::none(), options(200));
    assert_eq!(face.width, 400);
    assert!(face.height.abs_diff(plain.height * 2) <= 2);
}

#[test]
fn a_body_background_fills_the_page() {
    let face = paint(
        "<style>body { background-color: #1e3a5f }</style>text",
        MediaSource::none(),
        options(200),
    );
    assert_eq!(face.canvas(), [0x1e, 0x3a, 0x5f, 255]);
    assert_eq!(pixel(&face, 0, 0), [0x1e, 0x3a, 0x5f, 255]);
}

#[test]
fn images_come_from_the_media_folder_at_their_given_width() {
    let dir = tempfile::tempdir().unwrap();
    let green = image::RgbaImage::from_pixel(200, 200, image::Rgba([0, 200, 0, 255]));
    green.save(dir.path().join("dot.png")).unwrap();
    let face = paint(
        "<img src=\"dot.png\" width=60>",
        MediaSource::folder(dir.path()),
        options(300),
    );
    let row = 10 + 30;
    let green_run = (0..face.width)
        .filter(|&x| pixel(&face, x, row) == [0, 200, 0, 255])
        .count();
    assert_eq!(green_run, 60);
}

#[test]
fn nothing_outside_the_media_folder_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let media = dir.path().join("media");
    std::fs::create_dir(&media).unwrap();
    let red = image::RgbaImage::from_pixel(50, 50, image::Rgba([255, 0, 0, 255]));
    red.save(dir.path().join("outside.png")).unwrap();
    let face = paint(
        "<img src=\"../outside.png\">",
        MediaSource::folder(&media),
        options(200),
    );
    assert_eq!(count(&face, reddish), 0);
}

#[test]
fn a_click_finds_the_link_under_it() {
    let html = "<!doctype html><html><body style=\"margin: 0; font-size: 40px\">\
                <a href=\"https://example.org/\">example</a><p>no link here</p></body></html>";
    let face = Painter::new()
        .lay_out(html, MediaSource::none(), options(400))
        .unwrap();
    assert_eq!(
        face.link_at(20.0, 20.0).as_deref(),
        Some("https://example.org/")
    );
    assert_eq!(face.link_at(20.0, 100.0), None);
}

#[test]
fn a_face_of_no_width_is_refused() {
    let error = Painter::new()
        .lay_out("<p>x</p>", MediaSource::none(), options(0))
        .err()
        .unwrap();
    assert!(
        error.to_string().contains("width must be at least 1 pixel"),
        "{error}"
    );
}
