//! The line structure of a Dockerfile, read the way BuildKit's parser reads it.
//!
//! BuildKit decides where an instruction starts and ends before it looks inside one: parser
//! directives at the top, whole-line comments, continuation lines (which swallow blank and comment
//! lines), and heredoc bodies. This module replays those rules so that every instruction gets the
//! same start and end line as in BuildKit, a whole byte span, and the comments between instructions
//! are kept for rewrites. It never fails: problems such as an unterminated heredoc are reported
//! beside the layout.

use crate::source::Span;

/// A parser directive line (`# syntax=...`, `# escape=...`, `# check=...`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawDirective {
    pub name: String,
    pub value: String,
    pub span: Span,
    pub value_span: Span,
}

/// A comment line outside any instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawComment {
    pub span: Span,
}

/// One instruction as BuildKit delimits it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LogicalInstruction {
    /// From the first byte of the keyword to the end of the last line (line ending excluded).
    pub span: Span,
    /// 0-based first and last physical line.
    pub first_line: usize,
    pub last_line: usize,
    /// The keyword as written.
    pub keyword: Span,
    /// The instruction with continuations joined, as BuildKit sees it (without heredoc bodies).
    pub joined: String,
    /// Heredoc bodies, terminator line excluded.
    pub heredocs: Vec<Span>,
    /// Comment lines swallowed by a continuation.
    pub inner_comments: Vec<Span>,
}

/// A problem BuildKit's parser itself reports at this level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LayoutProblem {
    pub message: String,
    pub span: Span,
}

/// The line structure of a whole file.
#[derive(Clone, Debug, Default)]
pub(crate) struct Layout {
    pub escape: char,
    pub directives: Vec<RawDirective>,
    pub comments: Vec<RawComment>,
    pub instructions: Vec<LogicalInstruction>,
    pub problems: Vec<LayoutProblem>,
}

const BOM: &str = "\u{feff}";

/// A physical line: content span (line ending excluded) and its index.
#[derive(Clone, Copy)]
struct Line {
    content: Span,
}

fn physical_lines(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut lines = Vec::with_capacity(text.len() / 32 + 1);
    let mut start = 0;
    while start <= bytes.len() {
        let end = memchr_newline(bytes, start).unwrap_or(bytes.len());
        let mut content_end = end;
        // BuildKit trims every trailing CR and LF from a line.
        while content_end > start && bytes[content_end - 1] == b'\r' {
            content_end -= 1;
        }
        // Like Go's line scanner, a final newline does not open another (empty) line.
        if start < bytes.len() || lines.is_empty() {
            lines.push(Line { content: Span::new(start, content_end) });
        }
        if end == bytes.len() {
            break;
        }
        start = end + 1;
    }
    lines
}

fn memchr_newline(bytes: &[u8], from: usize) -> Option<usize> {
    bytes[from..].iter().position(|&b| b == b'\n').map(|i| i + from)
}

/// Leading white space as BuildKit trims it (Go's `unicode.IsSpace`, which is Unicode's
/// White_Space like Rust's `char::is_whitespace`): a vertical tab or form feed before a keyword
/// or a `#` counts too.
fn trim_leading_ws(s: &str) -> &str {
    s.trim_start_matches(char::is_whitespace)
}

fn is_comment(s: &str) -> bool {
    trim_leading_ws(s).starts_with('#')
}

/// Strips a trailing escape character (and the blanks after it); says whether the line continues.
///
/// As in BuildKit, an escape character that is itself escaped (`\\\\` at the end) does not
/// continue the line; a line that is only the escape character does.
fn trim_continuation(s: &str, escape: char) -> (&str, bool) {
    let trimmed = s.trim_end_matches([' ', '\t']);
    match trimmed.strip_suffix(escape) {
        Some(rest) if !rest.ends_with(escape) => (rest, true),
        _ => (s, false),
    }
}

/// Reads a directive line the way BuildKit's `DirectiveParser` does.
fn directive(line: &str) -> Option<(String, usize, usize)> {
    let rest = line.strip_prefix('#')?;
    let name_start = rest.len() - rest.trim_start().len();
    let after_ws = &rest[name_start..];
    let name_len = after_ws
        .char_indices()
        .take_while(|&(i, c)| if i == 0 { c.is_ascii_alphabetic() } else { c.is_ascii_alphanumeric() })
        .count();
    if name_len == 0 {
        return None;
    }
    let name = after_ws[..name_len].to_ascii_lowercase();
    let after_name = after_ws[name_len..].trim_start();
    let value_part = after_name.strip_prefix('=')?;
    let value = value_part.trim();
    if value.is_empty() {
        return None;
    }
    let value_start = line.len() - value_part.len() + (value_part.len() - value_part.trim_start().len());
    Some((name, value_start, value_start + value.len()))
}

