//! The page mounted in headless Chromium: set the input and see the findings and the output,
//! errors, fixes, examples, share links, storage and rule docs, through the DOM a person uses.
//!
//! Run with `cargo test -p slimfile-web --target wasm32-unknown-unknown` (scripts/test-web).
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use slimfile_web::app::{App, AppProps, Opening};
use slimfile_web::examples::EXAMPLES;
use slimfile_web::{browser, engine};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlSelectElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

const APT: &str = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n";

/// One mounted page, removed when dropped so the next test starts clean.
struct Page {
    root: Element,
    app: Option<yew::AppHandle<App>>,
}

impl Drop for Page {
    fn drop(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.root.remove();
    }
}

fn window() -> web_sys::Window {
    web_sys::window().expect("a window")
}

/// Lets Yew render what the last event scheduled.
async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(5)).await;
}

/// How long the page's asynchronous work (the browser's deflate streams) may take on a loaded
/// machine before a test gives up: tests wait for the condition they need, never a fixed time.
const PATIENCE_MS: f64 = 30_000.0;

/// Waits until `holds` is true, failing with `what` only when it never becomes true.
async fn wait_until(what: &str, holds: impl Fn() -> bool) {
    let start = js_sys::Date::now();
    while !holds() {
        assert!(js_sys::Date::now() - start < PATIENCE_MS, "{what}: not within {PATIENCE_MS} ms");
        settle().await;
    }
}

/// Mounts the page with this URL fragment and nothing remembered from an earlier visit.
async fn mount_with(fragment: &str) -> Page {
    let storage = window().local_storage().expect("storage").expect("storage");
    storage.clear().expect("clear storage");
    set_fragment(fragment);
    mount_again().await
}

/// Mounts the page as a reload would: keeping the fragment and local storage.
async fn mount_again() -> Page {
    let document = window().document().expect("a document");
    let root = document.create_element("div").expect("a div");
    document.body().expect("a body").append_child(&root).expect("appended");
    let opening = Opening::read().await;
    let app = yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { opening }).render();
    settle().await;
    Page { root, app: Some(app) }
}

fn set_fragment(fragment: &str) {
    let history = window().history().expect("history");
    let url = if fragment.is_empty() { window().location().pathname().expect("path") } else { format!("#{fragment}") };
    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url)).expect("replace state");
}

impl Page {
    fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).expect("a valid selector")
    }

    fn get(&self, selector: &str) -> Element {
        self.find(selector).unwrap_or_else(|| panic!("no {selector} on the page"))
    }

    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).expect("a valid selector");
        (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
    }

    fn editor(&self) -> HtmlTextAreaElement {
        self.get("[data-testid=input]").dyn_into().expect("a textarea")
    }

    fn output(&self) -> String {
        self.get("[data-testid=output]").text_content().unwrap_or_default()
    }

    fn rules(&self) -> Vec<String> {
        self.all("[data-testid=findings] li").iter().filter_map(|li| li.get_attribute("data-rule")).collect()
    }

    /// Replaces the editor's text the way typing or pasting does: the value, then an `input`
    /// event.
    async fn type_text(&self, text: &str) {
        let editor = self.editor();
        editor.set_value(text);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let event = web_sys::Event::new_with_event_init_dict("input", &init).expect("an event");
        editor.dispatch_event(&event).expect("dispatched");
        settle().await;
    }

    async fn click(&self, element: &Element) {
        element.dyn_ref::<HtmlElement>().expect("an HTML element").click();
        settle().await;
    }
}

fn expected_output(text: &str) -> String {
    engine::analyse(text).proposal.expect("a proposal").text
}

#[wasm_bindgen_test]
async fn opens_with_the_first_example_and_its_proposal() {
    let page = mount_with("").await;
    assert_eq!(page.editor().value(), EXAMPLES[0].dockerfile);
    assert_eq!(page.output(), expected_output(EXAMPLES[0].dockerfile));
    // Without a build context the rewrite is medium: the default output (as `fix --stdout`) leaves
    // it out, and the page says why.
    assert!(!page.output().contains(" AS "), "a medium rewrite applied by default: {}", page.output());
    assert!(page.rules().contains(&"multi-stage-build".to_owned()), "{:?}", page.rules());
}

