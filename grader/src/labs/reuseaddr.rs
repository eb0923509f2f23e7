//! Checks of lab 08, reuseaddr: the server serves a client and closes first (so its side of
//! the connection sits in TIME_WAIT), is stopped, and is started again on the same port at
//! once: with `SO_REUSEADDR` the bind works, with `--no-reuse` it fails with `Address
//! already in use`. The grader makes sure TIME_WAIT really holds the port before it judges.

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::time::Duration;

use super::Lab;
use super::common::{PROMPT, connect, expect_failed_with, expect_success, expect_usage_error};
use crate::check::{Check, Ctx, Failure, Process, excerpt};
use crate::harness::Finished;
use crate::{ensure, fail};

const PROGRAM: &str = "reuseaddr";
/// How many fresh ports to try when the first start finds its port taken by someone else.
const PORT_TRIES: usize = 5;
/// The error a bind to a port held by TIME_WAIT must report.
const IN_USE: &str = "Address already in use";
/// How long a program whose output closed gets to be reaped.
const EXIT_GRACE: Duration = Duration::from_secs(1);

const LAB_NAME: &str = "reuseaddr";

pub const LAB: Lab = Lab {
    package: "reuseaddr",
    folder: "08-reuseaddr",
    programs: &[LAB_NAME],
    checks: CHECKS,
};

#[rustfmt::skip]
const CHECKS: &[Check] = &[
    Check::new(LAB_NAME, "output", 2,
        "`Old sock state: 0`, `New sock state: 1`, `Listening on port: P`, then `Connected by ADDR` per client",
        "make the socket without std (sys::tcp_socket_for) so SO_REUSEADDR starts off; print before and after setting it",
        output),
    Check::new(LAB_NAME, "restart-with-reuse", 3,
        "serve a client (the server closes first), stop, restart on the same port at once: it binds",
        "set SO_REUSEADDR before bind: the kernel then lets the port be reused while TIME_WAIT holds it",
        restart_with_reuse).deadline_secs(20),
    Check::new(LAB_NAME, "restart-without-reuse", 3,
        "the same with `--no-reuse` (both runs): the restart fails with `Address already in use`, exit 1, one line",
        "with --no-reuse set nothing (std's TcpListener::bind sets SO_REUSEADDR behind your back); report the bind error",
        restart_without_reuse).deadline_secs(20),
    Check::new(LAB_NAME, "max-clients", 1,
        "`--max-clients 2`: greets and closes two clients, then exits 0",
        "count the clients served and leave the accept loop after N",
        max_clients),
    Check::new(LAB_NAME, "bad-input", 1,
        "`--port 99999`, `--port abc` and `--max-clients 0` are usage errors (exit 2)",
        "parse the port as u16 and the client count as a number above 0",
        bad_input),
];

/// A free port: the grader binds 127.0.0.1:0, reads the port and closes the socket.
fn pick_port() -> Result<u16, Failure> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map_err(|e| grader_error(format!("grader: cannot pick a free port: {e}")))?;
    Ok(listener.port())
}

fn grader_error(reason: String) -> Failure {
    Failure {
        reason,
        diff: None,
        grader_error: true,
    }
}

/// How a start went: listening on the port, or exited.
enum Start<'a> {
    Listening(Process<'a>),
    Exited(Finished),
}

/// Starts the server on `port` and waits until it listens or exits.
fn start<'a>(ctx: &'a Ctx, port: u16, extra: &[&str]) -> Result<Start<'a>, Failure> {
    let port_text = port.to_string();
    let mut args = vec!["--port", port_text.as_str()];
    args.extend_from_slice(extra);
    let server = ctx.spawn(PROGRAM, &args)?;
    if server
        .wait_for_output("Listening on port: ", PROMPT)
        .is_ok()
    {
        let line = format!("Listening on port: {port}\n");
        if server.wait_for_output(&line, PROMPT).is_err() {
            fail!(
                "the server was started with --port {port} but printed: {}",
                last_line(&server.stdout_text())
            );
        }
        return Ok(Start::Listening(server));
    }
    // Its output closed (it exits) or it stayed silent: give it a moment to be reaped.
    match server.finish(ctx.allow(EXIT_GRACE)) {
        Ok(finished) => Ok(Start::Exited(finished)),
        Err(_) => fail!(
            "`reuseaddr {}` never printed `Listening on port: {port}`",
            args.join(" ")
        ),
    }
}

fn last_line(text: &str) -> String {
    excerpt(text.lines().last().unwrap_or(""))
}

/// The first start, on a port the grader picks; another port if that one was taken by
/// some other program in the meantime (rare, bounded).
fn first_start<'a>(ctx: &'a Ctx, extra: &[&str]) -> Result<(Process<'a>, u16), Failure> {
    for _ in 0..PORT_TRIES {
        let port = pick_port()?;
        match start(ctx, port, extra)? {
            Start::Listening(server) => return Ok((server, port)),
            Start::Exited(finished) if finished.stderr_text().contains(IN_USE) => {
                ctx.log.note(&format!(
                    "port {port} was taken before the server bound it: trying another"
                ));
            }
            Start::Exited(finished) => fail!(
                "the server ended ({}) before listening; stderr: {}",
                finished.exit,
                excerpt(&finished.stderr_text())
            ),
        }
    }
    Err(grader_error(format!(
        "grader: {PORT_TRIES} free ports in a row were taken before the server could bind them"
    )))
}

