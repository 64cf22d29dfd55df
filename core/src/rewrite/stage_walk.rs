//! One pass over the stage being rewritten: where each instruction goes, and the state (working
//! directory, environment, user) the build sees at each step.

use std::collections::BTreeMap;

use crate::context_files::ContextFiles;
use crate::document::{Dockerfile, Instruction, Keyword};
use crate::project_files::ProjectFiles;
use crate::shell::SimpleCommand;
use crate::stages::{Stage, arg_declarations};

use super::word_value::{Unknown, word_value};

/// Where an instruction of the original stage ends up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Placement {
    /// The stage's `FROM`, which becomes the builder's.
    From,
    /// A build step (`RUN`, `COPY`, `ADD`): stays in the builder.
    Build,
    /// Build state the runtime needs as well (`ENV`, `ARG`, `WORKDIR`, `SHELL`, a `USER` that
    /// build steps run as): stays in the builder and is repeated in the runtime.
    Repeat,
    /// Runtime metadata (`CMD`, `EXPOSE`, a final `USER`, ...): moves to the runtime stage.
    Move,
}

/// One instruction of the stage, with the state before it runs.
#[derive(Clone, Debug)]
pub(crate) struct Step {
    /// Index in the document.
    pub index: usize,
    /// Where it goes.
    pub placement: Placement,
    /// The absolute working directory it runs in; `None` when a variable makes it unknown.
    pub workdir: Option<String>,
}

/// A shell command of a `RUN`, with where it runs.
#[derive(Clone, Debug)]
pub(crate) struct RunCommand {
    /// The `RUN` instruction's index.
    pub instruction: usize,
    /// The command.
    pub command: SimpleCommand,
    /// The working directory of the `RUN` (a `cd` inside it is not followed: see `after_cd`).
    pub workdir: Option<String>,
    /// Whether an earlier command of the same `RUN` changed directory.
    pub after_cd: bool,
}

/// The stage, walked once.
pub(crate) struct StageWalk<'a> {
    /// The document.
    pub doc: &'a Dockerfile,
    /// The stage.
    pub stage: &'a Stage,
    /// Its instructions in order, `FROM` first.
    pub steps: Vec<Step>,
    /// Every shell command of its `RUN`s, in order.
    pub commands: Vec<RunCommand>,
    /// `ENV` values as of the end of the stage (values as written, quotes removed).
    pub env: BTreeMap<String, String>,
    /// The working directory at the end of the stage.
    pub workdir: Option<String>,
    /// Why the working directory is unknown from some point on (a `WORKDIR` whose variable has
    /// no known value), said in a decline.
    pub workdir_unknown: Option<String>,
    /// The build context's dependency manifests, as far as the caller could read them.
    pub project: &'a ProjectFiles,
    /// The build context's file names, when the caller could list them.
    pub context: Option<&'a ContextFiles>,
    /// The names of the file's stages, lowercased (BuildKit compares them so): the new stages'
    /// names must differ from them.
    pub stage_names: Vec<String>,
}

