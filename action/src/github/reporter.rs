//! The pull request a run reports on, and how it recognises what it posted there before: a
//! comment is the run's own when it carries the run's marker and was posted by the token's
//! account.

use serde::Deserialize;

use super::client::Api;
use super::identity::RunIdentity;
use super::run_environment::{PullRequest, Repository};

/// A comment's or a review's author, as the REST API gives it.
#[derive(Clone, Debug, Deserialize)]
pub struct Author {
    /// The account's login (`github-actions[bot]` for `GITHUB_TOKEN`).
    pub login: String,
}

/// Where a run's review and summary comment go, and whose they are.
pub struct Reporter<'a> {
    /// The client, authenticated with the run's token.
    pub api: &'a Api,
    /// The repository.
    pub repo: &'a Repository,
    /// The pull request.
    pub pr: &'a PullRequest,
    /// The run's identity, written into its markers.
    pub identity: &'a RunIdentity,
    /// The token's login.
    pub login: &'a str,
}

impl Reporter<'_> {
    /// `/repos/{owner}/{name}`.
    #[must_use]
    pub fn base(&self) -> String {
        format!("/repos/{}/{}", self.repo.owner, self.repo.name)
    }

    /// Whether a comment by `author` with `body` is this run's, by `marker`.
    #[must_use]
    pub fn owns(&self, author: Option<&Author>, body: Option<&str>, marker: &str) -> bool {
        author.is_some_and(|a| a.login.eq_ignore_ascii_case(self.login)) && body.is_some_and(|b| b.contains(marker))
    }
}
