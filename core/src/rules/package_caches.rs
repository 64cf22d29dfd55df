//! What package managers leave behind as caches, where, and how each is kept out of a layer: the
//! knowledge behind `package-cache-in-layer` and `deleted-in-later-layer`, as tables.
//!
//! Locations are for root in the official images (`/root` as home) unless an image or an
//! environment variable moves them. Where a tool's behaviour is not certain the table leaves it
//! out rather than guess: pnpm and bun are absent because they hard-link packages from their
//! store into `node_modules` on Linux (pnpm's `package-import-method` "auto", bun's `hardlink`
//! backend), so their store costs little in the same layer and removing it can break symlinked
//! installs.

use crate::fix::Applicability;
use crate::paths::path_within;
use crate::shell::SimpleCommand;

/// How a cache is kept out of the layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Remedy {
    /// A flag on the command that turns the cache off (`apk add --no-cache`).
    Flag(&'static str),
    /// A command appended to the same `RUN` that empties the cache (`npm cache clean --force`).
    Cleanup(&'static str),
    /// `rm -rf` of the cache directories at the end of the same `RUN` (poetry keeps its
    /// virtualenvs beside its caches, so only the cache subdirectories may go).
    RemoveDirs,
    /// Caches meant to persist between builds (Go, Cargo, Maven, Gradle, NuGet): a BuildKit
    /// cache mount keeps them out of the layer and reuses them.
    CacheMount,
}

/// One directory a cache lives in.
#[derive(Debug)]
pub(crate) struct CacheDir {
    /// What it holds, for messages ("npm's download cache").
    pub what: &'static str,
    /// Environment variables that move it, most specific first, with the path under their
    /// value (`""` for the value itself).
    pub moved_by: &'static [(&'static str, &'static str)],
    /// Official images that move it themselves: (repository, path).
    pub in_images: &'static [(&'static str, &'static str)],
    /// Where it is otherwise, `~/` meaning the user's home: the first is where the current
    /// version puts it for root; the others are where other versions or users put it, which
    /// count when mounted or removed.
    pub defaults: &'static [&'static str],
}

/// A command in the same `RUN` that empties a cache: `program path... [one of with_any]`.
#[derive(Debug)]
pub(crate) struct Cleanup {
    /// The programs.
    pub programs: &'static [&'static str],
    /// The subcommand words.
    pub path: &'static [&'static str],
    /// Words of which one must also be present (`zypper clean` keeps metadata without `-a`).
    pub with_any: &'static [&'static str],
}

/// A package manager's caches.
#[derive(Debug)]
pub(crate) struct PackageCache {
    /// The programs.
    pub programs: &'static [&'static str],
    /// Subcommand paths that fill it; `&[]` is the program alone (`yarn`), `&["*"]` any
    /// invocation with an operand (`mvn package`).
    pub fills: &'static [&'static [&'static str]],
    /// Where it lives.
    pub dirs: &'static [CacheDir],
    /// Flags (`--flag` or `--flag=value`) after which it is not written, or written somewhere
    /// this table cannot follow.
    pub off_flags: &'static [&'static str],
    /// Environment variables that turn it off when set.
    pub off_env: &'static [&'static str],
    /// Commands that empty it.
    pub cleanups: &'static [Cleanup],
    /// The fix.
    pub remedy: Remedy,
    /// How safe the fix is.
    pub applicability: Applicability,
    /// Images whose setup of this cache is not known well enough to advise on it.
    pub skip_in_images: &'static [&'static str],
    /// Text that, in the `RUN` or an instruction before it in its stage chain, means a setup
    /// with other cache semantics (Yarn 2+ Plug'n'Play loads packages from its cache; `bundle
    /// config` may move the gem home).
    pub not_after: &'static [&'static str],
}

