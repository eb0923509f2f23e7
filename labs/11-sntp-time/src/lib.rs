//! Lab 11: a binary protocol, SNTP (RFC 4330; NTPv4 is RFC 5905).
//!
//! The client sends one 48-byte UDP datagram and the server answers with another. Every
//! field sits at a fixed byte offset, numbers are big endian ("network byte order"), and
//! times are NTP timestamps: 32 bits of seconds since 1900-01-01 00:00 UTC plus 32 bits of
//! fraction of a second. From the four times of one exchange (we send at t1, the server
//! receives at t2 and answers at t3, we receive at t4) we get the clock offset and the
//! round-trip delay without knowing how long each direction took.
//!
//! Everything here is std only: even turning seconds into "Sun Mar  3 22:43:32 2019" is
//! ordinary integer arithmetic (Howard Hinnant's `civil_from_days`).

use std::fmt;
use std::io::{self, ErrorKind};
use std::net::{SocketAddr, UdpSocket};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Size of an SNTP packet without extensions.
pub const PACKET_LEN: usize = 48;
/// The NTP port.
pub const NTP_PORT: u16 = 123;
/// Seconds from 1900-01-01 (NTP era 0) to 1970-01-01 (Unix epoch): 70 years, 17 leap days.
pub const NTP_TO_UNIX: i64 = 2_208_988_800;
/// Seconds in one NTP era: the 32-bit seconds counter wraps after 2^32 seconds (136 years).
pub const ERA_SECONDS: i64 = 1 << 32;
pub const VERSION: u8 = 4;
pub const MODE_CLIENT: u8 = 3;
pub const MODE_SERVER: u8 = 4;
pub const MODE_BROADCAST: u8 = 5;

const NANOS_PER_SECOND: i128 = 1_000_000_000;

// ANCHOR: timestamp
/// An NTP timestamp as it travels: whole seconds since 1900 (modulo 2^32) and a binary
/// fraction of a second (`fraction / 2^32`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NtpTimestamp {
    pub seconds: u32,
    pub fraction: u32,
}
// ANCHOR_END: timestamp

impl NtpTimestamp {
    /// Reads 8 big-endian bytes.
    pub fn from_bytes(bytes: [u8; 8]) -> NtpTimestamp {
        NtpTimestamp {
            seconds: u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]),
            fraction: u32::from_be_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]),
        }
    }

    /// Writes 8 big-endian bytes.
    pub fn to_bytes(self) -> [u8; 8] {
        let mut out = [0u8; 8];
        out[..4].copy_from_slice(&self.seconds.to_be_bytes());
        out[4..].copy_from_slice(&self.fraction.to_be_bytes());
        out
    }
}

/// The fields of a server reply that we use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub leap: u8,
    pub version: u8,
    pub mode: u8,
    pub stratum: u8,
    /// For stratum 0 this is the kiss code, four ASCII letters such as `RATE`.
    pub reference_id: [u8; 4],
    /// Our transmit time, copied back by the server (t1).
    pub originate: NtpTimestamp,
    /// When the server received our request (t2).
    pub receive: NtpTimestamp,
    /// When the server sent this reply (t3).
    pub transmit: NtpTimestamp,
}

// ANCHOR: reply_error
/// Why a reply is unusable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplyError {
    /// Fewer than 48 bytes arrived (the number is what arrived).
    Short(usize),
    /// Mode is not 4 (server) or 5 (broadcast).
    WrongMode(u8),
    /// Stratum 0: the server refuses to serve us and says why with a four-letter code.
    KissOfDeath(String),
    /// A transmit timestamp of zero means the server has no time to give.
    ZeroTransmit,
}
// ANCHOR_END: reply_error

impl fmt::Display for ReplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplyError::Short(n) => {
                write!(f, "short reply: {n} bytes, expected at least {PACKET_LEN}")
            }
            ReplyError::WrongMode(mode) => write!(
                f,
                "wrong mode {mode} in reply, expected {MODE_SERVER} (server) or {MODE_BROADCAST} (broadcast)"
            ),
            ReplyError::KissOfDeath(code) => write!(f, "server sent kiss-of-death {code}"),
            ReplyError::ZeroTransmit => write!(f, "zero transmit timestamp in reply"),
        }
    }
}

