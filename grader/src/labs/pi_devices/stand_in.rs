//! Running the student's clients against the grader's device stand-ins
//! (`peers::device_line`): what the stand-in heard, and what the client printed.

use crate::check::{Ctx, Failure};
use crate::harness::Finished;
use crate::labs::common::{PROMPT, expect_success};
use crate::peers::device_line;
use crate::{ensure, fail};

/// Checks that the stand-in heard exactly `line` and a newline (CRLF accepted) as request
/// number `index`.
pub(super) fn heard_line(
    heard: &device_line::Heard,
    index: usize,
    line: &str,
    program: &str,
) -> Result<(), Failure> {
    let requests = heard.requests();
    let Some(got) = requests.get(index) else {
        fail!("`{program}` never sent a request to the server");
    };
    let ok = got
        .strip_suffix(b"\n")
        .map(|g| g.strip_suffix(b"\r").unwrap_or(g))
        == Some(line.as_bytes());
    ensure!(
        ok,
        "`{program}` should send the line {:?}, the server received \"{}\"",
        format!("{line}\n"),
        got.escape_ascii()
    );
    Ok(())
}

pub(super) fn run_client(
    ctx: &Ctx,
    program: &str,
    port: u16,
    args: &[&str],
) -> Result<Finished, Failure> {
    let port = port.to_string();
    let mut all = vec!["--port", port.as_str()];
    all.extend_from_slice(args);
    ctx.run(program, &all, PROMPT)
}

/// Expects success and `text` in the client's stdout.
pub(super) fn printed(finished: &Finished, text: &str) -> Result<(), Failure> {
    expect_success(finished)?;
    ensure!(
        finished.stdout_text().contains(text),
        "`{}` should print {text:?}; it printed: {:?}",
        finished.name,
        finished.stdout_text()
    );
    Ok(())
}
