//! Python: what slimfile knows about Python with pip, uv, Poetry or Pipenv: how a stage is seen to build in it,
//! which commands install and build, which caches they leave, which images it runs on, and how
//! the rewrite splits it. The registry in the parent module makes every table read these rows.

mod interpreter;
pub(crate) mod pip_requirements;
mod plan;
mod poetry;
mod project_venv;
mod uv;

use super::{Ecosystem, Language};
use crate::rewrite::split_trigger::{Signals, Trigger};

/// Python, as the registry holds it.
pub(super) const LANGUAGE: Language = Language {
    ecosystem: Ecosystem::Python,
    name: "Python",
    programs: &["pip", "uv", "poetry", "pipenv", "python"],
    manifests: &["requirements*.txt", "pyproject.toml", "Pipfile"],
    lock_files: &["poetry.lock", "uv.lock", "Pipfile.lock"],
    installs: installs::ROWS,
    builds: builds::ROWS,
    images: images::ROWS,
    caches: caches::CACHES,
    split_trigger,
    plan: Some(plan::plan),
};

/// A stage that installs packages on a full image or with a toolchain.
fn split_trigger(signals: &Signals<'_>) -> Trigger {
    if !(signals.runs(&["pip", "pip3"], &["install"]) || signals.program(&["uv", "poetry", "pipenv"])) {
        return Trigger::NotThis;
    }
    if signals.full_tag || signals.installs_toolchain { Trigger::Split } else { Trigger::NothingToSplit }
}

/// The commands that install dependencies from the manifests.
mod installs {
    use super::super::install::*;

    const PIP_VALUE_FLAGS: &[&str] = &[
        "-r",
        "--requirement",
        "-c",
        "--constraint",
        "-e",
        "--editable",
        "-i",
        "--index-url",
        "--extra-index-url",
        "-f",
        "--find-links",
        "-t",
        "--target",
        "--prefix",
        "--root",
        "--trusted-host",
        "--python",
        "--platform",
        "--python-version",
        "--only-binary",
        "--no-binary",
        "--progress-bar",
        "--cache-dir",
        "--timeout",
        "--retries",
    ];

    pub(in super::super) const ROWS: &[Row] = &[
        Row {
            programs: &["pip"],
            form: Form::Subcommand(&["install"]),
            operands: Operands::Requirements,
            value_flags: PIP_VALUE_FLAGS,
            dir_flags: &[],
            reads: ReadsSpec::NamedFiles,
            dev: Dev::Named,
            no_dev_fix_with: &[],
        },
        Row {
            programs: &["uv"],
            form: Form::Path(&["pip", "install"]),
            operands: Operands::Requirements,
            value_flags: PIP_VALUE_FLAGS,
            dir_flags: &["--directory", "--project"],
            reads: ReadsSpec::NamedFiles,
            dev: Dev::Named,
            no_dev_fix_with: &[],
        },
        Row {
            programs: &["uv"],
            form: Form::Path(&["pip", "sync"]),
            operands: Operands::Any,
            value_flags: PIP_VALUE_FLAGS,
            dir_flags: &["--directory", "--project"],
            reads: ReadsSpec::NamedFiles,
            dev: Dev::Named,
            no_dev_fix_with: &[],
        },
        Row {
            programs: &["uv"],
            form: Form::Subcommand(&["sync"]),
            operands: Operands::AddPackages,
            value_flags: &[
                "--directory",
                "--project",
                "--group",
                "--only-group",
                "--extra",
                "--python",
                "-p",
                "--package",
            ],
            dir_flags: &["--directory", "--project"],
            reads: ReadsSpec::FilesWith {
                flag: "--no-install-project",
                required: &["pyproject.toml"],
                optional: &["uv.lock"],
                hint: "run `uv sync --no-install-project` after copying pyproject.toml and uv.lock, then copy the source and `uv sync`",
            },
            dev: Dev::Unless {
                what: "the dev dependency group",
                omit: &[
                    Omit::Flag("--no-dev"),
                    Omit::AnyFlag("--only-group"),
                    Omit::Flag("--no-default-groups"),
                    Omit::Env("UV_NO_DEV", &["1", "true"]),
                ],
                fix: Some(FixSpec::Flag("--no-dev")),
            },
            no_dev_fix_with: &["--dev", "--all-groups", "--only-dev"],
        },
        Row {
            programs: &["poetry"],
            form: Form::Subcommand(&["install"]),
            operands: Operands::AddPackages,
            value_flags: &["--directory", "-C", "--with", "--without", "--only", "-E", "--extras"],
            dir_flags: &["--directory", "-C"],
            reads: ReadsSpec::FilesWith {
                flag: "--no-root",
                required: &["pyproject.toml"],
                optional: &["poetry.lock"],
                hint: "run `poetry install --no-root` after copying pyproject.toml and poetry.lock, then copy the source",
            },
            dev: Dev::Unless {
                what: "the dev dependency group",
                omit: &[
                    Omit::Flag("--no-dev"),
                    Omit::AnyFlag("--only"),
                    Omit::AnyFlag("--without"),
                    Omit::Flag("--only-root"),
                ],
                fix: Some(FixSpec::Flag("--only main")),
            },
            no_dev_fix_with: &["--with"],
        },
        Row {
            programs: &["pipenv"],
            form: Form::Subcommand(&["install", "sync"]),
            operands: Operands::AddPackages,
            value_flags: &["--python", "--pypi-mirror", "--categories"],
            dir_flags: &[],
            reads: ReadsSpec::Files { required: &["Pipfile"], optional: &["Pipfile.lock"] },
            dev: Dev::OnlyWith { what: "dev-packages", flags: &["--dev", "-d"] },
            no_dev_fix_with: &[],
        },
    ];
}