/// Connects, reads the greeting to the end (the server must close first), closes, and
/// waits for the server's `Connected by` line. Returns the greeting.
fn serve_one(ctx: &Ctx, server: &Process, port: u16) -> Result<Vec<u8>, Failure> {
    let mut wire = connect(ctx, SocketAddr::from((Ipv4Addr::LOCALHOST, port)))?;
    let greeting = match wire.read_to_end(64 * 1024) {
        Ok(greeting) => greeting,
        Err(e) => fail!(
            "after its greeting the server should close the connection itself (it closes first), but: {e}"
        ),
    };
    ensure!(
        !greeting.is_empty(),
        "the server closed the connection without a greeting"
    );
    wire.close();
    server.wait_for_output("Connected by 127.0.0.1:", PROMPT)?;
    Ok(greeting)
}

/// Whether a TCP socket bound to 127.0.0.1:`port` is in TIME_WAIT (state 06) in this
/// thread's network namespace.
fn in_time_wait(port: u16) -> bool {
    let table = std::fs::read_to_string("/proc/thread-self/net/tcp")
        .or_else(|_| std::fs::read_to_string("/proc/net/tcp"))
        .unwrap_or_default();
    let local = format!("0100007F:{port:04X}");
    table.lines().skip(1).any(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        fields.len() > 3 && fields[1] == local && fields[3] == "06"
    })
}

/// Serves a client, then makes sure the server's side of it is in TIME_WAIT, so that the
/// restart that follows proves something.
fn leave_time_wait(ctx: &Ctx, server: &Process, port: u16) -> Result<(), Failure> {
    serve_one(ctx, server, port)?;
    // The server closed first (we read its end of stream), then we closed: our FIN's ACK
    // moves its side to TIME_WAIT. On loopback that happens within our close; look a few
    // times in case the kernel is a moment late.
    let found = (0..500).any(|_| {
        let found = in_time_wait(port);
        if !found {
            std::thread::yield_now();
        }
        found
    });
    if !found {
        return Err(grader_error(format!(
            "grader: the server closed first, yet no TIME_WAIT holds 127.0.0.1:{port} \
             (is net.ipv4.tcp_max_tw_buckets 0 here?): a restart would prove nothing"
        )));
    }
    ctx.log.note(&format!("127.0.0.1:{port} is in TIME_WAIT"));
    Ok(())
}

fn output(ctx: &Ctx) -> Result<(), Failure> {
    let (server, port) = first_start(ctx, &[])?;
    serve_one(ctx, &server, port)?;
    let output = server.stop().stdout_text();
    ctx.snapshot("output", &output, &[])
}

fn restart_with_reuse(ctx: &Ctx) -> Result<(), Failure> {
    let (server, port) = first_start(ctx, &[])?;
    leave_time_wait(ctx, &server, port)?;
    server.stop();
    match start(ctx, port, &[])? {
        Start::Listening(again) => {
            // It listens for real: it serves a client.
            serve_one(ctx, &again, port)?;
            Ok(())
        }
        Start::Exited(finished) => fail!(
            "restarted at once on port {port} (TIME_WAIT holds it), the server could not bind it ({}): {} — \
             set SO_REUSEADDR before bind",
            finished.exit,
            excerpt(&finished.stderr_text())
        ),
    }
}

fn restart_without_reuse(ctx: &Ctx) -> Result<(), Failure> {
    let (server, port) = first_start(ctx, &["--no-reuse"])?;
    let stdout = server.stdout_text();
    ensure!(
        stdout.contains("Old sock state: 0\n") && stdout.contains("New sock state: 0\n"),
        "with --no-reuse both states should be 0, the server printed: {:?}",
        stdout.lines().take(2).collect::<Vec<_>>()
    );
    leave_time_wait(ctx, &server, port)?;
    server.stop();
    match start(ctx, port, &["--no-reuse"])? {
        Start::Listening(_) => fail!(
            "with --no-reuse the restart bound port {port} although TIME_WAIT holds it: \
             something sets SO_REUSEADDR anyway (std's TcpListener::bind does)"
        ),
        Start::Exited(finished) => expect_failed_with(
            &finished,
            "reuseaddr --no-reuse (restarted at once)",
            IN_USE,
        ),
    }
}

fn max_clients(ctx: &Ctx) -> Result<(), Failure> {
    let (server, port) = first_start(ctx, &["--max-clients", "2"])?;
    for _ in 0..2 {
        serve_one(ctx, &server, port)?;
    }
    let finished = server.finish(PROMPT)?;
    expect_success(&finished)?;
    let served = finished.stdout_text().matches("Connected by ").count();
    ensure!(
        served == 2,
        "the server should print `Connected by` twice, it did {served} times"
    );
    Ok(())
}

fn bad_input(ctx: &Ctx) -> Result<(), Failure> {
    expect_usage_error(ctx, PROGRAM, &["--port", "99999"])?;
    expect_usage_error(ctx, PROGRAM, &["--port", "abc"])?;
    expect_usage_error(ctx, PROGRAM, &["--max-clients", "0"])?;
    Ok(())
}
