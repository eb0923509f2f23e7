//! The classroom server (`grader serve roll-call`) under a classroom's worth of load and
//! abuse, on loopback only: 1,000 clients held at once with bounded memory, garbage and
//! silent sockets, and `kill -9` losing no acknowledged check-in.
//!
//! Nothing sleeps to wait for the server: in-process servers bind port 0 and hand back
//! their address; the child process prints its address as its first line; answers are the
//! readiness signal.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use grader::harness::sandbox::WorkDir;
use grader::peers::roll_call::{self, Config};
use grader::peers::roster::{Attendance, Roster, read_rows};
use grader::peers::{Peer, Transcript, loopback};

const IO_TIMEOUT: Duration = Duration::from_secs(10);

fn start(out: &Path, tune: impl FnOnce(&mut Config)) -> Peer {
    let mut config = Config::new(out);
    tune(&mut config);
    roll_call::start(loopback(), &Transcript::default(), config)
        .expect("start the classroom server")
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect_timeout(&addr, IO_TIMEOUT).expect("connect");
    stream.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
    stream.set_write_timeout(Some(IO_TIMEOUT)).unwrap();
    stream
}

/// Everything the server sends until it closes (at most 4 KiB).
fn read_all(stream: &mut TcpStream) -> String {
    let mut got = Vec::new();
    stream
        .take(4096)
        .read_to_end(&mut got)
        .expect("read the answer");
    String::from_utf8_lossy(&got).into_owned()
}

/// One check-in from a fresh connection: the answer line, without `\r\n`.
fn check_in(addr: SocketAddr, line: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect_timeout(&addr, IO_TIMEOUT)?;
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.write_all(line.as_bytes())?;
    let mut got = Vec::new();
    (&mut stream).take(4096).read_to_end(&mut got)?;
    Ok(String::from_utf8_lossy(&got).trim_end().to_string())
}

/// The `n` of `OK <id> checked in (<n> present)`.
fn present(answer: &str, id: &str) -> usize {
    let rest = answer
        .strip_prefix(&format!("OK {id} checked in ("))
        .and_then(|r| r.strip_suffix(" present)"))
        .unwrap_or_else(|| panic!("expected OK for {id}, got {answer:?}"));
    rest.parse().unwrap()
}

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_thousand_clients_at_once_with_bounded_memory() {
    const CLIENTS: usize = 1000;
    let files = roll_call::raise_open_files_limit().expect("raise RLIMIT_NOFILE");
    assert!(
        files >= 2 * CLIENTS as u64 + 64,
        "need ~2,100 open files for this test, the hard limit is {files}"
    );
    let dir = WorkDir::new().unwrap();
    let out = dir.path().join("attendance.csv");
    let server = start(&out, |c| c.read_timeout = Duration::from_secs(30));
    let before = rss_kib();
    let started = Instant::now();
    // Every client connects and sends half its line: the server must hold them all.
    let mut clients: Vec<TcpStream> = (0..CLIENTS)
        .map(|i| {
            let mut stream = connect(server.addr());
            stream
                .write_all(format!("s{i:04} Student").as_bytes())
                .unwrap();
            stream
        })
        .collect();
    // Then, last first, each finishes its line and must be answered while the others are
    // still open and unfinished: a server that serves a bounded few at a time (a small
    // blocking pool, one at a time) never reaches the last client and times out.
    for (k, i) in (0..CLIENTS).rev().enumerate() {
        let stream = &mut clients[i];
        stream.write_all(format!(" {i}\r\n").as_bytes()).unwrap();
        let answer = read_all(stream);
        assert_eq!(
            present(answer.trim_end(), &format!("s{i:04}")),
            k + 1,
            "answer {answer:?}"
        );
    }
    let elapsed = started.elapsed();
    let during = rss_kib();
    drop(clients);
    let rows = read_rows(&out).unwrap();
    assert_eq!(rows.len(), CLIENTS, "one attendance row per check-in");
    let ids: HashSet<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), CLIENTS, "every id once");
    assert!(
        rows.iter()
            .all(|r| r.name.starts_with("Student ") && r.peer_address.starts_with("127.0.0.1:"))
    );
    let grown = during.saturating_sub(before);
    eprintln!(
        "1,000 clients held at once: all checked in in {:.0} ms; RSS {before} KiB -> {during} KiB (+{grown} KiB)",
        elapsed.as_secs_f64() * 1000.0
    );
    assert!(
        grown < 100 * 1024,
        "RSS grew by {grown} KiB holding 1,000 clients"
    );
    drop(server);
}

