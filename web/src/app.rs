//! The page: its state, its layout, and what it remembers between visits.

use std::rc::Rc;

use gloo::events::EventListener;
use yew::prelude::*;

use crate::browser;
use crate::components::editor::{Editor, textarea_text};
use crate::components::examples_menu::ExamplesMenu;
use crate::components::findings_list::FindingsList;
use crate::components::result_pane::ResultPane;
use crate::components::rule_docs::RuleDocs;
use crate::components::share_button::ShareButton;
use crate::components::size_panel::SizePanel;
use crate::examples::EXAMPLES;
use crate::state::{Action, State};

/// How components change the page's state: they send an [`Action`] through this, from the
/// context the page provides.
pub type Dispatch = UseReducerDispatcher<State>;

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

/// What the page opens with: a shared Dockerfile from the link, else the one remembered from
/// the last visit, else the first example; and a notice when the link could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct Opening {
    /// The editor's first text.
    pub text: String,
    /// Why the link in the URL was not opened, when it was not.
    pub notice: Option<String>,
}

impl Opening {
    /// Reads the link, the storage and the examples. Asynchronous because the browser inflates
    /// share links asynchronously; the page is mounted once this is known, so it never shows
    /// another text first.
    pub async fn read() -> Self {
        let fallback = || browser::remembered_input().unwrap_or_else(|| EXAMPLES[0].dockerfile.to_owned());
        let (text, notice) = match browser::shared_input().await {
            Some(Ok(text)) => (text, None),
            Some(Err(error)) => (fallback(), Some(format!("The link could not be opened: {error}."))),
            None => (fallback(), None),
        };
        Self { text: textarea_text(&text).into_owned(), notice }
    }
}

/// What the page is mounted with.
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// Its first text, and a notice about the link.
    pub opening: Opening,
}

/// The whole page.
#[component]
pub fn App(props: &AppProps) -> Html {
    let state = {
        let text = props.opening.text.clone();
        use_reducer(move || State::new(&text))
    };

    // Remember every input, and drop a share link from the URL once the text has moved on.
    use_effect_with(state.current.clone(), |analysis| {
        browser::remember_input(&analysis.input);
        browser::forget_shared_input_unless(&analysis.input);
    });

    // A share link pasted into the address bar of an open page changes only the fragment.
    {
        let dispatch = state.dispatcher();
        use_effect_with((), move |()| {
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                let dispatch = dispatch.clone();
                yew::platform::spawn_local(async move {
                    if let Some(Ok(text)) = browser::shared_input().await {
                        dispatch.dispatch(Action::Edit(textarea_text(&text).into_owned()));
                    }
                });
            });
            move || drop(listener)
        });
    }

    let stale = state.is_stale();
    html! {
        <ContextProvider<Dispatch> context={state.dispatcher()}>
            <div class="page">
                <header class="top">
                    <div class="brand">
                        <h1>{"slimfile"}<span class="brand-sub">{" playground"}</span></h1>
                        <p class="tagline">
                            {"Paste a Dockerfile: see what bloats it and its slim multi-stage rewrite, as you type. \
                              Everything runs in your browser; nothing is uploaded."}
                        </p>
                    </div>
                    <nav class="toolbar" aria-label="Playground">
                        <ExamplesMenu />
                        <ShareButton input={AttrValue::from(state.input().to_owned())} />
                    </nav>
                </header>
                if let Some(text) = props.opening.notice.clone() {
                    <p class="notice" role="alert">{text}</p>
                }
                <main class="panes">
                    <section class="pane pane-input" aria-labelledby="input-title">
                        <div class="pane-head">
                            <h2 id="input-title"><label for="dockerfile-input">{"Your Dockerfile"}</label></h2>
                        </div>
                        <Editor analysis={state.current.clone()} focus={state.focus} />
                    </section>
                    <section class="pane pane-output" aria-labelledby="result-title">
                        <ResultPane shown={state.last_good.clone()} {stale} />
                    </section>
                    <section class="pane pane-findings" aria-labelledby="findings-title">
                        <FindingsList analysis={state.current.clone()} />
                    </section>
                    <section class="pane pane-size" aria-labelledby="size-title">
                        <SizePanel shown={state.last_good.clone()} {stale} />
                    </section>
                </main>
                <footer class="bottom">
                    <p>
                        {"slimfile runs the same core as its CLI and GitHub Action, compiled to WebAssembly. "}
                        {"The page works offline once loaded."}
                    </p>
                </footer>
                if let Some(rule) = state.docs {
                    <RuleDocs {rule} />
                }
            </div>
        </ContextProvider<Dispatch>>
    }
}
