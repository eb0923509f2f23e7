//! Checks of lab 04, timeouts: `fetch` against a prompt peer, a slow one (the timeout must
//! not be too eager), a silent one and a dripping one (it must fire, on time, for the whole
//! reply), and a listener whose accept queue is full (the connect timeout must fire).

use std::time::Duration;

use super::Lab;
use super::common::{PROMPT, expect_failed_with, expect_success, expect_usage_error};
use crate::check::{Check, Context, Ctx, Failure};
use crate::harness::Finished;
use crate::peers::backlog::FullQueue;
use crate::peers::{line, loopback};
use crate::{ensure, fail};

const PROGRAM: &str = "timeouts";
/// The timeout under test, T: short, so grading stays fast.
const TIMEOUT: &str = "0.3";
const T: Duration = Duration::from_millis(300);
/// How late after T a timed-out fetch may end (the spec's T + 0.5 s).
const SLACK: Duration = Duration::from_millis(500);
/// How long a fetch that should time out is given before the grader kills it.
const PATIENCE: Duration = Duration::from_secs(3);

const LAB_NAME: &str = "timeouts";

pub const LAB: Lab = Lab {
    package: "timeouts",
    folder: "04-timeouts",
    programs: &[LAB_NAME],
    checks: CHECKS,
};

#[rustfmt::skip]
const CHECKS: &[Check] = &[
    Check::new(LAB_NAME, "show", 1,
        "`show` prints the default and the changed timeout as the seed does",
        "read_timeout() before (None) and after set_read_timeout(Some(100 s)), printed as 100.0",
        show),
    Check::new(LAB_NAME, "normal-peer", 2,
        "a peer that answers at once: the message arrives as one line, the reply is printed",
        "send the message with a newline, then read up to the first newline and print it",
        normal_peer),
    Check::new(LAB_NAME, "slow-peer", 2,
        "a peer that answers after T/4: the reply is printed (the timeout is not too eager)",
        "the timeout is in seconds (0.3 = 300 ms): Duration::from_secs_f64",
        slow_peer).waits_ms(75),
    Check::new(LAB_NAME, "silent-peer", 3,
        "a peer that never answers: `timed out after T s waiting for reply`, exit 1, within [T, T+0.5 s]",
        "set a read timeout; a read that fails with WouldBlock or TimedOut is the timeout",
        silent_peer).waits_ms(300),
    Check::new(LAB_NAME, "drip-peer", 2,
        "a peer that sends one byte every 40 ms, never a newline: the timeout still fires at T",
        "the deadline covers the whole reply: give each read only the time left",
        drip_peer).waits_ms(300),
    Check::new(LAB_NAME, "connect-timeout", 3,
        "a listener whose accept queue is full: the connect timeout fires within [T, T+0.5 s]",
        "connect with TcpStream::connect_timeout, not connect",
        connect_timeout).waits_ms(350),
    Check::new(LAB_NAME, "bad-input", 1,
        "bad timeouts (`-1`, `0`, `nan`, `abc`) and a missing or bad --port are usage errors (exit 2)",
        "parse the seconds as f64 and refuse what is not a finite number above 0",
        bad_input),
];

fn fetch(ctx: &Ctx, port: u16, message: &str, within: Duration) -> Result<Finished, Failure> {
    let port = port.to_string();
    ctx.run(
        PROGRAM,
        &[
            "fetch",
            "--port",
            &port,
            "--timeout",
            TIMEOUT,
            "--message",
            message,
        ],
        within,
    )
}

/// A fetch that must time out: one still running after `PATIENCE` is killed, and the
/// failure says which timeout never fired.
fn fetch_until_timeout(ctx: &Ctx, port: u16, which: &str) -> Result<Finished, Failure> {
    fetch(ctx, port, "hello", PATIENCE).map_err(|f| {
        Failure::new(format!(
            "{}: the {which} timeout of {TIMEOUT} s never fired",
            f.reason
        ))
    })
}

fn show(ctx: &Ctx) -> Result<(), Failure> {
    let finished = ctx.run(PROGRAM, &["show"], PROMPT)?;
    expect_success(&finished)?;
    ctx.snapshot("show", &finished.stdout_text(), &[])
}

