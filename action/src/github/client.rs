//! The GitHub REST client: octocrab's raw requests (which leave status and headers to us) with
//! retries, pagination by `Link` headers and errors that never carry the token.

use std::fmt;
use std::time::{Duration, SystemTime};

use http::header::{ACCEPT, HeaderName, LINK};
use http::{HeaderMap, Method};
use octocrab::Octocrab;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{proxy, retry};

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
    /// Whether GitHub refused for its rate limits (a 403 or 429 that says so), not for the
    /// token's permissions.
    pub rate_limited: bool,
}

impl ApiError {
    /// An error without an answer from GitHub (or with one that could not be read).
    #[must_use]
    pub fn transport(message: String) -> Self {
        Self { status: None, message, rate_limited: false }
    }

    /// Whether the token may not do this: a fork's read-only token, or missing permissions.
    /// A rate limit is not: it passes.
    #[must_use]
    pub fn is_forbidden(&self) -> bool {
        matches!(self.status, Some(401 | 403 | 404)) && !self.rate_limited
    }

    /// Whether the request may have been carried out even though no success was seen: a
    /// server error or a lost connection, after which a write must be checked before it is
    /// sent again.
    #[must_use]
    pub fn outcome_unknown(&self) -> bool {
        matches!(self.status, None | Some(500..=599)) && !self.rate_limited
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
    /// A client rooted at the GraphQL endpoint's origin: octocrab puts the REST root's path
    /// before any path that does not start with it, which would send GitHub Enterprise Server's
    /// `/api/graphql` to `/api/v3/api/graphql`.
    graphql: Octocrab,
    token: String,
    graphql_url: String,
}

/// Whether a request may be sent again after an answer that does not say whether it was
/// carried out (a 5xx, a lost connection). Reads, edits and deletions may; a `POST` that creates
/// something may not, since a second one would create it twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Repeat {
    Safe,
    OnlyIfRefused,
}

