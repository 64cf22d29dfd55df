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
}

impl SimpleCommand {
    /// The words after leading `VAR=value` assignments and wrappers such as `sudo` or `env`:
    /// `program` is the first.
    #[must_use]
    pub fn program_words(&self) -> &[ShellWord] {
        let mut i = 0;
        while i < self.words.len() {
            let word = &self.words[i].value;
            let assignment = word
                .find('=')
                .is_some_and(|eq| eq > 0 && word[..eq].chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
            if assignment || matches!(word.as_str(), "sudo" | "env" | "exec" | "time" | "nice" | "command") {
                i += 1;
            } else {
                break;
            }
        }
        &self.words[i..]
    }

    /// The program's name without a directory (`/usr/bin/apt-get` → `apt-get`).
    #[must_use]
    pub fn program(&self) -> Option<&str> {
        self.program_words().first().map(|w| w.value.rsplit('/').next().unwrap_or(&w.value))
    }

    /// The index in [`Self::words`] of `name` when the command runs `program name ...` for one of
    /// `programs` (options before `name` allowed), or `python -m program name ...`.
    #[must_use]
    pub fn subcommand(&self, programs: &[&str], name: &str) -> Option<usize> {
        let words = self.program_words();
        let offset = self.words.len() - words.len();
        let program = self.program()?;
        let after = if programs.contains(&program) {
            1
        } else if program.starts_with("python")
            && words.get(1).is_some_and(|w| w.value == "-m")
            && words.get(2).is_some_and(|w| programs.contains(&w.value.as_str()))
        {
            3
        } else {
            return None;
        };
        let index = after + words.get(after..)?.iter().position(|w| !w.value.starts_with('-'))?;
        (words[index].value == name).then_some(offset + index)
    }

    /// Whether any word equals `value`.
    #[must_use]
    pub fn has_word(&self, value: &str) -> bool {
        self.words.iter().any(|w| w.value == value)
    }
}

/// Splits the shell text at `span` of `text` into simple commands.
#[must_use]
pub fn commands(text: &str, span: Span, escape: char) -> Vec<SimpleCommand> {
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
            out.push(SimpleCommand { words: std::mem::take(words), span, separator });
        } else if let (Some(previous), Some(separator)) = (out.last_mut(), separator)
            && previous.separator.is_none()
        {
            previous.separator = Some(separator);
        }
    };

    while at < end {
        let b = bytes[at];
        // A comment line inside a continuation, or a comment after a blank.
        if b == b'#'
            && word_start.is_none()
            && (line_start || at == span.start || matches!(bytes[at - 1], b' ' | b'\t'))
        {
            while at < end && bytes[at] != b'\n' {
                at += 1;
            }
            continue;
        }
        if b == escape && at + 1 < end {
            let rest = &bytes[at + 1..end];
            let blanks = rest.iter().take_while(|&&c| c == b' ' || c == b'\t' || c == b'\r').count();
            if rest.get(blanks) == Some(&b'\n') {
                finish_word(&mut words, &mut word, &mut word_start, at);
                at += blanks + 2;
                line_start = true;
                continue;
            }
            if escape == b'\\' {
                word_start.get_or_insert(at);
                word.push(char::from(bytes[at + 1]));
                at += 2;
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
                word.push_str(text.get(content_start..at.min(end)).unwrap_or(""));
                at = (at + 1).min(end);
            }
            _ => {
                word_start.get_or_insert(at);
                let len = text[at..].chars().next().map_or(1, char::len_utf8);
                word.push_str(&text[at..at + len]);
                at += len;
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
    let mut list = match &instruction.arguments {
        Arguments::Text(text) => commands(doc.text(), text.span, doc.escape()),
        Arguments::Exec { items, span } if !items.is_empty() => vec![SimpleCommand {
            words: items.iter().map(|w| ShellWord { value: w.value.clone(), span: w.span }).collect(),
            span: *span,
            separator: None,
        }],
        _ => Vec::new(),
    };
    for heredoc in &instruction.heredocs {
        list.extend(commands(doc.text(), heredoc.span, '\\'));
    }
    list
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
