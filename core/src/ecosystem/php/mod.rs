//! PHP: what slimfile knows about PHP with Composer: how a stage is seen to build in it,
//! which commands install and build, which caches they leave, which images it runs on, and how
//! the rewrite splits it. The registry in the parent module makes every table read these rows.

mod composer_json;
mod plan;

use super::{Ecosystem, Language};
use crate::rewrite::split_trigger::{Signals, Trigger};

/// PHP, as the registry holds it.
pub(super) const LANGUAGE: Language = Language {
    ecosystem: Ecosystem::Php,
    name: "PHP",
    programs: &["composer", "php"],
    manifests: &["composer.json"],
    lock_files: &["composer.lock"],
    installs: installs::ROWS,
    builds: builds::ROWS,
    images: images::ROWS,
    caches: caches::CACHES,
    split_trigger,
    plan: Some(plan::plan),
};

/// A stage that runs Composer on the php image or with a toolchain.
fn split_trigger(signals: &Signals<'_>) -> Trigger {
    let php = signals.program(&["composer"]) && (signals.repository == "php" || signals.installs_toolchain);
    if php { Trigger::Split } else { Trigger::NotThis }
}

/// The commands that install dependencies from the manifests.
mod installs {
    use super::super::install::*;

    pub(in super::super) const ROWS: &[Row] = &[Row {
        programs: &["composer"],
        form: Form::Subcommand(&["install"]),
        operands: Operands::AddPackages,
        value_flags: &["--working-dir", "-d"],
        dir_flags: &["--working-dir", "-d"],
        reads: ReadsSpec::FilesWith {
            flag: "--no-scripts",
            required: &["composer.json"],
            optional: &["composer.lock", "auth.json"],
            hint: "run `composer install --no-scripts --no-autoloader` after copying composer.json and composer.lock, then copy the source and run `composer dump-autoload`",
        },
        dev: Dev::Unless {
            what: "require-dev packages",
            omit: &[Omit::Flag("--no-dev"), Omit::Env("COMPOSER_NO_DEV", &["1", "true"])],
            fix: Some(FixSpec::Flag("--no-dev")),
        },
        no_dev_fix_with: &[],
    }];
}

/// The commands that build.
mod builds {
    use super::super::build::*;

    pub(in super::super) const ROWS: &[Row] = &[];
}

/// Its base images.
mod images {
    use super::super::images::*;

    pub(in super::super) const ROWS: &[Row] = &[
        Row {
            repository: "php",
            toolchain: When::Never,
            runtime: None,
            static_runtime: None,
            // docker-library/php keeps $PHPIZE_DEPS (gcc, g++, make) installed for extensions.
            compilers: When::Always,
            slimmer: None,
        },
        Row {
            repository: "composer",
            toolchain: When::Always,
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
        // Composer's Factory::getCacheDir: COMPOSER_CACHE_DIR, else $COMPOSER_HOME/cache, else
        // ~/.composer/cache or ~/.cache/composer; the official composer image sets
        // COMPOSER_HOME=/tmp. `composer clear-cache` works wherever it is.
        PackageCache {
            programs: &["composer"],
            fills: &[&["install"], &["update"], &["require"], &["global", "require"], &["create-project"]],
            dirs: &[CacheDir {
                what: "Composer's download cache",
                moved_by: &[("COMPOSER_CACHE_DIR", ""), ("COMPOSER_HOME", "/cache")],
                in_images: &[("composer", "/tmp/cache")],
                defaults: &["~/.composer/cache", "~/.cache/composer"],
            }],
            off_flags: &["--no-cache"],
            off_env: &[],
            cleanups: &[
                Cleanup { programs: &["composer"], path: &["clear-cache"], with_any: &[] },
                Cleanup { programs: &["composer"], path: &["clearcache"], with_any: &[] },
                Cleanup { programs: &["composer"], path: &["cc"], with_any: &[] },
            ],
            remedy: Remedy::Cleanup("composer clear-cache"),
            applicability: Applicability::Safe,
            skip_in_images: &[],
            not_after: &[],
        },
    ];
}
