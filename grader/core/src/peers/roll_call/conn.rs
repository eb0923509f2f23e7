//! One client's connection to the classroom server: its state (reading its line, decided,
//! answering, draining, closed), its deadline and bounded buffers, and the non-blocking
//! steps the poll loop takes on it when it is ready.

use super::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum State {
    /// Collecting the check-in line.
    Reading,
    /// A whole line is in `line`, waiting for this round's batch.
    Decided,
    /// Sending `out`.
    Answering,
    /// Answer sent and our side closed: dropping what the client still sends.
    Draining,
    /// To be removed.
    Closed,
}

pub(super) struct Conn {
    pub(super) stream: TcpStream,
    pub(super) peer: SocketAddr,
    /// The connection's number in the transcript.
    pub(super) num: u32,
    pub(super) state: State,
    pub(super) deadline: Instant,
    pub(super) buf: Vec<u8>,
    pub(super) out: Vec<u8>,
    pub(super) sent: usize,
}

pub(super) fn answer_with(conn: &mut Conn, answer: Vec<u8>, now: Instant, timeout: Duration) {
    conn.out = answer;
    conn.sent = 0;
    conn.state = State::Answering;
    conn.deadline = now + timeout;
    conn.buf = Vec::new();
}

/// Handles readiness on one connection.
pub(super) fn step(conn: &mut Conn, log: &Transcript, max_line: usize, now: Instant) {
    match conn.state {
        State::Reading => read_line(conn, log, max_line, now),
        State::Answering => send(conn, log, now),
        State::Draining => drain(conn, log),
        State::Decided | State::Closed => {}
    }
}

/// Reads what came; moves to `Decided` with a whole line in `buf`, or answers a line too long.
pub(super) fn read_line(conn: &mut Conn, log: &Transcript, max_line: usize, now: Instant) {
    let mut chunk = [0u8; 1024];
    // A few reads per wake-up at most, so one fast client cannot hold the loop.
    for _ in 0..4 {
        match conn.stream.read(&mut chunk) {
            Ok(0) => {
                log.record(conn.num, Kind::Eof, "client", &[], "");
                if conn.buf.is_empty() {
                    conn.state = State::Closed;
                } else if conn.buf.len() > max_line {
                    answer_with(conn, TOO_LONG.into(), now, LINGER);
                } else {
                    // A last line without a newline still counts.
                    conn.state = State::Decided;
                }
                return;
            }
            Ok(n) => {
                log.record(conn.num, Kind::Recv, "client", &chunk[..n], "");
                conn.buf.extend_from_slice(&chunk[..n]);
                if let Some(end) = conn.buf.iter().position(|&b| b == b'\n') {
                    conn.buf.truncate(end);
                    if conn.buf.last() == Some(&b'\r') {
                        conn.buf.pop();
                    }
                    if conn.buf.len() > max_line {
                        answer_with(conn, TOO_LONG.into(), now, LINGER);
                    } else {
                        conn.state = State::Decided;
                    }
                    return;
                }
                if conn.buf.len() > max_line + 1 {
                    answer_with(conn, TOO_LONG.into(), now, LINGER);
                    return;
                }
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => return,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return broke(conn, log, &e),
        }
    }
}

/// Sends the rest of the answer; once it is all out, closes our side and drains.
pub(super) fn send(conn: &mut Conn, log: &Transcript, now: Instant) {
    while conn.sent < conn.out.len() {
        match conn.stream.write(&conn.out[conn.sent..]) {
            Ok(0) => {
                conn.state = State::Closed;
                return;
            }
            Ok(n) => {
                log.record(
                    conn.num,
                    Kind::Send,
                    "client",
                    &conn.out[conn.sent..conn.sent + n],
                    "",
                );
                conn.sent += n;
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => return,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return broke(conn, log, &e),
        }
    }
    let _ = conn.stream.shutdown(Shutdown::Write);
    log.record(conn.num, Kind::HalfClose, "client", &[], "");
    conn.out = Vec::new();
    conn.state = State::Draining;
    conn.deadline = conn.deadline.min(now + LINGER);
}

/// The connection failed (reset, most likely): noted, and closed.
fn broke(conn: &mut Conn, log: &Transcript, e: &std::io::Error) {
    log.record(conn.num, Kind::Reset, "client", &[], &e.to_string());
    conn.state = State::Closed;
}

/// Drops whatever the client still sends, until it closes.
pub(super) fn drain(conn: &mut Conn, log: &Transcript) {
    let mut sink = [0u8; 4096];
    for _ in 0..4 {
        match conn.stream.read(&mut sink) {
            Ok(0) => {
                log.record(conn.num, Kind::Eof, "client", &[], "");
                conn.state = State::Closed;
                return;
            }
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::WouldBlock => return,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => {
                conn.state = State::Closed;
                return;
            }
        }
    }
}

/// The connection's time is up: a reader is told so, anything else is closed.
pub(super) fn expire(conn: &mut Conn, log: &Transcript, now: Instant, timeout: Duration) {
    match conn.state {
        State::Reading => {
            log.record(
                conn.num,
                Kind::Timeout,
                "client",
                &[],
                "no whole check-in line in time",
            );
            answer_with(conn, TIMED_OUT.into(), now, LINGER.min(timeout));
            send(conn, log, now);
        }
        State::Answering | State::Draining => conn.state = State::Closed,
        State::Decided | State::Closed => {}
    }
}