#[test]
fn garbage_slow_and_silent_clients_get_errors_and_the_server_keeps_serving() {
    let dir = WorkDir::new().unwrap();
    let out = dir.path().join("attendance.csv");
    let timeout = Duration::from_millis(300);
    let server = start(&out, |c| {
        c.read_timeout = timeout;
        c.roster = Some(Roster::parse("id,name\n1,A\n2,B\n3,C\n4,D\n").unwrap());
    });
    let addr = server.addr();
    let bad = "ERR bad check-in line";
    for line in [
        "\r\n",
        "1\r\n",
        "1 \r\n",
        " A\r\n",
        "1 a\tb\r\n",
        "1 \x1b[2J\r\n",
        "1\x00 A\r\n",
    ] {
        assert_eq!(check_in(addr, line).unwrap(), bad, "{line:?}");
    }
    let mut binary: Vec<u8> = (0u8..=255).filter(|&b| b != b'\n').collect();
    binary.push(b'\n');
    let mut stream = connect(addr);
    stream.write_all(&binary).unwrap();
    assert_eq!(read_all(&mut stream).trim_end(), bad);
    assert_eq!(
        check_in(addr, &format!("1 {}\r\n", "n".repeat(300))).unwrap(),
        bad,
        "a name over 256 bytes"
    );
    // Over 512 bytes, with or without a newline: `ERR line too long`, then the close.
    let too_long = "ERR line too long";
    assert_eq!(
        check_in(addr, &format!("{}\r\n", "x".repeat(600))).unwrap(),
        too_long
    );
    let mut flood = connect(addr);
    let _ = flood.write_all(&vec![b'y'; 64 * 1024]);
    assert_eq!(read_all(&mut flood).trim_end(), too_long);
    assert_eq!(check_in(addr, "9 Nobody\r\n").unwrap(), "ERR unknown id: 9");
    // Connects and resets at once; sends a line and leaves without reading.
    let rude = connect(addr);
    socket2::SockRef::from(&rude)
        .set_linger(Some(Duration::ZERO))
        .unwrap();
    drop(rude);
    let mut leaver = connect(addr);
    leaver.write_all(b"4 Leaves Early\r\n").unwrap();
    drop(leaver);
    // A half-open client that never sends: told so after the read timeout, then closed.
    let mut silent = connect(addr);
    let started = Instant::now();
    assert_eq!(
        read_all(&mut silent).trim_end(),
        "ERR timed out waiting for the check-in line"
    );
    let waited = started.elapsed();
    assert!(
        waited >= timeout - Duration::from_millis(20) && waited < Duration::from_secs(3),
        "{waited:?}"
    );
    // A dripping client (a byte every 50 ms, never a newline) is cut off the same way.
    let mut drip = connect(addr);
    drip.set_read_timeout(Some(Duration::from_millis(50)))
        .unwrap();
    let started = Instant::now();
    let mut cut_off = None;
    for _ in 0..100 {
        if drip.write_all(b"1").is_err() {
            cut_off = Some(String::from("(write failed)"));
            break;
        }
        let mut probe = [0u8; 64];
        match drip.read(&mut probe) {
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Ok(n) => {
                cut_off = Some(String::from_utf8_lossy(&probe[..n]).into_owned());
                break;
            }
            Err(e) => {
                cut_off = Some(e.to_string());
                break;
            }
        }
    }
    let waited = started.elapsed();
    let said = cut_off.expect("a dripping client was never cut off");
    assert!(
        said.starts_with("ERR timed out"),
        "the dripping client was told {said:?}"
    );
    assert!(
        waited >= timeout - Duration::from_millis(20) && waited < Duration::from_secs(3),
        "{waited:?}"
    );
    // Still serving: CRLF, LF only, and a last line ended by the close of the sending side.
    assert_eq!(
        check_in(addr, "1 Somchai Jaidee\r\n").unwrap(),
        "OK 1 checked in (2 present)"
    );
    assert_eq!(
        check_in(addr, "2 Somying\n").unwrap(),
        "OK 2 checked in (3 present)"
    );
    let mut half = connect(addr);
    half.write_all(b"3 Half Close").unwrap();
    half.shutdown(Shutdown::Write).unwrap();
    assert_eq!(
        read_all(&mut half).trim_end(),
        "OK 3 checked in (4 present)"
    );
    assert_eq!(
        check_in(addr, "1 Again\r\n").unwrap(),
        "ERR duplicate: 1 already checked in"
    );
    drop(server);
    let ids: Vec<String> = read_rows(&out).unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(
        ids,
        ["4", "1", "2", "3"],
        "the client that left early was still recorded"
    );
}

/// `grader serve roll-call` as a child process: killed on drop.
struct Serve {
    child: Child,
    addr: SocketAddr,
}

