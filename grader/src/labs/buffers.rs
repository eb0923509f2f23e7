//! Checks of lab 06, buffers: the sizes the student's program reports against what the
//! kernel gives the grader for the same calls at run time (never hard-coded numbers: the
//! kernel doubles requests and caps them at `wmem_max`/`rmem_max`, which vary by machine),
//! and the shape of the benchmark's table and CSV.

use socket2::{Domain, Protocol, Socket, Type};

use super::Lab;
use super::common::{PROMPT, expect_success, expect_usage_error};
use crate::check::{Check, Context, Ctx, Failure};
use crate::harness::Finished;
use crate::random::Rng;
use crate::snapshot::Filter;
use crate::{ensure, fail};

const PROGRAM: &str = "buffers";
/// The benchmark under test: two sizes, 4 MiB each, so it takes a few milliseconds.
const BENCH_SIZES: [usize; 2] = [4096, 65536];
const BENCH_BYTES: u64 = 4 * 1024 * 1024;
const BENCH: &[&str] = &["bench", "--sizes", "4096,65536", "--bytes", "4MiB"];
const CSV_HEADER: &str = "requested,actual_sndbuf,actual_rcvbuf,bytes,seconds,mib_per_s";
const TABLE_COLUMNS: [&str; 6] = [
    "requested",
    "actual_sndbuf",
    "actual_rcvbuf",
    "bytes",
    "seconds",
    "MiB/s",
];

const LAB_NAME: &str = "buffers";

pub const LAB: Lab = Lab {
    package: "buffers",
    folder: "06-buffers",
    programs: &[LAB_NAME],
    checks: CHECKS,
};

#[rustfmt::skip]
const CHECKS: &[Check] = &[
    Check::new(LAB_NAME, "show-default", 2,
        "without options: the sizes before/after asking for 4096 bytes are what the kernel gives the grader; TCP_NODELAY: 1",
        "read SO_SNDBUF, set TCP_NODELAY, SO_SNDBUF, SO_RCVBUF, then read them back: print what getsockopt says",
        show_default),
    Check::new(LAB_NAME, "show-sizes", 2,
        "`--send 65536 --recv 32768`: the sizes after are what the kernel gives the grader for those requests",
        "pass --send to SO_SNDBUF and --recv to SO_RCVBUF (Linux doubles each)",
        show_sizes),
    Check::new(LAB_NAME, "bench-table", 2,
        "`bench --sizes 4096,65536 --bytes 4MiB`: a header and one row per size, all 4 MiB moved, figures positive",
        "count the bytes read() really returned; stop at --bytes; print one row per size in order",
        bench_table),
    Check::new(LAB_NAME, "bench-csv", 2,
        "`bench --sizes NKiB,1GiB --bytes B --csv` (this run's sizes and byte count, units spelt any way): the CSV header, one row per size in bytes, exactly B bytes moved, MiB/s that agrees",
        "KiB, MiB and GiB are 1024, 1024² and 1024³ in any case; never write more than --bytes in all; mib_per_s = bytes / 1048576 / seconds",
        bench_csv),
    Check::new(LAB_NAME, "bad-input", 1,
        "bad sizes (`--send 0`, `--send abc`, `--recv lots`, `bench --sizes ,`) are usage errors (exit 2)",
        "parse sizes as positive numbers (with KiB/MiB); an empty list item is an error",
        bad_input),
];

/// What the program (or the grader's own socket) reports.
#[derive(Debug, PartialEq, Eq)]
struct Sizes {
    send_before: usize,
    send_after: usize,
    recv_after: usize,
    nodelay: u8,
}

/// The same calls as the lab, in the same order, on a TCP socket of the grader's own.
fn kernel_sizes(send: usize, recv: usize) -> Result<Sizes, Failure> {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP))
        .context("grader: make a TCP socket")?;
    let send_before = socket
        .send_buffer_size()
        .context("grader: read SO_SNDBUF")?;
    socket
        .set_nodelay(true)
        .context("grader: set TCP_NODELAY")?;
    socket
        .set_send_buffer_size(send)
        .context("grader: set SO_SNDBUF")?;
    socket
        .set_recv_buffer_size(recv)
        .context("grader: set SO_RCVBUF")?;
    Ok(Sizes {
        send_before,
        send_after: socket
            .send_buffer_size()
            .context("grader: read SO_SNDBUF")?,
        recv_after: socket
            .recv_buffer_size()
            .context("grader: read SO_RCVBUF")?,
        nodelay: u8::from(socket.nodelay().context("grader: read TCP_NODELAY")?),
    })
}

