//! What one `RUN` adds to the image: Debian packages from the package table, build outputs as
//! stated assumptions or unknowns, and caches left behind. A command it does not model adds
//! nothing and is reported as unknown, never as an invented number.

use std::collections::BTreeSet;

use super::assumptions::GO_BINARY;
use super::base_packages::{self, PackageSet};
use super::catalog::ImageEntry;
use super::image_estimate::{Contribution, Evidence};
use super::packages;
use super::units::megabytes;
use crate::shell::SimpleCommand;

/// What the stage a `RUN` belongs to already holds.
pub(crate) struct StageFacts<'a> {
    /// The catalog entry at the root of the stage's `FROM` chain, if known.
    pub root: Option<&'static ImageEntry>,
    /// Debian packages earlier `RUN`s of the stage chain installed.
    pub installed: &'a BTreeSet<String>,
    /// The working directory, when it is known.
    pub workdir: Option<&'a str>,
}

/// A file or directory a build step leaves that a later `COPY --from` may take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Artifact {
    /// Absolute path of the file or directory, when the step names it.
    pub path: Option<String>,
    /// The directory it is written to when only that is known (`go build` without `-o`).
    pub dir: Option<String>,
    /// Its on-disk size, when assumed or measured.
    pub bytes: Option<u64>,
    /// What it is, for reports.
    pub what: String,
    /// How its size is known.
    pub evidence: Evidence,
    /// The sentence that states its size.
    pub basis: String,
}

/// What a `RUN` adds.
#[derive(Debug, Default)]
pub(crate) struct RunCost {
    /// The parts of its layer.
    pub contributions: Vec<Contribution>,
    /// Debian packages it installs (so a later install of the same package counts nothing).
    pub installed: Vec<String>,
    /// What later stages may copy out of it.
    pub artifacts: Vec<Artifact>,
}

/// Programs whose effect on the filesystem is a few bytes at most.
const NEGLIGIBLE: &[&str] = &[
    "addgroup",
    "adduser",
    "cd",
    "chmod",
    "chown",
    "echo",
    "exit",
    "export",
    "false",
    "groupadd",
    "id",
    "ldconfig",
    "ln",
    "ls",
    "mkdir",
    "mv",
    "printf",
    "pwd",
    "rm",
    "sed",
    "set",
    "sleep",
    "test",
    "touch",
    "true",
    "update-ca-certificates",
    "useradd",
    "usermod",
    "whoami",
    "[",
    ":",
    "if",
    "then",
    "else",
    "elif",
    "fi",
    "for",
    "while",
    "until",
    "do",
    "done",
    "case",
    "esac",
    "{",
    "}",
    "!",
];

const APT_LISTS: &str = "/var/lib/apt/lists";
const APK_CACHE: &str = "/var/cache/apk";
const PIP_CACHE: &str = "/root/.cache/pip";
const GO_BUILD_CACHE: &str = "/root/.cache/go-build";
const GO_MODULE_CACHE: &str = "/go/pkg/mod";

