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
    // SAFETY: unshare affects only the calling thread's namespaces.
    if unsafe { libc::unshare(libc::CLONE_NEWNET) } != 0 {
        return Err(io::Error::last_os_error());
    }
    loopback_up()
}

#[cfg(not(target_os = "linux"))]
pub fn enter_network_namespace() -> io::Result<()> {
    Err(io::Error::other("network namespaces are Linux only"))
}

/// `ip link set lo up`, with the ioctl it uses.
#[cfg(target_os = "linux")]
fn loopback_up() -> io::Result<()> {
    // SAFETY: a plain socket used only for the interface ioctls, closed below; `request`
    // is a zeroed ifreq holding the NUL-terminated name "lo".
    unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0);
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        let mut request: libc::ifreq = std::mem::zeroed();
        for (i, byte) in b"lo\0".iter().enumerate() {
            request.ifr_name[i] = *byte as libc::c_char;
        }
        let mut result = libc::ioctl(fd, libc::SIOCGIFFLAGS, &mut request);
        if result == 0 {
            request.ifr_ifru.ifru_flags |= libc::IFF_UP as libc::c_short;
            result = libc::ioctl(fd, libc::SIOCSIFFLAGS, &request);
        }
        let error = io::Error::last_os_error();
        libc::close(fd);
        if result == 0 { Ok(()) } else { Err(error) }
    }
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
        let none = std::ptr::null::<libc::c_char>();
        let root = c"/";
        // SAFETY: mount/unshare with valid NUL-terminated strings prepared before fork.
        unsafe {
            check(libc::unshare(libc::CLONE_NEWNS))?;
            // Our mounts must not leak back into the grader's namespace.
            check(libc::mount(
                none,
                root.as_ptr(),
                none,
                libc::MS_REC | libc::MS_PRIVATE,
                std::ptr::null(),
            ))?;
            for path in &self.paths {
                check(libc::mount(
                    path.as_ptr(),
                    path.as_ptr(),
                    none,
                    libc::MS_BIND | libc::MS_REC,
                    std::ptr::null(),
                ))?;
                let flags = libc::MS_BIND | libc::MS_REMOUNT | libc::MS_RDONLY;
                check(libc::mount(
                    none,
                    path.as_ptr(),
                    none,
                    flags,
                    std::ptr::null(),
                ))?;
            }
        }
        Ok(())
    }

    #[cfg(not(target_os = "linux"))]
    pub fn apply_in_child(&self) -> io::Result<()> {
        Ok(())
    }
}

fn check(result: libc::c_int) -> io::Result<()> {
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Whether this process may make namespaces (root on Linux).
pub fn available() -> bool {
    // SAFETY: geteuid has no preconditions.
    cfg!(target_os = "linux") && unsafe { libc::geteuid() } == 0
}

/// Whether a network namespace can really be made here (root inside some containers
/// cannot): tried on a scratch thread, which takes the namespace with it when it ends.
pub fn network_namespace_works() -> bool {
    available()
        && std::thread::spawn(|| enter_network_namespace().is_ok())
            .join()
            .unwrap_or(false)
}
