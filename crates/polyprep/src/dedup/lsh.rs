//! The LSH banding maths: the probability that a pair becomes a candidate, the S-curve, and the
//! choice of bands and rows for a threshold.

/// The probability that two documents whose Jaccard similarity is `s` share at least one band of
/// `rows` MinHash values out of `bands`: `1 - (1 - s^rows)^bands`.
pub fn candidate_probability(s: f64, bands: usize, rows: usize) -> f64 {
    let s = s.clamp(0.0, 1.0);
    1.0 - (1.0 - s.powi(saturating_i32(rows))).powi(saturating_i32(bands))
}

/// The S-curve of `bands` x `rows` banding at `points` evenly spaced similarities from 0.0 to 1.0
/// inclusive: `(s, P(candidate | s))`. Fewer than two points give the two ends.
pub fn s_curve(bands: usize, rows: usize, points: usize) -> Vec<(f64, f64)> {
    let points = points.max(2);
    (0..points)
        .map(|i| {
            let s = i as f64 / (points - 1) as f64;
            (s, candidate_probability(s, bands, rows))
        })
        .collect()
}

/// The bands and rows (`bands * rows <= permutations`) that minimise
/// `fp_weight * FP + fn_weight * FN`, where FP is the area under the S-curve below `threshold`
/// (pairs that become candidates though dissimilar) and FN the area above the curve from
/// `threshold` to 1 (similar pairs that are missed).
///
/// This is datasketch's `_optimal_param` (which text-dedup also uses): the same exhaustive search
/// over `bands` then `rows`, keeping the first strict minimum, with an adaptive Simpson rule in
/// place of SciPy's `quad`. It returns `(0, 0)` only for zero permutations.
pub fn optimal_lsh_params(
    threshold: f64,
    permutations: usize,
    fp_weight: f64,
    fn_weight: f64,
) -> (usize, usize) {
    let mut best = (0, 0);
    let mut min_error = f64::INFINITY;
    for bands in 1..=permutations {
        for rows in 1..=permutations / bands {
            let fp = integrate(|s| candidate_probability(s, bands, rows), 0.0, threshold);
            let fn_ = integrate(
                |s| 1.0 - candidate_probability(s, bands, rows),
                threshold,
                1.0,
            );
            let error = fp * fp_weight + fn_ * fn_weight;
            if error < min_error {
                min_error = error;
                best = (bands, rows);
            }
        }
    }
    best
}

fn saturating_i32(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Adaptive Simpson quadrature; the integrands are smooth but can be steep (s^r for large r),
/// where a fixed grid would need millions of points for the accuracy `quad` gives.
fn integrate(f: impl Fn(f64) -> f64, a: f64, b: f64) -> f64 {
    if b <= a {
        return 0.0;
    }
    let (fa, fm, fb) = (f(a), f((a + b) / 2.0), f(b));
    let whole = (b - a) / 6.0 * (fa + 4.0 * fm + fb);
    adaptive_simpson(&f, a, b, fa, fm, fb, whole, 1e-10, 40)
}

#[allow(clippy::too_many_arguments)]
fn adaptive_simpson(
    f: &impl Fn(f64) -> f64,
    a: f64,
    b: f64,
    fa: f64,
    fm: f64,
    fb: f64,
    whole: f64,
    tolerance: f64,
    depth: u32,
) -> f64 {
    let m = (a + b) / 2.0;
    let (lm, rm) = ((a + m) / 2.0, (m + b) / 2.0);
    let (flm, frm) = (f(lm), f(rm));
    let left = (m - a) / 6.0 * (fa + 4.0 * flm + fm);
    let right = (b - m) / 6.0 * (fm + 4.0 * frm + fb);
    let delta = left + right - whole;
    if depth == 0 || delta.abs() <= 15.0 * tolerance {
        return left + right + delta / 15.0;
    }
    adaptive_simpson(f, a, m, fa, flm, fm, left, tolerance / 2.0, depth - 1)
        + adaptive_simpson(f, m, b, fm, frm, fb, right, tolerance / 2.0, depth - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(threshold, permutations, bands, rows)` as datasketch 2.0.0's
    /// `_optimal_param(threshold, permutations, 0.5, 0.5)` returns them.
    const DATASKETCH: &[(f64, usize, usize, usize)] = &[
        (0.3, 64, 21, 3),
        (0.3, 112, 37, 3),
        (0.3, 128, 37, 3),
        (0.3, 256, 64, 4),
        (0.5, 64, 14, 4),
        (0.5, 112, 22, 5),
        (0.5, 128, 25, 5),
        (0.5, 256, 42, 6),
        (0.6, 64, 10, 6),
        (0.6, 112, 16, 7),
        (0.6, 128, 18, 7),
        (0.6, 256, 32, 8),
        (0.7, 64, 8, 8),
        (0.7, 112, 12, 9),
        (0.7, 128, 14, 9),
        (0.7, 256, 25, 10),
        (0.75, 64, 7, 9),
        (0.75, 112, 11, 10),
        (0.75, 128, 11, 11),
        (0.75, 256, 21, 12),
        (0.8, 64, 5, 11),
        (0.8, 112, 9, 12),
        (0.8, 128, 9, 13),
        (0.8, 256, 17, 15),
        (0.85, 64, 4, 15),
        (0.85, 112, 7, 16),
        (0.85, 128, 8, 16),
        (0.85, 256, 13, 19),
        (0.9, 64, 3, 21),
        (0.9, 112, 5, 22),
        (0.9, 128, 5, 25),
        (0.9, 256, 9, 28),
        (0.95, 64, 2, 32),
        (0.95, 112, 3, 37),
        (0.95, 128, 3, 42),
        (0.95, 256, 5, 51),
    ];

    #[test]
    fn optimal_params_match_datasketch() {
        for &(threshold, permutations, bands, rows) in DATASKETCH {
            assert_eq!(
                optimal_lsh_params(threshold, permutations, 0.5, 0.5),
                (bands, rows),
                "threshold {threshold}, {permutations} permutations"
            );
        }
        // Weighting false negatives more buys recall with more, shorter bands.
        assert_eq!(optimal_lsh_params(0.8, 128, 0.2, 0.8), (12, 10));
        assert_eq!(optimal_lsh_params(0.8, 0, 0.5, 0.5), (0, 0));
    }

    #[test]
    fn the_s_curve_runs_from_zero_to_one_and_rises() {
        let curve = s_curve(9, 13, 11);
        assert_eq!(curve.len(), 11);
        assert_eq!(curve[0], (0.0, 0.0));
        assert_eq!(curve[10], (1.0, 1.0));
        assert!(curve.windows(2).all(|w| w[0].1 <= w[1].1));
        let at = |s: f64| candidate_probability(s, 9, 13);
        assert!((at(0.8) - (1.0 - (1.0 - 0.8f64.powi(13)).powi(9))).abs() < 1e-15);
        assert_eq!(s_curve(1, 1, 0), vec![(0.0, 0.0), (1.0, 1.0)]);
    }

    #[test]
    fn simpson_integrates_steep_polynomials() {
        let exact = 1.0 / 129.0;
        assert!((integrate(|s| s.powi(128), 0.0, 1.0) - exact).abs() < 1e-12);
        assert!((integrate(|s| s, 0.0, 0.8) - 0.32).abs() < 1e-14);
    }
}
