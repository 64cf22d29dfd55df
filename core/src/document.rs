//! The core's own syntax model of a Dockerfile.
//!
//! Everything here is plain data with byte spans into the original text. The rest of the core
//! works on these types only, so the parser crate behind them can change without touching rules,
//! estimates or rewrites.

use std::cell::OnceCell;

use serde::Serialize;

use crate::shell::{self, SimpleCommand};
use crate::source::{LineIndex, Position, Range, Span};

/// A parsed Dockerfile: its original text and what was found in it.
#[derive(Clone, Debug)]
pub struct Dockerfile {
    pub(crate) text: String,
    pub(crate) index: LineIndex,
    pub(crate) bom: bool,
    pub(crate) escape: char,
    pub(crate) line_ending: LineEnding,
    pub(crate) directives: Vec<Directive>,
    pub(crate) comments: Vec<Comment>,
    pub(crate) instructions: Vec<Instruction>,
    pub(crate) problems: Vec<SyntaxProblem>,
    /// The shell commands of each `RUN`, read when first asked for: rules, the size model and
    /// the rewrite all walk them, and reading them once is a large share of a check's time.
    pub(crate) run_commands: Vec<OnceCell<Vec<SimpleCommand>>>,
}

impl Dockerfile {
    /// The simple commands of instruction `i` when it is a shell-form `RUN` (heredoc bodies
    /// included); empty for anything else.
    #[must_use]
    pub fn run_shell_commands(&self, i: usize) -> &[SimpleCommand] {
        let (Some(cell), Some(instruction)) = (self.run_commands.get(i), self.instructions.get(i)) else { return &[] };
        cell.get_or_init(|| match (&instruction.keyword, instruction.text()) {
            (Keyword::Run, Some(_)) => shell::shell_form_commands(self, instruction),
            _ => Vec::new(),
        })
    }

    /// The original text, byte for byte (BOM included).
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the text starts with a UTF-8 byte-order mark.
    #[must_use]
    pub fn has_bom(&self) -> bool {
        self.bom
    }

    /// The escape character in force (`\` unless `# escape=` says otherwise).
    #[must_use]
    pub fn escape(&self) -> char {
        self.escape
    }

    /// The line ending most lines use, so that inserted lines match.
    #[must_use]
    pub fn line_ending(&self) -> LineEnding {
        self.line_ending
    }

    /// Parser directives at the top of the file.
    #[must_use]
    pub fn directives(&self) -> &[Directive] {
        &self.directives
    }

    /// Comment lines outside instructions, in order.
    #[must_use]
    pub fn comments(&self) -> &[Comment] {
        &self.comments
    }

    /// The instructions, in order.
    #[must_use]
    pub fn instructions(&self) -> &[Instruction] {
        &self.instructions
    }

    /// Problems the parser recovered from: the file still has a model, but BuildKit would refuse
    /// to build it (an unknown instruction, a missing argument).
    #[must_use]
    pub fn problems(&self) -> &[SyntaxProblem] {
        &self.problems
    }

    /// The line index of the text.
    #[must_use]
    pub fn line_index(&self) -> &LineIndex {
        &self.index
    }

    /// 1-based range of `span`.
    #[must_use]
    pub fn range(&self, span: Span) -> Range {
        self.index.range(&self.text, span)
    }

    /// 1-based position of `offset`.
    #[must_use]
    pub fn position(&self, offset: usize) -> Position {
        self.index.position(&self.text, offset)
    }

    /// The text `span` covers.
    #[must_use]
    pub fn slice(&self, span: Span) -> &str {
        span.slice(&self.text)
    }

    /// Prints the model back: the text between instructions and each instruction's own bytes.
    /// With no edits made this is the original, byte for byte.
    #[must_use]
    pub fn print(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut at = 0;
        for instruction in &self.instructions {
            out.push_str(&self.text[at..instruction.span.start]);
            out.push_str(self.slice(instruction.span));
            at = instruction.span.end;
        }
        out.push_str(&self.text[at..]);
        out
    }
}

/// How lines end in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineEnding {
    /// `\n`
    Lf,
    /// `\r\n`
    CrLf,
}

impl LineEnding {
    /// The bytes of this line ending.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Lf => "\n",
            Self::CrLf => "\r\n",
        }
    }
}

/// A parser directive such as `# syntax=docker/dockerfile:1`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Directive {
    /// Lower-case name: `syntax`, `escape` or `check`.
    pub name: String,
    /// The value as written.
    pub value: String,
    /// The whole line.
    pub span: Span,
    /// The value alone.
    pub value_span: Span,
}

/// A comment line, kept so that rewrites can carry the author's notes along.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// From `#` to the end of the line.
    pub span: Span,
    /// The text after `#`, trimmed.
    pub text: String,
}

/// An instruction keyword.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[allow(missing_docs)]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    /// A word BuildKit's parser accepts but no builder knows (upper-cased).
    Unknown(String),
}

