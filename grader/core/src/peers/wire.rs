//! A TCP stream that writes everything that happens on it into the check's transcript.
//! The grader's own clients and every reference peer talk through it.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::time::Duration;

use crate::transcript::{Kind, Transcript};

pub struct Wire {
    stream: TcpStream,
    log: Transcript,
    conn: u32,
    /// The other side as the transcript names it ("server", "client").
    peer: &'static str,
}

impl Wire {
    /// Connects to `addr` (the student's server) with a timeout.
    pub fn connect(
        addr: SocketAddr,
        timeout: Duration,
        log: &Transcript,
        peer: &'static str,
    ) -> io::Result<Wire> {
        let conn = log.new_conn();
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(stream) => {
                log.record(conn, Kind::Connect, peer, &[], &addr.to_string());
                Ok(Wire::new(stream, log, conn, peer))
            }
            Err(e) => {
                log.record(
                    conn,
                    Kind::Note,
                    peer,
                    &[],
                    &format!("connect to {addr} failed: {e}"),
                );
                Err(e)
            }
        }
    }

    /// Wraps a stream a peer accepted from the student's client.
    pub fn accepted(stream: TcpStream, log: &Transcript, peer: &'static str) -> Wire {
        let conn = log.new_conn();
        let from = stream
            .peer_addr()
            .map(|a| a.to_string())
            .unwrap_or_default();
        log.record(conn, Kind::Accept, peer, &[], &from);
        Wire::new(stream, log, conn, peer)
    }

    fn new(stream: TcpStream, log: &Transcript, conn: u32, peer: &'static str) -> Wire {
        Wire {
            stream,
            log: log.clone(),
            conn,
            peer,
        }
    }

    pub fn set_read_timeout(&self, timeout: Duration) -> io::Result<()> {
        self.stream.set_read_timeout(Some(timeout))
    }

    pub fn stream(&self) -> &TcpStream {
        &self.stream
    }

    pub fn try_clone(&self) -> io::Result<Wire> {
        Ok(Wire::new(
            self.stream.try_clone()?,
            &self.log,
            self.conn,
            self.peer,
        ))
    }

    /// One read, recorded: data, end of stream, reset or timeout.
    pub fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.stream.read(buf) {
            Ok(0) => {
                self.record(Kind::Eof, &[], "");
                Ok(0)
            }
            Ok(n) => {
                self.record(Kind::Recv, &buf[..n], "");
                Ok(n)
            }
            Err(e) => {
                let e = self.explain_timeout(e);
                self.record_error(&e);
                Err(e)
            }
        }
    }

    /// A read timeout surfaces as "Resource temporarily unavailable": say what it means.
    fn explain_timeout(&self, e: io::Error) -> io::Error {
        if !matches!(
            e.kind(),
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
        ) {
            return e;
        }
        let waited = self
            .stream
            .read_timeout()
            .ok()
            .flatten()
            .unwrap_or_default();
        io::Error::new(
            io::ErrorKind::TimedOut,
            format!("nothing arrived within {:.1} s", waited.as_secs_f64()),
        )
    }

    /// Reads until `want` bytes arrived or the stream ends; returns what came.
    pub fn read_exact_or_eof(&mut self, want: usize) -> io::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(want);
        let mut buf = vec![0u8; 64 * 1024];
        while out.len() < want {
            let room = (want - out.len()).min(buf.len());
            let n = self.read(&mut buf[..room])?;
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        Ok(out)
    }

    /// Reads until end of stream (bounded by `max` bytes).
    pub fn read_to_end(&mut self, max: usize) -> io::Result<Vec<u8>> {
        self.read_exact_or_eof(max)
    }

    pub fn write_all(&mut self, data: &[u8]) -> io::Result<()> {
        let at = self.log.now();
        match self.stream.write_all(data) {
            Ok(()) => {
                self.log
                    .record_at(at, self.conn, Kind::Send, self.peer, data, "");
                Ok(())
            }
            Err(e) => {
                self.record_error(&e);
                Err(e)
            }
        }
    }

    /// Closes our sending side: the other side reads end of stream, and may still answer.
    pub fn half_close(&mut self) -> io::Result<()> {
        self.record(Kind::HalfClose, &[], "");
        self.stream.shutdown(Shutdown::Write)
    }

    /// Closes abruptly with a reset (SO_LINGER 0), as a crashed client would.
    pub fn reset(self) {
        self.record(Kind::Reset, &[], "grader reset the connection");
        let _ = socket2::SockRef::from(&self.stream).set_linger(Some(Duration::ZERO));
    }

    /// Notes that the grader closes the connection.
    pub fn close(self) {
        self.record(Kind::Close, &[], "");
    }

    fn record(&self, kind: Kind, data: &[u8], detail: &str) {
        self.log.record(self.conn, kind, self.peer, data, detail);
    }

    fn record_error(&self, e: &io::Error) {
        let kind = match e.kind() {
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => Kind::Timeout,
            io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::BrokenPipe => Kind::Reset,
            _ => Kind::Note,
        };
        self.record(kind, &[], &e.to_string());
    }
}

/// Generic readers (`peers::lines`) read a wire as `Wire::read` does: every read recorded.
impl Read for Wire {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        Wire::read(self, buf)
    }
}
