//! Checks of lab 01, host-info: the student's answers against what the grader itself gets
//! from the same C library calls at run time (`gethostname`, `getaddrinfo`, `getnameinfo`),
//! so nothing about this machine is hard-coded.

use std::collections::BTreeMap;
use std::ffi::{CStr, CString};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use super::Lab;
use super::common::{PROMPT, expect_failed_with, expect_success, expect_usage_error};
use crate::check::{Check, Ctx, Failure};
use crate::harness::Finished;
use crate::random::Rng;
use crate::snapshot::Filter;
use crate::{ensure, fail};

const PROGRAM: &str = "host-info";
/// A name that never resolves (RFC 6761 reserves `.invalid`).
const INVALID: &str = "netlabs-no-such-host.invalid";

const LAB_NAME: &str = "host-info";

pub const LAB: Lab = Lab {
    package: "host-info",
    folder: "01-host-info",
    programs: &[LAB_NAME],
    checks: CHECKS,
};

#[rustfmt::skip]
const CHECKS: &[Check] = &[
    Check::new(LAB_NAME, "local", 3,
        "`Host name:` and `IP address:` are what gethostname and the resolver give the grader",
        "ask the system (gethostname, then getaddrinfo with AF_INET): never hard-code a name",
        local),
    Check::new(LAB_NAME, "remote-localhost", 1,
        "`--remote localhost` prints `IP address of localhost: A.B.C.D` as the resolver says",
        "resolve with getaddrinfo and AF_INET, and print the first IPv4 address",
        remote_localhost),
    Check::new(LAB_NAME, "unresolvable", 2,
        "a `.invalid` name fails cleanly: `NAME: <resolver error>` on one line, exit 1",
        "on a getaddrinfo error print `NAME: ` and gai_strerror's text to stderr, then exit 1",
        unresolvable),
    Check::new(LAB_NAME, "addrinfo", 2,
        "`--addrinfo localhost PORT` (this run's port) lists exactly the (family, type, address) results of getaddrinfo, in its order",
        "pass no socket type in the hints and print one line per result, in the resolver's order",
        addrinfo),
    Check::new(LAB_NAME, "reverse", 1,
        "`--reverse 127.0.0.1` prints the name getnameinfo gives the grader",
        "call getnameinfo with NI_NAMEREQD and print `IP: NAME`",
        reverse),
    Check::new(LAB_NAME, "bad-input", 1,
        "bad ports, bad addresses and missing arguments are usage errors (exit 2)",
        "match the argument list exactly; parse the port as u16 and the address as IpAddr",
        bad_input),
];

/// What the grader's own resolver says, through the C library.
mod system {
    use super::*;