/// Costs one `RUN` from its commands; `cache_targets` are the paths its BuildKit cache mounts
/// cover (their contents never reach the layer).
pub(crate) fn cost_run(commands: &[SimpleCommand], cache_targets: &[&str], facts: &StageFacts<'_>) -> RunCost {
    let mut cost = RunCost::default();
    let cached = |path: &str| {
        cache_targets.iter().any(|t| {
            let t = t.trim_end_matches('/');
            path == t || path.starts_with(&format!("{t}/"))
        })
    };
    let removes = |path: &str| {
        commands.iter().any(|c| c.program() == Some("rm") && c.words.iter().any(|w| w.value.starts_with(path)))
    };
    let mut apt_update = false;
    let mut unmodelled: Vec<String> = Vec::new();
    for command in commands {
        let Some(program) = command.program() else { continue };
        let words: Vec<&str> = command.program_words().iter().map(|w| w.value.as_str()).collect();
        if command.subcommand(&["apt-get", "apt"], "install").is_some() {
            apt_install(command, facts, &mut cost);
            continue;
        }
        if command.subcommand(&["apt-get", "apt"], "update").is_some() {
            apt_update = true;
            continue;
        }
        if matches!(program, "apt-get" | "apt" | "apk" | "pip" | "pip3" | "npm" | "yarn")
            && !is_install(program, command)
        {
            continue;
        }
        if let Some(contribution) = language_install(program, command, &cached, &removes) {
            cost.contributions.push(contribution);
            if let Some(dir) = dependency_dir(program) {
                cost.artifacts.push(unknown_artifact(facts.workdir, dir, program));
            }
            continue;
        }
        match program {
            "go" => go(command, &words, facts, &cached, &mut cost),
            "cargo" | "mvn" | "mvnw" | "gradle" | "gradlew" | "dotnet" => build_tool(program, &words, facts, &mut cost),
            "chmod" | "chown" if words.iter().any(|w| *w == "-R" || w.starts_with("--recursive")) => {
                cost.contributions.push(Contribution::unknown(
                    format!("`{program} -R`"),
                    "changing ownership or mode rewrites every file it touches into this layer; how many is not known",
                ));
            }
            _ if NEGLIGIBLE.contains(&program) || program.contains('=') => {}
            _ => {
                if !unmodelled.iter().any(|p| p == program) {
                    unmodelled.push(program.to_owned());
                }
            }
        }
    }
    if apt_update && !removes(APT_LISTS) && !cached(APT_LISTS) {
        cost.contributions.push(Contribution::unknown(
            "apt package lists (/var/lib/apt/lists)",
            "`apt-get update` leaves the package lists in this layer; their size is not in slimfile's data",
        ));
    }
    if !unmodelled.is_empty() {
        let names: Vec<String> = unmodelled.iter().map(|p| format!("`{p}`")).collect();
        cost.contributions.push(Contribution::unknown(
            format!("what {} write{}", names.join(", "), if names.len() == 1 { "s" } else { "" }),
            "slimfile does not model these commands",
        ));
    }
    cost
}

/// Whether a package-manager command installs something (as opposed to `apt-get clean`,
/// `pip freeze`, `npm run lint`).
fn is_install(program: &str, command: &SimpleCommand) -> bool {
    let sub = |names: &[&str]| names.iter().any(|n| command.subcommand(&[program], n).is_some());
    match program {
        "apk" => sub(&["add"]),
        "pip" | "pip3" => sub(&["install"]),
        "npm" => sub(&["install", "i", "ci", "add", "run"]),
        "yarn" => command.program_words().len() == 1 || sub(&["install", "add", "build", "run"]),
        _ => false,
    }
}

