//! Runs the real `slimfile github` binary, driven by realistic event payloads, against a fake
//! GitHub API on 127.0.0.1: the review and its suggestions, the sticky summary comment across
//! re-runs, fork pull requests, pagination, retries, truncation, push runs, and the token never
//! showing.

mod fake_github;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use fake_github::http::Response;
use fake_github::{FakeGitHub, Fault, PrFile, READ_ONLY_TOKEN, REPO, WRITE_TOKEN};
use serde_json::{Value, json};

const HEAD_SHA: &str = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
const PR: u64 = 42;
const INLINE_MARKER: &str = "<!-- slimfile:inline run=\"slimfile/check\" -->";
const SUMMARY_MARKER: &str = "<!-- slimfile:summary run=\"slimfile/check\" -->";

const API: &str = "FROM python:3.12

# Compiler and headers so pip can build fastsum
RUN apt-get update && apt-get install -y gcc python3-dev

WORKDIR /app
COPY . .
RUN pip install -r requirements.txt

CMD [\"python\", \"app.py\"]
";

const WORKER: &str = "FROM alpine:3.19
RUN apk add curl
WORKDIR /srv
COPY worker /srv/worker
RUN apk add python3 py3-pip
CMD [\"/srv/worker\"]
";

/// The worker's diff: only line 5 is new; line 2 (also a finding) is not in the diff.
const WORKER_PATCH: &str = "@@ -3,3 +3,4 @@ RUN apk add curl
 WORKDIR /srv
 COPY worker /srv/worker
+RUN apk add python3 py3-pip
 CMD [\"/srv/worker\"]";

const LEGACY: &str = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n";

/// A checkout, plus the runner's own files beside it.
struct Checkout {
    root: PathBuf,
    runner: PathBuf,
}

impl Checkout {
    fn new(name: &str, files: &[(&str, &str)]) -> Self {
        let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("github-action").join(name);
        let _ = std::fs::remove_dir_all(&base);
        let root = base.join("checkout");
        let runner = base.join("runner");
        std::fs::create_dir_all(&runner).expect("runner dir");
        for (path, text) in files {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
        Self { root, runner }
    }

    fn write(&self, path: &str, text: &str) {
        std::fs::write(self.root.join(path), text).expect("write");
    }

    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.root.join(path)).expect("read")
    }
}

/// What one run of the Action left behind.
struct Run {
    status: Option<i32>,
    log: String,
    stderr: String,
    outputs: HashMap<String, String>,
    summary: String,
    elapsed: std::time::Duration,
}

fn event_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events").join(name)
}

fn run(checkout: &Checkout, event: (&str, &str), token: &str, api_url: &str, inputs: &[(&str, &str)]) -> Run {
    let outputs = checkout.runner.join("output");
    let summary = checkout.runner.join("step_summary");
    let _ = std::fs::remove_file(&outputs);
    let _ = std::fs::remove_file(&summary);
    let mut command = Command::new(env!("CARGO_BIN_EXE_slimfile"));
    command
        .arg("github")
        .current_dir(&checkout.root)
        .env_clear()
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_EVENT_NAME", event.0)
        .env("GITHUB_WORKFLOW", "slimfile")
        .env("GITHUB_JOB", "check")
        .env("GITHUB_EVENT_PATH", event_path(event.1))
        .env("GITHUB_REPOSITORY", REPO)
        .env("GITHUB_SHA", HEAD_SHA)
        .env("GITHUB_API_URL", api_url)
        .env("GITHUB_SERVER_URL", "https://github.com")
        .env("GITHUB_TOKEN", token)
        .env("GITHUB_WORKSPACE", &checkout.root)
        .env("GITHUB_OUTPUT", &outputs)
        .env("GITHUB_STEP_SUMMARY", &summary);
    for (name, value) in inputs {
        command.env(name, value);
    }
    let started = Instant::now();
    let out = command.output().expect("run slimfile github");
    let elapsed = started.elapsed();
    let run = Run {
        status: out.status.code(),
        log: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        outputs: parse_outputs(&std::fs::read_to_string(&outputs).unwrap_or_default()),
        summary: std::fs::read_to_string(&summary).unwrap_or_default(),
        elapsed,
    };
    for (what, text) in [("log", &run.log), ("stderr", &run.stderr), ("summary", &run.summary)] {
        assert!(!text.contains(token) || token.is_empty(), "the token shows in the {what}:\n{text}");
    }
    run
}

/// Reads `$GITHUB_OUTPUT` as the runner does: `name=value`, or `name<<DELIMITER` ... `DELIMITER`.
fn parse_outputs(text: &str) -> HashMap<String, String> {
    let mut outputs = HashMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some((name, delimiter)) = line.split_once("<<") {
            let value: Vec<&str> = lines.by_ref().take_while(|l| *l != delimiter).collect();
            outputs.insert(name.to_owned(), value.join("\n"));
        } else if let Some((name, value)) = line.split_once('=') {
            outputs.insert(name.to_owned(), value.to_owned());
        }
    }
    outputs
}

/// Applies suggestion blocks the way GitHub's "Commit suggestion" does: the block's lines
/// replace lines `start_line..=line` of the file.
fn apply_suggestions(text: &str, comments: &[&Value]) -> String {
    let mut lines: Vec<Option<String>> = text.lines().map(|l| Some(l.to_owned())).collect();
    for comment in comments {
        let body = comment["body"].as_str().expect("body");
        let Some(block) = body.split("```suggestion\n").nth(1) else { continue };
        let block = block.split("\n```").next().expect("block");
        let line = usize::try_from(comment["line"].as_u64().expect("line")).expect("usize");
        let first = comment["start_line"].as_u64().map_or(line, |l| usize::try_from(l).expect("usize"));
        for (i, slot) in lines.iter_mut().enumerate().take(line).skip(first - 1) {
            *slot = (i == first - 1).then(|| block.to_owned());
        }
    }
    lines.into_iter().flatten().map(|l| l + "\n").collect()
}

fn suggestion_of(comment: &Value) -> Option<String> {
    let body = comment["body"].as_str()?;
    let block = body.split("```suggestion\n").nth(1)?;
    Some(block.split("\n```").next()?.to_owned())
}

fn pr_files() -> Vec<PrFile> {
    vec![
        PrFile::added("README.md", "# Shop\n\nRun `docker build services/api`.\n"),
        PrFile::added("services/api/Dockerfile", API),
        PrFile::modified("services/worker/Dockerfile", WORKER_PATCH),
        PrFile::added("services/api/requirements.txt", "fastapi==0.115.0\n"),
    ]
}

/// The shop's checkout, in a directory of its own for each test.
fn shop(test: &str) -> Checkout {
    Checkout::new(
        test,
        &[
            ("README.md", "# Shop\n"),
            ("services/api/Dockerfile", API),
            ("services/api/requirements.txt", "fastapi==0.115.0\n"),
            ("services/api/.dockerignore", ".git\n"),
            ("services/worker/Dockerfile", WORKER),
            ("legacy/Dockerfile", LEGACY),
        ],
    )
}

