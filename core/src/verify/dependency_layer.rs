//! The dependency layer of a proposed Dockerfile, and the source file whose change must leave it
//! cached: the point of copying the manifests before the source is that a source change rebuilds
//! only what follows the source copy.

use serde::Serialize;

use crate::document::{Dockerfile, Instruction, Keyword};
use crate::stages::StageModel;

/// The steps a source-only change must leave cached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum DependencyLayer {
    /// The manifests are copied on their own and installed before the whole context is copied.
    Found {
        /// The `RUN` steps between the manifest copy and the source copy, as BuildKit names
        /// them (the instruction on one line, blanks collapsed).
        steps: Vec<String>,
        /// The source copy, named the same way: it must be rebuilt, or the change did not reach
        /// the build and the check proves nothing.
        source_copy: String,
        /// The files the manifest copy names (patterns as written).
        manifests: Vec<String>,
    },
    /// There is no such layer; the reason says why.
    Absent {
        /// Why, in a sentence.
        reason: String,
    },
}

/// Finds the dependency layer of `doc`: in the first stage that has one, the `RUN` steps after a
/// `COPY` of named files from the context and before the `COPY` of the whole context.
#[must_use]
pub fn dependency_layer(doc: &Dockerfile) -> DependencyLayer {
    let stages = StageModel::new(doc);
    let instructions = doc.instructions();
    let mut saw_source_copy = false;
    for stage in &stages.stages {
        let body: Vec<&Instruction> = stage.body.clone().filter_map(|i| instructions.get(i)).collect();
        let Some(source_at) = body.iter().position(|i| is_context_copy(i) && copies_whole_context(i)) else {
            continue;
        };
        saw_source_copy = true;
        let Some(manifests_at) = body[..source_at].iter().rposition(|i| is_context_copy(i)) else { continue };
        let steps: Vec<String> = body[manifests_at + 1..source_at]
            .iter()
            .filter(|i| i.keyword == Keyword::Run)
            .map(|i| step_name(doc, i))
            .collect();
        if steps.is_empty() {
            continue;
        }
        // The manifests may take several `COPY`s (a file in a folder, a local package).
        let first_copy = body[..manifests_at].iter().rposition(|i| !is_context_copy(i)).map_or(0, |at| at + 1);
        let manifests = body[first_copy..=manifests_at]
            .iter()
            .flat_map(|copy| {
                let words = copy.words();
                words[..words.len().saturating_sub(1)].iter().map(|w| w.value.clone()).collect::<Vec<_>>()
            })
            .collect();
        return DependencyLayer::Found { steps, source_copy: step_name(doc, body[source_at]), manifests };
    }
    let reason = if saw_source_copy {
        "no RUN installs dependencies between a copy of the manifests and the copy of the whole context"
    } else {
        "no stage copies the whole build context"
    };
    DependencyLayer::Absent { reason: reason.to_owned() }
}

/// Picks the file to change for the cache check: a file of the build context (`files`, paths
/// relative to it, `/`-separated) that no manifest pattern names and that is not the Dockerfile or
/// its ignore file, preferring a source file by its extension so the change is one a developer
/// makes. `None` when there is no such file.
#[must_use]
pub fn source_file_to_touch<'a>(files: &'a [String], manifests: &[String]) -> Option<&'a str> {
    const SOURCE_EXTENSIONS: &[&str] =
        &["go", "rs", "py", "ts", "js", "mjs", "java", "kt", "cs", "c", "h", "rb", "php", "html", "css"];
    let candidates = files.iter().map(String::as_str).filter(|path| {
        let name = path.rsplit('/').next().unwrap_or(path);
        !manifests.iter().any(|pattern| names(pattern, path))
            && !name.starts_with("Dockerfile")
            && !name.ends_with(".dockerignore")
            && !name.ends_with("Dockerfile")
    });
    let by_extension = candidates
        .clone()
        .find(|path| path.rsplit_once('.').is_some_and(|(_, extension)| SOURCE_EXTENSIONS.contains(&extension)));
    by_extension.or_else(|| candidates.min())
}

/// The line to append to `path` so its content changes in a way the build accepts: a comment in
/// the file's language, carrying `token` so that every run's change is new to the build cache
/// (the same change twice would be cached the second time, and prove nothing).
#[must_use]
pub fn change_marker(path: &str, token: &str) -> String {
    let extension = path.rsplit_once('.').map_or("", |(_, extension)| extension);
    let text = format!("slimfile verify: source-only change {token}");
    match extension {
        "go" | "rs" | "ts" | "js" | "mjs" | "java" | "kt" | "cs" | "c" | "h" | "php" => format!("\n// {text}\n"),
        "css" => format!("\n/* {text} */\n"),
        "html" => format!("\n<!-- {text} -->\n"),
        _ => format!("\n# {text}\n"),
    }
}

/// Whether the manifest pattern `pattern` (as a `COPY` writes it, relative to the context, with
/// at most a `*` wildcard) names `path`.
fn names(pattern: &str, path: &str) -> bool {
    let pattern = pattern.trim_start_matches("./").trim_end_matches('/');
    match pattern.split_once('*') {
        Some((head, tail)) => path.starts_with(head) && path[head.len()..].ends_with(tail),
        None => path == pattern || path.starts_with(&format!("{pattern}/")),
    }
}

