//! The C socket calls this lab needs, declared by hand because std hides them.
//!
//! `TcpListener::bind` does socket + setsockopt(SO_REUSEADDR, 1) + bind + listen in one go
//! on Unix: convenient, but it means we can never see a socket *without* the option, nor a
//! server that trips over TIME_WAIT. So this lab makes its listening socket step by step
//! with `socket(2)`, `getsockopt(2)`/`setsockopt(2)`, `bind(2)` and `listen(2)`, and then
//! hands the finished descriptor to std (`TcpListener::from(OwnedFd)`).

use std::ffi::{c_int, c_void};
use std::io;
use std::net::SocketAddr;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

#[cfg(not(target_os = "macos"))]
mod consts {
    pub const AF_INET: i32 = 2;
    pub const AF_INET6: i32 = 10;
    pub const SOCK_STREAM: i32 = 1;
    /// Close the descriptor automatically if the program ever runs another program.
    pub const SOCK_CLOEXEC: i32 = 0o2000000;
    pub const SOL_SOCKET: i32 = 1;
    pub const SO_REUSEADDR: i32 = 2;
}
#[cfg(target_os = "macos")]
mod consts {
    pub const AF_INET: i32 = 2;
    pub const AF_INET6: i32 = 30;
    pub const SOCK_STREAM: i32 = 1;
    pub const SOCK_CLOEXEC: i32 = 0; // macOS has no such flag.
    pub const SOL_SOCKET: i32 = 0xffff;
    pub const SO_REUSEADDR: i32 = 0x0004;
}
pub use consts::*;

// ANCHOR: sockaddr_in
/// C's `struct sockaddr_in` (IPv4). Port and address are in network byte order (big endian).
/// macOS starts with a length byte and has a one-byte family; Linux has a two-byte family.
#[repr(C)]
struct SockaddrIn {
    #[cfg(target_os = "macos")]
    sin_len: u8,
    #[cfg(target_os = "macos")]
    sin_family: u8,
    #[cfg(not(target_os = "macos"))]
    sin_family: u16,
    sin_port: u16,
    sin_addr: [u8; 4],
    sin_zero: [u8; 8],
}
// ANCHOR_END: sockaddr_in

/// C's `struct sockaddr_in6` (IPv6).
#[repr(C)]
struct SockaddrIn6 {
    #[cfg(target_os = "macos")]
    sin6_len: u8,
    #[cfg(target_os = "macos")]
    sin6_family: u8,
    #[cfg(not(target_os = "macos"))]
    sin6_family: u16,
    sin6_port: u16,
    sin6_flowinfo: u32,
    sin6_addr: [u8; 16],
    sin6_scope_id: u32,
}

// ANCHOR: extern
unsafe extern "C" {
    fn socket(domain: c_int, kind: c_int, protocol: c_int) -> c_int;
    fn getsockopt(fd: c_int, level: c_int, name: c_int, value: *mut c_void, len: *mut u32)
    -> c_int;
    fn setsockopt(fd: c_int, level: c_int, name: c_int, value: *const c_void, len: u32) -> c_int;
    fn bind(fd: c_int, addr: *const c_void, len: u32) -> c_int;
    fn listen(fd: c_int, backlog: c_int) -> c_int;
}
// ANCHOR_END: extern

/// Turns a C return value into a `Result`: -1 means "look at errno".
fn check(rc: c_int) -> io::Result<c_int> {
    if rc < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(rc)
    }
}

/// A new TCP socket for `addr`'s family (IPv4 or IPv6), with no options set.
pub fn tcp_socket_for(addr: &SocketAddr) -> io::Result<OwnedFd> {
    let family = if addr.is_ipv4() { AF_INET } else { AF_INET6 };
    // SAFETY: socket() takes plain integers and returns a new descriptor or -1.
    let fd = check(unsafe { socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0) })?;
    // SAFETY: fd is a valid descriptor that nobody else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Reads an integer socket option.
pub fn get_int_option(socket: &impl AsRawFd, level: i32, name: i32) -> io::Result<i32> {
    let mut value: c_int = 0;
    let mut len = size_of::<c_int>() as u32;
    // SAFETY: value and len point to live locals of the sizes we announce.
    check(unsafe {
        getsockopt(
            socket.as_raw_fd(),
            level,
            name,
            (&raw mut value).cast(),
            &raw mut len,
        )
    })?;
    Ok(value)
}

/// Sets an integer socket option.
pub fn set_int_option(socket: &impl AsRawFd, level: i32, name: i32, value: i32) -> io::Result<()> {
    // SAFETY: value lives for the whole call and its size is what we announce.
    check(unsafe {
        setsockopt(
            socket.as_raw_fd(),
            level,
            name,
            (&raw const value).cast(),
            size_of::<c_int>() as u32,
        )
    })?;
    Ok(())
}

/// Binds the socket to a local address (IPv4 or IPv6).
pub fn bind_to(socket: &impl AsRawFd, addr: &SocketAddr) -> io::Result<()> {
    let fd = socket.as_raw_fd();
    match addr {
        SocketAddr::V4(v4) => {
            let raw = SockaddrIn {
                #[cfg(target_os = "macos")]
                sin_len: size_of::<SockaddrIn>() as u8,
                sin_family: AF_INET as _,
                sin_port: v4.port().to_be(),
                sin_addr: v4.ip().octets(),
                sin_zero: [0; 8],
            };
            let len = size_of::<SockaddrIn>() as u32;
            // SAFETY: raw is a correctly laid out sockaddr_in of `len` bytes.
            check(unsafe { bind(fd, (&raw const raw).cast(), len) })?;
        }
        SocketAddr::V6(v6) => {
            let raw = SockaddrIn6 {
                #[cfg(target_os = "macos")]
                sin6_len: size_of::<SockaddrIn6>() as u8,
                sin6_family: AF_INET6 as _,
                sin6_port: v6.port().to_be(),
                sin6_flowinfo: v6.flowinfo().to_be(),
                sin6_addr: v6.ip().octets(),
                sin6_scope_id: v6.scope_id(),
            };
            let len = size_of::<SockaddrIn6>() as u32;
            // SAFETY: raw is a correctly laid out sockaddr_in6 of `len` bytes.
            check(unsafe { bind(fd, (&raw const raw).cast(), len) })?;
        }
    }
    Ok(())
}

/// Marks the socket as a listening socket with room for `backlog` waiting connections.
pub fn listen_on(socket: &impl AsRawFd, backlog: i32) -> io::Result<()> {
    // SAFETY: listen() takes plain integers.
    check(unsafe { listen(socket.as_raw_fd(), backlog) })?;
    Ok(())
}
