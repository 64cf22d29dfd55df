//! The one module that knows the `parse-dockerfile` crate.
//!
//! `parse-dockerfile` reads each instruction's flags, arguments, exec forms and heredocs. It stops
//! at the first error, and it rejects some files BuildKit's parser accepts (unknown instructions,
//! instructions before the first FROM, `ENTRYPOINT []`, a bare `HEALTHCHECK`). BuildKit reports
//! those later, at build time, or not at all, so a Dockerfile that has them still deserves a model.
//! We therefore take instruction boundaries from [`crate::lines`], let the crate parse what it
//! can, and when it stops, record the failing instruction from the line layout and resume the
//! crate after it, on the rest of the text behind a small prelude that restores the escape
//! character and an open stage. Spans are mapped back to the original text, BOM included.

use parse_dockerfile as pd;

use crate::document::{
    Arguments, Comment, Directive, Dockerfile, Flag, Heredoc, Instruction, Keyword, LineEnding, ParseError,
    SyntaxProblem, Word,
};
use crate::limits::{MAX_INSTRUCTIONS, MAX_PARSER_RESUMES};
use crate::lines::{self, Layout, LogicalInstruction};
use crate::source::{LineIndex, Span};
use crate::stable_sort;

const BOM: &str = "\u{feff}";

/// Parses `text` into the core's model.
///
/// # Errors
/// When the file has no instruction at all, or its parser directives are invalid.
pub fn parse(text: &str) -> Result<Dockerfile, ParseError> {
    let index = LineIndex::new(text);
    let layout = lines::layout(text);
    let bom = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let fatal = |message: String, span: Span| ParseError { message, span, position: index.position(text, span.start) };

    if layout.instructions.is_empty() {
        let end = text.len();
        return Err(fatal("file with no instructions".into(), Span::new(bom.min(end), end)));
    }
    if let Some(first_past) = layout.instructions.get(MAX_INSTRUCTIONS) {
        return Err(fatal(
            format!(
                "the file has more than {MAX_INSTRUCTIONS} instructions, the most slimfile reads (instruction {} starts \
                 here)",
                MAX_INSTRUCTIONS + 1
            ),
            first_past.keyword,
        ));
    }
    if let Some(bad) = layout.problems.iter().find(|p| p.message.starts_with("invalid escape")) {
        return Err(fatal(bad.message.clone(), bad.span));
    }

    let mut problems: Vec<SyntaxProblem> =
        layout.problems.iter().map(|p| SyntaxProblem { message: p.message.clone(), span: p.span }).collect();
    let instructions = Reader { text, index: &index, layout: &layout, bom, problems: &mut problems }.read();

    problems.extend(buildkit_parser_checks(text, &instructions));
    stable_sort::by_key(&mut problems, |p| p.span.start);
    problems.dedup();

    let run_commands = instructions.iter().map(|_| std::cell::OnceCell::new()).collect();
    Ok(Dockerfile {
        run_commands,
        text: text.to_owned(),
        bom: bom > 0,
        escape: layout.escape,
        line_ending: line_ending(text),
        directives: layout
            .directives
            .iter()
            .map(|d| Directive { name: d.name.clone(), value: d.value.clone(), span: d.span, value_span: d.value_span })
            .collect(),
        comments: layout
            .comments
            .iter()
            .map(|c| Comment { span: c.span, text: c.span.slice(text).trim_start_matches('#').trim().to_owned() })
            .collect(),
        instructions,
        problems,
        index,
    })
}

fn line_ending(text: &str) -> LineEnding {
    let newlines = text.bytes().filter(|&b| b == b'\n').count();
    let crlf = text.as_bytes().windows(2).filter(|w| w == b"\r\n").count();
    if crlf * 2 > newlines { LineEnding::CrLf } else { LineEnding::Lf }
}

/// The text handed to the crate, and where its bytes come from.
struct Segment {
    source: String,
    /// Bytes of synthetic prelude at the front of `source`.
    prelude: usize,
    /// Lines of prelude.
    prelude_lines: usize,
    /// Instructions in the prelude, to skip.
    skip: usize,
    /// Offset in the original text of the first byte after the prelude.
    origin: usize,
}

