//! Runs `socket-errors` against tiny HTTP/1.0 peers started inside the test on 127.0.0.1:0,
//! serving `fixtures/www/`, and against the failure cases: bad name, closed port, reset.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Output};
use std::thread;

const WWW: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/www");

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_socket-errors"))
        .args(args)
        .output()
        .expect("run socket-errors")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Reads the request head (up to the empty line), bounded.
fn read_head(stream: &mut TcpStream) -> Vec<u8> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 8192 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    head
}

/// A one-shot HTTP/1.0 file server over `fixtures/www`. Returns its port and a handle that
/// yields the request it received.
fn file_server() -> (u16, thread::JoinHandle<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let head = read_head(&mut stream);
        let path = text(&head).split(' ').nth(1).unwrap_or("/").to_string();
        let response = match std::fs::read(format!("{WWW}{path}")) {
            Ok(body) => [response_head(body.len()).into_bytes(), body].concat(),
            Err(_) => b"HTTP/1.0 404 Not Found\r\n\r\n".to_vec(),
        };
        stream.write_all(&response).unwrap();
        head
    });
    (port, handle)
}

/// Runs `socket-errors --host HOST --port PORT --file FILE`.
fn get(host: &str, port: u16, file: &str) -> Output {
    run(&["--host", host, "--port", &port.to_string(), "--file", file])
}

fn response_head(length: usize) -> String {
    format!("HTTP/1.0 200 OK\r\nContent-Length: {length}\r\n\r\n")
}

#[test]
fn fetches_a_text_page_exactly() {
    let (port, server) = file_server();
    let out = get("127.0.0.1", port, "/index.html");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(server.join().unwrap(), b"GET /index.html HTTP/1.0\r\n\r\n");
    let body = std::fs::read(format!("{WWW}/index.html")).unwrap();
    assert_eq!(
        out.stdout,
        [response_head(body.len()).into_bytes(), body].concat()
    );
    assert!(out.stderr.is_empty());
}

/// The Python original's `--host=H` spelling works too (every lab accepts both).
#[test]
fn flag_equals_value_spelling() {
    let (port, server) = file_server();
    let port = format!("--port={port}");
    let out = run(&["--host=127.0.0.1", &port, "--file=/index.html"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(server.join().unwrap(), b"GET /index.html HTTP/1.0\r\n\r\n");
}

#[test]
fn fetches_binary_data_byte_for_byte() {
    let (port, server) = file_server();
    let out = get("localhost", port, "/blob.bin");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    server.join().unwrap();
    let body = std::fs::read(format!("{WWW}/blob.bin")).unwrap();
    assert_eq!(body.len(), 1 << 20);
    let expected = [response_head(body.len()).into_bytes(), body].concat();
    assert!(out.stdout == expected, "binary response differs");
}

#[test]
fn reset_midway_keeps_what_arrived() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        // Read only "GET": closing a socket with unread input makes the kernel send a
        // reset (RST) instead of a normal end of stream.
        let mut first = [0u8; 3];
        stream.read_exact(&mut first).unwrap();
        stream
            .write_all(b"HTTP/1.0 200 OK\r\n\r\npartial body")
            .unwrap();
        drop(stream);
    });
    let out = get("127.0.0.1", port, "/x");
    server.join().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "HTTP/1.0 200 OK\r\n\r\npartial body");
    let err = text(&out.stderr);
    assert!(err.starts_with("Error receiving data: "), "{err}");
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn silent_server_read_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        read_head(&mut stream);
        let mut rest = Vec::new();
        let _ = stream.read_to_end(&mut rest); // until the client gives up
    });
    let port = port.to_string();
    let out = run(&[
        "--host",
        "127.0.0.1",
        "--port",
        &port,
        "--file",
        "/",
        "--timeout",
        "0.3",
    ]);
    server.join().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), "Error receiving data: timed out\n");
}

#[test]
fn closed_port_is_a_connection_error() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = get("127.0.0.1", port, "/");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(err.starts_with("Connection error: "), "{err}");
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn unknown_host_is_an_address_error() {
    let out = run(&["--host", "nohost.invalid", "--port", "80", "--file", "/"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("Address-related error connecting to server: "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn usage_errors() {
    for args in [
        &[][..],
        &["--host", "127.0.0.1", "--port", "80"],
        &["--host", "127.0.0.1", "--file", "/"],
        &["--port", "80", "--file", "/"],
        &["--host", "127.0.0.1", "--port", "70000", "--file", "/"],
        &[
            "--host",
            "127.0.0.1",
            "--port",
            "80",
            "--file",
            "/",
            "--timeout",
            "-1",
        ],
        &["--host", "127.0.0.1", "--port", "80", "--file"],
        &["--bogus"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains("usage:"), "{args:?}");
    }
    let help = run(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(text(&help.stdout).starts_with("usage: socket-errors"));
}
