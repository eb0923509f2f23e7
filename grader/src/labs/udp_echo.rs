//! Checks of lab 10, udp-echo: the student's server against the grader's datagrams, and the
//! student's client against lossy, silent and impostor peers.

use std::io::ErrorKind;
use std::net::{SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

use super::Lab;
use super::common::{PROMPT, expect_failed_with, expect_success, expect_usage_error};
use super::wire_proof::peer_received;
use crate::check::{Check, Context, Ctx, Failure, Process};
use crate::peers::{loopback, loopback_v6, udp_echo, unspecified};
use crate::random::Rng;
use crate::snapshot::Filter;
use crate::transcript::Kind;
use crate::{ensure, fail};

const PROGRAM: &str = "udp-echo";
const SERVER: &[&str] = &["server", "--port", "0"];
/// The client's timeout under test: short, so grading stays fast.
const TIMEOUT: &str = "0.2";
const TIMEOUT_SECS: f64 = 0.2;

const LAB_NAME: &str = "udp-echo";

pub const LAB: Lab = Lab {
    package: "udp-echo",
    folder: "10-udp-echo",
    programs: &[LAB_NAME],
    checks: CHECKS,
};

const CHECKS: &[Check] = &[
    Check::new(LAB_NAME, "server-output", 2,
        "the server prints its address first and logs each datagram as the seed does",
        "print `Starting up echo server on HOST port PORT` before the first recv_from, and flush",
        server_output),
    Check::new(LAB_NAME, "server-datagram-sizes", 3,
        "datagrams of 0, 1, 1472 and 65507 bytes come back exact",
        "receive into a 65507-byte buffer (or bigger) and echo empty datagrams too",
        server_datagram_sizes),
    Check::new(LAB_NAME, "server-interleaved-clients", 2,
        "three clients taking turns each get their own datagrams back",
        "send each echo to the address recv_from returned",
        server_interleaved_clients),
    Check::new(LAB_NAME, "server-ipv6", 1,
        "`--host ::1` serves over IPv6",
        "bind to (host, port) as given; do not assume IPv4",
        server_ipv6),
    Check::new(LAB_NAME, "client-output", 2,
        "the client's output matches the seed's (Connecting, Sending, received, Closing)",
        "print `received …` with the echo, then `Closing connection to the server`",
        client_output),
    Check::new(LAB_NAME, "client-lossy", 3,
        "a server that drops the first two datagrams: the client resends and succeeds",
        "after a timeout, send again: UDP never resends for you",
        client_lossy).waits_ms(400),
    Check::new(LAB_NAME, "client-black-hole", 3,
        "a server that never answers: `no reply after N attempts`, exit 1, within timeout × retries",
        "count attempts; after the last timeout, give up with an error",
        client_black_hole).waits_ms(400),
    Check::new(LAB_NAME, "client-stranger", 2,
        "a datagram from another address is ignored; the real echo is printed",
        "compare recv_from's source address with the server's address",
        client_stranger),
    Check::new(LAB_NAME, "client-strangers-keep-coming", 2,
        "strangers send a datagram every 50 ms while the server is silent: the client still gives up after its timeout",
        "compute the deadline once per attempt and wait only for what is left of it; a stranger's datagram does not restart the wait",
        client_strangers_keep_coming).waits_ms(300),
    Check::new(LAB_NAME, "client-ipv6", 1,
        "`--host ::1` talks to an IPv6 server; the message is Thai (UTF-8 beyond ASCII) and comes back intact",
        "bind the client socket to the server's address family ([::]:0 for IPv6)",
        client_ipv6),
    Check::new(LAB_NAME, "bad-input", 1,
        "bad ports and retry counts are usage errors (exit 2)",
        "parse numbers and report errors instead of unwrapping",
        bad_input),
];

/// A grader-side client socket talking to `server`.
fn client_socket(server: SocketAddr) -> Result<UdpSocket, Failure> {
    UdpSocket::bind(unspecified(server)).context("bind a client socket")
}

/// How often a wait for an echo looks whether the server is still running: a server that
/// died is reported at once instead of after the whole timeout.
const LIVENESS_SLICE: Duration = Duration::from_millis(100);

/// Sends `data` to the server and expects it back exactly.
fn round_trip(
    ctx: &Ctx,
    process: &Process,
    socket: &UdpSocket,
    server: SocketAddr,
    data: &[u8],
) -> Result<(), Failure> {
    let conn = 1;
    socket.send_to(data, server).context("send a datagram")?;
    ctx.log.record(conn, Kind::Send, "server", data, "");
    socket
        .set_read_timeout(Some(LIVENESS_SLICE))
        .context("set a timeout")?;
    let deadline = ctx.until(PROMPT);
    let mut buf = vec![0u8; 70_000];
    let (n, from) = loop {
        match socket.recv_from(&mut buf) {
            Ok(received) => break received,
            Err(e) if !matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                fail!(
                    "receiving the echo of a {}-byte datagram failed: {e}",
                    data.len()
                )
            }
            Err(_) if !process.is_alive() => {
                ctx.log.record(
                    conn,
                    Kind::Note,
                    "server",
                    &[],
                    "the server is no longer running",
                );
                fail!(
                    "the server exited before echoing a {}-byte datagram",
                    data.len()
                )
            }
            Err(_) if Instant::now() >= deadline => {
                ctx.log
                    .record(conn, Kind::Timeout, "server", &[], "no echo");
                fail!(
                    "no echo of a {}-byte datagram within {:.1} s",
                    data.len(),
                    PROMPT.as_secs_f64()
                )
            }
            Err(_) => {}
        }
    };
    ctx.log.record(
        conn,
        Kind::Recv,
        "server",
        &buf[..n],
        &format!("from {from}"),
    );
    ensure!(
        from == server,
        "the echo came from {from}, not from the server's {server}"
    );
    ensure!(
        n == data.len(),
        "sent a {}-byte datagram, got {n} bytes back",
        data.len()
    );
    ensure!(
        buf[..n] == *data,
        "the {n}-byte echo differs from what was sent"
    );
    Ok(())
}

