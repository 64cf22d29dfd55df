//! Debian packages known to be installed in the full official images, so that `apt-get install`
//! on such a base does not count what is already there.
//!
//! The Debian package table measures what each package adds to a *minimal* Debian base. The
//! language images (`python:3.12`, `node:20`, `golang:1.22`, `rust:1.83`, `gcc`) are built on
//! `buildpack-deps`, which already holds compilers, headers and tools; the lists below are the
//! packages those images' own Dockerfiles install, each list with its source.

use super::catalog::ImageEntry;
use crate::image_ref::ImageRef;

/// The packages one image layer installs.
#[derive(Debug, PartialEq, Eq)]
pub struct PackageSet {
    /// What installs them (`buildpack-deps:trixie-curl`).
    pub name: &'static str,
    /// The packages as the Dockerfile names them.
    pub packages: &'static [&'static str],
    /// The Dockerfile they are read from.
    pub source: &'static str,
}

/// `buildpack-deps:*-curl`.
pub const CURL: PackageSet = PackageSet {
    name: "buildpack-deps curl layer",
    packages: &["ca-certificates", "curl", "gnupg", "netbase", "sq", "wget"],
    source: "docker-library/buildpack-deps@f4fae1079681a664db5a84c0b83621dd7c115996:debian/trixie/curl/Dockerfile \
             (sq: the bookworm variant, as golang:1.22 shows)",
};

/// `buildpack-deps:*-scm`.
pub const SCM: PackageSet = PackageSet {
    name: "buildpack-deps scm layer",
    packages: &["git", "mercurial", "openssh-client", "subversion", "procps"],
    source: "docker-library/buildpack-deps@443a8d3c6e53dbd17c55070de7de850f865ba6eb:debian/trixie/scm/Dockerfile",
};

/// `buildpack-deps:*` (the full image).
pub const FULL: PackageSet = PackageSet {
    name: "buildpack-deps",
    packages: &[
        "autoconf",
        "automake",
        "bzip2",
        "default-libmysqlclient-dev",
        "dpkg-dev",
        "file",
        "g++",
        "gcc",
        "imagemagick",
        "libbz2-dev",
        "libc6-dev",
        "libcurl4-openssl-dev",
        "libdb-dev",
        "libevent-dev",
        "libffi-dev",
        "libgdbm-dev",
        "libglib2.0-dev",
        "libgmp-dev",
        "libjpeg-dev",
        "libkrb5-dev",
        "liblzma-dev",
        "libmagickcore-dev",
        "libmagickwand-dev",
        "libmaxminddb-dev",
        "libncurses5-dev",
        "libncursesw5-dev",
        "libpng-dev",
        "libpq-dev",
        "libreadline-dev",
        "libsqlite3-dev",
        "libssl-dev",
        "libtool",
        "libwebp-dev",
        "libxml2-dev",
        "libxslt-dev",
        "libyaml-dev",
        "make",
        "patch",
        "unzip",
        "xz-utils",
        "zlib1g-dev",
    ],
    source: "docker-library/buildpack-deps@fdfe65ea0743aa735b4a5f27cac8e281e43508f5:debian/trixie/Dockerfile",
};

/// What the `golang` image adds on top of `buildpack-deps:*-scm`.
pub const GOLANG: PackageSet = PackageSet {
    name: "golang image",
    packages: &["g++", "gcc", "libc6-dev", "make", "pkg-config"],
    source: "docker-library/golang@7c8c182bfc19ee3169d0596ae63917d2c7166f94:1.26/trixie/Dockerfile",
};

/// Which catalog entries are built on which sets, and where that is stated.
const BUILT_ON: &[(&str, &[&str], &[&PackageSet], &str)] = &[
    ("buildpack-deps", &["trixie-curl"], &[&CURL], "the catalog entry"),
    ("buildpack-deps", &["trixie-scm"], &[&CURL, &SCM], "the catalog entry"),
    ("buildpack-deps", &["trixie"], &[&CURL, &SCM, &FULL], "the catalog entry"),
    (
        "golang",
        &["latest", "1.22"],
        &[&CURL, &SCM, &GOLANG],
        "docker-library/golang@7c8c182bfc19ee3169d0596ae63917d2c7166f94:1.26/trixie/Dockerfile (FROM buildpack-deps:trixie-scm)",
    ),
    (
        "python",
        &["latest", "3.12"],
        &[&CURL, &SCM, &FULL],
        "docker-library/python@4f07059567fa61c80397126e8063dbbde011b794:3.12/trixie/Dockerfile (FROM buildpack-deps:trixie)",
    ),
    (
        "node",
        &["latest", "20"],
        &[&CURL, &SCM, &FULL],
        "nodejs/docker-node@f27d936f7d7ccdeec25cd2de33584c1a841f561d:22/trixie/Dockerfile (FROM buildpack-deps:trixie)",
    ),
    (
        "rust",
        &["latest", "1.83"],
        &[&CURL, &SCM, &FULL],
        "the layers listed in maxmood96/repo-info@ed6bab72966cdbc9c535575455888e1b78bcb618:repos/rust/remote/1.83.md",
    ),
    ("gcc", &["latest"], &[&CURL, &SCM, &FULL], "the catalog entry (GCC on buildpack-deps:trixie)"),
];

/// Every `buildpack-deps` layer: what a full language image built on `buildpack-deps:<suite>`
/// holds, and its `-slim` variant (built on `debian:<suite>-slim`) lacks.
const BUILDPACK_DEPS: &[&PackageSet] = &[&CURL, &SCM, &FULL];

