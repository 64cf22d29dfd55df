//! PHP: the author's stage, Composer and all, becomes the builder; the runtime is the same php
//! image (the extensions were built for its PHP) with the compiled extensions, the runtime
//! libraries they link against and the app directory, vendor/ included. Composer, git, unzip and
//! the `-dev` headers stay in the builder.

use crate::document::Keyword;
use crate::image_ref::ImageRef;
use crate::rewrite::build_plan::{BuildPlan, Decline, Deferred, DependencyInstall, Ecosystem, RuntimeNeed};
use crate::rewrite::stage_walk::{RunCommand, StageWalk};
use crate::rewrite::walk_queries::{commands_running, has_flag, option_value};

use super::composer_json::{ComposerJson, Reorder};

/// Where the official php images keep compiled extensions and the `.ini` files that load them
/// (`$PHP_INI_DIR/conf.d`): `docker-php-ext-install`, `docker-php-ext-enable` and `pecl install`
/// write there and nowhere the runtime needs besides.
const EXTENSION_DIRS: &[&str] = &["/usr/local/lib/php/extensions", "/usr/local/etc/php/conf.d"];

/// Programs that build or enable PHP extensions.
const EXTENSION_TOOLS: &[&str] =
    &["docker-php-ext-install", "docker-php-ext-configure", "docker-php-ext-enable", "docker-php-source", "pecl"];

/// Apache's configuration helpers: they only switch symlinks under /etc/apache2, so the runtime
/// repeats them exactly.
const APACHE_SWITCHES: &[&str] = &["a2enmod", "a2dismod", "a2enconf", "a2disconf", "a2ensite", "a2dissite"];

/// Programs whose effects are the files their path operands name, and which are judged by them.
const FILE_TOOLS: &[&str] = &[
    "chmod", "chown", "chgrp", "mkdir", "touch", "cp", "mv", "rm", "ln", "echo", "printf", "true", "set", "composer",
    "php", "npm", "npx", "yarn", "pnpm", "node",
];

/// Folders outside the app that a build step may write or clean without the runtime missing
/// anything: package lists and caches, scratch space, PHP's unpacked sources.
const DISPOSABLE: &[&str] = &[
    "/var/lib/apt/lists",
    "/var/cache",
    "/tmp",
    "/root/.composer",
    "/root/.cache",
    "/root/.npm",
    "/usr/src",
    "/dev/null",
];

/// Plans the split of a PHP app installed with Composer.
pub(super) fn plan(walk: &StageWalk<'_>, image: Option<&ImageRef>) -> Result<BuildPlan, Decline> {
    let Some(image) = image.filter(|i| i.repository == "php" || i.repository.ends_with("/php")) else {
        return Err(Decline::new(
            "PHP is not from the `php` image, so slimfile cannot tell which runtime image has the same PHP and extensions",
        ));
    };
    let Some(install) = commands_running(walk, &["composer"], &["install"]).next() else {
        return Err(Decline::new("no `composer install` in the final stage, so there is no vendor/ to carry"));
    };
    if option_value(&install.command, &["--working-dir", "-d"]).is_some() {
        return Err(Decline::new(
            "`composer install --working-dir` installs in another folder, which slimfile does not follow",
        ));
    }
    let app = crate::rewrite::walk_queries::app_directory(walk, install.workdir.as_deref(), install.after_cd)?;
    crate::rewrite::walk_queries::outside_app(walk, &app)?;
    copies_from_other_images(walk)?;
    let mut plan = BuildPlan::new(Ecosystem::Php, RuntimeNeed::Own(image.clone()));
    let mut extensions = false;
    let mut node = false;
    for run in &walk.commands {
        match effect(walk, run, &app)? {
            Effect::Builder => node |= run.command.program().is_some_and(|p| matches!(p, "npm" | "yarn" | "pnpm")),
            Effect::Extension => extensions = true,
            Effect::Repeat => {
                let text = walk.doc.slice(run.command.span);
                plan.runtime_tail.push(format!("RUN {text}"));
                plan.trail.push(format!(
                    "the runtime repeats `{text}`: it configures the web server, outside the app directory"
                ));
            }
        }
    }
    runtime_command_needs_no_builder_tool(walk)?;
    if extensions {
        plan.artifacts.extend(EXTENSION_DIRS.iter().map(|d| (*d).to_owned()));
        plan.trail.push(format!(
            "the extensions compiled in the builder are copied to the runtime ({}), with the runtime libraries of the headers they were built against; compilers and headers stay in the builder",
            EXTENSION_DIRS.join(", ")
        ));
    }
    plan.artifacts.push(app.clone());
    if node {
        plan.builder_tail.push(format!("RUN rm -rf {}/node_modules", app.trim_end_matches('/')));
        plan.assumptions.push(
            "the app does not run Node.js at run time: Node.js and node_modules stay in the builder, where the asset build used them".to_owned(),
        );
        plan.trail.push(
            "the asset build runs in the builder; its node_modules is removed there before the app directory is copied"
                .to_owned(),
        );
    }
    let composer = walk.project.get("composer.json").map(ComposerJson::parse);
    if let Some(Ok(manifest)) = &composer {
        keep_dev_note(manifest, walk, install, &mut plan);
    }
    dependency_layer(walk, install, composer.as_ref(), &mut plan);
    plan.trail.push(format!(
        "the runtime starts from the author's image `{image}` and receives {app} with vendor/; Composer stays in the builder"
    ));
    Ok(plan)
}

