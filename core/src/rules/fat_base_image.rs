//! `fat-base-image`: a full base image ships where a slimmer variant of the same image exists
//! (`python:3.12` → `python:3.12-slim`, a JDK where a JRE would do).

use super::image_savings::on_disk_savings;
use super::toolchain_in_final_image::{installs_build_tools, toolchain_bases};
use super::{Context, Report, Rule, RuleMeta};
use crate::document::Keyword;
use crate::ecosystem::{SlimmerImage, base_image, dependency_install, slimmer_image};
use crate::finding::Severity;
use crate::fix::{Applicability, Edit, Fix};
use crate::image_ref::ImageRef;
use crate::shell::SimpleCommand;
use crate::stages::{Base, Stage};

/// See `docs/rules/fat-base-image.md`.
pub struct FatBaseImage;

static META: RuleMeta = RuleMeta {
    id: "fat-base-image",
    severity: Severity::Warning,
    summary: "a full base image ships where a slim variant of the same image exists",
    docs: include_str!("../../../docs/rules/fat-base-image.md"),
    hadolint: &[],
    fix: Some(Applicability::Unsafe),
};

/// Programs whose use suggests the image fetches prebuilt binaries, most of them built for glibc.
const DOWNLOADERS: &[&str] = &["curl", "wget"];

/// Whether the catalog entries compared are the full and the slimmer variant, not two entries the
/// catalog fell back to.
fn full_and_slimmer(kind: &str) -> impl Fn(&str, &str) -> bool + '_ {
    move |full: &str, slim: &str| {
        let full_words: Vec<&str> = full.split('-').collect();
        let slim_words: Vec<&str> = slim.split('-').collect();
        let marker = if kind == "JRE" { "jre" } else { "slim" };
        !full_words.iter().any(|w| matches!(*w, "slim" | "alpine" | "jre")) && slim_words.contains(&marker)
    }
}

impl FatBaseImage {
    fn any_shipped_command(context: &Context<'_>, test: impl Fn(&SimpleCommand) -> bool) -> bool {
        context.instructions().any(|(i, _)| context.ships(i) && context.commands(i).iter().any(&test))
    }

    /// Whether the shipped image builds native code or fetches binaries: then Alpine's musl is no
    /// option worth naming.
    fn needs_glibc(context: &Context<'_>) -> bool {
        let downloads = context.instructions().any(|(i, instruction)| {
            context.ships(i)
                && instruction.keyword == Keyword::Add
                && instruction.words().iter().any(|w| w.value.starts_with("http"))
        });
        downloads
            || Self::any_shipped_command(context, |c| {
                installs_build_tools(c) || c.program().is_some_and(|p| DOWNLOADERS.contains(&p))
            })
    }

    fn message(context: &Context<'_>, image: &ImageRef, slimmer: &SlimmerImage, cost: &str) -> String {
        let target = &slimmer.reference;
        if slimmer.kind == "JRE" {
            return format!(
                "`{image}` is a JDK and nothing in this image compiles Java: the JRE image `{target}` runs the same programs, {cost}"
            );
        }
        let mut message =
            format!("`{image}` is the full image: `{target}` has the same runtime without the extra tools, {cost}");
        let has_compilers = base_image(image).is_some_and(|b| b.has_compilers);
        let installs_dependencies = Self::any_shipped_command(context, |c| dependency_install(c).is_some());
        if has_compilers && installs_dependencies && !Self::any_shipped_command(context, installs_build_tools) {
            message.push_str(
                "; it has no compilers, so a dependency that builds native code needs them installed (or a builder stage)",
            );
        }
        if let Some(alpine) = &slimmer.alpine
            && !Self::needs_glibc(context)
        {
            message.push_str(&format!(
                "; `{alpine}` is smaller still, but it uses musl instead of glibc: native modules (node-gyp addons, Python wheels with C extensions) and glibc binaries may fail there, so prefer `{target}`"
            ));
        }
        message
    }

    fn fix(context: &Context<'_>, stage: &Stage, image: &ImageRef, slimmer: &SlimmerImage) -> Option<Fix> {
        // Only when the image is written out literally, as one reference.
        let written = context.doc.slice(stage.base_span);
        let literal = !written.contains('$') && written == stage.base_text && image.digest.is_none();
        literal.then(|| {
            Fix::new(
                format!("Use {}", slimmer.reference),
                Applicability::Unsafe,
                vec![Edit::replace(stage.base_span, slimmer.reference.to_string())],
            )
        })
    }
}

impl Rule for FatBaseImage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, report: &mut Report<'_>) {
        let toolchain_stages: Vec<usize> = toolchain_bases(context).iter().map(|t| t.stage).collect();
        for stage in &context.stages.stages {
            if !context.ships(stage.from_instruction) || toolchain_stages.contains(&stage.index) {
                continue;
            }
            let Base::Image { image } = &stage.base else { continue };
            let undigested = ImageRef { digest: None, ..image.clone() };
            let Some(slimmer) = slimmer_image(&undigested) else { continue };
            let savings = on_disk_savings(&undigested, &slimmer.reference, &full_and_slimmer(slimmer.kind));
            let (cost, bytes) = match savings {
                Ok(savings) => (savings.phrase(), Some(savings.bytes)),
                Err(why) => (format!("smaller ({why})"), None),
            };
            let message = Self::message(context, image, &slimmer, &cost);
            let fix = Self::fix(context, stage, image, &slimmer);
            report.add(stage.from_instruction, stage.base_span, message, bytes, fix);
        }
    }
}
