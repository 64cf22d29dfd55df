//! .NET: what slimfile knows about .NET with the `dotnet` CLI and NuGet: how a stage is seen to build in it,
//! which commands install and build, which caches they leave, which images it runs on, and how
//! the rewrite splits it. The registry in the parent module makes every table read these rows.

mod plan;

use super::{Ecosystem, Language};
use crate::rewrite::split_trigger::{Signals, Trigger};

/// .NET, as the registry holds it.
pub(super) const LANGUAGE: Language = Language {
    ecosystem: Ecosystem::Dotnet,
    name: ".NET",
    programs: &["dotnet"],
    manifests: &["*.csproj", "*.fsproj", "*.sln"],
    lock_files: &["packages.lock.json"],
    installs: installs::ROWS,
    builds: builds::ROWS,
    images: images::ROWS,
    caches: caches::CACHES,
    split_trigger,
    plan: Some(plan::plan),
};

/// A stage that publishes or builds with the `dotnet` CLI.
fn split_trigger(signals: &Signals<'_>) -> Trigger {
    if signals.runs(&["dotnet"], &["publish", "build"]) { Trigger::Split } else { Trigger::NotThis }
}

/// The commands that install dependencies from the manifests.
mod installs {
    use super::super::install::*;

    pub(in super::super) const ROWS: &[Row] = &[Row {
        programs: &["dotnet"],
        form: Form::Subcommand(&["restore"]),
        operands: Operands::Any,
        value_flags: &["-s", "--source", "-r", "--runtime", "--packages", "--configfile", "-v", "--verbosity"],
        dir_flags: &[],
        reads: ReadsSpec::Unlisted {
            hint: "copy the project files (*.csproj, *.sln, NuGet.config) to their paths and run `dotnet restore` before copying the source",
        },
        dev: Dev::None,
        no_dev_fix_with: &[],
    }];
}

/// The commands that build.
mod builds {
    use super::super::build::*;

    pub(in super::super) const ROWS: &[Row] =
        &[Row { programs: &["dotnet"], form: Form::Subcommand(&["build", "publish", "pack"]) }];
}

/// Its base images.
mod images {
    use super::super::images::*;

    pub(in super::super) const ROWS: &[Row] = &[
        Row {
            repository: "mcr.microsoft.com/dotnet/sdk",
            toolchain: When::Always,
            runtime: Some(Runtime::SameTag("mcr.microsoft.com/dotnet/aspnet")),
            static_runtime: None,
            compilers: When::Never,
            slimmer: None,
        },
        Row {
            repository: "mcr.microsoft.com/dotnet/aspnet",
            toolchain: When::Never,
            runtime: None,
            static_runtime: None,
            compilers: When::Never,
            slimmer: None,
        },
        Row {
            repository: "mcr.microsoft.com/dotnet/runtime",
            toolchain: When::Never,
            runtime: None,
            static_runtime: None,
            compilers: When::Never,
            slimmer: None,
        },
        Row {
            repository: "mcr.microsoft.com/dotnet/runtime-deps",
            toolchain: When::Never,
            runtime: None,
            static_runtime: None,
            compilers: When::Never,
            slimmer: None,
        },
    ];
}

/// The package managers' caches.
mod caches {
    use crate::fix::Applicability;
    use crate::rules::package_caches::*;

    pub(in super::super) const CACHES: &[PackageCache] = &[
        // NuGet's global packages folder is ~/.nuget/packages (NUGET_PACKAGES); `dotnet build`,
        // `publish`, `test` and `run` restore implicitly unless `--no-restore`.
        PackageCache {
            programs: &["dotnet"],
            fills: &[&["restore"], &["build"], &["publish"], &["test"], &["run"], &["pack"], &["tool", "install"]],
            dirs: &[CacheDir {
                what: "NuGet's global packages folder",
                moved_by: &[("NUGET_PACKAGES", "")],
                in_images: &[],
                defaults: &["~/.nuget/packages"],
            }],
            off_flags: &["--no-restore", "--packages"],
            off_env: &[],
            cleanups: &[Cleanup {
                programs: &["dotnet"],
                path: &["nuget", "locals"],
                with_any: &["all", "global-packages"],
            }],
            remedy: Remedy::CacheMount,
            applicability: Applicability::Unsafe,
            skip_in_images: &[],
            not_after: &[],
        },
    ];
}
