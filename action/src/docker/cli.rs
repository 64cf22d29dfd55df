//! The `docker` commands `slimfile verify` runs. Each returns what docker said; nothing here
//! judges it.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use flate2::Compression;
use flate2::write::GzEncoder;
use slimfile_core::verify::Behaviour;

/// The label on everything `slimfile verify` creates, so `slimfile verify --cleanup` finds what
/// an interrupted run left behind. Its value is the run's id.
pub const LABEL: &str = "slimfile.verify";

/// The docker CLI, and the run every image and container is labelled with.
#[derive(Debug, Clone)]
pub struct Docker {
    program: PathBuf,
    run_id: String,
    /// A `docker buildx` builder to build on instead of the default one.
    builder: Option<String>,
}

/// What a build printed, and whether it succeeded.
#[derive(Debug)]
pub struct BuildLog {
    /// Whether docker exited with 0.
    pub succeeded: bool,
    /// Standard output and error (BuildKit's plain progress goes to standard error).
    pub log: String,
}

impl Docker {
    /// The CLI at `program`, for the run `run_id`.
    pub fn new(program: PathBuf, run_id: String) -> Self {
        Self { program, run_id, builder: None }
    }

    /// Builds on the `docker buildx` builder `builder` (a remote or Kubernetes one, say), with
    /// the images loaded into the engine to be run and measured; `None` keeps the default.
    #[must_use]
    pub fn on_builder(self, builder: Option<String>) -> Self {
        Self { builder, ..self }
    }

    /// This run's id (the value of [`LABEL`]).
    pub fn run_id(&self) -> &str {
        &self.run_id
    }

    fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        // The classic builder has no `--progress=plain` and no cache report to read.
        command.env("DOCKER_BUILDKIT", "1").stdin(Stdio::null());
        command
    }

    fn output(&self, args: &[&str]) -> io::Result<Output> {
        self.command().args(args).output()
    }

    /// Text of a successful command, or what it printed on failure.
    fn text(&self, args: &[&str]) -> Result<String, String> {
        let output = self.output(args).map_err(|e| format!("cannot run {}: {e}", self.program.display()))?;
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
        } else {
            Err(format!("docker {}: {}", args.first().unwrap_or(&""), String::from_utf8_lossy(&output.stderr).trim()))
        }
    }

    /// Whether a Docker engine answers, or why not.
    pub fn engine_version(&self) -> Result<String, String> {
        self.text(&["version", "--format", "{{.Server.Version}}"])
    }

    /// Builds `dockerfile` with `context` as `tag`, labelled with this run.
    pub fn build(&self, context: &Path, dockerfile: &Path, tag: &str) -> io::Result<BuildLog> {
        let label = format!("{LABEL}={}", self.run_id);
        let mut command = self.command();
        if let Some(builder) = &self.builder {
            command.args(["buildx", "build", "--builder", builder, "--load"]);
        } else {
            command.arg("build");
        }
        let output = command
            .args(["--progress=plain", "--label", &label, "-t", tag, "-f"])
            .arg(dockerfile)
            .arg(context)
            .output()?;
        let mut log = String::from_utf8_lossy(&output.stdout).into_owned();
        log.push_str(&String::from_utf8_lossy(&output.stderr));
        Ok(BuildLog { succeeded: output.status.success(), log })
    }

    /// Whether `image` is in the engine's image store.
    pub fn has_image(&self, image: &str) -> bool {
        self.output(&["image", "inspect", "--format", "{{.Id}}", image]).is_ok_and(|o| o.status.success())
    }

    /// Pulls `image`.
    pub fn pull(&self, image: &str) -> Result<(), String> {
        self.text(&["pull", "--quiet", image]).map(drop)
    }

    /// `docker image inspect`'s `Size`: the image on disk, base layers included.
    pub fn disk_size(&self, image: &str) -> Result<u64, String> {
        let text = self.text(&["image", "inspect", "--format", "{{.Size}}", image])?;
        text.parse().map_err(|_| format!("docker image inspect gave {text:?} as the size of {image}"))
    }

    /// The size of `docker save IMAGE` once gzipped (gzip's default level): what the image weighs
    /// compressed, close to what a registry transfers.
    pub fn saved_gzip_size(&self, image: &str) -> Result<u64, String> {
        let mut child = self
            .command()
            .args(["save", image])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", self.program.display()))?;
        let mut counted = GzEncoder::new(ByteCount(0), Compression::default());
        let copied = child.stdout.take().map(|mut out| io::copy(&mut out, &mut counted));
        let mut stderr = String::new();
        if let Some(mut err) = child.stderr.take() {
            let _ = err.read_to_string(&mut stderr);
        }
        let status = child.wait().map_err(|e| e.to_string())?;
        match (copied, status.success()) {
            (Some(Ok(_)), true) => counted.finish().map(|count| count.0).map_err(|e| e.to_string()),
            (Some(Err(e)), _) => Err(format!("docker save {image}: {e}")),
            _ => Err(format!("docker save {image}: {}", stderr.trim())),
        }
    }

    /// Runs `image` with `args` in place of its `CMD`, for at most `time`: what it did, as the
    /// core compares it (`Exited`, or `StillRunning` when the time ran out).
    pub fn run(&self, image: &str, name: &str, args: &[String], time: Duration) -> io::Result<Behaviour> {
        let label = format!("{LABEL}={}", self.run_id);
        let mut child = self
            .command()
            .args(["run", "--name", name, "--label", &label, image])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let readers = Readers::start(&mut child);
        let deadline = Instant::now() + time;
        loop {
            if let Some(status) = child.try_wait()? {
                let (stdout, stderr) = readers.finish();
                return Ok(Behaviour::Exited { status: status.code().unwrap_or(-1), stdout, stderr });
            }
            if Instant::now() >= deadline {
                // Removing the container ends `docker run`, and with it the output streams.
                self.remove_container(name);
                let _ = child.wait();
                let (stdout, stderr) = readers.finish();
                return Ok(Behaviour::StillRunning { stdout, stderr });
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Starts `image` in the background with container port `port` published on the loopback
    /// interface; returns the host port.
    pub fn start_published(&self, image: &str, name: &str, port: u16) -> Result<u16, String> {
        let label = format!("{LABEL}={}", self.run_id);
        let publish = format!("127.0.0.1::{port}");
        self.text(&["run", "--detach", "--name", name, "--label", &label, "--publish", &publish, image])?;
        let mapping = self.text(&["port", name, &format!("{port}/tcp")])?;
        // `127.0.0.1:49153`, one line per address family.
        mapping
            .lines()
            .find_map(|line| line.rsplit_once(':').and_then(|(_, port)| port.trim().parse().ok()))
            .ok_or_else(|| format!("docker port gave {mapping:?}"))
    }

    /// Whether the container `name` is running.
    pub fn is_running(&self, name: &str) -> bool {
        self.text(&["container", "inspect", "--format", "{{.State.Running}}", name]).is_ok_and(|t| t == "true")
    }

    /// The container's output so far, for a report on why it did not answer.
    pub fn logs(&self, name: &str) -> String {
        self.output(&["logs", "--tail", "20", name])
            .map(|o| format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)))
            .unwrap_or_default()
    }

    /// Removes a container, running or not; a missing one is not an error.
    pub fn remove_container(&self, name: &str) {
        let _ = self.output(&["rm", "--force", "--volumes", name]);
    }

    /// Removes an image; a missing one is not an error.
    pub fn remove_image(&self, image: &str) {
        let _ = self.output(&["image", "rm", "--force", image]);
    }

    /// Removes every container and image labelled [`LABEL`], from any run; returns how many of
    /// each were found.
    pub fn remove_labelled(&self) -> Result<(usize, usize), String> {
        let filter = format!("label={LABEL}");
        let containers = self.text(&["ps", "--all", "--quiet", "--filter", &filter])?;
        let containers: Vec<&str> = containers.lines().filter(|l| !l.is_empty()).collect();
        for id in &containers {
            self.remove_container(id);
        }
        let images = self.text(&["image", "ls", "--quiet", "--filter", &filter])?;
        let mut images: Vec<&str> = images.lines().filter(|l| !l.is_empty()).collect();
        images.dedup();
        for id in &images {
            self.remove_image(id);
        }
        Ok((containers.len(), images.len()))
    }
}

/// Counts what is written, and keeps nothing.
struct ByteCount(u64);

impl Write for ByteCount {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Threads draining a child's standard output and error, so a chatty child never blocks on a
/// full pipe while it is being waited for.
struct Readers {
    stdout: Option<std::thread::JoinHandle<String>>,
    stderr: Option<std::thread::JoinHandle<String>>,
}

impl Readers {
    fn start(child: &mut Child) -> Self {
        fn drain(stream: Option<impl Read + Send + 'static>) -> Option<std::thread::JoinHandle<String>> {
            stream.map(|mut stream| {
                std::thread::spawn(move || {
                    let mut bytes = Vec::new();
                    let _ = stream.read_to_end(&mut bytes);
                    String::from_utf8_lossy(&bytes).into_owned()
                })
            })
        }
        Self { stdout: drain(child.stdout.take()), stderr: drain(child.stderr.take()) }
    }

    fn finish(self) -> (String, String) {
        let join =
            |handle: Option<std::thread::JoinHandle<String>>| handle.and_then(|h| h.join().ok()).unwrap_or_default();
        (join(self.stdout), join(self.stderr))
    }
}
