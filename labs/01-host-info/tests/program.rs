//! Runs `host-info` against names that are safe to resolve anywhere: `localhost`, and
//! names under `.invalid`, which RFC 6761 guarantees never resolve.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_host-info"))
        .args(args)
        .output()
        .expect("run host-info")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn local_name_and_address() {
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    let name = lines[0]
        .strip_prefix("Host name: ")
        .expect("Host name line");
    assert_eq!(name, host_info::local_host_name().unwrap());
    let ip = lines[1]
        .strip_prefix("IP address: ")
        .expect("IP address line");
    assert!(ip.parse::<std::net::Ipv4Addr>().is_ok(), "{ip}");
}

#[test]
fn remote_localhost() {
    let out = run(&["--remote", "localhost"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "IP address of localhost: 127.0.0.1\n");
}

#[test]
fn remote_invalid_name_fails_cleanly() {
    let out = run(&["--remote", "nohost.invalid"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("nohost.invalid: "), "{err}");
}

#[test]
fn addrinfo_lists_stream_datagram_and_raw() {
    let out = run(&["--addrinfo", "127.0.0.1", "80"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    for line in [
        "AF_INET SOCK_STREAM 127.0.0.1:80",
        "AF_INET SOCK_DGRAM 127.0.0.1:80",
        "AF_INET SOCK_RAW 127.0.0.1:80",
    ] {
        assert!(
            stdout.lines().any(|l| l == line),
            "missing {line:?} in\n{stdout}"
        );
    }
    let out = run(&["--addrinfo", "localhost", "8080"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("AF_INET SOCK_STREAM 127.0.0.1:8080\n"));
}

#[test]
fn addrinfo_ipv6_literal() {
    let out = run(&["--addrinfo", "::1", "53"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("AF_INET6 SOCK_STREAM [::1]:53\n"));
}

#[test]
fn reverse_loopback_is_localhost() {
    let out = run(&["--reverse", "127.0.0.1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "127.0.0.1: localhost\n");
}

#[test]
fn bad_input() {
    let out = run(&["--addrinfo", "localhost", "notaport"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("usage:"));
    assert_eq!(
        run(&["--addrinfo", "localhost", "70000"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["--reverse", "300.1.1.1"]).status.code(), Some(2));
    assert_eq!(run(&["--remote"]).status.code(), Some(2));
    assert_eq!(run(&["--frobnicate"]).status.code(), Some(2));
    let out = run(&["--addrinfo", "nohost.invalid", "80"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with("host-info: nohost.invalid: "));
    let help = run(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(text(&help.stdout).starts_with("usage: host-info"));
}

/// The command-line shape every lab shares (explained in `src/main.rs`).
#[test]
fn command_line_shape() {
    // `--flag=VALUE` is the same as `--flag VALUE`.
    let out = run(&["--remote=localhost"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "IP address of localhost: 127.0.0.1\n");
    // `-h` anywhere prints the usage and does nothing else.
    let out = run(&["--remote", "localhost", "-h"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("usage: host-info"));
    // Something after a complete command is a usage error.
    assert_eq!(
        run(&["--remote", "localhost", "extra"]).status.code(),
        Some(2)
    );
}

#[test]
fn non_utf8_argument_is_a_usage_error() {
    use std::os::unix::ffi::OsStrExt;
    let out = Command::new(env!("CARGO_BIN_EXE_host-info"))
        .arg("--remote")
        .arg(std::ffi::OsStr::from_bytes(b"local\xffhost"))
        .output()
        .expect("run host-info");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).starts_with("host-info: argument is not UTF-8"));
}

/// A reader that has gone (`host-info --help | true`): the output is dropped, no panic.
#[test]
fn closed_stdout_is_not_a_panic() {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_host-info"))
        .args(["--remote", "localhost"])
        .stdout(writer)
        .output()
        .expect("run host-info");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
}
