//! `host-info` — prints this machine's name and address, or asks the resolver about others.
//!
//! Thin front end: parse the arguments, call the library, print, choose the exit code
//! (0 ok, 1 the lookup failed, 2 bad usage).

use std::io::Write;
use std::net::IpAddr;
use std::process::ExitCode;

const USAGE: &str = "\
usage: host-info                      this machine's host name and IPv4 address
       host-info --remote NAME        the IPv4 address of NAME
       host-info --addrinfo HOST PORT every getaddrinfo result for HOST and PORT (0-65535)
       host-info --reverse IP         the host name of the address IP
       host-info --help               show this help";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] => local(),
        ["--help" | "-h"] => {
            // `println!` would panic if the reader stops early (`--help | head -1`).
            let _ = writeln!(std::io::stdout(), "{USAGE}");
            ExitCode::SUCCESS
        }
        ["--remote", name] => remote(name),
        ["--addrinfo", host, port] => match port.parse::<u16>() {
            Ok(port) => addrinfo(host, port),
            Err(_) => usage_error(&format!("not a port number (0-65535): {port}")),
        },
        ["--reverse", ip] => match ip.parse::<IpAddr>() {
            Ok(ip) => reverse(ip),
            Err(_) => usage_error(&format!("not an IP address: {ip}")),
        },
        _ if args.contains(&"--help") => {
            // `println!` would panic if the reader stops early (`--help | head -1`).
            let _ = writeln!(std::io::stdout(), "{USAGE}");
            ExitCode::SUCCESS
        }
        _ => usage_error("bad arguments"),
    }
}

/// `Host name: …` and `IP address: …`, as `gethostbyname(gethostname())` would give.
fn local() -> ExitCode {
    let name = match host_info::local_host_name() {
        Ok(name) => name,
        Err(e) => return fail(&format!("gethostname: {e}")),
    };
    match host_info::resolve_ipv4(&name) {
        Ok(ip) => {
            println!("Host name: {name}");
            println!("IP address: {ip}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(&format!("{name}: {e}")),
    }
}

/// `IP address of NAME: A.B.C.D`, or the seed's `NAME: <error>` on stderr.
fn remote(name: &str) -> ExitCode {
    match host_info::resolve_ipv4(name) {
        Ok(ip) => {
            println!("IP address of {name}: {ip}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{name}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn addrinfo(host: &str, port: u16) -> ExitCode {
    match host_info::address_info(host, port) {
        Ok(list) => {
            for info in &list {
                println!("{}", host_info::addrinfo_line(info));
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(&format!("{host}: {e}")),
    }
}

fn reverse(ip: IpAddr) -> ExitCode {
    match host_info::reverse_lookup(ip) {
        Ok(name) => {
            println!("{ip}: {name}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(&format!("{ip}: {e}")),
    }
}

/// A runtime failure: one line on stderr starting with the program name, exit status 1.
fn fail(message: &str) -> ExitCode {
    eprintln!("host-info: {message}");
    ExitCode::FAILURE
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("host-info: {message}");
    eprintln!("{USAGE}");
    ExitCode::from(2)
}
