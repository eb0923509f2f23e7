//! The peers `grader serve NAME` can start by hand, by name, for trying a lab outside the
//! grader (`grader serve tcp-trickle`, then point your client at the port it prints).

use std::io;
use std::net::SocketAddr;

use super::{Peer, Transcript, tcp_echo, udp_echo};

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
];

pub fn find(name: &str) -> Option<&'static Entry> {
    PEERS.iter().find(|entry| entry.name == name)
}
