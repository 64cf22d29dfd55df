//! `copy-before-dependency-install`: the whole build context is copied before the dependency
//! install in the same stage, so every source change re-runs the install.

use super::{Context, Report, Rule, RuleMeta};
use crate::document::{Instruction, Keyword};
use crate::ecosystem::{DependencyInstall, Reads, dependency_install};
use crate::finding::Severity;
use crate::fix::{Applicability, Edit, Fix};
use crate::shell::Separator;
use crate::source::Span;

/// See `docs/rules/copy-before-dependency-install.md`.
pub struct CopyBeforeDependencyInstall;

static META: RuleMeta = RuleMeta {
    id: "copy-before-dependency-install",
    severity: Severity::Warning,
    summary: "the whole build context is copied before the dependency install",
    docs: include_str!("../../../docs/rules/copy-before-dependency-install.md"),
    hadolint: &[],
    fix: Some(Applicability::Unsafe),
};

/// `COPY` flags that can be repeated on the manifest copy as they are.
const PORTABLE_COPY_FLAGS: &[&str] = &["chown", "chmod", "link"];

/// Whether `instruction` copies the whole build context (`COPY . <dest>`, `ADD ./ <dest>`).
pub(crate) fn copies_whole_context(instruction: &Instruction) -> bool {
    matches!(instruction.keyword, Keyword::Copy | Keyword::Add)
        && instruction.flag("from").is_none()
        && instruction.heredocs.is_empty()
        && instruction
            .words()
            .split_last()
            .is_some_and(|(_, sources)| sources.iter().any(|w| matches!(w.value.as_str(), "." | "./" | "*" | "./*")))
}

/// The first line of a `COPY` as written, without a trailing continuation, to quote in messages.
pub(crate) fn quoted_copy<'d>(context: &Context<'d>, copy: &Instruction) -> &'d str {
    context.doc.slice(copy.span).lines().next().unwrap_or_default().trim_end_matches('\\').trim_end()
}

/// What to copy first, for the message: the files the install reads, or how to split it.
fn manifests_phrase(install: &DependencyInstall<'_>, reads: &Reads) -> String {
    let listed = |files: &[String]| {
        let required: Vec<&str> = files.iter().filter(|f| !f.ends_with('*')).map(String::as_str).collect();
        let optional: Vec<&str> = files.iter().filter_map(|f| f.strip_suffix('*')).collect();
        let mut out = required.join(", ");
        if !optional.is_empty() {
            out.push_str(&format!(" (and {}, when present)", optional.join(", ")));
        }
        out
    };
    match reads {
        Reads::Manifests { files } => {
            format!("copy {} first, run `{}`, then copy the rest", listed(files), install.name())
        }
        Reads::ManifestsAndMore { files, why } => {
            format!("copy {} first ({why}), run `{}`, then copy the rest", listed(files), install.name())
        }
        Reads::Unlisted { hint } => (*hint).to_owned(),
        Reads::Project => String::new(),
    }
}

/// What the fix needs to know about the install `RUN`.
struct InstallRun<'c> {
    installs: Vec<DependencyInstall<'c>>,
    /// Index of the first command after the installs, when the `RUN` goes on.
    rest: Option<usize>,
}

impl CopyBeforeDependencyInstall {
    /// The installs that open `RUN` `i`, if the rest of it can be split off: every command up
    /// to the split is an install from manifests, and `&&` or `;` follows the last.
    fn leading_installs<'c>(context: &'c Context<'_>, i: usize) -> Option<InstallRun<'c>> {
        if !context.doc.instructions()[i].heredocs.is_empty() {
            return None;
        }
        let commands = context.commands(i);
        let mut installs = Vec::new();
        for (k, command) in commands.iter().enumerate() {
            match dependency_install(command) {
                Some(install) => installs.push(install),
                None if installs.is_empty() => return None,
                None => {
                    let splittable = matches!(commands[k - 1].separator, Some(Separator::And | Separator::Sequence));
                    return splittable.then_some(InstallRun { installs, rest: Some(k) });
                }
            }
        }
        (!installs.is_empty()).then_some(InstallRun { installs, rest: None })
    }

