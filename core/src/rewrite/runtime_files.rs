//! Files a compiled app may read at run time beside its binary: `templates/`, `static/`, a
//! `config.yaml`, a `.env` loaded at start-up, an SQLite file, or what a build script generated.
//! The original image had them (the whole context was copied in); a runtime stage that receives
//! only the binary would not. The rewrite carries each one the builder holds, from where the
//! builder has it to the same path, so the app finds it relative to the same working directory.
//!
//! It reads the build context's file names (the CLI lists them); where they are unknown (the
//! playground, standard input) it says what it assumes instead.

use crate::document::Keyword;
use crate::ecosystem::Ecosystem;

use super::stage_walk::{StageWalk, resolve};

/// Top-level folders apps read at run time: web templates and assets, migrations, configuration,
/// translations.
const RUNTIME_DIRS: &[&str] = &[
    "templates",
    "template",
    "static",
    "public",
    "assets",
    "views",
    "migrations",
    "config",
    "configs",
    "conf",
    "locales",
    "i18n",
];
/// Extensions of configuration and data files an app may open at its root.
const CONFIG_EXTENSIONS: &[&str] = &[".yaml", ".yml", ".toml", ".json", ".ini", ".properties", ".conf", ".env"];
/// Extensions of SQLite databases, carried wherever they are.
const DATABASE_EXTENSIONS: &[&str] = &[".db", ".sqlite", ".sqlite3", ".db3"];
/// Root files of build, CI and editor tooling, never read by the app.
const TOOLING_FILES: &[&str] = &[
    ".gitlab-ci.yml",
    ".travis.yml",
    ".pre-commit-config.yaml",
    "renovate.json",
    "codecov.yml",
    ".codecov.yml",
    "rustfmt.toml",
    ".rustfmt.toml",
    "clippy.toml",
    "rust-toolchain.toml",
    ".air.toml",
    "tsconfig.json",
    "app.yaml",
    "cloudbuild.yaml",
    "skaffold.yaml",
    "fly.toml",
    "netlify.toml",
    "vercel.json",
    "global.json",
    "lerna.json",
    "deny.toml",
    "cliff.toml",
    "Cross.toml",
    ".markdownlint.json",
    "sonar-project.properties",
    "gradle.properties",
    "lombok.config",
    "nuget.config",
    "NuGet.Config",
    ".editorconfig",
    "system.properties",
    "Procfile",
    "heroku.yml",
    "render.yaml",
    "railway.json",
    "railway.toml",
    "kustomization.yaml",
    "launchSettings.json",
];
/// Prefixes of tooling file names (`docker-compose.dev.yml`, `.golangci.yaml`).
const TOOLING_PREFIXES: &[&str] = &[
    "docker-compose",
    "compose.",
    "kube",
    "k8s",
    "helm",
    ".golangci",
    ".goreleaser",
    ".eslintrc",
    ".prettierrc",
    ".stylelintrc",
    "Dockerfile",
];
/// Folders of sources and build output, which a build script reads or writes but the app does
/// not need: not carried even when a build script makes everything else suspect.
const SOURCE_DIRS: &[&str] = &["src", "tests", "benches", "examples", "target", "vendor", "node_modules"];

/// What the runtime must receive besides the artifacts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct RuntimeFiles {
    /// Absolute paths in the builder, copied to the same place in the runtime.
    pub paths: Vec<String>,
    /// What was carried and why, for the trail.
    pub trail: Vec<String>,
    /// What is assumed, when the context is unknown.
    pub assumption: Option<String>,
}

