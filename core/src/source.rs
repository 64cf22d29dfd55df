//! Byte spans, 1-based positions and the line index that maps one to the other.
//!
//! Every location the core hands out is a byte span into the original text (BOM included), so that
//! edits can be applied to the exact bytes the author wrote; positions are derived from spans only
//! when something is shown to a person.

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into the original text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    #[must_use]
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// An empty span at `offset`, where an insertion goes.
    #[must_use]
    pub const fn empty(offset: usize) -> Self {
        Self { start: offset, end: offset }
    }

    /// Length in bytes.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The same span moved by `delta` bytes.
    #[must_use]
    pub const fn shifted(self, delta: usize) -> Self {
        Self { start: self.start + delta, end: self.end + delta }
    }

    /// Whether `offset` falls inside the span.
    #[must_use]
    pub const fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    /// The text the span covers.
    #[must_use]
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// A 1-based line and column; the column counts Unicode scalar values, as editors do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Position {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// A start and end position, as shown to people and written to JSON and SARIF.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Range {
    /// Where it starts.
    pub start: Position,
    /// Where it ends (exclusive column).
    pub end: Position,
}

/// The start offset of every line, so that spans become positions in `O(log n)`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`. A line ends after `\n`; a `\r` before it belongs to the line ending.
    #[must_use]
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        Self { starts }
    }

    /// Number of lines (a final line without a newline counts; an empty text has one empty line).
    #[must_use]
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line of `offset`.
    #[must_use]
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset where 0-based `line` starts.
    #[must_use]
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or_else(|| *self.starts.last().unwrap_or(&0))
    }

    /// The byte span of 0-based `line`, without its line ending.
    #[must_use]
    pub fn line_span(&self, text: &str, line: usize) -> Span {
        let start = self.line_start(line);
        let mut end = self.starts.get(line + 1).map_or(text.len(), |&next| next - 1);
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Span::new(start, end.max(start))
    }

    /// 1-based position of `offset` in `text`.
    #[must_use]
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.starts[line];
        let column = text.get(start..offset).map_or(offset - start, |s| s.chars().count());
        Position { line: to_u32(line + 1), column: to_u32(column + 1) }
    }

    /// 1-based range of `span` in `text`.
    #[must_use]
    pub fn range(&self, text: &str, span: Span) -> Range {
        Range { start: self.position(text, span.start), end: self.position(text, span.end) }
    }

    /// Byte offset of a 1-based position, clamped to the text.
    #[must_use]
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let line = (position.line.max(1) as usize - 1).min(self.starts.len() - 1);
        let span = self.line_span(text, line);
        let column = position.column.max(1) as usize - 1;
        span.slice(text).char_indices().nth(column).map_or(span.end, |(i, _)| span.start + i)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "FROM a\r\nRUN é x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
        let x = text.find('x').unwrap_or_default();
        assert_eq!(index.position(text, x), Position { line: 2, column: 7 });
        assert_eq!(index.line_span(text, 0).slice(text), "FROM a");
        assert_eq!(index.offset(text, Position { line: 2, column: 7 }), x);
    }
}
