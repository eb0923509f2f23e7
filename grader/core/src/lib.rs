//! The grader's lower layers, a crate of their own so the compiler holds the line (ripgrep's
//! layout): the `grader` crate above (command line, grading flow, the labs' checks) uses
//! these modules, and nothing here can name it.
//!
//! Data flows one way: `runner` runs checks (`check`, using `harness` to start programs and
//! `peers` to talk to them) → `outcome` → `report`.

pub mod check;
pub mod explain;
pub mod harness;
pub mod i18n;
pub mod outcome;
pub mod paths;
pub mod peers;
pub mod programs;
pub mod random;
pub mod report;
pub mod runner;
pub mod schedule;
pub mod snapshot;
pub mod transcript;
