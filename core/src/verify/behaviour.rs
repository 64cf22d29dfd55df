//! Whether the slim image does what the original does: the same exit status and output for a
//! command, or the same HTTP answer for a probe.

use serde::Serialize;

/// What running one image did, as the caller observed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Behaviour {
    /// The command exited.
    Exited {
        /// Its exit status.
        status: i32,
        /// What it wrote to standard output.
        stdout: String,
        /// What it wrote to standard error.
        stderr: String,
    },
    /// The command was still running when the caller's time ran out (a server started with its
    /// own command): only its output so far can be compared.
    StillRunning {
        /// Standard output so far.
        stdout: String,
        /// Standard error so far.
        stderr: String,
    },
    /// The answer to an HTTP probe.
    Http {
        /// The status code.
        status: u16,
        /// The body.
        body: String,
    },
    /// It could not be run or probed; the reason says what was seen.
    Failed {
        /// What went wrong.
        reason: String,
    },
}

/// The comparison of the two behaviours.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum BehaviourMatch {
    /// They did the same.
    Same,
    /// They did not; the reason names the first difference.
    Different {
        /// The difference, in a sentence.
        reason: String,
    },
}

impl BehaviourMatch {
    /// Whether the two behaved alike.
    #[must_use]
    pub fn is_same(&self) -> bool {
        matches!(self, Self::Same)
    }
}

/// Compares what the original image (`before`) and the slim one (`after`) did. Output is compared
/// after normalising line endings and trailing blanks, which carry no meaning for a smoke test; a
/// failure to run is never "the same", even on both sides, since then nothing was shown.
#[must_use]
pub fn compare(before: &Behaviour, after: &Behaviour) -> BehaviourMatch {
    let different = |reason: String| BehaviourMatch::Different { reason };
    match (before, after) {
        (Behaviour::Failed { reason }, _) => different(format!("the original image could not be checked: {reason}")),
        (_, Behaviour::Failed { reason }) => different(format!("the slim image could not be checked: {reason}")),
        (
            Behaviour::Exited { status: a, stdout: out_a, stderr: err_a },
            Behaviour::Exited { status: b, stdout: out_b, stderr: err_b },
        ) => {
            if a != b {
                different(format!("exit status {a} before, {b} after"))
            } else if normalise(out_a) != normalise(out_b) {
                different(first_difference("standard output", out_a, out_b))
            } else if normalise(err_a) != normalise(err_b) {
                different(first_difference("standard error", err_a, err_b))
            } else {
                BehaviourMatch::Same
            }
        }
        (
            Behaviour::StillRunning { stdout: out_a, stderr: err_a },
            Behaviour::StillRunning { stdout: out_b, stderr: err_b },
        ) => {
            if normalise(out_a) != normalise(out_b) {
                different(first_difference("standard output", out_a, out_b))
            } else if normalise(err_a) != normalise(err_b) {
                different(first_difference("standard error", err_a, err_b))
            } else {
                BehaviourMatch::Same
            }
        }
        (Behaviour::Http { status: a, body: body_a }, Behaviour::Http { status: b, body: body_b }) => {
            if a != b {
                different(format!("HTTP status {a} before, {b} after"))
            } else if normalise(body_a) != normalise(body_b) {
                different(first_difference("HTTP body", body_a, body_b))
            } else {
                BehaviourMatch::Same
            }
        }
        (before, after) => different(format!("{} before, {} after", describe(before), describe(after))),
    }
}

fn describe(behaviour: &Behaviour) -> String {
    match behaviour {
        Behaviour::Exited { status, .. } => format!("exited with status {status}"),
        Behaviour::StillRunning { .. } => "still running".to_owned(),
        Behaviour::Http { status, .. } => format!("answered HTTP {status}"),
        Behaviour::Failed { reason } => format!("failed ({reason})"),
    }
}

fn normalise(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

fn first_difference(what: &str, before: &str, after: &str) -> String {
    let (a, b) = (normalise(before), normalise(after));
    let line = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
    let show = |lines: &[&str]| lines.get(line).map_or_else(|| "nothing".to_owned(), |l| format!("{l:?}"));
    format!("{what} differs at line {}: {} before, {} after", line + 1, show(&a), show(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exited(status: i32, stdout: &str) -> Behaviour {
        Behaviour::Exited { status, stdout: stdout.to_owned(), stderr: String::new() }
    }

    fn http(status: u16, body: &str) -> Behaviour {
        Behaviour::Http { status, body: body.to_owned() }
    }

    #[test]
    fn same_status_and_output_is_the_same_whatever_the_line_endings() {
        assert_eq!(compare(&exited(0, "hello\r\n"), &exited(0, "hello\n\n")), BehaviourMatch::Same);
        assert_eq!(compare(&http(200, "ok\n"), &http(200, "ok")), BehaviourMatch::Same);
    }

    #[test]
    fn a_different_status_or_output_is_named() {
        let BehaviourMatch::Different { reason } = compare(&exited(0, "a"), &exited(127, "a")) else {
            panic!("different statuses compared equal")
        };
        assert_eq!(reason, "exit status 0 before, 127 after");
        let BehaviourMatch::Different { reason } = compare(&http(200, "one\ntwo\n"), &http(200, "one\nthree\n")) else {
            panic!("different bodies compared equal")
        };
        assert_eq!(reason, "HTTP body differs at line 2: \"two\" before, \"three\" after");
        let BehaviourMatch::Different { reason } = compare(&exited(0, "a\n"), &exited(0, "a\nb\n")) else {
            panic!("a longer output compared equal")
        };
        assert_eq!(reason, "standard output differs at line 2: nothing before, \"b\" after");
    }

    #[test]
    fn a_failure_is_never_the_same_even_on_both_sides() {
        let failed = Behaviour::Failed { reason: "no answer on port 8080".to_owned() };
        assert!(!compare(&failed, &failed).is_same());
        let BehaviourMatch::Different { reason } = compare(&http(200, "ok"), &failed) else {
            panic!("a failed probe compared equal")
        };
        assert_eq!(reason, "the slim image could not be checked: no answer on port 8080");
    }

    #[test]
    fn different_kinds_of_behaviour_differ() {
        let running = Behaviour::StillRunning { stdout: "listening\n".to_owned(), stderr: String::new() };
        assert_eq!(
            compare(&running, &exited(1, "listening\n")),
            BehaviourMatch::Different { reason: "still running before, exited with status 1 after".to_owned() }
        );
        assert!(compare(&running, &running.clone()).is_same());
    }
}
