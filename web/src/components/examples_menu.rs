//! The examples menu: loads one of the repository's demo Dockerfiles into the editor.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::app::Dispatch;
use crate::examples::EXAMPLES;
use crate::state::Action;

/// A menu of example Dockerfiles (Go, Node/TypeScript, Python, Rust, Java, .NET).
#[component]
pub fn ExamplesMenu() -> Html {
    let dispatch = use_context::<Dispatch>();
    let onchange = Callback::from(move |event: Event| {
        let menu: HtmlSelectElement = event.target_unchecked_into();
        let id = menu.value();
        // Back to the prompt, so choosing the same example again reloads it.
        menu.set_value("");
        if let (Some(dispatch), false) = (&dispatch, id.is_empty()) {
            dispatch.dispatch(Action::LoadExample(id));
        }
    });
    html! {
        <div class="field">
            <label for="example-menu">{"Example"}</label>
            <select id="example-menu" data-testid="examples" {onchange}>
                <option value="" selected=true>{"Load an example\u{2026}"}</option>
                { for EXAMPLES.iter().map(|example| html! {
                    <option value={example.id}>{example.label}</option>
                }) }
            </select>
        </div>
    }
}
