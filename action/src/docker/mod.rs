//! The docker-facing half of `slimfile verify`: it runs the `docker` CLI and reports what it saw;
//! every decision about what it saw is the core's (`slimfile_core::verify`).
//!
//! The CLI rather than the Engine API (bollard): BuildKit builds through the API need BuildKit's
//! session protocol on top, the CLI already speaks it, every machine that can build images has it,
//! and a client crate would add its compile time to every build of the binary for a command that
//! shells out to builds lasting minutes anyway.

pub mod buildkit_progress;
pub mod cli;
pub mod http_probe;
pub mod leftovers;