const DIRECTIVES: [&str; 3] = ["syntax", "escape", "check"];

/// Reads the line structure of `text`.
pub(crate) fn layout(text: &str) -> Layout {
    let lines = physical_lines(text);
    let bom = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let line_text = |i: usize| {
        let span = lines[i].content;
        if i == 0 { &text[span.start + bom..span.end] } else { span.slice(text) }
    };
    let line_start = |i: usize| if i == 0 { bom } else { lines[i].content.start };

    let mut out = Layout { escape: '\\', ..Layout::default() };

    // Parser directives: consecutive lines at the very top, each name once.
    let mut i = 0;
    while i < lines.len() {
        let raw = line_text(i);
        let Some((name, vs, ve)) = directive(raw) else {
            break;
        };
        if !DIRECTIVES.contains(&name.as_str()) {
            break;
        }
        let base = line_start(i);
        let value = raw[vs..ve].to_owned();
        if out.directives.iter().any(|d| d.name == name) {
            out.problems.push(LayoutProblem {
                message: format!("only one {name} parser directive can be used"),
                span: Span::new(base, base + raw.len()),
            });
            i += 1;
            break;
        }
        if name == "escape" {
            match value.as_str() {
                "\\" => out.escape = '\\',
                "`" => out.escape = '`',
                _ => out.problems.push(LayoutProblem {
                    message: format!("invalid escape token '{value}': use ` or \\"),
                    span: Span::new(base + vs, base + ve),
                }),
            }
        }
        out.directives.push(RawDirective {
            name,
            value,
            span: Span::new(base, base + raw.len()),
            value_span: Span::new(base + vs, base + ve),
        });
        i += 1;
    }

    let escape = out.escape;
    while i < lines.len() {
        let raw = line_text(i);
        let trimmed = trim_leading_ws(raw);
        let offset_in_line = raw.len() - trimmed.len();
        if trimmed.is_empty() {
            i += 1;
            continue;
        }
        if trimmed.starts_with('#') {
            let start = line_start(i) + offset_in_line;
            out.comments.push(RawComment { span: Span::new(start, start + trimmed.len()) });
            i += 1;
            continue;
        }
        let first_line = i;
        let start = line_start(i) + offset_in_line;
        let (first, mut continues) = trim_continuation(trimmed, escape);
        let mut joined = first.to_owned();
        let mut inner_comments = Vec::new();
        let mut last_line = i;
        i += 1;
        while continues && i < lines.len() {
            let next = line_text(i);
            last_line = i;
            i += 1;
            if is_comment(next) {
                let t = trim_leading_ws(next);
                let s = line_start(last_line) + next.len() - t.len();
                inner_comments.push(Span::new(s, s + t.len()));
                continue;
            }
            if trim_leading_ws(next).is_empty() {
                continue;
            }
            let (part, more) = trim_continuation(next, escape);
            joined.push_str(part);
            continues = more;
        }
        let keyword_len = trimmed.find(|c: char| c.is_whitespace() || c == escape).unwrap_or(trimmed.len());
        let keyword = Span::new(start, start + keyword_len);
        let mut heredocs = Vec::new();
        let word = joined.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        if matches!(word.as_str(), "RUN" | "COPY" | "ADD") {
            for doc in heredoc_markers(&joined) {
                let body_first = i;
                let mut terminated = false;
                while i < lines.len() {
                    let candidate = line_text(i);
                    let candidate = if doc.chomp { candidate.trim_start_matches('\t') } else { candidate };
                    if candidate == doc.name {
                        terminated = true;
                        last_line = i;
                        i += 1;
                        break;
                    }
                    last_line = i;
                    i += 1;
                }
                let body_start = lines.get(body_first).map_or(text.len(), |l| l.content.start);
                let body_end = if terminated { lines[last_line].content.start } else { text.len() };
                heredocs.push(Span::new(body_start.min(body_end), body_end));
                if !terminated {
                    out.problems.push(LayoutProblem {
                        message: format!("unterminated heredoc: no line `{}` closes it", doc.name),
                        span: keyword,
                    });
                    break;
                }
            }
        }
        let end = lines[last_line].content.end;
        out.instructions.push(LogicalInstruction {
            span: Span::new(start, end.max(start)),
            first_line,
            last_line,
            keyword,
            joined,
            heredocs,
            inner_comments,
        });
    }
    out
}

/// A heredoc opener found in an instruction line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct HeredocMarker {
    pub name: String,
    pub chomp: bool,
}

