//! Go modules that need cgo: built with `CGO_ENABLED=0` they fail to build, or build a stub that
//! fails at run time (`go-sqlite3` says "Binary was compiled with 'CGO_ENABLED=0'"). A build that
//! requires one keeps cgo and runs on a glibc runtime of the builder's release.

/// A module that needs cgo.
pub(super) struct CgoModule {
    /// The module path, or a prefix of it ending in `/`.
    pub path: &'static str,
    /// What it links, for the trail.
    pub why: &'static str,
    /// A shared library it loads at run time that a bare glibc runtime lacks, if any: the
    /// rewrite declines for these rather than guess the runtime's packages.
    pub shared_library: Option<&'static str>,
}

/// Sources: each module's README (build requirements).
pub(super) const CGO_MODULES: &[CgoModule] = &[
    CgoModule {
        path: "github.com/mattn/go-sqlite3",
        why: "compiles SQLite's C source in through cgo",
        shared_library: None,
    },
    CgoModule {
        path: "github.com/confluentinc/confluent-kafka-go",
        why: "links librdkafka (bundled) through cgo",
        shared_library: None,
    },
    CgoModule { path: "github.com/h2non/bimg", why: "links libvips through cgo", shared_library: Some("libvips") },
    CgoModule {
        path: "github.com/davidbyttow/govips",
        why: "links libvips through cgo",
        shared_library: Some("libvips"),
    },
    CgoModule {
        path: "gopkg.in/gographics/imagick",
        why: "links ImageMagick's MagickWand through cgo",
        shared_library: Some("libMagickWand"),
    },
    CgoModule {
        path: "github.com/tecbot/gorocksdb",
        why: "links RocksDB through cgo",
        shared_library: Some("librocksdb"),
    },
    CgoModule {
        path: "github.com/linxGnu/grocksdb",
        why: "links RocksDB through cgo",
        shared_library: Some("librocksdb"),
    },
    CgoModule {
        path: "github.com/google/gopacket",
        why: "its pcap package links libpcap through cgo",
        shared_library: Some("libpcap"),
    },
    CgoModule { path: "github.com/veandco/go-sdl2", why: "links SDL2 through cgo", shared_library: Some("libSDL2") },
];

/// The table's entry for the module `path`, if it needs cgo.
pub(super) fn cgo_module(path: &str) -> Option<&'static CgoModule> {
    CGO_MODULES.iter().find(|m| path == m.path || path.starts_with(&format!("{}/", m.path)))
}
