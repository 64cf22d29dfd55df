//! `fat-base-image`: a full base image ships where a slimmer variant of the same image exists
//! (`python:3.12` → `python:3.12-slim`, a JDK where a JRE would do).

use super::image_savings::on_disk_savings;
use super::toolchain_in_final_image::{installed_names, installs_build_tools, toolchain_bases};
use super::{Context, Report, Rule, RuleMeta};
use crate::document::Keyword;
use crate::ecosystem::{Ecosystem, SlimmerImage, base_image, dependency_install, slimmer_image};
use crate::estimate::base_packages::{installs, missing_from_slim, program_in};
use crate::finding::Severity;
use crate::fix::{Applicability, Edit, Fix};
use crate::image_ref::ImageRef;
use crate::shell::SimpleCommand;
use crate::stages::{Base, Stage};

/// See `docs/rules/fat-base-image.md`.
pub struct FatBaseImage;

static META: RuleMeta = RuleMeta {
    id: "fat-base-image",
    severity: Severity::Warning,
    summary: "a full base image ships where a slim variant of the same image exists",
    docs: include_str!("../../../docs/rules/fat-base-image.md"),
    hadolint: &[],
    fix: Some(Applicability::Unsafe),
};

/// Programs whose use suggests the image fetches prebuilt binaries, most of them built for glibc.
const DOWNLOADERS: &[&str] = &["curl", "wget"];

/// Signs that a dependency install compiles native code, by ecosystem: Bundler and RubyGems
/// always (most applications' gems include native extensions, and no lock file is read to tell),
/// npm and pip when the command or the project's manifest names a package that compiles when no
/// prebuilt binary fits. Anything else is unknowable from here (a wheel may or may not exist),
/// and the message says so instead. A sign is a substring of the command's words (each followed
/// by a space) or of the manifest (followed by a newline): `psycopg2` must end there or carry a
/// version, so that `psycopg2-binary`, which ships wheels, is no sign.
const NATIVE_BUILD_SIGNS: &[(Ecosystem, Option<&[&str]>)] = &[
    (Ecosystem::Ruby, None),
    (
        Ecosystem::Node,
        Some(&[
            "node-gyp",
            "\"gypfile\"",
            "\"bcrypt\"",
            "\"sqlite3\"",
            "better-sqlite3",
            "node-sass",
            "\"canvas\"",
            "\"argon2\"",
        ]),
    ),
    (
        Ecosystem::Python,
        Some(&[
            "--no-binary",
            "mysqlclient",
            "uwsgi",
            "python-ldap",
            "pycairo",
            "pygraphviz",
            "psycopg2\n",
            "psycopg2=",
            "psycopg2<",
            "psycopg2>",
            "psycopg2 ",
        ]),
    ),
];

/// The manifests the native-build signs are looked for in, by ecosystem.
const SIGN_MANIFESTS: &[(Ecosystem, &str)] =
    &[(Ecosystem::Node, "package.json"), (Ecosystem::Python, "requirements.txt")];

/// Whether the catalog entries compared are the full and the slimmer variant, not two entries the
/// catalog fell back to.
fn full_and_slimmer(kind: &str) -> impl Fn(&str, &str) -> bool + '_ {
    move |full: &str, slim: &str| {
        let full_words: Vec<&str> = full.split('-').collect();
        let slim_words: Vec<&str> = slim.split('-').collect();
        let marker = if kind == "JRE" { "jre" } else { "slim" };
        !full_words.iter().any(|w| matches!(*w, "slim" | "alpine" | "jre")) && slim_words.contains(&marker)
    }
}

impl FatBaseImage {
    fn any_shipped_command(context: &Context<'_>, test: impl Fn(&SimpleCommand) -> bool) -> bool {
        context.instructions().any(|(i, _)| context.ships(i) && context.commands(i).iter().any(&test))
    }

    /// Whether the shipped image builds native code or fetches binaries: then Alpine's musl is no
    /// option worth naming.
    fn needs_glibc(context: &Context<'_>) -> bool {
        let downloads = context.instructions().any(|(i, instruction)| {
            context.ships(i)
                && instruction.keyword == Keyword::Add
                && instruction.words().iter().any(|w| w.value.starts_with("http"))
        });
        downloads
            || Self::any_shipped_command(context, |c| {
                installs_build_tools(c) || c.program().is_some_and(|p| DOWNLOADERS.contains(&p))
            })
    }

