//! The checks of the student's `id`/`name` server: its output, each command, split and
//! pipelined commands, line endings, unknown, oversize and garbage lines, idle and many
//! clients.

use super::*;

pub(super) fn server_output(ctx: &Ctx) -> Result<(), Failure> {
    let (server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    crate::labs::wire_proof::listening(ctx, addr)?;
    let output = server.stop().stdout_text();
    let first = output.lines().next().unwrap_or_default();
    ctx.snapshot("server-output", first, &[])
}

pub(super) fn server_id_name(ctx: &Ctx) -> Result<(), Failure> {
    let (_server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let mut client = Client::connect(ctx, addr)?;
    client.ask("id\r\n", &format!("{ID}\r\n"))?;
    client.ask("name\r\n", &format!("{NAME}\r\n"))?;
    client.ask("id\r\n", &format!("{ID}\r\n"))
}

pub(super) fn server_split_command(ctx: &Ctx) -> Result<(), Failure> {
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

pub(super) fn server_pipelined(ctx: &Ctx) -> Result<(), Failure> {
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

pub(super) fn server_lf_only(ctx: &Ctx) -> Result<(), Failure> {
    let (_server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let mut client = Client::connect(ctx, addr)?;
    client.ask("id\n", &format!("{ID}\r\n"))?;
    client.ask("name\n", &format!("{NAME}\r\n"))
}

/// Expects the next line to be an `ERR` line; returns it.
pub(super) fn expect_err(client: &mut Client, sent: &str) -> Result<Vec<u8>, Failure> {
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

pub(super) fn server_unknown_command(ctx: &Ctx) -> Result<(), Failure> {
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

pub(super) fn server_long_line(ctx: &Ctx) -> Result<(), Failure> {
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

pub(super) fn server_variants(ctx: &Ctx) -> Result<(), Failure> {
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

pub(super) fn server_long_line_no_newline(ctx: &Ctx) -> Result<(), Failure> {
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

pub(super) fn server_idle_client(ctx: &Ctx) -> Result<(), Failure> {
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

pub(super) fn server_garbage(ctx: &Ctx) -> Result<(), Failure> {
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

pub(super) fn server_concurrent_clients(ctx: &Ctx) -> Result<(), Failure> {
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
