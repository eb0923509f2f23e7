//! Checks of lab 12, roll-call: the student's `id`/`name` server against the grader's line
//! client (split, pipelined, LF-only, unknown, oversize and garbage lines, many clients),
//! and the student's check-in client against the grader's classroom server
//! (`peers::roll_call`), run in-process with a temporary roster and attendance file.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::Lab;
use super::common::{
    PROMPT, closed_port, connect, expect_failed_with, expect_success, expect_usage_error,
};
use crate::check::{Check, Context, Ctx, Failure};
use crate::harness::Finished;
use crate::harness::sandbox::WorkDir;
use crate::peers::lines::{Lines, NoLine};
use crate::peers::roster::{Roster, read_rows};
use crate::peers::{Peer, Wire, loopback, roll_call};
use crate::random::Rng;
use crate::{ensure, fail};

const PROGRAM: &str = "roll-call";
const ID: &str = "6210500001";
const NAME: &str = "Somchai Jaidee";
const SERVER: &[&str] = &["server", "--port", "0", "--id", ID, "--name", NAME];
/// The longest answer line the grader reads.
const MAX_ANSWER: usize = 4096;
/// The longest line the lab accepts: 1 KiB, not counting its line ending.
const MAX_LINE: usize = 1024;
/// How long the grader listens for an answer that must not come (a half command).
const SILENCE: Duration = Duration::from_millis(250);

const LAB_NAME: &str = "roll-call";

pub const LAB: Lab = Lab {
    package: "roll-call",
    folder: "12-roll-call",
    programs: &[LAB_NAME],
    checks: CHECKS,
};

const CHECKS: &[Check] = &[
    Check::new(
        LAB_NAME,
        "server-output",
        1,
        "the server's first line says where it listens",
        "print `Roll-call server listening on ADDR` with the bound address, then flush stdout",
        server_output,
    ),
    Check::new(
        LAB_NAME,
        "server-id-name",
        2,
        "`id\\r\\n` is answered `ID\\r\\n` and `name\\r\\n` `NAME\\r\\n`, on one connection",
        "answer each command with one line ending in \\r\\n; keep reading after an answer",
        server_id_name,
    ),
    Check::new(
        LAB_NAME,
        "server-split-command",
        3,
        "a command split across packets (`i`, then `d\\r\\n`) is answered once, when whole",
        "one read is not one command: keep bytes in a buffer until a \\n arrives",
        server_split_command,
    )
    .waits_ms(250),
    Check::new(
        LAB_NAME,
        "server-pipelined",
        3,
        "`id\\r\\nname\\r\\nid\\r\\n` in one write gets three answers, in order",
        "one read may hold several lines: answer every whole line in the buffer before reading again",
        server_pipelined,
    ),
    Check::new(
        LAB_NAME,
        "server-lf-only",
        1,
        "lines ending in `\\n` alone (no `\\r`) work too",
        "a line ends at \\n; drop a \\r before it if there is one",
        server_lf_only,
    ),
    Check::new(
        LAB_NAME,
        "server-unknown-command",
        2,
        "an unknown command gets an `ERR` line and the connection stays usable",
        "answer `ERR unknown command: …` and go on reading; never unwrap a client's input",
        server_unknown_command,
    ),
    Check::new(
        LAB_NAME,
        "server-long-line",
        2,
        "a 2 KiB line gets an `ERR` line; then the server closes or stays usable, and keeps serving",
        "bound the buffer (1024 bytes); send `ERR line too long`, stop writing, drain a moment, close",
        server_long_line,
    ),
    Check::new(
        LAB_NAME,
        "server-garbage",
        2,
        "non-UTF-8 and control bytes get an `ERR` line without raw control characters; no crash",
        "decode with String::from_utf8_lossy and replace control characters before echoing",
        server_garbage,
    ),
    Check::new(
        LAB_NAME,
        "server-variants",
        2,
        "`  ID `, `Name`, `nAmE` are answered; a Thai command gets an ERR line with its text intact; a last `id` before EOF without a newline is answered",
        "trim the line and compare with eq_ignore_ascii_case; decode as UTF-8 (lossy), not byte by byte; at EOF answer what is left in the buffer",
        server_variants,
    ),
    Check::new(
        LAB_NAME,
        "server-long-line-no-newline",
        2,
        "2 KiB with no newline at all gets `ERR line too long` at once; a line of exactly 1 KiB (the limit) is no error, before its newline comes or after",
        "check the buffer's length after every read, not only when a line is complete; over 1024 bytes (not counting \\r\\n) is too long",
        server_long_line_no_newline,
    ),
    Check::new(
        LAB_NAME,
        "server-concurrent-clients",
        2,
        "10 clients connected at once are all answered",
        "serve each client on its own thread so one does not wait for another",
        server_concurrent_clients,
    ),
    Check::new(
        LAB_NAME,
        "server-idle-client",
        1,
        "a client silent longer than `--idle-timeout 0.3` is hung up on (end of stream), and the server goes on serving",
        "set the idle time as each connection's read timeout; a read that times out ends that connection, not the server",
        server_idle_client,
    )
    .waits_ms(300),
    Check::new(
        LAB_NAME,
        "client-check-in",
        3,
        "the client checks in with the classroom server: `Server says: OK …`, exit 0, attendance recorded",
        "send `ID NAME\\r\\n` in one line, read the answer up to \\n or the close",
        client_check_in,
    ),
    Check::new(
        LAB_NAME,
        "client-duplicate",
        2,
        "a second check-in: the client prints the server's `ERR duplicate` on stderr and exits 1",
        "anything but `OK…` is a failure: print `roll-call: server says: ANSWER` and exit 1",
        client_duplicate,
    ),
    Check::new(
        LAB_NAME,
        "client-unknown-id",
        1,
        "an id not in the roster: the server's `ERR unknown id` on stderr, exit 1",
        "anything but `OK…` is a failure: print `roll-call: server says: ANSWER` and exit 1",
        client_unknown_id,
    ),
    Check::new(
        LAB_NAME,
        "bad-input",
        1,
        "a missing --id is a usage error (exit 2); a refused connection is one line, exit 1",
        "check required options before connecting; report connect errors instead of unwrapping",
        bad_input,
    ),
];

