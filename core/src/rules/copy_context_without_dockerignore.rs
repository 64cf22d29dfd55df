//! `copy-context-without-dockerignore`: the whole build context is copied into the image and no
//! `.dockerignore` filters it.

use super::copy_before_dependency_install::{copies_whole_context, quoted_copy};
use super::{Context, Report, Rule, RuleMeta};
use crate::finding::Severity;

/// See `docs/rules/copy-context-without-dockerignore.md`.
pub struct CopyContextWithoutDockerignore;

static META: RuleMeta = RuleMeta {
    id: "copy-context-without-dockerignore",
    severity: Severity::Warning,
    summary: "the whole build context is copied and there is no .dockerignore",
    docs: include_str!("../../../docs/rules/copy-context-without-dockerignore.md"),
    hadolint: &[],
    fix: None,
};

impl Rule for CopyContextWithoutDockerignore {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, report: &mut Report<'_>) {
        // Unknown (standard input, the playground) stays quiet.
        if context.facts.has_dockerignore != Some(false) {
            return;
        }
        // One finding per file: one .dockerignore fixes every copy of the context.
        let Some((i, instruction)) = context.instructions().find(|(_, instruction)| copies_whole_context(instruction))
        else {
            return;
        };
        let copy = quoted_copy(context, instruction);
        report.add(
            i,
            instruction.span,
            format!(
                "`{copy}` copies the whole build context and there is no .dockerignore: .git, local build output, node_modules and files such as .env end up in the image and invalidate the layer cache; add a .dockerignore beside the Dockerfile"
            ),
            None,
            None,
        );
    }
}