#[test]
fn a_pull_request_gets_one_review_with_suggestions_that_apply_and_one_summary_comment_that_re_runs_update() {
    let checkout = shop("review");
    let github = FakeGitHub::start(PR, HEAD_SHA, pr_files());
    github.state().max_per_page = 3;
    let first = run(&checkout, ("pull_request", "pull_request.json"), WRITE_TOKEN, &github.api_url(), &[]);
    assert_eq!(first.status, Some(0), "warnings do not fail by default\n{}\n{}", first.log, first.stderr);

    // The files came in two pages, following the Link header.
    let files_path = format!("/repos/{REPO}/pulls/{PR}/files");
    let pages: Vec<String> = github.requests_to("GET", &files_path).iter().map(|r| r.query.clone()).collect();
    assert_eq!(pages, ["per_page=100", "per_page=3&page=2"]);
    assert!(
        github.state().requests.iter().all(|r| r.authorization.as_deref() == Some(&format!("Bearer {WRITE_TOKEN}")))
    );

    // One review, on the head commit, with comments only on the diff's lines.
    let reviews = github.requests_to("POST", &format!("/repos/{REPO}/pulls/{PR}/reviews"));
    assert_eq!(reviews.len(), 1);
    let review = reviews[0].json();
    assert_eq!(review["commit_id"], HEAD_SHA);
    assert_eq!(review["event"], "COMMENT");
    assert!(review["body"].as_str().is_some_and(|b| b.contains("1 finding is not commented inline")), "{review:#}");
    assert!(
        review["body"]
            .as_str()
            .is_some_and(|b| b.contains("- `services/worker/Dockerfile:2` warning `package-cache-in-layer`"))
    );
    let mut comments: Vec<&Value> = review["comments"].as_array().expect("comments").iter().collect();
    let places: Vec<(&str, u64, &str, bool)> = comments
        .iter()
        .map(|c| {
            let path = c["path"].as_str().expect("path");
            (path, c["line"].as_u64().expect("line"), c["side"].as_str().expect("side"), c.get("start_line").is_some())
        })
        .collect();
    assert_eq!(
        places,
        [
            ("services/api/Dockerfile", 1, "RIGHT", false),
            ("services/api/Dockerfile", 4, "RIGHT", false),
            ("services/api/Dockerfile", 7, "RIGHT", false),
            ("services/api/Dockerfile", 8, "RIGHT", false),
            ("services/worker/Dockerfile", 5, "RIGHT", false)
        ]
    );
    assert!(comments.iter().all(|c| c["body"].as_str().is_some_and(|b| b.starts_with(INLINE_MARKER))));
    let split = comments.remove(0);
    assert_eq!(suggestion_of(split), None, "the multi-stage rewrite is no one-click suggestion");
    assert!(
        split["body"]
            .as_str()
            .is_some_and(|b| b.contains("`multi-stage-build`") && b.contains("in the summary comment")),
        "{}",
        split["body"]
    );
    assert_eq!(
        suggestion_of(comments[0]).as_deref(),
        Some("RUN apt-get update && apt-get install -y gcc python3-dev && rm -rf /var/lib/apt/lists/*")
    );
    assert!(
        comments[0]["body"]
            .as_str()
            .is_some_and(|b| b.contains("`apt-install-recommends`") && b.contains("Not suggested")),
        "the unsafe fix of the same line is explained, not suggested: {}",
        comments[0]["body"]
    );
    assert_eq!(suggestion_of(comments[1]), None, "reordering the COPY is an unsafe fix: explained, not suggested");
    assert!(
        comments[1]["body"].as_str().is_some_and(|b| b.contains("`copy-before-dependency-install`")),
        "{}",
        comments[1]["body"]
    );
    assert_eq!(suggestion_of(comments[2]).as_deref(), Some("RUN pip install --no-cache-dir -r requirements.txt"));
    assert_eq!(suggestion_of(comments[3]).as_deref(), Some("RUN apk add --no-cache python3 py3-pip"));

    // The worker's line 2 is outside its diff: a comment on the whole file says so.
    let file_comments: Vec<Value> =
        github.state().review_comments.iter().filter(|c| c["subject_type"] == "file").cloned().collect();
    assert_eq!(file_comments.len(), 1, "{file_comments:#?}");
    assert_eq!(file_comments[0]["path"], "services/worker/Dockerfile");
    let body = file_comments[0]["body"].as_str().expect("body");
    assert!(body.starts_with(INLINE_MARKER), "{body}");
    assert!(body.contains("1 finding in this file outside the lines this pull request changes"), "{body}");
    assert!(body.contains("- `services/worker/Dockerfile:2` warning `package-cache-in-layer`"), "{body}");

    // The suggestions apply cleanly to the pull request's lines.
    let api_comments: Vec<&Value> =
        comments.iter().copied().filter(|c| c["path"] == "services/api/Dockerfile").collect();
    let fixed_api = apply_suggestions(API, &api_comments);
    assert_eq!(
        fixed_api,
        API.replace("python3-dev\n", "python3-dev && rm -rf /var/lib/apt/lists/*\n")
            .replace("pip install -r", "pip install --no-cache-dir -r")
    );

    // One summary comment, with the marker, the findings and the proposed Dockerfile.
    let comments_path = format!("/repos/{REPO}/issues/{PR}/comments");
    let posted = github.requests_to("POST", &comments_path);
    assert_eq!(posted.len(), 1);
    let summary = posted[0].json()["body"].as_str().expect("body").to_owned();
    assert!(summary.starts_with(&format!("{SUMMARY_MARKER}\n## slimfile: 9 findings in 2 Dockerfiles\n")), "{summary}");
    assert!(summary.contains("### Image size (estimated)\n"), "{summary}");
    assert!(summary.contains("| `services/api/Dockerfile` | ~"), "{summary}");
    assert!(
        summary.contains("<summary><code>services/api/Dockerfile</code>: multi-stage build (Python → "),
        "{summary}"
    );
    assert!(summary.contains("<summary>Diff for <code>services/api/Dockerfile</code></summary>\n\n```diff\n--- a/services/api/Dockerfile\n"), "{summary}");
    assert!(summary.contains("[`services/api/Dockerfile:4`](https://github.com/octo-org/shop/blob/6dcb09b5b57875f334f61aebed695e2e4193db5e/services/api/Dockerfile#L4)"), "{summary}");
    assert!(summary.contains("<summary><code>services/worker/Dockerfile</code>: 2 rule fixes</summary>"), "{summary}");
    assert!(!summary.contains("legacy/Dockerfile"), "only the changed Dockerfiles: {summary}");

    // The other channels.
    assert_eq!(first.outputs.get("findings").map(String::as_str), Some("9"), "{:?}", first.outputs);
    assert_eq!(first.outputs.get("sarif-file").map(String::as_str), Some(""));
    let before: u64 = first.outputs["size-before"].parse().expect("bytes before");
    let after: u64 = first.outputs["size-after"].parse().expect("bytes after");
    let percent: u64 = first.outputs["savings-percent"].parse().expect("percent");
    assert!(after < before && percent > 0 && percent < 100, "{:?}", first.outputs);
    assert!(first.summary.starts_with("## slimfile: 9 findings in 2 Dockerfiles\n"), "{}", first.summary);
    let annotations: Vec<&str> = first.log.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(annotations.len(), 9, "{}", first.log);
    assert!(
        annotations.iter().all(|l| l.starts_with("::warning file=services/")),
        "warnings, not errors: {annotations:?}"
    );
    assert!(
        annotations.iter().any(|a| a.starts_with(
            "::warning file=services/worker/Dockerfile,line=5,endLine=5,col=5,endColumn=27,title=slimfile%3A \
             package-cache-in-layer::"
        ) && a.ends_with("%0AFix (safe): Use apk add --no-cache")),
        "{annotations:?}"
    );

    // The author commits the api's suggestions: GitHub marks the comments on the changed lines
    // outdated.
    checkout.write("services/api/Dockerfile", &fixed_api);
    let mut outdated = Vec::new();
    {
        let mut state = github.state();
        state.files[1] = PrFile::added("services/api/Dockerfile", &fixed_api);
        for comment in &mut state.review_comments {
            if comment["path"] == "services/api/Dockerfile" && comment["line"] != 1 {
                comment["line"] = Value::Null;
                outdated.push(format!("DELETE /repos/{REPO}/pulls/comments/{}", comment["id"]));
            }
        }
    }
    let second = run(&checkout, ("pull_request", "pull_request.json"), WRITE_TOKEN, &github.api_url(), &[]);
    assert_eq!(second.status, Some(0), "{}", second.log);
    let deletes: Vec<String> = github.calls().into_iter().filter(|c| c.starts_with("DELETE ")).collect();
    assert_eq!(deletes, outdated, "the outdated comments are deleted");
    let reviews = github.requests_to("POST", &format!("/repos/{REPO}/pulls/{PR}/reviews"));
    assert_eq!(reviews.len(), 2);
    let new_comments = reviews[1].json()["comments"].clone();
    assert_eq!(new_comments.as_array().map(Vec::len), Some(2), "only what changed is posted: {new_comments:#}");
    assert_eq!((new_comments[0]["line"].clone(), new_comments[1]["line"].clone()), (json!(4), json!(7)));
    assert_eq!(suggestion_of(&new_comments[0]), None, "nothing safe is left to suggest on line 4");
    assert_eq!(suggestion_of(&new_comments[1]), None, "nor on line 7");
    let state = github.state();
    let live: Vec<(String, u64)> = state
        .review_comments
        .iter()
        .filter(|c| c["subject_type"] != "file")
        .map(|c| (c["path"].as_str().unwrap_or_default().to_owned(), c["line"].as_u64().unwrap_or_default()))
        .collect();
    assert_eq!(
        live,
        [
            ("services/api/Dockerfile".to_owned(), 1),
            ("services/worker/Dockerfile".to_owned(), 5),
            ("services/api/Dockerfile".to_owned(), 4),
            ("services/api/Dockerfile".to_owned(), 7)
        ],
        "the comment on line 1 still holds and stays; no duplicates"
    );
    assert_eq!(state.issue_comments.len(), 1, "the summary comment is updated, never re-posted");
    let summary_id = state.issue_comments[0]["id"].clone();
    drop(state);
    let patched = github.requests_to("PATCH", &format!("/repos/{REPO}/issues/comments/{summary_id}"));
    assert_eq!(patched.len(), 1, "{:?}", github.calls());
    assert!(patched[0].json()["body"].as_str().is_some_and(|b| b.contains("## slimfile: 7 findings in 2 Dockerfiles")));

    // Nothing changed: a third run writes nothing at all.
    let before = github.writes().len();
    let third = run(&checkout, ("pull_request", "pull_request.json"), WRITE_TOKEN, &github.api_url(), &[]);
    assert_eq!(third.status, Some(0));
    let writes: Vec<String> = github.writes()[before..].to_vec();
    assert!(writes.is_empty(), "{writes:?}");
    assert!(third.log.contains(&format!("summary comment {summary_id} is already up to date")), "{}", third.log);
}

