//! Posts the run's one pull-request review and tidies up after the run's earlier ones. Only
//! comments and reviews the run owns (its marker, the token's account) are touched:
//! - an earlier inline comment that says exactly what this run would say stays, and is not
//!   posted again;
//! - one that no longer holds is deleted, unless someone replied to it (then its thread is
//!   resolved, so the discussion stays), and unless this run cannot see its file's diff (the
//!   files listing failed, GitHub left the patch out, or the file lies beyond the 3,000 listed):
//!   what cannot be judged again is kept;
//! - a new review replaces each earlier review's body with a pointer to it, and minimizes it as
//!   outdated, so a push never repeats the findings in a second visible review.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::client::ApiError;
use super::files::ChangedFiles;
use super::reporter::{Author, Reporter};
use super::review_plan::{FileComment, InlineComment, ReviewPlan, review_body, review_body_without_comments};

/// What publishing the review did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Published {
    /// Inline comments posted in a new review.
    pub posted: usize,
    /// Earlier inline comments left as they were, because they still hold.
    pub kept: usize,
    /// Earlier inline comments left as they were, because their file's diff is unknown.
    pub unjudged: usize,
    /// Earlier inline comments deleted, because they were outdated or fixed and unanswered.
    pub deleted: usize,
    /// Earlier inline comments whose threads were resolved, because people had replied.
    pub resolved: usize,
    /// Earlier reviews whose bodies now point to the new one.
    pub superseded: usize,
    /// File-level comments posted (findings outside the diff of a changed file).
    pub file_comments: usize,
    /// Whether GitHub refused the inline comments, so the review lists the findings instead.
    pub fell_back: bool,
    /// The new review's page, when one was posted.
    pub review_url: Option<String>,
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
    user: Option<Author>,
    in_reply_to_id: Option<u64>,
    /// `file` for a comment on a whole file.
    subject_type: Option<String>,
}

/// The body of `POST /repos/{o}/{r}/pulls/{n}/comments` for a file-level comment.
#[derive(Serialize)]
struct NewFileComment<'a> {
    commit_id: &'a str,
    path: &'a str,
    body: &'a str,
    subject_type: &'static str,
}

/// An existing review, as listed by `GET /repos/{o}/{r}/pulls/{n}/reviews`.
#[derive(Deserialize)]
struct ExistingReview {
    id: u64,
    node_id: String,
    body: Option<String>,
    user: Option<Author>,
    commit_id: Option<String>,
    html_url: Option<String>,
}

/// The body of `POST /repos/{o}/{r}/pulls/{n}/reviews`.
#[derive(Serialize)]
struct NewReview<'a> {
    commit_id: &'a str,
    event: &'static str,
    body: String,
    comments: Vec<InlineComment>,
}

#[derive(Deserialize)]
struct CreatedReview {
    id: u64,
    html_url: Option<String>,
}

