//! Every limit the core puts on its input, in one place, with the reason for each.
//!
//! slimfile runs in every pull request and, in the playground, on every keystroke: no input may
//! crash it, hang it or make it take memory without bound. The core has no clock (it also runs in
//! wasm32, which has none), so time is bounded by bounding the work: the input's size, its number
//! of instructions, how deep variables nest, how many passes the fix loop makes and how often the
//! parser recovers. The CLI, the Action and the page all go through these same limits.
//!
//! Past a limit on the input itself ([`MAX_INPUT_BYTES`], [`MAX_INSTRUCTIONS`]) the file gets one
//! error naming the limit, at the location of the first byte or instruction past it. The other
//! limits stop one computation with a stated outcome: a variable nested too deep is an error on
//! the instruction that holds it, a fix loop that does not settle applies nothing and says so, and
//! instructions after too many parser recoveries are read from the line layout alone.
//!
//! There is deliberately no limit on the length of a line or of a continuation: both are read in
//! time linear in their length, so [`MAX_INPUT_BYTES`] bounds them. Measured with the release CLI
//! on a 2-core machine (figures of scale, not guarantees): a 7 MiB single line is checked in about
//! 0.3 s, a 1.5-million-line continuation (6 MB) in about 0.7 s with 250 MB peak memory.

/// The largest input read, in bytes: 8 MiB. The largest Dockerfile of the 1,391 in the shared
/// corpus is 20 KB, so real files are far below it; every pass over the text is linear or close
/// to it, so this also bounds time and memory.
pub const MAX_INPUT_BYTES: usize = 8 * 1024 * 1024;

/// The most instructions read. Some rules look back over the instructions before each one (and
/// `recursive-chown-after-copy` over each earlier `COPY`'s own history), so time grows faster than
/// linearly with their number. The largest file in the shared corpus has about 250. The slowest
/// file we could construct, pairs of `COPY --chown` and `RUN chown -R`, takes 0.7 to 0.9 s for a
/// whole `slimfile check` at this limit and 3.4 to 5 s at 2,000 instructions (release build, on a
/// shared and loaded 2-core machine); 2,000 `RUN apt-get install` lines take 0.2 s. Faster
/// look-ups in the rules may raise it.
pub const MAX_INSTRUCTIONS: usize = 1_000;

/// How deep `${a:-${b:-...}}` may nest where the core expands variables (`FROM`, `COPY --from`);
/// deeper nesting is an error instead of recursion without bound. Real files nest one or two
/// levels.
pub const MAX_VARIABLE_NESTING: usize = 32;

/// How many passes the fix loop makes before it gives up and applies nothing: fixes normally
/// settle in two or three, so more means two fixes undo each other.
pub const MAX_FIX_PASSES: usize = 16;

/// How often the parser resumes the `parse-dockerfile` crate after it refused an instruction;
/// past this the rest is read from the line layout alone, so that a file of thousands of broken
/// lines costs linear time instead of one re-parse of the remainder per broken line.
pub const MAX_PARSER_RESUMES: usize = 64;

/// The largest dependency manifest the rewrite reads, in bytes: 256 KiB. A `Cargo.toml`,
/// `pom.xml` or `requirements.txt` is a few kilobytes; a larger one stays unknown, and the rewrite
/// plans as if it had not been read.
pub const MAX_PROJECT_FILE_BYTES: usize = 256 * 1024;

/// The most dependency manifests the rewrite reads from one build context; the rest stay unknown.
pub const MAX_PROJECT_FILES: usize = 64;
