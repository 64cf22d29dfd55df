//! `toolchain-in-final-image`: compilers, SDKs or build tools ship in the final image, where only
//! the program they built is needed.

use super::dev_dependencies_in_runtime::removed_later_in_the_run;
use super::image_savings::on_disk_savings;
use super::{Context, Report, Rule, RuleMeta};
use crate::ecosystem::{
    Before, DevDependencies, Ecosystem, ImageRole, base_image, build_step, configures_a_tool, dependency_install,
};
use crate::estimate::packages;
use crate::finding::Severity;
use crate::image_ref::ImageRef;
use crate::shell::SimpleCommand;
use crate::stages::Base;

/// See `docs/rules/toolchain-in-final-image.md`.
pub struct ToolchainInFinalImage;

static META: RuleMeta = RuleMeta {
    id: "toolchain-in-final-image",
    severity: Severity::Warning,
    summary: "a build toolchain ships in the final image",
    docs: include_str!("../../../docs/rules/toolchain-in-final-image.md"),
    hadolint: &[],
    fix: None,
};

/// A package-name pattern.
#[derive(Clone, Copy)]
enum Name {
    Exact(&'static str),
    Prefix(&'static str),
    Suffix(&'static str),
    /// Starts with the first and ends with the second (`openjdk-17-jdk`).
    Around(&'static str, &'static str),
}

impl Name {
    fn matches(self, package: &str) -> bool {
        match self {
            Self::Exact(name) => package == name,
            Self::Prefix(prefix) => package.starts_with(prefix),
            Self::Suffix(suffix) => package.ends_with(suffix) && package.len() > suffix.len(),
            Self::Around(prefix, suffix) => package.starts_with(prefix) && package.ends_with(suffix),
        }
    }
}

/// An OS package manager's install and removal commands, and its toolchain packages.
struct PackageManager {
    programs: &'static [&'static str],
    install: &'static [&'static str],
    remove: &'static [&'static str],
    /// Flags that name a virtual package grouping the install (`apk add --virtual .build-deps`).
    group_flags: &'static [&'static str],
    toolchain: &'static [Name],
    /// Whether the Debian 12 package table sizes its packages.
    debian: bool,
}

const APT: PackageManager = PackageManager {
    programs: &["apt-get", "apt"],
    install: &["install"],
    remove: &["purge", "remove", "autoremove"],
    group_flags: &[],
    toolchain: &[
        Name::Exact("build-essential"),
        Name::Exact("gcc"),
        Name::Exact("g++"),
        Name::Prefix("gcc-"),
        Name::Prefix("g++-"),
        Name::Exact("clang"),
        Name::Exact("make"),
        Name::Exact("cmake"),
        Name::Exact("autoconf"),
        Name::Exact("automake"),
        Name::Exact("libtool"),
        Name::Exact("golang"),
        Name::Exact("golang-go"),
        Name::Exact("rustc"),
        Name::Exact("cargo"),
        Name::Exact("default-jdk"),
        Name::Exact("default-jdk-headless"),
        Name::Around("openjdk-", "-jdk"),
        Name::Around("openjdk-", "-jdk-headless"),
        Name::Exact("maven"),
        Name::Exact("gradle"),
        Name::Suffix("-dev"),
    ],
    debian: true,
};

const APK: PackageManager = PackageManager {
    programs: &["apk"],
    install: &["add"],
    remove: &["del"],
    group_flags: &["--virtual", "-t"],
    toolchain: &[
        Name::Exact("build-base"),
        Name::Exact("gcc"),
        Name::Exact("g++"),
        Name::Exact("clang"),
        Name::Exact("make"),
        Name::Exact("cmake"),
        Name::Exact("autoconf"),
        Name::Exact("automake"),
        Name::Exact("libtool"),
        Name::Exact("go"),
        Name::Exact("rust"),
        Name::Exact("cargo"),
        Name::Around("openjdk", "-jdk"),
        Name::Exact("maven"),
        Name::Suffix("-dev"),
    ],
    debian: false,
};

const RPM: PackageManager = PackageManager {
    programs: &["dnf", "yum", "microdnf"],
    install: &["install", "groupinstall"],
    remove: &["remove", "erase", "autoremove"],
    group_flags: &[],
    toolchain: &[
        Name::Exact("gcc"),
        Name::Exact("gcc-c++"),
        Name::Exact("clang"),
        Name::Exact("make"),
        Name::Exact("cmake"),
        Name::Exact("golang"),
        Name::Exact("rust"),
        Name::Exact("cargo"),
        Name::Around("java-", "-devel"),
        Name::Exact("maven"),
        Name::Exact("@development-tools"),
        Name::Suffix("-devel"),
    ],
    debian: false,
};

const MANAGERS: &[&PackageManager] = &[&APT, &APK, &RPM];

