//! Which executable runs when a check asks for a program by name: the binary cargo built
//! from the submission, or a command the instructor gave with `--bin NAME=CMD` (a lab done
//! in another language, graded on the same protocol). Built programs of a cross build run
//! through an emulator (`--target`, see `target.rs`), with deadlines scaled to match.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::PathBuf;

use crate::harness::Launch;

/// How built programs run on a machine of another CPU (see `target.rs`).
pub struct Emulator {
    /// What goes before a program's path: the emulator and its options.
    pub argv: Vec<OsString>,
    /// How many times its usual deadline a check gets (emulation is slower).
    pub deadline_factor: u32,
    /// Threads the emulator adds to each program's process.
    pub threads: u32,
}

#[derive(Default)]
pub struct Programs {
    built: HashMap<String, PathBuf>,
    replaced: HashMap<String, String>,
    /// The emulator the built programs run under (a cross build), if any.
    emulator: Option<Emulator>,
}

impl Programs {
    pub fn new(built: HashMap<String, PathBuf>) -> Programs {
        Programs {
            built,
            ..Programs::default()
        }
    }

    /// Runs the built programs under `emulator`.
    pub fn run_under(&mut self, emulator: Emulator) {
        self.emulator = Some(emulator);
    }

    /// `deadline` scaled for how the programs run.
    pub fn deadline(&self, deadline: std::time::Duration) -> std::time::Duration {
        deadline * self.emulator.as_ref().map_or(1, |e| e.deadline_factor)
    }

    /// Threads of the emulator itself in each program's process (0 natively).
    pub fn emulator_threads(&self) -> u32 {
        self.emulator.as_ref().map_or(0, |e| e.threads)
    }

    /// Replaces program `name` with a command template (see `Programs::launch`). Words
    /// naming an existing file relative to the current directory become absolute paths:
    /// the program runs in a fresh directory of its own, where they would not be found.
    pub fn replace(&mut self, name: &str, template: &str) {
        let words: Vec<String> = template
            .split_whitespace()
            .map(|word| match std::path::Path::new(word) {
                path if path.is_relative() && path.exists() => std::path::absolute(path)
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|_| word.to_string()),
                _ => word.to_string(),
            })
            .collect();
        self.replaced.insert(name.to_string(), words.join(" "));
    }

    /// Whether `name` runs a command given by `--bin` rather than the submission's binary.
    pub fn is_replaced(&self, name: &str) -> bool {
        self.replaced.contains_key(name)
    }

    /// How to run `name` with `args`. A replaced program's template is split at white space
    /// (no shell quoting); `{port}`, `{host}`, `{message}`... take the value that follows `--port`,
    /// `--host`, `--message`... in `args`, and `{args}` all of `args`.
    pub fn launch(&self, name: &str, args: &[String]) -> Option<Launch> {
        if let Some(template) = self.replaced.get(name) {
            return Some(Launch {
                name: name.to_string(),
                argv: expand(template, args),
            });
        }
        let exe = self.built.get(name)?;
        let mut argv = self
            .emulator
            .as_ref()
            .map(|e| e.argv.clone())
            .unwrap_or_default();
        argv.push(exe.clone().into_os_string());
        argv.extend(args.iter().map(OsString::from));
        Some(Launch {
            name: name.to_string(),
            argv,
        })
    }
}

fn expand(template: &str, args: &[String]) -> Vec<OsString> {
    let mut argv = Vec::new();
    for word in template.split_whitespace() {
        if word == "{args}" {
            argv.extend(args.iter().map(OsString::from));
            continue;
        }
        let mut word = word.to_string();
        for pair in args.windows(2) {
            if let Some(key) = pair[0].strip_prefix("--") {
                word = word.replace(&format!("{{{key}}}"), &pair[1]);
            }
        }
        argv.push(word.into());
    }
    argv
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_takes_values_from_the_flags() {
        let mut programs = Programs::default();
        programs.replace("tcp-echo", "python3 echo.py --port {port} {args}");
        let args: Vec<String> = ["server", "--port", "4000"].map(String::from).into();
        let launch = programs.launch("tcp-echo", &args).unwrap();
        let argv: Vec<_> = launch.argv.iter().map(|a| a.to_str().unwrap()).collect();
        assert_eq!(
            argv,
            [
                "python3", "echo.py", "--port", "4000", "server", "--port", "4000"
            ]
        );
    }
}