#[test]
fn a_fork_pull_request_falls_back_to_annotations_and_the_job_summary() {
    let checkout = shop("fork");
    let github = FakeGitHub::start(PR, HEAD_SHA, pr_files());
    let run = run(&checkout, ("pull_request", "pull_request_fork.json"), READ_ONLY_TOKEN, &github.api_url(), &[]);
    assert_eq!(run.status, Some(0), "a read-only token does not fail the run\n{}", run.log);
    assert!(
        run.log.contains("the review was not posted: the token may not write here (a fork's pull request)"),
        "{}",
        run.log
    );
    assert!(run.log.contains("pull requests from forks get a read-only token"), "{}", run.log);
    let writes = github.writes();
    assert_eq!(writes.len(), 1, "one refused write, then none: {writes:?}");
    assert!(run.summary.contains("## slimfile: 9 findings in 2 Dockerfiles"), "{}", run.summary);
    assert!(run.summary.contains("> The GitHub token cannot write to this pull request"), "{}", run.summary);
    assert_eq!(run.log.lines().filter(|l| l.starts_with("::warning ")).count(), 9, "{}", run.log);

    let failing = self::run(
        &checkout,
        ("pull_request", "pull_request_fork.json"),
        READ_ONLY_TOKEN,
        &github.api_url(),
        &[("SLIMFILE_FAIL_ON", "warning")],
    );
    assert_eq!(failing.status, Some(1), "fail-on alone decides the exit status");
}

#[test]
fn server_errors_and_secondary_rate_limits_are_retried() {
    let checkout = shop("retry");
    let github = FakeGitHub::start(PR, HEAD_SHA, pr_files());
    let files = format!("/repos/{REPO}/pulls/{PR}/files");
    let reviews = format!("/repos/{REPO}/pulls/{PR}/reviews");
    let comments = format!("/repos/{REPO}/issues/{PR}/comments");
    let limited = |status| {
        Response::json(
            status,
            &json!({"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}),
        )
    };
    github.state().faults.extend([
        Fault { method: "GET", path_suffix: files.clone(), times: 1, response: Response::empty(502) },
        Fault {
            method: "POST",
            path_suffix: reviews.clone(),
            times: 1,
            response: limited(403).with_header("retry-after", "1"),
        },
        Fault {
            method: "POST",
            path_suffix: comments.clone(),
            times: 2,
            response: limited(429).with_header("retry-after", "0"),
        },
    ]);
    let run = run(&checkout, ("pull_request", "pull_request.json"), WRITE_TOKEN, &github.api_url(), &[]);
    assert_eq!(run.status, Some(0), "{}", run.log);
    assert_eq!(github.requests_to("GET", &files).len(), 2);
    assert_eq!(github.requests_to("POST", &reviews).len(), 2);
    assert_eq!(github.requests_to("POST", &comments).len(), 3);
    assert_eq!(github.state().reviews.len(), 1);
    assert_eq!(github.state().issue_comments.len(), 1);
    assert!(
        run.log.contains(&format!(
            "slimfile: GET {files}?per_page=100: GitHub answered 502: Bad Gateway; retrying in 1 s (attempt 2 of 4)"
        )),
        "{}",
        run.log
    );
    assert!(run.log.contains("retrying in 0 s (attempt 3 of 4)"), "{}", run.log);
}

#[test]
fn a_review_github_refuses_is_posted_again_as_a_list() {
    let checkout = shop("refused");
    let github = FakeGitHub::start(PR, HEAD_SHA, pr_files());
    // A push lands between listing the files and posting: line 5 of the worker is no longer in
    // the diff GitHub checks against.
    let mut moved = pr_files();
    moved[2] = PrFile::modified(
        "services/worker/Dockerfile",
        "@@ -1,2 +1,2 @@\n-FROM alpine:3.18\n+FROM alpine:3.19\n RUN apk add curl",
    );
    github.state().diff_for_validation = Some(moved);
    let run = run(&checkout, ("pull_request", "pull_request.json"), WRITE_TOKEN, &github.api_url(), &[]);
    assert_eq!(run.status, Some(0), "{}", run.log);
    let reviews = github.requests_to("POST", &format!("/repos/{REPO}/pulls/{PR}/reviews"));
    assert_eq!(reviews.len(), 2);
    assert_eq!(reviews[0].json()["comments"].as_array().map(Vec::len), Some(5));
    let fallback = reviews[1].json();
    assert_eq!(fallback["comments"], json!([]));
    let body = fallback["body"].as_str().expect("body");
    assert!(
        body.contains(
            "found 9 findings in this pull request's Dockerfiles (GitHub did not accept inline comments on these lines)"
        ),
        "{body}"
    );
    assert!(body.contains("- `services/worker/Dockerfile:5` warning `package-cache-in-layer`"), "{body}");
    assert!(
        run.log.contains("GitHub refused the inline comments (GitHub answered 422: Unprocessable Entity"),
        "{}",
        run.log
    );
}

#[test]
fn the_summary_comment_stays_under_githubs_limit_and_the_review_under_thirty_comments() {
    let big: String = std::iter::once("FROM alpine:3.19\n".to_owned())
        .chain((0..400).map(|i| format!("RUN apk add package-with-a-long-name-{i}\n")))
        .collect();
    let names = ["a/Dockerfile", "b/Dockerfile", "c/Dockerfile"];
    let checkout = Checkout::new("big", &names.map(|n| (n, big.as_str())));
    let github = FakeGitHub::start(PR, HEAD_SHA, names.iter().map(|n| PrFile::added(n, &big)).collect());
    let run = run(&checkout, ("pull_request", "pull_request.json"), WRITE_TOKEN, &github.api_url(), &[]);
    assert_eq!(run.status, Some(0), "{}", run.log);
    let posted = github.requests_to("POST", &format!("/repos/{REPO}/issues/{PR}/comments"));
    let body = posted[0].json()["body"].as_str().expect("body").to_owned();
    assert!(body.chars().count() <= 65_536, "{}", body.chars().count());
    assert!(body.starts_with(SUMMARY_MARKER));
    assert!(body.contains("## slimfile: 1200 findings in 3 Dockerfiles"), "{}", &body[..200]);
    assert!(body.contains("more findings not shown here"));
    assert_eq!(github.state().issue_comments.len(), 1, "GitHub accepted it");
    let review = github.requests_to("POST", &format!("/repos/{REPO}/pulls/{PR}/reviews"))[0].json();
    assert_eq!(review["comments"].as_array().map(Vec::len), Some(30));
    assert!(
        review["body"].as_str().is_some_and(|b| b.contains("1170 findings are not commented inline")),
        "{}",
        review["body"]
    );
    assert_eq!(run.log.lines().filter(|l| l.starts_with("::warning ")).count(), 10, "GitHub shows 10 per step");
    assert!(run.log.contains("slimfile: 1190 more findings are not annotated"), "{}", run.log);
    assert!(run.summary.len() > body.len(), "the job summary has room for more");
}

#[test]
fn a_push_checks_every_matching_file_without_calling_the_api() {
    let checkout = shop("push");
    let github = FakeGitHub::start(PR, HEAD_SHA, Vec::new());
    let run = run(
        &checkout,
        ("push", "push.json"),
        WRITE_TOKEN,
        &github.api_url(),
        &[("SLIMFILE_FAIL_ON", "warning"), ("SLIMFILE_FILES", "**/Dockerfile\n!legacy/**"), ("SLIMFILE_SARIF", "")],
    );
    assert_eq!(run.status, Some(1), "warnings fail with fail-on: warning\n{}{}", run.log, run.stderr);
    assert!(github.calls().is_empty(), "{:?}", github.calls());
    assert!(run.summary.contains("## slimfile: 9 findings in 2 Dockerfiles"), "{}", run.summary);
    assert!(!run.summary.contains("legacy/"), "excluded by the files input");
    assert_eq!(run.outputs.get("findings").map(String::as_str), Some("9"));
    let all = self::run(&checkout, ("push", "push.json"), "", &github.api_url(), &[("SLIMFILE_ANNOTATIONS", "false")]);
    assert_eq!(all.status, Some(0));
    assert!(all.summary.contains("in 3 Dockerfiles"), "{}", all.summary);
    assert!(!all.log.contains("::"), "annotations: false\n{}", all.log);
}

#[test]
fn the_config_input_applies_to_every_dockerfile_and_the_sarif_input_writes_a_report() {
    let checkout = shop("config-sarif");
    std::fs::write(
        checkout.runner.join("slimfile.toml"),
        "ignore = [\"multi-stage-build\"]\n[severity]\npackage-cache-in-layer = \"error\"\n",
    )
    .expect("write config");
    let sarif = checkout.runner.join("slimfile.sarif");
    let config = checkout.runner.join("slimfile.toml");
    let github = FakeGitHub::start(PR, HEAD_SHA, Vec::new());
    let run = run(
        &checkout,
        ("push", "push.json"),
        WRITE_TOKEN,
        &github.api_url(),
        &[
            ("SLIMFILE_CONFIG", config.to_str().expect("utf-8 path")),
            ("SLIMFILE_SARIF", sarif.to_str().expect("utf-8 path")),
            ("SLIMFILE_FILES", "services/**/Dockerfile"),
        ],
    );
    assert_eq!(run.status, Some(1), "the config makes cache findings errors\n{}", run.log);
    assert!(run.summary.contains("## slimfile: 8 findings in 2 Dockerfiles"), "{}", run.summary);
    assert!(!run.summary.contains("`multi-stage-build`"), "ignored by the config: {}", run.summary);
    assert!(run.log.lines().filter(|l| l.starts_with("::error ")).count() == 4, "{}", run.log);
    assert_eq!(run.outputs.get("sarif-file").map(PathBuf::from), Some(sarif.clone()));
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).expect("SARIF written")).expect("JSON");
    assert_eq!(report["version"], "2.1.0");
    assert_eq!(report["runs"][0]["results"].as_array().map(Vec::len), Some(8));

    std::fs::write(&config, "ignore = [").expect("write config");
    let broken = self::run(
        &checkout,
        ("push", "push.json"),
        WRITE_TOKEN,
        &github.api_url(),
        &[("SLIMFILE_CONFIG", config.to_str().expect("utf-8 path"))],
    );
    assert_eq!(broken.status, Some(2), "a broken config is a usage error");
    assert!(broken.stderr.contains("slimfile.toml"), "{}", broken.stderr);
}

