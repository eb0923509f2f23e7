//! Compares `inet_aton` with the C library's own `inet_aton` on many random strings.
//!
//! This is how the grader checks your parser too: the system's C library is the oracle.
//! The strings are built from the characters that matter (digits, dots, `x`, spaces, signs)
//! by a small fixed-seed generator, so a failure is reproducible.

#![cfg(unix)]

use std::ffi::{CString, c_char, c_int};

unsafe extern "C" {
    /// `int inet_aton(const char *cp, struct in_addr *inp);` — `in_addr` is one u32 in
    /// network byte order.
    #[link_name = "inet_aton"]
    fn c_inet_aton(cp: *const c_char, inp: *mut u32) -> c_int;
}

fn oracle(text: &str) -> Option<u32> {
    let c_text = CString::new(text).ok()?;
    let mut raw: u32 = 0;
    // SAFETY: `c_text` is a valid NUL-terminated string, `raw` a valid place for 4 bytes.
    let ok = unsafe { c_inet_aton(c_text.as_ptr(), &mut raw) };
    (ok != 0).then(|| u32::from_be(raw))
}

/// xorshift64: a tiny deterministic pseudo-random generator.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "0",
    "1",
    "7",
    "8",
    "9",
    "00",
    "0x",
    "0X",
    "f",
    "F",
    "a",
    "g",
    "x",
    ".",
    ".",
    ".",
    " ",
    "\t",
    "-",
    "+",
    "255",
    "256",
    "65535",
    "65536",
    "16777215",
    "16777216",
    "4294967295",
    "4294967296",
    "0xff",
    "0x100",
    "0377",
    "0400",
    "127",
    "99999999999",
    "\u{b}",
    "\n",
];

#[test]
fn agrees_with_the_c_library_on_random_strings() {
    let mut rng = Rng(0x5eed_1234_abcd_0042);
    for _ in 0..20_000 {
        let count = 1 + rng.below(9);
        let text: String = (0..count)
            .map(|_| PIECES[rng.below(PIECES.len())])
            .collect();
        assert_eq!(
            ipv4_bytes::inet_aton(&text),
            oracle(&text),
            "inet_aton({text:?})"
        );
    }
}

#[test]
fn agrees_with_the_c_library_on_random_dotted_numbers() {
    let mut rng = Rng(7);
    for _ in 0..20_000 {
        let parts = 1 + rng.below(5);
        let text: Vec<String> = (0..parts)
            .map(|_| match rng.below(3) {
                0 => format!("{}", rng.next() % 300),
                1 => format!("0x{:x}", rng.next() % 0x1_0000_0100),
                _ => format!("0{:o}", rng.next() % 70_000),
            })
            .collect();
        let text = text.join(".");
        assert_eq!(
            ipv4_bytes::inet_aton(&text),
            oracle(&text),
            "inet_aton({text:?})"
        );
    }
}
