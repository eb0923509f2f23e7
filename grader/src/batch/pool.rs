//! The batch's workers: `workers` threads take the next item in turn until none is left,
//! each with a fixed slot number (its folder under the build cache), and every result lands
//! at its item's index, so the class comes out in the order it was found.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `work(slot, item)` over `items` on `workers` threads (at least one, at most one per
/// item) and returns the results in the items' order.
pub fn run_each<T: Sync, R: Send>(
    items: &[T],
    workers: usize,
    work: impl Fn(usize, &T) -> R + Sync,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for slot in 0..workers.clamp(1, items.len().max(1)) {
            let (next, results, work) = (&next, &results, &work);
            scope.spawn(move || {
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some(item) = items.get(index) else { break };
                    let result = work(slot, item);
                    results.lock().unwrap()[index] = Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap()
        .into_iter()
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_item_once_in_order_on_at_most_the_workers_asked() {
        let items: Vec<u32> = (0..50).collect();
        let slots = Mutex::new(BTreeSet::new());
        let doubled = run_each(&items, 3, |slot, item| {
            slots.lock().unwrap().insert(slot);
            item * 2
        });
        assert_eq!(doubled, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        assert!(slots.into_inner().unwrap().iter().all(|s| *s < 3));
        assert_eq!(run_each(&[7], 8, |slot, item| (slot, *item)), [(0, 7)]);
        assert!(run_each(&[] as &[u32], 2, |_, i| *i).is_empty());
    }
}
