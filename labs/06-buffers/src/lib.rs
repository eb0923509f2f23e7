//! Lab 06: socket buffer sizes (`SO_SNDBUF`, `SO_RCVBUF`) and `TCP_NODELAY`.
//!
//! Every TCP socket has two queues in the kernel: bytes you wrote that the peer has not yet
//! acknowledged (the send buffer) and bytes that arrived that you have not yet read (the
//! receive buffer). Their sizes limit how much data can be "in flight", and so the
//! throughput. This lab reads and changes them, and then measures what they do.
//!
//! Linux surprise: when you set `SO_SNDBUF` to N, `getsockopt` gives back 2N. The kernel
//! doubles the value to leave room for its own bookkeeping (each packet carries a
//! `struct sk_buff` header that is charged to the same budget), and it caps the request at
//! `/proc/sys/net/core/wmem_max` (`rmem_max` for receive) first. macOS returns what you set.

pub mod sys;

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::fd::AsRawFd;
use std::thread;
use std::time::{Duration, Instant};

/// The seed program's buffer sizes.
pub const DEFAULT_SEND: usize = 4096;
pub const DEFAULT_RECV: usize = 4096;
/// Benchmark defaults: three buffer sizes, 64 MiB each, at most 2 seconds each.
pub const DEFAULT_BENCH_SIZES: [usize; 3] = [4096, 65536, 1048576];
pub const DEFAULT_BENCH_BYTES: u64 = 64 * 1024 * 1024;
pub const DEFAULT_BENCH_SECONDS: f64 = 2.0;

/// What `modify_buff_size` saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BufferReport {
    /// `SO_SNDBUF` of a fresh socket.
    pub send_before: usize,
    /// `SO_SNDBUF` after asking for the new size.
    pub send_after: usize,
    /// `SO_RCVBUF` after asking for the new size.
    pub recv_after: usize,
    /// `TCP_NODELAY` as read back (true = Nagle's algorithm is off).
    pub nodelay: bool,
}

/// Reads a buffer-size option back as a `usize` (the kernel stores it as a C `int`).
pub fn get_buffer(socket: &impl AsRawFd, option: i32) -> io::Result<usize> {
    let value = sys::get_int_option(socket, sys::SOL_SOCKET, option)?;
    Ok(usize::try_from(value).unwrap_or(0))
}

/// Asks for a buffer size. Sizes over `i32::MAX` cannot be expressed and are rejected.
pub fn set_buffer(socket: &impl AsRawFd, option: i32, size: usize) -> io::Result<()> {
    let value = i32::try_from(size)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "buffer size too large"))?;
    sys::set_int_option(socket, sys::SOL_SOCKET, option, value)
}

// ANCHOR: modify_buff_size
/// The seed's `modify_buff_size`: on a fresh TCP socket, read `SO_SNDBUF`, turn on
/// `TCP_NODELAY`, ask for `send` and `recv` bytes of buffer, and read what the kernel
/// really gave.
pub fn modify_buff_size(send: usize, recv: usize) -> io::Result<BufferReport> {
    // ANCHOR_END: modify_buff_size
    // BEGIN SOLUTION
    let socket = sys::tcp_socket()?;
    let send_before = get_buffer(&socket, sys::SO_SNDBUF)?;

    // Nagle's algorithm holds back small writes until earlier data is acknowledged, to
    // send fewer, fuller packets. TCP_NODELAY turns it off: good for small requests that
    // want an answer now, at the cost of more packets.
    sys::set_int_option(&socket, sys::IPPROTO_TCP, sys::TCP_NODELAY, 1)?;
    set_buffer(&socket, sys::SO_SNDBUF, send)?;
    set_buffer(&socket, sys::SO_RCVBUF, recv)?;

    let nodelay = sys::get_int_option(&socket, sys::IPPROTO_TCP, sys::TCP_NODELAY)? != 0;
    Ok(BufferReport {
        send_before,
        send_after: get_buffer(&socket, sys::SO_SNDBUF)?,
        recv_after: get_buffer(&socket, sys::SO_RCVBUF)?,
        nodelay,
    })
    // END SOLUTION
}

