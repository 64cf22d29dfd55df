//! The result: the proposed Dockerfile with its added lines highlighted, a line diff against the
//! input, and copy and download buttons.

use std::rc::Rc;

use yew::prelude::*;

use crate::browser;
use crate::components::rewrite_note::RewriteNote;
use crate::diff::{self, Change, DiffLine};
use crate::engine::Analysis;

/// What the result pane shows.
#[derive(Properties, PartialEq)]
pub struct ResultPaneProps {
    /// The latest analysis without an error, if there has been one.
    pub shown: Option<Rc<Analysis>>,
    /// Whether it is from an earlier input than the editor's (shown dimmed).
    pub stale: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    Proposed,
    Diff,
}

/// The proposed Dockerfile.
#[component]
pub fn ResultPane(props: &ResultPaneProps) -> Html {
    let view = use_state(|| View::Proposed);
    let status = use_state(|| None::<String>);
    let proposal = props.shown.as_ref().and_then(|shown| shown.proposal.as_ref().map(|p| (shown, p)));

    let tab = |which: View, label: &'static str| {
        let view = view.clone();
        let selected = *view == which;
        html! {
            <button
                type="button"
                class={classes!("tab", selected.then_some("selected"))}
                aria-pressed={selected.to_string()}
                onclick={Callback::from(move |_: MouseEvent| view.set(which))}
            >
                {label}
            </button>
        }
    };
    let text = proposal.map(|(_, p)| p.text.clone()).unwrap_or_default();
    let copy = {
        let (status, text) = (status.clone(), text.clone());
        Callback::from(move |_: MouseEvent| {
            let (status, text) = (status.clone(), text.clone());
            yew::platform::spawn_local(async move {
                status.set(Some(match browser::copy(&text).await {
                    Ok(()) => "Copied.".to_owned(),
                    Err(_) => "The browser did not allow copying: select the text instead.".to_owned(),
                }));
            });
        })
    };
    let download = {
        let (status, text) = (status.clone(), text.clone());
        Callback::from(move |_: MouseEvent| {
            if browser::download("Dockerfile", &text).is_err() {
                status.set(Some("The browser did not allow the download.".to_owned()));
            }
        })
    };

    let body = match proposal {
        None => html! {
            <>
                <p class="empty">{"Fix the error in the editor to see the proposed Dockerfile."}</p>
                <pre class="code output" data-testid="output"></pre>
            </>
        },
        Some((shown, proposal)) => {
            let lines = diff::diff_lines(&shown.input, &proposal.text);
            let added = lines.iter().filter(|l| l.change == Change::Added).count();
            let removed = lines.iter().filter(|l| l.change == Change::Removed).count();
            html! {
                <>
                    <RewriteNote proposal={proposal.clone()} />
                    <p class="diff-summary">
                        <span class="added-count">{format!("+{added}")}</span>{" "}
                        <span class="removed-count">{format!("\u{2212}{removed}")}</span>
                        {" lines against your Dockerfile"}
                    </p>
                    <pre class="code output" data-testid="output" hidden={*view != View::Proposed}>
                        { for output_runs(&proposal.text, &lines).into_iter().map(|(is_added, text)| html! {
                            <span class={classes!("run", is_added.then_some("added"))}>{text}</span>
                        }) }
                    </pre>
                    if *view == View::Diff {
                        <pre class="code diff" data-testid="diff">
                            { for diff_runs(&lines).into_iter().map(|(change, text)| {
                                let (class, spoken) = match change {
                                    Change::Same => ("same", ""),
                                    Change::Added => ("added", "added lines: "),
                                    Change::Removed => ("removed", "removed lines: "),
                                };
                                html! {
                                    <span class={classes!("run", class)}>
                                        <span class="sr-only">{spoken}</span>{text}
                                    </span>
                                }
                            }) }
                        </pre>
                    }
                </>
            }
        }
    };

    html! {
        <>
            <div class="pane-head">
                <h2 id="result-title">{"Proposed Dockerfile"}</h2>
                <div class="tabs" role="group" aria-label="Show">
                    {tab(View::Proposed, "Result")}
                    {tab(View::Diff, "Diff")}
                </div>
                <div class="actions">
                    <button type="button" class="button" onclick={copy} disabled={proposal.is_none()}>{"Copy"}</button>
                    <button type="button" class="button" onclick={download} disabled={proposal.is_none()}>
                        {"Download"}
                    </button>
                </div>
            </div>
            <div class="status" role="status" aria-live="polite">{(*status).clone().unwrap_or_default()}</div>
            <div class={classes!("result-body", props.stale.then_some("stale"))} aria-describedby="stale-note">
                if props.stale && proposal.is_some() {
                    <p id="stale-note" class="stale-note">{"Showing the last result: the editor has an error."}</p>
                }
                {body}
            </div>
        </>
    }
}

/// The proposed text in runs of consecutive lines that are all added or all kept, so the page
/// draws a few elements rather than one per line; joined, the runs are exactly the text.
fn output_runs(text: &str, diff: &[DiffLine<'_>]) -> Vec<(bool, String)> {
    let mut added = diff.iter().filter(|l| l.change != Change::Removed).map(|l| l.change == Change::Added);
    let mut runs: Vec<(bool, String)> = Vec::new();
    for line in text.split_inclusive('\n') {
        let is_added = added.next().unwrap_or(false);
        match runs.last_mut() {
            Some((last, run)) if *last == is_added => run.push_str(line),
            _ => runs.push((is_added, line.to_owned())),
        }
    }
    runs
}

/// The diff in runs of consecutive lines with the same change, each line marked `+`, `-` or
/// blank.
fn diff_runs(diff: &[DiffLine<'_>]) -> Vec<(Change, String)> {
    let mut runs: Vec<(Change, String)> = Vec::new();
    for line in diff {
        let mark = match line.change {
            Change::Same => "  ",
            Change::Added => "+ ",
            Change::Removed => "- ",
        };
        let text = format!("{mark}{}\n", line.text);
        match runs.last_mut() {
            Some((last, run)) if *last == line.change => run.push_str(&text),
            _ => runs.push((line.change, text)),
        }
    }
    runs
}
