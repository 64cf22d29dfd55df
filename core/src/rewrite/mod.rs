//! The multi-stage rewrite: a deterministic split of a single-stage build into a builder that
//! keeps the author's steps and a small runtime that receives only the artifacts.
//!
//! The result is a [`Fix`] of applicability `unsafe` (the image's contents change), made of text
//! edits over the original, so every byte the rewrite does not need to touch stays as written.
//! Anything not recognised with confidence is declined with a reason, never guessed.

pub(crate) mod build_plan;
mod dependency_order;
mod emit;
mod options;
mod runtime_files;
pub(crate) mod runtime_image;
mod runtime_packages;
pub(crate) mod split_trigger;
pub(crate) mod stage_walk;
pub(crate) mod walk_queries;
pub(crate) mod word_value;

pub use build_plan::Ecosystem;
pub use options::{RewriteOptions, RuntimeFamily};

use serde::Serialize;

use crate::document::{Dockerfile, Keyword};
use crate::fix::{Applicability, Fix};
use crate::rules::Facts;
use crate::source::Span;
use crate::stages::{Base, StageModel};

use build_plan::{BuildPlan, Decline, RuntimeNeed};
use runtime_image::{PackageManager, Requirements};
use stage_walk::{Placement, StageWalk};

/// How sure the rewrite is that the new image behaves like the old one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// It rests on assumptions, each said in the output.
    Medium,
    /// Everything it relies on is written in the Dockerfile.
    High,
}

impl Confidence {
    /// The word every front end shows for it, so the CLI, the Action and the page say the same.
    #[must_use]
    pub const fn word(self) -> &'static str {
        match self {
            Self::High => "high",
            Self::Medium => "medium",
        }
    }
}

/// A rewrite that was made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rewrite {
    /// The ecosystem it recognised.
    pub ecosystem: Ecosystem,
    /// The runtime stage's base image.
    pub runtime_image: String,
    /// The edits, as an `unsafe` fix.
    pub fix: Fix,
    /// What moved where, and why.
    pub trail: Vec<String>,
    /// What it assumes (also written as comments in the output).
    pub assumptions: Vec<String>,
    /// How sure it is.
    pub confidence: Confidence,
}

/// What the rewrite made of a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum RewriteOutcome {
    /// Rewritten.
    Rewritten(Rewrite),
    /// Declined, with the reason, said where the final stage starts.
    Declined {
        /// The ecosystem, when it was recognised.
        ecosystem: Option<Ecosystem>,
        /// Why.
        reason: String,
        /// The final stage's `FROM`.
        span: Span,
    },
    /// Nothing to gain: the final stage builds nothing (already slim, or already split).
    Unchanged,
}

/// Plans the split of `doc`'s final stage.
#[must_use]
///
/// `facts` holds what the caller could read of the build context (its file names, its dependency
/// manifests); where they are unknown the rewrite plans from the Dockerfile alone and says what
/// it assumes.
pub fn rewrite(doc: &Dockerfile, stages: &StageModel, options: &RewriteOptions, facts: &Facts) -> RewriteOutcome {
    if !doc.problems().is_empty() || !stages.problems.is_empty() {
        return RewriteOutcome::Unchanged;
    }
    let Some(final_index) = stages.final_stage() else { return RewriteOutcome::Unchanged };
    let stage = &stages.stages[final_index];
    let mut walk = StageWalk::new(doc, stage, &facts.project);
    walk.context = facts.context_files.as_ref();
    walk.stage_names = stages.stages.iter().filter_map(|s| s.name.as_deref()).map(str::to_ascii_lowercase).collect();
    let image = match &stage.base {
        Base::Image { image } => Some(image),
        Base::Scratch => return RewriteOutcome::Unchanged,
        Base::Stage { .. } | Base::Unresolved { .. } => None,
    };
    let Some(ecosystem) = split_trigger::needs_split(&walk, image) else {
        return RewriteOutcome::Unchanged;
    };
    let recognised = ecosystem.as_ref().ok().copied();
    let declined = |reason: String| RewriteOutcome::Declined {
        ecosystem: recognised,
        reason,
        span: doc.instructions()[stage.from_instruction].span,
    };
    let ecosystem = match ecosystem {
        Ok(ecosystem) => ecosystem,
        Err(Decline(reason)) => return declined(reason),
    };
    match &stage.base {
        Base::Stage { .. } => {
            return declined(
                "the final stage builds on an earlier stage; slimfile splits only a stage that starts from an image"
                    .to_owned(),
            );
        }
        Base::Unresolved { text, .. } => {
            return declined(format!("the base image `{text}` depends on a build argument with no default"));
        }
        _ => {}
    }
    let windows_path = |i: &crate::document::Instruction| {
        i.keyword == Keyword::Workdir
            && i.words().first().is_some_and(|w| {
                w.value.as_bytes().get(1) == Some(&b':') && w.value.as_bytes()[0].is_ascii_alphabetic()
            })
    };
    if walk.steps.iter().any(|s| windows_path(walk.instruction(s.index))) {
        return declined("the WORKDIR is a Windows path; slimfile splits Linux images only".to_owned());
    }
    if walk.steps.iter().any(|s| walk.instruction(s.index).keyword == Keyword::Onbuild) {
        return declined(
            "ONBUILD triggers run in images built from this one; moving them would change what those images get"
                .to_owned(),
        );
    }
    match plan_for(ecosystem, &walk, image, options) {
        Ok(rewrite) => RewriteOutcome::Rewritten(rewrite),
        Err(Decline(reason)) => declined(reason),
    }
}

