//! `remote-add`: `ADD` of a URL, whose download stays in its own layer and, without
//! `--checksum`, is not verified.

use super::{Context, Report, Rule, RuleMeta};
use crate::document::Keyword;
use crate::finding::Severity;

/// See `docs/rules/remote-add.md`.
pub struct RemoteAdd;

static META: RuleMeta = RuleMeta {
    id: "remote-add",
    severity: Severity::Warning,
    summary: "ADD downloads a URL into its own layer, unverified without --checksum",
    docs: include_str!("../../../docs/rules/remote-add.md"),
    hadolint: &[],
    fix: None,
};

/// Downloads that are only a step: archives and packages, unpacked or installed by a later
/// `RUN` (`ADD` does not unpack remote files), after which their bytes are dead weight.
const UNPACKED_LATER: &[&str] = &[
    ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst", ".zip", ".gz", ".bz2", ".xz", ".7z",
    ".deb", ".rpm", ".apk", ".whl",
];

/// A Git source (`ADD https://github.com/a/b.git#v1 /src`) is a clone, not a download.
fn is_git(url: &str) -> bool {
    let base = url.split('#').next().unwrap_or(url);
    base.ends_with(".git") || url.starts_with("git@") || url.starts_with("git://")
}

impl Rule for RemoteAdd {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, report: &mut Report<'_>) {
        for (i, instruction) in context.instructions() {
            if instruction.keyword != Keyword::Add {
                continue;
            }
            let Some((_, sources)) = instruction.words().split_last() else { continue };
            let checksum = instruction.flag("checksum").is_some();
            let unpacks = instruction.flag("unpack").is_some();
            for source in sources {
                let url = source.value.as_str();
                if !(url.starts_with("http://") || url.starts_with("https://")) || is_git(url) {
                    continue;
                }
                let path = url.split(['?', '#']).next().unwrap_or(url).to_ascii_lowercase();
                let step = UNPACKED_LATER.iter().any(|suffix| path.ends_with(suffix));
                let message = if step && !unpacks && context.ships(i) {
                    "`ADD` keeps this download in its own layer (it does not unpack remote archives): whatever a later RUN unpacks or installs from it, the archive's bytes stay in the image; download, unpack and delete it in one RUN (`curl -fsSL URL | tar -xz -C DIR`), or in a builder stage"
                } else if !checksum {
                    "`ADD` of a URL without `--checksum` builds whatever the server sends today: pin it with `--checksum=sha256:...` (Dockerfile syntax 1.6+), or download and verify it in a RUN"
                } else {
                    continue;
                };
                report.add(i, source.span, message.to_owned(), None, None);
            }
        }
    }
}