/// The files of the context the app of `ecosystem` may read at run time, where the builder holds
/// them; `artifacts` are already copied.
pub(super) fn runtime_files(walk: &StageWalk<'_>, ecosystem: Ecosystem, artifacts: &[String]) -> RuntimeFiles {
    let mut out = RuntimeFiles::default();
    let Some(context) = walk.context else {
        out.assumption = Some(
            "the build context is unknown: the app reads no files beside its binary (templates/, static/, config files, an SQLite file); if it does, copy them into the runtime stage too".to_owned(),
        );
        return out;
    };
    let build_script = (ecosystem == Ecosystem::Rust)
        .then(|| context.paths().iter().find(|p| p.rsplit('/').next() == Some("build.rs") && !in_source_dir(p)))
        .flatten();
    // Judged where the files land: the app opens them relative to its working directory.
    let workdir = walk.workdir.clone().unwrap_or_else(|| "/".to_owned());
    let base = if workdir == "/" { String::new() } else { workdir.clone() };
    for path in context.paths() {
        let Some(location) = builder_location(walk, path) else { continue };
        let name = location.rsplit('/').next().unwrap_or(&location);
        let carried = if DATABASE_EXTENSIONS.iter().any(|ext| name.ends_with(ext)) && !in_source_dir(&location) {
            Some(location.clone())
        } else {
            let Some(relative) = location.strip_prefix(&format!("{base}/")) else { continue };
            match relative.split_once('/') {
                None if is_config_file(relative) => Some(location.clone()),
                None => None,
                // A folder of code (`config/config.go`) is a package, not files read at run time.
                Some((top, _)) if RUNTIME_DIRS.contains(&top) && !is_source(name) => Some(format!("{base}/{top}")),
                Some((top, _))
                    if build_script.is_some()
                        && !top.starts_with('.')
                        && !SOURCE_DIRS.contains(&top)
                        // A folder holding a crate is sources; any other may be the script's output.
                        && !context.contains(&format!("{top}/Cargo.toml")) =>
                {
                    Some(format!("{base}/{top}"))
                }
                Some(_) => None,
            }
        };
        let Some(carried) = carried else { continue };
        let overlaps = |a: &str, b: &str| a == b || a.starts_with(&format!("{b}/")) || b.starts_with(&format!("{a}/"));
        if !artifacts.iter().chain(&out.paths).any(|a| overlaps(a, &carried)) {
            out.paths.push(carried);
        }
    }
    if !out.paths.is_empty() {
        let why = match build_script {
            Some(script) => format!(
                "the app may read them at run time, and {script} (a build script) may write into them, which slimfile cannot read"
            ),
            None => "the app may read them at run time".to_owned(),
        };
        out.trail.push(format!("the runtime also receives {}: {why}", out.paths.join(", ")));
    }
    out
}

/// Whether the root file `name` is configuration the app may load, not a manifest or tooling.
fn is_config_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if Ecosystem::names_dependency_files(name)
        || TOOLING_FILES.contains(&name)
        || TOOLING_PREFIXES.iter().any(|p| name.starts_with(p))
        || [".example", ".sample", ".template", ".dist"].iter().any(|s| lower.contains(s))
    {
        return false;
    }
    name == ".env" || lower.starts_with(".env.") || CONFIG_EXTENSIONS.iter().any(|ext| lower.ends_with(ext))
}

/// Whether `name` is a source file the compiler reads, not a file the app opens.
fn is_source(name: &str) -> bool {
    [".go", ".rs", ".java", ".kt", ".scala", ".cs", ".fs", ".vb", ".c", ".h"].iter().any(|ext| name.ends_with(ext))
}

fn in_source_dir(path: &str) -> bool {
    path.split('/').any(|part| matches!(part, "target" | "vendor" | "node_modules"))
}

/// Where the builder holds the context file `path` after the stage's `COPY`s from the context
/// (the last that copies it wins); `None` when none copies it.
fn builder_location(walk: &StageWalk<'_>, path: &str) -> Option<String> {
    let mut found = None;
    for step in &walk.steps {
        let instruction = walk.instruction(step.index);
        if !matches!(instruction.keyword, Keyword::Copy | Keyword::Add)
            || instruction.flag("from").is_some()
            || !instruction.heredocs.is_empty()
        {
            continue;
        }
        let words = instruction.words();
        let Some((dest, sources)) = words.split_last() else { continue };
        if dest.value.contains('$') {
            continue;
        }
        let dest_dir = dest.value.trim_end_matches('/');
        let into_dir = dest.value.ends_with('/') || sources.len() > 1;
        let file_name = path.rsplit('/').next().unwrap_or(path);
        for source in sources {
            let source = crate::project_files::normalise_owned(&source.value);
            let target = if source.is_empty() {
                // The whole context: `path` lands under the destination.
                format!("{dest_dir}/{path}")
            } else if source == path {
                if into_dir { format!("{dest_dir}/{file_name}") } else { dest.value.clone() }
            } else if let Some(rest) = path.strip_prefix(&format!("{source}/")) {
                // A folder's contents land in the destination.
                format!("{dest_dir}/{rest}")
            } else if source.contains(['*', '?']) {
                // Each match of a glob lands in the destination by its name, a folder's contents
                // likewise.
                let depth = source.split('/').count();
                let parts: Vec<&str> = path.split('/').collect();
                if parts.len() < depth || !crate::ecosystem::wildcard_match(&source, &parts[..depth].join("/")) {
                    continue;
                }
                if parts.len() == depth {
                    format!("{dest_dir}/{file_name}")
                } else {
                    format!("{dest_dir}/{}", parts[depth..].join("/"))
                }
            } else {
                continue;
            };
            if let Some(absolute) = resolve(step.workdir.as_deref(), &target) {
                found = Some(absolute);
            }
        }
    }
    found
}
