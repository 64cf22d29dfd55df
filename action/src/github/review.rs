//! Posts the run's one pull-request review and tidies up after earlier runs: an earlier inline
//! comment that says exactly what this run would say stays (and is not posted again); one that
//! is outdated or no longer true is deleted. A re-run therefore leaves no duplicates.

use serde::{Deserialize, Serialize};

use super::client::{Api, ApiError};
use super::context::{PullRequest, Repository};
use super::review_plan::{INLINE_MARKER, InlineComment, ReviewPlan, review_body, review_body_without_comments};

/// What publishing the review did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Published {
    /// Inline comments posted in a new review.
    pub posted: usize,
    /// Earlier inline comments left as they were, because they still hold.
    pub kept: usize,
    /// Earlier inline comments deleted, because they were outdated or fixed.
    pub deleted: usize,
    /// Whether GitHub refused the inline comments, so the review lists the findings instead.
    pub fell_back: bool,
}

/// An existing review comment, as listed by `GET /repos/{o}/{r}/pulls/{n}/comments`.
#[derive(Deserialize)]
struct ExistingComment {
    id: u64,
    path: String,
    /// `null` once the comment is outdated (its lines changed since).
    line: Option<u32>,
    start_line: Option<u32>,
    body: String,
}

/// The body of `POST /repos/{o}/{r}/pulls/{n}/reviews`.
#[derive(Serialize)]
struct NewReview<'a> {
    commit_id: &'a str,
    event: &'static str,
    body: String,
    comments: Vec<&'a InlineComment>,
}

#[derive(Deserialize)]
struct CreatedReview {
    id: u64,
}

/// Reconciles earlier inline comments with `plan` and posts what is new as one review, whose body
/// points to `summary` (where the sizes and the proposal are).
///
/// # Errors
/// The first API error; a 422 on the inline comments is not one (the review is re-posted with
/// the findings listed in its body instead).
pub async fn publish(
    api: &Api,
    repo: &Repository,
    pr: &PullRequest,
    plan: &ReviewPlan<'_>,
    summary: &str,
) -> Result<Published, ApiError> {
    let base = format!("/repos/{}/{}", repo.owner, repo.name);
    let existing: Vec<ExistingComment> = api.get_all(&format!("{base}/pulls/{}/comments", pr.number)).await?;
    let mut published = Published::default();
    let mut new: Vec<&InlineComment> = Vec::new();
    let mut still_true: Vec<u64> = Vec::new();
    for (comment, _) in &plan.comments {
        let same = existing.iter().find(|old| {
            !still_true.contains(&old.id)
                && old.line == Some(comment.line)
                && old.start_line == comment.start_line
                && old.path == comment.path
                && old.body == comment.body
        });
        match same {
            Some(old) => still_true.push(old.id),
            None => new.push(comment),
        }
    }
    published.kept = still_true.len();
    for old in existing.iter().filter(|c| c.body.contains(INLINE_MARKER) && !still_true.contains(&c.id)) {
        api.delete(&format!("{base}/pulls/comments/{}", old.id)).await?;
        published.deleted += 1;
    }
    if new.is_empty() {
        return Ok(published);
    }
    let path = format!("{base}/pulls/{}/reviews", pr.number);
    let review = NewReview {
        commit_id: &pr.head_sha,
        event: "COMMENT",
        body: review_body(plan, summary),
        comments: new.clone(),
    };
    match api.post::<_, CreatedReview>(&path, &review).await {
        Ok(created) => {
            println!("slimfile: posted review {} with {} inline comments", created.id, new.len());
            published.posted = new.len();
        }
        Err(error) if error.status == Some(422) => {
            println!("slimfile: GitHub refused the inline comments ({error}); posting the findings as a list instead");
            let why = "GitHub did not accept inline comments on these lines";
            let review = NewReview {
                commit_id: &pr.head_sha,
                event: "COMMENT",
                body: review_body_without_comments(plan, why),
                comments: Vec::new(),
            };
            api.post::<_, CreatedReview>(&path, &review).await?;
            published.fell_back = true;
        }
        Err(error) => return Err(error),
    }
    Ok(published)
}