/// `apt-get install`: the Debian table's closures, less what the base already holds.
fn apt_install(command: &SimpleCommand, facts: &StageFacts<'_>, cost: &mut RunCost) {
    let Some(at) = command.subcommand(&["apt-get", "apt"], "install") else { return };
    let recommends = !command.words.iter().any(|w| {
        w.value == "--no-install-recommends"
            || w.value.contains("Install-Recommends=false")
            || w.value.contains("Install-Recommends=0")
    });
    let mut names: Vec<&str> = Vec::new();
    let mut skip_value = false;
    for word in &command.words[at + 1..] {
        let value = word.value.as_str();
        if skip_value {
            skip_value = false;
        } else if matches!(value, "-o" | "-t" | "-c" | "--option" | "--target-release" | "--config-file") {
            skip_value = true;
        } else if !value.starts_with('-') && !value.is_empty() {
            names.push(value);
        }
    }
    if names.is_empty() {
        return;
    }
    let (sets, why): (&[&PackageSet], &str) = facts.root.map_or((&[], ""), base_packages::sets_in);
    let base_name = facts.root.map(|e| format!("{}:{}", e.image, e.tag_name()));
    let mut in_base: Vec<&str> = Vec::new();
    let mut earlier: Vec<&str> = Vec::new();
    let mut unknown: Vec<&str> = Vec::new();
    let mut known: Vec<&'static packages::PackageEntry> = Vec::new();
    for name in &names {
        if name.contains(['$', '*', '?']) {
            unknown.push(name);
        } else if base_packages::providing(sets, name).is_some() {
            in_base.push(name);
        } else if let Some(entry) = packages::package(name) {
            if facts.installed.contains(entry.name) {
                earlier.push(name);
            } else if !known.contains(&entry) {
                known.push(entry);
                cost.installed.push(entry.name.to_owned());
            }
        } else {
            unknown.push(name);
        }
    }
    let closure = |p: &packages::PackageEntry| {
        if recommends { p.closure_with_recommends_kib } else { p.closure_no_recommends_kib }
    };
    let what = format!("{} install {}", command.program().unwrap_or("apt-get"), names.join(" "));
    if let Some(largest) = known.iter().copied().max_by_key(|p| closure(p)) {
        // Closures overlap (gcc and g++ share most of theirs): count the largest whole and only
        // the others' own files, so shared dependencies count once.
        let others =
            known.iter().filter(|p| p.name != largest.name).map(|p| p.installed_kib).fold(0u64, u64::saturating_add);
        let kib = closure(largest).saturating_add(others);
        let with = if recommends { "with Recommends (apt's default)" } else { "without Recommends" };
        let mut basis = format!(
            "{}: {} adds {} {with} to a minimal Debian base",
            packages::SOURCE,
            largest.name,
            megabytes(closure(largest).saturating_mul(1024)),
        );
        if known.len() > 1 {
            basis.push_str(
                "; the other packages count only their own files, so dependencies they alone pull in are missed",
            );
        }
        let mut contribution =
            Contribution::known(what.clone(), kib.saturating_mul(1024), Evidence::PackageTable, basis);
        if !sets.is_empty() {
            contribution.basis.push_str(&format!(
                "; {} already holds buildpack-deps' compilers and libraries ({why}), so this overstates",
                base_name.as_deref().unwrap_or("the base")
            ));
            contribution.upper_bound = true;
        } else if facts.root.is_some_and(|e| e.image == "ubuntu" || e.version.contains("ubuntu")) {
            contribution.basis.push_str("; Debian figures applied to Ubuntu");
        }
        cost.contributions.push(contribution);
    }
    if !in_base.is_empty() || !earlier.is_empty() {
        let mut parts = Vec::new();
        if !in_base.is_empty() {
            parts.push(format!(
                "{} already in {} ({why})",
                in_base.join(", "),
                base_name.as_deref().unwrap_or("the base")
            ));
        }
        if !earlier.is_empty() {
            parts.push(format!("{} installed by an earlier RUN", earlier.join(", ")));
        }
        cost.contributions.push(Contribution::known(
            format!("{} (already installed)", [in_base.clone(), earlier].concat().join(" ")),
            0,
            Evidence::PackageTable,
            parts.join("; "),
        ));
    }
    if !unknown.is_empty() {
        cost.contributions.push(Contribution::unknown(
            format!("packages {}", unknown.join(" ")),
            format!("not in slimfile's Debian package table ({})", packages::SOURCE),
        ));
    }
}

