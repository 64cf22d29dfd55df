//! The decisions of `slimfile verify`, which builds the original and the proposed Dockerfile and
//! runs both: which steps form the dependency layer, whether the two images behave alike, how the
//! measured sizes compare with the estimate, and whether the proposal passes. The caller runs the
//! builds and reports what it saw; everything decided about it is decided here, without I/O.

mod behaviour;
mod cache_reuse;
mod dependency_layer;
mod exposed_port;
mod sizes;

pub use behaviour::{Behaviour, BehaviourMatch, compare};
pub use cache_reuse::{BuildStep, CacheReuse, cache_reuse};
pub use dependency_layer::{
    DependencyLayer, change_marker, dependency_layer, normalise_step, source_file_to_touch, step_name,
};
pub use exposed_port::exposed_port;
pub use sizes::{
    AddedSize, FinalBase, ImageSizes, MeasuredSize, SizeComparison, error_percent, final_base, image_sizes,
};

use serde::Serialize;

/// Whether an image was built.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum BuildOutcome {
    /// It was.
    Built,
    /// It was not; the reason is the end of the build's output.
    Failed {
        /// What the build said.
        reason: String,
    },
}

/// Both images' behaviour and their comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BehaviourCheck {
    /// What was asked of both images, in words (`GET /healthz on port 8080`, `their own command`).
    pub check: String,
    /// The original image.
    pub before: Behaviour,
    /// The slim image.
    pub after: Behaviour,
    /// The comparison.
    pub result: BehaviourMatch,
}

impl BehaviourCheck {
    /// Compares `before` and `after`.
    #[must_use]
    pub fn new(check: String, before: Behaviour, after: Behaviour) -> Self {
        let result = compare(&before, &after);
        Self { check, before, after, result }
    }
}

/// Everything a verification observed and concluded: one report for every output.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verification {
    /// The original Dockerfile's build.
    pub original_build: BuildOutcome,
    /// The proposed Dockerfile's build.
    pub slim_build: BuildOutcome,
    /// The smoke test, when both images were built.
    pub behaviour: Option<BehaviourCheck>,
    /// The sizes, when both images were built.
    pub sizes: Option<SizeComparison>,
    /// The cache check, unless it was skipped or the slim image was not built.
    pub cache: Option<CacheReuse>,
    /// The conclusion.
    pub verdict: Verdict,
}

impl Verification {
    /// Gathers the observations and decides the verdict.
    #[must_use]
    pub fn new(
        original_build: BuildOutcome,
        slim_build: BuildOutcome,
        behaviour: Option<BehaviourCheck>,
        sizes: Option<SizeComparison>,
        cache: Option<CacheReuse>,
    ) -> Self {
        let verdict = verdict(&original_build, &slim_build, behaviour.as_ref(), sizes.as_ref(), cache.as_ref());
        Self { original_build, slim_build, behaviour, sizes, cache, verdict }
    }
}

/// The conclusion of a verification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum Verdict {
    /// The slim image builds, behaves like the original, is smaller, and keeps its dependency
    /// layer (when it has one and the check ran).
    Verified,
    /// The proposal fails; each problem in a sentence.
    Failed {
        /// What failed.
        problems: Vec<String>,
    },
    /// Nothing can be concluded about the proposal: the original itself does not build or
    /// cannot be checked.
    Unverifiable {
        /// Why.
        reason: String,
    },
}

