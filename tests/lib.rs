//! Shared helpers for the cross-crate tests: where the shared corpus lives and what BuildKit's
//! own parser made of each file.

#[path = "support/invariants.rs"]
pub mod invariants;
#[path = "support/rewrite_validity.rs"]
pub mod rewrite_validity;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Where the shared test data should be: the `shared/` folder beside the repository, or
/// `$SLIMFILE_SHARED`.
fn shared_location() -> PathBuf {
    std::env::var_os("SLIMFILE_SHARED")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"), PathBuf::from)
}

/// The gate of the *shared tier*: the tests that read the shared test data (the corpus, the
/// real-world set, BuildKit's parser), which cannot live in the repository. Returns its folder
/// when it is there. On a bare clone it returns `None` after one line on standard error naming
/// the skipped test, written past the test harness's capture so that a passing run still shows
/// it; with `SLIMFILE_REQUIRE_SHARED` set (as `scripts/test` sets it) a missing folder fails the
/// test instead, so CI can never skip the tier by accident.
#[must_use]
pub fn shared_tier(test: &str) -> Option<PathBuf> {
    let dir = shared_location();
    if dir.join("corpus").is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("SLIMFILE_REQUIRE_SHARED").is_none(),
        "{test}: the shared test data is missing at {} and SLIMFILE_REQUIRE_SHARED is set",
        dir.display()
    );
    let line = format!(
        "SKIPPED (shared tier) {test}: no shared test data at {} (set SLIMFILE_SHARED to its folder)\n",
        dir.display()
    );
    // Straight to the stream, not through `eprintln!`, which the harness captures.
    let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
    None
}

/// The shared test data's folder, for a test that has passed [`shared_tier`].
#[must_use]
pub fn shared_dir() -> PathBuf {
    let dir = shared_location();
    assert!(
        dir.join("corpus").is_dir(),
        "the shared corpus is missing: expected {} (gate the test with shared_tier)",
        dir.display()
    );
    dir
}

/// One instruction as BuildKit's parser reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OracleInstruction {
    /// Upper-case keyword.
    pub keyword: String,
    /// 1-based first line.
    pub start_line: u32,
    /// 1-based last line.
    pub end_line: u32,
    /// Flag names without dashes or values.
    pub flags: Vec<String>,
}

/// BuildKit's verdict on one corpus file.
#[derive(Clone, Debug)]
pub struct OracleEntry {
    /// Whether BuildKit's parser accepts the file.
    pub ok: bool,
    /// Its message when it does not.
    pub message: Option<String>,
    /// The instructions when it does.
    pub instructions: Vec<OracleInstruction>,
}

#[derive(Deserialize)]
struct RawEntry {
    path: String,
    ok: bool,
    msg: Option<String>,
    #[serde(default)]
    instrs: Vec<serde_json::Value>,
}

/// Reads `corpus-results/buildkit-parser-v0.12.5.jsonl`, keyed by path relative to `corpus/`.
#[must_use]
pub fn buildkit_oracle() -> BTreeMap<String, OracleEntry> {
    let path = shared_dir().join("corpus-results/buildkit-parser-v0.12.5.jsonl");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let raw: RawEntry = serde_json::from_str(line).unwrap_or_else(|e| panic!("oracle line: {e}"));
            let instructions = raw
                .instrs
                .iter()
                .map(|i| OracleInstruction {
                    keyword: i[0].as_str().unwrap_or_default().to_ascii_uppercase(),
                    start_line: u32::try_from(i[1].as_u64().unwrap_or_default()).unwrap_or_default(),
                    end_line: u32::try_from(i[2].as_u64().unwrap_or_default()).unwrap_or_default(),
                    flags: i[3]
                        .as_array()
                        .map(|flags| flags.iter().filter_map(|f| f.as_str()).map(flag_name).collect())
                        .unwrap_or_default(),
                })
                .collect();
            (raw.path, OracleEntry { ok: raw.ok, message: raw.msg, instructions })
        })
        .collect()
}

fn flag_name(written: &str) -> String {
    let bare = written.trim_start_matches('-');
    bare.split_once('=').map_or(bare, |(name, _)| name).to_owned()
}

/// Every corpus Dockerfile, with its path relative to `corpus/`.
#[must_use]
pub fn corpus_files() -> Vec<(String, Vec<u8>)> {
    let root = shared_dir().join("corpus");
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n == "Dockerfile") {
                let relative = path.strip_prefix(&root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                out.push((relative, bytes));
            }
        }
    }
    out.sort();
    out
}

/// The file names of the build context at `root` (examples have no `.dockerignore`), as the CLI
/// lists them, so a test of an example sees what `slimfile fix` on it sees.
#[must_use]
pub fn context_files_in(root: &Path) -> slimfile_core::context_files::ContextFiles {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                walk(root, &path, out);
            } else if let Ok(relative) = path.strip_prefix(root) {
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut paths = Vec::new();
    walk(root, root, &mut paths);
    slimfile_core::context_files::ContextFiles::new(paths)
}

/// The dependency manifests of the build context at `root`, read the way the CLI reads them
/// (every file [`ProjectFiles::wants`] names), so a test of an example sees what `slimfile fix`
/// on it sees.
#[must_use]
pub fn project_files_in(root: &Path) -> slimfile_core::project_files::ProjectFiles {
    fn walk(root: &Path, dir: &Path, depth: usize, out: &mut slimfile_core::project_files::ProjectFiles) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() && depth < 4 {
                walk(root, &path, depth + 1, out);
            } else if let Ok(relative) = path.strip_prefix(root) {
                let relative = relative.to_string_lossy().replace('\\', "/");
                if slimfile_core::project_files::ProjectFiles::wants(&relative)
                    && let Ok(text) = std::fs::read_to_string(&path)
                {
                    out.insert(&relative, text);
                }
            }
        }
    }
    let mut project = slimfile_core::project_files::ProjectFiles::default();
    walk(root, root, 0, &mut project);
    project
}

/// The file names a realworld case's `CONTEXT.txt` lists (`bytes<TAB>path` lines after a header
/// comment): its build context as the CLI would see it.
#[must_use]
pub fn realworld_context(case: &Path) -> slimfile_core::context_files::ContextFiles {
    let text = std::fs::read_to_string(case.join("CONTEXT.txt")).expect("CONTEXT.txt");
    slimfile_core::context_files::ContextFiles::new(
        text.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split_once('\t').map(|(_, path)| path.trim())),
    )
}
