//! Lab 01 — who am I on the network? Host name, name resolution, reverse lookup.
//!
//! A program that talks to another machine first turns a *name* into an *address*: that is
//! the resolver's job (`/etc/hosts`, DNS, ...), reached through `getaddrinfo`. This lab asks
//! the resolver the classic questions: what is my name and address, what is the address of
//! that name, which (family, socket type, address) combinations can I use for a host and
//! port, and what name belongs to an address.
//!
//! The C calls live in [`sys`]; the functions below are the part you write.

pub mod sys;

use std::net::{IpAddr, Ipv4Addr};
use sys::AddrInfo;

// ANCHOR: local_host_name
/// The name of this machine, as `gethostname` reports it.
pub fn local_host_name() -> Result<String, String> {
    // ANCHOR_END: local_host_name
    // BEGIN SOLUTION
    sys::host_name().map_err(|e| e.to_string())
    // END SOLUTION
}

// ANCHOR: resolve_ipv4
/// The first IPv4 address the resolver gives for `name`, like Python's
/// `socket.gethostbyname(name)`. On failure, returns the resolver's error text
/// (e.g. `Name or service not known`).
pub fn resolve_ipv4(name: &str) -> Result<Ipv4Addr, String> {
    // ANCHOR_END: resolve_ipv4
    // BEGIN SOLUTION
    // Ask for IPv4 only (AF_INET): gethostbyname never returns IPv6 addresses.
    let results = sys::get_addr_info(name, None, sys::AF_INET)?;
    results
        .iter()
        .find_map(|info| match info.addr.ip() {
            IpAddr::V4(v4) => Some(v4),
            IpAddr::V6(_) => None,
        })
        .ok_or_else(|| "No address associated with hostname".to_string())
    // END SOLUTION
}

// ANCHOR: family_name
/// The name of an address family number: `AF_INET`, `AF_INET6`, or `AF_<number>`.
pub fn family_name(family: i32) -> String {
    // ANCHOR_END: family_name
    // BEGIN SOLUTION
    match family {
        sys::AF_INET => "AF_INET".to_string(),
        sys::AF_INET6 => "AF_INET6".to_string(),
        other => format!("AF_{other}"),
    }
    // END SOLUTION
}

// ANCHOR: socktype_name
/// The name of a socket type number: `SOCK_STREAM`, `SOCK_DGRAM`, `SOCK_RAW`, or
/// `SOCK_<number>`.
pub fn socktype_name(socktype: i32) -> String {
    // ANCHOR_END: socktype_name
    // BEGIN SOLUTION
    match socktype {
        sys::SOCK_STREAM => "SOCK_STREAM".to_string(),
        sys::SOCK_DGRAM => "SOCK_DGRAM".to_string(),
        sys::SOCK_RAW => "SOCK_RAW".to_string(),
        other => format!("SOCK_{other}"),
    }
    // END SOLUTION
}

// ANCHOR: addrinfo_line
/// One line of `--addrinfo` output: `AF_INET SOCK_STREAM 127.0.0.1:80`
/// (IPv6 addresses in brackets: `AF_INET6 SOCK_DGRAM [::1]:80`).
pub fn addrinfo_line(info: &AddrInfo) -> String {
    // ANCHOR_END: addrinfo_line
    // BEGIN SOLUTION
    format!(
        "{} {} {}",
        family_name(info.family),
        socktype_name(info.socktype),
        info.addr
    )
    // END SOLUTION
}

// ANCHOR: address_info
/// Every `getaddrinfo` result for `host` and `port`, in the order the resolver returns them.
pub fn address_info(host: &str, port: u16) -> Result<Vec<AddrInfo>, String> {
    // ANCHOR_END: address_info
    // BEGIN SOLUTION
    sys::get_addr_info(host, Some(port), 0)
    // END SOLUTION
}

// ANCHOR: reverse_lookup
/// The host name registered for `ip` (a reverse lookup). Fails when there is none.
pub fn reverse_lookup(ip: IpAddr) -> Result<String, String> {
    // ANCHOR_END: reverse_lookup
    // BEGIN SOLUTION
    // SOLUTION-SENTINEL: `grader release` checks that no line of a solution region survives
    sys::name_info(ip)
    // END SOLUTION
}
