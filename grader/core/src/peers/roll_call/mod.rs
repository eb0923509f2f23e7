//! The instructor's classroom server for lab 12 (`grader serve roll-call`): every student's
//! client connects, sends one line `ID NAME` (`\r\n` or `\n`), gets one line back and the
//! server closes:
//!
//! - `OK <id> checked in (<n> present)`: recorded in the attendance file (see `roster`);
//! - `ERR duplicate: <id> already checked in`;
//! - `ERR unknown id: <id>` (only with a roster);
//! - `ERR bad check-in line` (not UTF-8, no name, control characters, id or name too long);
//! - `ERR line too long` (more than `max_line` bytes without a newline);
//! - `ERR timed out waiting for the check-in line` (nothing whole within `read_timeout`);
//! - `ERR class is full` (no roster, and the attendance already holds its bound of ids);
//! - `ERR server cannot save attendance…` (the write or fsync failed: nothing recorded).
//!
//! It faces a whole classroom network, so it is built to hold thousands of clients at once
//! (4,096 connections by default, 1,000 proven by its tests) with
//! bounded memory: one thread runs a `poll(2)` loop over non-blocking sockets. A connection
//! costs its socket and a buffer of at most `max_line` + 1 KiB, and there are at most
//! `max_connections` of them (beyond that new clients wait in the kernel's listen queue);
//! there is no thread or stack per client, and no client can hold the server: the whole
//! line must arrive within `read_timeout` of the connect (a client dripping a byte a
//! second is cut off like a silent one).
//!
//! The loop also makes durability cheap: the check-ins that arrive in one round of `poll`
//! are appended with one write and one `fdatasync`, and only then answered OK (group
//! commit). Every acknowledged check-in is on disk before its OK leaves, so `kill -9`
//! loses nothing that was acknowledged.

mod conn;
mod server;

use conn::*;
use server::*;

use std::collections::HashSet;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rustix::event::{PollFd, PollFlags, Timespec};

use super::roster::{Attendance, Roster, Row};
use super::{Peer, Protocol, Transcript};
use crate::transcript::Kind;

/// Longest id and name accepted, in bytes (the same bounds as the lab's client).
pub const MAX_ID: usize = 64;
pub const MAX_NAME: usize = 256;
/// Without a roster, the server stops accepting new ids after this many.
pub const MAX_PRESENT: usize = 100_000;
/// How long the server keeps reading (and dropping) after its answer, so that closing with
/// unread input does not reset the connection before the client read the answer.
const LINGER: Duration = Duration::from_secs(1);
/// How long accepting pauses when the process is out of file descriptors.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);
/// Most connections accepted in one round of the loop.
const ACCEPT_BATCH: usize = 256;

pub const TOO_LONG: &str = "ERR line too long\r\n";
pub const BAD_LINE: &str = "ERR bad check-in line\r\n";
pub const TIMED_OUT: &str = "ERR timed out waiting for the check-in line\r\n";

/// How the classroom server runs.
#[derive(Clone, Debug)]
pub struct Config {
    /// Only these ids may check in (`None`: anyone).
    pub roster: Option<Roster>,
    /// The attendance file (created if missing; existing rows count as present).
    pub out: PathBuf,
    /// The whole check-in line must arrive within this long of the connect.
    pub read_timeout: Duration,
    /// Longest line, without its line ending.
    pub max_line: usize,
    /// Connections served at once; more wait in the listen queue.
    pub max_connections: usize,
    /// Where to tell a person running `grader serve` about each check-in (`Notice::Event`)
    /// and each refusal or problem (`Notice::Problem`); `None`: quiet. Peers never print:
    /// the command line decides where these lines go.
    pub announce: Option<fn(Notice, &str)>,
}

/// The kind of a line the classroom server announces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// A check-in, or the server's state (listening, file, roster).
    Event,
    /// A refusal, a torn row dropped, a file that cannot be written.
    Problem,
}

impl Config {
    /// The defaults: no roster, 5 s read timeout, 512-byte lines, 4,096 connections, quiet.
    pub fn new(out: impl Into<PathBuf>) -> Config {
        Config {
            roster: None,
            out: out.into(),
            read_timeout: Duration::from_secs(5),
            max_line: 512,
            max_connections: 4096,
            announce: None,
        }
    }
}

