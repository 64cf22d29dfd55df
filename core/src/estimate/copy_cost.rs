//! What one `COPY` or `ADD` adds: files from the build context (measured by the caller, or a
//! stated assumption), heredoc bodies (read from the text), or artifacts of another stage (what
//! the step that made them is assumed to write, or a size the caller passes).

use super::assumptions::{CONTEXT_FILES, MANIFEST_FILES};
use super::image_estimate::{Contribution, Evidence};
use super::run_cost::Artifact;
use super::size_inputs::SizeInputs;
use super::units::megabytes;
use crate::document::Instruction;
use crate::ecosystem::Ecosystem;
use crate::paths::normalize;

/// Where a `COPY`/`ADD` reads from.
pub(crate) enum CopySource<'a> {
    /// The build context.
    Context,
    /// An earlier stage: its name for reports and the artifacts it (and its bases) left.
    Stage {
        /// The stage as the flag names it.
        name: &'a str,
        /// What its build steps left.
        artifacts: &'a [Artifact],
    },
    /// Another image (`COPY --from=nginx:1.27`).
    Image(&'a str),
}

/// Costs one `COPY` or `ADD`.
pub(crate) fn cost_copy(instruction: &Instruction, source: &CopySource<'_>, inputs: &SizeInputs) -> Vec<Contribution> {
    // The model keeps heredoc sources (`COPY <<EOF /etc/x`) apart from the paths: the last word
    // is the destination, the words before it are paths.
    let words = instruction.words();
    let files: Vec<&str> = match words.split_last() {
        Some((_, sources)) => sources.iter().map(|w| w.value.as_str()).collect(),
        None => Vec::new(),
    };
    let mut out: Vec<Contribution> = instruction
        .heredocs
        .iter()
        .map(|body| {
            Contribution::known(
                "heredoc",
                body.body.len() as u64,
                Evidence::Measured,
                "the heredoc's text in the Dockerfile",
            )
        })
        .collect();
    if files.is_empty() {
        return out;
    }
    match source {
        CopySource::Image(image) => out.push(Contribution::unknown(
            format!("files from the image {image}"),
            "files copied out of another image are not in slimfile's data",
        )),
        CopySource::Stage { name, artifacts } => {
            for file in files {
                out.push(from_stage(name, file, artifacts, inputs));
            }
        }
        CopySource::Context => out.push(from_context(instruction, &files, inputs)),
    }
    out
}

fn from_context(instruction: &Instruction, files: &[&str], inputs: &SizeInputs) -> Contribution {
    let what = format!("`{}` from the build context", files.join(" "));
    let remote: Vec<&str> = files.iter().copied().filter(|f| is_remote(f)).collect();
    if !remote.is_empty() {
        return Contribution::unknown(
            format!("download of {}", remote.join(" ")),
            "`ADD` fetches it when the image is built; its size is not known offline",
        );
    }
    let Some(context) = &inputs.context else {
        let assumed =
            if files.iter().all(|f| Ecosystem::names_dependency_files(f)) { MANIFEST_FILES } else { CONTEXT_FILES };
        return Contribution::known(what, assumed.bytes, Evidence::Assumption, assumed.statement);
    };
    match context.measure(files) {
        Some(measured) => {
            let archive = instruction.keyword == crate::document::Keyword::Add && files.iter().any(|f| is_archive(f));
            let mut basis = format!(
                "{} file{} in the build context, {} in all",
                measured.files,
                if measured.files == 1 { "" } else { "s" },
                megabytes(measured.bytes)
            );
            if archive {
                basis.push_str("; `ADD` unpacks local archives, so the layer is larger than the archive");
            }
            Contribution::known(what, measured.bytes, Evidence::Measured, basis)
        }
        None => Contribution::known(
            what,
            CONTEXT_FILES.bytes,
            Evidence::Assumption,
            format!(
                "not found in the listed build context (built from another directory?): {}",
                CONTEXT_FILES.statement.trim_start_matches("the build context was not measured: ")
            ),
        ),
    }
}

fn from_stage(stage: &str, file: &str, artifacts: &[Artifact], inputs: &SizeInputs) -> Contribution {
    let path = normalize(file);
    let what = format!("{path} from stage {stage}");
    if let Some(bytes) = inputs.artifacts.get(file).or_else(|| inputs.artifacts.get(&path)) {
        return Contribution::known(what, *bytes, Evidence::Measured, "the size the caller measured");
    }
    let inside =
        |outer: &str, inner: &str| inner == outer || inner.starts_with(&format!("{}/", outer.trim_end_matches('/')));
    let matching: Vec<&Artifact> = artifacts
        .iter()
        .filter(|a| match (&a.path, &a.dir) {
            (Some(p), _) => inside(&path, p) || inside(p, &path),
            (None, Some(dir)) => inside(dir, &path) || inside(&path, dir),
            (None, None) => false,
        })
        .collect();
    match matching.as_slice() {
        [] => Contribution::unknown(
            what,
            format!("no step slimfile models in stage {stage} writes {path}; its size is not known"),
        ),
        found => {
            if let Some(unknown) = found.iter().find(|a| a.bytes.is_none()) {
                return Contribution::unknown(
                    format!("{path} ({}) from stage {stage}", unknown.what),
                    unknown.basis.clone(),
                );
            }
            let bytes = found.iter().filter_map(|a| a.bytes).fold(0u64, u64::saturating_add);
            let evidence = found.iter().map(|a| a.evidence).max().unwrap_or(Evidence::Assumption);
            let basis = found.iter().map(|a| a.basis.as_str()).collect::<Vec<_>>().join("; ");
            let names = found.iter().map(|a| a.what.as_str()).collect::<Vec<_>>().join(", ");
            let contribution = Contribution::known(format!("{names} from stage {stage}"), bytes, evidence, basis);
            match found.iter().map(|a| a.compressed_bytes).collect::<Option<Vec<u64>>>() {
                Some(compressed) => {
                    contribution.with_compressed(compressed.into_iter().fold(0u64, u64::saturating_add))
                }
                None => contribution,
            }
        }
    }
}

fn is_remote(source: &str) -> bool {
    ["http://", "https://", "git@", "git://"].iter().any(|p| source.starts_with(p))
}

fn is_archive(source: &str) -> bool {
    [".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst"]
        .iter()
        .any(|ext| source.ends_with(ext))
}
