//! What the core says it did to make the proposal: the multi-stage split (ecosystem, runtime
//! image, confidence, what moved where and what it assumes), or why it declined, and the fixes.

use slimfile_core::Proposal;
use slimfile_core::rewrite::RewriteOutcome;
use yew::prelude::*;

use crate::components::docs_view;
use crate::docs;

/// Which proposal to explain.
#[derive(Properties, PartialEq)]
pub struct RewriteNoteProps {
    /// The proposal.
    pub proposal: Proposal,
}

/// The rewrite's account of itself.
#[component]
pub fn RewriteNote(props: &RewriteNoteProps) -> Html {
    let proposal = &props.proposal;
    let rich = |text: &str| docs::parse_inline(text).iter().map(docs_view::inline).collect::<Html>();
    let fixes = match proposal.fixes_applied {
        0 => String::new(),
        1 => " 1 rule fix applied.".to_owned(),
        n => format!(" {n} rule fixes applied."),
    };
    let held = match proposal.fixes_withheld {
        0 => String::new(),
        1 => " 1 unsafe rule fix not applied (its button says \"unsafe: opt-in\").".to_owned(),
        n => format!(" {n} unsafe rule fixes not applied (their buttons say \"unsafe: opt-in\")."),
    };
    let fixes = format!("{fixes}{held}");
    let headline = match &proposal.rewrite {
        RewriteOutcome::Rewritten(rewrite) if !proposal.rewrite_applied => html! {
            <p class="explanation declined" data-testid="explanation">
                <strong>{"Multi-stage rewrite not applied"}</strong>
                {rich(&format!(
                    ": a {} build split to runtime `{}` is possible with medium confidence only, as it rests on \
                     assumptions (below). `slimfile fix --unsafe-fixes` applies it, as does the \
                     \"unsafe: opt-in\" button of the `multi-stage-build` finding.",
                    rewrite.ecosystem.name(),
                    rewrite.runtime_image,
                ))}
                {fixes.clone()}
            </p>
        },
        RewriteOutcome::Rewritten(rewrite) => html! {
            <p class="explanation rewritten" data-testid="explanation">
                <strong>{"Rewritten as a multi-stage build"}</strong>
                {rich(&format!(
                    ": {} build, runtime `{}`, confidence {}.",
                    rewrite.ecosystem.name(),
                    rewrite.runtime_image,
                    rewrite.confidence.word()
                ))}
                {fixes}
            </p>
        },
        RewriteOutcome::Declined { reason, .. } => html! {
            <p class="explanation declined" data-testid="explanation">
                <strong>{"Not rewritten as a multi-stage build: "}</strong>{rich(reason)}{fixes}
            </p>
        },
        RewriteOutcome::Unchanged => html! {
            <p class="explanation" data-testid="explanation">
                {"No multi-stage split: the final stage builds nothing to leave behind."}{fixes}
            </p>
        },
    };
    html! {
        <>
            {headline}
            if let Some(error) = &proposal.error {
                <p class="explanation declined">{format!("No fix was applied: {error}.")}</p>
            }
            if let RewriteOutcome::Rewritten(rewrite) = &proposal.rewrite {
                if !proposal.rewrite_applied && !rewrite.assumptions.is_empty() {
                    <ul class="trail">
                        { for rewrite.assumptions.iter().map(|line| html! {
                            <li><em>{"Assumes "}</em>{rich(line)}</li>
                        }) }
                    </ul>
                } else if !rewrite.trail.is_empty() || !rewrite.assumptions.is_empty() {
                    <details class="trail">
                        <summary>{"What moved where, and what it assumes"}</summary>
                        <ul>
                            { for rewrite.trail.iter().map(|line| html! { <li>{rich(line)}</li> }) }
                            { for rewrite.assumptions.iter().map(|line| html! {
                                <li><em>{"Assumes "}</em>{rich(line)}</li>
                            }) }
                        </ul>
                    </details>
                }
            }
        </>
    }
}
