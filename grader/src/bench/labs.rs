//! The labs' and peers' own figures: lab 03's port scan, how many clients lab 07's
//! one-thread server holds, and the classroom server's check-ins per second.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use super::Figure;

fn figure(name: &str, value: String, note: &str) -> Figure {
    Figure::new(name, value, note.to_string())
}

/// The labs' and peers' own figures.
pub fn figures(root: &Path) -> Vec<Figure> {
    let mut figures = port_scan(root);
    figures.extend(nonblocking_capacity(root));
    figures.extend(classroom_check_ins());
    figures
}

/// The service-names lab's 1–1024 scan of loopback: refused connects are instant.
fn port_scan(root: &Path) -> Vec<Figure> {
    let exe = root.join("target/debug/service-names");
    if !exe.exists() {
        return Vec::new();
    }
    let mut times = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let ok = Command::new(&exe)
            .args(["scan", "--host", "127.0.0.1", "--ports", "1-1024"])
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            return vec![figure(
                "port scan 1-1024",
                "failed".into(),
                "service-names scan did not succeed",
            )];
        }
        times.push(started.elapsed());
    }
    times.sort();
    vec![figure(
        "port scan 1-1024 on loopback (median)",
        format!("{:.0} ms", times[2].as_secs_f64() * 1000.0),
        "lab 03, target < 1 s",
    )]
}

/// How many clients the nonblocking lab's one-thread `poll(2)` server holds at once: up to
/// `CLIENTS` connections are opened (bounded), then every one sends a line and reads it
/// back while all stay open.
fn nonblocking_capacity(root: &Path) -> Vec<Figure> {
    const CLIENTS: usize = 1000;
    let exe = root.join("target/debug/nonblocking");
    let Ok(mut server) = Command::new(&exe)
        .args(["echo-server", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .spawn()
    else {
        return Vec::new();
    };
    let mut first = String::new();
    let _ = std::io::BufRead::read_line(
        &mut std::io::BufReader::new(server.stdout.take().expect("piped")),
        &mut first,
    );
    let figures = match crate::harness::parse_bound_addr(&first) {
        Some(addr) => echo_many(addr, CLIENTS, server.id()),
        None => vec![figure(
            "nonblocking capacity",
            "failed".into(),
            "no address printed",
        )],
    };
    let _ = server.kill();
    let _ = server.wait();
    figures
}

fn echo_many(addr: std::net::SocketAddr, clients: usize, pid: u32) -> Vec<Figure> {
    use std::io::{Read, Write};
    let _ = crate::peers::roll_call::raise_open_files_limit();
    let started = Instant::now();
    let timeout = std::time::Duration::from_secs(5);
    let mut streams = Vec::new();
    for _ in 0..clients {
        match std::net::TcpStream::connect_timeout(&addr, timeout) {
            Ok(stream) => streams.push(stream),
            Err(_) => break,
        }
    }
    let mut echoed = 0;
    for (i, stream) in streams.iter_mut().enumerate() {
        let line = format!("client {i}\n");
        let mut back = vec![0u8; line.len()];
        let ok = stream.set_read_timeout(Some(timeout)).is_ok()
            && stream.write_all(line.as_bytes()).is_ok()
            && stream.read_exact(&mut back).is_ok()
            && back == line.as_bytes();
        echoed += usize::from(ok);
    }
    let threads = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Threads:").map(|t| t.trim().to_string()))
        })
        .unwrap_or_else(|| "?".into());
    vec![figure(
        "nonblocking server: clients echoed while all connected",
        format!("{echoed}/{clients}"),
        &format!(
            "lab 07, {threads} thread(s), {:.0} ms",
            started.elapsed().as_secs_f64() * 1000.0
        ),
    )]
}

/// The classroom server (`grader serve roll-call`) over loopback: 5,000 check-ins from 50
/// client threads, a connection each, every row on disk (fdatasync) before its OK.
pub fn classroom_check_ins() -> Vec<Figure> {
    use crate::peers::{Transcript, loopback, roll_call};
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::time::Duration;
    const THREADS: usize = 50;
    const EACH: usize = 100;
    let name = "roll-call classroom server, check-ins/s";
    let started_server = crate::harness::sandbox::WorkDir::new().and_then(|dir| {
        let config = roll_call::Config::new(dir.path().join("attendance.csv"));
        roll_call::start(loopback(), &Transcript::default(), config).map(|peer| (dir, peer))
    });
    let (_dir, peer) = match started_server {
        Ok(started) => started,
        Err(e) => return vec![figure(name, "failed".into(), &e.to_string())],
    };
    let addr = peer.addr();
    let check_in = move |line: String| -> bool {
        let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_secs(5)) else {
            return false;
        };
        let mut answer = Vec::new();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .is_ok()
            && stream.write_all(line.as_bytes()).is_ok()
            && (&mut stream).take(256).read_to_end(&mut answer).is_ok()
            && answer.starts_with(b"OK")
    };
    let started = Instant::now();
    let ok: usize = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..THREADS)
            .map(|t| {
                scope.spawn(move || {
                    (0..EACH)
                        .filter(|i| check_in(format!("b{t}-{i} Bench Student\r\n")))
                        .count()
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap_or(0)).sum()
    });
    let secs = started.elapsed().as_secs_f64();
    vec![figure(
        name,
        format!("{:.0} /s", ok as f64 / secs),
        &format!(
            "{ok} of {} OK in {secs:.2} s, {THREADS} client threads, loopback, fdatasync before OK",
            THREADS * EACH
        ),
    )]
}
