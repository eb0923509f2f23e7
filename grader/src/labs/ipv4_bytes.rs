//! Checks of lab 02, ipv4-bytes: `pack` against the system C library's own `inet_aton`
//! (the oracle) on a table of tricky strings and on a thousand random ones; `order` against
//! this host's real byte order; one bad argument never hides the others.

use std::ffi::{CString, c_char, c_int};

use super::Lab;
use super::common::{PROMPT, expect_success, expect_usage_error, no_panic};
use crate::check::{Check, Ctx, Failure};
use crate::harness::{Exit, Finished};
use crate::random::Rng;
use crate::snapshot::Filter;
use crate::{ensure, fail};

const PROGRAM: &str = "ipv4-bytes";
/// Strings per `pack` invocation: many per process keeps the check fast.
const BATCH: usize = 250;
/// Random strings per run.
const RANDOM_STRINGS: usize = 1250;

const LAB_NAME: &str = "ipv4-bytes";

pub const LAB: Lab = Lab {
    package: "ipv4-bytes",
    folder: "02-ipv4-bytes",
    programs: &[LAB_NAME],
    checks: CHECKS,
};

#[rustfmt::skip]
const CHECKS: &[Check] = &[
    Check::new(LAB_NAME, "output", 1,
        "`pack 127.0.0.1 192.168.0.1` and `order 1234` print the seed's lines",
        "`IP Address: A => Packed: hex, Unpacked: A` and the two `Original: N => …` lines",
        output),
    Check::new(LAB_NAME, "pack-tricky", 3,
        "a table of tricky addresses (127.1, 1.2.256, 010.0.0.1, 0x7f.1, 08.1.1.1, …) packs as libc's inet_aton does",
        "1 to 4 parts; leading 0 = octal, 0x = hex; the last part fills the remaining bytes; whitespace ends the address",
        pack_tricky),
    Check::new(LAB_NAME, "pack-matches-libc", 3,
        "1,250 random strings of digits, dots, x, signs and spaces: accepted and packed exactly as libc's inet_aton",
        "read numbers as strtoul(…, 0) does: `0x` needs a hex digit after it, `08` is `0` then junk",
        pack_matches_libc),
    Check::new(LAB_NAME, "order", 2,
        "`order N` shows N in host and network byte order, right for this machine's endianness",
        "htonl is u32::to_be, ntohl is u32::from_be (and the same for u16)",
        order),
    Check::new(LAB_NAME, "bad-argument", 1,
        "a bad address or number prints an error line naming it, the others are still printed, exit 1",
        "handle each argument on its own; remember a failure and exit 1 at the end",
        bad_argument),
    Check::new(LAB_NAME, "bad-input", 1,
        "no command, no arguments or an unknown command is a usage error (exit 2)",
        "check the command and that at least one value follows it",
        bad_input),
];

unsafe extern "C" {
    /// `int inet_aton(const char *cp, struct in_addr *inp)`: `in_addr` is one u32 in network
    /// byte order.
    #[link_name = "inet_aton"]
    fn c_inet_aton(cp: *const c_char, inp: *mut u32) -> c_int;
}

/// The oracle: what this machine's C library makes of `text`.
fn libc_inet_aton(text: &str) -> Option<u32> {
    let c_text = CString::new(text).ok()?;
    let mut raw: u32 = 0;
    // SAFETY: a valid NUL-terminated string and a valid place for 4 bytes.
    let ok = unsafe { c_inet_aton(c_text.as_ptr(), &mut raw) };
    (ok != 0).then(|| u32::from_be(raw))
}

/// The line `pack` must print for an address the oracle accepts.
fn pack_line(text: &str, value: u32) -> String {
    let [a, b, c, d] = value.to_be_bytes();
    format!("IP Address: {text} => Packed: {value:08x}, Unpacked: {a}.{b}.{c}.{d}")
}

