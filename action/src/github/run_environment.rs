//! What the Actions runner tells the engine about the run: the standard `GITHUB_*` environment
//! and the event payload file.

use std::path::PathBuf;

use serde::Deserialize;

/// The repository a run belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repository {
    /// The owner (user or organisation).
    pub owner: String,
    /// The repository's name.
    pub name: String,
}

impl Repository {
    /// Parses `owner/name`.
    #[must_use]
    pub fn parse(full_name: &str) -> Option<Self> {
        let (owner, name) = full_name.trim().split_once('/')?;
        let valid = |part: &str| !part.is_empty() && !part.contains('/') && !part.contains(char::is_whitespace);
        (valid(owner) && valid(name)).then(|| Self { owner: owner.to_owned(), name: name.to_owned() })
    }

    /// `owner/name`.
    #[must_use]
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.owner, self.name)
    }
}

/// The pull request a `pull_request` (or `pull_request_target`) run is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PullRequest {
    /// Its number.
    pub number: u64,
    /// The commit at its head: review comments are made against it.
    pub head_sha: String,
    /// Whether it comes from another repository, whose runs get a read-only token.
    pub from_fork: bool,
    /// How many files it changes, as the payload says: more than the files API lists (it
    /// stops at 3,000) means the listing is incomplete.
    pub changed_files: Option<u64>,
    /// Whether the run is a `pull_request_target` one: it runs the base branch's workflow with
    /// a writable token, and its checkout is the base unless the workflow checks out the head.
    pub target: bool,
}

/// The event that started the run, as far as the engine cares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A pull request was opened or updated.
    PullRequest(PullRequest),
    /// Anything else (`push`, `workflow_dispatch`, `schedule`, ...): check every matching file.
    Other {
        /// The event's name, for the log.
        name: String,
    },
}

/// The run's environment.
#[derive(Clone, Debug)]
pub struct RunEnvironment {
    /// `GITHUB_REPOSITORY`, else the payload's `repository.full_name`.
    pub repository: Option<Repository>,
    /// `GITHUB_API_URL` (GitHub Enterprise Server has its own), else `https://api.github.com`.
    pub api_url: String,
    /// `GITHUB_GRAPHQL_URL`, else derived from `api_url` (`/api/v3` → `/api/graphql` on
    /// GitHub Enterprise Server, `…/graphql` elsewhere).
    pub graphql_url: String,
    /// `GITHUB_SERVER_URL`, else `https://github.com`: where files can be linked.
    pub server_url: String,
    /// `GITHUB_WORKFLOW`: the workflow's name, part of the run's default identity.
    pub workflow: Option<String>,
    /// `GITHUB_JOB`: the job's id, part of the run's default identity.
    pub job: Option<String>,
    /// `GITHUB_TOKEN`, when given and not empty.
    pub token: Option<String>,
    /// The event.
    pub event: Event,
    /// `GITHUB_SHA`: the commit checked out.
    pub sha: Option<String>,
    /// `GITHUB_STEP_SUMMARY`: the job summary file.
    pub step_summary: Option<PathBuf>,
    /// `GITHUB_OUTPUT`: the step outputs file.
    pub output: Option<PathBuf>,
    /// Why the payload could not be used, if it could not.
    pub payload_problem: Option<String>,
}