    /// The manifest paths relative to the build context, or `None` when a file the install
    /// reads cannot be mapped to one (an absolute path outside the destination, `..`, an
    /// unknown working directory). `cwd` is the working directory, when known.
    fn context_paths(files: &[String], destination: &str, cwd: Option<&str>) -> Option<Vec<String>> {
        let destination = destination.trim_end_matches('/');
        let into_cwd = matches!(destination, "." | "") || cwd.is_some_and(|c| c.trim_end_matches('/') == destination);
        if !into_cwd {
            return None;
        }
        files
            .iter()
            .map(|file| {
                let relative = match file.strip_prefix('/') {
                    Some(absolute) => {
                        let cwd = cwd?.trim_matches('/');
                        let inside = if cwd.is_empty() {
                            Some(absolute)
                        } else {
                            absolute.strip_prefix(cwd).filter(|r| r.starts_with('/'))
                        };
                        inside?.trim_start_matches('/').to_owned()
                    }
                    None => file.trim_start_matches("./").to_owned(),
                };
                (!relative.is_empty() && !relative.split('/').any(|part| part == "..")).then_some(relative)
            })
            .collect()
    }

    /// The `COPY` lines that bring `paths` to `destination` where the install finds them: files
    /// at the top in one `COPY`, and each directory whole (a requirements file may include its
    /// siblings) in its own, since a `COPY` of several sources drops their directories.
    fn manifest_copies(paths: &[String], flags: &str, destination: &str) -> Vec<String> {
        let destination = match destination.trim_end_matches('/') {
            "." | "" => "./".to_owned(),
            other => format!("{other}/"),
        };
        let mut top: Vec<&str> = Vec::new();
        let mut directories: Vec<&str> = Vec::new();
        for path in paths {
            match path.split_once('/') {
                Some((directory, _)) => {
                    if !directories.contains(&directory) {
                        directories.push(directory);
                    }
                }
                None => {
                    if !top.contains(&path.as_str()) {
                        top.push(path);
                    }
                }
            }
        }
        let mut lines = Vec::new();
        if !top.is_empty() {
            lines.push(format!("COPY {flags}{} {destination}", top.join(" ")));
        }
        for directory in directories {
            lines.push(format!("COPY {flags}{directory}/ {destination}{directory}/"));
        }
        lines
    }

    /// Moves `COPY . <dest>` after the install: the copy takes the manifests instead, and the
    /// whole context is copied again once the install has run.
    fn fix(context: &Context<'_>, copy_at: usize, run_at: usize) -> Option<Fix> {
        let doc = context.doc;
        let copy = &doc.instructions()[copy_at];
        let run = &doc.instructions()[run_at];
        if run_at != copy_at + 1 || copy.flags.iter().any(|f| !PORTABLE_COPY_FLAGS.contains(&f.name.as_str())) {
            return None;
        }
        let [source, destination] = copy.words() else { return None };
        if !matches!(source.value.as_str(), "." | "./") || destination.value.contains('$') {
            return None;
        }
        let plan = Self::leading_installs(context, run_at)?;
        let mut files: Vec<String> = Vec::new();
        let mut applicability = Applicability::Unsafe;
        for install in &plan.installs {
            if install.changes_directory() {
                return None;
            }
            match install.reads_in(&context.facts.project) {
                Reads::Manifests { files: more } => files.extend(more),
                Reads::ManifestsAndMore { files: more, .. } => {
                    applicability = Applicability::DisplayOnly;
                    files.extend(more);
                }
                Reads::Unlisted { .. } | Reads::Project => return None,
            }
        }
        let cwd = context.workdir(copy_at);
        let paths = Self::context_paths(&files, &destination.value, cwd.as_deref())?;
        let flags: String = copy.flags.iter().map(|f| format!("{} ", doc.slice(f.span))).collect();
        let newline = doc.line_ending().as_str();
        let copy_text = doc.slice(copy.span);
        let mut edits =
            vec![Edit::replace(copy.span, Self::manifest_copies(&paths, &flags, &destination.value).join(newline))];
        match plan.rest {
            None => edits.push(Edit::insert(run.span.end, format!("{newline}{copy_text}"))),
            Some(rest) => {
                let commands = context.commands(run_at);
                let last_install = &commands[rest - 1];
                let flags = match (run.flags.first(), run.flags.last()) {
                    (Some(first), Some(last)) => format!("{} ", doc.slice(Span::new(first.span.start, last.span.end))),
                    _ => String::new(),
                };
                edits.push(Edit::replace(
                    Span::new(last_install.span.end, commands[rest].span.start),
                    format!("{newline}{copy_text}{newline}RUN {flags}"),
                ));
            }
        }
        let names: Vec<String> = plan.installs.iter().map(DependencyInstall::name).collect();
        Some(Fix::new(
            format!("Copy the manifests first and the rest after `{}`", names.join(" && ")),
            applicability,
            edits,
        ))
    }
}

