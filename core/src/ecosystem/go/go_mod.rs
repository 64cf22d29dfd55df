//! What the rewrite reads in `go.mod`: the module path (which names a binary built without
//! `-o`), the modules it requires (some need cgo), and the local folders it `replace`s modules
//! with (code slimfile cannot read, which may use cgo).
//!
//! Read line by line, as the go command writes the file: `require x v1`, a `require (` block,
//! `replace x => ./local`.

/// The facts of a `go.mod`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct GoMod {
    /// The `module` path.
    pub module: Option<String>,
    /// Every required module path, direct or `// indirect`.
    pub requires: Vec<String>,
    /// Local folders that replace a module (`=> ./cgo-lib`), as written.
    pub local_replacements: Vec<String>,
}

impl GoMod {
    /// Reads `text`.
    pub(super) fn parse(text: &str) -> Self {
        let mut out = Self::default();
        let mut block: Option<&str> = None;
        for raw in text.lines() {
            let line = raw.split("//").next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if line == ")" {
                block = None;
                continue;
            }
            let (directive, rest) = match block {
                Some(directive) => (directive, line),
                None => {
                    let (directive, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
                    let rest = rest.trim();
                    if rest == "(" {
                        block = Some(match directive {
                            "require" => "require",
                            "replace" => "replace",
                            _ => "other",
                        });
                        continue;
                    }
                    (directive, rest)
                }
            };
            match directive {
                "module" => out.module = Some(rest.trim_matches('"').to_owned()),
                "require" => {
                    if let Some(path) = rest.split_whitespace().next() {
                        out.requires.push(path.trim_matches('"').to_owned());
                    }
                }
                "replace" => {
                    if let Some((_, target)) = rest.split_once("=>") {
                        let target = target.split_whitespace().next().unwrap_or("");
                        if target.starts_with("./") || target.starts_with("../") || target.starts_with('/') {
                            out.local_replacements.push(target.to_owned());
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// The name `go build` gives the binary of the module's root package: the last element of the
    /// module path that is not a major-version suffix (`example.com/tool/v2` → `tool`).
    pub(super) fn binary_name(&self) -> Option<&str> {
        let module = self.module.as_deref()?;
        let mut parts = module.rsplit('/');
        let last = parts.next()?;
        let is_major = last.len() > 1 && last.starts_with('v') && last[1..].chars().all(|c| c.is_ascii_digit());
        if is_major { parts.next() } else { Some(last) }.filter(|n| !n.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_module_requires_and_local_replacements() {
        let text = "module github.com/acme/forum/v2\n\ngo 1.21\n\nrequire github.com/mattn/go-sqlite3 v1.14.18\n\
                    require (\n\tgithub.com/google/uuid v1.4.0\n\tgolang.org/x/crypto v0.17.0 // indirect\n)\n\
                    replace example.com/sum => ./sum\nreplace (\n\tx.org/a => x.org/b v1.0.0\n\tx.org/c => ../c\n)\n";
        let go_mod = GoMod::parse(text);
        assert_eq!(go_mod.module.as_deref(), Some("github.com/acme/forum/v2"));
        assert_eq!(go_mod.binary_name(), Some("forum"));
        assert_eq!(go_mod.requires, ["github.com/mattn/go-sqlite3", "github.com/google/uuid", "golang.org/x/crypto"]);
        assert_eq!(go_mod.local_replacements, ["./sum", "../c"]);
        assert_eq!(GoMod::parse("module lokasani\n").binary_name(), Some("lokasani"));
    }
}
