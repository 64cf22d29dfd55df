//! A line diff between the input and the proposed Dockerfile, so the result pane can highlight
//! what the rewrite added and removed.
//!
//! Myers' algorithm over lines, after trimming the common head and tail. Its cost grows with the
//! number of changed lines, so it is bounded: past [`MAX_CHANGES`] the middle is shown as removed
//! and re-added rather than making the page wait on a pathological input.

/// What happened to one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// In both texts.
    Same,
    /// Only in the new text.
    Added,
    /// Only in the old text.
    Removed,
}

/// One line of the diff, in display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiffLine<'t> {
    /// Whether the line was kept, added or removed.
    pub change: Change,
    /// The line, without its line ending.
    pub text: &'t str,
}

/// The edit distance (lines added plus lines removed) past which the middle of the texts is
/// shown as replaced wholesale; it keeps the work under about a million steps.
pub const MAX_CHANGES: usize = 1000;

/// The lines of `before` and `after`, each marked kept, added or removed.
#[must_use]
pub fn diff_lines<'t>(before: &'t str, after: &'t str) -> Vec<DiffLine<'t>> {
    let old: Vec<&str> = before.lines().collect();
    let new: Vec<&str> = after.lines().collect();
    let head = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let tail = old[head..].iter().rev().zip(new[head..].iter().rev()).take_while(|(a, b)| a == b).count();
    let (old_mid, new_mid) = (&old[head..old.len() - tail], &new[head..new.len() - tail]);

    let mut out = Vec::with_capacity(old.len().max(new.len()));
    out.extend(old[..head].iter().map(|&text| DiffLine { change: Change::Same, text }));
    let changes = myers(old_mid, new_mid).unwrap_or_else(|| {
        let mut wholesale = vec![Change::Removed; old_mid.len()];
        wholesale.resize(old_mid.len() + new_mid.len(), Change::Added);
        wholesale
    });
    let (mut i, mut j) = (0, 0);
    for change in changes {
        let text = match change {
            Change::Same | Change::Removed => old_mid.get(i).copied(),
            Change::Added => new_mid.get(j).copied(),
        };
        match change {
            Change::Same => (i, j) = (i + 1, j + 1),
            Change::Removed => i += 1,
            Change::Added => j += 1,
        }
        out.extend(text.map(|text| DiffLine { change, text }));
    }
    out.extend(old[old.len() - tail..].iter().map(|&text| DiffLine { change: Change::Same, text }));
    out
}

/// The shortest edit script from `a` to `b`, or `None` when it is longer than [`MAX_CHANGES`].
fn myers(a: &[&str], b: &[&str]) -> Option<Vec<Change>> {
    let (n, m) = (a.len(), b.len());
    let max = (n + m).min(MAX_CHANGES);
    // `furthest[offset + k]` is the furthest x reached on diagonal k = x - y.
    let offset = max + 1;
    let mut furthest = vec![0usize; 2 * max + 3];
    // Before each round d, the diagonals -d..=d of `furthest`: enough to walk back.
    let mut trace: Vec<Vec<usize>> = Vec::new();
    for d in 0..=max {
        trace.push(furthest[offset - d..=offset + d].to_vec());
        for k in (0..=2 * d).step_by(2).map(|step| offset + step - d) {
            let down = k == offset - d || (k != offset + d && furthest[k - 1] < furthest[k + 1]);
            let mut x = if down { furthest[k + 1] } else { furthest[k - 1] + 1 };
            // y = x - (k - offset), kept in unsigned arithmetic.
            let mut y = (x + offset).checked_sub(k)?;
            while x < n && y < m && a[x] == b[y] {
                x += 1;
                y += 1;
            }
            furthest[k] = x;
            if x >= n && y >= m {
                return Some(walk_back(&trace, n, m));
            }
        }
    }
    None
}

