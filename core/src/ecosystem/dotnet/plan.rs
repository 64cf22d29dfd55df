//! .NET: `dotnet publish -o DIR` moves to the ASP.NET Core runtime image of the same tag.

use crate::image_ref::ImageRef;

use crate::rewrite::build_plan::{BuildPlan, Decline, DependencyInstall, Ecosystem, RuntimeNeed};
use crate::rewrite::stage_walk::{StageWalk, resolve};
use crate::rewrite::walk_queries::{absolute, commands_running, option_value};

/// The publish folder the runtime command's dll sits in, for a `dotnet publish` without `-o`
/// (`dotnet bin/Release/net5.0/publish/app.dll`).
fn published_dir_of_entry(walk: &StageWalk<'_>, words: &[String]) -> Option<String> {
    let dll = words.iter().find(|w| w.ends_with(".dll"))?;
    let path = resolve(walk.workdir.as_deref(), dll)?;
    let (dir, _) = path.rsplit_once('/')?;
    (dir.ends_with("/publish") && dir.contains("/bin/")).then(|| dir.to_owned())
}

/// Whether the project files read say the app is a web app (`Some(true)`: the Web SDK or the
/// ASP.NET Core framework) or not (`Some(false)`); `None` when none was read.
fn web_or_console(walk: &StageWalk<'_>) -> Option<bool> {
    let projects: Vec<&str> = walk
        .context?
        .paths()
        .iter()
        .filter(|p| p.ends_with(".csproj") || p.ends_with(".fsproj") || p.ends_with(".vbproj"))
        .map(|p| walk.project.get(p))
        .collect::<Option<Vec<_>>>()?;
    if projects.is_empty() {
        return None;
    }
    Some(
        projects.iter().any(|text| text.contains("Microsoft.NET.Sdk.Web") || text.contains("Microsoft.AspNetCore.App")),
    )
}

/// Plans the split of a .NET build.
pub(super) fn plan(walk: &StageWalk<'_>, image: Option<&ImageRef>) -> Result<BuildPlan, Decline> {
    let Some(publish) = commands_running(walk, &["dotnet"], &["publish"]).last() else {
        return Err(Decline::new("no `dotnet publish` in the final stage"));
    };
    // The SDK images moved from dotnet/core/sdk to dotnet/sdk with .NET 5; the runtime comes from
    // the same family (dotnet/core/aspnet:3.1 beside dotnet/core/sdk:3.1).
    let sdk = image.and_then(|i| {
        let family = i
            .repository
            .strip_suffix("dotnet/sdk")
            .map(|_| "dotnet")
            .or_else(|| i.repository.strip_suffix("dotnet/core/sdk").map(|_| "dotnet/core"))?;
        Some((family, i.tag.clone()?))
    });
    let Some((family, tag)) = sdk else {
        return Err(Decline::new(match image {
            Some(i) if i.repository.ends_with("sdk") => {
                "the SDK image has no tag, so slimfile cannot pick the runtime of the same .NET version".to_owned()
            }
            Some(i) => format!(
                "the base image {} is not a .NET SDK image (mcr.microsoft.com/dotnet/sdk or dotnet/core/sdk)",
                i.short_name()
            ),
            None => "the base image is not a .NET SDK image".to_owned(),
        }));
    };
    let (words, _) = walk.entry_words();
    if words.first().is_some_and(|w| w == "dotnet") && words.get(1).is_some_and(|w| w == "run") {
        return Err(Decline::new(
            "the image starts with `dotnet run`, which needs the SDK: run the published dll instead",
        ));
    }
    let dir = match option_value(&publish.command, &["-o", "--output"]) {
        Some(output) => absolute(publish, output)
            .ok_or_else(|| Decline::new(format!("cannot tell where `dotnet publish -o {output}` writes")))?,
        None => published_dir_of_entry(walk, &words).ok_or_else(|| {
            Decline::new(
                "`dotnet publish` without `-o`, and the command does not run a dll from a bin/.../publish folder: add `-o /app/publish` so slimfile knows what to copy",
            )
        })?,
    };
    let flavour = web_or_console(walk);
    let runtime =
        format!("mcr.microsoft.com/{family}/{}:{tag}", if flavour == Some(false) { "runtime" } else { "aspnet" });
    let mut plan = BuildPlan::new(Ecosystem::Dotnet, RuntimeNeed::Dotnet(runtime.clone()));
    if family == "dotnet/core" {
        plan.trail.push(format!(
            "the SDK comes from the dotnet/core repositories of .NET Core {tag}, which is end-of-life: the runtime is {runtime}, of the same release"
        ));
    }
    plan.artifacts.push(dir.trim_end_matches('/').to_owned());
    plan.build_instructions.push(publish.instruction);
    plan.build_cache_dirs = &["/root/.nuget/packages"];
    if let Some(restore) = commands_running(walk, &["dotnet"], &["restore"]).next() {
        plan.dependencies = Some(DependencyInstall {
            instruction: Some(restore.instruction),
            manifests: vec!["*.csproj".to_owned()],
            local_paths: Vec::new(),
            added_command: None,
            deferred: None,
            cache_dirs: &["/root/.nuget/packages"],
        });
    }
    match flavour {
        Some(true) => plan.trail.push("the project file uses the Web SDK or ASP.NET Core: the ASP.NET Core runtime".to_owned()),
        Some(false) => plan.trail.push("the project file uses neither the Web SDK nor ASP.NET Core: the .NET runtime, smaller than ASP.NET Core's".to_owned()),
        None => plan.assumptions.push(
            "the app runs on the ASP.NET Core runtime image (slimfile did not read the project file), which also runs console apps; mcr.microsoft.com/dotnet/runtime is smaller for those".to_owned(),
        ),
    }
    plan.trail.push(format!("the .NET SDK stays in the builder; the runtime receives only {dir}"));
    Ok(plan)
}
