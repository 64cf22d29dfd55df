//! Writes the split as text edits: the original stage becomes the builder (its bytes kept, a
//! few edits made), runtime metadata moves, and the runtime stage is appended.

use crate::document::Keyword;
use crate::fix::Edit;
use crate::stable_sort;

use super::build_plan::BuildPlan;
use super::dependency_order;
use super::options::RewriteOptions;
use super::runtime_image::{PackageManager, RuntimeImage};
use super::runtime_packages::RuntimePackages;
use super::stage_walk::{Placement, StageWalk, line_start, next_line_start};

/// What the writer needs besides the plan.
pub(super) struct Emit<'p> {
    /// The ecosystem's plan.
    pub plan: &'p BuildPlan,
    /// The runtime base.
    pub runtime: &'p RuntimeImage,
    /// System packages the runtime installs.
    pub packages: &'p RuntimePackages,
    /// A `RUN` (verbatim) that creates the runtime user.
    pub user_setup: Option<String>,
    /// The options.
    pub options: &'p RewriteOptions,
}

/// The edits, and the trail lines they add.
pub(super) fn edits(walk: &StageWalk<'_>, emit: &Emit<'_>) -> (Vec<Edit>, Vec<String>) {
    let doc = walk.doc;
    let text = doc.text();
    let eol = doc.line_ending().as_str();
    let plan = emit.plan;
    let mut edits = plan.builder_edits.clone();
    let mut trail = Vec::new();

    let from = walk.instruction(walk.stage.from_instruction);
    let builder = match &walk.stage.name {
        Some(name) => name.clone(),
        None => {
            let end = from.words().last().map_or(from.span.end, |w| w.span.end);
            let name = unused_name("builder", &walk.stage_names);
            edits.push(Edit::insert(end, format!(" AS {name}")));
            name
        }
    };
    let mut taken = walk.stage_names.clone();
    taken.push(builder.to_ascii_lowercase());
    let runtime_name = unused_name("runtime", &taken);

    let mount = |dirs: &[&str]| -> String {
        if emit.options.cache_mounts {
            dirs.iter().map(|d| format!(" --mount=type=cache,target={d}")).collect()
        } else {
            String::new()
        }
    };
    let install_mounts = plan.dependencies.as_ref().map(|d| mount(d.cache_dirs)).unwrap_or_default();
    let (order_edits, order_trail) = dependency_order::edits(walk, plan, &install_mounts);
    edits.extend(order_edits);
    trail.extend(order_trail);
    if emit.options.cache_mounts {
        let mut mounted: Vec<(usize, String)> =
            plan.build_instructions.iter().map(|&i| (i, mount(plan.build_cache_dirs))).collect();
        if let Some(install) = plan.dependencies.as_ref().and_then(|d| d.instruction) {
            mounted.push((install, install_mounts.clone()));
        }
        stable_sort::by_key(&mut mounted, Clone::clone);
        mounted.dedup_by_key(|(i, _)| *i);
        for (index, flags) in mounted.into_iter().filter(|(_, f)| !f.is_empty()) {
            edits.push(Edit::insert(walk.instruction(index).keyword_span.end, flags));
        }
        if !doc.directives().iter().any(|d| d.name.eq_ignore_ascii_case("syntax")) {
            let start = if doc.has_bom() { '\u{feff}'.len_utf8() } else { 0 };
            edits.push(Edit::insert(start, format!("# syntax=docker/dockerfile:1{eol}")));
        }
        trail.push(
            "BuildKit cache mounts keep the package caches between builds without putting them in a layer".to_owned(),
        );
    }

    // Metadata moves to the runtime, with the comments written right above it.
    let mut moved = Vec::new();
    for step in walk.steps.iter().filter(|s| s.placement == Placement::Move) {
        let instruction = walk.instruction(step.index);
        let mut start = line_start(text, instruction.span.start);
        while start > 0 {
            let previous = line_start(text, start - 1);
            if text[previous..start].trim_start().starts_with('#') && !is_directive(walk, previous) {
                start = previous;
            } else {
                break;
            }
        }
        let block_end = next_line_start(text, instruction.span.end);
        let block = text[start..instruction.span.end].to_owned();
        let mut delete_from = start;
        let mut blank_before = false;
        if start > 0 {
            let previous = line_start(text, start - 1);
            if text[previous..start].trim().is_empty() {
                delete_from = previous;
                blank_before = true;
            }
        }
        edits.push(Edit::delete(crate::source::Span::new(delete_from, block_end)));
        moved.push((block, blank_before));
    }
    if !moved.is_empty() {
        trail.push(
            "runtime settings (CMD, ENTRYPOINT, EXPOSE, ...) move to the runtime stage with their comments".to_owned(),
        );
    }

    let mut out = String::new();
    let mut line = |s: &str| {
        out.push_str(s);
        out.push_str(eol);
    };
    for instruction in &plan.builder_tail {
        line(instruction);
    }
    line("");
    // The runtime runs on the platform the original image was for.
    let platform = from.flag("platform").map_or(String::new(), |f| format!("{} ", doc.slice(f.span)));
    line(&format!("FROM {platform}{} AS {runtime_name}", emit.runtime.image));
    for assumption in &plan.assumptions {
        line(&format!("# slimfile: assumes {assumption}"));
    }
    let carried = runtime_text(walk, &moved);
    for step in walk.steps.iter().filter(|s| s.placement == Placement::Repeat) {
        let instruction = walk.instruction(step.index);
        let verbatim = doc.slice(instruction.span);
        match &instruction.keyword {
            Keyword::Arg if arg_used(verbatim, &carried) => line(verbatim),
            Keyword::Env => line(verbatim),
            Keyword::Shell if emit.runtime.packages != PackageManager::None => line(verbatim),
            Keyword::Workdir if walk.workdir.is_none() => line(verbatim),
            _ => {}
        }
    }
    for setup in &plan.runtime_setup {
        line(setup);
    }
    if let Some(dir) = walk.workdir.as_deref().filter(|d| *d != "/") {
        line(&format!("WORKDIR {dir}"));
    }
    match emit.runtime.packages {
        PackageManager::Apt if !emit.packages.apt.is_empty() => line(&format!(
            "RUN apt-get update && apt-get install -y --no-install-recommends {} && rm -rf /var/lib/apt/lists/*",
            emit.packages.apt.join(" ")
        )),
        PackageManager::Apk if !emit.packages.is_empty() => {
            let mut names = emit.packages.apk.clone();
            names.extend(emit.packages.apt.iter().filter(|p| matches!(p.as_str(), "curl" | "wget")).cloned());
            line(&format!("RUN apk add --no-cache {}", names.join(" ")));
        }
        _ => {}
    }
    if let Some(setup) = &emit.user_setup {
        line(setup);
    }
    for artifact in &plan.artifacts {
        // A glob (`target/*.jar`) lands in its folder; a path, at the same path.
        let dest = match artifact.rsplit_once('/') {
            Some((dir, name)) if name.contains(['*', '?']) => format!("{dir}/"),
            _ => artifact.clone(),
        };
        line(&format!("COPY --from={builder} {artifact} {dest}"));
    }
    for instruction in &plan.runtime_tail {
        line(instruction);
    }
    if emit.runtime.scratch {
        line(&format!("COPY --from={builder} /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/"));
    }
    let last_user = walk.steps.iter().rev().find(|s| walk.instruction(s.index).keyword == Keyword::User);
    match last_user {
        Some(step) if step.placement == Placement::Repeat => line(doc.slice(walk.instruction(step.index).span)),
        None if emit.options.non_root => line(&format!("USER {}", emit.runtime.non_root_user)),
        _ => {}
    }
    for (block, blank_before) in &moved {
        if *blank_before {
            line("");
        }
        line(block);
    }
    if !text.ends_with('\n') {
        out.truncate(out.len() - eol.len());
    }
    let lead = if text.is_empty() || text.ends_with('\n') { "" } else { eol };
    edits.push(Edit::insert(text.len(), format!("{lead}{out}")));
    trail.push(format!("the runtime stage starts from {}", emit.runtime.image));
    trail.extend(emit.runtime.notes.iter().cloned());
    trail.extend(emit.packages.notes.iter().cloned());
    (edits, trail)
}

