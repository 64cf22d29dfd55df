//! The page's few dealings with the browser: the URL fragment, local storage, the clipboard and
//! downloads. Each degrades quietly: a page without storage or clipboard access still works.

use std::cell::RefCell;

use slimfile_core::input::MAX_INPUT_BYTES;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::compression::{self, InflateError};
use crate::share::{self, ShareError};

/// Where the last input is remembered between visits.
const STORAGE_KEY: &str = "slimfile.dockerfile";

thread_local! {
    /// The last share link the page read or wrote (the fragment with its `#`) and the text it
    /// carries, `None` while it is being read. Links are deflated and inflated asynchronously,
    /// so this is how the page tells, at once, whether the URL still matches the editor.
    static KNOWN_LINK: RefCell<Option<(String, Option<String>)>> = const { RefCell::new(None) };
}

/// The Dockerfile a share link's fragment (with or without its leading `#`) carries.
///
/// # Errors
/// When the fragment is not a share link, or its data is damaged, too large or not text.
pub async fn decode_link(fragment: &str) -> Result<String, ShareError> {
    let deflated = share::deflated(fragment)?;
    let inflated = compression::inflate(&deflated, MAX_INPUT_BYTES).await.map_err(|error| match error {
        InflateError::Corrupt => ShareError::Corrupt,
        InflateError::TooLarge => ShareError::TooLarge,
    })?;
    share::text(inflated)
}

/// The Dockerfile in the page's URL fragment: `None` when the fragment holds none.
pub async fn shared_input() -> Option<Result<String, ShareError>> {
    let hash = gloo::utils::window().location().hash().ok()?;
    if !share::is_link(&hash) {
        return None;
    }
    KNOWN_LINK.with(|known| *known.borrow_mut() = Some((hash.clone(), None)));
    let decoded = decode_link(&hash).await;
    let known = decoded.as_ref().ok().map(|text| (hash, Some(text.clone())));
    KNOWN_LINK.with(|link| *link.borrow_mut() = known);
    Some(decoded)
}

/// Why the page could not make a share link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkFailure {
    /// The browser cannot deflate (no `CompressionStream` for raw deflate).
    NoCompression,
    /// The browser did not let the page change its address.
    AddressLocked,
}

/// Puts `text` in the URL fragment (replacing the current history entry) and returns the link.
///
/// # Errors
/// When the browser cannot deflate, or does not let the page change its address.
pub async fn share(text: &str) -> Result<String, LinkFailure> {
    let deflated = compression::deflate(text.as_bytes()).await.ok_or(LinkFailure::NoCompression)?;
    let fragment = format!("#{}", share::fragment(&deflated));
    let window = gloo::utils::window();
    let history = window.history().map_err(|_| LinkFailure::AddressLocked)?;
    history.replace_state_with_url(&JsValue::NULL, "", Some(&fragment)).map_err(|_| LinkFailure::AddressLocked)?;
    KNOWN_LINK.with(|known| *known.borrow_mut() = Some((fragment, Some(text.to_owned()))));
    window.location().href().map_err(|_| LinkFailure::AddressLocked)
}

/// Drops a share link from the URL once the text has moved on from what it carries, so
/// reloading shows the latest input rather than the shared one. A link still being read stays.
pub fn forget_shared_input_unless(text: &str) {
    let window = gloo::utils::window();
    let Ok(hash) = window.location().hash() else { return };
    if !share::is_link(&hash) {
        return;
    }
    let current = KNOWN_LINK.with(|known| {
        known
            .borrow()
            .as_ref()
            .is_some_and(|(link, carries)| *link == hash && carries.as_deref().is_none_or(|shared| shared == text))
    });
    if !current {
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