/// Finds `<<NAME`, `<<-NAME`, `<<"NAME"` words, splitting the line into shell words with quotes
/// kept raw, as BuildKit's `heredocsFromLine` does.
pub(crate) fn heredoc_markers(line: &str) -> Vec<HeredocMarker> {
    let mut out = Vec::new();
    for word in raw_shell_words(line) {
        let digits = word.bytes().take_while(u8::is_ascii_digit).count();
        let Some(rest) = word[digits..].strip_prefix("<<") else {
            continue;
        };
        let (chomp, rest) = match rest.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, rest),
        };
        if rest.is_empty() || rest.contains('<') {
            continue;
        }
        let name = shell_unquote(rest);
        if !name.is_empty() {
            out.push(HeredocMarker { name, chomp });
        }
    }
    out
}

/// Removes shell quoting from a heredoc delimiter: `'..'` is literal, `".."` and bare text take
/// backslash escapes. Variables are not expanded (`<<$EOF` ends at a line `$EOF`).
fn shell_unquote(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars();
    let mut quote = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some('\''), '\'') | (Some('"'), '"') => quote = None,
            (Some('\''), c) => out.push(c),
            (_, '\\') => out.extend(chars.next()),
            (None, '\'' | '"') => quote = Some(c),
            (_, c) => out.push(c),
        }
    }
    out
}

/// Splits on blanks outside quotes; quotes and backslashes stay in the words.
fn raw_shell_words(line: &str) -> Vec<&str> {
    let bytes = line.as_bytes();
    let mut words = Vec::new();
    let mut start = None;
    let mut quote = 0u8;
    let mut k = 0;
    while k < bytes.len() {
        let b = bytes[k];
        if quote != 0 {
            if b == b'\\' && quote == b'"' {
                k += 1;
            } else if b == quote {
                quote = 0;
            }
        } else if b == b' ' || b == b'\t' || b == b'\n' || b == b'\r' {
            if let Some(s) = start.take() {
                words.push(&line[s..k]);
            }
        } else {
            if start.is_none() {
                start = Some(k);
            }
            if b == b'\'' || b == b'"' {
                quote = b;
            } else if b == b'\\' {
                k += 1;
            }
        }
        k += 1;
    }
    if let Some(s) = start {
        words.push(line.get(s..).unwrap_or(""));
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &str) -> Vec<(usize, usize, String)> {
        layout(text)
            .instructions
            .iter()
            .map(|i| (i.first_line + 1, i.last_line + 1, i.span.slice(text).to_owned()))
            .collect()
    }

    #[test]
    fn continuation_swallows_comments_and_blank_lines() {
        let text = "FROM a\nRUN x \\\n# note\n\n  y\nCMD z\n";
        assert_eq!(
            lines_of(text),
            vec![(1, 1, "FROM a".into()), (2, 5, "RUN x \\\n# note\n\n  y".into()), (6, 6, "CMD z".into())]
        );
        assert_eq!(layout(text).instructions[1].joined, "RUN x   y");
    }

    #[test]
    fn heredoc_body_belongs_to_its_instruction() {
        let text = "FROM a\nRUN <<EOF bash\necho hi\nEOF\nCMD z";
        let l = layout(text);
        assert_eq!(l.instructions[1].last_line, 3);
        assert_eq!(l.instructions[1].heredocs[0].slice(text), "echo hi\n");
        assert_eq!(l.instructions.len(), 3);
    }

    #[test]
    fn directives_and_escape() {
        let text = "\u{feff}# syntax=docker/dockerfile:1\n# escape=`\nFROM a\nRUN x `\n  y\n";
        let l = layout(text);
        assert_eq!(l.escape, '`');
        assert_eq!(l.directives.len(), 2);
        assert_eq!(l.instructions[1].last_line, 4);
        assert!(l.comments.is_empty());
    }

    #[test]
    fn unterminated_heredoc_is_a_problem() {
        let l = layout("FROM a\nRUN <<EOF\necho\n");
        assert_eq!(l.problems.len(), 1);
        assert!(l.problems[0].message.contains("unterminated heredoc"));
    }

    #[test]
    fn heredoc_markers_follow_buildkit() {
        assert_eq!(heredoc_markers("RUN <<-\"EOT\" cat"), vec![HeredocMarker { name: "EOT".into(), chomp: true }]);
        assert!(heredoc_markers("RUN echo '<<EOF'").is_empty());
        assert_eq!(heredoc_markers("COPY <<a <<b /dst").len(), 2);
        assert_eq!(heredoc_markers("RUN <<eo\\'f")[0].name, "eo'f");
        assert_eq!(heredoc_markers("RUN <<'e'o\\'f")[0].name, "eo'f");
        assert_eq!(heredoc_markers("RUN <<'one two'")[0].name, "one two");
        assert!(heredoc_markers("RUN <<  EOF").is_empty());
    }
}
