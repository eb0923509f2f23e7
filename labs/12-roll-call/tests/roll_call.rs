//! Visible tests for lab 12: the server against a test client, and the client against a
//! fake classroom server, all on 127.0.0.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::{Child, Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use roll_call::{LineBuffer, LineTooLong, MAX_LINE, answer, checkin_line};

const BIN: &str = env!("CARGO_BIN_EXE_roll-call");
const ID: &str = "6210500001";
const NAME: &str = "Somchai Jaidee";

/// A running server; killed when the test ends, even on failure.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(extra: &[&str]) -> Server {
    let mut child = Command::new(BIN)
        .args(["server", "--port", "0", "--id", ID, "--name", NAME])
        .args(extra)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let addr = first
        .trim()
        .strip_prefix("Roll-call server listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .to_string();
    Server { child, addr }
}

fn connect(server: &Server) -> TcpStream {
    let s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.set_nodelay(true).unwrap();
    s
}

/// Sends `input`, closes our sending side, returns everything the server answered.
fn exchange(server: &Server, input: &[u8]) -> Vec<u8> {
    let mut s = connect(server);
    s.write_all(input).unwrap();
    s.shutdown(Shutdown::Write).unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    out
}

#[test]
fn framing_unit() {
    let mut lines = LineBuffer::new();
    lines.push(b"i");
    assert_eq!(lines.next_line(), Ok(None));
    lines.push(b"d\r\nname\nx");
    assert_eq!(lines.next_line(), Ok(Some(b"id".to_vec())));
    assert_eq!(lines.next_line(), Ok(Some(b"name".to_vec())));
    assert_eq!(lines.next_line(), Ok(None));
    let mut long = LineBuffer::new();
    long.push(&vec![b'a'; MAX_LINE]);
    long.push(b"\r\n");
    assert_eq!(
        long.next_line().map(|l| l.map(|l| l.len())),
        Ok(Some(MAX_LINE))
    );
    long.push(&vec![b'a'; MAX_LINE + 2]);
    assert_eq!(long.next_line(), Err(LineTooLong));
}

#[test]
fn answers_unit() {
    assert_eq!(answer(b"id", ID, NAME).as_deref(), Some("6210500001\r\n"));
    assert_eq!(
        answer(b" NAME ", ID, NAME).as_deref(),
        Some("Somchai Jaidee\r\n")
    );
    assert_eq!(answer(b"", ID, NAME), None);
    assert_eq!(
        answer(b"foo\x1b", ID, NAME).as_deref(),
        Some("ERR unknown command: foo?\r\n")
    );
    assert_eq!(checkin_line(ID, NAME), "6210500001 Somchai Jaidee\r\n");
}

#[test]
fn answers_id_and_name_many_times() {
    let server = start_server(&[]);
    let out = exchange(&server, b"id\r\nname\r\nid\nNAME\r\n");
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "6210500001\r\nSomchai Jaidee\r\n6210500001\r\nSomchai Jaidee\r\n"
    );
}

#[test]
fn split_lines_and_conversation() {
    let server = start_server(&[]);
    let mut s = connect(&server);
    for piece in [&b"i"[..], b"d", b"\r", b"\n"] {
        s.write_all(piece).unwrap();
    }
    let mut reply = [0u8; 12];
    s.read_exact(&mut reply).unwrap();
    assert_eq!(&reply, b"6210500001\r\n");
    // The same connection keeps working.
    s.write_all(b"na").unwrap();
    s.write_all(b"me\n").unwrap();
    let mut reply = [0u8; 16];
    s.read_exact(&mut reply).unwrap();
    assert_eq!(&reply, b"Somchai Jaidee\r\n");
}

#[test]
fn unknown_command_keeps_connection() {
    let server = start_server(&[]);
    let out = exchange(&server, b"hello\r\n\xff\xfe\r\n\r\nid\r\n");
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "ERR unknown command: hello\r\nERR unknown command: \u{fffd}\u{fffd}\r\n6210500001\r\n"
    );
}

#[test]
fn oversize_line_gets_error_then_close() {
    let server = start_server(&[]);
    let mut s = connect(&server);
    let big = vec![b'x'; 100_000];
    // The server may close before reading everything: a write error is allowed here.
    let _ = s.write_all(&big);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    assert_eq!(String::from_utf8_lossy(&out), "ERR line too long\r\n");
    // And the server is still alive for others.
    assert_eq!(exchange(&server, b"id\n"), b"6210500001\r\n");
}

#[test]
fn idle_client_is_disconnected() {
    let server = start_server(&["--idle-timeout", "0.5"]);
    let mut s = connect(&server);
    let start = Instant::now();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap(); // ends when the server hangs up
    assert!(out.is_empty());
    assert!(start.elapsed() < Duration::from_secs(20));
}

/// A fake classroom server: answers one check-in with `reply`, returns the line it got.
fn classroom(reply: &'static str) -> (u16, thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut line = String::new();
        BufReader::new(s.try_clone().unwrap())
            .read_line(&mut line)
            .unwrap();
        s.write_all(reply.as_bytes()).unwrap();
        line
    });
    (port, handle)
}

fn client(port: u16, extra: &[&str]) -> Output {
    Command::new(BIN)
        .args(["client", "--host", "127.0.0.1", "--port", &port.to_string()])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn client_checks_in() {
    let (port, server) = classroom("OK 6210500001 checked in (12 present)\r\n");
    let out = client(port, &["--id", ID, "--name", NAME]);
    assert_eq!(server.join().unwrap(), "6210500001 Somchai Jaidee\r\n");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Server says: OK 6210500001 checked in (12 present)\n"
    );
}

#[test]
fn client_reports_refusal() {
    let (port, server) = classroom("ERR duplicate\r\n");
    let out = client(port, &["--id", ID, "--name", NAME]);
    server.join().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "roll-call: server says: ERR duplicate\n"
    );
}

#[test]
fn client_connect_refused_is_one_line() {
    // Bind then drop: nothing listens on that port any more.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = client(port, &["--id", ID, "--name", NAME]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with(&format!("roll-call: connect to 127.0.0.1:{port}: ")),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn bad_input_is_a_usage_error() {
    for args in [
        &["client", "--name", "x"][..],
        &["client", "--id", "a b", "--name", "x"],
        &["server", "--port", "abc", "--id", "1", "--name", "x"],
        &["server", "--id", "1"],
        &["client", "--port", "0", "--id", "1", "--name", "x"],
        &["lecture"],
        &[],
    ] {
        let out = Command::new(BIN).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.starts_with("roll-call: ") && err.contains("usage:"),
            "{err}"
        );
    }
}
