//! The grader's line client on the student's roll-call server: it sends commands (split,
//! pipelined, oversize on purpose) and reads the answers line by line, so a failure says
//! what came instead of the answer.

use super::*;

/// The grader's client on the student's server: reads answers line by line.
pub(super) struct Client {
    pub(super) wire: Wire,
    pub(super) lines: Lines,
}

impl Client {
    pub(super) fn connect(ctx: &Ctx, addr: SocketAddr) -> Result<Client, Failure> {
        let wire = connect(ctx, addr)?;
        // Every write goes out as its own segment: a split command really arrives split.
        wire.stream().set_nodelay(true).context("set TCP_NODELAY")?;
        Ok(Client {
            wire,
            lines: Lines::new(MAX_ANSWER),
        })
    }

    pub(super) fn send(&mut self, data: &[u8]) -> Result<(), Failure> {
        self.wire.write_all(data).context("send to the server")
    }

    /// The next line, with its `\n` (and `\r`, if any).
    pub(super) fn line(&mut self) -> Result<Vec<u8>, NoLine> {
        self.lines.next(&mut self.wire)
    }

    /// The answer to `sent`, or a failure that says what came instead.
    pub(super) fn answer(&mut self, sent: &str) -> Result<Vec<u8>, Failure> {
        self.line().map_err(|why| {
            let why = match why {
                NoLine::Eof => "the server closed the connection".to_string(),
                NoLine::Reset(e) => format!("the connection failed: {e}"),
                NoLine::Timeout => format!("no answer within {:.0} s", PROMPT.as_secs_f64()),
                NoLine::TooLong => format!("more than {MAX_ANSWER} bytes without a newline"),
            };
            let partial = if self.lines.pending().is_empty() {
                String::new()
            } else {
                format!(" (got {} so far)", show(self.lines.pending()))
            };
            Failure::new(format!("after {sent}: {why}{partial}"))
        })
    }

    /// After `sent` (no whole line yet), listens `SILENCE` and expects nothing at all:
    /// an answer means `mistake`.
    pub(super) fn expect_silence(
        &mut self,
        ctx: &Ctx,
        sent: &str,
        mistake: &str,
    ) -> Result<(), Failure> {
        ctx.log.note(&format!(
            "the grader listens {} ms: {sent} must not be answered yet",
            SILENCE.as_millis()
        ));
        self.wire
            .set_read_timeout(SILENCE)
            .context("set a read timeout")?;
        match self.line() {
            Err(NoLine::Timeout) => {}
            Ok(line) => fail!("the server answered {} to {sent}: {mistake}", show(&line)),
            Err(NoLine::Eof) => fail!("the server closed the connection after {sent}"),
            Err(NoLine::Reset(e)) => fail!("the connection failed after {sent}: {e}"),
            Err(NoLine::TooLong) => fail!("the server sent {MAX_ANSWER} bytes without a newline"),
        }
        if !self.lines.pending().is_empty() {
            fail!(
                "the server started answering {sent}: {}",
                show(self.lines.pending())
            );
        }
        self.wire
            .set_read_timeout(PROMPT)
            .context("set a read timeout")
    }

    /// Sends `command` and expects exactly `want` back.
    pub(super) fn ask(&mut self, command: &str, want: &str) -> Result<(), Failure> {
        self.send(command.as_bytes())?;
        self.expect(&show(command.as_bytes()), want)
    }

    /// Reads the answer to `sent` and expects exactly `want`.
    pub(super) fn expect(&mut self, sent: &str, want: &str) -> Result<(), Failure> {
        let got = self.answer(sent)?;
        if got == want.as_bytes() {
            return Ok(());
        }
        if got.trim_ascii_end() == want.trim_ascii_end().as_bytes() {
            fail!(
                "{sent} should be answered {:?}: the line must end in \\r\\n, got {}",
                want,
                show(&got)
            );
        }
        fail!("{sent} should be answered {want:?}, got {}", show(&got))
    }
}

/// Bytes as a readable Rust-style string.
pub(super) fn show(bytes: &[u8]) -> String {
    let text = bytes.escape_ascii().to_string();
    if text.len() > 80 {
        format!("\"{}…\"", &text[..80])
    } else {
        format!("\"{text}\"")
    }
}
