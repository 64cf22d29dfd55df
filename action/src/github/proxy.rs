//! GitHub through a proxy. Runners behind a corporate proxy set `HTTPS_PROXY` (and `HTTP_PROXY`,
//! `ALL_PROXY`, `NO_PROXY`, upper or lower case, as curl reads them): the install step's curl
//! honours them, and so must the engine's API client. When they name a proxy for an API root,
//! its client connects through an HTTP `CONNECT` tunnel to the proxy (TLS runs inside the tunnel,
//! so the proxy never sees the token); otherwise octocrab's own client connects directly.

use std::sync::Arc;
use std::time::Duration;

use http::header::{ACCEPT, HeaderName};
use http::{HeaderValue, Uri};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::TokioExecutor;
use octocrab::service::middleware::auth_header::AuthHeaderLayer;
use octocrab::service::middleware::base_uri::BaseUriLayer;
use octocrab::service::middleware::extra_headers::ExtraHeadersLayer;
use octocrab::{AuthState, OctoBody, Octocrab, OctocrabBuilder};

/// The proxy the environment names for `base`, if any (`NO_PROXY` honoured).
#[must_use]
pub fn for_root(base: &Uri) -> Option<(Uri, Option<HeaderValue>)> {
    let intercept = Matcher::from_env().intercept(base)?;
    Some((intercept.uri().clone(), intercept.basic_auth().cloned()))
}

/// An octocrab client for `base` whose connections go through `proxy`, sending the token and
/// GitHub's API version as octocrab's own builder does.
///
/// # Errors
/// When the TLS roots cannot be loaded or the token is no header value.
pub fn client(base: Uri, proxy: Uri, proxy_auth: Option<HeaderValue>, token: &str) -> Result<Octocrab, String> {
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_connect_timeout(Some(Duration::from_secs(10)));
    let mut tunnel = Tunnel::new(proxy, http);
    if let Some(auth) = proxy_auth {
        tunnel = tunnel.with_auth(auth);
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_provider_and_native_roots(provider)
        .map_err(|error| format!("the TLS roots could not be loaded: {error}"))?
        .https_or_http()
        .enable_http1()
        .wrap_connector(tunnel);
    let client: Client<_, OctoBody> = Client::builder(TokioExecutor::new()).build(connector);
    let bearer = HeaderValue::from_str(&format!("Bearer {token}"))
        .map_err(|_| "the GitHub token holds characters an HTTP header cannot carry".to_owned())?;
    let headers = vec![
        (ACCEPT, HeaderValue::from_static("application/vnd.github+json")),
        (HeaderName::from_static("x-github-api-version"), HeaderValue::from_static("2022-11-28")),
    ];
    OctocrabBuilder::new_empty()
        .with_service(client)
        .with_layer(&ExtraHeadersLayer::new(Arc::new(headers)))
        .with_layer(&BaseUriLayer::new(base.clone()))
        .with_layer(&AuthHeaderLayer::new(Some(bearer), base.clone(), base))
        .with_auth(AuthState::None)
        .build()
        .map_err(|error| format!("the GitHub client could not be set up: {error}"))
}