impl Rule for CopyBeforeDependencyInstall {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, report: &mut Report<'_>) {
        for stage in &context.stages.stages {
            let body = stage.body.clone();
            let Some(copy_at) = body.clone().find(|&j| copies_whole_context(&context.doc.instructions()[j])) else {
                continue;
            };
            let found = (copy_at + 1..body.end).find_map(|j| {
                if context.mounts_a_cache(j) {
                    return None;
                }
                context.commands(j).iter().filter_map(dependency_install).find_map(|install| {
                    let reads = install.reads_in(&context.facts.project);
                    (reads != Reads::Project).then_some((j, install, reads))
                })
            });
            let Some((run_at, install, reads)) = found else { continue };
            let copy = &context.doc.instructions()[copy_at];
            let line = context.doc.instructions()[run_at].range.start.line;
            let message = format!(
                "`{}` copies the whole build context before `{}` (line {line}), so any change to any file re-runs the install: {}",
                quoted_copy(context, copy),
                install.name(),
                manifests_phrase(&install, &reads)
            );
            let fix = Self::fix(context, copy_at, run_at);
            report.add(copy_at, copy.span, message, None, fix);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fix::Applicability;

    fn fix_of(text: &str) -> Option<(Applicability, String)> {
        let finding = crate::check(text.as_bytes(), &crate::CheckOptions::default())
            .findings
            .into_iter()
            .find(|f| f.rule == "copy-before-dependency-install")
            .expect("the rule fires");
        let fix = finding.fix?;
        let mut out = text.to_owned();
        for edit in fix.edits.iter().rev() {
            out.replace_range(edit.span.start..edit.span.end, &edit.replacement);
        }
        Some((fix.applicability, out))
    }

    #[test]
    fn display_only_fixes_carry_the_exact_text() {
        let (applicability, text) =
            fix_of("FROM node:20\nWORKDIR /app\nCOPY . .\nRUN yarn install --frozen-lockfile\n").expect("a fix");
        assert_eq!(applicability, Applicability::DisplayOnly);
        assert_eq!(
            text,
            "FROM node:20\nWORKDIR /app\nCOPY package.json yarn.lock* .yarnrc* .yarnrc.yml* .npmrc* ./\nRUN yarn install --frozen-lockfile\nCOPY . .\n"
        );
    }

    #[test]
    fn no_fix_when_the_files_cannot_be_placed_or_the_run_cannot_be_split() {
        // The copy lands elsewhere than the install's working directory.
        assert_eq!(fix_of("FROM node:20\nWORKDIR /app\nCOPY . /src\nRUN npm ci\n"), None);
        // `||` after the install: splitting there would change what runs.
        assert_eq!(fix_of("FROM node:20\nCOPY . .\nRUN npm ci || cat npm-debug.log\n"), None);
        // A working directory from a build argument.
        assert_eq!(fix_of("FROM node:20\nARG DIR\nWORKDIR $DIR\nCOPY . $DIR\nRUN npm ci\n"), None);
        // The install moves elsewhere.
        assert_eq!(fix_of("FROM node:20\nCOPY . .\nRUN npm --prefix web ci\n"), None);
        // An exclusion the manifest copy could not keep.
        assert_eq!(fix_of("FROM node:20\nCOPY --exclude=*.md . .\nRUN npm ci\n"), None);
    }

    #[test]
    fn requirement_files_are_followed_through_the_build_context() {
        let text = "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n";
        let with = |requirements: &str| {
            let mut facts = crate::rules::Facts::default();
            assert!(facts.project.insert("requirements.txt", requirements.to_owned()));
            crate::check(text.as_bytes(), &crate::CheckOptions { facts, ..crate::CheckOptions::default() })
                .findings
                .into_iter()
                .find(|f| f.rule == "copy-before-dependency-install")
        };
        let finding = with("flask\n./fastsum\nwheels/extra-1.0-py3-none-any.whl\n").expect("the rule fires");
        assert!(finding.message.contains("copy requirements.txt, fastsum/, wheels/extra-1.0-py3-none-any.whl first"));
        let fix = finding.fix.expect("a fix");
        assert_eq!(
            fix.edits[0].replacement,
            "COPY requirements.txt ./\nCOPY fastsum/ ./fastsum/\nCOPY wheels/ ./wheels/"
        );
        // Installing the project itself has no dependency-only step to move.
        assert!(with("-e .\n").is_none());
    }

    #[test]
    fn crlf_files_keep_their_line_endings() {
        let (_, text) = fix_of("FROM golang:1.22\r\nCOPY . .\r\nRUN go mod download\r\n").expect("a fix");
        assert_eq!(text, "FROM golang:1.22\r\nCOPY go.mod go.sum* ./\r\nRUN go mod download\r\nCOPY . .\r\n");
    }
}
