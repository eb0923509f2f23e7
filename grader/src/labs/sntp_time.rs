//! Checks of lab 11, sntp-time: the student's SNTP client against the grader's SNTP peers,
//! whose clocks are stuck at this run's time (drawn from the seed, so a canned answer
//! fails) or just past the 2036 era change (the printed date is compared exactly with the
//! C library's), and faulty ones: a short packet, the wrong mode,
//! a kiss-of-death, a zero transmit time, silence, and a stranger answering first.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use super::Lab;
use super::common::{PROMPT, expect_failed_with, expect_success, expect_usage_error};
use crate::check::{Check, Context, Ctx, Failure};
use crate::harness::Finished;
use crate::peers::loopback;
use crate::peers::sntp::{self, Behaviour, SntpPeer, Time};
use crate::random::Rng;
use crate::snapshot::Filter;
use crate::{ensure, fail};

const PROGRAM: &str = "sntp-time";
/// The client's timeout under test: short, so grading stays fast.
const TIMEOUT: &str = "0.3";
const TIMEOUT_SECS: f64 = 0.3;

/// Era 1 (after 2036-02-07 06:28:16, when NTP's 32-bit seconds wrap): a leap day.
const ERA1: Time = Time::new(2_214_129_600, 0x4000_0000);
const ERA1_CTIME: &str = "Wed Feb 29 12:00:00 2040";
/// What a stranger claims: if the client prints this, it believed a stranger.
const DECOY: Time = Time::new(946_684_799, 0);
const DECOY_CTIME: &str = "Fri Dec 31 23:59:59 1999";

const LAB_NAME: &str = "sntp-time";

pub const LAB: Lab = Lab {
    package: "sntp-time",
    folder: "11-sntp-time",
    programs: &[LAB_NAME],
    checks: CHECKS,
};

#[rustfmt::skip]
const CHECKS: &[Check] = &[
    Check::new(LAB_NAME, "server-time", 3,
        "a server whose clock says this run's time (1990 to 2035, from the seed), then calendar edges (2000-02-29, a 1 March, a 1 January): its `ctime` line in UTC, Offset, Delay",
        "seconds since 1900 minus 2208988800 is Unix time; ctime pads the day with a space",
        server_time),
    Check::new(LAB_NAME, "request-format", 2,
        "the request is 48 bytes, first byte 0x23 (LI 0, VN 4, mode 3), our send time at bytes 40..48",
        "byte 0 = (4 << 3) | 3; put the current time as an NTP timestamp in the transmit field",
        request_format),
    Check::new(LAB_NAME, "era-1", 2,
        "a server in NTP era 1 (2040-02-29 12:00:00 UTC): the date after the 2036 wrap is right",
        "if the seconds' high bit is clear, the counter wrapped in 2036: add 2^32 (RFC 4330 §3)",
        era_1),
    Check::new(LAB_NAME, "offset-delay", 2,
        "a busy server (it answers late and stamps t3 seconds after t2): Offset is ((t2-t1)+(t3-t4))/2 and Delay (t4-t1)-(t3-t2), in seconds with 6 decimals",
        "t1: when you sent, t4: when the reply came (your clock); t2, t3 from the reply",
        offset_delay),
    Check::new(LAB_NAME, "short-reply", 1,
        "a 20-byte reply: `short reply: 20 bytes, expected at least 48`, exit 1",
        "check the length before reading any field",
        short_reply),
    Check::new(LAB_NAME, "wrong-mode", 1,
        "a reply in mode 3 (client): `wrong mode 3 in reply …`, exit 1",
        "mode is the low 3 bits of byte 0; a server answers in mode 4 (or 5, broadcast)",
        wrong_mode),
    Check::new(LAB_NAME, "kiss-of-death", 1,
        "stratum 0 with `RATE` in the reference id: `server sent kiss-of-death RATE`, exit 1",
        "stratum 0 means \"go away\": the reason is the reference id (bytes 12..16) as ASCII",
        kiss_of_death),
    Check::new(LAB_NAME, "zero-transmit", 1,
        "a reply whose transmit timestamp is zero: `zero transmit timestamp in reply`, exit 1",
        "a server without a time sends 0 in bytes 40..48: refuse it",
        zero_transmit),
    Check::new(LAB_NAME, "no-reply", 2,
        "a server that never answers: `no reply from ADDR within T s`, exit 1, after about T",
        "set a read timeout on the socket; a recv that times out means no reply",
        no_reply).waits_ms(300),
    Check::new(LAB_NAME, "stranger", 2,
        "a datagram from another port comes first: it is ignored, the real server's time printed",
        "compare recv_from's source address with the server's address and keep waiting",
        stranger),
    Check::new(LAB_NAME, "bad-input", 1,
        "an unresolvable server is one line, exit 1; a bad --timeout or port is a usage error (exit 2)",
        "report resolver errors on one line; parse --timeout as seconds above 0",
        bad_input),
];

