//! The line protocol every device server shares: bad lines get `ERR` and the server goes on,
//! a line's limit holds before its newline, CRLF, pipelining, case, and a last line at EOF.

use hw_mock::RelayBoard;

use super::line_client::LineClient;
use super::trace::{TraceFile, level_words, levels, onoff, start};
use super::{LED_PIN, RELAY_PINS};
use crate::check::{Context, Ctx, Failure};
use crate::ensure;
use crate::random::Rng;

pub(super) fn bad_commands(ctx: &Ctx) -> Result<(), Failure> {
    let trace = TraceFile::new(ctx);
    let (server, addr) = start(ctx, "led-server", &trace, &[])?;
    let mut client = LineClient::connect(ctx, addr)?;
    client.expect_err(b"blink\n", "the unknown command \"blink\"")?;
    let mut oversize = vec![b'x'; 4000];
    oversize.push(b'\n');
    client.expect_err(&oversize, "a 4000-byte line")?;
    client.expect_err(b"\xff\xfe o\xc3n\n", "a line that is not UTF-8")?;
    ensure!(
        levels(&trace.read()?, LED_PIN).is_empty(),
        "bad lines must not touch the LED, the trace has BCM {LED_PIN}: {}",
        level_words(&levels(&trace.read()?, LED_PIN))
    );
    client.expect("on", "OK led on")?;
    drop(client);
    let mut second = LineClient::connect(ctx, addr)?;
    second.expect("off", "OK led off")?;
    // Last on this connection: whatever follows is still part of that endless line.
    second.expect_err(
        &[b'x'; 2048],
        "2048 bytes without a newline (no newline will come: the limit must hold before it)",
    )?;
    ensure!(server.is_alive(), "the LED server exited after bad lines");

    let trace = TraceFile::new(ctx);
    let (server, addr) = start(ctx, "relay-server", &trace, &[])?;
    let mut client = LineClient::connect(ctx, addr)?;
    client.expect_err(b"9\n", "the menu number 9")?;
    client.expect_err(b"0\n", "the menu number 0")?;
    client.expect_err(b"1x\n", "\"1x\"")?;
    // A sign is not a digit, though Rust's u8 parser takes `+` (this run's number).
    let signed = format!("+{}", Rng::for_check(&ctx.check.id()).range(1, 8));
    client.expect_err(format!("{signed}\n").as_bytes(), &format!("{signed:?}"))?;
    client.expect("1", "OK relay 1 on")?;
    let board = RelayBoard::from_trace(RELAY_PINS, &trace.read()?);
    ensure!(
        board.states() == [true, false, false, false],
        "after bad numbers and `1` the relays should be [on, off, off, off], the trace has {}",
        onoff(&board.states())
    );
    ensure!(server.is_alive(), "the relay server exited after bad lines");
    Ok(())
}

pub(super) fn line_protocol(ctx: &Ctx) -> Result<(), Failure> {
    let trace = TraceFile::new(ctx);
    let (_server, addr) = start(ctx, "led-server", &trace, &[])?;
    let mut client = LineClient::connect(ctx, addr)?;
    // A line in two pieces, ended by CRLF.
    client.send(b"o")?;
    client.send(b"n\r\n")?;
    let reply = client.line("\"on\\r\\n\" sent in two pieces")?;
    ensure!(
        reply == "OK led on",
        "the reply to \"on\\r\\n\" (in two pieces) should be \"OK led on\", got {reply:?}"
    );
    // Three lines in one write: three replies, in order.
    client.send(b"off\non\noff\n")?;
    for want in ["OK led off", "OK led on", "OK led off"] {
        let reply = client.line("\"off\\non\\noff\\n\" sent in one write")?;
        ensure!(
            reply == want,
            "three pipelined lines: expected the reply {want:?}, got {reply:?}"
        );
    }
    drop(client);
    // The last line without a newline, then end of stream; case and spacing first.
    let mut client = LineClient::connect(ctx, addr)?;
    for (variant, want) in [(" ON \r\n", "OK led on"), ("Off\n", "OK led off")] {
        client.send(variant.as_bytes())?;
        let what = format!("{variant:?} (commands are trimmed and case-insensitive)");
        let reply = client.line(&what)?;
        ensure!(reply == want, "{what}: expected {want:?}, got {reply:?}");
    }
    client.send(b"on")?;
    client.wire.half_close().context("half-close")?;
    let reply = client.line("\"on\" without a newline, then a half-close")?;
    ensure!(
        reply == "OK led on",
        "the reply to \"on\" without a newline should be \"OK led on\", got {reply:?}"
    );
    let seen = levels(&trace.read()?, LED_PIN);
    ensure!(
        seen == [true, false, true, false, true, false, true],
        "BCM {LED_PIN} should go high, low, high, low, high, low, high; the trace has: {}",
        level_words(&seen)
    );
    Ok(())
}
