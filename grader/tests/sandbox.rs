//! The run-phase sandbox, seen from outside: where bwrap works a program is jailed (not
//! root, no view of the grader's checkout, its own PID namespace) and the report says so;
//! with the jail turned off, as on a machine without bwrap, grading still works and the
//! report's sandbox line says what applied instead. `batch` survives a grader child that
//! a signal ends; a grader stopped by SIGTERM while it starts programs leaves none running;
//! a stopped program leaves no zombie.

use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use grader::grade;
use grader::harness::jail::{self, FORCE_FALLBACK};
use grader::harness::{Launch, Running, Sandbox};

/// `grader grade tcp-echo --format json`, with the jail turned off or not.
fn grade_tcp_echo(fallback: bool) -> serde_json::Value {
    let mut command = Command::cargo_bin("grader").unwrap();
    command
        .current_dir(grader::paths::checkout())
        .args(["grade", "tcp-echo", "--format", "json"]);
    if fallback {
        command.env(FORCE_FALLBACK, "1");
    } else {
        command.env_remove(FORCE_FALLBACK);
    }
    let output = command.output().unwrap();
    serde_json::from_slice(&output.stdout).expect("a JSON report")
}

#[test]
fn without_the_jail_grading_still_works_and_says_so() {
    let report = grade_tcp_echo(true);
    assert_eq!(report["score"], report["max_score"], "{report}");
    let line = report["sandbox"].as_str().unwrap();
    assert!(
        line.starts_with(
            "programs: jail turned off (NETLABS_TEST_NO_JAIL): same uid as the grader"
        ),
        "{line}"
    );
}

#[test]
fn where_bwrap_works_the_report_says_programs_are_jailed() {
    if let Err(why) = jail::detect() {
        eprintln!("skipped: {why}");
        return;
    }
    let report = grade_tcp_echo(false);
    assert_eq!(report["score"], report["max_score"], "{report}");
    let line = report["sandbox"].as_str().unwrap();
    assert!(line.starts_with("programs: jailed by bwrap ("), "{line}");
}

/// Runs a shell command the way a check runs a student program.
fn jailed_shell(script: &str) -> (String, String) {
    let checkout = grader::paths::checkout();
    let sandbox = Sandbox::for_run(&[checkout.as_path()]);
    let launch = Launch {
        name: "sh".to_string(),
        argv: vec!["/bin/sh".into(), "-c".into(), script.into()],
    };
    let running = Running::spawn(&launch, &sandbox, 64 * 1024).expect("spawn");
    let (finished, in_time) = running.wait_or_kill(Instant::now() + Duration::from_secs(20));
    assert!(in_time, "the shell did not finish");
    (finished.stdout_text(), finished.stderr_text())
}

#[test]
fn a_jailed_program_sees_neither_the_checkout_nor_the_grader() {
    if let Err(why) = jail::detect() {
        eprintln!("skipped: {why}");
        return;
    }
    let snapshots = grader::paths::checkout().join("fixtures/snapshots");
    let snapshots = snapshots.canonicalize().unwrap();
    assert!(Path::new(&snapshots).is_dir());
    let (stdout, stderr) = jailed_shell(&format!(
        "id -u; ls {} >/dev/null 2>&1 && echo SNAPSHOTS-VISIBLE; kill -0 {} 2>/dev/null && echo GRADER-VISIBLE; echo $$; touch /usr/x 2>/dev/null && echo USR-WRITABLE; echo done",
        snapshots.display(),
        std::process::id()
    ));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.last(),
        Some(&"done"),
        "stdout {stdout:?}, stderr {stderr:?}"
    );
    if rustix::process::geteuid().is_root() {
        let uid: u32 = lines[0].parse().unwrap();
        assert!(jail::BOX_UIDS.contains(&uid), "runs as uid {uid}: {stdout}");
    }
    // Its own PID namespace: the shell is a small pid there, and the grader's pid is not.
    let pid: i32 = lines[1].parse().unwrap();
    assert!(
        pid < 10,
        "the shell's pid is {pid}: not its own PID namespace"
    );
    assert_eq!(lines.len(), 3, "{stdout}");
}