/// What a command of the stage means for the split.
enum Effect {
    /// It works in the builder, and the runtime gets its result with the app directory (or needs
    /// none of it).
    Builder,
    /// It builds or enables a PHP extension: the runtime gets the extension folders.
    Extension,
    /// It configures the image in a way the runtime repeats.
    Repeat,
}

/// How `run` bears on the split, or the true reason the runtime could not have its effect.
fn effect(walk: &StageWalk<'_>, run: &RunCommand, app: &str) -> Result<Effect, Decline> {
    let command = &run.command;
    let text = walk.doc.slice(command.span);
    let Some(program) = command.program() else { return Ok(Effect::Builder) };
    if matches!(program, "apt-get" | "apt" | "apk") {
        // The runtime installs what the runtime needs of these (`-dev` headers become their
        // libraries, build tools stay behind): the rewrite's package reader decides.
        return Ok(Effect::Builder);
    }
    if EXTENSION_TOOLS.contains(&program) {
        return Ok(Effect::Extension);
    }
    if APACHE_SWITCHES.contains(&program) {
        return Ok(Effect::Repeat);
    }
    if command.subcommand(&["composer"], "global").is_some() {
        return Err(Decline::new(format!(
            "`{text}` installs into Composer's home, outside the app directory, which the runtime would not have"
        )));
    }
    if program == "php" && has_flag(command, &["-r"]) {
        return Err(Decline::new(format!(
            "`{text}` runs inline PHP code, which may change the image outside the app directory"
        )));
    }
    if !FILE_TOOLS.contains(&program) {
        return Err(Decline::new(format!(
            "slimfile does not know what `{text}` changes outside the app directory {app}, which the runtime stage would not have"
        )));
    }
    let disposable_ok = matches!(program, "rm" | "echo" | "printf" | "true");
    for at in command.operands() {
        let word = &command.words[at].value;
        let path = word.split_once('=').filter(|(name, _)| name.starts_with('-')).map_or(word.as_str(), |(_, v)| v);
        if path.contains('$') {
            return Err(Decline::new(format!(
                "`{text}` names a path through a variable, so slimfile cannot tell whether it changes files outside the app directory"
            )));
        }
        let Some(target) = crate::rewrite::walk_queries::absolute(run, path) else {
            return Err(Decline::new(format!(
                "`{text}` runs after a `cd`, so slimfile cannot tell which files it changes"
            )));
        };
        let under = |dir: &str| target == dir || target.starts_with(&format!("{}/", dir.trim_end_matches('/')));
        let disposable = DISPOSABLE.iter().any(|d| under(d)) && (disposable_ok || target.starts_with("/tmp"));
        if !under(app) && !disposable {
            return Err(Decline::new(format!(
                "`{text}` changes {target}, outside the app directory {app}, which the runtime stage would not have"
            )));
        }
    }
    Ok(Effect::Builder)
}

