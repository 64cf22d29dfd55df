//! The findings: severity, rule, message and line of each, a click to see the line in the
//! editor, the rule's docs page, and buttons that apply fixes.

use std::rc::Rc;

use slimfile_core::Finding;
use yew::prelude::*;

use crate::app::Dispatch;
use crate::components::docs_view;
use crate::docs;
use crate::engine::{self, Analysis};
use crate::state::Action;

/// What the findings list shows.
#[derive(Properties, PartialEq)]
pub struct FindingsListProps {
    /// The current input's analysis (fixes apply to its text).
    pub analysis: Rc<Analysis>,
}

/// The list of findings with their fixes.
#[component]
pub fn FindingsList(props: &FindingsListProps) -> Html {
    let dispatch = use_context::<Dispatch>();
    let send = move |action: Action| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(dispatch) = &dispatch {
                dispatch.dispatch(action.clone());
            }
        })
    };
    let findings = &props.analysis.findings;
    let safe_fixes = findings.iter().filter_map(|f| f.fix.as_ref()).filter(|fix| engine::is_safe(fix)).count();

    html! {
        <>
            <div class="pane-head">
                <h2 id="findings-title">{"Findings "}<span class="count">{findings.len()}</span></h2>
                <button
                    type="button"
                    class="button"
                    data-testid="apply-all-safe"
                    disabled={safe_fixes == 0}
                    onclick={send(Action::ApplyAllSafe)}
                >
                    {format!("Apply all safe fixes ({safe_fixes})")}
                </button>
            </div>
            if findings.is_empty() {
                <p class="empty">{"Nothing to report."}</p>
            }
            <ol class="findings" data-testid="findings">
                { for findings.iter().enumerate().map(|(index, finding)| {
                    item(index, finding, engine::applied_by_default(&props.analysis, finding), &send)
                }) }
            </ol>
        </>
    }
}

/// One finding; `by_default` when the output pane already has its fix (the core decides).
fn item(index: usize, finding: &Finding, by_default: bool, send: &impl Fn(Action) -> Callback<MouseEvent>) -> Html {
    let severity = finding.severity.as_str();
    let line = finding.range.start.line;
    let fix = finding.fix.as_ref();
    html! {
        <li class={classes!("finding", format!("finding-{severity}"))} data-rule={finding.rule}>
            <button
                type="button"
                class="finding-jump"
                onclick={send(Action::FocusLine(line))}
                aria-label={format!("{severity} on line {line}: {}. Show the line in the editor.", finding.message)}
            >
                <span class={classes!("severity", format!("severity-{severity}"))}>{severity}</span>
                <span class="finding-line">{format!("line {line}")}</span>
                <span class="finding-message">{ for docs::parse_inline(&finding.message).iter().map(docs_view::inline) }</span>
            </button>
            <div class="finding-actions">
                if slimfile_core::builtin_rules::describe(finding.rule).is_some() {
                    <button
                        type="button"
                        class="link"
                        data-testid="rule-docs"
                        onclick={send(Action::OpenDocs(finding.rule.to_owned()))}
                        title="Read this rule's documentation"
                    >
                        {finding.rule}
                    </button>
                } else {
                    <span class="rule-id">{finding.rule}</span>
                }
                if let Some(fix) = fix {
                    if engine::can_apply(fix) {
                        <button
                            type="button"
                            class={classes!("button", "apply", format!("fix-{}", fix.applicability.as_str()))}
                            data-testid="apply-fix"
                            data-default={by_default.to_string()}
                            onclick={send(Action::ApplyFix(index))}
                            title={if by_default {
                                "Apply this fix (the output already has it: `slimfile fix` applies it)".to_owned()
                            } else {
                                "Apply this fix: unsafe, it may change what the image contains or how it behaves; \
                                 `slimfile fix` applies it only with --unsafe-fixes".to_owned()
                            }}
                        >
                            {format!("Apply: {}", fix.title)}
                            if !by_default {
                                <span class="badge">{"unsafe: opt-in"}</span>
                            }
                        </button>
                    } else {
                        <span class="fix-note">{format!("Suggestion: {}", fix.title)}</span>
                    }
                }
            </div>
        </li>
    }
}
