//! The page's entry point: mounts the playground on the document body.
//!
//! On the host this binary does nothing; the site is built for wasm32 by `scripts/build-web`.

fn main() {
    #[cfg(target_arch = "wasm32")]
    slimfile_web::start();
}
