//! The student edition's `README.md`: written for a student (setup, the loop, how to begin
//! at 0%), from a template, with the table of labs taken from the instructor's README so
//! the two never disagree on the labs.

/// The template; `{{LABS}}` stands for the table of labs.
const TEMPLATE: &str = include_str!("README.student.md");

/// The student README, given the instructor edition's README (whose `## The labs` section
/// opens with the table of labs).
pub fn student_readme(instructor_readme: &str) -> String {
    TEMPLATE.replace("{{LABS}}", &labs_table(instructor_readme))
}

/// The table rows right under the `## The labs` heading, or a pointer to `labs/`.
fn labs_table(readme: &str) -> String {
    let rows: Vec<&str> = readme
        .lines()
        .skip_while(|l| l.trim() != "## The labs")
        .skip(1)
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| l.starts_with('|'))
        .collect();
    if rows.is_empty() {
        "Every folder under `labs/` is a lab, numbered in the order to take them.".to_string()
    } else {
        rows.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INSTRUCTOR: &str = include_str!("../../../README.md");

    #[test]
    fn it_is_written_for_a_student() {
        let readme = student_readme(INSTRUCTOR);
        assert!(!readme.contains("{{"), "{readme}");
        let lower = readme.to_lowercase();
        for word in ["instructor", "100%", "release", "batch", "export", "bench"] {
            assert!(
                !lower.contains(word),
                "`{word}` in the student README:\n{readme}"
            );
        }
        assert!(readme.contains("0%"));
        assert!(readme.contains("--no-fail-fast"));
        for command in ["grade", "check", "watch", "status", "cargo test -p"] {
            assert!(readme.contains(command), "no `{command}`");
        }
    }

    #[test]
    fn the_labs_table_is_the_instructor_readmes() {
        let readme = student_readme(INSTRUCTOR);
        let rows = labs_table(INSTRUCTOR);
        assert_eq!(rows.lines().count(), 2 + crate::labs::LABS.len(), "{rows}");
        assert!(readme.contains("| 09 | [tcp-echo](labs/09-tcp-echo)"));
        assert!(labs_table("# no table\n").contains("labs/"));
    }
}
