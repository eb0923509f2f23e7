//! `poll(2)`, declared by hand because std has no readiness API.
//!
//! std gives us non-blocking sockets (`set_nonblocking`) but not a way to *wait* for many
//! of them at once: that is the job of `select`/`poll`/`epoll`/`kqueue`, which differ between
//! operating systems, so std leaves them to crates such as `mio`. `poll` is the portable
//! POSIX one (the `select` of seed 003 without its 1024-descriptor limit): we declare it
//! here and wrap it in a safe function.

use std::ffi::{c_int, c_short};
use std::io;
use std::os::fd::RawFd;

// ANCHOR: pollfd
/// There is data to read (or a connection to accept, or end-of-stream).
pub const POLLIN: i16 = 0x001;
/// Writing now would not block.
pub const POLLOUT: i16 = 0x004;
/// An error is pending on the socket (always reported, never requested).
pub const POLLERR: i16 = 0x008;
/// The connection is closed in both directions (always reported).
pub const POLLHUP: i16 = 0x010;
/// The descriptor is not open (always reported).
pub const POLLNVAL: i16 = 0x020;

/// One entry of the array handed to `poll`: which descriptor, which events we want, and
/// (filled in by the kernel) which happened. Same layout as C's `struct pollfd`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct PollFd {
    pub fd: c_int,
    pub events: c_short,
    pub revents: c_short,
}
// ANCHOR_END: pollfd

impl PollFd {
    pub fn new(fd: RawFd, events: i16) -> PollFd {
        PollFd {
            fd,
            events,
            revents: 0,
        }
    }
}

// ANCHOR: extern
// `nfds_t` is `unsigned long` on Linux and `unsigned int` on macOS.
#[cfg(not(target_os = "macos"))]
type NfdsT = std::ffi::c_ulong;
#[cfg(target_os = "macos")]
type NfdsT = std::ffi::c_uint;

unsafe extern "C" {
    fn poll(fds: *mut PollFd, nfds: NfdsT, timeout: c_int) -> c_int;
}
// ANCHOR_END: extern

// ANCHOR: poll_fds
/// Sleeps until at least one entry of `fds` is ready, or `timeout_ms` passes (`-1` = wait
/// forever). Returns how many entries have a non-zero `revents`. Fails with
/// `ErrorKind::Interrupted` when a signal arrived: just call it again.
pub fn poll_fds(fds: &mut [PollFd], timeout_ms: i32) -> io::Result<usize> {
    // SAFETY: the pointer and length describe a live, writable slice of `struct pollfd`.
    let n = unsafe { poll(fds.as_mut_ptr(), fds.len() as NfdsT, timeout_ms) };
    if n < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(n as usize)
}
// ANCHOR_END: poll_fds
