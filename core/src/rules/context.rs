//! What a rule gets to look at: the model, the stages, and facts from outside the text.

use std::cell::OnceCell;

use crate::config::Config;
use crate::context_files::ContextFiles;
use crate::document::{Dockerfile, Instruction, Keyword};
use crate::fix_level::{Change, FixLevel};
use crate::image_ref::ImageRef;
use crate::project_files::ProjectFiles;
use crate::rewrite::{self, RewriteOutcome};
use crate::shell::SimpleCommand;
use crate::stages::{Base, StageModel, arg_declarations, mount_option};
use crate::variables;

/// How many variable references [`Context::env`] follows.
const MAX_REFERENCE_DEPTH: usize = 8;

/// Facts about the build context that only the caller can know (the core does no I/O).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// Whether a `.dockerignore` sits in the build context: `None` when unknown (the page).
    pub has_dockerignore: Option<bool>,
    /// The dependency manifests of the build context, which the rewrite reads to plan a
    /// dependency layer that builds: empty when unknown (the page).
    pub project: ProjectFiles,
    /// The names of the build context's files (`.dockerignore` honoured), which the rewrite reads
    /// to carry what a compiled app may open at run time: `None` when unknown (the page,
    /// standard input).
    pub context_files: Option<ContextFiles>,
}

/// What a context without a configuration file sees.
static NO_CONFIG: Config = Config::EMPTY;

/// Everything a rule may read, computed once per file.
pub struct Context<'a> {
    /// The parsed file.
    pub doc: &'a Dockerfile,
    /// Its stages.
    pub stages: &'a StageModel,
    /// Facts from outside the text.
    pub facts: &'a Facts,
    /// The author's configuration (`.slimfile.toml`): what a rule may take as policy.
    pub config: &'a Config,
    shipped: Vec<bool>,
    /// The multi-stage rewrite of this file under `config`, made when first asked for: the rule
    /// that reports it and the proposal that applies it share one run.
    rewrite: OnceCell<RewriteOutcome>,
    /// Per instruction, once asked: its user and its working directory. Rules ask about the
    /// same instructions again and again, and each answer walks back through the stage chain.
    users: Vec<OnceCell<Option<usize>>>,
    workdirs: Vec<OnceCell<Option<String>>>,
    /// Per instruction, once asked: the variables an `ENV` or `ARG` declares, with their values.
    declarations: Vec<OnceCell<Vec<(String, String)>>>,
}

impl<'a> Context<'a> {
    /// Prepares the context: which stages ship, and the shell commands of every `RUN`.
    #[must_use]
    pub fn new(doc: &'a Dockerfile, stages: &'a StageModel, facts: &'a Facts) -> Self {
        let mut shipped = vec![false; stages.stages.len()];
        for index in stages.shipped_stages() {
            shipped[index] = true;
        }
        let count = doc.instructions().len();
        Self {
            doc,
            stages,
            facts,
            config: &NO_CONFIG,
            shipped,
            rewrite: OnceCell::new(),
            users: per_instruction(count),
            workdirs: per_instruction(count),
            declarations: per_instruction(count),
        }
    }

    /// The same context under `config` instead of the default configuration.
    #[must_use]
    pub fn with_config(self, config: &'a Config) -> Self {
        Self { config, ..self }
    }

    /// The multi-stage rewrite of the file under the configuration's options.
    #[must_use]
    pub fn rewrite(&self) -> &RewriteOutcome {
        self.rewrite.get_or_init(|| rewrite::rewrite(self.doc, self.stages, &self.config.rewrite_options(), self.facts))
    }

