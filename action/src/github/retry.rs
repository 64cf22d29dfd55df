//! When to try a GitHub API request again, and after how long.
//!
//! GitHub answers server trouble with 5xx and its secondary rate limits with 403 or 429 plus
//! `retry-after` (seconds) or `x-ratelimit-remaining: 0` with `x-ratelimit-reset` (epoch
//! seconds). A 403 without those is a permission problem (a fork's read-only token): retrying it
//! cannot help.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::HeaderMap;

/// Attempts per request, the first included.
pub const MAX_ATTEMPTS: u32 = 4;

/// The longest wait the engine accepts: a CI job should fail over to its other channels rather
/// than sleep for many minutes.
pub const MAX_WAIT: Duration = Duration::from_secs(60);

/// The wait before attempt `attempt + 1` after attempt `attempt` (1-based) failed with `status`
/// and `headers`; `None` when the request should not be retried.
#[must_use]
pub fn delay_after_status(status: u16, headers: &HeaderMap, attempt: u32, now: SystemTime) -> Option<Duration> {
    if attempt >= MAX_ATTEMPTS {
        return None;
    }
    let wait = match status {
        500..=599 => Some(backoff(attempt)),
        403 | 429 => match rate_limit_wait(headers, now) {
            Some(wait) => Some(wait),
            None if status == 429 => Some(backoff(attempt)),
            None => None,
        },
        _ => None,
    }?;
    (wait <= MAX_WAIT).then_some(wait)
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
        delay_after_status(status, &headers(pairs), attempt, UNIX_EPOCH + NOW)
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
    }
}
