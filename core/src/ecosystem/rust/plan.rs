//! Rust: `cargo build` writes `target/<profile>/<name>`; the binary moves to a glibc runtime
//! (distroless cc or Debian slim), or to scratch when it is built for musl.

use crate::image_ref::ImageRef;

use crate::document::Keyword;

use super::cargo_manifest;
use crate::rewrite::build_plan::{
    BuildPlan, Decline, DependencyInstall, Ecosystem, Linkage, RuntimeNeed, debian_release, is_alpine,
};
use crate::rewrite::stage_walk::{RunCommand, StageWalk, resolve};
use crate::rewrite::walk_queries::{absolute, commands_running, entry_program, has_flag, option_value};

const CACHE: &[&str] = &["/usr/local/cargo/registry"];
/// Downloads the crates with only the manifests in place: cargo reads a package only when it has
/// a target, and `mkdir` fails (rather than deleting anything) if `src` is already there.
const FETCH: &str = "mkdir src && touch src/main.rs && cargo fetch && rm -r src";

/// Plans the split of a Rust build.
pub(super) fn plan(walk: &StageWalk<'_>, image: Option<&ImageRef>) -> Result<BuildPlan, Decline> {
    let Some(build) = commands_running(walk, &["cargo"], &["build"]).last() else {
        return Err(Decline::new(if commands_running(walk, &["cargo"], &["install"]).next().is_some() {
            "`cargo install` is not split yet: build with `cargo build --release` and run the binary from target/release"
        } else {
            "no `cargo build` in the final stage"
        }));
    };
    let command = &build.command;
    let profile = if has_flag(command, &["--release", "-r"]) {
        "release".to_owned()
    } else {
        match option_value(command, &["--profile"]) {
            Some("dev") | None => "debug".to_owned(),
            Some(other) => other.to_owned(),
        }
    };
    let target = option_value(command, &["--target"]);
    let target_dir = option_value(command, &["--target-dir"])
        .map(str::to_owned)
        .or_else(|| walk.env.get("CARGO_TARGET_DIR").cloned())
        .unwrap_or_else(|| "target".to_owned());
    let Some(target_dir) = absolute(build, &target_dir) else {
        return Err(Decline::new("cannot tell where cargo writes its target directory"));
    };
    let out_dir = match target {
        Some(triple) => format!("{}/{triple}/{profile}", target_dir.trim_end_matches('/')),
        None => format!("{}/{profile}", target_dir.trim_end_matches('/')),
    };
    let mut assumptions = Vec::new();
    let name = match option_value(command, &["--bin"]) {
        Some(name) => name.to_owned(),
        None => {
            let (words, _) = walk.entry_words();
            if words.is_empty() {
                return Err(Decline::new(
                    "there is no CMD or ENTRYPOINT, so slimfile cannot tell which binary the image runs: name it in CMD (for example target/release/NAME)",
                ));
            }
            if words.first().is_some_and(|w| w == "cargo" || w.ends_with("/cargo")) {
                return Err(Decline::new(format!(
                    "the image starts with `{}`, which needs the Rust toolchain and the sources at run time: run the built binary from {out_dir} in CMD and slimfile can split it",
                    words.iter().take(2).cloned().collect::<Vec<_>>().join(" ")
                )));
            }
            let program = entry_program(walk).and_then(|p| resolve(walk.workdir.as_deref(), &p));
            match program.as_deref().and_then(|p| p.strip_prefix(&format!("{out_dir}/"))) {
                Some(name) if !name.contains('/') => {
                    if let Some(assumption) = check_binary(walk, name, &out_dir)? {
                        assumptions.push(assumption);
                    }
                    name.to_owned()
                }
                _ => {
                    return Err(Decline::new(format!(
                        "the image runs `{}`, not a binary in {out_dir}, so slimfile cannot tell which binary cargo built is the app: name it with `cargo build --bin NAME`, or run it from {out_dir} in CMD",
                        words[0]
                    )));
                }
            }
        }
    };
    let musl = target.is_some_and(|t| t.contains("musl")) || (target.is_none() && is_alpine(image));
    let linkage = if musl { Linkage::Static } else { Linkage::Glibc };
    let mut plan = BuildPlan::new(Ecosystem::Rust, RuntimeNeed::Binary { linkage, debian: debian_release(image) });
    plan.artifacts.push(format!("{out_dir}/{name}"));
    plan.assumptions.extend(assumptions);
    plan.build_instructions.push(build.instruction);
    plan.build_cache_dirs = CACHE;
    plan.trail.push(format!(
        "the Rust toolchain and target/ stay in the builder; the runtime receives only {out_dir}/{name}"
    ));
    match fetch_layer(walk, build) {
        Ok(()) => {
            plan.dependencies = Some(DependencyInstall {
                instruction: None,
                manifests: vec!["Cargo.toml".to_owned(), "Cargo.lock*".to_owned()],
                local_paths: Vec::new(),
                added_command: Some(FETCH.to_owned()),
                deferred: None,
                cache_dirs: CACHE,
            });
            plan.trail.push(
                "the crates are downloaded in a layer of their own (a placeholder src/main.rs lets cargo read the manifest, and is removed); they are still compiled with the sources, since `cargo build` needs them".to_owned(),
            );
        }
        Err(why) => plan.trail.push(format!("the crates are downloaded with the build: {why}")),
    }
    Ok(plan)
}

