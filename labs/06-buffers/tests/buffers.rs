//! Visible tests for lab 06: the library against the kernel, and the program's output.

use std::process::Command;
use std::time::Duration;

use buffers::{bench_one, format_csv, modify_buff_size, parse_size, parse_size_list, sys};

const BIN: &str = env!("CARGO_BIN_EXE_buffers");

/// What the kernel gives for SO_SNDBUF = n on a fresh socket, asked independently.
fn kernel_sndbuf_for(n: i32) -> usize {
    let s = sys::tcp_socket().unwrap();
    sys::set_int_option(&s, sys::SOL_SOCKET, sys::SO_SNDBUF, n).unwrap();
    sys::get_int_option(&s, sys::SOL_SOCKET, sys::SO_SNDBUF).unwrap() as usize
}

#[test]
fn report_matches_kernel() {
    let fresh = sys::tcp_socket().unwrap();
    let before = sys::get_int_option(&fresh, sys::SOL_SOCKET, sys::SO_SNDBUF).unwrap() as usize;
    let report = modify_buff_size(4096, 8192).unwrap();
    assert_eq!(report.send_before, before);
    assert_eq!(report.send_after, kernel_sndbuf_for(4096));
    assert!(report.recv_after >= 8192, "{report:?}");
    assert!(report.nodelay);
}

#[cfg(target_os = "linux")]
#[test]
fn linux_doubles_the_request() {
    let report = modify_buff_size(4096, 4096).unwrap();
    assert_eq!(report.send_after, 8192);
}

#[test]
fn sizes_parse() {
    assert_eq!(parse_size("4096"), Ok(4096));
    assert_eq!(parse_size("64KiB"), Ok(65536));
    assert_eq!(parse_size("64MiB"), Ok(64 * 1024 * 1024));
    assert_eq!(parse_size("1m"), Ok(1024 * 1024));
    assert!(parse_size("0").is_err());
    assert!(parse_size("-5").is_err());
    assert!(parse_size("abc").is_err());
    assert!(parse_size("12XB").is_err());
    assert!(parse_size("").is_err());
    assert!(parse_size("99999999999999999999").is_err());
    assert_eq!(parse_size_list("4096,64KiB"), Ok(vec![4096, 65536]));
    assert!(parse_size_list("4096,,1").is_err());
}

#[test]
fn bench_moves_every_byte() {
    let row = bench_one(65536, 4 * 1024 * 1024, Duration::from_secs(20)).unwrap();
    assert_eq!(row.bytes, 4 * 1024 * 1024);
    assert!(row.seconds > 0.0);
    assert!(row.mib_per_sec() > 0.0);
    assert!(row.actual_sndbuf > 0 && row.actual_rcvbuf > 0);
    let csv = format_csv(&[row]);
    assert!(csv.starts_with("requested,actual_sndbuf,actual_rcvbuf,bytes,seconds,mib_per_s\n"));
}

#[test]
fn bench_stops_at_time_cap() {
    // A huge byte budget with a short cap: it must stop on time, not after 64 GiB.
    let start = std::time::Instant::now();
    let row = bench_one(4096, 64 * 1024 * 1024 * 1024, Duration::from_millis(300)).unwrap();
    assert!(row.bytes > 0);
    assert!(
        start.elapsed() < Duration::from_secs(15),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn program_prints_seed_lines() {
    let out = Command::new(BIN).args(["--send", "4096"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("Buffer size [Before]:"), "{text}");
    assert_eq!(
        lines[1],
        format!("Buffer size [After]:{}", kernel_sndbuf_for(4096))
    );
    assert!(lines.contains(&"TCP_NODELAY: 1"), "{text}");
}

#[test]
fn program_bench_csv() {
    let out = Command::new(BIN)
        .args(["bench", "--sizes", "4KiB,64KiB", "--bytes", "1MiB", "--csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[1].starts_with("4096,"));
    assert!(lines[2].starts_with("65536,"));
    for line in &lines[1..] {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields.len(), 6);
        assert_eq!(fields[3], "1048576");
        assert!(fields[5].parse::<f64>().unwrap() > 0.0);
    }
}

#[test]
fn bad_input_is_a_usage_error() {
    for args in [
        &["--send", "0"][..],
        &["--recv", "lots"],
        &["--send"],
        &["--frobnicate"],
        &["bench", "--sizes", "0,4096"],
        &["bench", "--bytes", "x"],
    ] {
        let out = Command::new(BIN).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with("buffers: "), "{err}");
        assert!(err.contains("usage:"), "{err}");
    }
}

#[test]
fn help_goes_to_stdout() {
    let out = Command::new(BIN).arg("--help").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("usage:"));
}
