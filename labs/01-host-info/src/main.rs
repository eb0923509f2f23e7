//! `host-info` — prints this machine's name and address, or asks the resolver about others.
//!
//! Thin front end: parse the arguments, call the library, print, choose the exit code
//! (0 ok, 1 the lookup failed, 2 bad usage).
//!
//! Every answer here comes from the resolver, the part of the C library that turns names
//! into addresses and back (`/etc/hosts`, then DNS, as `/etc/nsswitch.conf` says). No
//! socket is opened: a resolver error is reported with the resolver's own words.

use std::io::Write;
use std::net::IpAddr;
use std::process::ExitCode;

const USAGE: &str = "\
usage: host-info                      this machine's host name and IPv4 address
       host-info --remote NAME        the IPv4 address of NAME
       host-info --addrinfo HOST PORT every getaddrinfo result for HOST and PORT (0-65535)
       host-info --reverse IP         the host name of the address IP
       host-info --help               show this help";

/// What the command line asked for.
enum Command {
    Local,
    Remote(String),
    AddrInfo(String, u16),
    Reverse(IpAddr),
}

fn main() -> ExitCode {
    let args = match command_line() {
        Ok(args) => args,
        Err(message) => return usage_error(&message),
    };
    if args.iter().any(|a| a == "--help" || a == "-h") {
        say(USAGE);
        return ExitCode::SUCCESS;
    }
    match parse_args(&args) {
        Ok(Command::Local) => local(),
        Ok(Command::Remote(name)) => remote(&name),
        Ok(Command::AddrInfo(host, port)) => addrinfo(&host, port),
        Ok(Command::Reverse(ip)) => reverse(ip),
        Err(message) => usage_error(&message),
    }
}

/// No argument: this machine. Otherwise one flag, the command, followed by its values.
fn parse_args(args: &[String]) -> Result<Command, String> {
    let mut rest = args.iter();
    let Some(flag) = rest.next() else {
        return Ok(Command::Local);
    };
    let command = match flag.as_str() {
        "--remote" => Command::Remote(value(flag, rest.next())?.to_string()),
        "--addrinfo" => {
            let host = value(flag, rest.next())?.to_string();
            let port = value(flag, rest.next())?;
            let port = port
                .parse::<u16>()
                .map_err(|_| format!("invalid port '{port}': expected 0-65535"))?;
            Command::AddrInfo(host, port)
        }
        "--reverse" => {
            let ip = value(flag, rest.next())?;
            Command::Reverse(
                ip.parse()
                    .map_err(|_| format!("invalid IP address '{ip}'"))?,
            )
        }
        other => return Err(format!("unexpected argument '{other}'")),
    };
    match rest.next() {
        Some(extra) => Err(format!("unexpected argument '{extra}'")),
        None => Ok(command),
    }
}

/// `Host name: …` and `IP address: …`, as `gethostbyname(gethostname())` would give.
/// `gethostname` only reads the kernel's name for this machine (no network); the address
/// then comes from the resolver, usually from `/etc/hosts`.
fn local() -> ExitCode {
    let name = match host_info::local_host_name() {
        Ok(name) => name,
        Err(e) => return fail(&format!("gethostname: {e}")),
    };
    match host_info::resolve_ipv4(&name) {
        Ok(ip) => {
            say(&format!("Host name: {name}"));
            say(&format!("IP address: {ip}"));
            ExitCode::SUCCESS
        }
        Err(e) => fail(&format!("{name}: {e}")),
    }
}

/// `IP address of NAME: A.B.C.D`, or the seed's `NAME: <error>` on stderr (the seed prints
/// the resolver's error after the name, without the program name: kept as it is).
fn remote(name: &str) -> ExitCode {
    match host_info::resolve_ipv4(name) {
        Ok(ip) => {
            say(&format!("IP address of {name}: {ip}"));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{name}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One line per `getaddrinfo` result: a host and port usually give several (IPv4 and IPv6,
/// stream and datagram), and a client tries them in order until one connects.
fn addrinfo(host: &str, port: u16) -> ExitCode {
    match host_info::address_info(host, port) {
        Ok(list) => {
            for info in &list {
                say(&host_info::addrinfo_line(info));
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(&format!("{host}: {e}")),
    }
}

/// The name for an address (`getnameinfo`): the reverse of a lookup, answered from
/// `/etc/hosts` or a DNS `PTR` record.
fn reverse(ip: IpAddr) -> ExitCode {
    match host_info::reverse_lookup(ip) {
        Ok(name) => {
            say(&format!("{ip}: {name}"));
            ExitCode::SUCCESS
        }
        Err(e) => fail(&format!("{ip}: {e}")),
    }
}

// How every lab reads its command line and picks its exit code. The labs are independent
// crates, so each has its own copy of these few functions, the same in every lab; this is the
// one place that explains them.
//
// 1. `command_line` collects the words after the program name. `--flag=VALUE` is split into
//    `--flag VALUE`, so both spellings work, as with Python's argparse. A word that is not
//    UTF-8 is a usage error (`std::env::args` would panic on it).
// 2. `--help` or `-h` anywhere prints the usage text on stdout, exit status 0.
// 3. `parse_args` reads the words once, left to right: a `match` on each flag, and `value`
//    takes the word after it. Whatever is unknown, missing or malformed comes back as an
//    `Err(String)`, which `main` hands to `usage_error`: the message and the usage text on
//    stderr, exit status 2.
// 4. The functions that do the work return an `ExitCode`: `SUCCESS` (0), or `fail` for a
//    runtime or network error: one line on stderr starting with the program name, exit 1.
// 5. Normal output goes through `say`, which never panics when the reader has gone.

/// The arguments after the program name, with `--flag=VALUE` split into `--flag VALUE`.
fn command_line() -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    for arg in std::env::args_os().skip(1) {
        let arg = arg
            .into_string()
            .map_err(|arg| format!("argument is not UTF-8: {arg:?}"))?;
        match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                words.push(flag.to_string());
                words.push(value.to_string());
            }
            _ => words.push(arg),
        }
    }
    Ok(words)
}

/// The word after `flag`, or a usage error naming the flag.
fn value<'a>(flag: &str, next: Option<&'a String>) -> Result<&'a str, String> {
    next.map(String::as_str)
        .ok_or_else(|| format!("{flag} needs a value"))
}

/// Prints one line on stdout and flushes it. Rust ignores SIGPIPE, so writing to a reader
/// that left (`| head -1`) is an error, not death; `println!` would panic on it. The line
/// is dropped instead: whoever stopped reading does not need it.
fn say(line: &str) {
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// A runtime failure: one line on stderr starting with the program name, exit status 1.
fn fail(message: &str) -> ExitCode {
    eprintln!("host-info: {message}");
    ExitCode::FAILURE
}

/// A usage error: what is wrong and the usage text on stderr, exit status 2.
fn usage_error(message: &str) -> ExitCode {
    eprintln!("host-info: {message}\n{USAGE}");
    ExitCode::from(2)
}
