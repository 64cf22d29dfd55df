//! What a keystroke in the playground and a file in `slimfile check` cost: parse, the whole check
//! (findings, size estimate, the proposal the estimate's "after" comes from), the multi-stage
//! rewrite alone, and the full fix proposal, on a small, a typical and a 300-line Dockerfile.
//!
//! Run with `cargo bench -p slimfile-core`; printed figures, not timed tests (scripts/test does not
//! run it).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion};
use slimfile_core::rewrite::{self, RewriteOptions};
use slimfile_core::rules::Facts;
use slimfile_core::stages::StageModel;
use slimfile_core::{FixLevel, ProposalOptions, check, parse, propose};

/// The repository's Go example: 16 lines, one stage.
const SMALL: &str = include_str!("../../examples/go/Dockerfile");
/// A 40-line single-stage Node service (see the file's own comment).
const TYPICAL: &str = include_str!("fixtures/typical.Dockerfile");

/// A 300-line Dockerfile, built the same way every run: a Python build with a long apt list in
/// continuations, then blocks of the steps real files repeat (ENV, COPY, RUN with `&&` chains,
/// pip installs) until the file has 300 lines, and the runtime settings.
fn three_hundred_lines() -> String {
    let mut text = String::from(
        "# syntax=docker/dockerfile:1\nARG PYTHON_VERSION=3.12\nFROM python:${PYTHON_VERSION}\nWORKDIR /srv/app\nRUN \
         apt-get update && apt-get install -y \\\n",
    );
    for package in ["gcc", "g++", "make", "libpq-dev", "libffi-dev", "libssl-dev", "curl", "git", "unzip", "xz-utils"] {
        text.push_str(&format!("      {package} \\\n"));
    }
    text.push_str("      ca-certificates\n");
    let mut block = 0;
    while text.lines().count() < 292 {
        text.push_str(&format!(
            "\n# step {block}\nENV STEP_{block}=on\nCOPY requirements-{block}.txt ./\nRUN pip install -r requirements-{block}.txt \
             \\\n    && mkdir -p /srv/app/data/{block} \\\n    && echo step {block} > /srv/app/data/{block}/READY\n"
        ));
        block += 1;
    }
    text.push_str(
        "COPY . .\nRUN python -m compileall -q .\nEXPOSE 8000\nUSER nobody\nCMD [\"python\", \"-m\", \"app\"]\n",
    );
    while text.lines().count() < 300 {
        text.push_str("# padding to 300 lines\n");
    }
    text
}

fn inputs() -> Vec<(&'static str, String)> {
    vec![("small", SMALL.to_owned()), ("typical", TYPICAL.to_owned()), ("300-line", three_hundred_lines())]
}

fn benches(c: &mut Criterion) {
    let inputs = inputs();
    let every_fix = ProposalOptions { level: FixLevel::Unsafe, ..ProposalOptions::default() };

    let mut group = c.benchmark_group("parse");
    for (name, text) in &inputs {
        group.bench_with_input(BenchmarkId::from_parameter(name), text, |b, text| b.iter(|| parse(black_box(text))));
    }
    group.finish();

    let mut group = c.benchmark_group("check");
    for (name, text) in &inputs {
        group.bench_with_input(BenchmarkId::from_parameter(name), text, |b, text| {
            b.iter(|| check(black_box(text.as_bytes()), &slimfile_core::CheckOptions::default()));
        });
    }
    group.finish();

    let mut group = c.benchmark_group("rewrite");
    for (name, text) in &inputs {
        let Ok(doc) = parse(text) else { continue };
        let stages = StageModel::new(&doc);
        group.bench_with_input(BenchmarkId::from_parameter(name), &doc, |b, doc| {
            b.iter(|| rewrite::rewrite(black_box(doc), &stages, &RewriteOptions::default(), &Facts::default()));
        });
    }
    group.finish();

    let mut group = c.benchmark_group("propose");
    for (name, text) in &inputs {
        group.bench_with_input(BenchmarkId::from_parameter(name), text, |b, text| {
            b.iter(|| propose(black_box(text), &every_fix));
        });
    }
    group.finish();
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    benches(&mut criterion);
    criterion.final_summary();
}