/// Lines split on `\n` only (a `\r` inside an argument stays part of its line).
fn raw_lines(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    if lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// Runs `pack` on `inputs` and compares each with the oracle. `seed` (if any) goes into the
/// failure reason.
fn pack_against_libc(ctx: &Ctx, inputs: &[String], seed: Option<u64>) -> Result<(), Failure> {
    let replay = seed
        .map(|s| format!(" (random strings, seed {s})"))
        .unwrap_or_default();
    let mut args = vec!["pack"];
    args.extend(inputs.iter().map(String::as_str));
    let finished = ctx.run(PROGRAM, &args, PROMPT)?;
    no_panic(&finished)?;
    let out = raw_lines(&finished.stdout);
    let err: Vec<String> = raw_lines(&finished.stderr)
        .into_iter()
        .filter(|l| !l.trim().is_empty())
        .collect();
    let (mut o, mut e) = (0, 0);
    let mut rejected = 0;
    for text in inputs {
        let printed_for_it = out
            .get(o)
            .is_some_and(|l| l.starts_with(&format!("IP Address: {text} => ")));
        match libc_inet_aton(text) {
            Some(value) => {
                let want = pack_line(text, value);
                if !printed_for_it {
                    fail!(
                        "libc's inet_aton accepts {text:?} as {value:#010x}, but no pack line was printed for it{replay}; \
                         stderr says: {:?}",
                        err.get(e).map(String::as_str).unwrap_or("")
                    );
                }
                ensure!(
                    out[o] == want,
                    "pack {text:?}: libc gives {want:?}, the program printed {:?}{replay}",
                    out[o]
                );
                o += 1;
            }
            None => {
                rejected += 1;
                if printed_for_it {
                    fail!(
                        "libc's inet_aton rejects {text:?}, but the program printed {:?}{replay}",
                        out[o]
                    );
                }
                ensure!(
                    err.get(e).is_some_and(|l| l.contains(text.as_str())),
                    "libc's inet_aton rejects {text:?}: expected an error line naming it on stderr, got {:?}{replay}",
                    err.get(e).map(String::as_str).unwrap_or("(none)")
                );
                e += 1;
            }
        }
    }
    ensure!(
        o == out.len(),
        "{} more stdout lines than addresses, first {:?}{replay}",
        out.len() - o,
        out[o]
    );
    ensure!(
        e == err.len(),
        "{} more stderr lines than rejected addresses, first {:?}{replay}",
        err.len() - e,
        err[e]
    );
    let want = if rejected == 0 {
        Exit::Code(0)
    } else {
        Exit::Code(1)
    };
    ensure!(
        finished.exit == want,
        "with {rejected} rejected address(es) among {} the exit should be {want}, got {}{replay}",
        inputs.len(),
        finished.exit
    );
    Ok(())
}

fn output(ctx: &Ctx) -> Result<(), Failure> {
    let pack = ctx.run(PROGRAM, &["pack", "127.0.0.1", "192.168.0.1"], PROMPT)?;
    expect_success(&pack)?;
    ctx.snapshot("pack", &pack.stdout_text(), &[])?;
    let order = ctx.run(PROGRAM, &["order", "1234"], PROMPT)?;
    expect_success(&order)?;
    // The values depend on this machine's byte order (the `order` check proves them): the
    // snapshot keeps the wording, with this machine's values as placeholders.
    let filters = [
        Filter::new(
            &format!(r"(order: ){}\b", u32::from_be(1234)),
            "${1}[NTOHL 1234]",
        ),
        Filter::new(
            &format!(r"(order: ){}\b", u16::from_be(1234)),
            "${1}[NTOHS 1234]",
        ),
    ];
    ctx.snapshot("order", &order.stdout_text(), &filters)
}

/// Strings where a hand-written parser usually goes wrong.
const TRICKY: &[&str] = &[
    "127.0.0.1",
    "127.1",
    "1.2.256",
    "1.2.3",
    "4294967295",
    "4294967296",
    "010.0.0.1",
    "0x7f.1",
    "0X7F.0.0.1",
    "0xa.0xb.0xc.0xd",
    "256.0.0.1",
    "08.1.1.1",
    "09",
    "0",
    "00",
    "1..2",
    "0x",
    "0x.1",
    "0xg",
    "0x0x1",
    "1.2.3.4.5",
    "1.2.3.4 junk",
    "1.2.3.4\tjunk",
    "1.2.3.4\x0bjunk",
    "1.2.3.4\x0c",
    "1.2.3.4\r",
    "1.2.3.4 ",
    "",
    " ",
    " 1.2.3.4",
    "1.2.3.",
    ".1.2.3",
    "+1.2.3.4",
    "-1",
    "1.-2.3.4",
    "0xffffffff",
    "0x100000000",
    "037777777777",
    "040000000000",
    "1.0xffffff",
    "1.0x1000000",
    "1.2.0xffff",
    "1.2.0x10000",
    "1.2.3.0377",
    "1.2.3.0400",
    "1e3",
    "0.0.0.0",
    "255.255.255.255",
    "1 2",
    "99999999999999999999",
    "0000000000000000000001",
    "1.2.3.4junk",
    "\u{ff11}.2.3.4",
    "1.2.3.\u{0664}",
];

fn pack_tricky(ctx: &Ctx) -> Result<(), Failure> {
    let inputs: Vec<String> = TRICKY.iter().map(|s| s.to_string()).collect();
    pack_against_libc(ctx, &inputs, None)
}

/// The pieces random strings are built from: what matters to inet_aton, weighted so that
/// valid addresses (and near misses) are common.
const PIECES: &[&str] = &[
    "0",
    "1",
    "2",
    "7",
    "8",
    "9",
    "00",
    "07",
    "08",
    "012",
    "0x",
    "0X",
    "0x7f",
    "f",
    "F",
    "a",
    "g",
    "x",
    "255",
    "256",
    "65535",
    "65536",
    "16777215",
    "16777216",
    "4294967295",
    "4294967296",
    ".",
    ".",
    ".",
    ".",
    " ",
    "\t",
    "-",
    "+",
    "1.2.3.4",
    "127.",
    "0xff.",
];

fn random_string(rng: &mut Rng) -> String {
    let parts = 1 + rng.below(7) as usize;
    (0..parts)
        .map(|_| PIECES[rng.below(PIECES.len() as u64) as usize])
        .collect()
}

fn pack_matches_libc(ctx: &Ctx) -> Result<(), Failure> {
    let seed = Rng::fresh_seed();
    let mut rng = Rng::new(seed);
    let inputs: Vec<String> = (0..RANDOM_STRINGS)
        .map(|_| random_string(&mut rng))
        .collect();
    for batch in inputs.chunks(BATCH) {
        pack_against_libc(ctx, batch, Some(seed))?;
    }
    Ok(())
}

fn long_line(value: u32) -> String {
    format!(
        "Original: {value} => Long host byte order: {}, Network byte order: {}",
        u32::from_be(value),
        value.to_be()
    )
}

fn short_line(value: u16) -> String {
    format!(
        "Original: {value} => Short host byte order: {}, Network byte order: {}",
        u16::from_be(value),
        value.to_be()
    )
}

fn order(ctx: &Ctx) -> Result<(), Failure> {
    let small: [u16; 6] = [0, 1, 1234, 0x1234, 0x00ff, 65535];
    let texts: Vec<String> = small.iter().map(u16::to_string).collect();
    let mut args = vec!["order"];
    args.extend(texts.iter().map(String::as_str));
    let finished = ctx.run(PROGRAM, &args, PROMPT)?;
    expect_success(&finished)?;
    let want: Vec<String> = small
        .iter()
        .flat_map(|&v| [long_line(u32::from(v)), short_line(v)])
        .collect();
    let endian = if cfg!(target_endian = "little") {
        "little"
    } else {
        "big"
    };
    compare_lines(
        &want,
        &raw_lines(&finished.stdout),
        &format!("on this {endian}-endian machine"),
    )?;

    // Above 65535 there is no 16-bit line: the 32-bit line, an error line, exit 1.
    let big: [u32; 2] = [0x1234_5678, u32::MAX];
    let texts: Vec<String> = big.iter().map(u32::to_string).collect();
    let finished = ctx.run(PROGRAM, &["order", &texts[0], &texts[1]], PROMPT)?;
    no_panic(&finished)?;
    let want: Vec<String> = big.iter().map(|&v| long_line(v)).collect();
    compare_lines(
        &want,
        &raw_lines(&finished.stdout),
        &format!("for `order {} {}`", texts[0], texts[1]),
    )?;
    let err = error_lines(&finished);
    ensure!(
        err.len() == 2 && err.iter().zip(&texts).all(|(l, t)| l.contains(t.as_str())),
        "numbers above 65535 have no 16-bit line: expected an error line naming each on stderr, got {err:?}"
    );
    ensure!(
        finished.exit == Exit::Code(1),
        "`order` with numbers above 65535 should exit 1, got {}",
        finished.exit
    );
    Ok(())
}

fn compare_lines(want: &[String], got: &[String], context: &str) -> Result<(), Failure> {
    for (i, want) in want.iter().enumerate() {
        match got.get(i) {
            Some(line) if line == want => {}
            Some(line) => fail!("line {} {context}: expected {want:?}, got {line:?}", i + 1),
            None => fail!("line {} {context}: expected {want:?}, got nothing", i + 1),
        }
    }
    ensure!(
        got.len() == want.len(),
        "{} unexpected extra line(s) {context}: {:?}",
        got.len() - want.len(),
        &got[want.len()..]
    );
    Ok(())
}

fn error_lines(finished: &Finished) -> Vec<String> {
    raw_lines(&finished.stderr)
        .into_iter()
        .filter(|l| !l.trim().is_empty())
        .collect()
}

fn bad_argument(ctx: &Ctx) -> Result<(), Failure> {
    let finished = ctx.run(
        PROGRAM,
        &["pack", "10.0.0.1", "not.an.address", "127.1"],
        PROMPT,
    )?;
    no_panic(&finished)?;
    let want = [
        pack_line("10.0.0.1", 0x0a00_0001),
        pack_line("127.1", 0x7f00_0001),
    ];
    compare_lines(
        &want,
        &raw_lines(&finished.stdout),
        "for `pack 10.0.0.1 not.an.address 127.1`",
    )?;
    let err = error_lines(&finished);
    ensure!(
        err.len() == 1 && err[0].contains("not.an.address"),
        "expected one error line naming `not.an.address`, got {err:?}"
    );
    ensure!(
        finished.exit == Exit::Code(1),
        "a bad address should make the exit status 1, got {}",
        finished.exit
    );

    let finished = ctx.run(PROGRAM, &["order", "7", "-1", "abc", "8"], PROMPT)?;
    no_panic(&finished)?;
    let want = [long_line(7), short_line(7), long_line(8), short_line(8)];
    compare_lines(
        &want,
        &raw_lines(&finished.stdout),
        "for `order 7 -1 abc 8`",
    )?;
    let err = error_lines(&finished);
    ensure!(
        err.len() == 2 && err[0].contains("-1") && err[1].contains("abc"),
        "expected two error lines, naming `-1` then `abc`, got {err:?}"
    );
    ensure!(
        finished.exit == Exit::Code(1),
        "a bad number should make the exit status 1, got {}",
        finished.exit
    );
    Ok(())
}

fn bad_input(ctx: &Ctx) -> Result<(), Failure> {
    expect_usage_error(ctx, PROGRAM, &[])?;
    expect_usage_error(ctx, PROGRAM, &["pack"])?;
    expect_usage_error(ctx, PROGRAM, &["order"])?;
    expect_usage_error(ctx, PROGRAM, &["frobnicate", "1"])?;
    Ok(())
}
