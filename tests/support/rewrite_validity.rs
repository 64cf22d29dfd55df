//! What every proposed Dockerfile must satisfy, checked the same way for fixtures, examples, the
//! corpus and generated inputs.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use slimfile_core::document::{Dockerfile, Keyword};
use slimfile_core::stages::StageModel;
use slimfile_core::{FixLevel, ProposalOptions, propose};

/// The options `slimfile fix` uses by default: every fix and the rewrite.
#[must_use]
pub fn fix_options() -> ProposalOptions {
    ProposalOptions { level: FixLevel::Unsafe, ..ProposalOptions::default() }
}

/// The problems of `output`, proposed for `input`; empty when it is valid.
#[must_use]
pub fn problems(input: &str, output: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(doc) = slimfile_core::parse(output) else {
        return vec!["the output does not parse".to_owned()];
    };
    let stages = StageModel::new(&doc);
    if !doc.problems().is_empty() || !stages.problems.is_empty() {
        out.push(format!("the output has syntax problems: {:?} {:?}", doc.problems(), stages.problems));
    }
    let input_doc = slimfile_core::parse(input).ok();
    for (i, instruction) in doc.instructions().iter().enumerate() {
        match instruction.keyword {
            Keyword::From if instruction.words().is_empty() => {
                out.push(format!("instruction {i}: FROM without an image"))
            }
            Keyword::Copy | Keyword::Add if instruction.words().len() < 2 && instruction.heredocs.is_empty() => {
                out.push(format!("instruction {i}: COPY without a source and a destination"));
            }
            _ => {}
        }
        if let Some(from) = instruction.flag_value("from") {
            let earlier = stages.stages.iter().any(|s| {
                s.from_instruction < i
                    && (s.name.as_deref() == Some(&from.to_ascii_lowercase()) || s.index.to_string() == from)
            });
            let authors = input_doc.as_ref().is_some_and(|d| d.text().contains(&format!("--from={from}")));
            if !earlier && !authors {
                out.push(format!("instruction {i}: --from={from} names no earlier stage"));
            }
        }
    }
    if input.contains("\r\n") != output.contains("\r\n")
        || (input.contains("\r\n") && output.replace("\r\n", "").contains('\n'))
    {
        out.push("the line endings changed".to_owned());
    }
    if let Some(input_doc) = &input_doc {
        if input_doc.escape() != doc.escape() {
            out.push("the escape character changed".to_owned());
        }
        out.extend(final_stage_kept(input_doc, &doc));
    }
    let again = propose(output, &fix_options());
    if again.text != output {
        out.push(format!("not idempotent: a second run changes it to\n{}", again.text));
    }
    out
}

/// The runtime settings of the input's final stage that the output's final stage lost.
fn final_stage_kept(input: &Dockerfile, output: &Dockerfile) -> Vec<String> {
    let settings = |doc: &Dockerfile| -> Vec<String> {
        let stages = StageModel::new(doc);
        let Some(stage) = stages.final_stage().map(|i| stages.stages[i].clone()) else { return Vec::new() };
        doc.instructions()[stage.from_instruction..stage.body.end]
            .iter()
            .filter(|i| {
                matches!(i.keyword, Keyword::Cmd | Keyword::Entrypoint | Keyword::Expose | Keyword::Env | Keyword::User)
            })
            .map(|i| doc.slice(i.span).to_owned())
            .collect()
    };
    let kept = settings(output);
    let mut lost: Vec<String> = settings(input)
        .into_iter()
        .filter(|s| !kept.contains(s))
        .map(|s| format!("the final stage lost `{s}`"))
        .collect();
    let workdir = |doc: &Dockerfile| -> Option<String> {
        let stages = StageModel::new(doc);
        let stage = stages.final_stage().map(|i| stages.stages[i].clone())?;
        // The base image's own WORKDIR (golang: /go), as the rewrite reads it.
        let mut dir = match &stage.base {
            slimfile_core::stages::Base::Image { image } => {
                slimfile_core::ecosystem::image_workdir(image).unwrap_or("/").to_owned()
            }
            _ => String::from("/"),
        };
        for i in &doc.instructions()[stage.from_instruction..stage.body.end] {
            if i.keyword == Keyword::Workdir {
                // Quotes are BuildKit's to remove; a variable makes the directory one this check
                // does not compare.
                let raw = i.words().first()?.value.clone();
                let path = ['\'', '"']
                    .iter()
                    .find_map(|q| raw.strip_prefix(*q).and_then(|r| r.strip_suffix(*q)))
                    .unwrap_or(&raw)
                    .to_owned();
                if path.contains('$') {
                    return None;
                }
                dir = if path.starts_with('/') { path } else { format!("{}/{path}", dir.trim_end_matches('/')) };
            }
        }
        let parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
        Some(format!("/{}", parts.join("/")))
    };
    if workdir(input).is_some() && workdir(output).is_some() && workdir(input) != workdir(output) {
        lost.push(format!("the final WORKDIR changed from {:?} to {:?}", workdir(input), workdir(output)));
    }
    lost
}

/// Runs BuildKit's parser (`shared/tools/buildkit-parse`) over `files` (name, text) in one
/// process; returns the names it rejected with its message.
#[must_use]
pub fn buildkit_rejects(shared: &Path, files: &[(String, String)]) -> Vec<String> {
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("slimfile-buildkit-{}-{call}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut paths = Vec::new();
    for (i, (_, text)) in files.iter().enumerate() {
        let path = dir.join(format!("{i}.Dockerfile"));
        std::fs::write(&path, text).expect("write");
        paths.push(path);
    }
    let mut rejected = Vec::new();
    for chunk in paths.chunks(500) {
        let mut child = Command::new(shared.join("tools/buildkit-parse"))
            .args(chunk)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("buildkit-parse runs");
        let _ = child.stdin.take().map(|mut s| s.flush());
        let output = child.wait_with_output().expect("buildkit-parse finishes");
        assert!(output.status.code().is_some_and(|c| c < 2), "buildkit-parse could not set up");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(stdout.lines().count(), chunk.len(), "buildkit-parse answered for fewer files than it was given");
        for line in stdout.lines() {
            let entry: serde_json::Value = serde_json::from_str(line).expect("json line");
            if entry["ok"] != true {
                let path = entry["path"].as_str().unwrap_or_default();
                let index: usize = Path::new(path)
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .and_then(|s| s.parse().ok())
                    .expect("numbered file");
                rejected.push(format!("{}: {}", files[index].0, entry["msg"]));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    rejected
}
