//! SNTP servers for the sntp-time lab (RFC 4330): an honest one whose clock is stuck at a
//! fixed time (so the client's output can be compared exactly), and faulty ones that send
//! a short packet, a reply in the wrong mode, a kiss-of-death (stratum 0, `RATE`), a zero
//! transmit timestamp, nothing at all, or first a reply from a stranger's port. Every peer
//! records the requests it got and what is wrong with them, for the check to assert.

use std::io;
use std::net::{SocketAddr, UdpSocket};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use super::{Peer, Transcript, unspecified};
use crate::transcript::Kind;

/// Size of an SNTP packet without extensions.
pub const PACKET_LEN: usize = 48;
/// Seconds from 1900-01-01 (NTP's epoch) to 1970-01-01 (Unix's).
pub const NTP_TO_UNIX: i64 = 2_208_988_800;
/// What a correct request's first byte is: LI 0, VN 4, mode 3 (client).
pub const REQUEST_BYTE0: u8 = 0x23;
/// The kiss code the kiss-of-death peer sends.
pub const KISS_CODE: &[u8; 4] = b"RATE";
/// How many bytes the short-reply peer sends.
pub const SHORT_LEN: usize = 20;

/// How a peer answers a request.
#[derive(Clone, Copy, Debug)]
pub enum Behaviour {
    /// A correct reply (mode 4, stratum 1) whose receive and transmit times are `at`.
    Honest(Time),
    /// The first `SHORT_LEN` bytes of an honest reply.
    Short(Time),
    /// An otherwise honest reply in mode 3 (client) instead of 4 (server).
    WrongMode(Time),
    /// Stratum 0 with the kiss code `RATE` in the reference id.
    KissOfDeath(Time),
    /// An honest reply whose transmit timestamp is zero.
    ZeroTransmit(Time),
    /// Never answers.
    BlackHole,
    /// An honest reply from a busy server: it answers `wait_ms` after the request came, and
    /// stamps its transmit time (t3) `held_ms` after its receive time (t2) `at`, by its own
    /// clock.
    Busy {
        at: Time,
        held_ms: u32,
        wait_ms: u32,
    },
    /// First an honest-looking reply with time `decoy` from another socket (another port),
    /// then the honest reply with time `at` from the server's own socket.
    Stranger { at: Time, decoy: Time },
}

/// A fixed point in time: Unix seconds plus an NTP fraction of a second (`fraction / 2^32`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Time {
    pub unix_seconds: i64,
    pub fraction: u32,
}

impl Time {
    pub const fn new(unix_seconds: i64, fraction: u32) -> Time {
        Time {
            unix_seconds,
            fraction,
        }
    }

    /// The 8 bytes of an NTP timestamp: the seconds since 1900 modulo 2^32 (so a time after
    /// 2036-02-07 06:28:16 UTC wraps into era 1), then the fraction, both big endian.
    pub fn to_ntp_bytes(self) -> [u8; 8] {
        let seconds = (self.unix_seconds + NTP_TO_UNIX).rem_euclid(1 << 32) as u32;
        let mut out = [0u8; 8];
        out[..4].copy_from_slice(&seconds.to_be_bytes());
        out[4..].copy_from_slice(&self.fraction.to_be_bytes());
        out
    }

    /// `ms` milliseconds later.
    pub fn plus_millis(self, ms: u32) -> Time {
        let fraction = u64::from(self.fraction) + (u64::from(ms % 1000) << 32) / 1000;
        let seconds = self.unix_seconds + i64::from(ms / 1000) + (fraction >> 32) as i64;
        Time::new(seconds, fraction as u32)
    }

    /// As seconds since the Unix epoch, with the fraction.
    pub fn as_secs_f64(self) -> f64 {
        self.unix_seconds as f64 + f64::from(self.fraction) / 4_294_967_296.0
    }
}

/// One request as the peer saw it.
#[derive(Clone, Debug)]
pub struct Request {
    pub bytes: Vec<u8>,
    pub from: SocketAddr,
}

impl Request {
    /// What is wrong with the request, or `None` for a good SNTP client request: 48 bytes,
    /// LI 0, VN 4, mode 3.
    pub fn problem(&self) -> Option<String> {
        let b = &self.bytes;
        if b.len() != PACKET_LEN {
            return Some(format!(
                "the request is {} bytes long, expected {PACKET_LEN}",
                b.len()
            ));
        }
        let (li, vn, mode) = (b[0] >> 6, (b[0] >> 3) & 7, b[0] & 7);
        if b[0] != REQUEST_BYTE0 {
            return Some(format!(
                "the request's first byte is {:#04x} (LI {li}, VN {vn}, mode {mode}), expected \
                 {REQUEST_BYTE0:#04x} (LI 0, VN 4, mode 3)",
                b[0]
            ));
        }
        None
    }

    /// The client's transmit timestamp (bytes 40..48) as Unix seconds, era by RFC 4330's
    /// rule (high bit clear: after 2036). `None` when the request is too short or it is zero.
    pub fn transmit_unix(&self) -> Option<f64> {
        let raw = self.bytes.get(40..48)?;
        let seconds = u32::from_be_bytes([raw[0], raw[1], raw[2], raw[3]]);
        let fraction = u32::from_be_bytes([raw[4], raw[5], raw[6], raw[7]]);
        if seconds == 0 && fraction == 0 {
            return None;
        }
        let mut since_1900 = i64::from(seconds);
        if seconds & 0x8000_0000 == 0 {
            since_1900 += 1 << 32;
        }
        Some((since_1900 - NTP_TO_UNIX) as f64 + f64::from(fraction) / 4_294_967_296.0)
    }
}

