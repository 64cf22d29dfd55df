//! The sticky summary comment: one per pull request and run identity, found again by its hidden
//! marker (in a comment by the token's account) and edited in place on every push. Two runs that
//! overlap can both post one: the next run keeps the oldest and deletes the others.

use serde::{Deserialize, Serialize};

use super::client::ApiError;
use super::reporter::{Author, Reporter};

/// What happened to the summary comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Upserted {
    /// A new comment was posted.
    Created(Comment),
    /// The earlier comment was edited.
    Updated(Comment),
    /// The earlier comment already said this.
    Unchanged(Comment),
    /// There was nothing to say and no earlier comment to correct.
    NotNeeded,
}

/// The summary comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// Its id.
    pub id: u64,
    /// Its page, when GitHub gave it.
    pub url: Option<String>,
    /// How many duplicates (from runs that overlapped) were deleted.
    pub duplicates_deleted: usize,
}

#[derive(Deserialize)]
struct IssueComment {
    id: u64,
    body: Option<String>,
    user: Option<Author>,
    html_url: Option<String>,
}

#[derive(Serialize)]
struct CommentBody<'a> {
    body: &'a str,
}

/// Writes `body` (which starts with the run's summary marker) to the pull request's summary
/// comment: edits the earlier one, or posts one when there is none and `worth_posting`.
///
/// # Errors
/// The first API error.
pub async fn upsert(reporter: &Reporter<'_>, body: &str, worth_posting: bool) -> Result<Upserted, ApiError> {
    let api = reporter.api;
    let base = format!("{}/issues", reporter.base());
    let number = reporter.pr.number;
    let mine = own_comments(reporter, &format!("{base}/{number}/comments")).await?;
    let Some((oldest, duplicates)) = mine.split_first() else {
        if !worth_posting {
            return Ok(Upserted::NotNeeded);
        }
        return create(reporter, &format!("{base}/{number}/comments"), body).await.map(Upserted::Created);
    };
    for duplicate in duplicates {
        api.delete(&format!("{base}/comments/{}", duplicate.id)).await?;
    }
    let mut comment = Comment { id: oldest.id, url: oldest.html_url.clone(), duplicates_deleted: duplicates.len() };
    if oldest.body.as_deref() == Some(body) {
        return Ok(Upserted::Unchanged(comment));
    }
    let edited: IssueComment = api.patch(&format!("{base}/comments/{}", oldest.id), &CommentBody { body }).await?;
    comment.url = edited.html_url.or(comment.url);
    Ok(Upserted::Updated(comment))
}

/// The run's summary comments, oldest first (GitHub lists them in order of creation).
async fn own_comments(reporter: &Reporter<'_>, path: &str) -> Result<Vec<IssueComment>, ApiError> {
    let marker = reporter.identity.summary_marker();
    let comments: Vec<IssueComment> = reporter.api.get_all(path).await?;
    let mut mine: Vec<IssueComment> =
        comments.into_iter().filter(|c| reporter.owns(c.user.as_ref(), c.body.as_deref(), &marker)).collect();
    mine.sort_by_key(|c| c.id);
    Ok(mine)
}

/// Posts the comment. After an answer that leaves open whether GitHub made it (a 5xx, a lost
/// connection), it looks for it before posting again.
async fn create(reporter: &Reporter<'_>, path: &str, body: &str) -> Result<Comment, ApiError> {
    let error = match reporter.api.post::<_, IssueComment>(path, &CommentBody { body }).await {
        Ok(created) => return Ok(Comment { id: created.id, url: created.html_url, duplicates_deleted: 0 }),
        Err(error) if error.outcome_unknown() => error,
        Err(error) => return Err(error),
    };
    println!("slimfile: posting the summary comment got no clear answer ({error}); looking whether GitHub made it");
    if let Some(made) = own_comments(reporter, path).await?.into_iter().next() {
        println!("slimfile: GitHub had made comment {}: not posting it again", made.id);
        return Ok(Comment { id: made.id, url: made.html_url, duplicates_deleted: 0 });
    }
    let created: IssueComment = reporter.api.post(path, &CommentBody { body }).await?;
    Ok(Comment { id: created.id, url: created.html_url, duplicates_deleted: 0 })
}
