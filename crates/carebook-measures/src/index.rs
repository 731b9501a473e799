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
}
