//! What one `RUN` adds to the image: Debian packages from the package table, build outputs as
//! stated assumptions or unknowns, and caches left behind. A command it does not model adds
//! nothing and is reported as unknown, never as an invented number.

use crate::paths::absolute;
use std::collections::BTreeSet;

use super::assumptions::{APT_LISTS_BOOKWORM, APT_LISTS_TRIXIE, GO_BINARY};
use super::base_packages::{self, PackageSet};
use super::catalog::ImageEntry;
use super::dependencies::DependencySizes;
use super::downloads;
use super::image_estimate::{Contribution, Evidence};
use super::package_index::{PackageIndex, ReleaseIndex};
use super::packages;
use super::units::megabytes;
use crate::apt;
use crate::rules::{Context, caches_left};
use crate::shell::SimpleCommand;

/// What the stage a `RUN` belongs to already holds, and the stage state the rules read for it.
pub(crate) struct StageFacts<'a> {
    /// The catalog entry at the root of the stage's `FROM` chain, if known.
    pub root: Option<&'static ImageEntry>,
    /// The Debian release of its packages (`trixie`), or `ubuntu`, when known.
    pub release: Option<&'static str>,
    /// Debian's package closures, when the caller handed them in.
    pub index: Option<&'a PackageIndex>,
    /// What the build context's lock files install, when the caller sized them.
    pub dependencies: &'a [DependencySizes],
    /// Debian packages earlier `RUN`s of the stage chain installed.
    pub installed: &'a BTreeSet<String>,
    /// The working directory, when it is known.
    pub workdir: Option<&'a str>,
    /// The rules' view of the file: ENV/ARG values, mounts, users, per instruction.
    pub context: &'a Context<'a>,
    /// The `RUN`'s index among the instructions.
    pub instruction: usize,
}

impl StageFacts<'_> {
    /// `word` with the `$VAR`/`${VAR}` references the stage chain's `ENV`/`ARG` set replaced by
    /// their values; references it does not set are kept as written.
    fn expand(&self, word: &str) -> String {
        if !word.contains('$') {
            return word.to_owned();
        }
        let escape = self.context.doc.escape();
        let names = crate::variables::expand(word, escape, &|_| None).unresolved;
        let values: Vec<(String, String)> = names
            .into_iter()
            .map(|name| {
                let value = self.context.env(self.instruction, &name).unwrap_or_else(|| format!("${{{name}}}"));
                (name, value)
            })
            .collect();
        let lookup = |name: &str| values.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
        crate::variables::expand(word, escape, &lookup).value
    }
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
    /// Its download (compressed) size, when the source gives one.
    pub compressed_bytes: Option<u64>,
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
    "apt-mark",
    "cd",
    "chmod",
    "chown",
    "echo",
    "exit",
    "export",
    "false",
    "gpg",
    "gpgconf",
    "groupadd",
    "id",
    "ldconfig",
    "ln",
    "ls",
    "mkdir",
    "mktemp",
    "mv",
    "printf",
    "pwd",
    "rm",
    "sed",
    "set",
    "sha256sum",
    "sha512sum",
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

/// Programs that build from source: what they install has no bound in kind.
const BUILDERS: &[&str] = &["make", "configure", "cmake", "ninja", "meson", "gcc", "cc", "g++", "clang", "scons"];

/// Programs that fetch or unpack: sized through the download table when the URL is a known
/// release, and reported as unknown otherwise.
const FETCHERS: &[&str] = &["curl", "wget", "tar", "unzip"];

/// What a `RUN` removes again before its layer is written, so that what it installed does not
/// count: the `savedAptMark` idiom, `apt-get purge`, `apk del` of a virtual package.
#[derive(Debug, Default)]
struct Removals {
    /// `savedAptMark="$(apt-mark showmanual)"` ... `apt-mark auto '.*'` ... `apt-get purge
    /// --auto-remove`: every package the RUN installed goes, but for the run-time libraries
    /// `apt-mark manual` keeps.
    apt_restored: bool,
    /// Packages `apt-get purge`/`remove` names.
    apt_purged: Vec<String>,
    /// Virtual packages `apk del` removes (`.build-deps`).
    apk_deleted: Vec<String>,
}

impl Removals {
    fn of(commands: &[SimpleCommand]) -> Self {
        let mut out = Self::default();
        let saves_marks = commands.iter().any(|c| c.words.iter().any(|w| w.value.contains("apt-mark showmanual")));
        let marks_all_auto = commands
            .iter()
            .any(|c| c.subcommand(&["apt-mark"], "auto").is_some() && c.words.iter().any(|w| w.value == ".*"));
        for command in commands {
            for sub in ["purge", "remove", "autoremove"] {
                if let Some(at) = command.subcommand(&["apt-get", "apt"], sub) {
                    let auto =
                        sub == "autoremove" || command.has_word("--auto-remove") || command.has_word("--autoremove");
                    if (saves_marks || marks_all_auto) && auto {
                        out.apt_restored = true;
                    }
                    out.apt_purged.extend(
                        command.operands().into_iter().filter(|&k| k > at).map(|k| command.words[k].value.clone()),
                    );
                }
            }
            if let Some(at) = command.subcommand(&["apk"], "del") {
                out.apk_deleted
                    .extend(command.operands().into_iter().filter(|&k| k > at).map(|k| command.words[k].value.clone()));
            }
        }
        out
    }
}

