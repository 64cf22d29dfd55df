//! `registry-not-allowed`: an image pulled from a registry the configuration does not list.

use super::{Context, Report, Rule, RuleMeta};
use crate::finding::Severity;
use crate::image_ref::{DOCKER_HUB, ImageRef};
use crate::stages::{Base, Source};

/// See `docs/rules/registry-not-allowed.md`.
pub struct RegistryNotAllowed;

static META: RuleMeta = RuleMeta {
    id: "registry-not-allowed",
    severity: Severity::Error,
    summary: "an image comes from a registry that allowed-registries does not list",
    docs: include_str!("../../../docs/rules/registry-not-allowed.md"),
    hadolint: &["DL3026"],
    fix: None,
};

impl Rule for RegistryNotAllowed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, report: &mut Report<'_>) {
        let config = context.config;
        if config.allowed_registries.is_empty() {
            return;
        }
        let allowed = config.allowed_registries.join(", ");
        let message = |image: &ImageRef| {
            let host = image.registry_host();
            let from = if host == DOCKER_HUB { format!("Docker Hub (`{host}`)") } else { format!("`{host}`") };
            format!("`{image}` is pulled from {from}, which allowed-registries does not list ({allowed})")
        };
        for stage in &context.stages.stages {
            let Base::Image { image } = &stage.base else { continue };
            if !config.allows_registry(image.registry.as_deref()) {
                report.add(stage.from_instruction, stage.base_span, message(image), None, None);
            }
        }
        for dependency in &context.stages.dependencies {
            let Source::Image { reference } = &dependency.source else { continue };
            // A reference built from build arguments is only known at build time.
            if reference.contains('$') {
                continue;
            }
            let Some(image) = ImageRef::parse(reference) else { continue };
            if !config.allows_registry(image.registry.as_deref()) {
                report.add(dependency.instruction, dependency.span, message(&image), None, None);
            }
        }
    }
}