/// Reconciles the run's earlier inline comments with `plan` and posts what is new as one
/// review, whose body points to `summary` (where the sizes and the proposal are). `diff` is what
/// the run knows of the pull request's files (`None`: the listing failed, nothing is known).
///
/// # Errors
/// The first API error; a 422 on the inline comments is not one (the review is re-posted with
/// the findings listed in its body instead).
pub async fn publish(
    reporter: &Reporter<'_>,
    plan: &ReviewPlan<'_>,
    diff: Option<&ChangedFiles>,
    summary: &str,
) -> Result<Published, ApiError> {
    let api = reporter.api;
    let base = reporter.base();
    let marker = reporter.identity.inline_marker();
    let existing: Vec<ExistingComment> = api.get_all(&format!("{base}/pulls/{}/comments", reporter.pr.number)).await?;
    let mine: Vec<&ExistingComment> =
        existing.iter().filter(|c| reporter.owns(c.user.as_ref(), Some(&c.body), &marker)).collect();
    let mut published = Published::default();
    let mut new: Vec<InlineComment> = Vec::new();
    let mut still_true: Vec<u64> = Vec::new();
    for (comment, _) in &plan.comments {
        let body = format!("{marker}\n{}", comment.body);
        let same = mine.iter().find(|old| {
            !still_true.contains(&old.id)
                && old.line == Some(comment.line)
                && old.start_line == comment.start_line
                && old.path == comment.path
                && old.body == body
        });
        match same {
            Some(old) => still_true.push(old.id),
            None => new.push(InlineComment { body, ..comment.clone() }),
        }
    }
    let mut new_files: Vec<FileComment> = Vec::new();
    for comment in &plan.file_comments {
        let body = format!("{marker}\n{}", comment.body);
        let same = mine.iter().find(|old| {
            !still_true.contains(&old.id)
                && old.subject_type.as_deref() == Some("file")
                && old.path == comment.path
                && old.body == body
        });
        match same {
            Some(old) => still_true.push(old.id),
            None => new_files.push(FileComment { body, ..comment.clone() }),
        }
    }
    published.kept = still_true.len();
    let mut answered = Vec::new();
    for old in mine.iter().filter(|c| !still_true.contains(&c.id)) {
        if !diff.is_some_and(|d| d.diff_known(&old.path)) {
            published.unjudged += 1;
        } else if existing.iter().any(|c| c.in_reply_to_id == Some(old.id)) {
            answered.push(old.id);
        } else {
            api.delete(&format!("{base}/pulls/comments/{}", old.id)).await?;
            published.deleted += 1;
        }
    }
    if !answered.is_empty() {
        match resolve_threads(reporter, &answered).await {
            Ok(resolved) => published.resolved = resolved,
            Err(error) => println!(
                "slimfile: {} with replies could not be resolved ({error}); they stay as they are",
                answered.len()
            ),
        }
    }
    for comment in &new_files {
        post_file_comment(reporter, comment).await?;
        published.file_comments += 1;
    }
    if new.is_empty() {
        return Ok(published);
    }
    let path = format!("{base}/pulls/{}/reviews", reporter.pr.number);
    let earlier: Vec<ExistingReview> = api.get_all(&path).await?;
    let review_marker = reporter.identity.review_marker();
    let earlier: Vec<&ExistingReview> =
        earlier.iter().filter(|r| reporter.owns(r.user.as_ref(), r.body.as_deref(), &review_marker)).collect();
    let count = new.len();
    let review = NewReview {
        commit_id: &reporter.pr.head_sha,
        event: "COMMENT",
        body: format!("{review_marker}\n{}", review_body(plan, summary)),
        comments: new,
    };
    let created = match post_review(reporter, &path, &review, &earlier).await {
        Ok(created) => {
            println!("slimfile: posted review {} with {count} inline comments", created.id);
            published.posted = count;
            created
        }
        Err(error) if error.status == Some(422) => {
            println!("slimfile: GitHub refused the inline comments ({error}); posting the findings as a list instead");
            let why = "GitHub did not accept inline comments on these lines";
            let review = NewReview {
                commit_id: &reporter.pr.head_sha,
                event: "COMMENT",
                body: format!("{review_marker}\n{}", review_body_without_comments(plan, why)),
                comments: Vec::new(),
            };
            published.fell_back = true;
            post_review(reporter, &path, &review, &earlier).await?
        }
        Err(error) => return Err(error),
    };
    published.superseded = supersede(reporter, &earlier, created.html_url.as_deref()).await;
    published.review_url = created.html_url;
    Ok(published)
}

/// Posts `review`. After an answer that leaves open whether GitHub made it (a 5xx, a lost
/// connection), it looks for a review of this run that was not among `earlier` before posting
/// again, so a flaky answer never leaves two reviews.
async fn post_review(
    reporter: &Reporter<'_>,
    path: &str,
    review: &NewReview<'_>,
    earlier: &[&ExistingReview],
) -> Result<CreatedReview, ApiError> {
    let error = match reporter.api.post::<_, CreatedReview>(path, review).await {
        Ok(created) => return Ok(created),
        Err(error) if error.outcome_unknown() => error,
        Err(error) => return Err(error),
    };
    println!("slimfile: posting the review got no clear answer ({error}); looking whether GitHub made it");
    let marker = reporter.identity.review_marker();
    let now: Vec<ExistingReview> = reporter.api.get_all(path).await?;
    let made = now.into_iter().find(|r| {
        reporter.owns(r.user.as_ref(), r.body.as_deref(), &marker)
            && r.commit_id.as_deref() == Some(review.commit_id)
            && !earlier.iter().any(|e| e.id == r.id)
    });
    match made {
        Some(review) => {
            println!("slimfile: GitHub had made review {}: not posting it again", review.id);
            Ok(CreatedReview { id: review.id, html_url: review.html_url })
        }
        None => reporter.api.post(path, review).await,
    }
}

