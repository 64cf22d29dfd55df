//! Just enough of a shell reader to see the commands in a `RUN`: words with their spans in the
//! original text, split into simple commands at `&&`, `||`, `;`, `|`, `&` and new lines.
//!
//! It is not a shell: it does not expand anything. It knows quotes, the Dockerfile's escape
//! character before a line break (a continuation), and comment lines inside continuations, which
//! is what rules need to point at `apt-get install` or insert a flag in the right place.

use crate::document::{Arguments, Dockerfile, Instruction};
use crate::source::Span;

/// One word, unquoted, with where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellWord {
    /// The word with quotes removed.
    pub value: String,
    /// The word as written, quotes included.
    pub span: Span,
}

/// What ends a simple command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Separator {
    /// `&&`
    And,
    /// `||`
    Or,
    /// `;` or a new line
    Sequence,
    /// `|`
    Pipe,
    /// `&`
    Background,
}

/// A simple command: words up to a separator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimpleCommand {
    /// Its words, assignments and all.
    pub words: Vec<ShellWord>,
    /// From the first word to the end of the last.
    pub span: Span,
    /// What follows it, if anything.
    pub separator: Option<Separator>,
    /// Where the program word is in `words`: every rule asks for it, many times, so it is found
    /// once.
    program_at: usize,
    /// Where the program's name starts in that word, past any directory (`/usr/bin/apt-get`).
    name_at: usize,
}

