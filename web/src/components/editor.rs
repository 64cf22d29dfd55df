//! The editor: a plain `<textarea>` (so typing, pasting, undo and screen readers work as
//! everywhere), with a line-number gutter and a layer behind the text that highlights a line and
//! shows an error at its line.

use std::borrow::Cow;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::app::Dispatch;
use crate::engine::Analysis;
use crate::state::{Action, Focus};

/// The text as a `<textarea>` holds it: browsers turn every `\r\n` and `\r` into `\n`, so a
/// text with other line breaks would never equal the editor's value.
#[must_use]
pub fn textarea_text(text: &str) -> Cow<'_, str> {
    if text.contains('\r') { Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n")) } else { Cow::Borrowed(text) }
}

/// What the editor shows.
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The current input and what the core found in it.
    pub analysis: Rc<Analysis>,
    /// The line to highlight and scroll to.
    pub focus: Option<Focus>,
}

/// The Dockerfile editor.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let dispatch = use_context::<Dispatch>();
    let textarea = use_node_ref();
    let rows = use_node_ref();
    let marks = use_node_ref();
    let gutter = use_node_ref();

    let oninput = {
        let dispatch = dispatch.clone();
        Callback::from(move |event: InputEvent| {
            let editor: HtmlTextAreaElement = event.target_unchecked_into();
            if let Some(dispatch) = &dispatch {
                dispatch.dispatch(Action::Edit(editor.value()));
            }
        })
    };
    let onscroll = {
        let layers = [rows.clone(), marks.clone(), gutter.clone()];
        Callback::from(move |event: Event| {
            let editor: HtmlTextAreaElement = event.target_unchecked_into();
            follow_scroll(&editor, &layers);
        })
    };
    {
        let (textarea, layers) = (textarea.clone(), [rows.clone(), marks.clone(), gutter.clone()]);
        use_effect_with(props.focus, move |focus| {
            if let (Some(focus), Some(editor)) = (focus, textarea.cast::<HtmlTextAreaElement>()) {
                reveal_line(&editor, focus.line);
                follow_scroll(&editor, &layers);
            }
        });
    }

    let text = &props.analysis.input;
    let line_count = text.split('\n').count();
    let numbers: String = (1..=line_count).map(|n| format!("{n}\n")).collect();
    let error = props.analysis.error.as_ref();
    let error_line = error.map(|e| e.range.start.line);
    let focus_line = props.focus.map(|f| f.line);
    let line_text = |line: u32| text.split('\n').nth(line.saturating_sub(1) as usize).unwrap_or("").to_owned();
    let go_to_error = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            if let (Some(dispatch), Some(line)) = (&dispatch, error_line) {
                dispatch.dispatch(Action::FocusLine(line));
            }
        })
    };

    html! {
        <>
        <div class={classes!("editor", error.is_some().then_some("has-error"))}>
            <div class="gutter" aria-hidden="true">
                <div class="gutter-layer" ref={gutter}>
                    <pre class="gutter-numbers">{numbers}</pre>
                    if let Some(line) = error_line {
                        <div class="row-mark gutter-error" style={row_style(line)} title="error on this line">{"!"}</div>
                    }
                </div>
            </div>
            <div class="editor-body">
                <div class="editor-layer rows" ref={rows} aria-hidden="true">
                    if let Some(line) = focus_line {
                        <div class="row-mark row-focus" style={row_style(line)}></div>
                    }
                    if let Some(line) = error_line {
                        <div class="row-mark row-error" style={row_style(line)}></div>
                    }
                </div>
                <div class="editor-layer marks" ref={marks} aria-hidden="true">
                    if let (Some(line), Some(error)) = (error_line, error) {
                        <div class="row-mark inline-error-row" style={row_style(line)}>
                            <span class="ghost-text">{line_text(line)}</span>
                            <span class="inline-error">{format!("  \u{2190} {}", error.message)}</span>
                        </div>
                    }
                </div>
                <textarea
                    id="dockerfile-input"
                    data-testid="input"
                    ref={textarea}
                    class="editor-text"
                    value={text.clone()}
                    {oninput}
                    {onscroll}
                    wrap="off"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    aria-invalid={error.is_some().to_string()}
                    aria-describedby="input-help input-error"
                    rows="18"
                />
            </div>
        </div>
        <p id="input-help" class="help">{"Type or paste a Dockerfile; everything updates as you type."}</p>
        <div id="input-error" class="error-slot" role="status" aria-live="polite">
            if let Some(error) = error {
                <button type="button" class="error-message" data-testid="error" onclick={go_to_error}>
                    <span class="severity severity-error">{"error"}</span>
                    {format!(" line {}, column {}: {}", error.range.start.line, error.range.start.column, error.message)}
                </button>
            }
        </div>
        </>
    }
}

/// Places a highlight at a 1-based line of the layers that share the textarea's geometry.
fn row_style(line: u32) -> String {
    format!("top: calc({} * var(--line-height) + var(--editor-pad))", line.saturating_sub(1))
}

/// Moves the gutter and the layers behind the text with the textarea's scroll position (the
/// gutter only vertically).
fn follow_scroll(editor: &HtmlTextAreaElement, layers: &[NodeRef; 3]) {
    let (top, left) = (editor.scroll_top(), editor.scroll_left());
    for (i, layer) in layers.iter().enumerate() {
        if let Some(layer) = layer.cast::<HtmlElement>() {
            let x = if i == 2 { 0 } else { left };
            let _ignored = layer.style().set_property("transform", &format!("translate({}px, {}px)", -x, -top));
        }
    }
}

/// Selects a 1-based line in the textarea and scrolls it into view.
fn reveal_line(editor: &HtmlTextAreaElement, line: u32) {
    let value = editor.value();
    // Selection offsets count UTF-16 code units.
    let mut start = 0u32;
    let mut found = None;
    for (index, text) in value.split('\n').enumerate() {
        let length = u32::try_from(text.encode_utf16().count()).unwrap_or(u32::MAX);
        if index + 1 == line as usize {
            found = Some((start, start.saturating_add(length)));
            break;
        }
        start = start.saturating_add(length).saturating_add(1);
    }
    let Some((start, end)) = found else { return };
    let _ignored = editor.focus();
    let _ignored = editor.set_selection_range(start, end);
    let line_height = editor
        .owner_document()
        .and_then(|document| document.default_view())
        .and_then(|window| window.get_computed_style(editor).ok().flatten())
        .and_then(|style| style.get_property_value("line-height").ok())
        // The browser's `parseFloat` (which reads "20px" as 20, and "normal" as NaN): Rust's
        // `f64::from_str` would add its code and tables to the download, 15 KB gzipped, for
        // this one number.
        .map(|value| js_sys::parse_float(&value))
        .filter(|height| height.is_finite())
        .unwrap_or(20.0);
    let row_top = f64::from(line.saturating_sub(1)) * line_height;
    let target = row_top - f64::from(editor.client_height()) / 3.0;
    editor.set_scroll_top(target.max(0.0) as i32);
    if let Some(element) = editor.dyn_ref::<web_sys::Element>() {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        element.scroll_into_view_with_scroll_into_view_options(&options);
    }
}
