//! Checks of lab 05, socket-errors: the client against the grader's HTTP/1.0 file server
//! (stdout must be the response byte for byte, text and binary), a peer that resets midway,
//! a closed port and a `.invalid` name, each with its own message.

use super::Lab;
use super::common::{PROMPT, closed_port, expect_failed_with, expect_success, expect_usage_error};
use crate::check::{Check, Context, Ctx, Failure};
use crate::harness::Finished;
use crate::peers::http::{self, Seen};
use crate::peers::loopback;
use crate::{ensure, fail};

const PROGRAM: &str = "socket-errors";
/// A name that never resolves (RFC 6761 reserves `.invalid`).
const INVALID: &str = "netlabs-no-such-host.invalid";

const LAB_NAME: &str = "socket-errors";

pub const LAB: Lab = Lab {
    package: "socket-errors",
    folder: "05-socket-errors",
    programs: &[LAB_NAME],
    checks: CHECKS,
};

#[rustfmt::skip]
const CHECKS: &[Check] = &[
    Check::new(LAB_NAME, "request-line", 2,
        "the server receives exactly `GET /index.html HTTP/1.0\\r\\n\\r\\n`",
        "format!(\"GET {path} HTTP/1.0\\r\\n\\r\\n\") and write_all it, nothing more",
        request_line),
    Check::new(LAB_NAME, "text-file", 2,
        "`--file /index.html`: stdout is the whole response (head and body) byte for byte, exit 0",
        "read until end of stream (read returns 0) and write each chunk to stdout as it is",
        text_file),
    Check::new(LAB_NAME, "binary-file", 3,
        "`--file /blob.bin` (1 MiB, every byte value): stdout is the response byte for byte",
        "write the raw bytes (io::stdout().write_all); never decode them as UTF-8 text",
        binary_file),
    Check::new(LAB_NAME, "reset-midway", 3,
        "a server that resets mid-body: the bytes that came are written, then `Error receiving data: …`, exit 1",
        "write each chunk as soon as it is read, so an error later does not lose it",
        reset_midway),
    Check::new(LAB_NAME, "closed-port", 1,
        "a port nobody listens on: `Connection error: …`, exit 1",
        "map a connect error to its own message",
        closed_port_error),
    Check::new(LAB_NAME, "bad-host", 1,
        "a `.invalid` host: `Address-related error connecting to server: …`, exit 1",
        "resolving the name is its own step with its own message (to_socket_addrs fails)",
        bad_host),
    Check::new(LAB_NAME, "bad-input", 1,
        "a missing --file, --host or --port, or a bad port, is a usage error (exit 2)",
        "check every required option before connecting",
        bad_input),
];

/// Room for the largest response (the 1 MiB blob and its headers), and then some.
const OUTPUT_CAP: usize = 2 << 20;

fn get(ctx: &Ctx, port: u16, file: &str) -> Result<Finished, Failure> {
    let port = port.to_string();
    ctx.run_capturing(
        PROGRAM,
        &["--host", "127.0.0.1", "--port", &port, "--file", file],
        PROMPT,
        OUTPUT_CAP,
    )
}

/// Compares what the program wrote with what the server sent, naming the first difference.
fn same_bytes(sent: &[u8], written: &[u8], truncated: bool) -> Result<(), Failure> {
    if let Some(at) = sent.iter().zip(written).position(|(a, b)| a != b) {
        fail!(
            "stdout differs from what the server sent at byte {at} (of {}): sent {:#04x}, written {:#04x}",
            sent.len(),
            sent[at],
            written[at]
        );
    }
    ensure!(
        !truncated,
        "stdout has more than {OUTPUT_CAP} bytes; the server sent {}",
        sent.len()
    );
    ensure!(
        written.len() == sent.len(),
        "the server sent {} bytes, stdout has {} (the first {} match)",
        sent.len(),
        written.len(),
        sent.len().min(written.len())
    );
    Ok(())
}

