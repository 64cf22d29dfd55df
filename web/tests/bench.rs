//! Benchmark, in the browser: analysis plus rewrite (what the page runs on every keystroke) of
//! 100 different 300-line Dockerfiles. Prints the median and the 95th percentile; the figures
//! are reported, not asserted, since they depend on the machine. What is asserted is that every
//! input took the full path: findings, and a multi-stage rewrite.
//!
//! Run with `cargo test -p slimfile-web --target wasm32-unknown-unknown --test bench -- --nocapture`.
#![cfg(target_arch = "wasm32")]

use slimfile_core::rewrite::RewriteOutcome;
use slimfile_web::engine;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Build and runtime libraries the rewrite knows how to replace, so it rewrites rather than
/// declines.
const PACKAGES: &[&str] = &[
    "libbz2-dev",
    "libcurl4-openssl-dev",
    "libffi-dev",
    "libgeos-dev",
    "libgmp-dev",
    "libjpeg-dev",
    "libkrb5-dev",
    "libldap2-dev",
    "liblzma-dev",
    "libmagic-dev",
    "libpq-dev",
    "libreadline-dev",
    "libsasl2-dev",
    "libsqlite3-dev",
    "libssl-dev",
    "libxml2-dev",
    "libxslt1-dev",
    "libyaml-dev",
    "libzstd-dev",
    "python3-dev",
    "uuid-dev",
    "zlib1g-dev",
];

/// A 300-line single-stage Python service, different for every `variant`: comments, labels,
/// environment, a long `apt-get install`, dependency install, many small `RUN` steps.
fn dockerfile(variant: usize) -> String {
    let mut lines = vec![format!("# Service {variant}: a Python API with C extensions, built and run in one stage.")];
    lines.extend((0..19).map(|n| format!("# note {n}: kept as the team wrote it")));
    lines.extend(["FROM python:3.12".to_owned(), String::new()]);
    lines.extend((0..30).map(|n| format!("LABEL org.example.component{n}=\"api-{variant}-{n}\"")));
    lines.push(String::new());
    lines.extend((0..19).map(|n| format!("ENV SETTING_{n}=value{}", n + variant)));
    lines.extend([format!("ENV APP_VERSION=1.0.{variant}"), String::new()]);
    lines.push("RUN apt-get update && apt-get install -y \\".to_owned());
    lines.extend(PACKAGES.iter().map(|p| format!("    {p} \\")));
    lines.push("    gcc".to_owned());
    for line in ["", "WORKDIR /app", "", "COPY requirements.txt .", "RUN pip install -r requirements.txt", ""] {
        lines.push(line.to_owned());
    }
    for n in 0..40 {
        lines.push(format!("# step {n}"));
        lines.push(format!("RUN mkdir -p /app/data{n}-{variant} && chmod 755 /app/data{n}-{variant}"));
    }
    for line in ["", "COPY . .", "RUN python -m compileall /app", ""] {
        lines.push(line.to_owned());
    }
    while lines.len() < 297 {
        lines.push(format!("# padding {}", lines.len()));
    }
    lines.extend(["EXPOSE 8000".to_owned(), String::new(), "CMD [\"python\", \"app.py\"]".to_owned()]);
    lines.join("\n") + "\n"
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// How many times each input is timed: the least of these is its cost with the least
/// interference from other work on the machine (the browser's compiler threads, other processes).
const ROUNDS: usize = 5;

fn report(what: &str, mut millis: Vec<f64>) {
    millis.sort_by(f64::total_cmp);
    console_log!(
        "BENCH {what}: median {:.2} ms, p95 {:.2} ms, max {:.2} ms ({} inputs of 300 lines)",
        percentile(&millis, 50.0),
        percentile(&millis, 95.0),
        millis[millis.len() - 1],
        millis.len()
    );
}

#[wasm_bindgen_test]
fn analysis_and_rewrite_of_300_line_dockerfiles() {
    let performance = web_sys::window().and_then(|w| w.performance()).expect("performance");
    let inputs: Vec<String> = (0..100).map(dockerfile).collect();
    // Warm-up on other inputs: the browser compiles WebAssembly in tiers and optimises the hot
    // functions after a while, as it will have after a visitor's first few hundred keystrokes.
    // Measured in headless Chromium on 2026-11-26: after 50 warm-up inputs the first timings
    // still had a p95 of about 4.7 ms (functions moving from the baseline to the optimising
    // compiler); after 300, 1.3 ms, next to a best-of-5 p95 of 1.2 ms.
    for variant in 100..400 {
        let _ = engine::analyse(&dockerfile(variant));
    }
    let mut rounds: Vec<Vec<f64>> = (0..ROUNDS).map(|_| Vec::with_capacity(inputs.len())).collect();
    for round in &mut rounds {
        for input in &inputs {
            assert_eq!(input.lines().count(), 300);
            let start = performance.now();
            let analysis = engine::analyse(input);
            round.push(performance.now() - start);
            assert!(!analysis.findings.is_empty());
            let proposal = analysis.proposal.expect("a proposal");
            assert!(matches!(proposal.rewrite, RewriteOutcome::Rewritten(_)), "{:?}", proposal.rewrite);
        }
    }
    report("analysis+rewrite, first timing of each input", rounds[0].clone());
    let best: Vec<f64> =
        (0..inputs.len()).map(|i| rounds.iter().map(|round| round[i]).fold(f64::INFINITY, f64::min)).collect();
    report(&format!("analysis+rewrite, best of {ROUNDS} timings of each input"), best);
}
