//! Helpers shared by the CLI tests that run the real binary.

#![allow(dead_code, reason = "each test crate uses its own subset of these helpers")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs `slimfile` in `dir` with a scrubbed environment, feeding `stdin` when given.
pub fn slimfile(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_slimfile"));
    command.args(args).current_dir(dir).env_clear().env("NO_COLOR", "1");
    command.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().expect("spawn slimfile");
    if let Some(bytes) = stdin {
        use std::io::Write;
        child.stdin.take().expect("stdin").write_all(bytes).expect("write stdin");
    }
    child.wait_with_output().expect("run slimfile")
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Standard output as JSON.
pub fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(output)))
}

/// A fresh directory under the target dir, removed first if a previous run left it. Names are
/// shared by every CLI test crate: give each test its own.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// A fresh repository-like directory under the target dir (with a `.git` folder, so that the
/// configuration search stops there), removed first if a previous run left it.
pub fn repository(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).expect("create scratch repository");
    dir
}

/// Writes `text` to `dir/path`, creating folders.
pub fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// Virtual memory a bounded run may use, in KiB (2 GiB): generous for the largest input slimfile
/// reads, small enough that input costing memory without bound fails the run instead of the machine.
pub const BOUNDED_MEMORY_KIB: u64 = 2 * 1024 * 1024;

/// Seconds a bounded run may take before `timeout` ends it: far above what any input needs in a
/// debug build, so reaching it means a hang, not a slow machine.
pub const BOUNDED_SECONDS: u64 = 300;

/// Runs `slimfile` in `dir` like [`slimfile`], under `ulimit -v` and `timeout`, and asserts that it
/// finished by itself: not killed by the time limit, not aborted by a failed allocation or a
/// panic (the release profile aborts on panic; a debug build exits with 101).
#[cfg(unix)]
pub fn slimfile_bounded(dir: &Path, args: &[&str]) -> Output {
    // 125: the limit could not be set, so the run would not be bounded.
    let script = format!("ulimit -v {BOUNDED_MEMORY_KIB} || exit 125; exec timeout {BOUNDED_SECONDS} \"$@\"");
    let output = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_slimfile"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("NO_COLOR", "1")
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stdin(Stdio::null())
        .output()
        .expect("run slimfile under sh");
    match output.status.code() {
        Some(0..=2) => output,
        other => panic!(
            "slimfile {args:?} did not finish by itself (status {other:?}: 124 is the time limit, none a signal, 101 a \
             panic)\nstderr: {}",
            stderr(&output)
        ),
    }
}
