//! Runs `scripts/install-action` (what action.yml calls) against a local release server: it
//! installs the archive for the runner after checking it against `sha256sums.txt`, refuses a
//! checksum mismatch, and refuses to stand in a build of other source for an explicit version.

#[path = "fake_github/http.rs"]
mod http;

use std::collections::HashMap;
use std::io::BufReader;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use http::{Response, read_request, write_response};

const ASSET: &str = "slimfile-x86_64-unknown-linux-musl.tar.gz";

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

/// A release archive holding a stand-in `slimfile` that prints its version.
fn archive(dir: &Path) -> Vec<u8> {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).expect("bin");
    std::fs::write(bin.join("slimfile"), "#!/bin/sh\necho \"slimfile 0.1.0 (release build)\"\n").expect("write");
    let status = Command::new("chmod").arg("+x").arg(bin.join("slimfile")).status().expect("chmod");
    assert!(status.success());
    let tarball = dir.join(ASSET);
    let status =
        Command::new("tar").arg("-czf").arg(&tarball).arg("-C").arg(&bin).arg("slimfile").status().expect("tar");
    assert!(status.success());
    std::fs::read(tarball).expect("read archive")
}

fn sha256(dir: &Path, bytes: &[u8]) -> String {
    let path = dir.join("hash-me");
    std::fs::write(&path, bytes).expect("write");
    let out = Command::new("sha256sum").arg(&path).output().expect("sha256sum");
    String::from_utf8_lossy(&out.stdout).split_whitespace().next().expect("hash").to_owned()
}

fn install(dir: &Path, server: &str, version: &str) -> (Output, String) {
    let action_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = dir.join("github_output");
    let _ = std::fs::remove_file(&output);
    let out = Command::new("bash")
        .arg(action_path.join("scripts/install-action"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("SLIMFILE_VERSION", version)
        .env("ACTION_PATH", &action_path)
        .env("ACTION_REPOSITORY", "slimfile/slim-action")
        .env("GITHUB_SERVER_URL", server)
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("RUNNER_TEMP", dir.join("runner"))
        .env("GITHUB_OUTPUT", &output)
        .output()
        .expect("run the install script");
    (out, std::fs::read_to_string(output).unwrap_or_default())
}

fn release(version: &str, archive: &[u8], sums: String) -> HashMap<String, Vec<u8>> {
    let base = format!("/slimfile/slim-action/releases/download/v{version}");
    HashMap::from([
        (format!("{base}/{ASSET}"), archive.to_vec()),
        (format!("{base}/sha256sums.txt"), sums.into_bytes()),
    ])
}

#[test]
fn installs_a_verified_release_archive() {
    let dir = scratch("verified");
    let archive = archive(&dir);
    let version = env!("CARGO_PKG_VERSION");
    let server = serve(release(version, &archive, format!("{}  {ASSET}\n", sha256(&dir, &archive))));
    let (out, outputs) = install(&dir, &server, "");
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("slimfile 0.1.0 (release build)"));
    let bin = dir.join(format!("runner/slimfile-{version}/bin/slimfile"));
    assert_eq!(outputs, format!("bin={}\n", bin.display()));
}

#[test]
fn refuses_an_archive_whose_checksum_does_not_match() {
    let dir = scratch("mismatch");
    let archive = archive(&dir);
    let server = serve(release(env!("CARGO_PKG_VERSION"), &archive, format!("{}  {ASSET}\n", "0".repeat(64))));
    let (out, outputs) = install(&dir, &server, "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("checksum mismatch"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(outputs, "");
}

#[test]
fn an_explicit_version_without_a_release_fails_instead_of_building_other_source() {
    let dir = scratch("missing");
    let server = serve(HashMap::new());
    let (out, outputs) = install(&dir, &server, "v9.9.9");
    assert_eq!(out.status.code(), Some(1));
    let log = String::from_utf8_lossy(&out.stdout);
    assert!(log.contains("slimfile 9.9.9 could not be downloaded"), "{log}");
    assert_eq!(outputs, "");
}
