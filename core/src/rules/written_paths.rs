//! What an instruction writes into its layer and what its `rm` commands remove, as resolved
//! paths: `COPY`/`ADD` destinations, and in a `RUN` downloads (`curl -o`, `wget`), archive
//! extractions (`tar -x -C`, `unzip -d`), `git clone`, `node_modules` and package caches.
//!
//! Only what can be tied to a command is recorded: a path with a variable, or a relative path in
//! an unknown working directory, is left out.

use super::Context;
use super::package_caches::{locate, package_caches};
use crate::document::Keyword;
use crate::paths::resolve;
use crate::shell::SimpleCommand;

/// A path an instruction left in its layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Written {
    /// Absolute; may hold `*` (a `COPY` source pattern).
    pub path: String,
    /// The instruction that wrote it.
    pub instruction: usize,
    /// Whether everything under it came from this write (a `git clone`, a cache), rather than
    /// being merged into a directory that may already have held files (`COPY conf.d /etc/...`).
    pub fresh: bool,
}

/// One `rm` operand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Removal {
    /// The `rm` command's index in [`Context::commands`].
    pub command: usize,
    /// The operand's index in that command's words.
    pub word: usize,
    /// Absolute; may end in `/*` or hold other wildcards.
    pub path: String,
}

/// What one `RUN` does to paths, in command order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RunEffects {
    /// Paths written, with the index of the command that wrote them.
    pub writes: Vec<(usize, Written)>,
    /// `rm` operands.
    pub removals: Vec<Removal>,
}

/// Directories that base images already fill: a write merged into one of them does not own
/// what is under it.
const SHARED_DIRS: &[&str] = &[
    "/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib64", "/proc", "/root", "/run", "/sbin", "/sys", "/usr",
    "/var",
];

fn shared(path: &str) -> bool {
    SHARED_DIRS.iter().any(|dir| path == *dir || (*dir != "/" && path.starts_with(&format!("{dir}/"))))
}

/// The resolved destination of `COPY`/`ADD` instruction `i`.
pub(crate) fn copy_destination(context: &Context<'_>, i: usize) -> Option<String> {
    let dest = context.doc.instructions()[i].words().last()?;
    resolve(context.workdir(i).as_deref(), &dest.value, context.runs_as_root(i))
}

/// What `COPY`/`ADD` instruction `i` writes.
pub(crate) fn copy_writes(context: &Context<'_>, i: usize) -> Vec<Written> {
    let instruction = &context.doc.instructions()[i];
    let words = instruction.words();
    let Some((dest_word, sources)) = words.split_last() else { return Vec::new() };
    let Some(dest) = copy_destination(context, i) else { return Vec::new() };
    if dest == "/" {
        return Vec::new();
    }
    let written = |path: String| Written { fresh: !shared(&path), path, instruction: i };
    let into_dir = dest_word.value.ends_with('/') || sources.len() + instruction.heredocs.len() > 1;
    if !into_dir {
        return vec![written(dest)];
    }
    sources
        .iter()
        .filter_map(|source| {
            let value = source.value.as_str();
            let local_dir = value == "." || value.ends_with('/');
            let extracted = instruction.keyword == Keyword::Add && !value.contains("://") && is_archive(value);
            if local_dir || extracted {
                return Some(written(dest.clone()));
            }
            let name = value.split(['?', '#']).next()?.trim_end_matches('/').rsplit('/').next()?;
            (!name.is_empty() && !name.contains('$')).then(|| written(format!("{dest}/{name}")))
        })
        .collect()
}

/// Whether a local `ADD` source is an archive it extracts (by name: tar, possibly compressed).
pub(crate) fn is_archive(name: &str) -> bool {
    const SUFFIXES: &[&str] =
        &[".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst", ".tzst", ".tar.lz"];
    let name = name.to_ascii_lowercase();
    SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
}