/// The number after `label` on its own line, e.g. `Buffer size [Before]:16384`.
fn field(stdout: &str, label: &str) -> Result<usize, Failure> {
    let Some(line) = stdout.lines().find(|l| l.starts_with(label)) else {
        fail!("no `{label}N` line in the output")
    };
    match line[label.len()..].trim().parse() {
        Ok(n) => Ok(n),
        Err(_) => fail!("`{line}`: expected a number after `{label}`"),
    }
}

fn reported_sizes(finished: &Finished) -> Result<Sizes, Failure> {
    let stdout = finished.stdout_text();
    Ok(Sizes {
        send_before: field(&stdout, "Buffer size [Before]:")?,
        send_after: field(&stdout, "Buffer size [After]:")?,
        recv_after: field(&stdout, "Receive buffer size [After]:")?,
        nodelay: field(&stdout, "TCP_NODELAY:")?.min(255) as u8,
    })
}

/// Runs `buffers args` and compares what it printed with the grader's own socket.
fn compare_sizes(ctx: &Ctx, args: &[&str], send: usize, recv: usize) -> Result<Finished, Failure> {
    let finished = ctx.run(PROGRAM, args, PROMPT)?;
    expect_success(&finished)?;
    let got = reported_sizes(&finished)?;
    let want = kernel_sizes(send, recv)?;
    ctx.log
        .note(&format!("the grader's own socket, same calls: {want:?}"));
    let pairs = [
        ("Buffer size [Before]", got.send_before, want.send_before),
        ("Buffer size [After]", got.send_after, want.send_after),
        (
            "Receive buffer size [After]",
            got.recv_after,
            want.recv_after,
        ),
    ];
    for (label, got, want) in pairs {
        ensure!(
            got == want,
            "{label}: you printed {got}, the kernel gives {want} for the same calls \
             (asking for send {send}, receive {recv})"
        );
    }
    ensure!(
        got.nodelay == 1,
        "TCP_NODELAY: {} — it should be set (1) after set_nodelay",
        got.nodelay
    );
    ensure!(
        want.nodelay == 1,
        "grader: TCP_NODELAY did not stick on the grader's own socket"
    );
    Ok(finished)
}

fn show_default(ctx: &Ctx) -> Result<(), Failure> {
    let finished = compare_sizes(ctx, &[], 4096, 4096)?;
    // The numbers depend on the kernel; the lines around them do not.
    let filters = [Filter::new(
        r"(?m)^(Buffer size \[Before\]|Buffer size \[After\]|Receive buffer size \[After\]):\d+$",
        "$1:[BYTES]",
    )];
    ctx.snapshot("show-default", &finished.stdout_text(), &filters)
}

fn show_sizes(ctx: &Ctx) -> Result<(), Failure> {
    compare_sizes(ctx, &["--send", "65536", "--recv", "32768"], 65536, 32768).map(drop)
}

/// One benchmark row, as numbers.
#[derive(Debug)]
struct Row {
    requested: usize,
    sndbuf: f64,
    rcvbuf: f64,
    bytes: u64,
    seconds: f64,
    mib_per_s: f64,
}

fn parse_row(line: &str, fields: &[&str]) -> Result<Row, Failure> {
    ensure!(
        fields.len() == 6,
        "row `{line}` should have 6 columns, it has {}",
        fields.len()
    );
    let number = |i: usize| -> Result<f64, Failure> {
        match fields[i].trim().parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => fail!(
                "row `{line}`: column {} ({:?}) is not a number",
                i + 1,
                fields[i]
            ),
        }
    };
    let (requested, bytes) = match (fields[0].trim().parse(), fields[3].trim().parse()) {
        (Ok(r), Ok(b)) => (r, b),
        _ => fail!("row `{line}`: `requested` and `bytes` should be whole numbers"),
    };
    Ok(Row {
        requested,
        sndbuf: number(1)?,
        rcvbuf: number(2)?,
        bytes,
        seconds: number(4)?,
        mib_per_s: number(5)?,
    })
}

