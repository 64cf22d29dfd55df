//! Well-known release archives a `RUN` downloads and unpacks (`curl`/`wget`, then `tar`): the Go
//! toolchain, Node.js, Temurin, yarn. Each row says what the unpacked release adds to a layer,
//! keyed by the archive's URL pattern and the release line, with the source of its figure.
//!
//! The figures are the compressed sizes of the layer that holds exactly that unpacked release in
//! an official image (docker-library/repo-info publishes every layer's size): what a layer that
//! unpacks the same archive weighs when pulled. On-disk sizes are derived from them with the
//! catalog's median ratio, and say so.

use super::catalog::DiskRatio;

/// One release line of one product.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Release {
    /// The product, for reports (`the Go toolchain`).
    pub product: &'static str,
    /// What the archive's file name holds before the version (`go`, `node-v`).
    pub name_prefix: &'static str,
    /// What the file name holds after the version for the amd64 build, up to the extension
    /// (`.linux-amd64`, `-linux-x64`); `$` stands for an architecture the URL leaves to a
    /// variable.
    pub amd64_suffixes: &'static [&'static str],
    /// The release line the figure is for (`1.26`, `24`).
    pub line: &'static str,
    /// The release the figure was measured on.
    pub measured_release: &'static str,
    /// Compressed bytes of the layer that holds the unpacked release.
    pub layer_compressed_bytes: u64,
    /// The top directory inside the archive (`go`), when the archive has one the unpacking
    /// keeps: the files land under the `tar -C` directory plus this.
    pub top_dir: Option<&'static str>,
    /// Where the figure comes from: repository@commit:path and the layer.
    pub source: &'static str,
}

/// Every release with a figure, newest line first within a product.
pub const RELEASES: &[Release] = &[
    Release {
        product: "the Go toolchain",
        name_prefix: "go",
        amd64_suffixes: &[".linux-amd64", ".linux-$"],
        line: "1.26",
        measured_release: "go1.26.8 linux/amd64",
        layer_compressed_bytes: 67_308_359,
        top_dir: Some("go"),
        source: "docker-library/repo-info@274d39a50141ecda8745a0ebaa20760259111041:repos/golang/remote/1.26-alpine3.24.md \
                 (linux/amd64, the `COPY /target/ /` layer)",
    },
    Release {
        product: "Node.js",
        name_prefix: "node-v",
        amd64_suffixes: &["-linux-x64", "-linux-$", "-linux-x64-musl", "-linux-$-musl"],
        line: "24",
        measured_release: "node v24.19.0 linux-x64",
        layer_compressed_bytes: 59_118_246,
        top_dir: None,
        source: "docker-library/repo-info@2534b852156946f241e96816c7024ef2bb5543fd:repos/node/remote/24-trixie.md \
                 (linux/amd64, the layer that unpacks node-v24.19.0-linux-x64.tar.xz)",
    },
    Release {
        product: "Node.js",
        name_prefix: "node-v",
        amd64_suffixes: &["-linux-x64", "-linux-$", "-linux-x64-musl", "-linux-$-musl"],
        line: "22",
        measured_release: "node v22.23.2 linux-x64",
        layer_compressed_bytes: 49_980_830,
        top_dir: None,
        source: "docker-library/repo-info@3179cb4d576b9929bf86873c87f279ac67661c6e:repos/node/remote/22-trixie-slim.md \
                 (linux/amd64, the layer that unpacks node-v22.23.2-linux-x64.tar.xz)",
    },
    Release {
        product: "Temurin JDK",
        name_prefix: "OpenJDK21U-jdk_",
        amd64_suffixes: &["x64_linux_hotspot_", "x64_alpine-linux_hotspot_"],
        line: "21",
        measured_release: "jdk-21.0.12+8 x64 linux",
        layer_compressed_bytes: 158_123_334,
        top_dir: None,
        source: "docker-library/repo-info@11bfd4f99b512979c1af2554b414258d8476f41f:repos/eclipse-temurin/remote/21-jdk-noble.md \
                 (linux/amd64, the layer that unpacks OpenJDK21U-jdk_x64_linux_hotspot_21.0.12_8.tar.gz)",
    },
    Release {
        product: "Temurin JRE",
        name_prefix: "OpenJDK21U-jre_",
        amd64_suffixes: &["x64_linux_hotspot_", "x64_alpine-linux_hotspot_"],
        line: "21",
        measured_release: "jdk-21.0.12+8 JRE x64 linux",
        layer_compressed_bytes: 53_097_607,
        top_dir: None,
        source: "docker-library/repo-info@11bfd4f99b512979c1af2554b414258d8476f41f:repos/eclipse-temurin/remote/21-jre-noble.md \
                 (linux/amd64, the layer that unpacks OpenJDK21U-jre_x64_linux_hotspot_21.0.12_8.tar.gz)",
    },
    Release {
        product: "yarn",
        name_prefix: "yarn-v",
        amd64_suffixes: &[""],
        line: "1",
        measured_release: "yarn v1.22.22",
        layer_compressed_bytes: 1_250_675,
        top_dir: None,
        source: "docker-library/repo-info@2534b852156946f241e96816c7024ef2bb5543fd:repos/node/remote/24-trixie.md \
                 (linux/amd64, the layer that unpacks yarn-v1.22.22.tar.gz into /opt)",
    },
];