/// The grader's client on the student's server: reads answers line by line.
struct Client {
    wire: Wire,
    lines: Lines,
}

impl Client {
    fn connect(ctx: &Ctx, addr: SocketAddr) -> Result<Client, Failure> {
        let wire = connect(ctx, addr)?;
        // Every write goes out as its own segment: a split command really arrives split.
        wire.stream().set_nodelay(true).context("set TCP_NODELAY")?;
        Ok(Client {
            wire,
            lines: Lines::new(MAX_ANSWER),
        })
    }

    fn send(&mut self, data: &[u8]) -> Result<(), Failure> {
        self.wire.write_all(data).context("send to the server")
    }

    /// The next line, with its `\n` (and `\r`, if any).
    fn line(&mut self) -> Result<Vec<u8>, NoLine> {
        self.lines.next(&mut self.wire)
    }

    /// The answer to `sent`, or a failure that says what came instead.
    fn answer(&mut self, sent: &str) -> Result<Vec<u8>, Failure> {
        self.line().map_err(|why| {
            let why = match why {
                NoLine::Eof => "the server closed the connection".to_string(),
                NoLine::Reset(e) => format!("the connection failed: {e}"),
                NoLine::Timeout => format!("no answer within {:.0} s", PROMPT.as_secs_f64()),
                NoLine::TooLong => format!("more than {MAX_ANSWER} bytes without a newline"),
            };
            let partial = if self.lines.pending().is_empty() {
                String::new()
            } else {
                format!(" (got {} so far)", show(self.lines.pending()))
            };
            Failure::new(format!("after {sent}: {why}{partial}"))
        })
    }