/// A running SNTP peer and the requests it got so far.
pub struct SntpPeer {
    pub peer: Peer,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl SntpPeer {
    pub fn addr(&self) -> SocketAddr {
        self.peer.addr()
    }

    /// `HOST:PORT` as the client's `--server` takes it.
    pub fn server_arg(&self) -> String {
        self.peer.addr().to_string()
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

/// The reply an honest server with clock `at` gives to `request`.
pub fn honest_reply(request: &[u8], at: Time) -> [u8; PACKET_LEN] {
    let mut reply = [0u8; PACKET_LEN];
    reply[0] = 0x24; // LI 0, VN 4, mode 4 (server)
    reply[1] = 1; // stratum 1: a primary server
    reply[2] = 4; // poll: 16 s
    reply[3] = (-20i8) as u8; // precision: about a microsecond
    reply[12..16].copy_from_slice(b"GRDR"); // reference id: the grader's "clock"
    let reference = Time::new(at.unix_seconds - 16, 0);
    reply[16..24].copy_from_slice(&reference.to_ntp_bytes());
    // Originate: the client's transmit timestamp, copied back.
    if let Some(transmit) = request.get(40..48) {
        reply[24..32].copy_from_slice(transmit);
    }
    reply[32..40].copy_from_slice(&at.to_ntp_bytes()); // receive (t2)
    reply[40..48].copy_from_slice(&at.to_ntp_bytes()); // transmit (t3)
    reply
}

/// What `behaviour` sends back for `request`, or nothing.
fn answer(behaviour: Behaviour, request: &[u8]) -> Option<Vec<u8>> {
    match behaviour {
        Behaviour::Honest(at) | Behaviour::Stranger { at, .. } => {
            Some(honest_reply(request, at).to_vec())
        }
        Behaviour::Short(at) => Some(honest_reply(request, at)[..SHORT_LEN].to_vec()),
        Behaviour::WrongMode(at) => {
            let mut reply = honest_reply(request, at);
            reply[0] = 0x23; // mode 3: a client's packet, not a server's
            Some(reply.to_vec())
        }
        Behaviour::KissOfDeath(at) => {
            let mut reply = honest_reply(request, at);
            reply[1] = 0;
            reply[12..16].copy_from_slice(KISS_CODE);
            Some(reply.to_vec())
        }
        Behaviour::ZeroTransmit(at) => {
            let mut reply = honest_reply(request, at);
            reply[40..48].fill(0);
            Some(reply.to_vec())
        }
        Behaviour::Busy { at, held_ms, .. } => {
            let mut reply = honest_reply(request, at);
            reply[40..48].copy_from_slice(&at.plus_millis(held_ms).to_ntp_bytes());
            Some(reply.to_vec())
        }
        Behaviour::BlackHole => None,
    }
}

/// Serves SNTP on `bind` (UDP) with `behaviour`, recording every request.
pub fn serve(bind: SocketAddr, log: &Transcript, behaviour: Behaviour) -> io::Result<SntpPeer> {
    let requests: Arc<Mutex<Vec<Request>>> = Arc::default();
    let seen = Arc::clone(&requests);
    let log = log.clone();
    let peer = Peer::udp(bind, move |socket: UdpSocket, stop: Arc<AtomicBool>| {
        let conn = log.new_conn();
        // Room for a request with extensions, and one byte more to notice a longer one.
        let mut buf = vec![0u8; 1025];
        loop {
            let Some((n, from)) = Peer::next_datagram(&socket, &mut buf, &stop) else {
                return;
            };
            let request = Request {
                bytes: buf[..n].to_vec(),
                from,
            };
            let verdict = request
                .problem()
                .unwrap_or_else(|| "a good SNTP request".to_string());
            log.record(
                conn,
                Kind::Recv,
                "client",
                &buf[..n],
                &format!("from {from}: {verdict}"),
            );
            seen.lock().unwrap().push(request);
            if let Behaviour::Stranger { decoy, .. } = behaviour {
                if let Ok(other) = UdpSocket::bind(unspecified(from)) {
                    let decoy = honest_reply(&buf[..n], decoy);
                    if other.send_to(&decoy, from).is_ok() {
                        let port = other.local_addr().map(|a| a.port()).unwrap_or(0);
                        log.record(
                            conn,
                            Kind::Send,
                            "client",
                            &decoy,
                            &format!("from a stranger's port {port}"),
                        );
                    }
                }
            }
            if let Behaviour::Busy { wait_ms, .. } = behaviour {
                // The pause is the point of this peer: the round trip takes at least this.
                std::thread::sleep(std::time::Duration::from_millis(u64::from(wait_ms)));
            }
            match answer(behaviour, &buf[..n]) {
                Some(reply) => {
                    if socket.send_to(&reply, from).is_ok() {
                        log.record(
                            conn,
                            Kind::Send,
                            "client",
                            &reply,
                            &format!("{behaviour:?}"),
                        );
                    }
                }
                None => log.note("the black hole kept quiet on purpose"),
            }
        }
    })?;
    Ok(SntpPeer { peer, requests })
}

/// Sun Mar  3 22:43:32 2019 UTC and half a second: the honest peer of `grader serve sntp`.
pub const SEED_TIME: Time = Time::new(1_551_653_012, 0x8000_0000);
