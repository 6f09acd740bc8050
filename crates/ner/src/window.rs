//! Overlapping windows over token sequences longer than the model's input.
//!
//! A sequence of `n` tokens that does not fit in `width` tokens is covered by the fewest
//! windows of equal length that overlap by at least `stride` tokens. Each token takes its
//! prediction from exactly one window, the one in which it sits farther from a cut (the middle of
//! each overlap is the hand-over point), so merged results have no duplicates and every token
//! keeps at least `stride / 2` tokens of context on both sides. Decoding runs on the merged
//! token predictions, so an entity across a window edge is never cut.

use std::ops::Range;

/// One window: the tokens it feeds to the model and the tokens whose predictions it provides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// Tokens given to the model (indices into the sequence).
    pub input: Range<usize>,
    /// Tokens whose predictions are taken from this window; a sub-range of `input`. The `keep`
    /// ranges of a sequence's windows partition `0..n`.
    pub keep: Range<usize>,
}

/// Plans the windows for a sequence of `n` tokens, `width` tokens per window at most, with
/// consecutive windows overlapping by at least `stride` tokens.
///
/// `width` must be positive and `stride < width` (checked by the configuration); out-of-range
/// values are clamped so this never panics. An empty sequence has no window.
pub fn plan(n: usize, width: usize, stride: usize) -> Vec<Window> {
    let width = width.max(1);
    let stride = stride.min(width - 1);
    if n == 0 {
        return Vec::new();
    }
    if n <= width {
        return vec![Window {
            input: 0..n,
            keep: 0..n,
        }];
    }
    let step = width - stride;
    // Fewest windows k with k * width - (k - 1) * stride >= n.
    let k = (n - stride).div_ceil(step);
    // Equal lengths, as short as the overlap allows: less padding and cheaper attention.
    let len = (n + (k - 1) * stride).div_ceil(k).min(width);
    let span = n - len;
    let starts: Vec<usize> = (0..k).map(|i| (i * span + (k - 1) / 2) / (k - 1)).collect();
    let mut windows = Vec::with_capacity(k);
    let mut keep_start = 0;
    for i in 0..k {
        let input = starts[i]..starts[i] + len;
        let keep_end = if i + 1 < k {
            (starts[i + 1] + input.end).div_ceil(2)
        } else {
            n
        };
        windows.push(Window {
            input,
            keep: keep_start..keep_end,
        });
        keep_start = keep_end;
    }
    windows
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn short_sequences_take_one_window() {
        assert_eq!(plan(0, 126, 32), vec![]);
        assert_eq!(
            plan(126, 126, 32),
            vec![Window {
                input: 0..126,
                keep: 0..126
            }]
        );
    }

    #[test]
    fn long_sequences_overlap_evenly() {
        let w = plan(150, 126, 32);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].input, 0..91);
        assert_eq!(w[1].input, 59..150);
        assert_eq!(w[0].keep, 0..75);
        assert_eq!(w[1].keep, 75..150);
    }

    proptest! {
        #[test]
        fn windows_partition_and_respect_limits(n in 0usize..5000, width in 1usize..300, stride in 0usize..300) {
            let windows = plan(n, width, stride);
            let stride = stride.min(width - 1);
            let mut next = 0;
            for (i, w) in windows.iter().enumerate() {
                prop_assert!(w.input.len() <= width);
                prop_assert!(w.input.end <= n);
                prop_assert_eq!(w.keep.start, next);
                prop_assert!(w.input.start <= w.keep.start && w.keep.end <= w.input.end);
                next = w.keep.end;
                if i + 1 < windows.len() {
                    let overlap = w.input.end.saturating_sub(windows[i + 1].input.start);
                    prop_assert!(overlap >= stride, "overlap {} < stride {}", overlap, stride);
                }
            }
            prop_assert_eq!(next, n);
        }
    }
}