#[test]
fn the_token_is_never_shown_even_when_github_echoes_it() {
    let checkout = shop("token");
    let github = FakeGitHub::start(PR, HEAD_SHA, pr_files());
    let echoed = Response::json(403, &json!({"message": format!("token {WRITE_TOKEN} lacks the pull_requests scope")}));
    github.state().faults.push_back(Fault {
        method: "GET",
        path_suffix: format!("/repos/{REPO}/pulls/{PR}/files"),
        times: 1,
        response: echoed,
    });
    // `run` asserts that the token shows nowhere.
    let run = run(&checkout, ("pull_request", "pull_request.json"), WRITE_TOKEN, &github.api_url(), &[]);
    assert!(run.log.contains("GitHub answered 403: token *** lacks the pull_requests scope"), "{}", run.log);
    assert!(run.summary.contains("in 3 Dockerfiles"), "without the file list every Dockerfile is checked");
}

#[test]
fn a_pull_request_with_five_dockerfiles() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let names = ["go", "java-maven", "node-typescript", "python", "rust"];
    let texts: Vec<(String, String)> = names
        .iter()
        .map(|n| {
            (format!("{n}/Dockerfile"), std::fs::read_to_string(examples.join(n).join("Dockerfile")).expect("example"))
        })
        .collect();
    let files: Vec<(&str, &str)> = texts.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let checkout = Checkout::new("five", &files);
    let github = FakeGitHub::start(PR, HEAD_SHA, files.iter().map(|(p, t)| PrFile::added(p, t)).collect());
    let run = run(&checkout, ("pull_request", "pull_request.json"), WRITE_TOKEN, &github.api_url(), &[]);
    assert_eq!(run.status, Some(0), "{}", run.log);
    assert!(run.summary.contains("in 5 Dockerfiles"), "{}", run.summary);
    assert_eq!(github.state().issue_comments.len(), 1);
    for (path, text) in &texts {
        let state = github.state();
        let comments: Vec<&Value> = state.review_comments.iter().filter(|c| c["path"] == path.as_str()).collect();
        let fixed = apply_suggestions(text, &comments);
        assert!(fixed.lines().count() == text.lines().count(), "suggestions replace lines one for one in {path}");
        assert_eq!(checkout.read(path), *text);
    }
    eprintln!("a run on a pull request with five Dockerfiles took {:?}", run.elapsed);
}

/// `verify: true` on a runner without a Docker engine: the run still reports, and says in the
/// summary comment, the job summary and the `verified` output that nothing was proven.
#[test]
fn verify_without_a_docker_engine_says_so_everywhere() {
    let checkout = shop("verify-no-engine");
    let github = FakeGitHub::start(PR, HEAD_SHA, pr_files());
    let missing = checkout.runner.join("no-docker-here");
    let inputs = [("SLIMFILE_VERIFY", "true"), ("SLIMFILE_DOCKER", missing.to_str().expect("utf-8 path"))];
    let run = run(&checkout, ("pull_request", "pull_request.json"), WRITE_TOKEN, &github.api_url(), &inputs);
    assert_eq!(run.status, Some(0), "{}\n{}", run.log, run.stderr);
    let said = "The proposals were not verified: verify needs a Docker engine on the runner";
    let posted = github.requests_to("POST", &format!("/repos/{REPO}/issues/{PR}/comments"));
    let comment = posted[0].json()["body"].as_str().expect("body").to_owned();
    assert!(comment.contains(said), "{comment}");
    // After the estimate it would have proven, before the findings.
    let table_at = comment.find("### Image size (estimated)").expect("size table");
    assert!(table_at < comment.find(said).expect("said") && comment.find(said) < comment.find("### Warnings"));
    assert!(run.summary.contains(said), "{}", run.summary);
    assert_eq!(run.outputs.get("verified").map(String::as_str), Some("false"), "{:?}", run.outputs);

    // Without the input, nothing is built and the output stays empty.
    let run = self::run(&checkout, ("pull_request", "pull_request.json"), WRITE_TOKEN, &github.api_url(), &[]);
    assert!(!run.summary.contains("verif"), "{}", run.summary);
    assert_eq!(run.outputs.get("verified").map(String::as_str), Some(""));
}

/// `verify: true` with a Docker engine holding the stand-in images: the go example's proposal
/// is built, run and measured, and the measured table reaches the summary comment and the job
/// summary. The checkout's `.slimfile.toml` asks for an Alpine runtime, so this also proves the
/// Alpine-like stand-in (the suite proves the go example's default runtime on its own).
/// `scripts/verify-builds` runs it, with the engine it starts.
#[test]
#[ignore = "needs a Docker engine holding the stand-in images: run scripts/verify-builds"]
fn verify_puts_the_measured_table_in_the_comment_and_the_job_summary() {
    let docker = std::env::var("SLIMFILE_VERIFY_DOCKER")
        .expect("SLIMFILE_VERIFY_DOCKER names the docker CLI; scripts/verify-builds sets it");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/go");
    let files: Vec<(String, String)> = ["Dockerfile", "go.mod", "main.go"]
        .iter()
        .map(|name| (format!("services/go/{name}"), std::fs::read_to_string(example.join(name)).expect("example")))
        .collect();
    let mut borrowed: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    borrowed.push(("services/go/.slimfile.toml", "runtime = \"alpine\"\n"));
    let checkout = Checkout::new("verify-go", &borrowed);
    let github = FakeGitHub::start(PR, HEAD_SHA, vec![PrFile::added("services/go/Dockerfile", &files[0].1)]);
    let mut inputs: Vec<(&str, String)> = vec![
        ("SLIMFILE_VERIFY", "true".to_owned()),
        ("SLIMFILE_VERIFY_PROBE", "/".to_owned()),
        ("SLIMFILE_DOCKER", docker),
    ];
    for name in ["DOCKER_HOST", "DOCKER_BUILDKIT", "HOME", "PATH"] {
        if let Ok(value) = std::env::var(name) {
            inputs.push((name, value));
        }
    }
    let inputs: Vec<(&str, &str)> = inputs.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let run = run(&checkout, ("pull_request", "pull_request.json"), WRITE_TOKEN, &github.api_url(), &inputs);
    assert_eq!(run.status, Some(0), "{}\n{}", run.log, run.stderr);
    let posted = github.requests_to("POST", &format!("/repos/{REPO}/issues/{PR}/comments"));
    let comment = posted[0].json()["body"].as_str().expect("body").to_owned();
    for text in [&comment, &run.summary] {
        assert!(text.contains("### slimfile verify: real builds of the proposed Dockerfiles"), "{text}");
        let row = text.lines().find(|l| l.starts_with("| services/go/Dockerfile |")).expect("the go row");
        let cells: Vec<&str> = row.split(" | ").collect();
        assert_eq!(cells[5..8], ["same", "reused", "verified"], "{row}");
    }
    assert!(comment.contains("\n+FROM alpine:3.21 AS runtime\n"), "the configured runtime: {comment}");
    assert_eq!(run.outputs.get("verified").map(String::as_str), Some("true"), "{:?}", run.outputs);
    println!("{}", run.summary.lines().filter(|l| l.starts_with('|')).collect::<Vec<_>>().join("\n"));
}

