//! The core's front door for a linter run: bytes in, findings and a size estimate out.

use crate::config::Config;
use crate::document::Dockerfile;
use crate::estimate::{FileEstimate, SizeInputs, estimate_file_modelled};
use crate::finding::{Finding, SYNTAX_ERROR, Severity, UNREADABLE_INPUT};
use crate::fix_level::FixLevel;
use crate::input;
use crate::parser;
use crate::proposal::{Proposal, ProposalOptions, Settled, propose_checked};
use crate::rewrite::RewriteOutcome;
use crate::rules::{self, Context, Facts, RuleMeta};
use crate::source::{Range, Span};
use crate::stable_sort;
use crate::stages::StageModel;

/// Everything `check` learned about one file.
#[derive(Clone, Debug)]
pub struct CheckResult {
    /// The model, when the text could be modelled.
    pub dockerfile: Option<Dockerfile>,
    /// The stage model, alongside.
    pub stages: Option<StageModel>,
    /// Findings, sorted by position.
    pub findings: Vec<Finding>,
    /// The image's size as written and once the fixes are applied, when the text could be
    /// modelled.
    pub estimate: Option<FileEstimate>,
    /// The proposal the estimate's "after" is (what `slimfile fix` writes by default), when the text could
    /// be modelled: callers that show both (the page) need not propose a second time.
    pub proposal: Option<Proposal>,
}

impl CheckResult {
    /// The first finding that means the file cannot be read or built as written (it could not be
    /// decoded, or BuildKit would refuse its syntax). When the file could not be modelled at all,
    /// it is why there is no proposal; front ends show it as the file's error.
    #[must_use]
    pub fn input_error(&self) -> Option<&Finding> {
        self.findings.iter().find(|f| f.rule == SYNTAX_ERROR || f.rule == UNREADABLE_INPUT)
    }
}

/// What one run of [`check`] is told besides the bytes: each field defaults to knowing nothing,
/// so `check(bytes, &CheckOptions::default())` is the playground's run and the CLI fills in what
/// it read.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    /// What the caller knows of the build context (the CLI can look at the filesystem; the core
    /// cannot).
    pub facts: Facts,
    /// The author's configuration: ignored rules report nothing, severity overrides apply, and
    /// rules that take policy from it (allowed registries, the rewrite's runtime) see it. The
    /// findings the core reports itself (`syntax-error`, `unreadable-input`) are not configurable.
    pub config: Config,
    /// Sizes the caller measured (the files of the build context, lock files), which replace the
    /// estimate's assumptions.
    pub sizes: SizeInputs,
    /// Which proposal the estimate's "after" is: [`FixLevel::Default`] (what `slimfile fix` writes
    /// by default: the rewrite when its confidence is high, then the safe rule fixes, so the saving
    /// shown is one nothing breaks for), or another level `slimfile verify` was asked to prove.
    pub level: FixLevel,
}

/// Reads `bytes` as a Dockerfile: its findings, its size before and after, and the proposal the
/// "after" is. The one entry point every front end calls, so they all present one result.
#[must_use]
pub fn check(bytes: &[u8], options: &CheckOptions) -> CheckResult {
    let CheckOptions { facts, config, sizes, level } = options;
    let Analysis { mut result, rewrite } = analyse_once(bytes, facts, config, &|_| true);
    if let (Some(doc), Some(stages)) = (&result.dockerfile, &result.stages) {
        let proposal_options = ProposalOptions { level: *level, config: config.clone(), facts: facts.clone() };
        let Settled { proposal, model } =
            propose_checked(doc.text(), doc, stages, &result.findings, rewrite, &proposal_options);
        let after = proposal.error.is_none().then_some(proposal.text.as_str());
        let after_model = model.as_ref().and_then(|m| Some((m.dockerfile.as_ref()?, m.stages.as_ref()?)));
        result.estimate = Some(estimate_file_modelled(doc, stages, after, after_model, sizes));
        result.proposal = Some(proposal);
    }
    result
}

/// The findings of the rules `wanted` picks, without the estimate: what the fix loop runs on
/// every pass.
#[must_use]
pub(crate) fn analyse(bytes: &[u8], facts: &Facts, config: &Config, wanted: &dyn Fn(&RuleMeta) -> bool) -> CheckResult {
    analyse_once(bytes, facts, config, wanted).result
}

/// What one analysis of a file found, with the multi-stage rewrite its rule made, so that the
/// proposal applies that rewrite instead of making it again.
pub(crate) struct Analysis {
    /// The findings and the model.
    pub result: CheckResult,
    /// The rewrite, when the file could be modelled.
    pub rewrite: Option<RewriteOutcome>,
}

