//! The grader's line client for the device servers: request lines out, reply lines in,
//! recorded on the check's transcript (through `Wire`).

use std::net::SocketAddr;

use super::MAX_REPLY;
use crate::check::{Context, Ctx, Failure};
use crate::labs::common::{PROMPT, connect};
use crate::peers::Wire;
use crate::{ensure, fail};

/// The grader's line client: sends request lines, reads reply lines.
pub(super) struct LineClient {
    pub(super) wire: Wire,
    buffered: Vec<u8>,
}

impl LineClient {
    pub(super) fn connect(ctx: &Ctx, addr: SocketAddr) -> Result<LineClient, Failure> {
        let wire = connect(ctx, addr)?;
        let _ = wire.stream().set_nodelay(true);
        Ok(LineClient {
            wire,
            buffered: Vec::new(),
        })
    }

    pub(super) fn send(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        self.wire.write_all(bytes).context("send to the server")
    }

    /// The next line from the server, without `\n` / `\r\n`. `what` names what it answers.
    pub(super) fn line(&mut self, what: &str) -> Result<String, Failure> {
        let mut buf = [0u8; 1024];
        loop {
            if let Some(i) = self.buffered.iter().position(|&b| b == b'\n') {
                let line: Vec<u8> = self.buffered.drain(..=i).collect();
                let text = String::from_utf8_lossy(&line[..i]);
                return Ok(text.trim_end_matches('\r').to_string());
            }
            ensure!(
                self.buffered.len() <= MAX_REPLY,
                "the answer to {what} went on for {MAX_REPLY} bytes without a newline"
            );
            match self.wire.read(&mut buf) {
                Ok(0) => fail!("the server closed the connection instead of answering {what}"),
                Ok(n) => self.buffered.extend_from_slice(&buf[..n]),
                Err(e) => fail!("no reply line to {what} within {} s: {e}", PROMPT.as_secs()),
            }
        }
    }

    /// Sends `request` and a newline, returns the reply line.
    pub(super) fn request(&mut self, request: &str) -> Result<String, Failure> {
        self.send(format!("{request}\n").as_bytes())?;
        self.line(&format!("{request:?}"))
    }

    /// Sends `request` and expects exactly the reply `want`.
    pub(super) fn expect(&mut self, request: &str, want: &str) -> Result<(), Failure> {
        let reply = self.request(request)?;
        ensure!(
            reply == want,
            "the reply to {request:?} should be {want:?}, got {reply:?}"
        );
        Ok(())
    }

    /// Sends raw `bytes` (a whole line with its newline) and expects an `ERR …` reply.
    pub(super) fn expect_err(&mut self, bytes: &[u8], what: &str) -> Result<(), Failure> {
        self.send(bytes)?;
        let reply = self.line(what)?;
        ensure!(
            reply.starts_with("ERR"),
            "the reply to {what} should be an `ERR …` line, got {reply:?}"
        );
        Ok(())
    }
}
