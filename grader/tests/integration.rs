//! The grader's integration tests, one binary (ripgrep's layout): the grader is linked once
//! and the tests of every file run in parallel inside it. Run one file's tests with
//! `cargo test -p grader --test integration -- submissions::`.
//!
//! Every `tests/*.rs` file must be declared here (`autotests = false` in Cargo.toml):
//! `grader dev check` fails on one that is not.

mod any_language;
mod batch;
mod book_fonts;
mod browser;
mod build_cache;
mod catalogs;
mod classroom;
mod cli;
mod cross;
mod dev_check;
mod export;
mod html_report;
mod lab_help;
mod language;
mod sandbox;
mod snapshots;
mod student_edition;
mod submissions;
