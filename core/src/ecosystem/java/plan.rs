//! Java: Maven or Gradle builds a jar, which moves to a JRE of the same major version.

use crate::image_ref::ImageRef;

use crate::rewrite::build_plan::{BuildPlan, Decline, DependencyInstall, Ecosystem, RuntimeNeed};
use crate::rewrite::stage_walk::{RunCommand, StageWalk, resolve};
use crate::rewrite::walk_queries::commands_running;

const MAVEN_GOALS: &[&str] = &["package", "install", "verify"];
const GRADLE_TASKS: &[&str] = &["build", "jar", "bootJar", "assemble", "shadowJar"];

/// The commands of `programs` that name one of `tasks` among their operands: Maven and Gradle run
/// every goal or task named (`mvn clean package`, `gradle clean bootJar`), so a build may follow
/// others.
fn running_any<'w>(walk: &'w StageWalk<'_>, programs: &[&str], tasks: &[&str]) -> Vec<&'w RunCommand> {
    walk.commands
        .iter()
        .filter(|run| {
            run.command.program().is_some_and(|p| programs.contains(&p))
                && run.command.operands().iter().any(|&at| tasks.contains(&run.command.words[at].value.as_str()))
        })
        .collect()
}

/// Plans the split of a Java build.
pub(super) fn plan(walk: &StageWalk<'_>, image: Option<&ImageRef>) -> Result<BuildPlan, Decline> {
    let maven = running_any(walk, &["mvn", "mvnw"], MAVEN_GOALS);
    let gradle = running_any(walk, &["gradle", "gradlew"], GRADLE_TASKS);
    let Some(build) = maven.last().or(gradle.last()) else {
        let ran = walk
            .commands
            .iter()
            .find(|run| matches!(run.command.program(), Some("mvn" | "mvnw" | "gradle" | "gradlew")))
            .map(|run| walk.doc.slice(run.command.span).to_owned());
        return Err(Decline::new(match ran {
            Some(command) => format!(
                "`{command}` builds no jar slimfile knows: it splits Maven's package, install or verify and Gradle's build, jar, bootJar, assemble or shadowJar"
            ),
            None => "no Maven or Gradle build in the final stage".to_owned(),
        }));
    };
    let Some(version) = image.and_then(super::jdk_major).map(|major| major.to_string()) else {
        return Err(Decline::new(
            "the base image's tag does not name the JDK's major version, so slimfile cannot pick a matching JRE",
        ));
    };
    let (words, _) = walk.entry_words();
    let jar = words.iter().position(|w| w == "-jar").and_then(|i| words.get(i + 1));
    let Some(jar) = jar else {
        return Err(Decline::new(
            "the runtime command does not run `java -jar FILE`, so slimfile cannot tell which jar to keep",
        ));
    };
    // A glob in the file name (`target/*.jar`) is kept as a glob: the runtime receives every jar
    // it matches, and the shell picks among them as before.
    let (dir, file) = jar.rsplit_once('/').unwrap_or(("", jar));
    if jar.contains('$') || dir.contains(['*', '?', '[']) || file.contains('[') {
        return Err(Decline::new(format!(
            "the runtime command runs `java -jar {jar}`, whose folder slimfile cannot resolve, so it cannot tell which jar to keep"
        )));
    }
    let Some(path) = resolve(walk.workdir.as_deref(), jar) else {
        return Err(Decline::new(format!("cannot tell where {jar} is")));
    };
    let mut plan = BuildPlan::new(Ecosystem::Java, RuntimeNeed::Jre(version));
    plan.artifacts.push(path.clone());
    plan.build_instructions.push(build.instruction);
    let offline = commands_running(walk, &["mvn", "mvnw"], &["dependency:go-offline", "dependency:resolve"]).next();
    if maven.is_empty() {
        plan.build_cache_dirs = &["/root/.gradle"];
    } else {
        plan.build_cache_dirs = &["/root/.m2"];
        if let Some(run) = offline {
            plan.dependencies = Some(DependencyInstall {
                instruction: Some(run.instruction),
                manifests: vec!["pom.xml".to_owned()],
                local_paths: Vec::new(),
                added_command: None,
                deferred: None,
                cache_dirs: &["/root/.m2"],
            });
        } else {
            plan.trail.push(
                "dependencies are downloaded with the build: copy pom.xml and run `mvn dependency:go-offline` before the sources to cache them in a layer"
                    .to_owned(),
            );
        }
    }
    plan.trail.push(format!("the JDK and the build tool stay in the builder; the runtime receives only {path}"));
    Ok(plan)
}
