//! Go: `go build` in a toolchain image; the binary is made static (`CGO_ENABLED=0`) so it runs on
//! distroless static or scratch, unless the build needs cgo (a module that links C, C source in
//! the context, a local module slimfile cannot read): then cgo stays and the runtime is glibc of
//! the builder's Debian release.

use crate::fix::Edit;
use crate::image_ref::ImageRef;

use super::cgo_modules::cgo_module;
use super::go_mod::GoMod;
use crate::rewrite::build_plan::{
    BuildPlan, Decline, DependencyInstall, Ecosystem, Linkage, RuntimeNeed, debian_release, is_alpine,
};
use crate::rewrite::stage_walk::{RunCommand, StageWalk};
use crate::rewrite::walk_queries::{absolute, commands_running, option_value};

const BUILD_CACHE: &[&str] = &["/root/.cache/go-build", "/go/pkg/mod"];
const MODULE_CACHE: &[&str] = &["/go/pkg/mod"];
/// `go build` flags that take the next word as their value (`-o out`, `-ldflags "-s -w"`).
const VALUE_FLAGS: &[&str] = &[
    "-o",
    "-ldflags",
    "-gcflags",
    "-asmflags",
    "-tags",
    "-mod",
    "-p",
    "-pkgdir",
    "-buildmode",
    "-installsuffix",
    "-modfile",
    "-overlay",
    "-pgo",
    "-toolexec",
    "-C",
    "-compiler",
    "-gccgoflags",
];
/// Extensions of C (and C++, assembly, SWIG) sources that cgo compiles.
const C_SOURCES: &[&str] = &[".c", ".h", ".cc", ".cpp", ".cxx", ".hpp", ".m", ".S", ".swig", ".swigcxx"];

/// Whether the build needs cgo, and why; or why slimfile may make it static.
enum Cgo {
    /// Keep cgo: the binary links glibc.
    Keep(String),
    /// Make it static; with what that assumes, when a check could not be made.
    Off(Option<String>),
}

/// Plans the split of a Go build.
pub(super) fn plan(walk: &StageWalk<'_>, image: Option<&ImageRef>) -> Result<BuildPlan, Decline> {
    let builds: Vec<_> = commands_running(walk, &["go"], &["build"]).collect();
    if builds.is_empty() {
        return Err(Decline::new(if commands_running(walk, &["go"], &["install"]).next().is_some() {
            "`go install` writes the binary to $GOBIN under the module's name: build with `go build -o /path/to/binary` and slimfile can split it"
        } else {
            "no `go build` in the final stage: nothing to copy into a runtime image"
        }));
    }
    let go_mod = walk.project.get("go.mod").map(GoMod::parse);
    let alpine = is_alpine(image);
    let env_cgo = walk.env.get("CGO_ENABLED").map(String::as_str);
    let cgo = cgo_need(walk, go_mod.as_ref())?;
    let mut static_build = true;
    let mut assumptions = Vec::new();
    let mut trail = Vec::new();
    let mut edits = Vec::new();
    let mut artifacts = Vec::new();
    for run in &builds {
        let path = output_path(run, go_mod.as_ref(), walk)?;
        let inline_cgo = run.command.words.iter().find_map(|w| w.value.strip_prefix("CGO_ENABLED=")).map(str::to_owned);
        let cgo_setting = inline_cgo.as_deref().or(env_cgo);
        match (cgo_setting, &cgo) {
            (Some("0"), _) => {}
            (Some("1"), _) => {
                static_build = false;
                trail.push(format!("{path} is built with CGO_ENABLED=1, as written: it links glibc"));
            }
            (_, Cgo::Keep(why)) if alpine && !installs_c_compiler(walk) => {
                trail.push(format!(
                    "{why}, but the Alpine builder has no C compiler, so cgo is off there, as in the original: {path} stays static"
                ));
            }
            (_, Cgo::Keep(why)) => {
                if alpine {
                    return Err(Decline::new(format!(
                        "{why}, and on Alpine cgo links musl: slimfile does not split cgo builds on Alpine yet"
                    )));
                }
                static_build = false;
                trail.push(format!("{path} keeps cgo: {why}; it runs on glibc of the builder's Debian release"));
            }
            // No C compiler in the Alpine image: cgo is already off, as in the original.
            (_, Cgo::Off(_)) if alpine => {}
            (_, Cgo::Off(assumed)) => {
                let Some(program) = run.command.program_words().first() else { continue };
                edits.push(Edit::insert(program.span.start, "CGO_ENABLED=0 "));
                match assumed {
                    Some(assumed) => assumptions.push(format!(
                        "{assumed}: {path} is built with CGO_ENABLED=0 so it is static and needs no libc; if the code uses cgo, remove it and use a glibc runtime such as gcr.io/distroless/cc"
                    )),
                    None => trail.push(format!(
                        "{path} is built with CGO_ENABLED=0 (static, no libc): go.mod requires no module known to need cgo, and the build context holds no C source"
                    )),
                }
            }
        }
        artifacts.push(path);
    }
    let linkage = if static_build { Linkage::Static } else { Linkage::Glibc };
    let mut plan = BuildPlan::new(Ecosystem::Go, RuntimeNeed::Binary { linkage, debian: debian_release(image) });
    plan.artifacts = artifacts;
    plan.builder_edits = edits;
    plan.assumptions = assumptions;
    plan.trail = trail;
    plan.build_instructions = builds.iter().map(|run| run.instruction).collect();
    plan.build_cache_dirs = BUILD_CACHE;
    let download = commands_running(walk, &["go"], &["mod"]).find(|run| run.command.has_word("download"));
    plan.dependencies = Some(DependencyInstall {
        instruction: download.map(|run| run.instruction),
        manifests: vec!["go.mod".to_owned(), "go.sum*".to_owned()],
        local_paths: go_mod
            .as_ref()
            .map(|m| {
                m.local_replacements.iter().filter(|p| p.starts_with("./") && !p.contains("..")).cloned().collect()
            })
            .unwrap_or_default(),
        added_command: download.is_none().then(|| "go mod download".to_owned()),
        deferred: None,
        cache_dirs: MODULE_CACHE,
    });
    plan.trail.push(format!(
        "the Go toolchain stays in the builder; the runtime receives only {}",
        plan.artifacts.join(", ")
    ));
    Ok(plan)
}

