//! The runner's files a step writes to: `$GITHUB_OUTPUT` (step outputs) and
//! `$GITHUB_STEP_SUMMARY` (the job summary, Markdown).

use std::io::Write;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

/// One output in the runner's format: `name=value`, or for a value with a line break the
/// heredoc form `name<<DELIMITER`, the value, `DELIMITER`, with a delimiter the value does not
/// contain.
#[must_use]
pub fn format_output(name: &str, value: &str) -> String {
    if !value.contains(['\n', '\r']) {
        return format!("{name}={value}\n");
    }
    let seed = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let mut delimiter = format!("ghadelimiter_{seed:x}_{:x}", std::process::id());
    while value.contains(&delimiter) {
        delimiter.push('_');
    }
    let newline = if value.ends_with('\n') { "" } else { "\n" };
    format!("{name}<<{delimiter}\n{value}{newline}{delimiter}\n")
}

/// Appends the outputs to the `$GITHUB_OUTPUT` file.
///
/// # Errors
/// When the file cannot be written.
pub fn write_outputs(path: &Path, outputs: &[(&str, String)]) -> std::io::Result<()> {
    let text: String = outputs.iter().map(|(name, value)| format_output(name, value)).collect();
    append(path, &text)
}

/// Appends Markdown to the `$GITHUB_STEP_SUMMARY` file.
///
/// # Errors
/// When the file cannot be written.
pub fn write_summary(path: &Path, markdown: &str) -> std::io::Result<()> {
    append(path, markdown)
}

fn append(path: &Path, text: &str) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::format_output;

    #[test]
    fn single_line_values_are_name_equals_value() {
        assert_eq!(format_output("findings", "3"), "findings=3\n");
        assert_eq!(format_output("sarif-file", ""), "sarif-file=\n");
    }

    #[test]
    fn multi_line_values_use_a_delimiter_they_do_not_contain() {
        let text = format_output("report", "line 1\nline 2");
        let mut lines = text.lines();
        let header = lines.next().expect("header");
        let delimiter = header.strip_prefix("report<<").expect("heredoc form");
        assert!(delimiter.starts_with("ghadelimiter_"), "{delimiter}");
        assert_eq!(lines.next(), Some("line 1"));
        assert_eq!(lines.next(), Some("line 2"));
        assert_eq!(lines.next(), Some(delimiter));
        assert_eq!(lines.next(), None);
        assert!(text.ends_with('\n'));
    }
}