impl Release {
    /// The on-disk bytes, derived from the layer's compressed size.
    #[must_use]
    pub fn disk_bytes(&self) -> u64 {
        DiskRatio::median().compressed_to_disk(self.layer_compressed_bytes)
    }
}

/// The release `url` downloads, if the table has its product: the row of its release line, or
/// the nearest line when the table lacks it. `None` for other URLs and for builds of other
/// architectures than amd64 (the figures are amd64's).
#[must_use]
pub fn find(url: &str) -> Option<(&'static Release, String, bool)> {
    let file = url.rsplit('/').next()?;
    let archive = [".tar.gz", ".tgz", ".tar.xz", ".tar.bz2", ".zip"].iter().find(|ext| file.ends_with(**ext))?;
    let stem = &file[..file.len() - archive.len()];
    for release in RELEASES {
        let Some(rest) = stem.strip_prefix(release.name_prefix) else { continue };
        // The version and the architecture, in whichever order the product names them.
        let (version, arch_ok) = if let Some(after) =
            ["x64_", "aarch64_", "ppc64le_", "s390x_", "riscv64_"].iter().find(|a| rest.starts_with(**a))
        {
            // Temurin: `OpenJDK21U-jdk_x64_linux_hotspot_21.0.12_8`.
            let arch_ok = *after == "x64_";
            let version = rest.rsplit('_').nth(1).unwrap_or_default();
            (version.to_owned(), arch_ok && release.amd64_suffixes.iter().any(|s| rest.contains(s)))
        } else {
            let version: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
            let version = version.trim_end_matches('.').to_owned();
            let suffix = rest[version.len()..].replace(['$', '{', '}'], "$");
            let arch = normalize_arch_variable(&suffix);
            (version, release.amd64_suffixes.iter().any(|s| *s == arch))
        };
        if !arch_ok || version.is_empty() {
            continue;
        }
        let rows: Vec<&'static Release> =
            RELEASES.iter().filter(|r| r.product == release.product && r.name_prefix == release.name_prefix).collect();
        let exact = rows.iter().find(|r| version == r.line || version.starts_with(&format!("{}.", r.line)));
        return Some(match exact {
            Some(row) => (*row, version, false),
            None => (nearest(&rows, &version), version, true),
        });
    }
    None
}

/// `-linux-$ARCH` and `-linux-${ARCH}` both as `-linux-$`.
fn normalize_arch_variable(suffix: &str) -> String {
    match suffix.find('$') {
        Some(at) => {
            let rest = &suffix[at + 1..];
            let name_end =
                rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$')).unwrap_or(rest.len());
            format!("{}${}", &suffix[..at], &rest[name_end..])
        }
        None => suffix.to_owned(),
    }
}

/// The row whose release line is nearest `version` (by major, then minor).
fn nearest(rows: &[&'static Release], version: &str) -> &'static Release {
    let key = |v: &str| -> (i64, i64) {
        let mut parts = v.split('.').map(|p| p.parse::<i64>().unwrap_or(0));
        (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
    };
    let wanted = key(version);
    rows.iter()
        .copied()
        .min_by_key(|r| {
            let (major, minor) = key(r.line);
            ((major - wanted.0).abs(), (minor - wanted.1).abs())
        })
        .unwrap_or(rows[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_find_their_release_line_and_amd64_only() {
        let (go, version, other) = find("https://dl.google.com/go/go1.26.7.linux-amd64.tar.gz").expect("go");
        assert_eq!((go.product, go.line, version.as_str(), other), ("the Go toolchain", "1.26", "1.26.7", false));
        let (go, _, other) = find("https://dl.google.com/go/go1.27.0.linux-amd64.tar.gz").expect("a nearby line");
        assert_eq!((go.line, other), ("1.26", true));
        assert!(find("https://dl.google.com/go/go1.26.7.linux-arm64.tar.gz").is_none());
        let (node, version, _) =
            find("https://nodejs.org/dist/v24.19.0/node-v24.19.0-linux-$ARCH.tar.xz").expect("node, arch unread");
        assert_eq!((node.product, node.line, version.as_str()), ("Node.js", "24", "24.19.0"));
        assert_eq!(find("https://example.org/node-v22.1.0-linux-${ARCH}-musl.tar.xz").map(|f| f.0.line), Some("22"));
        let (jdk, version, _) = find(
            "https://github.com/adoptium/temurin21-binaries/releases/download/jdk-21.0.12%2B8/OpenJDK21U-jdk_x64_linux_hotspot_21.0.12_8.tar.gz",
        )
        .expect("temurin");
        assert_eq!((jdk.product, version.as_str()), ("Temurin JDK", "21.0.12"));
        assert!(find("https://x/OpenJDK21U-jdk_aarch64_linux_hotspot_21.0.12_8.tar.gz").is_none());
        assert_eq!(
            find("https://yarnpkg.com/downloads/1.22.22/yarn-v1.22.22.tar.gz").map(|f| f.0.product),
            Some("yarn")
        );
        assert!(find("https://example.org/app.tar.gz").is_none());
        assert!(find("https://example.org/go.sum").is_none());
    }

    #[test]
    fn rows_are_sourced() {
        for row in RELEASES {
            assert!(row.source.contains('@') && row.layer_compressed_bytes > 1_000_000, "{row:?}");
            assert!(row.disk_bytes() > row.layer_compressed_bytes);
        }
    }
}
