//! Every lab program survives `--help | head -1`: a reader that stops early closes the pipe,
//! and a program that prints with `println!` would panic on the broken pipe.
//!
//! The pipe here is closed before the program starts, so every write fails (deterministic,
//! unlike `head`, which may close after the program is done).

use std::process::{Command, Stdio};

use grader::workspace;

#[test]
fn every_program_prints_its_help_into_a_closed_pipe_without_panicking() {
    let root = grader::paths::checkout();
    let labs = workspace::find_labs(&root).expect("this checkout is a workspace");
    let build = workspace::build(&root, &labs, None).expect("cargo runs");
    assert!(build.errors.is_empty(), "{:?}", build.errors);
    assert!(build.executables.len() >= 13, "{:?}", build.executables);
    let mut problems = Vec::new();
    for (name, exe) in &build.executables {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let output = Command::new(exe)
            .arg("--help")
            .stdin(Stdio::null())
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .expect("the program starts");
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() || stderr.contains("panicked") {
            problems.push(format!("{name}: {}: {stderr}", output.status));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
