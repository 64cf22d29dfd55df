//! Reads BuildKit's `--progress=plain` output: which steps ran and which came from the cache.

use std::collections::BTreeMap;

use slimfile_core::verify::{BuildStep, normalise_step};

/// The Dockerfile steps of a build, in the order BuildKit first named them. A step line is
/// `#N [stage i/n] INSTRUCTION`; a later `#N CACHED` marks it as taken from the cache. Internal
/// steps (`[internal] load ...`) and lines of other shapes are skipped.
#[must_use]
pub fn build_steps(progress: &str) -> Vec<BuildStep> {
    let mut order: Vec<u64> = Vec::new();
    let mut steps: BTreeMap<u64, BuildStep> = BTreeMap::new();
    for line in progress.lines() {
        let Some(rest) = line.strip_prefix('#') else { continue };
        let Some((number, text)) = rest.split_once(' ') else { continue };
        let Ok(number) = number.parse::<u64>() else { continue };
        let text = text.trim();
        if text == "CACHED" {
            if let Some(step) = steps.get_mut(&number) {
                step.cached = true;
            }
            continue;
        }
        if steps.contains_key(&number) {
            continue;
        }
        let Some(label) = text.strip_prefix('[') else { continue };
        let Some((position, instruction)) = label.split_once("] ") else { continue };
        if position.starts_with("internal") || !position.contains('/') {
            continue;
        }
        order.push(number);
        steps.insert(number, BuildStep { instruction: normalise_step(instruction, '\\'), cached: false });
    }
    order.into_iter().filter_map(|n| steps.remove(&n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const REBUILD: &str = "#1 [internal] load build definition from Dockerfile\n#1 DONE 0.0s\n\n#5 [builder 1/6] \
                           FROM docker.io/library/golang:1.22\n#5 CACHED\n\n#6 [builder 3/6] COPY go.mod go.sum* ./\n#6 \
                           CACHED\n\n#7 [builder 4/6] RUN go mod download\n#7 CACHED\n\n#8 [builder 5/6] COPY . .\n#8 \
                           DONE 0.1s\n\n#9 [builder 6/6] RUN CGO_ENABLED=0 go build -o /app/server .\n#9 0.512 \
                           compiling\n#9 DONE 9.1s\n\n#10 [runtime 2/2] COPY --from=builder /app/server \
                           /app/server\n#10 DONE 0.1s\n";

    #[test]
    fn steps_and_their_cache_state_in_order() {
        let steps = build_steps(REBUILD);
        let seen: Vec<(&str, bool)> = steps.iter().map(|s| (s.instruction.as_str(), s.cached)).collect();
        assert_eq!(
            seen,
            [
                ("FROM docker.io/library/golang:1.22", true),
                ("COPY go.mod go.sum* ./", true),
                ("RUN go mod download", true),
                ("COPY . .", false),
                ("RUN CGO_ENABLED=0 go build -o /app/server .", false),
                ("COPY --from=builder /app/server /app/server", false),
            ]
        );
    }

    #[test]
    fn unnamed_stages_and_stray_lines_are_read_or_skipped() {
        let steps = build_steps("#4 [2/2] RUN echo  hi\n#4 CACHED\n#x nonsense\n#12\n#3 CACHED\n");
        assert_eq!(steps, [BuildStep { instruction: "RUN echo hi".to_owned(), cached: true }]);
    }
}
