//! Runs `timeouts` against small peers started inside the test on 127.0.0.1:0.
//!
//! Each peer is a listener bound before the program starts, so no test waits for a server.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Output};
use std::thread;
use std::time::{Duration, Instant};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_timeouts"))
        .args(args)
        .output()
        .expect("run timeouts")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Starts a peer that accepts one connection and hands it to `serve`. Returns the port.
fn peer(serve: impl FnOnce(TcpStream) + Send + 'static) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        if let Ok((stream, _)) = listener.accept() {
            serve(stream);
        }
    });
    port
}

/// Reads the client's line, so the peer answers only after the request arrived.
fn read_request(stream: &mut TcpStream) -> Vec<u8> {
    let mut request = Vec::new();
    let mut byte = [0u8; 1];
    while !request.ends_with(b"\n") && request.len() < 1024 {
        match stream.read(&mut byte) {
            Ok(1) => request.push(byte[0]),
            _ => break,
        }
    }
    request
}

#[test]
fn show_prints_the_seed_lines() {
    let out = run(&["show"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "Default socket timeout: None\nCurrent socket timeout: 100.0\n"
    );
}

#[test]
fn normal_peer_reply_is_printed() {
    let port = peer(|mut s| {
        let request = read_request(&mut s);
        let _ = s.write_all(b"got: ");
        let _ = s.write_all(&request);
    });
    let out = run(&[
        "fetch",
        "--port",
        &port.to_string(),
        "--timeout",
        "2",
        "--message",
        "ping",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "got: ping\n");
}

#[test]
fn silent_peer_times_out_on_time() {
    let port = peer(|mut s| {
        read_request(&mut s);
        // Stay silent, keeping the connection open until the client gives up.
        let mut rest = Vec::new();
        let _ = s.read_to_end(&mut rest);
    });
    let start = Instant::now();
    let out = run(&["fetch", "--port", &port.to_string(), "--timeout", "0.6"]);
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        took >= Duration::from_millis(600) && took < Duration::from_millis(1100),
        "{took:?}"
    );
    assert_eq!(
        text(&out.stderr),
        "timeouts: timed out after 0.6 s waiting for reply\n"
    );
}

#[test]
fn slow_peer_within_the_timeout_succeeds() {
    let port = peer(|mut s| {
        read_request(&mut s);
        thread::sleep(Duration::from_millis(250)); // a quarter of the timeout
        let _ = s.write_all(b"late but fine\n");
    });
    let out = run(&["fetch", "--port", &port.to_string(), "--timeout", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "late but fine\n");
}

#[test]
fn trickling_peer_cannot_stretch_the_deadline() {
    let port = peer(|mut s| {
        read_request(&mut s);
        // One byte every 100 ms, never a newline: each read succeeds quickly,
        // but the whole reply never completes.
        for _ in 0..50 {
            if s.write_all(b"x").is_err() {
                break;
            }
            thread::sleep(Duration::from_millis(100));
        }
    });
    let start = Instant::now();
    let out = run(&["fetch", "--port", &port.to_string(), "--timeout", "0.5"]);
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(1));
    assert!(took < Duration::from_millis(1000), "{took:?}");
    assert!(text(&out.stderr).contains("timed out after 0.5 s waiting for reply"));
}

#[test]
fn refused_connection() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = run(&["fetch", "--port", &port.to_string(), "--timeout", "1"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with(&format!("timeouts: connect to 127.0.0.1:{port}: ")),
        "{err}"
    );
}

#[test]
fn full_accept_queue_gives_a_connect_timeout() {
    // A listener that never accepts: once its queue is full, the kernel drops new SYNs
    // and connects hang. Fill it (bounded), then the program's connect must time out.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let mut held = Vec::new();
    let mut full = false;
    for _ in 0..4096 {
        match TcpStream::connect_timeout(&addr, Duration::from_millis(100)) {
            Ok(stream) => held.push(stream),
            Err(_) => {
                full = true;
                break;
            }
        }
    }
    assert!(full, "could not fill the accept queue");
    let start = Instant::now();
    let out = run(&[
        "fetch",
        "--port",
        &addr.port().to_string(),
        "--timeout",
        "0.5",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(start.elapsed() < Duration::from_millis(1500));
    assert_eq!(
        text(&out.stderr),
        format!(
            "timeouts: timed out after 0.5 s connecting to 127.0.0.1:{}\n",
            addr.port()
        )
    );
}

#[test]
fn bad_input() {
    for timeout in ["-1", "0", "nan", "abc", "inf", ""] {
        let out = run(&["fetch", "--port", "9", "--timeout", timeout]);
        assert_eq!(out.status.code(), Some(2), "--timeout {timeout:?}");
        assert!(text(&out.stderr).contains("usage:"));
    }
    assert_eq!(run(&["fetch"]).status.code(), Some(2));
    assert_eq!(run(&["fetch", "--port", "70000"]).status.code(), Some(2));
    assert_eq!(run(&["fetch", "--port"]).status.code(), Some(2));
    assert_eq!(run(&["show", "extra"]).status.code(), Some(2));
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(run(&["--help"]).status.code(), Some(0));
}
