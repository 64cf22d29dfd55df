//! A rule's docs page, in a dialog over the page: the same text `slimfile explain` prints.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::Dispatch;
use crate::components::docs_view;
use crate::docs;
use crate::state::Action;

/// Which page to show.
#[derive(Properties, PartialEq)]
pub struct RuleDocsProps {
    /// The rule's id.
    pub rule: &'static str,
}

/// The docs dialog.
#[component]
pub fn RuleDocs(props: &RuleDocsProps) -> Html {
    let dispatch = use_context::<Dispatch>();
    let close_button = use_node_ref();
    {
        // Keyboard focus moves into the dialog, and back to where it was (the docs button) when
        // the dialog closes.
        let close_button = close_button.clone();
        use_effect_with(props.rule, move |_| {
            let previous = gloo::utils::document().active_element();
            if let Some(button) = close_button.cast::<web_sys::HtmlElement>() {
                let _ignored = button.focus();
            }
            move || {
                if let Some(element) = previous.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                    let _ignored = element.focus();
                }
            }
        });
    }
    let close = {
        let dispatch = dispatch.clone();
        move || {
            if let Some(dispatch) = &dispatch {
                dispatch.dispatch(Action::CloseDocs);
            }
        }
    };
    let onclick = {
        let close = close.clone();
        Callback::from(move |_: MouseEvent| close())
    };
    let onkeydown = Callback::from(move |event: KeyboardEvent| {
        if event.key() == "Escape" {
            close();
        }
    });
    let Some(meta) = slimfile_core::builtin_rules::describe(props.rule) else { return Html::default() };
    html! {
        <div class="overlay" {onkeydown}>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="docs-title" data-testid="rule-docs-page">
                <div class="dialog-head">
                    <span id="docs-title" class="dialog-title">{format!("Rule: {}", props.rule)}</span>
                    <button type="button" class="button" ref={close_button} {onclick}>{"Close"}</button>
                </div>
                <article class="docs">
                    { for docs::parse(&meta.page()).iter().map(docs_view::block) }
                </article>
            </div>
        </div>
    }
}