/// What the full image `image` has that its `-slim` variant lacks: the package sets of the
/// catalog entry, or, for a tag the catalog does not list, every `buildpack-deps` layer when the
/// image is one of the language images built on it (it has compilers). Empty otherwise
/// (`debian:12` and `debian:12-slim` differ in documentation and locales, not in tools).
#[must_use]
pub fn missing_from_slim(image: &ImageRef) -> &'static [&'static PackageSet] {
    if let Some(found) = super::catalog::lookup(image) {
        let (sets, _) = sets_in(found.entry);
        if !sets.is_empty() {
            return sets;
        }
    }
    if crate::ecosystem::base_image(image).is_some_and(|b| b.has_compilers) { BUILDPACK_DEPS } else { &[] }
}

/// Programs whose Debian package has another name; any other program is looked up under its
/// own name (`curl`, `wget`, `git`, `gcc`, `make`).
const PROGRAM_PACKAGES: &[(&str, &str)] = &[
    ("cc", "gcc"),
    ("c++", "g++"),
    ("hg", "mercurial"),
    ("svn", "subversion"),
    ("ssh", "openssh-client"),
    ("scp", "openssh-client"),
    ("gpg", "gnupg"),
    ("xz", "xz-utils"),
    ("unxz", "xz-utils"),
    ("libtoolize", "libtool"),
    ("convert", "imagemagick"),
    ("bunzip2", "bzip2"),
    ("autoreconf", "autoconf"),
];

/// Packages that pull in others a later step may need: `build-essential` brings the compilers
/// and `make`, as Alpine's `build-base` does.
const META_PACKAGES: &[(&str, &[&str])] = &[
    ("build-essential", &["gcc", "g++", "make", "libc6-dev", "dpkg-dev", "patch"]),
    ("build-base", &["gcc", "g++", "make", "libc6-dev", "patch"]),
];

/// The package of `sets` that provides `program` (a command's name, a path such as
/// `/usr/bin/curl` read by its last part), if one does.
#[must_use]
pub fn program_in<'a>(sets: &[&'a PackageSet], program: &str) -> Option<(&'static str, &'a PackageSet)> {
    let name = program.rsplit('/').next().unwrap_or(program);
    let package = PROGRAM_PACKAGES.iter().find(|(p, _)| *p == name).map_or(name, |(_, package)| package);
    let set = providing(sets, package)?;
    set.packages.iter().copied().find(|p| *p == package).map(|p| (p, set))
}

/// Whether installing `installed` (names as an install line writes them) provides `package`.
#[must_use]
pub fn installs(installed: &str, package: &str) -> bool {
    let name = installed.split(['=', '/', ':']).next().unwrap_or(installed).trim();
    name == package || META_PACKAGES.iter().any(|(meta, brings)| *meta == name && brings.contains(&package))
}

/// The package sets an image is known to contain, and where that is stated; empty for images
/// not built on `buildpack-deps`.
#[must_use]
pub fn sets_in(entry: &ImageEntry) -> (&'static [&'static PackageSet], &'static str) {
    BUILT_ON
        .iter()
        .find(|(image, tags, _, _)| *image == entry.image && tags.contains(&entry.tag_name()))
        .map_or((&[], ""), |(_, _, sets, why)| (*sets, *why))
}

/// The set that installs `package` (name as an install line writes it, pins and architecture
/// qualifiers ignored), if any of `sets` does.
#[must_use]
pub fn providing<'a>(sets: &[&'a PackageSet], package: &str) -> Option<&'a PackageSet> {
    let name = package.split(['=', '/', ':']).next().unwrap_or(package).trim();
    sets.iter().copied().find(|set| set.packages.contains(&name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::catalog::lookup;

    fn entry(reference: &str) -> &'static ImageEntry {
        lookup(&ImageRef::parse(reference).expect("valid")).expect("in the catalog").entry
    }

    #[test]
    fn language_images_hold_buildpack_deps() {
        let (sets, why) = sets_in(entry("python:3.12"));
        assert!(why.contains("FROM buildpack-deps:trixie"));
        assert_eq!(providing(sets, "gcc").map(|s| s.name), Some("buildpack-deps"));
        assert_eq!(providing(sets, "gcc=4:12.2.0-3").map(|s| s.name), Some("buildpack-deps"));
        assert_eq!(providing(sets, "curl:amd64").map(|s| s.name), Some("buildpack-deps curl layer"));
        assert_eq!(providing(sets, "python3-dev"), None);
        let (golang, _) = sets_in(entry("golang:1.22"));
        assert!(providing(golang, "pkg-config").is_some());
        assert!(providing(golang, "imagemagick").is_none());
    }

    #[test]
    fn what_slim_variants_lack() {
        let image = |r: &str| ImageRef::parse(r).expect("valid");
        // In the catalog, and a tag it does not list: the same layers.
        for full in ["python:3.12", "python:3.9", "node:18-bookworm", "ruby:3.3"] {
            let sets = missing_from_slim(&image(full));
            assert_eq!(program_in(sets, "curl").map(|(p, s)| (p, s.name)), Some(("curl", "buildpack-deps curl layer")));
            assert_eq!(program_in(sets, "/usr/bin/git").map(|(p, _)| p), Some("git"), "{full}");
            assert_eq!(program_in(sets, "cc").map(|(p, _)| p), Some("gcc"), "{full}");
            assert_eq!(program_in(sets, "python"), None, "{full}");
        }
        assert!(missing_from_slim(&image("debian:12")).is_empty());
        assert!(installs("build-essential", "make") && installs("curl=8.5.0-2", "curl") && !installs("git", "curl"));
    }

    #[test]
    fn slim_and_other_images_hold_none() {
        assert!(sets_in(entry("python:3.12-slim")).0.is_empty());
        assert!(sets_in(entry("debian:bookworm-slim")).0.is_empty());
        assert!(sets_in(entry("golang:1.22-alpine")).0.is_empty());
    }
}
