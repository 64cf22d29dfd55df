//! Node.js: what slimfile knows about Node.js with npm, Yarn, pnpm or Bun: how a stage is seen to build in it,
//! which commands install and build, which caches they leave, which images it runs on, and how
//! the rewrite splits it. The registry in the parent module makes every table read these rows.

pub(crate) mod entry;
pub(crate) mod package_json;
mod plan;

use super::{Ecosystem, Language};
use crate::rewrite::split_trigger::{Signals, Trigger};

/// Node.js, as the registry holds it.
pub(super) const LANGUAGE: Language = Language {
    ecosystem: Ecosystem::Node,
    name: "Node.js",
    programs: &["npm", "npx", "yarn", "pnpm", "bun", "node", "corepack"],
    manifests: &["package.json"],
    lock_files: &["package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb", "bun.lock"],
    installs: installs::ROWS,
    builds: builds::ROWS,
    images: images::ROWS,
    caches: caches::CACHES,
    split_trigger,
    plan: Some(plan::plan),
};

/// A stage that installs packages, when it also carries what a runtime does not need: a full
/// image, a build, dev dependencies or a toolchain.
fn split_trigger(signals: &Signals<'_>) -> Trigger {
    let install = signals.runs(&["npm"], &["ci", "install", "i"])
        || signals.runs(&["pnpm"], &["install", "i"])
        || signals.program(&["yarn"]);
    if !install {
        return Trigger::NotThis;
    }
    let builds = signals.runs(&["npm", "yarn", "pnpm"], &["run", "build"]);
    let dev_dependencies = signals.walk.env.get("NODE_ENV").is_none_or(|v| v != "production")
        && !signals.walk.commands.iter().any(|run| {
            run.command
                .words
                .iter()
                .any(|w| w.value.starts_with("--omit") || w.value == "--production" || w.value == "--prod")
        });
    if signals.full_tag || builds || dev_dependencies || signals.installs_toolchain {
        Trigger::Split
    } else {
        Trigger::NothingToSplit
    }
}

/// The commands that install dependencies from the manifests.
mod installs {
    use super::super::install::*;

    const NODE_ENV_PRODUCTION: Omit = Omit::Env("NODE_ENV", &["production"]);
    const NPM_VALUE_FLAGS: &[&str] =
        &["--prefix", "--registry", "--cache", "--omit", "--include", "--only", "--loglevel", "-w", "--workspace"];

    pub(in super::super) const ROWS: &[Row] = &[
        Row {
            programs: &["npm"],
            form: Form::Subcommand(&["ci", "clean-install", "install", "i", "add"]),
            operands: Operands::AddPackages,
            value_flags: NPM_VALUE_FLAGS,
            dir_flags: &["--prefix"],
            reads: ReadsSpec::Files {
                required: &["package.json"],
                optional: &["package-lock.json", "npm-shrinkwrap.json", ".npmrc"],
            },
            dev: Dev::Unless {
                what: "devDependencies",
                omit: &[
                    Omit::Flag("--production"),
                    Omit::FlagWith("--omit", "dev"),
                    Omit::FlagWith("--only", "prod"),
                    Omit::FlagWith("--only", "production"),
                    NODE_ENV_PRODUCTION,
                    Omit::Env("NPM_CONFIG_PRODUCTION", &["true", "1"]),
                    Omit::Env("npm_config_production", &["true", "1"]),
                    Omit::Env("NPM_CONFIG_OMIT", &["dev"]),
                    Omit::Env("npm_config_omit", &["dev"]),
                    Omit::Config("production"),
                    Omit::Config("omit"),
                ],
                fix: Some(FixSpec::Flag("--omit=dev")),
            },
            no_dev_fix_with: &["--include=dev"],
        },
        Row {
            programs: &["yarn"],
            form: Form::BareOr("install"),
            operands: Operands::AddPackages,
            value_flags: &["--cwd", "--modules-folder", "--cache-folder", "--network-timeout", "--registry", "--mutex"],
            dir_flags: &["--cwd"],
            reads: ReadsSpec::FilesAndMore {
                required: &["package.json"],
                optional: &["yarn.lock", ".yarnrc", ".yarnrc.yml", ".npmrc"],
                why: "Yarn 2 and later also read the .yarn directory",
            },
            dev: Dev::Unless {
                what: "devDependencies",
                omit: &[
                    Omit::Flag("--production"),
                    Omit::Flag("--prod"),
                    NODE_ENV_PRODUCTION,
                    Omit::Env("YARN_PRODUCTION", &["true", "1"]),
                    Omit::Config("production"),
                ],
                fix: Some(FixSpec::Flag("--production")),
            },
            no_dev_fix_with: &["--immutable", "--immutable-cache", "--check-cache", "--production=false"],
        },
        Row {
            programs: &["pnpm"],
            form: Form::Subcommand(&["install", "i"]),
            operands: Operands::AddPackages,
            value_flags: &["--dir", "-C", "--filter", "-F", "--store-dir", "--reporter"],
            dir_flags: &["--dir", "-C"],
            reads: ReadsSpec::Files {
                required: &["package.json"],
                optional: &["pnpm-lock.yaml", "pnpm-workspace.yaml", ".npmrc"],
            },
            dev: Dev::Unless {
                what: "devDependencies",
                omit: &[Omit::Flag("--prod"), Omit::Flag("-P"), Omit::Flag("--production"), NODE_ENV_PRODUCTION],
                fix: Some(FixSpec::Flag("--prod")),
            },
            no_dev_fix_with: &["--dev", "-D", "--production=false"],
        },
        Row {
            programs: &["pnpm"],
            form: Form::Subcommand(&["fetch"]),
            operands: Operands::AddPackages,
            value_flags: &["--dir", "-C", "--store-dir", "--reporter"],
            dir_flags: &["--dir", "-C"],
            reads: ReadsSpec::Files { required: &["pnpm-lock.yaml"], optional: &["pnpm-workspace.yaml", ".npmrc"] },
            // It fills the store; the later `pnpm install --offline` decides what is installed.
            dev: Dev::None,
            no_dev_fix_with: &[],
        },
        Row {
            programs: &["bun"],
            form: Form::Subcommand(&["install", "i"]),
            operands: Operands::AddPackages,
            value_flags: &["--cwd", "--registry", "--cache-dir"],
            dir_flags: &["--cwd"],
            reads: ReadsSpec::Files {
                required: &["package.json"],
                optional: &["bun.lockb", "bun.lock", "bunfig.toml"],
            },
            dev: Dev::Unless {
                what: "devDependencies",
                omit: &[Omit::Flag("--production"), Omit::Flag("-p"), NODE_ENV_PRODUCTION],
                fix: Some(FixSpec::Flag("--production")),
            },
            no_dev_fix_with: &[],
        },
    ];
}

