//! Runs `scripts/install-action` (what action.yml calls) against a local release server: each
//! runner platform gets its release build, the archive is checked against the checksums pinned
//! in the action (not the release's own), a tampered archive is refused, the binary lands in the
//! runner's tool cache, downloads come from github.com also on GitHub Enterprise Server unless
//! `download-url` says otherwise, and a branch ref builds the action's own source.

#[path = "fake_github/http.rs"]
mod http;

use std::collections::HashMap;
use std::io::BufReader;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use http::{Response, read_request, write_response};

const VERSION: &str = "0.1.0";
const REPOSITORY: &str = "slimfile/slim-action";

/// The release builds, by runner: (RUNNER_OS, RUNNER_ARCH, target, archive extension).
const PLATFORMS: [(&str, &str, &str, &str); 6] = [
    ("Linux", "X64", "x86_64-unknown-linux-musl", "tar.gz"),
    ("Linux", "ARM64", "aarch64-unknown-linux-musl", "tar.gz"),
    ("macOS", "X64", "x86_64-apple-darwin", "tar.gz"),
    ("macOS", "ARM64", "aarch64-apple-darwin", "tar.gz"),
    ("Windows", "X64", "x86_64-pc-windows-msvc", "zip"),
    ("Windows", "ARM64", "x86_64-pc-windows-msvc", "zip"),
];

/// Serves `files` (URL path → bytes) on 127.0.0.1; returns the server URL.
fn serve(files: HashMap<String, Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    let files = Arc::new(Mutex::new(files));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let files = Arc::clone(&files);
            std::thread::spawn(move || {
                let Ok(mut writer) = stream.try_clone() else { return };
                let mut reader = BufReader::new(stream);
                while let Some(request) = read_request(&mut reader) {
                    let found = files.lock().expect("files").get(&request.path).cloned();
                    let response = found.map_or_else(|| Response::empty(404), |body| Response::bytes(200, body));
                    if write_response(&mut writer, &response).is_err() {
                        return;
                    }
                }
            });
        }
    });
    format!("http://{address}")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("install-script").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch");
    dir
}

/// The action as a workflow gets it: the install script, the version and the pinned checksums.
fn action_dir(dir: &Path, pins: &str) -> PathBuf {
    let action = dir.join("action");
    std::fs::create_dir_all(action.join("scripts")).expect("action dir");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/install-action");
    std::fs::copy(script, action.join("scripts/install-action")).expect("copy the script");
    std::fs::write(action.join("Cargo.toml"), format!("[workspace.package]\nversion = \"{VERSION}\"\n")).expect("toml");
    std::fs::write(action.join("release-checksums.txt"), pins).expect("pins");
    action
}

/// A release archive for `target` holding a stand-in binary that names its build, and the
/// licences, as release.yml packs them.
fn archive(dir: &Path, target: &str, extension: &str) -> Vec<u8> {
    let content = dir.join(format!("content-{target}"));
    std::fs::create_dir_all(&content).expect("content");
    let exe = if extension == "zip" { "slimfile.exe" } else { "slimfile" };
    std::fs::write(content.join(exe), format!("#!/bin/sh\necho \"slimfile {VERSION} ({target})\"\n")).expect("write");
    assert!(Command::new("chmod").arg("+x").arg(content.join(exe)).status().expect("chmod").success());
    for licence in ["LICENSE-MIT", "LICENSE-APACHE"] {
        std::fs::write(content.join(licence), "licence text\n").expect("licence");
    }
    let file = dir.join(format!("slimfile-{target}.{extension}"));
    let _ = std::fs::remove_file(&file);
    let status = if extension == "zip" {
        Command::new("zip")
            .arg("-q")
            .arg(&file)
            .args([exe, "LICENSE-MIT", "LICENSE-APACHE"])
            .current_dir(&content)
            .status()
    } else {
        Command::new("tar")
            .arg("-czf")
            .arg(&file)
            .arg("-C")
            .arg(&content)
            .args([exe, "LICENSE-MIT", "LICENSE-APACHE"])
            .status()
    };
    assert!(status.expect("pack").success());
    std::fs::read(file).expect("read archive")
}