/// The caches of the operating systems' package managers (apk, dnf, yum, microdnf, zypper);
/// each ecosystem's module holds its own. apt's package lists are not here:
/// `package-cache-in-layer` handles them itself (a later install may need them).
const OS_CACHES: &[PackageCache] = &[
    // apk(8): `--no-cache` fetches the index to memory instead of /var/cache/apk.
    PackageCache {
        programs: &["apk"],
        fills: &[&["add"], &["upgrade"]],
        dirs: &[CacheDir { what: "apk's index cache", moved_by: &[], in_images: &[], defaults: &["/var/cache/apk"] }],
        off_flags: &["--no-cache"],
        off_env: &[],
        cleanups: &[Cleanup { programs: &["apk"], path: &["cache", "clean"], with_any: &[] }],
        remedy: Remedy::Flag("--no-cache"),
        applicability: Applicability::Safe,
        skip_in_images: &[],
        not_after: &[],
    },
    // dnf(8): `dnf clean all` removes cached metadata and packages (/var/cache/dnf; dnf5 uses
    // /var/cache/libdnf5); hadolint DL3040. `--installroot` writes into another root.
    PackageCache {
        programs: &["dnf", "dnf5"],
        fills: &[
            &["install"],
            &["update"],
            &["upgrade"],
            &["reinstall"],
            &["groupinstall"],
            &["group", "install"],
            &["localinstall"],
            &["makecache"],
            &["distro-sync"],
            &["builddep"],
            &["downgrade"],
            &["swap"],
        ],
        dirs: &[CacheDir {
            what: "dnf's metadata cache",
            moved_by: &[],
            in_images: &[],
            defaults: &["/var/cache/dnf", "/var/cache/libdnf5"],
        }],
        off_flags: &["--installroot"],
        off_env: &[],
        cleanups: &[Cleanup { programs: &["dnf", "dnf5", "yum", "microdnf"], path: &["clean", "all"], with_any: &[] }],
        remedy: Remedy::Cleanup("dnf clean all"),
        applicability: Applicability::Safe,
        skip_in_images: &[],
        not_after: &[],
    },
    // yum(8): `yum clean all`; on EL 8+ yum is dnf and caches in /var/cache/dnf; hadolint DL3032.
    PackageCache {
        programs: &["yum"],
        fills: &[
            &["install"],
            &["update"],
            &["upgrade"],
            &["reinstall"],
            &["groupinstall"],
            &["localinstall"],
            &["makecache"],
            &["distro-sync"],
            &["downgrade"],
        ],
        dirs: &[CacheDir {
            what: "yum's metadata cache",
            moved_by: &[],
            in_images: &[],
            defaults: &["/var/cache/yum", "/var/cache/dnf"],
        }],
        off_flags: &["--installroot"],
        off_env: &[],
        cleanups: &[Cleanup { programs: &["yum", "dnf"], path: &["clean", "all"], with_any: &[] }],
        remedy: Remedy::Cleanup("yum clean all"),
        applicability: Applicability::Safe,
        skip_in_images: &[],
        not_after: &[],
    },
    // microdnf (UBI minimal images): `microdnf clean all`; hadolint DL3040 covers it.
    PackageCache {
        programs: &["microdnf"],
        fills: &[&["install"], &["update"], &["upgrade"], &["reinstall"], &["makecache"]],
        dirs: &[CacheDir {
            what: "microdnf's metadata cache",
            moved_by: &[],
            in_images: &[],
            defaults: &["/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5"],
        }],
        off_flags: &["--installroot"],
        off_env: &[],
        cleanups: &[Cleanup { programs: &["microdnf", "dnf"], path: &["clean", "all"], with_any: &[] }],
        remedy: Remedy::Cleanup("microdnf clean all"),
        applicability: Applicability::Safe,
        skip_in_images: &[],
        not_after: &[],
    },
    // zypper(8): "clean ... By default, only caches of downloaded packages are deleted", `-a`
    // cleans metadata too (/var/cache/zypp); hadolint DL3036.
    PackageCache {
        programs: &["zypper"],
        fills: &[
            &["install"],
            &["in"],
            &["update"],
            &["up"],
            &["dist-upgrade"],
            &["dup"],
            &["refresh"],
            &["ref"],
            &["patch"],
            &["source-install"],
            &["si"],
        ],
        dirs: &[CacheDir {
            what: "zypper's metadata cache",
            moved_by: &[],
            in_images: &[],
            defaults: &["/var/cache/zypp"],
        }],
        off_flags: &["--root", "-R", "--installroot"],
        off_env: &[],
        cleanups: &[
            Cleanup { programs: &["zypper"], path: &["clean"], with_any: &["-a", "--all"] },
            Cleanup { programs: &["zypper"], path: &["cc"], with_any: &["-a", "--all"] },
        ],
        remedy: Remedy::Cleanup("zypper clean -a"),
        applicability: Applicability::Safe,
        skip_in_images: &[],
        not_after: &[],
    },
];

