//! The TCP side of every device server: accept clients, read their lines, send replies.
//!
//! Why shared: the four servers differ only in what a line does to the hardware (a
//! [`Handler`]). The seed's servers read once and close, crash on a bad byte sequence and
//! never answer; here every client gets a reply per line, a bad line gets an `ERR` reply,
//! and nothing a client sends can stop the server.
//!
//! The shape is lab 09's echo server with a line protocol on top (lab 12):
//!
//! ```text
//! main thread:   bind ─► loop { accept ─► spawn a thread for the client }
//! client thread: loop { read one line ─► lock the device ─► handle ─► write the reply }
//! ```

use std::io::{self, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use super::lines::{Line, LineReader, MAX_LINE};

/// Most clients served at once; more are told `ERR busy` and closed.
pub const MAX_CLIENTS: usize = 32;
/// A client silent this long is disconnected.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// What a device server does with lines.
pub trait Handler: Send {
    /// Lines to send as soon as a client connects (the climate reading); none by default.
    fn on_connect(&mut self) -> Option<String> {
        None
    }
    /// The reply to one request line (may hold several lines), or `None` for no reply.
    fn handle(&mut self, line: &str) -> Option<String>;
    /// Shows the device state if it changed (the sim backend prints its view); no-op default.
    fn refresh(&mut self) {}
}

/// A handler shared by the client threads. There is one device but many clients: the
/// mutex makes each request's pin wiggles one block, so two clients never interleave them
/// (an LCD write is dozens of edges that must not mix).
pub type Shared = Arc<Mutex<dyn Handler>>;

/// Locks the device. A client thread that panicked while holding the lock leaves it
/// "poisoned"; the device state is still usable, so we take it anyway.
pub fn lock(handler: &Shared) -> std::sync::MutexGuard<'_, dyn Handler + 'static> {
    handler.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Accepts clients forever, one thread each (at most [`MAX_CLIENTS`] at once).
pub fn serve(listener: TcpListener, handler: Shared) {
    // How many client threads are running: a flood of connections must not become a flood
    // of threads. Shared with each thread, which counts itself out when its client leaves.
    let active = Arc::new(AtomicUsize::new(0));
    // `incoming()` calls `accept()` again and again: each call waits for the next client
    // and hands us a new socket for it. The listening socket itself stays open for more.
    for conn in listener.incoming() {
        let mut stream = match conn {
            Ok(s) => s,
            // One failed accept (the client gave up, too many open files) is not a reason
            // to stop serving everyone else.
            Err(e) => {
                eprintln!("accept: {e}");
                continue;
            }
        };
        if active.load(Ordering::SeqCst) >= MAX_CLIENTS {
            // Answer, then drop `stream`: dropping a socket closes it.
            let _ = stream.write_all(b"ERR busy\n");
            continue;
        }
        active.fetch_add(1, Ordering::SeqCst);
        let (handler, count) = (Arc::clone(&handler), Arc::clone(&active));
        // A thread per client: a slow client (one that connects and says nothing) must not
        // keep the others waiting. The loop goes straight back to `accept`.
        let spawned = std::thread::Builder::new()
            .name("client".into())
            .spawn(move || {
                if let Err(e) = client(stream, &handler) {
                    eprintln!("client: {e}");
                }
                count.fetch_sub(1, Ordering::SeqCst);
            });
        if let Err(e) = spawned {
            eprintln!("spawn: {e}");
            active.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Serves one client until it closes, goes silent for [`IDLE_TIMEOUT`], or fails.
pub fn client(stream: TcpStream, handler: &Shared) -> io::Result<()> {
    // Without timeouts a client that vanishes without closing (a pulled cable) would hold
    // its thread forever: a read or write that waits this long returns an error instead.
    stream.set_read_timeout(Some(IDLE_TIMEOUT))?;
    stream.set_write_timeout(Some(IDLE_TIMEOUT))?;
    // One socket, two handles: one to read lines from, one to write replies to.
    let mut out = stream.try_clone()?;
    let greeting = lock(handler).on_connect();
    if let Some(g) = greeting {
        send(&mut out, &g)?;
    }
    // A buffered reader: one `read` from the socket may bring many lines, or part of one.
    let mut lines = LineReader::new(BufReader::new(stream), MAX_LINE);
    loop {
        match lines.next_line()? {
            // The client closed its side and every line it sent has been answered.
            Line::Eof => return Ok(()),
            // Refused, answered, and the connection goes on: one bad line is not a reason
            // to drop the client.
            Line::TooLong => send(
                &mut out,
                &format!("ERR line too long (max {MAX_LINE} bytes)"),
            )?,
            Line::Text(l) => {
                // A log line to a closed stdout is dropped, not a reason to stop serving.
                let _ = writeln!(io::stdout(), "Data: {l}");
                // A panic in the device code (a `todo!()` in the student edition) costs this
                // request an error reply, not the server.
                let reply = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    lock(handler).handle(&l)
                }))
                .unwrap_or_else(|_| Some("ERR internal error (see the server's stderr)".into()));
                if let Some(r) = reply {
                    send(&mut out, &r)?;
                }
            }
        }
    }
}

/// Sends `text` and its newline in one write: the newline is the client's signal that the
/// reply is complete (its framing, as ours is for requests).
fn send(stream: &mut TcpStream, text: &str) -> io::Result<()> {
    let mut out = text.to_string();
    out.push('\n');
    stream.write_all(out.as_bytes())
}