/// Package managers of languages and distributions without a size table: what they install
/// depends on the project's manifest, and their caches stay unless turned off.
fn language_install(
    program: &str,
    command: &SimpleCommand,
    cached: &dyn Fn(&str) -> bool,
    removes: &dyn Fn(&str) -> bool,
) -> Option<Contribution> {
    let sub = |names: &[&str]| names.iter().any(|n| command.subcommand(&[program], n).is_some());
    let packages_after = |name: &str| -> String {
        command.subcommand(&[program], name).map_or_else(String::new, |at| {
            let names: Vec<&str> =
                command.words[at + 1..].iter().map(|w| w.value.as_str()).filter(|w| !w.starts_with('-')).collect();
            if names.is_empty() { String::new() } else { format!(" {}", names.join(" ")) }
        })
    };
    if program == "apk" && sub(&["add"]) {
        let cache = if command.has_word("--no-cache") || cached(APK_CACHE) || removes(APK_CACHE) {
            ""
        } else {
            " (and its index cache in /var/cache/apk)"
        };
        return Some(Contribution::unknown(
            format!("apk add{}{cache}", packages_after("add")),
            "slimfile has no Alpine package table",
        ));
    }
    if command.subcommand(&["pip", "pip3"], "install").is_some() {
        let cache = if command.has_word("--no-cache-dir") || cached(PIP_CACHE) || removes(PIP_CACHE) {
            ""
        } else {
            " (and pip's download cache)"
        };
        return Some(Contribution::unknown(
            format!("pip install{cache}"),
            "what pip installs depends on the requirements; slimfile has no table of Python package sizes",
        ));
    }
    match program {
        "npm" if sub(&["install", "i", "ci", "add"]) => Some(Contribution::unknown(
            "node_modules from npm",
            "its size depends on the lockfile; slimfile has no table of npm package sizes",
        )),
        "yarn" | "pnpm" if command.program_words().len() == 1 || sub(&["install", "add"]) => {
            Some(Contribution::unknown(
                format!("node_modules from {program}"),
                "its size depends on the lockfile; slimfile has no table of npm package sizes",
            ))
        }
        "npm" | "yarn" | "pnpm" if sub(&["run", "build"]) => Some(Contribution::unknown(
            format!("the output of `{program} run`"),
            "a build script's output is not known before it runs",
        )),
        "uv" | "poetry" | "pipenv" | "bundle" | "gem" | "composer" => Some(Contribution::unknown(
            format!("packages installed by {program}"),
            "their size depends on the project's manifest; slimfile has no table for them",
        )),
        _ => None,
    }
}

/// The directory (under the working directory) a dependency installer fills.
fn dependency_dir(program: &str) -> Option<&'static str> {
    matches!(program, "npm" | "yarn" | "pnpm").then_some("node_modules")
}

/// An artifact of unknown size under the working directory.
fn unknown_artifact(workdir: Option<&str>, dir: &str, program: &str) -> Artifact {
    Artifact {
        path: workdir.map(|w| join(w, dir)),
        dir: None,
        bytes: None,
        what: format!("{dir} from {program}"),
        evidence: Evidence::Unknown,
        basis: format!("what {program} writes to {dir} is not known before it runs"),
    }
}

/// `go build`, `go install`, `go mod download`, `go get`.
fn go(
    command: &SimpleCommand,
    words: &[&str],
    facts: &StageFacts<'_>,
    cached: &dyn Fn(&str) -> bool,
    cost: &mut RunCost,
) {
    let sub = |name: &str| command.subcommand(&["go"], name).is_some();
    if sub("build") || sub("install") {
        let output = words.iter().enumerate().find_map(|(i, w)| match *w {
            "-o" => words.get(i + 1).copied(),
            _ => w.strip_prefix("-o="),
        });
        let (path, dir) = match output {
            Some(out) if !out.contains('$') => {
                let resolved = resolve(facts.workdir, out);
                if out.ends_with('/') { (None, resolved) } else { (resolved, None) }
            }
            Some(_) => (None, None),
            None if sub("install") => (None, Some("/go/bin".to_owned())),
            None => (None, facts.workdir.map(str::to_owned)),
        };
        let name = path.as_deref().or(dir.as_deref()).unwrap_or("an unknown path");
        let what = format!("Go binary {name}");
        cost.contributions.push(Contribution::known(
            what.clone(),
            GO_BINARY.bytes,
            Evidence::Assumption,
            GO_BINARY.statement,
        ));
        cost.artifacts.push(Artifact {
            path,
            dir,
            bytes: Some(GO_BINARY.bytes),
            what,
            evidence: Evidence::Assumption,
            basis: GO_BINARY.statement.to_owned(),
        });
        if !cached(GO_BUILD_CACHE) {
            cost.contributions.push(Contribution::unknown(
                "Go build cache (/root/.cache/go-build)",
                "`go build` leaves its compiled packages in this layer unless a cache mount holds them; their size is not known",
            ));
        }
    } else if ((sub("mod") && words.contains(&"download")) || sub("get")) && !cached(GO_MODULE_CACHE) {
        cost.contributions.push(Contribution::unknown(
            "Go module cache (/go/pkg/mod)",
            "the downloaded modules depend on go.sum; their size is not known",
        ));
    }
}