/// Declines a `COPY --from` of anything but the Composer binary: what another image brings lies
/// outside the app directory, and slimfile cannot tell whether the app runs it.
fn copies_from_other_images(walk: &StageWalk<'_>) -> Result<(), Decline> {
    for step in &walk.steps {
        let instruction = walk.instruction(step.index);
        if !matches!(instruction.keyword, Keyword::Copy) || instruction.flag("from").is_none() {
            continue;
        }
        let words = instruction.words();
        let composer = words.split_last().is_some_and(|(_, sources)| {
            !sources.is_empty() && sources.iter().all(|s| s.value.rsplit('/').next() == Some("composer"))
        });
        if !composer {
            return Err(Decline::new(format!(
                "`{}` copies files from another image outside the app directory, and slimfile cannot tell whether the app needs them at run time",
                walk.doc.slice(instruction.span)
            )));
        }
    }
    Ok(())
}

/// Declines when the runtime command runs Composer or Node.js, which stay in the builder.
fn runtime_command_needs_no_builder_tool(walk: &StageWalk<'_>) -> Result<(), Decline> {
    let (entry, _) = walk.entry_words();
    let tool = entry
        .iter()
        .map(|w| w.rsplit('/').next().unwrap_or(w))
        .find(|w| matches!(*w, "composer" | "node" | "npm" | "npx" | "yarn" | "pnpm") || w.ends_with(".sh"));
    match tool {
        Some(script) if script.ends_with(".sh") => Err(Decline::new(format!(
            "the runtime command runs `{script}`, a script slimfile does not read: it may call Composer, which stays in the builder"
        ))),
        Some(tool) => Err(Decline::new(format!("the runtime command runs `{tool}`, which stays in the builder"))),
        None => Ok(()),
    }
}

/// Says in the trail that require-dev packages the author installs stay installed: whether the
/// app loads one at run time is in its sources, which slimfile does not read.
fn keep_dev_note(manifest: &ComposerJson, walk: &StageWalk<'_>, install: &RunCommand, plan: &mut BuildPlan) {
    if manifest.require_dev.is_empty() || no_dev(walk, install) {
        return;
    }
    let shown: Vec<String> = manifest.require_dev.iter().take(3).map(|n| format!("`{n}`")).collect();
    plan.trail.push(format!(
        "require-dev packages ({}) are kept, as the author's `composer install` has them: whether the app loads one at run time is in its sources, so `--no-dev` stays the author's choice",
        shown.join(", ")
    ));
}

fn no_dev(walk: &StageWalk<'_>, install: &RunCommand) -> bool {
    has_flag(&install.command, &["--no-dev"])
        || walk.env.get("COMPOSER_NO_DEV").is_some_and(|v| matches!(v.as_str(), "1" | "true"))
}