fn sha256(dir: &Path, bytes: &[u8]) -> String {
    let path = dir.join("hash-me");
    std::fs::write(&path, bytes).expect("write");
    let out = Command::new("sha256sum").arg(&path).output().expect("sha256sum");
    String::from_utf8_lossy(&out.stdout).split_whitespace().next().expect("hash").to_owned()
}

fn pins(lines: &[(String, String)]) -> String {
    let mut text = format!("# pinned at release time\n# slimfile v{VERSION}\n");
    for (hash, name) in lines {
        text.push_str(&format!("{hash}  {name}\n"));
    }
    text
}

fn release_path(version: &str, name: &str) -> String {
    format!("/{REPOSITORY}/releases/download/v{version}/{name}")
}

struct Install<'a> {
    action: &'a Path,
    dir: &'a Path,
    os: &'a str,
    arch: &'a str,
    action_ref: &'a str,
    vars: Vec<(&'a str, String)>,
}

impl<'a> Install<'a> {
    fn new(action: &'a Path, dir: &'a Path) -> Self {
        Self { action, dir, os: "Linux", arch: "X64", action_ref: "v1", vars: Vec::new() }
    }

    fn var(mut self, name: &'a str, value: &str) -> Self {
        self.vars.push((name, value.to_owned()));
        self
    }

    fn run(&self) -> (Output, String, String) {
        let output = self.dir.join("github_output");
        let _ = std::fs::remove_file(&output);
        let mut command = Command::new("bash");
        command
            .arg(self.action.join("scripts/install-action"))
            .env_clear()
            // No cargo here: a source build says it cannot, instead of taking minutes.
            .env("PATH", "/usr/local/bin:/usr/bin:/bin")
            .env("ACTION_PATH", self.action)
            .env("ACTION_REPOSITORY", REPOSITORY)
            .env("ACTION_REF", self.action_ref)
            .env("GITHUB_SERVER_URL", "https://github.com")
            .env("RUNNER_OS", self.os)
            .env("RUNNER_ARCH", self.arch)
            .env("RUNNER_TEMP", self.dir.join("temp"))
            .env("RUNNER_TOOL_CACHE", self.dir.join("toolcache"))
            .env("GITHUB_OUTPUT", &output);
        for (name, value) in &self.vars {
            command.env(name, value);
        }
        let out = command.output().expect("run the install script");
        let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        (out, log, std::fs::read_to_string(output).unwrap_or_default())
    }
}

#[test]
fn every_runner_platform_gets_its_release_build_from_the_tool_cache_on() {
    let dir = scratch("platforms");
    let mut files = HashMap::new();
    let mut pinned = Vec::new();
    for (_, _, target, extension) in PLATFORMS {
        let name = format!("slimfile-{target}.{extension}");
        if files.contains_key(&release_path(VERSION, &name)) {
            continue;
        }
        let bytes = archive(&dir, target, extension);
        pinned.push((sha256(&dir, &bytes), name.clone()));
        files.insert(release_path(VERSION, &name), bytes);
    }
    let server = serve(files);
    let action = action_dir(&dir, &pins(&pinned));
    for (os, arch, target, extension) in PLATFORMS {
        // One tool cache per platform, as each runner has its own.
        let cache = dir.join(format!("toolcache-{os}-{arch}"));
        let install = Install { os, arch, ..Install::new(&action, &dir) }
            .var("SLIMFILE_DOWNLOAD_URL", &server)
            .var("RUNNER_TOOL_CACHE", cache.to_str().expect("utf-8"));
        let (out, log, outputs) = install.run();
        assert!(out.status.success(), "{os}/{arch}: {log}");
        assert!(log.contains(&format!("slimfile {VERSION} ({target})")), "{os}/{arch}: {log}");
        assert!(log.contains(&format!("{server}{}", release_path(VERSION, &format!("slimfile-{target}.{extension}")))));
        let exe = if os == "Windows" { "slimfile.exe" } else { "slimfile" };
        let bin = cache.join(format!("slimfile/{VERSION}/{arch}/{exe}"));
        assert_eq!(outputs, format!("bin={}\n", bin.display()), "{os}/{arch}");
    }
    // A later job on the same runner takes it from the tool cache, without a server.
    let cache = dir.join("toolcache-Linux-X64");
    let (out, log, _) = Install::new(&action, &dir)
        .var("SLIMFILE_DOWNLOAD_URL", "http://127.0.0.1:9")
        .var("RUNNER_TOOL_CACHE", cache.to_str().expect("utf-8"))
        .run();
    assert!(out.status.success(), "{log}");
    assert!(log.contains(&format!("slimfile {VERSION} is in the tool cache")), "{log}");
    // A runner with no release build (Linux on 32-bit Arm) is said to have none.
    let (_, log, _) = Install { arch: "ARM", ..Install::new(&action, &dir) }.run();
    assert!(log.contains("no release build for Linux/ARM"), "{log}");
}

