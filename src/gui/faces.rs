//! The thread that lays out and paints card faces.
//!
//! A laid-out face cannot leave the thread that made it (the engine's document is not
//! `Send`), and a click on a face must be asked of that document. So one thread owns the
//! painter and the faces lately drawn; the UI sends it pages to draw and points to look up,
//! and awaits the reply inside a `Task`, as it does with the collection worker.

use std::collections::VecDeque;
use std::future::Future;
use std::path::PathBuf;
use std::sync::mpsc;

use iced::widget::image;
use spool_face::{Face, FaceError, FaceOptions, MediaSource, Painter};
use tokio::sync::oneshot;

/// How many drawn faces stay ready for clicks: the question and answer on screen, and a
/// redraw or two.
const KEPT_FACES: usize = 6;

/// Which drawn face a click is asked of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FaceId(u64);

/// A face ready to show: its pixels and size in logical pixels.
#[derive(Debug, Clone)]
pub struct Drawn {
    pub id: FaceId,
    pub image: image::Handle,
    pub width: f32,
    pub height: f32,
    /// The page colour around the content, to fill the space around the face with.
    pub canvas: iced::Color,
}

/// What to draw: a whole page, where its media lives, and how.
pub struct Page {
    pub html: String,
    pub media_dir: PathBuf,
    pub options: FaceOptions,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum DrawError {
    #[error("{0}")]
    Face(String),
    #[error("the card painter stopped unexpectedly; restart Spool")]
    PainterStopped,
}

impl From<FaceError> for DrawError {
    fn from(error: FaceError) -> Self {
        DrawError::Face(error.to_string())
    }
}

enum Job {
    Draw(Page, oneshot::Sender<Result<Drawn, DrawError>>),
    LinkAt(FaceId, f32, f32, oneshot::Sender<Option<String>>),
}

/// A handle to the painting thread; it stops when the last handle is dropped.
#[derive(Debug, Clone)]
pub struct Faces {
    jobs: mpsc::Sender<Job>,
}

impl Faces {
    pub fn spawn() -> Faces {
        let (jobs, queue) = mpsc::channel();
        // If the thread cannot start, every request answers "stopped".
        let _ = std::thread::Builder::new()
            .name("spool-faces".into())
            .spawn(move || serve(queue));
        Faces { jobs }
    }

    /// Draws `page` and resolves with the face.
    pub fn draw(&self, page: Page) -> impl Future<Output = Result<Drawn, DrawError>> + use<> {
        let (reply, answer) = oneshot::channel();
        let sent = self.jobs.send(Job::Draw(page, reply));
        async move {
            sent.map_err(|_| DrawError::PainterStopped)?;
            answer.await.map_err(|_| DrawError::PainterStopped)?
        }
    }

    /// Where the link at (`x`, `y`) (logical pixels from the face's top left) goes.
    pub fn link_at(
        &self,
        face: FaceId,
        x: f32,
        y: f32,
    ) -> impl Future<Output = Option<String>> + use<> {
        let (reply, answer) = oneshot::channel();
        let sent = self.jobs.send(Job::LinkAt(face, x, y, reply)).is_ok();
        async move {
            if !sent {
                return None;
            }
            answer.await.ok().flatten()
        }
    }
}

fn serve(queue: mpsc::Receiver<Job>) {
    let painter = Painter::new();
    let mut kept: VecDeque<(FaceId, Face)> = VecDeque::with_capacity(KEPT_FACES);
    let mut next_id = 0;
    for job in queue {
        match job {
            Job::Draw(page, reply) => {
                let media = MediaSource::folder(page.media_dir);
                let drawn = painter
                    .lay_out(&page.html, media, page.options)
                    .map(|mut face| {
                        next_id += 1;
                        let id = FaceId(next_id);
                        let painted = face.paint();
                        let [r, g, b, a] = painted.canvas();
                        let drawn = Drawn {
                            id,
                            width: page.options.width as f32,
                            height: face.height() as f32,
                            canvas: iced::Color::from_rgba8(r, g, b, f32::from(a) / 255.0),
                            image: image::Handle::from_rgba(
                                painted.width,
                                painted.height,
                                painted.rgba,
                            ),
                        };
                        if kept.len() == KEPT_FACES {
                            kept.pop_front();
                        }
                        kept.push_back((id, face));
                        drawn
                    });
                let _ = reply.send(drawn.map_err(DrawError::from));
            }
            Job::LinkAt(id, x, y, reply) => {
                let link = kept
                    .iter()
                    .find(|(kept_id, _)| *kept_id == id)
                    .and_then(|(_, face)| face.link_at(x, y));
                let _ = reply.send(link);
            }
        }
    }
}

/// How the window draws faces now: the painter, the theme and the UI scale.
#[derive(Debug, Clone)]
pub struct Painting {
    pub faces: Faces,
    pub dark: bool,
    pub scale: f32,
}

impl Painting {
    /// A page to draw `width` logical pixels wide in the window's theme and scale.
    pub fn page(&self, html: String, media_dir: PathBuf, width: u32) -> Page {
        Page {
            html,
            media_dir,
            options: FaceOptions {
                width,
                scale: self.scale,
                dark: self.dark,
            },
        }
    }
}