/// Whether the stage installs a C compiler (on Alpine, where the Go image has none).
fn installs_c_compiler(walk: &StageWalk<'_>) -> bool {
    walk.commands.iter().any(|run| {
        matches!(run.command.program(), Some("apk" | "apt-get" | "apt"))
            && ["gcc", "build-base", "clang", "musl-dev", "build-essential"].iter().any(|p| run.command.has_word(p))
    })
}

/// Whether the build needs cgo, from go.mod and the context's file names.
fn cgo_need(walk: &StageWalk<'_>, go_mod: Option<&GoMod>) -> Result<Cgo, Decline> {
    if let Some(go_mod) = go_mod {
        for required in &go_mod.requires {
            let Some(module) = cgo_module(required) else { continue };
            if let Some(library) = module.shared_library {
                return Err(Decline::new(format!(
                    "go.mod requires {required}, which {}: the runtime needs {library}, and slimfile does not know which packages carry it for this build",
                    module.why
                )));
            }
            return Ok(Cgo::Keep(format!("go.mod requires {required}, which {}", module.why)));
        }
        if let Some(local) = go_mod.local_replacements.first() {
            return Ok(Cgo::Keep(format!(
                "go.mod replaces a module with the local folder {local}, whose code may use cgo"
            )));
        }
    }
    let Some(context) = walk.context else {
        return Ok(Cgo::Off(Some(if go_mod.is_some() {
            "the build context's file list is unknown, so slimfile could not look for C source in it".to_owned()
        } else {
            "the build context is unknown, so slimfile could not read go.mod or look for C source".to_owned()
        })));
    };
    let c_source =
        context.paths().iter().find(|p| !p.starts_with("vendor/") && C_SOURCES.iter().any(|ext| p.ends_with(ext)));
    if let Some(source) = c_source {
        return Ok(Cgo::Keep(format!("the build context holds C source ({source}), which cgo compiles")));
    }
    if go_mod.is_some() {
        return Ok(Cgo::Off(None));
    }
    Ok(Cgo::Off(Some(if context.contains("go.mod") {
        "slimfile could not read go.mod".to_owned()
    } else {
        "go.mod is not in the build context, so its modules are unknown".to_owned()
    })))
}

/// Where `go build` in `run` writes the binary: its `-o`, else the name go gives it (the
/// package's last path element, the module's name for the root package, the first file's name).
fn output_path(run: &RunCommand, go_mod: Option<&GoMod>, walk: &StageWalk<'_>) -> Result<String, Decline> {
    if let Some(output) = option_value(&run.command, &["-o"]) {
        return absolute(run, output)
            .filter(|p| !p.ends_with('/'))
            .ok_or_else(|| Decline::new(format!("cannot tell where `go build -o {output}` writes the binary")));
    }
    let packages = package_operands(run);
    let name = match packages.as_slice() {
        [] | ["."] | ["./"] => match go_mod.and_then(GoMod::binary_name) {
            Some(name) => name.to_owned(),
            None => {
                let why = match walk.context {
                    Some(context) if context.contains("go.mod") => "slimfile could not read go.mod",
                    Some(_) => "go.mod is not in the build context",
                    None => "the build context is unknown, so slimfile cannot read go.mod",
                };
                return Err(Decline::new(format!(
                    "`go build` without `-o` names the binary after the module path in go.mod, and {why}: add `-o /path/to/binary`"
                )));
            }
        },
        [file, ..] if file.ends_with(".go") => {
            file.rsplit('/').next().unwrap_or(file).trim_end_matches(".go").to_owned()
        }
        [package] if package.starts_with("./") && !package.contains("...") => {
            package.trim_end_matches('/').rsplit('/').next().unwrap_or(package).to_owned()
        }
        _ => {
            return Err(Decline::new(
                "`go build` without `-o` on these packages writes no single binary slimfile can name: add `-o /path/to/binary`",
            ));
        }
    };
    absolute(run, &name).ok_or_else(|| {
        let why = if run.workdir.is_none() { ": the WORKDIR holds a variable slimfile does not resolve" } else { "" };
        Decline::new(format!("cannot tell which folder `go build` writes {name} to{why}: add `-o /path/to/binary`"))
    })
}

/// The package (or file) operands of a `go build`.
fn package_operands(run: &RunCommand) -> Vec<&str> {
    let words = run.command.program_words();
    let Some(build) = words.iter().position(|w| w.value == "build") else { return Vec::new() };
    let mut out = Vec::new();
    let mut at = build + 1;
    while at < words.len() {
        let word = words[at].value.as_str();
        if word.starts_with('-') {
            let flag = word.trim_start_matches('-');
            if !word.contains('=') && VALUE_FLAGS.iter().any(|f| f.trim_start_matches('-') == flag) {
                at += 1;
            }
        } else {
            out.push(word);
        }
        at += 1;
    }
    out
}