#[test]
fn a_tampered_archive_is_refused_even_when_the_release_vouches_for_it() {
    let dir = scratch("tampered");
    let genuine = archive(&dir, "x86_64-unknown-linux-musl", "tar.gz");
    let name = "slimfile-x86_64-unknown-linux-musl.tar.gz".to_owned();
    let action = action_dir(&dir, &pins(&[(sha256(&dir, &genuine), name.clone())]));
    let mut tampered = genuine.clone();
    tampered.extend_from_slice(b"appended by someone else");
    let sums = format!("{}  {name}\n", sha256(&dir, &tampered));
    let server = serve(HashMap::from([
        (release_path(VERSION, &name), tampered),
        (release_path(VERSION, "sha256sums.txt"), sums.into_bytes()),
    ]));
    let (out, log, outputs) = Install::new(&action, &dir).var("SLIMFILE_DOWNLOAD_URL", &server).run();
    assert_eq!(out.status.code(), Some(1), "{log}");
    assert!(log.contains("checksum mismatch for slimfile-x86_64-unknown-linux-musl.tar.gz"), "{log}");
    assert!(log.contains("refusing it"), "{log}");
    assert_eq!(outputs, "");
    assert!(!dir.join(format!("toolcache/slimfile/{VERSION}/X64.complete")).exists());
}

#[test]
fn downloads_come_from_github_com_on_enterprise_server_unless_download_url_says_otherwise() {
    let dir = scratch("ghes");
    let bytes = archive(&dir, "x86_64-unknown-linux-musl", "tar.gz");
    let name = "slimfile-x86_64-unknown-linux-musl.tar.gz".to_owned();
    let action = action_dir(&dir, &pins(&[(sha256(&dir, &bytes), name.clone())]));
    // GITHUB_SERVER_URL is the enterprise host, which does not hold this action's releases.
    let (out, log, _) = Install::new(&action, &dir).var("GITHUB_SERVER_URL", "https://ghe.example.com").run();
    assert!(log.contains(&format!("downloading https://github.com{}", release_path(VERSION, &name))), "{log}");
    assert!(!log.contains("ghe.example.com"), "{log}");
    assert_eq!(out.status.code(), Some(1), "no network here, and no cargo to build with: {log}");
    // A mirror inside the enterprise, named by the download-url input.
    let mirror = serve(HashMap::from([(release_path(VERSION, &name), bytes)]));
    let (out, log, _) = Install::new(&action, &dir)
        .var("GITHUB_SERVER_URL", "https://ghe.example.com")
        .var("SLIMFILE_DOWNLOAD_URL", &mirror)
        .run();
    assert!(out.status.success(), "{log}");
    assert!(log.contains(&format!("downloading {mirror}")), "{log}");
}