/// How many of the review comments sit on lines (not on whole files).
fn inline_count(github: &FakeGitHub) -> usize {
    github.state().review_comments.iter().filter(|c| c["subject_type"] != "file").count()
}

fn marker(kind: &str, run: &str) -> String {
    format!("<!-- slimfile:{kind} run=\"{run}\" -->")
}

fn pr_event() -> (&'static str, &'static str) {
    ("pull_request", "pull_request.json")
}

/// The ids of the review comments on `path` at `line`.
fn comment_at(github: &FakeGitHub, path: &str, line: u64) -> u64 {
    let state = github.state();
    let found = state.review_comments.iter().find(|c| c["path"] == path && c["line"] == line);
    found.and_then(|c| c["id"].as_u64()).unwrap_or_else(|| panic!("no comment on {path}:{line}"))
}

/// The author commits the api's safe suggestions: GitHub marks the comments on the changed
/// lines outdated (`line: null`); returns their ids.
fn commit_the_api_suggestions(checkout: &Checkout, github: &FakeGitHub) -> Vec<u64> {
    let fixed = API
        .replace("python3-dev\n", "python3-dev && rm -rf /var/lib/apt/lists/*\n")
        .replace("pip install -r", "pip install --no-cache-dir -r");
    checkout.write("services/api/Dockerfile", &fixed);
    let mut state = github.state();
    state.files[1] = PrFile::added("services/api/Dockerfile", &fixed);
    let mut outdated = Vec::new();
    for comment in &mut state.review_comments {
        if comment["path"] == "services/api/Dockerfile" && comment["line"] != 1 && comment["in_reply_to_id"].is_null() {
            comment["line"] = Value::Null;
            outdated.push(comment["id"].as_u64().expect("id"));
        }
    }
    outdated
}

#[test]
fn two_jobs_on_one_pull_request_touch_only_their_own_comments_and_summaries() {
    let checkout = shop("two-jobs");
    let github = FakeGitHub::start(PR, HEAD_SHA, pr_files());
    let api_job = [("GITHUB_JOB", "api"), ("SLIMFILE_FILES", "services/api/Dockerfile")];
    let worker_job = [("GITHUB_JOB", "worker"), ("SLIMFILE_FILES", "services/worker/Dockerfile")];
    let api = run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &api_job);
    assert_eq!(api.status, Some(0), "{}", api.log);
    assert_eq!(inline_count(&github), 4, "{}", api.log);
    let worker = run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &worker_job);
    assert_eq!(worker.status, Some(0), "{}", worker.log);
    let deletes: Vec<String> = github.writes().into_iter().filter(|w| w.starts_with("DELETE")).collect();
    assert!(deletes.is_empty(), "the worker's job deleted the api's comments: {deletes:?}");
    assert!(github.requests_to("PATCH", &format!("/repos/{REPO}/issues/comments/1001")).is_empty());
    let state = github.state();
    assert_eq!(state.review_comments.iter().filter(|c| c["subject_type"] != "file").count(), 5);
    let owners: Vec<bool> = state
        .review_comments
        .iter()
        .filter(|c| c["subject_type"] != "file")
        .map(|c| c["body"].as_str().is_some_and(|b| b.starts_with(&marker("inline", "slimfile/api"))))
        .collect();
    assert_eq!(owners, [true, true, true, true, false]);
    let summaries: Vec<&str> = state.issue_comments.iter().filter_map(|c| c["body"].as_str()).collect();
    assert_eq!(summaries.len(), 2, "one summary per job");
    assert!(summaries[0].starts_with(&marker("summary", "slimfile/api")) && summaries[0].contains("in 1 Dockerfile"));
    assert!(summaries[1].starts_with(&marker("summary", "slimfile/worker")));
    drop(state);

    // The api's job again, with nothing changed: it writes nothing, and the `id` input names a
    // third run that leaves both alone.
    let before = github.writes().len();
    let again = run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &api_job);
    assert_eq!(github.writes()[before..], [] as [String; 0], "{}", again.log);
    let named = [("SLIMFILE_ID", "docker-sizes"), ("SLIMFILE_FILES", "services/api/Dockerfile")];
    let third = run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &named);
    assert!(third.log.contains("run \"docker-sizes\""), "{}", third.log);
    assert_eq!(github.state().issue_comments.len(), 3);
    assert_eq!(inline_count(&github), 9);
}

#[test]
fn two_runs_at_once_keep_to_their_own_and_a_duplicate_summary_is_cleaned_up() {
    let checkout = shop("at-once");
    let github = FakeGitHub::start(PR, HEAD_SHA, pr_files());
    github.state().latency = std::time::Duration::from_millis(15);
    let jobs = [
        [("GITHUB_JOB", "api"), ("SLIMFILE_FILES", "services/api/Dockerfile")],
        [("GITHUB_JOB", "worker"), ("SLIMFILE_FILES", "services/worker/Dockerfile")],
    ];
    let url = github.api_url();
    std::thread::scope(|scope| {
        let runs: Vec<_> =
            jobs.iter().map(|job| scope.spawn(|| run(&checkout, pr_event(), WRITE_TOKEN, &url, job))).collect();
        for handle in runs {
            let done = handle.join().expect("a run");
            assert_eq!(done.status, Some(0), "{}", done.log);
        }
    });
    assert_eq!(inline_count(&github), 5);
    assert_eq!(github.state().issue_comments.len(), 2);
    assert!(github.writes().iter().all(|w| !w.starts_with("DELETE")), "{:?}", github.writes());

    // Two overlapping runs of one job both posted a summary: the next run keeps the oldest.
    github.state().issue_comments.clear();
    let body = format!("{SUMMARY_MARKER}\n## slimfile: an older report\n");
    let oldest = github.add_issue_comment("github-actions[bot]", &body);
    let duplicate = github.add_issue_comment("github-actions[bot]", &body);
    let next = run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &[]);
    assert!(
        next.log.contains(&format!("summary comment {oldest} updated (1 duplicate from overlapping runs deleted)")),
        "{}",
        next.log
    );
    assert_eq!(github.requests_to("DELETE", &format!("/repos/{REPO}/issues/comments/{duplicate}")).len(), 1);
    let state = github.state();
    assert_eq!(state.issue_comments.len(), 1);
    assert_eq!(state.issue_comments[0]["id"], oldest);
}

#[test]
fn a_marker_in_someone_elses_comment_is_never_taken_for_the_runs_own() {
    let checkout = shop("others");
    let github = FakeGitHub::start(PR, HEAD_SHA, pr_files());
    let quote = github.add_issue_comment("mona", &format!("{SUMMARY_MARKER}\n> I pasted the bot's report here"));
    let first = run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &[]);
    assert_eq!(first.status, Some(0), "{}", first.log);
    assert!(first.log.contains("reporting as github-actions[bot]"), "{}", first.log);
    assert!(github.requests_to("PATCH", &format!("/repos/{REPO}/issues/comments/{quote}")).is_empty());
    assert_eq!(github.state().issue_comments.len(), 2, "the run posted its own summary beside mona's");
    // A comment with the run's marker, but by another account (say, a bot that copied it),
    // whose line is outdated: not the run's to delete.
    let copied = comment_at(&github, "services/worker/Dockerfile", 5);
    for comment in &mut github.state().review_comments {
        if comment["id"] == copied {
            comment["user"] = json!({"login": "copy-bot[bot]", "type": "Bot"});
            comment["line"] = Value::Null;
        }
    }
    let second = run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &[]);
    assert!(
        github.requests_to("DELETE", &format!("/repos/{REPO}/pulls/comments/{copied}")).is_empty(),
        "{}",
        second.log
    );

    // A personal token posts as its user: GET /user says who.
    let mine = run(&checkout, pr_event(), fake_github::PAT_TOKEN, &github.api_url(), &[("SLIMFILE_ID", "mona's run")]);
    assert!(mine.log.contains("reporting as mona"), "{}", mine.log);
    assert_eq!(github.state().issue_comments[0]["body"], format!("{SUMMARY_MARKER}\n> I pasted the bot's report here"));
}