/// Whether Cargo.toml builds the binary `name` the command runs: an error when it provably does
/// not, an assumption when slimfile cannot tell.
fn check_binary(walk: &StageWalk<'_>, name: &str, out_dir: &str) -> Result<Option<String>, Decline> {
    let Some(manifest) = walk.project.get("Cargo.toml") else {
        return Ok(Some(format!(
            "{out_dir}/{name}, which CMD runs, is a binary cargo builds (slimfile did not read Cargo.toml)"
        )));
    };
    // A build step may write src/main.rs (`cargo new`), so its absence from the context proves
    // nothing: the package's own binary counts.
    let mut names = match cargo_manifest::binaries(manifest, None) {
        Some(cargo_manifest::Binaries::Package(names)) => names,
        Some(cargo_manifest::Binaries::Workspace) => {
            return Ok(Some(format!(
                "{name}, which CMD runs, is a binary of one of the workspace's members (slimfile read only the root Cargo.toml)"
            )));
        }
        None => return Ok(Some(format!("{out_dir}/{name}, which CMD runs, is a binary cargo builds"))),
    };
    // Cargo also builds every src/bin/NAME.rs and src/bin/NAME/main.rs.
    if let Some(context) = walk.context {
        for path in context.paths() {
            let Some(rest) = path.strip_prefix("src/bin/") else { continue };
            let bin = rest.strip_suffix("/main.rs").or_else(|| rest.strip_suffix(".rs").filter(|r| !r.contains('/')));
            if let Some(bin) = bin {
                names.push(bin.to_owned());
            }
        }
    }
    if names.iter().any(|n| n == name) {
        return Ok(None);
    }
    Err(Decline::new(format!(
        "CMD runs {out_dir}/{name}, but Cargo.toml builds {}: the command names another binary, and would fail in the original image too",
        if names.is_empty() {
            "no binary".to_owned()
        } else {
            names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
        }
    )))
}

/// Whether the crates can be fetched before the sources are copied; why not otherwise.
fn fetch_layer(walk: &StageWalk<'_>, build: &RunCommand) -> Result<(), String> {
    let Some(manifest) = walk.project.get("Cargo.toml") else {
        return Err(
            "slimfile did not read Cargo.toml, so it cannot tell whether `cargo fetch` works on it alone".to_owned()
        );
    };
    if build.after_cd || option_value(&build.command, &["--manifest-path"]).is_some() {
        return Err("the build does not run on the Cargo.toml at the root of the build context".to_owned());
    }
    let context_copies = walk
        .steps
        .iter()
        .map(|s| walk.instruction(s.index))
        .filter(|i| matches!(i.keyword, Keyword::Copy | Keyword::Add) && i.flag("from").is_none())
        .count();
    if context_copies != 1 {
        return Err("the stage copies files from the build context more than once".to_owned());
    }
    cargo_manifest::fetch_alone(manifest)
}
