//! Stable sorting that costs the playground's download almost nothing.
//!
//! Every `sort_by_key` on a new element type is a new copy of the standard library's stable sort
//! (driftsort with its quicksort and small-sort networks, about 3.7 KB of WebAssembly each): the
//! page had nine, 9 KB of its gzipped size. Here one plain merge sort orders indices through a
//! comparison function, so it is compiled once; what is generic is the small part around it.
//! Keys are computed once per item, not once per comparison. The lists sorted are findings, edits
//! and notes (at most thousands), where a merge sort's `n log n` comparisons are nothing.

use std::cmp::Ordering;

/// Sorts `items` by `key`, keeping items with equal keys in their order: what
/// `items.sort_by_key(key)` does.
pub fn by_key<T, K: Ord>(items: &mut Vec<T>, key: impl FnMut(&T) -> K) {
    let keys: Vec<K> = items.iter().map(key).collect();
    let order = sorted_indices(keys.len(), &|a, b| keys[a].cmp(&keys[b]));
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.into_iter().filter_map(|index| slots.get_mut(index).and_then(Option::take)));
}

/// The indices `0..len` in the order `compare` gives them, equal ones in their order: a bottom-up
/// merge sort, taking the left run's index on ties.
fn sorted_indices(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut merged: Vec<usize> = Vec::with_capacity(len);
    let mut width = 1;
    while width < len {
        merged.clear();
        for start in (0..len).step_by(2 * width) {
            let middle = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut left, mut right) = (start, middle);
            while left < middle && right < end {
                if compare(order[right], order[left]) == Ordering::Less {
                    merged.push(order[right]);
                    right += 1;
                } else {
                    merged.push(order[left]);
                    left += 1;
                }
            }
            merged.extend_from_slice(&order[left..middle]);
            merged.extend_from_slice(&order[right..end]);
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_as_the_standard_library_does_and_keeps_equal_keys_in_order() {
        let mut state = 7u32;
        let mut items: Vec<(u32, usize)> = (0..500)
            .map(|n| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                ((state >> 16) % 40, n)
            })
            .collect();
        let mut expected = items.clone();
        expected.sort_by_key(|item| item.0);
        by_key(&mut items, |item| item.0);
        assert_eq!(items, expected);
        assert!(items.windows(2).all(|pair| pair[0].0 < pair[1].0 || pair[0].1 < pair[1].1));
    }

    #[test]
    fn sorts_every_length_around_the_merge_widths() {
        for len in 0..70 {
            let mut items: Vec<(usize, usize)> = (0..len).map(|n| ((n * 7 + 3) % 5, n)).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            by_key(&mut items, |item| item.0);
            assert_eq!(items, expected, "length {len}");
            let mut descending: Vec<usize> = (0..len).rev().collect();
            by_key(&mut descending, |n| *n);
            assert_eq!(descending, (0..len).collect::<Vec<_>>());
        }
    }

    #[test]
    fn sorts_empty_and_single_lists_and_owned_values() {
        let mut empty: Vec<String> = Vec::new();
        by_key(&mut empty, Clone::clone);
        assert!(empty.is_empty());
        let mut words = vec!["b".to_owned(), "a".to_owned(), "c".to_owned(), "a".to_owned()];
        by_key(&mut words, Clone::clone);
        assert_eq!(words, ["a", "a", "b", "c"]);
        let mut one = vec![1];
        by_key(&mut one, |n| *n);
        assert_eq!(one, [1]);
    }
}