/// Moves the install before the source copy, when that installs the same: Composer then installs
/// from composer.json and composer.lock alone (`--no-scripts --no-autoloader`), and
/// `composer dump-autoload`, after the sources, writes the autoloader and runs the
/// `post-autoload-dump` scripts the install would have run.
fn dependency_layer(
    walk: &StageWalk<'_>,
    install: &RunCommand,
    composer: Option<&Result<ComposerJson, String>>,
    plan: &mut BuildPlan,
) {
    let keep =
        |plan: &mut BuildPlan, why: String| plan.trail.push(format!("the install stays after the source copy: {why}"));
    let manifest = match composer {
        None => return keep(plan, "slimfile did not read composer.json, so it cannot tell whether installing from it alone runs scripts that need the sources".to_owned()),
        Some(Err(why)) => return keep(plan, format!("composer.json could not be read ({why})")),
        Some(Ok(manifest)) => manifest,
    };
    if let Reorder::Keep(why) = manifest.reorder() {
        return keep(plan, why);
    }
    let context = walk.context;
    if context.is_some_and(|c| c.has_dir("vendor")) {
        return keep(
            plan,
            "the build context has a vendor/ folder, which the source copy would lay over the installed packages"
                .to_owned(),
        );
    }
    if has_flag(&install.command, &["--no-autoloader", "--apcu-autoloader-prefix"]) {
        return keep(
            plan,
            "the author's install flags have no `composer dump-autoload` equivalent slimfile writes".to_owned(),
        );
    }
    let others =
        walk.commands.iter().filter(|c| c.instruction == install.instruction && c.command.span != install.command.span);
    if others.clone().any(|c| c.command.program().is_some_and(|p| matches!(p, "composer" | "php"))) {
        return keep(plan, "the install's RUN runs more PHP, which may need the sources".to_owned());
    }
    let mut dump = vec!["composer dump-autoload".to_owned()];
    for (flag, equivalent) in [
        ("--optimize-autoloader", "--optimize"),
        ("-o", "--optimize"),
        ("--classmap-authoritative", "--classmap-authoritative"),
        ("-a", "--classmap-authoritative"),
        ("--apcu-autoloader", "--apcu"),
        ("--no-dev", "--no-dev"),
        ("--no-scripts", "--no-scripts"),
    ] {
        if has_flag(&install.command, &[flag]) && !dump.iter().any(|d| d == equivalent) {
            dump.push(equivalent.to_owned());
        }
    }
    let lock = if context.is_some_and(|c| c.contains("composer.lock")) { "composer.lock" } else { "composer.lock*" };
    let mut manifests = vec!["composer.json".to_owned(), lock.to_owned()];
    if context.is_some_and(|c| c.contains("auth.json")) {
        manifests.push("auth.json".to_owned());
    }
    if context.is_none() {
        plan.assumptions.push(
            "the build context has no vendor/ folder (slimfile could not list it): one would be laid over the installed packages by the source copy".to_owned(),
        );
    }
    plan.dependencies = Some(DependencyInstall {
        instruction: Some(install.instruction),
        manifests,
        local_paths: Vec::new(),
        added_command: None,
        deferred: Some(Deferred {
            install_flags: "--no-scripts --no-autoloader",
            after_source: format!("RUN {}", dump.join(" ")),
        }),
        cache_dirs: &["/root/.composer/cache", "/root/.cache/composer"],
    });
    plan.trail.push(format!(
        "where `composer install` moves before the sources, it runs with `--no-scripts --no-autoloader` on composer.json and composer.lock alone, and `{}` after the sources writes the autoloader and runs the autoload scripts",
        dump.join(" ")
    ));
}

#[cfg(test)]
mod tests {
    use crate::context_files::ContextFiles;
    use crate::rewrite::{Confidence, RewriteOptions, RewriteOutcome, rewrite};
    use crate::rules::Facts;

    fn outcome(text: &str, composer_json: Option<&str>, files: &[&str]) -> RewriteOutcome {
        let doc = crate::parse(text).expect("parses");
        let stages = crate::stages::StageModel::new(&doc);
        let mut facts = Facts::default();
        if let Some(json) = composer_json {
            facts.project.insert("composer.json", json.to_owned());
            facts.context_files = Some(ContextFiles::new(files.iter().copied().chain(["composer.json"])));
        }
        rewrite(&doc, &stages, &RewriteOptions::default(), &facts)
    }

    fn rewritten(outcome: RewriteOutcome, text: &str) -> (String, Confidence) {
        let RewriteOutcome::Rewritten(rewrite) = outcome else { panic!("not rewritten: {outcome:?}") };
        (crate::fix::apply_once(text, &[&rewrite.fix]).0, rewrite.confidence)
    }

    const LARAVEL: &str = "FROM php:8.3-fpm\nCOPY --from=composer:2 /usr/bin/composer /usr/bin/composer\nWORKDIR /app\nCOPY . .\nRUN composer install --no-dev -o\nCMD [\"php-fpm\"]\n";