/// Compilers that fill a build directory and a dependency cache of unknown size.
fn build_tool(program: &str, words: &[&str], facts: &StageFacts<'_>, cost: &mut RunCost) {
    let builds = words.iter().skip(1).any(|w| {
        matches!(
            *w,
            "build"
                | "install"
                | "package"
                | "install-dist"
                | "publish"
                | "restore"
                | "assemble"
                | "bootJar"
                | "jar"
                | "verify"
        ) || w.starts_with("package")
    });
    if !builds {
        return;
    }
    let (dir, what) = match program {
        "cargo" => ("target", "cargo's target directory (dependencies and binaries)"),
        "mvn" | "mvnw" => ("target", "Maven's local repository (~/.m2) and target/"),
        "gradle" | "gradlew" => ("build", "Gradle's caches (~/.gradle) and build/"),
        _ => ("bin", "the .NET build output and NuGet cache"),
    };
    cost.contributions
        .push(Contribution::unknown(what, "a build's output and downloaded dependencies are not known before it runs"));
    cost.artifacts.push(unknown_artifact(facts.workdir, dir, program));
}

/// `path` made absolute against `workdir` (`None` when it is relative and the working
/// directory is unknown).
pub(crate) fn resolve(workdir: Option<&str>, path: &str) -> Option<String> {
    if path.starts_with('/') {
        return Some(normalize_path(path));
    }
    workdir.map(|w| join(w, path))
}

/// `dir` + `/` + `path`, normalized.
pub(crate) fn join(dir: &str, path: &str) -> String {
    normalize_path(&format!("{dir}/{path}"))
}

