//! The share button: puts the Dockerfile, compressed, in the page's URL and copies the link.

use yew::prelude::*;

use crate::browser::{self, LinkFailure};

/// What the share button shares.
#[derive(Properties, PartialEq)]
pub struct ShareButtonProps {
    /// The editor's current text.
    pub input: AttrValue,
}

/// A link that reopens the page with this Dockerfile.
#[component]
pub fn ShareButton(props: &ShareButtonProps) -> Html {
    // The text the link was made for, the link, and what happened to the clipboard.
    let shared = use_state(|| None::<(AttrValue, String, &'static str)>);
    let onclick = {
        let (shared, input) = (shared.clone(), props.input.clone());
        Callback::from(move |_: MouseEvent| {
            let (shared, input) = (shared.clone(), input.clone());
            yew::platform::spawn_local(async move {
                let link = match browser::share(&input).await {
                    Ok(link) => link,
                    Err(failure) => {
                        let note = match failure {
                            LinkFailure::NoCompression => {
                                "This browser cannot compress the link (it has no CompressionStream)."
                            }
                            LinkFailure::AddressLocked => "The browser did not let the page change its address.",
                        };
                        shared.set(Some((input, String::new(), note)));
                        return;
                    }
                };
                shared.set(Some((input.clone(), link.clone(), "Making the link\u{2026}")));
                let note = match browser::copy(&link).await {
                    Ok(()) => "Link copied to the clipboard.",
                    Err(_) => "Copy the link:",
                };
                shared.set(Some((input, link, note)));
            });
        })
    };
    let current = shared.as_ref().filter(|(text, _, _)| *text == props.input);
    html! {
        <div class="share">
            <button type="button" class="button primary" data-testid="share" {onclick}>{"Share"}</button>
            if let Some((_, link, note)) = current {
                <span class="share-note" role="status">{*note}</span>
                if !link.is_empty() {
                    <input
                        class="share-link"
                        data-testid="share-link"
                        readonly=true
                        value={link.clone()}
                        aria-label="Share link"
                        onfocus={Callback::from(|event: FocusEvent| {
                            let field: web_sys::HtmlInputElement = event.target_unchecked_into();
                            field.select();
                        })}
                    />
                }
            }
        </div>
    }
}