impl<'a> StageWalk<'a> {
    /// Walks `stage` of `doc`.
    pub(crate) fn new(doc: &'a Dockerfile, stage: &'a Stage, project: &'a ProjectFiles) -> Self {
        let instructions = doc.instructions();
        let range = stage.from_instruction..stage.body.end;
        let last_build = range.clone().rev().find(|&i| is_build(&instructions[i]));
        // The base image's own WORKDIR, where a stage sets none (`golang` builds in /go).
        let image_dir = match &stage.base {
            crate::stages::Base::Image { image } => crate::ecosystem::image_workdir(image),
            _ => None,
        };
        let mut workdir = Some(image_dir.unwrap_or("/").to_owned());
        let mut workdir_unknown = None;
        let mut env = BTreeMap::new();
        let mut args: BTreeMap<String, String> = BTreeMap::new();
        let mut steps = Vec::new();
        let mut commands = Vec::new();
        for index in range {
            let instruction = &instructions[index];
            let before = workdir.clone();
            let placement = match instruction.keyword {
                Keyword::From => Placement::From,
                Keyword::Run | Keyword::Copy | Keyword::Add => Placement::Build,
                Keyword::Env | Keyword::Arg | Keyword::Workdir | Keyword::Shell => Placement::Repeat,
                Keyword::User if last_build.is_some_and(|last| index < last) => Placement::Repeat,
                Keyword::Unknown(_) => Placement::Build,
                _ => Placement::Move,
            };
            match instruction.keyword {
                Keyword::Workdir => {
                    let lookup = |name: &str| env.get(name).or_else(|| args.get(name)).map(String::as_str);
                    match next_workdir(workdir.as_deref(), doc, instruction, &lookup) {
                        Ok(next) => workdir = next,
                        Err(why) => {
                            workdir = None;
                            workdir_unknown = Some(why);
                        }
                    }
                }
                Keyword::Env => env.extend(env_pairs(doc, instruction)),
                Keyword::Arg => {
                    let raw = instruction.text().map_or("", |t| doc.slice(t.span));
                    for (name, value) in arg_declarations(raw) {
                        match value {
                            Some(value) => {
                                args.insert(name, value);
                            }
                            None => {
                                args.remove(&name);
                            }
                        }
                    }
                }
                Keyword::Run => {
                    let mut after_cd = false;
                    for command in doc.run_shell_commands(index).iter().cloned() {
                        let changes_dir = command.program() == Some("cd") || command.program() == Some("pushd");
                        commands.push(RunCommand { instruction: index, command, workdir: workdir.clone(), after_cd });
                        after_cd |= changes_dir;
                    }
                }
                _ => {}
            }
            steps.push(Step { index, placement, workdir: before });
        }
        Self {
            doc,
            stage,
            steps,
            commands,
            env,
            workdir,
            workdir_unknown,
            project,
            context: None,
            stage_names: Vec::new(),
        }
    }

    /// The instruction at document index `index`.
    pub(crate) fn instruction(&self, index: usize) -> &'a Instruction {
        &self.doc.instructions()[index]
    }

    /// The runtime command: the last `ENTRYPOINT` and `CMD`, as word lists (exec form as is,
    /// shell form split on blanks) with whether either is in shell form.
    pub(crate) fn entry_words(&self) -> (Vec<String>, bool) {
        let mut entrypoint: Option<&Instruction> = None;
        let mut cmd: Option<&Instruction> = None;
        for step in &self.steps {
            let instruction = self.instruction(step.index);
            match instruction.keyword {
                Keyword::Entrypoint => entrypoint = Some(instruction),
                Keyword::Cmd => cmd = Some(instruction),
                _ => {}
            }
        }
        let mut shell_form = false;
        let mut words = Vec::new();
        for instruction in [entrypoint, cmd].into_iter().flatten() {
            if instruction.is_exec_form() {
                words.extend(instruction.words().iter().map(|w| w.value.clone()));
            } else if let Some(text) = instruction.text() {
                shell_form = true;
                words.extend(text.value.split_whitespace().map(str::to_owned));
            }
        }
        (words, shell_form)
    }
}

/// Whether an instruction changes the filesystem during the build.
pub(crate) fn is_build(instruction: &Instruction) -> bool {
    matches!(instruction.keyword, Keyword::Run | Keyword::Copy | Keyword::Add)
}

/// The working directory after `instruction` (a `WORKDIR`), read as BuildKit reads it: quotes
/// removed, known variables substituted, a relative path taken from `current`. `Err` says why it
/// cannot be told.
fn next_workdir<'v>(
    current: Option<&str>,
    doc: &Dockerfile,
    instruction: &Instruction,
    lookup: &dyn Fn(&str) -> Option<&'v str>,
) -> Result<Option<String>, String> {
    let Some(word) = instruction.words().first() else { return Ok(current.map(str::to_owned)) };
    // The text as written: the parser's value has escapes applied but keeps the quotes.
    let raw = doc.slice(word.span);
    let path = match word_value(raw, doc.escape(), lookup) {
        Ok(path) => path,
        Err(Unknown::Variables(names)) => {
            return Err(format!(
                "`WORKDIR {raw}` uses {}, which the Dockerfile gives no value (a build argument without a default), so slimfile cannot tell which directory is the app",
                names.iter().map(|n| format!("`${n}`")).collect::<Vec<_>>().join(", ")
            ));
        }
        Err(Unknown::Malformed) => {
            return Err(format!("`WORKDIR {raw}` has an unclosed quote or `${{`"));
        }
    };
    if path.is_empty() {
        return Ok(current.map(str::to_owned));
    }
    Ok(resolve(current, &path))
}