/// Runs a fetch against a replying peer and expects the reply on stdout.
fn expect_reply(ctx: &Ctx, delay: Duration, message: &str) -> Result<(), Failure> {
    let peer = line::answer(loopback(), &ctx.log, delay).context("start the peer")?;
    let finished = fetch(ctx, peer.port(), message, PROMPT)?;
    expect_success(&finished)?;
    let want = line::reply_to(format!("{message}\n").as_bytes());
    ensure!(
        finished.stdout == want,
        "the reply was {:?}; the program printed {:?}",
        String::from_utf8_lossy(&want),
        finished.stdout_text()
    );
    Ok(())
}

fn normal_peer(ctx: &Ctx) -> Result<(), Failure> {
    expect_reply(ctx, Duration::ZERO, "hello from the grader")
}

fn slow_peer(ctx: &Ctx) -> Result<(), Failure> {
    expect_reply(ctx, T / 4, "are you there?")
}

/// Expects a timeout: exit 1, one line containing `needle`, after T and not much later.
fn expect_timeout(ctx: &Ctx, finished: &Finished, what: &str, needle: &str) -> Result<(), Failure> {
    let slack = ctx.allow(SLACK);
    let elapsed = finished.elapsed;
    expect_failed_with(finished, what, needle)?;
    // The clock starts once the program is spawned, a little after it really started.
    ensure!(
        elapsed >= T * 9 / 10,
        "`{what}` gave up after {:.3} s, before the {TIMEOUT} s timeout",
        elapsed.as_secs_f64()
    );
    ensure!(
        elapsed <= T + slack,
        "`{what}` took {:.3} s to give up, expected at most {TIMEOUT} + {} s",
        elapsed.as_secs_f64(),
        slack.as_secs_f64()
    );
    Ok(())
}

fn silent_peer(ctx: &Ctx) -> Result<(), Failure> {
    let peer = line::silent(loopback(), &ctx.log).context("start the silent peer")?;
    let finished = fetch_until_timeout(ctx, peer.port(), "read")?;
    expect_timeout(
        ctx,
        &finished,
        "timeouts fetch (silent peer)",
        &format!("timed out after {TIMEOUT} s waiting for reply"),
    )
}

fn drip_peer(ctx: &Ctx) -> Result<(), Failure> {
    let peer = line::drip(loopback(), &ctx.log).context("start the dripping peer")?;
    let finished = fetch_until_timeout(ctx, peer.port(), "reply")?;
    if finished.exit == crate::harness::Exit::Code(0) {
        fail!(
            "a peer sending one byte every {} ms without a newline should make the fetch time out after \
             {TIMEOUT} s in all, but it succeeded after {:.1} s",
            line::DRIP_EVERY.as_millis(),
            finished.elapsed.as_secs_f64()
        );
    }
    expect_timeout(
        ctx,
        &finished,
        "timeouts fetch (dripping peer)",
        &format!("timed out after {TIMEOUT} s waiting for reply"),
    )
}

fn connect_timeout(ctx: &Ctx) -> Result<(), Failure> {
    let full = FullQueue::new(&ctx.log).map_err(|e| Failure {
        reason: format!("the grader cannot fill a listener's accept queue here: {e}"),
        diff: None,
        grader_error: true,
    })?;
    let finished = fetch_until_timeout(ctx, full.port(), "connect")?;
    expect_timeout(
        ctx,
        &finished,
        "timeouts fetch (full accept queue)",
        "timed out",
    )?;
    let stderr = finished.stderr_text();
    ensure!(
        stderr.contains("connect"),
        "the error should say the timeout hit while connecting, got {:?}",
        stderr.trim()
    );
    Ok(())
}

fn bad_input(ctx: &Ctx) -> Result<(), Failure> {
    for timeout in ["-1", "0", "nan", "abc", "inf"] {
        expect_usage_error(
            ctx,
            PROGRAM,
            &["fetch", "--port", "9", "--timeout", timeout],
        )?;
    }
    expect_usage_error(ctx, PROGRAM, &["fetch", "--timeout", "1"])?;
    expect_usage_error(ctx, PROGRAM, &["fetch", "--port", "70000"])?;
    expect_usage_error(ctx, PROGRAM, &["fetch", "--port"])?;
    Ok(())
}