fn request_line(ctx: &Ctx) -> Result<(), Failure> {
    let seen = Seen::default();
    let peer = http::serve_files(loopback(), &ctx.log, crate::paths::www(), seen.clone())
        .context("start the HTTP peer")?;
    let finished = get(ctx, peer.port(), "/index.html")?;
    expect_success(&finished)?;
    let requests = seen.lock().unwrap().clone();
    let want = b"GET /index.html HTTP/1.0\r\n\r\n";
    match requests.as_slice() {
        [one] => ensure!(
            one == want,
            "the server received {:?}, expected {:?}",
            String::from_utf8_lossy(one),
            String::from_utf8_lossy(want)
        ),
        [] => fail!(
            "the server received no complete request (a request ends with an empty line, \\r\\n\\r\\n)"
        ),
        many => fail!("the server received {} requests, expected one", many.len()),
    }
    Ok(())
}

fn fetch_file(ctx: &Ctx, file: &str) -> Result<(), Failure> {
    let root = crate::paths::www();
    let peer = http::serve_files(loopback(), &ctx.log, root.clone(), Seen::default())
        .context("start the HTTP peer")?;
    let finished = get(ctx, peer.port(), file)?;
    expect_success(&finished)?;
    let sent = http::response_for(&root, file);
    if finished.stdout_truncated {
        ctx.log.note(&format!(
            "the grader keeps the first {} bytes of a program's output: those were compared",
            finished.stdout.len()
        ));
    }
    same_bytes(&sent, &finished.stdout, finished.stdout_truncated)?;
    ensure!(
        finished.stderr_text().trim().is_empty(),
        "a successful fetch should print nothing on stderr"
    );
    Ok(())
}

fn text_file(ctx: &Ctx) -> Result<(), Failure> {
    fetch_file(ctx, "/index.html")
}

fn binary_file(ctx: &Ctx) -> Result<(), Failure> {
    fetch_file(ctx, "/blob.bin")
}

fn reset_midway(ctx: &Ctx) -> Result<(), Failure> {
    let peer = http::serve_reset(loopback(), &ctx.log, Seen::default())
        .context("start the resetting peer")?;
    let finished = get(ctx, peer.port(), "/index.html")?;
    expect_failed_with(
        &finished,
        "socket-errors against a server that resets",
        "Error receiving data:",
    )?;
    let sent = http::reset_prefix();
    ensure!(
        finished.stdout.len() == sent.len(),
        "the server sent {} bytes before resetting: all of them should be on stdout, found {}",
        sent.len(),
        finished.stdout.len()
    );
    same_bytes(&sent, &finished.stdout, false)
}

fn closed_port_error(ctx: &Ctx) -> Result<(), Failure> {
    let port = closed_port();
    let finished = get(ctx, port, "/index.html")?;
    expect_failed_with(
        &finished,
        "socket-errors to a closed port",
        "Connection error:",
    )
}

fn bad_host(ctx: &Ctx) -> Result<(), Failure> {
    let finished = ctx.run(
        PROGRAM,
        &["--host", INVALID, "--port", "80", "--file", "/index.html"],
        PROMPT,
    )?;
    expect_failed_with(
        &finished,
        &format!("socket-errors --host {INVALID}"),
        "Address-related error connecting to server:",
    )
}

fn bad_input(ctx: &Ctx) -> Result<(), Failure> {
    expect_usage_error(ctx, PROGRAM, &["--host", "127.0.0.1", "--port", "80"])?;
    expect_usage_error(ctx, PROGRAM, &["--port", "80", "--file", "/index.html"])?;
    expect_usage_error(
        ctx,
        PROGRAM,
        &["--host", "127.0.0.1", "--file", "/index.html"],
    )?;
    expect_usage_error(
        ctx,
        PROGRAM,
        &["--host", "127.0.0.1", "--port", "http", "--file", "/"],
    )?;
    expect_usage_error(
        ctx,
        PROGRAM,
        &["--host", "127.0.0.1", "--port", "70000", "--file", "/"],
    )?;
    Ok(())
}