/// `path` made absolute against `base`, with `.` and `..` folded; `None` when `base` is unknown
/// and `path` relative.
pub(crate) fn resolve(base: Option<&str>, path: &str) -> Option<String> {
    // A trailing `/` is kept: `go build -o out/` names a directory, not the binary.
    let resolved = crate::paths::absolute(base, path)?;
    Some(if path.ends_with('/') && resolved != "/" { format!("{resolved}/") } else { resolved })
}

fn env_pairs(doc: &Dockerfile, instruction: &Instruction) -> Vec<(String, String)> {
    let Some(text) = instruction.text() else { return Vec::new() };
    let raw = doc.slice(text.span);
    let first = raw.split_whitespace().next().unwrap_or("");
    if first.contains('=') {
        arg_declarations(raw).into_iter().filter_map(|(name, value)| Some((name, value?))).collect()
    } else {
        // The legacy `ENV NAME value with blanks` form.
        let value = raw[first.len()..].trim();
        vec![(first.to_owned(), value.trim_matches('"').to_owned())]
    }
}

/// The offset just past the line ending that follows `offset` (the text's end when there is
/// none).
pub(crate) fn next_line_start(text: &str, offset: usize) -> usize {
    text[offset..].find('\n').map_or(text.len(), |i| offset + i + 1)
}

/// The offset where the line holding `offset` starts.
pub(crate) fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_paths() {
        assert_eq!(resolve(Some("/app"), "server").as_deref(), Some("/app/server"));
        assert_eq!(resolve(Some("/app"), "./bin/../out/").as_deref(), Some("/app/out/"));
        assert_eq!(resolve(Some("/app"), "/abs").as_deref(), Some("/abs"));
        assert_eq!(resolve(None, "rel"), None);
        assert_eq!(resolve(Some("/"), ".").as_deref(), Some("/"));
    }

    #[test]
    fn places_instructions() {
        let doc = crate::parse(
            "FROM golang\nWORKDIR /src\nUSER app\nRUN go build -o /out/x .\nUSER nobody\nCMD [\"/out/x\"]\n",
        )
        .expect("parses");
        let stages = crate::stages::StageModel::new(&doc);
        let project = ProjectFiles::default();
        let walk = StageWalk::new(&doc, &stages.stages[0], &project);
        let placements: Vec<Placement> = walk.steps.iter().map(|s| s.placement).collect();
        use Placement::*;
        assert_eq!(placements, vec![From, Repeat, Repeat, Build, Move, Move]);
        assert_eq!(walk.commands[0].workdir.as_deref(), Some("/src"));
    }

    fn final_workdir(text: &str) -> (Option<String>, Option<String>) {
        let doc = crate::parse(text).expect("parses");
        let stages = crate::stages::StageModel::new(&doc);
        let project = ProjectFiles::default();
        let walk = StageWalk::new(&doc, &stages.stages[0], &project);
        (walk.workdir, walk.workdir_unknown)
    }

    #[test]
    fn reads_workdirs_as_buildkit_does() {
        assert_eq!(final_workdir("FROM node\nWORKDIR '/app'\n").0.as_deref(), Some("/app"));
        assert_eq!(final_workdir("FROM node\nWORKDIR \"/app\"\nWORKDIR 'web'\n").0.as_deref(), Some("/app/web"));
        assert_eq!(final_workdir("FROM node\nENV APP=/srv\nWORKDIR $APP/api\n").0.as_deref(), Some("/srv/api"));
        assert_eq!(final_workdir("FROM node\nARG APP=/opt/a\nWORKDIR ${APP}\n").0.as_deref(), Some("/opt/a"));
        let (dir, why) = final_workdir("FROM node\nARG APP\nWORKDIR $APP\n");
        assert_eq!(dir, None);
        assert!(why.is_some_and(|w| w.contains("`$APP`")));
    }
}