/// Starts an SNTP peer on loopback.
fn peer(ctx: &Ctx, behaviour: Behaviour) -> Result<SntpPeer, Failure> {
    sntp::serve(loopback(), &ctx.log, behaviour).context("start the SNTP peer")
}

/// Runs the client against `peer` with the short timeout.
fn run_client(ctx: &Ctx, peer: &SntpPeer) -> Result<Finished, Failure> {
    let server = peer.server_arg();
    ctx.run(
        PROGRAM,
        &["--server", &server, "--timeout", TIMEOUT],
        PROMPT,
    )
}

/// Runs the client against an honest peer at `at` and expects success; returns its stdout.
fn honest_run(ctx: &Ctx, at: Time) -> Result<(String, SntpPeer), Failure> {
    let peer = peer(ctx, Behaviour::Honest(at))?;
    let finished = run_client(ctx, &peer)?;
    expect_success(&finished)?;
    Ok((finished.stdout_text(), peer))
}

/// The first line of `stdout` must be `want`.
fn expect_first_line(stdout: &str, want: &str) -> Result<(), Failure> {
    let first = stdout.lines().next().unwrap_or("");
    ensure!(
        first == want,
        "the first line should be {want:?} (the server's time, UTC), got {first:?}"
    );
    Ok(())
}

/// The number on the line `Name: NUMBER s`.
fn seconds_field(stdout: &str, name: &str) -> Result<f64, Failure> {
    let prefix = format!("{name}: ");
    let Some(line) = stdout.lines().find(|l| l.starts_with(&prefix)) else {
        fail!("no `{name}: … s` line in the output")
    };
    let value = line[prefix.len()..].strip_suffix(" s").unwrap_or("");
    match value.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => fail!("`{line}` should be `{name}: SECONDS s`, e.g. `{name}: +0.000123 s`"),
    }
}

fn now_unix() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

/// This check's server time, drawn from the run's seed (a second between 1990 and 2035,
/// era 0, with a random fraction), and how C's `ctime` prints it in UTC.
fn this_runs_time(ctx: &Ctx) -> (Time, String) {
    let mut rng = Rng::for_check(&ctx.check.id());
    let seconds = rng.range(631_152_000, 2_082_758_399) as i64;
    let at = Time::new(seconds, rng.next_u64() as u32);
    (at, utc_ctime(seconds))
}

/// The C library's own rendering (`gmtime_r` + `strftime` in the C locale), an oracle
/// independent of the lab's code.
fn utc_ctime(seconds: i64) -> String {
    let t = seconds as libc::time_t;
    // SAFETY: `tm` is plain data filled by gmtime_r; strftime writes at most `buf.len()`
    // bytes and returns how many.
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        libc::gmtime_r(&t, &mut tm);
        let mut buf = [0u8; 64];
        let n = libc::strftime(
            buf.as_mut_ptr().cast(),
            buf.len(),
            c"%a %b %e %H:%M:%S %Y".as_ptr(),
            &tm,
        );
        String::from_utf8_lossy(&buf[..n]).into_owned()
    }
}