/// The working directory each command of `RUN` instruction `i` runs in: the `WORKDIR`, then
/// wherever `cd` went (`None` once that cannot be told).
pub(crate) fn working_dirs(context: &Context<'_>, i: usize) -> Vec<Option<String>> {
    let root = context.runs_as_root(i);
    let mut cwd = context.workdir(i);
    context
        .commands(i)
        .iter()
        .map(|command| {
            let here = cwd.clone();
            if command.program() == Some("cd") {
                cwd =
                    command.operands().first().and_then(|&at| resolve(cwd.as_deref(), &command.words[at].value, root));
            }
            here
        })
        .collect()
}

/// Commands that create no files: what an `rm` or a `chown` after only these names was there
/// before the `RUN`.
const WRITE_NOTHING: &[&str] = &["cd", "set", "rm", "echo", "true", ":", "ls", "export", "test", "[", "printf"];

/// Whether `command` is one of [`WRITE_NOTHING`].
pub(crate) fn writes_nothing(command: &SimpleCommand) -> bool {
    command.program().is_some_and(|p| WRITE_NOTHING.contains(&p))
}

/// What `RUN` instruction `i` writes and removes.
pub(crate) fn run_effects(context: &Context<'_>, i: usize) -> RunEffects {
    let root = context.runs_as_root(i);
    let dirs = working_dirs(context, i);
    let mut effects = RunEffects::default();
    for (k, command) in context.commands(i).iter().enumerate() {
        let cwd = &dirs[k];
        let mut write = |path: String, fresh: bool| {
            effects.writes.push((k, Written { path, instruction: i, fresh }));
        };
        let program = command.program().unwrap_or_default();
        let values: Vec<&str> = command.program_words().iter().skip(1).map(|w| w.value.as_str()).collect();
        match program {
            "rm" => {
                for at in command.operands() {
                    if let Some(path) = resolve(cwd.as_deref(), &command.words[at].value, root) {
                        effects.removals.push(Removal { command: k, word: at, path });
                    }
                }
            }
            "curl" | "wget" => {
                for file in downloads(program, &values) {
                    if let Some(path) = resolve(cwd.as_deref(), &file, root) {
                        write(path, true);
                    }
                }
            }
            "tar" | "unzip" => {
                if let Some(dir) = extraction_dir(program, &values)
                    && let Some(path) = resolve(cwd.as_deref(), dir.unwrap_or("."), root)
                    && path != "/"
                {
                    let fresh = !shared(&path);
                    write(path, fresh);
                }
            }
            _ => {}
        }
        if let Some(clone) = command.subcommand(&["git"], "clone") {
            let operands: Vec<usize> = command.operands().into_iter().filter(|&at| at > clone).collect();
            let target = match operands.as_slice() {
                [_, dir, ..] => Some(command.words[*dir].value.clone()),
                [url] => {
                    let url = command.words[*url].value.trim_end_matches('/');
                    url.rsplit(['/', ':']).next().map(|name| name.trim_end_matches(".git").to_owned())
                }
                [] => None,
            };
            if let Some(path) = target.filter(|t| !t.is_empty()).and_then(|t| resolve(cwd.as_deref(), &t, root)) {
                write(path, true);
            }
        }
        if installs_node_modules(command)
            && let Some(path) = resolve(cwd.as_deref(), "node_modules", root)
        {
            write(path, true);
        }
        for path in cache_writes(context, i, command) {
            write(path, true);
        }
    }
    effects
}