#[wasm_bindgen_test]
async fn typing_updates_the_findings_and_the_output() {
    let page = mount_with("").await;
    page.type_text(APT).await;
    let rules = page.rules();
    assert!(rules.contains(&"apt-install-recommends".to_owned()), "{rules:?}");
    assert!(rules.contains(&"package-cache-in-layer".to_owned()), "{rules:?}");
    assert_eq!(page.output(), expected_output(APT));
    // The safe fix is applied; the unsafe one (`--no-install-recommends`) is opt-in.
    assert!(page.output().contains("rm -rf /var/lib/apt/lists/*"), "{}", page.output());
    assert!(!page.output().contains("--no-install-recommends"), "{}", page.output());
    // Added lines are marked in the output.
    assert!(!page.all("[data-testid=output] .added").is_empty());
}

#[wasm_bindgen_test]
async fn the_size_panel_shows_the_core_estimate_before_and_after() {
    let page = mount_with("").await;
    page.type_text(APT).await;
    let estimate = engine::analyse(APT).estimate.expect("an estimate");
    for (testid, size) in [("size-before", estimate.before.size), ("size-after", estimate.after.size)] {
        let row = page.get(&format!("[data-testid={testid}]"));
        assert_eq!(row.get_attribute("data-disk-bytes"), Some(size.uncompressed_bytes.to_string()), "{testid}");
        assert_eq!(row.get_attribute("data-compressed-bytes"), Some(size.compressed_bytes.to_string()), "{testid}");
        let text = row.text_content().unwrap_or_default();
        let disk = slimfile_core::estimate::units::megabytes(size.uncompressed_bytes);
        assert!(text.contains(&format!("~{disk} on disk")), "{testid}: {text}");
    }
    assert!(estimate.after.size.uncompressed_bytes < estimate.before.size.uncompressed_bytes);
    let grounds = page.get(".size-grounds").text_content().unwrap_or_default();
    assert!(grounds.contains("debian"), "the base's source is named: {grounds}");

    // The per-stage breakdown is drawn when opened.
    assert!(page.find(".size-details .stages").is_none());
    let details: web_sys::HtmlDetailsElement = page.get(".size-details").dyn_into().expect("details");
    details.set_open(true);
    settle().await;
    let stages = page.get(".size-details .stages").text_content().unwrap_or_default();
    assert!(stages.contains("FROM debian:12"), "{stages}");
    assert!(stages.contains("line 2 RUN"), "{stages}");
}

#[wasm_bindgen_test]
async fn a_broken_line_shows_its_error_and_keeps_the_last_result_dimmed() {
    let page = mount_with("").await;
    page.type_text(APT).await;
    let good = page.output();
    page.type_text(&format!("{APT}COPY onlyone\n")).await;
    let error = page.get("[data-testid=error]").text_content().unwrap_or_default();
    assert!(error.contains("line 3"), "{error}");
    assert!(error.contains("COPY"), "{error}");
    let inline = page.get(".inline-error").text_content().unwrap_or_default();
    assert!(inline.contains("COPY instruction requires"), "{inline}");
    assert_eq!(page.editor().get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(page.output(), good);
    assert!(page.find(".result-body.stale").is_some());
    assert!(page.find(".size-body.stale").is_some(), "the size panel keeps the last estimate, dimmed");
    page.type_text(APT).await;
    assert!(page.find("[data-testid=error]").is_none());
    assert!(page.find(".result-body.stale").is_none());
}

#[wasm_bindgen_test]
async fn clicking_a_finding_selects_its_line_in_the_editor() {
    let page = mount_with("").await;
    page.type_text(APT).await;
    let item = page.get("[data-testid=findings] li[data-rule=apt-install-recommends] .finding-jump");
    page.click(&item).await;
    let editor = page.editor();
    let (start, end) = (editor.selection_start().ok().flatten(), editor.selection_end().ok().flatten());
    let line_two = APT.lines().nth(1).expect("line 2");
    let at = u32::try_from(APT.find(line_two).expect("offset")).expect("small");
    assert_eq!((start, end), (Some(at), Some(at + u32::try_from(line_two.len()).expect("small"))));
    assert!(page.find(".row-focus").is_some());
}

#[wasm_bindgen_test]
async fn apply_buttons_change_the_input() {
    let page = mount_with("").await;
    page.type_text(APT).await;
    let apply = page.get("[data-testid=findings] li[data-rule=apt-install-recommends] [data-testid=apply-fix]");
    page.click(&apply).await;
    assert!(page.editor().value().contains("install --no-install-recommends -y curl"), "{}", page.editor().value());
    assert!(!page.rules().contains(&"apt-install-recommends".to_owned()));

    page.type_text(APT).await;
    page.click(&page.get("[data-testid=apply-all-safe]")).await;
    let fixed = page.editor().value();
    assert!(fixed.contains("rm -rf /var/lib/apt/lists/*") && !fixed.contains("--no-install-recommends"), "{fixed}");
}

#[wasm_bindgen_test]
async fn the_examples_menu_loads_every_example() {
    let page = mount_with("").await;
    let menu: HtmlSelectElement = page.get("[data-testid=examples]").dyn_into().expect("a select");
    for example in EXAMPLES.iter().rev() {
        menu.set_value(example.id);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        menu.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).expect("event"))
            .expect("dispatched");
        settle().await;
        assert_eq!(page.editor().value(), example.dockerfile, "{}", example.id);
        assert_eq!(page.output(), expected_output(example.dockerfile), "{}", example.id);
        assert_eq!(menu.value(), "", "the menu returns to its prompt");
    }
}

