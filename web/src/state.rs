//! The page's state and the one reducer that changes it.
//!
//! Every change goes through [`State::apply`]: the editor, the findings' buttons and the
//! examples menu only send [`Action`]s. The input is analysed here, synchronously, on every
//! change; the last result without an error is kept so the page can keep showing it (dimmed)
//! while the input is half-typed.

use std::rc::Rc;

use crate::engine::{self, Analysis};
use crate::examples;

/// A line the editor should highlight and scroll to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Focus {
    /// 1-based line.
    pub line: u32,
    /// Counts requests, so asking for the same line twice scrolls twice.
    pub request: u32,
}

/// The page's state.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// The analysis of the current input (the input is `current.input`).
    pub current: Rc<Analysis>,
    /// The latest analysis without an error, which the result and size panes show.
    pub last_good: Option<Rc<Analysis>>,
    /// The line the editor highlights, after a click on a finding.
    pub focus: Option<Focus>,
    /// The rule whose docs page is open.
    pub docs: Option<&'static str>,
}

/// Everything that can happen to the page's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// The author typed, pasted or deleted: the editor's whole new text.
    Edit(String),
    /// Apply the fix of the finding at this index of `current.findings`.
    ApplyFix(usize),
    /// Apply every safe fix.
    ApplyAllSafe,
    /// Replace the input with the example of this id.
    LoadExample(String),
    /// Highlight and scroll to this 1-based line.
    FocusLine(u32),
    /// Open the docs page of this rule.
    OpenDocs(String),
    /// Close the docs page.
    CloseDocs,
}

impl State {
    /// The state for a first input.
    #[must_use]
    pub fn new(input: &str) -> Self {
        let current = Rc::new(engine::analyse(input));
        let last_good = current.error.is_none().then(|| Rc::clone(&current));
        Self { current, last_good, focus: None, docs: None }
    }

    /// The current input.
    #[must_use]
    pub fn input(&self) -> &str {
        &self.current.input
    }

    /// Whether the results on show are from an earlier input (the current one has an error).
    #[must_use]
    pub fn is_stale(&self) -> bool {
        self.current.error.is_some()
    }

    /// The state after `action`.
    #[must_use]
    pub fn apply(&self, action: Action) -> Self {
        match action {
            Action::Edit(text) => self.with_input(&text),
            Action::ApplyFix(index) => {
                let fixed = self
                    .current
                    .findings
                    .get(index)
                    .and_then(|finding| finding.fix.as_ref())
                    .filter(|fix| engine::can_apply(fix))
                    .map(|fix| engine::apply_fix(self.input(), fix));
                fixed.map_or_else(|| self.clone(), |text| self.with_input(&text))
            }
            Action::ApplyAllSafe => self.with_input(&engine::apply_safe_fixes(self.input())),
            Action::LoadExample(id) => {
                examples::by_id(&id).map_or_else(|| self.clone(), |example| self.with_input(example.dockerfile))
            }
            Action::FocusLine(line) => {
                let request = self.focus.map_or(0, |focus| focus.request.wrapping_add(1));
                Self { focus: Some(Focus { line, request }), ..self.clone() }
            }
            Action::OpenDocs(rule) => {
                let docs = slimfile_core::builtin_rules::describe(&rule).map(|meta| meta.id);
                Self { docs, ..self.clone() }
            }
            Action::CloseDocs => Self { docs: None, ..self.clone() },
        }
    }

    fn with_input(&self, text: &str) -> Self {
        if text == self.input() {
            return self.clone();
        }
        let current = Rc::new(engine::analyse(text));
        let last_good = if current.error.is_none() { Some(Rc::clone(&current)) } else { self.last_good.clone() };
        Self { current, last_good, focus: None, docs: self.docs }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n";

    #[test]
    fn an_error_keeps_the_last_good_result() {
        let state = State::new(GOOD);
        assert!(!state.is_stale());
        let broken = state.apply(Action::Edit(format!("{GOOD}COP")));
        assert!(broken.is_stale());
        assert_eq!(broken.current.error.as_ref().map(|e| e.range.start.line), Some(3));
        assert_eq!(broken.last_good.as_ref().map(|a| a.input.as_str()), Some(GOOD));
        let mended = broken.apply(Action::Edit("FROM alpine:3.20\n".into()));
        assert!(!mended.is_stale());
        assert_eq!(mended.last_good.as_ref().map(|a| a.input.as_str()), Some("FROM alpine:3.20\n"));
    }

    #[test]
    fn a_broken_first_input_has_nothing_to_show() {
        let state = State::new("FROM\n");
        assert!(state.is_stale() && state.last_good.is_none());
    }

    #[test]
    fn applies_a_fix_by_index_and_all_safe_fixes() {
        let state = State::new(GOOD);
        let index = state.current.findings.iter().position(|f| f.rule == "apt-install-recommends").expect("finding");
        let fixed = state.apply(Action::ApplyFix(index));
        assert!(fixed.input().contains("--no-install-recommends"));
        assert!(!fixed.current.findings.iter().any(|f| f.rule == "apt-install-recommends"));
        assert_eq!(state.apply(Action::ApplyFix(999)), state);
        let safe = state.apply(Action::ApplyAllSafe);
        assert!(safe.input().contains("rm -rf /var/lib/apt/lists/*"));
    }

    #[test]
    fn loads_examples_focuses_lines_and_opens_docs() {
        let state = State::new("");
        let go = state.apply(Action::LoadExample("go".into()));
        assert_eq!(go.input(), examples::EXAMPLES[0].dockerfile);
        assert_eq!(go.apply(Action::LoadExample("cobol".into())), go);
        let focused = go.apply(Action::FocusLine(3)).apply(Action::FocusLine(3));
        assert_eq!(focused.focus, Some(Focus { line: 3, request: 1 }));
        assert_eq!(focused.apply(Action::Edit("FROM scratch\n".into())).focus, None);
        let docs = go.apply(Action::OpenDocs("unpinned-base-image".into()));
        assert_eq!(docs.docs, Some("unpinned-base-image"));
        assert_eq!(docs.apply(Action::CloseDocs).docs, None);
        assert_eq!(go.apply(Action::OpenDocs("no-such-rule".into())).docs, None);
    }
}
