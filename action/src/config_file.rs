//! Finding and reading `.slimfile.toml`: the file `--config` names, or else the nearest one in
//! each Dockerfile's directory or above it, up to the repository root.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use slimfile_core::Config;
use slimfile_core::config::FILE_NAME;

use crate::discover::Input;

/// The configuration of each input, in the same order.
///
/// # Errors
/// One line per configuration file that cannot be read or parsed, as `path:line:column: message`
/// (`path: message` when there is no position).
pub fn for_inputs(explicit: Option<&Path>, inputs: &[Input]) -> Result<Vec<Rc<Config>>, Vec<String>> {
    let mut loaded: HashMap<PathBuf, Result<Rc<Config>, String>> = HashMap::new();
    let no_file = Rc::new(Config::default());
    let mut configs = Vec::with_capacity(inputs.len());
    let mut errors = Vec::new();
    for input in inputs {
        let path = match explicit {
            Some(path) => Some(path.to_path_buf()),
            None => nearest(&start_dir(input)),
        };
        let Some(path) = path else {
            configs.push(Rc::clone(&no_file));
            continue;
        };
        // Each file is read once; its error, if any, is reported once.
        let config = loaded.entry(path).or_insert_with_key(|path| {
            let config = load(path);
            if let Err(error) = &config {
                errors.push(error.clone());
            }
            config
        });
        if let Ok(config) = config {
            configs.push(Rc::clone(config));
        }
    }
    if errors.is_empty() { Ok(configs) } else { Err(errors) }
}

fn start_dir(input: &Input) -> PathBuf {
    match input {
        Input::File(path) => match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        },
        Input::Stdin => PathBuf::from("."),
    }
}

/// The nearest `.slimfile.toml` in `dir` or its parents, stopping after the repository root (a
/// directory holding `.git`, a folder or, in worktrees and submodules, a file) or the
/// filesystem root.
fn nearest(dir: &Path) -> Option<PathBuf> {
    let mut dir = std::path::absolute(dir).ok()?;
    loop {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(shown(&candidate));
        }
        if dir.join(".git").exists() || !dir.pop() {
            return None;
        }
    }
}

/// `path` relative to the working directory when it is inside it, so that messages stay short.
fn shown(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

fn load(path: &Path) -> Result<Rc<Config>, String> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        let why = match error.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_owned(),
            std::io::ErrorKind::InvalidData => "not UTF-8 text".to_owned(),
            _ => error.to_string(),
        };
        format!("{}: {why}", path.display())
    })?;
    slimfile_core::config::parse(&text).map(Rc::new).map_err(|error| format!("{}:{error}", path.display()))
}
