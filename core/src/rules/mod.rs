//! The rules: one per file, each with its id, default severity, docs page and hadolint codes.
//!
//! A rule reads a [`Context`] and reports findings through a [`Report`]; the report fills in
//! positions and drops what the author silenced, so rules only decide what is wrong and where.

mod add_instead_of_copy;
mod apt_install_recommends;
mod context;
mod copy_before_dependency_install;
mod copy_context_without_dockerignore;
mod deleted_in_later_layer;
mod dev_dependencies_in_runtime;
mod fat_base_image;
mod image_savings;
mod multi_stage_build;
mod package_cache_in_layer;
pub(crate) mod package_caches;
mod recursive_chown_after_copy;
mod registry_not_allowed;
mod remote_add;
mod run_edits;
mod toolchain_in_final_image;
mod unpinned_base_image;
mod written_paths;

pub use context::{Context, Facts};
pub(crate) use package_cache_in_layer::{CacheLeft, caches_left};

use crate::finding::{Finding, Related, Severity};
use crate::fix::{Applicability, Fix};
use crate::source::Span;

/// What every rule declares about itself.
#[derive(Debug)]
pub struct RuleMeta {
    /// Kebab-case id, named after the pattern it flags.
    pub id: &'static str,
    /// Severity unless configured otherwise.
    pub severity: Severity,
    /// One line: what it flags.
    pub summary: &'static str,
    /// The docs page's file (Markdown): its title and sections, without the header line that
    /// [`RuleMeta::page`] renders from this metadata.
    pub docs: &'static str,
    /// Equivalent hadolint codes; `# hadolint ignore=` with one of them silences the rule.
    pub hadolint: &'static [&'static str],
    /// The best applicability its fixes can have, or `None` when it has no fix.
    pub fix: Option<Applicability>,
}

impl RuleMeta {
    /// The docs page every output shows (`slimfile explain`, SARIF help, the playground): the
    /// file's title, the header line rendered from this metadata (so it cannot disagree with the
    /// code), then the file's sections.
    #[must_use]
    pub fn page(&self) -> String {
        let (title, sections) = self.docs.split_once('\n').unwrap_or((self.docs, ""));
        let fix = self.fix.map_or("none", Applicability::as_str);
        let hadolint = if self.hadolint.is_empty() { "none".to_owned() } else { self.hadolint.join(", ") };
        let configurable = if crate::builtin_rules::is_builtin(self.id) { " · **Configurable:** no" } else { "" };
        format!(
            "{title}\n\n**Default severity:** {} · **Fix:** {fix} · **hadolint:** {hadolint}{configurable}\n{sections}",
            self.severity.as_str()
        )
    }
}

/// A rule.
pub trait Rule: Sync {
    /// Its metadata.
    fn meta(&self) -> &'static RuleMeta;
    /// Reports what it finds in `context`.
    fn check(&self, context: &Context<'_>, report: &mut Report<'_>);
}

/// Every rule, in the order findings are reported for the same place.
#[must_use]
pub fn all() -> &'static [&'static dyn Rule] {
    &[
        &add_instead_of_copy::AddInsteadOfCopy,
        &apt_install_recommends::AptInstallRecommends,
        &deleted_in_later_layer::DeletedInLaterLayer,
        &package_cache_in_layer::PackageCacheInLayer,
        &recursive_chown_after_copy::RecursiveChownAfterCopy,
        &remote_add::RemoteAdd,
        &unpinned_base_image::UnpinnedBaseImage,
        &toolchain_in_final_image::ToolchainInFinalImage,
        &fat_base_image::FatBaseImage,
        &copy_before_dependency_install::CopyBeforeDependencyInstall,
        &dev_dependencies_in_runtime::DevDependenciesInRuntime,
        &copy_context_without_dockerignore::CopyContextWithoutDockerignore,
        &multi_stage_build::MultiStageBuild,
        &registry_not_allowed::RegistryNotAllowed,
    ]
}

/// The rule with this id.
#[must_use]
pub fn by_id(id: &str) -> Option<&'static dyn Rule> {
    all().iter().copied().find(|rule| rule.meta().id == id)
}

/// Collects one rule's findings for one file.
pub struct Report<'a> {
    context: &'a Context<'a>,
    meta: &'static RuleMeta,
    findings: Vec<Finding>,
}

impl Report<'_> {
    /// Reports a finding on instruction `instruction` at `span`, unless the author silenced it.
    pub fn add(&mut self, instruction: usize, span: Span, message: String, bytes: Option<u64>, fix: Option<Fix>) {
        self.add_with_related(instruction, span, message, bytes, fix, Vec::new());
    }

    /// Reports a finding as [`Report::add`] does, with other places it is about (`related`: each
    /// span with what it is there).
    pub fn add_with_related(
        &mut self,
        instruction: usize,
        span: Span,
        message: String,
        bytes: Option<u64>,
        fix: Option<Fix>,
        related: Vec<(Span, String)>,
    ) {
        if self.context.ignored(instruction, self.meta.id, self.meta.hadolint) {
            return;
        }
        debug_assert!(
            fix.as_ref().is_none_or(|f| Some(f.applicability) <= self.meta.fix),
            "{} declares fixes up to {:?}",
            self.meta.id,
            self.meta.fix
        );
        let related = related
            .into_iter()
            .map(|(span, message)| Related { message, span, range: self.context.doc.range(span) })
            .collect();
        self.findings.push(Finding {
            rule: self.meta.id,
            severity: self.meta.severity,
            message,
            span,
            range: self.context.doc.range(span),
            bytes,
            fix,
            related,
        });
    }
}

/// Runs every rule over `context`.
#[must_use]
pub fn run(context: &Context<'_>) -> Vec<Finding> {
    run_selected(context, &|_| true)
}

/// Runs the rules `wanted` picks by their metadata over `context`, in the order of [`all`]: the
/// fix loop skips rules that cannot give it a fix to apply.
#[must_use]
pub fn run_selected(context: &Context<'_>, wanted: &dyn Fn(&RuleMeta) -> bool) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in all().iter().filter(|rule| wanted(rule.meta())) {
        let mut report = Report { context, meta: rule.meta(), findings: Vec::new() };
        rule.check(context, &mut report);
        out.append(&mut report.findings);
    }
    out
}