    /// After `sent` (no whole line yet), listens `SILENCE` and expects nothing at all:
    /// an answer means `mistake`.
    fn expect_silence(&mut self, ctx: &Ctx, sent: &str, mistake: &str) -> Result<(), Failure> {
        ctx.log.note(&format!(
            "the grader listens {} ms: {sent} must not be answered yet",
            SILENCE.as_millis()
        ));
        self.wire
            .set_read_timeout(SILENCE)
            .context("set a read timeout")?;
        match self.line() {
            Err(NoLine::Timeout) => {}
            Ok(line) => fail!("the server answered {} to {sent}: {mistake}", show(&line)),
            Err(NoLine::Eof) => fail!("the server closed the connection after {sent}"),
            Err(NoLine::Reset(e)) => fail!("the connection failed after {sent}: {e}"),
            Err(NoLine::TooLong) => fail!("the server sent {MAX_ANSWER} bytes without a newline"),
        }
        if !self.lines.pending().is_empty() {
            fail!(
                "the server started answering {sent}: {}",
                show(self.lines.pending())
            );
        }
        self.wire
            .set_read_timeout(PROMPT)
            .context("set a read timeout")
    }

    /// Sends `command` and expects exactly `want` back.
    fn ask(&mut self, command: &str, want: &str) -> Result<(), Failure> {
        self.send(command.as_bytes())?;
        self.expect(&show(command.as_bytes()), want)
    }

    /// Reads the answer to `sent` and expects exactly `want`.
    fn expect(&mut self, sent: &str, want: &str) -> Result<(), Failure> {
        let got = self.answer(sent)?;
        if got == want.as_bytes() {
            return Ok(());
        }
        if got.trim_ascii_end() == want.trim_ascii_end().as_bytes() {
            fail!(
                "{sent} should be answered {:?}: the line must end in \\r\\n, got {}",
                want,
                show(&got)
            );
        }
        fail!("{sent} should be answered {want:?}, got {}", show(&got))
    }
}

/// Bytes as a readable Rust-style string.
fn show(bytes: &[u8]) -> String {
    let text = bytes.escape_ascii().to_string();
    if text.len() > 80 {
        format!("\"{}…\"", &text[..80])
    } else {
        format!("\"{text}\"")
    }
}