/// Starts the classroom server on `bind` (port 0: any free port). The attendance file is
/// opened (and read) before this returns. Dropping the peer stops the server.
pub fn start(bind: SocketAddr, log: &Transcript, config: Config) -> io::Result<Peer> {
    let (attendance, dropped) = Attendance::open(&config.out).map_err(|e| match e.kind() {
        ErrorKind::InvalidData => e,
        kind => io::Error::new(kind, format!("{}: {e}", config.out.display())),
    })?;
    if let Some(say) = config.announce {
        if dropped > 0 {
            say(
                Notice::Problem,
                &format!(
                    "roll-call: dropped a torn last row ({dropped} bytes, never acknowledged) from {}",
                    config.out.display()
                ),
            );
        }
        say(
            Notice::Problem,
            &format!(
                "roll-call: attendance file {} ({} already present)",
                config.out.display(),
                attendance.count()
            ),
        );
    }
    let listener = listen(bind)?;
    let addr = listener.local_addr()?;
    let stopping = Arc::new(AtomicBool::new(false));
    let server = Server {
        listener,
        config,
        attendance,
        log: log.clone(),
        stopping: Arc::clone(&stopping),
        conns: Vec::new(),
        paused_until: None,
    };
    let thread = thread::Builder::new()
        .name("roll-call".into())
        .spawn(move || server.run())?;
    Ok(Peer {
        addr,
        stopping,
        thread: Some(thread),
        protocol: Protocol::Tcp,
    })
}

/// `grader serve roll-call`: raises the open-file limit and starts the server, which
/// tells `say` what happens; the caller waits on the returned peer.
pub fn start_by_hand(
    bind: SocketAddr,
    roster: Option<&Path>,
    out: &Path,
    say: fn(Notice, &str),
) -> Result<Peer, String> {
    let files = raise_open_files_limit();
    let mut config = Config::new(out);
    config.announce = Some(say);
    if let Some(path) = roster {
        let roster = Roster::load(path)?;
        say(
            Notice::Problem,
            &format!(
                "roll-call: roster {} ({} ids)",
                path.display(),
                roster.len()
            ),
        );
        config.roster = Some(roster);
    }
    if let Ok(files) = files {
        // Each client holds a descriptor; leave some for the listener, the file and stdio.
        config.max_connections = config
            .max_connections
            .min((files as usize).saturating_sub(32).max(16));
    }
    let log = Transcript::default();
    start(bind, &log, config).map_err(|e| format!("cannot start roll-call on {bind}: {e}"))
}

/// Raises the soft limit on open files to the hard limit; returns the new soft limit.
pub fn raise_open_files_limit() -> io::Result<u64> {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut limit = getrlimit(Resource::Nofile);
    // No hard limit (`None`) stands for infinity.
    let want = limit.maximum.unwrap_or(1 << 16);
    if limit.current.is_some_and(|current| current < want) {
        limit.current = Some(want);
        setrlimit(Resource::Nofile, limit)?;
    }
    Ok(limit.current.unwrap_or(u64::MAX))
}

/// A listening socket with a listen queue long enough for a classroom arriving at once
/// (std's is 128), and SO_REUSEADDR so a restarted server gets its port back.
fn listen(bind: SocketAddr) -> io::Result<TcpListener> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::for_address(bind), Type::STREAM, None)?;
    socket.set_reuse_address(true)?;
    socket.bind(&bind.into())?;
    socket.listen(1024)?;
    socket.set_nonblocking(true)?;
    Ok(socket.into())
}

/// What a valid check-in line holds.
#[derive(Debug, PartialEq, Eq)]
pub struct CheckIn<'a> {
    pub id: &'a str,
    pub name: &'a str,
}

/// Parses `ID NAME` (the line without its ending): the id up to the first space, the name
/// the rest, trimmed. `None` for anything else.
pub fn parse_check_in(line: &[u8]) -> Option<CheckIn<'_>> {
    let line = std::str::from_utf8(line).ok()?.trim_matches(' ');
    let (id, name) = line.split_once(' ')?;
    let name = name.trim_matches(' ');
    let id_ok = !id.is_empty()
        && id.len() <= MAX_ID
        && !id.chars().any(|c| c.is_whitespace() || c.is_control());
    let name_ok = !name.is_empty() && name.len() <= MAX_NAME && !name.chars().any(char::is_control);
    (id_ok && name_ok).then_some(CheckIn { id, name })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_in_lines() {
        let ok = |line: &str, id, name| {
            assert_eq!(parse_check_in(line.as_bytes()), Some(CheckIn { id, name }))
        };
        ok("6210500001 Somchai Jaidee", "6210500001", "Somchai Jaidee");
        ok("  42   Ann  ", "42", "Ann");
        for bad in [
            "",
            "6210500001",
            "6210500001 ",
            " name",
            "1 a\tb",
            "1 \u{1b}[31m",
        ] {
            assert_eq!(parse_check_in(bad.as_bytes()), None, "{bad:?}");
        }
        assert_eq!(parse_check_in(b"1 \xff\xfe"), None);
        assert_eq!(
            parse_check_in(format!("{} x", "1".repeat(65)).as_bytes()),
            None
        );
    }
}
