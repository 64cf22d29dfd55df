//! What a rule gets to look at: the model, the stages, and facts from outside the text.

use crate::document::{Dockerfile, Instruction, Keyword};
use crate::image_ref::ImageRef;
use crate::shell::{self, SimpleCommand};
use crate::stages::{Base, StageModel, arg_declarations, mount_option};

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
    shipped: Vec<bool>,
    commands: Vec<Vec<SimpleCommand>>,
    /// Every `ENV` and `ARG` assignment: instruction, name, value.
    assignments: Vec<(usize, String, Option<String>)>,
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
        let assignments = doc
            .instructions()
            .iter()
            .enumerate()
            .filter(|(_, instruction)| matches!(instruction.keyword, Keyword::Env | Keyword::Arg))
            .flat_map(|(i, instruction)| {
                let pairs = instruction.text().map_or_else(Vec::new, |text| {
                    variable_assignments(&text.value, instruction.keyword == Keyword::Env)
                });
                pairs.into_iter().map(move |(name, value)| (i, name, value))
            })
            .collect();
        Self { doc, stages, facts, shipped, commands, assignments }
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

    /// The stages the image of `stage` is made of, oldest first: the stages it is built `FROM`,
    /// then itself.
    #[must_use]
    pub fn lineage(&self, stage: usize) -> Vec<usize> {
        let mut out = vec![stage];
        let mut at = stage;
        while let Base::Stage { index } = self.stages.stages[at].base {
            if out.contains(&index) {
                break;
            }
            out.push(index);
            at = index;
        }
        out.reverse();
        out
    }

    /// The registry image `stage` starts from, through `FROM <stage>` chains; `None` for
    /// `scratch` and for bases that cannot be resolved offline.
    #[must_use]
    pub fn root_image(&self, stage: usize) -> Option<&'a ImageRef> {
        let root = *self.lineage(stage).first()?;
        let stages: &'a StageModel = self.stages;
        match &stages.stages[root].base {
            Base::Image { image } => Some(image),
            _ => None,
        }
    }

    /// The instructions that built the image before instruction `i` runs: the bodies of the
    /// stages its stage is built `FROM`, then its own stage up to `i`.
    #[must_use]
    pub fn instructions_before(&self, i: usize) -> Vec<usize> {
        let Some(stage) = self.stages.stage_of(i) else { return (0..i).collect() };
        let mut out = Vec::new();
        for s in self.lineage(stage) {
            let range = self.stage_instructions(self.stages.stages[s].from_instruction);
            out.extend(range.start..if s == stage { i } else { range.end });
        }
        out
    }

    /// The value of environment variable `name` when instruction `i` runs, as the latest `ENV`,
    /// or `ARG` with a default, in [`Self::instructions_before`] sets it. References to earlier
    /// variables are substituted (`ENV NODE_ENV=$ENV` after `ARG ENV=production`).
    #[must_use]
    pub fn env_before(&self, i: usize, name: &str) -> Option<String> {
        self.env_at_depth(i, name, 0)
    }

    fn env_at_depth(&self, i: usize, name: &str, depth: usize) -> Option<String> {
        let stage = self.stages.stage_of(i);
        let lineage = stage.map(|s| self.lineage(s)).unwrap_or_default();
        let in_image = |j: usize| {
            j < i
                && match (stage, self.stages.stage_of(j)) {
                    (Some(_), Some(s)) => lineage.contains(&s),
                    (None, None) => true,
                    _ => false,
                }
        };
        let (j, value) = self
            .assignments
            .iter()
            .rev()
            .find_map(|(j, n, value)| (n == name && in_image(*j)).then_some((*j, value.as_ref()?)))?;
        // A chain of references deeper than this is not worth following (nor a hostile file's
        // stack).
        if !value.contains('$') || depth >= MAX_REFERENCE_DEPTH {
            return Some(value.clone());
        }
        Some(substitute(value, &|n| self.env_at_depth(j, n, depth + 1)))
    }

    /// Whether instruction `i` mounts any BuildKit cache (`--mount=type=cache`).
    #[must_use]
    pub fn mounts_a_cache(&self, i: usize) -> bool {
        self.doc.instructions()[i]
            .flags_named("mount")
            .filter_map(|f| f.value.as_ref())
            .any(|value| mount_option(&value.value, "type") == Some("cache"))
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

/// How many variable references [`Context::env_before`] follows.
const MAX_REFERENCE_DEPTH: usize = 8;

/// `value` with `$NAME`, `${NAME}` and `${NAME:-default}` replaced by what `lookup` gives (empty
/// when unset, as the shell does).
fn substitute(value: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, default, consumed) = match after.strip_prefix('{') {
            Some(inner) => match inner.find('}') {
                Some(end) => {
                    let body = &inner[..end];
                    let (name, default) = body.split_once(":-").map_or((body, None), |(n, d)| (n, Some(d)));
                    (name, default, end + 2)
                }
                None => ("", None, 0),
            },
            None => {
                let len = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
                (&after[..len], None, len)
            }
        };
        if name.is_empty() {
            out.push('$');
            rest = after;
            continue;
        }
        out.push_str(&lookup(name).or_else(|| default.map(str::to_owned)).unwrap_or_default());
        rest = &after[consumed..];
    }
    out.push_str(rest);
    out
}

