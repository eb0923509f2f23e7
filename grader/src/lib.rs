//! The netlabs grader as a library: the binary (`main.rs`, `commands/`) is only its command
//! line, and the grader's own tests drive the same functions.
//!
//! Data flows one way: command line → `workspace` (build, find executables) → `runner`
//! (checks from `labs`, using `harness` and `peers`) → outcomes → `report`.

pub mod batch;
pub mod bench;
pub mod build_cache;
pub mod check;
pub mod dev_check;
pub mod explain;
pub mod export;
pub mod grade;
pub mod harness;
pub mod i18n;
pub mod labs;
pub mod outcome;
pub mod paths;
pub mod peers;
pub mod programs;
pub mod random;
pub mod release;
pub mod report;
pub mod rules;
pub mod runner;
pub mod schedule;
pub mod snapshot;
pub mod stage;
pub mod submission;
pub mod target;
pub mod transcript;
pub mod watch;
pub mod workspace;
