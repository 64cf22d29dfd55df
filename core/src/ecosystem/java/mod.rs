//! Java: what slimfile knows about Java (and other JVM languages) with Maven or Gradle: how a stage is seen to build in it,
//! which commands install and build, which caches they leave, which images it runs on, and how
//! the rewrite splits it. The registry in the parent module makes every table read these rows.

mod plan;

use super::{Ecosystem, Language};
use crate::rewrite::split_trigger::{Signals, Trigger};

/// Java, as the registry holds it.
pub(super) const LANGUAGE: Language = Language {
    ecosystem: Ecosystem::Java,
    name: "Java",
    programs: &["mvn", "mvnw", "gradle", "gradlew", "java", "javac"],
    manifests: &[
        "pom.xml",
        "build.gradle",
        "build.gradle.kts",
        "settings.gradle",
        "settings.gradle.kts",
        "gradle.properties",
    ],
    lock_files: &[],
    installs: installs::ROWS,
    builds: builds::ROWS,
    images: images::ROWS,
    caches: caches::CACHES,
    split_trigger,
    plan: Some(plan::plan),
};

/// A stage that runs Maven or Gradle.
fn split_trigger(signals: &Signals<'_>) -> Trigger {
    if signals.program(&["mvn", "mvnw", "gradle", "gradlew"]) { Trigger::Split } else { Trigger::NotThis }
}

/// The commands that install dependencies from the manifests.
mod installs {
    use super::super::install::*;

    const MVN_VALUE_FLAGS: &[&str] = &[
        "-f",
        "--file",
        "-pl",
        "--projects",
        "-P",
        "--activate-profiles",
        "-s",
        "--settings",
        "-gs",
        "-T",
        "--threads",
    ];
    const MAVEN_HINT: &str = "copy pom.xml and run `mvn dependency:go-offline` before copying the source";

    pub(in super::super) const ROWS: &[Row] = &[
        Row {
            programs: &["mvn", "mvnw"],
            form: Form::Goal(&["dependency:go-offline", "dependency:resolve"]),
            operands: Operands::Any,
            value_flags: MVN_VALUE_FLAGS,
            dir_flags: &["-f", "--file"],
            reads: ReadsSpec::FilesAndMore {
                required: &["pom.xml"],
                optional: &[],
                why: "a multi-module build also needs every module's pom.xml",
            },
            dev: Dev::None,
            no_dev_fix_with: &[],
        },
        Row {
            programs: &["mvn", "mvnw"],
            form: Form::Goal(&["package", "install", "verify", "compile", "deploy"]),
            operands: Operands::Any,
            value_flags: MVN_VALUE_FLAGS,
            dir_flags: &["-f", "--file"],
            reads: ReadsSpec::Unlisted { hint: MAVEN_HINT },
            dev: Dev::None,
            no_dev_fix_with: &[],
        },
        Row {
            programs: &["gradle", "gradlew"],
            form: Form::AnyOperand,
            operands: Operands::Any,
            value_flags: &["-p", "--project-dir", "-b", "--build-file", "-x", "--exclude-task", "-D", "-P"],
            dir_flags: &["-p", "--project-dir"],
            reads: ReadsSpec::Unlisted {
                hint: "copy the build scripts (settings.gradle, build.gradle, gradle/) and run `gradle dependencies` before copying the source",
            },
            dev: Dev::None,
            no_dev_fix_with: &[],
        },
    ];
}

/// The commands that build.
mod builds {
    use super::super::build::*;

    pub(in super::super) const ROWS: &[Row] = &[
        Row { programs: &["mvn", "mvnw"], form: Form::Word(&["package", "install", "verify", "compile", "deploy"]) },
        Row { programs: &["gradle", "gradlew"], form: Form::AnyOperand },
        Row { programs: &["javac", "jlink", "native-image"], form: Form::Always },
    ];
}

/// Its base images.
mod images {
    use super::super::images::*;

    pub(in super::super) const ROWS: &[Row] = &[
        Row {
            repository: "maven",
            toolchain: When::Always,
            runtime: Some(Runtime::TemurinJre),
            static_runtime: None,
            compilers: When::Never,
            slimmer: None,
        },
        Row {
            repository: "gradle",
            toolchain: When::Always,
            runtime: Some(Runtime::TemurinJre),
            static_runtime: None,
            compilers: When::Never,
            slimmer: None,
        },
        Row {
            repository: "eclipse-temurin",
            toolchain: When::UnlessTagHas(&["jre"]),
            runtime: Some(Runtime::TemurinJre),
            static_runtime: None,
            compilers: When::Never,
            slimmer: Some(Slimmer::Jre { image: "eclipse-temurin", majors: TEMURIN_JRE_MAJORS }),
        },
        Row {
            repository: "openjdk",
            toolchain: When::UnlessTagHas(&["jre"]),
            runtime: Some(Runtime::TemurinJre),
            static_runtime: None,
            compilers: When::Never,
            slimmer: Some(Slimmer::Jre { image: "eclipse-temurin", majors: TEMURIN_JRE_MAJORS }),
        },
        Row {
            repository: "amazoncorretto",
            toolchain: When::UnlessTagHas(&["jre"]),
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
        // Maven's local repository is ~/.m2/repository unless settings or -Dmaven.repo.local move it.
        PackageCache {
            programs: &["mvn", "mvnw"],
            fills: &[&["*"]],
            dirs: &[CacheDir {
                what: "Maven's local repository",
                moved_by: &[],
                in_images: &[],
                defaults: &["~/.m2/repository"],
            }],
            off_flags: &[
                "-o",
                "--offline",
                "-s",
                "--settings",
                "-gs",
                "--global-settings",
                "-Dmaven.repo.local",
                "-v",
                "--version",
                "-h",
                "--help",
            ],
            off_env: &[],
            cleanups: &[],
            remedy: Remedy::CacheMount,
            applicability: Applicability::Unsafe,
            skip_in_images: &[],
            not_after: &[],
        },
        // Gradle's user home is ~/.gradle (GRADLE_USER_HOME, `-g`); dependencies are cached in
        // caches/ under it. The gradle image links root's Gradle home to the gradle user's, so it is
        // left alone.
        PackageCache {
            programs: &["gradle", "gradlew"],
            fills: &[&["*"]],
            dirs: &[CacheDir {
                what: "Gradle's dependency cache",
                moved_by: &[("GRADLE_USER_HOME", "/caches")],
                in_images: &[],
                defaults: &["~/.gradle/caches"],
            }],
            off_flags: &["--offline", "-g", "--gradle-user-home", "-v", "--version", "-h", "--help"],
            off_env: &[],
            cleanups: &[],
            remedy: Remedy::CacheMount,
            applicability: Applicability::Unsafe,
            skip_in_images: &["gradle"],
            not_after: &[],
        },
    ];
}
