//! The GitHub REST client: octocrab's raw requests (which leave status and headers to us) with
//! retries, pagination by `Link` headers and errors that never carry the token.

use std::fmt;
use std::time::{Duration, SystemTime};

use http::header::{ACCEPT, HeaderName, LINK};
use http::{HeaderMap, Method};
use octocrab::Octocrab;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::retry;

/// At most this many pages are read from a list (GitHub lists at most 3,000 files of a pull
/// request, 30 pages of 100).
const MAX_PAGES: usize = 50;

/// A failed API request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status, when GitHub answered at all.
    pub status: Option<u16>,
    /// What went wrong: GitHub's `message`, or the transport's error.
    pub message: String,
}

impl ApiError {
    /// Whether the token may not do this: a fork's read-only token, or missing permissions.
    #[must_use]
    pub fn is_forbidden(&self) -> bool {
        matches!(self.status, Some(401 | 403 | 404))
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status {
            Some(status) => write!(f, "GitHub answered {status}: {}", self.message),
            None => write!(f, "GitHub could not be reached: {}", self.message),
        }
    }
}

/// A successful answer.
struct Reply {
    headers: HeaderMap,
    body: String,
}

/// An authenticated client for one GitHub API root.
pub struct Api {
    octocrab: Octocrab,
    token: String,
}

impl Api {
    /// A client for `api_url` (`GITHUB_API_URL`) authenticated with `token`.
    ///
    /// # Errors
    /// When the URL is not one, or the token cannot be sent in a header.
    pub fn new(api_url: &str, token: &str) -> Result<Self, String> {
        if http::HeaderValue::from_str(&format!("Bearer {token}")).is_err() {
            return Err("the GitHub token holds characters an HTTP header cannot carry".to_owned());
        }
        let octocrab = Octocrab::builder()
            .base_uri(api_url)
            .map_err(|_| format!("GITHUB_API_URL is not a URL: {api_url}"))?
            .personal_token(token.to_owned())
            .add_header(ACCEPT, "application/vnd.github+json".to_owned())
            .add_header(HeaderName::from_static("x-github-api-version"), "2022-11-28".to_owned())
            .set_connect_timeout(Some(Duration::from_secs(10)))
            .set_read_timeout(Some(Duration::from_secs(30)))
            .build()
            .map_err(|error| format!("the GitHub client could not be set up: {error}"))?;
        Ok(Self { octocrab, token: token.to_owned() })
    }

    /// Every item of a paginated list at `path`, following `Link: <...>; rel="next"`.
    ///
    /// # Errors
    /// When a page cannot be fetched or is not a list of `T`.
    pub async fn get_all<T: DeserializeOwned>(&self, path: &str) -> Result<Vec<T>, ApiError> {
        let separator = if path.contains('?') { '&' } else { '?' };
        let mut next = Some(format!("{path}{separator}per_page=100"));
        let mut items = Vec::new();
        for _ in 0..MAX_PAGES {
            let Some(uri) = next.take() else { break };
            let reply = self.send(&Method::GET, &uri, None::<&()>).await?;
            let page: Vec<T> = self.decode(&reply, &uri)?;
            items.extend(page);
            next = reply.headers.get(LINK).and_then(|v| v.to_str().ok()).and_then(next_link).map(str::to_owned);
        }
        Ok(items)
    }

    /// `POST`s `body` to `path` and decodes the answer.
    ///
    /// # Errors
    /// When GitHub refuses or the answer is not a `T`.
    pub async fn post<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, ApiError> {
        let reply = self.send(&Method::POST, path, Some(body)).await?;
        self.decode(&reply, path)
    }

    /// `PATCH`es `path` with `body` and decodes the answer.
    ///
    /// # Errors
    /// When GitHub refuses or the answer is not a `T`.
    pub async fn patch<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, ApiError> {
        let reply = self.send(&Method::PATCH, path, Some(body)).await?;
        self.decode(&reply, path)
    }

    /// `DELETE`s `path`.
    ///
    /// # Errors
    /// When GitHub refuses.
    pub async fn delete(&self, path: &str) -> Result<(), ApiError> {
        self.send(&Method::DELETE, path, None::<&()>).await.map(drop)
    }

    fn decode<T: DeserializeOwned>(&self, reply: &Reply, uri: &str) -> Result<T, ApiError> {
        serde_json::from_str(&reply.body).map_err(|error| ApiError {
            status: None,
            message: self.redact(&format!("unexpected answer to {}: {error}", path_of(uri))),
        })
    }

