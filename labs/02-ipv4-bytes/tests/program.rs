//! Runs the `ipv4-bytes` program and checks what it prints and its exit status.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ipv4-bytes"))
        .args(args)
        .output()
        .expect("run ipv4-bytes")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn pack_prints_the_seed_lines() {
    let out = run(&["pack", "127.0.0.1", "192.168.0.1"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "IP Address: 127.0.0.1 => Packed: 7f000001, Unpacked: 127.0.0.1\n\
         IP Address: 192.168.0.1 => Packed: c0a80001, Unpacked: 192.168.0.1\n"
    );
}

#[test]
fn pack_bad_address_names_it_and_keeps_the_others() {
    let out = run(&["pack", "127.1", "300.1.1.1", "1.2.256"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "IP Address: 127.1 => Packed: 7f000001, Unpacked: 127.0.0.1\n\
         IP Address: 1.2.256 => Packed: 01020100, Unpacked: 1.2.1.0\n"
    );
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("ipv4-bytes: ") && err.contains("300.1.1.1"),
        "{err}"
    );
}

#[test]
fn order_prints_both_lines() {
    let out = run(&["order", "1234"]);
    assert_eq!(out.status.code(), Some(0));
    let (long, short) = if cfg!(target_endian = "little") {
        (3_523_477_504u32, 53764u16)
    } else {
        (1234, 1234)
    };
    assert_eq!(
        stdout(&out),
        format!(
            "Original: 1234 => Long host byte order: {long}, Network byte order: {long}\n\
             Original: 1234 => Short host byte order: {short}, Network byte order: {short}\n"
        )
    );
}

#[test]
fn order_too_big_for_16_bits_prints_the_long_line_then_fails() {
    let out = run(&["order", "70000"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("Original: 70000 => Long host byte order: "));
    assert_eq!(stdout(&out).lines().count(), 1);
    assert!(
        stderr(&out).starts_with("ipv4-bytes: 70000 "),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_numbers_and_usage() {
    for bad in ["-1", "abc", "4294967296", ""] {
        let out = run(&["order", bad]);
        assert_eq!(out.status.code(), Some(1), "order {bad:?}");
        assert!(stdout(&out).is_empty());
        assert_eq!(stderr(&out).lines().count(), 1);
        assert!(stderr(&out).starts_with("ipv4-bytes: "));
    }
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(run(&["pack"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate", "1"]).status.code(), Some(2));
    let help = run(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).starts_with("usage: ipv4-bytes"));
}
