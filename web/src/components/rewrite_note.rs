//! What the core says it did to make the proposal: the multi-stage split (ecosystem, runtime
//! image, confidence, what moved where and what it assumes), or why it declined, and the fixes.

use slimfile_core::Proposal;
use slimfile_core::rewrite::{Confidence, RewriteOutcome};
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
    let headline = match &proposal.rewrite {
        RewriteOutcome::Rewritten(rewrite) => html! {
            <p class="explanation rewritten" data-testid="explanation">
                <strong>{"Rewritten as a multi-stage build"}</strong>
                {rich(&format!(
                    ": {} build, runtime `{}`, confidence {}.",
                    rewrite.ecosystem.as_str(),
                    rewrite.runtime_image,
                    match rewrite.confidence {
                        Confidence::High => "high",
                        Confidence::Medium => "medium",
                    }
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
                if !rewrite.trail.is_empty() || !rewrite.assumptions.is_empty() {
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