impl SimpleCommand {
    /// A command of `words`, ending at `separator`.
    #[must_use]
    pub fn new(words: Vec<ShellWord>, span: Span, separator: Option<Separator>) -> Self {
        let program_at = words
            .iter()
            .position(|word| {
                let word = word.value.as_str();
                let assignment = word
                    .find('=')
                    .is_some_and(|eq| eq > 0 && word[..eq].chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
                !(assignment || matches!(word, "sudo" | "env" | "exec" | "time" | "nice" | "command"))
            })
            .unwrap_or(words.len());
        let name_at = words.get(program_at).and_then(|w| w.value.rfind('/')).map_or(0, |slash| slash + 1);
        Self { words, span, separator, program_at, name_at }
    }

    /// The words after leading `VAR=value` assignments and wrappers such as `sudo` or `env`:
    /// `program` is the first.
    #[must_use]
    pub fn program_words(&self) -> &[ShellWord] {
        &self.words[self.program_at.min(self.words.len())..]
    }

    /// The program's name without a directory (`/usr/bin/apt-get` → `apt-get`).
    #[must_use]
    pub fn program(&self) -> Option<&str> {
        self.program_words().first().map(|w| w.value.get(self.name_at..).unwrap_or(&w.value))
    }

    /// The program that decides how the words read, and the index in [`Self::words`] of the
    /// first word after it: `python -m pip install` is `pip` with `install` after it.
    #[must_use]
    pub fn invocation(&self) -> Option<(&str, usize)> {
        let words = self.program_words();
        let offset = self.words.len() - words.len();
        let program = self.program()?;
        if program.starts_with("python")
            && words.get(1).is_some_and(|w| w.value == "-m")
            && let Some(module) = words.get(2)
        {
            return Some((module.value.as_str(), offset + 3));
        }
        Some((program, offset + 1))
    }

    /// Indices in [`Self::words`] of the operands: the words after the program that are not
    /// options, nor the value of an option that takes the next word (`apt-get -o X install`),
    /// nor the `--` that ends options.
    #[must_use]
    pub fn operands(&self) -> Vec<usize> {
        let Some((program, start)) = self.invocation() else { return Vec::new() };
        let takes_value = value_options(program);
        let mut out = Vec::new();
        let mut at = start;
        let mut options_ended = false;
        while at < self.words.len() {
            let word = self.words[at].value.as_str();
            if options_ended || !word.starts_with('-') || word == "-" {
                out.push(at);
            } else if word == "--" {
                options_ended = true;
            } else if takes_value.contains(&word) {
                at += 1;
            }
            at += 1;
        }
        out
    }

    /// The index in [`Self::words`] of `name` when the command runs `program name ...` for one of
    /// `programs` (options before `name` allowed), or `python -m program name ...`.
    #[must_use]
    pub fn subcommand(&self, programs: &[&str], name: &str) -> Option<usize> {
        self.subcommand_path(programs, &[name])
    }

    /// Like [`Self::subcommand`] for nested subcommands (`uv pip install`): the index of the last
    /// word of `path` when the first operands are exactly `path`.
    #[must_use]
    pub fn subcommand_path(&self, programs: &[&str], path: &[&str]) -> Option<usize> {
        let (program, _) = self.invocation()?;
        if !programs.contains(&program) || path.is_empty() {
            return None;
        }
        let operands = self.operands();
        let matches =
            operands.len() >= path.len() && operands.iter().zip(path).all(|(&at, name)| self.words[at].value == *name);
        matches.then(|| operands[path.len() - 1])
    }

    /// Whether any word equals `value`.
    #[must_use]
    pub fn has_word(&self, value: &str) -> bool {
        self.words.iter().any(|w| w.value == value)
    }
}

/// Options that take their value as the next word (`-o X`, not `-oX` or `--opt=X`), per
/// program. Without them the value would read as the subcommand: `apt-get -o
/// Dpkg::Options::=--force-confold install curl` hides the install. Sources: each tool's
/// `--help` and manual page (apt-get(8), apk(8), pip's general options, npm-config(7), yarn 1
/// CLI, pnpm CLI, dnf(8)/yum(8)/microdnf, zypper(8), `go help`, git(1) and git-clone(1), `cargo --help`, uv, poetry,
/// composer, bun, Maven's and Gradle's command-line references). Only options that never stand
/// alone are listed: a boolean flag listed here would swallow the subcommand.
const VALUE_OPTIONS: &[(&[&str], &[&str])] = &[
    (
        &["apt-get", "apt", "apt-cache"],
        &[
            "-o",
            "--option",
            "-c",
            "--config-file",
            "-t",
            "--target-release",
            "--default-release",
            "-a",
            "--host-architecture",
        ],
    ),
    (
        &["apk"],
        &[
            "-X",
            "--repository",
            "-p",
            "--root",
            "--arch",
            "--cache-dir",
            "--cache-max-age",
            "--keys-dir",
            "--repositories-file",
            "--timeout",
        ],
    ),
    (
        &["pip", "pip3"],
        &[
            "--python",
            "--log",
            "--log-file",
            "--proxy",
            "--retries",
            "--timeout",
            "--exists-action",
            "--trusted-host",
            "--cert",
            "--client-cert",
            "--cache-dir",
            "--use-feature",
            "--use-deprecated",
        ],
    ),
    (
        &["npm"],
        &[
            "--prefix",
            "-C",
            "--registry",
            "--cache",
            "--userconfig",
            "--globalconfig",
            "--loglevel",
            "-w",
            "--workspace",
        ],
    ),
    (
        &["yarn"],
        &[
            "--cwd",
            "--cache-folder",
            "--modules-folder",
            "--registry",
            "--mutex",
            "--network-timeout",
            "--global-folder",
            "--use-yarnrc",
        ],
    ),
    (&["pnpm"], &["-C", "--dir", "-F", "--filter", "--store-dir"]),
    (&["bun"], &["--cwd"]),
    (
        &["dnf", "yum", "microdnf"],
        &[
            "-c",
            "--config",
            "--installroot",
            "--releasever",
            "--setopt",
            "--enablerepo",
            "--disablerepo",
            "--repo",
            "--repoid",
            "-x",
            "--exclude",
            "-d",
            "--debuglevel",
            "-e",
            "--errorlevel",
            "--rpmverbosity",
            "--forcearch",
        ],
    ),
    (
        &["zypper"],
        &[
            "-R",
            "--root",
            "-c",
            "--config",
            "-D",
            "--reposd-dir",
            "-C",
            "--cache-dir",
            "--raw-cache-dir",
            "--solv-cache-dir",
            "--pkg-cache-dir",
            "-p",
            "--plus-repo",
            "--plus-content",
            "--userdata",
        ],
    ),
    (&["go"], &["-C"]),
    (
        &["git"],
        &[
            "-C",
            "-c",
            "--git-dir",
            "--work-tree",
            "-b",
            "--branch",
            "--depth",
            "-o",
            "--origin",
            "--reference",
            "--separate-git-dir",
            "-j",
            "--jobs",
            "-u",
            "--upload-pack",
            "--template",
            "--shallow-since",
            "--shallow-exclude",
            "--filter",
            "--config",
        ],
    ),
    (&["cargo"], &["--config", "-Z", "--color"]),
    (&["uv"], &["--directory", "--project", "--cache-dir", "--config-file", "--color"]),
    (&["poetry"], &["-C", "--directory", "-P", "--project"]),
    (&["composer"], &["-d", "--working-dir"]),
    (
        &["mvn", "mvnw"],
        &[
            "-f",
            "--file",
            "-s",
            "--settings",
            "-gs",
            "--global-settings",
            "-P",
            "--activate-profiles",
            "-pl",
            "--projects",
            "-rf",
            "--resume-from",
            "-T",
            "--threads",
            "-l",
            "--log-file",
            "-t",
            "--toolchains",
            "-D",
            "--define",
            "-b",
            "--builder",
        ],
    ),
    (
        &["gradle", "gradlew"],
        &[
            "-p",
            "--project-dir",
            "-g",
            "--gradle-user-home",
            "-b",
            "--build-file",
            "-c",
            "--settings-file",
            "-x",
            "--exclude-task",
            "-I",
            "--init-script",
            "--console",
        ],
    ),
];

/// The options of `program` that take the next word as their value.
fn value_options(program: &str) -> &'static [&'static str] {
    VALUE_OPTIONS.iter().find(|(programs, _)| programs.contains(&program)).map_or(&[], |(_, options)| options)
}

