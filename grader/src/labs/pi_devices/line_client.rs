//! The grader's line client for the device servers: request lines out, reply lines in,
//! recorded on the check's transcript (through `Wire`).

use std::net::SocketAddr;

use super::MAX_REPLY;
use crate::check::{Context, Ctx, Failure};
use crate::labs::common::{PROMPT, connect};
use crate::peers::Wire;
use crate::peers::lines::{Lines, NoLine};
use crate::{ensure, fail};

/// The grader's line client: sends request lines, reads reply lines.
pub(super) struct LineClient {
    pub(super) wire: Wire,
    lines: Lines,
}

impl LineClient {
    pub(super) fn connect(ctx: &Ctx, addr: SocketAddr) -> Result<LineClient, Failure> {
        let wire = connect(ctx, addr)?;
        let _ = wire.stream().set_nodelay(true);
        Ok(LineClient {
            wire,
            lines: Lines::new(MAX_REPLY),
        })
    }

    pub(super) fn send(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        self.wire.write_all(bytes).context("send to the server")
    }

    /// The next line from the server, without `\n` / `\r\n`. `what` names what it answers.
    pub(super) fn line(&mut self, what: &str) -> Result<String, Failure> {
        match self.lines.next(&mut self.wire) {
            Ok(line) => Ok(String::from_utf8_lossy(&line)
                .trim_end_matches(['\n', '\r'])
                .to_string()),
            Err(NoLine::TooLong) => {
                fail!("the answer to {what} went on for {MAX_REPLY} bytes without a newline")
            }
            Err(NoLine::Eof) => {
                fail!("the server closed the connection instead of answering {what}")
            }
            Err(NoLine::Timeout) => {
                fail!("no reply line to {what} within {} s", PROMPT.as_secs())
            }
            Err(NoLine::Reset(e)) => fail!("no reply line to {what}: {e}"),
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
