//! `unpinned-base-image`: a `FROM` with no tag, or `latest`.

use super::{Context, Report, Rule, RuleMeta};
use crate::finding::Severity;
use crate::stages::Base;

/// See `docs/rules/unpinned-base-image.md`.
pub struct UnpinnedBaseImage;

static META: RuleMeta = RuleMeta {
    id: "unpinned-base-image",
    severity: Severity::Warning,
    summary: "the base image has no version tag, or uses latest",
    docs: include_str!("../../../docs/rules/unpinned-base-image.md"),
    hadolint: &["DL3006", "DL3007"],
    fix: None,
};

impl Rule for UnpinnedBaseImage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, report: &mut Report<'_>) {
        for stage in &context.stages.stages {
            let Base::Image { image } = &stage.base else { continue };
            if image.digest.is_some() {
                continue;
            }
            let message = match image.tag.as_deref() {
                None => {
                    format!("`{image}` has no tag: it means `latest`, which moves; pin a version tag (or a digest)")
                }
                Some("latest") => format!("`{image}` moves with every release: pin a version tag (or a digest)"),
                Some(_) => continue,
            };
            report.add(stage.from_instruction, stage.base_span, message, None, None);
        }
    }
}