// ANCHOR: build_request
/// Builds the 48-byte client request: LI 0, version 4, mode 3 in the first byte, zeros
/// everywhere else except the transmit timestamp (bytes 40..48), our send time. The server
/// copies it into its reply's originate field, so we can match reply to request.
pub fn build_request(transmit: NtpTimestamp) -> [u8; PACKET_LEN] {
    // ANCHOR_END: build_request
    // BEGIN SOLUTION
    let mut packet = [0u8; PACKET_LEN];
    // Byte 0 packs three fields: LI (2 bits), VN (3 bits), mode (3 bits).
    packet[0] = (VERSION << 3) | MODE_CLIENT; // 0b00_100_011 = 0x23
    packet[40..48].copy_from_slice(&transmit.to_bytes());
    packet
    // END SOLUTION
}

/// Reads a timestamp from `bytes[at..at + 8]` (the caller checked the length).
fn timestamp_at(bytes: &[u8], at: usize) -> NtpTimestamp {
    let mut raw = [0u8; 8];
    raw.copy_from_slice(&bytes[at..at + 8]);
    NtpTimestamp::from_bytes(raw)
}

// ANCHOR: parse_reply
/// Parses and checks a reply: length, mode, kiss-of-death, transmit timestamp, in that
/// order. Bytes after the first 48 (extension fields) are ignored.
pub fn parse_reply(bytes: &[u8]) -> Result<Reply, ReplyError> {
    // ANCHOR_END: parse_reply
    // BEGIN SOLUTION
    if bytes.len() < PACKET_LEN {
        return Err(ReplyError::Short(bytes.len()));
    }
    let reply = Reply {
        leap: bytes[0] >> 6,
        version: (bytes[0] >> 3) & 0b111,
        mode: bytes[0] & 0b111,
        stratum: bytes[1],
        reference_id: [bytes[12], bytes[13], bytes[14], bytes[15]],
        originate: timestamp_at(bytes, 24),
        receive: timestamp_at(bytes, 32),
        transmit: timestamp_at(bytes, 40),
    };
    if reply.mode != MODE_SERVER && reply.mode != MODE_BROADCAST {
        return Err(ReplyError::WrongMode(reply.mode));
    }
    if reply.stratum == 0 {
        return Err(ReplyError::KissOfDeath(kiss_code(reply.reference_id)));
    }
    if reply.transmit == NtpTimestamp::default() {
        return Err(ReplyError::ZeroTransmit);
    }
    Ok(reply)
    // END SOLUTION
}

/// The kiss code as printable text: trailing NULs dropped, anything not printable ASCII
/// shown as `?` (a misbehaving server must not get to write control characters to our
/// terminal).
pub fn kiss_code(reference_id: [u8; 4]) -> String {
    let code: String = reference_id
        .iter()
        .take_while(|&&b| b != 0)
        .map(|&b| if b.is_ascii_graphic() { b as char } else { '?' })
        .collect();
    if code.is_empty() {
        "(no code)".to_string()
    } else {
        code
    }
}

// ANCHOR: ntp_seconds_to_unix
/// NTP seconds (32 bits, wrapping every 136 years) to Unix seconds.
///
/// The counter wraps on 2036-02-07 06:28:16 UTC (the start of era 1). The rule of RFC 4330
/// section 3: if the most significant bit is set, the time is in 1968-2036 (era 0);
/// if it is clear, the counter has wrapped and the time is in 2036-2104 (era 1), so add
/// 2^32. This covers 1968-01-20 to 2104-02-26, plenty for a clock that is roughly right.
pub fn ntp_seconds_to_unix(seconds: u32) -> i64 {
    // ANCHOR_END: ntp_seconds_to_unix
    // BEGIN SOLUTION
    let mut since_1900 = i64::from(seconds);
    if seconds & 0x8000_0000 == 0 {
        since_1900 += ERA_SECONDS; // era 1
    }
    since_1900 - NTP_TO_UNIX
    // END SOLUTION
}

/// Unix seconds to the 32-bit NTP seconds field (the era is simply dropped).
pub fn unix_seconds_to_ntp(unix: i64) -> u32 {
    (unix + NTP_TO_UNIX).rem_euclid(ERA_SECONDS) as u32
}

