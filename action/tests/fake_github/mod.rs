//! A fake GitHub REST API on 127.0.0.1, for running the real `slimfile github` binary against.
//!
//! It serves the endpoints the Action uses with the shapes and status codes GitHub documents:
//! pull-request files (with `patch`, paginated by `Link` headers), review comments (list,
//! delete), reviews (create, refusing with 422 a comment outside the diff), issue comments (list,
//! create, update, refusing bodies over 65,536 characters), 401 for an unknown token, 403 for a
//! write with a read-only token, and scripted faults (5xx, 403/429 with `retry-after`). It is
//! mounted under `/api/v3`, as on GitHub Enterprise Server, so the client's base path is tested
//! too. Every request is recorded for the tests to assert on.

#![allow(dead_code, reason = "each test binary uses a different part of the fake")]

pub mod http;

use std::collections::{BTreeMap, VecDeque};
use std::io::BufReader;
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{Value, json};

use self::http::{Request, Response, read_request, write_response};

/// Where the API is mounted.
pub const BASE_PATH: &str = "/api/v3";

/// The repository the fake serves.
pub const REPO: &str = "octo-org/shop";

/// The token with write access to the pull request.
pub const WRITE_TOKEN: &str = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";

/// A read-only token, as a fork's pull request gets.
pub const READ_ONLY_TOKEN: &str = "ghs_ReadOnly0000000000000000000000000000";

/// The documentation URL GitHub puts in error bodies.
const DOCS: &str = "https://docs.github.com/rest";

/// A file of the pull request.
#[derive(Clone, Debug)]
pub struct PrFile {
    pub filename: String,
    pub status: String,
    pub patch: Option<String>,
}

impl PrFile {
    /// A file the pull request adds: every line is an added line.
    pub fn added(filename: &str, text: &str) -> Self {
        let lines: Vec<&str> = text.lines().collect();
        let mut patch = format!("@@ -0,0 +1,{} @@", lines.len());
        for line in lines {
            patch.push_str(&format!("\n+{line}"));
        }
        Self { filename: filename.to_owned(), status: "added".to_owned(), patch: Some(patch) }
    }

    /// A modified file with a hand-written patch.
    pub fn modified(filename: &str, patch: &str) -> Self {
        Self { filename: filename.to_owned(), status: "modified".to_owned(), patch: Some(patch.to_owned()) }
    }
}

/// A scripted failure: the next `times` requests matching `method` and ending in `path_suffix`
/// get this response instead of the real one.
#[derive(Clone, Debug)]
pub struct Fault {
    pub method: &'static str,
    pub path_suffix: String,
    pub times: usize,
    pub response: Response,
}

/// A recorded request.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// The path below [`BASE_PATH`].
    pub path: String,
    pub query: String,
    pub authorization: Option<String>,
    pub body: String,
}

impl Recorded {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("a JSON request body")
    }
}

/// What the fake knows and has been told.
#[derive(Debug)]
pub struct State {
    pub pr_number: u64,
    pub head_sha: String,
    pub files: Vec<PrFile>,
    /// The patches review comments are checked against; `None`: the served `files`. A test
    /// sets them to model a push landing between listing the files and posting the review.
    pub diff_for_validation: Option<Vec<PrFile>>,
    /// Page size when the client asks for more (GitHub's maximum is 100).
    pub max_per_page: usize,
    pub review_comments: Vec<Value>,
    pub issue_comments: Vec<Value>,
    pub reviews: Vec<Value>,
    pub faults: VecDeque<Fault>,
    pub requests: Vec<Recorded>,
    next_id: u64,
}

