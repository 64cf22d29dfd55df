//! Raw deflate (RFC 1951) through the browser's own `CompressionStream` and
//! `DecompressionStream` (`"deflate-raw"`: Chromium 103, Firefox 113, Safari 16.4), for share
//! links.
//!
//! A deflate codec compiled into the page (miniz_oxide) was 15 KB of its gzipped download, and
//! the browser has one already: with these bindings and the asynchronous code they need, the page
//! is 12 KB smaller. The price is that both directions are asynchronous.

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStream, ReadableStreamDefaultReader, ReadableStreamReadResult, WritableStream};

// web-sys has these two only behind `--cfg=web_sys_unstable_apis`; the handful of members used
// here are stable in every browser that has them.
#[wasm_bindgen]
extern "C" {
    type CompressionStream;

    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;

    #[wasm_bindgen(method, getter)]
    fn readable(this: &CompressionStream) -> ReadableStream;

    #[wasm_bindgen(method, getter)]
    fn writable(this: &CompressionStream) -> WritableStream;

    type DecompressionStream;

    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;

    #[wasm_bindgen(method, getter)]
    fn readable(this: &DecompressionStream) -> ReadableStream;

    #[wasm_bindgen(method, getter)]
    fn writable(this: &DecompressionStream) -> WritableStream;
}

/// The format both streams are made with: deflate data without a zlib or gzip wrapper.
const FORMAT: &str = "deflate-raw";

/// Why bytes could not be inflated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InflateError {
    /// Not complete deflate data (or the browser has no `DecompressionStream`).
    Corrupt,
    /// It inflates to more than the limit.
    TooLarge,
}

/// `bytes` deflated: `None` when the browser has no `CompressionStream` for raw deflate.
pub async fn deflate(bytes: &[u8]) -> Option<Vec<u8>> {
    let stream = CompressionStream::new(FORMAT).ok()?;
    transform(stream.readable(), &stream.writable(), bytes, usize::MAX).await.ok()
}

/// The bytes `deflated` inflates to, as long as they are at most `limit` bytes: a small link
/// can inflate to gigabytes, so reading stops at the limit.
///
/// # Errors
/// When `deflated` is not complete deflate data, or inflates to more than `limit` bytes.
pub async fn inflate(deflated: &[u8], limit: usize) -> Result<Vec<u8>, InflateError> {
    let stream = DecompressionStream::new(FORMAT).map_err(|_| InflateError::Corrupt)?;
    transform(stream.readable(), &stream.writable(), deflated, limit).await
}

/// Writes `input` into a transform stream and reads what comes out, up to `limit` bytes.
async fn transform(
    readable: ReadableStream,
    writable: &WritableStream,
    input: &[u8],
    limit: usize,
) -> Result<Vec<u8>, InflateError> {
    let writer = writable.get_writer().map_err(|_| InflateError::Corrupt)?;
    // Not awaited before reading: the stream only transforms what its reader asks for. Both
    // promises are handled from here on, so a rejection (bad data, or reading stopped early)
    // never reaches the console as unhandled.
    let written = JsFuture::from(writer.write_with_chunk(&Uint8Array::from(input)));
    let closed = JsFuture::from(writer.close());
    let reader: ReadableStreamDefaultReader = readable.get_reader().unchecked_into();
    let mut output = Vec::new();
    let outcome = loop {
        let Ok(result) = JsFuture::from(reader.read()).await else { break Err(InflateError::Corrupt) };
        let result: ReadableStreamReadResult = result.unchecked_into();
        if result.get_done().unwrap_or(true) {
            break Ok(());
        }
        let chunk = Uint8Array::new(&result.get_value());
        let start = output.len();
        let end = start.saturating_add(chunk.length() as usize);
        if end > limit {
            let _cancelled = JsFuture::from(reader.cancel()).await;
            break Err(InflateError::TooLarge);
        }
        output.resize(end, 0);
        chunk.copy_to(&mut output[start..]);
    };
    let _written = written.await;
    let _closed = closed.await;
    outcome.map(|()| output)
}