    /// What the rules that point to the rewrite say of it: which command writes it (the fix
    /// levels decide), or that it was declined.
    pub(crate) fn rewrite_offer(&self) -> String {
        match self.rewrite() {
            RewriteOutcome::Rewritten(rewrite) if FixLevel::Default.applies(Change::Rewrite(rewrite)) => {
                "`slimfile fix` rewrites it as a multi-stage build".to_owned()
            }
            RewriteOutcome::Rewritten(_) => {
                "`slimfile fix --unsafe-fixes` rewrites it as a multi-stage build (with medium confidence)".to_owned()
            }
            RewriteOutcome::Declined { .. } => {
                "slimfile does not split this one itself (`multi-stage-build` says why)".to_owned()
            }
            RewriteOutcome::Unchanged => "slimfile cannot split this build itself".to_owned(),
        }
    }

    /// The rewrite, if a rule asked for it.
    pub(crate) fn into_rewrite(self) -> Option<RewriteOutcome> {
        self.rewrite.into_inner()
    }

    /// The instructions with their indices.
    pub fn instructions(&self) -> impl Iterator<Item = (usize, &'a Instruction)> {
        self.doc.instructions().iter().enumerate()
    }

    /// Whether instruction `i` ends up in the final image: it belongs to the final stage or a
    /// stage the final stage is built `FROM`. Builder stages are not nagged about what ships.
    #[must_use]
    pub fn ships(&self, i: usize) -> bool {
        self.stages.stage_of(i).is_some_and(|stage| self.shipped[stage])
    }

    /// Indices of the instructions in the stage of instruction `i` (its `FROM` included), or of
    /// the instructions before the first `FROM`.
    #[must_use]
    pub fn stage_instructions(&self, i: usize) -> std::ops::Range<usize> {
        match self.stages.stage_of(i) {
            Some(stage) => self.stages.stages[stage].from_instruction..self.stages.stages[stage].body.end,
            None => 0..self.stages.stages.first().map_or(self.doc.instructions().len(), |s| s.from_instruction),
        }
    }

