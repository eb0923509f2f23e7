//! Keeping student programs away from the network and from the grader's files, where the
//! machine allows it (as root on Linux):
//!
//! - the grading run enters a network namespace of its own with only loopback up, so a
//!   student program (and the grader's peers with it) can reach 127.0.0.1 and ::1 and
//!   nothing else;
//! - each student program gets a mount namespace in which the grader's checkout and the
//!   submission are read-only, so it cannot rewrite snapshots, sources or other programs.

use std::ffi::CString;
use std::io;
use std::path::Path;

/// Moves the calling thread into a new network namespace and brings its loopback up.
/// Threads and processes started from this thread afterwards live there too.
#[cfg(target_os = "linux")]
pub fn enter_network_namespace() -> io::Result<()> {
    // SAFETY: only a network namespace is unshared, never the descriptor table (FILES, the
    // reason `unshare` is unsafe): every thread keeps seeing the same descriptors.
    unsafe { rustix::thread::unshare_unsafe(rustix::thread::UnshareFlags::NEWNET) }?;
    loopback_up()
}

#[cfg(not(target_os = "linux"))]
pub fn enter_network_namespace() -> io::Result<()> {
    Err(io::Error::other("network namespaces are Linux only"))
}

/// `ip link set lo up`, with the ioctl it uses (no crate wraps the interface flags).
#[cfg(target_os = "linux")]
fn loopback_up() -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::DGRAM, None)?;
    let fd = socket.as_raw_fd();
    // SAFETY: `request` is a zeroed ifreq (all zeros is a valid value of this plain C
    // struct) holding the NUL-terminated name "lo"; both ioctls read and write only that
    // struct, through a socket that stays open until the end of this function.
    unsafe {
        let mut request: libc::ifreq = std::mem::zeroed();
        for (i, byte) in b"lo\0".iter().enumerate() {
            request.ifr_name[i] = *byte as libc::c_char;
        }
        if libc::ioctl(fd, libc::SIOCGIFFLAGS, &mut request) != 0 {
            return Err(io::Error::last_os_error());
        }
        request.ifr_ifru.ifru_flags |= libc::IFF_UP as libc::c_short;
        if libc::ioctl(fd, libc::SIOCSIFFLAGS, &request) != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// Paths to make read-only for student programs, prepared before `fork` (the child must
/// not allocate).
#[derive(Clone, Debug, Default)]
pub struct ReadOnly {
    paths: Vec<CString>,
}

impl ReadOnly {
    pub fn new(paths: &[&Path]) -> ReadOnly {
        let paths = paths
            .iter()
            .filter_map(|p| p.canonicalize().ok())
            .filter_map(|p| CString::new(p.into_os_string().into_encoded_bytes()).ok())
            .collect();
        ReadOnly { paths }
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// In the child, before exec: a private mount namespace in which every path is bound
    /// onto itself read-only. Only async-signal-safe system calls.
    #[cfg(target_os = "linux")]
    pub fn apply_in_child(&self) -> io::Result<()> {
        use rustix::mount::{MountFlags, MountPropagationFlags};
        // SAFETY: only a mount namespace is unshared, never the descriptor table (FILES,
        // the reason `unshare` is unsafe); this is the child, about to exec.
        unsafe { rustix::thread::unshare_unsafe(rustix::thread::UnshareFlags::NEWNS) }?;
        // Our mounts must not leak back into the grader's namespace.
        rustix::mount::mount_change(
            c"/",
            MountPropagationFlags::REC | MountPropagationFlags::PRIVATE,
        )?;
        // The paths are C strings made before the fork: rustix passes them as they are.
        for path in &self.paths {
            rustix::mount::mount_bind_recursive(path.as_c_str(), path.as_c_str())?;
            rustix::mount::mount_remount(
                path.as_c_str(),
                MountFlags::BIND | MountFlags::RDONLY,
                c"",
            )?;
        }
        Ok(())
    }

    #[cfg(not(target_os = "linux"))]
    pub fn apply_in_child(&self) -> io::Result<()> {
        Ok(())
    }
}

/// Whether this process may make namespaces (root on Linux).
pub fn available() -> bool {
    cfg!(target_os = "linux") && rustix::process::geteuid().is_root()
}

/// Whether a network namespace can really be made here (root inside some containers
/// cannot): tried on a scratch thread, which takes the namespace with it when it ends.
pub fn network_namespace_works() -> bool {
    available()
        && std::thread::spawn(|| enter_network_namespace().is_ok())
            .join()
            .unwrap_or(false)
}