/// Costs one `RUN` from its commands, with the stage state in `facts`: what it installs, builds
/// and downloads, less what it removes again, and the caches it leaves (as the
/// `package-cache-in-layer` rule decides them).
pub(crate) fn cost_run(commands: &[SimpleCommand], facts: &StageFacts<'_>) -> RunCost {
    let mut cost = RunCost::default();
    let removals = Removals::of(commands);
    let mut unmodelled: Vec<String> = Vec::new();
    let downloaded = downloads_in(commands, facts, &mut cost);
    for command in commands {
        let Some(program) = command.program() else { continue };
        let words: Vec<&str> = command.program_words().iter().map(|w| w.value.as_str()).collect();
        if command.subcommand(&["apt-get", "apt"], "install").is_some() {
            apt_install(command, facts, &removals, &mut cost);
            continue;
        }
        if matches!(program, "apt-get" | "apt" | "apk" | "pip" | "pip3" | "npm" | "yarn")
            && !is_install(program, command)
        {
            continue;
        }
        if program == "apk" {
            apk_add(command, facts, &removals, &mut cost);
            continue;
        }
        if let Some(contribution) = locked_install(program, command, facts) {
            let bytes = contribution.iter().filter_map(|c| c.uncompressed_bytes).fold(0u64, u64::saturating_add);
            let basis = contribution.iter().map(|c| c.basis.clone()).collect::<Vec<_>>().join("; ");
            let evidence = contribution.iter().map(|c| c.evidence).max().unwrap_or(Evidence::Assumption);
            cost.contributions.extend(contribution);
            if let Some(dir) = dependency_dir(program) {
                let mut artifact = unknown_artifact(facts.workdir, dir, program);
                (artifact.bytes, artifact.evidence, artifact.basis) = (Some(bytes), evidence, basis);
                cost.artifacts.push(artifact);
            }
            continue;
        }
        if let Some(contribution) = language_install(program, command) {
            let runs_a_script = ["run", "build"].iter().any(|sub| command.subcommand(&[program], sub).is_some());
            cost.contributions.push(contribution);
            if runs_a_script {
                // What a build script writes, and where, is not known: under the working
                // directory, at least.
                cost.artifacts.push(Artifact {
                    path: facts.workdir.map(str::to_owned),
                    dir: None,
                    bytes: None,
                    compressed_bytes: None,
                    what: format!("the output of `{program} run`"),
                    evidence: Evidence::Unknown,
                    basis: "a build script's output is not known before it runs".to_owned(),
                });
            } else if let Some(dir) = dependency_dir(program) {
                cost.artifacts.push(unknown_artifact(facts.workdir, dir, program));
            }
            continue;
        }
        match program {
            "go" => go(command, &words, facts, &mut cost),
            "cargo" | "mvn" | "mvnw" | "gradle" | "gradlew" | "dotnet" => build_tool(program, &words, facts, &mut cost),
            "chmod" | "chown" if words.iter().any(|w| *w == "-R" || w.starts_with("--recursive")) => {
                cost.contributions.push(Contribution::unknown(
                    format!("`{program} -R`"),
                    "changing ownership or mode rewrites every file it touches into this layer; how many is not known",
                ));
            }
            _ if FETCHERS.contains(&program) && downloaded => {}
            _ if NEGLIGIBLE.contains(&program) || program.contains('=') => {}
            _ => {
                if !unmodelled.iter().any(|p| p == program) {
                    unmodelled.push(program.to_owned());
                }
            }
        }
    }
    if removals.apt_restored {
        cost.contributions.push(Contribution::unknown(
            "the run-time libraries `apt-mark manual` keeps",
            "the RUN marks every package automatic and purges them with --auto-remove, keeping only what \
             `apt-mark manual` names again (libraries its build links to, read at build time): which they are is \
             not known offline",
        ));
    }
    caches(facts, &mut cost);
    if !unmodelled.is_empty() {
        let names: Vec<String> = unmodelled.iter().map(|p| format!("`{p}`")).collect();
        let what = format!("what {} write{}", names.join(", "), if names.len() == 1 { "s" } else { "" });
        let builds = unmodelled.iter().any(|p| BUILDERS.contains(&p.as_str()));
        cost.contributions.push(if builds {
            Contribution::open_ended(what, "slimfile does not model these commands, and they build from source")
        } else {
            Contribution::unknown(what, "slimfile does not model these commands")
        });
    }
    cost
}

/// The caches and indexes the `RUN` leaves, as the `package-cache-in-layer` rule decides them:
/// where the rule is silent (a flag, `ENV PIP_NO_CACHE_DIR=1`, a cache or tmpfs mount, a cleanup)
/// nothing is counted.
fn caches(facts: &StageFacts<'_>, cost: &mut RunCost) {
    let left = caches_left(facts.context, facts.instruction);
    // The rule reports lists any apt command leaves; only `apt-get update` writes them here.
    let updates =
        facts.context.commands(facts.instruction).iter().any(|c| c.subcommand(&["apt-get", "apt"], "update").is_some());
    if left.apt_lists.is_some() && updates {
        let lists = if facts.release == Some("trixie") { APT_LISTS_TRIXIE } else { APT_LISTS_BOOKWORM };
        cost.contributions.push(
            Contribution::known(
                "apt package lists (/var/lib/apt/lists)",
                lists.bytes,
                Evidence::Assumption,
                lists.statement,
            )
            .with_compressed(lists.bytes),
        );
    }
    for cache in &left.caches {
        let places: Vec<String> = cache.left_by_last().iter().map(crate::rules::CacheLeft::display_location).collect();
        let places = if places.is_empty() {
            cache.fills.iter().flat_map(|(_, _, l)| l).map(crate::rules::CacheLeft::display_location).collect()
        } else {
            places
        };
        cost.contributions.push(Contribution::unknown(
            places.join(" and "),
            "the cache stays in this layer; its size depends on what was fetched",
        ));
    }
}