    pub fn host_name() -> Result<String, String> {
        let mut buf = [0u8; 256];
        // SAFETY: a valid buffer and one less than its length, so the name stays terminated.
        let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len() - 1) };
        if rc != 0 {
            return Err(std::io::Error::last_os_error().to_string());
        }
        let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len() - 1);
        Ok(String::from_utf8_lossy(&buf[..end]).into_owned())
    }

    fn gai_error(code: i32) -> String {
        // SAFETY: gai_strerror returns a static NUL-terminated string.
        unsafe { CStr::from_ptr(libc::gai_strerror(code)) }
            .to_string_lossy()
            .into_owned()
    }

    /// One `getaddrinfo` result: family, socket type, address.
    pub type Info = (i32, i32, SocketAddr);

    pub fn addr_info(host: &str, port: Option<u16>, family: i32) -> Result<Vec<Info>, String> {
        let c_host = CString::new(host).map_err(|e| e.to_string())?;
        let c_port = port.map(|p| CString::new(p.to_string()).unwrap());
        // SAFETY: an all-zero addrinfo is a valid "no hints" value.
        let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
        hints.ai_family = family;
        let mut list: *mut libc::addrinfo = std::ptr::null_mut();
        let port_ptr = c_port.as_ref().map_or(std::ptr::null(), |p| p.as_ptr());
        // SAFETY: valid strings or null, valid hints, `list` receives the result.
        let rc = unsafe { libc::getaddrinfo(c_host.as_ptr(), port_ptr, &hints, &mut list) };
        if rc != 0 {
            return Err(gai_error(rc));
        }
        let mut out = Vec::new();
        let mut node = list;
        while !node.is_null() {
            // SAFETY: `node` belongs to the list getaddrinfo built, valid until freed below.
            let info = unsafe { &*node };
            // SAFETY: ai_addr points at ai_addrlen bytes of the family's sockaddr.
            if let Some(addr) = unsafe { socket_addr(info.ai_addr, info.ai_family) } {
                out.push((info.ai_family, info.ai_socktype, addr));
            }
            node = info.ai_next;
        }
        // SAFETY: freed once, after the last use.
        unsafe { libc::freeaddrinfo(list) };
        Ok(out)
    }

    /// # Safety
    /// `raw` is null or points at a sockaddr of `family`.
    unsafe fn socket_addr(raw: *const libc::sockaddr, family: i32) -> Option<SocketAddr> {
        if raw.is_null() {
            return None;
        }
        match family {
            libc::AF_INET => {
                // SAFETY: the caller promises a sockaddr_in.
                let sin = unsafe { &*raw.cast::<libc::sockaddr_in>() };
                let ip = Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr));
                Some(SocketAddr::new(IpAddr::V4(ip), u16::from_be(sin.sin_port)))
            }
            libc::AF_INET6 => {
                // SAFETY: the caller promises a sockaddr_in6.
                let sin6 = unsafe { &*raw.cast::<libc::sockaddr_in6>() };
                let ip = Ipv6Addr::from(sin6.sin6_addr.s6_addr);
                Some(SocketAddr::new(
                    IpAddr::V6(ip),
                    u16::from_be(sin6.sin6_port),
                ))
            }
            _ => None,
        }
    }

    /// The IPv4 addresses of `name`, in the resolver's order (what `gethostbyname` picks
    /// from).
    pub fn ipv4_of(name: &str) -> Result<Vec<Ipv4Addr>, String> {
        let infos = addr_info(name, None, libc::AF_INET)?;
        let mut ips = Vec::new();
        for (_, _, addr) in infos {
            if let IpAddr::V4(ip) = addr.ip() {
                if !ips.contains(&ip) {
                    ips.push(ip);
                }
            }
        }
        Ok(ips)
    }

    /// The name of an IPv4 address (`getnameinfo` with `NI_NAMEREQD`).
    pub fn name_of(ip: Ipv4Addr) -> Result<String, String> {
        // SAFETY: an all-zero sockaddr_in is valid; we fill family and address.
        let mut sin: libc::sockaddr_in = unsafe { std::mem::zeroed() };
        sin.sin_family = libc::AF_INET as libc::sa_family_t;
        sin.sin_addr.s_addr = u32::from(ip).to_be();
        let mut host = [0 as libc::c_char; 1025];
        // SAFETY: a valid sockaddr_in of its size, a writable host buffer of its size, no
        // service buffer.
        let rc = unsafe {
            libc::getnameinfo(
                (&sin as *const libc::sockaddr_in).cast(),
                std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
                host.as_mut_ptr(),
                host.len() as libc::socklen_t,
                std::ptr::null_mut(),
                0,
                libc::NI_NAMEREQD,
            )
        };
        if rc != 0 {
            return Err(gai_error(rc));
        }
        // SAFETY: getnameinfo wrote a NUL-terminated name into `host`.
        Ok(unsafe { CStr::from_ptr(host.as_ptr()) }
            .to_string_lossy()
            .into_owned())
    }

    pub fn family_name(family: i32) -> String {
        match family {
            libc::AF_INET => "AF_INET".to_string(),
            libc::AF_INET6 => "AF_INET6".to_string(),
            other => format!("AF_{other}"),
        }
    }

    pub fn socktype_name(socktype: i32) -> String {
        match socktype {
            libc::SOCK_STREAM => "SOCK_STREAM".to_string(),
            libc::SOCK_DGRAM => "SOCK_DGRAM".to_string(),
            libc::SOCK_RAW => "SOCK_RAW".to_string(),
            other => format!("SOCK_{other}"),
        }
    }
}

