//! The multi-stage rewrite on the examples, the rule's fixtures and generated inputs: every
//! output parses in BuildKit, passes the sanity checks, is idempotent and deterministic, and keeps
//! the runtime settings. The examples' outputs are snapshots in `tests/rewrite/examples/`
//! (`SLIMFILE_BLESS=1` writes them).

use std::path::{Path, PathBuf};

use slimfile_core::context_files::ContextFiles;
use slimfile_core::rewrite::{Confidence, RewriteOutcome};
use slimfile_core::{ProposalOptions, propose};
use slimfile_tests::rewrite_validity::{buildkit_rejects, fix_options, problems};
use slimfile_tests::{context_files_in, project_files_in, shared_tier};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Each example's name, Dockerfile and the options `slimfile fix` beside it uses (the example's
/// manifests read from its folder).
fn examples() -> Vec<(String, String, ProposalOptions)> {
    let mut out: Vec<(String, String, ProposalOptions)> = std::fs::read_dir(repo().join("examples"))
        .expect("examples/")
        .flatten()
        .filter(|e| e.path().join("Dockerfile").is_file())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let mut options = fix_options();
            options.facts.project = project_files_in(&e.path());
            options.facts.context_files = Some(context_files_in(&e.path()));
            (name, std::fs::read_to_string(e.path().join("Dockerfile")).expect("read"), options)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn every_example_is_rewritten_validly() {
    let mut failures = Vec::new();
    let mut outputs = Vec::new();
    let bless = std::env::var_os("SLIMFILE_BLESS").is_some();
    for (name, text, options) in examples() {
        let proposal = propose(&text, &options);
        if !matches!(proposal.rewrite, RewriteOutcome::Rewritten(_)) {
            failures.push(format!("{name}: not rewritten: {:?}", proposal.rewrite));
            continue;
        }
        assert_eq!(propose(&text, &options), proposal, "{name}: not deterministic");
        failures.extend(problems(&text, &proposal.text).into_iter().map(|p| format!("{name}: {p}")));
        let snapshot = repo().join("tests/rewrite/examples").join(format!("{name}.fixed.Dockerfile"));
        match std::fs::read_to_string(&snapshot) {
            Ok(expected) if expected == proposal.text => {}
            _ if bless => {
                std::fs::create_dir_all(snapshot.parent().expect("parent")).expect("mkdir");
                std::fs::write(&snapshot, &proposal.text).expect("write snapshot");
            }
            _ => failures.push(format!("{name}: differs from {}:\n{}", snapshot.display(), proposal.text)),
        }
        outputs.push((name, proposal.text));
    }
    if let Some(shared) = shared_tier("rewrite_cases::every_example_is_rewritten_validly: the BuildKit parser check") {
        failures.extend(buildkit_rejects(&shared, &outputs));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rewrite_fixture_is_valid() {
    let dir = repo().join("tests/rules/multi-stage-build/fires");
    let mut outputs = Vec::new();
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("fixtures").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".Dockerfile") || name.ends_with(".fixed.Dockerfile") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("read");
        let proposal = propose(&text, &fix_options());
        failures.extend(problems(&text, &proposal.text).into_iter().map(|p| format!("{name}: {p}")));
        outputs.push((name, proposal.text));
    }
    assert!(outputs.len() >= 10, "fixtures are missing");
    if let Some(shared) = shared_tier("rewrite_cases::every_rewrite_fixture_is_valid: the BuildKit parser check") {
        failures.extend(buildkit_rejects(&shared, &outputs));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A small deterministic generator (xorshift), so failures reproduce without a seed file.
struct Generator(u64);

impl Generator {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, options: &[&'a str]) -> &'a str {
        let len = u64::try_from(options.len()).expect("small");
        options[usize::try_from(self.next() % len).expect("small")]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn generated(g: &mut Generator) -> String {
    let (base, install, build, cmd) = match g.next() % 6 {
        0 => ("golang:1.22", "RUN go mod download", "RUN go build -o /app/server .", r#"CMD ["/app/server"]"#),
        1 => ("node:20", "RUN npm ci", "RUN npm run build", r#"CMD ["node", "dist/index.js"]"#),
        2 => ("python:3.12", "RUN pip install -r requirements.txt", "RUN python -m compileall .", "CMD python app.py"),
        3 => (
            "rust:1.83",
            "RUN cargo fetch",
            "RUN cargo build --release --bin app",
            r#"CMD ["/app/target/release/app"]"#,
        ),
        4 => (
            "maven:3.9-eclipse-temurin-17",
            "RUN mvn -B dependency:go-offline",
            "RUN mvn -B package",
            r#"CMD ["java", "-jar", "target/app.jar"]"#,
        ),
        _ => (
            "mcr.microsoft.com/dotnet/sdk:8.0",
            "RUN dotnet restore",
            "RUN dotnet publish -c Release -o /app/out",
            r#"ENTRYPOINT ["dotnet", "App.dll"]"#,
        ),
    };
    let eol = if g.chance(20) { "\r\n" } else { "\n" };
    let mut lines: Vec<String> = Vec::new();
    if g.chance(20) {
        lines.push("# escape=`".to_owned());
    }
    if g.chance(30) {
        lines.push("ARG VERSION=1.0".to_owned());
    }
    lines.push(format!("FROM {}{base}", if g.chance(15) { "--platform=$BUILDPLATFORM " } else { "" }));
    let extras = [
        "ENV APP_ENV=production",
        "LABEL org.opencontainers.image.title=app",
        "EXPOSE 8080",
        "# a comment",
        "",
        "USER 1000",
        "ARG BUILD_ID",
    ];
    for _ in 0..g.next() % 3 {
        lines.push(g.pick(&extras).to_owned());
    }
    lines.push(g.pick(&["WORKDIR /app", "WORKDIR /app", "WORKDIR /srv/app"]).to_owned());
    if g.chance(30) {
        lines
            .push("RUN apt-get update && apt-get install -y ca-certificates && rm -rf /var/lib/apt/lists/*".to_owned());
    }
    lines.push(g.pick(&["COPY . .", "COPY . ./", "COPY --chown=1000:1000 . ."]).to_owned());
    if g.chance(80) {
        lines.push(install.to_owned());
    }
    lines.push(build.to_owned());
    for _ in 0..g.next() % 3 {
        lines.push(g.pick(&extras).to_owned());
    }
    if g.chance(20) {
        lines.push("HEALTHCHECK CMD curl -f http://localhost:8080/ || exit 1".to_owned());
    }
    lines.push(cmd.to_owned());
    let mut text = lines.join(eol);
    if g.chance(90) {
        text.push_str(eol);
    }
    text
}

#[test]
fn generated_inputs_rewrite_validly() {
    let mut g = Generator(0x5eed_cafe_f00d);
    let mut outputs = Vec::new();
    let mut failures = Vec::new();
    let mut rewritten = 0;
    for i in 0..300 {
        let text = generated(&mut g);
        let proposal = propose(&text, &fix_options());
        if matches!(proposal.rewrite, RewriteOutcome::Rewritten(_)) {
            rewritten += 1;
        }
        failures.extend(problems(&text, &proposal.text).into_iter().map(|p| format!("input {i}:\n{text}\n=> {p}")));
        outputs.push((format!("input {i}"), proposal.text));
    }
    println!("{rewritten} of 300 generated inputs rewritten");
    assert!(rewritten > 150, "only {rewritten} of 300 generated inputs were rewritten");
    if let Some(shared) = shared_tier("rewrite_cases::generated_inputs_rewrite_validly: the BuildKit parser check") {
        failures.extend(buildkit_rejects(&shared, &outputs));
    }
    failures.truncate(10);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// One hazard of the compiled ecosystems: a Dockerfile, what the CLI would know of its build
/// context (`None`: unknown, as in the playground), and what the rewrite must make of it.
struct Hazard {
    name: &'static str,
    dockerfile: &'static str,
    /// The context's files, and the text of those the CLI reads.
    context: Option<&'static [(&'static str, &'static str)]>,
    /// Every text the output (or, for a decline, its reason) must hold.
    holds: &'static [&'static str],
    /// Texts it must not hold.
    lacks: &'static [&'static str],
    /// `Some(confidence)` for a rewrite, `None` for a decline.
    confidence: Option<Confidence>,
}

const GO_TEMPLATES: &str =
    "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/server .\nEXPOSE 8080\nCMD [\"/app/server\"]\n";
const GO_MOD: &str = "module example.com/site\n\ngo 1.22\n";
const GO_SQLITE: &str = "module example.com/forum\n\ngo 1.21\n\nrequire github.com/mattn/go-sqlite3 v1.14.18\n";

const HAZARDS: &[Hazard] = &[
    Hazard {
        name: "hazard 1: templates, static files, config, .env and SQLite files are carried",
        dockerfile: GO_TEMPLATES,
        context: Some(&[
            ("go.mod", GO_MOD),
            ("main.go", ""),
            ("templates/index.html", ""),
            ("static/css/site.css", ""),
            ("config.yaml", ""),
            (".env", ""),
            ("data/app.db", ""),
            ("docker-compose.yml", ""),
            ("README.md", ""),
            ("config/config.go", ""),
        ]),
        holds: &[
            "COPY --from=builder /app/templates /app/templates\n",
            "COPY --from=builder /app/static /app/static\n",
            "COPY --from=builder /app/config.yaml /app/config.yaml\n",
            "COPY --from=builder /app/.env /app/.env\n",
            "COPY --from=builder /app/data/app.db /app/data/app.db\n",
        ],
        lacks: &["docker-compose", "README", "slimfile: assumes", "/app/config "],
        confidence: Some(Confidence::High),
    },
    Hazard {
        name: "hazard 1: with the context unknown the rewrite says what it assumes",
        dockerfile: GO_TEMPLATES,
        context: None,
        holds: &["# slimfile: assumes the build context is unknown: the app reads no files beside its binary"],
        lacks: &["/app/templates"],
        confidence: Some(Confidence::Medium),
    },
    Hazard {
        name: "hazard 1: a Rust build script's output folder is carried",
        dockerfile: "FROM rust:1.83\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD [\"./target/release/server\"]\n",
        context: Some(&[
            ("Cargo.toml", "[package]\nname = \"server\"\nversion = \"0.1.0\"\n"),
            ("build.rs", ""),
            ("src/main.rs", ""),
            ("site/avatar.jpg", ""),
            ("tests/api.rs", ""),
        ]),
        holds: &["COPY --from=builder /app/site /app/site\n", "FROM gcr.io/distroless/cc-debian12 AS runtime"],
        lacks: &["/app/tests", "/app/src"],
        confidence: Some(Confidence::High),
    },
    Hazard {
        name: "hazard 4: a module that needs cgo keeps cgo and gets a glibc runtime",
        dockerfile: GO_TEMPLATES,
        context: Some(&[("go.mod", GO_SQLITE), ("main.go", "")]),
        holds: &["RUN go build -o /app/server .\n", "FROM gcr.io/distroless/cc-debian12 AS runtime"],
        lacks: &["CGO_ENABLED=0", "static-debian"],
        confidence: Some(Confidence::High),
    },
    Hazard {
        name: "hazard 4: a module that links a shared library declines with it",
        dockerfile: GO_TEMPLATES,
        context: Some(&[("go.mod", "module x\nrequire github.com/h2non/bimg v1.1.9\n"), ("main.go", "")]),
        holds: &["go.mod requires github.com/h2non/bimg", "libvips"],
        lacks: &[],
        confidence: None,
    },
    Hazard {
        name: "hazard 4: go.mod missing from the context is an assumption",
        dockerfile: GO_TEMPLATES,
        context: Some(&[("main.go", "")]),
        holds: &["CGO_ENABLED=0 go build", "go.mod is not in the build context"],
        lacks: &[],
        confidence: Some(Confidence::Medium),
    },
    Hazard {
        name: "go build without -o is named from go.mod's module path, never 'cannot see go.mod'",
        dockerfile: "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build\nCMD [\"./site\"]\n",
        context: Some(&[("go.mod", "module example.com/site/v2\n"), ("main.go", "")]),
        holds: &["COPY --from=builder /src/site /src/site\n"],
        lacks: &["cannot see"],
        confidence: Some(Confidence::High),
    },
    Hazard {
        name: "hazard 5: rust:latest is Debian 13",
        dockerfile: "FROM rust:latest\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD [\"./target/release/app\"]\n",
        context: Some(&[("Cargo.toml", "[package]\nname = \"app\"\n"), ("src/main.rs", "")]),
        holds: &["FROM gcr.io/distroless/cc-debian13 AS runtime"],
        lacks: &["debian12"],
        confidence: Some(Confidence::High),
    },
    Hazard {
        name: "hazard 5: a buster builder gets a buster runtime",
        dockerfile: "FROM rust:1.56-slim-buster\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD [\"./target/release/app\"]\n",
        context: Some(&[("Cargo.toml", "[package]\nname = \"app\"\n"), ("src/main.rs", "")]),
        holds: &["FROM debian:buster-slim AS runtime"],
        lacks: &["debian12"],
        confidence: Some(Confidence::High),
    },
    Hazard {
        name: "hazard 5: an Alpine Go builder stays static",
        dockerfile: "FROM golang:1.22-alpine\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/server .\nCMD [\"/app/server\"]\n",
        context: Some(&[("go.mod", GO_MOD), ("main.go", "")]),
        holds: &["FROM gcr.io/distroless/static-"],
        lacks: &["cc-debian"],
        confidence: Some(Confidence::High),
    },
    Hazard {
        name: "hazard 7: a CMD naming another binary than Cargo.toml builds is reported",
        dockerfile: "FROM rust:1.83\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD [\"./target/release/docker\"]\n",
        context: Some(&[("Cargo.toml", "[package]\nname = \"rustycloud\"\n"), ("src/main.rs", "")]),
        holds: &["CMD runs /app/target/release/docker, but Cargo.toml builds `rustycloud`"],
        lacks: &[],
        confidence: None,
    },
    Hazard {
        name: "hazard 7: cargo run is said to be cargo run",
        dockerfile: "FROM rust:1.83\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD cargo run --release\n",
        context: Some(&[("Cargo.toml", "[package]\nname = \"app\"\n")]),
        holds: &["the image starts with `cargo run`"],
        lacks: &["cannot tell which binary"],
        confidence: None,
    },
    Hazard {
        name: "hazard 7: no CMD is said to be no CMD",
        dockerfile: "FROM rust:1.83\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\n",
        context: Some(&[("Cargo.toml", "[package]\nname = \"app\"\n")]),
        holds: &["there is no CMD or ENTRYPOINT"],
        lacks: &["cannot tell which binary in"],
        confidence: None,
    },
    Hazard {
        name: "honest words: gradle clean bootJar is a Gradle build, in the gradle image's /home/gradle",
        dockerfile: "FROM gradle:jdk17-alpine\nCOPY . .\nRUN gradle clean bootJar\nWORKDIR ./build/libs\nENTRYPOINT [\"java\",\"-jar\",\"app.jar\"]\n",
        context: Some(&[("build.gradle.kts", ""), ("src/main/java/App.java", "")]),
        holds: &[
            "FROM eclipse-temurin:17-jre AS runtime",
            "COPY --from=builder /home/gradle/build/libs/app.jar /home/gradle/build/libs/app.jar\n",
        ],
        lacks: &[],
        confidence: Some(Confidence::High),
    },
    Hazard {
        name: "a jar named by a glob is carried as that glob",
        dockerfile: "FROM maven:3.6.3-adoptopenjdk-8\nCOPY . /usr/src/myapp/\nWORKDIR /usr/src/myapp/\nRUN mvn clean package\nENTRYPOINT java -jar ./target/*.jar\n",
        context: Some(&[("pom.xml", "<project/>\n"), ("src/main/resources/application.properties", "")]),
        holds: &[
            "FROM eclipse-temurin:8-jre AS runtime",
            "COPY --from=builder /usr/src/myapp/target/*.jar /usr/src/myapp/target/\n",
        ],
        lacks: &[],
        confidence: Some(Confidence::High),
    },
    Hazard {
        name: "honest words: the old dotnet/core/sdk repository gets its own runtime",
        dockerfile: "FROM mcr.microsoft.com/dotnet/core/sdk:3.1\nWORKDIR /app\nCOPY *.csproj .\nRUN dotnet restore\nCOPY . .\nRUN dotnet publish -c Release -o out\nCMD [\"dotnet\", \"out/App.dll\"]\n",
        context: Some(&[("App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n</Project>\n"), ("Program.cs", "")]),
        holds: &["FROM mcr.microsoft.com/dotnet/core/aspnet:3.1 AS runtime", "COPY --from=builder /app/out /app/out\n"],
        lacks: &["not a tagged SDK image"],
        confidence: Some(Confidence::High),
    },
];

#[test]
fn compiled_hazards_are_handled() {
    let mut failures = Vec::new();
    let mut outputs = Vec::new();
    for hazard in HAZARDS {
        let mut options = fix_options();
        if let Some(files) = hazard.context {
            for (path, text) in files {
                options.facts.project.insert(path, (*text).to_owned());
            }
            options.facts.context_files = Some(ContextFiles::new(files.iter().map(|(path, _)| *path)));
        }
        let proposal = propose(hazard.dockerfile, &options);
        let (shown, confidence) = match &proposal.rewrite {
            RewriteOutcome::Rewritten(rewrite) => (proposal.text.clone(), Some(rewrite.confidence)),
            RewriteOutcome::Declined { reason, .. } => (reason.clone(), None),
            RewriteOutcome::Unchanged => ("unchanged".to_owned(), None),
        };
        let wrong = hazard.holds.iter().any(|h| !shown.contains(h))
            || hazard.lacks.iter().any(|l| shown.contains(l))
            || confidence != hazard.confidence
            || (hazard.confidence.is_none() && !matches!(proposal.rewrite, RewriteOutcome::Declined { .. }));
        if wrong {
            failures.push(format!("{}: got {confidence:?}:\n{shown}", hazard.name));
        }
        if confidence.is_some() {
            failures.extend(
                problems(hazard.dockerfile, &proposal.text).into_iter().map(|p| format!("{}: {p}", hazard.name)),
            );
            assert_eq!(
                propose(&proposal.text, &options).rewrite,
                RewriteOutcome::Unchanged,
                "{}: not idempotent",
                hazard.name
            );
            outputs.push((hazard.name.to_owned(), proposal.text));
        }
    }
    if let Some(shared) = shared_tier("rewrite_cases::compiled_hazards_are_handled: the BuildKit parser check") {
        failures.extend(buildkit_rejects(&shared, &outputs));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The rewrite's hazards (global tools, devDependencies, quoted or variable WORKDIRs, honest
/// declines, confidence): each folder of `tests/rewrite/hazards/` holds a Dockerfile and the
/// manifests the CLI would read beside it; `outcome.txt` records what the rewrite makes of it
/// (`SLIMFILE_BLESS=1` writes them), and every proposal is valid and idempotent.
#[test]
fn every_hazard_case_is_handled() {
    let dir = repo().join("tests/rewrite/hazards");
    let bless = std::env::var_os("SLIMFILE_BLESS").is_some();
    let mut failures = Vec::new();
    let mut outputs = Vec::new();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir).expect("hazards/").flatten().map(|e| e.path()).collect();
    cases.sort();
    assert!(cases.len() >= 10, "hazard cases are missing");
    for case in cases.into_iter().filter(|c| c.join("Dockerfile").is_file()) {
        let name = case.file_name().expect("name").to_string_lossy().into_owned();
        let text = std::fs::read_to_string(case.join("Dockerfile")).expect("read");
        let mut options = fix_options();
        options.facts.project = project_files_in(&case);
        let proposal = propose(&text, &options);
        let outcome = match &proposal.rewrite {
            RewriteOutcome::Rewritten(r) => {
                failures.extend(problems(&text, &proposal.text).into_iter().map(|p| format!("{name}: {p}")));
                let again = propose(&proposal.text, &options);
                if again.text != proposal.text {
                    failures.push(format!("{name}: the proposal is not idempotent"));
                }
                outputs.push((name.clone(), proposal.text.clone()));
                let mut lines = vec![format!("rewritten, confidence {:?}", r.confidence)];
                lines.extend(r.assumptions.iter().map(|a| format!("assumes: {a}")));
                lines.extend(r.trail.iter().map(|t| format!("- {t}")));
                lines.push(String::new());
                lines.push(proposal.text.clone());
                lines.join("\n")
            }
            RewriteOutcome::Declined { reason, .. } => format!("declined: {reason}\n"),
            RewriteOutcome::Unchanged => "unchanged\n".to_owned(),
        };
        let snapshot = case.join("outcome.txt");
        match std::fs::read_to_string(&snapshot) {
            Ok(expected) if expected == outcome => {}
            _ if bless => std::fs::write(&snapshot, &outcome).expect("write snapshot"),
            _ => failures.push(format!("{name}: differs from {}:\n{outcome}", snapshot.display())),
        }
    }
    if let Some(shared) = shared_tier("rewrite_cases::every_hazard_case_is_handled: the BuildKit parser check") {
        failures.extend(buildkit_rejects(&shared, &outputs));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