/// The commands that build.
mod builds {
    use super::super::build::*;

    pub(in super::super) const ROWS: &[Row] = &[
        Row { programs: &["npm", "yarn", "pnpm", "bun"], form: Form::Script },
        Row { programs: &["tsc", "webpack", "rollup", "esbuild"], form: Form::Always },
        Row {
            programs: &[
                "vite",
                "next",
                "nuxt",
                "nuxi",
                "ng",
                "parcel",
                "gatsby",
                "react-scripts",
                "vue-cli-service",
                "astro",
                "remix",
            ],
            form: Form::Subcommand(&["build"]),
        },
    ];
}

/// Its base images.
mod images {
    use super::super::images::*;

    pub(in super::super) const ROWS: &[Row] = &[Row {
        repository: "node",
        toolchain: When::Never,
        runtime: Some(Runtime::Fixed("node:slim")),
        static_runtime: None,
        compilers: FULL_ONLY,
        slimmer: Some(Slimmer::Slim {
            at: SlimAt::End,
            bare: "slim",
            // The release codenames tag the same images (`iron-slim`, `jod-bookworm-slim`).
            version_words: &[
                "lts", "current", "argon", "boron", "carbon", "dubnium", "erbium", "fermium", "gallium", "hydrogen",
                "iron", "jod", "krypton",
            ],
            suites: false,
            alpine: true,
        }),
    }];
}

/// The package managers' caches.
mod caches {
    use crate::fix::Applicability;
    use crate::rules::package_caches::*;

    pub(in super::super) const CACHES: &[PackageCache] = &[
        // npm-config(7): `cache` defaults to ~/.npm (npm_config_cache); npm-cache(1): `npm cache
        // clean --force` empties it.
        PackageCache {
            programs: &["npm"],
            fills: &[&["install"], &["i"], &["ci"], &["clean-install"], &["add"], &["update"]],
            dirs: &[CacheDir {
                what: "npm's download cache",
                moved_by: &[("npm_config_cache", ""), ("NPM_CONFIG_CACHE", "")],
                in_images: &[],
                defaults: &["~/.npm"],
            }],
            off_flags: &["--cache"],
            off_env: &[],
            cleanups: &[
                Cleanup { programs: &["npm"], path: &["cache", "clean"], with_any: &[] },
                Cleanup { programs: &["npm"], path: &["cache", "clear"], with_any: &[] },
                Cleanup { programs: &["npm"], path: &["cache", "rm"], with_any: &[] },
            ],
            remedy: Remedy::Cleanup("npm cache clean --force"),
            applicability: Applicability::Safe,
            skip_in_images: &[],
            not_after: &[],
        },
        // Yarn 1 keeps its cache in /usr/local/share/.cache/yarn when run as root (yarnpkg/yarn
        // #4628) and ~/.cache/yarn otherwise, moved by YARN_CACHE_FOLDER; hadolint DL3060 asks for
        // `yarn cache clean`. Yarn 2+ with Plug'n'Play loads packages from its cache, so any sign of
        // it keeps the rule quiet, and the fix is unsafe in case it is there unseen.
        PackageCache {
            programs: &["yarn"],
            fills: &[&[], &["install"], &["add"], &["global", "add"]],
            dirs: &[CacheDir {
                what: "Yarn's cache",
                moved_by: &[("YARN_CACHE_FOLDER", "")],
                in_images: &[],
                defaults: &["/usr/local/share/.cache/yarn", "~/.cache/yarn", "~/.yarn/berry/cache"],
            }],
            off_flags: &["--cache-folder", "--version", "-v", "--help", "-h"],
            off_env: &[],
            cleanups: &[Cleanup { programs: &["yarn"], path: &["cache", "clean"], with_any: &[] }],
            remedy: Remedy::Cleanup("yarn cache clean"),
            applicability: Applicability::Unsafe,
            skip_in_images: &[],
            not_after: &[
                "corepack",
                ".yarnrc.yml",
                "--immutable",
                "--check-cache",
                "yarn set version",
                "yarn workspaces focus",
            ],
        },
    ];
}