/// The files `curl` or `wget` writes: `-o FILE`, `-O` (the URL's last segment), `wget URL`.
fn downloads(program: &str, args: &[&str]) -> Vec<String> {
    // Short options that take a value: the value is the rest of the cluster or the next word.
    let (output, remote, dir_option, value_options, long_output, long_dir) = if program == "curl" {
        ('o', Some('O'), None, "AbcCdDeEFHKmoPQrTtuUwxXyYz", "--output", "--output-dir")
    } else {
        ('O', None, Some('P'), "OoaPtTweiUlARDIXQB", "--output-document", "--directory-prefix")
    };
    let mut files = Vec::new();
    let mut dir: Option<String> = None;
    let mut remote_names = false;
    let mut urls = Vec::new();
    let mut at = 0;
    while at < args.len() {
        let arg = args[at];
        at += 1;
        if let Some(long) = arg.strip_prefix("--") {
            let (name, inline) = long.split_once('=').map_or((long, None), |(n, v)| (n, Some(v)));
            let mut value = || {
                inline.map(str::to_owned).or_else(|| args.get(at).map(|v| (*v).to_owned())).inspect(|_| {
                    if inline.is_none() {
                        at += 1;
                    }
                })
            };
            match format!("--{name}").as_str() {
                n if n == long_output => {
                    files.extend(value());
                    remote_names = false;
                }
                n if n == long_dir => dir = value(),
                "--remote-name" | "--remote-name-all" => remote_names = true,
                _ => {}
            }
            continue;
        }
        if let Some(cluster) = arg.strip_prefix('-').filter(|c| !c.is_empty()) {
            for (offset, c) in cluster.char_indices() {
                if Some(c) == remote {
                    remote_names = true;
                    continue;
                }
                if program == "wget" && c == 'n' {
                    // `-nc`, `-nd`, `-nv`, `-nH`: the next letter belongs to `n`.
                    break;
                }
                if value_options.contains(c) {
                    let rest = &cluster[offset + c.len_utf8()..];
                    let value = if rest.is_empty() {
                        at += 1;
                        args.get(at - 1).map(|v| (*v).to_owned())
                    } else {
                        Some(rest.to_owned())
                    };
                    if c == output {
                        files.extend(value);
                    } else if Some(c) == dir_option {
                        dir = value;
                    }
                    break;
                }
            }
            continue;
        }
        if arg.contains("://") {
            urls.push(arg);
        }
    }
    // curl names its files after the URLs only with `-O`; wget unless `-O` says otherwise
    // (`-O -` included: that is standard output).
    let named_by_url = if program == "curl" { remote_names } else { files.is_empty() };
    files.retain(|f| f != "-" && !f.starts_with("/dev/"));
    if named_by_url {
        for url in urls {
            let path = url.split(['?', '#']).next().unwrap_or(url);
            if let Some(name) = path.rsplit('/').next().filter(|n| !n.is_empty() && !path.ends_with("://")) {
                files.push(name.to_owned());
            }
        }
    }
    match dir {
        Some(dir) => files.into_iter().map(|f| if f.starts_with('/') { f } else { format!("{dir}/{f}") }).collect(),
        None => files,
    }
}

/// For an extracting `tar` or `unzip`: `Some(Some(dir))` with `-C dir`/`-d dir`, `Some(None)`
/// for the working directory; `None` when it does not extract.
fn extraction_dir<'a>(program: &str, args: &[&'a str]) -> Option<Option<&'a str>> {
    let value_after = |flag: &str| args.iter().position(|a| *a == flag).and_then(|p| args.get(p + 1).copied());
    if program == "unzip" {
        let listing = args.iter().any(|a| matches!(*a, "-l" | "-t" | "-p" | "-Z" | "-v" | "-z"));
        return (!listing).then(|| value_after("-d"));
    }
    let to_stdout =
        args.iter().any(|a| *a == "--to-stdout" || (a.starts_with('-') && !a.starts_with("--") && a.contains('O')));
    let extracts = !to_stdout
        && args.iter().enumerate().any(|(n, a)| {
            *a == "--extract"
                || *a == "--get"
                || (a.starts_with('-') && !a.starts_with("--") && a.contains('x'))
                || (n == 0 && !a.starts_with('-') && a.contains('x'))
        });
    let dir = value_after("-C")
        .or_else(|| value_after("--directory"))
        .or_else(|| args.iter().find_map(|a| a.strip_prefix("--directory=")));
    extracts.then_some(dir)
}

