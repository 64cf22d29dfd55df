//! The size model: walks the stages of a Dockerfile and sizes each one as its base plus one
//! layer per filesystem-changing instruction, then the final image as the final stage's `FROM`
//! chain. `COPY --from` brings only the files it names, never the other stage's whole size.

use std::collections::BTreeSet;

use super::catalog::{self, ImageEntry};
use super::confidence::{self, Confidence, ConfidenceLevel};
use super::copy_cost::{CopySource, cost_copy};
use super::image_estimate::{
    BaseEstimate, BaseKind, Contribution, Extent, ImageEstimate, LayerEstimate, Size, StageEstimate, layer_ratio_note,
};
use super::run_cost::{Artifact, StageFacts, cost_run};
use super::size_inputs::SizeInputs;
use super::units::megabytes;
use crate::decimal::fixed;
use crate::document::{Dockerfile, Instruction, Keyword};
use crate::paths::absolute;
use crate::rules::{Context, Facts};
use crate::shell;
use crate::stages::{Base, DependencyKind, Source, Stage, StageModel};

/// What later instructions and stages need to know about a stage built so far.
#[derive(Clone, Debug, Default)]
struct StageState {
    root: Option<&'static ImageEntry>,
    /// The Debian release the stage's packages come from (`trixie`), as the `FROM` line or the
    /// catalog entry names it.
    release: Option<&'static str>,
    installed: BTreeSet<String>,
    artifacts: Vec<Artifact>,
    workdir: Option<String>,
}

/// Estimates the size of the image `doc` builds, per stage and per layer.
#[must_use]
pub fn estimate(doc: &Dockerfile, stages: &StageModel, inputs: &SizeInputs) -> ImageEstimate {
    // The stage state the rules read (ENV/ARG values, mounts, users per instruction): one model
    // of it, so the estimate counts a cache exactly when a rule reports it.
    let facts = Facts::default();
    let context = Context::new(doc, stages, &facts);
    let shipped = stages.shipped_stages();
    let mut states: Vec<StageState> = Vec::new();
    let mut out: Vec<StageEstimate> = Vec::new();
    for stage in &stages.stages {
        let (base, mut state) = base_of(stage, &out, &states);
        let mut layers = Vec::new();
        for i in stage.body.clone() {
            let Some(instruction) = doc.instructions().get(i) else { continue };
            match instruction.keyword {
                Keyword::Workdir => {
                    state.workdir = instruction.words().first().and_then(|w| {
                        if w.value.contains('$') { None } else { absolute(state.workdir.as_deref(), &w.value) }
                    });
                }
                Keyword::Run => {
                    let commands: std::borrow::Cow<'_, [shell::SimpleCommand]> = match instruction.arguments {
                        crate::document::Arguments::Exec { .. } => shell::run_commands(doc, instruction).into(),
                        _ => doc.run_shell_commands(i).into(),
                    };
                    let facts = StageFacts {
                        root: state.root,
                        release: state.release,
                        index: inputs.packages.as_deref(),
                        dependencies: &inputs.dependencies,
                        installed: &state.installed,
                        workdir: state.workdir.as_deref(),
                        context: &context,
                        instruction: i,
                    };
                    let cost = cost_run(&commands, &facts);
                    state.installed.extend(cost.installed);
                    state.artifacts.extend(cost.artifacts);
                    layers.push(layer(i, instruction, cost.contributions));
                }
                Keyword::Copy | Keyword::Add => {
                    let source = copy_source(stages, i, instruction, &states);
                    layers.push(layer(i, instruction, cost_copy(instruction, &source, inputs)));
                }
                _ => {}
            }
        }
        let size = layers.iter().fold(base.size, |total, l: &LayerEstimate| total.plus(l.size));
        out.push(StageEstimate {
            index: stage.index,
            name: stage.name.clone(),
            ships: shipped.contains(&stage.index),
            base,
            layers,
            size,
        });
        states.push(state);
    }

    let final_stage = stages.final_stage();
    let size = final_stage.and_then(|i| out.get(i)).map_or(Size::default(), |s| s.size);
    let chain: Vec<&StageEstimate> = shipped.iter().filter_map(|&i| out.get(i)).collect();
    let confidence = if chain.is_empty() {
        Confidence { level: ConfidenceLevel::Low, reasons: vec!["there is no stage to build".to_owned()] }
    } else {
        confidence::assess(&chain, size.uncompressed_bytes)
    };
    let mut notes = Vec::new();
    let mut substitutions = Vec::new();
    for stage in &chain {
        if let BaseKind::Catalog { mapping: Some(mapping), .. } = &stage.base.kind {
            notes.push(mapping.clone());
        }
        if let Some(substitution) = &stage.base.substitution
            && !substitutions.contains(substitution)
        {
            substitutions.push(substitution.clone());
        }
    }
    if chain.iter().any(|s| s.layers.iter().any(|l| l.size.uncompressed_bytes > 0)) {
        notes.push(layer_ratio_note());
    }
    let extent = if chain.is_empty() || chain.iter().any(|s| s.base.kind == BaseKind::Unknown) {
        Extent::Unknown
    } else if chain
        .iter()
        .flat_map(|s| &s.layers)
        .flat_map(|l| &l.contributions)
        .any(|c| c.uncompressed_bytes.is_none())
    {
        Extent::AtLeast
    } else {
        Extent::Whole
    };
    ImageEstimate { stages: out, final_stage, size, extent, substitutions, confidence, notes }
}