/// [`analyse`], keeping the rewrite.
pub(crate) fn analyse_once(
    bytes: &[u8],
    facts: &Facts,
    config: &Config,
    wanted: &dyn Fn(&RuleMeta) -> bool,
) -> Analysis {
    let text = match input::decode(bytes) {
        Ok(text) => text,
        Err(error) => {
            let at = Range { start: error.position, end: error.position };
            let finding = Finding {
                rule: UNREADABLE_INPUT,
                severity: Severity::Error,
                message: error.message,
                span: Span::empty(error.offset),
                range: at,
                bytes: None,
                fix: None,
                related: Vec::new(),
            };
            let result =
                CheckResult { dockerfile: None, stages: None, findings: vec![finding], estimate: None, proposal: None };
            return Analysis { result, rewrite: None };
        }
    };
    let doc = match parser::parse(text) {
        Ok(doc) => doc,
        Err(error) => {
            let end = if error.span.is_empty() {
                error.position
            } else {
                crate::source::LineIndex::new(text).position(text, error.span.end)
            };
            let finding = Finding {
                rule: SYNTAX_ERROR,
                severity: Severity::Error,
                message: error.message,
                span: error.span,
                range: Range { start: error.position, end: end.max(error.position) },
                bytes: None,
                fix: None,
                related: Vec::new(),
            };
            let result =
                CheckResult { dockerfile: None, stages: None, findings: vec![finding], estimate: None, proposal: None };
            return Analysis { result, rewrite: None };
        }
    };
    let stages = StageModel::new(&doc);
    let mut findings: Vec<Finding> = doc
        .problems()
        .iter()
        .map(|p| (p.message.clone(), p.span))
        .chain(stages.problems.iter().map(|p| (p.message.clone(), p.span)))
        .map(|(message, span)| Finding {
            rule: SYNTAX_ERROR,
            severity: Severity::Error,
            message,
            span,
            range: doc.range(span),
            bytes: None,
            fix: None,
            related: Vec::new(),
        })
        .collect();
    let context = Context::new(&doc, &stages, facts).with_config(config);
    findings.extend(rules::run_selected(&context, wanted).into_iter().filter(|f| !config.ignores(f.rule)).map(
        |mut f| {
            f.severity = config.severity_of(f.rule, f.severity);
            f
        },
    ));
    let rewrite = context.into_rewrite();
    stable_sort::by_key(&mut findings, |f| (f.span.start, f.rule));
    let result = CheckResult { dockerfile: Some(doc), stages: Some(stages), findings, estimate: None, proposal: None };
    Analysis { result, rewrite }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config;
    use crate::proposal::propose;

    const FILE: &str = "FROM quay.io/team/base\nRUN apt-get update && apt-get install -y curl\n";

    fn rules_and_severities(config: &Config) -> Vec<(&'static str, Severity)> {
        check(FILE.as_bytes(), &CheckOptions { config: config.clone(), ..CheckOptions::default() })
            .findings
            .iter()
            .map(|f| (f.rule, f.severity))
            .collect()
    }

    #[test]
    fn configuration_ignores_rules_and_overrides_severities() {
        let default = rules_and_severities(&Config::EMPTY);
        assert!(default.contains(&("unpinned-base-image", Severity::Warning)), "{default:?}");
        assert!(default.contains(&("package-cache-in-layer", Severity::Warning)), "{default:?}");
        assert!(!default.iter().any(|(rule, _)| *rule == "registry-not-allowed"), "{default:?}");

        let config = config::parse(
            "ignore = [\"unpinned-base-image\"]\nallowed-registries = [\"docker.io\"]\n[severity]\npackage-cache-in-layer = \
             \"error\"\n",
        )
        .expect("valid");
        let configured = rules_and_severities(&config);
        assert!(!configured.iter().any(|(rule, _)| *rule == "unpinned-base-image"), "{configured:?}");
        assert!(configured.contains(&("package-cache-in-layer", Severity::Error)), "{configured:?}");
        assert!(configured.contains(&("registry-not-allowed", Severity::Error)), "{configured:?}");
    }

    #[test]
    fn configuration_leaves_syntax_errors_alone() {
        let config = config::parse("ignore = [\"unpinned-base-image\"]").expect("valid");
        let findings = check(b"FROM a:1\nFNTRYPOINT x\n", &CheckOptions { config, ..CheckOptions::default() }).findings;
        assert_eq!(
            findings.iter().map(|f| (f.rule, f.severity)).collect::<Vec<_>>(),
            [(SYNTAX_ERROR, Severity::Error)]
        );
    }

    #[test]
    fn the_after_estimate_is_the_file_with_its_default_fixes_applied() {
        let text = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n";
        let proposal = propose(text, &ProposalOptions::default());
        let fixed = &proposal.text;
        assert!(!fixed.contains("--no-install-recommends"), "unsafe: only on request\n{fixed}");
        assert_eq!(proposal.fixes_withheld, 1, "{proposal:?}");
        assert!(fixed.contains("&& rm -rf /var/lib/apt/lists/*"), "{fixed}");
        let result = check(text.as_bytes(), &CheckOptions::default());
        assert_eq!(result.proposal.as_ref(), Some(&proposal), "check returns the proposal it estimated");
        let estimate = result.estimate.expect("modelled");
        assert!(estimate.after.size.uncompressed_bytes < estimate.before.size.uncompressed_bytes);
        assert_eq!(estimate.after_note, None);
        // Removing the lists in the same RUN takes apt's lists out of the "after" image.
        let lists = |e: &crate::estimate::ImageEstimate| {
            e.stages
                .iter()
                .flat_map(|s| &s.layers)
                .flat_map(|l| &l.contributions)
                .filter(|c| c.what.contains("/var/lib/apt/lists"))
                .count()
        };
        assert_eq!((lists(&estimate.before), lists(&estimate.after)), (1, 0));
    }

    #[test]
    fn unreadable_input_has_no_estimate_and_scratch_is_empty() {
        assert!(check(b"FROM a\nRUN \xff\n", &CheckOptions::default()).estimate.is_none());
        let clean = check(b"FROM scratch\n", &CheckOptions::default()).estimate.expect("modelled");
        assert_eq!(clean.before.size.uncompressed_bytes, 0);
        assert_eq!(clean.before, clean.after);
    }
}
