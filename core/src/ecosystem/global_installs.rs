//! Where each package manager installs a tool "globally" (outside the app directory), and how a
//! multi-stage rewrite can give that tool to the runtime stage. A builder's `npm install -g serve`
//! lands in `/usr/local/lib/node_modules`, which a runtime that receives only the app directory
//! lacks: when the runtime command runs `serve`, the rewrite must repeat the install there, or
//! decline. One table, read by every ecosystem's plan.

use crate::shell::SimpleCommand;

/// How the runtime stage gets a tool a row installs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Carry {
    /// The runtime image has the same package manager: the runtime repeats the command, then
    /// runs `cleanup` so that its download cache stays out of the layer.
    Repeat {
        /// The command that empties the manager's cache.
        cleanup: &'static str,
    },
    /// The runtime cannot get it; said in the decline.
    Cannot(&'static str),
}

/// One package manager's global install.
pub(crate) struct GlobalInstall {
    /// The programs.
    pub programs: &'static [&'static str],
    /// The subcommand path (`install`, or `global add`): one of these.
    pub paths: &'static [&'static [&'static str]],
    /// Flags one of which makes the install global; empty when the path alone does.
    pub global_flags: &'static [&'static str],
    /// Flags that take the next word as their value.
    pub value_flags: &'static [&'static str],
    /// Where the packages land, for messages.
    pub lands_in: &'static str,
    /// How the runtime gets them.
    pub carry: Carry,
}

/// Every global install slimfile knows.
pub(crate) const GLOBAL_INSTALLS: &[GlobalInstall] = &[
    // npm-folders(5): with `-g`, packages go to {prefix}/lib/node_modules and their bins are
    // linked in {prefix}/bin; the node images set the prefix to /usr/local, and their slim and
    // Alpine variants ship the same npm.
    GlobalInstall {
        programs: &["npm"],
        paths: &[&["install"], &["i"], &["add"]],
        global_flags: &["-g", "--global", "--location=global"],
        value_flags: &["--prefix", "--registry", "--cache", "--loglevel"],
        lands_in: "/usr/local/lib/node_modules (bins linked in /usr/local/bin)",
        carry: Carry::Repeat { cleanup: "npm cache clean --force" },
    },
    // Yarn 1 `global add` installs under /usr/local/share/.config/yarn/global as root and links
    // the bins in /usr/local/bin; the node images ship Yarn 1 in every variant.
    GlobalInstall {
        programs: &["yarn"],
        paths: &[&["global", "add"]],
        global_flags: &[],
        value_flags: &["--prefix", "--global-folder", "--registry"],
        lands_in: "/usr/local/share/.config/yarn/global (bins linked in /usr/local/bin)",
        carry: Carry::Repeat { cleanup: "yarn cache clean" },
    },
    GlobalInstall {
        programs: &["pnpm"],
        paths: &[&["add"], &["install"], &["i"]],
        global_flags: &["-g", "--global"],
        value_flags: &["--dir", "-C", "--store-dir"],
        lands_in: "PNPM_HOME",
        carry: Carry::Cannot(
            "pnpm keeps global packages under PNPM_HOME, and the slim node image has no pnpm to repeat the install",
        ),
    },
    GlobalInstall {
        programs: &["bun"],
        paths: &[&["add"], &["install"], &["i"]],
        global_flags: &["-g", "--global"],
        value_flags: &["--cwd"],
        lands_in: "~/.bun/install/global",
        carry: Carry::Cannot("bun keeps global packages under ~/.bun, outside the app directory the runtime receives"),
    },
    // pipx gives each tool its own virtualenv under ~/.local/share/pipx (or /opt/pipx) with the
    // bins linked in ~/.local/bin; the rewrite carries only its own virtualenv. A plain
    // `pip install` needs no row: the rewrite's virtualenv, on PATH from the builder's start,
    // receives it and the runtime gets it whole.
    GlobalInstall {
        programs: &["pipx"],
        paths: &[&["install"]],
        global_flags: &[],
        value_flags: &["--python", "--pip-args", "--suffix"],
        lands_in: "pipx's own virtualenvs under ~/.local",
        carry: Carry::Cannot(
            "pipx installs each tool in its own virtualenv under ~/.local, outside the virtualenv the runtime receives",
        ),
    },
    GlobalInstall {
        programs: &["uv"],
        paths: &[&["tool", "install"]],
        global_flags: &[],
        value_flags: &["--python", "--with", "--from"],
        lands_in: "uv's tool directory under ~/.local",
        carry: Carry::Cannot(
            "`uv tool install` puts the tool in its own environment under ~/.local, outside the virtualenv the runtime receives",
        ),
    },
];

/// A global install found in a command: the row and the packages it names (as written, with any
/// version: `serve@14`).
pub(crate) struct Found {
    /// The row.
    pub row: &'static GlobalInstall,
    /// The packages.
    pub packages: Vec<String>,
}

/// The global install `command` makes, if it is one.
pub(crate) fn global_install(command: &SimpleCommand) -> Option<Found> {
    GLOBAL_INSTALLS.iter().find_map(|row| {
        let last = row.paths.iter().find_map(|path| command.subcommand_path(row.programs, path))?;
        let words = &command.words[last + 1..];
        let flagged = row.global_flags.is_empty()
            || command.program_words().iter().any(|w| row.global_flags.contains(&w.value.as_str()));
        if !flagged {
            return None;
        }
        let mut packages = Vec::new();
        let mut skip = false;
        for word in words {
            let value = word.value.as_str();
            if skip {
                skip = false;
            } else if value.starts_with('-') {
                skip = row.value_flags.contains(&value);
            } else {
                packages.push(value.to_owned());
            }
        }
        Some(Found { row, packages })
    })
}

/// The package's name without its version (`serve@14` → `serve`, `@nestjs/cli@10` →
/// `@nestjs/cli`).
pub(crate) fn package_name(spec: &str) -> &str {
    let search_from = usize::from(spec.starts_with('@'));
    match spec[search_from..].find(['@', '=', '<', '>', '[']) {
        Some(at) => &spec[..search_from + at],
        None => spec,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell;
    use crate::source::Span;

    fn found(text: &str) -> Option<(String, Vec<String>)> {
        let command = shell::commands(text, Span::new(0, text.len()), '\\').into_iter().next()?;
        global_install(&command).map(|f| (f.row.programs[0].to_owned(), f.packages))
    }

    #[test]
    fn finds_global_installs_and_their_packages() {
        assert_eq!(found("npm install -g serve"), Some(("npm".into(), vec!["serve".into()])));
        assert_eq!(found("npm i --global pm2@5 nodemon"), Some(("npm".into(), vec!["pm2@5".into(), "nodemon".into()])));
        assert_eq!(found("npm install yarn -g"), Some(("npm".into(), vec!["yarn".into()])));
        assert_eq!(found("yarn global add serve"), Some(("yarn".into(), vec!["serve".into()])));
        assert_eq!(found("pipx install httpie"), Some(("pipx".into(), vec!["httpie".into()])));
        assert_eq!(found("npm install"), None);
        assert_eq!(found("npm ci --omit=dev"), None);
        assert_eq!(found("yarn add serve"), None);
    }

    #[test]
    fn package_names_lose_their_versions() {
        assert_eq!(package_name("serve@14.2.0"), "serve");
        assert_eq!(package_name("@nestjs/cli@10"), "@nestjs/cli");
        assert_eq!(package_name("@nestjs/cli"), "@nestjs/cli");
        assert_eq!(package_name("gunicorn==22.0"), "gunicorn");
    }
}
