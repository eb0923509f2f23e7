//! The few C socket calls this lab needs and std does not offer.
//!
//! std's `TcpStream` can set `TCP_NODELAY`, but it has no way to read or change the kernel's
//! send and receive buffer sizes (`SO_SNDBUF`, `SO_RCVBUF`), and it cannot create a TCP
//! socket that is not yet connected (the seed program asks an unconnected socket for its
//! buffer size). So we declare `socket(2)`, `getsockopt(2)` and `setsockopt(2)` from the C
//! library ourselves and wrap each in a small safe function that turns `-1` into an
//! `io::Error` (which reads `errno` for us).

use std::ffi::{c_int, c_void};
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

// Constants from <sys/socket.h> and <netinet/tcp.h>. They are numbers chosen by each
// operating system, so they differ between Linux and macOS.
#[cfg(not(target_os = "macos"))]
mod consts {
    pub const AF_INET: i32 = 2;
    pub const SOCK_STREAM: i32 = 1;
    /// Close the descriptor automatically if the program ever runs another program.
    pub const SOCK_CLOEXEC: i32 = 0o2000000;
    pub const SOL_SOCKET: i32 = 1;
    pub const SO_SNDBUF: i32 = 7;
    pub const SO_RCVBUF: i32 = 8;
}
#[cfg(target_os = "macos")]
mod consts {
    pub const AF_INET: i32 = 2;
    pub const SOCK_STREAM: i32 = 1;
    pub const SOCK_CLOEXEC: i32 = 0; // macOS has no such flag.
    pub const SOL_SOCKET: i32 = 0xffff;
    pub const SO_SNDBUF: i32 = 0x1001;
    pub const SO_RCVBUF: i32 = 0x1002;
}
pub use consts::*;
/// `IPPROTO_TCP` and `TCP_NODELAY` are the same on Linux and macOS.
pub const IPPROTO_TCP: i32 = 6;
pub const TCP_NODELAY: i32 = 1;

// ANCHOR: extern
unsafe extern "C" {
    fn socket(domain: c_int, kind: c_int, protocol: c_int) -> c_int;
    fn getsockopt(fd: c_int, level: c_int, name: c_int, value: *mut c_void, len: *mut u32)
    -> c_int;
    fn setsockopt(fd: c_int, level: c_int, name: c_int, value: *const c_void, len: u32) -> c_int;
}
// ANCHOR_END: extern

/// Creates a fresh IPv4 TCP socket: not bound, not connected. Closed when dropped.
pub fn tcp_socket() -> io::Result<OwnedFd> {
    // SAFETY: socket() takes plain integers and returns a new descriptor or -1.
    let fd = unsafe { socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fd is a valid descriptor that nobody else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

// ANCHOR: get_int_option
/// Reads an integer socket option, e.g. `get_int_option(&s, SOL_SOCKET, SO_SNDBUF)`.
pub fn get_int_option(socket: &impl AsRawFd, level: i32, name: i32) -> io::Result<i32> {
    let mut value: c_int = 0;
    let mut len = size_of::<c_int>() as u32;
    // SAFETY: value and len point to live locals of the sizes we announce.
    let rc = unsafe {
        getsockopt(
            socket.as_raw_fd(),
            level,
            name,
            (&raw mut value).cast(),
            &raw mut len,
        )
    };
    if rc < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(value)
}
// ANCHOR_END: get_int_option

/// Sets an integer socket option, e.g. `set_int_option(&s, SOL_SOCKET, SO_SNDBUF, 4096)`.
pub fn set_int_option(socket: &impl AsRawFd, level: i32, name: i32, value: i32) -> io::Result<()> {
    // SAFETY: value lives for the whole call and its size is what we announce.
    let rc = unsafe {
        setsockopt(
            socket.as_raw_fd(),
            level,
            name,
            (&raw const value).cast(),
            size_of::<c_int>() as u32,
        )
    };
    if rc < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}
