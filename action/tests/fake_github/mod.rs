//! A fake GitHub REST API on 127.0.0.1, for running the real `slimfile github` binary against.
//!
//! It serves the endpoints the Action uses with the shapes and status codes GitHub documents:
//! pull-request files (with `patch`, paginated by `Link` headers), review comments (list,
//! delete), reviews (create, refusing with 422 a comment outside the diff), issue comments (list,
//! create, update, refusing bodies over 65,536 characters), 401 for an unknown token, 403 for a
//! write with a read-only token, and scripted faults (5xx, 403/429 with or without
//! `retry-after`). Comments and reviews carry their author (the token's account: installation
//! tokens post as `github-actions[bot]` and get 403 from `GET /user`, a personal token is its
//! user), replies (`in_reply_to_id`), renamed (`previous_filename`) and removed files, omitted
//! patches and the files API's 3,000-file cap. GraphQL (`viewer`, `reviewThreads`,
//! `resolveReviewThread`, `minimizeComment`) answers at `/api/graphql`. The REST API is mounted
//! under `/api/v3`, as on GitHub Enterprise Server, so the client's base paths are tested too.
//! Every request is recorded for the tests to assert on.

#![allow(dead_code, reason = "each test binary uses a different part of the fake")]

pub mod http;
pub mod proxy;

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

/// A personal access token of the user `mona`.
pub const PAT_TOKEN: &str = "ghp_MonaPersonal000000000000000000000000";

/// Where GraphQL answers (GitHub Enterprise Server's path beside `/api/v3`).
pub const GRAPHQL_PATH: &str = "/api/graphql";

/// The most files the files API lists.
pub const FILES_CAP: usize = 3_000;

/// The documentation URL GitHub puts in error bodies.
const DOCS: &str = "https://docs.github.com/rest";

/// A file of the pull request.
#[derive(Clone, Debug)]
pub struct PrFile {
    pub filename: String,
    pub status: String,
    pub patch: Option<String>,
    pub previous_filename: Option<String>,
    /// `changes` when there is no patch (GitHub leaves it out of very large diffs).
    pub changes_without_patch: usize,
}

impl PrFile {
    /// A file the pull request adds: every line is an added line.
    pub fn added(filename: &str, text: &str) -> Self {
        let lines: Vec<&str> = text.lines().collect();
        let mut patch = format!("@@ -0,0 +1,{} @@", lines.len());
        for line in lines {
            patch.push_str(&format!("\n+{line}"));
        }
        Self::new(filename, "added", Some(patch))
    }

    /// A modified file with a hand-written patch.
    pub fn modified(filename: &str, patch: &str) -> Self {
        Self::new(filename, "modified", Some(patch.to_owned()))
    }

    /// A modified file whose diff is too large for GitHub to include its patch.
    pub fn without_patch(filename: &str) -> Self {
        Self { changes_without_patch: 24_000, ..Self::new(filename, "modified", None) }
    }

    /// A file renamed from `previous`, with `patch` (none for a pure rename).
    pub fn renamed(filename: &str, previous: &str, patch: Option<&str>) -> Self {
        Self {
            previous_filename: Some(previous.to_owned()),
            ..Self::new(filename, "renamed", patch.map(str::to_owned))
        }
    }

    /// A file the pull request deletes.
    pub fn removed(filename: &str, old_text: &str) -> Self {
        let lines: Vec<&str> = old_text.lines().collect();
        let mut patch = format!("@@ -1,{} +0,0 @@", lines.len());
        for line in lines {
            patch.push_str(&format!("\n-{line}"));
        }
        Self::new(filename, "removed", Some(patch))
    }

