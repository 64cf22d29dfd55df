//! Whether a rebuild after a source-only change reused the dependency layer, from the steps the
//! build reported.

use serde::Serialize;

use super::dependency_layer::DependencyLayer;

/// One step of a build, as BuildKit's progress output reported it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BuildStep {
    /// The instruction, blanks collapsed (see [`super::dependency_layer::normalise_step`]).
    pub instruction: String,
    /// Whether BuildKit took it from its cache.
    pub cached: bool,
}

/// What the cache check found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum CacheReuse {
    /// Every dependency step came from the cache while the source copy was rebuilt.
    Reused {
        /// The dependency steps.
        steps: Vec<String>,
        /// The file that was changed.
        changed_file: String,
    },
    /// A dependency step ran again: the proposal does not keep the dependency layer.
    NotReused {
        /// The steps that ran again.
        steps: Vec<String>,
        /// The file that was changed.
        changed_file: String,
    },
    /// The proposal has no dependency layer to reuse.
    NoDependencyLayer {
        /// Why.
        reason: String,
    },
    /// The check could not tell; the reason says why.
    Inconclusive {
        /// Why.
        reason: String,
    },
}

/// Reads the rebuild's steps (`rebuilt`) against the proposal's dependency layer. The source copy
/// must have run again, or the change never reached the build and "cached" would prove nothing.
#[must_use]
pub fn cache_reuse(layer: &DependencyLayer, changed_file: Option<&str>, rebuilt: &[BuildStep]) -> CacheReuse {
    let (steps, source_copy) = match layer {
        DependencyLayer::Absent { reason } => return CacheReuse::NoDependencyLayer { reason: reason.clone() },
        DependencyLayer::Found { steps, source_copy, .. } => (steps, source_copy),
    };
    let Some(changed_file) = changed_file else {
        return CacheReuse::Inconclusive {
            reason: "the build context has no source file outside the manifests to change".to_owned(),
        };
    };
    let find = |name: &str| rebuilt.iter().find(|step| step.instruction == name);
    match find(source_copy) {
        None => {
            return CacheReuse::Inconclusive {
                reason: format!("the rebuild did not report the source copy `{source_copy}`"),
            };
        }
        Some(step) if step.cached => {
            return CacheReuse::Inconclusive {
                reason: format!(
                    "the source copy `{source_copy}` came from the cache: the change to {changed_file} did not reach the build"
                ),
            };
        }
        Some(_) => {}
    }
    let mut missing = Vec::new();
    let mut ran = Vec::new();
    for step in steps {
        match find(step) {
            None => missing.push(step.clone()),
            Some(seen) if !seen.cached => ran.push(step.clone()),
            Some(_) => {}
        }
    }
    if !missing.is_empty() {
        return CacheReuse::Inconclusive {
            reason: format!(
                "the rebuild did not report {}",
                missing.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
            ),
        };
    }
    let changed_file = changed_file.to_owned();
    if ran.is_empty() {
        CacheReuse::Reused { steps: steps.clone(), changed_file }
    } else {
        CacheReuse::NotReused { steps: ran, changed_file }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer() -> DependencyLayer {
        DependencyLayer::Found {
            steps: vec!["RUN npm install".to_owned()],
            source_copy: "COPY . .".to_owned(),
            manifests: vec!["package.json".to_owned()],
        }
    }

    fn step(instruction: &str, cached: bool) -> BuildStep {
        BuildStep { instruction: instruction.to_owned(), cached }
    }

    #[test]
    fn a_cached_install_with_a_rebuilt_source_copy_is_reused() {
        let rebuilt = [step("COPY package.json ./", true), step("RUN npm install", true), step("COPY . .", false)];
        assert_eq!(
            cache_reuse(&layer(), Some("src/server.ts"), &rebuilt),
            CacheReuse::Reused { steps: vec!["RUN npm install".to_owned()], changed_file: "src/server.ts".to_owned() }
        );
    }

    #[test]
    fn an_install_that_ran_again_is_not_reused() {
        let rebuilt = [step("RUN npm install", false), step("COPY . .", false)];
        assert!(matches!(
            cache_reuse(&layer(), Some("src/server.ts"), &rebuilt),
            CacheReuse::NotReused { steps, .. } if steps == ["RUN npm install"]
        ));
    }

    #[test]
    fn a_cached_source_copy_or_a_missing_step_proves_nothing() {
        let all_cached = [step("RUN npm install", true), step("COPY . .", true)];
        assert!(matches!(
            cache_reuse(&layer(), Some("src/server.ts"), &all_cached),
            CacheReuse::Inconclusive { reason } if reason.contains("did not reach the build")
        ));
        let missing = [step("COPY . .", false)];
        assert!(matches!(
            cache_reuse(&layer(), Some("src/server.ts"), &missing),
            CacheReuse::Inconclusive { reason } if reason.contains("`RUN npm install`")
        ));
        assert!(matches!(cache_reuse(&layer(), None, &all_cached), CacheReuse::Inconclusive { .. }));
        let absent = DependencyLayer::Absent { reason: "none".to_owned() };
        assert_eq!(cache_reuse(&absent, None, &[]), CacheReuse::NoDependencyLayer { reason: "none".to_owned() });
    }
}