// ANCHOR: parse_size
/// Parses a byte count: `4096`, `64KiB`, `64MiB`, `1GiB` (also `K`, `M`, `G`, `KB`... as
/// binary units, any case). Zero, negative numbers and garbage are errors.
pub fn parse_size(text: &str) -> Result<usize, String> {
    // ANCHOR_END: parse_size
    // BEGIN SOLUTION
    let text = text.trim();
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(digits_end);
    let number: usize = digits
        .parse()
        .map_err(|_| format!("invalid size '{text}': expected a number like 4096 or 64KiB"))?;
    let multiplier: usize = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => 1024 * 1024,
        "g" | "gb" | "gib" => 1024 * 1024 * 1024,
        _ => {
            return Err(format!(
                "invalid size '{text}': unknown unit '{unit}' (use KiB, MiB or GiB)"
            ));
        }
    };
    let size = number
        .checked_mul(multiplier)
        .ok_or_else(|| format!("invalid size '{text}': too large"))?;
    if size == 0 {
        return Err(format!("invalid size '{text}': must be greater than 0"));
    }
    Ok(size)
    // END SOLUTION
}

// ANCHOR: parse_size_list
/// Parses a comma-separated list of sizes, e.g. `4096,64KiB,1MiB`.
pub fn parse_size_list(text: &str) -> Result<Vec<usize>, String> {
    // ANCHOR_END: parse_size_list
    // BEGIN SOLUTION
    if text.trim().is_empty() {
        return Err("empty size list".to_string());
    }
    text.split(',').map(parse_size).collect()
    // END SOLUTION
}

/// One line of the benchmark table.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchRow {
    /// The buffer size we asked for on both sockets.
    pub requested: usize,
    /// `SO_SNDBUF` the sending socket really got.
    pub actual_sndbuf: usize,
    /// `SO_RCVBUF` the receiving socket really got.
    pub actual_rcvbuf: usize,
    /// Bytes the receiver counted.
    pub bytes: u64,
    /// Seconds from the first byte sent to the end of the stream.
    pub seconds: f64,
}

impl BenchRow {
    /// Throughput in MiB per second.
    pub fn mib_per_sec(&self) -> f64 {
        if self.seconds <= 0.0 {
            return 0.0;
        }
        self.bytes as f64 / (1024.0 * 1024.0) / self.seconds
    }
}

/// Sets both buffers of `socket` to `size`.
fn set_both_buffers(socket: &impl AsRawFd, size: usize) -> io::Result<()> {
    set_buffer(socket, sys::SO_SNDBUF, size)?;
    set_buffer(socket, sys::SO_RCVBUF, size)
}

/// Writes zeros to `stream` until `max_bytes` are sent or `deadline` passes, then closes
/// the sending direction so the reader sees end-of-stream.
fn send_until(mut stream: TcpStream, max_bytes: u64, deadline: Instant) -> io::Result<u64> {
    // BEGIN SOLUTION
    let chunk = [0u8; 64 * 1024];
    let mut sent: u64 = 0;
    while sent < max_bytes && Instant::now() < deadline {
        let want = (max_bytes - sent).min(chunk.len() as u64) as usize;
        // write() may take fewer bytes than offered when the send buffer is full: count
        // what it really took.
        let n = stream.write(&chunk[..want])?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::WriteZero,
                "peer stopped reading",
            ));
        }
        sent += n as u64;
    }
    stream.shutdown(Shutdown::Write)?;
    Ok(sent)
    // END SOLUTION
}