    fn new(filename: &str, status: &str, patch: Option<String>) -> Self {
        Self {
            filename: filename.to_owned(),
            status: status.to_owned(),
            patch,
            previous_filename: None,
            changes_without_patch: 0,
        }
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
    /// Review threads resolved through GraphQL, by the id of their first comment.
    pub resolved_threads: Vec<u64>,
    /// Node ids minimized through GraphQL.
    pub minimized: Vec<String>,
    /// The files at the head commit, for the contents API (path → text).
    pub head_contents: BTreeMap<String, String>,
    /// How long each request is held before it is answered, so that runs overlap.
    pub latency: std::time::Duration,
    pub faults: VecDeque<Fault>,
    /// Requests (method, path suffix) that are carried out once, and then answered 502 as if
    /// the answer was lost on the way back.
    pub lost_answers: Vec<(&'static str, String)>,
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
            resolved_threads: Vec::new(),
            minimized: Vec::new(),
            head_contents: BTreeMap::new(),
            latency: std::time::Duration::ZERO,
            faults: VecDeque::new(),
            lost_answers: Vec::new(),
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

    /// The recorded requests that change something: every one but REST `GET`s and GraphQL
    /// queries, as `METHOD path` (a GraphQL mutation as `GRAPHQL mutationName`).
    pub fn writes(&self) -> Vec<String> {
        self.state()
            .requests
            .iter()
            .filter(|r| r.method != "GET")
            .filter_map(|r| {
                if r.path != "/graphql" {
                    return Some(format!("{} {}", r.method, r.path));
                }
                let query = r.json()["query"].as_str().unwrap_or_default().trim().to_owned();
                query.starts_with("mutation").then(|| format!("GRAPHQL {}", mutation_name(&query)))
            })
            .collect()
    }

    /// Adds a reply by `login` to review comment `to`; returns its id.
    pub fn reply(&self, to: u64, login: &str, body: &str) -> u64 {
        let mut state = self.state();
        state.next_id += 1;
        let id = state.next_id;
        let parent = state.review_comments.iter().find(|c| c["id"].as_u64() == Some(to)).cloned().expect("parent");
        let mut reply = parent;
        reply["id"] = json!(id);
        reply["node_id"] = json!(format!("PRRC_{id}"));
        reply["in_reply_to_id"] = json!(to);
        reply["body"] = json!(body);
        reply["user"] = user(login);
        state.review_comments.push(reply);
        id
    }

    /// Adds an issue comment by `login`, as if posted earlier; returns its id.
    pub fn add_issue_comment(&self, login: &str, body: &str) -> u64 {
        let mut state = self.state();
        state.next_id += 1;
        let id = state.next_id;
        let mut comment = issue_comment(id, body);
        comment["user"] = user(login);
        state.issue_comments.push(comment);
        id
    }
}

/// Standard base64 with a line break every 60 characters, as the contents API sends it.
fn base64(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in text.as_bytes().chunks(3) {
        let n = chunk.iter().fold(0u32, |n, b| (n << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            let symbol = if i <= chunk.len() { char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]) } else { '=' };
            out.push(symbol);
        }
    }
    let lines: Vec<String> = out.as_bytes().chunks(60).map(|l| String::from_utf8_lossy(l).into_owned()).collect();
    lines.join("\n") + "\n"
}

/// The name of the first field a GraphQL mutation calls.
fn mutation_name(query: &str) -> String {
    let body = query.split_once('{').map_or("", |(_, rest)| rest).trim_start();
    body.split(|c: char| !c.is_alphanumeric()).next().unwrap_or_default().to_owned()
}

/// The account a token posts as.
fn login_of(token: &str) -> &'static str {
    if token == PAT_TOKEN { "mona" } else { "github-actions[bot]" }
}

fn user(login: &str) -> Value {
    if login.ends_with("[bot]") {
        json!({"login": login, "id": 41_898_282, "type": "Bot"})
    } else {
        json!({"login": login, "id": 583_231, "type": "User"})
    }
}