fn server_output(ctx: &Ctx) -> Result<(), Failure> {
    let (server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let socket = client_socket(addr)?;
    let message = this_runs_message(ctx);
    round_trip(ctx, &server, &socket, addr, message.as_bytes())?;
    let sent = format!("sent {} bytes back to", message.len());
    let logged = server.wait_for_output(&sent, PROMPT);
    // Stopping may race with the "Waiting…" line printed right after the echo.
    let output = server.stop().stdout_text();
    logged.map_err(|f| {
        Failure::new(format!(
            "the {}-byte datagram was echoed (the protocol part passed), but {}",
            message.len(),
            f.reason
        ))
    })?;
    let filters = [
        Filter::new(r"\nWaiting to receive message from client\n*$", "\n"),
        Filter::literal(&message, "[MESSAGE]"),
        Filter::new(&format!(r"\b{} bytes\b", message.len()), "[LEN] bytes"),
    ];
    ctx.snapshot("server-output", &output, &filters)
}

fn server_datagram_sizes(ctx: &Ctx) -> Result<(), Failure> {
    let (server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let socket = client_socket(addr)?;
    // This run's bytes: any value, so invalid UTF-8 too.
    let mut rng = Rng::for_check(&ctx.check.id());
    for size in [0usize, 1, 1472, 65507] {
        let data = rng.bytes(size);
        round_trip(ctx, &server, &socket, addr, &data)?;
    }
    Ok(())
}

fn server_interleaved_clients(ctx: &Ctx) -> Result<(), Failure> {
    let (server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let clients: Vec<UdpSocket> = (0..3)
        .map(|_| client_socket(addr))
        .collect::<Result<_, _>>()?;
    for round in 0..3 {
        for (i, socket) in clients.iter().enumerate() {
            round_trip(
                ctx,
                &server,
                socket,
                addr,
                format!("client {i} round {round}").as_bytes(),
            )?;
        }
    }
    Ok(())
}

fn server_ipv6(ctx: &Ctx) -> Result<(), Failure> {
    let (server, addr) = ctx.start_server(PROGRAM, &["server", "--host", "::1", "--port", "0"])?;
    ensure!(
        addr.is_ipv6(),
        "with --host ::1 the server should bind ::1, it printed {addr}"
    );
    let socket = client_socket(addr)?;
    round_trip(ctx, &server, &socket, addr, b"over IPv6")
}

fn run_client(
    ctx: &Ctx,
    host: &str,
    port: u16,
    retries: &str,
    message: &str,
) -> Result<crate::harness::Finished, Failure> {
    let port = port.to_string();
    ctx.run(
        PROGRAM,
        &[
            "client",
            "--host",
            host,
            "--port",
            &port,
            "--timeout",
            TIMEOUT,
            "--retries",
            retries,
            "--message",
            message,
        ],
        PROMPT,
    )
}

/// This check's message: as long as the seed's "Test message. This will be echoed", with
/// words that change every run.
fn this_runs_message(ctx: &Ctx) -> String {
    Rng::for_check(&ctx.check.id()).message(33)
}

fn client_output(ctx: &Ctx) -> Result<(), Failure> {
    let peer = udp_echo::echo(loopback(), &ctx.log).context("start the echo peer")?;
    let message = this_runs_message(ctx);
    let finished = run_client(ctx, "127.0.0.1", peer.port(), "3", &message)?;
    expect_success(&finished)?;
    peer_received(ctx, message.as_bytes())?;
    let filters = [Filter::literal(&message, "[MESSAGE]")];
    ctx.snapshot("client-output", &finished.stdout_text(), &filters)
}

fn client_lossy(ctx: &Ctx) -> Result<(), Failure> {
    let peer = udp_echo::lossy(loopback(), &ctx.log, 2).context("start the lossy peer")?;
    let message = this_runs_message(ctx);
    let finished = run_client(ctx, "127.0.0.1", peer.port(), "4", &message)?;
    expect_success(&finished)?;
    peer_received(ctx, message.as_bytes())?;
    ensure!(
        finished
            .stdout_text()
            .contains(&format!("received {message}")),
        "after two lost datagrams the client should print the echo"
    );
    Ok(())
}

fn client_black_hole(ctx: &Ctx) -> Result<(), Failure> {
    let peer = udp_echo::black_hole(loopback(), &ctx.log).context("start the black hole")?;
    let started = Instant::now();
    let message = this_runs_message(ctx);
    let finished = run_client(ctx, "127.0.0.1", peer.port(), "2", &message)?;
    let elapsed = started.elapsed().as_secs_f64();
    expect_failed_with(
        &finished,
        "udp-echo client to a black hole",
        "no reply after 2 attempts",
    )?;
    let floor = 2.0 * TIMEOUT_SECS;
    ensure!(
        elapsed >= floor * 0.9,
        "gave up after {elapsed:.2} s, before 2 × {TIMEOUT} s had passed"
    );
    // Generous slack: the machine may be busy, but waiting far longer means extra tries.
    ensure!(
        elapsed <= floor + 1.5,
        "took {elapsed:.2} s to give up, expected about {floor:.1} s"
    );
    Ok(())
}

fn client_stranger(ctx: &Ctx) -> Result<(), Failure> {
    let peer = udp_echo::stranger(loopback(), &ctx.log).context("start the stranger peer")?;
    let message = this_runs_message(ctx);
    let finished = run_client(ctx, "127.0.0.1", peer.port(), "3", &message)?;
    expect_success(&finished)?;
    peer_received(ctx, message.as_bytes())?;
    let stdout = finished.stdout_text();
    let stranger = String::from_utf8_lossy(udp_echo::STRANGER_PAYLOAD);
    if stdout
        .lines()
        .any(|l| l.starts_with("received") && l.contains(stranger.as_ref()))
    {
        fail!("the client printed a datagram from a stranger's port as the echo");
    }
    ensure!(
        stdout.contains(&format!("received {message}")),
        "the client should print the real echo after ignoring the stranger"
    );
    Ok(())
}

fn client_strangers_keep_coming(ctx: &Ctx) -> Result<(), Failure> {
    let peer = udp_echo::pester(loopback(), &ctx.log).context("start the pestering peer")?;
    let message = this_runs_message(ctx);
    let started = Instant::now();
    let finished = ctx.run(
        PROGRAM,
        &[
            "client",
            "--port",
            &peer.port().to_string(),
            "--timeout",
            "0.3",
            "--retries",
            "1",
            "--message",
            &message,
        ],
        // Longer than the strangers last, so a client that waits for them is timed.
        Duration::from_secs(5),
    )?;
    let elapsed = started.elapsed().as_secs_f64();
    let strangers = ctx
        .log
        .events()
        .iter()
        .filter(|e| e.kind == Kind::Send)
        .count();
    expect_failed_with(
        &finished,
        "udp-echo client while strangers keep sending",
        "no reply after 1 attempts",
    )?;
    // Generous slack for a busy machine; the strangers go on for 3 s.
    ensure!(
        elapsed <= 0.3 + 1.3,
        "with --timeout 0.3 --retries 1 the client gave up after {elapsed:.2} s, while {strangers} \
         stranger datagrams arrived: each stranger restarted its wait"
    );
    Ok(())
}

fn client_ipv6(ctx: &Ctx) -> Result<(), Failure> {
    let peer = udp_echo::echo(loopback_v6(), &ctx.log).context("start an IPv6 echo peer")?;
    // Beyond ASCII too: Thai, as the seeds' students type it.
    let message = format!("สวัสดี {}", Rng::for_check(&ctx.check.id()).words(2));
    let finished = run_client(ctx, "::1", peer.port(), "3", &message)?;
    expect_success(&finished)?;
    peer_received(ctx, message.as_bytes())?;
    ensure!(
        finished
            .stdout_text()
            .contains(&format!("received {message}")),
        "no echo printed over IPv6"
    );
    Ok(())
}

fn bad_input(ctx: &Ctx) -> Result<(), Failure> {
    expect_usage_error(ctx, PROGRAM, &["client", "--port", "70000"])?;
    expect_usage_error(ctx, PROGRAM, &["client", "--retries", "0"])?;
    expect_usage_error(ctx, PROGRAM, &["client", "--timeout", "-1"])?;
    expect_usage_error(ctx, PROGRAM, &["server", "--port", "abc"])?;
    Ok(())
}
