//! `--format junit`: JUnit XML, one test suite per lab and one test case per check, for CI
//! systems that draw test results.

use super::Report;
use super::escape_markup as escape;
use crate::outcome::Status;

pub fn render(report: &Report) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let failures = report.checks.iter().filter(|c| !c.passed()).count();
    xml.push_str(&format!(
        "<testsuites name=\"netlabs\" tests=\"{}\" failures=\"{failures}\" time=\"{:.3}\">\n",
        report.checks.len(),
        report.elapsed_ms / 1000.0
    ));
    for lab in &report.labs {
        xml.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n",
            escape(&lab.lab),
            lab.checks,
            lab.checks - lab.passed
        ));
        for check in report.checks.iter().filter(|c| c.lab == lab.lab) {
            xml.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\"",
                escape(&check.lab),
                escape(&check.name),
                check.elapsed_ms / 1000.0
            ));
            if check.status == Status::Passed {
                xml.push_str("/>\n");
                continue;
            }
            xml.push_str(">\n");
            let reason = check.reason.clone().unwrap_or_default();
            let mut body = reason.clone();
            if let Some(diff) = &check.diff {
                body.push_str(&format!("\n{diff}"));
            }
            body.push_str(&format!("\nhint: {}", check.hint));
            xml.push_str(&format!(
                "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                check.status.label(),
                escape(reason.lines().next().unwrap_or("")),
                escape(&body)
            ));
            xml.push_str("    </testcase>\n");
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    xml
}
