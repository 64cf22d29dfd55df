//! The result: the proposed Dockerfile with its added lines highlighted, a line diff against the
//! input, and copy and download buttons.

use std::rc::Rc;

use yew::prelude::*;

use crate::browser;
use crate::components::rewrite_note::RewriteNote;
use crate::diff::{self, Change};
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
                role="tab"
                class={classes!("tab", selected.then_some("selected"))}
                aria-selected={selected.to_string()}
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
            let mut new_lines = lines.iter().filter(|l| l.change != Change::Removed).map(|l| l.change == Change::Added);
            html! {
                <>
                    <RewriteNote proposal={proposal.clone()} />
                    <p class="diff-summary">
                        <span class="added-count">{format!("+{added}")}</span>{" "}
                        <span class="removed-count">{format!("\u{2212}{removed}")}</span>
                        {" lines against your Dockerfile"}
                    </p>
                    <pre class="code output" data-testid="output" hidden={*view != View::Proposed}>
                        { for proposal.text.split_inclusive('\n').map(|line| {
                            let is_added = new_lines.next().unwrap_or(false);
                            html! { <span class={classes!("line", is_added.then_some("added"))}>{line}</span> }
                        }) }
                    </pre>
                    <pre class="code diff" data-testid="diff" hidden={*view != View::Diff}>
                        { for lines.iter().map(|line| {
                            let (class, mark, spoken) = match line.change {
                                Change::Same => ("same", "  ", ""),
                                Change::Added => ("added", "+ ", "added: "),
                                Change::Removed => ("removed", "- ", "removed: "),
                            };
                            html! {
                                <span class={classes!("line", class)}>
                                    <span class="diff-mark" aria-hidden="true">{mark}</span>
                                    <span class="sr-only">{spoken}</span>
                                    {line.text}{"\n"}
                                </span>
                            }
                        }) }
                    </pre>
                </>
            }
        }
    };

    html! {
        <>
            <div class="pane-head">
                <h2 id="result-title">{"Proposed Dockerfile"}</h2>
                <div class="tabs" role="tablist" aria-label="Show">
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
