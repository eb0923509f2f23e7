//! Runs `service-names`: lookups against the fixture, and scans of listeners opened here.

use std::net::TcpListener;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/services");

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_service-names"))
        .args(args)
        .output()
        .expect("run service-names")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn port_lookups() {
    let out = run(&["port", "80", "25", "--services", FIXTURE]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "Port: 80 => service name: http\nPort: 25 => service name: smtp\n"
    );
    let out = run(&["port", "53", "--proto", "udp", "--services", FIXTURE]);
    assert_eq!(text(&out.stdout), "Port: 53 => service name: domain\n");
    let out = run(&["port", "80", "9999", "--services", FIXTURE]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "Port: 80 => service name: http\nPort: 9999 => no service\n"
    );
}

#[test]
fn name_lookups() {
    let out = run(&["name", "http", "www", "--services", FIXTURE]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "Service: http => port: 80\nService: www => port: 80\n"
    );
    let out = run(&["name", "nosuch", "--services", FIXTURE]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "Service: nosuch => no port\n");
}

#[test]
fn bad_input() {
    for args in [
        &["port", "70000"][..],
        &["port", "-1"],
        &["port"],
        &["scan", "--ports", "90-80"],
        &["scan", "--ports", "0"],
        &["scan", "--ports", "70000"],
        &["scan", "--timeout", "0"],
        &["port", "80", "--bogus"],
        &["port", "80", "--proto"],
        &[],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains("usage:"), "{args:?}");
    }
    let out = run(&["port", "80", "--services", "/nonexistent/services"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("service-names: /nonexistent/services: "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

/// The `Port N (name) is open` lines of a scan's stdout, as port numbers.
fn open_ports(stdout: &str) -> Vec<u16> {
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix("Port ")?.split(' ').next()?.parse().ok())
        .collect()
}

#[test]
fn scan_reports_open_ports_and_not_closed_ones() {
    // Open three listeners, then close one again: two ports are open, one is closed.
    let mut listeners: Vec<TcpListener> = (0..3)
        .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    let ports: Vec<u16> = listeners
        .iter()
        .map(|l| l.local_addr().unwrap().port())
        .collect();
    drop(listeners.pop());
    let closed = ports[2];

    // One port at a time: the report must be exact.
    for (port, open) in [(ports[0], true), (ports[1], true), (closed, false)] {
        let range = format!("{port}-{port}");
        let out = run(&["scan", "--ports", &range, "--services", FIXTURE]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let summary = format!("Scanned 1 ports on 127.0.0.1: {} open\n", u8::from(open));
        let expected = if open {
            format!("Port {port} (unknown) is open\n{summary}")
        } else {
            summary
        };
        assert_eq!(text(&out.stdout), expected);
    }

    // A range holding all three (other programs may have listeners in it too).
    let (lo, hi) = (*ports.iter().min().unwrap(), *ports.iter().max().unwrap());
    if u32::from(hi) - u32::from(lo) < 8192 {
        let range = format!("{lo}-{hi}");
        let start = Instant::now();
        let out = run(&["scan", "--ports", &range, "--services", FIXTURE]);
        assert!(start.elapsed() < Duration::from_secs(5));
        let found = open_ports(&text(&out.stdout));
        assert!(
            found.contains(&ports[0]) && found.contains(&ports[1]),
            "{found:?}"
        );
        assert!(!found.contains(&closed), "{found:?}");
        assert!(
            found.windows(2).all(|w| w[0] < w[1]),
            "not ascending: {found:?}"
        );
    }
}

#[test]
fn scan_of_1024_closed_ports_takes_well_under_a_second() {
    let start = Instant::now();
    let out = run(&["scan", "--ports", "1-1024", "--services", FIXTURE]);
    assert!(
        start.elapsed() < Duration::from_millis(900),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(stdout.ends_with(" open\n") && stdout.contains("Scanned 1024 ports on 127.0.0.1: "));
}
