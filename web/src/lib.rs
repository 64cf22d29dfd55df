//! The slimfile playground: paste a Dockerfile and watch it become a slim multi-stage build, live,
//! with the core compiled to WebAssembly and no server.
//!
//! The page itself exists only in the browser (`target_arch = "wasm32"`). Its logic (the engine
//! over the core, the reducer, the line diff, share links, docs pages) is plain Rust that the
//! host's `cargo test` checks quickly.

pub mod comparison;
pub mod diff;
pub mod docs;
pub mod engine;
pub mod examples;
pub mod share;
pub mod state;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod compression;

/// Mounts the playground on the document body: what the page's entry point runs. The page is
/// mounted once it knows its first text (a share link is inflated asynchronously).
#[cfg(target_arch = "wasm32")]
pub fn start() {
    yew::platform::spawn_local(async {
        let opening = app::Opening::read().await;
        yew::Renderer::<app::App>::with_props(app::AppProps { opening }).render();
    });
}