fn serve(stream: std::net::TcpStream, address: SocketAddr, state: &Mutex<State>) {
    let Ok(mut writer) = stream.try_clone() else { return };
    let mut reader = BufReader::new(stream);
    while let Some(request) = read_request(&mut reader) {
        let latency = state.lock().expect("fake state").latency;
        std::thread::sleep(latency);
        let response = {
            let mut state = state.lock().expect("fake state");
            let response = respond(&mut state, &request, address);
            let path = request.path.strip_prefix(BASE_PATH).unwrap_or(&request.path).to_owned();
            match state.lost_answers.iter().position(|(m, p)| *m == request.method && path.ends_with(p.as_str())) {
                Some(at) if response.status < 300 => {
                    state.lost_answers.remove(at);
                    Response::empty(502)
                }
                _ => response,
            }
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
    let path = if request.path == GRAPHQL_PATH { "/graphql" } else { request.path.as_str() };
    let Some(path) = path.strip_prefix(BASE_PATH).or((path == "/graphql").then_some(path)) else {
        return error(404, "Not Found");
    };
    state.requests.push(Recorded {
        method: request.method.clone(),
        path: path.to_owned(),
        query: request.query.clone(),
        authorization: request.header("authorization").map(str::to_owned),
        body: request.body.clone(),
    });
    let token = request.header("authorization").and_then(|v| v.strip_prefix("Bearer "));
    let Some(token) = token.filter(|t| [WRITE_TOKEN, READ_ONLY_TOKEN, PAT_TOKEN].contains(t)) else {
        return error(401, "Bad credentials");
    };
    let login = login_of(token);
    if let Some(at) = state.faults.iter().position(|f| f.method == request.method && path.ends_with(&f.path_suffix)) {
        let fault = &mut state.faults[at];
        let response = fault.response.clone();
        fault.times -= 1;
        if fault.times == 0 {
            state.faults.remove(at);
        }
        return response;
    }
    if path == "/graphql" {
        return graphql(state, request, login, token == READ_ONLY_TOKEN);
    }
    if path == "/user" {
        return if token == PAT_TOKEN {
            Response::json(200, &user(login))
        } else {
            error(403, "Resource not accessible by integration")
        };
    }
    if request.method != "GET" && token == READ_ONLY_TOKEN {
        return error(403, "Resource not accessible by integration");
    }
    let Some(rest) = path.strip_prefix(&format!("/repos/{REPO}/")) else { return error(404, "Not Found") };
    let segments: Vec<&str> = rest.split('/').collect();
    let number = state.pr_number.to_string();
    let id = |s: &str| s.parse::<u64>().ok();
    match (request.method.as_str(), segments.as_slice()) {
        ("GET", ["contents", ..]) => {
            let file = rest.strip_prefix("contents/").unwrap_or_default().replace("%20", " ");
            match state.head_contents.get(&file) {
                Some(text) if request.query_param("ref") == Some(state.head_sha.as_str()) => Response::json(
                    200,
                    &json!({"type": "file", "encoding": "base64", "path": file, "content": base64(text)}),
                ),
                _ => error(404, "Not Found"),
            }
        }
        ("GET", ["pulls", n, "files"]) if *n == number => {
            let files: Vec<Value> = state.files.iter().take(FILES_CAP).map(file_json).collect();
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
        ("POST", ["pulls", n, "reviews"]) if *n == number => create_review(state, request, login),
        ("POST", ["pulls", n, "comments"]) if *n == number => create_file_comment(state, request, login),
        ("GET", ["pulls", n, "reviews"]) if *n == number => {
            page(request, address, path, &state.reviews, state.max_per_page)
        }
        ("PUT", ["pulls", n, "reviews", review]) if *n == number => {
            let Some(body) = comment_body(request) else { return error(422, "Validation Failed") };
            match state.reviews.iter_mut().find(|r| r["id"].as_u64() == id(review)) {
                Some(existing) if existing["user"]["login"] == login => {
                    existing["body"] = json!(body);
                    Response::json(200, existing)
                }
                Some(_) => error(403, "Forbidden"),
                None => error(404, "Not Found"),
            }
        }
        ("GET", ["issues", n, "comments"]) if *n == number => {
            page(request, address, path, &state.issue_comments, state.max_per_page)
        }
        ("POST", ["issues", n, "comments"]) if *n == number => {
            let Some(body) = comment_body(request) else { return error(422, "Validation Failed") };
            if body.chars().count() > 65_536 {
                return error(422, "Body is too long (maximum is 65536 characters)");
            }
            state.next_id += 1;
            let mut comment = issue_comment(state.next_id, &body);
            comment["user"] = user(login);
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
        ("DELETE", ["issues", "comments", comment]) => {
            let before = state.issue_comments.len();
            state.issue_comments.retain(|c| c["id"].as_u64() != id(comment));
            if state.issue_comments.len() == before { error(404, "Not Found") } else { Response::empty(204) }
        }
        _ => error(404, "Not Found"),
    }
}

/// The GraphQL calls the Action makes, recognised by the fields they name.
fn graphql(state: &mut State, request: &Request, login: &str, read_only: bool) -> Response {
    let Ok(call) = serde_json::from_str::<Value>(&request.body) else { return error(400, "Problems parsing JSON") };
    let query = call["query"].as_str().unwrap_or_default();
    let variables = &call["variables"];
    let refused = || {
        Response::json(
            200,
            &json!({"data": null, "errors": [{"type": "FORBIDDEN", "message": "Resource not accessible by integration"}]}),
        )
    };
    if query.trim_start().starts_with("mutation") && read_only {
        return refused();
    }
    if query.contains("viewer") {
        return Response::json(200, &json!({"data": {"viewer": {"login": login}}}));
    }
    if query.contains("reviewThreads") {
        let roots: Vec<&Value> = state.review_comments.iter().filter(|c| c["in_reply_to_id"].is_null()).collect();
        // Two threads a page, so that the client follows the cursor.
        let after: usize = variables["after"].as_str().and_then(|a| a.parse().ok()).unwrap_or(0);
        let nodes: Vec<Value> = roots
            .iter()
            .skip(after)
            .take(2)
            .map(|root| {
                let id = root["id"].as_u64().unwrap_or_default();
                json!({
                    "id": format!("PRRT_{id}"),
                    "isResolved": state.resolved_threads.contains(&id),
                    "comments": {"nodes": [{"databaseId": id}]},
                })
            })
            .collect();
        let next = after + nodes.len();
        return Response::json(
            200,
            &json!({"data": {"repository": {"pullRequest": {"reviewThreads": {
                "pageInfo": {"hasNextPage": next < roots.len(), "endCursor": next.to_string()},
                "nodes": nodes,
            }}}}}),
        );
    }
    if query.contains("resolveReviewThread") {
        let thread = variables["id"].as_str().unwrap_or_default();
        let Some(root) = thread.strip_prefix("PRRT_").and_then(|id| id.parse::<u64>().ok()) else {
            return Response::json(
                200,
                &json!({"data": null, "errors": [{"type": "NOT_FOUND", "message": "no thread"}]}),
            );
        };
        if !state.resolved_threads.contains(&root) {
            state.resolved_threads.push(root);
        }
        return Response::json(
            200,
            &json!({"data": {"resolveReviewThread": {"thread": {"id": thread, "isResolved": true}}}}),
        );
    }
    if query.contains("minimizeComment") {
        let subject = variables["id"].as_str().unwrap_or_default().to_owned();
        let known = state.reviews.iter().chain(&state.issue_comments).any(|c| c["node_id"] == subject.as_str());
        if !known {
            return Response::json(
                200,
                &json!({"data": null, "errors": [{"type": "NOT_FOUND", "message": "no subject"}]}),
            );
        }
        state.minimized.push(subject);
        return Response::json(200, &json!({"data": {"minimizeComment": {"minimizedComment": {"isMinimized": true}}}}));
    }
    Response::json(200, &json!({"data": null, "errors": [{"message": "unknown query"}]}))
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
    let changes = file
        .patch
        .as_deref()
        .map_or(file.changes_without_patch, |p| p.lines().filter(|l| l.starts_with(['+', '-'])).count());
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
    if let Some(previous) = &file.previous_filename {
        value["previous_filename"] = json!(previous);
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

/// A file-level review comment (`subject_type: file`): the path must be one of the pull
/// request's files.
fn create_file_comment(state: &mut State, request: &Request, login: &str) -> Response {
    let Ok(comment) = serde_json::from_str::<Value>(&request.body) else { return error(400, "Problems parsing JSON") };
    let path = comment["path"].as_str().unwrap_or_default().to_owned();
    let known = state.files.iter().any(|f| f.filename == path);
    if comment["subject_type"] != "file" || !known || comment["commit_id"].as_str() != Some(state.head_sha.as_str()) {
        return error(422, "Validation Failed");
    }
    state.next_id += 1;
    let id = state.next_id;
    let created = json!({
        "id": id,
        "node_id": format!("PRRC_{id}"),
        "pull_request_review_id": null,
        "path": path,
        "line": null,
        "start_line": null,
        "subject_type": "file",
        "commit_id": state.head_sha,
        "body": comment["body"],
        "user": user(login),
        "in_reply_to_id": null,
        "html_url": format!("https://github.com/{REPO}/pull/{}#discussion_r{id}", state.pr_number),
    });
    state.review_comments.push(created.clone());
    Response::json(201, &created)
}

fn create_review(state: &mut State, request: &Request, login: &str) -> Response {
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
            "node_id": format!("PRRC_{id}"),
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
            "user": user(login),
            "in_reply_to_id": null,
            "html_url": format!("https://github.com/{REPO}/pull/{}#discussion_r{id}", state.pr_number),
        }));
    }
    let created = json!({
        "id": review_id,
        "node_id": format!("PRR_{review_id}"),
        "user": user(login),
        "body": review["body"],
        "state": "COMMENTED",
        "commit_id": state.head_sha,
        "html_url": format!("https://github.com/{REPO}/pull/{}#pullrequestreview-{review_id}", state.pr_number),
        "submitted_at": "2026-11-26T12:00:00Z",
    });
    state.reviews.push(created.clone());
    Response::json(200, &created)
}
