//! 8-bit codebook quantisation of log-probabilities.
//!
//! One byte per stored probability (and per backoff weight) is what keeps
//! a 40M-token n-gram model within the binary's budget. Centroids come
//! from equal-population bins of the sorted values (as in KenLM), which
//! spends codes where the n-grams actually are.

/// Maximum number of codes (code 255 stays free: the tables use it to
/// mark "not a context").
pub(crate) const MAX_CODES: usize = 255;

/// Sorted centroids; entries past `len` repeat the last centroid so that
/// indexing with any `u8` stays in bounds and branch-free.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Codebook {
    pub(crate) values: [f32; 256],
    pub(crate) len: usize,
}

impl Default for Codebook {
    /// One code, 0.0 (ln 1).
    fn default() -> Self {
        Codebook {
            values: [0.0; 256],
            len: 1,
        }
    }
}

impl Codebook {
    /// Builds a codebook for `values` (finite log-probs). When there are at
    /// most 255 distinct values they are stored exactly.
    pub(crate) fn train(values: &[f32]) -> Codebook {
        // Sample at most ~4M values: centroids of equal-population bins are
        // stable long before that and sorting everything would be wasteful.
        let step = values.len().div_ceil(4_000_000).max(1);
        let mut sorted: Vec<f32> = values.iter().step_by(step).copied().collect();
        sorted.sort_unstable_by(f32::total_cmp);
        let mut distinct = sorted.clone();
        distinct.dedup();
        let mut centroids: Vec<f32> = if distinct.len() <= MAX_CODES {
            distinct
        } else {
            let n = sorted.len();
            let bins = MAX_CODES - 1;
            // The global minimum is an extra centroid so that rounding down
            // (see `floor`) never has to round up.
            let lo = values.iter().copied().fold(sorted[0], f32::min);
            let mut c: Vec<f32> = std::iter::once(lo)
                .chain((0..bins).map(|b| {
                    let bin = &sorted[b * n / bins..(b + 1) * n / bins];
                    let sum: f64 = bin.iter().map(|&x| x as f64).sum();
                    (sum / bin.len().max(1) as f64) as f32
                }))
                .collect();
            c.dedup();
            c
        };
        if centroids.is_empty() {
            centroids.push(0.0);
        }
        let len = centroids.len();
        let mut out = [centroids[len - 1]; 256];
        out[..len].copy_from_slice(&centroids);
        Codebook { values: out, len }
    }

    /// Centroid for `code`.
    #[inline]
    pub(crate) fn get(&self, code: u8) -> f32 {
        self.values[code as usize]
    }

    /// Nearest centroid (in log space).
    pub(crate) fn nearest(&self, x: f32) -> u8 {
        let c = &self.values[..self.len];
        let i = c.partition_point(|&v| v < x);
        let code = if i == 0 {
            0
        } else if i == c.len() || (x - c[i - 1]) <= (c[i] - x) {
            i - 1
        } else {
            i
        };
        code as u8
    }

    /// Largest centroid `<= x` (the smallest centroid if none is). Used when
    /// rounding to nearest would leave a context without backoff mass.
    pub(crate) fn floor(&self, x: f32) -> u8 {
        let c = &self.values[..self.len];
        c.partition_point(|&v| v <= x).saturating_sub(1) as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_values_are_exact() {
        let cb = Codebook::train(&[-1.0, -2.0, -1.0, -0.5]);
        assert_eq!(cb.len, 3);
        for x in [-1.0, -2.0, -0.5] {
            assert_eq!(cb.get(cb.nearest(x)), x);
            assert_eq!(cb.get(cb.floor(x)), x);
        }
    }

    #[test]
    fn many_values_bounded_error() {
        let vals: Vec<f32> = (0..100_000).map(|i| -(i as f32) / 5000.0).collect();
        let cb = Codebook::train(&vals);
        assert!(cb.len <= MAX_CODES);
        for &x in vals.iter().step_by(97) {
            assert!((cb.get(cb.nearest(x)) - x).abs() < 0.05);
            assert!(cb.get(cb.floor(x)) <= x);
        }
    }
}
