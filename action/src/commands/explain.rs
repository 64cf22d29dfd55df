//! `slimfile explain [RULE]`: the rule's docs page, the same text SARIF help and the playground
//! show.

use std::process::ExitCode;

use slimfile_core::rules;

use crate::cli::ExplainArgs;

/// Prints the docs page of `args.rule`, or the list of rules; exit 2 for an unknown rule.
pub fn run(args: &ExplainArgs) -> ExitCode {
    match args.rule.as_deref() {
        None => {
            let width = rules::all().iter().map(|r| r.meta().id.len()).max().unwrap_or(0);
            for rule in rules::all() {
                let meta = rule.meta();
                println!("{:<width$} {:<8} {}", meta.id, meta.severity.as_str(), meta.summary);
            }
            ExitCode::SUCCESS
        }
        Some(id) => match rules::by_id(id) {
            Some(rule) => {
                print!("{}", rule.meta().docs);
                ExitCode::SUCCESS
            }
            None => {
                let known: Vec<&str> = rules::all().iter().map(|r| r.meta().id).collect();
                eprintln!("slimfile: unknown rule '{id}'; the rules are: {}", known.join(", "));
                ExitCode::from(2)
            }
        },
    }
}
