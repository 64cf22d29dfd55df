//! Share links in headless Chromium, where the browser's `deflate-raw` streams do the deflating:
//! links round-trip, links made before (with miniz_oxide, level 9) still open, links made now
//! are the same format (miniz_oxide inflates them), and damaged, oversized or binary links are
//! refused with the right reason.
//!
//! Run with `cargo test -p slimfile-web --target wasm32-unknown-unknown --test share_links`.
#![cfg(target_arch = "wasm32")]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use slimfile_core::input::MAX_INPUT_BYTES;
use slimfile_web::browser::decode_link;
use slimfile_web::compression::deflate;
use slimfile_web::examples::EXAMPLES;
use slimfile_web::share::{KEY, ShareError, fragment};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn texts() -> Vec<String> {
    let all_examples: String = EXAMPLES.iter().map(|example| example.dockerfile).collect();
    vec![
        String::new(),
        "FROM scratch\n".to_owned(),
        "FROM alpine\r\nRUN echo \"é ✓ 🐳\"\n".to_owned(),
        "RUN true\n".repeat(2000),
        all_examples,
    ]
}

/// A link as the page made it before it used the browser's deflate.
fn link_made_with_miniz(bytes: &[u8]) -> String {
    format!("{KEY}{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(bytes, 9)))
}

async fn link_made_now(text: &str) -> String {
    fragment(&deflate(text.as_bytes()).await.expect("the browser deflates"))
}

#[wasm_bindgen_test]
async fn links_round_trip() {
    for text in texts() {
        let link = link_made_now(&text).await;
        assert_eq!(decode_link(&link).await.as_deref(), Ok(text.as_str()));
        assert_eq!(decode_link(&format!("#{link}")).await.as_deref(), Ok(text.as_str()));
    }
}

#[wasm_bindgen_test]
async fn links_made_before_still_open_and_links_made_now_are_the_same_format() {
    for text in texts() {
        let old = link_made_with_miniz(text.as_bytes());
        assert_eq!(decode_link(&old).await.as_deref(), Ok(text.as_str()));
        let new = link_made_now(&text).await;
        let deflated = URL_SAFE_NO_PAD.decode(&new[KEY.len()..]).expect("base64url");
        let inflated = miniz_oxide::inflate::decompress_to_vec(&deflated).expect("raw deflate");
        assert_eq!(inflated, text.as_bytes());
    }
}

#[wasm_bindgen_test]
async fn links_are_shorter_than_the_dockerfiles() {
    let text: String = EXAMPLES.iter().map(|example| example.dockerfile).collect();
    let link = link_made_now(&text).await;
    assert!(link.len() < text.len(), "{} >= {}", link.len(), text.len());
}

#[wasm_bindgen_test]
async fn damaged_links_are_refused() {
    assert_eq!(decode_link("other=1").await, Err(ShareError::NotAShareLink));
    assert_eq!(decode_link("dockerfile=***").await, Err(ShareError::Corrupt));
    assert_eq!(decode_link("dockerfile=").await, Err(ShareError::Corrupt));
    assert_eq!(decode_link("dockerfile=not-deflate").await, Err(ShareError::Corrupt));
    let link = link_made_now(&"FROM alpine\n".repeat(50)).await;
    assert_eq!(decode_link(&link[..link.len() - 4]).await, Err(ShareError::Corrupt));
    assert_eq!(decode_link(&link_made_with_miniz(&[0xff, 0xfe])).await, Err(ShareError::NotText));
}

#[wasm_bindgen_test]
async fn refuses_to_inflate_past_the_core_limit() {
    let at_limit = vec![b'a'; MAX_INPUT_BYTES];
    let link = link_made_with_miniz(&at_limit);
    assert_eq!(decode_link(&link).await.map(|text| text.len()), Ok(MAX_INPUT_BYTES));
    let bomb = link_made_with_miniz(&vec![b'a'; MAX_INPUT_BYTES + 1]);
    assert!(bomb.len() < 64 * 1024);
    assert_eq!(decode_link(&bomb).await, Err(ShareError::TooLarge));
}