    fn message(context: &Context<'_>, image: &ImageRef, slimmer: &SlimmerImage, cost: &str) -> String {
        let target = &slimmer.reference;
        if slimmer.kind == "JRE" {
            return format!(
                "`{image}` is a JDK and nothing in this image compiles Java: the JRE image `{target}` runs the same programs, {cost}"
            );
        }
        let mut message =
            format!("`{image}` is the full image: `{target}` has the same runtime without the extra tools, {cost}");
        let has_compilers = base_image(image).is_some_and(|b| b.has_compilers);
        let installs_dependencies = Self::any_shipped_command(context, |c| dependency_install(c).is_some());
        if has_compilers && installs_dependencies && !Self::any_shipped_command(context, installs_build_tools) {
            message.push_str(
                "; it has no compilers, so a dependency that builds native code needs them installed (or a builder stage)",
            );
        }
        if let Some(alpine) = &slimmer.alpine
            && !Self::needs_glibc(context)
        {
            message.push_str(&format!(
                "; `{alpine}` is smaller still, but it uses musl instead of glibc: native modules (node-gyp addons, Python wheels with C extensions) and glibc binaries may fail there, so prefer `{target}`"
            ));
        }
        message
    }

    /// The first step after the stage's `FROM` (in it, or in a stage built on it) that needs
    /// what the slim variant lacks, said as "line N runs `curl`" and what provides it; `None`
    /// when nothing does. A package the stage installs itself (earlier, or earlier in the same
    /// `RUN`) is there in the slim variant too.
    fn needs_the_full_image(context: &Context<'_>, stage: &Stage, image: &ImageRef) -> Option<String> {
        let lacks = missing_from_slim(image);
        if lacks.is_empty() {
            return None;
        }
        let mut installed: Vec<&str> = Vec::new();
        let has = |installed: &[&str], package: &str| installed.iter().any(|i| installs(i, package));
        for i in Self::instructions_on(context, stage) {
            let instruction = &context.doc.instructions()[i];
            let line = instruction.range.start.line;
            if instruction.keyword == Keyword::Healthcheck {
                let shell =
                    instruction.text().map(|t| t.value.split_whitespace().collect::<Vec<_>>()).unwrap_or_default();
                let exec = instruction.words().iter().map(|w| w.value.as_str());
                let used = exec.chain(shell).find_map(|w| program_in(lacks, w));
                if let Some((package, set)) = used
                    && !has(&installed, package)
                {
                    return Some(format!(
                        "the HEALTHCHECK on line {line} runs `{package}` (the full image has it from the {})",
                        set.name
                    ));
                }
                continue;
            }
            for command in context.commands(i) {
                let names = installed_names(command);
                if !names.is_empty() {
                    installed.extend(names);
                    continue;
                }
                if let Some(program) = command.program()
                    && let Some((package, set)) = program_in(lacks, program)
                    && !has(&installed, package)
                {
                    return Some(format!("line {line} runs `{program}` (the full image has it from the {})", set.name));
                }
                if let Some((ecosystem, name)) = Self::package_install(command)
                    && Self::builds_native_code(context, command, ecosystem)
                    && !has(&installed, "gcc")
                {
                    return Some(format!(
                        "line {line} runs `{name}`, which may compile native extensions with gcc and make (the full image has them from buildpack-deps)"
                    ));
                }
            }
        }
        None
    }

    /// The instructions after `stage`'s `FROM`, and those of every later stage built on it.
    fn instructions_on(context: &Context<'_>, stage: &Stage) -> Vec<usize> {
        let mut on = vec![stage.index];
        let mut out: Vec<usize> = Vec::new();
        for later in &context.stages.stages[stage.index..] {
            if later.index != stage.index && !matches!(later.base, Base::Stage { index } if on.contains(&index)) {
                continue;
            }
            if later.index != stage.index {
                on.push(later.index);
            }
            out.extend(later.body.clone());
        }
        out
    }

    /// A language package install, with its ecosystem and how to name it: a dependency install
    /// the ecosystems know, or `pip install` / `gem install` of named packages.
    fn package_install(command: &SimpleCommand) -> Option<(Ecosystem, String)> {
        if let Some(install) = dependency_install(command) {
            return Some((install.ecosystem, install.name()));
        }
        [(Ecosystem::Python, &["pip", "pip3"][..], "pip install"), (Ecosystem::Ruby, &["gem"][..], "gem install")]
            .into_iter()
            .find(|(_, programs, _)| command.subcommand(programs, "install").is_some())
            .map(|(ecosystem, _, name)| (ecosystem, name.to_owned()))
    }