impl Keyword {
    /// Reads a keyword case-insensitively.
    #[must_use]
    pub fn parse(word: &str) -> Self {
        match word.to_ascii_uppercase().as_str() {
            "ADD" => Self::Add,
            "ARG" => Self::Arg,
            "CMD" => Self::Cmd,
            "COPY" => Self::Copy,
            "ENTRYPOINT" => Self::Entrypoint,
            "ENV" => Self::Env,
            "EXPOSE" => Self::Expose,
            "FROM" => Self::From,
            "HEALTHCHECK" => Self::Healthcheck,
            "LABEL" => Self::Label,
            "MAINTAINER" => Self::Maintainer,
            "ONBUILD" => Self::Onbuild,
            "RUN" => Self::Run,
            "SHELL" => Self::Shell,
            "STOPSIGNAL" => Self::Stopsignal,
            "USER" => Self::User,
            "VOLUME" => Self::Volume,
            "WORKDIR" => Self::Workdir,
            other => Self::Unknown(other.to_owned()),
        }
    }

    /// The keyword in upper case, as the reference writes it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::Add => "ADD",
            Self::Arg => "ARG",
            Self::Cmd => "CMD",
            Self::Copy => "COPY",
            Self::Entrypoint => "ENTRYPOINT",
            Self::Env => "ENV",
            Self::Expose => "EXPOSE",
            Self::From => "FROM",
            Self::Healthcheck => "HEALTHCHECK",
            Self::Label => "LABEL",
            Self::Maintainer => "MAINTAINER",
            Self::Onbuild => "ONBUILD",
            Self::Run => "RUN",
            Self::Shell => "SHELL",
            Self::Stopsignal => "STOPSIGNAL",
            Self::User => "USER",
            Self::Volume => "VOLUME",
            Self::Workdir => "WORKDIR",
            Self::Unknown(word) => word,
        }
    }
}

/// A piece of text with its span: `value` is unescaped where the parser unescapes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Word {
    /// The value.
    pub value: String,
    /// Where it is written.
    pub span: Span,
}

/// A `--name=value` flag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// The name without the dashes.
    pub name: String,
    /// The value after `=`, if any.
    pub value: Option<Word>,
    /// The whole flag, dashes included.
    pub span: Span,
}

/// What follows the keyword and flags.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "form", rename_all = "kebab-case")]
pub enum Arguments {
    /// Nothing (`HEALTHCHECK` alone, `ENTRYPOINT []`-like empty forms use `Exec`).
    Empty,
    /// Free text with escapes as written: shell form, and `ARG`/`ENV`/`LABEL` pairs.
    Text(Word),
    /// Exec form: a JSON array of strings.
    Exec {
        /// The strings.
        items: Vec<Word>,
        /// The array, brackets included.
        span: Span,
    },
    /// Blank-separated words (FROM, COPY, ADD, EXPOSE, USER, WORKDIR, ...).
    Words(Vec<Word>),
}

/// A heredoc body attached to a RUN, COPY or ADD.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Heredoc {
    /// The body, terminator excluded.
    pub span: Span,
    /// The body text.
    pub body: String,
    /// Whether variables expand in it (the delimiter was not quoted).
    pub expand: bool,
}

/// One instruction with everything a rule or a rewrite needs to know about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Instruction {
    /// The keyword.
    pub keyword: Keyword,
    /// Where the keyword is written.
    pub keyword_span: Span,
    /// Flags in order.
    pub flags: Vec<Flag>,
    /// The arguments after the flags.
    pub arguments: Arguments,
    /// `HEALTHCHECK`'s `CMD` or `NONE` word.
    pub subcommand: Option<Word>,
    /// Heredoc bodies in order.
    pub heredocs: Vec<Heredoc>,
    /// `ONBUILD`'s trigger instruction.
    pub trigger: Option<Box<Instruction>>,
    /// From the keyword to the end of the last line (line ending excluded).
    pub span: Span,
    /// 1-based start and end.
    pub range: Range,
}

impl Instruction {
    /// The flag called `name`, if present (the last one wins, as in BuildKit).
    #[must_use]
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().rev().find(|f| f.name == name)
    }

    /// The value of flag `name`.
    #[must_use]
    pub fn flag_value(&self, name: &str) -> Option<&str> {
        self.flag(name).and_then(|f| f.value.as_ref()).map(|w| w.value.as_str())
    }

    /// All flags called `name` (`--mount` may repeat).
    pub fn flags_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Flag> + 'a {
        self.flags.iter().filter(move |f| f.name == name)
    }

    /// The argument words, for word-form instructions.
    #[must_use]
    pub fn words(&self) -> &[Word] {
        match &self.arguments {
            Arguments::Words(words) | Arguments::Exec { items: words, .. } => words,
            _ => &[],
        }
    }

    /// The shell-form or raw text, if the arguments are text.
    #[must_use]
    pub fn text(&self) -> Option<&Word> {
        match &self.arguments {
            Arguments::Text(word) => Some(word),
            _ => None,
        }
    }

    /// Whether the arguments are in exec (JSON) form.
    #[must_use]
    pub fn is_exec_form(&self) -> bool {
        matches!(self.arguments, Arguments::Exec { .. })
    }
}

/// Something the parser recovered from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SyntaxProblem {
    /// A plain sentence.
    pub message: String,
    /// Where.
    pub span: Span,
}

/// A Dockerfile that cannot be modelled at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParseError {
    /// A plain sentence.
    pub message: String,
    /// Where.
    pub span: Span,
    /// 1-based position of the start of `span`.
    pub position: Position,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at line {} column {}", self.message, self.position.line, self.position.column)
    }
}

impl std::error::Error for ParseError {}
