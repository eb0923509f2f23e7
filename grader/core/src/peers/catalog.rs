//! The peers `grader serve NAME` can start by hand, by name, for trying a lab outside the
//! grader (`grader serve tcp-trickle`, then point your client at the port it prints).

use std::io;
use std::net::SocketAddr;

use super::{Peer, Transcript, http, line, roll_call, sntp, tcp_echo, udp_echo};

pub struct Entry {
    pub name: &'static str,
    pub description: &'static str,
    pub start: fn(SocketAddr, &Transcript) -> io::Result<Peer>,
}

pub const PEERS: &[Entry] = &[
    Entry {
        name: "tcp-echo",
        description: "TCP: echoes every byte until the client closes",
        start: tcp_echo::echo,
    },
    Entry {
        name: "tcp-trickle",
        description: "TCP: echoes in 1-to-3-byte pieces with pauses",
        start: tcp_echo::trickle,
    },
    Entry {
        name: "tcp-half-closer",
        description: "TCP: sends back half of what it got, then closes",
        start: |bind, log| tcp_echo::half_closer(bind, log, 1 << 20),
    },
    Entry {
        name: "udp-echo",
        description: "UDP: echoes every datagram to its sender",
        start: udp_echo::echo,
    },
    Entry {
        name: "udp-lossy",
        description: "UDP: drops the first two datagrams, then echoes",
        start: |bind, log| udp_echo::lossy(bind, log, 2),
    },
    Entry {
        name: "udp-black-hole",
        description: "UDP: receives and never answers",
        start: udp_echo::black_hole,
    },
    Entry {
        name: "udp-stranger",
        description: "UDP: answers first from another port, then echoes",
        start: udp_echo::stranger,
    },
    Entry {
        name: "tcp-line",
        description: "TCP: answers the first line with `reply: LINE` at once, then closes",
        start: |bind, log| line::answer(bind, log, std::time::Duration::ZERO),
    },
    Entry {
        name: "tcp-slow",
        description: "TCP: answers the first line after 2 s, then closes",
        start: |bind, log| line::answer(bind, log, std::time::Duration::from_secs(2)),
    },
    Entry {
        name: "tcp-silent",
        description: "TCP: accepts, reads, never answers",
        start: line::silent,
    },
    Entry {
        name: "tcp-drip",
        description: "TCP: after the first line, sends one byte at a time, never a newline",
        start: line::drip,
    },
    Entry {
        name: "http-files",
        description: "HTTP/1.0: serves fixtures/www/ (GET only, one request per connection)",
        start: http::files,
    },
    Entry {
        name: "http-reset",
        description: "HTTP/1.0: sends part of a response, then resets the connection",
        start: http::reset,
    },
    Entry {
        name: "sntp",
        description: "UDP: an SNTP server whose clock says Sun Mar  3 22:43:32 2019 UTC",
        start: |bind, log| {
            sntp::serve(bind, log, sntp::Behaviour::Honest(sntp::SEED_TIME)).map(|p| p.peer)
        },
    },
    Entry {
        name: "sntp-kiss",
        description: "UDP: an SNTP server that answers with a kiss-of-death (stratum 0, RATE)",
        start: |bind, log| {
            sntp::serve(bind, log, sntp::Behaviour::KissOfDeath(sntp::SEED_TIME)).map(|p| p.peer)
        },
    },
    Entry {
        name: "roll-call",
        description: "TCP: the classroom check-in server (`ID NAME` → OK/ERR), see --roster/--out",
        start: |bind, log| roll_call::start(bind, log, roll_call::Config::new("attendance.csv")),
    },
    Entry {
        name: "pi-line",
        description: "TCP: a Pi device server stand-in: reads one request line, answers `OK LINE`",
        start: |bind, log| {
            super::device_line::recorder(bind, log, |l| format!("OK {l}")).map(|(peer, _)| peer)
        },
    },
    Entry {
        name: "pi-climate-split",
        description: "TCP: the climate server's `RH=45.5`, `Temp=-20.0` in pieces with pauses",
        start: |bind, log| {
            super::device_line::climate(bind, log, super::device_line::CLIMATE_SPLIT)
        },
    },
];

pub fn find(name: &str) -> Option<&'static Entry> {
    PEERS.iter().find(|entry| entry.name == name)
}
