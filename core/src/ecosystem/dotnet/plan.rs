//! .NET: `dotnet publish -o DIR` moves to the ASP.NET Core runtime image of the same tag.

use crate::image_ref::ImageRef;

use crate::rewrite::build_plan::{BuildPlan, Decline, DependencyInstall, Ecosystem, RuntimeNeed};
use crate::rewrite::stage_walk::StageWalk;
use crate::rewrite::walk_queries::{absolute, commands_running, option_value};

/// Plans the split of a .NET build.
pub(super) fn plan(walk: &StageWalk<'_>, image: Option<&ImageRef>) -> Result<BuildPlan, Decline> {
    let Some(publish) = commands_running(walk, &["dotnet"], &["publish"]).last() else {
        return Err(Decline::new("no `dotnet publish` in the final stage"));
    };
    let Some(tag) = image.filter(|i| i.repository.ends_with("dotnet/sdk")).and_then(|i| i.tag.clone()) else {
        return Err(Decline::new("the SDK is not from a tagged mcr.microsoft.com/dotnet/sdk image"));
    };
    let Some(output) = option_value(&publish.command, &["-o", "--output"]) else {
        return Err(Decline::new(
            "`dotnet publish` without `-o`: add `-o /app/publish` so slimfile knows what to copy",
        ));
    };
    let Some(dir) = absolute(publish, output) else {
        return Err(Decline::new(format!("cannot tell where `dotnet publish -o {output}` writes")));
    };
    let (words, _) = walk.entry_words();
    if words.first().is_some_and(|w| w == "dotnet") && words.get(1).is_some_and(|w| w == "run") {
        return Err(Decline::new(
            "the image starts with `dotnet run`, which needs the SDK: run the published dll instead",
        ));
    }
    let mut plan = BuildPlan::new(Ecosystem::Dotnet, RuntimeNeed::Dotnet(tag));
    plan.artifacts.push(dir.trim_end_matches('/').to_owned());
    plan.build_instructions.push(publish.instruction);
    plan.build_cache_dirs = &["/root/.nuget/packages"];
    if let Some(restore) = commands_running(walk, &["dotnet"], &["restore"]).next() {
        plan.dependencies = Some(DependencyInstall {
            instruction: Some(restore.instruction),
            manifests: vec!["*.csproj".to_owned()],
            local_paths: Vec::new(),
            added_command: None,
            cache_dirs: &["/root/.nuget/packages"],
        });
    }
    plan.assumptions.push(
        "the app runs on the ASP.NET Core runtime image, which also runs console apps; mcr.microsoft.com/dotnet/runtime is smaller for those".to_owned(),
    );
    plan.trail.push(format!("the .NET SDK stays in the builder; the runtime receives only {dir}"));
    Ok(plan)
}
