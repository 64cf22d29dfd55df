//! Which of the system packages the original installs the runtime still needs: build tools and
//! headers stay behind, a `-dev` package becomes its runtime library, the rest is carried over.

use super::build_plan::Decline;
use super::stage_walk::StageWalk;

/// Packages only the build uses.
const BUILD_ONLY: &[&str] = &[
    "autoconf",
    "automake",
    "binutils",
    "build-base",
    "build-essential",
    "cargo",
    "clang",
    "cmake",
    "cpp",
    "default-jdk",
    "default-jdk-headless",
    "dpkg-dev",
    "file",
    "g++",
    "gcc",
    "git",
    "gnupg",
    "golang",
    "golang-go",
    "libtool",
    "make",
    "maven",
    "gradle",
    "musl-dev",
    "musl-tools",
    "nodejs",
    "npm",
    "patch",
    "pkg-config",
    "pkgconf",
    "python3-dev",
    "python-dev",
    "re2c",
    "python3-pip",
    "python3-venv",
    "python3-setuptools",
    "python3-wheel",
    "rustc",
    "software-properties-common",
    "apt-transport-https",
    "lsb-release",
    "unzip",
    "xz-utils",
    "yarn",
    "linux-headers",
    "openjdk-17-jdk",
    "openjdk-21-jdk",
    "openjdk-11-jdk",
];

/// Download tools: build-only unless the runtime command or health check calls them.
const DOWNLOADERS: &[&str] = &["curl", "wget"];

/// Debian `-dev` packages and the runtime library a binary built against them links to
/// (bookworm names).
const DEBIAN_RUNTIME_LIBRARIES: &[(&str, Option<&str>)] = &[
    ("libpq-dev", Some("libpq5")),
    ("libssl-dev", Some("libssl3")),
    ("libffi-dev", Some("libffi8")),
    ("zlib1g-dev", None),
    ("libjpeg-dev", Some("libjpeg62-turbo")),
    ("libjpeg62-turbo-dev", Some("libjpeg62-turbo")),
    ("libpng-dev", Some("libpng16-16")),
    ("libxml2-dev", Some("libxml2")),
    ("libxslt1-dev", Some("libxslt1.1")),
    ("libxslt-dev", Some("libxslt1.1")),
    ("default-libmysqlclient-dev", Some("libmariadb3")),
    ("libmariadb-dev", Some("libmariadb3")),
    ("libmariadb-dev-compat", Some("libmariadb3")),
    ("libsqlite3-dev", Some("libsqlite3-0")),
    ("libyaml-dev", Some("libyaml-0-2")),
    ("libcurl4-openssl-dev", Some("libcurl4")),
    ("libbz2-dev", None),
    ("liblzma-dev", None),
    ("libreadline-dev", Some("libreadline8")),
    ("libncurses-dev", None),
    ("libncurses5-dev", None),
    ("libgmp-dev", Some("libgmp10")),
    ("libmagic-dev", Some("libmagic1")),
    ("libsasl2-dev", Some("libsasl2-2")),
    ("libldap2-dev", Some("libldap-2.5-0")),
    ("libkrb5-dev", Some("libgssapi-krb5-2")),
    ("libgeos-dev", Some("libgeos-c1v5")),
    ("libpcre3-dev", Some("libpcre3")),
    ("libzstd-dev", None),
    ("uuid-dev", Some("libuuid1")),
    // The libraries PHP's extensions are built against (`docker-php-ext-install mbstring gd`).
    ("libonig-dev", Some("libonig5")),
    ("libfreetype-dev", Some("libfreetype6")),
    ("libfreetype6-dev", Some("libfreetype6")),
    ("libwebp-dev", Some("libwebp7")),
];

/// The system packages the runtime needs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct RuntimePackages {
    /// Debian packages, for `apt-get install`.
    pub apt: Vec<String>,
    /// Alpine packages, for `apk add`.
    pub apk: Vec<String>,
    /// Notes for the trail.
    pub notes: Vec<String>,
}

impl RuntimePackages {
    /// Whether any package is needed.
    pub(super) fn is_empty(&self) -> bool {
        self.apt.is_empty() && self.apk.is_empty()
    }
}

/// The packages the runtime needs, given the stage and the text of what moves to the runtime
/// (a health check that calls curl keeps curl).
pub(super) fn runtime_packages(walk: &StageWalk<'_>, runtime_text: &str) -> Result<RuntimePackages, Decline> {
    let mut out = RuntimePackages::default();
    let called = |tool: &str| runtime_text.split(|c: char| !c.is_ascii_alphanumeric() && c != '-').any(|w| w == tool);
    for run in &walk.commands {
        let command = &run.command;
        let apt_install = command.subcommand(&["apt-get", "apt", "aptitude"], "install");
        let Some(install) = apt_install.or_else(|| command.subcommand(&["apk"], "add")) else { continue };
        let apt = apt_install.is_some();
        // The shell reader's operands skip options and the values they take (`-t bookworm-backports`).
        for at in command.operands().into_iter().filter(|&at| at > install) {
            let name = command.words[at].value.split('=').next().unwrap_or("");
            if name.is_empty() || name.starts_with('-') || name.contains('$') {
                continue;
            }
            // A redirection or heredoc marker the shell reader kept as a word (`\<<EOF` inside a
            // continuation, found by the fuzzer) would be copied into the runtime's install line
            // and break it: what is not a package name is not guessed at.
            if !is_package_name(name) {
                return Err(Decline::new(format!(
                    "the build's package install has `{name}`, which slimfile cannot read as a package name"
                )));
            }
            if BUILD_ONLY.contains(&name) || (DOWNLOADERS.contains(&name) && !called(name)) {
                continue;
            }
            let list = if apt { &mut out.apt } else { &mut out.apk };
            if let Some(base) = name.strip_suffix("-dev") {
                if apt {
                    match DEBIAN_RUNTIME_LIBRARIES.iter().find(|(dev, _)| *dev == name) {
                        Some((_, Some(library))) => {
                            out.notes.push(format!(
                                "{name} is replaced by its runtime library {library} (the bookworm name)"
                            ));
                            push_unique(&mut out.apt, library);
                        }
                        Some((_, None)) => {}
                        None => {
                            return Err(Decline::new(format!(
                                "the build installs {name}, and slimfile does not know which runtime library the app then needs"
                            )));
                        }
                    }
                } else {
                    // Alpine names a library `foo` and its headers `foo-dev`.
                    out.notes.push(format!("{name} is replaced by {base}, Alpine's runtime package for it"));
                    push_unique(list, base);
                }
                continue;
            }
            push_unique(list, name);
        }
    }
    for tool in DOWNLOADERS {
        let installed = out.apt.iter().chain(&out.apk).any(|p| p == tool);
        if called(tool) && !installed {
            out.notes.push(format!(
                "{tool} is installed in the runtime because the runtime command or health check calls it"
            ));
            push_unique(&mut out.apt, tool);
        }
    }
    Ok(out)
}

/// A Debian or Alpine package name, optionally with an architecture (`libc6:amd64`) or a target
/// release (`curl/bookworm-backports`): letters, digits and `+ - . _ : /`, starting with a letter
/// or digit.
fn is_package_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.' | '_' | ':' | '/'))
}

fn push_unique(list: &mut Vec<String>, name: &str) {
    if !list.iter().any(|p| p == name) {
        list.push(name.to_owned());
    }
}
