//! The code sketch of the book's "Writing a new lab" chapter, kept here so it compiles: the
//! chapter includes it by anchor, and the grader's unit tests build it and check it with the
//! same rules `grader dev check` applies to real labs. It is not a lab of the course.

// ANCHOR: sketch
use super::Lab;
use super::common::{connect, expect_failed_with};
use crate::check::{Check, Ctx, Failure};
use crate::ensure;

const LAB_NAME: &str = "chat";

/// The lab as the grader knows it; register it in `LABS` (grader/src/labs/mod.rs).
pub const LAB: Lab = Lab {
    package: LAB_NAME,   // the crate's package name (labs/14-chat/Cargo.toml)
    folder: "14-chat",   // its folder under labs/
    programs: &["chat"], // the binaries it builds; `--bin NAME=CMD` may replace any
    checks: CHECKS,
};

const CHECKS: &[Check] = &[
    Check::new(
        LAB_NAME,
        "server-hello",
        2,
        "the server prints its address first and answers HELLO",
        "print the bound address before accept, and flush",
        server_hello,
    ),
    Check::new(
        LAB_NAME,
        "client-timeout",
        3,
        "a server that never answers: the client gives up after its timeout",
        "set a read timeout; a silent peer is normal on a network",
        client_timeout,
    )
    .waits_ms(200), // the wait this check needs by design (`just bench` sums them)
];

fn server_hello(ctx: &Ctx) -> Result<(), Failure> {
    // Starts the student's server and waits for its first line: the address it bound.
    let (server, addr) = ctx.start_server("chat", &["server", "--port", "0"])?;
    // The grader's client records every byte into ctx.log: the transcript students see.
    let mut wire = connect(ctx, addr)?;
    wire.write_all(b"HELLO\r\n")
        .map_err(|e| Failure::new(format!("send: {e}")))?;
    let reply = wire
        .read_exact_or_eof(7)
        .map_err(|e| Failure::new(format!("read the reply: {e}")))?;
    ensure!(
        reply == b"HELLO\r\n",
        "expected HELLO, got {:?}",
        String::from_utf8_lossy(&reply)
    );
    ctx.snapshot("server-hello", &server.stop().stdout_text(), &[])
}

fn client_timeout(ctx: &Ctx) -> Result<(), Failure> {
    // A reference peer that accepts and never answers would go here (see grader/core/src/peers/).
    let finished = ctx.run("chat", &["client", "--timeout", "0.2"], ctx.time_left())?;
    // Exit code 1 and one stderr line naming the problem, as every lab's programs do.
    expect_failed_with(&finished, "chat client --timeout 0.2", "timed out")
}
// ANCHOR_END: sketch

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::LAB;

    /// The sketch follows the rules real labs follow: ids unique, every check in its lab.
    #[test]
    fn the_sketch_is_a_well_formed_lab() {
        let names: BTreeSet<_> = LAB.checks.iter().map(|c| c.name).collect();
        assert_eq!(names.len(), LAB.checks.len(), "check names repeat");
        assert!(LAB.checks.iter().all(|c| c.lab == LAB.package));
        assert!(LAB.folder.ends_with(LAB.package));
        assert!(
            LAB.checks
                .iter()
                .all(|c| c.points > 0 && !c.hint.is_empty())
        );
    }
}
