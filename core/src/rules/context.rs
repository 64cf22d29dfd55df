//! What a rule gets to look at: the model, the stages, and facts from outside the text.

use crate::document::{Dockerfile, Instruction, Keyword};
use crate::rewrite::RewriteOptions;
use crate::shell::{self, SimpleCommand};
use crate::stages::{StageModel, mount_option};

/// Facts about the build context that only the caller can know (the core does no I/O).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// Whether a `.dockerignore` sits in the build context: `None` when unknown (the page).
    pub has_dockerignore: Option<bool>,
}

/// Everything a rule may read, computed once per file.
pub struct Context<'a> {
    /// The parsed file.
    pub doc: &'a Dockerfile,
    /// Its stages.
    pub stages: &'a StageModel,
    /// Facts from outside the text.
    pub facts: &'a Facts,
    /// How the multi-stage rewrite should come out.
    pub rewrite: RewriteOptions,
    shipped: Vec<bool>,
    commands: Vec<Vec<SimpleCommand>>,
}

impl<'a> Context<'a> {
    /// Prepares the context: which stages ship, and the shell commands of every `RUN`.
    #[must_use]
    pub fn new(doc: &'a Dockerfile, stages: &'a StageModel, facts: &'a Facts) -> Self {
        let mut shipped = vec![false; stages.stages.len()];
        for index in stages.shipped_stages() {
            shipped[index] = true;
        }
        let commands = doc
            .instructions()
            .iter()
            .map(|instruction| match (&instruction.keyword, instruction.text()) {
                (Keyword::Run, Some(text)) => {
                    let mut list = shell::commands(doc.text(), text.span, doc.escape());
                    for heredoc in &instruction.heredocs {
                        list.extend(shell::commands(doc.text(), heredoc.span, '\\'));
                    }
                    list
                }
                _ => Vec::new(),
            })
            .collect();
        Self { doc, stages, facts, rewrite: RewriteOptions::default(), shipped, commands }
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
    pub fn commands(&self, i: usize) -> &[SimpleCommand] {
        &self.commands[i]
    }

    /// Whether instruction `i` mounts a BuildKit cache over `path` (or a parent of it).
    #[must_use]
    pub fn cache_mount_covers(&self, i: usize, path: &str) -> bool {
        self.doc.instructions()[i].flags_named("mount").filter_map(|f| f.value.as_ref()).any(|value| {
            let mount = value.value.as_str();
            mount_option(mount, "type") == Some("cache")
                && (mount_option(mount, "target")
                    .or_else(|| mount_option(mount, "dst"))
                    .or_else(|| mount_option(mount, "destination")))
                .is_some_and(|target| {
                    let target = target.trim_end_matches('/');
                    path == target || path.starts_with(&format!("{target}/"))
                })
        })
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