#[wasm_bindgen_test]
async fn a_share_link_and_local_storage_restore_the_input() {
    let page = mount_with("").await;
    page.type_text(APT).await;
    page.click(&page.get("[data-testid=share]")).await;
    // The browser deflates the link asynchronously.
    wait_until("the share link", || page.find("[data-testid=share-link]").is_some()).await;
    let fragment = window().location().hash().expect("a fragment");
    assert_eq!(browser::decode_link(&fragment).await.as_deref(), Ok(APT));
    drop(page);

    let storage = window().local_storage().expect("storage").expect("storage");
    storage.clear().expect("cleared");
    let reopened = mount_again().await;
    assert_eq!(reopened.editor().value(), APT);
    // Editing drops the now stale link from the URL, and the text is remembered instead.
    reopened.type_text("FROM alpine:3.20\n").await;
    assert_eq!(window().location().hash().expect("a fragment"), "");
    drop(reopened);
    let reloaded = mount_again().await;
    assert_eq!(reloaded.editor().value(), "FROM alpine:3.20\n");
}

#[wasm_bindgen_test]
async fn a_damaged_share_link_says_so_and_opens_the_page_anyway() {
    let page = mount_with("dockerfile=not-deflate").await;
    let notice = page.get(".notice").text_content().unwrap_or_default();
    assert!(notice.contains("damaged"), "{notice}");
    assert_eq!(page.editor().value(), EXAMPLES[0].dockerfile);
    set_fragment("");
}

#[wasm_bindgen_test]
async fn rule_docs_open_in_a_dialog_and_close_with_escape() {
    let page = mount_with("").await;
    page.type_text(APT).await;
    let opener = page.get("li[data-rule=apt-install-recommends] [data-testid=rule-docs]");
    opener.dyn_ref::<HtmlElement>().expect("a button").focus().expect("focused");
    page.click(&opener).await;
    let dialog = page.get("[data-testid=rule-docs-page]");
    let focused = || window().document().and_then(|d| d.active_element()).and_then(|e| e.text_content());
    assert_eq!(focused().as_deref(), Some("Close"), "keyboard focus moves into the dialog");
    assert_eq!(
        dialog.query_selector("h2").ok().flatten().and_then(|h| h.text_content()).as_deref(),
        Some("apt-install-recommends")
    );
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let escape = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    dialog.dispatch_event(&escape).expect("dispatched");
    settle().await;
    assert!(page.find("[data-testid=rule-docs-page]").is_none());
    assert_eq!(focused().as_deref(), Some("apt-install-recommends"), "and back to the docs button");
}