impl Segment {
    fn map(&self, range: &std::ops::Range<usize>) -> Span {
        let at = |o: usize| o.saturating_sub(self.prelude) + self.origin;
        Span::new(at(range.start), at(range.end))
    }
}

struct Reader<'a> {
    text: &'a str,
    index: &'a LineIndex,
    layout: &'a Layout,
    bom: usize,
    problems: &'a mut Vec<SyntaxProblem>,
}

/// Why the crate stopped, and what to do about it.
enum Stop {
    /// Finished the text.
    Done,
    /// It needs an open stage before this instruction: resume here with a prelude FROM.
    NeedsStage(usize),
    /// The crate refused this logical instruction: record it from the layout and resume after it.
    Refused(usize, String),
    /// It stopped somewhere the layout does not explain.
    Lost,
}

impl Reader<'_> {
    fn read(mut self) -> Vec<Instruction> {
        let mut out: Vec<Instruction> = Vec::with_capacity(self.layout.instructions.len());
        let mut segment = Segment {
            source: self.text[self.bom..].to_owned(),
            prelude: 0,
            prelude_lines: 0,
            skip: 0,
            origin: self.bom,
        };
        let mut resumes = 0;
        loop {
            match self.run(&segment, &mut out) {
                Stop::Done => break,
                Stop::Lost => {
                    self.fill_gap(&mut out, segment.origin, usize::MAX);
                    break;
                }
                Stop::NeedsStage(at) => {
                    segment = self.segment_from(at);
                }
                Stop::Refused(i, message) => {
                    let logical = &self.layout.instructions[i];
                    let raw = self.read_from_layout(logical);
                    // The crate already read this instruction and then tripped inside it (it does
                    // not know every heredoc form BuildKit knows): the layout's reading wins and
                    // nothing is wrong with the file.
                    let misread = out.last().is_some_and(|last| last.span.start == logical.span.start);
                    if misread {
                        out.pop();
                    } else if let Some(message) = refusal_problem(&raw, &message) {
                        self.problems.push(SyntaxProblem { message, span: raw.keyword_span });
                    }
                    out.push(raw);
                    segment = self.segment_from(logical.span.end);
                }
            }
            resumes += 1;
            if resumes > MAX_PARSER_RESUMES {
                self.fill_gap(&mut out, segment.origin, usize::MAX);
                break;
            }
        }
        // The crate can report an error on a line before the instruction it last read (an
        // unclosed quote in a heredoc word is reported at the start), and the recovery then reads
        // instructions again. Found by the fuzzer: keep each instruction once, in order, so
        // spans never go backwards or overlap.
        let mut end = 0;
        out.retain(|instruction| {
            let keep = instruction.span.start >= end;
            if keep {
                end = instruction.span.end;
            }
            keep
        });
        out
    }

    /// Everything from `origin` on, behind a prelude that sets the escape character and opens a
    /// stage the crate will accept.
    fn segment_from(&self, origin: usize) -> Segment {
        let prelude = format!("# escape={}\nFROM scratch\n", self.layout.escape);
        let mut source = String::with_capacity(prelude.len() + self.text.len() - origin);
        source.push_str(&prelude);
        source.push_str(&self.text[origin..]);
        Segment { prelude: prelude.len(), prelude_lines: 2, skip: 1, source, origin }
    }

    fn run(&mut self, segment: &Segment, out: &mut Vec<Instruction>) -> Stop {
        let Ok(iter) = pd::parse_iter(&segment.source) else {
            return Stop::Lost;
        };
        let mut skip = segment.skip;
        for item in iter {
            match item {
                Ok(instruction) => {
                    if skip > 0 {
                        skip -= 1;
                        continue;
                    }
                    let Some(converted) = self.convert(&instruction, segment) else {
                        return Stop::Lost;
                    };
                    self.fill_gap(out, segment.origin, converted.span.start);
                    // Where the crate and the layout (BuildKit's reading) disagree on where an
                    // instruction ends (the layout runs an unterminated heredoc to the end of the
                    // file), what the crate read inside the layout's instruction is not another
                    // one: the layout wins, and spans never overlap.
                    if out.last().is_some_and(|last| converted.keyword_span.start < last.span.end) {
                        continue;
                    }
                    out.push(converted);
                }
                Err(error) => {
                    let message = format!("{error:#}");
                    if error.line() == 0 {
                        // "no FROM at all": BuildKit's parser accepts such a file; the stage model
                        // reports it.
                        return Stop::Done;
                    }
                    let Some(line) = (error.line() - 1).checked_sub(segment.prelude_lines) else {
                        return Stop::Lost;
                    };
                    let line = self.index.line_of(segment.origin) + line;
                    let Some(i) = self.layout_instruction_at_line(line, segment.origin) else {
                        return Stop::Lost;
                    };
                    if message.starts_with("expected FROM") && segment.skip == 0 {
                        return Stop::NeedsStage(self.layout.instructions[i].span.start);
                    }
                    return Stop::Refused(i, message);
                }
            }
        }
        Stop::Done
    }

    /// Adds the layout's instructions that start between the last one read and `until`, reading
    /// each from the layout alone (an unknown keyword is reported). Used where the crate joined
    /// them into its previous instruction (it reads some continuations differently), and with
    /// `until = usize::MAX` for everything left once the crate cannot go on.
    fn fill_gap(&mut self, out: &mut Vec<Instruction>, origin: usize, until: usize) {
        let from = out.last().map_or(origin, |i| i.span.end.max(origin));
        let all = &self.layout.instructions;
        let first = all.partition_point(|l| l.span.start < from);
        for logical in all[first..].iter().take_while(|l| l.span.start < until) {
            let raw = self.read_from_layout(logical);
            if let Keyword::Unknown(word) = &raw.keyword {
                self.problems
                    .push(SyntaxProblem { message: format!("unknown instruction '{word}'"), span: raw.keyword_span });
            }
            out.push(raw);
        }
    }

    fn layout_instruction_at_line(&self, line: usize, from: usize) -> Option<usize> {
        let all = &self.layout.instructions;
        let first = all.partition_point(|l| l.span.end < from);
        (first..all.len()).find(|&i| all[i].first_line <= line && line <= all[i].last_line)
    }

    fn logical_at(&self, keyword_start: usize) -> Option<&LogicalInstruction> {
        let all = &self.layout.instructions;
        all.binary_search_by_key(&keyword_start, |l| l.span.start).ok().map(|i| &all[i])
    }

    /// The whole span of an instruction whose keyword starts at `start`.
    fn whole_span(&self, start: usize, last_known_end: usize) -> Span {
        match self.logical_at(start) {
            Some(logical) => logical.span,
            None => {
                let line = self.index.line_of(last_known_end.min(self.text.len()));
                Span::new(start, self.index.line_span(self.text, line).end.max(start))
            }
        }
    }

    fn word(&self, s: &pd::UnescapedString<'_>, segment: &Segment) -> Word {
        Word { value: s.value.to_string(), span: segment.map(&s.span) }
    }

    fn flags(&self, options: &[pd::Flag<'_>], segment: &Segment) -> Vec<Flag> {
        options
            .iter()
            .map(|f| Flag {
                name: f.name.value.to_string(),
                value: f.value.as_ref().map(|v| self.word(v, segment)),
                span: segment.map(&f.span()),
            })
            // A bare `--` ends BuildKit's flags; it is not a flag.
            .filter(|f| !f.name.is_empty())
            .collect()
    }

    fn command(&self, command: &pd::Command<'_>, segment: &Segment) -> Arguments {
        match command {
            pd::Command::Exec(array) => Arguments::Exec {
                items: array.value.iter().map(|s| self.word(s, segment)).collect(),
                span: segment.map(&array.span),
            },
            pd::Command::Shell(shell) => {
                Arguments::Text(Word { value: shell.value.to_owned(), span: segment.map(&shell.span) })
            }
            _ => Arguments::Empty,
        }
    }

    fn heredocs(&self, docs: &[&pd::HereDoc<'_>], segment: &Segment) -> Vec<Heredoc> {
        docs.iter()
            .map(|d| Heredoc { span: segment.map(&d.span), body: d.value.to_string(), expand: d.expand })
            .collect()
    }

    fn convert(&self, instruction: &pd::Instruction<'_>, segment: &Segment) -> Option<Instruction> {
        use pd::Instruction as I;
        let text = |s: &pd::UnescapedString<'_>| Arguments::Text(self.word(s, segment));
        let words =
            |list: &[&pd::UnescapedString<'_>]| Arguments::Words(list.iter().map(|s| self.word(s, segment)).collect());
        let mut flags = Vec::new();
        let mut heredocs = Vec::new();
        let mut subcommand = None;
        let mut trigger = None;
        let (keyword_span, arguments) = match instruction {
            I::Add(pd::AddInstruction { add: k, options, src, dest, .. })
            | I::Copy(pd::CopyInstruction { copy: k, options, src, dest, .. }) => {
                flags = self.flags(options, segment);
                let mut list: Vec<&pd::UnescapedString<'_>> = Vec::new();
                let mut docs = Vec::new();
                for source in src {
                    match source {
                        pd::Source::Path(path) => list.push(path),
                        pd::Source::HereDoc(doc) => docs.push(doc),
                        _ => return None,
                    }
                }
                list.push(dest);
                heredocs = self.heredocs(&docs, segment);
                (&k.span, words(&list))
            }
            I::Arg(a) => (&a.arg.span, text(&a.arguments)),
            I::Cmd(c) => (&c.cmd.span, self.command(&c.arguments, segment)),
            I::Entrypoint(e) => (&e.entrypoint.span, self.command(&e.arguments, segment)),
            I::Env(e) => (&e.env.span, text(&e.arguments)),
            I::Expose(e) => (&e.expose.span, words(&e.arguments.iter().collect::<Vec<_>>())),
            I::From(f) => {
                flags = self.flags(&f.options, segment);
                let mut list = vec![Word { value: f.image.value.to_string(), span: segment.map(&f.image.span) }];
                if let Some((as_keyword, name)) = &f.as_ {
                    let span = segment.map(&as_keyword.span);
                    list.push(Word { value: span.slice(self.text).to_owned(), span });
                    list.push(self.word(name, segment));
                }
                (&f.from.span, Arguments::Words(list))
            }
            I::Healthcheck(h) => {
                flags = self.flags(&h.options, segment);
                let arguments = match &h.arguments {
                    pd::HealthcheckArguments::Cmd { cmd, arguments, .. } => {
                        let span = segment.map(&cmd.span);
                        subcommand = Some(Word { value: "CMD".into(), span });
                        self.command(arguments, segment)
                    }
                    pd::HealthcheckArguments::None { none, .. } => {
                        let span = segment.map(&none.span);
                        subcommand = Some(Word { value: "NONE".into(), span });
                        Arguments::Empty
                    }
                    _ => Arguments::Empty,
                };
                (&h.healthcheck.span, arguments)
            }
            I::Label(l) => (&l.label.span, text(&l.arguments)),
            I::Maintainer(m) => (&m.maintainer.span, text(&m.name)),
            I::Onbuild(o) => {
                let inner = self.convert(&o.instruction, segment)?;
                let span = Span::new(inner.keyword_span.start, inner.span.end);
                let arguments = Arguments::Text(Word { value: span.slice(self.text).to_owned(), span });
                trigger = Some(Box::new(inner));
                (&o.onbuild.span, arguments)
            }
            I::Run(r) => {
                flags = self.flags(&r.options, segment);
                heredocs = self.heredocs(&r.here_docs.iter().collect::<Vec<_>>(), segment);
                (&r.run.span, self.command(&r.arguments, segment))
            }
            I::Shell(s) => {
                let items: Vec<Word> = s.arguments.iter().map(|a| self.word(a, segment)).collect();
                let span = exec_span(self.text, &items);
                (&s.shell.span, Arguments::Exec { items, span })
            }
            I::Stopsignal(s) => (&s.stopsignal.span, words(&[&s.arguments])),
            I::User(u) => (&u.user.span, words(&[&u.arguments])),
            I::Volume(v) => {
                let arguments = match &v.arguments {
                    pd::JsonOrStringArray::Json(array) => Arguments::Exec {
                        items: array.value.iter().map(|s| self.word(s, segment)).collect(),
                        span: segment.map(&array.span),
                    },
                    pd::JsonOrStringArray::String(list) => words(&list.iter().collect::<Vec<_>>()),
                };
                (&v.volume.span, arguments)
            }
            I::Workdir(w) => (&w.workdir.span, words(&[&w.arguments])),
            // A kind this version of the crate does not have yet: let the layout read it.
            _ => return None,
        };
        let keyword_span = segment.map(keyword_span);
        if flags.is_empty() && trigger.is_none() {
            // BuildKit reads leading `--flags` on every instruction; the crate only on those
            // that define some.
            let logical_end = self.logical_at(keyword_span.start).map_or(keyword_span.end, |l| l.span.end);
            flags = leading_flags(self.text, keyword_span.end, logical_end, self.layout.escape).0;
        }
        let mut last_end = keyword_span.end;
        last_end = last_end.max(arguments_end(&arguments)).max(flags.iter().map(|f| f.span.end).max().unwrap_or(0));
        last_end = last_end.max(heredocs.iter().map(|h| h.span.end).max().unwrap_or(0));
        let span = self.whole_span(keyword_span.start, last_end);
        Some(Instruction {
            keyword: Keyword::parse(keyword_span.slice(self.text)),
            keyword_span,
            flags,
            arguments,
            subcommand,
            heredocs,
            trigger,
            span,
            range: self.index.range(self.text, span),
        })
    }

    /// An instruction the crate refused, read from the line layout alone.
    fn read_from_layout(&self, logical: &LogicalInstruction) -> Instruction {
        let keyword = Keyword::parse(logical.keyword.slice(self.text));
        let (flags, rest_start) = leading_flags(self.text, logical.keyword.end, logical.span.end, self.layout.escape);
        let rest = Span::new(rest_start, logical.span.end);
        let rest_text = rest.slice(self.text).trim_end();
        let rest = Span::new(rest.start, rest.start + rest_text.len());
        let arguments = if rest.is_empty() {
            Arguments::Empty
        } else if let Some(items) = json_string_array(rest_text) {
            let items = items.into_iter().map(|value| Word { value, span: rest }).collect();
            Arguments::Exec { items, span: rest }
        } else {
            Arguments::Text(Word { value: rest_text.to_owned(), span: rest })
        };
        let heredocs = logical
            .heredocs
            .iter()
            .map(|&span| Heredoc { span, body: span.slice(self.text).to_owned(), expand: true })
            .collect();
        Instruction {
            keyword,
            keyword_span: logical.keyword,
            flags,
            arguments,
            subcommand: None,
            heredocs,
            trigger: None,
            span: logical.span,
            range: self.index.range(self.text, logical.span),
        }
    }
}

/// The problem to report for an instruction the crate refused, or `None` where BuildKit accepts
/// it as written (`ENTRYPOINT []`, `CMD []`, a bare `HEALTHCHECK`).
fn refusal_problem(raw: &Instruction, message: &str) -> Option<String> {
    let empty_exec = matches!(&raw.arguments, Arguments::Exec { items, .. } if items.is_empty());
    match raw.keyword {
        Keyword::Entrypoint | Keyword::Cmd if empty_exec => None,
        Keyword::Healthcheck if matches!(raw.arguments, Arguments::Empty) => None,
        _ => Some(message.to_owned()),
    }
}

/// Checks BuildKit's parser makes that the crate does not.
fn buildkit_parser_checks(text: &str, instructions: &[Instruction]) -> Vec<SyntaxProblem> {
    let mut out = Vec::new();
    for instruction in instructions {
        if let (Keyword::Env | Keyword::Label, Some(word)) = (&instruction.keyword, instruction.text()) {
            let value = word.span.slice(text).trim();
            let first = value.split_whitespace().next().unwrap_or("");
            if !first.contains('=') && value.split_whitespace().count() < 2 {
                out.push(SyntaxProblem {
                    message: format!("{} must have two arguments", instruction.keyword.as_str()),
                    span: instruction.keyword_span,
                });
            }
        }
        let json_like = matches!(
            instruction.keyword,
            Keyword::Cmd | Keyword::Entrypoint | Keyword::Run | Keyword::Shell | Keyword::Healthcheck
        );
        if json_like
            && let Some(word) = instruction.text()
            && has_non_string_json_items(word.span.slice(text))
        {
            out.push(SyntaxProblem {
                message: "when using JSON array syntax, arrays must be comprised of strings only".into(),
                span: word.span,
            });
        }
    }
    out
}

/// `[ "a", [ "b" ] ]`: an array, but not of strings only (BuildKit refuses it rather than reading
/// it as shell form).
fn has_non_string_json_items(text: &str) -> bool {
    let trimmed = text.trim();
    let Some(inner) = trimmed.strip_prefix('[').and_then(|r| r.strip_suffix(']')) else {
        return false;
    };
    if json_string_array(trimmed).is_some() {
        return false;
    }
    let mut in_string = false;
    let mut escaped = false;
    for c in inner.chars() {
        match (in_string, c) {
            (true, _) if escaped => escaped = false,
            (true, '\\') => escaped = true,
            (true, '"') | (false, '"') => in_string = !in_string,
            (false, '[' | '{') => return true,
            _ => {}
        }
    }
    false
}

fn arguments_end(arguments: &Arguments) -> usize {
    match arguments {
        Arguments::Empty => 0,
        Arguments::Text(word) => word.span.end,
        Arguments::Exec { span, .. } => span.end,
        Arguments::Words(words) => words.last().map_or(0, |w| w.span.end),
    }
}

fn exec_span(text: &str, items: &[Word]) -> Span {
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return Span::default();
    };
    let start = text[..first.span.start].rfind('[').unwrap_or(first.span.start);
    let end = text[last.span.end..].find(']').map_or(last.span.end, |i| last.span.end + i + 1);
    Span::new(start, end)
}

/// Leading `--name[=value]` words after a keyword, as BuildKit extracts them; returns the flags
/// and where the arguments start.
fn leading_flags(text: &str, from: usize, end: usize, escape: char) -> (Vec<Flag>, usize) {
    let bytes = text.as_bytes();
    let mut flags = Vec::new();
    let mut at = from;
    loop {
        at = skip_blanks(text, at, end, escape);
        if at + 1 >= end || bytes[at] != b'-' || bytes[at + 1] != b'-' {
            return (flags, at);
        }
        let start = at;
        let mut quote = 0u8;
        while at < end {
            let b = bytes[at];
            if quote != 0 {
                if b == quote {
                    quote = 0;
                }
            } else if b == b'\'' || b == b'"' {
                quote = b;
            } else if b == b' ' || b == b'\t' || b == b'\n' || b == b'\r' {
                break;
            }
            at += 1;
        }
        let word = &text[start + 2..at];
        if word.is_empty() {
            return (flags, at);
        }
        let (name, value) = match word.find('=') {
            Some(eq) => {
                let value_start = start + 2 + eq + 1;
                (&word[..eq], Some(Word { value: word[eq + 1..].to_owned(), span: Span::new(value_start, at) }))
            }
            None => (word, None),
        };
        flags.push(Flag { name: name.to_owned(), value, span: Span::new(start, at) });
    }
}

/// Skips blanks and escaped line breaks.
fn skip_blanks(text: &str, mut at: usize, end: usize, escape: char) -> usize {
    let bytes = text.as_bytes();
    while at < end {
        match bytes[at] {
            b' ' | b'\t' | b'\r' | b'\n' => at += 1,
            b if char::from(b) == escape
                && text[at + 1..end].trim_start_matches([' ', '\t', '\r']).starts_with('\n') =>
            {
                at += 1;
            }
            _ => break,
        }
    }
    at
}

/// Reads `["a", "b"]` when the text is exactly a JSON array of strings.
fn json_string_array(text: &str) -> Option<Vec<String>> {
    let inner = text.trim().strip_prefix('[')?.strip_suffix(']')?.trim();
    if inner.is_empty() {
        return Some(Vec::new());
    }
    let mut out = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next()? != '"' {
            return None;
        }
        let mut value = String::new();
        loop {
            match chars.next()? {
                '"' => break,
                '\\' => value.push(match chars.next()? {
                    'n' => '\n',
                    't' => '\t',
                    other => other,
                }),
                c => value.push(c),
            }
        }
        out.push(value);
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        match chars.next() {
            None => return Some(out),
            Some(',') => {}
            Some(_) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keywords(doc: &Dockerfile) -> Vec<String> {
        doc.instructions().iter().map(|i| i.keyword.as_str().to_owned()).collect()
    }

    #[test]
    fn unedited_model_prints_the_original_bytes() {
        let text = "\u{feff}# syntax=docker/dockerfile:1\r\n# a comment\r\nFROM golang:1.22 AS build\r\nRUN go build \\\r\n  -o /x .\r\n";
        let doc = parse(text).expect("parses");
        assert_eq!(doc.print(), text);
        assert_eq!(doc.line_ending(), LineEnding::CrLf);
        assert!(doc.has_bom());
        assert_eq!(doc.comments()[0].text, "a comment");
        assert_eq!(doc.directives()[0].value, "docker/dockerfile:1");
        let from = &doc.instructions()[0];
        assert_eq!(doc.slice(from.keyword_span), "FROM");
        assert_eq!(from.words()[0].value, "golang:1.22");
        assert_eq!(from.range.start.line, 3);
        assert_eq!(doc.instructions()[1].range.end.line, 5);
    }

    #[test]
    fn entrypoint_empty_array_and_bare_healthcheck_are_accepted() {
        let doc = parse("FROM a\nENTRYPOINT []\nHEALTHCHECK\nCMD [\"x\"]\n").expect("parses");
        assert_eq!(keywords(&doc), ["FROM", "ENTRYPOINT", "HEALTHCHECK", "CMD"]);
        assert!(doc.problems().is_empty(), "{:?}", doc.problems());
        assert!(matches!(&doc.instructions()[1].arguments, Arguments::Exec { items, .. } if items.is_empty()));
        assert_eq!(doc.instructions()[3].words()[0].value, "x");
    }

    #[test]
    fn unknown_instruction_is_kept_and_reported() {
        let doc =
            parse("FROM a\nFNTRYPOINT [\"x\"]\nRUN --mount=type=cache,target=/root/.cache echo\n").expect("parses");
        assert_eq!(keywords(&doc), ["FROM", "FNTRYPOINT", "RUN"]);
        assert_eq!(doc.problems().len(), 1);
        assert!(doc.problems()[0].message.contains("FNTRYPOINT"));
        let run = &doc.instructions()[2];
        assert_eq!(run.flags[0].name, "mount");
        assert_eq!(run.flag_value("mount"), Some("type=cache,target=/root/.cache"));
        assert_eq!(doc.slice(run.flags[0].span), "--mount=type=cache,target=/root/.cache");
    }

    #[test]
    fn instructions_before_from_still_parse() {
        let doc = parse("CMD [\"a\"]\nFROM b\nRUN c\n").expect("parses");
        assert_eq!(keywords(&doc), ["CMD", "FROM", "RUN"]);
        assert_eq!(doc.instructions()[2].text().map(|w| w.value.as_str()), Some("c"));
    }

    #[test]
    fn escape_directive_is_honoured_after_recovery() {
        let doc = parse("# escape=`\nFROM a\nBOGUS x\nRUN a `\n  b\nCMD c\n").expect("parses");
        assert_eq!(keywords(&doc), ["FROM", "BOGUS", "RUN", "CMD"]);
        assert_eq!(doc.instructions()[2].range.end.line, 5);
    }

    #[test]
    fn empty_and_comment_only_files_are_errors() {
        assert_eq!(parse("").expect_err("empty").message, "file with no instructions");
        let err = parse("# only\n# comments\n").expect_err("comments");
        assert_eq!(err.position.line, 1);
    }

    #[test]
    fn more_instructions_than_the_limit_is_an_error_at_the_first_one_past_it() {
        let at_limit = format!("FROM a\n{}", "RUN x\n".repeat(MAX_INSTRUCTIONS - 1));
        assert_eq!(parse(&at_limit).expect("at the limit").instructions().len(), MAX_INSTRUCTIONS);
        let past = format!("{at_limit}# one more\n  RUN y\n");
        let err = parse(&past).expect_err("past the limit");
        assert_eq!(
            err.message,
            format!(
                "the file has more than {MAX_INSTRUCTIONS} instructions, the most slimfile reads (instruction 1001 starts here)"
            )
        );
        assert_eq!((err.position.line, err.position.column), (1002, 3));
        assert_eq!(&past[err.span.start..err.span.end], "RUN");
    }

    #[test]
    fn an_unterminated_heredoc_holds_the_rest_of_the_file() {
        // Found by the fuzzer: the crate read `USER` as an instruction of its own, inside the
        // span the layout gives `RUN`, and printing the model panicked.
        let text = "RUN u <<r\nUSER I";
        let doc = parse(text).expect("model");
        assert_eq!(keywords(&doc), ["RUN"]);
        assert_eq!(doc.instructions()[0].span, Span::new(0, text.len()));
        assert_eq!(doc.print(), text);
        assert_eq!(doc.problems()[0].message, "unterminated heredoc: no line `r` closes it");
    }

    #[test]
    fn vertical_tab_and_form_feed_are_leading_white_space_as_in_buildkit() {
        // Found by the fuzzer: the layout read `\x0bRUN` as an instruction with an empty keyword
        // and the crate's `RUN` overlapped it. BuildKit's parser reads RUN, a comment and USER.
        let text = "FROM a\n\x0bRUN x\n\x0c# c\n \x0bUSER a\n";
        let doc = parse(text).expect("model");
        assert_eq!(keywords(&doc), ["FROM", "RUN", "USER"]);
        assert!(doc.problems().is_empty(), "{:?}", doc.problems());
        assert_eq!(doc.comments()[0].text, "c");
        assert_eq!(doc.print(), text);
    }

    #[test]
    fn an_error_reported_before_the_last_instruction_does_not_read_it_twice() {
        // Found by the fuzzer: the crate reported the unclosed quote of `<<1'e` back at line 1,
        // and the recovery read FROM and the first COPY a second time.
        let text = "FROM tF\nCOPY <<\"EOF\" //\nEOF\nCOPY <<1'e /\n";
        let doc = parse(text).expect("model");
        assert_eq!(keywords(&doc), ["FROM", "COPY", "COPY"]);
        assert_eq!(doc.print(), text);
    }

    #[test]
    fn env_without_value_is_a_problem() {
        let doc = parse("FROM a\nENV foo\n").expect("model");
        assert_eq!(doc.problems()[0].message, "ENV must have two arguments");
    }

    #[test]
    fn nested_json_is_a_problem_and_flags_are_read_everywhere() {
        let doc = parse("FROM a\nCMD [ \"echo\", [ \"nested\" ] ]\nCMD --doit [\"a\"]\n").expect("model");
        assert!(doc.problems()[0].message.contains("strings only"));
        assert_eq!(doc.instructions()[2].flags[0].name, "doit");
    }

    #[test]
    fn heredocs_are_read() {
        let doc = parse("FROM a\nCOPY <<EOF /etc/x\nhello\nEOF\nRUN <<-EOT sh\n\techo\n\tEOT\n").expect("parses");
        assert_eq!(doc.instructions()[1].heredocs[0].body, "hello\n");
        assert_eq!(doc.instructions()[2].range.end.line, 7);
    }
}
