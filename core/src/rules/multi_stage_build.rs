//! `multi-stage-build`: the final image contains its own build; the fix is the multi-stage
//! rewrite.

use super::{Context, Report, Rule, RuleMeta};
use crate::finding::Severity;
use crate::fix::Applicability;
use crate::fix_level::{Change, FixLevel};
use crate::rewrite::RewriteOutcome;

/// See `docs/rules/multi-stage-build.md`.
pub struct MultiStageBuild;

static META: RuleMeta = RuleMeta {
    id: "multi-stage-build",
    severity: Severity::Warning,
    summary: "the image ships its own build: split it into a builder and a slim runtime stage",
    docs: include_str!("../../../docs/rules/multi-stage-build.md"),
    hadolint: &[],
    fix: Some(Applicability::Unsafe),
};

impl Rule for MultiStageBuild {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, report: &mut Report<'_>) {
        let Some(stage) = context.stages.final_stage().map(|i| &context.stages.stages[i]) else { return };
        let from = stage.from_instruction;
        match context.rewrite() {
            RewriteOutcome::Rewritten(rewrite) => {
                // Which command writes it is the fix levels' decision, not this rule's.
                let writes = if FixLevel::Default.applies(Change::Rewrite(rewrite)) {
                    "`slimfile fix` writes it".to_owned()
                } else {
                    format!(
                        "with medium confidence, so only `slimfile fix --unsafe-fixes` writes it; it assumes {}",
                        rewrite.assumptions.join("; ")
                    )
                };
                let message = format!(
                    "this image ships its {} build: split it into a builder and a `{}` runtime stage that receives only the artifacts ({writes})",
                    rewrite.ecosystem.name(),
                    rewrite.runtime_image
                );
                report.add(from, stage.base_span, message, None, Some(rewrite.fix.clone()));
            }
            RewriteOutcome::Declined { ecosystem, reason, .. } => {
                let what = ecosystem.map_or_else(String::new, |e| format!("{} ", e.name()));
                let message = format!("this image ships its {what}build, and slimfile will not split it: {reason}");
                report.add(from, stage.base_span, message, None, None);
            }
            RewriteOutcome::Unchanged => {}
        }
    }
}