// ANCHOR: timestamp_to_unix_nanos
/// An NTP timestamp as nanoseconds since the Unix epoch (era by the rule above).
pub fn timestamp_to_unix_nanos(ts: NtpTimestamp) -> i128 {
    // ANCHOR_END: timestamp_to_unix_nanos
    // BEGIN SOLUTION
    let seconds = i128::from(ntp_seconds_to_unix(ts.seconds));
    // fraction / 2^32 of a second, in nanoseconds: multiply first, then shift.
    let nanos = (i128::from(ts.fraction) * NANOS_PER_SECOND) >> 32;
    seconds * NANOS_PER_SECOND + nanos
    // END SOLUTION
}

/// Nanoseconds since the Unix epoch as an NTP timestamp.
pub fn unix_nanos_to_timestamp(nanos: i128) -> NtpTimestamp {
    let seconds = nanos.div_euclid(NANOS_PER_SECOND) as i64;
    let rest = nanos.rem_euclid(NANOS_PER_SECOND);
    NtpTimestamp {
        seconds: unix_seconds_to_ntp(seconds),
        fraction: ((rest << 32) / NANOS_PER_SECOND) as u32,
    }
}

/// The system clock as nanoseconds since the Unix epoch.
pub fn now_unix_nanos() -> i128 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_nanos() as i128,
        Err(before) => -(before.duration().as_nanos() as i128),
    }
}

// ANCHOR: civil_from_days
/// Days since 1970-01-01 to (year, month 1-12, day 1-31) in the proleptic Gregorian
/// calendar. Howard Hinnant's algorithm: shift the year to start on March 1 (so the leap
/// day is the last day of the year), split into 400-year eras of 146097 days, then
/// years of era, day of year, month.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // ANCHOR_END: civil_from_days
    // BEGIN SOLUTION
    let z = days + 719_468; // days since 0000-03-01
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // day of era, 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // year of era, 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of year from March 1, 0..=365
    let mp = (5 * doy + 2) / 153; // month from March, 0..=11
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
    // END SOLUTION
}

/// The inverse: (year, month, day) to days since 1970-01-01 (Hinnant's days_from_civil).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

// ANCHOR: weekday_from_days
/// Day of the week, 0 = Sunday. 1970-01-01 (day 0) was a Thursday (4).
pub fn weekday_from_days(days: i64) -> u32 {
    // ANCHOR_END: weekday_from_days
    // BEGIN SOLUTION
    (days + 4).rem_euclid(7) as u32
    // END SOLUTION
}

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

// ANCHOR: ctime
/// Unix seconds as C's `ctime` prints them, in UTC, without the newline:
/// `Sun Mar  3 22:43:32 2019` (the day is padded to two characters with a space).
pub fn ctime(unix_seconds: i64) -> String {
    // ANCHOR_END: ctime
    // BEGIN SOLUTION
    let days = unix_seconds.div_euclid(86_400);
    let secs_of_day = unix_seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{} {} {:>2} {:02}:{:02}:{:02} {}",
        WEEKDAYS[weekday_from_days(days) as usize],
        MONTHS[(month - 1) as usize],
        day,
        secs_of_day / 3600,
        secs_of_day % 3600 / 60,
        secs_of_day % 60,
        year
    )
    // END SOLUTION
}

// ANCHOR: offset_and_delay
/// Clock offset and round-trip delay from the four times of one exchange (nanoseconds):
/// offset = ((t2 - t1) + (t3 - t4)) / 2, delay = (t4 - t1) - (t3 - t2).
/// The offset assumes the trip there took as long as the trip back.
pub fn offset_and_delay(t1: i128, t2: i128, t3: i128, t4: i128) -> (i128, i128) {
    // ANCHOR_END: offset_and_delay
    // BEGIN SOLUTION
    let offset = ((t2 - t1) + (t3 - t4)) / 2;
    let delay = (t4 - t1) - (t3 - t2);
    (offset, delay)
    // END SOLUTION
}

/// What one successful exchange tells us.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    pub reply: Reply,
    /// The server's transmit time, nanoseconds since the Unix epoch.
    pub server_unix_nanos: i128,
    /// How far our clock is behind the server's (positive: we are slow).
    pub offset_nanos: i128,
    /// Round-trip network delay, without the server's processing time.
    pub delay_nanos: i128,
}

impl Measurement {
    /// The server's transmit time in whole Unix seconds (rounded down, as `ctime` does).
    pub fn server_unix_seconds(&self) -> i64 {
        self.server_unix_nanos.div_euclid(NANOS_PER_SECOND) as i64
    }
}

