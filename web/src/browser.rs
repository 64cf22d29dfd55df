//! The page's few dealings with the browser: the URL fragment, local storage, the clipboard and
//! downloads. Each degrades quietly: a page without storage or clipboard access still works.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::share::{self, ShareError};

/// Where the last input is remembered between visits.
const STORAGE_KEY: &str = "slimfile.dockerfile";

/// The Dockerfile in the page's URL fragment: `None` when the fragment holds none.
#[must_use]
pub fn shared_input() -> Option<Result<String, ShareError>> {
    let hash = gloo::utils::window().location().hash().ok()?;
    match share::decode(&hash) {
        Err(ShareError::NotAShareLink) => None,
        decoded => Some(decoded),
    }
}

/// Puts `text` in the URL fragment (replacing the current history entry) and returns the link.
#[must_use]
pub fn share(text: &str) -> Option<String> {
    let window = gloo::utils::window();
    let fragment = format!("#{}", share::encode(text));
    window.history().ok()?.replace_state_with_url(&JsValue::NULL, "", Some(&fragment)).ok()?;
    window.location().href().ok()
}

/// Drops a share link from the URL once the text has moved on, so reloading shows the latest
/// input rather than the shared one.
pub fn forget_shared_input() {
    let window = gloo::utils::window();
    if window.location().hash().is_ok_and(|hash| !hash.is_empty()) {
        let path = window.location().pathname().unwrap_or_default();
        let query = window.location().search().unwrap_or_default();
        if let Ok(history) = window.history() {
            let _ignored = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{query}")));
        }
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// The input remembered from the last visit.
#[must_use]
pub fn remembered_input() -> Option<String> {
    local_storage()?.get_item(STORAGE_KEY).ok().flatten()
}

/// Remembers `text` for the next visit (silently not, when storage is off or full).
pub fn remember_input(text: &str) {
    if let Some(storage) = local_storage() {
        let _ignored = storage.set_item(STORAGE_KEY, text);
    }
}

/// Copies `text` to the clipboard.
///
/// # Errors
/// When the page may not write the clipboard (no permission, not a secure context).
pub async fn copy(text: &str) -> Result<(), JsValue> {
    let clipboard = gloo::utils::window().navigator().clipboard();
    JsFuture::from(clipboard.write_text(text)).await.map(|_| ())
}

/// Offers `text` as a file download named `name`.
///
/// # Errors
/// When the browser refuses to make the file.
pub fn download(name: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    // Not text/plain: browsers would save `Dockerfile` as `Dockerfile.txt`.
    options.set_type("application/octet-stream");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = gloo::utils::document().create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url)
}