    /// The simple commands of instruction `i` (empty unless it is a shell-form `RUN`).
    #[must_use]
    pub fn commands(&self, i: usize) -> &'a [SimpleCommand] {
        self.doc.run_shell_commands(i)
    }

    /// Whether instruction `i` mounts a BuildKit cache (or a tmpfs) over `path` (or a parent of
    /// it): what is written there stays out of the layer either way.
    #[must_use]
    pub fn cache_mount_covers(&self, i: usize, path: &str) -> bool {
        self.cache_mount_targets(i).iter().any(|target| {
            let target = target.trim_end_matches('/');
            path == target || path.starts_with(&format!("{target}/"))
        })
    }

    /// Whether instruction `i` mounts any BuildKit cache (`--mount=type=cache`), wherever it
    /// points: a reinstall under it is cheap even when the layer is rebuilt.
    #[must_use]
    pub fn mounts_a_cache(&self, i: usize) -> bool {
        self.doc.instructions()[i]
            .flags_named("mount")
            .filter_map(|f| f.value.as_ref())
            .any(|value| mount_option(&value.value, "type") == Some("cache"))
    }

    /// The targets of instruction `i`'s `--mount=type=cache` and `--mount=type=tmpfs` mounts.
    #[must_use]
    pub fn cache_mount_targets(&self, i: usize) -> Vec<&'a str> {
        self.doc.instructions()[i]
            .flags_named("mount")
            .filter_map(|f| f.value.as_ref())
            .filter_map(|value| {
                let mount = value.value.as_str();
                matches!(mount_option(mount, "type"), Some("cache" | "tmpfs"))
                    .then(|| {
                        mount_option(mount, "target")
                            .or_else(|| mount_option(mount, "dst"))
                            .or_else(|| mount_option(mount, "destination"))
                    })
                    .flatten()
            })
            .collect()
    }

    /// The instructions whose effects instruction `i` builds on, nearest first: the earlier ones
    /// of its stage, then those of the stage it is built `FROM`, and so on up the chain.
    #[must_use]
    pub fn lineage_before(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let Some(mut stage) = self.stages.stage_of(i) else { return out };
        let mut end = i;
        let mut seen = vec![false; self.stages.stages.len()];
        while !std::mem::replace(&mut seen[stage], true) {
            let current = &self.stages.stages[stage];
            out.extend((current.from_instruction + 1..end.max(current.from_instruction + 1)).rev());
            match current.base {
                Base::Stage { index } => {
                    stage = index;
                    end = self.stages.stages[index].body.end;
                }
                _ => break,
            }
        }
        out
    }

    /// The image at the root of instruction `i`'s stage chain, when it is a registry image.
    #[must_use]
    pub fn base_image(&self, i: usize) -> Option<&'a ImageRef> {
        let stages: &'a StageModel = self.stages;
        let mut stage = stages.stage_of(i)?;
        for _ in 0..stages.stages.len() {
            match &stages.stages[stage].base {
                Base::Image { image } => return Some(image),
                Base::Stage { index } => stage = *index,
                _ => return None,
            }
        }
        None
    }

    /// The user instruction `i` runs as, as the nearest `USER` before it writes it; `None` when
    /// no `USER` is set in its stage chain (the base image's user, root in official images).
    #[must_use]
    pub fn user(&self, i: usize) -> Option<&'a str> {
        let doc: &'a Dockerfile = self.doc;
        let found = match self.users.get(i) {
            Some(cell) => *cell.get_or_init(|| self.user_instruction(i)),
            None => self.user_instruction(i),
        };
        doc.instructions()[found?].words().first().map(|w| w.value.as_str())
    }

    /// The `USER` instruction that sets instruction `i`'s user.
    fn user_instruction(&self, i: usize) -> Option<usize> {
        self.lineage_before(i).into_iter().find(|&j| {
            let instruction = &self.doc.instructions()[j];
            instruction.keyword == Keyword::User && !instruction.words().is_empty()
        })
    }

    /// Whether instruction `i` runs as root: no `USER` in its stage chain, or `USER root`/`0`.
    #[must_use]
    pub fn runs_as_root(&self, i: usize) -> bool {
        self.user(i).is_none_or(|user| {
            let name = user.split(':').next().unwrap_or(user);
            name == "root" || name == "0"
        })
    }

    /// The value the nearest `ENV` or `ARG` before instruction `i` (in its stage chain) gives
    /// `name`: quotes removed, and references to earlier variables substituted (`ENV
    /// NODE_ENV=$MODE` after `ARG MODE=production`); an `ARG` without a default gives `""`.
    #[must_use]
    pub fn env(&self, i: usize, name: &str) -> Option<String> {
        self.env_at_depth(i, name, 0)
    }

    fn env_at_depth(&self, i: usize, name: &str, depth: usize) -> Option<String> {
        let (j, value) = self
            .lineage_before(i)
            .into_iter()
            .find_map(|j| self.declared(j).iter().rev().find(|(n, _)| n == name).map(|(_, v)| (j, v.clone())))?;
        // A chain of references deeper than this is not worth following (nor a hostile file's
        // stack): the value is given as written.
        if !value.contains('$') || depth >= MAX_REFERENCE_DEPTH {
            return Some(value);
        }
        let escape = self.doc.escape();
        let referenced = variables::expand(&value, escape, &|_| None).unresolved;
        let known: Vec<(String, String)> =
            referenced.into_iter().filter_map(|n| self.env_at_depth(j, &n, depth + 1).map(|v| (n, v))).collect();
        let lookup = |n: &str| known.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
        Some(variables::expand(&value, escape, &lookup).value)
    }

    /// The variables instruction `j` declares with their values, if it is an `ENV` or an `ARG`
    /// (an `ARG` without a default gives `""`).
    fn declared(&self, j: usize) -> &[(String, String)] {
        match self.declarations.get(j) {
            Some(cell) => cell.get_or_init(|| declarations(&self.doc.instructions()[j])),
            None => &[],
        }
    }

    /// The working directory instruction `i` runs in, from the `WORKDIR`s of its stage chain:
    /// `None` when none is set (the base image's, not known here) or one holds a variable.
    #[must_use]
    pub fn workdir(&self, i: usize) -> Option<String> {
        match self.workdirs.get(i) {
            Some(cell) => cell.get_or_init(|| self.find_workdir(i)).clone(),
            None => self.find_workdir(i),
        }
    }

    fn find_workdir(&self, i: usize) -> Option<String> {
        let mut relative: Vec<&str> = Vec::new();
        for j in self.lineage_before(i) {
            let instruction = &self.doc.instructions()[j];
            if instruction.keyword != Keyword::Workdir {
                continue;
            }
            let dir = instruction.words().first()?.value.as_str();
            if dir.contains('$') {
                return None;
            }
            relative.push(dir);
            if dir.starts_with('/') {
                let mut path = String::new();
                for part in relative.iter().rev() {
                    path = if part.starts_with('/') { (*part).to_owned() } else { format!("{path}/{part}") };
                }
                return crate::paths::resolve(None, &path, false);
            }
        }
        None
    }

    /// Whether `text` appears in instruction `i` or in an instruction before it in its stage
    /// chain (`ENV PIP_NO_CACHE_DIR=1`, `RUN corepack enable`).
    #[must_use]
    pub fn mentions_before(&self, i: usize, text: &str) -> bool {
        std::iter::once(i)
            .chain(self.lineage_before(i))
            .any(|j| self.doc.slice(self.doc.instructions()[j].span).contains(text))
    }

    /// Whether the author silenced `rule` (or one of its hadolint codes) on instruction `i` with
    /// `# slimfile ignore=...` or `# hadolint ignore=...` on the lines just above it, or for
    /// the whole file with `# slimfile global ignore=...`.
    #[must_use]
    pub fn ignored(&self, i: usize, rule: &str, hadolint: &[&str]) -> bool {
        let start = self.doc.instructions()[i].span.start;
        let previous_end = i.checked_sub(1).map_or(0, |p| self.doc.instructions()[p].span.end);
        let names = |list: &str, wanted: &str| list.split(',').any(|n| n.trim() == wanted);
        self.doc.comments().iter().any(|comment| {
            let text = comment.text.as_str();
            if let Some(list) = text.strip_prefix("slimfile global ignore=") {
                return names(list, rule);
            }
            if comment.span.start < previous_end || comment.span.end > start {
                return false;
            }
            if let Some(list) = text.strip_prefix("slimfile ignore=") {
                return names(list, rule);
            }
            if let Some(list) = text.strip_prefix("hadolint ignore=") {
                return hadolint.iter().any(|code| names(list, code));
            }
            false
        })
    }
}