/// The running fake.
pub struct FakeGitHub {
    address: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl FakeGitHub {
    /// Starts a fake for pull request `pr_number` at `head_sha`, serving `files`.
    pub fn start(pr_number: u64, head_sha: &str, files: Vec<PrFile>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let address = listener.local_addr().expect("local address");
        let state = Arc::new(Mutex::new(State {
            pr_number,
            head_sha: head_sha.to_owned(),
            files,
            diff_for_validation: None,
            max_per_page: 100,
            review_comments: Vec::new(),
            issue_comments: Vec::new(),
            reviews: Vec::new(),
            faults: VecDeque::new(),
            requests: Vec::new(),
            next_id: 1000,
        }));
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let state = Arc::clone(&shared);
                std::thread::spawn(move || serve(stream, address, &state));
            }
        });
        Self { address, state }
    }

    /// The `GITHUB_API_URL` to give the Action.
    pub fn api_url(&self) -> String {
        format!("http://{}{BASE_PATH}", self.address)
    }

    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().expect("fake state")
    }

    /// The recorded requests as `METHOD path`.
    pub fn calls(&self) -> Vec<String> {
        self.state().requests.iter().map(|r| format!("{} {}", r.method, r.path)).collect()
    }

    /// The recorded requests with this method and path.
    pub fn requests_to(&self, method: &str, path: &str) -> Vec<Recorded> {
        self.state().requests.iter().filter(|r| r.method == method && r.path == path).cloned().collect()
    }
}

fn serve(stream: std::net::TcpStream, address: SocketAddr, state: &Mutex<State>) {
    let Ok(mut writer) = stream.try_clone() else { return };
    let mut reader = BufReader::new(stream);
    while let Some(request) = read_request(&mut reader) {
        let response = {
            let mut state = state.lock().expect("fake state");
            respond(&mut state, &request, address)
        };
        if write_response(&mut writer, &response).is_err() {
            return;
        }
    }
}

fn error(status: u16, message: &str) -> Response {
    Response::json(status, &json!({"message": message, "documentation_url": DOCS, "status": status.to_string()}))
}

fn respond(state: &mut State, request: &Request, address: SocketAddr) -> Response {
    let Some(path) = request.path.strip_prefix(BASE_PATH) else { return error(404, "Not Found") };
    state.requests.push(Recorded {
        method: request.method.clone(),
        path: path.to_owned(),
        query: request.query.clone(),
        authorization: request.header("authorization").map(str::to_owned),
        body: request.body.clone(),
    });
    let token = request.header("authorization").and_then(|v| v.strip_prefix("Bearer "));
    if token != Some(WRITE_TOKEN) && token != Some(READ_ONLY_TOKEN) {
        return error(401, "Bad credentials");
    }
    if let Some(at) = state.faults.iter().position(|f| f.method == request.method && path.ends_with(&f.path_suffix)) {
        let fault = &mut state.faults[at];
        let response = fault.response.clone();
        fault.times -= 1;
        if fault.times == 0 {
            state.faults.remove(at);
        }
        return response;
    }
    if request.method != "GET" && token == Some(READ_ONLY_TOKEN) {
        return error(403, "Resource not accessible by integration");
    }
    let Some(rest) = path.strip_prefix(&format!("/repos/{REPO}/")) else { return error(404, "Not Found") };
    let segments: Vec<&str> = rest.split('/').collect();
    let number = state.pr_number.to_string();
    let id = |s: &str| s.parse::<u64>().ok();
    match (request.method.as_str(), segments.as_slice()) {
        ("GET", ["pulls", n, "files"]) if *n == number => {
            let files: Vec<Value> = state.files.iter().map(file_json).collect();
            page(request, address, path, &files, state.max_per_page)
        }
        ("GET", ["pulls", n, "comments"]) if *n == number => {
            page(request, address, path, &state.review_comments, state.max_per_page)
        }
        ("DELETE", ["pulls", "comments", comment]) => {
            let before = state.review_comments.len();
            state.review_comments.retain(|c| c["id"].as_u64() != id(comment));
            if state.review_comments.len() == before { error(404, "Not Found") } else { Response::empty(204) }
        }
        ("POST", ["pulls", n, "reviews"]) if *n == number => create_review(state, request),
        ("GET", ["issues", n, "comments"]) if *n == number => {
            page(request, address, path, &state.issue_comments, state.max_per_page)
        }
        ("POST", ["issues", n, "comments"]) if *n == number => {
            let Some(body) = comment_body(request) else { return error(422, "Validation Failed") };
            if body.chars().count() > 65_536 {
                return error(422, "Body is too long (maximum is 65536 characters)");
            }
            state.next_id += 1;
            let comment = issue_comment(state.next_id, &body);
            state.issue_comments.push(comment.clone());
            Response::json(201, &comment)
        }
        ("PATCH", ["issues", "comments", comment]) => {
            let Some(body) = comment_body(request) else { return error(422, "Validation Failed") };
            if body.chars().count() > 65_536 {
                return error(422, "Body is too long (maximum is 65536 characters)");
            }
            match state.issue_comments.iter_mut().find(|c| c["id"].as_u64() == id(comment)) {
                Some(existing) => {
                    existing["body"] = json!(body);
                    existing["updated_at"] = json!("2026-11-26T12:05:00Z");
                    Response::json(200, existing)
                }
                None => error(404, "Not Found"),
            }
        }
        _ => error(404, "Not Found"),
    }
}