#[test]
fn when_the_diff_is_unknown_earlier_comments_are_kept() {
    let checkout = shop("unknown-diff");
    let github = FakeGitHub::start(PR, HEAD_SHA, pr_files());
    let first = run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &[]);
    assert_eq!(first.status, Some(0), "{}", first.log);
    assert_eq!(inline_count(&github), 5);
    // Every attempt to list the files fails.
    github.state().faults.push_back(Fault {
        method: "GET",
        path_suffix: format!("/repos/{REPO}/pulls/{PR}/files"),
        times: 4,
        response: Response::empty(502),
    });
    let second = run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &[]);
    assert!(second.log.contains("could not list the pull request's files"), "{}", second.log);
    assert!(github.writes().iter().all(|w| !w.starts_with("DELETE")), "{:?}\n{}", github.writes(), second.log);
    assert_eq!(inline_count(&github), 5);
    assert!(second.log.contains("6 kept unjudged (their diff is unknown)"), "5 inline, 1 file-level\n{}", second.log);

    // A diff too large for GitHub's patch, and the api's comments outdated: still kept.
    let outdated = commit_the_api_suggestions(&checkout, &github);
    github.state().files[1] = PrFile::without_patch("services/api/Dockerfile");
    let third = run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &[]);
    assert_eq!(third.status, Some(0), "{}", third.log);
    for id in outdated {
        assert!(
            github.requests_to("DELETE", &format!("/repos/{REPO}/pulls/comments/{id}")).is_empty(),
            "{}",
            third.log
        );
    }
}

#[test]
fn outdated_comments_with_replies_are_resolved_and_a_new_review_supersedes_the_old() {
    let checkout = shop("replies");
    let github = FakeGitHub::start(PR, HEAD_SHA, pr_files());
    let first = run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &[]);
    assert_eq!(first.status, Some(0), "{}", first.log);
    let discussed = comment_at(&github, "services/api/Dockerfile", 4);
    let reply = github.reply(discussed, "mona", "We need gcc at runtime for the JIT, see #12.");
    let outdated = commit_the_api_suggestions(&checkout, &github);
    assert!(outdated.contains(&discussed));
    let old_review = github.state().reviews[0].clone();

    let second = run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &[]);
    assert_eq!(second.status, Some(0), "{}", second.log);
    let deleted: Vec<String> = github.writes().into_iter().filter(|w| w.starts_with("DELETE")).collect();
    let expected: Vec<String> = outdated
        .iter()
        .filter(|id| **id != discussed)
        .map(|id| format!("DELETE /repos/{REPO}/pulls/comments/{id}"))
        .collect();
    assert_eq!(deleted, expected, "only the unanswered outdated comments are deleted");
    let state = github.state();
    assert_eq!(state.resolved_threads, [discussed], "the discussed thread is resolved");
    assert!(state.review_comments.iter().any(|c| c["id"] == discussed));
    assert!(state.review_comments.iter().any(|c| c["id"] == reply));

    // The second review replaced the first one, which now points to it and is minimized.
    assert_eq!(state.reviews.len(), 2);
    let first_review = &state.reviews[0];
    let body = first_review["body"].as_str().expect("body");
    assert!(body.starts_with(&marker("superseded", "slimfile/check")), "{body}");
    assert!(body.contains(state.reviews[1]["html_url"].as_str().expect("url")), "{body}");
    assert_eq!(state.minimized, [old_review["node_id"].as_str().expect("node id")]);
    assert!(state.reviews[1]["body"].as_str().is_some_and(|b| b.starts_with(&marker("review", "slimfile/check"))));
    drop(state);
    assert!(second.log.contains("1 with replies resolved"), "{}", second.log);
    assert!(second.log.contains("1 earlier reviews marked outdated"), "{}", second.log);

    // The next push with something new supersedes only the second review.
    checkout.write(
        "services/api/Dockerfile",
        &format!("{}RUN apt-get install -y curl\n", checkout.read("services/api/Dockerfile")),
    );
    let text = checkout.read("services/api/Dockerfile");
    github.state().files[1] = PrFile::added("services/api/Dockerfile", &text);
    let third = run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &[]);
    assert_eq!(third.status, Some(0), "{}", third.log);
    assert_eq!(github.state().minimized.len(), 2, "{}", third.log);
    assert_eq!(github.requests_to("PUT", &format!("/repos/{REPO}/pulls/{PR}/reviews/{}", old_review["id"])).len(), 1);
}

#[test]
fn a_post_whose_answer_is_lost_is_not_posted_twice() {
    let checkout = shop("lost-answers");
    let github = FakeGitHub::start(PR, HEAD_SHA, pr_files());
    let reviews = format!("/repos/{REPO}/pulls/{PR}/reviews");
    let comments = format!("/repos/{REPO}/issues/{PR}/comments");
    github.state().lost_answers = vec![("POST", reviews.clone()), ("POST", comments.clone())];
    let run = run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &[]);
    assert_eq!(run.status, Some(0), "{}", run.log);
    assert_eq!(github.requests_to("POST", &reviews).len(), 1, "{}", run.log);
    assert_eq!(github.requests_to("POST", &comments).len(), 1, "{}", run.log);
    assert_eq!(github.state().reviews.len(), 1);
    assert_eq!(github.state().issue_comments.len(), 1);
    assert!(run.log.contains("GitHub had made review"), "{}", run.log);
    assert!(run.log.contains("GitHub had made comment"), "{}", run.log);

    // A 502 before anything was made: looked for, not found, posted once more.
    let github = FakeGitHub::start(PR, HEAD_SHA, pr_files());
    github.state().faults.push_back(Fault {
        method: "POST",
        path_suffix: reviews.clone(),
        times: 1,
        response: Response::empty(502),
    });
    let again = self::run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &[]);
    assert_eq!(github.requests_to("POST", &reviews).len(), 2, "{}", again.log);
    assert_eq!(github.state().reviews.len(), 1);
}

#[test]
fn a_rate_limit_without_retry_after_is_retried_and_a_missing_permission_is_named() {
    let checkout = shop("rate-limit-or-permission");
    let github = FakeGitHub::start(PR, HEAD_SHA, pr_files());
    let reviews = format!("/repos/{REPO}/pulls/{PR}/reviews");
    let limited = Response::json(
        403,
        &json!({"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.", "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}),
    );
    github.state().faults.push_back(Fault {
        method: "POST",
        path_suffix: reviews.clone(),
        times: 1,
        response: limited,
    });
    let limited_run = run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &[]);
    assert_eq!(github.state().reviews.len(), 1, "{}", limited_run.log);
    assert!(
        !limited_run.summary.contains("cannot write"),
        "a rate limit is no permission problem: {}",
        limited_run.summary
    );

    // The same repository's pull request, with a token that lacks pull-requests: write.
    let github = FakeGitHub::start(PR, HEAD_SHA, pr_files());
    let refused = Response::json(403, &json!({"message": "Resource not accessible by integration"}));
    github.state().faults.push_back(Fault { method: "POST", path_suffix: reviews, times: 1, response: refused });
    let refused_run = run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &[]);
    assert_eq!(refused_run.status, Some(0));
    assert!(refused_run.log.contains("it lacks `pull-requests: write`"), "{}", refused_run.log);
    assert!(
        refused_run.summary.contains("the job needs `permissions: pull-requests: write`"),
        "{}",
        refused_run.summary
    );
    assert!(!refused_run.summary.contains("forks"), "{}", refused_run.summary);
}

