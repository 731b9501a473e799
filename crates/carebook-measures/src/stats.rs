//! The statistics every measure shares: one percentile method and one way
//! to form a ratio.
//!
//! **Percentiles are nearest-rank**, medians included: the *p*-th percentile
//! of *n* values is the smallest value with at least *p* % of the values at
//! or below it, i.e. the value of rank ⌈p·n/100⌉ (ranks from 1) in ascending
//! order. The result is always a value that occurred; the median of an even
//! number of values is the lower of the two middle ones (median of 10 and 20
//! is 10), and ties are simply counted (median of 5, 5, 5, 10 is 5).

/// The nearest-rank `p`-th percentile (`p` in 1–100) of `values`, which it
/// reorders; `None` when there are no values.
pub fn nearest_rank(values: &mut [i64], p: u32) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let k = rank_index(values.len(), p);
    let (_, v, _) = values.select_nth_unstable(k);
    Some(*v)
}

/// The median (p50) and the 90th percentile of `values`, nearest-rank.
pub fn median_p90(values: &mut [i64]) -> (Option<i64>, Option<i64>) {
    if values.is_empty() {
        return (None, None);
    }
    let k50 = rank_index(values.len(), 50);
    let k90 = rank_index(values.len(), 90);
    let (_, median, above) = values.select_nth_unstable(k50);
    let median = *median;
    // k90 ≥ k50: the p90 is the (k90 − k50 − 1)-th of the values above the median.
    let p90 = if k90 == k50 {
        median
    } else {
        let (_, v, _) = above.select_nth_unstable(k90 - k50 - 1);
        *v
    };
    (Some(median), Some(p90))
}

/// Zero-based index of the nearest rank ⌈p·n/100⌉ (at least rank 1).
fn rank_index(n: usize, p: u32) -> usize {
    let p = p.clamp(1, 100) as usize;
    let rank = (p * n).div_ceil(100).max(1);
    rank - 1
}

/// `numerator ÷ denominator` in percent; `None` for an empty denominator
/// (shown as "—"), never 0 or NaN.
pub fn percent(numerator: u64, denominator: u64) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 * 100.0 / denominator as f64)
}

/// `sum ÷ count`; `None` when there is nothing to average.
pub fn mean(sum: i64, count: u64) -> Option<f64> {
    (count > 0).then(|| sum as f64 / count as f64)
}

/// Seconds as minutes (fractional).
pub(crate) fn minutes(seconds: Option<i64>) -> Option<f64> {
    seconds.map(|s| s as f64 / 60.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles_with_ties() {
        // (values, median, p90) — rank ⌈p·n/100⌉ of the sorted values.
        let table: &[(&[i64], i64, i64)] = &[
            // n=1: every rank is 1.
            (&[7], 7, 7),
            // n=2: median rank ⌈1⌉=1 → 10 (lower middle); p90 rank ⌈1.8⌉=2 → 20.
            (&[20, 10], 10, 20),
            // n=4 with ties: median rank 2 → 5; p90 rank ⌈3.6⌉=4 → 10.
            (&[5, 10, 5, 5], 5, 10),
            // n=10: median rank 5 → 5; p90 rank 9 → 9 (not the maximum 10).
            (&[10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 5, 9),
            // n=11: median rank ⌈5.5⌉=6 → 6; p90 rank ⌈9.9⌉=10 → 10.
            (&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 6, 10),
            // All equal.
            (&[3, 3, 3], 3, 3),
            // Ties straddling the p90 rank: n=5, p90 rank ⌈4.5⌉=5 → 9.
            (&[1, 9, 9, 1, 1], 1, 9),
        ];
        for (values, median, p90) in table {
            let mut v = values.to_vec();
            assert_eq!(median_p90(&mut v), (Some(*median), Some(*p90)), "{values:?}");
            let mut v = values.to_vec();
            assert_eq!(nearest_rank(&mut v, 50), Some(*median), "{values:?}");
            assert_eq!(nearest_rank(&mut v, 90), Some(*p90), "{values:?}");
        }
        assert_eq!(median_p90(&mut []), (None, None));
        assert_eq!(nearest_rank(&mut [4, 1, 8], 100), Some(8));
    }

    #[test]
    fn ratios_of_nothing_are_none() {
        assert_eq!(percent(0, 0), None);
        assert_eq!(percent(0, 4), Some(0.0));
        assert_eq!(percent(1, 3).map(|p| (p * 1000.0).round()), Some(33333.0));
        assert_eq!(mean(0, 0), None);
        assert_eq!(mean(7, 2), Some(3.5));
    }
}
