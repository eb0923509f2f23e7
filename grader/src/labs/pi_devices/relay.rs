//! The relay HAT: `relay-server` follows the seed's menu numbers on BCM 4, 18, 22, 24, and
//! the `relay` client sends a number from its arguments or its menu.

use hw_mock::RelayBoard;

use super::RELAY_PINS;
use super::line_client::LineClient;
use super::stand_in::{heard_line, printed, run_client};
use super::trace::{TraceFile, onoff, start};
use crate::check::{Context, Ctx, Failure};
use crate::ensure;
use crate::labs::common::PROMPT;
use crate::peers::{device_line, loopback};
use crate::random::Rng;

pub(super) fn relay_states(ctx: &Ctx) -> Result<(), Failure> {
    let trace = TraceFile::new(ctx);
    let (_server, addr) = start(ctx, "relay-server", &trace, &[])?;
    let mut client = LineClient::connect(ctx, addr)?;
    // Every menu choice once (each relay on and off), in this run's order.
    let mut choices: Vec<u8> = (1..=8).collect();
    let mut rng = Rng::for_check(&ctx.check.id());
    for i in (1..choices.len()).rev() {
        choices.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let mut want = [false; 4];
    let mut sent = Vec::new();
    for choice in choices {
        let choice = choice.to_string();
        client.expect(&choice, &relay_reply(&choice))?;
        let n: usize = choice.parse().unwrap_or(1);
        want[(n - 1) / 2] = n % 2 == 1;
        sent.push(choice);
        let board = RelayBoard::from_trace(RELAY_PINS, &trace.read()?);
        ensure!(
            board.states() == want,
            "after {} the relays (BCM 4, 18, 22, 24) should be {}, the trace has {}",
            sent.join(","),
            onoff(&want),
            onoff(&board.states())
        );
    }
    Ok(())
}

/// The relay server's reply to a menu number.
pub(super) fn relay_reply(line: &str) -> String {
    match line.trim().parse::<u8>() {
        Ok(n @ 1..=8) => format!(
            "OK relay {} {}",
            n.div_ceil(2),
            if n % 2 == 1 { "on" } else { "off" }
        ),
        _ => format!("ERR unknown command: {line}"),
    }
}

pub(super) fn client_relay(ctx: &Ctx) -> Result<(), Failure> {
    let (peer, heard) = device_line::recorder(loopback(), &ctx.log, relay_reply)
        .context("start the relay stand-in")?;
    let mut rng = Rng::for_check(&ctx.check.id());
    let (first, second) = (rng.range(1, 8).to_string(), rng.range(1, 8).to_string());
    let finished = run_client(ctx, "relay", peer.port(), &[&first])?;
    heard_line(&heard, 0, &first, &format!("relay {first}"))?;
    printed(&finished, &relay_reply(&first))?;
    // The seed's menu: the choice comes from stdin.
    let port = peer.port().to_string();
    let mut menu = ctx.spawn_with_stdin("relay", &["--port", &port])?;
    menu.write_stdin(format!("{second}\n").as_bytes())?;
    menu.close_stdin();
    let finished = menu.finish(PROMPT)?;
    heard_line(
        &heard,
        1,
        &second,
        &format!("relay (menu, choice {second})"),
    )?;
    printed(&finished, &relay_reply(&second))
}
