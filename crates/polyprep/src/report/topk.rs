//! Frequent items in bounded memory: the Space-Saving algorithm (Metwally, Agrawal and El
//! Abbadi, "Efficient computation of frequent and top-k elements in data streams", 2005).
//!
//! A table of `capacity` counters counts exactly while it has seen at most `capacity` distinct
//! items. Past that, a new item takes the counter of the least counted one and inherits its
//! count as a possible overcount, so an item that occurs more often than `total / capacity`
//! times is always in the table, and every count is an upper bound off by at most its `error`.

use std::collections::{BTreeSet, HashMap};
use std::hash::Hash;

/// One counted item.
#[derive(Debug, Clone)]
pub(crate) struct Counted<K, P> {
    pub key: K,
    /// Upper bound of the item's occurrences.
    pub count: u64,
    /// How much of `count` may belong to the items this counter held before.
    pub error: u64,
    /// What the caller keeps beside the item (first seen details).
    pub payload: P,
}

/// A Space-Saving table of at most `capacity` counters.
#[derive(Debug, Clone)]
pub(crate) struct TopK<K, P> {
    capacity: usize,
    slots: Vec<Counted<K, P>>,
    index: HashMap<K, usize>,
    /// `(count, slot)`, so the least counted slot is the first.
    order: BTreeSet<(u64, usize)>,
    evictions: u64,
}

impl<K: Hash + Eq + Clone + Ord, P> TopK<K, P> {
    /// A table of `capacity` counters (at least one).
    pub fn new(capacity: usize) -> Self {
        TopK {
            capacity: capacity.max(1),
            slots: Vec::new(),
            index: HashMap::new(),
            order: BTreeSet::new(),
            evictions: 0,
        }
    }

    /// Counts one occurrence of `key`; `payload` is called when the key gets a counter.
    pub fn add(&mut self, key: K, payload: impl FnOnce() -> P) {
        if let Some(&slot) = self.index.get(&key) {
            let counted = &mut self.slots[slot];
            self.order.remove(&(counted.count, slot));
            counted.count += 1;
            self.order.insert((counted.count, slot));
            return;
        }
        if self.slots.len() < self.capacity {
            let slot = self.slots.len();
            self.index.insert(key.clone(), slot);
            self.slots.push(Counted {
                key,
                count: 1,
                error: 0,
                payload: payload(),
            });
            self.order.insert((1, slot));
            return;
        }
        let Some((min, slot)) = self.order.pop_first() else {
            return;
        };
        self.evictions += 1;
        let counted = &mut self.slots[slot];
        self.index.remove(&counted.key);
        self.index.insert(key.clone(), slot);
        *counted = Counted {
            key,
            count: min + 1,
            error: min,
            payload: payload(),
        };
        self.order.insert((min + 1, slot));
    }

    /// Whether every count is exact (the table never had to give a counter away).
    pub fn is_exact(&self) -> bool {
        self.evictions == 0
    }

    /// Distinct items held.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// The `n` most counted items, most counted first, ties by key.
    pub fn top(&self, n: usize) -> Vec<&Counted<K, P>> {
        let mut all: Vec<&Counted<K, P>> = self.slots.iter().collect();
        all.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
        all.truncate(n);
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_below_capacity() {
        let mut top = TopK::new(8);
        for word in "a b a c a b".split(' ') {
            top.add(word.to_string(), || ());
        }
        let counts: Vec<(&str, u64)> = top
            .top(10)
            .iter()
            .map(|c| (c.key.as_str(), c.count))
            .collect();
        assert_eq!(counts, [("a", 3), ("b", 2), ("c", 1)]);
        assert!(top.is_exact());
        assert_eq!(top.len(), 3);
    }

    #[test]
    fn frequent_items_survive_a_long_tail() {
        // 1,000 distinct rare items around two frequent ones, through 16 counters.
        let mut top = TopK::new(16);
        for i in 0..1000u64 {
            top.add(format!("rare{i}"), || ());
            if i % 5 == 0 {
                top.add("frequent".to_string(), || ());
            }
            if i % 10 == 0 {
                top.add("second".to_string(), || ());
            }
        }
        assert!(!top.is_exact());
        assert_eq!(top.len(), 16);
        let best = top.top(2);
        assert_eq!(best[0].key, "frequent");
        assert_eq!(best[1].key, "second");
        // Counts are upper bounds within their error.
        assert!(best[0].count >= 200 && best[0].count - best[0].error <= 200);
        assert!(best[1].count >= 100 && best[1].count - best[1].error <= 100);
    }
}