/// Posts a file-level comment; after an unclear answer, looks for it before posting again.
async fn post_file_comment(reporter: &Reporter<'_>, comment: &FileComment) -> Result<(), ApiError> {
    let path = format!("{}/pulls/{}/comments", reporter.base(), reporter.pr.number);
    let new = NewFileComment {
        commit_id: &reporter.pr.head_sha,
        path: &comment.path,
        body: &comment.body,
        subject_type: "file",
    };
    let error = match reporter.api.post::<_, serde_json::Value>(&path, &new).await {
        Ok(_) => return Ok(()),
        Err(error) if error.outcome_unknown() => error,
        Err(error) => return Err(error),
    };
    println!("slimfile: posting a file comment got no clear answer ({error}); looking whether GitHub made it");
    let now: Vec<ExistingComment> = reporter.api.get_all(&path).await?;
    let marker = reporter.identity.inline_marker();
    let made = now.iter().find(|c| {
        reporter.owns(c.user.as_ref(), Some(&c.body), &marker) && c.path == comment.path && c.body == comment.body
    });
    match made {
        Some(made) => {
            println!("slimfile: GitHub had made comment {}: not posting it again", made.id);
            Ok(())
        }
        None => reporter.api.post::<_, serde_json::Value>(&path, &new).await.map(drop),
    }
}

/// Points each of the run's earlier reviews to the new one at `latest`, and minimizes it as
/// outdated; returns how many were. A failure is logged: it leaves an old review visible, no
/// more.
async fn supersede(reporter: &Reporter<'_>, earlier: &[&ExistingReview], latest: Option<&str>) -> usize {
    let mut done = 0;
    let body = format!(
        "{}\n_This slimfile review is outdated: {} replaces it._",
        reporter.identity.superseded_marker(),
        latest.map_or_else(|| "a newer review".to_owned(), |url| format!("[a newer review]({url})"))
    );
    for review in earlier {
        let path = format!("{}/pulls/{}/reviews/{}", reporter.base(), reporter.pr.number, review.id);
        let edited = reporter.api.put::<_, serde_json::Value>(&path, &json!({ "body": body })).await;
        let minimized = reporter
            .api
            .graphql::<serde_json::Value>(
                "mutation($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: OUTDATED}) { \
                 minimizedComment { isMinimized } } }",
                json!({ "id": review.node_id }),
            )
            .await;
        match (edited, minimized) {
            (Ok(_), Ok(_)) => done += 1,
            (Err(error), _) | (_, Err(error)) => {
                println!("slimfile: the earlier review {} could not be marked outdated: {error}", review.id);
            }
        }
    }
    done
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ThreadsData {
    repository: Option<ThreadsRepository>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ThreadsRepository {
    pull_request: Option<ThreadsPullRequest>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ThreadsPullRequest {
    review_threads: Connection<Thread>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Connection<T> {
    page_info: PageInfo,
    nodes: Vec<T>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageInfo {
    has_next_page: bool,
    end_cursor: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Thread {
    id: String,
    is_resolved: bool,
    comments: FirstComments,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FirstComments {
    nodes: Vec<ThreadComment>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ThreadComment {
    database_id: Option<u64>,
}

const THREADS_QUERY: &str = "query($owner: String!, $name: String!, $number: Int!, $after: String) { \
    repository(owner: $owner, name: $name) { pullRequest(number: $number) { \
    reviewThreads(first: 100, after: $after) { pageInfo { hasNextPage endCursor } \
    nodes { id isResolved comments(first: 1) { nodes { databaseId } } } } } } }";

const RESOLVE_MUTATION: &str =
    "mutation($id: ID!) { resolveReviewThread(input: {threadId: $id}) { thread { id isResolved } } }";

/// Resolves the review threads that `comments` (the run's own, answered) start; returns how
/// many of them are resolved now.
async fn resolve_threads(reporter: &Reporter<'_>, comments: &[u64]) -> Result<usize, ApiError> {
    let mut after: Option<String> = None;
    let mut resolved = 0;
    // GitHub caps a pull request's threads well below this many pages.
    for _ in 0..50 {
        let variables = json!({
            "owner": reporter.repo.owner,
            "name": reporter.repo.name,
            "number": reporter.pr.number,
            "after": after,
        });
        let data: ThreadsData = reporter.api.graphql(THREADS_QUERY, variables).await?;
        let Some(threads) = data.repository.and_then(|r| r.pull_request).map(|p| p.review_threads) else {
            break;
        };
        for thread in &threads.nodes {
            let starts = thread.comments.nodes.first().and_then(|c| c.database_id);
            if !starts.is_some_and(|id| comments.contains(&id)) {
                continue;
            }
            if !thread.is_resolved {
                reporter.api.graphql::<serde_json::Value>(RESOLVE_MUTATION, json!({ "id": thread.id })).await?;
            }
            resolved += 1;
        }
        match threads.page_info.end_cursor {
            Some(cursor) if threads.page_info.has_next_page => after = Some(cursor),
            _ => break,
        }
    }
    Ok(resolved)
}