    /// Whether a dependency install of `ecosystem` shows a sign of compiling native code.
    fn builds_native_code(context: &Context<'_>, command: &SimpleCommand, ecosystem: Ecosystem) -> bool {
        let Some((_, signs)) = NATIVE_BUILD_SIGNS.iter().find(|(e, _)| *e == ecosystem) else { return false };
        let Some(signs) = signs else { return true };
        let words: String = command.words.iter().map(|w| format!("{} ", w.value)).collect();
        let manifest = SIGN_MANIFESTS
            .iter()
            .filter(|(e, _)| *e == ecosystem)
            .filter_map(|(_, path)| context.facts.project.get(path))
            .map(|text| format!("{text}\n"))
            .collect::<String>();
        signs.iter().any(|sign| words.contains(sign) || manifest.contains(sign))
    }

    fn fix(context: &Context<'_>, stage: &Stage, image: &ImageRef, slimmer: &SlimmerImage) -> Option<Fix> {
        // Only when the image is written out literally, as one reference.
        let written = context.doc.slice(stage.base_span);
        let literal = !written.contains('$') && written == stage.base_text && image.digest.is_none();
        literal.then(|| {
            Fix::new(
                format!("Use {}", slimmer.reference),
                Applicability::Unsafe,
                vec![Edit::replace(stage.base_span, slimmer.reference.to_string())],
            )
        })
    }
}

impl Rule for FatBaseImage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, report: &mut Report<'_>) {
        let toolchain_stages: Vec<usize> = toolchain_bases(context).iter().map(|t| t.stage).collect();
        for stage in &context.stages.stages {
            if !context.ships(stage.from_instruction) || toolchain_stages.contains(&stage.index) {
                continue;
            }
            let Base::Image { image } = &stage.base else { continue };
            let undigested = ImageRef { digest: None, ..image.clone() };
            let Some(slimmer) = slimmer_image(&undigested) else { continue };
            let savings = on_disk_savings(&undigested, &slimmer.reference, &full_and_slimmer(slimmer.kind));
            let (cost, bytes) = match savings {
                Ok(savings) => (savings.phrase(), Some(savings.bytes)),
                Err(why) => (format!("smaller ({why})"), None),
            };
            let mut message = Self::message(context, image, &slimmer, &cost);
            // The swap is a fix only when nothing after it needs what the slim variant lacks.
            let needs = if slimmer.kind == "slim" { Self::needs_the_full_image(context, stage, image) } else { None };
            let fix = match needs {
                Some(why) => {
                    message.push_str(&format!(
                        "; not offered as a fix, since `{}` lacks what a later step needs: {why}",
                        slimmer.reference
                    ));
                    None
                }
                None => Self::fix(context, stage, image, &slimmer),
            };
            report.add(stage.from_instruction, stage.base_span, message, bytes, fix);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fix::Applicability;
    use crate::rules::Facts;

    fn swap(text: &str, package_json: Option<&str>) -> Option<(String, Option<Applicability>)> {
        let mut facts = Facts::default();
        if let Some(json) = package_json {
            facts.project.insert("package.json", json.to_owned());
        }
        let findings =
            crate::check(text.as_bytes(), &crate::CheckOptions { facts, ..crate::CheckOptions::default() }).findings;
        let finding = findings.into_iter().find(|f| f.rule == "fat-base-image")?;
        Some((finding.message, finding.fix.map(|f| f.applicability)))
    }

    #[test]
    fn a_native_node_module_in_the_manifest_keeps_the_full_image() {
        let text = "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD [\"node\", \"server.js\"]\n";
        let (_, fix) = swap(text, Some("{\"dependencies\": {\"express\": \"4\"}}")).expect("fires");
        assert_eq!(fix, Some(Applicability::Unsafe), "nothing needs the full image");
        let (message, fix) = swap(text, Some("{\"dependencies\": {\"bcrypt\": \"5\"}}")).expect("fires");
        assert_eq!(fix, None, "{message}");
        assert!(message.contains("line 4 runs `npm ci`, which may compile native extensions"), "{message}");
        // psycopg2-binary ships wheels; psycopg2 builds from source.
        let pip = |package: &str| {
            let text = format!("FROM python:3.12\nRUN pip install {package}\nCMD [\"python\"]\n");
            swap(&text, None).expect("fires").1
        };
        assert_eq!((pip("psycopg2-binary"), pip("psycopg2")), (Some(Applicability::Unsafe), None));
    }
}
