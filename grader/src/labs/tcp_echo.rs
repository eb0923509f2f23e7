//! Checks of lab 09, tcp-echo: the student's server against the grader's clients, and the
//! student's client against the grader's echo peers (honest, trickling, hanging up early).

use std::thread;
use std::time::Duration;

use super::Lab;
use super::common::{
    PROMPT, closed_port, connect, expect_failed_with, expect_success, expect_usage_error, same_echo,
};
use super::wire_proof::peer_received;
use crate::check::{Check, Context, Ctx, Failure};
use crate::peers::{loopback, loopback_v6, tcp_echo};
use crate::random::Rng;
use crate::snapshot::Filter;
use crate::{ensure, fail};

const PROGRAM: &str = "tcp-echo";
const SERVER: &[&str] = &["server", "--port", "0"];

const LAB_NAME: &str = "tcp-echo";

pub const LAB: Lab = Lab {
    package: "tcp-echo",
    folder: "09-tcp-echo",
    programs: &[LAB_NAME],
    checks: CHECKS,
};

const CHECKS: &[Check] = &[
    Check::new(
        LAB_NAME,
        "server-hello",
        2,
        "the server prints its address first, echoes this run's message and logs it as the seed does",
        "print `Starting up echo server on HOST port PORT` before accepting, and flush stdout",
        server_hello,
    ),
    Check::new(
        LAB_NAME,
        "server-large-payload",
        3,
        "1 MiB of random binary data comes back byte for byte",
        "loop: read what came, write it all back (write_all), until read returns 0",
        server_large_payload,
    ),
    Check::new(
        LAB_NAME,
        "server-sequential-clients",
        2,
        "100 clients one after another are all served",
        "keep accepting after a client leaves; close each client's socket when done",
        server_sequential_clients,
    ),
    Check::new(
        LAB_NAME,
        "server-concurrent-clients",
        3,
        "10 clients connected at once are all answered before any leaves",
        "serve each client on its own thread (thread::spawn) so one does not wait for another",
        server_concurrent_clients,
    ),
    Check::new(
        LAB_NAME,
        "server-half-close",
        2,
        "a client that half-closes still gets every byte back, then end of stream",
        "read until 0 bytes (end of stream), then return: dropping the stream closes it",
        server_half_close,
    ),
    Check::new(
        LAB_NAME,
        "server-survives-vanishing-client",
        2,
        "a client that resets mid-stream does not kill the server",
        "a write or read error on one client ends that client's thread, never the server",
        server_survives_vanishing_client,
    ),
    Check::new(
        LAB_NAME,
        "server-ipv6",
        1,
        "`--host ::1` serves over IPv6",
        "bind to (host, port) as given; do not assume IPv4",
        server_ipv6,
    ),
    Check::new(
        LAB_NAME,
        "client-output",
        2,
        "the client's output matches the seed's (Connecting, Sending, Received per read, Closing) for this run's message, which the echo server received; it reads no byte past its echo",
        "read 16 bytes at a time (never more than is still missing) and print each piece as `Received: …`",
        client_output,
    ),
    Check::new(
        LAB_NAME,
        "client-trickle",
        3,
        "a server that echoes in 1-to-3-byte pieces: the client keeps reading until all is back",
        "one read is not the whole message: loop until you have as many bytes as you sent",
        client_trickle,
    ),
    Check::new(
        LAB_NAME,
        "client-early-close",
        2,
        "a server that closes after half: `server closed the connection after N of M bytes`, exit 1",
        "a read of 0 bytes before everything came back is an error to report",
        client_early_close,
    ),
    Check::new(
        LAB_NAME,
        "client-ipv6",
        1,
        "`--host ::1` connects over IPv6; this run's message is Thai (UTF-8 beyond ASCII) and its Received lines print it intact",
        "resolve (host, port) with to_socket_addrs instead of formatting \"{host}:{port}\"",
        client_ipv6,
    ),
    Check::new(
        LAB_NAME,
        "bad-input",
        1,
        "bad ports are usage errors (exit 2); a refused connection is one line, exit 1",
        "parse --port as u16 and report errors instead of unwrapping",
        bad_input,
    ),
];

/// Sends `data` from a second thread while reading the echo, so neither side blocks on a
/// full buffer. Returns what came back.
fn echo_through(ctx: &Ctx, addr: std::net::SocketAddr, data: &[u8]) -> Result<Vec<u8>, Failure> {
    let mut wire = connect(ctx, addr)?;
    let mut writer = wire.try_clone().context("clone the socket")?;
    let back = thread::scope(|scope| {
        let sender = scope.spawn(move || writer.write_all(data).and_then(|_| writer.half_close()));
        let back = wire.read_to_end(data.len() + 1);
        (sender.join(), back)
    });
    match back {
        (Ok(Ok(())), Ok(back)) => Ok(back),
        (Ok(Err(e)), _) => fail!("sending to the server failed: {e}"),
        (_, Err(e)) => fail!("the echo did not come back: {e}"),
        (Err(_), _) => fail!("the sending thread panicked"),
    }
}

