//! `spool render`: a card face drawn to a PNG file, as a person sees it in the window.

use std::path::{Path, PathBuf};

use anyhow::Context;
use image::ImageEncoder;
use spool_core::app::Spool;
use spool_face::{FaceOptions, MediaSource, Painter};

#[derive(clap::Args)]
pub struct Args {
    /// The card's id (see `spool search --json`)
    card: i64,
    /// Draw the answer instead of the question
    #[arg(long)]
    answer: bool,
    /// The PNG file to write
    #[arg(long, value_name = "FILE")]
    png: PathBuf,
    /// Width of the face in pixels
    #[arg(long, value_name = "PX", default_value_t = 600,
          value_parser = clap::value_parser!(u32).range(1..=8000))]
    width: u32,
    /// Pixels per CSS pixel, as a UI scale (1.5 for 150%)
    #[arg(long, default_value_t = 1.0)]
    scale: f32,
    /// With --answer: what the learner typed, for a type-in card's comparison
    #[arg(long, value_name = "TEXT", default_value = "", requires = "answer")]
    typed: String,
    /// The dark theme
    #[arg(long)]
    dark: bool,
}

pub fn run(spool: &Spool, args: Args) -> anyhow::Result<()> {
    let card = spool.collection().card(args.card)?;
    let faces = spool.render_card(&card)?;
    let page = if args.answer {
        faces.answer_page(&args.typed, args.dark, &[])
    } else {
        faces.question_page(args.dark, &[])
    };
    let options = FaceOptions {
        width: args.width,
        scale: args.scale,
        dark: args.dark,
    };
    let media = MediaSource::folder(spool.collection().media_dir());
    let painted = Painter::new().lay_out(&page, media, options)?.paint();
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(
            &painted.rgba,
            painted.width,
            painted.height,
            image::ExtendedColorType::Rgba8,
        )
        .context("cannot encode the face as PNG")?;
    write_whole(&args.png, &png).with_context(|| format!("cannot write {}", args.png.display()))
}

/// Writes `bytes` beside `path` first, so a failed write leaves no half file behind.
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    std::fs::write(&partial, bytes)
        .and_then(|()| std::fs::rename(&partial, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&partial);
        })
}