/// One empty cell per instruction.
fn per_instruction<T>(count: usize) -> Vec<OnceCell<T>> {
    std::iter::repeat_with(OnceCell::new).take(count).collect()
}

/// The variables an `ENV` or `ARG` instruction declares, with their values; nothing for other
/// instructions.
fn declarations(instruction: &Instruction) -> Vec<(String, String)> {
    if !matches!(instruction.keyword, Keyword::Env | Keyword::Arg) {
        return Vec::new();
    }
    let Some(text) = instruction.text().map(|text| text.value.as_str()) else { return Vec::new() };
    let Some(first) = text.split_whitespace().next() else { return Vec::new() };
    if first.contains('=') || instruction.keyword == Keyword::Arg {
        arg_declarations(text).into_iter().map(|(n, v)| (n, v.unwrap_or_default())).collect()
    } else {
        // The legacy `ENV NAME value with blanks` form.
        vec![(first.to_owned(), text.trim_start()[first.len()..].trim().to_owned())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    fn with_context(text: &str, check: impl FnOnce(&Context<'_>)) {
        let doc = parse(text).expect("parses");
        let stages = StageModel::new(&doc);
        let facts = Facts::default();
        check(&Context::new(&doc, &stages, &facts));
    }

    #[test]
    fn lineage_follows_the_stage_chain_and_skips_other_stages() {
        let text = "FROM golang:1.22 AS base\nENV GOPATH=/work:/extra\nUSER app\nFROM alpine AS other\nENV GOPATH=/other\nFROM base\nUSER 0:0\nRUN go build\n";
        with_context(text, |context| {
            assert_eq!(context.lineage_before(7), vec![6, 2, 1]);
            assert_eq!(context.env(7, "GOPATH").as_deref(), Some("/work:/extra"));
            assert_eq!(context.env(7, "GOCACHE"), None);
            assert_eq!(context.base_image(7).map(ImageRef::short_name).as_deref(), Some("golang"));
            assert_eq!(context.user(7), Some("0:0"));
            assert!(context.runs_as_root(7));
            assert!(!context.runs_as_root(6));
            assert_eq!(context.user(4), None);
        });
        let text = "FROM debian AS base\nWORKDIR /srv\nFROM base\nWORKDIR app/\nWORKDIR ./web\nRUN true\nFROM debian\nWORKDIR rel\nRUN true\n";
        with_context(text, |context| {
            assert_eq!(context.workdir(5).as_deref(), Some("/srv/app/web"));
            assert_eq!(context.workdir(3).as_deref(), Some("/srv"));
            assert_eq!(context.workdir(8), None);
        });
    }

    #[test]
    fn env_reads_both_forms_and_arg_defaults() {
        let text = "FROM debian\nENV A=1 B=\"two words\"\nENV LEGACY some value\nARG C=3\nARG D\nRUN true\n";
        with_context(text, |context| {
            assert_eq!(context.env(5, "B").as_deref(), Some("two words"));
            assert_eq!(context.env(5, "LEGACY").as_deref(), Some("some value"));
            assert_eq!(context.env(5, "C").as_deref(), Some("3"));
            assert_eq!(context.env(5, "D").as_deref(), Some(""));
        });
    }

    #[test]
    fn cache_and_tmpfs_mounts_cover_their_targets() {
        let text = "FROM debian\nRUN --mount=type=cache,target=/root/.npm --mount=type=tmpfs,dst=/tmp --mount=type=bind,target=/src true\n";
        with_context(text, |context| {
            assert_eq!(context.cache_mount_targets(1), vec!["/root/.npm", "/tmp"]);
            assert!(context.cache_mount_covers(1, "/root/.npm/_cacache"));
            assert!(!context.cache_mount_covers(1, "/src"));
        });
    }

    #[test]
    fn env_follows_base_stages_and_substitutes_references() {
        let last = |text: &str, name: &str| {
            let doc = parse(text).expect("parses");
            let stages = StageModel::new(&doc);
            let facts = Facts::default();
            Context::new(&doc, &stages, &facts).env(doc.instructions().len() - 1, name)
        };
        assert_eq!(last("FROM a\nARG NODE_ENV=\"production\"\nRUN x\n", "NODE_ENV").as_deref(), Some("production"));
        assert_eq!(last("FROM a AS base\nENV A=1 B=2\nFROM base\nRUN x\n", "B").as_deref(), Some("2"));
        assert_eq!(last("FROM a AS other\nENV A=1\nFROM b\nRUN x\n", "A"), None);
        assert_eq!(last("FROM a\nRUN x\nENV A=late\n", "A"), None);
        assert_eq!(
            last("FROM a\nARG ENV=production\nENV NODE_ENV $ENV\nRUN x\n", "NODE_ENV").as_deref(),
            Some("production")
        );
        let text = "FROM a\nENV NODE_ENV=${MISSING:-production}-${ALSO_MISSING}\nRUN x\n";
        assert_eq!(last(text, "NODE_ENV").as_deref(), Some("production-"));
        // A long chain stops after a few references instead of recursing through all of it.
        let mut text = String::from("FROM a\nENV V0=end\n");
        for k in 1..200 {
            text.push_str(&format!("ENV V{k}=$V{}\n", k - 1));
        }
        text.push_str("RUN x\n");
        assert!(last(&text, "V199").is_some_and(|v| v.starts_with('$')));
    }
}
