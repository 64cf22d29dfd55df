//! The value BuildKit gives a word of a `WORKDIR`, `COPY` or `ADD`: quotes removed, escapes
//! applied and `$VAR` / `${VAR}` substituted from the build arguments and environment known at
//! that point. The rewrite writes these values into new instructions (`WORKDIR /app`, `COPY
//! --from=builder /app /app`), so it must read them as BuildKit does: a quoted `WORKDIR '/app'`
//! is `/app`, not `/'/app'`.

use crate::variables;

/// Why a word's value could not be told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Unknown {
    /// Variables with no value the Dockerfile gives (a build argument without a default).
    Variables(Vec<String>),
    /// A quote or `${` that does not close.
    Malformed,
}

/// The value of `raw` (a word as written) with `escape` the file's escape character and
/// `lookup` the variables in scope.
pub(crate) fn word_value<'v>(
    raw: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<&'v str>,
) -> Result<String, Unknown> {
    let chars: Vec<char> = raw.chars().collect();
    let mut out = String::new();
    let mut unresolved = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        match c {
            '\'' => {
                // Single quotes keep everything literally, `$` included.
                let close = chars[at + 1..].iter().position(|&q| q == '\'').ok_or(Unknown::Malformed)?;
                out.extend(&chars[at + 1..at + 1 + close]);
                at += close + 2;
            }
            '"' => {
                at += 1;
                loop {
                    let Some(&d) = chars.get(at) else { return Err(Unknown::Malformed) };
                    if d == '"' {
                        at += 1;
                        break;
                    }
                    if d == escape {
                        // Inside double quotes the escape keeps its meaning only before `"`,
                        // `$` and itself.
                        match chars.get(at + 1) {
                            Some(&n) if n == '"' || n == '$' || n == escape => {
                                out.push(n);
                                at += 2;
                            }
                            _ => {
                                out.push(d);
                                at += 1;
                            }
                        }
                    } else if d == '$' {
                        at = variable(&chars, at, escape, lookup, &mut out, &mut unresolved)?;
                    } else {
                        out.push(d);
                        at += 1;
                    }
                }
            }
            '$' => at = variable(&chars, at, escape, lookup, &mut out, &mut unresolved)?,
            _ if c == escape => {
                if let Some(&n) = chars.get(at + 1) {
                    out.push(n);
                }
                at += 2;
            }
            _ => {
                out.push(c);
                at += 1;
            }
        }
    }
    if unresolved.is_empty() { Ok(out) } else { Err(Unknown::Variables(unresolved)) }
}

/// Substitutes the variable starting at `chars[at]` (a `$`) into `out`; returns where the text
/// after it starts.
fn variable<'v>(
    chars: &[char],
    at: usize,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<&'v str>,
    out: &mut String,
    unresolved: &mut Vec<String>,
) -> Result<usize, Unknown> {
    let end = match chars.get(at + 1) {
        Some('{') => {
            let mut depth = 0usize;
            let mut end = None;
            for (i, &c) in chars.iter().enumerate().skip(at + 1) {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            end.ok_or(Unknown::Malformed)?
        }
        Some(c) if c.is_ascii_alphanumeric() || *c == '_' => {
            at + 1 + chars[at + 1..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '_').count()
        }
        _ => {
            // A lone `$` is itself.
            out.push('$');
            return Ok(at + 1);
        }
    };
    let text: String = chars[at..end].iter().collect();
    let expansion = variables::expand(&text, escape, lookup);
    if expansion.error.is_some() {
        return Err(Unknown::Malformed);
    }
    unresolved.extend(expansion.unresolved);
    out.push_str(&expansion.value);
    Ok(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(raw: &str) -> Result<String, Unknown> {
        let lookup = |name: &str| match name {
            "APP" => Some("/srv/app"),
            "EMPTY" => Some(""),
            _ => None,
        };
        word_value(raw, '\\', &lookup)
    }

    #[test]
    fn removes_quotes_as_buildkit_does() {
        assert_eq!(value("'/app'").as_deref(), Ok("/app"));
        assert_eq!(value("\"/app\"").as_deref(), Ok("/app"));
        assert_eq!(value("/my' 'app").as_deref(), Ok("/my app"));
        assert_eq!(value("/my\\ app").as_deref(), Ok("/my app"));
        assert_eq!(value("\"/a\\\"b\"").as_deref(), Ok("/a\"b"));
        assert_eq!(value("/plain").as_deref(), Ok("/plain"));
    }

    #[test]
    fn substitutes_known_variables_and_names_unknown_ones() {
        assert_eq!(value("$APP/web").as_deref(), Ok("/srv/app/web"));
        assert_eq!(value("\"${APP}\"").as_deref(), Ok("/srv/app"));
        assert_eq!(value("'$APP'").as_deref(), Ok("$APP"));
        assert_eq!(value("${MISSING:-/opt}").as_deref(), Ok("/opt"));
        assert_eq!(value("\\$APP").as_deref(), Ok("$APP"));
        assert_eq!(value("$HOME_DIR/x"), Err(Unknown::Variables(vec!["HOME_DIR".into()])));
        assert_eq!(value("'/app"), Err(Unknown::Malformed));
        assert_eq!(value("${APP"), Err(Unknown::Malformed));
    }
}