fn is_context_copy(instruction: &Instruction) -> bool {
    matches!(instruction.keyword, Keyword::Copy | Keyword::Add)
        && instruction.flag("from").is_none()
        && instruction.heredocs.is_empty()
}

fn copies_whole_context(instruction: &Instruction) -> bool {
    let words = instruction.words();
    words.len() >= 2 && words[..words.len() - 1].iter().any(|w| matches!(w.value.as_str(), "." | "./" | "/"))
}

/// The instruction as BuildKit's progress output names it: its source on one line, line
/// continuations removed and blanks collapsed.
#[must_use]
pub fn step_name(doc: &Dockerfile, instruction: &Instruction) -> String {
    normalise_step(doc.slice(instruction.span), doc.escape())
}

/// Collapses a step's text the way both sides of the comparison must be collapsed: escaped line
/// breaks removed, every run of blanks made one space.
#[must_use]
pub fn normalise_step(text: &str, escape: char) -> String {
    let mut joined = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == escape && matches!(chars.peek(), Some('\n' | '\r')) {
            while matches!(chars.peek(), Some('\n' | '\r')) {
                chars.next();
            }
            joined.push(' ');
        } else {
            joined.push(c);
        }
    }
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(text: &str) -> DependencyLayer {
        dependency_layer(&crate::parse(text).expect("parses"))
    }

    #[test]
    fn finds_the_install_between_the_manifests_and_the_source() {
        let text = "FROM golang:1.22 AS builder\nWORKDIR /app\nCOPY go.mod go.sum* ./\nRUN go mod \\\n    download\nCOPY . \
                    .\nRUN go build -o /app/server .\nFROM scratch\nCOPY --from=builder /app/server /server\n";
        assert_eq!(
            layer(text),
            DependencyLayer::Found {
                steps: vec!["RUN go mod download".to_owned()],
                source_copy: "COPY . .".to_owned(),
                manifests: vec!["go.mod".to_owned(), "go.sum*".to_owned()],
            }
        );
    }

    #[test]
    fn the_manifests_may_take_several_copies() {
        let text = "FROM python:3.12 AS builder\nWORKDIR /app\nCOPY requirements.txt ./\nCOPY fastsum ./fastsum\n\
                    RUN pip install -r requirements.txt\nCOPY . .\n";
        assert_eq!(
            layer(text),
            DependencyLayer::Found {
                steps: vec!["RUN pip install -r requirements.txt".to_owned()],
                source_copy: "COPY . .".to_owned(),
                manifests: vec!["requirements.txt".to_owned(), "fastsum".to_owned()],
            }
        );
        let files: Vec<String> = ["app.py", "fastsum/fastsum.c", "requirements.txt"].map(str::to_owned).to_vec();
        let manifests = ["requirements.txt".to_owned(), "fastsum".to_owned()];
        assert_eq!(source_file_to_touch(&files, &manifests), Some("app.py"));
    }

    #[test]
    fn a_source_copy_before_the_build_has_no_dependency_layer() {
        let text = "FROM rust:1.83 AS builder\nCOPY . .\nRUN cargo build --release\n";
        assert_eq!(
            layer(text),
            DependencyLayer::Absent {
                reason:
                    "no RUN installs dependencies between a copy of the manifests and the copy of the whole context"
                        .to_owned()
            }
        );
        assert!(
            matches!(layer("FROM alpine\nRUN true\n"), DependencyLayer::Absent { reason } if reason.contains("no stage"))
        );
    }

    #[test]
    fn the_touched_file_is_a_source_file_no_manifest_names() {
        let files: Vec<String> = ["Dockerfile", "go.mod", "go.sum", "main.go", "README"].map(str::to_owned).to_vec();
        let manifests = ["go.mod".to_owned(), "go.sum*".to_owned()];
        assert_eq!(source_file_to_touch(&files, &manifests), Some("main.go"));
        let files: Vec<String> = ["package.json", "src/server.ts", "tsconfig.json"].map(str::to_owned).to_vec();
        assert_eq!(source_file_to_touch(&files, &["package.json".to_owned()]), Some("src/server.ts"));
        let files: Vec<String> = ["requirements.txt", "notes.txt"].map(str::to_owned).to_vec();
        assert_eq!(source_file_to_touch(&files, &["requirements.txt".to_owned()]), Some("notes.txt"));
        assert_eq!(source_file_to_touch(&["go.mod".to_owned()], &["go.mod".to_owned()]), None);
        assert_eq!(source_file_to_touch(&["lib/a.py".to_owned()], &["lib".to_owned()]), None);
    }

    #[test]
    fn the_change_is_a_comment_in_the_file_s_language() {
        assert_eq!(change_marker("main.go", "42"), "\n// slimfile verify: source-only change 42\n");
        assert_eq!(change_marker("app.py", "7"), "\n# slimfile verify: source-only change 7\n");
        assert_ne!(change_marker("src/a.ts", "1"), change_marker("src/a.ts", "2"));
    }

    #[test]
    fn steps_are_named_on_one_line() {
        assert_eq!(normalise_step("RUN a \\\r\n  && b\t c", '\\'), "RUN a && b c");
        assert_eq!(normalise_step("RUN a `\n b", '`'), "RUN a b");
    }
}