/// Every cache this module knows: the operating systems' and every ecosystem's.
pub(crate) fn package_caches() -> impl Iterator<Item = &'static PackageCache> {
    OS_CACHES.iter().chain(crate::ecosystem::LANGUAGES.iter().flat_map(|language| language.caches))
}

impl PackageCache {
    /// The index in `command.words` of the word that ends the subcommand when `command` fills
    /// this cache (the program itself for `yarn` alone), unless an off flag says otherwise.
    pub(crate) fn filled_by(&self, command: &SimpleCommand) -> Option<usize> {
        let (program, start) = command.invocation()?;
        if !self.programs.contains(&program) {
            return None;
        }
        let at = self.fills.iter().find_map(|path| match *path {
            [] => command.operands().is_empty().then(|| start - 1),
            ["*"] => command.operands().first().copied(),
            path => command.subcommand_path(self.programs, path),
        })?;
        let off = command.words.iter().any(|w| self.off_flags.iter().any(|flag| flag_matches(&w.value, flag)));
        (!off).then_some(at)
    }

    /// Whether this cache is advised on for instruction `i`: not in an image whose setup of it
    /// is unknown, not turned off by an environment variable, not in a setup with other
    /// semantics.
    pub(crate) fn applies(&self, context: &super::Context<'_>, i: usize) -> bool {
        let image = context.base_image(i).map(crate::image_ref::ImageRef::short_name);
        !image.as_deref().is_some_and(|name| self.skip_in_images.contains(&name))
            && !self.off_env.iter().chain(self.not_after).any(|text| context.mentions_before(i, text))
    }

    /// Whether `command` empties this cache.
    pub(crate) fn cleaned_by(&self, command: &SimpleCommand) -> bool {
        self.cleanups.iter().any(|cleanup| {
            command.subcommand_path(cleanup.programs, cleanup.path).is_some()
                && (cleanup.with_any.is_empty() || cleanup.with_any.iter().any(|w| command.has_word(w)))
        })
    }
}

/// `--flag`, `--flag=value`, or `-Dname=value` for `-Dname`.
fn flag_matches(word: &str, flag: &str) -> bool {
    word == flag || word.strip_prefix(flag).is_some_and(|rest| rest.starts_with('='))
}

/// Where one cache directory is for one instruction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Location {
    /// What it holds.
    pub what: &'static str,
    /// The absolute path, when it can be told (root's home is `/root`).
    pub path: Option<String>,
    /// How a mount target or an `rm` operand may name it: absolute paths, and `~/` paths under
    /// any home.
    pub names: Vec<String>,
    /// Variables that moved it: an `rm` operand naming one of them removes it.
    pub vars: Vec<&'static str>,
}

impl Location {
    /// Whether nothing at all is known of where it is.
    pub(crate) fn is_unknown(&self) -> bool {
        self.path.is_none() && self.names.is_empty() && self.vars.is_empty()
    }

    /// How to show it in a message: `npm's download cache (/root/.npm)`.
    pub(crate) fn display(&self) -> String {
        let place = self.path.clone().or_else(|| self.names.first().cloned()).unwrap_or_else(|| {
            self.vars.first().map_or_else(|| "its directory".to_owned(), |var| format!("under ${var}"))
        });
        format!("{} ({place})", self.what)
    }

    /// Whether `operand` (an `rm` operand or a mount target) names this directory, a parent of
    /// it or a part of it.
    pub(crate) fn named_by(&self, operand: &str) -> bool {
        if self.vars.iter().any(|var| operand.contains(&format!("${var}")) || operand.contains(&format!("${{{var}}}")))
        {
            return true;
        }
        let operand = normalize(operand);
        if operand.is_empty() || operand.contains('$') {
            return false;
        }
        self.path.iter().chain(&self.names).any(|name| {
            let candidates: Vec<String> = match name.strip_prefix("~/") {
                Some(rest) => vec![name.clone(), format!("/root/{rest}")],
                None => vec![name.clone()],
            };
            candidates.iter().any(|c| path_within(c, &operand) || path_within(&operand, c))
                || name.strip_prefix("~/").is_some_and(|rest| in_some_home(&operand, rest))
        })
    }
}