#[test]
fn renamed_and_removed_files_and_the_three_thousand_file_cap() {
    let checkout = shop("renamed-removed");
    let files = vec![
        PrFile::renamed("services/worker/Dockerfile", "worker/Dockerfile", Some(WORKER_PATCH)),
        PrFile::removed("old/Dockerfile", LEGACY),
        PrFile::renamed("services/api/Dockerfile", "api/Dockerfile", None),
        PrFile::added("README.md", "# Shop\n"),
    ];
    let github = FakeGitHub::start(PR, HEAD_SHA, files);
    let run = run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &[]);
    assert_eq!(run.status, Some(0), "a removed file is not read\n{}{}", run.log, run.stderr);
    assert!(run.summary.contains("in 2 Dockerfiles"), "{}", run.summary);
    let places: Vec<(String, u64)> = github
        .state()
        .review_comments
        .iter()
        .filter(|c| c["subject_type"] != "file")
        .map(|c| (c["path"].as_str().unwrap_or_default().to_owned(), c["line"].as_u64().unwrap_or_default()))
        .collect();
    assert_eq!(places, [("services/worker/Dockerfile".to_owned(), 5)], "a pure rename has no lines to comment on");

    // GitHub lists only 3,000 files: the Dockerfile after them is still checked.
    let mut many: Vec<PrFile> = (0..3_000).map(|i| PrFile::added(&format!("assets/{i}.txt"), "x\n")).collect();
    many.push(PrFile::added("services/api/Dockerfile", API));
    let github = FakeGitHub::start(PR, HEAD_SHA, many);
    let capped = self::run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &[]);
    assert!(capped.log.contains("GitHub lists only the first 3000 files"), "{}", capped.log);
    assert!(capped.summary.contains("services/api/Dockerfile"), "{}", capped.summary);
    assert_eq!(github.requests_to("GET", &format!("/repos/{REPO}/pulls/{PR}/files")).len(), 30);
}

#[test]
fn pull_request_target_reads_the_heads_files_through_the_api_and_verify_refuses_there() {
    // The base branch's checkout: the api's Dockerfile does not exist yet, the worker's is old.
    let checkout = Checkout::new(
        "pull-request-target",
        &[(
            "services/worker/Dockerfile",
            "FROM alpine:3.19\nWORKDIR /srv\nCOPY worker /srv/worker\nCMD [\"/srv/worker\"]\n",
        )],
    );
    let github = FakeGitHub::start(PR, HEAD_SHA, pr_files());
    github.state().head_contents = [
        ("services/api/Dockerfile".to_owned(), API.to_owned()),
        ("services/worker/Dockerfile".to_owned(), WORKER.to_owned()),
        ("services/api/requirements.txt".to_owned(), "fastapi==0.115.0\n".to_owned()),
    ]
    .into();
    let event = ("pull_request_target", "pull_request.json");
    let missing = checkout.runner.join("no-docker-here");
    let inputs = [("SLIMFILE_VERIFY", "true"), ("SLIMFILE_DOCKER", missing.to_str().expect("utf-8"))];
    let run = run(&checkout, event, WRITE_TOKEN, &github.api_url(), &inputs);
    assert_eq!(run.status, Some(0), "{}\n{}", run.log, run.stderr);
    assert!(
        run.log.contains("the checkout is not the pull request's head, so 2 Dockerfiles are read at"),
        "{}",
        run.log
    );
    let contents: Vec<String> = github
        .state()
        .requests
        .iter()
        .filter(|r| r.path.contains("/contents/"))
        .map(|r| format!("{}?{}", r.path, r.query))
        .collect();
    assert_eq!(
        contents,
        [
            format!("/repos/{REPO}/contents/services/api/Dockerfile?ref={HEAD_SHA}"),
            format!("/repos/{REPO}/contents/services/worker/Dockerfile?ref={HEAD_SHA}")
        ]
    );
    // The head's Dockerfiles, without their build context (it is not read from the API), so
    // the api's missing .dockerignore is one more finding than on a checkout of the head.
    assert!(run.summary.contains("## slimfile: 10 findings in 2 Dockerfiles"), "the head's files: {}", run.summary);
    assert!(inline_count(&github) >= 5, "comments on the head's lines");
    assert!(run.summary.contains("this is a `pull_request_target` run"), "{}", run.summary);
    assert!(!run.summary.contains("needs a Docker engine"), "nothing was built: {}", run.summary);
    assert_eq!(run.outputs.get("verified").map(String::as_str), Some("false"));
    assert_eq!(checkout.read("services/worker/Dockerfile").lines().count(), 4, "the checkout is left alone");
}

#[test]
fn a_checkout_in_a_subdirectory_is_found_with_working_directory() {
    let nested = Checkout::new(
        "working-directory",
        &[
            ("app/services/api/Dockerfile", API),
            ("app/services/api/requirements.txt", "fastapi==0.115.0\n"),
            ("app/services/api/.dockerignore", ".git\n"),
            ("app/services/worker/Dockerfile", WORKER),
            ("app/README.md", "# Shop\n"),
        ],
    );
    let github = FakeGitHub::start(PR, HEAD_SHA, pr_files());
    let lost = run(&nested, pr_event(), WRITE_TOKEN, &github.api_url(), &[]);
    assert_eq!(lost.status, Some(2), "without the input the files are not where the pull request says");
    let found = run(&nested, pr_event(), WRITE_TOKEN, &github.api_url(), &[("SLIMFILE_WORKING_DIRECTORY", "app")]);
    assert_eq!(found.status, Some(0), "{}{}", found.log, found.stderr);
    assert!(found.summary.contains("9 findings in 2 Dockerfiles"), "{}", found.summary);
    assert!(found.summary.contains("[`services/api/Dockerfile:4`]"), "paths as the pull request names them");
}

#[test]
fn filter_mode_reports_and_fails_on_the_changed_lines_only_and_ignore_drops_rules() {
    let checkout = shop("filter-mode");
    // The pull request touches only the worker's COPY line: its two findings are older.
    let touched = PrFile::modified(
        "services/worker/Dockerfile",
        "@@ -2,3 +2,3 @@\n RUN apk add curl\n WORKDIR /srv\n-COPY bin /srv/worker\n+COPY worker /srv/worker\n",
    );
    let github = FakeGitHub::start(PR, HEAD_SHA, vec![touched, PrFile::added("README.md", "x\n")]);
    let worker = ("SLIMFILE_FILES", "services/worker/Dockerfile");
    let strict = ("SLIMFILE_FAIL_ON", "warning");
    let whole = run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &[worker, strict]);
    assert_eq!(whole.status, Some(1), "filter-mode file (the default) weighs the file's old findings");
    let added = run(
        &checkout,
        pr_event(),
        WRITE_TOKEN,
        &github.api_url(),
        &[worker, strict, ("SLIMFILE_FILTER_MODE", "added")],
    );
    assert_eq!(added.status, Some(0), "nothing on the added line\n{}", added.log);
    assert_eq!(added.outputs.get("findings").map(String::as_str), Some("0"));
    assert!(
        added.log.contains("filter-mode: 2 findings outside the pull request's added lines not reported"),
        "{}",
        added.log
    );
    assert!(!added.log.contains("::warning"), "{}", added.log);
    let context = run(
        &checkout,
        pr_event(),
        WRITE_TOKEN,
        &github.api_url(),
        &[worker, strict, ("SLIMFILE_FILTER_MODE", "diff-context")],
    );
    assert_eq!(context.status, Some(1), "line 2 is a context line of the hunk");
    assert_eq!(context.outputs.get("findings").map(String::as_str), Some("1"));

    // The ignore input drops a rule for every Dockerfile; an unknown one is an input error.
    let ignored = run(
        &checkout,
        pr_event(),
        WRITE_TOKEN,
        &github.api_url(),
        &[worker, strict, ("SLIMFILE_IGNORE", "package-cache-in-layer")],
    );
    assert_eq!(ignored.status, Some(0), "{}", ignored.log);
    assert_eq!(ignored.outputs.get("findings").map(String::as_str), Some("0"));
    let wrong = run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &[("SLIMFILE_IGNORE", "package-cache")]);
    assert_eq!(wrong.status, Some(2));
    assert!(wrong.stderr.contains("the ignore input names an unknown rule 'package-cache'"), "{}", wrong.stderr);
}

#[test]
fn the_outputs_link_the_review_and_the_summary_comment() {
    let checkout = shop("output-urls");
    let github = FakeGitHub::start(PR, HEAD_SHA, pr_files());
    let first = run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &[]);
    let state = github.state();
    assert_eq!(first.outputs.get("review-url"), state.reviews[0]["html_url"].as_str().map(str::to_owned).as_ref());
    assert_eq!(
        first.outputs.get("comment-url"),
        state.issue_comments[0]["html_url"].as_str().map(str::to_owned).as_ref()
    );
    drop(state);
    let second = run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &[]);
    assert_eq!(second.outputs.get("review-url").map(String::as_str), Some(""), "no new review");
    assert_eq!(second.outputs.get("comment-url"), first.outputs.get("comment-url"), "the same comment");
}