fn server_output(ctx: &Ctx) -> Result<(), Failure> {
    let (server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    super::wire_proof::listening(ctx, addr)?;
    let output = server.stop().stdout_text();
    let first = output.lines().next().unwrap_or_default();
    ctx.snapshot("server-output", first, &[])
}

fn server_id_name(ctx: &Ctx) -> Result<(), Failure> {
    let (_server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let mut client = Client::connect(ctx, addr)?;
    client.ask("id\r\n", &format!("{ID}\r\n"))?;
    client.ask("name\r\n", &format!("{NAME}\r\n"))?;
    client.ask("id\r\n", &format!("{ID}\r\n"))
}

fn server_split_command(ctx: &Ctx) -> Result<(), Failure> {
    let (_server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let mut client = Client::connect(ctx, addr)?;
    // A first round trip: the server is now surely waiting in a read on this connection.
    client.ask("name\r\n", &format!("{NAME}\r\n"))?;
    client.send(b"i")?;
    // Half a command must get no answer: listen a moment (the one wait of this check).
    client.expect_silence(
        ctx,
        "the half command \"i\"",
        "it treated one read as one command",
    )?;
    client.send(b"d\r\n")?;
    client.expect(r#""i" then "d\r\n""#, &format!("{ID}\r\n"))?;
    client.ask("name\r\n", &format!("{NAME}\r\n"))
}

fn server_pipelined(ctx: &Ctx) -> Result<(), Failure> {
    let (_server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let mut client = Client::connect(ctx, addr)?;
    let batch = "id\r\nname\r\nid\r\n";
    client.send(batch.as_bytes())?;
    for (i, want) in [ID, NAME, ID].iter().enumerate() {
        let got = client.answer(&format!(
            "{} (answer {} of 3)",
            show(batch.as_bytes()),
            i + 1
        ))?;
        ensure!(
            got == format!("{want}\r\n").as_bytes(),
            "{} in one write: answer {} of 3 should be {:?}, got {}",
            show(batch.as_bytes()),
            i + 1,
            format!("{want}\r\n"),
            show(&got)
        );
    }
    client.ask("name\r\n", &format!("{NAME}\r\n"))
}

fn server_lf_only(ctx: &Ctx) -> Result<(), Failure> {
    let (_server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let mut client = Client::connect(ctx, addr)?;
    client.ask("id\n", &format!("{ID}\r\n"))?;
    client.ask("name\n", &format!("{NAME}\r\n"))
}

/// Expects the next line to be an `ERR` line; returns it.
fn expect_err(client: &mut Client, sent: &str) -> Result<Vec<u8>, Failure> {
    let got = client.answer(sent)?;
    ensure!(
        got.starts_with(b"ERR"),
        "{sent} should be answered with an `ERR …` line, got {}",
        show(&got)
    );
    ensure!(
        got.ends_with(b"\r\n"),
        "the error line should end in \\r\\n, got {}",
        show(&got)
    );
    Ok(got)
}

fn server_unknown_command(ctx: &Ctx) -> Result<(), Failure> {
    let (_server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let mut client = Client::connect(ctx, addr)?;
    client.send(b"hello\r\n")?;
    expect_err(&mut client, &show(b"hello\r\n"))?;
    client.ask("id\r\n", &format!("{ID}\r\n")).map_err(|f| {
        Failure::new(format!(
            "after the ERR line the connection should stay usable: {}",
            f.reason
        ))
    })
}

fn server_long_line(ctx: &Ctx) -> Result<(), Failure> {
    let (server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let mut client = Client::connect(ctx, addr)?;
    let mut long = vec![b'x'; 2048];
    long.extend_from_slice(b"\r\n");
    client.send(&long)?;
    expect_err(&mut client, "a line of 2048 bytes")?;
    // Then: either the server closes (cleanly, or our next bytes meet a reset), or it goes
    // on answering (perhaps with more ERR lines for the rest of the long line).
    let _ = client.wire.write_all(b"id\r\n");
    let mut more_errors = 0;
    loop {
        match client.line() {
            Ok(line) if line == format!("{ID}\r\n").as_bytes() => break,
            Ok(line) if line.starts_with(b"ERR") && more_errors < 3 => more_errors += 1,
            Ok(line) => fail!(
                "after the ERR line the server should close or answer `id`, it sent {}",
                show(&line)
            ),
            Err(NoLine::Eof | NoLine::Reset(_)) => break,
            Err(NoLine::Timeout) => fail!(
                "after the ERR line the server neither closed the connection nor answered `id` within {:.0} s",
                PROMPT.as_secs_f64()
            ),
            Err(NoLine::TooLong) => fail!("the server sent {MAX_ANSWER} bytes without a newline"),
        }
    }
    ensure!(server.is_alive(), "the server exited after a line too long");
    let mut fresh = Client::connect(ctx, addr)?;
    fresh.ask("id\r\n", &format!("{ID}\r\n")).map_err(|f| {
        Failure::new(format!(
            "a new connection after the long line: {}",
            f.reason
        ))
    })
}

fn server_variants(ctx: &Ctx) -> Result<(), Failure> {
    let (_server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let mut client = Client::connect(ctx, addr)?;
    for command in ["  ID \r\n", "Name\r\n", "\tnAmE  \n"] {
        let want = if command.to_lowercase().contains("id") {
            ID
        } else {
            NAME
        };
        client.ask(command, &format!("{want}\r\n"))?;
    }
    // Thai: UTF-8 beyond ASCII is a command like any other, shown as sent.
    let thai = "สวัสดีครับ";
    client.ask(
        &format!("{thai}\r\n"),
        &format!("ERR unknown command: {thai}\r\n"),
    )?;
    client.send(b"id")?;
    client.wire.half_close().context("half-close")?;
    client
        .expect(&show(b"id"), &format!("{ID}\r\n"))
        .map_err(|f| {
            Failure::new(format!(
                "a last command without a newline before end of stream must still be answered: {}",
                f.reason
            ))
        })
}

fn server_long_line_no_newline(ctx: &Ctx) -> Result<(), Failure> {
    let (_server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let mut client = Client::connect(ctx, addr)?;
    client.send(&[b'x'; 2048])?;
    expect_err(
        &mut client,
        "2048 bytes without a newline (the connection stays open, no newline will come)",
    )?;
    // The limit itself: 1 KiB of this run's words and a `\r`, then a pause, then the `\n`.
    // Not too long, neither before nor after its newline.
    let mut words = Rng::for_check(&ctx.check.id()).words(260);
    words.truncate(MAX_LINE);
    let line = format!(
        "{}{}",
        words.trim_end(),
        "x".repeat(MAX_LINE - words.trim_end().len())
    );
    let mut client = Client::connect(ctx, addr)?;
    client.send(format!("{line}\r").as_bytes())?;
    let sent = format!("a line of exactly {MAX_LINE} bytes and its \\r, its \\n not sent yet");
    client.expect_silence(ctx, &sent, "a line of 1 KiB is not too long")?;
    client.send(b"\n")?;
    let got = expect_err(&mut client, &format!("a line of exactly {MAX_LINE} bytes"))?;
    ensure!(
        got.starts_with(b"ERR unknown command")
            && got.windows(40).any(|w| w == &line.as_bytes()[..40]),
        "a line of exactly {MAX_LINE} bytes (the limit, allowed) should get `ERR unknown command: …` \
         with its text, got {}",
        show(&got)
    );
    Ok(())
}

fn server_idle_client(ctx: &Ctx) -> Result<(), Failure> {
    const IDLE: &str = "0.3";
    let args: Vec<&str> = SERVER
        .iter()
        .copied()
        .chain(["--idle-timeout", IDLE])
        .collect();
    let (_server, addr) = ctx.start_server(PROGRAM, &args)?;
    let mut silent = Client::connect(ctx, addr)?;
    let started = Instant::now();
    let ended = silent.line();
    let after = started.elapsed().as_secs_f64();
    match ended {
        Err(NoLine::Eof | NoLine::Reset(_)) => {}
        Err(NoLine::Timeout) => fail!(
            "a client silent for {after:.1} s was not hung up on (--idle-timeout {IDLE}): \
             a silent client holds its thread forever"
        ),
        Ok(line) => fail!(
            "the server sent {} to a client that said nothing",
            show(&line)
        ),
        Err(NoLine::TooLong) => fail!("the server sent {MAX_ANSWER} bytes without a newline"),
    }
    ensure!(
        after >= 0.25,
        "the server hung up on a silent client after {after:.3} s, before its --idle-timeout of {IDLE} s"
    );
    let mut next = Client::connect(ctx, addr)?;
    next.ask("id\r\n", &format!("{ID}\r\n")).map_err(|f| {
        Failure::new(format!(
            "after hanging up on an idle client the server should go on serving: {}",
            f.reason
        ))
    })
}

fn server_garbage(ctx: &Ctx) -> Result<(), Failure> {
    let (server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let mut client = Client::connect(ctx, addr)?;
    client.send(b"\xff\xfe\x80 \x00\x1b[2J\x07bad\r\n")?;
    let got = expect_err(&mut client, "a line of non-UTF-8 and control bytes")?;
    let body = &got[..got.len() - 2];
    ensure!(
        !body.iter().any(|&b| b < 0x20 || b == 0x7f),
        "the ERR line must not echo raw control characters (show them as `?`), got {}",
        show(&got)
    );
    client.ask("id\r\n", &format!("{ID}\r\n"))?;
    // 4 KiB of random bytes without a newline, then the connection is dropped.
    let seed = Rng::fresh_seed();
    let noise: Vec<u8> = Rng::new(seed)
        .bytes(4096)
        .into_iter()
        .map(|b| if b == b'\n' { b'x' } else { b })
        .collect();
    let mut rude = Client::connect(ctx, addr)?;
    let _ = rude.wire.write_all(&noise);
    rude.wire.reset();
    ensure!(
        server.is_alive(),
        "the server exited after garbage (noise seed {seed})"
    );
    let mut fresh = Client::connect(ctx, addr)?;
    fresh.ask("name\r\n", &format!("{NAME}\r\n")).map_err(|f| {
        Failure::new(format!(
            "a new connection after garbage (noise seed {seed}): {}",
            f.reason
        ))
    })
}

fn server_concurrent_clients(ctx: &Ctx) -> Result<(), Failure> {
    let (_server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let mut clients = Vec::new();
    for _ in 0..10 {
        clients.push(Client::connect(ctx, addr)?);
    }
    // Everyone is connected before anyone speaks, and nobody leaves before all are answered.
    for client in clients.iter_mut() {
        client.send(b"id\r\n")?;
    }
    for (i, client) in clients.iter_mut().enumerate() {
        client
            .expect(&show(b"id\r\n"), &format!("{ID}\r\n"))
            .map_err(|f| {
                Failure::new(format!(
                    "client {} of 10 (all connected at once): {}",
                    i + 1,
                    f.reason
                ))
            })?;
    }
    for (i, client) in clients.iter_mut().enumerate().rev() {
        client
            .ask("name\r\n", &format!("{NAME}\r\n"))
            .map_err(|f| Failure::new(format!("client {} of 10: {}", i + 1, f.reason)))?;
    }
    Ok(())
}

/// A classroom server for one check: its attendance file in a fresh directory.
struct Classroom {
    peer: Peer,
    out: std::path::PathBuf,
    _dir: WorkDir,
}

fn classroom(ctx: &Ctx, roster: Option<Roster>) -> Result<Classroom, Failure> {
    let dir = WorkDir::new().context("make a directory for the attendance file")?;
    let out = dir.path().join("attendance.csv");
    let mut config = roll_call::Config::new(&out);
    config.roster = roster;
    let peer =
        roll_call::start(loopback(), &ctx.log, config).context("start the classroom server")?;
    Ok(Classroom {
        peer,
        out,
        _dir: dir,
    })
}

fn run_client(ctx: &Ctx, port: u16) -> Result<Finished, Failure> {
    let port = port.to_string();
    ctx.run(
        PROGRAM,
        &[
            "client",
            "--host",
            "127.0.0.1",
            "--port",
            &port,
            "--id",
            ID,
            "--name",
            NAME,
        ],
        PROMPT,
    )
}

fn client_check_in(ctx: &Ctx) -> Result<(), Failure> {
    let class = classroom(ctx, Some(Roster::of([ID, "6210500002"])))?;
    let finished = run_client(ctx, class.peer.port())?;
    expect_success(&finished)?;
    let want = format!("Server says: OK {ID} checked in (1 present)");
    let stdout = finished.stdout_text();
    ensure!(
        stdout.trim_end() == want,
        "the client should print {want:?}, it printed {:?}",
        stdout.trim_end()
    );
    let rows = read_rows(&class.out).map_err(Failure::new)?;
    match rows.as_slice() {
        [row] if row.id == ID && row.name == NAME => Ok(()),
        [row] => fail!(
            "the server recorded id {:?} name {:?}; expected {ID:?} {NAME:?}",
            row.id,
            row.name
        ),
        _ => fail!("the server recorded {} check-ins, expected 1", rows.len()),
    }
}

fn client_duplicate(ctx: &Ctx) -> Result<(), Failure> {
    let class = classroom(ctx, None)?;
    // Someone (the grader) already checked in with this id.
    let mut first = Client::connect(ctx, class.peer.addr())?;
    first.send(format!("{ID} {NAME}\r\n").as_bytes())?;
    let ok = first.answer("the grader's own check-in")?;
    ensure!(
        ok.starts_with(b"OK"),
        "the classroom server refused the grader's check-in: {}",
        show(&ok)
    );
    let finished = run_client(ctx, class.peer.port())?;
    expect_failed_with(
        &finished,
        "roll-call client (already checked in)",
        &format!("ERR duplicate: {ID} already checked in"),
    )
}

fn client_unknown_id(ctx: &Ctx) -> Result<(), Failure> {
    let class = classroom(ctx, Some(Roster::of(["6210500002", "6210500003"])))?;
    let finished = run_client(ctx, class.peer.port())?;
    expect_failed_with(
        &finished,
        "roll-call client (id not in the roster)",
        &format!("ERR unknown id: {ID}"),
    )
}

fn bad_input(ctx: &Ctx) -> Result<(), Failure> {
    expect_usage_error(ctx, PROGRAM, &["client", "--port", "12345", "--name", NAME])?;
    expect_usage_error(ctx, PROGRAM, &["server", "--port", "0", "--name", NAME])?;
    expect_usage_error(
        ctx,
        PROGRAM,
        &["client", "--port", "70000", "--id", ID, "--name", NAME],
    )?;
    let port = closed_port().to_string();
    let finished = ctx.run(
        PROGRAM,
        &["client", "--port", &port, "--id", ID, "--name", NAME],
        PROMPT,
    )?;
    expect_failed_with(&finished, "roll-call client to a closed port", "refused")
}
