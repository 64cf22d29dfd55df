//! Dependencies before source: the manifests are copied and installed before `COPY . .`, so a
//! source change reuses the dependency layer from the cache.

use crate::document::{Instruction, Keyword};
use crate::fix::Edit;

use super::build_plan::{BuildPlan, DependencyInstall};
use super::stage_walk::{StageWalk, next_line_start};

/// Programs that may share the install's `RUN` without needing the sources.
const SOURCE_FREE: &[&str] = &[
    "npm", "yarn", "pnpm", "pip", "pip3", "python", "python3", "poetry", "go", "mvn", "mvnw", "dotnet", "rm", "true",
    "echo", "apt-get", "apt", "apk", "composer",
];

/// The edits that move the source copy after the dependency install, with a line for the
/// trail; or no edits and the reason.
pub(super) fn edits(walk: &StageWalk<'_>, plan: &BuildPlan, mounts: &str) -> (Vec<Edit>, Option<String>) {
    let Some(deps) = &plan.dependencies else { return (Vec::new(), None) };
    let doc = walk.doc;
    let text = doc.text();
    let eol = doc.line_ending().as_str();
    // The first step that needs the dependencies: the install, or the build when the rewrite adds
    // the install.
    let Some(needs) = deps.instruction.or_else(|| plan.build_instructions.first().copied()) else {
        return (Vec::new(), None);
    };
    let source = walk
        .steps
        .iter()
        .filter(|s| s.index < needs)
        .rev()
        .map(|s| (s.index, walk.instruction(s.index)))
        .find(|(_, i)| matches!(i.keyword, Keyword::Copy | Keyword::Add) && i.flag("from").is_none());
    let Some((source_index, copy)) = source.filter(|(_, i)| copies_whole_context(i)) else {
        return (Vec::new(), None);
    };
    if walk
        .steps
        .iter()
        .any(|s| s.index > source_index && s.index < needs && walk.instruction(s.index).keyword == Keyword::Run)
    {
        return (
            Vec::new(),
            Some(
                "the source copy stays where it is: a RUN between it and the dependency install may need the sources"
                    .to_owned(),
            ),
        );
    }
    let Some(dest) = copy.words().last().map(|w| w.value.as_str()) else { return (Vec::new(), None) };
    let dest = if dest.ends_with('/') { dest.to_owned() } else { format!("{dest}/") };
    let flags: String = copy.flags.iter().map(|f| format!(" {}", doc.slice(f.span))).collect();
    let manifests_copy = manifests_copy(deps, &flags, &dest, eol);
    let copy_text = doc.slice(copy.span);
    match (deps.instruction, deps.added_command.as_deref()) {
        (Some(install), _) => {
            let run = walk.instruction(install);
            let commands = walk.commands.iter().filter(|c| c.instruction == install);
            let source_free = commands.clone().all(|c| c.command.program().is_some_and(|p| SOURCE_FREE.contains(&p)))
                && !plan.build_instructions.contains(&install)
                && run.heredocs.is_empty();
            if !source_free {
                return (
                    Vec::new(),
                    Some("the source copy stays where it is: the dependency install's RUN also builds".to_owned()),
                );
            }
            let after_install = next_line_start(text, run.span.end);
            let lead = if after_install == text.len() && !text.ends_with('\n') { eol } else { "" };
            let after_source = deps.deferred.as_ref().map_or(String::new(), |d| format!("{}{eol}", d.after_source));
            let mut edits = vec![
                Edit::replace(copy.span, manifests_copy.trim_end_matches(eol).to_owned()),
                Edit::insert(after_install, format!("{lead}{copy_text}{eol}{after_source}")),
            ];
            // The install itself: the one the plan defers work of, in the same RUN.
            if let Some(deferred) = &deps.deferred
                && let Some(command) = walk
                    .commands
                    .iter()
                    .find(|c| c.instruction == install && c.command.program().is_some_and(|p| p == "composer"))
            {
                edits.push(Edit::insert(command.command.span.end, format!(" {}", deferred.install_flags)));
            }
            (
                edits,
                Some(format!(
                    "{} are copied before the dependency install and the sources after it, so a source change reuses the dependency layer",
                    copied(deps)
                )),
            )
        }
        (None, Some(command)) => (
            vec![Edit::insert(copy.span.start, format!("{manifests_copy}RUN{mounts} {command}{eol}"))],
            Some(format!(
                "`{command}` runs on {} before the sources are copied, so a source change reuses the dependency layer",
                copied(deps)
            )),
        ),
        (None, None) => (Vec::new(), None),
    }
}

/// The `COPY` lines of the manifests and local paths, each ending in `eol`: the manifests at the
/// context root share one `COPY` into `dest`; a file in a folder, or a local path that may be a
/// folder, gets its own, to the same path under `dest`, since a `COPY` of several sources puts
/// each by its last name.
fn manifests_copy(deps: &DependencyInstall, flags: &str, dest: &str, eol: &str) -> String {
    let clean = |path: &str| path.trim_start_matches("./").trim_end_matches('/').to_owned();
    let (root, nested): (Vec<String>, Vec<String>) =
        deps.manifests.iter().map(|m| clean(m)).partition(|m| !m.contains('/'));
    let mut lines = String::new();
    if !root.is_empty() {
        lines.push_str(&format!("COPY{flags} {} {dest}{eol}", root.join(" ")));
    }
    for path in nested.iter().chain(deps.local_paths.iter().map(|p| clean(p)).collect::<Vec<_>>().iter()) {
        lines.push_str(&format!("COPY{flags} {path} {dest}{path}{eol}"));
    }
    lines
}

/// The manifests and local paths, for the trail.
fn copied(deps: &DependencyInstall) -> String {
    deps.manifests.iter().chain(&deps.local_paths).cloned().collect::<Vec<_>>().join(" ")
}

/// Whether a `COPY`/`ADD` copies the whole build context (`COPY . .`).
fn copies_whole_context(instruction: &Instruction) -> bool {
    let words = instruction.words();
    words.len() >= 2
        && instruction.heredocs.is_empty()
        && words[..words.len() - 1].iter().all(|w| matches!(w.value.as_str(), "." | "./"))
}
