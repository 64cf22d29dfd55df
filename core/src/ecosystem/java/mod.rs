//! Java: what slimfile knows about Java (and other JVM languages) with Maven or Gradle: how a stage is seen to build in it,
//! which commands install and build, which caches they leave, which images it runs on, and how
//! the rewrite splits it. The registry in the parent module makes every table read these rows.

mod plan;

use super::{Ecosystem, Language};
use crate::image_ref::ImageRef;
use crate::rewrite::split_trigger::{Signals, Trigger};

/// The working directory the Gradle images set (`WORKDIR /home/gradle` in docker-library/gradle),
/// where a stage without its own `WORKDIR` builds.
pub(super) const IMAGE_WORKDIRS: &[(&str, &str)] = &[("gradle", "/home/gradle")];

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

/// Repositories whose tag starts with the Java major (`eclipse-temurin:17-jdk`, `openjdk:17.0.2`).
const JDK_REPOSITORIES: &[&str] = &["eclipse-temurin", "openjdk", "amazoncorretto", "sapmachine"];
/// Tag words of build-tool images (`maven`, `gradle`) after which the Java major follows, as the
/// next word (`3.9-eclipse-temurin-17`, `3-openjdk-11`) or glued on (`8.5-jdk17`).
const JDK_WORDS: &[&str] =
    &["jdk", "openjdk", "temurin", "corretto", "amazoncorretto", "sapmachine", "graalvm", "ibmjava", "adoptopenjdk"];

/// The Java major a JDK image's tag names: 17 in `eclipse-temurin:17-jdk`, `openjdk:17.0.2`,
/// `maven:3.9-eclipse-temurin-17`, `maven:3-openjdk-17` and `gradle:8.5-jdk17`; `None` when the
/// tag names none (`maven:3.9`, `openjdk:latest`). The one reading for the images table and the
/// rewrite.
pub(crate) fn jdk_major(image: &ImageRef) -> Option<u32> {
    let tag = image.tag.as_deref()?;
    let words: Vec<&str> = tag.split('-').collect();
    let leading = |word: &str| word.chars().take_while(char::is_ascii_digit).collect::<String>().parse().ok();
    let repository = image.repository.rsplit('/').next().unwrap_or(&image.repository);
    if JDK_REPOSITORIES.contains(&repository) {
        return words.first().and_then(|w| leading(w));
    }
    let number =
        |word: &str| (!word.is_empty() && word.chars().all(|c| c.is_ascii_digit())).then(|| word.parse().ok())?;
    words.iter().enumerate().find_map(|(k, word)| {
        if JDK_WORDS.contains(word) {
            return words.get(k + 1).and_then(|next| number(next));
        }
        ["jdk", "temurin"].iter().find_map(|prefix| word.strip_prefix(prefix)).and_then(number)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_jdk_majors_from_every_tag_shape() {
        let major = |r: &str| jdk_major(&ImageRef::parse(r).expect("valid"));
        assert_eq!(major("maven:3.9-eclipse-temurin-21"), Some(21));
        assert_eq!(major("maven:3.9.6-eclipse-temurin-17-focal"), Some(17));
        assert_eq!(major("maven:3-openjdk-11"), Some(11));
        assert_eq!(major("maven:3.8.6-jdk-11-slim"), Some(11));
        assert_eq!(major("maven:3.9-amazoncorretto-17"), Some(17));
        assert_eq!(major("maven:3.6.3-adoptopenjdk-8"), Some(8));
        assert_eq!(major("gradle:8.5-jdk17"), Some(17));
        assert_eq!(major("gradle:8.5-jdk17-jammy"), Some(17));
        assert_eq!(major("gradle:jdk21"), Some(21));
        assert_eq!(major("eclipse-temurin:21-jdk"), Some(21));
        assert_eq!(major("eclipse-temurin:11.0.22_7-jdk"), Some(11));
        assert_eq!(major("openjdk:11"), Some(11));
        assert_eq!(major("openjdk:8u342-jdk"), Some(8));
        assert_eq!(major("maven:3.9"), None);
        assert_eq!(major("gradle:8.5"), None);
        assert_eq!(major("openjdk:latest"), None);
    }
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
