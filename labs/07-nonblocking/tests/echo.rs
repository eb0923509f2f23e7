//! Visible tests for lab 07: run the real program and talk to it over 127.0.0.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_nonblocking");

/// The running echo server; killed when the test ends, even on failure.
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

fn start_server() -> Server {
    let mut child = Command::new(BIN)
        .args(["echo-server", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let addr = first
        .trim()
        .strip_prefix("Echo server (poll) listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .to_string();
    Server { child, addr }
}

fn connect(addr: &str) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream
}

fn read_exact_echo(stream: &mut TcpStream, len: usize) -> Vec<u8> {
    let mut buf = vec![0u8; len];
    stream.read_exact(&mut buf).unwrap();
    buf
}

#[test]
fn trivial_reports_would_block() {
    let out = Command::new(BIN).arg("trivial").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("Trivial Server launched on socket: 127.0.0.1:"),
        "{text}"
    );
    assert_eq!(
        lines[1],
        "accept() would block: no client is waiting (WouldBlock)"
    );
}

#[test]
fn echoes_and_closes_after_eof() {
    let server = start_server();
    let mut s = connect(&server.addr);
    s.write_all(b"hello\n").unwrap();
    assert_eq!(read_exact_echo(&mut s, 6), b"hello\n");
    s.write_all(b"second").unwrap();
    s.shutdown(Shutdown::Write).unwrap();
    // After our EOF the server flushes what it owes us and closes.
    let mut rest = Vec::new();
    s.read_to_end(&mut rest).unwrap();
    assert_eq!(rest, b"second");
}

#[test]
fn hundred_clients_interleaved_one_thread() {
    let server = start_server();
    // An idle client that never sends must not hold anyone up.
    let _idle = connect(&server.addr);
    let mut clients: Vec<TcpStream> = (0..100).map(|_| connect(&server.addr)).collect();
    for round in 0..5 {
        for (i, c) in clients.iter_mut().enumerate() {
            c.write_all(format!("client {i} round {round};").as_bytes())
                .unwrap();
        }
        for (i, c) in clients.iter_mut().enumerate() {
            let expect = format!("client {i} round {round};");
            assert_eq!(read_exact_echo(c, expect.len()), expect.as_bytes());
        }
    }
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id()));
    if let Ok(status) = status {
        assert!(status.lines().any(|l| l == "Threads:\t1"), "{status}");
    }
}

#[test]
fn unread_writer_stalls_no_one_and_loses_nothing() {
    let server = start_server();
    let total = 4 * 1024 * 1024;
    let data: Vec<u8> = (0..total).map(|i| (i % 251) as u8).collect();

    // The greedy client writes 4 MiB from a thread and reads nothing meanwhile.
    let mut greedy = connect(&server.addr);
    let mut greedy_writer = greedy.try_clone().unwrap();
    let to_send = data.clone();
    let writer = thread::spawn(move || greedy_writer.write_all(&to_send));

    // Meanwhile another client is served promptly.
    let start = Instant::now();
    let mut other = connect(&server.addr);
    other.write_all(b"still served").unwrap();
    assert_eq!(read_exact_echo(&mut other, 12), b"still served");
    assert!(start.elapsed() < Duration::from_secs(10));

    // Now the greedy client reads and gets every byte back, in order.
    let echoed = read_exact_echo(&mut greedy, total);
    writer.join().unwrap().unwrap();
    assert!(echoed == data, "echoed bytes differ");
}

#[cfg(target_os = "linux")]
#[test]
fn idle_server_uses_no_cpu() {
    let server = start_server();
    let _idle = connect(&server.addr);
    let cpu_ticks = || {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", server.child.id())).unwrap();
        // Fields after the ")" that ends the program name: utime is the 12th, stime the 13th.
        let after = &stat[stat.rfind(')').unwrap() + 2..];
        let fields: Vec<u64> = after
            .split(' ')
            .skip(11)
            .take(2)
            .map(|f| f.parse().unwrap())
            .collect();
        fields[0] + fields[1]
    };
    let before = cpu_ticks();
    // Measuring CPU over a period needs the period to pass: this sleep is the measurement.
    thread::sleep(Duration::from_millis(1500));
    let used = cpu_ticks() - before;
    // A busy loop would burn ~150 ticks (100 per second); allow lots of slack.
    assert!(used < 30, "server used {used} ticks while idle");
}

#[test]
fn bad_input_is_a_usage_error() {
    for args in [
        &["echo-server", "--port", "abc"][..],
        &["echo-server", "--port", "99999"],
        &["echo-server", "--port"],
        &["frobnicate"],
        &[],
    ] {
        let out = Command::new(BIN).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8(out.stderr)
                .unwrap()
                .starts_with("nonblocking: ")
        );
    }
}

#[test]
fn bind_failure_is_one_line() {
    let out = Command::new(BIN)
        .args(["echo-server", "--host", "nohost.invalid"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("nonblocking: bind nohost.invalid:0: "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}