/// Unix seconds of midnight UTC on `year`-`month`-`day`, by the C library (`timegm`).
fn utc_midnight(year: i32, month: i32, day: i32) -> i64 {
    // SAFETY: `tm` is plain data; timegm only reads and normalises it.
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        tm.tm_year = year - 1900;
        tm.tm_mon = month - 1;
        tm.tm_mday = day;
        libc::timegm(&mut tm) as i64
    }
}

/// Calendar edges at this run's times of day: the last day of a 400-year cycle
/// (2000-02-29), one of 1-3 March and a 1 January, each of a year in 1970-1999 drawn for
/// this run (the century corrections of a date algorithm show there).
fn calendar_edges(ctx: &Ctx) -> Vec<i64> {
    let mut rng = Rng::for_check(&format!("{}/edges", ctx.check.id()));
    let march = (rng.range(1970, 1999) as i32, 3, rng.range(1, 3) as i32);
    let january = (rng.range(1970, 1999) as i32, 1, 1);
    [(2000, 2, 29), march, january]
        .into_iter()
        .map(|(y, m, d)| utc_midnight(y, m, d) + rng.below(86_400) as i64)
        .collect()
}

fn server_time(ctx: &Ctx) -> Result<(), Failure> {
    for seconds in calendar_edges(ctx) {
        let (stdout, _peer) = honest_run(ctx, Time::new(seconds, 0))?;
        expect_first_line(&stdout, &utc_ctime(seconds))?;
    }
    let (at, at_ctime) = this_runs_time(ctx);
    let (stdout, _peer) = honest_run(ctx, at)?;
    expect_first_line(&stdout, &at_ctime)?;
    let filters = [
        Filter::new(r"(?m)^(Offset|Delay): [-+]?\d+\.\d+ s$", "$1: [SECONDS] s"),
        Filter::literal(&at_ctime, "[THIS RUN'S SERVER TIME]"),
    ];
    ctx.snapshot("server-time", &stdout, &filters)
}

fn request_format(ctx: &Ctx) -> Result<(), Failure> {
    let before = now_unix();
    let (_, peer) = honest_run(ctx, this_runs_time(ctx).0)?;
    let after = now_unix();
    let requests = peer.requests();
    ensure!(
        requests.len() == 1,
        "the client should send one request, the server got {}",
        requests.len()
    );
    let request = &requests[0];
    if let Some(problem) = request.problem() {
        fail!("{problem}");
    }
    let Some(sent) = request.transmit_unix() else {
        fail!(
            "the request's transmit timestamp (bytes 40..48) is zero: put the time you send it there"
        )
    };
    ensure!(
        sent >= before - 1.0 && sent <= after + 1.0,
        "the request's transmit timestamp is {:.3} s away from the time it was sent",
        sent - (before + after) / 2.0
    );
    Ok(())
}

fn era_1(ctx: &Ctx) -> Result<(), Failure> {
    let (stdout, _peer) = honest_run(ctx, ERA1)?;
    expect_first_line(&stdout, ERA1_CTIME)
}

fn offset_delay(ctx: &Ctx) -> Result<(), Failure> {
    let (at, _) = this_runs_time(ctx);
    let mut rng = Rng::for_check(&format!("{}/busy", ctx.check.id()));
    let (held_ms, wait_ms) = (rng.range(2000, 4000) as u32, rng.range(50, 80) as u32);
    let busy = peer(
        ctx,
        Behaviour::Busy {
            at,
            held_ms,
            wait_ms,
        },
    )?;
    let before = now_unix();
    let started = Instant::now();
    let finished = run_client(ctx, &busy)?;
    let after = now_unix();
    let took = started.elapsed().as_secs_f64();
    expect_success(&finished)?;
    let stdout = finished.stdout_text();
    let offset = seconds_field(&stdout, "Offset")?;
    let delay = seconds_field(&stdout, "Delay")?;
    // t2 and t3 are the peer's stamps; t1 and t4 fall within the run, at least `waited`
    // apart.
    let (t2, t3) = (at.as_secs_f64(), at.plus_millis(held_ms).as_secs_f64());
    let (held, waited) = (t3 - t2, f64::from(wait_ms) / 1000.0);
    let middle = (t2 + t3) / 2.0;
    let slack = 0.01;
    ensure!(
        offset >= middle - after - slack && offset <= middle - before + slack,
        "Offset: {offset:+.6} s, expected about {:+.6} s (the middle of the server's t2 and t3, \
         {held:.3} s apart, minus this machine's time)",
        middle - (before + after) / 2.0
    );
    ensure!(
        (waited - held - slack..=took - held + slack).contains(&delay),
        "Delay: {delay:.6} s, expected the round trip (at least the {waited:.3} s the server \
         waited, at most the {took:.3} s the run took) minus the {held:.3} s between the \
         server's t2 and t3"
    );
    Ok(())
}

