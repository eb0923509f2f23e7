//! Visible tests for lab 09: run them with `cargo test -p tcp-echo`. The grader checks more
//! (a megabyte of binary data, 100 clients, clients that vanish), but if these fail, so will it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::thread;

use tcp_echo::{ClientError, echo_roundtrip};

/// Starts the server on a free port and returns it with the port it printed.
fn start_server() -> (Child, u16) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tcp-echo"))
        .args(["server", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start tcp-echo server");
    // The server's first line is its address: reading it is how we know it is ready.
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    // Keep reading the server's log, as a terminal would, until it exits.
    thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let port = first
        .trim()
        .rsplit(' ')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("first line should end with the port: {first:?}"));
    (child, port)
}

#[test]
fn server_echoes_until_the_client_closes() {
    let (mut server, port) = start_server();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(b"hello ").unwrap();
    stream.write_all(b"world").unwrap();
    stream.shutdown(std::net::Shutdown::Write).unwrap();
    let mut back = Vec::new();
    stream.read_to_end(&mut back).unwrap();
    server.kill().unwrap();
    server.wait().unwrap();
    assert_eq!(back, b"hello world");
}

#[test]
fn client_prints_every_piece_and_closes() {
    let (mut server, port) = start_server();
    let output = Command::new(env!("CARGO_BIN_EXE_tcp-echo"))
        .args(["client", "--port", &port.to_string(), "--message", "abc"])
        .output()
        .unwrap();
    server.kill().unwrap();
    server.wait().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "client failed: {stdout}");
    assert!(stdout.contains("Sending abc"), "{stdout}");
    assert!(stdout.contains("Received: abc"), "{stdout}");
    assert!(
        stdout.ends_with("Closing connection to the server\n"),
        "{stdout}"
    );
}

/// A peer that answers one byte per write: the client must keep reading.
#[test]
fn roundtrip_collects_pieces() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let peer = thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut buf = [0u8; 64];
        let n = stream.read(&mut buf).unwrap();
        for byte in &buf[..n] {
            stream.write_all(&[*byte]).unwrap();
        }
    });
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut reads = 0;
    let back = echo_roundtrip(&mut stream, b"pieces", |_| reads += 1).unwrap();
    peer.join().unwrap();
    assert_eq!(back, b"pieces");
    assert!(reads >= 1);
}

#[test]
fn roundtrip_reports_an_early_close() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let peer = thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut buf = [0u8; 64];
        let n = stream.read(&mut buf).unwrap();
        stream.write_all(&buf[..n / 2]).unwrap();
        // Dropping the stream closes it: the client sees end of stream after half.
    });
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let result = echo_roundtrip(&mut stream, b"123456", |_| {});
    peer.join().unwrap();
    match result {
        Err(ClientError::EarlyClose { received, expected }) => {
            assert_eq!((received, expected), (3, 6));
        }
        other => panic!("expected an early close, got {other:?}"),
    }
}

#[test]
fn bad_port_is_a_usage_error() {
    let output = Command::new(env!("CARGO_BIN_EXE_tcp-echo"))
        .args(["client", "--port", "70000"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("invalid --port '70000'"));
}

/// A server outlives its terminal: with nobody reading its log any more, it still echoes.
#[test]
fn server_survives_a_closed_stdout() {
    let mut server = Command::new(env!("CARGO_BIN_EXE_tcp-echo"))
        .args(["server", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start tcp-echo server");
    let mut first = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is dropped here: the server's next log line meets a closed pipe.
    let port: u16 = first.trim().rsplit(' ').next().unwrap().parse().unwrap();
    for _ in 0..2 {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.write_all(b"anyone there?").unwrap();
        stream.shutdown(std::net::Shutdown::Write).unwrap();
        let mut back = Vec::new();
        stream.read_to_end(&mut back).unwrap();
        assert_eq!(back, b"anyone there?");
    }
    server.kill().unwrap();
    server.wait().unwrap();
}