/// The packages an install command names, and the manager.
fn installed_packages(command: &SimpleCommand) -> Option<(&'static PackageManager, Vec<&str>, Option<&str>)> {
    MANAGERS.iter().find_map(|manager| {
        let at = manager.install.iter().find_map(|sub| command.subcommand(manager.programs, sub))?;
        let mut names = Vec::new();
        let mut group = None;
        let mut words = command.words[at + 1..].iter();
        while let Some(word) = words.next() {
            let value = word.value.as_str();
            if manager.group_flags.contains(&value) {
                group = words.next().map(|w| w.value.as_str());
            } else if let Some((flag, name)) = value.split_once('=')
                && manager.group_flags.contains(&flag)
            {
                group = Some(name);
            } else if !value.starts_with('-') {
                names.push(value);
            }
        }
        Some((*manager, names, group))
    })
}

/// The packages `command` installs with an OS package manager (apt, apk, dnf and the like).
pub(crate) fn installed_names(command: &SimpleCommand) -> Vec<&str> {
    installed_packages(command).map(|(_, names, _)| names).unwrap_or_default()
}

/// Whether `command` installs compilers, headers or other build tools with an OS package
/// manager: a sign that the image compiles native code.
pub(crate) fn installs_build_tools(command: &SimpleCommand) -> bool {
    installed_packages(command)
        .is_some_and(|(manager, names, _)| names.iter().any(|name| manager.toolchain.iter().any(|n| n.matches(name))))
}

/// Whether the `RUN` removes everything it installed the way the official images do:
/// `apt-mark auto '.*'` (then `apt-mark manual` for what stays), and `apt-get purge --auto-remove`
/// or `apt-get autoremove`.
fn removes_what_it_installed(commands: &[SimpleCommand]) -> bool {
    let Some(marked) = commands.iter().position(|c| c.subcommand(&["apt-mark"], "auto").is_some()) else {
        return false;
    };
    commands[marked..].iter().any(|c| {
        c.subcommand(APT.programs, "autoremove").is_some()
            || (["purge", "remove"].iter().any(|sub| c.subcommand(APT.programs, sub).is_some())
                && (c.has_word("--auto-remove") || c.has_word("--autoremove")))
    })
}

/// Names removed by commands of the same `RUN` (`apt-get purge -y gcc`, `apk del .build-deps`).
fn removed_names(commands: &[SimpleCommand]) -> Vec<&str> {
    commands
        .iter()
        .filter_map(|command| {
            MANAGERS.iter().find_map(|m| {
                let at = m.remove.iter().find_map(|sub| command.subcommand(m.programs, sub))?;
                Some(command.words[at + 1..].iter().map(|w| w.value.as_str()).filter(|w| !w.starts_with('-')))
            })
        })
        .flatten()
        .collect()
}

/// A toolchain base image of a stage that ships, with a build step that uses it: the pattern a
/// multi-stage build fixes. `fat-base-image` leaves these to this rule.
pub(crate) struct ToolchainBase<'a> {
    /// The stage whose `FROM` names the image.
    pub stage: usize,
    /// The image.
    pub image: &'a ImageRef,
    /// The build step that shows it is used to build (`go build`).
    pub build: String,
    /// Whether the program is linked statically (`CGO_ENABLED=0`).
    pub static_binary: bool,
}

/// The toolchain base images of the shipped stages that a shipped `RUN` builds with.
pub(crate) fn toolchain_bases<'a>(context: &Context<'a>) -> Vec<ToolchainBase<'a>> {
    let shipped: Vec<usize> = context.instructions().map(|(i, _)| i).filter(|&i| context.ships(i)).collect();
    let build =
        shipped.iter().find_map(|&i| context.commands(i).iter().find_map(|c| build_step(c).map(|step| (i, c, step))));
    let Some((build_at, build_command, step)) = build else { return Vec::new() };
    let static_binary =
        build_command.has_word("CGO_ENABLED=0") || context.env(build_at, "CGO_ENABLED").as_deref() == Some("0");
    context
        .stages
        .stages
        .iter()
        .filter(|stage| context.ships(stage.from_instruction))
        .filter_map(|stage| match &stage.base {
            Base::Image { image } => base_image(image)
                .filter(|b| b.role == ImageRole::Toolchain)
                .map(|_| ToolchainBase { stage: stage.index, image, build: step.name.clone(), static_binary }),
            _ => None,
        })
        .collect()
}

