//! `grader bench`: figures, not a test. How long a full grade of a built checkout takes
//! against the waits its checks need by design, how long a cold build takes, and how fast
//! some labs and peers are. Nothing here asserts: it prints a table for a person to read.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

use crate::grade::{self, Request};
use crate::snapshot::{self, Snapshots};
use crate::workspace;

/// One figure of the benchmark.
pub struct Figure {
    pub name: String,
    pub value: String,
    pub note: String,
}

fn figure(name: &str, value: String, note: &str) -> Figure {
    Figure {
        name: name.to_string(),
        value,
        note: note.to_string(),
    }
}

/// Runs every measurement on the checkout at `root`.
pub fn run(root: &Path, rounds: usize) -> Vec<Figure> {
    let mut figures = Vec::new();
    figures.extend(full_grade(root, rounds));
    figures.extend(cold_build(root));
    figures.extend(port_scan(root));
    figures.extend(nonblocking_capacity(root));
    figures.extend(classroom_check_ins());
    figures.extend(batch_cost(root));
    figures
}

fn full_grade(root: &Path, rounds: usize) -> Vec<Figure> {
    let mut walls = Vec::new();
    let mut required = 0.0;
    let mut passed = true;
    for _ in 0..rounds.max(1) {
        let request = Request {
            path: root.to_path_buf(),
            labs: Vec::new(),
            jobs: grade::default_jobs(),
            replacements: Vec::new(),
            target_dir: None,
            snapshots: Arc::new(Snapshots::compare(snapshot::default_dir())),
        };
        let started = Instant::now();
        match grade::grade(request, &|_| {}) {
            Ok(report) => {
                walls.push(started.elapsed().as_secs_f64());
                required = report.required_wait_ms / 1000.0;
                passed &= report.all_passed();
            }
            Err(e) => return vec![figure("full grade", "failed".into(), &e.to_string())],
        }
    }
    walls.sort_by(f64::total_cmp);
    let median = walls[walls.len() / 2];
    let jobs = grade::default_jobs() as f64;
    let floor = required / jobs;
    vec![
        figure(
            "full grade, wall (median)",
            format!("{median:.2} s"),
            &format!(
                "{} rounds, {} jobs, built checkout{}",
                walls.len(),
                jobs,
                if passed { "" } else { ", NOT all passed" }
            ),
        ),
        figure(
            "waits required by the checks (sum)",
            format!("{required:.2} s"),
            "timeouts under test, retries",
        ),
        figure(
            "ratio wall / required waits",
            format!("{:.2}", median / required.max(1e-9)),
            "target ≤ 1.25",
        ),
        figure(
            "ratio wall / (required waits / jobs)",
            format!("{:.2}", median / floor.max(1e-9)),
            "waits overlap across jobs",
        ),
    ]
}

fn cold_build(root: &Path) -> Vec<Figure> {
    let target = std::env::temp_dir().join(format!("netlabs-bench-target-{}", std::process::id()));
    let labs = match workspace::find_labs(root) {
        Ok(labs) => labs,
        Err(e) => return vec![figure("cold build", "failed".into(), &e.to_string())],
    };
    let started = Instant::now();
    let build = workspace::build(root, &labs, Some(&target));
    let elapsed = started.elapsed().as_secs_f64();
    let _ = std::fs::remove_dir_all(&target);
    match build {
        Ok(build) if build.errors.is_empty() => vec![
            figure(
                "cold build of every lab",
                format!("{elapsed:.1} s"),
                &format!(
                    "{} labs, fresh target dir, dev profile, manifest rules + staged workspace",
                    labs.len()
                ),
            ),
            plain_cold_build(root, &labs),
        ],
        Ok(build) => vec![figure(
            "cold build",
            "failed".into(),
            &format!("{} labs did not build", build.errors.len()),
        )],
        Err(e) => vec![figure("cold build", "failed".into(), &e.to_string())],
    }
}

