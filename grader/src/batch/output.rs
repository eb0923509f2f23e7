//! What `grader batch` writes for the class: the CSV (one row per student, written with
//! the `csv` crate, formulas defused) and one JSON report per student.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::report::class::Class;
use crate::report::json;

/// The class as CSV: `student`, one column per lab (points), `total`, `max`, `percent`, `note`.
pub fn csv(class: &Class) -> String {
    let mut rows = Vec::with_capacity(class.students.len() + 1);
    let mut header = vec!["student".to_string()];
    header.extend(class.labs.iter().map(|l| l.package.clone()));
    header.extend(["total", "max", "percent", "note"].map(String::from));
    rows.push(header);
    for student in &class.students {
        let mut row = vec![student.student.clone()];
        row.extend(
            class
                .labs
                .iter()
                .map(|l| student.lab_score(&l.package).to_string()),
        );
        row.push(student.score().to_string());
        row.push(class.max_score().to_string());
        row.push(format!("{:.1}", class.percent(student)));
        row.push(student.note());
        rows.push(row);
    }
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        out.write_record(row.iter().map(|field| defused(field)))
            .expect("writing to memory does not fail");
    }
    String::from_utf8(out.into_inner().expect("writing to memory does not fail"))
        .expect("the fields are text")
}

/// A field a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, tab or carriage
/// return first, and not a number) gets a leading `'`: student names and notes are text.
pub fn defused(field: &str) -> String {
    let numeric = field.parse::<f64>().is_ok();
    if !numeric && field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}")
    } else {
        field.to_string()
    }
}

/// A student's name as a file name: letters, digits, `-`, `_` and `.` (not leading).
pub fn slug(student: &str) -> String {
    let slug: String = student
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let slug = slug.trim_start_matches('.').to_string();
    if slug.is_empty() {
        "student".to_string()
    } else {
        slug
    }
}

/// The default folder for per-student JSON: `<out stem>-json/` beside the CSV.
pub fn default_json_dir(out: &Path) -> PathBuf {
    let stem = out
        .file_stem()
        .map_or_else(|| "results".into(), |s| s.to_string_lossy().into_owned());
    out.with_file_name(format!("{stem}-json"))
}

/// Writes one JSON report per student into `dir` (`<student>.json`; an ungraded student's
/// file holds `{"student", "error"}`).
pub fn write_json(class: &Class, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut used = BTreeSet::new();
    for student in &class.students {
        let mut name = slug(&student.student);
        while !used.insert(name.clone()) {
            name.push('_');
        }
        let text = match &student.result {
            Ok(report) => json::render(report),
            Err(why) => serde_json::to_string_pretty(
                &serde_json::json!({ "student": student.student, "error": why }),
            )
            .expect("a string serialises"),
        };
        std::fs::write(dir.join(format!("{name}.json")), text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::class::{Graded, LabColumn};

    /// One student named `name` with a note `note` (an ungraded submission's reason).
    fn class_of(name: &str, note: &str) -> Class {
        Class {
            labs: vec![LabColumn {
                package: "tcp-echo".into(),
                number: "09".into(),
                max_score: 10,
            }],
            students: vec![Graded {
                student: name.into(),
                path: PathBuf::from("x"),
                result: Err(note.into()),
                seconds: 0.0,
            }],
            elapsed_s: 0.0,
            parallel: 1,
        }
    }

    fn row(class: &Class) -> String {
        csv(class).lines().nth(1).unwrap().to_string()
    }

    #[test]
    fn quotes_csv_fields() {
        assert_eq!(row(&class_of("alice", "x")), "alice,0,0,10,0.0,x");
        assert_eq!(
            row(&class_of("doe, jane", "say \"hi\"")),
            "\"doe, jane\",0,0,10,0.0,\"say \"\"hi\"\"\""
        );
        assert!(csv(&class_of("a", "x")).ends_with("\r\n"));
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(defused("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(defused("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defused("-1.5"), "-1.5");
        assert_eq!(defused("alice"), "alice");
        assert_eq!(
            row(&class_of("=HYPERLINK(\"x\")", "+cmd")),
            "\"'=HYPERLINK(\"\"x\"\")\",0,0,10,0.0,'+cmd"
        );
    }

    #[test]
    fn slugs_are_file_names() {
        assert_eq!(slug("alice"), "alice");
        assert_eq!(slug("../etc/passwd"), "_etc_passwd");
        assert_eq!(slug("..."), "student");
        assert_eq!(slug("Zoë Smith"), "Zo__Smith");
    }
}