#[test]
fn a_branch_or_an_unpinned_version_builds_the_source_and_an_explicit_version_never_does() {
    let dir = scratch("refs");
    let bytes = archive(&dir, "x86_64-unknown-linux-musl", "tar.gz");
    let name = "slimfile-x86_64-unknown-linux-musl.tar.gz".to_owned();
    let pinned = pins(&[(sha256(&dir, &bytes), name.clone())]);
    let server = serve(HashMap::from([
        (release_path(VERSION, &name), bytes.clone()),
        (release_path("0.0.9", &name), bytes.clone()),
        (release_path("0.0.9", "sha256sums.txt"), format!("{}  {name}\n", sha256(&dir, &bytes)).into_bytes()),
    ]));
    let action = action_dir(&dir, &pinned);
    // @main holds source no release has: it is built, never swapped for the last release.
    let (out, log, _) =
        Install { action_ref: "main", ..Install::new(&action, &dir) }.var("SLIMFILE_DOWNLOAD_URL", &server).run();
    assert_eq!(out.status.code(), Some(1));
    assert!(log.contains("ref 'main' is no release: building the action's own source"), "{log}");
    assert!(log.contains("cargo is needed"), "{log}");
    assert!(!log.contains("downloading"), "{log}");
    // A commit SHA of the pinned release downloads it.
    let sha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    let (out, log, _) =
        Install { action_ref: sha, ..Install::new(&action, &dir) }.var("SLIMFILE_DOWNLOAD_URL", &server).run();
    assert!(out.status.success(), "{log}");
    // A source whose version is not the pinned one (after a version bump) builds too.
    let unpinned = action_dir(&scratch("refs-unpinned"), "# No release is pinned yet.\n");
    let (_, log, _) = Install::new(&unpinned, &dir).var("SLIMFILE_DOWNLOAD_URL", &server).run();
    assert!(log.contains("ref 'v1' is no release"), "{log}");
    // The exact release tag, whose pin came after it: the release's sums, checked further by
    // its attestation when gh can (a stand-in gh that vouches), and said to be weaker when not.
    let older_pins = action_dir(&scratch("refs-exact-tag"), &pins(&[]).replace(VERSION, "0.0.9"));
    let exact = |gh: Option<&str>| {
        let dir = scratch(match gh {
            Some("true") => "refs-exact-gh",
            Some(_) => "refs-exact-gh-refuses",
            None => "refs-exact-no-gh",
        });
        let mut files = HashMap::new();
        files.insert(release_path(VERSION, &name), bytes.clone());
        files.insert(
            release_path(VERSION, "sha256sums.txt"),
            format!("{}  {name}\n", sha256(&dir, &bytes)).into_bytes(),
        );
        let server = serve(files);
        let mut install =
            Install { action_ref: "v0.1.0", ..Install::new(&older_pins, &dir) }.var("SLIMFILE_DOWNLOAD_URL", &server);
        if let Some(verdict) = gh {
            let bin = dir.join("bin");
            std::fs::create_dir_all(&bin).expect("bin");
            let script =
                format!("#!/bin/sh\n[ \"$1 $2\" = \"attestation verify\" ] && [ \"$4\" = --repo ] && {verdict}\n");
            std::fs::write(bin.join("gh"), script).expect("gh");
            assert!(Command::new("chmod").arg("+x").arg(bin.join("gh")).status().expect("chmod").success());
            install = install
                .var("PATH", &format!("{}:/usr/local/bin:/usr/bin:/bin", bin.display()))
                .var("GH_TOKEN", "ghs_x");
        }
        install.run()
    };
    let (out, log, _) = exact(Some("true"));
    assert!(out.status.success(), "{log}");
    assert!(log.contains("its build provenance attestation holds"), "{log}");
    let (out, log, _) = exact(Some("false"));
    assert_eq!(out.status.code(), Some(1), "{log}");
    assert!(log.contains("its build provenance attestation does not hold: refusing"), "{log}");
    let (out, log, _) = exact(None);
    assert!(out.status.success(), "{log}");
    assert!(log.contains("catches corruption, not tampering"), "{log}");
    // An explicit older version: the release's own sums, and the log says what they are worth.
    let (out, log, _) =
        Install::new(&action, &dir).var("SLIMFILE_VERSION", "v0.0.9").var("SLIMFILE_DOWNLOAD_URL", &server).run();
    assert!(out.status.success(), "{log}");
    assert!(log.contains("catches corruption, not tampering"), "{log}");
    // An explicit version without a release fails instead of building other source.
    let (out, log, outputs) =
        Install::new(&action, &dir).var("SLIMFILE_VERSION", "v9.9.9").var("SLIMFILE_DOWNLOAD_URL", &server).run();
    assert_eq!(out.status.code(), Some(1));
    assert!(log.contains("slimfile 9.9.9 could not be downloaded"), "{log}");
    assert_eq!(outputs, "");
}