/// Splits the shell text at `span` of `text` into simple commands, reading it as a `RUN`'s
/// text: BuildKit joins the continued lines first, dropping every comment line and blank line
/// among them, so `apt-get install -y \`, `# why`, `curl` is one command, and a comment after a
/// word runs to the end of the joined text.
#[must_use]
pub fn commands(text: &str, span: Span, escape: char) -> Vec<SimpleCommand> {
    split(text, span, escape, Lines::Joined)
}

/// How the lines of a text reach the shell.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lines {
    /// A `RUN`'s text: BuildKit joins continued lines into one before the shell sees it.
    Joined,
    /// A heredoc body: the shell reads it line by line, as a script.
    Script,
}

/// Past the lines BuildKit drops from a continued instruction, from `at` (the start of a line):
/// comment lines and lines of blanks.
fn skip_dropped_lines(bytes: &[u8], mut at: usize, end: usize) -> usize {
    loop {
        let blanks = bytes[at.min(end)..end].iter().take_while(|&&c| matches!(c, b' ' | b'\t' | b'\r')).count();
        match bytes.get(at + blanks) {
            Some(b'#') if at + blanks < end => {
                at = bytes[at..end].iter().position(|&c| c == b'\n').map_or(end, |n| at + n + 1);
            }
            Some(b'\n') if at + blanks < end => at += blanks + 1,
            _ => return at,
        }
    }
}

/// `quoted` pushed onto `word` as BuildKit joins it: without the escape character before a line
/// break, nor the comment and blank lines after one.
fn push_joined(word: &mut String, quoted: &str, escape: u8) {
    let bytes = quoted.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == escape {
            let blanks = bytes[at + 1..].iter().take_while(|&&c| matches!(c, b' ' | b'\t' | b'\r')).count();
            if bytes.get(at + 1 + blanks) == Some(&b'\n') {
                word.push_str(&quoted[copied..at]);
                at = skip_dropped_lines(bytes, at + blanks + 2, bytes.len());
                copied = at;
                continue;
            }
        }
        at += 1;
    }
    word.push_str(&quoted[copied..]);
}