/// One row per benchmarked size, in order; every transfer exactly `bytes`; every figure
/// positive.
fn check_rows(rows: &[Row], sizes: &[usize], bytes: u64) -> Result<(), Failure> {
    ensure!(
        rows.len() == sizes.len(),
        "expected {} rows (one per size), got {}",
        sizes.len(),
        rows.len()
    );
    for (row, &size) in rows.iter().zip(sizes) {
        ensure!(
            row.requested == size,
            "the row for size {size} says requested {}",
            row.requested
        );
        ensure!(
            row.bytes == bytes,
            "size {size}: {} bytes moved, expected exactly --bytes ({bytes})",
            row.bytes
        );
        for (name, value) in [
            ("actual_sndbuf", row.sndbuf),
            ("actual_rcvbuf", row.rcvbuf),
            ("seconds", row.seconds),
            ("MiB/s", row.mib_per_s),
        ] {
            ensure!(
                value > 0.0,
                "size {size}: {name} is {value}, it should be positive"
            );
        }
    }
    Ok(())
}

fn bench_table(ctx: &Ctx) -> Result<(), Failure> {
    let finished = ctx.run(PROGRAM, BENCH, PROMPT)?;
    expect_success(&finished)?;
    let stdout = finished.stdout_text();
    let mut lines = stdout.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<&str> = lines.next().unwrap_or("").split_whitespace().collect();
    ensure!(
        header == TABLE_COLUMNS,
        "the table's header should name the columns {}, got {:?}",
        TABLE_COLUMNS.join(" "),
        header.join(" ")
    );
    let rows = lines
        .map(|line| parse_row(line, &line.split_whitespace().collect::<Vec<_>>()))
        .collect::<Result<Vec<_>, _>>()?;
    check_rows(&rows, &BENCH_SIZES, BENCH_BYTES)
}

/// This run's benchmark: a size in KiB and one of 1 GiB (the kernel caps it), each unit
/// spelt one of the ways the lab accepts, and a byte count that is not a multiple of a
/// 64 KiB write. Returns the arguments, the sizes in bytes and the byte count.
fn seeded_bench(ctx: &Ctx) -> (Vec<String>, Vec<usize>, u64) {
    let mut rng = Rng::for_check(&ctx.check.id());
    let kib = rng.range(4, 64) as usize;
    let k = *rng.pick(&["KiB", "kib", "K", "kb", "KB"]);
    let g = *rng.pick(&["GiB", "gib", "G", "gb", "GB"]);
    let bytes = BENCH_BYTES + rng.range(1, 65_535);
    let args = [
        "bench".to_string(),
        "--sizes".to_string(),
        format!("{kib}{k},1{g}"),
        "--bytes".to_string(),
        bytes.to_string(),
        "--csv".to_string(),
    ];
    (args.to_vec(), vec![kib * 1024, 1 << 30], bytes)
}

fn bench_csv(ctx: &Ctx) -> Result<(), Failure> {
    let (args, sizes, bytes) = seeded_bench(ctx);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let finished = ctx.run(PROGRAM, &args, PROMPT)?;
    expect_success(&finished)?;
    let stdout = finished.stdout_text();
    let mut lines = stdout.lines();
    let header = lines.next().unwrap_or("");
    ensure!(
        header == CSV_HEADER,
        "the CSV header should be `{CSV_HEADER}`, got `{header}`"
    );
    let rows = lines
        .map(|line| parse_row(line, &line.split(',').collect::<Vec<_>>()))
        .collect::<Result<Vec<_>, _>>()?;
    check_rows(&rows, &sizes, bytes)?;
    for row in &rows {
        let want = row.bytes as f64 / 1_048_576.0 / row.seconds;
        // The printed seconds are rounded to 6 decimals and MiB/s to 3.
        let low = row.bytes as f64 / 1_048_576.0 / (row.seconds + 0.000_001) - 0.001;
        let high = if row.seconds > 0.000_001 {
            row.bytes as f64 / 1_048_576.0 / (row.seconds - 0.000_001) + 0.001
        } else {
            f64::INFINITY
        };
        ensure!(
            (low * 0.999..=high * 1.001).contains(&row.mib_per_s),
            "size {}: mib_per_s is {}, but {} bytes in {} s is {want:.3} MiB/s",
            row.requested,
            row.mib_per_s,
            row.bytes,
            row.seconds
        );
    }
    Ok(())
}

fn bad_input(ctx: &Ctx) -> Result<(), Failure> {
    expect_usage_error(ctx, PROGRAM, &["--send", "0"])?;
    expect_usage_error(ctx, PROGRAM, &["--send", "abc"])?;
    expect_usage_error(ctx, PROGRAM, &["--recv", "lots"])?;
    expect_usage_error(ctx, PROGRAM, &["bench", "--sizes", ","])?;
    Ok(())
}
