//! Checks of lab 12, roll-call: the student's `id`/`name` server against the grader's line
//! client (split, pipelined, LF-only, unknown, oversize and garbage lines, many clients),
//! and the student's check-in client against the grader's classroom server
//! (`peers::roll_call`), run in-process with a temporary roster and attendance file.

mod classroom;
mod client;
mod server;

use classroom::*;
use client::*;
use server::*;

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
    )
    .waits_ms(250),
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
