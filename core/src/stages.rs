//! Stages, global build arguments and the stage graph.
//!
//! A rule that asks "what ships?" needs to know which stage is final, which stages it copies
//! from, and what each stage is built on once `ARG` defaults are applied. That is this module.

use serde::Serialize;

use crate::document::{Dockerfile, Instruction, Keyword};
use crate::image_ref::ImageRef;
use crate::source::Span;
use crate::variables;

/// A build argument declared before the first `FROM`: it may be used in `FROM` lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GlobalArg {
    /// Its name.
    pub name: String,
    /// Its default, quotes removed, if it has one.
    pub default: Option<String>,
    /// The `ARG` instruction.
    pub span: Span,
}

/// What a stage starts from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Base {
    /// An image from a registry.
    Image {
        /// The reference after `ARG` substitution.
        image: ImageRef,
    },
    /// The empty image.
    Scratch,
    /// An earlier stage.
    Stage {
        /// Its index.
        index: usize,
    },
    /// A reference that cannot be resolved offline: a build argument without a default, or text
    /// that is not a valid reference.
    Unresolved {
        /// The text after whatever substitution was possible.
        text: String,
        /// The build arguments that had no value.
        missing: Vec<String>,
    },
}

/// One stage: a `FROM` and the instructions up to the next.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stage {
    /// 0-based position, as `COPY --from=0` counts.
    pub index: usize,
    /// The `AS` name, lower-cased as BuildKit compares it.
    pub name: Option<String>,
    /// The base as written.
    pub base_text: String,
    /// Where the base is written.
    pub base_span: Span,
    /// The base after substitution.
    pub base: Base,
    /// `--platform`, as written.
    pub platform: Option<String>,
    /// Index of the `FROM` in [`Dockerfile::instructions`].
    pub from_instruction: usize,
    /// Indices of its instructions after `FROM` (`start..end`).
    pub body: std::ops::Range<usize>,
}

/// How one stage depends on another stage or on an image.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DependencyKind {
    /// `FROM <stage>`.
    Base,
    /// `COPY --from=<stage>`.
    CopyFrom,
    /// `RUN --mount=...,from=<stage>`.
    MountFrom,
}

/// What a `--from` names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Source {
    /// An earlier stage.
    Stage {
        /// Its index.
        index: usize,
    },
    /// An image pulled for the copy.
    Image {
        /// The reference as written.
        reference: String,
    },
}

/// An edge of the stage graph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Dependency {
    /// The stage that uses the source.
    pub stage: usize,
    /// What it uses.
    pub source: Source,
    /// How.
    pub kind: DependencyKind,
    /// The instruction that says so.
    pub instruction: usize,
    /// The value's span (`--from=` value or base).
    pub span: Span,
}

/// Something the stage model found wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StageProblem {
    /// A plain sentence.
    pub message: String,
    /// Where.
    pub span: Span,
}

/// Stages, global arguments and the graph between them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StageModel {
    /// `ARG`s before the first `FROM`.
    pub global_args: Vec<GlobalArg>,
    /// Stages in order.
    pub stages: Vec<Stage>,
    /// Edges, in instruction order.
    pub dependencies: Vec<Dependency>,
    /// Problems found while building the model.
    pub problems: Vec<StageProblem>,
}

impl StageModel {
    /// Builds the model of `doc`.
    #[must_use]
    pub fn new(doc: &Dockerfile) -> Self {
        let mut model = Self::default();
        let instructions = doc.instructions();
        let escape = doc.escape();
        for (i, instruction) in instructions.iter().enumerate() {
            match instruction.keyword {
                Keyword::Arg if model.stages.is_empty() => {
                    if let Some(text) = instruction.text() {
                        for (name, default) in arg_declarations(&text.value) {
                            model.global_args.push(GlobalArg { name, default, span: instruction.span });
                        }
                    }
                }
                Keyword::From => model.add_stage(doc, i, escape),
                _ => {
                    if let Some(stage) = model.stages.last_mut() {
                        stage.body.end = i + 1;
                    }
                    model.add_dependencies(doc, i);
                }
            }
        }
        if model.stages.is_empty() {
            model.problems.push(StageProblem {
                message: "no FROM instruction: there is no stage to build".into(),
                span: instructions.first().map_or(Span::default(), |i| i.keyword_span),
            });
        }
        model
    }

