//! Edits to the shell text of a `RUN` that several rules build fixes from: append a command at
//! the end, or take one command out, without changing what the others do.

use super::Context;
use crate::fix::Edit;
use crate::shell::Separator;

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
