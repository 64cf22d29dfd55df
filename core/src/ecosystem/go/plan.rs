//! Go: `go build -o PATH` in a toolchain image; the binary is made static (`CGO_ENABLED=0`) so
//! it runs on distroless static or scratch.

use crate::fix::Edit;
use crate::image_ref::ImageRef;

use crate::rewrite::build_plan::{
    BuildPlan, Decline, DependencyInstall, Ecosystem, Linkage, RuntimeNeed, debian_release, is_alpine,
};
use crate::rewrite::stage_walk::StageWalk;
use crate::rewrite::walk_queries::{absolute, commands_running, option_value};

const BUILD_CACHE: &[&str] = &["/root/.cache/go-build", "/go/pkg/mod"];
const MODULE_CACHE: &[&str] = &["/go/pkg/mod"];

/// Plans the split of a Go build.
pub(super) fn plan(walk: &StageWalk<'_>, image: Option<&ImageRef>) -> Result<BuildPlan, Decline> {
    let builds: Vec<_> = commands_running(walk, &["go"], &["build"]).collect();
    if builds.is_empty() {
        return Err(Decline::new(if commands_running(walk, &["go"], &["install"]).next().is_some() {
            "`go install` names the binary after the module path, which is in go.mod, not in the Dockerfile: build with `go build -o /path/to/binary` and slimfile can split it"
        } else {
            "no `go build` in the final stage: nothing to copy into a runtime image"
        }));
    }
    let alpine = is_alpine(image);
    let static_by_env = walk.env.get("CGO_ENABLED").is_some_and(|v| v == "0");
    let mut plan = BuildPlan::new(
        Ecosystem::Go,
        RuntimeNeed::Binary { linkage: Linkage::Static, debian: debian_release(image) },
    );
    for run in builds {
        let Some(output) = option_value(&run.command, &["-o"]) else {
            return Err(Decline::new(
                "`go build` without `-o` names the binary after the module path in go.mod, which slimfile cannot see: add `-o /path/to/binary`",
            ));
        };
        let Some(path) = absolute(run, output).filter(|p| !p.ends_with('/')) else {
            return Err(Decline::new(format!("cannot tell where `go build -o {output}` writes the binary")));
        };
        plan.artifacts.push(path.clone());
        plan.build_instructions.push(run.instruction);
        let static_inline = run.command.words.iter().any(|w| w.value == "CGO_ENABLED=0");
        if !(alpine || static_by_env || static_inline) {
            let Some(program) = run.command.program_words().first() else { continue };
            plan.builder_edits.push(Edit::insert(program.span.start, "CGO_ENABLED=0 "));
            plan.assumptions.push(format!(
                "{path} is built with CGO_ENABLED=0 so it is static and needs no libc; if the code uses cgo, remove it and use a glibc runtime such as gcr.io/distroless/base-debian12"
            ));
        }
    }
    plan.build_cache_dirs = BUILD_CACHE;
    let download = commands_running(walk, &["go"], &["mod"]).find(|run| run.command.has_word("download"));
    plan.dependencies = Some(DependencyInstall {
        instruction: download.map(|run| run.instruction),
        manifests: vec!["go.mod".to_owned(), "go.sum*".to_owned()],
        local_paths: Vec::new(),
        added_command: download.is_none().then_some("go mod download"),
        cache_dirs: MODULE_CACHE,
    });
    plan.trail.push(format!(
        "the Go toolchain stays in the builder; the runtime receives only {}",
        plan.artifacts.join(", ")
    ));
    Ok(plan)
}
