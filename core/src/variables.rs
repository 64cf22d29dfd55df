//! `$VAR`, `${VAR}` and `${VAR:-default}`-style substitution, as BuildKit applies build arguments
//! to `FROM` lines.
//!
//! The expansion is bounded: nesting deeper than [`MAX_VARIABLE_NESTING`] stops with an error
//! instead of recursing on hostile input.

use crate::limits::MAX_VARIABLE_NESTING;

/// The result of an expansion.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expansion {
    /// The expanded text; an unresolved variable expands to nothing.
    pub value: String,
    /// Variables that had no value and no default, in order of appearance.
    pub unresolved: Vec<String>,
    /// Set when the text could not be read (unclosed `${`, nesting too deep).
    pub error: Option<String>,
}

/// Expands `input`, looking names up with `lookup` (`None` = not defined).
pub fn expand<'v>(input: &str, escape: char, lookup: &dyn Fn(&str) -> Option<&'v str>) -> Expansion {
    let mut out = Expansion::default();
    let chars: Vec<char> = input.chars().collect();
    let mut at = 0;
    let value = expand_until(&chars, &mut at, None, escape, lookup, 0, &mut out);
    out.value = value;
    out
}

#[allow(clippy::too_many_arguments)]
fn expand_until<'v>(
    chars: &[char],
    at: &mut usize,
    stop: Option<char>,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<&'v str>,
    depth: usize,
    out: &mut Expansion,
) -> String {
    let mut value = String::new();
    if depth > MAX_VARIABLE_NESTING {
        out.error.get_or_insert_with(|| format!("variables nest deeper than {MAX_VARIABLE_NESTING} levels"));
        *at = chars.len();
        return value;
    }
    while *at < chars.len() {
        let c = chars[*at];
        if Some(c) == stop {
            return value;
        }
        if c == escape && *at + 1 < chars.len() {
            let next = chars[*at + 1];
            if next == '$' {
                value.push('$');
            } else {
                value.push(c);
                value.push(next);
            }
            *at += 2;
            continue;
        }
        if c != '$' {
            value.push(c);
            *at += 1;
            continue;
        }
        *at += 1;
        match chars.get(*at) {
            Some('{') => {
                *at += 1;
                let name_start = *at;
                while *at < chars.len() && (chars[*at].is_ascii_alphanumeric() || chars[*at] == '_') {
                    *at += 1;
                }
                let name: String = chars[name_start..*at].iter().collect();
                let found = lookup(&name);
                match chars.get(*at) {
                    Some('}') => {
                        *at += 1;
                        push_value(&mut value, &name, found, out);
                    }
                    Some(':') | Some('-') | Some('+') => {
                        let colon = chars[*at] == ':';
                        if colon {
                            *at += 1;
                        }
                        let op = chars.get(*at).copied();
                        if !matches!(op, Some('-' | '+')) {
                            out.error.get_or_insert_with(|| format!("unsupported modifier in ${{{name}...}}"));
                            skip_to_close(chars, at);
                            out.unresolved.push(name);
                            continue;
                        }
                        *at += 1;
                        let word = expand_until(chars, at, Some('}'), escape, lookup, depth + 1, out);
                        if chars.get(*at) == Some(&'}') {
                            *at += 1;
                        } else {
                            out.error.get_or_insert_with(|| "unclosed ${".to_owned());
                        }
                        let set = match found {
                            Some(v) => !(colon && v.is_empty()),
                            None => false,
                        };
                        match (op, set) {
                            (Some('-'), true) | (Some('+'), false) if op == Some('-') => {
                                value.push_str(found.unwrap_or(""))
                            }
                            (Some('-'), false) => value.push_str(&word),
                            (Some('+'), true) => value.push_str(&word),
                            _ => {}
                        }
                    }
                    _ => {
                        out.error.get_or_insert_with(|| format!("unclosed or unsupported ${{{name}"));
                        skip_to_close(chars, at);
                        out.unresolved.push(name);
                    }
                }
            }
            Some(&c) if c.is_ascii_alphabetic() || c == '_' => {
                let name_start = *at;
                while *at < chars.len() && (chars[*at].is_ascii_alphanumeric() || chars[*at] == '_') {
                    *at += 1;
                }
                let name: String = chars[name_start..*at].iter().collect();
                let found = lookup(&name);
                push_value(&mut value, &name, found, out);
            }
            _ => value.push('$'),
        }
    }
    value
}

fn push_value(value: &mut String, name: &str, found: Option<&str>, out: &mut Expansion) {
    match found {
        Some(v) => value.push_str(v),
        None => out.unresolved.push(name.to_owned()),
    }
}

fn skip_to_close(chars: &[char], at: &mut usize) {
    let mut depth = 1;
    while *at < chars.len() {
        match chars[*at] {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    *at += 1;
                    return;
                }
            }
            _ => {}
        }
        *at += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &str) -> Expansion {
        expand(input, '\\', &|name| match name {
            "GO" => Some("1.22"),
            "EMPTY" => Some(""),
            _ => None,
        })
    }

    #[test]
    fn expands_forms() {
        assert_eq!(run("golang:${GO}").value, "golang:1.22");
        assert_eq!(run("golang:$GO-alpine").value, "golang:1.22-alpine");
        assert_eq!(run("${NOPE:-node}:${EMPTY:-20}").value, "node:20");
        assert_eq!(run("${EMPTY-x}").value, "");
        assert_eq!(run("a${GO:+-set}").value, "a-set");
        assert_eq!(run("a${NOPE:+-set}").value, "a");
        assert_eq!(run("\\$GO").value, "$GO");
        assert_eq!(run("${A:-${B:-${GO}}}").value, "1.22");
    }

    #[test]
    fn reports_unresolved_and_bounds_nesting() {
        let e = run("img:${TAG}");
        assert_eq!(e.unresolved, vec!["TAG".to_owned()]);
        let deep = format!("{}x{}", "${a:-".repeat(10_000), "}".repeat(10_000));
        let e = run(&deep);
        assert!(e.error.is_some_and(|m| m.contains("nest")));
    }
}