fn run_ok(ctx: &Ctx, args: &[&str]) -> Result<Finished, Failure> {
    let finished = ctx.run(PROGRAM, args, PROMPT)?;
    expect_success(&finished)?;
    Ok(finished)
}

/// The stdout lines, without blank ones.
fn lines(finished: &Finished) -> Vec<String> {
    finished
        .stdout_text()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

fn local(ctx: &Ctx) -> Result<(), Failure> {
    let name = system::host_name().map_err(|e| grader_error(format!("gethostname: {e}")))?;
    let ips = system::ipv4_of(&name).map_err(|e| {
        grader_error(format!(
            "the grader cannot resolve its own name {name:?}: {e}"
        ))
    })?;
    let Some(first) = ips.first() else {
        return Err(grader_error(format!(
            "the grader finds no IPv4 address for {name:?}"
        )));
    };
    ctx.log.note(&format!(
        "the grader's gethostname: {name}; its resolver: {ips:?}"
    ));
    let finished = run_ok(ctx, &[])?;
    let out = lines(&finished);
    ensure!(
        out.len() == 2,
        "expected 2 lines (`Host name: …`, `IP address: …`), got {}: {out:?}",
        out.len()
    );
    ensure!(
        out[0] == format!("Host name: {name}"),
        "the first line should be `Host name: {name}` (what gethostname says), got {:?}",
        out[0]
    );
    let Some(ip) = out[1].strip_prefix("IP address: ") else {
        fail!(
            "the second line should be `IP address: A.B.C.D`, got {:?}",
            out[1]
        );
    };
    let Ok(ip) = ip.parse::<Ipv4Addr>() else {
        fail!("{ip:?} is not an IPv4 address")
    };
    ensure!(
        ips.contains(&ip),
        "`IP address: {ip}` is not an address the resolver gives for {name:?} (it gives {first})"
    );
    // The machine's name and address differ from one machine to the next: redacted.
    let filters = [
        Filter::new(
            &format!(r"(?m)^(Host name: ){}$", regex::escape(&name)),
            "${1}[HOSTNAME]",
        ),
        Filter::new(
            &format!(r"(?m)^(IP address: ){}$", regex::escape(&ip.to_string())),
            "${1}[IP]",
        ),
    ];
    ctx.snapshot("local", &finished.stdout_text(), &filters)
}

/// A failure that is the grader's (or the machine's), not the student's.
fn grader_error(reason: String) -> Failure {
    Failure {
        reason,
        diff: None,
        grader_error: true,
    }
}

fn remote_localhost(ctx: &Ctx) -> Result<(), Failure> {
    let ips = system::ipv4_of("localhost")
        .map_err(|e| grader_error(format!("the grader cannot resolve localhost: {e}")))?;
    let Some(first) = ips.first() else {
        return Err(grader_error(
            "the grader finds no IPv4 address for localhost".into(),
        ));
    };
    let finished = run_ok(ctx, &["--remote", "localhost"])?;
    let out = lines(&finished);
    let want = format!("IP address of localhost: {first}");
    ensure!(
        out == [want.clone()],
        "expected the one line {want:?}, got {out:?}"
    );
    ctx.snapshot("remote-localhost", &finished.stdout_text(), &[])
}

fn unresolvable(ctx: &Ctx) -> Result<(), Failure> {
    let finished = ctx.run(PROGRAM, &["--remote", INVALID], PROMPT)?;
    let said = match system::addr_info(INVALID, None, libc::AF_INET) {
        Err(e) => e,
        Ok(_) => return Err(grader_error(format!("{INVALID} resolves on this machine"))),
    };
    expect_failed_with(
        &finished,
        &format!("host-info --remote {INVALID}"),
        &format!("{INVALID}: "),
    )
    .map_err(|f| Failure::new(format!("{} (the resolver says: {said})", f.reason)))?;
    ensure!(
        finished.stdout_text().trim().is_empty(),
        "nothing should be printed on stdout for a failed lookup"
    );
    Ok(())
}

fn addrinfo(ctx: &Ctx) -> Result<(), Failure> {
    // This run's port, so a canned listing fails.
    let port = Rng::for_check(&ctx.check.id()).range(1024, 65535) as u16;
    let infos = system::addr_info("localhost", Some(port), 0).map_err(|e| {
        grader_error(format!(
            "the grader's getaddrinfo(localhost, {port}) failed: {e}"
        ))
    })?;
    let finished = run_ok(ctx, &["--addrinfo", "localhost", &port.to_string()])?;
    let out = lines(&finished);
    // Compare as multisets of (family, type, address) first: the words may be spaced as one
    // likes; then the order.
    let want_lines: Vec<String> = infos
        .iter()
        .map(|(family, socktype, addr)| {
            format!(
                "{} {} {addr}",
                system::family_name(*family),
                system::socktype_name(*socktype)
            )
        })
        .collect();
    let got_lines: Vec<String> = out
        .iter()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let mut want: BTreeMap<String, i32> = BTreeMap::new();
    for line in &want_lines {
        *want.entry(line.clone()).or_default() += 1;
    }
    let mut got: BTreeMap<String, i32> = BTreeMap::new();
    for line in &got_lines {
        *got.entry(line.clone()).or_default() += 1;
    }
    if want != got {
        let missing: Vec<&String> = want
            .keys()
            .filter(|k| got.get(*k) != want.get(*k))
            .collect();
        let extra: Vec<&String> = got.keys().filter(|k| !want.contains_key(*k)).collect();
        fail!(
            "the lines should be the {} getaddrinfo results (`AF_INET SOCK_STREAM 127.0.0.1:{port}` …); \
             missing or miscounted: {missing:?}; unexpected: {extra:?}",
            infos.len()
        );
    }
    if let Some(at) = (0..want_lines.len()).find(|&i| want_lines[i] != got_lines[i]) {
        fail!(
            "the right results in another order: line {} should be {:?} (the resolver's order), \
             got {:?}; do not sort or group them",
            at + 1,
            want_lines[at],
            got_lines[at]
        );
    }
    Ok(())
}

fn reverse(ctx: &Ctx) -> Result<(), Failure> {
    let ip = Ipv4Addr::LOCALHOST;
    match system::name_of(ip) {
        Ok(name) => {
            let finished = run_ok(ctx, &["--reverse", "127.0.0.1"])?;
            let out = lines(&finished);
            let want = format!("{ip}: {name}");
            ensure!(
                out == [want.clone()],
                "expected {want:?} (what getnameinfo gives), got {out:?}"
            );
        }
        Err(e) => {
            // No name for 127.0.0.1 on this machine: the program must say so.
            let finished = ctx.run(PROGRAM, &["--reverse", "127.0.0.1"], PROMPT)?;
            expect_failed_with(&finished, "host-info --reverse 127.0.0.1", "127.0.0.1")
                .map_err(|f| Failure::new(format!("{} (getnameinfo says: {e})", f.reason)))?;
        }
    }
    Ok(())
}

fn bad_input(ctx: &Ctx) -> Result<(), Failure> {
    expect_usage_error(ctx, PROGRAM, &["--addrinfo", "localhost", "notaport"])?;
    expect_usage_error(ctx, PROGRAM, &["--addrinfo", "localhost", "65536"])?;
    expect_usage_error(ctx, PROGRAM, &["--reverse", "not-an-address"])?;
    expect_usage_error(ctx, PROGRAM, &["--remote"])?;
    expect_usage_error(ctx, PROGRAM, &["--bogus"])?;
    Ok(())
}
