//! The checks of the student's check-in client, against the grader's classroom server
//! (`peers::roll_call`) run in-process with a temporary roster and attendance file, and
//! its command line.

use super::*;

/// A classroom server for one check: its attendance file in a fresh directory.
pub(super) struct Classroom {
    peer: Peer,
    out: std::path::PathBuf,
    _dir: WorkDir,
}

pub(super) fn classroom(ctx: &Ctx, roster: Option<Roster>) -> Result<Classroom, Failure> {
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

pub(super) fn run_client(ctx: &Ctx, port: u16) -> Result<Finished, Failure> {
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

pub(super) fn client_check_in(ctx: &Ctx) -> Result<(), Failure> {
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

pub(super) fn client_duplicate(ctx: &Ctx) -> Result<(), Failure> {
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

pub(super) fn client_unknown_id(ctx: &Ctx) -> Result<(), Failure> {
    let class = classroom(ctx, Some(Roster::of(["6210500002", "6210500003"])))?;
    let finished = run_client(ctx, class.peer.port())?;
    expect_failed_with(
        &finished,
        "roll-call client (id not in the roster)",
        &format!("ERR unknown id: {ID}"),
    )
}

pub(super) fn bad_input(ctx: &Ctx) -> Result<(), Failure> {
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
