//! The build context's lock files, sized for the core's estimate: each locked package version
//! looked up in `data/npm-sizes.json` (written by `scripts/gen-dependency-sizes` from the npm
//! registry's own client), the others at the table's median, which the estimate states.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;
use slimfile_core::estimate::dependencies::DependencySizes;
use slimfile_core::estimate::units::megabytes;

static NPM: &str = include_str!("../data/npm-sizes.json");

/// Below this many package versions the table's median says nothing of a typical package: the
/// versions it lacks stay unknown.
const MEDIAN_NEEDS: usize = 50;

/// The lock files larger than this are not read (a lock file of tens of MB is not one people
/// write; the estimate then states its unknown).
const MAX_LOCK_FILE_BYTES: u64 = 32 * 1024 * 1024;

#[derive(Deserialize)]
struct Table {
    source: String,
    packages: BTreeMap<String, u64>,
}

fn npm_table() -> Option<&'static Table> {
    static TABLE: OnceLock<Option<Table>> = OnceLock::new();
    TABLE.get_or_init(|| serde_json::from_str(NPM).ok()).as_ref()
}

/// What the lock files at the root of the build context at `root` install, per installer.
pub fn for_context(root: &Path) -> Vec<DependencySizes> {
    let path = root.join("package-lock.json");
    let readable = std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() <= MAX_LOCK_FILE_BYTES);
    let (Some(table), true) = (npm_table(), readable) else { return Vec::new() };
    let Ok(text) = std::fs::read_to_string(&path) else { return Vec::new() };
    let Ok(lock) = serde_json::from_str::<serde_json::Value>(&text) else { return Vec::new() };
    npm(&lock, table).into_iter().collect()
}

/// `package-lock.json` (lockfile versions 2 and 3: the `packages` map) against the table.
fn npm(lock: &serde_json::Value, table: &Table) -> Option<DependencySizes> {
    let packages = lock.get("packages")?.as_object()?;
    let mut sizes = DependencySizes {
        manager: "npm".to_owned(),
        lock_file: "package-lock.json".to_owned(),
        source: table.source.clone(),
        ..DependencySizes::default()
    };
    for (key, entry) in packages {
        let Some((_, name)) = key.rsplit_once("node_modules/") else { continue };
        if entry.get("link").and_then(serde_json::Value::as_bool) == Some(true) {
            continue;
        }
        let Some(version) = entry.get("version").and_then(serde_json::Value::as_str) else { continue };
        sizes.packages += 1;
        if let Some(bytes) = table.packages.get(&format!("{name}@{version}")) {
            sizes.sized += 1;
            sizes.sized_bytes = sizes.sized_bytes.saturating_add(*bytes);
        }
    }
    let mut all: Vec<u64> = table.packages.values().copied().collect();
    all.sort_unstable();
    if all.len() >= MEDIAN_NEEDS {
        let median = all[all.len() / 2];
        sizes.per_package_bytes = Some(median);
        sizes.per_package_basis = format!(
            "each package the table lacks counts {}, the median unpacked size of the {} npm package versions it \
             holds ({})",
            megabytes(median),
            all.len(),
            table.source
        );
    } else {
        sizes.per_package_basis = format!(
            "the table holds {} npm package versions, too few for a typical size: the packages it lacks are not \
             sized",
            all.len()
        );
    }
    Some(sizes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locked_versions_are_sized_from_the_table_and_the_rest_at_its_median() {
        let table = Table {
            source: "test".to_owned(),
            packages: (0..MEDIAN_NEEDS as u64)
                .map(|k| (format!("p{k}@1.0.0"), 1000 + k))
                .chain([("a@1.0.0".to_owned(), 100), ("c@1.0.0".to_owned(), 200)])
                .collect(),
        };
        let lock = serde_json::json!({
            "lockfileVersion": 3,
            "packages": {
                "": { "name": "app", "version": "1.0.0" },
                "node_modules/a": { "version": "1.0.0" },
                "node_modules/b/node_modules/c": { "version": "1.0.0" },
                "node_modules/d": { "version": "9.9.9" },
                "node_modules/local": { "link": true, "resolved": "packages/local" }
            }
        });
        let sizes = npm(&lock, &table).expect("a v3 lock");
        assert_eq!((sizes.packages, sizes.sized, sizes.sized_bytes), (3, 2, 300));
        let median = 1000 + (MEDIAN_NEEDS as u64) / 2 - 1;
        assert_eq!(sizes.per_package_bytes, Some(median));
        assert_eq!(sizes.assumed_bytes(), Some(median));
        assert!(sizes.per_package_basis.contains("median"), "{}", sizes.per_package_basis);
        // A small table gives no per-package figure.
        let small = Table { source: "test".to_owned(), packages: [("a@1.0.0".to_owned(), 100)].into_iter().collect() };
        assert_eq!(npm(&lock, &small).expect("a v3 lock").per_package_bytes, None);
    }
}
