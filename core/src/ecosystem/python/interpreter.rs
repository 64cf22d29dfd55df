//! Whether a project manager's virtualenv is built on the image's own Python. uv and Poetry
//! choose an interpreter that satisfies the project's Python constraint; when the image's does
//! not, they take another (uv downloads one under `~/.local/share/uv`, Poetry looks for a
//! `python3.N` on PATH, such as Debian's `/usr/bin/python3` in the full image), and the
//! virtualenv's `bin/python` then points at an interpreter the slim runtime lacks. The slim
//! variant of the same python image has the image's own Python at the same path, so the
//! virtualenv works there exactly when the constraint admits the image's version.

use crate::image_ref::ImageRef;

/// The Python version a `python` image's tag names (`3.10`, `3.12.1-bookworm` → `[3, 12, 1]`),
/// with at least a minor version; `None` for `latest`, `3` or a tag without a version.
pub(super) fn image_version(image: &ImageRef) -> Option<Vec<u32>> {
    let tag = image.tag.as_deref()?;
    let version = tag.split('-').next()?;
    let parts: Option<Vec<u32>> = version.split('.').map(|p| p.parse().ok()).collect();
    parts.filter(|p| p.len() >= 2 && p.len() <= 3)
}

/// The project's Python constraint from `pyproject.toml`: PEP 621's `requires-python`, else
/// Poetry's `python` dependency. `None` when the file declares neither (or is not TOML).
pub(super) fn constraint(pyproject: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(pyproject).ok()?;
    let project = table.get("project").and_then(|p| p.get("requires-python")).and_then(|v| v.as_str());
    let poetry = || table.get("tool")?.get("poetry")?.get("dependencies")?.get("python")?.as_str().map(str::to_owned);
    project.map(str::to_owned).or_else(poetry)
}

/// Whether `version` (the image's, perhaps without a patch number) satisfies `constraint`, in
/// PEP 440 (`>=3.10,<4.0`, `~=3.11`, `==3.12.*`) or Poetry's syntax (`^3.10`, `~3.11`, `||`).
/// `None` when the answer depends on the unknown patch number or the text is not understood.
pub(super) fn satisfies(constraint: &str, version: &[u32]) -> Option<bool> {
    // The lowest and highest versions the tag may stand for: both must give the same answer.
    let low: Vec<u32> = (0..3).map(|i| version.get(i).copied().unwrap_or(0)).collect();
    let high: Vec<u32> = (0..3).map(|i| version.get(i).copied().unwrap_or(u32::MAX)).collect();
    // `>= 3.10` is `>=3.10`: a blank after an operator joins it to its version.
    let mut joined = String::new();
    for c in constraint.chars() {
        if !(c.is_whitespace() && joined.ends_with(['=', '<', '>', '~', '^', '!'])) {
            joined.push(c);
        }
    }
    let mut any = Some(false);
    for alternative in joined.split("||") {
        let clauses: Vec<&str> = alternative.split([',', ' ']).map(str::trim).filter(|c| !c.is_empty()).collect();
        let mut all = Some(true);
        for clause in clauses {
            let (a, b) = (clause_holds(clause, &low)?, clause_holds(clause, &high)?);
            let holds = if a == b { Some(a) } else { None };
            all = match (all, holds) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            };
        }
        any = match (any, all) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        };
    }
    any
}