    async fn send<B: Serialize>(&self, method: &Method, uri: &str, body: Option<&B>) -> Result<Reply, ApiError> {
        let mut attempt = 1;
        loop {
            let sent = match *method {
                Method::POST => self.octocrab._post(uri, body).await,
                Method::PATCH => self.octocrab._patch(uri, body).await,
                Method::DELETE => self.octocrab._delete(uri, body).await,
                _ => self.octocrab._get(uri).await,
            };
            let outcome = match sent {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let headers = response.headers().clone();
                    self.octocrab.body_to_string(response).await.map(|body| (status, headers, body))
                }
                Err(error) => Err(error),
            };
            let (wait, problem) = match outcome {
                Ok((status, headers, body)) if (200..300).contains(&status) => return Ok(Reply { headers, body }),
                Ok((status, headers, body)) => {
                    let error = ApiError { status: Some(status), message: self.redact(&error_message(status, &body)) };
                    match retry::delay_after_status(status, &headers, attempt, SystemTime::now()) {
                        Some(wait) => (wait, error.to_string()),
                        None => return Err(error),
                    }
                }
                Err(error) => {
                    let error = ApiError { status: None, message: self.redact(&chain(&error)) };
                    match retry::delay_after_transport_error(attempt) {
                        Some(wait) => (wait, error.to_string()),
                        None => return Err(error),
                    }
                }
            };
            println!(
                "slimfile: {method} {}: {problem}; retrying in {} s (attempt {} of {})",
                path_of(uri),
                wait.as_secs_f32(),
                attempt + 1,
                retry::MAX_ATTEMPTS
            );
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// Removes the token from text that will be shown, should anything ever echo it.
    fn redact(&self, text: &str) -> String {
        if self.token.is_empty() { text.to_owned() } else { text.replace(&self.token, "***") }
    }
}

/// GitHub's `message`, or the body itself, or the status's name.
fn error_message(status: u16, body: &str) -> String {
    #[derive(serde::Deserialize)]
    struct ErrorBody {
        message: Option<String>,
        errors: Option<serde_json::Value>,
    }
    match serde_json::from_str::<ErrorBody>(body) {
        Ok(ErrorBody { message: Some(message), errors: Some(errors) }) => format!("{message} ({errors})"),
        Ok(ErrorBody { message: Some(message), errors: None }) => message,
        _ if !body.trim().is_empty() => body.trim().chars().take(300).collect(),
        _ => http::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("no explanation")
            .to_owned(),
    }
}

/// The error and its sources, which is where the transport says what actually failed.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

/// The path and query of a URI, for the log (the host is the same for every request).
fn path_of(uri: &str) -> &str {
    uri.split_once("://").and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..])).unwrap_or(uri)
}

/// The `rel="next"` target of a `Link` header.
#[must_use]
pub fn next_link(header: &str) -> Option<&str> {
    header.split(',').find_map(|link| {
        let (target, params) = link.split_once(';')?;
        let is_next = params.split(';').any(|p| matches!(p.trim(), "rel=\"next\"" | "rel=next"));
        is_next.then(|| target.trim().trim_start_matches('<').trim_end_matches('>'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_headers() {
        let header = "<https://api.github.com/repositories/1/pulls/2/files?per_page=100&page=2>; rel=\"next\", \
                      <https://api.github.com/repositories/1/pulls/2/files?per_page=100&page=5>; rel=\"last\"";
        assert_eq!(next_link(header), Some("https://api.github.com/repositories/1/pulls/2/files?per_page=100&page=2"));
        assert_eq!(next_link("<https://x/?page=1>; rel=\"prev\""), None);
        assert_eq!(next_link(""), None);
    }

    #[test]
    fn error_messages() {
        assert_eq!(
            error_message(403, r#"{"message":"Resource not accessible by integration","documentation_url":"x"}"#),
            "Resource not accessible by integration"
        );
        assert_eq!(
            error_message(422, r#"{"message":"Unprocessable Entity","errors":["Line could not be resolved"]}"#),
            "Unprocessable Entity ([\"Line could not be resolved\"])"
        );
        assert_eq!(error_message(502, ""), "Bad Gateway");
        assert_eq!(path_of("https://ghe.example.com/api/v3/repos/a/b?page=2"), "/api/v3/repos/a/b?page=2");
        assert_eq!(path_of("/repos/a/b"), "/repos/a/b");
        let forbidden = ApiError { status: Some(403), message: "m".into() };
        assert!(forbidden.is_forbidden());
        assert_eq!(forbidden.to_string(), "GitHub answered 403: m");
    }
}
