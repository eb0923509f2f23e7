//! The TCP side of every server: bind, announce, accept, one thread per client, lines in,
//! replies out.
//!
//! Why shared: the four servers differ only in what a line does to the hardware. The seed's
//! servers read once and close, crash on a bad byte sequence and never answer; here every
//! client gets a reply per line, a bad line gets an `ERR` reply, and nothing a client sends can
//! stop the server. The device sits behind a mutex, so two clients never interleave their pin
//! wiggles (an LCD write is dozens of edges that must not mix).

use std::io::{self, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::protocol::{Line, LineReader, MAX_LINE};

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

/// A handler shared by the client threads.
pub type Shared = Arc<Mutex<dyn Handler>>;

/// Binds `host:port` (port 0 = any free port).
pub fn bind(host: &str, port: u16) -> io::Result<TcpListener> {
    TcpListener::bind((host, port))
}

/// Accepts clients forever, one thread each (at most [`MAX_CLIENTS`] at once).
pub fn serve(listener: TcpListener, handler: Shared) {
    let active = Arc::new(AtomicUsize::new(0));
    for conn in listener.incoming() {
        let mut stream = match conn {
            Ok(s) => s,
            Err(e) => {
                eprintln!("accept: {e}");
                continue;
            }
        };
        if active.load(Ordering::SeqCst) >= MAX_CLIENTS {
            let _ = stream.write_all(b"ERR busy\n");
            continue;
        }
        active.fetch_add(1, Ordering::SeqCst);
        let h = Arc::clone(&handler);
        let a = Arc::clone(&active);
        let spawned = std::thread::Builder::new()
            .name("client".into())
            .spawn(move || {
                if let Err(e) = client(stream, &h) {
                    eprintln!("client: {e}");
                }
                a.fetch_sub(1, Ordering::SeqCst);
            });
        if let Err(e) = spawned {
            eprintln!("spawn: {e}");
            active.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

fn send(stream: &mut TcpStream, text: &str) -> io::Result<()> {
    let mut out = text.to_string();
    out.push('\n');
    stream.write_all(out.as_bytes())
}

/// Serves one client until it closes, goes silent for [`IDLE_TIMEOUT`], or fails.
pub fn client(stream: TcpStream, handler: &Shared) -> io::Result<()> {
    stream.set_read_timeout(Some(IDLE_TIMEOUT))?;
    stream.set_write_timeout(Some(IDLE_TIMEOUT))?;
    let mut out = stream.try_clone()?;
    let greeting = handler
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .on_connect();
    if let Some(g) = greeting {
        send(&mut out, &g)?;
    }
    let mut lines = LineReader::new(BufReader::new(stream), MAX_LINE);
    loop {
        match lines.next_line()? {
            Line::Eof => return Ok(()),
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
                    handler
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .handle(&l)
                }))
                .unwrap_or_else(|_| Some("ERR internal error (see the server's stderr)".into()));
                if let Some(r) = reply {
                    send(&mut out, &r)?;
                }
            }
        }
    }
}
