//! Visible tests for lab 08: run the real server, restart it on the same port at once.

use std::io::{BufRead, BufReader, Lines, Read};
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Command, Output, Stdio};
use std::time::Duration;

use reuseaddr::GREETING;

const BIN: &str = env!("CARGO_BIN_EXE_reuseaddr");

/// A running server; killed when the test ends, even on failure.
struct Server {
    child: Child,
    lines: Lines<BufReader<ChildStdout>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn next_line(&mut self) -> String {
        self.lines.next().expect("server output ended").unwrap()
    }
}

fn start(args: &[&str]) -> Server {
    let mut child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lines = BufReader::new(child.stdout.take().unwrap()).lines();
    Server { child, lines }
}

/// Connects, reads the greeting to the end (the server closes first), returns our port.
fn visit(port: u16) -> u16 {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    assert_eq!(text, GREETING);
    s.local_addr().unwrap().port()
}

/// Starts a server, checks its first three lines, serves one client; returns the port.
fn serve_once(args: &[&str], expect_new: &str) -> u16 {
    let mut server = start(args);
    assert_eq!(server.next_line(), "Old sock state: 0");
    assert_eq!(server.next_line(), expect_new);
    let listening = server.next_line();
    let port: u16 = listening
        .strip_prefix("Listening on port: ")
        .unwrap_or_else(|| panic!("unexpected line {listening:?}"))
        .parse()
        .unwrap();
    let client_port = visit(port);
    assert_eq!(
        server.next_line(),
        format!("Connected by 127.0.0.1:{client_port}")
    );
    assert!(server.child.wait().unwrap().success());
    port
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

#[test]
fn restart_with_reuse_binds_again() {
    let port = serve_once(&["--port", "0", "--once"], "New sock state: 1");
    // The server closed first, so its side of that connection is in TIME_WAIT now.
    let again = port.to_string();
    let second = serve_once(&["--port", &again, "--once"], "New sock state: 1");
    assert_eq!(second, port);
}

#[cfg(target_os = "linux")]
#[test]
fn restart_without_reuse_fails() {
    let port = serve_once(
        &["--port", "0", "--once", "--no-reuse"],
        "New sock state: 0",
    );
    let out = run(&["--port", &port.to_string(), "--no-reuse", "--once"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        format!("reuseaddr: bind 127.0.0.1:{port}: Address already in use (os error 98)\n")
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout, "Old sock state: 0\nNew sock state: 0\n");
}

#[test]
fn bad_input_is_a_usage_error() {
    for args in [
        &["--port", "99999"][..],
        &["--port", "abc"],
        &["--port"],
        &["--max-clients", "0"],
        &["--reuse-please"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with("reuseaddr: "), "{err}");
        assert!(err.contains("usage:"));
    }
}

#[test]
fn unresolvable_host_is_one_line() {
    let out = run(&["--host", "nohost.invalid", "--port", "0"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("reuseaddr: cannot resolve nohost.invalid: "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn help_goes_to_stdout() {
    let out = run(&["--help"]);
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("usage:"));
}

#[test]
fn serve_greets_each_client_and_stops_after_max_clients() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    // Two clients connect before the server even starts: they wait in the backlog.
    let clients: Vec<TcpStream> = (0..2).map(|_| TcpStream::connect(addr).unwrap()).collect();
    let mut seen = Vec::new();
    let served = reuseaddr::serve(&listener, Some(2), |client| seen.push(client.unwrap()));
    assert_eq!(served, 2);
    let mut ports: Vec<u16> = clients
        .iter()
        .map(|c| c.local_addr().unwrap().port())
        .collect();
    let mut seen_ports: Vec<u16> = seen.iter().map(|a| a.port()).collect();
    ports.sort();
    seen_ports.sort();
    assert_eq!(
        seen_ports, ports,
        "on_client hears of each client, by its address"
    );
    for mut client in clients {
        let mut text = String::new();
        client.read_to_string(&mut text).unwrap(); // ends: the server closed first
        assert_eq!(text, GREETING);
    }
}
