//! The Action's inputs, resolved. A composite action hands every input to the binary as an
//! environment variable, and an input the workflow leaves out arrives as an empty string: here
//! an empty value means "the default", and a wrong one is an error that names the input.

use std::path::PathBuf;

use crate::cli::{FailOn, GithubArgs};

/// The inputs a run works with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inputs {
    /// The `files` globs (empty: the usual Dockerfile names).
    pub files: String,
    /// `changed-only`.
    pub changed_only: bool,
    /// `review`.
    pub review: bool,
    /// `comment`.
    pub comment: bool,
    /// `annotations`.
    pub annotations: bool,
    /// `sarif`: where to write the SARIF report, if anywhere.
    pub sarif: Option<PathBuf>,
    /// `fail-on`.
    pub fail_on: FailOn,
    /// `config`: one configuration file for every Dockerfile, if given.
    pub config: Option<PathBuf>,
    /// The checkout (`GITHUB_WORKSPACE`), else the current directory.
    pub workspace: PathBuf,
    /// `verify`: prove the proposals with real builds (off unless turned on: it needs Docker and
    /// takes minutes).
    pub verify: Option<VerifyInputs>,
    /// `id`: the run's identity on the pull request, if given.
    pub id: Option<String>,
}

/// The inputs of a verification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyInputs {
    /// `verify-smoke`: a command to run in place of `CMD`.
    pub smoke: Option<String>,
    /// `verify-probe`: an HTTP path to compare.
    pub probe: Option<String>,
    /// The docker CLI.
    pub docker: PathBuf,
}

impl Inputs {
    /// Resolves the arguments (flags or their environment variables).
    ///
    /// # Errors
    /// A value that is not valid for its input, with the input's name.
    pub fn resolve(args: &GithubArgs) -> Result<Self, String> {
        Ok(Self {
            files: given(args.files.as_deref()).unwrap_or_default().to_owned(),
            changed_only: switch("changed-only", args.changed_only.as_deref())?,
            review: switch("review", args.review.as_deref())?,
            comment: switch("comment", args.comment.as_deref())?,
            annotations: switch("annotations", args.annotations.as_deref())?,
            sarif: given(args.sarif.as_deref()).map(PathBuf::from),
            fail_on: fail_on(args.fail_on.as_deref())?,
            config: given(args.config.as_deref()).map(PathBuf::from),
            workspace: given(args.workspace.as_deref()).map_or_else(|| PathBuf::from("."), PathBuf::from),
            verify: switch_off_by_default("verify", args.verify.as_deref())?.then(|| VerifyInputs {
                smoke: given(args.verify_smoke.as_deref()).map(str::to_owned),
                probe: given(args.verify_probe.as_deref()).map(str::to_owned),
                docker: PathBuf::from(given(args.docker.as_deref()).unwrap_or("docker")),
            }),
            id: given(args.id.as_deref()).map(str::to_owned),
        })
    }
}

fn given(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// A yes/no input; every switch is on unless turned off.
fn switch(name: &str, value: Option<&str>) -> Result<bool, String> {
    match given(value).map(str::to_ascii_lowercase).as_deref() {
        None | Some("true" | "yes" | "on" | "1") => Ok(true),
        Some("false" | "no" | "off" | "0") => Ok(false),
        Some(other) => Err(format!("the {name} input must be true or false, not '{other}'")),
    }
}

/// A yes/no input that is off unless turned on.
fn switch_off_by_default(name: &str, value: Option<&str>) -> Result<bool, String> {
    if given(value).is_none() { Ok(false) } else { switch(name, value) }
}

fn fail_on(value: Option<&str>) -> Result<FailOn, String> {
    match given(value).map(str::to_ascii_lowercase).as_deref() {
        None | Some("error") => Ok(FailOn::Error),
        Some("warning") => Ok(FailOn::Warning),
        Some("info") => Ok(FailOn::Info),
        Some("never") => Ok(FailOn::Never),
        Some(other) => Err(format!("the fail-on input must be error, warning, info or never, not '{other}'")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(changed_only: &str, fail: &str, sarif: &str) -> GithubArgs {
        GithubArgs {
            files: Some(String::new()),
            changed_only: Some(changed_only.to_owned()),
            review: None,
            comment: Some(" ".to_owned()),
            annotations: Some("FALSE".to_owned()),
            sarif: Some(sarif.to_owned()),
            fail_on: Some(fail.to_owned()),
            config: Some(String::new()),
            workspace: None,
            verify: Some(String::new()),
            verify_smoke: None,
            verify_probe: Some(" ".to_owned()),
            docker: None,
            id: None,
        }
    }

    #[test]
    fn empty_inputs_take_their_defaults() {
        let inputs = Inputs::resolve(&args("", "", "")).expect("valid");
        assert_eq!(
            inputs,
            Inputs {
                files: String::new(),
                changed_only: true,
                review: true,
                comment: true,
                annotations: false,
                sarif: None,
                fail_on: FailOn::Error,
                config: None,
                workspace: PathBuf::from("."),
                verify: None,
                id: None,
            }
        );
        let inputs = Inputs::resolve(&args("no", "warning", "out/slimfile.sarif")).expect("valid");
        assert!(!inputs.changed_only);
        assert_eq!(inputs.fail_on, FailOn::Warning);
        assert_eq!(inputs.sarif, Some(PathBuf::from("out/slimfile.sarif")));
    }

    #[test]
    fn verify_is_off_unless_turned_on() {
        let mut on = args("", "", "");
        on.verify = Some("true".to_owned());
        on.verify_probe = Some("/health".to_owned());
        let inputs = Inputs::resolve(&on).expect("valid");
        assert_eq!(
            inputs.verify,
            Some(VerifyInputs { smoke: None, probe: Some("/health".to_owned()), docker: PathBuf::from("docker") })
        );
        on.verify = Some("sometimes".to_owned());
        assert_eq!(Inputs::resolve(&on), Err("the verify input must be true or false, not 'sometimes'".to_owned()));
    }

    #[test]
    fn wrong_values_name_their_input() {
        assert_eq!(
            Inputs::resolve(&args("maybe", "", "")),
            Err("the changed-only input must be true or false, not 'maybe'".to_owned())
        );
        assert_eq!(
            Inputs::resolve(&args("", "errors", "")),
            Err("the fail-on input must be error, warning, info or never, not 'errors'".to_owned())
        );
    }
}
