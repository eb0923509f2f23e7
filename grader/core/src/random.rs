//! A small seeded generator (SplitMix64) for the inputs checks send: messages, payloads,
//! sensor values, LCD text, times. One seed per grading run (printed in the report,
//! replayed with `--seed N`); each check draws from its own stream derived from that seed
//! and its id, so a hard-coded transcript fails and a failure can be replayed exactly.

use std::sync::OnceLock;

static RUN_SEED: OnceLock<u64> = OnceLock::new();

/// Fixes this process's run seed (`--seed N`). Only the first call counts.
pub fn set_run_seed(seed: u64) {
    let _ = RUN_SEED.set(seed);
}

/// This process's run seed: the one given with `--seed`, or a fresh one drawn once.
pub fn run_seed() -> u64 {
    *RUN_SEED.get_or_init(|| Rng::fresh_seed() % 1_000_000_000)
}

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A seed that differs from run to run (time and pid).
    pub fn fresh_seed() -> u64 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        nanos ^ (u64::from(std::process::id()) << 32)
    }

    /// The stream of the check `id` in this run: the same id and run seed give the same
    /// inputs, different checks get different ones.
    pub fn for_check(id: &str) -> Rng {
        // FNV-1a over the id, mixed into the run seed.
        let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        Rng(run_seed() ^ hash)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(len + 8);
        while out.len() < len {
            out.extend_from_slice(&self.next_u64().to_le_bytes());
        }
        out.truncate(len);
        out
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// One of `items` (not empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// `count` lower-case words from the NATO alphabet, one space apart.
    pub fn words(&mut self, count: usize) -> String {
        const WORDS: &[&str] = &[
            "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
            "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo",
            "sierra", "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu",
        ];
        let words: Vec<&str> = (0..count).map(|_| *self.pick(WORDS)).collect();
        words.join(" ")
    }

    /// Words and spaces, exactly `len` bytes (len > 1), ending in a full stop: nothing in
    /// it looks like a port, a time or an address to the snapshot filters.
    pub fn message(&mut self, len: usize) -> String {
        let mut out = self.words(len / 4 + 1);
        out.truncate(len - 1);
        out.push('.');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_check_has_its_own_replayable_stream() {
        let a = Rng::for_check("tcp-echo/client-output").message(30);
        assert_eq!(a, Rng::for_check("tcp-echo/client-output").message(30));
        assert_ne!(a, Rng::for_check("udp-echo/client-output").message(30));
        assert_eq!(a.len(), 30);
        assert!(
            a.ends_with('.') && !a.contains(|c: char| c.is_ascii_digit()),
            "{a}"
        );
    }
}