fn verdict(
    original_build: &BuildOutcome,
    slim_build: &BuildOutcome,
    behaviour: Option<&BehaviourCheck>,
    sizes: Option<&SizeComparison>,
    cache: Option<&CacheReuse>,
) -> Verdict {
    if let BuildOutcome::Failed { reason } = original_build {
        return Verdict::Unverifiable { reason: format!("the original Dockerfile does not build: {reason}") };
    }
    if let BuildOutcome::Failed { reason } = slim_build {
        return Verdict::Failed { problems: vec![format!("the proposed Dockerfile does not build: {reason}")] };
    }
    let mut problems = Vec::new();
    match behaviour {
        Some(check) => {
            if let Behaviour::Failed { reason } = &check.before {
                return Verdict::Unverifiable { reason: format!("the original image could not be checked: {reason}") };
            }
            if let BehaviourMatch::Different { reason } = &check.result {
                problems.push(format!("the slim image does not behave like the original: {reason}"));
            }
        }
        None => problems.push("the images were not run".to_owned()),
    }
    match sizes {
        Some(sizes) if !sizes.smaller => problems.push(format!(
            "the slim image is not smaller on disk ({} bytes before, {} after)",
            sizes.before.measured.disk_bytes, sizes.after.measured.disk_bytes
        )),
        Some(_) => {}
        None => problems.push("the images were not measured".to_owned()),
    }
    match cache {
        Some(CacheReuse::NotReused { steps, changed_file }) => problems.push(format!(
            "after a change to {changed_file} only, the dependency step{} ran again: {}",
            if steps.len() == 1 { "" } else { "s" },
            steps.join("; ")
        )),
        Some(CacheReuse::Inconclusive { reason }) => {
            problems.push(format!("the cache check was inconclusive: {reason}"))
        }
        Some(CacheReuse::Reused { .. } | CacheReuse::NoDependencyLayer { .. }) | None => {}
    }
    if problems.is_empty() { Verdict::Verified } else { Verdict::Failed { problems } }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::Size;

    fn sizes(before_disk: u64, after_disk: u64) -> SizeComparison {
        let image = |disk| ImageSizes {
            measured: MeasuredSize { disk_bytes: disk, compressed_bytes: disk / 2 },
            estimated: Size::default(),
            base_reference: "scratch".to_owned(),
            measured_base: None,
            added: None,
        };
        SizeComparison::new(image(before_disk), image(after_disk))
    }

    fn answered(body: &str) -> Behaviour {
        Behaviour::Http { status: 200, body: body.to_owned() }
    }

    fn same() -> Option<BehaviourCheck> {
        Some(BehaviourCheck::new("GET /".to_owned(), answered("hi"), answered("hi")))
    }

    #[test]
    fn a_smaller_image_that_behaves_alike_is_verified() {
        let cache =
            CacheReuse::Reused { steps: vec!["RUN go mod download".to_owned()], changed_file: "main.go".to_owned() };
        let v = Verification::new(BuildOutcome::Built, BuildOutcome::Built, same(), Some(sizes(10, 5)), Some(cache));
        assert_eq!(v.verdict, Verdict::Verified);
        let no_layer = CacheReuse::NoDependencyLayer { reason: "none".to_owned() };
        let v = Verification::new(BuildOutcome::Built, BuildOutcome::Built, same(), Some(sizes(10, 5)), Some(no_layer));
        assert_eq!(v.verdict, Verdict::Verified);
    }

    #[test]
    fn every_problem_is_listed() {
        let different = Some(BehaviourCheck::new("GET /".to_owned(), answered("hi"), answered("bye")));
        let cache = CacheReuse::NotReused { steps: vec!["RUN npm ci".to_owned()], changed_file: "a.js".to_owned() };
        let v =
            Verification::new(BuildOutcome::Built, BuildOutcome::Built, different, Some(sizes(10, 10)), Some(cache));
        let Verdict::Failed { problems } = v.verdict else { panic!("not failed: {:?}", v.verdict) };
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("HTTP body differs"), "{problems:?}");
        assert_eq!(problems[1], "the slim image is not smaller on disk (10 bytes before, 10 after)");
        assert_eq!(problems[2], "after a change to a.js only, the dependency step ran again: RUN npm ci");
    }

    #[test]
    fn a_broken_slim_build_fails_and_a_broken_original_is_unverifiable() {
        let failed = BuildOutcome::Failed { reason: "exit code 1".to_owned() };
        let v = Verification::new(BuildOutcome::Built, failed.clone(), None, None, None);
        assert_eq!(
            v.verdict,
            Verdict::Failed { problems: vec!["the proposed Dockerfile does not build: exit code 1".to_owned()] }
        );
        let v = Verification::new(failed, BuildOutcome::Built, None, None, None);
        assert!(matches!(v.verdict, Verdict::Unverifiable { .. }));
        let unreachable = Behaviour::Failed { reason: "no answer".to_owned() };
        let check = BehaviourCheck::new("GET /".to_owned(), unreachable, answered("hi"));
        let v = Verification::new(BuildOutcome::Built, BuildOutcome::Built, Some(check), Some(sizes(10, 5)), None);
        assert!(matches!(v.verdict, Verdict::Unverifiable { reason } if reason.contains("no answer")));
    }
}