impl ToolchainInFinalImage {
    fn base_images(context: &Context<'_>, report: &mut Report<'_>) {
        for found in toolchain_bases(context) {
            let Some(known) = base_image(found.image) else { continue };
            let runtime = match known.static_runtime {
                Some(static_runtime) if found.static_binary => Some(static_runtime.to_owned()),
                _ => known.runtime,
            };
            let cost = match runtime.as_deref().and_then(ImageRef::parse) {
                Some(runtime) => match on_disk_savings(found.image, &runtime, &|_, _| true) {
                    Ok(savings) => {
                        (format!("; the program could run on `{runtime}`, {}", savings.phrase()), Some(savings.bytes))
                    }
                    Err(why) => (format!("; the program could run on `{runtime}` ({why})"), None),
                },
                None => (String::new(), None),
            };
            let stage = &context.stages.stages[found.stage];
            report.add(
                stage.from_instruction,
                stage.base_span,
                format!(
                    "`{}` is a build toolchain and it ships in the final image (this image runs `{}`){}: build in one stage and copy only the result into a runtime image; {}",
                    found.image,
                    found.build,
                    cost.0,
                    context.rewrite_offer()
                ),
                cost.1,
                None,
            );
        }
    }

    fn packages(context: &Context<'_>, i: usize, report: &mut Report<'_>) {
        let commands = context.commands(i);
        if removes_what_it_installed(commands) {
            return;
        }
        let removed = removed_names(commands);
        for command in commands {
            let Some((manager, names, group)) = installed_packages(command) else { continue };
            if group.is_some_and(|g| removed.contains(&g)) {
                continue;
            }
            let toolchain: Vec<&str> = names
                .iter()
                .copied()
                .filter(|name| {
                    let bare = name.split(['=', ':']).next().unwrap_or(name);
                    manager.toolchain.iter().any(|n| n.matches(bare)) && !removed.contains(name)
                })
                .collect();
            if toolchain.is_empty() {
                continue;
            }
            let base_has_compilers = context.base_image(i).and_then(base_image).is_some_and(|b| b.has_compilers);
            let (cost, bytes) = Self::package_cost(manager, &toolchain, base_has_compilers);
            report.add(
                i,
                command.span,
                format!(
                    "build tools ship in the final image ({}){cost}: install them in a builder stage and copy only what they build; {}",
                    toolchain.join(", "),
                    context.rewrite_offer()
                ),
                bytes,
                None,
            );
        }
    }

    /// The largest closure among the packages the Debian table knows: a lower bound of what they
    /// add together, without Recommends so that it does not overlap `apt-install-recommends`.
    fn package_cost(manager: &PackageManager, toolchain: &[&str], base_has_compilers: bool) -> (String, Option<u64>) {
        if base_has_compilers {
            return (
                " (no size given: the base image already has compilers, and the Debian figures, measured on a minimal system, would overstate them)".to_owned(),
                None,
            );
        }
        if !manager.debian {
            return (String::new(), None);
        }
        let largest =
            toolchain.iter().filter_map(|name| packages::package(name)).max_by_key(|p| p.closure_no_recommends_kib);
        match largest {
            Some(p) if p.closure_no_recommends_kib > 0 => {
                let bytes = p.closure_no_recommends_kib * 1024;
                (
                    format!(
                        ", at least {} on disk ({} alone, without Recommends, per the Debian 12 package index)",
                        super::apt_install_recommends::human_bytes(bytes),
                        p.name
                    ),
                    Some(bytes),
                )
            }
            _ => (String::new(), None),
        }
    }

    /// `npm run build` in the final image after an install of devDependencies: the build tools
    /// (TypeScript, bundlers) ship in `node_modules`.
    fn node_builds(context: &Context<'_>, report: &mut Report<'_>) {
        let mut earlier_config: Vec<&SimpleCommand> = Vec::new();
        let mut dev_installed = false;
        for (i, _) in context.instructions().filter(|(i, _)| context.ships(*i)) {
            let commands = context.commands(i);
            for (k, command) in commands.iter().enumerate() {
                if let Some(install) = dependency_install(command).filter(|d| d.ecosystem == Ecosystem::Node) {
                    let env = |name: &str| context.env(i, name);
                    let before = Before { env: &env, same_run: &commands[..k], earlier_config: &earlier_config };
                    dev_installed |= matches!(install.dev_dependencies(&before), DevDependencies::Installed { .. })
                        && !removed_later_in_the_run(context, i, k, Ecosystem::Node, &earlier_config);
                }
                let Some(step) = build_step(command).filter(|s| s.ecosystem == Some(Ecosystem::Node)) else { continue };
                if dev_installed {
                    report.add(
                        i,
                        command.span,
                        format!(
                            "`{}` runs in the final image with devDependencies installed: the build tools ship in node_modules; build in one stage and copy the output and production dependencies into the runtime image; {}",
                            step.name,
                            context.rewrite_offer()
                        ),
                        None,
                        None,
                    );
                }
            }
            earlier_config.extend(commands.iter().filter(|c| configures_a_tool(c)));
        }
    }
}

impl Rule for ToolchainInFinalImage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, report: &mut Report<'_>) {
        Self::base_images(context, report);
        for (i, _) in context.instructions() {
            if context.ships(i) && !context.commands(i).is_empty() {
                Self::packages(context, i, report);
            }
        }
        Self::node_builds(context, report);
    }
}