impl Api {
    /// A client for `api_url` (`GITHUB_API_URL`) and `graphql_url` (`GITHUB_GRAPHQL_URL`),
    /// authenticated with `token`.
    ///
    /// # Errors
    /// When the URL is not one, or the token cannot be sent in a header.
    pub fn new(api_url: &str, graphql_url: &str, token: &str) -> Result<Self, String> {
        if http::HeaderValue::from_str(&format!("Bearer {token}")).is_err() {
            return Err("the GitHub token holds characters an HTTP header cannot carry".to_owned());
        }
        let octocrab = client(api_url, token).map_err(|error| match error {
            ClientError::Url => format!("GITHUB_API_URL is not a URL: {api_url}"),
            ClientError::Build(error) => error,
        })?;
        let origin = graphql_url
            .parse::<http::Uri>()
            .ok()
            .and_then(|uri| Some(format!("{}://{}/", uri.scheme_str()?, uri.authority()?)))
            .ok_or_else(|| format!("GITHUB_GRAPHQL_URL is not a URL: {graphql_url}"))?;
        let graphql = client(&origin, token).map_err(|error| match error {
            ClientError::Url => format!("GITHUB_GRAPHQL_URL is not a URL: {graphql_url}"),
            ClientError::Build(error) => error,
        })?;
        Ok(Self { octocrab, graphql, token: token.to_owned(), graphql_url: graphql_url.to_owned() })
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
            let reply = self.send(&Method::GET, &uri, None::<&()>, Repeat::Safe).await?;
            let page: Vec<T> = self.decode(&reply, &uri)?;
            items.extend(page);
            next = reply.headers.get(LINK).and_then(|v| v.to_str().ok()).and_then(next_link).map(str::to_owned);
        }
        Ok(items)
    }

    /// One item at `path`.
    ///
    /// # Errors
    /// When GitHub refuses or the answer is not a `T`.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let reply = self.send(&Method::GET, path, None::<&()>, Repeat::Safe).await?;
        self.decode(&reply, path)
    }

    /// `POST`s `body` to `path` (which creates something) and decodes the answer. It is sent
    /// again only after GitHub refused it for a rate limit: after a 5xx or a lost connection it
    /// may have been carried out, and the caller must look before sending it again.
    ///
    /// # Errors
    /// When GitHub refuses or the answer is not a `T`.
    pub async fn post<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, ApiError> {
        let reply = self.send(&Method::POST, path, Some(body), Repeat::OnlyIfRefused).await?;
        self.decode(&reply, path)
    }

    /// `PUT`s `body` to `path` (a replacement, safe to repeat) and decodes the answer.
    ///
    /// # Errors
    /// When GitHub refuses or the answer is not a `T`.
    pub async fn put<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, ApiError> {
        let reply = self.send(&Method::PUT, path, Some(body), Repeat::Safe).await?;
        self.decode(&reply, path)
    }

    /// Runs a GraphQL `query` (or an idempotent mutation: resolving a thread or minimizing a
    /// comment twice changes nothing) with `variables`, and decodes its `data`.
    ///
    /// # Errors
    /// When GitHub refuses, answers with `errors`, or the data is not a `T`.
    pub async fn graphql<T: DeserializeOwned>(&self, query: &str, variables: serde_json::Value) -> Result<T, ApiError> {
        #[derive(serde::Deserialize)]
        struct Answer<T> {
            data: Option<T>,
            errors: Option<Vec<GraphqlError>>,
        }
        #[derive(serde::Deserialize)]
        struct GraphqlError {
            message: String,
            #[serde(rename = "type")]
            kind: Option<String>,
        }
        let body = serde_json::json!({ "query": query, "variables": variables });
        let uri = self.graphql_url.clone();
        let reply = self.send(&Method::POST, &uri, Some(&body), Repeat::Safe).await?;
        let answer: Answer<T> = self.decode(&reply, &uri)?;
        match (answer.data, answer.errors) {
            (_, Some(errors)) if !errors.is_empty() => {
                let forbidden = errors.iter().any(|e| matches!(e.kind.as_deref(), Some("FORBIDDEN" | "NOT_FOUND")));
                let message = errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; ");
                Err(ApiError {
                    status: forbidden.then_some(403),
                    message: self.redact(&format!("GraphQL: {message}")),
                    rate_limited: errors.iter().any(|e| e.kind.as_deref() == Some("RATE_LIMITED")),
                })
            }
            (Some(data), _) => Ok(data),
            (None, _) => Err(ApiError::transport("GraphQL answered without data".to_owned())),
        }
    }

    /// `PATCH`es `path` with `body` and decodes the answer.
    ///
    /// # Errors
    /// When GitHub refuses or the answer is not a `T`.
    pub async fn patch<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, ApiError> {
        let reply = self.send(&Method::PATCH, path, Some(body), Repeat::Safe).await?;
        self.decode(&reply, path)
    }

    /// `DELETE`s `path`.
    ///
    /// # Errors
    /// When GitHub refuses.
    pub async fn delete(&self, path: &str) -> Result<(), ApiError> {
        self.send(&Method::DELETE, path, None::<&()>, Repeat::Safe).await.map(drop)
    }

    fn decode<T: DeserializeOwned>(&self, reply: &Reply, uri: &str) -> Result<T, ApiError> {
        serde_json::from_str(&reply.body).map_err(|error| {
            ApiError::transport(self.redact(&format!("unexpected answer to {}: {error}", path_of(uri))))
        })
    }

    async fn send<B: Serialize>(
        &self,
        method: &Method,
        uri: &str,
        body: Option<&B>,
        repeat: Repeat,
    ) -> Result<Reply, ApiError> {
        let client = if uri == self.graphql_url { &self.graphql } else { &self.octocrab };
        let mut attempt = 1;
        loop {
            let sent = match *method {
                Method::POST => client._post(uri, body).await,
                Method::PATCH => client._patch(uri, body).await,
                Method::PUT => client._put(uri, body).await,
                Method::DELETE => client._delete(uri, body).await,
                _ => client._get(uri).await,
            };
            let outcome = match sent {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let headers = response.headers().clone();
                    client.body_to_string(response).await.map(|body| (status, headers, body))
                }
                Err(error) => Err(error),
            };
            let (wait, problem) = match outcome {
                Ok((status, headers, body)) if (200..300).contains(&status) => return Ok(Reply { headers, body }),
                Ok((status, headers, body)) => {
                    let message = self.redact(&error_message(status, &body));
                    let limit = retry::rate_limit(status, &headers, &message);
                    let error = ApiError { status: Some(status), message, rate_limited: limit.is_some() };
                    let wait = match limit {
                        Some(limit) => retry::delay_after_rate_limit(limit, &headers, attempt, SystemTime::now()),
                        None if repeat == Repeat::Safe => retry::delay_after_status(status, attempt),
                        None => None,
                    };
                    match wait {
                        Some(wait) => (wait, error.to_string()),
                        None => return Err(error),
                    }
                }
                Err(error) => {
                    let error = ApiError::transport(self.redact(&chain(&error)));
                    match retry::delay_after_transport_error(attempt).filter(|_| repeat == Repeat::Safe) {
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

enum ClientError {
    Url,
    Build(String),
}

/// An octocrab client rooted at `base`, sending the token and GitHub's API version; through
/// the proxy the environment names for it, if any.
fn client(base: &str, token: &str) -> Result<Octocrab, ClientError> {
    let uri = base.parse::<http::Uri>().map_err(|_| ClientError::Url)?;
    if let Some((proxy, auth)) = proxy::for_root(&uri) {
        println!("slimfile: reaching {} through the proxy {}", path_of_host(&uri), proxy_shown(&proxy));
        return proxy::client(uri, proxy, auth, token).map_err(ClientError::Build);
    }
    Octocrab::builder()
        .base_uri(base)
        .map_err(|_| ClientError::Url)?
        .personal_token(token.to_owned())
        .add_header(ACCEPT, "application/vnd.github+json".to_owned())
        .add_header(HeaderName::from_static("x-github-api-version"), "2022-11-28".to_owned())
        .set_connect_timeout(Some(Duration::from_secs(10)))
        .set_read_timeout(Some(Duration::from_secs(30)))
        .build()
        .map_err(|error| ClientError::Build(format!("the GitHub client could not be set up: {error}")))
}

/// `scheme://host[:port]` of a URI, for the log.
fn path_of_host(uri: &http::Uri) -> String {
    format!("{}://{}", uri.scheme_str().unwrap_or("https"), uri.authority().map_or("", |a| a.as_str()))
}

/// A proxy's address without the credentials a URL can carry.
fn proxy_shown(proxy: &http::Uri) -> String {
    let host = proxy.host().unwrap_or_default();
    match proxy.port_u16() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
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
        let forbidden = ApiError { status: Some(403), message: "m".into(), rate_limited: false };
        assert!(forbidden.is_forbidden());
        assert_eq!(forbidden.to_string(), "GitHub answered 403: m");
    }
}
