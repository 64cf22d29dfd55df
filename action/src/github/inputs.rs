//! The Action's inputs, resolved. A composite action hands every input to the binary as an
//! environment variable, and an input the workflow leaves out arrives as an empty string: here
//! an empty value means "the default", and a wrong one is an error that names the input.

use std::path::PathBuf;

use crate::cli::{FailOn, GithubArgs};

/// Which findings of a pull request's files count (`filter-mode`): reported, and weighed by
/// `fail-on`. Outside a pull request every finding counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterMode {
    /// Findings on lines the pull request adds.
    Added,
    /// Findings on lines of the diff's hunks, context lines included.
    DiffContext,
    /// Every finding of a file the pull request changes.
    File,
}

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
    /// `ignore`: rule ids dropped for every Dockerfile.
    pub ignore: Vec<String>,
    /// `filter-mode`.
    pub filter_mode: FilterMode,
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
    /// `builder`: the `docker buildx` builder, if not the default one.
    pub builder: Option<String>,
    /// `verify-pull-request-target`: build even on a `pull_request_target` run.
    pub on_pull_request_target: bool,
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
            workspace: workspace(args)?,
            verify: switch_off_by_default("verify", args.verify.as_deref())?.then(|| VerifyInputs {
                smoke: given(args.verify_smoke.as_deref()).map(str::to_owned),
                probe: given(args.verify_probe.as_deref()).map(str::to_owned),
                docker: PathBuf::from(given(args.docker.as_deref()).unwrap_or("docker")),
                builder: given(args.builder.as_deref()).map(str::to_owned),
                on_pull_request_target: false,
            }),
            id: given(args.id.as_deref()).map(str::to_owned),
            ignore: rule_ids(args.ignore.as_deref())?,
            filter_mode: filter_mode(args.filter_mode.as_deref())?,
        })
        .and_then(|mut inputs| {
            let allowed =
                switch_off_by_default("verify-pull-request-target", args.verify_pull_request_target.as_deref())?;
            if let Some(verify) = &mut inputs.verify {
                verify.on_pull_request_target = allowed;
            }
            Ok(inputs)
        })
    }
}

/// The checkout: `GITHUB_WORKSPACE` (else the current directory), and `working-directory`
/// within it. An absolute or escaping working directory is refused: paths are reported relative
/// to it, as the pull request names them.
fn workspace(args: &GithubArgs) -> Result<PathBuf, String> {
    let base = given(args.workspace.as_deref()).map_or_else(|| PathBuf::from("."), PathBuf::from);
    let Some(dir) = given(args.working_directory.as_deref()) else { return Ok(base) };
    let relative = std::path::Path::new(dir);
    let escapes =
        relative.components().any(|c| !matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir));
    if escapes {
        return Err(format!(
            "the working-directory input must be a path inside the workspace, like actions/checkout's `path:`, not '{dir}'"
        ));
    }
    Ok(base.join(relative))
}

/// The `ignore` input: known rule ids.
fn rule_ids(value: Option<&str>) -> Result<Vec<String>, String> {
    let known: Vec<&str> = slimfile_core::rules::all().iter().map(|r| r.meta().id).collect();
    let mut ids = Vec::new();
    for id in given(value).unwrap_or_default().split(['\n', ',']).map(str::trim).filter(|id| !id.is_empty()) {
        if !known.contains(&id) {
            return Err(format!("the ignore input names an unknown rule '{id}'; the rules are: {}", known.join(", ")));
        }
        ids.push(id.to_owned());
    }
    Ok(ids)
}

fn filter_mode(value: Option<&str>) -> Result<FilterMode, String> {
    match given(value).map(|v| v.to_ascii_lowercase().replace('_', "-")).as_deref() {
        None | Some("file") => Ok(FilterMode::File),
        Some("added") => Ok(FilterMode::Added),
        Some("diff-context") => Ok(FilterMode::DiffContext),
        Some(other) => Err(format!("the filter-mode input must be added, diff-context or file, not '{other}'")),
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
            working_directory: None,
            ignore: Some("fat-base-image,\n multi-stage-build".to_owned()),
            filter_mode: Some("diff_context".to_owned()),
            builder: None,
            verify_pull_request_target: None,
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
                ignore: vec!["fat-base-image".to_owned(), "multi-stage-build".to_owned()],
                filter_mode: FilterMode::DiffContext,
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
            Some(VerifyInputs {
                smoke: None,
                probe: Some("/health".to_owned()),
                docker: PathBuf::from("docker"),
                builder: None,
                on_pull_request_target: false
            })
        );
        on.verify = Some("sometimes".to_owned());
        assert_eq!(Inputs::resolve(&on), Err("the verify input must be true or false, not 'sometimes'".to_owned()));
    }

    #[test]
    fn working_directory_ignore_and_filter_mode() {
        let mut given = args("", "", "");
        given.workspace = Some("/srv/runner/shop".to_owned());
        given.working_directory = Some("app/".to_owned());
        assert_eq!(Inputs::resolve(&given).map(|i| i.workspace), Ok(PathBuf::from("/srv/runner/shop/app/")));
        given.working_directory = Some("../other".to_owned());
        assert!(Inputs::resolve(&given).is_err_and(|e| e.contains("working-directory")));
        let mut given = args("", "", "");
        given.ignore = Some("no-such-rule".to_owned());
        assert!(Inputs::resolve(&given).is_err_and(|e| e.contains("unknown rule 'no-such-rule'")));
        let mut given = args("", "", "");
        given.filter_mode = Some("lines".to_owned());
        assert!(Inputs::resolve(&given).is_err_and(|e| e.contains("filter-mode")));
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