    #[test]
    fn the_install_moves_before_the_sources_only_when_composer_json_allows_it() {
        let json = r#"{"scripts": {"post-autoload-dump": ["@php artisan package:discover"]}}"#;
        let (text, confidence) = rewritten(outcome(LARAVEL, Some(json), &["composer.lock", "artisan"]), LARAVEL);
        assert_eq!(confidence, Confidence::High);
        assert!(text.contains("COPY composer.json composer.lock ./\nRUN composer install --no-dev -o --no-scripts --no-autoloader\nCOPY . .\nRUN composer dump-autoload --optimize --no-dev\n"), "{text}");
        assert!(text.contains("FROM php:8.3-fpm AS runtime\nWORKDIR /app\nCOPY --from=builder /app /app\n"), "{text}");

        // Unread, with install scripts, or with a committed vendor/: the author's order stays,
        // and the install keeps the author's words.
        let json_install = r#"{"scripts": {"post-install-cmd": ["bin/warm"]}}"#;
        for (json, files) in
            [(None, &[][..]), (Some(json_install), &[][..]), (Some("{}"), &["vendor/autoload.php"][..])]
        {
            let (text, _) = rewritten(outcome(LARAVEL, json, files), LARAVEL);
            assert!(text.contains("COPY . .\nRUN composer install --no-dev -o\n"), "{text}");
            assert!(!text.contains("dump-autoload"), "{text}");
        }
    }

    #[test]
    fn extensions_are_copied_with_their_libraries_and_apache_switches_repeated() {
        let text = "FROM php:8.3-apache\nRUN apt-get update && apt-get install -y git unzip libpng-dev && docker-php-ext-install gd\nRUN a2enmod rewrite\nCOPY --from=composer:2 /usr/bin/composer /usr/bin/composer\nWORKDIR /var/www/html\nCOPY . .\nRUN composer install\nCMD [\"apache2-foreground\"]\n";
        let (fixed, _) = rewritten(outcome(text, None, &[]), text);
        let runtime = fixed.split("AS runtime").nth(1).expect("a runtime stage");
        assert!(runtime.contains("apt-get install -y --no-install-recommends libpng16-16 "), "{runtime}");
        assert!(!runtime.contains("git") && !runtime.contains("composer"), "{runtime}");
        assert!(runtime.contains("COPY --from=builder /usr/local/lib/php/extensions /usr/local/lib/php/extensions\n"));
        assert!(
            runtime.contains("COPY --from=builder /var/www/html /var/www/html\nRUN a2enmod rewrite\n"),
            "{runtime}"
        );
    }

    #[test]
    fn changes_outside_the_app_are_declined_with_what_they_change() {
        let declined = |text: &str| match outcome(text, None, &[]) {
            RewriteOutcome::Declined { reason, .. } => reason,
            other => panic!("not declined: {other:?}"),
        };
        let base = "FROM php:8.3-apache\nCOPY --from=composer:2 /usr/bin/composer /usr/bin/composer\nWORKDIR /var/www/html\nCOPY . .\nRUN composer install\n";
        let sed = format!("{base}RUN sed -i s/80/8080/ /etc/apache2/ports.conf\nCMD [\"apache2-foreground\"]\n");
        assert!(declined(&sed).contains("does not know what `sed"));
        let cp = format!("{base}RUN cp docker/php.ini /usr/local/etc/php/php.ini\nCMD [\"apache2-foreground\"]\n");
        assert!(declined(&cp).contains("changes /usr/local/etc/php/php.ini, outside the app directory"));
        let global = format!("{base}RUN composer global require laravel/installer\nCMD [\"apache2-foreground\"]\n");
        assert!(declined(&global).contains("Composer's home"));
        let ubuntu = "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y php-cli composer libxml2-dev\nWORKDIR /app\nCOPY . .\nRUN composer install\nCMD [\"php\", \"-S\", \"0.0.0.0:80\"]\n";
        assert!(declined(ubuntu).contains("not from the `php` image"));
    }
}