/// Finds where `dir` is for instruction `i` of `context`.
pub(crate) fn locate(context: &super::Context<'_>, i: usize, dir: &CacheDir) -> Location {
    for &(var, suffix) in dir.moved_by {
        if let Some(value) = context.env(i, var) {
            // A list (`GOPATH=/go:/src`) is searched in order: the first entry is the one written.
            let value = value.split(':').next().unwrap_or_default().trim_end_matches('/');
            let path = (value.starts_with('/') && !value.contains('$')).then(|| format!("{value}{suffix}"));
            return Location { what: dir.what, names: path.iter().cloned().collect(), path, vars: vec![var] };
        }
    }
    let image = context.base_image(i).map(crate::image_ref::ImageRef::short_name);
    if let Some((_, path)) = dir.in_images.iter().find(|(name, _)| image.as_deref() == Some(*name)) {
        return Location {
            what: dir.what,
            path: Some((*path).to_owned()),
            names: vec![(*path).to_owned()],
            vars: Vec::new(),
        };
    }
    let root = context.runs_as_root(i);
    let path = dir.defaults.first().and_then(|first| match first.strip_prefix("~/") {
        Some(rest) => root.then(|| format!("/root/{rest}")),
        None => Some((*first).to_owned()),
    });
    Location { what: dir.what, path, names: dir.defaults.iter().map(|d| (*d).to_owned()).collect(), vars: Vec::new() }
}

/// `~`, `$HOME` and `${HOME}` as `~`; no trailing `/`, `/*` or `/.`.
fn normalize(operand: &str) -> String {
    let mut text = operand.to_owned();
    for home in ["${HOME}", "$HOME"] {
        if let Some(rest) = text.strip_prefix(home) {
            text = format!("~{rest}");
        }
    }
    loop {
        let trimmed = text
            .strip_suffix("/*")
            .or_else(|| text.strip_suffix("/."))
            .or_else(|| text.strip_suffix('/'))
            .map(str::to_owned);
        match trimmed {
            Some(t) if !t.is_empty() => text = t,
            _ => break,
        }
    }
    text
}

/// Whether absolute `operand` could be `home/…` for some user's home, for the path `relative`
/// under it: `/home/app/.cache` for `.cache/pip`.
fn in_some_home(operand: &str, relative: &str) -> bool {
    let segments: Vec<&str> = relative.split('/').collect();
    (1..=segments.len()).any(|n| {
        let head = segments[..n].join("/");
        operand.starts_with('/') && operand.ends_with(&format!("/{head}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn location(path: Option<&str>, names: &[&str]) -> Location {
        Location {
            what: "a cache",
            path: path.map(str::to_owned),
            names: names.iter().map(|n| (*n).to_owned()).collect(),
            vars: Vec::new(),
        }
    }

    #[test]
    fn operands_name_a_cache_its_parents_and_its_parts() {
        let npm = location(Some("/root/.npm"), &["~/.npm"]);
        for operand in
            ["/root/.npm", "/root/.npm/", "/root/.npm/*", "~/.npm", "$HOME/.npm/_cacache", "${HOME}", "/root"]
        {
            assert!(npm.named_by(operand), "{operand}");
        }
        for operand in ["/root/.npmrc", "/tmp", "node_modules", "/", "$CACHE"] {
            assert!(!npm.named_by(operand), "{operand}");
        }
        // Another user's home, as a mount target names it.
        let pip = location(None, &["~/.cache/pip"]);
        assert!(pip.named_by("/home/app/.cache/pip"));
        assert!(pip.named_by("/home/app/.cache"));
        assert!(!pip.named_by("/home/app/.config"));
    }

    #[test]
    fn globs_and_moving_variables() {
        let gems = location(Some("/usr/local/bundle/ruby/*/cache"), &[]);
        assert!(gems.named_by("/usr/local/bundle/ruby/3.3.0/cache"));
        assert!(gems.named_by("/usr/local/bundle"));
        let moved = Location { what: "a cache", path: None, names: Vec::new(), vars: vec!["POETRY_CACHE_DIR"] };
        assert!(moved.named_by("$POETRY_CACHE_DIR"));
        assert!(moved.named_by("${POETRY_CACHE_DIR}/cache"));
        assert!(!moved.named_by("/tmp"));
    }
}
