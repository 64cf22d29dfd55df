//! What a Node.js image's runtime command runs, read far enough to tell which installed tools
//! and packages it needs: its words, with the `package.json` scripts it starts (`npm start`,
//! `yarn docker:start`, their `pre`/`post` scripts, and the scripts those run) expanded.

use super::package_json::PackageJson;

/// Programs that run an app's sources through development tooling: with one of these as the
/// command, devDependencies may be loaded at run time (a TypeScript compiler, a bundler).
pub(crate) const SOURCE_RUNNERS: &[&str] = &[
    "ts-node",
    "ts-node-dev",
    "tsx",
    "nodemon",
    "next",
    "nest",
    "nuxt",
    "nuxi",
    "vite",
    "react-scripts",
    "webpack",
    "webpack-dev-server",
    "babel-node",
    "jest",
    "vitest",
    "mocha",
];

/// Packages whose binaries are not named after them.
const BINS: &[(&str, &[&str])] = &[
    ("pm2", &["pm2", "pm2-runtime", "pm2-docker", "pm2-dev"]),
    ("@nestjs/cli", &["nest"]),
    ("typescript", &["tsc", "tsserver"]),
    ("http-server", &["http-server", "hs"]),
    ("yarn", &["yarn", "yarnpkg"]),
    ("pnpm", &["pnpm", "pnpx"]),
    ("@babel/node", &["babel-node"]),
    ("@angular/cli", &["ng"]),
    ("@vue/cli", &["vue"]),
];

/// The commands a package puts on PATH: the table's, else its name without a scope.
pub(crate) fn bins_of(package: &str) -> Vec<&str> {
    if package.starts_with("@types/") {
        return Vec::new();
    }
    match BINS.iter().find(|(name, _)| *name == package) {
        Some((_, bins)) => bins.to_vec(),
        None => vec![package.rsplit('/').next().unwrap_or(package)],
    }
}

/// Package managers' own subcommands, which are not scripts (`yarn install`, `npm exec`).
const NOT_SCRIPTS: &[&str] = &[
    "install",
    "i",
    "ci",
    "add",
    "remove",
    "global",
    "exec",
    "dlx",
    "x",
    "prune",
    "rebuild",
    "cache",
    "config",
    "link",
    "set",
    "node",
    "workspace",
    "workspaces",
    "dedupe",
    "--version",
    "-v",
];

/// The words the runtime command runs (programs without their directory), or why they cannot be
/// told: a script file slimfile does not read, or a package.json script when package.json was
/// not read.
pub(crate) fn runtime_words(entry: &[String], package: Option<&PackageJson>) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    expand(&tokens(&entry.join(" ")), package, 0, &mut out)?;
    Ok(out)
}

fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ';' | '&' | '|' | '(' | ')' | '"' | '\''))
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

fn expand(words: &[String], package: Option<&PackageJson>, depth: usize, out: &mut Vec<String>) -> Result<(), String> {
    let program_at = words
        .iter()
        .position(|w| !w.contains('=') && !matches!(w.as_str(), "exec" | "dumb-init" | "tini" | "--" | "env"));
    if let Some(first) = program_at.map(|i| &words[i]) {
        let name = first.rsplit('/').next().unwrap_or(first);
        let looks_like_file = first.ends_with(".sh") || (first.contains('/') && !is_node_tool(name));
        if depth == 0 && looks_like_file {
            return Err(format!("the runtime command runs `{first}`, a script slimfile does not read"));
        }
    }
    for (k, word) in words.iter().enumerate() {
        let name = word.rsplit('/').next().unwrap_or(word).to_owned();
        let script = match name.as_str() {
            "npm" | "pnpm" | "bun" | "yarn" => script_named(&name, &words[k + 1..]),
            _ => None,
        };
        out.push(name);
        let Some(script) = script else { continue };
        if depth >= 4 {
            continue;
        }
        let Some(package) = package else {
            return Err(format!(
                "the runtime command runs the package.json script `{script}`, and slimfile did not read package.json"
            ));
        };
        let text = match package.scripts.get(&script) {
            Some(text) => text.clone(),
            // npm-start(1): without a start script, `npm start` runs `node server.js`.
            None if script == "start" => "node server.js".to_owned(),
            None => continue,
        };
        for hook in [format!("pre{script}"), format!("post{script}")] {
            if let Some(text) = package.scripts.get(&hook) {
                expand(&tokens(text), Some(package), depth + 1, out)?;
            }
        }
        expand(&tokens(&text), Some(package), depth + 1, out)?;
    }
    Ok(())
}

fn is_node_tool(name: &str) -> bool {
    matches!(name, "node" | "nodejs" | "npm" | "npx" | "yarn" | "pnpm" | "bun")
}

/// The script `manager rest...` runs, if it runs one.
fn script_named(manager: &str, rest: &[String]) -> Option<String> {
    let operands: Vec<&String> = rest.iter().filter(|w| !w.starts_with('-')).collect();
    let first = operands.first()?.as_str();
    let name = match (manager, first) {
        (_, "run" | "run-script") => operands.get(1)?.as_str(),
        ("npm", "start" | "test" | "stop" | "restart") => first,
        ("npm", _) => return None,
        (_, other) if NOT_SCRIPTS.contains(&other) => return None,
        (_, other) => other,
    };
    Some(name.to_owned())
}