/// A stage's base, and the state it starts from (a stage base hands on everything it holds).
fn base_of(stage: &Stage, built: &[StageEstimate], states: &[StageState]) -> (BaseEstimate, StageState) {
    let reference = stage.base_text.clone();
    let unknown = |reference: String, basis: String| BaseEstimate {
        reference,
        substitution: None,
        kind: BaseKind::Unknown,
        size: Size::default(),
        basis,
    };
    match &stage.base {
        Base::Stage { index } if *index < built.len() => {
            let parent = &built[*index];
            let name = parent.name.clone().unwrap_or_else(|| index.to_string());
            let basis =
                format!("everything stage {name} holds ({} on disk)", megabytes(parent.size.uncompressed_bytes));
            let base = BaseEstimate {
                reference,
                substitution: parent.base.substitution.clone(),
                kind: BaseKind::Stage { index: *index },
                size: parent.size,
                basis,
            };
            (base, states.get(*index).cloned().unwrap_or_default())
        }
        Base::Image { image } => match catalog::lookup(image) {
            Some(found) => {
                let entry = found.entry;
                let size = Size {
                    compressed_bytes: found.size.compressed_bytes,
                    uncompressed_bytes: found.size.uncompressed_bytes,
                };
                let mut basis = format!(
                    "{}:{} ({}): {} compressed, {} on disk; {} figure from {}, as of {}",
                    entry.image,
                    entry.tag_name(),
                    entry.version,
                    megabytes(size.compressed_bytes),
                    megabytes(size.uncompressed_bytes),
                    entry.basis.as_str(),
                    entry.source,
                    entry.as_of
                );
                if let Some(ratio) = found.size.derivation {
                    let which = if found.size.uncompressed_is_derived { "on-disk" } else { "compressed" };
                    let from = match ratio.source {
                        catalog::RatioSource::SameImage => "the ratio the same image's other tags measure",
                        catalog::RatioSource::CatalogMedian => "the catalog's median ratio",
                    };
                    basis.push_str(&format!(
                        "; the {which} size is derived (×{}, {from})",
                        fixed(ratio.disk_per_compressed, 2)
                    ));
                }
                if let Some(mapping) = &found.mapping {
                    basis.push_str(&format!("; {mapping}"));
                }
                let workdir = if entry.image == "golang" { "/go" } else { "/" };
                let release = super::run_cost::debian_release(&image.to_string(), Some(entry));
                let state = StageState {
                    root: Some(entry),
                    release,
                    workdir: Some(workdir.to_owned()),
                    ..StageState::default()
                };
                let kind = BaseKind::Catalog { entry, mapping: found.mapping, derivation: found.size.derivation };
                let base =
                    BaseEstimate { reference: image.to_string(), substitution: found.substitution, kind, size, basis };
                (base, state)
            }
            None => {
                let base = unknown(
                    image.to_string(),
                    format!("{image} is not in slimfile's size catalog: its size is unknown"),
                );
                (base, StageState { workdir: Some("/".to_owned()), ..StageState::default() })
            }
        },
        Base::Scratch => {
            let base = BaseEstimate {
                reference,
                substitution: None,
                kind: BaseKind::Scratch,
                size: Size::default(),
                basis: "scratch is the empty image".to_owned(),
            };
            (base, StageState { workdir: Some("/".to_owned()), ..StageState::default() })
        }
        Base::Unresolved { text, missing } => {
            let why = if missing.is_empty() {
                format!("`{text}` is not a valid image reference")
            } else {
                format!(
                    "build argument{} {} {} no default",
                    plural(missing.len()),
                    missing.join(", "),
                    if missing.len() == 1 { "has" } else { "have" }
                )
            };
            (
                unknown(text.clone(), format!("{why}: the base cannot be known offline, so its size is unknown")),
                StageState::default(),
            )
        }
        Base::Stage { .. } => {
            (unknown(reference, "a stage that is not built before this one".to_owned()), StageState::default())
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A layer from its contributions; unknown parts count as zero. Its download size adds each
/// part's: the source's figure where there is one, else derived from the on-disk bytes.
fn layer(i: usize, instruction: &Instruction, contributions: Vec<Contribution>) -> LayerEstimate {
    let disk = contributions.iter().filter_map(|c| c.uncompressed_bytes).fold(0u64, u64::saturating_add);
    let compressed = contributions.iter().map(Contribution::download_bytes).fold(0u64, u64::saturating_add);
    LayerEstimate {
        instruction: i,
        keyword: instruction.keyword.as_str().to_owned(),
        line: instruction.range.start.line,
        size: Size { compressed_bytes: compressed, uncompressed_bytes: disk },
        contributions,
    }
}

/// Where a `COPY`/`ADD` reads from, as the stage model resolved its `--from`.
fn copy_source<'a>(
    stages: &StageModel,
    i: usize,
    instruction: &'a Instruction,
    states: &'a [StageState],
) -> CopySource<'a> {
    let Some(from) = instruction.flag_value("from") else { return CopySource::Context };
    let dependency = stages.dependencies.iter().find(|d| d.instruction == i && d.kind == DependencyKind::CopyFrom);
    match dependency.map(|d| &d.source) {
        Some(Source::Stage { index }) => match states.get(*index) {
            Some(state) => CopySource::Stage { name: from, artifacts: &state.artifacts },
            None => CopySource::Image(from),
        },
        _ => CopySource::Image(from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::{BuildContext, ContextFile, Evidence, GO_BINARY};
    use crate::parse;

    fn run(text: &str, inputs: &SizeInputs) -> ImageEstimate {
        let doc = parse(text).expect("parses");
        estimate(&doc, &StageModel::new(&doc), inputs)
    }

    fn contributions(estimate: &ImageEstimate, stage: usize) -> Vec<&Contribution> {
        estimate.stages[stage].layers.iter().flat_map(|l| &l.contributions).collect()
    }

    #[test]
    fn a_stage_built_from_a_stage_carries_all_of_it() {
        let e = run(
            "FROM alpine:3.19 AS base\nCOPY <<EOF /etc/motd\nhello\nEOF\nFROM base\nWORKDIR /app\n",
            &SizeInputs::default(),
        );
        assert_eq!(e.stages[1].base.kind, BaseKind::Stage { index: 0 });
        assert_eq!(e.size, e.stages[0].size);
        assert!(e.stages[0].ships && e.stages[1].ships);
        // WORKDIR is metadata: no layer.
        assert!(e.stages[1].layers.is_empty());
        let heredoc = contributions(&e, 0);
        assert_eq!((heredoc[0].uncompressed_bytes, heredoc[0].evidence), (Some(6), Evidence::Measured));
    }

    #[test]
    fn only_the_final_chain_ships_and_copies_bring_only_the_artifact() {
        let text = "FROM golang:1.22 AS build\nWORKDIR /src\nRUN go build -o app .\nFROM scratch\nCOPY --from=build /src/app /app\n";
        let e = run(text, &SizeInputs::default());
        assert!(!e.stages[0].ships);
        assert_eq!(e.size.uncompressed_bytes, GO_BINARY.bytes);
        assert_eq!(e.size, Size::from_disk(GO_BINARY.bytes));
        // A real size from the caller replaces the assumption.
        let mut inputs = SizeInputs::default();
        inputs.artifacts.insert("/src/app".to_owned(), 7_000_000);
        let measured = run(text, &inputs);
        assert_eq!(measured.size.uncompressed_bytes, 7_000_000);
        assert_eq!(contributions(&measured, 1)[0].evidence, Evidence::Measured);
        assert_eq!(measured.confidence.level, ConfidenceLevel::High, "{:?}", measured.confidence);
    }

    #[test]
    fn copies_of_unknown_origin_are_unknown_not_invented() {
        let text = "FROM debian:bookworm-slim AS a\nRUN make\nFROM debian:bookworm-slim\nCOPY --from=a /opt/x /opt/x\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\nADD https://example.com/x.tgz /tmp/\n";
        let e = run(text, &SizeInputs::default());
        let parts = contributions(&e, 1);
        assert_eq!(parts.len(), 3);
        assert!(parts.iter().all(|c| c.evidence == Evidence::Unknown && c.uncompressed_bytes.is_none()), "{parts:?}");
        assert_eq!(e.size, e.stages[1].base.size);
        assert_eq!(e.confidence.level, ConfidenceLevel::Medium, "three unknowns make a lower bound, not a low grade");
    }

    #[test]
    fn context_copies_use_the_callers_listing() {
        let files = [("app.py", 1_200), ("requirements.txt", 73), ("fastsum/fastsum.c", 900)];
        let context = BuildContext {
            files: files.iter().map(|(p, b)| ContextFile { path: (*p).to_owned(), bytes: *b }).collect(),
        };
        let inputs = SizeInputs { context: Some(context), ..SizeInputs::default() };
        let e = run("FROM python:3.12-slim\nCOPY requirements.txt .\nCOPY . .\nCOPY missing.txt .\n", &inputs);
        let parts = contributions(&e, 0);
        assert_eq!((parts[0].uncompressed_bytes, parts[0].evidence), (Some(73), Evidence::Measured));
        assert_eq!(parts[1].uncompressed_bytes, Some(2_173));
        assert_eq!(parts[2].evidence, Evidence::Assumption, "a source the listing lacks falls back to the assumption");
        assert!(parts[2].basis.contains("not found"));
        let unmeasured = run("FROM python:3.12-slim\nCOPY . .\n", &SizeInputs::default());
        assert_eq!(contributions(&unmeasured, 0)[0].uncompressed_bytes, Some(crate::estimate::CONTEXT_FILES.bytes));
    }

    #[test]
    fn bases_it_cannot_know_count_zero_with_low_confidence() {
        let e = run("ARG BASE\nFROM $BASE\nRUN true\n", &SizeInputs::default());
        assert_eq!(e.stages[0].base.kind, BaseKind::Unknown);
        assert!(e.stages[0].base.basis.contains("BASE has no default"), "{}", e.stages[0].base.basis);
        assert_eq!(e.confidence.level, ConfidenceLevel::Low);
        let private = run("FROM registry.example.com/team/base:1\n", &SizeInputs::default());
        assert_eq!(private.size, Size::default());
        assert_eq!(private.confidence.level, ConfidenceLevel::Low);
    }

    #[test]
    fn exec_form_and_stage_packages() {
        let text = "FROM debian:bookworm-slim\nRUN [\"apt-get\", \"install\", \"-y\", \"--no-install-recommends\", \"curl\"]\nRUN apt-get install -y --no-install-recommends curl\n";
        let e = run(text, &SizeInputs::default());
        let curl = crate::estimate::packages::package("curl").expect("listed");
        assert_eq!(e.stages[0].layers[0].size.uncompressed_bytes, curl.closure_no_recommends_kib * 1024);
        assert_eq!(e.stages[0].layers[1].size.uncompressed_bytes, 0, "already installed by the first RUN");
    }

    #[test]
    fn mapped_bases_are_noted() {
        let e = run("FROM golang:1.21\n", &SizeInputs::default());
        assert!(e.notes.iter().any(|n| n.starts_with("golang:1.21 has no catalog entry")), "{:?}", e.notes);
        assert_eq!(e.confidence.level, ConfidenceLevel::Medium);
        let empty = estimate(&parse("ARG A=1\n").expect("parses"), &StageModel::default(), &SizeInputs::default());
        assert_eq!(empty.confidence.level, ConfidenceLevel::Low);
    }

    #[test]
    fn an_unknown_base_is_unknown_not_zero_and_no_change_is_given_against_it() {
        let e = run("FROM registry.example.com/team/base:1\nRUN true\n", &SizeInputs::default());
        assert_eq!(e.extent, Extent::Unknown);
        assert!(e.stages[0].base.basis.contains("its size is unknown"), "{}", e.stages[0].base.basis);
        let doc = parse("FROM registry.example.com/team/base:1\nCOPY app /app\n").expect("parses");
        let file = crate::estimate::estimate_file(
            &doc,
            &StageModel::new(&doc),
            Some("FROM debian:bookworm-slim\nCOPY app /app\n"),
            &SizeInputs::default(),
        );
        assert_eq!((file.before.extent, file.after.extent), (Extent::Unknown, Extent::Whole));
        assert!(!file.change_is_known(), "no percentage against an unknown");
        // A part of unknown size makes the figure a lower bound.
        let partial = run("FROM debian:bookworm-slim\nRUN make\n", &SizeInputs::default());
        assert_eq!(partial.extent, Extent::AtLeast);
    }

    #[test]
    fn a_stand_in_release_is_named() {
        let e = run("FROM node:8-alpine AS base\nFROM base\n", &SizeInputs::default());
        assert_eq!(e.substitutions.len(), 1, "{:?}", e.substitutions);
        assert!(e.substitutions[0].starts_with("node:8-alpine sized as node:"), "{:?}", e.substitutions);
        // An alias is not a substitution.
        assert!(run("FROM golang:1.26\n", &SizeInputs::default()).substitutions.is_empty());
    }

    #[test]
    fn confidence_follows_the_bytes_not_the_number_of_parts() {
        // Four small unknowns on a published base: a lower bound, not an order of magnitude.
        let e = run(
            "FROM debian:bookworm-slim\nRUN chown -R a /a\nRUN chown -R b /b\nRUN chmod -R 700 /c\nRUN ./setup.sh\n",
            &SizeInputs::default(),
        );
        assert_eq!(e.confidence.level, ConfidenceLevel::Medium, "{:?}", e.confidence);
        assert!(e.confidence.reasons.iter().any(|r| r.contains("lower bound")), "{:?}", e.confidence);
        // A build from source on a small base may be most of the image: low.
        let built = run("FROM alpine:3.19\nRUN ./configure && make && make install\n", &SizeInputs::default());
        assert_eq!(built.confidence.level, ConfidenceLevel::Low, "{:?}", built.confidence);
        assert!(built.confidence.reasons.iter().any(|r| r.contains("may be as large as")), "{:?}", built.confidence);
        // One assumption that is most of the image: low.
        let big = run("FROM scratch\nCOPY . .\n", &SizeInputs::default());
        assert_eq!(big.confidence.level, ConfidenceLevel::Low, "{:?}", big.confidence);
    }
}