impl RunEnvironment {
    /// Reads the context through `var` (the process environment, or a map in tests) and
    /// `read_file` (for `GITHUB_EVENT_PATH`).
    pub fn read(var: &dyn Fn(&str) -> Option<String>, read_file: &dyn Fn(&str) -> std::io::Result<String>) -> Self {
        let var = |name: &str| var(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let name = var("GITHUB_EVENT_NAME").unwrap_or_default();
        let (payload, payload_problem) = match var("GITHUB_EVENT_PATH") {
            None => (None, None),
            Some(path) => match read_file(&path).map(|text| serde_json::from_str::<Payload>(&text)) {
                Ok(Ok(payload)) => (Some(payload), None),
                Ok(Err(error)) => (None, Some(format!("the event payload is not what GitHub sends: {error}"))),
                Err(error) => (None, Some(format!("the event payload could not be read: {error}"))),
            },
        };
        let event = event(&name, payload.as_ref());
        let payload_problem = payload_problem.or_else(|| {
            (is_pull_request_event(&name) && !matches!(event, Event::PullRequest(_)))
                .then(|| "the pull_request event has no pull request in its payload".to_owned())
        });
        let repository = var("GITHUB_REPOSITORY")
            .and_then(|r| Repository::parse(&r))
            .or_else(|| payload.as_ref()?.repository.as_ref().and_then(|r| Repository::parse(&r.full_name)));
        let api_url = var("GITHUB_API_URL").unwrap_or_else(|| "https://api.github.com".to_owned());
        let graphql_url = var("GITHUB_GRAPHQL_URL").unwrap_or_else(|| graphql_url_for(&api_url));
        Self {
            repository,
            api_url,
            graphql_url,
            server_url: var("GITHUB_SERVER_URL").unwrap_or_else(|| "https://github.com".to_owned()),
            workflow: var("GITHUB_WORKFLOW"),
            job: var("GITHUB_JOB"),
            token: var("GITHUB_TOKEN"),
            event,
            sha: var("GITHUB_SHA"),
            step_summary: var("GITHUB_STEP_SUMMARY").map(PathBuf::from),
            output: var("GITHUB_OUTPUT").map(PathBuf::from),
            payload_problem,
        }
    }

    /// The pull request, on a pull-request run.
    #[must_use]
    pub fn pull_request(&self) -> Option<&PullRequest> {
        match &self.event {
            Event::PullRequest(pr) => Some(pr),
            Event::Other { .. } => None,
        }
    }

    /// The commit whose files are reported: the pull request's head, else `GITHUB_SHA`.
    #[must_use]
    pub fn commit(&self) -> Option<&str> {
        self.pull_request().map(|pr| pr.head_sha.as_str()).or(self.sha.as_deref())
    }
}

/// GitHub's GraphQL endpoint beside a REST root: `https://api.github.com/graphql`, and
/// `https://HOST/api/graphql` for GitHub Enterprise Server's `https://HOST/api/v3`.
fn graphql_url_for(api_url: &str) -> String {
    let root = api_url.trim_end_matches('/');
    match root.strip_suffix("/api/v3") {
        Some(host) => format!("{host}/api/graphql"),
        None => format!("{root}/graphql"),
    }
}

fn is_pull_request_event(name: &str) -> bool {
    name == "pull_request" || name == "pull_request_target"
}

fn event(name: &str, payload: Option<&Payload>) -> Event {
    let pull_request = payload.and_then(|p| p.pull_request.as_ref()).filter(|_| is_pull_request_event(name));
    match pull_request {
        Some(pr) => {
            let base = pr.base.repo.as_ref().map(|r| r.full_name.as_str());
            // A deleted fork leaves `head.repo` null: treat it as a fork, whose token is read-only.
            let head = pr.head.repo.as_ref().map(|r| r.full_name.as_str());
            Event::PullRequest(PullRequest {
                number: pr.number,
                head_sha: pr.head.sha.clone(),
                from_fork: head.is_none() || head != base,
                changed_files: pr.changed_files,
                target: name == "pull_request_target",
            })
        }
        None => Event::Other { name: if name.is_empty() { "unknown".to_owned() } else { name.to_owned() } },
    }
}

/// The parts of GitHub's webhook payload the engine reads.
#[derive(Deserialize)]
struct Payload {
    pull_request: Option<PullRequestPayload>,
    repository: Option<RepositoryPayload>,
}

#[derive(Deserialize)]
struct PullRequestPayload {
    number: u64,
    changed_files: Option<u64>,
    head: GitRef,
    base: GitRef,
}

#[derive(Deserialize)]
struct GitRef {
    sha: String,
    repo: Option<RepositoryPayload>,
}

#[derive(Deserialize)]
struct RepositoryPayload {
    full_name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(vars: &[(&str, &str)], payload: &str) -> RunEnvironment {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        let var = move |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let payload = payload.to_owned();
        RunEnvironment::read(&var, &move |_| Ok(payload.clone()))
    }

    const PR: &str = r#"{"action":"synchronize","number":7,"pull_request":{"number":7,
        "head":{"sha":"abc","repo":{"full_name":"someone/shop"}},
        "base":{"sha":"def","repo":{"full_name":"octo/shop"}}},"repository":{"full_name":"octo/shop"}}"#;

    #[test]
    fn a_pull_request_event_from_a_fork() {
        let ctx = context(&[("GITHUB_EVENT_NAME", "pull_request"), ("GITHUB_EVENT_PATH", "e.json")], PR);
        assert_eq!(
            ctx.event,
            Event::PullRequest(PullRequest {
                number: 7,
                head_sha: "abc".into(),
                from_fork: true,
                changed_files: None,
                target: false
            })
        );
        assert_eq!(ctx.repository, Repository::parse("octo/shop"), "from the payload when GITHUB_REPOSITORY is unset");
        assert_eq!(ctx.api_url, "https://api.github.com");
        assert_eq!(ctx.graphql_url, "https://api.github.com/graphql");
        assert_eq!(graphql_url_for("https://ghe.example.com/api/v3/"), "https://ghe.example.com/api/graphql");
        assert_eq!(ctx.commit(), Some("abc"));
        assert_eq!(ctx.payload_problem, None);
    }

    #[test]
    fn push_and_broken_payloads() {
        let ctx = context(
            &[
                ("GITHUB_EVENT_NAME", "push"),
                ("GITHUB_EVENT_PATH", "e.json"),
                ("GITHUB_SHA", "123"),
                ("GITHUB_TOKEN", " "),
            ],
            r#"{"after":"123","repository":{"full_name":"octo/shop"}}"#,
        );
        assert_eq!(ctx.event, Event::Other { name: "push".into() });
        assert_eq!(ctx.commit(), Some("123"));
        assert_eq!(ctx.token, None, "a blank token is no token");
        let ctx = context(&[("GITHUB_EVENT_NAME", "pull_request"), ("GITHUB_EVENT_PATH", "e.json")], "{");
        assert!(ctx.payload_problem.as_deref().is_some_and(|p| p.contains("not what GitHub sends")));
        assert!(ctx.pull_request().is_none());
    }

    #[test]
    fn repository_names() {
        assert_eq!(Repository::parse("a/b").map(|r| r.full_name()), Some("a/b".to_owned()));
        for bad in ["a", "a/", "/b", "a/b/c", "a b/c"] {
            assert_eq!(Repository::parse(bad), None, "{bad}");
        }
    }
}