/// Packages that a production app does not load at run time: types, compilers, bundlers, linters,
/// test frameworks and git hooks (a trailing `*` matches any rest). A devDependency outside this
/// list may be something the app `require`s, which slimfile cannot see without the sources.
const BUILD_AND_TEST_ONLY: &[&str] = &[
    "@types/*",
    "typescript",
    "ts-node",
    "ts-node-dev",
    "tsx",
    "nodemon",
    "eslint*",
    "@eslint/*",
    "@typescript-eslint/*",
    "prettier*",
    "tslint*",
    "jest*",
    "@jest/*",
    "ts-jest",
    "babel-jest",
    "mocha*",
    "chai*",
    "sinon*",
    "nyc",
    "c8",
    "vitest",
    "@vitest/*",
    "supertest",
    "nock",
    "husky",
    "lint-staged",
    "@commitlint/*",
    "commitizen",
    "cz-*",
    "tailwindcss",
    "postcss*",
    "autoprefixer",
    "webpack*",
    "vite",
    "@vitejs/*",
    "rollup*",
    "@rollup/*",
    "esbuild*",
    "@babel/*",
    "babel-*",
    "@swc/*",
    "@nestjs/cli",
    "@nestjs/schematics",
    "@nestjs/testing",
    "rimraf",
    "concurrently",
    "coveralls",
    "apidoc",
    "opn-cli",
    "open-cli",
    "sass",
    "sass-loader",
    "less",
    "stylelint*",
    "@storybook/*",
    "cypress",
    "playwright",
    "@playwright/*",
    "ts-loader",
    "npm-run-all",
    "cross-env",
    "copyfiles",
    "ncp",
];

/// Why the runtime command (its words as [`runtime_words`] gives them) needs devDependencies:
/// it runs a source runner, or a tool a devDependency provides.
pub(crate) fn needs_dev_dependencies(words: &[String], package: &PackageJson) -> Option<String> {
    if let Some(word) = words.iter().find(|w| SOURCE_RUNNERS.contains(&w.as_str())) {
        return Some(format!("the runtime command runs `{word}`, which may load them"));
    }
    package.dev_dependencies.iter().find_map(|name| {
        bins_of(name)
            .into_iter()
            .find(|bin| words.iter().any(|w| w == bin))
            .map(|bin| format!("the runtime command runs `{bin}`, from `{name}` in devDependencies"))
    })
}

/// The devDependencies that are not known build or test tools.
pub(crate) fn possibly_loaded(package: &PackageJson) -> Vec<&str> {
    package
        .dev_dependencies
        .iter()
        .map(String::as_str)
        .filter(|name| {
            !BUILD_AND_TEST_ONLY.iter().any(|pattern| match pattern.strip_suffix('*') {
                Some(prefix) => name.starts_with(prefix),
                None => name == pattern,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(entry: &[&str], package: &str) -> Result<Vec<String>, String> {
        let package = PackageJson::parse(package).expect("parses");
        runtime_words(&entry.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>(), Some(&package))
    }

    #[test]
    fn expands_the_scripts_the_command_starts() {
        let package = r#"{"scripts": {"start": "nps", "prestart": "yarn docs", "docs": "apidoc -i src",
            "docker:start": "cross-env NODE_ENV=production pm2-docker start ./src/index.js"}}"#;
        let w = words(&["yarn", "docker:start"], package).expect("known");
        assert!(w.contains(&"pm2-docker".to_owned()) && w.contains(&"cross-env".to_owned()));
        let w = words(&["npm", "start"], package).expect("known");
        assert!(w.contains(&"nps".to_owned()) && w.contains(&"apidoc".to_owned()));
        let w = words(&["npm", "start"], "{}").expect("known");
        assert!(w.contains(&"server.js".to_owned()));
        assert!(words(&["./boot.sh"], "{}").is_err());
        assert!(words(&["/opt/startup.dev.sh"], "{}").is_err());
        assert!(words(&["node", "dist/server.js"], "{}").is_ok());
        assert!(runtime_words(&["npm".into(), "start".into()], None).is_err());
        assert!(runtime_words(&["serve".into(), "-s".into(), "build".into()], None).is_ok());
    }

    #[test]
    fn tells_build_and_test_tools_from_what_the_app_may_load() {
        let package = PackageJson::parse(
            r#"{"devDependencies": {"@types/node": "1", "typescript": "1", "eslint-config-x": "1", "body-parser": "1"}}"#,
        )
        .expect("parses");
        assert_eq!(possibly_loaded(&package), vec!["body-parser"]);
        assert_eq!(bins_of("pm2"), vec!["pm2", "pm2-runtime", "pm2-docker", "pm2-dev"]);
        assert_eq!(bins_of("@scope/tool"), vec!["tool"]);
        assert!(bins_of("@types/node").is_empty());
    }
}
