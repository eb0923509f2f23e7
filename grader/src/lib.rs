//! The netlabs grader as a library: the binary (`main.rs`, `commands/`) is only its command
//! line, and the grader's own tests drive the same functions.
//!
//! Data flows one way: command line → `workspace` (build, find executables) → `runner`
//! (checks from `labs`, using `harness` and `peers`) → outcomes → `report`. The lower layers
//! live in the `grader-core` crate (`grader/core`), which cannot import this one; they are
//! re-exported here so every path (`crate::report`, `grader::harness`) reads as before.

pub use grader_core::{
    check, ensure, explain, fail, harness, i18n, outcome, paths, peers, programs, random, report,
    runner, schedule, snapshot, transcript,
};

pub mod batch;
pub mod bench;
pub mod build_cache;
pub mod dev_check;
pub mod export;
pub mod grade;
pub mod labs;
pub mod release;
pub mod rules;
pub mod stage;
pub mod submission;
pub mod target;
pub mod watch;
pub mod workspace;
