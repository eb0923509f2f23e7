//! The command line's entry points, one file per command: each parses nothing (clap does,
//! in `main.rs`), calls the library and picks the exit code.

pub mod release;
