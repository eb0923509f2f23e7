//! Failure reasons and hints that name the bug: a bare "did not exit within 3.0 s" or
//! "Connection reset by peer" gets what the wire showed last (what the program was left
//! waiting for), and the hint fits the kind of failure (build error, output difference,
//! wire failure) instead of always being the check's own.

use crate::check::Check;
use crate::outcome::Status;
use crate::transcript::{Event, Kind};

/// Words of a reason that say something failed without saying what was going on.
const BARE: &[&str] = &[
    "did not exit within",
    "os error",
    "timed out",
    "Resource temporarily unavailable",
    "did not finish within",
];

/// `reason`, with the last thing on the wire added when the reason alone does not say it.
pub fn reason(reason: String, events: &[Event]) -> String {
    if !BARE.iter().any(|b| reason.contains(b)) {
        return reason;
    }
    // After the first line: a panic message may follow on the next.
    match reason.split_once('\n') {
        Some((first, rest)) => format!("{first}; {}\n{rest}", last_on_wire(events)),
        None => format!("{reason}; {}", last_on_wire(events)),
    }
}

/// What the wire showed last, in words.
pub fn last_on_wire(events: &[Event]) -> String {
    let wire: Vec<&Event> = events.iter().filter(|e| e.kind != Kind::Note).collect();
    let Some(last) = wire.last() else {
        return "nothing happened on the wire (no connection, no datagram)".to_string();
    };
    let sent: usize = sum(&wire, Kind::Send);
    let received: usize = sum(&wire, Kind::Recv);
    // The Display form starts with the time and the connection number: keep the rest.
    let text = last.to_string();
    let what = text
        .split_once("  #")
        .map_or(text.as_str(), |(_, rest)| rest);
    format!(
        "the wire last showed #{what} (in all: the grader sent {sent} bytes, received {received})"
    )
}

fn sum(events: &[&Event], kind: Kind) -> usize {
    events
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| e.bytes)
        .sum()
}

/// The hint for this kind of failure (`reason` is the failure's reason).
pub fn hint(
    check: &Check,
    status: Status,
    reason: &str,
    has_diff: bool,
    events: &[Event],
) -> String {
    match status {
        Status::BuildFailed => format!(
            "the lab does not compile: fix the first error above (`cargo build -p {}` shows all of them), then grade again",
            check.lab
        ),
        Status::Failed if reason.contains("panicked at") => format!(
            "no panic, ever: at the place named above, handle the case (match, `?`, an error line) instead of unwrap/expect/indexing/panic!; {}",
            check.hint
        ),
        Status::Failed if has_diff => format!(
            "make your lines match the `-` lines exactly (words, spacing, order); {}",
            check.hint
        ),
        Status::Failed if events.iter().any(|e| e.kind != Kind::Note) => format!(
            "{}; the transcript below shows the conversation, `>>` marks where it went wrong",
            check.hint
        ),
        _ => check.hint.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Transcript;

    #[test]
    fn a_bare_timeout_gets_what_the_wire_showed_last() {
        let log = Transcript::default();
        let conn = log.new_conn();
        log.record(conn, Kind::Send, "server", b"hello", "");
        log.record(conn, Kind::Recv, "server", b"he", "");
        let reason = reason("`x` did not exit within 3.0 s".into(), &log.events());
        assert!(
            reason.contains("grader sent 5 bytes, received 2"),
            "{reason}"
        );
        assert!(reason.contains("server → grader \"he\""), "{reason}");
        let named = "the server closed after echoing 2 of 5 bytes".to_string();
        assert_eq!(super::reason(named.clone(), &log.events()), named);
        let silent = super::reason("connect: os error 111".into(), &[]);
        assert!(silent.contains("nothing happened on the wire"), "{silent}");
    }
}