    fn add_stage(&mut self, doc: &Dockerfile, i: usize, escape: char) {
        let instruction = &doc.instructions()[i];
        let words = instruction.words();
        let index = self.stages.len();
        let (base_text, base_span) =
            words.first().map_or((String::new(), instruction.keyword_span), |w| (w.value.clone(), w.span));
        let name = (words.len() >= 3 && words[1].value.eq_ignore_ascii_case("as"))
            .then(|| words[2].value.to_ascii_lowercase());
        if let Some(name) = &name
            && self.stages.iter().any(|s| s.name.as_ref() == Some(name))
        {
            self.problems.push(StageProblem { message: format!("duplicate stage name '{name}'"), span: words[2].span });
        }
        let expansion = variables::expand(&base_text, escape, &|n| {
            self.global_args.iter().rev().find(|a| a.name == n).and_then(|a| a.default.as_deref())
        });
        let base = if let Some(error) = expansion.error {
            self.problems
                .push(StageProblem { message: format!("cannot read the base image: {error}"), span: base_span });
            Base::Unresolved { text: base_text.clone(), missing: expansion.unresolved }
        } else if !expansion.unresolved.is_empty() {
            Base::Unresolved { text: expansion.value, missing: expansion.unresolved }
        } else if let Some(stage) = self.stage_named(&expansion.value) {
            self.dependencies.push(Dependency {
                stage: index,
                source: Source::Stage { index: stage },
                kind: DependencyKind::Base,
                instruction: i,
                span: base_span,
            });
            Base::Stage { index: stage }
        } else {
            match ImageRef::parse(&expansion.value) {
                Some(image) if image.is_scratch() => Base::Scratch,
                Some(image) => Base::Image { image },
                None => {
                    self.problems.push(StageProblem {
                        message: format!("'{}' is not a valid image reference", expansion.value),
                        span: base_span,
                    });
                    Base::Unresolved { text: expansion.value, missing: Vec::new() }
                }
            }
        };
        self.stages.push(Stage {
            index,
            name,
            base_text,
            base_span,
            base,
            platform: instruction.flag_value("platform").map(str::to_owned),
            from_instruction: i,
            body: i + 1..i + 1,
        });
    }

    fn add_dependencies(&mut self, doc: &Dockerfile, i: usize) {
        let Some(stage) = self.stages.len().checked_sub(1) else {
            return;
        };
        let instruction = &doc.instructions()[i];
        let mut found = Vec::new();
        if matches!(instruction.keyword, Keyword::Copy | Keyword::Add)
            && let Some(flag) = instruction.flag("from")
            && let Some(value) = &flag.value
        {
            found.push((value.value.clone(), value.span, DependencyKind::CopyFrom));
        }
        if instruction.keyword == Keyword::Run {
            for flag in instruction.flags_named("mount") {
                let Some(value) = &flag.value else { continue };
                if let Some(from) = mount_option(&value.value, "from") {
                    found.push((from.to_owned(), value.span, DependencyKind::MountFrom));
                }
            }
        }
        for (reference, span, kind) in found {
            let source = match self.resolve(&reference, stage) {
                Some(index) => Source::Stage { index },
                None => Source::Image { reference },
            };
            self.dependencies.push(Dependency { stage, source, kind, instruction: i, span });
        }
    }

    /// An earlier stage named `name`, or numbered `name`, before stage `before`.
    fn resolve(&self, name: &str, before: usize) -> Option<usize> {
        if let Ok(index) = name.parse::<usize>() {
            return (index < before).then_some(index);
        }
        self.stages[..before].iter().position(|s| s.name.as_deref() == Some(&name.to_ascii_lowercase()))
    }

    fn stage_named(&self, name: &str) -> Option<usize> {
        let lower = name.to_ascii_lowercase();
        self.stages.iter().position(|s| s.name.as_deref() == Some(lower.as_str()))
    }

    /// The stage that `docker build` produces without `--target`: the last one.
    #[must_use]
    pub fn final_stage(&self) -> Option<usize> {
        self.stages.len().checked_sub(1)
    }

    /// For each stage, whether the final stage needs it (itself, its bases, what it copies or
    /// mounts from, transitively).
    #[must_use]
    pub fn reached_by_final(&self) -> Vec<bool> {
        let mut reached = vec![false; self.stages.len()];
        let Some(last) = self.final_stage() else {
            return reached;
        };
        let mut todo = vec![last];
        while let Some(stage) = todo.pop() {
            if std::mem::replace(&mut reached[stage], true) {
                continue;
            }
            for dependency in self.dependencies.iter().filter(|d| d.stage == stage) {
                if let Source::Stage { index } = dependency.source {
                    todo.push(index);
                }
            }
        }
        reached
    }

    /// Stages the final stage does not need: BuildKit skips them.
    #[must_use]
    pub fn unreachable_stages(&self) -> Vec<usize> {
        self.reached_by_final().iter().enumerate().filter(|&(_, r)| !r).map(|(i, _)| i).collect()
    }

    /// Stages whose contents end up in the final image: the final stage and the stages it is
    /// built `FROM`, transitively (copies bring only chosen files, so they do not count).
    #[must_use]
    pub fn shipped_stages(&self) -> Vec<usize> {
        let mut out = Vec::new();
        let mut at = self.final_stage();
        while let Some(stage) = at {
            if out.contains(&stage) {
                break;
            }
            out.push(stage);
            at = match self.stages[stage].base {
                Base::Stage { index } => Some(index),
                _ => None,
            };
        }
        out
    }

    /// The stage that instruction `i` belongs to.
    #[must_use]
    pub fn stage_of(&self, i: usize) -> Option<usize> {
        self.stages.iter().rposition(|s| s.from_instruction <= i)
    }
}

