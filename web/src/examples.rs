//! The examples menu: the repository's own demo Dockerfiles, compiled into the page so that it
//! works offline.

/// One entry of the examples menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    /// A stable id (the folder under `examples/`), used by the menu and by tests.
    pub id: &'static str,
    /// What the menu shows.
    pub label: &'static str,
    /// The Dockerfile.
    pub dockerfile: &'static str,
}

/// Every example, in menu order; the first is what a first visit shows.
pub const EXAMPLES: &[Example] = &[
    Example { id: "go", label: "Go", dockerfile: include_str!("../../examples/go/Dockerfile") },
    Example {
        id: "node-typescript",
        label: "Node / TypeScript",
        dockerfile: include_str!("../../examples/node-typescript/Dockerfile"),
    },
    Example { id: "python", label: "Python", dockerfile: include_str!("../../examples/python/Dockerfile") },
    Example { id: "rust", label: "Rust", dockerfile: include_str!("../../examples/rust/Dockerfile") },
    Example {
        id: "java-maven",
        label: "Java (Maven)",
        dockerfile: include_str!("../../examples/java-maven/Dockerfile"),
    },
    Example { id: "dotnet", label: ".NET", dockerfile: include_str!("../../examples/dotnet/Dockerfile") },
];

/// The example with this id.
#[must_use]
pub fn by_id(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|example| example.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_is_a_dockerfile_the_core_reads_without_errors() {
        assert_eq!(EXAMPLES.len(), 6);
        for example in EXAMPLES {
            let result = slimfile_core::check(example.dockerfile.as_bytes(), &slimfile_core::CheckOptions::default());
            assert!(result.dockerfile.is_some(), "{} does not parse", example.id);
            assert!(
                result.findings.iter().all(|f| f.severity != slimfile_core::Severity::Error),
                "{}: {:?}",
                example.id,
                result.findings
            );
            assert_eq!(by_id(example.id), Some(example));
        }
    }
}