/// `NAME=value` pairs of an `ENV` or `ARG` line; `ENV NAME value` (the legacy form) when
/// `legacy_env` allows it.
fn variable_assignments(text: &str, legacy_env: bool) -> Vec<(String, Option<String>)> {
    let trimmed = text.trim();
    if legacy_env
        && let Some((name, value)) = trimmed.split_once(char::is_whitespace)
        && !name.contains('=')
    {
        let value = value.trim();
        let unquoted = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value);
        return vec![(name.to_owned(), Some(unquoted.to_owned()))];
    }
    arg_declarations(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(text: &str, name: &str) -> Option<String> {
        let doc = crate::parse(text).expect("parses");
        let stages = StageModel::new(&doc);
        let facts = Facts::default();
        let context = Context::new(&doc, &stages, &facts);
        context.env_before(doc.instructions().len() - 1, name)
    }

    #[test]
    fn environment_comes_from_env_and_arg_through_base_stages() {
        assert_eq!(env("FROM a\nENV NODE_ENV=production\nRUN x\n", "NODE_ENV").as_deref(), Some("production"));
        assert_eq!(env("FROM a\nENV NODE_ENV production\nRUN x\n", "NODE_ENV").as_deref(), Some("production"));
        assert_eq!(env("FROM a\nARG NODE_ENV=\"production\"\nRUN x\n", "NODE_ENV").as_deref(), Some("production"));
        assert_eq!(env("FROM a AS base\nENV A=1 B=2\nFROM base\nRUN x\n", "B").as_deref(), Some("2"));
        assert_eq!(env("FROM a AS other\nENV A=1\nFROM b\nRUN x\n", "A"), None);
        assert_eq!(env("FROM a\nRUN x\nENV A=late\n", "A"), None);
    }

    #[test]
    fn references_to_earlier_variables_are_substituted() {
        let text = "FROM a\nARG ENV=production\nENV NODE_ENV $ENV\nRUN x\n";
        assert_eq!(env(text, "NODE_ENV").as_deref(), Some("production"));
        let text = "FROM a\nENV NODE_ENV=${MISSING:-production}-${ALSO_MISSING}\nRUN x\n";
        assert_eq!(env(text, "NODE_ENV").as_deref(), Some("production-"));
        // A long chain stops after a few references instead of recursing through all of it.
        let mut text = String::from("FROM a\nENV V0=end\n");
        for k in 1..200 {
            text.push_str(&format!("ENV V{k}=$V{}\n", k - 1));
        }
        text.push_str("RUN x\n");
        assert!(env(&text, "V199").is_some_and(|v| v.starts_with('$')));
    }
}
