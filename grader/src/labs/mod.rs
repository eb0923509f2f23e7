//! The checks of every lab, one module per lab, mirroring `labs/` one to one.
//!
//! Adding a lab: follow the book's "Writing a new lab" (docs/src/instructor/new-lab.md),
//! then `cargo run -p grader -- dev check` names anything still missing.

pub mod buffers;
pub mod common;
pub mod host_info;
pub mod ipv4_bytes;
#[cfg(test)]
mod new_lab_sketch;
pub mod nonblocking;
pub mod pi_devices;
pub mod reuseaddr;
pub mod roll_call;
pub mod service_names;
pub mod sntp_time;
pub mod socket_errors;
pub mod tcp_echo;
pub mod timeouts;
pub mod udp_echo;
pub mod wire_proof;

use crate::check::Check;

/// A lab as the grader knows it: its package name and its checks.
pub struct Lab {
    /// The cargo package (`tcp-echo`), also the first part of every check id.
    pub package: &'static str,
    /// The folder under `labs/` (`09-tcp-echo`).
    pub folder: &'static str,
    /// The programs its crate builds (`--bin NAME=CMD` may replace any of them).
    pub programs: &'static [&'static str],
    pub checks: &'static [Check],
}

/// Every lab, in course order.
pub const LABS: &[&Lab] = &[
    &host_info::LAB,
    &ipv4_bytes::LAB,
    &service_names::LAB,
    &timeouts::LAB,
    &socket_errors::LAB,
    &buffers::LAB,
    &nonblocking::LAB,
    &reuseaddr::LAB,
    &tcp_echo::LAB,
    &udp_echo::LAB,
    &sntp_time::LAB,
    &roll_call::LAB,
    &pi_devices::LAB,
];

pub fn find(package: &str) -> Option<&'static Lab> {
    LABS.iter().copied().find(|lab| lab.package == package)
}