fn comment_body(request: &Request) -> Option<String> {
    let value: Value = serde_json::from_str(&request.body).ok()?;
    value["body"].as_str().map(str::to_owned)
}

/// One page of `items`, with GitHub's `Link` header when there are more.
fn page(request: &Request, address: SocketAddr, path: &str, items: &[Value], max_per_page: usize) -> Response {
    let per_page = request.query_param("per_page").and_then(|v| v.parse().ok()).unwrap_or(30).clamp(1, max_per_page);
    let page = request.query_param("page").and_then(|v| v.parse().ok()).unwrap_or(1usize).max(1);
    let last = items.len().div_ceil(per_page).max(1);
    let slice: Vec<Value> = items.iter().skip((page - 1) * per_page).take(per_page).cloned().collect();
    let mut response = Response::json(200, &Value::Array(slice));
    let url = |p: usize| format!("<http://{address}{BASE_PATH}{path}?per_page={per_page}&page={p}>");
    let mut links = Vec::new();
    if page < last {
        links.push(format!("{}; rel=\"next\"", url(page + 1)));
        links.push(format!("{}; rel=\"last\"", url(last)));
    }
    if page > 1 {
        links.push(format!("{}; rel=\"first\"", url(1)));
        links.push(format!("{}; rel=\"prev\"", url(page - 1)));
    }
    if !links.is_empty() {
        response = response.with_header("link", &links.join(", "));
    }
    response
}

fn file_json(file: &PrFile) -> Value {
    let changes = file.patch.as_deref().map_or(0, |p| p.lines().filter(|l| l.starts_with(['+', '-'])).count());
    let mut value = json!({
        "sha": "bbcd538c8e72b8c175046e27cc8f907076331401",
        "filename": file.filename,
        "status": file.status,
        "additions": changes,
        "deletions": 0,
        "changes": changes,
        "blob_url": format!("https://github.com/{REPO}/blob/6dcb09b5b57875f334f61aebed695e2e4193db5e/{}", file.filename),
        "raw_url": format!("https://github.com/{REPO}/raw/6dcb09b5b57875f334f61aebed695e2e4193db5e/{}", file.filename),
        "contents_url": format!("https://api.github.com/repos/{REPO}/contents/{}?ref=6dcb09b5b57875f334f61aebed695e2e4193db5e", file.filename),
    });
    if let Some(patch) = &file.patch {
        value["patch"] = json!(patch);
    }
    value
}

fn bot() -> Value {
    json!({"login": "github-actions[bot]", "id": 41_898_282, "type": "Bot"})
}