#[test]
fn verify_builds_on_the_named_buildx_builder() {
    let checkout = shop("builder");
    let github = FakeGitHub::start(PR, HEAD_SHA, pr_files());
    // A docker CLI that records its arguments: the engine answers, every build fails.
    let calls = checkout.runner.join("docker-calls");
    let docker = checkout.runner.join("docker");
    std::fs::write(
        &docker,
        format!(
            "#!/bin/sh\necho \"$*\" >> '{}'\nif [ \"$1\" = version ]; then echo 27.3.1; exit 0; fi\necho 'no builds here' >&2\nexit 1\n",
            calls.display()
        ),
    )
    .expect("write docker");
    assert!(Command::new("chmod").arg("+x").arg(&docker).status().expect("chmod").success());
    let inputs = [
        ("SLIMFILE_VERIFY", "true"),
        ("SLIMFILE_DOCKER", docker.to_str().expect("utf-8")),
        ("SLIMFILE_BUILDER", "build-farm"),
        ("SLIMFILE_FILES", "services/worker/Dockerfile"),
        ("PATH", "/usr/bin:/bin"),
    ];
    let run = run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &inputs);
    assert_eq!(run.status, Some(0), "{}{}", run.log, run.stderr);
    let calls = std::fs::read_to_string(&calls).expect("docker was run");
    let builds: Vec<&str> = calls.lines().filter(|l| l.contains("build")).collect();
    assert!(!builds.is_empty(), "{calls}");
    assert!(
        builds.iter().all(|l| l.starts_with("buildx build --builder build-farm --load --progress=plain")),
        "{calls}"
    );
    assert_eq!(run.outputs.get("verified").map(String::as_str), Some("false"));
}

/// The repository's root.
fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The workflow example of the README's section on the Action: its first `yaml` block.
fn readme_example() -> String {
    let readme = std::fs::read_to_string(repository_root().join("README.md")).expect("README.md");
    let section = readme.split("\n## The GitHub Action\n").nth(1).expect("the Action's section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let block = section.split("```yaml\n").nth(1).expect("a yaml block");
    block.split("\n```").next().expect("a closed block").to_owned()
}

/// The `with:` entries of the step that uses `uses`, as (input, value).
fn step_inputs(workflow: &str, uses: &str) -> Vec<(String, String)> {
    let mut lines = workflow.lines().skip_while(|l| l.trim() != format!("uses: {uses}"));
    let indent = |l: &str| l.len() - l.trim_start().len();
    let step = lines.next().map(indent).expect("the step");
    let Some(with) = lines.next().filter(|l| l.trim() == "with:") else { return Vec::new() };
    let depth = indent(with);
    assert_eq!(depth, step, "with: belongs to the step");
    lines
        .take_while(|l| indent(l) > depth)
        .filter_map(|l| l.trim().split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.split(" #").next().unwrap_or(v).trim().to_owned()))
        .collect()
}

/// action.yml's inputs and the environment variable each reaches the engine as.
fn action_inputs() -> HashMap<String, String> {
    let action = std::fs::read_to_string(repository_root().join("action.yml")).expect("action.yml");
    action
        .lines()
        .filter_map(|l| {
            let (name, value) = l.trim().split_once(": ")?;
            let input = value.strip_prefix("${{ inputs.")?.strip_suffix(" }}")?;
            Some((input.to_owned(), name.to_owned()))
        })
        .collect()
}

#[test]
fn the_readmes_workflow_example_is_what_the_action_runs() {
    let example = readme_example();
    for needed in [
        "uses: slimfile/slim-action@v1",
        "      pull-requests: write",
        "  contents: read",
        "concurrency:\n  group: slimfile-${{ github.event.pull_request.number || github.ref }}\n  cancel-in-progress: true",
        "persist-credentials: false",
    ] {
        assert!(example.contains(needed), "the README's example lacks {needed:?}:\n{example}");
    }
    let inputs = action_inputs();
    let with = step_inputs(&example, "slimfile/slim-action@v1");
    assert!(!with.is_empty());
    let env: Vec<(String, String)> = with
        .iter()
        .map(|(input, value)| {
            let var = inputs.get(input).unwrap_or_else(|| panic!("the README uses `{input}`, which action.yml lacks"));
            (var.clone(), value.clone())
        })
        .collect();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let checkout = shop("readme-example");
    let github = FakeGitHub::start(PR, HEAD_SHA, pr_files());
    let run = run(&checkout, pr_event(), WRITE_TOKEN, &github.api_url(), &env);
    assert_eq!(run.status, Some(0), "{}\n{}", run.log, run.stderr);
    assert_eq!(run.outputs.get("sarif-file").map(String::as_str), Some("slimfile.sarif"));
    assert!(checkout.root.join("slimfile.sarif").exists());
    assert_eq!(github.state().reviews.len(), 1);
    assert_eq!(github.state().issue_comments.len(), 1);
    // Every input the engine reads is one of the action's, under the name the README documents.
    let readme = std::fs::read_to_string(repository_root().join("README.md")).expect("README.md");
    for input in inputs.keys() {
        assert!(readme.contains(&format!("| `{input}` |")), "the README's inputs table lacks `{input}`");
    }
}

/// `zizmor` (and `check-jsonschema`'s GitHub schemas) over the workflows and action.yml, when
/// they are installed (`scripts/test` installs them from PyPI and sets `SLIMFILE_REQUIRE_LINTERS`,
/// which makes their absence a failure): no finding of medium severity or more, and both schemas
/// hold.
#[test]
fn the_workflows_and_the_action_pass_zizmor_and_the_schemas() {
    let root = repository_root();
    let required = std::env::var_os("SLIMFILE_REQUIRE_LINTERS").is_some();
    let tool = |name: &str| {
        let there = Command::new(name).arg("--version").output().is_ok_and(|o| o.status.success());
        assert!(there || !required, "{name} is missing and SLIMFILE_REQUIRE_LINTERS is set");
        there
    };
    if tool("zizmor") {
        let out = Command::new("zizmor")
            .args(["--offline", "--min-severity", "medium", "--format", "plain"])
            .arg(root.join(".github/workflows"))
            .arg(root.join("action.yml"))
            .output()
            .expect("zizmor");
        assert!(
            out.status.success(),
            "zizmor found problems:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    } else {
        eprintln!("zizmor is not installed: skipped (pip install zizmor)");
    }
    if tool("check-jsonschema") {
        let workflows: Vec<PathBuf> = std::fs::read_dir(root.join(".github/workflows"))
            .expect("workflows")
            .map(|e| e.expect("entry").path())
            .collect();
        for (schema, files) in
            [("vendor.github-workflows", workflows), ("vendor.github-actions", vec![root.join("action.yml")])]
        {
            let out = Command::new("check-jsonschema")
                .args(["--builtin-schema", schema])
                .args(&files)
                .output()
                .expect("check-jsonschema");
            assert!(out.status.success(), "{schema}: {}", String::from_utf8_lossy(&out.stdout));
        }
    } else {
        eprintln!("check-jsonschema is not installed: skipped (pip install check-jsonschema)");
    }
}

#[test]
fn the_api_is_reached_through_the_proxy_the_environment_names_unless_no_proxy_says_otherwise() {
    let checkout = shop("proxy");
    let github = FakeGitHub::start(PR, HEAD_SHA, pr_files());
    let proxy = fake_github::proxy::Proxy::start();
    let api = github.api_url();
    let host = api.trim_start_matches("http://").split('/').next().expect("host").to_owned();
    // GitHub's API is HTTPS (HTTPS_PROXY); the stand-in is plain HTTP, which HTTP_PROXY names.
    let through = [("HTTPS_PROXY", proxy.url.as_str()), ("HTTP_PROXY", proxy.url.as_str())];
    let run = run(&checkout, pr_event(), WRITE_TOKEN, &api, &through);
    assert_eq!(run.status, Some(0), "{}\n{}", run.log, run.stderr);
    assert!(run.log.contains(&format!("reaching http://{host} through the proxy 127.0.0.1:")), "{}", run.log);
    assert!(!proxy.tunnels().is_empty() && proxy.tunnels().iter().all(|t| *t == host), "{:?}", proxy.tunnels());
    assert_eq!(github.state().reviews.len(), 1, "{}", run.log);
    assert_eq!(github.state().issue_comments.len(), 1);

    let before = proxy.tunnels().len();
    let direct = [("HTTP_PROXY", proxy.url.as_str()), ("NO_PROXY", "localhost,127.0.0.1")];
    let run = self::run(&checkout, pr_event(), WRITE_TOKEN, &api, &direct);
    assert_eq!(run.status, Some(0), "{}", run.log);
    assert_eq!(proxy.tunnels().len(), before, "NO_PROXY names the host");
    assert!(!run.log.contains("through the proxy"), "{}", run.log);
}
