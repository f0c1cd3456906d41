//! The only place a face's images, fonts and stylesheets come from: the collection's media
//! folder, and the typeset maths of the face. Every other request is refused.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use blitz_traits::net::{Bytes, NetHandler, NetProvider, Request, Url};
use spool_math::MathCache;

/// Where a face's resources are looked up.
#[derive(Debug, Clone, Default)]
pub struct MediaSource {
    folder: Option<PathBuf>,
}

impl MediaSource {
    /// Files of `folder` (a collection's media folder), if it exists.
    pub fn folder(folder: impl Into<PathBuf>) -> MediaSource {
        let folder = folder.into();
        MediaSource {
            folder: folder.canonicalize().ok(),
        }
    }

    /// No files at all: every image shows as missing.
    pub fn none() -> MediaSource {
        MediaSource::default()
    }

    /// The base URL a face's relative references resolve against.
    pub(crate) fn base_url(&self) -> Url {
        let folder = self
            .folder
            .as_deref()
            .unwrap_or(Path::new("/nonexistent-media"));
        Url::from_directory_path(folder).unwrap_or_else(|()| {
            Url::parse("file:///nonexistent-media/").expect("a constant URL parses")
        })
    }

    /// The bytes for `url`, if it names a file this source may serve.
    fn read(&self, url: &Url) -> Option<Bytes> {
        if url.scheme() != "file" {
            return None;
        }
        let path = url.to_file_path().ok()?;
        let folder = self.folder.as_deref()?;
        // A reference may climb out of the folder (`../`, a symlink): only files that are
        // really inside it are served.
        let path = path.canonicalize().ok()?;
        if !path.starts_with(folder) {
            return None;
        }
        std::fs::read(path).ok().map(Bytes::from)
    }
}

/// Answers a document's requests synchronously: typeset maths first, then the
/// [`MediaSource`].
pub(crate) struct MediaProvider {
    pub(crate) media: MediaSource,
    pub(crate) maths: Arc<MathCache>,
}

impl NetProvider for MediaProvider {
    fn fetch(&self, _doc_id: usize, request: Request, handler: Box<dyn NetHandler>) {
        let formula = request
            .url
            .path_segments()
            .and_then(|mut segments| segments.next_back())
            .and_then(|name| self.maths.svg(name))
            .map(|svg| Bytes::copy_from_slice(&svg));
        // A refused request is still answered (with nothing), so the document does not wait
        // for it forever before painting.
        let bytes = formula
            .or_else(|| self.media.read(&request.url))
            .unwrap_or_default();
        handler.bytes(request.url.to_string(), bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(source: &MediaSource, reference: &str) -> Url {
        source.base_url().join(reference).unwrap()
    }

    #[test]
    fn serves_files_inside_the_folder_and_nothing_outside() {
        let dir = tempfile::tempdir().unwrap();
        let media = dir.path().join("media");
        std::fs::create_dir(&media).unwrap();
        std::fs::write(media.join("dot.png"), b"inside").unwrap();
        std::fs::write(dir.path().join("secret.txt"), b"outside").unwrap();
        let source = MediaSource::folder(&media);

        assert_eq!(
            source.read(&url(&source, "dot.png")).unwrap(),
            &b"inside"[..]
        );
        assert_eq!(source.read(&url(&source, "../secret.txt")), None);
        assert_eq!(source.read(&url(&source, "/etc/passwd")), None);
        assert_eq!(source.read(&url(&source, "missing.png")), None);
        assert_eq!(
            source.read(&Url::parse("https://example.org/dot.png").unwrap()),
            None
        );
    }
}
