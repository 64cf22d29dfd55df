//! When to try a GitHub API request again, and after how long.
//!
//! GitHub answers server trouble with 5xx and its secondary rate limits with 403 or 429 plus
//! `retry-after` (seconds) or `x-ratelimit-remaining: 0` with `x-ratelimit-reset` (epoch
//! seconds), or with neither and only a message that speaks of a rate limit. A 403 without
//! any of those is a permission problem (a fork's read-only token): retrying it cannot help.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::HeaderMap;

/// Attempts per request, the first included.
pub const MAX_ATTEMPTS: u32 = 4;

/// The longest wait the engine accepts: a CI job should fail over to its other channels rather
/// than sleep for many minutes.
pub const MAX_WAIT: Duration = Duration::from_secs(60);

/// Why GitHub refused a request for its rate limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateLimit {
    /// The answer says how long to wait (`retry-after`, or `x-ratelimit-reset` with nothing
    /// remaining).
    Told,
    /// A 429, or a 403 whose message speaks of a rate limit, without saying how long (GitHub
    /// sends secondary rate limits like this too).
    Untold,
}

/// Whether an error answer is a rate limit rather than a refusal: a 429, or a 403 that carries
/// rate-limit headers or says "rate limit" in its message. A 403 without any of those is a
/// permission problem (a fork's read-only token, a missing `permissions:` entry).
#[must_use]
pub fn rate_limit(status: u16, headers: &HeaderMap, message: &str) -> Option<RateLimit> {
    if !matches!(status, 403 | 429) {
        return None;
    }
    if header(headers, "retry-after").is_some() || header(headers, "x-ratelimit-remaining") == Some("0") {
        return Some(RateLimit::Told);
    }
    let says_so = message.to_ascii_lowercase().contains("rate limit");
    (status == 429 || says_so).then_some(RateLimit::Untold)
}

/// The wait before attempt `attempt + 1` after attempt `attempt` (1-based) was refused for a
/// rate limit; `None` when no attempt is left or the wait is longer than a job should sleep.
/// Without a stated wait it backs off (1 s, 2 s, 4 s): GitHub asks for a minute, which a CI job
/// cannot spend per request, so a few short tries are made before the run falls back.
#[must_use]
pub fn delay_after_rate_limit(
    limit: RateLimit,
    headers: &HeaderMap,
    attempt: u32,
    now: SystemTime,
) -> Option<Duration> {
    if attempt >= MAX_ATTEMPTS {
        return None;
    }
    let wait = match limit {
        RateLimit::Told => rate_limit_wait(headers, now).unwrap_or_else(|| backoff(attempt)),
        RateLimit::Untold => backoff(attempt),
    };
    (wait <= MAX_WAIT).then_some(wait)
}

/// The wait before attempt `attempt + 1` of a request that may be repeated, after attempt
/// `attempt` (1-based) failed with `status` (not a rate limit); `None` when it should not be
/// tried again.
#[must_use]
pub fn delay_after_status(status: u16, attempt: u32) -> Option<Duration> {
    (attempt < MAX_ATTEMPTS && (500..=599).contains(&status)).then(|| backoff(attempt))
}

/// The wait after attempt `attempt` failed without an answer (connection refused, reset, timed
/// out); `None` when no attempt is left.
#[must_use]
pub fn delay_after_transport_error(attempt: u32) -> Option<Duration> {
    (attempt < MAX_ATTEMPTS).then(|| backoff(attempt))
}

/// 1 s, 2 s, 4 s, ...
fn backoff(attempt: u32) -> Duration {
    Duration::from_secs(1u64 << attempt.saturating_sub(1).min(6))
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim)
}

fn rate_limit_wait(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    if let Some(seconds) = header(headers, "retry-after").and_then(|v| v.parse::<u64>().ok()) {
        return Some(Duration::from_secs(seconds));
    }
    if header(headers, "x-ratelimit-remaining") == Some("0") {
        let reset = header(headers, "x-ratelimit-reset")?.parse::<u64>().ok()?;
        let now = now.duration_since(UNIX_EPOCH).ok()?.as_secs();
        // One second more: the reset time is rounded down.
        return Some(Duration::from_secs(reset.saturating_sub(now) + 1));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, http::HeaderValue::from_static(value));
        }
        map
    }

    const NOW: Duration = Duration::from_secs(1_700_000_000);

    fn at(status: u16, pairs: &[(&'static str, &'static str)], attempt: u32) -> Option<Duration> {
        let headers = headers(pairs);
        match rate_limit(status, &headers, "Forbidden") {
            Some(limit) => delay_after_rate_limit(limit, &headers, attempt, UNIX_EPOCH + NOW),
            None => delay_after_status(status, attempt),
        }
    }

    #[test]
    fn server_errors_back_off_then_give_up() {
        assert_eq!(at(502, &[], 1), Some(Duration::from_secs(1)));
        assert_eq!(at(503, &[], 2), Some(Duration::from_secs(2)));
        assert_eq!(at(500, &[], 3), Some(Duration::from_secs(4)));
        assert_eq!(at(500, &[], MAX_ATTEMPTS), None);
        assert_eq!(at(422, &[], 1), None);
        assert_eq!(delay_after_transport_error(1), Some(Duration::from_secs(1)));
        assert_eq!(delay_after_transport_error(MAX_ATTEMPTS), None);
    }

    #[test]
    fn secondary_rate_limits_wait_as_told() {
        assert_eq!(at(403, &[("retry-after", "3")], 1), Some(Duration::from_secs(3)));
        assert_eq!(at(429, &[("retry-after", "0")], 1), Some(Duration::ZERO));
        assert_eq!(at(429, &[], 1), Some(Duration::from_secs(1)));
        assert_eq!(
            at(403, &[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "1700000005")], 1),
            Some(Duration::from_secs(6))
        );
        assert_eq!(at(403, &[("retry-after", "3600")], 1), None, "longer than a CI job should wait");
    }

    #[test]
    fn a_plain_403_is_a_permission_problem() {
        assert_eq!(at(403, &[], 1), None);
        assert_eq!(at(403, &[("x-ratelimit-remaining", "4999")], 1), None);
        assert_eq!(rate_limit(403, &HeaderMap::new(), "Resource not accessible by integration"), None);
    }

    #[test]
    fn a_secondary_rate_limit_without_retry_after_is_told_by_its_message() {
        let message = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";
        assert_eq!(rate_limit(403, &HeaderMap::new(), message), Some(RateLimit::Untold));
        let wait = delay_after_rate_limit(RateLimit::Untold, &HeaderMap::new(), 2, UNIX_EPOCH + NOW);
        assert_eq!(wait, Some(Duration::from_secs(2)));
        assert_eq!(rate_limit(404, &HeaderMap::new(), message), None);
    }
}