/// `NAME[=default]` declarations of an `ARG` line.
#[must_use]
pub fn arg_declarations(text: &str) -> Vec<(String, Option<String>)> {
    split_words(text)
        .into_iter()
        .map(|word| match word.split_once('=') {
            Some((name, value)) => (name.to_owned(), Some(unquote(value))),
            None => (word, None),
        })
        .collect()
}

/// One option (`key=value`) of a `--mount` value.
#[must_use]
pub fn mount_option<'a>(mount: &'a str, key: &str) -> Option<&'a str> {
    mount.split(',').find_map(|part| part.split_once('=').filter(|(k, _)| k.trim() == key).map(|(_, v)| v.trim()))
}

/// The targets of an instruction's BuildKit cache mounts (`--mount=type=cache,target=...`, also
/// spelled `dst` or `destination`): what they hold never reaches the layer.
#[must_use]
pub fn cache_mount_targets(instruction: &Instruction) -> Vec<&str> {
    instruction
        .flags_named("mount")
        .filter_map(|f| f.value.as_ref())
        .filter(|v| mount_option(&v.value, "type") == Some("cache"))
        .filter_map(|v| {
            mount_option(&v.value, "target")
                .or_else(|| mount_option(&v.value, "dst"))
                .or_else(|| mount_option(&v.value, "destination"))
        })
        .collect()
}

/// Splits on blanks outside quotes, keeping quotes in the words.
fn split_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quote = None;
    for c in text.chars() {
        match quote {
            Some(q) if c == q => {
                quote = None;
                current.push(c);
            }
            Some(_) => current.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                current.push(c);
            }
            None if c.is_whitespace() => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            None => current.push(c),
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

fn unquote(value: &str) -> String {
    let v = value.trim();
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner.to_owned();
        }
    }
    v.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    fn model(text: &str) -> StageModel {
        StageModel::new(&parse(text).expect("parses"))
    }

    #[test]
    fn global_args_resolve_in_from() {
        let m = model("ARG GO_VERSION=1.22\nARG NOPE\nFROM golang:${GO_VERSION} AS build\nFROM alpine:$NOPE\n");
        assert_eq!(m.global_args.len(), 2);
        assert_eq!(m.global_args[0].default.as_deref(), Some("1.22"));
        match &m.stages[0].base {
            Base::Image { image } => assert_eq!(image.to_string(), "golang:1.22"),
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(m.stages[1].base, Base::Unresolved { text: "alpine:".into(), missing: vec!["NOPE".into()] });
    }

    #[test]
    fn copy_from_by_name_and_index_and_image() {
        let m = model(
            "FROM golang AS Build\nRUN go build\nFROM alpine AS unused\nFROM scratch\nCOPY --from=build /a /a\nCOPY --from=0 /b /b\nCOPY --from=nginx:1 /c /c\n",
        );
        let sources: Vec<_> = m.dependencies.iter().map(|d| d.source.clone()).collect();
        assert_eq!(
            sources,
            vec![Source::Stage { index: 0 }, Source::Stage { index: 0 }, Source::Image { reference: "nginx:1".into() }]
        );
        assert_eq!(m.final_stage(), Some(2));
        assert_eq!(m.stages[2].base, Base::Scratch);
        assert_eq!(m.unreachable_stages(), vec![1]);
        assert_eq!(m.stages[0].name.as_deref(), Some("build"));
        assert_eq!(m.stages[0].body, 1..2);
    }

    #[test]
    fn from_stage_and_mount_from_and_platform() {
        let m = model(
            "FROM --platform=$BUILDPLATFORM node:20 AS deps\nFROM deps AS build\nRUN --mount=type=bind,from=deps,target=/d true\nFROM build\n",
        );
        assert_eq!(m.stages[0].platform.as_deref(), Some("$BUILDPLATFORM"));
        assert_eq!(m.stages[1].base, Base::Stage { index: 0 });
        assert_eq!(m.dependencies.iter().filter(|d| d.kind == DependencyKind::MountFrom).count(), 1);
        assert!(m.unreachable_stages().is_empty());
        assert_eq!(m.shipped_stages(), vec![2, 1, 0]);
    }

    #[test]
    fn duplicate_names_and_missing_from_are_problems() {
        assert!(model("FROM a AS x\nFROM b AS X\n").problems[0].message.contains("duplicate"));
        assert!(model("ARG A=1\n").problems[0].message.contains("no FROM"));
    }

    #[test]
    fn cache_mount_targets_in_every_spelling() {
        let doc = parse(
            "FROM a\nRUN --mount=type=cache,target=/root/.cache --mount=type=bind,target=/src --mount=dst=/var/cache/apt,type=cache true\n",
        )
        .expect("parses");
        assert_eq!(cache_mount_targets(&doc.instructions()[1]), ["/root/.cache", "/var/cache/apt"]);
        assert!(cache_mount_targets(&doc.instructions()[0]).is_empty());
    }
}