fn split(text: &str, span: Span, escape: char, lines: Lines) -> Vec<SimpleCommand> {
    let bytes = text.as_bytes();
    let end = span.end.min(text.len());
    let escape = u8::try_from(escape).unwrap_or(b'\\');
    let mut out = Vec::new();
    let mut words: Vec<ShellWord> = Vec::new();
    let mut word = String::new();
    let mut word_start: Option<usize> = None;
    let mut at = span.start;
    let mut line_start = true;

    let finish_word = |words: &mut Vec<ShellWord>, word: &mut String, word_start: &mut Option<usize>, at: usize| {
        if let Some(start) = word_start.take() {
            words.push(ShellWord { value: std::mem::take(word), span: Span::new(start, at) });
        }
    };
    let finish_command = |out: &mut Vec<SimpleCommand>, words: &mut Vec<ShellWord>, separator: Option<Separator>| {
        if let (Some(first), Some(last)) = (words.first(), words.last()) {
            let span = Span::new(first.span.start, last.span.end);
            out.push(SimpleCommand::new(std::mem::take(words), span, separator));
        } else if let (Some(previous), Some(separator)) = (out.last_mut(), separator)
            && previous.separator.is_none()
        {
            previous.separator = Some(separator);
        }
    };

    while at < end {
        let b = bytes[at];
        // A comment: in a joined `RUN` text it runs to the end of the text (BuildKit has joined
        // the lines it continues over); in a script, to the end of its line.
        if b == b'#'
            && word_start.is_none()
            && (line_start || at == span.start || matches!(bytes[at - 1], b' ' | b'\t'))
        {
            if lines == Lines::Joined {
                at = end;
            }
            while at < end && bytes[at] != b'\n' {
                at += 1;
            }
            continue;
        }
        if b == escape && at + 1 < end {
            let rest = &bytes[at + 1..end];
            let blanks = rest.iter().take_while(|&&c| c == b' ' || c == b'\t' || c == b'\r').count();
            if rest.get(blanks) == Some(&b'\n') {
                let escape_at = at;
                at += blanks + 2;
                if lines == Lines::Joined {
                    at = skip_dropped_lines(bytes, at, end);
                }
                // A word goes on across the break (`light\` then `ning` is `lightning`); one the
                // next line does not go on ends where it is written, before the escape character.
                if bytes.get(at).is_none_or(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'&' | b'|' | b';'))
                    || at >= end
                {
                    finish_word(&mut words, &mut word, &mut word_start, escape_at);
                }
                line_start = true;
                continue;
            }
            if escape == b'\\' {
                word_start.get_or_insert(at);
                // The escaped character whole: it may take several bytes (a BOM, an accent).
                let escaped = text[at + 1..].chars().next().unwrap_or('\\');
                word.push(escaped);
                at += 1 + escaped.len_utf8();
                line_start = false;
                continue;
            }
        }
        line_start = false;
        match b {
            b' ' | b'\t' | b'\r' => {
                finish_word(&mut words, &mut word, &mut word_start, at);
                at += 1;
            }
            b'\n' => {
                finish_word(&mut words, &mut word, &mut word_start, at);
                finish_command(&mut out, &mut words, Some(Separator::Sequence));
                at += 1;
                line_start = true;
            }
            b'&' | b'|' | b';' => {
                finish_word(&mut words, &mut word, &mut word_start, at);
                let double = bytes.get(at + 1) == Some(&b) && at + 1 < end;
                let separator = match (b, double) {
                    (b'&', true) => Separator::And,
                    (b'|', true) => Separator::Or,
                    (b'|', false) => Separator::Pipe,
                    (b'&', false) => Separator::Background,
                    _ => Separator::Sequence,
                };
                finish_command(&mut out, &mut words, Some(separator));
                at += if double { 2 } else { 1 };
            }
            b'\'' | b'"' => {
                word_start.get_or_insert(at);
                let quote = b;
                at += 1;
                let content_start = at;
                while at < end && bytes[at] != quote {
                    if quote == b'"' && bytes[at] == b'\\' {
                        at += 1;
                    }
                    at += 1;
                }
                let quoted = text.get(content_start..at.min(end)).unwrap_or("");
                match lines {
                    // BuildKit joins the lines before any quote is read: continuations and the
                    // lines it drops vanish inside quotes too.
                    Lines::Joined => push_joined(&mut word, quoted, escape),
                    Lines::Script => word.push_str(quoted),
                }
                at = (at + 1).min(end);
            }
            _ => {
                word_start.get_or_insert(at);
                let first_end = at + text[at..].chars().next().map_or(1, char::len_utf8);
                // The bytes after it that the loop would take one by one, taken at once: inside a
                // word, only these bytes end it or need their own reading.
                let run = bytes
                    .get(first_end..end)
                    .and_then(|rest| {
                        rest.iter().position(|&c| {
                            c == escape || matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'&' | b'|' | b';' | b'\'' | b'"')
                        })
                    })
                    .map_or(end, |n| first_end + n)
                    .max(first_end);
                // The stop bytes are ASCII, so the run ends on a character boundary unless `end`
                // is not one (no span the parser gives): then one character, as the loop would.
                let run = if text.is_char_boundary(run) { run } else { first_end };
                word.push_str(&text[at..run]);
                at = run;
            }
        }
    }
    finish_word(&mut words, &mut word, &mut word_start, end);
    finish_command(&mut out, &mut words, None);
    out
}

