//! Proof that the work was done: an output check passes only if the grader's peer really
//! saw the student's program connect and send this run's data, so printing the expected
//! text without touching the network fails.

use std::net::SocketAddr;

use super::common::PROMPT;
use crate::check::{Ctx, Failure};
use crate::fail;
use crate::peers::Wire;
use crate::transcript::{Kind, escape_head};

/// Fails unless the grader's peers received exactly `data` from the student's program
/// (all their receives together, once or resent whole), naming what the wire showed instead.
pub fn peer_received(ctx: &Ctx, data: &[u8]) -> Result<(), Failure> {
    let events = ctx.log.events();
    let received: Vec<_> = events.iter().filter(|e| e.kind == Kind::Recv).collect();
    let total: usize = received.iter().map(|e| e.bytes).sum();
    let Some(first) = received.first() else {
        fail!(
            "the grader's peer never received a byte ({}): the output was printed without \
             sending {} bytes to it",
            if events.iter().any(|e| e.kind == Kind::Accept) {
                "a connection came, then nothing"
            } else {
                "no connection, no datagram"
            },
            data.len()
        );
    };
    let expected_head = escape_head(&data[..first.bytes.min(data.len())]);
    if first.head != expected_head {
        fail!(
            "the grader's peer received \"{}\", not this run's message \"{}\"",
            first.head,
            escape_head(data)
        );
    }
    // A UDP client may resend: whole copies are fine, a part is not.
    if !total.is_multiple_of(data.len().max(1)) {
        fail!(
            "the grader's peer received {total} bytes, the message has {}",
            data.len()
        );
    }
    Ok(())
}

/// Fails unless something accepts connections at the address a server printed.
pub fn listening(ctx: &Ctx, addr: SocketAddr) -> Result<(), Failure> {
    match Wire::connect(addr, PROMPT, &ctx.log, "server") {
        Ok(wire) => {
            wire.close();
            Ok(())
        }
        Err(e) => fail!("the server printed the address {addr}, but connecting to it failed: {e}"),
    }
}
