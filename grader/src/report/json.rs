//! `--format json`: the whole `Report`, schema version 1 (documented in
//! `docs/src/instructor/report-json.md`).

use super::Report;

pub fn render(report: &Report) -> String {
    serde_json::to_string_pretty(report).expect("a report always serialises")
}
