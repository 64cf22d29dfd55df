//! Keeps the recipes of CONTRIBUTING.md true: every file a recipe names exists, and every rule,
//! output format and playground panel that exists has the files its recipe says it needs.

use std::path::{Path, PathBuf};

use slimfile_core::rules;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(repo().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

fn dockerfiles_in(relative: &str) -> usize {
    std::fs::read_dir(repo().join(relative)).map_or(0, |entries| {
        entries
            .flatten()
            .filter(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.ends_with(".Dockerfile") && !name.ends_with(".fixed.Dockerfile")
            })
            .count()
    })
}

#[test]
fn every_path_a_recipe_names_exists() {
    let text = read("CONTRIBUTING.md");
    let missing: Vec<&str> = text
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|quoted| {
            let path = quoted.split_whitespace().next().unwrap_or_default();
            path.contains('/') && !path.contains('<') && !path.contains("..") && !path.starts_with("SLIMFILE")
        })
        .map(|quoted| quoted.split_whitespace().next().unwrap_or_default())
        .filter(|path| !repo().join(path).exists())
        .collect();
    assert!(missing.is_empty(), "CONTRIBUTING.md names paths that do not exist: {missing:?}");
}

#[test]
fn every_rule_has_what_the_rule_recipe_lists() {
    let registry = read("core/src/rules/mod.rs");
    let mut missing = Vec::new();
    for rule in rules::all() {
        let id = rule.meta().id;
        let module = id.replace('-', "_");
        for (what, ok) in [
            (format!("core/src/rules/{module}.rs"), repo().join(format!("core/src/rules/{module}.rs")).is_file()),
            (format!("`mod {module};` in core/src/rules/mod.rs"), registry.contains(&format!("mod {module};"))),
            (format!("docs/rules/{id}.md"), repo().join(format!("docs/rules/{id}.md")).is_file()),
            (format!("tests/rules/{id}/fires/*.Dockerfile"), dockerfiles_in(&format!("tests/rules/{id}/fires")) > 0),
            (format!("tests/rules/{id}/quiet/*.Dockerfile"), dockerfiles_in(&format!("tests/rules/{id}/quiet")) > 0),
        ] {
            if !ok {
                missing.push(what);
            }
        }
    }
    assert!(missing.is_empty(), "the rule recipe's files are missing: {missing:?}");
}

/// The variants of `enum Format` in the CLI, lower-cased as `--format` spells them.
fn formats() -> Vec<String> {
    let cli = read("action/src/cli.rs");
    let body = cli.split("pub enum Format {").nth(1).and_then(|rest| rest.split('}').next()).expect("enum Format");
    body.lines()
        .map(str::trim)
        .filter(|line| !line.starts_with("///") && !line.starts_with("#[") && !line.is_empty())
        .map(|line| line.trim_end_matches(',').to_owned())
        .collect()
}

#[test]
fn every_output_format_has_what_the_format_recipe_lists() {
    let variants = formats();
    assert!(variants.len() >= 5, "enum Format not read: {variants:?}");
    let (modules, check) = (read("action/src/output/mod.rs"), read("action/src/commands/check.rs"));
    let mut missing = Vec::new();
    for variant in &variants {
        let name = variant.to_ascii_lowercase();
        if !repo().join(format!("action/src/output/{name}.rs")).is_file() {
            missing.push(format!("action/src/output/{name}.rs"));
        }
        if !modules.contains(&format!("pub mod {name};")) {
            missing.push(format!("`pub mod {name};` in action/src/output/mod.rs"));
        }
        if !check.contains(&format!("Format::{variant} =>")) {
            missing.push(format!("a `Format::{variant}` arm in action/src/commands/check.rs"));
        }
    }
    assert!(missing.is_empty(), "the format recipe's pieces are missing: {missing:?}");
}

#[test]
fn every_playground_component_is_declared_and_placed() {
    let modules = read("web/src/components/mod.rs");
    let dir = repo().join("web/src/components");
    let sources: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("web/src/components")
        .flatten()
        .map(|e| e.path())
        .chain([repo().join("web/src/app.rs")])
        .map(|path| {
            let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            (name, std::fs::read_to_string(&path).unwrap_or_default())
        })
        .collect();
    let mut wrong = Vec::new();
    for (name, _) in sources.iter().filter(|(name, _)| name != "mod" && name != "app") {
        if !modules.contains(&format!("pub mod {name};")) {
            wrong.push(format!("{name}: not declared in web/src/components/mod.rs"));
        }
        let placed = sources.iter().any(|(other, text)| other != name && text.contains(&format!("components::{name}")));
        if !placed {
            wrong.push(format!("{name}: not used by web/src/app.rs or another component"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_ecosystem_has_what_the_ecosystem_recipe_lists() {
    let registry = read("core/src/ecosystem/mod.rs");
    let mut missing = Vec::new();
    for ecosystem in slimfile_core::ecosystem::Ecosystem::ALL {
        // Its module is named as the JSON report names it (`dotnet`).
        let name = serde_json::to_value(ecosystem).expect("serialises").as_str().expect("a name").to_owned();
        for (what, ok) in [
            (
                format!("core/src/ecosystem/{name}/mod.rs"),
                repo().join(format!("core/src/ecosystem/{name}/mod.rs")).is_file(),
            ),
            (format!("`mod {name};` in core/src/ecosystem/mod.rs"), registry.contains(&format!("mod {name};"))),
            (format!("{name}::LANGUAGE in LANGUAGES"), registry.contains(&format!("{name}::LANGUAGE,"))),
        ] {
            if !ok {
                missing.push(what);
            }
        }
    }
    assert!(missing.is_empty(), "the ecosystem recipe's files are missing: {missing:?}");
}