/// `npm ci`/`npm install`/`yarn install` into the working directory's `node_modules`.
fn installs_node_modules(command: &SimpleCommand) -> bool {
    if command.words.iter().any(|w| matches!(w.value.as_str(), "-g" | "--global" | "--prefix" | "--cwd")) {
        return false;
    }
    let npm = ["install", "i", "ci"].iter().any(|name| command.subcommand(&["npm"], name).is_some());
    let yarn = command.invocation().is_some_and(|(program, _)| program == "yarn")
        && (command.operands().is_empty()
            || ["install", "add"].iter().any(|n| command.subcommand(&["yarn"], n).is_some()));
    npm || yarn
}

/// Package caches `command` fills in instruction `i`, where they are known and not mounted.
fn cache_writes(context: &Context<'_>, i: usize, command: &SimpleCommand) -> Vec<String> {
    let mut out = Vec::new();
    if command.subcommand(&["apt-get", "apt"], "update").is_some() {
        out.push("/var/lib/apt/lists".to_owned());
    }
    for cache in package_caches() {
        if cache.filled_by(command).is_some() && cache.applies(context, i) {
            out.extend(cache.dirs.iter().filter_map(|dir| locate(context, i, dir).path));
        }
    }
    out.retain(|path| !context.cache_mount_covers(i, path));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<&str> {
        text.split_whitespace().collect()
    }

    #[test]
    fn downloads_name_their_files() {
        assert_eq!(downloads("curl", &args("-fsSLo /tmp/a.tgz https://x/a.tgz")), vec!["/tmp/a.tgz"]);
        assert_eq!(downloads("curl", &args("-fsSLO https://x/dir/b.tar.gz?sig=1")), vec!["b.tar.gz"]);
        assert_eq!(downloads("curl", &args("--output-dir /dl -O https://x/c.zip")), vec!["/dl/c.zip"]);
        assert_eq!(downloads("curl", &args("-XPOST -H X:1 https://x/api")), Vec::<String>::new());
        assert_eq!(downloads("curl", &args("-fsSL https://x/install.sh")), Vec::<String>::new());
        assert_eq!(downloads("wget", &args("-q https://x/d.deb")), vec!["d.deb"]);
        assert_eq!(downloads("wget", &args("-qO- https://x/e.tgz")), Vec::<String>::new());
        assert_eq!(downloads("wget", &args("-O /tmp/f https://x/e.tgz")), vec!["/tmp/f"]);
        assert_eq!(downloads("wget", &args("--output-document=/tmp/g https://x/g")), vec!["/tmp/g"]);
        assert_eq!(downloads("wget", &args("-nv -P /opt https://x/h.jar")), vec!["/opt/h.jar"]);
    }

    #[test]
    fn extractions_name_their_directory() {
        assert_eq!(extraction_dir("tar", &args("-xzf a.tgz -C /opt/a")), Some(Some("/opt/a")));
        assert_eq!(extraction_dir("tar", &args("xzf a.tgz")), Some(None));
        assert_eq!(extraction_dir("tar", &args("--extract --file=a.tar --directory=/srv")), Some(Some("/srv")));
        assert_eq!(extraction_dir("tar", &args("-czf a.tgz src")), None);
        assert_eq!(extraction_dir("tar", &args("-xOf a.tgz file")), None);
        assert_eq!(extraction_dir("unzip", &args("-q a.zip -d /srv/a")), Some(Some("/srv/a")));
        assert_eq!(extraction_dir("unzip", &args("-l a.zip")), None);
    }

    #[test]
    fn archives_by_name() {
        assert!(is_archive("vendor.tar.gz") && is_archive("X.TGZ") && is_archive("a.tar"));
        assert!(!is_archive("app.jar") && !is_archive("data.gz") && !is_archive("a.zip"));
    }
}
