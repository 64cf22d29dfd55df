//! The rewrite on the compiled-ecosystem cases of the shared `realworld` set (Go, Rust, Java,
//! .NET), with their build contexts as the CLI sees them (the file names of `CONTEXT.txt`, the
//! manifests beside the Dockerfile): each outcome is what an expert reading the repository judged
//! right, with the reason. Outputs parse in BuildKit, pass the sanity checks and are idempotent.

use slimfile_core::propose;
use slimfile_core::rewrite::{Confidence, RewriteOutcome};
use slimfile_tests::rewrite_validity::{buildkit_rejects, fix_options, problems};
use slimfile_tests::{project_files_in, shared_tier};

/// What a case must get.
enum Judged {
    /// Rewritten with this confidence, the output holding these texts.
    Rewrite(Confidence, &'static [&'static str]),
    /// Declined, the reason holding this text.
    Decline(&'static str),
}

use Judged::{Decline, Rewrite};

const HIGH: Confidence = Confidence::High;
const MEDIUM: Confidence = Confidence::Medium;

/// Case, judgement, and why.
const CASES: &[(&str, Judged, &str)] = &[
    (
        "Capstone-Kelompok-11__local-art-and-culture-be",
        Rewrite(HIGH, &["CGO_ENABLED=0 go build", "static-debian12"]),
        "no cgo module in go.mod, no runtime files",
    ),
    (
        "husmer__genericForum",
        Rewrite(HIGH, &["cc-debian12", "/go/src/genericforum/templates", "/go/src/genericforum/static"]),
        "go-sqlite3 needs cgo; templates/ and static/ are read at run time",
    ),
    ("ipmanlk__BettercopeLK", Rewrite(HIGH, &["static-debian13"]), "golang:1.24 is Debian 13; its assets are embedded"),
    (
        "eddycjy__go-gin-example",
        Decline("the WORKDIR holds a variable"),
        "WORKDIR $GOPATH/...: the image's GOPATH is not resolved",
    ),
    ("docker__docker-gs-ping", Rewrite(HIGH, &["static-debian12"]), "already CGO_ENABLED=0, only *.go copied"),
    (
        "aleksanderpalamar__blog-backend",
        Rewrite(HIGH, &["static-debian12"]),
        "golang:alpine has no C compiler: cgo is off in the original too",
    ),
    ("acottis__rustycloud", Decline("Cargo.toml builds `rustycloud`"), "CMD names a binary the package does not build"),
    (
        "maplant__my-website",
        Rewrite(MEDIUM, &["cc-debian13", "COPY --from=builder /app/site /app/site"]),
        "build.rs renders site/; the binary is a workspace member's",
    ),
    ("paq1__sutom-api", Rewrite(HIGH, &["cc-debian13"]), "rust:latest is Debian 13"),
    ("dev-fritz__crabmanager", Decline("starts with `cargo run`"), "cargo run needs the toolchain at run time"),
    (
        "frewsxcv__inaturalist-cache-proxy",
        Decline("starts with `cargo run`"),
        "cargo run needs the toolchain at run time",
    ),
    ("kozlovzxc__trusty-tail", Decline("there is no CMD or ENTRYPOINT"), "nothing names what runs"),
    (
        "edco29__spring-petclinic",
        Rewrite(HIGH, &["eclipse-temurin:8-jre", "target/*.jar /usr/src/myapp/target/"]),
        "the jar glob is kept",
    ),
    (
        "leventgungor__orion-api",
        Rewrite(HIGH, &["/home/gradle/build/libs/app.jar"]),
        "gradle clean bootJar in the gradle image's /home/gradle",
    ),
    ("MKRadius__docker_redo", Decline("does not name the JDK's major version"), "maven:latest names no JDK"),
    ("Ernest12287__Youtubeapikey", Rewrite(HIGH, &["eclipse-temurin:17-jre"]), "bootJar with the jar named in CMD"),
    ("TomiSakae__test-showai-api", Rewrite(HIGH, &["eclipse-temurin:17-jre"]), "bootJar with archiveFileName app.jar"),
    (
        "GoogleCloudPlatform__dotnet-docs-samples__cloud-sql-mysql",
        Rewrite(HIGH, &["dotnet/core/aspnet:3.1", "/app/appsettings.json"]),
        "the old dotnet/core family; appsettings.json read from the working directory",
    ),
    (
        "jackmahoney__xero-invoice-worker",
        Rewrite(HIGH, &["/app/bin/Release/net5.0/publish", "/app/appsettings.json"]),
        "publish without -o, named by ENTRYPOINT",
    ),
    ("orion28k__Book-Reccomendation-Service", Rewrite(HIGH, &["dotnet/aspnet:9.0"]), "Web SDK project"),
];

#[test]
fn compiled_realworld_cases_get_the_judged_outcome() {
    let Some(shared) = shared_tier("realworld_compiled: the compiled-ecosystem cases of realworld") else { return };
    let mut failures = Vec::new();
    let mut outputs = Vec::new();
    for (case, judged, why) in CASES {
        let dir = shared.join("realworld").join(case);
        let dockerfile = std::fs::read_to_string(dir.join("Dockerfile")).expect("the case's Dockerfile");
        let mut options = fix_options();
        options.facts.project = project_files_in(&dir);
        options.facts.context_files = Some(slimfile_tests::realworld_context(&dir));
        let proposal = propose(&dockerfile, &options);
        let right = match (judged, &proposal.rewrite) {
            (Rewrite(confidence, holds), RewriteOutcome::Rewritten(rewrite)) => {
                rewrite.confidence == *confidence && holds.iter().all(|h| proposal.text.contains(h))
            }
            (Decline(words), RewriteOutcome::Declined { reason, .. }) => reason.contains(words),
            _ => false,
        };
        if !right {
            failures.push(format!("{case} ({why}): got {:?}\n{}", proposal.rewrite, proposal.text));
        }
        if matches!(proposal.rewrite, RewriteOutcome::Rewritten(_)) {
            failures.extend(problems(&dockerfile, &proposal.text).into_iter().map(|p| format!("{case}: {p}")));
            if propose(&proposal.text, &options).text != proposal.text {
                failures.push(format!("{case}: the proposal is not idempotent"));
            }
            outputs.push(((*case).to_owned(), proposal.text));
        }
    }
    failures.extend(buildkit_rejects(&shared, &outputs));
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
