//! Customer ids → dense slots, for the passes over a million purchases.
//!
//! Ids from SQLite are mostly consecutive, so a slot is usually `id − min`
//! (no hashing at all); sparse ids fall back to a hash map with a cheap
//! multiplicative hasher (ids are not attacker-chosen).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A multiplicative hasher for integer keys.
#[derive(Default, Clone, Copy)]
pub(crate) struct IntHasher(u64);

impl Hasher for IntHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(*b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_i64(&mut self, n: i64) {
        // Fibonacci hashing; the high bits are mixed down for hashbrown's low-bit buckets.
        let h = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ (h >> 29);
    }
}

/// A `HashMap` keyed by integers with [`IntHasher`].
pub(crate) type IntMap<K, V> = HashMap<K, V, BuildHasherDefault<IntHasher>>;

/// A set with [`IntHasher`].
pub(crate) type IntSet<K> = std::collections::HashSet<K, BuildHasherDefault<IntHasher>>;

/// Maps ids to slots `0..len`.
pub(crate) enum IdIndex {
    /// Slot = id − min, for ids within `min..min + len`.
    Dense { min: i64, len: usize },
    /// Slots handed out in order of first sight.
    Hashed { slots: IntMap<i64, usize>, ids: Vec<i64> },
}

impl IdIndex {
    /// An index for ids seen between `min` and `max`, about `count` of them
    /// distinct at most: dense when the id span is not much larger than the
    /// number of ids.
    pub(crate) fn for_span(min: i64, max: i64, count: usize) -> IdIndex {
        let span = max.checked_sub(min).and_then(|s| usize::try_from(s).ok()).and_then(|s| s.checked_add(1));
        match span {
            Some(span) if span <= count.saturating_mul(4).max(4096) && span <= 1 << 26 => {
                IdIndex::Dense { min, len: span }
            }
            _ => IdIndex::Hashed { slots: IntMap::default(), ids: Vec::new() },
        }
    }

    /// Number of slots handed out (dense: the whole span).
    pub(crate) fn len(&self) -> usize {
        match self {
            IdIndex::Dense { len, .. } => *len,
            IdIndex::Hashed { ids, .. } => ids.len(),
        }
    }

    /// The slot of `id`, adding it when hashed. `None` only for a dense
    /// index and an id outside its span.
    pub(crate) fn slot_or_insert(&mut self, id: i64) -> Option<usize> {
        match self {
            IdIndex::Dense { min, len } => {
                let slot = usize::try_from(id.checked_sub(*min)?).ok()?;
                (slot < *len).then_some(slot)
            }
            IdIndex::Hashed { slots, ids } => Some(*slots.entry(id).or_insert_with(|| {
                ids.push(id);
                ids.len() - 1
            })),
        }
    }

    /// The slot of a known `id`.
    pub(crate) fn slot(&self, id: i64) -> Option<usize> {
        match self {
            IdIndex::Dense { min, len } => {
                let slot = usize::try_from(id.checked_sub(*min)?).ok()?;
                (slot < *len).then_some(slot)
            }
            IdIndex::Hashed { slots, .. } => slots.get(&id).copied(),
        }
    }

    /// The id of `slot`.
    pub(crate) fn id(&self, slot: usize) -> i64 {
        match self {
            // slot < len ≤ 2^26: fits i64.
            IdIndex::Dense { min, .. } => *min + slot as i64,
            IdIndex::Hashed { ids, .. } => ids[slot],
        }
    }
}

/// A fixed number of `u64` words per customer, filled in one pass over
/// rows whose id span is not known in advance: ids in `0..dense_limit` are
/// their own row (the usual SQLite rowids), any other id gets a row of its
/// own through a hash map.
pub(crate) struct CustomerBits {
    words: usize,
    dense_limit: usize,
    dense: Vec<u64>,
    sparse_slots: IntMap<i64, usize>,
    sparse_ids: Vec<i64>,
    sparse: Vec<u64>,
}

impl CustomerBits {
    /// Rows of `words` words; dense rows for ids up to `expected_ids` × 2 (+ 65,536).
    pub(crate) fn new(words: usize, expected_ids: usize) -> CustomerBits {
        CustomerBits {
            words,
            dense_limit: expected_ids.saturating_mul(2).saturating_add(65_536).min(1 << 26),
            dense: Vec::new(),
            sparse_slots: IntMap::default(),
            sparse_ids: Vec::new(),
            sparse: Vec::new(),
        }
    }

    /// The row of `id`, zeroed on first use.
    #[inline]
    pub(crate) fn row_mut(&mut self, id: i64) -> &mut [u64] {
        let w = self.words;
        if let Ok(i) = usize::try_from(id)
            && i < self.dense_limit
        {
            if self.dense.len() < (i + 1) * w {
                self.dense.resize((i + 1) * w, 0);
            }
            return &mut self.dense[i * w..(i + 1) * w];
        }
        let slot = *self.sparse_slots.entry(id).or_insert_with(|| {
            self.sparse_ids.push(id);
            self.sparse.resize(self.sparse.len() + w, 0);
            self.sparse_ids.len() - 1
        });
        &mut self.sparse[slot * w..(slot + 1) * w]
    }

    /// Every id with at least one bit set, and its row.
    pub(crate) fn rows(&self) -> impl Iterator<Item = (i64, &[u64])> {
        let w = self.words.max(1);
        let dense = self.dense.chunks_exact(w).enumerate().map(|(i, row)| (i as i64, row));
        let sparse = self.sparse.chunks_exact(w).zip(&self.sparse_ids).map(|(row, id)| (*id, row));
        dense.chain(sparse).filter(|(_, row)| row.iter().any(|x| *x != 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_and_hashed_indexes_agree() {
        let ids = [5_i64, 9, 5, 1_000_000_000_000, -3, 9];
        let mut dense = IdIndex::for_span(-3, 9, 6);
        assert!(matches!(dense, IdIndex::Dense { .. }));
        assert_eq!(dense.slot_or_insert(1_000_000_000_000), None, "outside the dense span");
        let mut hashed = IdIndex::for_span(-3, 1_000_000_000_000, 6);
        assert!(matches!(hashed, IdIndex::Hashed { .. }));
        for id in ids {
            let s = hashed.slot_or_insert(id).unwrap();
            assert_eq!(hashed.id(s), id);
            assert_eq!(hashed.slot(id), Some(s));
            if id != 1_000_000_000_000 {
                let s = dense.slot_or_insert(id).unwrap();
                assert_eq!(dense.id(s), id);
            }
        }
        assert_eq!(hashed.len(), 4, "four distinct ids");
        assert_eq!(dense.len(), 13, "the span −3..=9");
    }

    #[test]
    fn customer_bits_keep_dense_and_sparse_ids_apart() {
        let mut bits = CustomerBits::new(2, 10);
        bits.row_mut(3)[0] |= 1;
        bits.row_mut(-7)[1] |= 2;
        bits.row_mut(1 << 40)[0] |= 4;
        bits.row_mut(3)[1] |= 8;
        bits.row_mut(5); // touched, nothing set: not listed
        let rows: Vec<(i64, Vec<u64>)> = bits.rows().map(|(id, row)| (id, row.to_vec())).collect();
        assert_eq!(rows, [(3, vec![1, 8]), (-7, vec![0, 2]), (1 << 40, vec![4, 0])]);
    }
}
