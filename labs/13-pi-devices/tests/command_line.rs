//! The command-line shape every lab shares (explained in `labs/01-host-info/src/main.rs`),
//! through lab 13's programs: `--flag=VALUE`, `--help` anywhere, one wording for mistakes,
//! words that are not UTF-8, and a stdout nobody reads. Only loopback; no sleeps: the test
//! waits for the server's first line, which carries its port.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::os::unix::ffi::OsStrExt;
use std::process::{Child, Command, Output, Stdio};

fn run(program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .output()
        .expect("run the program")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// An LED server on a free port, killed when dropped. It is started with `--flag=VALUE`
/// words, and its stdout is closed once its first line is read.
struct LedServer {
    child: Child,
    port: String,
}

impl Drop for LedServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn led_server() -> LedServer {
    let mut child = Command::new(env!("CARGO_BIN_EXE_led-server"))
        .args(["--port=0", "--backend=sim", "--quiet"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start led-server");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("first line");
    // "Starting up LED server on 127.0.0.1 port 41234"
    let port = match first.trim_end().rsplit_once(" port ") {
        Some((_, port)) if port.parse::<u16>().is_ok() => port.to_string(),
        _ => panic!("first line: {first:?}"),
    };
    LedServer { child, port }
}

#[test]
fn flag_equals_value_is_the_same_as_two_words() {
    let server = led_server();
    let port = &server.port;
    let out = run(
        env!("CARGO_BIN_EXE_led"),
        &[&format!("--port={port}"), "on"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!("Connecting to 127.0.0.1 port {port}\nSending on\nOK led on\n")
    );
}

#[test]
fn help_anywhere_prints_the_usage_and_does_nothing_else() {
    // Port 1 on loopback has no server: a client that tried to connect would fail.
    let out = run(env!("CARGO_BIN_EXE_relay"), &["1", "--port", "1", "-h"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("usage: relay "), "{out:?}");
    assert!(!text(&out.stdout).contains("Connecting"));
    let out = run(
        env!("CARGO_BIN_EXE_climate-server"),
        &["--sim-temp", "20", "--help"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("usage: climate-server "));
}

#[test]
fn mistakes_are_usage_errors_worded_as_in_every_lab() {
    let cases: [(&str, &[&str], &str); 6] = [
        (
            env!("CARGO_BIN_EXE_led"),
            &["on", "off"],
            "led: unexpected argument 'off'",
        ),
        (
            env!("CARGO_BIN_EXE_climate"),
            &["--port"],
            "climate: --port needs a value",
        ),
        (
            env!("CARGO_BIN_EXE_lcd"),
            &["--colour", "red"],
            "lcd: unexpected argument '--colour'",
        ),
        (
            env!("CARGO_BIN_EXE_led-server"),
            &["--port=70000"],
            "led-server: invalid --port '70000': expected 0-65535",
        ),
        (
            env!("CARGO_BIN_EXE_relay-server"),
            &["--sim-temp", "20"],
            "relay-server: unexpected argument '--sim-temp'",
        ),
        (
            env!("CARGO_BIN_EXE_climate-server"),
            &["--sim-humidity=101"],
            "climate-server: invalid --sim-humidity '101': expected a number from 0 to 100",
        ),
    ];
    for (program, args, first_line) in cases {
        let out = run(program, args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().next(), Some(first_line));
        assert!(stderr.contains("\nusage: "), "{stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn non_utf8_argument_is_a_usage_error() {
    for (program, name) in [
        (env!("CARGO_BIN_EXE_lcd"), "lcd"),
        (env!("CARGO_BIN_EXE_lcd-server"), "lcd-server"),
    ] {
        let out = Command::new(program)
            .arg("--host")
            .arg(OsStr::from_bytes(b"local\xffhost"))
            .output()
            .expect("run the program");
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.starts_with(&format!("{name}: argument is not UTF-8")),
            "{stderr}"
        );
    }
}

/// A reader that has gone (`led on | true`): the output is dropped, no panic. The server's
/// own stdout is closed too after its first line, and it still serves.
#[test]
fn closed_stdout_is_not_a_panic() {
    let server = led_server();
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_led"))
        .args(["--port", &server.port, "on"])
        .stdout(writer)
        .output()
        .expect("run led");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
}