fn server_hello(ctx: &Ctx) -> Result<(), Failure> {
    let (server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let message = Rng::for_check(&ctx.check.id()).message(24);
    let back = echo_through(ctx, addr, message.as_bytes())?;
    same_echo(message.as_bytes(), &back)?;
    let sent = format!("sent {} bytes back to", message.len());
    let logged = server.wait_for_output(&sent, PROMPT);
    let output = server.stop().stdout_text();
    logged.map_err(|f| {
        Failure::new(format!(
            "the echo of {} bytes came back whole (the protocol part passed), but {}",
            message.len(),
            f.reason
        ))
    })?;
    let filters = [
        // Thread-per-client servers print "Waiting…" from the accept loop whenever it
        // runs: its place among the other lines is not the student's choice.
        Filter::new(r"(?m)^Waiting to receive message from client\n", ""),
        Filter::literal(&message, "[MESSAGE]"),
        Filter::literal(&sent, "sent [LEN] bytes back to"),
    ];
    ctx.snapshot("server-hello", &output, &filters)
}

fn server_large_payload(ctx: &Ctx) -> Result<(), Failure> {
    let (_server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let data = Rng::for_check(&ctx.check.id()).bytes(1 << 20);
    let back = echo_through(ctx, addr, &data)?;
    same_echo(&data, &back)
}

fn server_sequential_clients(ctx: &Ctx) -> Result<(), Failure> {
    let (_server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    for i in 0..100 {
        let message = format!("client {i}\n");
        let back = echo_through(ctx, addr, message.as_bytes())?;
        ensure!(
            back == message.as_bytes(),
            "client {i} got {:?} back",
            String::from_utf8_lossy(&back)
        );
    }
    Ok(())
}

fn server_concurrent_clients(ctx: &Ctx) -> Result<(), Failure> {
    let (_server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let mut clients = Vec::new();
    for _ in 0..10 {
        clients.push(connect(ctx, addr)?);
    }
    // Everyone is connected before anyone speaks, and nobody leaves before all are
    // answered: a server that serves one client at a time cannot pass.
    for (i, client) in clients.iter_mut().enumerate() {
        client
            .write_all(format!("client {i} says hi").as_bytes())
            .context("send")?;
    }
    for (i, client) in clients.iter_mut().enumerate() {
        let want = format!("client {i} says hi");
        let back = client.read_exact_or_eof(want.len()).map_err(|e| {
            Failure::new(format!(
                "client {i} of 10 got no echo while the others stayed connected: {e}"
            ))
        })?;
        ensure!(
            back == want.as_bytes(),
            "client {i} got {:?}",
            String::from_utf8_lossy(&back)
        );
    }
    // Then each leaves, and the server must close its side: every client's thread is done
    // before the server is stopped (a handler that panics after its echo has panicked by
    // then, and the panic rule sees it in the server's stderr).
    for (i, client) in clients.iter_mut().enumerate() {
        client.half_close().context("half-close")?;
        let rest = client.read_to_end(1).map_err(|e| {
            Failure::new(format!(
                "client {i} of 10 left after its echo, but the server did not close its side: {e}"
            ))
        })?;
        ensure!(
            rest.is_empty(),
            "client {i} got more bytes after its echo: {:?}",
            String::from_utf8_lossy(&rest)
        );
    }
    Ok(())
}

fn server_half_close(ctx: &Ctx) -> Result<(), Failure> {
    let (_server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let mut wire = connect(ctx, addr)?;
    let message = b"half-closed, still listening";
    wire.write_all(message).context("send")?;
    wire.half_close().context("half-close")?;
    let back = wire
        .read_to_end(message.len() + 1)
        .context("read the echo")?;
    same_echo(message, &back)?;
    // read_to_end stops at end of stream or one byte past: one more read must be the end.
    let mut probe = [0u8; 1];
    let n = wire
        .read(&mut probe)
        .context("wait for the server to close")?;
    ensure!(
        n == 0,
        "after the echo the server should close the connection"
    );
    Ok(())
}

fn server_survives_vanishing_client(ctx: &Ctx) -> Result<(), Failure> {
    let (server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let mut rude = connect(ctx, addr)?;
    // 256 KiB without reading: the server blocks writing the echo, then we reset.
    let _ = rude
        .stream()
        .set_write_timeout(Some(Duration::from_secs(1)));
    let _ = rude.write_all(&vec![b'x'; 256 * 1024]);
    rude.reset();
    let back = echo_through(ctx, addr, b"still there?")?;
    same_echo(b"still there?", &back)?;
    ensure!(
        server.is_alive(),
        "the server exited after a client reset its connection"
    );
    Ok(())
}

fn server_ipv6(ctx: &Ctx) -> Result<(), Failure> {
    let (_server, addr) = ctx.start_server(PROGRAM, &["server", "--host", "::1", "--port", "0"])?;
    ensure!(
        addr.is_ipv6(),
        "with --host ::1 the server should bind ::1, it printed {addr}"
    );
    let back = echo_through(ctx, addr, b"over IPv6")?;
    same_echo(b"over IPv6", &back)
}

/// Runs the student's client against `peer_port` with `message`.
fn run_client(
    ctx: &Ctx,
    host: &str,
    port: u16,
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
            "--message",
            message,
        ],
        PROMPT,
    )
}

/// What the peer of `client-output` sends after each echo, in the same write.
const TRAILER: &[u8] = b"<not part of the echo>";

fn client_output(ctx: &Ctx) -> Result<(), Failure> {
    let peer = tcp_echo::echo_with_trailer(loopback(), &ctx.log, TRAILER)
        .context("start the echo peer")?;
    // 30 bytes, as the seed's "Hello, Raspberry Pi3. I'm ETT.": two reads of 16.
    let message = Rng::for_check(&ctx.check.id()).message(30);
    let finished = run_client(ctx, "127.0.0.1", peer.port(), &message)?;
    expect_success(&finished)?;
    peer_received(ctx, message.as_bytes())?;
    let filters = [
        Filter::literal(&message, "[MESSAGE]"),
        Filter::literal(&format!(": {}\n", &message[..16]), ": [MESSAGE 1/2]\n"),
        Filter::literal(&format!(": {}\n", &message[16..]), ": [MESSAGE 2/2]\n"),
    ];
    ctx.snapshot("client-output", &finished.stdout_text(), &filters)
}

/// Thai words (UTF-8, three bytes a character) drawn for this run, with an ASCII space
/// wherever a character would straddle a 16-byte boundary: each 16-byte read of the echo
/// then holds whole characters and prints as sent.
fn thai_message(rng: &mut Rng) -> String {
    const WORDS: &[&str] = &[
        "สวัสดี",
        "ขอบคุณ",
        "เครือข่าย",
        "ซ็อกเก็ต",
        "ข้อความ",
        "นักเรียน",
        "ราสเบอร์รี่",
    ];
    let words: Vec<&str> = (0..4).map(|_| *rng.pick(WORDS)).collect();
    let mut message = String::new();
    for c in words.join(" ").chars() {
        while message.len() / 16 != (message.len() + c.len_utf8() - 1) / 16 {
            message.push(' ');
        }
        message.push(c);
    }
    message
}

/// The payload of every `Received: …` line, joined.
fn received_text(stdout: &str) -> String {
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix("Received: "))
        .collect()
}

fn client_trickle(ctx: &Ctx) -> Result<(), Failure> {
    let peer = tcp_echo::trickle(loopback(), &ctx.log).context("start the trickle peer")?;
    let message = &Rng::for_check(&ctx.check.id()).message(31);
    let finished = run_client(ctx, "127.0.0.1", peer.port(), message)?;
    expect_success(&finished)?;
    peer_received(ctx, message.as_bytes())?;
    let received = received_text(&finished.stdout_text());
    ensure!(
        &received == message,
        "the Received lines should add up to the whole message {message:?}, they add up to {received:?}"
    );
    Ok(())
}

fn client_early_close(ctx: &Ctx) -> Result<(), Failure> {
    let message = &Rng::for_check(&ctx.check.id()).message(28);
    let peer =
        tcp_echo::half_closer(loopback(), &ctx.log, message.len()).context("start the peer")?;
    let finished = run_client(ctx, "127.0.0.1", peer.port(), message)?;
    let expected = format!(
        "server closed the connection after {} of {} bytes",
        message.len() / 2,
        message.len()
    );
    expect_failed_with(&finished, "tcp-echo client", &expected)?;
    peer_received(ctx, message.as_bytes())
}

fn client_ipv6(ctx: &Ctx) -> Result<(), Failure> {
    let peer = tcp_echo::echo(loopback_v6(), &ctx.log).context("start an IPv6 echo peer")?;
    let message = thai_message(&mut Rng::for_check(&ctx.check.id()));
    let finished = run_client(ctx, "::1", peer.port(), &message)?;
    expect_success(&finished)?;
    peer_received(ctx, message.as_bytes())?;
    let received = received_text(&finished.stdout_text());
    ensure!(
        received == message,
        "the Received lines should add up to this run's Thai message {message:?} (its 16-byte \
         pieces end on whole characters), they add up to {received:?}"
    );
    Ok(())
}

fn bad_input(ctx: &Ctx) -> Result<(), Failure> {
    expect_usage_error(ctx, PROGRAM, &["client", "--port", "70000"])?;
    expect_usage_error(ctx, PROGRAM, &["server", "--port", "abc"])?;
    expect_usage_error(ctx, PROGRAM, &["client", "--port"])?;
    let port = closed_port().to_string();
    let finished = ctx.run(PROGRAM, &["client", "--port", &port], PROMPT)?;
    expect_failed_with(&finished, "tcp-echo client to a closed port", "refused")
}