/// The same cold build with plain cargo in the workspace (no manifest rules, no staged
/// workspace): the build sandbox's overhead is the difference.
fn plain_cold_build(root: &Path, labs: &[workspace::LabCrate]) -> Figure {
    let target = std::env::temp_dir().join(format!("netlabs-bench-plain-{}", std::process::id()));
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .current_dir(root)
        .args(["build", "--quiet", "--bins", "--target-dir"])
        .arg(&target);
    for lab in labs {
        command.args(["-p", &lab.package]);
    }
    let started = Instant::now();
    let ok = command.output().is_ok_and(|o| o.status.success());
    let elapsed = started.elapsed().as_secs_f64();
    let _ = std::fs::remove_dir_all(&target);
    match ok {
        true => figure(
            "cold build, plain cargo",
            format!("{elapsed:.1} s"),
            "same labs without the build sandbox",
        ),
        false => figure(
            "cold build, plain cargo",
            "failed".into(),
            "cargo build failed",
        ),
    }
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

/// `grader batch`'s marginal cost per submission: 20 copies of the instructor edition (and
/// of the student edition, from `release::write`) graded two at a time, each worker with the
/// build cache it keeps from one submission to the next, warmed by a first, separate copy.
fn batch_cost(root: &Path) -> Vec<Figure> {
    let grader = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => return vec![figure("batch", "failed".into(), &e.to_string())],
    };
    let scratch = std::env::temp_dir().join(format!("netlabs-bench-batch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let mut figures = vec![batch_of(
        root,
        &grader,
        &scratch.join("instructor"),
        "instructor edition",
    )];
    let student = scratch.join("student-edition");
    match crate::release::write(root, &student, true) {
        Ok(_) => figures.push(batch_of(
            &student,
            &grader,
            &scratch.join("student"),
            "student edition",
        )),
        Err(e) => figures.push(figure(
            "batch, student edition",
            "failed".into(),
            &e.to_string(),
        )),
    }
    let _ = std::fs::remove_dir_all(&scratch);
    figures
}

fn batch_of(edition: &Path, grader: &Path, dir: &Path, what: &str) -> Figure {
    const COPIES: usize = 20;
    let name = format!("batch, per submission ({what})");
    let (warm, class) = (dir.join("warm"), dir.join("class"));
    // One warm-up copy per worker: each worker keeps a cache of its own.
    let copies = (0..2)
        .map(|i| warm.join(format!("warm-{i}")))
        .chain((0..COPIES).map(|i| class.join(format!("student-{i:02}"))))
        .try_for_each(|to| crate::submission::copy_workspace(edition, &to));
    if let Err(e) = copies {
        return figure(&name, "failed".into(), &e.to_string());
    }
    let options = |class: &Path| {
        let mut options = crate::batch::Options::new(class, grader);
        options.target_dir = dir.join("cache");
        options
    };
    let hidden = indicatif::ProgressBar::hidden();
    if let Err(e) = crate::batch::run(&options(&warm), &hidden) {
        return figure(&name, "failed".into(), &e.to_string());
    }
    let started = Instant::now();
    match crate::batch::run(&options(&class), &hidden) {
        Ok(graded) => {
            let per = started.elapsed().as_secs_f64() / COPIES as f64;
            let ungraded = graded.students.iter().filter(|s| s.result.is_err()).count();
            figure(
                &name,
                format!("{per:.2} s"),
                &format!(
                    "{COPIES} copies, a warm cache per worker, {} at a time, {} jobs each, mean {:.0}%{}; target ≤ 3 s",
                    graded.parallel,
                    grade::default_jobs(),
                    graded.mean_percent(),
                    if ungraded > 0 {
                        format!(", {ungraded} NOT graded")
                    } else {
                        String::new()
                    }
                ),
            )
        }
        Err(e) => figure(&name, "failed".into(), &e.to_string()),
    }
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

/// The figures as a table.
pub fn render(figures: &[Figure]) -> String {
    let width = figures
        .iter()
        .map(|f| f.name.chars().count())
        .max()
        .unwrap_or(0);
    let value_width = figures.iter().map(|f| f.value.len()).max().unwrap_or(0);
    figures
        .iter()
        .map(|f| format!("{:width$}  {:>value_width$}  {}\n", f.name, f.value, f.note))
        .collect()
}