fn plan_for(
    ecosystem: Ecosystem,
    walk: &StageWalk<'_>,
    image: Option<&crate::image_ref::ImageRef>,
    options: &RewriteOptions,
) -> Result<Rewrite, Decline> {
    let Some(plan) = ecosystem.language().plan else {
        return Err(Decline(format!("{} builds are not split yet", ecosystem.name())));
    };
    let mut plan: BuildPlan = plan(walk, image)?;
    if matches!(plan.runtime, RuntimeNeed::Binary { .. } | RuntimeNeed::Jre(_) | RuntimeNeed::Dotnet(_)) {
        // A compiled app's runtime receives only its artifacts: what it reads beside them must
        // be carried too.
        let files = runtime_files::runtime_files(walk, plan.ecosystem, &plan.artifacts);
        plan.artifacts.extend(files.paths);
        plan.trail.extend(files.trail);
        plan.assumptions.extend(files.assumption);
    }
    let (entry, shell_form) = walk.entry_words();
    if entry.is_empty() {
        return Err(Decline::new("there is no CMD or ENTRYPOINT, so there is nothing to run in a runtime image"));
    }
    let moved_text: String = walk
        .steps
        .iter()
        .filter(|s| s.placement == Placement::Move)
        .map(|s| walk.doc.slice(walk.instruction(s.index).span))
        .collect::<Vec<_>>()
        .join("\n");
    let mut packages = runtime_packages::runtime_packages(walk, &moved_text)?;
    let healthcheck_shell = walk.steps.iter().map(|s| walk.instruction(s.index)).any(|i| {
        i.keyword == Keyword::Healthcheck
            && i.subcommand.as_ref().is_some_and(|w| w.value.eq_ignore_ascii_case("cmd"))
            && !i.is_exec_form()
    });
    let user = runtime_user(walk)?;
    let mut requires =
        Requirements { shell: shell_form || healthcheck_shell || user.is_some(), packages: !packages.is_empty() };
    let mut runtime = runtime_image::choose(&plan.runtime, options.runtime, requires);
    if let Some((_, setup)) = &user
        && setup.split_whitespace().any(|w| w == "adduser" || w == "addgroup")
        && runtime.packages == PackageManager::Apt
    {
        // Debian's minimal images have `useradd` but not the `adduser` wrapper.
        packages.apt.push("adduser".to_owned());
        requires.packages = true;
        runtime = runtime_image::choose(&plan.runtime, options.runtime, requires);
    }
    if runtime.packages == PackageManager::None && !packages.is_empty() {
        return Err(Decline::new(
            "the runtime needs system packages, and no runtime with a package manager fits this build",
        ));
    }
    let emit = emit::Emit {
        plan: &plan,
        runtime: &runtime,
        packages: &packages,
        user_setup: user.map(|(_, setup)| setup),
        options,
    };
    let (edits, trail) = emit::edits(walk, &emit);
    plan.trail.extend(trail);
    let confidence = if plan.assumptions.is_empty() { Confidence::High } else { Confidence::Medium };
    let title = format!("Split into a builder and a {} runtime stage", runtime.image);
    Ok(Rewrite {
        ecosystem: plan.ecosystem,
        runtime_image: runtime.image.clone(),
        fix: Fix::new(title, Applicability::Unsafe, edits),
        trail: plan.trail,
        assumptions: plan.assumptions,
        confidence,
    })
}

/// The runtime user, when the stage creates it with a `RUN` the runtime must repeat: its name
/// and that `RUN`, verbatim.
fn runtime_user(walk: &StageWalk<'_>) -> Result<Option<(String, String)>, Decline> {
    let Some(user) = walk
        .steps
        .iter()
        .rev()
        .map(|s| walk.instruction(s.index))
        .find(|i| i.keyword == Keyword::User)
        .and_then(|i| i.words().first())
    else {
        return Ok(None);
    };
    let name = user.value.split(':').next().unwrap_or("").to_owned();
    if name.is_empty() || name == "root" || name.chars().all(|c| c.is_ascii_digit()) || name.contains('$') {
        return Ok(None);
    }
    let creates = |program: Option<&str>| matches!(program, Some("useradd" | "adduser" | "groupadd" | "addgroup"));
    let Some(run) = walk.commands.iter().find(|c| creates(c.command.program()) && c.command.has_word(&name)) else {
        // A user the base image already has (node, nobody, www-data): the slim variant has it too.
        return Ok(None);
    };
    let all_user_setup =
        walk.commands.iter().filter(|c| c.instruction == run.instruction).all(|c| creates(c.command.program()));
    if !all_user_setup {
        return Err(Decline::new(format!(
            "USER {name} is created by a RUN that also does other work, so the runtime cannot repeat just that part"
        )));
    }
    Ok(Some((name, walk.doc.slice(walk.instruction(run.instruction).span).to_owned())))
}