/// One clause on a full version; `None` when it is not understood.
fn clause_holds(clause: &str, version: &[u32]) -> Option<bool> {
    if clause == "*" {
        return Some(true);
    }
    let ops = ["===", "~=", "==", "!=", ">=", "<=", "^", "~", ">", "<"];
    let (op, rest) =
        ops.iter().find_map(|op| clause.strip_prefix(op).map(|rest| (*op, rest.trim()))).unwrap_or(("==", clause));
    let (text, wildcard) = match rest.strip_suffix(".*") {
        Some(prefix) => (prefix, true),
        None => (rest, false),
    };
    let bound: Vec<u32> = text.split('.').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    if bound.is_empty() || bound.len() > 3 || (wildcard && !matches!(op, "==" | "!=")) {
        return None;
    }
    let cmp = |a: &[u32], b: &[u32]| {
        let pad = |v: &[u32], i: usize| v.get(i).copied().unwrap_or(0);
        (0..3).map(|i| pad(a, i).cmp(&pad(b, i))).find(|o| o.is_ne()).unwrap_or(std::cmp::Ordering::Equal)
    };
    let prefix_matches = version.iter().zip(&bound).all(|(a, b)| a == b);
    // The first version past every one that starts with `prefix` (`3.10` → `3.11`).
    let next = |prefix: &[u32]| -> Vec<u32> {
        let mut v = prefix.to_vec();
        if let Some(last) = v.last_mut() {
            *last += 1;
        }
        v
    };
    use std::cmp::Ordering::{Greater, Less};
    Some(match op {
        "==" | "===" if wildcard => prefix_matches,
        "!=" if wildcard => !prefix_matches,
        "==" | "===" => cmp(version, &bound).is_eq(),
        "!=" => cmp(version, &bound).is_ne(),
        ">=" => cmp(version, &bound) != Less,
        "<=" => cmp(version, &bound) != Greater,
        ">" => cmp(version, &bound) == Greater,
        "<" => cmp(version, &bound) == Less,
        // `~=3.11` and `~=3.11.2`: at least it, same release series (all but the last part).
        "~=" if bound.len() >= 2 => {
            cmp(version, &bound) != Less && cmp(version, &next(&bound[..bound.len() - 1])) == Less
        }
        // Poetry: `^3.10` up to the next major, `~3.10` up to the next minor (`~3`: next major).
        "^" => cmp(version, &bound) != Less && cmp(version, &next(&bound[..1])) == Less,
        "~" => {
            let keep = if bound.len() == 1 { 1 } else { 2 };
            cmp(version, &bound) != Less && cmp(version, &next(&bound[..keep])) == Less
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(reference: &str) -> Option<Vec<u32>> {
        image_version(&ImageRef::parse(reference).expect("valid"))
    }

    #[test]
    fn image_versions_from_tags() {
        assert_eq!(image("python:3.10"), Some(vec![3, 10]));
        assert_eq!(image("python:3.12.1-bookworm"), Some(vec![3, 12, 1]));
        assert_eq!(image("python:3"), None);
        assert_eq!(image("python:latest"), None);
        assert_eq!(image("python"), None);
    }

    #[test]
    fn constraints_in_both_syntaxes() {
        assert_eq!(satisfies(">=3.10,<4.0", &[3, 10]), Some(true));
        assert_eq!(satisfies(">=3.11", &[3, 10]), Some(false));
        assert_eq!(satisfies(">=3.10.4", &[3, 10]), None);
        assert_eq!(satisfies(">=3.10.4", &[3, 10, 13]), Some(true));
        assert_eq!(satisfies("~=3.11", &[3, 12]), Some(true));
        assert_eq!(satisfies("==3.12.*", &[3, 12]), Some(true));
        assert_eq!(satisfies("==3.12.*", &[3, 11]), Some(false));
        assert_eq!(satisfies("^3.10", &[3, 12]), Some(true));
        assert_eq!(satisfies("^3.10", &[3, 9]), Some(false));
        assert_eq!(satisfies("~3.10", &[3, 11]), Some(false));
        assert_eq!(satisfies(">=3.8 <3.12", &[3, 11]), Some(true));
        assert_eq!(satisfies("^3.8 || ^4.0", &[3, 13]), Some(true));
        // A bare version is exact: whether 3.12.x matches depends on the patch.
        assert_eq!(satisfies("3.12", &[3, 12]), None);
        assert_eq!(satisfies("*", &[3, 12]), Some(true));
        assert_eq!(satisfies(">=three", &[3, 12]), None);
        assert_eq!(satisfies(">= 3.9, < 3.13", &[3, 12]), Some(true));
    }

    #[test]
    fn constraints_from_pyproject() {
        assert_eq!(constraint("[project]\nname = \"a\"\nrequires-python = \">=3.12\"\n").as_deref(), Some(">=3.12"));
        assert_eq!(constraint("[tool.poetry.dependencies]\npython = \"^3.10\"\n").as_deref(), Some("^3.10"));
        assert_eq!(constraint("[project]\nname = \"a\"\n"), None);
        assert_eq!(constraint("not toml ["), None);
    }
}
