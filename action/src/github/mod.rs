//! The GitHub side of the Action: the run's environment, the REST client, and each channel a
//! finding can reach a pull request through.

pub mod author;
pub mod client;
pub mod files;
pub mod filter;
pub mod head_files;
pub mod hunks;
pub mod identity;
pub mod inputs;
pub mod proxy;
pub mod reporter;
pub mod retry;
pub mod review;
pub mod review_plan;
pub mod run_environment;
pub mod step_files;
pub mod summary_comment;
