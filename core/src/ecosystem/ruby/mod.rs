//! Ruby: what slimfile knows about Ruby with Bundler: how a stage is seen to build in it,
//! which commands install and build, which caches they leave, which images it runs on, and how
//! the rewrite splits it. The registry in the parent module makes every table read these rows.

use super::{Ecosystem, Language};
use crate::rewrite::split_trigger::{Signals, Trigger};

/// Ruby, as the registry holds it.
pub(super) const LANGUAGE: Language = Language {
    ecosystem: Ecosystem::Ruby,
    name: "Ruby",
    programs: &["bundle", "bundler", "gem", "ruby", "rake", "rails"],
    manifests: &["Gemfile"],
    lock_files: &["Gemfile.lock"],
    installs: installs::ROWS,
    builds: builds::ROWS,
    images: images::ROWS,
    caches: caches::CACHES,
    split_trigger,
    plan: None,
};

/// A stage that runs Bundler or gem on the ruby image or with a toolchain.
fn split_trigger(signals: &Signals<'_>) -> Trigger {
    let ruby = signals.program(&["bundle", "gem"]) && (signals.repository == "ruby" || signals.installs_toolchain);
    if ruby { Trigger::Split } else { Trigger::NotThis }
}

/// The commands that install dependencies from the manifests.
mod installs {
    use super::super::install::*;

    pub(in super::super) const ROWS: &[Row] = &[Row {
        programs: &["bundle", "bundler"],
        form: Form::Subcommand(&["install"]),
        operands: Operands::AddPackages,
        value_flags: &["--gemfile", "--path", "--jobs", "-j", "--retry", "--without", "--with", "--binstubs"],
        dir_flags: &["--gemfile"],
        reads: ReadsSpec::Files { required: &["Gemfile"], optional: &["Gemfile.lock"] },
        dev: Dev::Unless {
            what: "the development and test groups",
            omit: &[
                Omit::AnyFlag("--without"),
                Omit::Env("BUNDLE_WITHOUT", &[]),
                Omit::Env("BUNDLE_ONLY", &[]),
                Omit::Config("without"),
                Omit::Config("only"),
            ],
            fix: Some(FixSpec::EnvPrefix("BUNDLE_WITHOUT=development:test")),
        },
        no_dev_fix_with: &["--with"],
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

    pub(in super::super) const ROWS: &[Row] = &[Row {
        repository: "ruby",
        toolchain: When::Never,
        runtime: Some(Runtime::Fixed("ruby:slim")),
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
        // RubyGems keeps each installed gem's .gem archive in $GEM_HOME/cache (the ruby image sets
        // GEM_HOME=/usr/local/bundle); with BUNDLE_PATH set, Bundler installs under
        // $BUNDLE_PATH/ruby/<version>/. Rails' generated Dockerfile removes those caches after
        // `bundle install`. Elsewhere the gem home is not known: no finding.
        PackageCache {
            programs: &["bundle", "bundler"],
            fills: &[&["install"]],
            dirs: &[CacheDir {
                what: "the .gem archives Bundler installed from",
                moved_by: &[("BUNDLE_PATH", "/ruby/*/cache"), ("GEM_HOME", "/cache")],
                in_images: &[("ruby", "/usr/local/bundle/cache")],
                defaults: &[],
            }],
            off_flags: &["--path", "--deployment", "--local"],
            off_env: &["BUNDLE_DEPLOYMENT"],
            cleanups: &[],
            remedy: Remedy::RemoveDirs,
            applicability: Applicability::Safe,
            skip_in_images: &[],
            not_after: &["bundle config", "bundler config"],
        },
    ];
}
