//! Any language: `--bin NAME=CMD` replaces a lab's program with a command, and the same
//! protocol checks grade it. The course's Python echo (the seeds' programs, fixed) passes
//! every tcp-echo check; a Python server that keeps the seed's single `recv` does not. The
//! independent implementations under `fixtures/alternatives/` (no false failures) pass
//! every check of their lab.

use std::path::Path;
use std::sync::Arc;

use grader::grade::{self, Request};
use grader::outcome::Status;
use grader::snapshot::Snapshots;

fn python() -> Option<&'static str> {
    ["/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"]
        .into_iter()
        .find(|p| Path::new(p).exists())
}

fn grade_with(program: &str) -> grader::report::Report {
    grade_lab_with("tcp-echo", program)
}

/// Grades `lab` with its program (named like the lab) replaced by `command`.
fn grade_lab_with(lab: &str, command: &str) -> grader::report::Report {
    grade_lab_replacing(lab, vec![(lab.to_string(), command.to_string())])
}

/// Grades `lab` with each named program replaced by its command.
fn grade_lab_replacing(lab: &str, replacements: Vec<(String, String)>) -> grader::report::Report {
    let request = Request {
        path: grader::paths::checkout(),
        labs: vec![lab.to_string()],
        jobs: 2,
        replacements,
        target_dir: None,
        snapshots: Arc::new(Snapshots::compare(grader::paths::snapshots())),
    };
    grade::grade(request, &|_| {}).expect("grade")
}

#[test]
fn the_python_echo_passes_the_same_protocol_checks() {
    let Some(python) = python() else {
        eprintln!("skipped: no python3 on this machine");
        return;
    };
    let script = grader::paths::checkout().join("fixtures/python/tcp_echo.py");
    let report = grade_with(&format!("{python} {} {{args}}", script.display()));
    let failing: Vec<String> = report
        .checks
        .iter()
        .filter(|c| !matches!(c.status, Status::Passed | Status::NotApplicable))
        .map(|c| format!("{}: {}", c.id, c.reason.as_deref().unwrap_or("")))
        .collect();
    assert!(failing.is_empty(), "{}", failing.join("\n"));
    assert!(report.checks.iter().filter(|c| c.passed()).count() >= 10);
}

/// A program replaced by a script: (program, script, the script's first arguments).
type Replaced = (String, &'static str, String);

/// Correct programs written differently must pass every check: a Python UDP echo, a
/// single-threaded poll(2) TCP echo server, a Python SNTP client, a Python roll-call
/// server and client, Python versions of the host-info, ipv4-bytes, service-names,
/// timeouts, socket-errors, buffers and reuseaddr programs, a `selectors` non-blocking
/// echo server, and lab 13's four device servers (simulated board, hw-mock trace) and four
/// clients, each graded on its whole lab.
#[test]
fn the_alternative_implementations_pass_every_check() {
    let Some(python) = python() else {
        eprintln!("skipped: no python3 on this machine");
        return;
    };
    let alternatives = grader::paths::checkout().join("fixtures/alternatives");
    let mut labs: Vec<(&str, Vec<Replaced>)> = [
        ("udp-echo", "udp_echo.py"),
        ("tcp-echo", "tcp_echo_poll.py"),
        ("sntp-time", "sntp_time.py"),
        ("roll-call", "roll_call.py"),
        ("timeouts", "timeouts.py"),
        ("socket-errors", "socket_errors.py"),
        ("buffers", "buffers.py"),
        ("reuseaddr", "reuseaddr.py"),
        ("host-info", "host_info.py"),
        ("ipv4-bytes", "ipv4_bytes.py"),
        ("service-names", "service_names.py"),
        ("nonblocking", "nonblocking.py"),
    ]
    .into_iter()
    .map(|(lab, script)| (lab, vec![(lab.to_string(), script, String::new())]))
    .collect();
    // Lab 13: one file for the four servers, one for the four clients, the program's name
    // their first argument.
    let pi = ["led", "relay", "lcd", "climate"]
        .into_iter()
        .flat_map(|device| {
            [
                (device.to_string(), "pi_clients.py", format!("{device} ")),
                (
                    format!("{device}-server"),
                    "pi_servers.py",
                    format!("{device}-server "),
                ),
            ]
        });
    labs.push(("pi-devices", pi.collect()));
    let mut false_failures = Vec::new();
    for (lab, programs) in labs {
        let replacements = programs
            .into_iter()
            .map(|(program, script, first)| {
                let path = alternatives.join(script);
                (
                    program,
                    format!("{python} {} {first}{{args}}", path.display()),
                )
            })
            .collect();
        let report = grade_lab_replacing(lab, replacements);
        let all = grader::labs::find(lab).expect("a lab").checks.len();
        assert_eq!(report.checks.len(), all, "{lab}: not every check ran");
        false_failures.extend(
            report
                .checks
                .iter()
                .filter(|c| c.status != Status::Passed)
                .map(|c| format!("{lab} {}: {}", c.id, c.reason.as_deref().unwrap_or(""))),
        );
    }
    assert!(false_failures.is_empty(), "{}", false_failures.join("\n"));
}

#[test]
fn a_python_server_with_the_seeds_single_recv_fails_the_large_payload() {
    let Some(python) = python() else {
        eprintln!("skipped: no python3 on this machine");
        return;
    };
    // The seed's server loop: one recv(2048), send it back, close.
    let seed = r#"
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(5)
print("Starting up echo server on 127.0.0.1 port %d" % s.getsockname()[1], flush=True)
while True:
    client, address = s.accept()
    data = client.recv(2048)
    if data:
        client.send(data)
    client.close()
"#;
    let dir = std::env::temp_dir().join(format!("netlabs-seed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("seed_echo_server.py");
    std::fs::write(&script, seed).unwrap();
    let report = grade_with(&format!("{python} {}", script.display()));
    std::fs::remove_dir_all(&dir).unwrap();
    let status = |name: &str| {
        report
            .checks
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.status)
    };
    assert_eq!(status("server-large-payload"), Some(Status::Failed));
    assert_eq!(status("server-half-close"), Some(Status::Passed));
}