/// Turns the recorded rounds back into the edit script, from the end to the start.
fn walk_back(trace: &[Vec<usize>], n: usize, m: usize) -> Vec<Change> {
    let mut changes = Vec::with_capacity(n + m);
    let (mut x, mut y) = (n, m);
    for (d, saved) in trace.iter().enumerate().rev() {
        if d == 0 {
            changes.extend(std::iter::repeat_n(Change::Same, x.min(y)));
            break;
        }
        // Diagonal k = x - y, stored at index k + d of this round's slice.
        let at = |diagonal: usize| saved.get(diagonal).copied().unwrap_or(0);
        let k = (x + d).saturating_sub(y);
        let down = k == 0 || (k != 2 * d && at(k - 1) < at(k + 1));
        let previous_k = if down { k + 1 } else { k - 1 };
        let previous_x = at(previous_k);
        let previous_y = (previous_x + d).saturating_sub(previous_k);
        while x > previous_x && y > previous_y {
            changes.push(Change::Same);
            x -= 1;
            y -= 1;
        }
        changes.push(if down { Change::Added } else { Change::Removed });
        (x, y) = (previous_x, previous_y);
    }
    changes.reverse();
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(before: &str, after: &str) -> String {
        diff_lines(before, after)
            .iter()
            .map(|line| {
                let mark = match line.change {
                    Change::Same => ' ',
                    Change::Added => '+',
                    Change::Removed => '-',
                };
                format!("{mark}{}\n", line.text)
            })
            .collect()
    }

    /// Every diff must rebuild both texts: the kept and removed lines are `before`, the kept
    /// and added lines are `after`.
    fn assert_rebuilds(before: &str, after: &str) {
        let diff = diff_lines(before, after);
        let old: Vec<&str> = diff.iter().filter(|l| l.change != Change::Added).map(|l| l.text).collect();
        let new: Vec<&str> = diff.iter().filter(|l| l.change != Change::Removed).map(|l| l.text).collect();
        assert_eq!(old, before.lines().collect::<Vec<_>>(), "old side of {before:?} -> {after:?}");
        assert_eq!(new, after.lines().collect::<Vec<_>>(), "new side of {before:?} -> {after:?}");
    }

    #[test]
    fn marks_inserted_and_deleted_lines() {
        let before = "FROM golang:1.22\nCOPY . .\nRUN go build\nCMD x\n";
        let after = "FROM golang:1.22 AS build\nCOPY . .\nRUN go build\nFROM scratch\nCMD x\n";
        assert_eq!(
            render(before, after),
            "-FROM golang:1.22\n+FROM golang:1.22 AS build\n COPY . .\n RUN go build\n+FROM scratch\n CMD x\n"
        );
    }

    #[test]
    fn identical_and_empty_texts() {
        assert_eq!(render("a\nb\n", "a\nb\n"), " a\n b\n");
        assert_eq!(render("", "a\n"), "+a\n");
        assert_eq!(render("a\n", ""), "-a\n");
        assert!(diff_lines("", "").is_empty());
    }

    #[test]
    fn rebuilds_both_sides_of_many_edits() {
        let cases = [
            ("a\nb\nc\nd\ne\n", "b\nc\nx\ne\nf\n"),
            ("x\nx\nx\n", "x\ny\nx\nx\ny\n"),
            ("1\n2\n3\n4\n5\n6\n", "6\n5\n4\n3\n2\n1\n"),
            ("a\r\nb\r\n", "a\nc\n"),
            ("same\nsame\n", "other\n"),
        ];
        for (before, after) in cases {
            assert_rebuilds(before, after);
            assert_rebuilds(after, before);
        }
    }

    #[test]
    fn finds_a_shortest_script() {
        let diff = diff_lines("a\nb\nc\na\nb\nb\na\n", "c\nb\na\nb\na\nc\n");
        let edits = diff.iter().filter(|l| l.change != Change::Same).count();
        // The classic example from Myers' paper: edit distance 5.
        assert_eq!(edits, 5);
    }

    #[test]
    fn bounded_on_texts_that_share_nothing() {
        let before: String = (0..3000).map(|i| format!("old {i}\n")).collect();
        let after: String = (0..3000).map(|i| format!("new {i}\n")).collect();
        let diff = diff_lines(&before, &after);
        assert_eq!(diff.len(), 6000);
        assert!(diff[..3000].iter().all(|l| l.change == Change::Removed));
        assert_rebuilds(&before, &after);
    }
}
