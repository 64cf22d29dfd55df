//! Rust: `cargo build` writes `target/<profile>/<name>`; the binary moves to a glibc runtime
//! (distroless cc or Debian slim), or to scratch when it is built for musl.

use crate::image_ref::ImageRef;

use super::super::build_plan::{BuildPlan, Decline, Ecosystem, Linkage, RuntimeNeed, debian_release, is_alpine};
use super::super::stage_walk::{StageWalk, resolve};
use super::{absolute, commands_running, entry_program, has_flag, option_value};

const CACHE: &[&str] = &["/usr/local/cargo/registry"];

/// Plans the split of a Rust build.
pub(in super::super) fn plan(walk: &StageWalk<'_>, image: Option<&ImageRef>) -> Result<BuildPlan, Decline> {
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
    let name = match option_value(command, &["--bin"]) {
        Some(name) => name.to_owned(),
        None => {
            let program = entry_program(walk).and_then(|p| resolve(walk.workdir.as_deref(), &p));
            match program.as_deref().and_then(|p| p.strip_prefix(&format!("{out_dir}/"))) {
                Some(name) if !name.contains('/') => name.to_owned(),
                _ => {
                    return Err(Decline::new(format!(
                        "cannot tell which binary in {out_dir} is the app: name it with `cargo build --bin NAME`, or run it from {out_dir} in CMD"
                    )));
                }
            }
        }
    };
    let musl = target.is_some_and(|t| t.contains("musl")) || (target.is_none() && is_alpine(image));
    let linkage = if musl { Linkage::Static } else { Linkage::Glibc };
    let mut plan = BuildPlan::new(
        Ecosystem::Rust,
        RuntimeNeed::Binary { linkage, debian: debian_release(image.and_then(|i| i.tag.as_deref())) },
    );
    plan.artifacts.push(format!("{out_dir}/{name}"));
    plan.build_instructions.push(build.instruction);
    plan.build_cache_dirs = CACHE;
    plan.trail.push(format!(
        "the Rust toolchain and target/ stay in the builder; the runtime receives only {out_dir}/{name}"
    ));
    plan.trail.push(
        "dependencies are not cached in a layer of their own: `cargo build` needs the sources, so copying Cargo.toml first would need a dummy crate".to_owned(),
    );
    Ok(plan)
}