impl Serve {
    fn start(out: &Path) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_grader"))
            .args(["serve", "roll-call", "--bind", "127.0.0.1:0", "--out"])
            .arg(out)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start grader serve roll-call");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        let addr = first
            .trim()
            .strip_prefix("roll-call listening on ")
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"));
        // Keep reading the per-check-in lines so a full pipe never stalls the server.
        thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        Serve { child, addr }
    }

    /// SIGKILL, and wait for it to be gone.
    fn kill_9(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn temp_out(dir: &WorkDir) -> PathBuf {
    dir.path().join("attendance.csv")
}

#[test]
fn kill_9_right_after_an_ok_loses_nothing_and_duplicates_stay_refused_after_a_restart() {
    const N: usize = 40;
    let dir = WorkDir::new().unwrap();
    let out = temp_out(&dir);
    let mut serve = Serve::start(&out);
    for i in 1..=N {
        let answer = check_in(serve.addr, &format!("{i} Student, Number {i}\r\n")).unwrap();
        assert_eq!(answer, format!("OK {i} checked in ({i} present)"));
    }
    serve.kill_9();
    let rows = read_rows(&out).expect("every row parses");
    assert_eq!(rows.len(), N, "every acknowledged check-in is in the file");
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row.id, (i + 1).to_string());
        assert_eq!(row.name, format!("Student, Number {}", i + 1));
    }
    let serve = Serve::start(&out);
    assert_eq!(
        check_in(serve.addr, "1 Student Again\r\n").unwrap(),
        "ERR duplicate: 1 already checked in"
    );
    assert_eq!(
        check_in(serve.addr, &format!("{N} Again\r\n")).unwrap(),
        format!("ERR duplicate: {N} already checked in")
    );
    assert_eq!(
        check_in(serve.addr, "new Newcomer\r\n").unwrap(),
        format!("OK new checked in ({} present)", N + 1)
    );
}

#[test]
fn kill_9_during_a_storm_of_check_ins_loses_no_acknowledged_row() {
    const THREADS: usize = 8;
    const KILL_AFTER: usize = 300;
    let dir = WorkDir::new().unwrap();
    let out = temp_out(&dir);
    let mut serve = Serve::start(&out);
    let addr = serve.addr;
    let (acked, acks) = mpsc::channel::<String>();
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let acked = acked.clone();
            thread::spawn(move || {
                for i in 0..5_000 {
                    let id = format!("t{t}-{i}");
                    match check_in(addr, &format!("{id} Storm Student\r\n")) {
                        Ok(answer) if answer.starts_with("OK") => {
                            if acked.send(id).is_err() {
                                return;
                            }
                        }
                        // Killed: refused connects, resets, or a close without an answer.
                        _ => return,
                    }
                }
            })
        })
        .collect();
    drop(acked);
    let mut acknowledged: Vec<String> = acks.iter().take(KILL_AFTER).collect();
    serve.kill_9();
    for worker in workers {
        worker.join().unwrap();
    }
    acknowledged.extend(acks.iter());
    assert!(
        acknowledged.len() >= KILL_AFTER,
        "the storm ended before the kill"
    );
    // The file may end in a row cut short (never acknowledged); all else parses.
    let text = std::fs::read_to_string(&out).unwrap();
    let whole = &text[..text.rfind('\n').map_or(0, |i| i + 1)];
    let recorded: HashSet<String> = whole
        .lines()
        .skip(1)
        .map(|l| {
            grader::peers::roster::Row::parse(l)
                .expect("a whole row parses")
                .id
        })
        .collect();
    let missing: Vec<&String> = acknowledged
        .iter()
        .filter(|id| !recorded.contains(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "acknowledged but not on disk: {missing:?}"
    );
    // The file opens again (a torn tail is dropped) and everyone stays checked in.
    let (reopened, _dropped) = Attendance::open(&out).unwrap();
    assert_eq!(reopened.count(), recorded.len());
    drop(reopened);
    let serve = Serve::start(&out);
    let first = &acknowledged[0];
    assert_eq!(
        check_in(serve.addr, &format!("{first} Again\r\n")).unwrap(),
        format!("ERR duplicate: {first} already checked in")
    );
    eprintln!(
        "storm: {} acknowledged before and during kill -9, {} rows on disk",
        acknowledged.len(),
        recorded.len()
    );
}

#[test]
fn serve_by_hand_announces_each_check_in_and_refusal_where_the_command_line_says() {
    let dir = WorkDir::new().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_grader"))
        .args(["serve", "roll-call", "--bind", "127.0.0.1:0", "--out"])
        .arg(temp_out(&dir))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start grader serve roll-call");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let addr: SocketAddr = line
        .trim()
        .strip_prefix("roll-call listening on ")
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
    let answer = check_in(addr, "6210500001 Somchai\r\n").unwrap();
    assert_eq!(present(&answer, "6210500001"), 1);
    check_in(addr, "6210500001 Somchai\r\n").unwrap(); // a duplicate: refused
    line.clear();
    stdout.read_line(&mut line).unwrap();
    assert!(
        line.starts_with("[1 present] 6210500001 Somchai from 127.0.0.1:"),
        "check-in line on stdout: {line:?}"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(stderr.contains("attendance file"), "stderr: {stderr:?}");
    assert!(stderr.contains("refused 127.0.0.1:"), "stderr: {stderr:?}");
}
