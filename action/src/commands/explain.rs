//! `slimfile explain [RULE]`: the rule's docs page, the same text SARIF help and the playground
//! show.

use std::process::ExitCode;

use slimfile_core::builtin_rules;

use crate::cli::ExplainArgs;

/// Prints the docs page of `args.rule`, or the list of rules (the built-in `syntax-error` and
/// `unreadable-input` included); exit 2 for an unknown rule.
pub fn run(args: &ExplainArgs) -> ExitCode {
    match args.rule.as_deref() {
        None => {
            let rules = builtin_rules::every_rule();
            let width = rules.iter().map(|meta| meta.id.len()).max().unwrap_or(0);
            for meta in rules {
                println!("{:<width$} {:<8} {}", meta.id, meta.severity.as_str(), meta.summary);
            }
            ExitCode::SUCCESS
        }
        Some(id) => match builtin_rules::describe(id) {
            Some(meta) => {
                print!("{}", meta.page());
                ExitCode::SUCCESS
            }
            None => {
                let known: Vec<&str> = builtin_rules::every_rule().iter().map(|meta| meta.id).collect();
                eprintln!("slimfile: unknown rule '{id}'; the rules are: {}", known.join(", "));
                ExitCode::from(2)
            }
        },
    }
}