/// Nanoseconds as seconds with 6 decimals, e.g. `0.000123`; `signed` adds a `+`.
pub fn format_seconds(nanos: i128, signed: bool) -> String {
    let seconds = nanos as f64 / 1e9;
    if signed {
        format!("{seconds:+.6}")
    } else {
        format!("{seconds:.6}")
    }
}

/// Why a query failed.
#[derive(Debug)]
pub enum QueryError {
    /// A socket call failed; the text says which.
    Io(String, io::Error),
    /// Nothing valid came back from the server in time.
    NoReply(SocketAddr, Duration),
    /// The server answered with something unusable.
    BadReply(ReplyError),
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::Io(what, e) => write!(f, "{what}: {e}"),
            QueryError::NoReply(server, timeout) => write!(
                f,
                "no reply from {server} within {} s",
                timeout.as_secs_f64()
            ),
            QueryError::BadReply(e) => write!(f, "{e}"),
        }
    }
}

// ANCHOR: query
/// Sends one request to `server` and waits at most `timeout` for its reply. Datagrams
/// from any other address are ignored: anyone can send UDP to our port.
pub fn query(server: SocketAddr, timeout: Duration) -> Result<Measurement, QueryError> {
    // ANCHOR_END: query
    // BEGIN SOLUTION
    // SOLUTION-SENTINEL: `grader release` checks that no line of a solution region survives
    let local = if server.is_ipv4() {
        SocketAddr::from(([0, 0, 0, 0], 0))
    } else {
        SocketAddr::from(([0u16; 8], 0))
    };
    let socket = UdpSocket::bind(local).map_err(|e| QueryError::Io("bind".to_string(), e))?;

    let t1 = now_unix_nanos();
    let request = build_request(unix_nanos_to_timestamp(t1));
    socket
        .send_to(&request, server)
        .map_err(|e| QueryError::Io(format!("send to {server}"), e))?;

    let deadline = Instant::now() + timeout;
    let mut buf = [0u8; 1024];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(QueryError::NoReply(server, timeout));
        }
        socket
            .set_read_timeout(Some(left))
            .map_err(|e| QueryError::Io("set timeout".to_string(), e))?;
        let (n, from) = match socket.recv_from(&mut buf) {
            Ok(got) => got,
            // A read timeout shows up as WouldBlock (Unix) or TimedOut: loop, the deadline
            // check above ends it.
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                ) =>
            {
                continue;
            }
            Err(e) => return Err(QueryError::Io(format!("receive from {server}"), e)),
        };
        let t4 = now_unix_nanos();
        if from != server {
            continue; // not our server: ignore it and keep waiting
        }
        let reply = parse_reply(&buf[..n]).map_err(QueryError::BadReply)?;
        let t2 = timestamp_to_unix_nanos(reply.receive);
        let t3 = timestamp_to_unix_nanos(reply.transmit);
        let (offset_nanos, delay_nanos) = offset_and_delay(t1, t2, t3, t4);
        return Ok(Measurement {
            reply,
            server_unix_nanos: t3,
            offset_nanos,
            delay_nanos,
        });
    }
    // END SOLUTION
}

/// Splits `HOST[:PORT]` (`[v6addr]:PORT` for IPv6 with a port; a bare IPv6 address
/// takes the default port). The port must be 1-65535.
pub fn parse_server(text: &str) -> Result<(String, u16), String> {
    let (host, port) = if let Some(rest) = text.strip_prefix('[') {
        let (host, after) = rest
            .split_once(']')
            .ok_or_else(|| format!("invalid server '{text}': missing ']'"))?;
        match after {
            "" => (host, None),
            _ => match after.strip_prefix(':') {
                Some(port) => (host, Some(port)),
                None => return Err(format!("invalid server '{text}'")),
            },
        }
    } else if text.matches(':').count() == 1 {
        let (host, port) = text.split_once(':').unwrap_or((text, ""));
        (host, Some(port))
    } else {
        (text, None)
    };
    if host.is_empty() {
        return Err(format!("invalid server '{text}': empty host"));
    }
    let port = match port {
        None => NTP_PORT,
        Some(p) => match p.parse::<u16>() {
            Ok(port) if port != 0 => port,
            _ => return Err(format!("invalid port '{p}' in '{text}': expected 1-65535")),
        },
    };
    Ok((host.to_string(), port))
}