/// Reads `stream` to the end and counts the bytes.
fn count_until_eof(mut stream: TcpStream) -> io::Result<u64> {
    // BEGIN SOLUTION
    let mut buf = vec![0u8; 64 * 1024];
    let mut total: u64 = 0;
    loop {
        // read() returns whatever has arrived, from 1 byte up to buf.len(): TCP is a byte
        // stream, it does not keep the sender's write boundaries. 0 means end of stream.
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Ok(total);
        }
        total += n as u64;
    }
    // END SOLUTION
}

// ANCHOR: bench_one
/// Measures loopback throughput with both sockets' buffers set to `size`: a sender thread
/// writes up to `max_bytes` (stopping early after `time_cap`) and this thread reads.
pub fn bench_one(size: usize, max_bytes: u64, time_cap: Duration) -> io::Result<BenchRow> {
    // ANCHOR_END: bench_one
    // BEGIN SOLUTION
    // SOLUTION-SENTINEL: `grader release` checks that no line of a solution region survives
    let listener = TcpListener::bind("127.0.0.1:0")?;
    // Accepted sockets inherit the listener's buffer sizes. The receive buffer must be set
    // before the handshake, because TCP announces its window scale in the SYN.
    set_both_buffers(&listener, size)?;
    let client = TcpStream::connect(listener.local_addr()?)?;
    set_both_buffers(&client, size)?;
    let (server, _) = listener.accept()?;

    // Never wait forever, whatever the other side does.
    let slack = time_cap + Duration::from_secs(10);
    client.set_write_timeout(Some(slack))?;
    server.set_read_timeout(Some(slack))?;

    let actual_sndbuf = get_buffer(&client, sys::SO_SNDBUF)?;
    let actual_rcvbuf = get_buffer(&server, sys::SO_RCVBUF)?;

    let start = Instant::now();
    let deadline = start + time_cap;
    let sender = thread::spawn(move || send_until(client, max_bytes, deadline));
    let received = count_until_eof(server);
    let seconds = start.elapsed().as_secs_f64();
    let sent = sender
        .join()
        .map_err(|_| io::Error::other("sender thread panicked"))??;
    let bytes = received?;
    if bytes != sent {
        return Err(io::Error::other(format!(
            "sent {sent} bytes but received {bytes}"
        )));
    }
    Ok(BenchRow {
        requested: size,
        actual_sndbuf,
        actual_rcvbuf,
        bytes,
        seconds,
    })
    // END SOLUTION
}

/// The column names of the table and of the CSV header.
pub const COLUMNS: [&str; 6] = [
    "requested",
    "actual_sndbuf",
    "actual_rcvbuf",
    "bytes",
    "seconds",
    "MiB/s",
];

/// Formats rows as an aligned text table with a header line.
pub fn format_table(rows: &[BenchRow]) -> String {
    let mut out = format!(
        "{:>10}  {:>13}  {:>13}  {:>10}  {:>8}  {:>9}\n",
        COLUMNS[0], COLUMNS[1], COLUMNS[2], COLUMNS[3], COLUMNS[4], COLUMNS[5]
    );
    for row in rows {
        out.push_str(&format!(
            "{:>10}  {:>13}  {:>13}  {:>10}  {:>8.3}  {:>9.1}\n",
            row.requested,
            row.actual_sndbuf,
            row.actual_rcvbuf,
            row.bytes,
            row.seconds,
            row.mib_per_sec()
        ));
    }
    out
}

/// Formats rows as CSV with a header line (`MiB/s` becomes `mib_per_s`).
pub fn format_csv(rows: &[BenchRow]) -> String {
    let mut out = String::from("requested,actual_sndbuf,actual_rcvbuf,bytes,seconds,mib_per_s\n");
    for row in rows {
        out.push_str(&format!(
            "{},{},{},{},{:.6},{:.3}\n",
            row.requested,
            row.actual_sndbuf,
            row.actual_rcvbuf,
            row.bytes,
            row.seconds,
            row.mib_per_sec()
        ));
    }
    out
}