/// The release archives the `RUN` fetches with `curl`/`wget` and unpacks with `tar`, from the
/// download table; whether any was found (then `curl`, `wget` and `tar` are accounted for).
fn downloads_in(commands: &[SimpleCommand], facts: &StageFacts<'_>, cost: &mut RunCost) -> bool {
    let fetches = commands.iter().any(|c| matches!(c.program(), Some("curl" | "wget")));
    let unpacks = commands.iter().any(|c| matches!(c.program(), Some("tar" | "unzip")));
    if !fetches {
        return false;
    }
    let mut found: Vec<(&'static downloads::Release, String, bool)> = Vec::new();
    for word in commands.iter().flat_map(|c| &c.words) {
        let value = facts.expand(&word.value);
        let Some(start) = value.find("https://").or_else(|| value.find("http://")) else { continue };
        let url = value[start..].trim_end_matches(['\'', '"', ';']);
        if let Some(hit) = downloads::find(url)
            && !found.iter().any(|(r, _, _)| std::ptr::eq(*r, hit.0) || r.product == hit.0.product)
        {
            found.push(hit);
        }
    }
    if found.is_empty() {
        return false;
    }
    let removes_archive = commands.iter().any(|c| {
        c.program() == Some("rm")
            && c.operands().iter().any(|&k| {
                let w = c.words[k].value.as_str();
                [".tar", ".tgz", ".tar.gz", ".tar.xz", ".zip", ".txz"].iter().any(|ext| w.contains(ext))
                    || w.ends_with("tgz")
            })
    });
    for (release, version, other_line) in found {
        let what = format!("{} {version} (downloaded and unpacked)", release.product);
        if !unpacks {
            cost.contributions.push(Contribution::unknown(
                format!("{} {version} archive", release.product),
                "the archive is downloaded but not unpacked in this RUN; its own size is not in slimfile's data",
            ));
            continue;
        }
        let mut basis = format!(
            "{} compressed: the layer that holds the unpacked {} in an official image ({}); on disk {} (×{} the \
             catalog's median ratio)",
            megabytes(release.layer_compressed_bytes),
            release.measured_release,
            release.source,
            megabytes(release.disk_bytes()),
            crate::decimal::fixed(super::catalog::DiskRatio::median().disk_per_compressed, 2),
        );
        if other_line {
            basis.push_str(&format!("; the table has no figure for {version}: the {} line stands in", release.line));
        }
        let evidence = if other_line { Evidence::Assumption } else { Evidence::Catalog };
        cost.contributions.push(
            Contribution::known(what.clone(), release.disk_bytes(), evidence, basis.clone())
                .with_compressed(release.layer_compressed_bytes),
        );
        if !removes_archive {
            cost.contributions.push(
                Contribution::known(
                    format!("the {} archive, not removed", release.product),
                    release.layer_compressed_bytes,
                    Evidence::Assumption,
                    "the archive is taken to weigh what its unpacked files weigh compressed",
                )
                .with_compressed(release.layer_compressed_bytes),
            );
        }
        cost.artifacts.push(Artifact {
            path: unpacked_path(commands, facts, release),
            dir: None,
            bytes: Some(release.disk_bytes()),
            compressed_bytes: Some(release.layer_compressed_bytes),
            what,
            evidence,
            basis,
        });
    }
    true
}

/// Where `tar` puts the release (`-C`/`--directory`, plus the archive's top directory unless
/// `--strip-components` drops it), followed through any `mv` of it in the same `RUN`.
fn unpacked_path(commands: &[SimpleCommand], facts: &StageFacts<'_>, release: &downloads::Release) -> Option<String> {
    let tar = commands.iter().find(|c| c.program() == Some("tar"))?;
    let words: Vec<String> = tar.words.iter().map(|w| facts.expand(&w.value)).collect();
    let mut dir = None;
    let mut strips = false;
    for (k, word) in words.iter().enumerate() {
        if word == "-C" || word == "--directory" {
            dir = words.get(k + 1).cloned();
        } else if let Some(value) = word.strip_prefix("--directory=") {
            dir = Some(value.to_owned());
        } else if word.starts_with("--strip-components") {
            strips = true;
        }
    }
    let dir = absolute(facts.workdir, dir.as_deref().unwrap_or("."))?;
    let mut path = match (release.top_dir, strips) {
        (Some(top), false) => join(&dir, top),
        _ => dir,
    };
    for mv in commands.iter().filter(|c| c.program() == Some("mv")) {
        let operands: Vec<String> = mv.operands().iter().map(|&k| facts.expand(&mv.words[k].value)).collect();
        if let [from, to] = operands.as_slice()
            && crate::paths::path_within(&path, from.trim_end_matches('/'))
        {
            path = format!("{}{}", to.trim_end_matches('/'), &path[from.trim_end_matches('/').len()..]);
        }
    }
    Some(path)
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

/// The release an image's Debian packages come from: the code name the `FROM` reference or the
/// catalog entry names (`bookworm`, `trixie`), `ubuntu`, or `None` when neither says.
pub(crate) fn debian_release(reference: &str, entry: Option<&ImageEntry>) -> Option<&'static str> {
    let said = |text: &str| -> Option<&'static str> {
        let text = text.to_ascii_lowercase();
        ["bookworm", "trixie", "bullseye"].into_iter().find(|name| text.contains(name)).or_else(|| {
            ["ubuntu", "noble", "jammy", "focal", "resolute"].iter().any(|u| text.contains(u)).then_some("ubuntu")
        })
    };
    said(reference.rsplit('/').next().unwrap_or(reference))
        .or_else(|| entry.and_then(|e| said(&format!("{}:{} {}", e.image, e.tag_name(), e.version))))
        .or_else(|| entry.filter(|e| e.image == "eclipse-temurin").map(|_| "ubuntu"))
}

