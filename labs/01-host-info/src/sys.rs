//! The few C library functions this lab needs and std does not offer, with safe wrappers.
//!
//! std resolves names (`ToSocketAddrs`) but hides the details: it never tells you your own
//! host name, it only returns addresses (not the socket type of each `getaddrinfo` result),
//! and it has no reverse lookup. Those are C library calls (`gethostname`, `getaddrinfo`,
//! `getnameinfo`), so we declare them here ourselves. Everything `unsafe` stays in this file;
//! the rest of the lab uses the safe functions at the bottom.

use std::ffi::{CStr, CString, c_char, c_int};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// IPv4 address family (the same number on Linux and macOS).
pub const AF_INET: c_int = 2;
/// IPv6 address family.
#[cfg(not(target_os = "macos"))]
pub const AF_INET6: c_int = 10;
#[cfg(target_os = "macos")]
pub const AF_INET6: c_int = 30;
/// Socket types: a byte stream (TCP), datagrams (UDP), raw IP packets.
pub const SOCK_STREAM: c_int = 1;
pub const SOCK_DGRAM: c_int = 2;
pub const SOCK_RAW: c_int = 3;
/// `getnameinfo` flag: fail instead of returning the address as text when there is no name.
#[cfg(not(target_os = "macos"))]
const NI_NAMEREQD: c_int = 8;
#[cfg(target_os = "macos")]
const NI_NAMEREQD: c_int = 4;
/// Big enough for any host name `getnameinfo` returns.
const NI_MAXHOST: usize = 1025;

/// `struct addrinfo` from `<netdb.h>`: one result of `getaddrinfo`, in a linked list.
/// Linux and macOS store the same fields, but in a different order.
#[repr(C)]
struct AddrInfoRaw {
    ai_flags: c_int,
    ai_family: c_int,
    ai_socktype: c_int,
    ai_protocol: c_int,
    ai_addrlen: u32,
    #[cfg(not(target_os = "macos"))]
    ai_addr: *mut SockAddrStorage,
    ai_canonname: *mut c_char,
    #[cfg(target_os = "macos")]
    ai_addr: *mut SockAddrStorage,
    ai_next: *mut AddrInfoRaw,
}

/// Room for any socket address (`struct sockaddr_storage` is 128 bytes).
#[repr(C, align(8))]
struct SockAddrStorage {
    bytes: [u8; 128],
}

// ANCHOR: extern
unsafe extern "C" {
    fn gethostname(name: *mut c_char, len: usize) -> c_int;
    fn getaddrinfo(
        node: *const c_char,
        service: *const c_char,
        hints: *const AddrInfoRaw,
        res: *mut *mut AddrInfoRaw,
    ) -> c_int;
    fn freeaddrinfo(res: *mut AddrInfoRaw);
    fn gai_strerror(code: c_int) -> *const c_char;
    fn getnameinfo(
        addr: *const SockAddrStorage,
        addrlen: u32,
        host: *mut c_char,
        hostlen: u32,
        serv: *mut c_char,
        servlen: u32,
        flags: c_int,
    ) -> c_int;
}
// ANCHOR_END: extern

/// One `getaddrinfo` result: which family and socket type it is for, and the address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddrInfo {
    pub family: i32,
    pub socktype: i32,
    pub protocol: i32,
    pub addr: SocketAddr,
}

// ANCHOR: host_name
/// This machine's host name (`gethostname(2)`).
pub fn host_name() -> std::io::Result<String> {
    let mut buf = [0u8; 256];
    // SAFETY: we pass a valid buffer and its length; the C library writes at most that much.
    let rc = unsafe { gethostname(buf.as_mut_ptr().cast(), buf.len() - 1) };
    if rc != 0 {
        return Err(std::io::Error::last_os_error());
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len() - 1);
    Ok(String::from_utf8_lossy(&buf[..end]).into_owned())
}
// ANCHOR_END: host_name

/// The text the C library gives for a `getaddrinfo`/`getnameinfo` error code, e.g.
/// `Name or service not known`.
fn gai_error_text(code: c_int) -> String {
    // SAFETY: gai_strerror returns a pointer to a static NUL-terminated string.
    let text = unsafe { CStr::from_ptr(gai_strerror(code)) };
    text.to_string_lossy().into_owned()
}

