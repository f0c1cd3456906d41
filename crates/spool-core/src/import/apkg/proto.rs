//! The few protobuf messages of Anki's packages and schema 18 collections that the importer
//! needs, declared by hand from `proto/anki/import_export.proto`, `notetypes.proto` and
//! `decks.proto`. Fields the importer ignores are left out; protobuf skips unknown fields.

/// `anki.import_export.PackageMetadata`: the `meta` entry of a package.
#[derive(Clone, PartialEq, prost::Message)]
pub(super) struct PackageMetadata {
    /// `PackageMetadata.Version`: 0 unknown, 1 legacy 1, 2 legacy 2, 3 latest.
    #[prost(int32, tag = "1")]
    pub version: i32,
}

/// `anki.import_export.MediaEntries`: the media list of a latest package. Entry `i` is stored
/// in the zip entry named `i`.
#[derive(Clone, PartialEq, prost::Message)]
pub(super) struct MediaEntries {
    #[prost(message, repeated, tag = "1")]
    pub entries: Vec<MediaEntry>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub(super) struct MediaEntry {
    #[prost(string, tag = "1")]
    pub name: String,
    /// Uncompressed size in bytes.
    #[prost(uint32, tag = "2")]
    pub size: u32,
    /// SHA-1 of the uncompressed contents.
    #[prost(bytes = "vec", tag = "3")]
    pub sha1: Vec<u8>,
}

/// `anki.notetypes.Notetype.Config`: the `config` column of the `notetypes` table.
#[derive(Clone, PartialEq, prost::Message)]
pub(super) struct NotetypeConfig {
    /// `Config.Kind`: 0 normal, 1 cloze.
    #[prost(int32, tag = "1")]
    pub kind: i32,
    #[prost(string, tag = "3")]
    pub css: String,
}

/// `anki.notetypes.Notetype.Template.Config`: the `config` column of the `templates` table.
#[derive(Clone, PartialEq, prost::Message)]
pub(super) struct TemplateConfig {
    #[prost(string, tag = "1")]
    pub q_format: String,
    #[prost(string, tag = "2")]
    pub a_format: String,
}

/// `anki.decks.Deck.KindContainer`: the `kind` column of the `decks` table, a oneof of
/// `Normal normal = 1` and `Filtered filtered = 2`. Only which one is set matters here.
#[derive(Clone, PartialEq, prost::Message)]
pub(super) struct DeckKindContainer {
    #[prost(message, optional, tag = "1")]
    pub normal: Option<Ignored>,
    #[prost(message, optional, tag = "2")]
    pub filtered: Option<Ignored>,
}

/// A message whose contents are skipped.
#[derive(Clone, PartialEq, prost::Message)]
pub(super) struct Ignored {}