/// Runs the client against a faulty peer and expects exit 1 with one line holding `needle`.
/// `behaviour` gets this check's time.
fn faulty(ctx: &Ctx, behaviour: fn(Time) -> Behaviour, needle: &str) -> Result<(), Failure> {
    let (at, at_ctime) = this_runs_time(ctx);
    let peer = peer(ctx, behaviour(at))?;
    let finished = run_client(ctx, &peer)?;
    expect_failed_with(&finished, "sntp-time against a faulty server", needle)?;
    ensure!(
        !finished.stdout_text().contains(&at_ctime),
        "the client printed the time of a reply it should have refused"
    );
    Ok(())
}

fn short_reply(ctx: &Ctx) -> Result<(), Failure> {
    faulty(
        ctx,
        Behaviour::Short,
        &format!("short reply: {} bytes", sntp::SHORT_LEN),
    )
}

fn wrong_mode(ctx: &Ctx) -> Result<(), Failure> {
    faulty(ctx, Behaviour::WrongMode, "wrong mode 3")
}

fn kiss_of_death(ctx: &Ctx) -> Result<(), Failure> {
    faulty(ctx, Behaviour::KissOfDeath, "kiss-of-death RATE")
}

fn zero_transmit(ctx: &Ctx) -> Result<(), Failure> {
    faulty(ctx, Behaviour::ZeroTransmit, "zero transmit timestamp")
}

fn no_reply(ctx: &Ctx) -> Result<(), Failure> {
    let peer = peer(ctx, Behaviour::BlackHole)?;
    let started = Instant::now();
    let finished = run_client(ctx, &peer)?;
    let elapsed = started.elapsed().as_secs_f64();
    let needle = format!("no reply from {}", peer.addr());
    expect_failed_with(&finished, "sntp-time against a silent server", &needle)?;
    ensure!(
        elapsed >= TIMEOUT_SECS * 0.9,
        "gave up after {elapsed:.2} s, before the {TIMEOUT} s timeout had passed"
    );
    // Generous slack for a busy machine; waiting far longer means the timeout is ignored.
    ensure!(
        elapsed <= TIMEOUT_SECS + 1.5,
        "took {elapsed:.2} s to give up with --timeout {TIMEOUT}"
    );
    Ok(())
}

fn stranger(ctx: &Ctx) -> Result<(), Failure> {
    let (at, at_ctime) = this_runs_time(ctx);
    let peer = peer(ctx, Behaviour::Stranger { at, decoy: DECOY })?;
    let finished = run_client(ctx, &peer)?;
    expect_success(&finished)?;
    let stdout = finished.stdout_text();
    if stdout.contains(DECOY_CTIME) {
        fail!(
            "the client printed the time a stranger's port sent ({DECOY_CTIME}), not the server's"
        );
    }
    expect_first_line(&stdout, &at_ctime)
}

fn bad_input(ctx: &Ctx) -> Result<(), Failure> {
    let finished = ctx.run(
        PROGRAM,
        &["--server", "nohost.invalid", "--timeout", TIMEOUT],
        PROMPT,
    )?;
    expect_failed_with(
        &finished,
        "sntp-time --server nohost.invalid",
        "nohost.invalid",
    )?;
    expect_usage_error(ctx, PROGRAM, &["--timeout", "0"])?;
    expect_usage_error(ctx, PROGRAM, &["--timeout", "abc"])?;
    expect_usage_error(ctx, PROGRAM, &["--server", "127.0.0.1:99999"])?;
    Ok(())
}
