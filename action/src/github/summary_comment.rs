//! The sticky summary comment: one per pull request, found again by a hidden marker and edited
//! in place on every push, never posted twice.

use serde::{Deserialize, Serialize};

use super::client::{Api, ApiError};
use super::context::Repository;

/// Hidden at the top of the summary comment.
pub const SUMMARY_MARKER: &str = "<!-- slimfile:summary -->";

/// What happened to the summary comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Upserted {
    /// A new comment was posted.
    Created(u64),
    /// The earlier comment was edited.
    Updated(u64),
    /// The earlier comment already said this.
    Unchanged(u64),
    /// There was nothing to say and no earlier comment to correct.
    NotNeeded,
}

#[derive(Deserialize)]
struct IssueComment {
    id: u64,
    body: Option<String>,
}

#[derive(Serialize)]
struct CommentBody<'a> {
    body: &'a str,
}

/// Writes `body` (which starts with [`SUMMARY_MARKER`]) to the pull request's summary comment:
/// edits the earlier one, or posts one when there is none and `worth_posting`.
///
/// # Errors
/// The first API error.
pub async fn upsert(
    api: &Api,
    repo: &Repository,
    number: u64,
    body: &str,
    worth_posting: bool,
) -> Result<Upserted, ApiError> {
    let base = format!("/repos/{}/{}/issues", repo.owner, repo.name);
    let comments: Vec<IssueComment> = api.get_all(&format!("{base}/{number}/comments")).await?;
    let earlier = comments.iter().find(|c| c.body.as_deref().is_some_and(|b| b.contains(SUMMARY_MARKER)));
    match earlier {
        Some(comment) if comment.body.as_deref() == Some(body) => Ok(Upserted::Unchanged(comment.id)),
        Some(comment) => {
            let edited: IssueComment =
                api.patch(&format!("{base}/comments/{}", comment.id), &CommentBody { body }).await?;
            Ok(Upserted::Updated(edited.id))
        }
        None if worth_posting => {
            let created: IssueComment = api.post(&format!("{base}/{number}/comments"), &CommentBody { body }).await?;
            Ok(Upserted::Created(created.id))
        }
        None => Ok(Upserted::NotNeeded),
    }
}