#[test]
fn batch_reports_a_grader_child_ended_by_a_signal_and_goes_on() {
    let root = std::env::temp_dir().join(format!("netlabs-batch-signal-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let class = root.join("class");
    for student in ["ada", "bea"] {
        grader::submission::copy_workspace(&grader::paths::checkout(), &class.join(student))
            .unwrap();
    }
    // A stand-in for the grader child: killed by SIGKILL, as a submission that signalled
    // its grader would leave it.
    let killer = root.join("killed-grader");
    std::fs::write(&killer, "#!/bin/sh\nkill -KILL $$\n").unwrap();
    std::fs::set_permissions(&killer, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let mut options = grader::batch::Options::new(&class, &killer);
    options.labs = vec!["tcp-echo".into()];
    options.target_dir = root.join("target");
    let graded = grader::batch::run(&options, &indicatif::ProgressBar::hidden()).unwrap();
    let csv = grader::batch::csv(&graded);
    let _ = std::fs::remove_dir_all(&root);
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{csv}");
    for row in rows {
        assert!(row.contains("grading process ended by signal 9"), "{csv}");
    }
}

#[test]
fn the_build_cannot_read_the_graders_snapshots() {
    if !grader::harness::build_jail::works() {
        eprintln!("skipped: the build is not jailed here");
        return;
    }
    let root = std::env::temp_dir().join(format!("netlabs-include-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    grader::submission::copy_workspace(&grader::paths::checkout(), &root).unwrap();
    // A student who knows where the grader lives embeds its expected output at build time.
    let snapshot = grader::paths::checkout()
        .join("fixtures/snapshots/tcp-echo__server-hello.snap")
        .canonicalize()
        .unwrap();
    let lib = root.join("labs/09-tcp-echo/src/lib.rs");
    let mut source = std::fs::read_to_string(&lib).unwrap();
    source.push_str(&format!(
        "\npub const EXPECTED: &str = include_str!({:?});\n",
        snapshot.display().to_string()
    ));
    std::fs::write(&lib, source).unwrap();
    let request = grade::Request {
        path: root.clone(),
        labs: vec!["tcp-echo".to_string()],
        jobs: 2,
        replacements: Vec::new(),
        target_dir: Some(grader::paths::checkout().join("target/netlabs-include-test")),
        snapshots: std::sync::Arc::new(grader::snapshot::Snapshots::compare(
            grader::paths::snapshots(),
        )),
    };
    let report = grade::grade(request, &|_| {}).unwrap();
    let _ = std::fs::remove_dir_all(&root);
    let first = &report.checks[0];
    assert_eq!(
        first.status,
        grader::outcome::Status::BuildFailed,
        "{first:?}"
    );
    let reason = first.reason.as_deref().unwrap_or("");
    assert!(reason.contains("couldn't read"), "{reason}");
    assert!(
        report.sandbox.contains("build: jailed by bwrap"),
        "{}",
        report.sandbox
    );
}

/// Polls `done` (every 2 ms) until it holds or `within` passes; returns whether it held.
fn poll_until(within: Duration, done: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + within;
    while !done() {
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    true
}

/// The processes still inside the program cgroups of grader `pid` (`netlabs-PID-N`).
fn left_in_cgroups_of(pid: u32) -> Vec<String> {
    let hierarchy = grader::harness::cgroup::hierarchy().expect("a pids hierarchy");
    let prefix = format!("netlabs-{pid}-");
    std::fs::read_dir(hierarchy)
        .unwrap()
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().starts_with(&prefix))
        .filter_map(|entry| std::fs::read_to_string(entry.path().join("cgroup.procs")).ok())
        .flat_map(|procs| procs.lines().map(String::from).collect::<Vec<_>>())
        .collect()
}

#[test]
fn a_grader_stopped_mid_run_leaves_no_program_running() {
    if grader::harness::cgroup::hierarchy().is_none() {
        eprintln!("skipped: no pids cgroup here (the check counts what is left in them)");
        return;
    }
    let mut grader = std::process::Command::new(env!("CARGO_BIN_EXE_grader"))
        .current_dir(grader::paths::checkout())
        .args([
            "grade",
            "tcp-echo",
            "udp-echo",
            "nonblocking",
            "--format",
            "json",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pid = grader.id();
    // Stopped while it starts programs: once the first one runs.
    let started = poll_until(Duration::from_secs(120), || {
        !left_in_cgroups_of(pid).is_empty()
    });
    assert!(started, "the grader started no program");
    let grader_pid = rustix::process::Pid::from_raw(pid as i32).unwrap();
    rustix::process::kill_process(grader_pid, rustix::process::Signal::TERM).unwrap();
    let status = grader.wait().unwrap();
    assert_eq!(status.code(), Some(143), "{status}");
    // Killed programs leave their cgroups as they finish dying; one that escaped stays.
    // (The cgroups themselves are removed when the next grader starts.)
    let gone = poll_until(Duration::from_secs(10), || {
        left_in_cgroups_of(pid).is_empty()
    });
    let left = left_in_cgroups_of(pid);
    assert!(gone, "still running after the grader stopped: {left:?}");
}

/// A stopped jailed program leaves no zombie behind. bwrap's init outlives bwrap when the
/// stop's SIGTERM ends bwrap first; the grader, a subreaper, inherits it and reaps it at
/// once: a zombie would stay counted in the pids cgroup the run's next program reuses.
#[test]
fn a_stopped_jailed_program_leaves_no_zombie() {
    let sandbox = Sandbox::for_run(&[]);
    if sandbox.jail.is_err() {
        eprintln!("skipped: no jail here");
        return;
    }
    grader::harness::registry::become_subreaper();
    let launch = Launch {
        name: "sleeper".into(),
        argv: vec!["/bin/sleep".into(), "30".into()],
    };
    let running = Running::spawn(&launch, &sandbox, 1024).unwrap();
    let group = running.pid();
    // Until the program itself runs, below bwrap and its init.
    assert!(poll_until(Duration::from_secs(10), || running
        .program_pid()
        != group));
    let _ = running.stop();
    let ours = std::process::id() as i32;
    let in_group = || {
        grader::harness::registry::children_of(ours)
            .into_iter()
            .filter(|&child| {
                let child = rustix::process::Pid::from_raw(child);
                rustix::process::getpgid(child).is_ok_and(|g| g.as_raw_pid() == group)
            })
            .collect::<Vec<i32>>()
    };
    assert!(
        poll_until(Duration::from_secs(10), || in_group().is_empty()),
        "children of the stopped program's group left unreaped: {:?}",
        in_group()
    );
}