/// Calls `getaddrinfo(host, port, hints)`. `family` is `0` (any), `AF_INET` or `AF_INET6`;
/// no socket type is asked for, so each address comes once per type (stream, datagram,
/// raw), as in Python's `socket.getaddrinfo`. On failure, returns the resolver's message.
pub fn get_addr_info(host: &str, port: Option<u16>, family: i32) -> Result<Vec<AddrInfo>, String> {
    let c_host = CString::new(host).map_err(|_| "host name contains a NUL byte".to_string())?;
    let c_port = port.map(|p| CString::new(p.to_string()).unwrap_or_default());
    let hints = AddrInfoRaw {
        ai_flags: 0,
        ai_family: family,
        ai_socktype: 0,
        ai_protocol: 0,
        ai_addrlen: 0,
        ai_addr: std::ptr::null_mut(),
        ai_canonname: std::ptr::null_mut(),
        ai_next: std::ptr::null_mut(),
    };
    let mut list: *mut AddrInfoRaw = std::ptr::null_mut();
    let port_ptr = c_port.as_ref().map_or(std::ptr::null(), |p| p.as_ptr());
    // SAFETY: all pointers are valid or null as getaddrinfo allows; `list` receives the result.
    let rc = unsafe { getaddrinfo(c_host.as_ptr(), port_ptr, &hints, &mut list) };
    if rc != 0 {
        return Err(gai_error_text(rc));
    }
    let mut results = Vec::new();
    let mut node = list;
    while !node.is_null() {
        // SAFETY: `node` is an element of the list getaddrinfo built; it stays valid until
        // freeaddrinfo below.
        let info = unsafe { &*node };
        // SAFETY: getaddrinfo fills `ai_addr` with a valid address of `ai_addrlen` bytes.
        if let Some(addr) = unsafe { to_socket_addr(info.ai_addr, info.ai_addrlen) } {
            results.push(AddrInfo {
                family: info.ai_family,
                socktype: info.ai_socktype,
                protocol: info.ai_protocol,
                addr,
            });
        }
        node = info.ai_next;
    }
    // SAFETY: `list` came from a successful getaddrinfo and is freed exactly once.
    unsafe { freeaddrinfo(list) };
    Ok(results)
}

/// Reads a C socket address (`sockaddr_in` or `sockaddr_in6`) into a Rust `SocketAddr`.
///
/// # Safety
/// `raw` must be null or point at `len` readable bytes of a socket address.
unsafe fn to_socket_addr(raw: *const SockAddrStorage, len: u32) -> Option<SocketAddr> {
    if raw.is_null() {
        return None;
    }
    let len = (len as usize).min(128);
    // SAFETY: the caller promises `len` readable bytes.
    let bytes = unsafe { std::slice::from_raw_parts(raw.cast::<u8>(), len) };
    // Linux: 2-byte family. macOS: 1-byte length, then 1-byte family.
    let family = if cfg!(target_os = "macos") {
        c_int::from(*bytes.get(1)?)
    } else {
        c_int::from(u16::from_ne_bytes([*bytes.first()?, *bytes.get(1)?]))
    };
    // The port is in network byte order, right after the family.
    let port = u16::from_be_bytes([*bytes.get(2)?, *bytes.get(3)?]);
    if family == AF_INET && len >= 8 {
        let ip = Ipv4Addr::new(bytes[4], bytes[5], bytes[6], bytes[7]);
        Some(SocketAddr::new(IpAddr::V4(ip), port))
    } else if family == AF_INET6 && len >= 24 {
        let octets: [u8; 16] = bytes[8..24].try_into().ok()?;
        Some(SocketAddr::new(IpAddr::V6(Ipv6Addr::from(octets)), port))
    } else {
        None
    }
}

/// Writes a Rust socket address into C form, returning the storage and its used length.
fn from_socket_addr(addr: &SocketAddr) -> (SockAddrStorage, u32) {
    let mut storage = SockAddrStorage { bytes: [0; 128] };
    let b = &mut storage.bytes;
    let (family, len) = match addr {
        SocketAddr::V4(_) => (AF_INET, 16usize),
        SocketAddr::V6(_) => (AF_INET6, 28usize),
    };
    if cfg!(target_os = "macos") {
        b[0] = len as u8;
        b[1] = family as u8;
    } else {
        b[..2].copy_from_slice(&(family as u16).to_ne_bytes());
    }
    b[2..4].copy_from_slice(&addr.port().to_be_bytes());
    match addr {
        SocketAddr::V4(v4) => b[4..8].copy_from_slice(&v4.ip().octets()),
        SocketAddr::V6(v6) => {
            b[4..8].copy_from_slice(&v6.flowinfo().to_be_bytes());
            b[8..24].copy_from_slice(&v6.ip().octets());
            b[24..28].copy_from_slice(&v6.scope_id().to_ne_bytes());
        }
    }
    (storage, len as u32)
}

/// Reverse lookup: the host name registered for `ip` (`getnameinfo` with `NI_NAMEREQD`, so
/// "no name" is an error rather than the address echoed back as text).
pub fn name_info(ip: IpAddr) -> Result<String, String> {
    let (storage, len) = from_socket_addr(&SocketAddr::new(ip, 0));
    let mut host = [0u8; NI_MAXHOST];
    // SAFETY: `storage` holds a valid socket address of `len` bytes; `host` is a writable
    // buffer of the size we pass; no service buffer is requested.
    let rc = unsafe {
        getnameinfo(
            &storage,
            len,
            host.as_mut_ptr().cast(),
            NI_MAXHOST as u32,
            std::ptr::null_mut(),
            0,
            NI_NAMEREQD,
        )
    };
    if rc != 0 {
        return Err(gai_error_text(rc));
    }
    let end = host.iter().position(|&b| b == 0).unwrap_or(host.len());
    Ok(String::from_utf8_lossy(&host[..end]).into_owned())
}