fn issue_comment(id: u64, body: &str) -> Value {
    json!({
        "id": id,
        "node_id": format!("IC_{id}"),
        "url": format!("https://api.github.com/repos/{REPO}/issues/comments/{id}"),
        "html_url": format!("https://github.com/{REPO}/pull/42#issuecomment-{id}"),
        "body": body,
        "user": bot(),
        "created_at": "2026-11-26T12:00:00Z",
        "updated_at": "2026-11-26T12:00:00Z",
        "author_association": "NONE",
    })
}

/// The new-file lines of each file's diff, with their hunk: where a review comment may go.
fn commentable(files: &[PrFile]) -> BTreeMap<String, BTreeMap<u64, usize>> {
    let mut out = BTreeMap::new();
    for file in files {
        let mut lines = BTreeMap::new();
        let (mut hunk, mut next) = (0, None);
        for line in file.patch.as_deref().unwrap_or_default().lines() {
            if let Some(header) = line.strip_prefix("@@ ") {
                hunk += 1;
                next = header
                    .split_whitespace()
                    .find_map(|p| p.strip_prefix('+'))
                    .and_then(|p| p.split(',').next())
                    .and_then(|p| p.parse::<u64>().ok());
            } else if let Some(n) = next
                && (line.starts_with('+') || line.starts_with(' '))
            {
                lines.insert(n, hunk);
                next = Some(n + 1);
            }
        }
        out.insert(file.filename.clone(), lines);
    }
    out
}

fn create_review(state: &mut State, request: &Request) -> Response {
    let Ok(review) = serde_json::from_str::<Value>(&request.body) else { return error(400, "Problems parsing JSON") };
    if review["commit_id"].as_str() != Some(state.head_sha.as_str()) {
        return error(422, "Unprocessable Entity");
    }
    let valid = commentable(state.diff_for_validation.as_deref().unwrap_or(&state.files));
    let comments = review["comments"].as_array().cloned().unwrap_or_default();
    for comment in &comments {
        let lines = comment["path"].as_str().and_then(|p| valid.get(p));
        let line = comment["line"].as_u64();
        let start = comment["start_line"].as_u64().or(line);
        let in_diff = match (lines, start, line) {
            (Some(lines), Some(start), Some(line)) => {
                let hunk = lines.get(&line);
                hunk.is_some() && (start..=line).all(|l| lines.get(&l) == hunk)
            }
            _ => false,
        };
        if !in_diff || comment["side"] != "RIGHT" {
            return Response::json(
                422,
                &json!({
                    "message": "Unprocessable Entity",
                    "errors": ["Pull request review thread line must be part of the diff"],
                    "documentation_url": "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request",
                    "status": "422",
                }),
            );
        }
    }
    state.next_id += 1;
    let review_id = state.next_id;
    for comment in comments {
        state.next_id += 1;
        let id = state.next_id;
        state.review_comments.push(json!({
            "id": id,
            "pull_request_review_id": review_id,
            "path": comment["path"],
            "line": comment["line"],
            "original_line": comment["line"],
            "start_line": comment.get("start_line").cloned().unwrap_or(Value::Null),
            "side": "RIGHT",
            "start_side": comment.get("start_side").cloned().unwrap_or(Value::Null),
            "commit_id": state.head_sha,
            "original_commit_id": state.head_sha,
            "body": comment["body"],
            "user": bot(),
            "html_url": format!("https://github.com/{REPO}/pull/{}#discussion_r{id}", state.pr_number),
        }));
    }
    let created = json!({
        "id": review_id,
        "node_id": format!("PRR_{review_id}"),
        "user": bot(),
        "body": review["body"],
        "state": "COMMENTED",
        "commit_id": state.head_sha,
        "html_url": format!("https://github.com/{REPO}/pull/{}#pullrequestreview-{review_id}", state.pr_number),
        "submitted_at": "2026-11-26T12:00:00Z",
    });
    state.reviews.push(created.clone());
    Response::json(200, &created)
}