/// The text of everything the runtime stage carries, to see which build arguments it uses.
fn runtime_text(walk: &StageWalk<'_>, moved: &[(String, bool)]) -> String {
    let mut text: String = moved.iter().map(|(block, _)| block.as_str()).collect::<Vec<_>>().join("\n");
    for step in walk.steps.iter().filter(|s| s.placement == Placement::Repeat) {
        let instruction = walk.instruction(step.index);
        if instruction.keyword != Keyword::Arg {
            text.push('\n');
            text.push_str(walk.doc.slice(instruction.span));
        }
    }
    text
}

/// Whether the `ARG` line `arg` declares a name that `carried` refers to.
fn arg_used(arg: &str, carried: &str) -> bool {
    let names = crate::stages::arg_declarations(arg.split_once(char::is_whitespace).map_or("", |(_, rest)| rest));
    names.iter().any(|(name, _)| carried.contains(&format!("${name}")) || carried.contains(&format!("${{{name}")))
}

fn is_directive(walk: &StageWalk<'_>, offset: usize) -> bool {
    walk.doc.directives().iter().any(|d| d.span.start <= offset && offset < d.span.end.max(d.span.start + 1))
}

/// `base`, or `base-2`, `base-3`, ... when an earlier stage already has that name: two stages
/// of one name are an error in BuildKit.
fn unused_name(base: &str, taken: &[String]) -> String {
    std::iter::once(base.to_owned())
        .chain((2..).map(|n| format!("{base}-{n}")))
        .find(|name| !taken.contains(name))
        .unwrap_or_else(|| base.to_owned())
}
