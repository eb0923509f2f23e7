//! Checks of lab 04, timeouts: `fetch` against a prompt peer that keeps the connection open
//! (the reply ends at its newline), a slow one (the timeout must not be too eager), a silent
//! one and a dripping one (it must fire, on time, for the whole reply), one that resets (a
//! reset is not a timeout), and a listener whose accept queue is full (the connect timeout
//! must fire). Messages are drawn from the run's seed, Thai included.

use std::time::Duration;

use super::Lab;
use super::common::{PROMPT, expect_failed_with, expect_success, expect_usage_error};
use crate::check::{Check, Context, Ctx, Failure, excerpt};
use crate::harness::{Exit, Finished};
use crate::peers::backlog::FullQueue;
use crate::peers::{line, loopback};
use crate::random::Rng;
use crate::transcript::Kind;
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
        "a peer that answers at once and keeps the connection open: this run's message (Thai included) arrives as one line, the reply is printed",
        "send the message with a newline, then read up to the first newline and print it; do not wait for end of file",
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
        "a listener whose accept queue is full: `timed out after T s connecting to HOST:PORT`, exit 1, within [T, T+0.5 s]",
        "connect with TcpStream::connect_timeout, not connect; its TimedOut error is the connect timeout",
        connect_timeout).waits_ms(350),
    Check::new(LAB_NAME, "reset-peer", 1,
        "a peer that resets the connection instead of answering: one error line naming the reset, exit 1, not a timeout",
        "only WouldBlock and TimedOut are the timeout; any other read error is reported as it is",
        reset_peer),
    Check::new(LAB_NAME, "bad-input", 1,
        "bad timeouts (`-1`, `0`, `nan`, `abc`, more than a day) and a missing or bad --port are usage errors (exit 2); a day (86400) is not",
        "parse the seconds as f64 and refuse what is not a finite number above 0 and at most 86400",
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

/// Runs a fetch against `peer` (a replying one) and expects the reply on stdout.
fn expect_reply(
    ctx: &Ctx,
    peer: std::io::Result<crate::peers::Peer>,
    message: &str,
) -> Result<(), Failure> {
    let peer = peer.context("start the peer")?;
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

/// This run's message for a check: words and a Thai greeting (UTF-8 beyond ASCII).
fn message(ctx: &Ctx) -> String {
    let mut rng = Rng::for_check(&ctx.check.id());
    let len = 12 + rng.below(20) as usize;
    let words = rng.message(len);
    format!("สวัสดี {words}")
}

fn normal_peer(ctx: &Ctx) -> Result<(), Failure> {
    let peer = line::answer_and_stay(loopback(), &ctx.log);
    expect_reply(ctx, peer, &message(ctx)).map_err(|f| {
        Failure::new(format!(
            "{} (the peer keeps the connection open after its reply line: the reply ends at \
             its newline, not at end of file)",
            f.reason
        ))
    })
}

fn slow_peer(ctx: &Ctx) -> Result<(), Failure> {
    let peer = line::answer(loopback(), &ctx.log, T / 4);
    expect_reply(ctx, peer, &message(ctx))
}

/// Expects a timeout: exit 1, one line containing `needle`, after T and not much later.
fn expect_timeout(ctx: &Ctx, finished: &Finished, what: &str, needle: &str) -> Result<(), Failure> {
    expect_timeout_waited(ctx, finished, finished.elapsed, what, needle)
}

/// Like `expect_timeout`, with `waited` the time from when the program started waiting to
/// its exit.
fn expect_timeout_waited(
    ctx: &Ctx,
    finished: &Finished,
    waited: Duration,
    what: &str,
    needle: &str,
) -> Result<(), Failure> {
    let slack = ctx.allow(SLACK);
    expect_failed_with(finished, what, needle)?;
    // Its whole run is at least its wait: the clock starts once the program is spawned, a
    // little after it really started.
    ensure!(
        finished.elapsed >= T * 9 / 10,
        "`{what}` gave up after {:.3} s, before the {TIMEOUT} s timeout",
        finished.elapsed.as_secs_f64()
    );
    ensure!(
        waited <= T + slack,
        "`{what}` took {:.3} s to give up, expected at most {TIMEOUT} + {} s",
        waited.as_secs_f64(),
        slack.as_secs_f64()
    );
    Ok(())
}

/// Runs a fetch against a peer that accepts and then stalls; returns what it printed and
/// how long it waited: from the peer's accept to its exit, so the program's own start-up (an
/// interpreter takes a good part of a second on a busy machine) is not counted as waiting.
fn fetch_stalled(ctx: &Ctx, port: u16, which: &str) -> Result<(Finished, Duration), Failure> {
    let before = ctx.log.now();
    let finished = fetch_until_timeout(ctx, port, which)?;
    // The spawn came after `before`: this exit time is never later than the real one.
    let exited = before + finished.elapsed;
    let Some(accepted) = ctx
        .log
        .events()
        .iter()
        .find(|e| e.kind == Kind::Accept)
        .map(|e| e.at)
    else {
        fail!(
            "the fetch never connected to the {which}-stalling peer, yet printed: {}",
            excerpt(&finished.stderr_text())
        );
    };
    Ok((finished, exited.saturating_sub(accepted)))
}

fn silent_peer(ctx: &Ctx) -> Result<(), Failure> {
    let peer = line::silent(loopback(), &ctx.log).context("start the silent peer")?;
    let (finished, waited) = fetch_stalled(ctx, peer.port(), "read")?;
    expect_timeout_waited(
        ctx,
        &finished,
        waited,
        "timeouts fetch (silent peer)",
        &format!("timed out after {TIMEOUT} s waiting for reply"),
    )
}

fn drip_peer(ctx: &Ctx) -> Result<(), Failure> {
    let peer = line::drip(loopback(), &ctx.log).context("start the dripping peer")?;
    let (finished, waited) = fetch_stalled(ctx, peer.port(), "reply")?;
    if finished.exit == crate::harness::Exit::Code(0) {
        fail!(
            "a peer sending one byte every {} ms without a newline should make the fetch time out after \
             {TIMEOUT} s in all, but it succeeded after {:.1} s",
            line::DRIP_EVERY.as_millis(),
            finished.elapsed.as_secs_f64()
        );
    }
    expect_timeout_waited(
        ctx,
        &finished,
        waited,
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
        &format!(
            "timed out after {TIMEOUT} s connecting to 127.0.0.1:{}",
            full.port()
        ),
    )
}

fn reset_peer(ctx: &Ctx) -> Result<(), Failure> {
    let peer = line::reset(loopback(), &ctx.log).context("start the resetting peer")?;
    let finished = fetch(ctx, peer.port(), &message(ctx), PROMPT)?;
    expect_failed_with(
        &finished,
        "timeouts fetch (a peer that resets)",
        "reset by peer",
    )
}

fn bad_input(ctx: &Ctx) -> Result<(), Failure> {
    for timeout in ["-1", "0", "nan", "abc", "inf"] {
        expect_usage_error(
            ctx,
            PROGRAM,
            &["fetch", "--port", "9", "--timeout", timeout],
        )?;
    }
    // More than a day, drawn for this run.
    let mut rng = Rng::for_check(&ctx.check.id());
    let too_long = format!("{}.5", rng.range(86_400, 100_000_000));
    expect_usage_error(
        ctx,
        PROGRAM,
        &["fetch", "--port", "9", "--timeout", &too_long],
    )?;
    // One day is allowed: to a closed port, the fetch fails (exit 1), not the parse.
    let port = super::common::closed_port().to_string();
    let day = ctx.run(
        PROGRAM,
        &["fetch", "--port", &port, "--timeout", "86400"],
        PROMPT,
    )?;
    ensure!(
        day.exit == Exit::Code(1),
        "`timeouts fetch --port {port} --timeout 86400` (a day, allowed; nobody listens) should \
         fail to connect with exit code 1, got {}",
        day.exit
    );
    expect_usage_error(ctx, PROGRAM, &["fetch", "--timeout", "1"])?;
    expect_usage_error(ctx, PROGRAM, &["fetch", "--port", "70000"])?;
    expect_usage_error(ctx, PROGRAM, &["fetch", "--port"])?;
    Ok(())
}
