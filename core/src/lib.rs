//! slimfile's core: parse a Dockerfile, model its stages, find what bloats the image, estimate
//! sizes and rewrite it as a multi-stage build.
//!
//! The crate is pure: no filesystem, network, threads, clocks or environment, so the same code
//! runs in the CLI, the GitHub Action and the browser (wasm32).

mod apt;
pub mod builtin_rules;
pub mod check;
pub mod config;
pub mod context_files;
pub mod decimal;
pub mod document;
pub mod ecosystem;
pub mod estimate;
pub mod finding;
pub mod fingerprint;
pub mod fix;
pub mod fix_level;
pub mod image_ref;
pub mod input;
pub mod limits;
mod lines;
mod parser;
mod paths;
pub mod project_files;
pub mod proposal;
pub mod rewrite;
pub mod rules;
pub mod shell;
pub mod source;
pub mod stable_sort;
pub mod stages;
pub mod variables;
pub mod verify;

pub use check::{CheckOptions, CheckResult, check};
pub use config::Config;
pub use document::{Dockerfile, Instruction, Keyword, ParseError};
pub use finding::{Finding, Severity};
pub use fix_level::FixLevel;
pub use parser::parse;
pub use proposal::{Proposal, ProposalOptions, propose};
pub use source::{Position, Range, Span};
