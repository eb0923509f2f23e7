//! `--format json`: the whole `Report`, schema version 1 (documented in
//! `docs/src/instructor/report-json.md`), and reading it back (`grader batch` and
//! `grader bench` read their child graders' reports): the report types derive both ways,
//! so the two cannot drift apart.

use super::Report;

/// The schema this grader writes and reads.
const SCHEMA: u32 = 1;

pub fn render(report: &Report) -> String {
    serde_json::to_string_pretty(report).expect("a report always serialises")
}

/// Reads a `--format json` report back.
pub fn parse(text: &str) -> Result<Report, String> {
    #[derive(serde::Deserialize)]
    struct Version {
        schema: u32,
    }
    let version: Version = serde_json::from_str(text)
        .map_err(|e| format!("the grader's report is unreadable: {e}"))?;
    if version.schema != SCHEMA {
        return Err(format!(
            "the grader's report has schema {}, expected {SCHEMA}",
            version.schema
        ));
    }
    serde_json::from_str(text).map_err(|e| format!("the grader's report is unreadable: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{Outcome, ProgramOutput, Status};
    use crate::transcript::{Event, Kind};
    use std::time::Duration;

    #[test]
    fn a_report_reads_back_as_written() {
        let outcome = Outcome {
            id: "tcp-echo/echoes".into(),
            lab: "tcp-echo".into(),
            name: "echoes".into(),
            description: "echoes a line".into(),
            hint: "read until EOF".into(),
            status: Status::Failed,
            score: 0,
            max_score: 3,
            reason: Some("expected hi".into()),
            diff: None,
            transcript: vec![Event {
                at: Duration::from_millis(500),
                conn: 1,
                kind: Kind::HalfClose,
                peer: "server".into(),
                bytes: 2,
                head: "hi".into(),
                detail: String::new(),
            }],
            outputs: vec![ProgramOutput {
                program: "tcp-echo".into(),
                exit: "exit code 1".into(),
                stdout: String::new(),
                stderr: "boom".into(),
            }],
            elapsed_ms: 12.5,
            required_wait_ms: 0.0,
        };
        let report = Report::new(vec![outcome], 40.0, "sandbox".into());
        let back = parse(&render(&report)).unwrap();
        assert_eq!(render(&back), render(&report));
        assert_eq!(back.checks[0].status, Status::Failed);
        assert_eq!(back.checks[0].transcript[0].kind, Kind::HalfClose);
        assert_eq!(back.checks[0].transcript[0].at, Duration::from_millis(500));
        assert_eq!(back.labs[0].max_score, 3);
    }

    #[test]
    fn another_schema_or_garbage_is_refused() {
        let two = r#"{"schema": 2, "checks": []}"#;
        assert!(parse(two).unwrap_err().contains("schema 2"));
        assert!(parse("not json").unwrap_err().contains("unreadable"));
    }
}