/// Removes `.` segments, empty segments and a trailing `/`; keeps `..` out of the root.
pub(crate) fn normalize_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::catalog::lookup;
    use crate::image_ref::ImageRef;
    use crate::shell;
    use crate::source::Span;

    fn run(text: &str, base: &str, installed: &[&str]) -> RunCost {
        let root = lookup(&ImageRef::parse(base).expect("valid")).map(|m| m.entry);
        let installed: BTreeSet<String> = installed.iter().map(|s| (*s).to_owned()).collect();
        let facts = StageFacts { root, installed: &installed, workdir: Some("/app") };
        cost_run(&shell::commands(text, Span::new(0, text.len()), '\\'), &[], &facts)
    }

    fn kib(name: &str, recommends: bool) -> u64 {
        let p = packages::package(name).expect("listed");
        if recommends { p.closure_with_recommends_kib } else { p.closure_no_recommends_kib }
    }

    #[test]
    fn apt_counts_the_largest_closure_and_the_others_own_files() {
        let cost = run(
            "apt-get update && apt-get install -y --no-install-recommends gcc g++ make && rm -rf /var/lib/apt/lists/*",
            "debian:bookworm-slim",
            &[],
        );
        assert_eq!(cost.contributions.len(), 1, "{:?}", cost.contributions);
        let c = &cost.contributions[0];
        let expected = kib("g++", false)
            + packages::package("gcc").expect("listed").installed_kib
            + packages::package("make").expect("listed").installed_kib;
        assert_eq!(c.uncompressed_bytes, Some(expected * 1024));
        assert_eq!(c.evidence, Evidence::PackageTable);
        assert!(!c.upper_bound);
        assert_eq!(cost.installed, ["gcc", "g++", "make"]);
    }

    #[test]
    fn apt_recommends_lists_and_packages_the_base_already_has() {
        let cost = run("apt-get update && apt-get install -y gcc python3-dev", "python:3.12", &[]);
        let install = &cost.contributions[0];
        assert_eq!(install.uncompressed_bytes, Some(kib("python3-dev", true) * 1024));
        assert!(install.upper_bound, "closures from a minimal base overstate on python:3.12");
        assert!(install.basis.contains("with Recommends"), "{}", install.basis);
        let already = &cost.contributions[1];
        assert_eq!(already.uncompressed_bytes, Some(0));
        assert!(already.basis.contains("gcc already in python:3.12"), "{}", already.basis);
        let lists = &cost.contributions[2];
        assert_eq!(lists.evidence, Evidence::Unknown);
        assert!(lists.what.contains("/var/lib/apt/lists"));
        // Installed earlier in the stage: nothing more.
        let again = run("apt-get install -y --no-install-recommends python3-dev", "python:3.12", &["python3-dev"]);
        assert_eq!(again.contributions[0].uncompressed_bytes, Some(0));
    }

    #[test]
    fn apt_option_values_and_unknown_packages() {
        let cost = run("apt-get install -y -o Dpkg::Options::=--force-confold no-such-pkg", "debian:bookworm", &[]);
        assert_eq!(cost.contributions.len(), 1);
        assert_eq!(cost.contributions[0].evidence, Evidence::Unknown);
        assert_eq!(cost.contributions[0].what, "packages no-such-pkg");
    }

    #[test]
    fn go_build_leaves_an_assumed_binary_and_its_cache() {
        let cost = run("CGO_ENABLED=0 go build -o server ./cmd/api", "golang:1.22", &[]);
        assert_eq!(cost.artifacts.len(), 1);
        assert_eq!(cost.artifacts[0].path.as_deref(), Some("/app/server"));
        assert_eq!(cost.artifacts[0].bytes, Some(GO_BINARY.bytes));
        assert_eq!(cost.contributions[0].evidence, Evidence::Assumption);
        assert_eq!(cost.contributions[1].evidence, Evidence::Unknown);
        let to_dir = run("go build -o /out/ .", "golang:1.22", &[]);
        assert_eq!(to_dir.artifacts[0].dir.as_deref(), Some("/out"));
        let cached = {
            let text = "go build -o /bin/app";
            let installed = BTreeSet::new();
            let facts = StageFacts { root: None, installed: &installed, workdir: None };
            cost_run(&shell::commands(text, Span::new(0, text.len()), '\\'), &["/root/.cache/go-build"], &facts)
        };
        assert_eq!(cached.contributions.len(), 1, "a cache mount keeps the build cache out");
    }

    #[test]
    fn unmodelled_and_negligible_commands() {
        let cost = run(
            "mkdir -p /x && echo hi > /x/y && curl -fsSL https://e.x/t.tgz | tar -xz && make",
            "debian:bookworm",
            &[],
        );
        assert_eq!(cost.contributions.len(), 1);
        assert_eq!(cost.contributions[0].what, "what `curl`, `tar`, `make` write");
        assert_eq!(cost.contributions[0].evidence, Evidence::Unknown);
        assert!(
            run("apt-get clean && rm -rf /tmp/x && chown app /app", "debian:bookworm", &[]).contributions.is_empty()
        );
        assert_eq!(run("chown -R app /app", "debian:bookworm", &[]).contributions.len(), 1);
    }

    #[test]
    fn language_installers_are_unknown_with_their_caches() {
        let pip = run("pip install -r requirements.txt", "python:3.12", &[]);
        assert!(pip.contributions[0].what.contains("pip's download cache"));
        let quiet = run("pip install --no-cache-dir -r requirements.txt", "python:3.12", &[]);
        assert_eq!(quiet.contributions[0].what, "pip install");
        let npm = run("npm ci && npm run build", "node:20", &[]);
        assert_eq!(npm.contributions.len(), 2);
        assert_eq!(npm.artifacts[0].path.as_deref(), Some("/app/node_modules"));
        let apk = run("apk add curl", "alpine:3.19", &[]);
        assert!(apk.contributions[0].what.contains("index cache"));
        assert!(run("pip freeze && npm run lint", "python:3.12", &[]).contributions.len() == 1);
    }

    #[test]
    fn paths_resolve_against_the_working_directory() {
        assert_eq!(resolve(Some("/app"), "bin/x").as_deref(), Some("/app/bin/x"));
        assert_eq!(resolve(None, "bin/x"), None);
        assert_eq!(resolve(None, "/a/./b/../c/").as_deref(), Some("/a/c"));
        assert_eq!(normalize_path("/"), "/");
    }
}
