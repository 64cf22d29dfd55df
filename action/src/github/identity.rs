//! Whose comments are whose. Several runs can report on one pull request (matrix jobs, a
//! monorepo's per-service jobs, two workflows): each run writes its identity into the hidden
//! markers of its inline comments, its review and its summary comment, and touches only the
//! comments that carry its own markers.

/// A run's identity: the `id` input, else `WORKFLOW/JOB` (`GITHUB_WORKFLOW`, `GITHUB_JOB`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunIdentity {
    id: String,
}

impl RunIdentity {
    /// The identity from the `id` input, or from the workflow's name and the job's id.
    #[must_use]
    pub fn new(explicit: Option<&str>, workflow: Option<&str>, job: Option<&str>) -> Self {
        let given = |v: Option<&str>| v.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        let id = given(explicit).unwrap_or_else(|| match (given(workflow), given(job)) {
            (Some(workflow), Some(job)) => format!("{workflow}/{job}"),
            (Some(one), None) | (None, Some(one)) => one,
            (None, None) => "slimfile".to_owned(),
        });
        Self { id }
    }

    /// The identity as given.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Hidden in each inline comment.
    #[must_use]
    pub fn inline_marker(&self) -> String {
        self.marker("inline")
    }

    /// Hidden in the review's body.
    #[must_use]
    pub fn review_marker(&self) -> String {
        self.marker("review")
    }

    /// Hidden in an earlier review's body once a newer review replaced it: no run looks at it
    /// again.
    #[must_use]
    pub fn superseded_marker(&self) -> String {
        self.marker("superseded")
    }

    /// Hidden at the top of the summary comment.
    #[must_use]
    pub fn summary_marker(&self) -> String {
        self.marker("summary")
    }

    fn marker(&self, kind: &str) -> String {
        format!("<!-- slimfile:{kind} run=\"{}\" -->", escaped(&self.id))
    }
}

/// The identity as it can stand inside an HTML comment and a quoted value: `%`, `"`, `<`, `>`
/// and control characters percent-encoded, and `--` (which would end the comment) broken up.
fn escaped(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    let mut previous_dash = false;
    for c in id.chars() {
        let dash = c == '-';
        if matches!(c, '%' | '"' | '<' | '>') || c.is_control() || (dash && previous_dash) {
            let mut buffer = [0; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
        previous_dash = dash && !out.ends_with("%2D");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workflow_and_job_unless_an_id_is_given() {
        let default = RunIdentity::new(None, Some("CI checks"), Some("docker-lint"));
        assert_eq!(default.id(), "CI checks/docker-lint");
        assert_eq!(default.summary_marker(), "<!-- slimfile:summary run=\"CI checks/docker-lint\" -->");
        let given = RunIdentity::new(Some(" api "), Some("CI"), Some("lint"));
        assert_eq!(given.inline_marker(), "<!-- slimfile:inline run=\"api\" -->");
        assert_eq!(RunIdentity::new(Some(""), None, None).id(), "slimfile");
        assert_ne!(
            RunIdentity::new(Some("web"), None, None).review_marker(),
            RunIdentity::new(Some("api"), None, None).review_marker()
        );
    }

    #[test]
    fn an_identity_cannot_end_the_html_comment() {
        let tricky = RunIdentity::new(Some("a-->b\"c--d"), None, None);
        assert_eq!(tricky.inline_marker(), "<!-- slimfile:inline run=\"a-%2D%3Eb%22c-%2Dd\" -->");
        let marker = tricky.inline_marker();
        let inner = marker.strip_prefix("<!--").and_then(|m| m.strip_suffix("-->")).expect("framed");
        assert!(!inner.contains("--") && !inner.contains('>'), "{marker}");
    }
}