/// The commands that build.
mod builds {
    use super::super::build::*;

    pub(in super::super) const ROWS: &[Row] = &[];
}

/// Its base images.
mod images {
    use super::super::images::*;

    pub(in super::super) const ROWS: &[Row] = &[Row {
        repository: "python",
        toolchain: When::Never,
        runtime: Some(Runtime::Fixed("python:slim")),
        static_runtime: None,
        compilers: FULL_ONLY,
        slimmer: Some(Slimmer::Slim {
            at: SlimAt::BeforeRelease,
            bare: "slim",
            version_words: &[],
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
        // pip's "Caching" documentation: ~/.cache/pip (XDG), PIP_CACHE_DIR, `--no-cache-dir`,
        // PIP_NO_CACHE_DIR.
        PackageCache {
            programs: &["pip", "pip3"],
            fills: &[&["install"], &["download"], &["wheel"]],
            dirs: &[CacheDir {
                what: "pip's wheel cache",
                moved_by: &[("PIP_CACHE_DIR", ""), ("XDG_CACHE_HOME", "/pip")],
                in_images: &[],
                defaults: &["~/.cache/pip"],
            }],
            off_flags: &["--no-cache-dir", "--cache-dir"],
            off_env: &["PIP_NO_CACHE_DIR"],
            cleanups: &[Cleanup { programs: &["pip", "pip3"], path: &["cache", "purge"], with_any: &[] }],
            remedy: Remedy::Flag("--no-cache-dir"),
            applicability: Applicability::Safe,
            skip_in_images: &[],
            not_after: &[],
        },
        // uv's Docker guide: "If you're not mounting the cache, image size can be reduced by using
        // the `--no-cache` flag or setting `UV_NO_CACHE`"; cache in $XDG_CACHE_HOME/uv or
        // ~/.cache/uv, moved by UV_CACHE_DIR.
        PackageCache {
            programs: &["uv"],
            fills: &[&["pip", "install"], &["pip", "sync"], &["sync"], &["tool", "install"], &["add"]],
            dirs: &[CacheDir {
                what: "uv's cache",
                moved_by: &[("UV_CACHE_DIR", ""), ("XDG_CACHE_HOME", "/uv")],
                in_images: &[],
                defaults: &["~/.cache/uv"],
            }],
            off_flags: &["--no-cache", "-n", "--cache-dir"],
            off_env: &["UV_NO_CACHE"],
            cleanups: &[Cleanup { programs: &["uv"], path: &["cache", "clean"], with_any: &[] }],
            remedy: Remedy::Flag("--no-cache"),
            applicability: Applicability::Safe,
            skip_in_images: &[],
            not_after: &[],
        },
        // Poetry's configuration reference: cache-dir is ~/.cache/pypoetry on Linux (moved by
        // POETRY_CACHE_DIR), and virtualenvs.path defaults to {cache-dir}/virtualenvs, so only the
        // download caches under it (`cache/`, `artifacts/`) may be removed.
        PackageCache {
            programs: &["poetry"],
            fills: &[&["install"], &["sync"], &["update"], &["add"]],
            dirs: &[
                CacheDir {
                    what: "Poetry's HTTP cache",
                    moved_by: &[("POETRY_CACHE_DIR", "/cache"), ("XDG_CACHE_HOME", "/pypoetry/cache")],
                    in_images: &[],
                    defaults: &["~/.cache/pypoetry/cache"],
                },
                CacheDir {
                    what: "Poetry's artifact cache",
                    moved_by: &[("POETRY_CACHE_DIR", "/artifacts"), ("XDG_CACHE_HOME", "/pypoetry/artifacts")],
                    in_images: &[],
                    defaults: &["~/.cache/pypoetry/artifacts"],
                },
            ],
            off_flags: &["--no-cache"],
            off_env: &[],
            cleanups: &[Cleanup { programs: &["poetry"], path: &["cache", "clear"], with_any: &["--all"] }],
            remedy: Remedy::RemoveDirs,
            applicability: Applicability::Safe,
            skip_in_images: &[],
            not_after: &[],
        },
    ];
}