/// The commands a `RUN` runs: its shell-form text and heredoc bodies through [`commands`], an
/// exec form as one command. Empty for other instructions.
#[must_use]
pub fn run_commands(doc: &Dockerfile, instruction: &Instruction) -> Vec<SimpleCommand> {
    match &instruction.arguments {
        Arguments::Exec { items, span } if !items.is_empty() => {
            let words = items.iter().map(|w| ShellWord { value: w.value.clone(), span: w.span }).collect();
            let mut list = vec![SimpleCommand::new(words, *span, None)];
            list.extend(heredoc_commands(doc, instruction));
            list
        }
        _ => shell_form_commands(doc, instruction),
    }
}

/// The commands of an instruction's shell-form text and heredoc bodies: the ones whose word spans
/// are shell text an edit may change. An exec form's words sit inside JSON strings, so it is left
/// out.
#[must_use]
pub fn shell_form_commands(doc: &Dockerfile, instruction: &Instruction) -> Vec<SimpleCommand> {
    let mut list = match &instruction.arguments {
        Arguments::Text(text) => commands(doc.text(), text.span, doc.escape()),
        _ => Vec::new(),
    };
    list.extend(heredoc_commands(doc, instruction));
    list
}

/// Heredoc bodies are shell scripts with the default escape character, whatever the file's.
fn heredoc_commands<'d>(doc: &'d Dockerfile, instruction: &'d Instruction) -> impl Iterator<Item = SimpleCommand> + 'd {
    instruction.heredocs.iter().flat_map(|heredoc| split(doc.text(), heredoc.span, '\\', Lines::Script))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(cmds: &[SimpleCommand]) -> Vec<Vec<String>> {
        cmds.iter().map(|c| c.words.iter().map(|w| w.value.clone()).collect()).collect()
    }

    #[test]
    fn splits_commands_and_keeps_spans() {
        let text = "apt-get update && \\\n  # why\n  DEBIAN_FRONTEND=noninteractive apt-get install -y 'curl' \\\n  git; echo \"a b\" | tee x";
        let cmds = commands(text, Span::new(0, text.len()), '\\');
        assert_eq!(
            values(&cmds),
            vec![
                vec!["apt-get", "update"],
                vec!["DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "curl", "git"],
                vec!["echo", "a b"],
                vec!["tee", "x"],
            ]
        );
        assert_eq!(cmds[0].separator, Some(Separator::And));
        assert_eq!(cmds[1].program(), Some("apt-get"));
        assert_eq!(cmds[1].words[4].span.slice(text), "'curl'");
        assert_eq!(cmds[2].separator, Some(Separator::Pipe));
    }

    #[test]
    fn finds_subcommands_after_options_and_wrappers() {
        let text = "sudo apt-get -y install curl && python3 -m pip install x && pip freeze";
        let cmds = commands(text, Span::new(0, text.len()), '\\');
        assert_eq!(cmds[0].subcommand(&["apt-get", "apt"], "install"), Some(3));
        assert_eq!(cmds[1].subcommand(&["pip"], "install"), Some(3));
        assert_eq!(cmds[2].subcommand(&["pip"], "install"), None);
        assert_eq!(cmds[0].subcommand(&["apk"], "add"), None);
    }

    fn command(text: &str) -> SimpleCommand {
        commands(text, Span::new(0, text.len()), '\\').remove(0)
    }

    #[test]
    fn option_values_before_the_subcommand_are_skipped() {
        let apt = command("apt-get -o Dpkg::Options::=--force-confold -y install curl");
        assert_eq!(apt.subcommand(&["apt-get"], "install"), Some(4));
        let apt = command("apt-get -t bookworm-backports install -y -o Dpkg::Use-Pty=0 curl");
        assert_eq!(apt.subcommand(&["apt-get"], "install"), Some(3));
        let operands: Vec<&str> = apt.operands().iter().map(|&i| apt.words[i].value.as_str()).collect();
        assert_eq!(operands, vec!["install", "curl"]);
        let apk = command("apk -X https://dl-cdn.alpinelinux.org/alpine/edge/testing add curl");
        assert_eq!(apk.subcommand(&["apk"], "add"), Some(3));
        let npm = command("npm --prefix /app ci");
        assert_eq!(npm.subcommand(&["npm"], "ci"), Some(3));
        let dnf = command("dnf --setopt install_weak_deps=False install -y curl");
        assert_eq!(dnf.subcommand(&["dnf"], "install"), Some(3));
        let go = command("go -C cmd/server build ./...");
        assert_eq!(go.subcommand(&["go"], "build"), Some(3));
        let pip = command("python3 -m pip --timeout 60 install flask");
        assert_eq!(pip.subcommand(&["pip"], "install"), Some(5));
    }

    #[test]
    fn joined_values_and_flags_do_not_take_the_next_word() {
        // `-oX` and `--opt=X` carry their value; `-y` takes none: the next word is the subcommand.
        let apt = command("apt-get -oAPT::Install-Recommends=0 --option=Debug::X=1 -y install curl");
        assert_eq!(apt.subcommand(&["apt-get"], "install"), Some(4));
        // A program with no table entry keeps the first non-option word.
        let tool = command("tool -o value install");
        assert_eq!(tool.subcommand(&["tool"], "install"), None);
        assert_eq!(tool.subcommand(&["tool"], "value"), Some(2));
    }

    #[test]
    fn nested_subcommands_and_end_of_options() {
        let uv = command("uv --directory /app pip install --system -r requirements.txt");
        assert_eq!(uv.subcommand_path(&["uv"], &["pip", "install"]), Some(4));
        assert_eq!(uv.subcommand_path(&["uv"], &["pip", "sync"]), None);
        assert_eq!(uv.subcommand(&["uv"], "sync"), None);
        let rm = command("rm -rf -- -odd /tmp/x");
        let operands: Vec<&str> = rm.operands().iter().map(|&i| rm.words[i].value.as_str()).collect();
        assert_eq!(operands, vec!["-odd", "/tmp/x"]);
    }

    #[test]
    fn words_keep_every_character_up_to_a_separator() {
        let text = "echo a#b caf\u{e9}\u{1f433}x=1 pre\"q u\"post 'it''s'\\ z&&ls|wc;date";
        let cmds = commands(text, Span::new(0, text.len()), '\\');
        assert_eq!(
            values(&cmds),
            vec![
                vec!["echo", "a#b", "caf\u{e9}\u{1f433}x=1", "preq upost", "its z"],
                vec!["ls"],
                vec!["wc"],
                vec!["date"]
            ]
        );
        let spans: Vec<Span> = cmds[0].words.iter().map(|w| w.span).collect();
        assert_eq!(spans[2], Span::new(9, 21));
        // With the backtick escape, a backslash is an ordinary character and a backtick escapes.
        let text = "echo a\\b c`d";
        assert_eq!(values(&commands(text, Span::new(0, text.len()), '`')), vec![vec!["echo", "a\\b", "c`d"]]);
        // A span that ends inside a character still reads whole characters, without panicking.
        assert_eq!(values(&commands("ab\u{e9}", Span::new(0, 3), '\\')), vec![vec!["ab\u{e9}"]]);
    }

    #[test]
    fn comment_and_blank_lines_in_a_continuation_are_dropped_as_buildkit_does() {
        // BuildKit drops the comment line whole: one command, not two.
        let text = "apt-get install -y \\\n    # why\n    curl gnupg && \\\n\n  \t\n  echo done";
        let cmds = commands(text, Span::new(0, text.len()), '\\');
        assert_eq!(values(&cmds), vec![vec!["apt-get", "install", "-y", "curl", "gnupg"], vec!["echo", "done"]]);
        assert_eq!(cmds[0].words[4].span.slice(text), "gnupg");
        // A comment line ending in the escape character is dropped too, and one with CRLF.
        let text = "apk add \\\r\n  # a \\\r\n  # b\r\n  curl";
        assert_eq!(values(&commands(text, Span::new(0, text.len()), '\\')), vec![vec!["apk", "add", "curl"]]);
        // After a word, `#` comments out the rest of the joined text, continued lines included.
        let text = "echo light\\\nning good\\\n  night";
        let cmds = commands(text, Span::new(0, text.len()), '\\');
        assert_eq!(values(&cmds), vec![vec!["echo", "lightning", "good", "night"]]);
        assert_eq!(cmds[0].words[2].span.slice(text), "good");
        let text = "make all # build it \\\n  && make install";
        assert_eq!(values(&commands(text, Span::new(0, text.len()), '\\')), vec![vec!["make", "all"]]);
    }

    #[test]
    fn heredoc_scripts_keep_their_lines() {
        let doc =
            crate::parse("FROM a\nRUN <<EOF\napt-get install -y \\\n# why\ncurl\nmake # here\nmake install\nEOF\n")
                .expect("parses");
        let programs: Vec<String> =
            run_commands(&doc, &doc.instructions()[1]).iter().filter_map(|c| c.program().map(str::to_owned)).collect();
        assert_eq!(programs, ["apt-get", "curl", "make", "make"]);
    }

    #[test]
    fn backtick_escape_continues_lines() {
        let text = "choco install a `\n  b";
        let cmds = commands(text, Span::new(0, text.len()), '`');
        assert_eq!(values(&cmds), vec![vec!["choco", "install", "a", "b"]]);
    }

    #[test]
    fn run_commands_reads_shell_exec_and_heredoc_forms() {
        let doc = crate::parse(
            "FROM a\nRUN apt-get update && make\nRUN [\"go\", \"build\"]\nRUN <<EOF\nnpm ci\nEOF\nCOPY a b\n",
        )
        .expect("parses");
        let programs = |i: usize| -> Vec<String> {
            run_commands(&doc, &doc.instructions()[i]).iter().filter_map(|c| c.program().map(str::to_owned)).collect()
        };
        assert_eq!(programs(1), ["apt-get", "make"]);
        assert_eq!(programs(2), ["go"]);
        assert_eq!(programs(3), ["npm"]);
        assert!(programs(4).is_empty());
    }
}
