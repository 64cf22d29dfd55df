//! Edits to the shell text of a `RUN` that several rules build fixes from: append a command at
//! the end, or take one command out, without changing what the others do.

use super::Context;
use crate::fix::Edit;
use crate::shell::Separator;
use crate::source::Span;

/// An edit that runs `text` after everything else in `RUN` instruction `i` (` && text` after the
/// last command), or `None` when that cannot be done without changing what runs: a `RUN` with
/// heredocs (their bodies may be file contents, not commands), or one that ends in `&`.
pub(crate) fn append_to_run(context: &Context<'_>, i: usize, text: &str) -> Option<Edit> {
    if !context.doc.instructions()[i].heredocs.is_empty() {
        return None;
    }
    let last = context.commands(i).last()?;
    if last.separator == Some(Separator::Background) {
        return None;
    }
    Some(Edit::insert(last.span.end, format!(" && {text}")))
}
/// Edits that take command `k` out of `RUN` instruction `i` with its `&&` or `;`, or the whole
/// instruction (and its line break) when it is the only command. `None` when the command is tied
/// to its neighbours by `|`, `||` or `&`, or the `RUN` has heredocs.
pub(crate) fn remove_command(context: &Context<'_>, i: usize, k: usize) -> Option<Vec<Edit>> {
    let instruction = &context.doc.instructions()[i];
    if !instruction.heredocs.is_empty() {
        return None;
    }
    let commands = context.commands(i);
    let command = commands.get(k)?;
    let chains = |separator: Option<Separator>| matches!(separator, Some(Separator::And | Separator::Sequence));
    if commands.len() == 1 {
        let text = context.doc.text();
        let after = &text[instruction.span.end..];
        let line_break = if after.starts_with("\r\n") { 2 } else { usize::from(after.starts_with('\n')) };
        return Some(vec![Edit::delete(Span::new(instruction.span.start, instruction.span.end + line_break))]);
    }
    if k == 0 {
        let next = commands.get(1)?;
        return chains(command.separator).then(|| vec![Edit::delete(Span::new(command.span.start, next.span.start))]);
    }
    let previous = &commands[k - 1];
    let free_after = command.separator.is_none() || chains(command.separator);
    (chains(previous.separator) && free_after)
        .then(|| vec![Edit::delete(Span::new(previous.span.end, command.span.end))])
}
