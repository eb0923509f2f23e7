//! Pieces many labs' checks share: bad-input expectations, connecting to a student server,
//! judging exit codes.

use std::net::SocketAddr;
use std::time::Duration;

use crate::check::{Context, Ctx, Failure, excerpt, panic_of};
use crate::harness::{Exit, Finished};
use crate::peers::Wire;
use crate::{ensure, fail};

/// How long a program that should answer at once gets.
pub const PROMPT: Duration = Duration::from_secs(3);

/// A Rust panic prints "panicked at"; no lab may ever panic. The reason carries the
/// panic's own message.
pub fn no_panic(finished: &Finished) -> Result<(), Failure> {
    match panic_of(finished) {
        Some(panic) => fail!("{panic}"),
        None => Ok(()),
    }
}

/// Runs `program args` and expects a usage error: exit code 2 and a message on stderr.
pub fn expect_usage_error(ctx: &Ctx, program: &str, args: &[&str]) -> Result<Finished, Failure> {
    let finished = ctx.run(program, args, PROMPT)?;
    no_panic(&finished)?;
    ensure!(
        finished.exit == Exit::Code(2),
        "`{program} {}` should be a usage error (exit code 2), got {}",
        args.join(" "),
        finished.exit
    );
    ensure!(
        !finished.stderr_text().trim().is_empty(),
        "`{program} {}` exited 2 but said nothing on stderr",
        args.join(" ")
    );
    Ok(finished)
}

/// Runs `program args` and expects a runtime error: exit code 1 and one clear line on
/// stderr containing `needle`.
pub fn expect_runtime_error(
    ctx: &Ctx,
    program: &str,
    args: &[&str],
    needle: &str,
) -> Result<Finished, Failure> {
    let finished = ctx.run(program, args, PROMPT)?;
    expect_failed_with(&finished, &format!("{program} {}", args.join(" ")), needle)?;
    Ok(finished)
}

/// Expects `finished` to have exited 1 with one stderr line containing `needle`.
pub fn expect_failed_with(finished: &Finished, what: &str, needle: &str) -> Result<(), Failure> {
    no_panic(finished)?;
    let stderr = finished.stderr_text();
    ensure!(
        finished.exit == Exit::Code(1),
        "`{what}` should fail with exit code 1, got {}; stderr: {}",
        finished.exit,
        excerpt(&stderr)
    );
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    ensure!(
        lines.len() == 1,
        "`{what}` should explain the error in one line on stderr, got {} lines: {}",
        lines.len(),
        excerpt(&stderr)
    );
    ensure!(
        lines[0].contains(needle),
        "`{what}`: the error line should mention {needle:?}, got {:?}",
        lines[0]
    );
    Ok(())
}

/// Expects a clean exit 0.
pub fn expect_success(finished: &Finished) -> Result<(), Failure> {
    no_panic(finished)?;
    if finished.exit != Exit::Code(0) {
        fail!(
            "`{}` should succeed, got {}; stderr: {}",
            finished.name,
            finished.exit,
            excerpt(&finished.stderr_text())
        );
    }
    Ok(())
}

/// Connects the grader (as a client) to the student's server.
pub fn connect(ctx: &Ctx, addr: SocketAddr) -> Result<Wire, Failure> {
    let wire = Wire::connect(addr, PROMPT, &ctx.log, "server").context("connect to the server")?;
    wire.set_read_timeout(PROMPT)
        .context("set a read timeout")?;
    Ok(wire)
}

/// A port nobody listens on: bound by us, then closed.
pub fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(9)
}

/// Compares an echo with what was sent, naming the first difference.
pub fn same_echo(sent: &[u8], back: &[u8]) -> Result<(), Failure> {
    if sent == back {
        return Ok(());
    }
    match sent.iter().zip(back).position(|(a, b)| a != b) {
        Some(at) => fail!(
            "the echo differs from what was sent at byte {at} of {}: sent {:?}, got back {:?}",
            sent.len(),
            sent[at],
            back[at]
        ),
        None if back.len() < sent.len() => fail!(
            "the server closed after echoing {} of {} bytes",
            back.len(),
            sent.len()
        ),
        None => fail!(
            "sent {} bytes, got {} back: {} more than were sent",
            sent.len(),
            back.len(),
            back.len() - sent.len()
        ),
    }
}