/// How a release reads in a sentence, and whether Debian 12's built-in table speaks for it.
fn release_words(release: Option<&str>) -> (&'static str, bool) {
    match release {
        Some("trixie") => ("Debian 13 (trixie)", false),
        Some("bullseye") => ("Debian 11 (bullseye)", false),
        Some("ubuntu") => ("Ubuntu", false),
        _ => ("Debian 12 (bookworm)", true),
    }
}

/// `apt-get install`: the Debian table's closures, less what the base already holds and what the
/// same `RUN` removes again. Package lists written in variables (`$PHPIZE_DEPS`) are expanded from
/// the stage's `ENV`/`ARG`.
fn apt_install(command: &SimpleCommand, facts: &StageFacts<'_>, removals: &Removals, cost: &mut RunCost) {
    let Some((_, packages)) = apt::install(command) else { return };
    let recommends = !apt::declines_recommends(command);
    let names: Vec<String> = packages
        .into_iter()
        .flat_map(|word| facts.expand(word).split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .filter(|name| !name.is_empty() && !name.starts_with('-'))
        .collect();
    if names.is_empty() {
        return;
    }
    let what = format!("{} install {}", command.program().unwrap_or("apt-get"), names.join(" "));
    if removals.apt_restored {
        cost.contributions.push(Contribution::known(
            what,
            0,
            Evidence::PackageTable,
            "removed again in the same RUN: `apt-mark auto '.*'` then `apt-get purge --auto-remove` takes out \
             everything installed since `savedAptMark` was saved",
        ));
        return;
    }
    let (purged, names): (Vec<String>, Vec<String>) = names.into_iter().partition(|name| {
        removals
            .apt_purged
            .iter()
            .any(|p| packages::package(p).map(|e| e.name) == packages::package(name).map(|e| e.name) && !p.is_empty())
    });
    if !purged.is_empty() {
        cost.contributions.push(Contribution::known(
            format!("{} (purged again)", purged.join(" ")),
            0,
            Evidence::PackageTable,
            "`apt-get purge` removes them in the same RUN",
        ));
    }
    if names.is_empty() {
        return;
    }
    if let Some(index) = facts.index.and_then(|index| index.release(facts.release.unwrap_or("bookworm"))) {
        apt_install_closures(command, &names, recommends, index, facts, cost);
        return;
    }
    let (sets, why): (&[&PackageSet], &str) = facts.root.map_or((&[], ""), base_packages::sets_in);
    let base_name = facts.root.map(|e| format!("{}:{}", e.image, e.tag_name()));
    let mut in_base: Vec<&str> = Vec::new();
    let mut earlier: Vec<&str> = Vec::new();
    let mut unknown: Vec<&str> = Vec::new();
    let mut known: Vec<&'static packages::PackageEntry> = Vec::new();
    for name in &names {
        let name = name.as_str();
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
        let (release, table_speaks) = release_words(facts.release);
        let evidence = if table_speaks { Evidence::PackageTable } else { Evidence::Assumption };
        let mut contribution = Contribution::known(what.clone(), kib.saturating_mul(1024), evidence, basis);
        if !table_speaks {
            contribution.basis.push_str(&format!(
                "; the base is {release}, for which slimfile has no package table: Debian 12's figures stand in"
            ));
        }
        if !sets.is_empty() {
            contribution.basis.push_str(&format!(
                "; {} already holds buildpack-deps' compilers and libraries ({why}), so this overstates",
                base_name.as_deref().unwrap_or("the base")
            ));
            contribution.upper_bound = true;
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
        cost.contributions.push(Contribution::open_ended(
            format!("packages {}", unknown.join(" ")),
            format!("not in slimfile's Debian package table ({})", packages::SOURCE),
        ));
    }
}

/// `apt-get install` with the release's closures: every package the install brings counts once,
/// less what the base image holds (the minimal base, and the buildpack-deps layers the language
/// images are built on) and what earlier `RUN`s of the stage chain installed.
fn apt_install_closures(
    command: &SimpleCommand,
    names: &[String],
    recommends: bool,
    index: &ReleaseIndex,
    facts: &StageFacts<'_>,
    cost: &mut RunCost,
) {
    let (sets, why): (&[&PackageSet], &str) = facts.root.map_or((&[], ""), base_packages::sets_in);
    let mut held: BTreeSet<&str> = index.base();
    for set in sets {
        for package in set.packages {
            held.extend(index.closure(package, false).unwrap_or_default());
        }
    }
    let mut brought: BTreeSet<&str> = BTreeSet::new();
    let mut unknown: Vec<&str> = Vec::new();
    for name in names {
        match index.closure(name, recommends) {
            Some(members) => brought.extend(members),
            None => unknown.push(name),
        }
    }
    let already = brought.iter().filter(|p| held.contains(**p) || facts.installed.contains(**p)).count();
    let new: Vec<&str> =
        brought.iter().copied().filter(|p| !held.contains(p) && !facts.installed.contains(*p)).collect();
    let bytes = new.iter().map(|p| index.bytes(p)).fold(0u64, u64::saturating_add);
    cost.installed.extend(brought.iter().map(|p| (*p).to_owned()));
    let with = if recommends { "with Recommends (apt's default)" } else { "without Recommends" };
    let base_name = facts.root.map_or_else(|| "the base".to_owned(), |e| format!("{}:{}", e.image, e.tag_name()));
    let mut basis = format!(
        "{}: {} package{} {with}, {} of them new to this stage, {} on disk",
        index.source,
        brought.len(),
        if brought.len() == 1 { "" } else { "s" },
        new.len(),
        megabytes(bytes)
    );
    if already > 0 {
        let from = if sets.is_empty() { String::new() } else { format!(", with buildpack-deps' packages ({why})") };
        basis.push_str(&format!(
            "; {already} already held by {base_name}'s minimal Debian base{from} or an earlier RUN"
        ));
    }
    if !names.is_empty() && unknown.len() < names.len() {
        cost.contributions.push(Contribution::known(
            format!("{} install {}", command.program().unwrap_or("apt-get"), names.join(" ")),
            bytes,
            Evidence::PackageTable,
            basis,
        ));
    }
    if !unknown.is_empty() {
        cost.contributions.push(Contribution::open_ended(
            format!("packages {}", unknown.join(" ")),
            format!("not in slimfile's table of {} packages", index.name),
        ));
    }
}

/// `apk add`: Alpine has no package table, so the packages are unknown, unless the same `RUN`
/// deletes the virtual package they were added as (`apk add --virtual .build-deps ...` then
/// `apk del .build-deps`): then nothing of them stays.
fn apk_add(command: &SimpleCommand, facts: &StageFacts<'_>, removals: &Removals, cost: &mut RunCost) {
    let Some(at) = command.subcommand(&["apk"], "add") else { return };
    let words: Vec<&str> = command.words.iter().map(|w| w.value.as_str()).collect();
    let virtual_name = words.iter().enumerate().find_map(|(k, w)| match *w {
        "--virtual" | "-t" => words.get(k + 1).copied(),
        _ => w.strip_prefix("--virtual="),
    });
    let names: Vec<String> = command
        .operands()
        .into_iter()
        .filter(|&k| k > at && Some(command.words[k].value.as_str()) != virtual_name)
        .flat_map(|k| facts.expand(&command.words[k].value).split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    let what = format!("apk add {}", names.join(" "));
    if let Some(name) = virtual_name
        && removals.apk_deleted.iter().any(|d| d == name)
    {
        cost.contributions.push(Contribution::known(
            what,
            0,
            Evidence::Measured,
            format!("added as the virtual package {name} and deleted with `apk del {name}` in the same RUN"),
        ));
        return;
    }
    cost.contributions
        .push(Contribution::unknown(what, "slimfile has no Alpine package table: Alpine's packages are not sized"));
}

/// `npm ci`, or `npm install` with no package named: what the build context's lock file installs,
/// when the caller sized it; the packages its table lacks count a stated per-package figure.
fn locked_install(program: &str, command: &SimpleCommand, facts: &StageFacts<'_>) -> Option<Vec<Contribution>> {
    let at = ["ci", "install", "i"].iter().find_map(|sub| command.subcommand(&["npm"], sub))?;
    let named = command.operands().iter().any(|&k| k > at);
    if program != "npm" || named {
        return None;
    }
    let lock = facts.dependencies.iter().find(|d| d.manager == "npm")?;
    if lock.sized == 0 && lock.per_package_bytes.is_none() {
        return None;
    }
    let mut out = vec![Contribution::known(
        format!("node_modules from npm ({} of the {} packages {} locks)", lock.sized, lock.packages, lock.lock_file),
        lock.sized_bytes,
        Evidence::PackageTable,
        format!("{}: their unpacked sizes", lock.source),
    )];
    if lock.sized < lock.packages {
        let what = format!("node_modules from npm (the other {} packages)", lock.packages - lock.sized);
        out.push(match lock.assumed_bytes() {
            Some(bytes) => Contribution::known(what, bytes, Evidence::Assumption, lock.per_package_basis.clone()),
            None => Contribution::open_ended(what, lock.per_package_basis.clone()),
        });
    }
    Some(out)
}

/// Package managers of languages without a size table: what they install depends on the
/// project's manifest (their caches are counted with the other caches).
fn language_install(program: &str, command: &SimpleCommand) -> Option<Contribution> {
    let sub = |names: &[&str]| names.iter().any(|n| command.subcommand(&[program], n).is_some());
    if command.subcommand(&["pip", "pip3"], "install").is_some() {
        return Some(Contribution::open_ended(
            "pip install",
            "what pip installs depends on the requirements; slimfile has no table of Python package sizes",
        ));
    }
    match program {
        "npm" if sub(&["install", "i", "ci", "add"]) => Some(Contribution::open_ended(
            "node_modules from npm",
            "its size depends on the lockfile; slimfile has no table of npm package sizes",
        )),
        "yarn" | "pnpm" if command.program_words().len() == 1 || sub(&["install", "add"]) => {
            Some(Contribution::open_ended(
                format!("node_modules from {program}"),
                "its size depends on the lockfile; slimfile has no table of npm package sizes",
            ))
        }
        "npm" | "yarn" | "pnpm" if sub(&["run", "build"]) => Some(Contribution::open_ended(
            format!("the output of `{program} run`"),
            "a build script's output is not known before it runs",
        )),
        "uv" | "poetry" | "pipenv" | "bundle" | "gem" | "composer" => Some(Contribution::open_ended(
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
        compressed_bytes: None,
        what: format!("{dir} from {program}"),
        evidence: Evidence::Unknown,
        basis: format!("what {program} writes to {dir} is not known before it runs"),
    }
}

/// `go build`, `go install`, `go mod download`, `go get`.
fn go(command: &SimpleCommand, words: &[&str], facts: &StageFacts<'_>, cost: &mut RunCost) {
    let sub = |name: &str| command.subcommand(&["go"], name).is_some();
    if sub("build") || sub("install") {
        let output = words.iter().enumerate().find_map(|(i, w)| match *w {
            "-o" => words.get(i + 1).copied(),
            _ => w.strip_prefix("-o="),
        });
        let (path, dir) = match output {
            Some(out) if !out.contains('$') => {
                let resolved = absolute(facts.workdir, out);
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
            compressed_bytes: None,
            what,
            evidence: Evidence::Assumption,
            basis: GO_BINARY.statement.to_owned(),
        });
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
        // Their caches (~/.m2, ~/.gradle, Cargo's registry, NuGet's packages) are counted with
        // the other caches, where the package-cache-in-layer rule finds them.
        "cargo" => ("target", "cargo's target directory (compiled dependencies and binaries)"),
        "mvn" | "mvnw" => ("target", "Maven's build output (target/)"),
        "gradle" | "gradlew" => ("build", "Gradle's build output (build/)"),
        _ => ("bin", "the .NET build output"),
    };
    cost.contributions.push(Contribution::open_ended(
        what,
        "a build's output and downloaded dependencies are not known before it runs",
    ));
    cost.artifacts.push(unknown_artifact(facts.workdir, dir, program));
}

/// `dir` + `/` + `path`, normalized.
pub(crate) fn join(dir: &str, path: &str) -> String {
    crate::paths::normalize(&format!("{dir}/{path}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::catalog::lookup;
    use crate::image_ref::ImageRef;
    use crate::rules::Facts;
    use crate::stages::StageModel;

    /// Costs the last `RUN` of `FROM base`, then `lines`, with the rules' view of the file.
    fn run_in(base: &str, lines: &str, installed: &[&str]) -> RunCost {
        let index: Option<PackageIndex> = None;
        let text = format!("FROM {base}\n{lines}\n");
        let doc = crate::parse(&text).expect("parses");
        let stages = StageModel::new(&doc);
        let facts = Facts::default();
        let context = Context::new(&doc, &stages, &facts);
        let i = doc.instructions().iter().rposition(|ins| ins.keyword == crate::Keyword::Run).expect("a RUN");
        let root = lookup(&ImageRef::parse(base).expect("valid")).map(|m| m.entry);
        let installed: BTreeSet<String> = installed.iter().map(|s| (*s).to_owned()).collect();
        let facts = StageFacts {
            root,
            release: debian_release(base, root),
            index: index.as_ref(),
            dependencies: &[],
            installed: &installed,
            workdir: Some("/app"),
            context: &context,
            instruction: i,
        };
        cost_run(doc.run_shell_commands(i), &facts)
    }

    /// A small trixie table: gcc brings libc6-dev and perl; the minimal base holds base-files.
    fn trixie() -> PackageIndex {
        use super::super::package_index::Closures;
        let names = ["base-files", "gcc", "libc6-dev", "make", "perl", "git"].map(str::to_owned).to_vec();
        let mut packages = std::collections::BTreeMap::new();
        packages.insert("gcc".to_owned(), Closures { no_recommends: vec![1, 2, 4], with_recommends: vec![1, 2, 3, 4] });
        packages.insert("make".to_owned(), Closures { no_recommends: vec![3], with_recommends: vec![3] });
        packages.insert("git".to_owned(), Closures { no_recommends: vec![4, 5], with_recommends: vec![4, 5] });
        PackageIndex {
            releases: vec![ReleaseIndex {
                release: "trixie".to_owned(),
                name: "Debian 13 (trixie)".to_owned(),
                source: "a test table".to_owned(),
                names,
                installed_kib: vec![1, 1000, 500, 100, 2000, 3000],
                base: vec![0],
                packages,
            }],
        }
    }

    #[test]
    fn closures_count_each_package_once_against_the_base_and_earlier_layers() {
        let index = trixie();
        let cost_with = |base: &str, lines: &str, installed: &[&str]| {
            let text = format!("FROM {base}\n{lines}\n");
            let doc = crate::parse(&text).expect("parses");
            let stages = StageModel::new(&doc);
            let facts = Facts::default();
            let context = Context::new(&doc, &stages, &facts);
            let i = doc.instructions().len() - 1;
            let root = lookup(&ImageRef::parse(base).expect("valid")).map(|m| m.entry);
            let installed: BTreeSet<String> = installed.iter().map(|s| (*s).to_owned()).collect();
            let facts = StageFacts {
                root,
                release: debian_release(base, root),
                index: Some(&index),
                dependencies: &[],
                installed: &installed,
                workdir: None,
                context: &context,
                instruction: i,
            };
            cost_run(doc.run_shell_commands(i), &facts)
        };
        let install = "RUN apt-get install -y --no-install-recommends";
        // gcc and git share perl: it counts once.
        let cost = cost_with("debian:trixie-slim", &format!("{install} gcc make git && apt-get dist-clean"), &[]);
        assert_eq!(cost.contributions[0].uncompressed_bytes, Some((1000 + 500 + 2000 + 100 + 3000) * 1024));
        // perl came with an earlier layer: it is not counted again.
        let cost = cost_with("debian:trixie-slim", &format!("{install} git && apt-get dist-clean"), &["perl"]);
        assert_eq!(cost.contributions[0].uncompressed_bytes, Some(3000 * 1024));
        assert!(cost.contributions[0].basis.contains("1 already held"), "{}", cost.contributions[0].basis);
        // buildpack-deps:trixie-scm holds git, and so perl.
        let cost = cost_with("buildpack-deps:trixie-scm", &format!("{install} gcc && apt-get dist-clean"), &[]);
        assert_eq!(cost.contributions[0].uncompressed_bytes, Some((1000 + 500) * 1024));
        // A release the index lacks falls back to the built-in table.
        let cost = cost_with("debian:bookworm-slim", &format!("{install} make && rm -rf /var/lib/apt/lists/*"), &[]);
        assert_eq!(cost.contributions[0].uncompressed_bytes, Some(kib("make", false) * 1024));
    }

    fn run(text: &str, base: &str, installed: &[&str]) -> RunCost {
        run_in(base, &format!("RUN {text}"), installed)
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
        assert_eq!(lists.evidence, Evidence::Assumption);
        assert!(lists.what.contains("/var/lib/apt/lists"));
        assert!(lists.uncompressed_bytes.is_some_and(|b| b > 10_000_000), "{lists:?}");
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
    fn package_lists_in_variables_are_expanded() {
        let lines = "ENV BUILD_DEPS=\"gcc \\\n    make\"\nRUN apt-get install -y --no-install-recommends $BUILD_DEPS && rm -rf /var/lib/apt/lists/*";
        let cost = run_in("debian:bookworm-slim", lines, &[]);
        assert_eq!(cost.contributions[0].what, "apt-get install gcc make");
        assert_eq!(cost.installed, ["gcc", "make"]);
        assert!(cost.contributions[0].uncompressed_bytes.is_some_and(|b| b > 0));
    }

    #[test]
    fn caches_are_counted_exactly_where_the_rule_reports_them() {
        // The rule is silent about pip's cache under ENV PIP_NO_CACHE_DIR=1, and about apt's
        // lists under a tmpfs mount: so is the estimate.
        let pip = |lines: &str| {
            run_in("python:3.12-slim", lines, &[]).contributions.iter().map(|c| c.what.clone()).collect::<Vec<_>>()
        };
        assert!(pip("RUN pip install flask").iter().any(|w| w.contains("pip's wheel cache")));
        assert!(!pip("ENV PIP_NO_CACHE_DIR=1\nRUN pip install flask").iter().any(|w| w.contains("cache")));
        assert!(!pip("RUN pip install --no-cache-dir flask").iter().any(|w| w.contains("cache")));
        let apt = |lines: &str| run_in("debian:bookworm-slim", lines, &[]).contributions;
        assert!(apt("RUN apt-get update && apt-get install -y make").iter().any(|c| c.what.contains("lists")));
        assert!(
            !apt("RUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update && apt-get install -y make")
                .iter()
                .any(|c| c.what.contains("lists"))
        );
        assert!(
            !apt("RUN apt-get update && apt-get install -y make && apt-get dist-clean")
                .iter()
                .any(|c| c.what.contains("lists"))
        );
        let go = run_in("golang:1.22", "RUN --mount=type=cache,target=/root/.cache/go-build go build -o /bin/app", &[]);
        assert!(!go.contributions.iter().any(|c| c.what.contains("Go's build cache")), "{:?}", go.contributions);
        let go = run_in("golang:1.22", "RUN go build -o /bin/app", &[]);
        assert!(go.contributions.iter().any(|c| c.what.contains("Go's build cache")), "{:?}", go.contributions);
    }

    #[test]
    fn what_the_same_run_removes_again_does_not_count() {
        let saved = "savedAptMark=\"$(apt-mark showmanual)\"; apt-get update; apt-get install -y --no-install-recommends gcc make; \
                     make; apt-mark auto '.*' > /dev/null; apt-mark manual $savedAptMark; \
                     apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; apt-get dist-clean";
        let cost = run(saved, "debian:trixie-slim", &[]);
        let install = cost.contributions.iter().find(|c| c.what.starts_with("apt-get install")).expect("install");
        assert_eq!(install.uncompressed_bytes, Some(0), "{install:?}");
        assert!(
            cost.contributions.iter().any(|c| c.what.contains("run-time libraries") && c.uncompressed_bytes.is_none())
        );
        assert!(cost.installed.is_empty());
        let purged = run(
            "apt-get install -y --no-install-recommends gcc make && apt-get purge -y gcc && rm -rf /var/lib/apt/lists/*",
            "debian:bookworm-slim",
            &[],
        );
        assert_eq!(purged.contributions[0].what, "gcc (purged again)");
        assert_eq!(purged.contributions[1].uncompressed_bytes, Some(kib("make", false) * 1024));
        let apk = run(
            "apk add --no-cache --virtual .build-deps gcc make && make && apk del --no-network .build-deps",
            "alpine:3.19",
            &[],
        );
        assert_eq!(apk.contributions[0].uncompressed_bytes, Some(0), "{:?}", apk.contributions);
        let kept = run("apk add --no-cache --virtual .rundeps libstdc++", "alpine:3.19", &[]);
        assert_eq!(kept.contributions[0].evidence, Evidence::Unknown);
    }

    #[test]
    fn known_release_downloads_count_their_unpacked_files() {
        let lines = "ENV NODE_VERSION=24.19.0\nRUN curl -fsSLO \"https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH.tar.xz\" \
                     && tar -xJf \"node-v$NODE_VERSION-linux-$ARCH.tar.xz\" -C /usr/local --strip-components=1 \
                     && rm \"node-v$NODE_VERSION-linux-$ARCH.tar.xz\"";
        let cost = run_in("debian:bookworm-slim", lines, &[]);
        assert_eq!(cost.contributions.len(), 1, "{:?}", cost.contributions);
        let node = &cost.contributions[0];
        assert_eq!(node.what, "Node.js 24.19.0 (downloaded and unpacked)");
        assert_eq!(node.compressed_bytes, Some(59_118_246));
        assert_eq!(node.evidence, Evidence::Catalog);
        assert_eq!(cost.artifacts[0].path.as_deref(), Some("/usr/local"));
        // Unpacked, moved, and the archive left behind.
        let go = run(
            "url='https://dl.google.com/go/go1.26.7.linux-amd64.tar.gz'; wget -O go.tgz \"$url\"; tar -C /usr/local -xzf go.tgz; \
             mv -vT /usr/local/go /target/usr/local/go",
            "debian:bookworm-slim",
            &[],
        );
        assert_eq!(go.artifacts[0].path.as_deref(), Some("/target/usr/local/go"));
        assert!(go.contributions.iter().any(|c| c.what.contains("archive, not removed")));
    }

    #[test]
    fn a_lock_file_the_caller_sized_sizes_npm_ci() {
        let text = "FROM node:20-slim\nWORKDIR /app\nRUN npm ci && npm run build\n";
        let doc = crate::parse(text).expect("parses");
        let stages = StageModel::new(&doc);
        let facts = Facts::default();
        let context = Context::new(&doc, &stages, &facts);
        let lock = DependencySizes {
            manager: "npm".to_owned(),
            lock_file: "package-lock.json".to_owned(),
            packages: 10,
            sized: 8,
            sized_bytes: 8_000_000,
            per_package_bytes: Some(500_000),
            source: "a test table".to_owned(),
            per_package_basis: "the median".to_owned(),
        };
        let installed = BTreeSet::new();
        let facts = StageFacts {
            root: None,
            release: None,
            index: None,
            dependencies: std::slice::from_ref(&lock),
            installed: &installed,
            workdir: Some("/app"),
            context: &context,
            instruction: 2,
        };
        let cost = cost_run(doc.run_shell_commands(2), &facts);
        let sized: Vec<_> = cost.contributions.iter().filter(|c| c.what.starts_with("node_modules")).collect();
        assert_eq!(sized.len(), 2, "{:?}", cost.contributions);
        assert_eq!((sized[0].uncompressed_bytes, sized[0].evidence), (Some(8_000_000), Evidence::PackageTable));
        assert_eq!((sized[1].uncompressed_bytes, sized[1].evidence), (Some(1_000_000), Evidence::Assumption));
        let modules =
            cost.artifacts.iter().find(|a| a.path.as_deref() == Some("/app/node_modules")).expect("node_modules");
        assert_eq!(modules.bytes, Some(9_000_000));
        assert!(cost.artifacts.iter().any(|a| a.what == "the output of `npm run`" && a.bytes.is_none()));
        // Without the caller's sizes, or with packages named, npm's install stays unknown.
        let none = StageFacts { dependencies: &[], ..facts };
        assert!(
            cost_run(doc.run_shell_commands(2), &none)
                .contributions
                .iter()
                .any(|c| c.what == "node_modules from npm" && c.uncompressed_bytes.is_none())
        );
    }

    #[test]
    fn go_build_leaves_an_assumed_binary() {
        let cost = run("CGO_ENABLED=0 go build -o server ./cmd/api", "golang:1.22", &[]);
        assert_eq!(cost.artifacts.len(), 1);
        assert_eq!(cost.artifacts[0].path.as_deref(), Some("/app/server"));
        assert_eq!(cost.artifacts[0].bytes, Some(GO_BINARY.bytes));
        assert_eq!(cost.contributions[0].evidence, Evidence::Assumption);
        let to_dir = run("go build -o /out/ .", "golang:1.22", &[]);
        assert_eq!(to_dir.artifacts[0].dir.as_deref(), Some("/out"));
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
    fn language_installers_are_unknown() {
        let npm = run("npm ci && npm run build", "node:20", &[]);
        assert!(npm.contributions.iter().any(|c| c.what == "node_modules from npm"));
        assert_eq!(npm.artifacts[0].path.as_deref(), Some("/app/node_modules"));
        let apk = run("apk add curl", "alpine:3.19", &[]);
        assert!(apk.contributions.iter().any(|c| c.what.contains("apk's index cache")), "{:?}", apk.contributions);
        assert!(run("pip freeze && npm run lint", "python:3.12", &[]).contributions.len() == 1);
    }

    #[test]
    fn paths_resolve_against_the_working_directory() {
        assert_eq!(absolute(Some("/app"), "bin/x").as_deref(), Some("/app/bin/x"));
        assert_eq!(absolute(None, "bin/x"), None);
        assert_eq!(absolute(None, "/a/./b/../c/").as_deref(), Some("/a/c"));
        assert_eq!(crate::paths::normalize("/"), "/");
    }
}
