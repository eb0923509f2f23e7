//! The classroom server's files: the roster it may check against, and the attendance file it
//! appends to. Both are CSV (RFC 4180, one record per line).
//!
//! Roster (`--roster roster.csv`): a header line whose first column is `id`, then one
//! student per line; only the first column matters, more columns are allowed:
//!
//! ```text
//! id,name
//! 6210500001,Somchai Jaidee
//! 6210500002,"Jaidee, Somying"
//! ```
//!
//! Attendance (`--out attendance.csv`): the header `id,name,peer_address,unix_time`, then
//! one row per accepted check-in, fields quoted when they hold a comma, a quote or a line
//! break (both files are read and written with the `csv` crate). Each row is written whole and flushed to disk (`fdatasync`) before the
//! client is told OK, so a crash loses nothing that was acknowledged. A row cut short by a
//! crash (no newline at the end of the file) was never acknowledged: it is dropped when the
//! file is opened again. The ids already in the file stay checked in.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The attendance file's first line.
pub const ATTENDANCE_HEADER: &str = "id,name,peer_address,unix_time";

/// One CSV record from one line (without its line ending).
fn parse_record(line: &str) -> Result<Vec<String>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(line.as_bytes());
    match reader.records().next() {
        Some(Ok(record)) => Ok(record.iter().map(String::from).collect()),
        Some(Err(e)) => Err(e.to_string()),
        None => Ok(vec![String::new()]),
    }
}

/// The ids a class may check in with.
#[derive(Clone, Debug, Default)]
pub struct Roster {
    ids: HashSet<String>,
}

impl Roster {
    /// Reads a roster file (see the module documentation for the format).
    pub fn load(path: &Path) -> Result<Roster, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Roster::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses roster text: a header whose first column is `id`, then a student per line.
    pub fn parse(text: &str) -> Result<Roster, String> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut records = reader.records().filter(|record| {
            // Lines of spaces only are blank lines.
            record
                .as_ref()
                .map_or(true, |r| r.iter().any(|f| !f.trim().is_empty()))
        });
        let line = |e: &csv::Error| e.position().map_or(0, |p| p.line());
        let header = match records.next() {
            None => return Err("empty roster: expected a header line `id,name`".to_string()),
            Some(Err(e)) => return Err(format!("line {}: {e}", line(&e))),
            Some(Ok(header)) => header,
        };
        let n = header.position().map_or(1, |p| p.line());
        let first = header.get(0).unwrap_or_default();
        let first = first.trim_start_matches('\u{feff}').trim();
        if !first.eq_ignore_ascii_case("id") {
            let header: Vec<&str> = header.iter().collect();
            return Err(format!(
                "line {n}: the first line should be the header `id,name`, got {:?}",
                header.join(",")
            ));
        }
        let mut ids = HashSet::new();
        for record in records {
            let record = record.map_err(|e| format!("line {}: {e}", line(&e)))?;
            let n = record.position().map_or(0, |p| p.line());
            // Spaces around an id are layout; a line break in it is an unclosed quote.
            let id = record.get(0).unwrap_or_default().trim_matches([' ', '\t']);
            if id.contains(['\r', '\n']) {
                return Err(format!("line {n}: a quoted field is not closed"));
            }
            if id.is_empty() || id.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(format!("line {n}: an id must be non-empty, without spaces"));
            }
            ids.insert(id.to_string());
        }
        Ok(Roster { ids })
    }

    /// A roster of exactly these ids.
    pub fn of<'a>(ids: impl IntoIterator<Item = &'a str>) -> Roster {
        Roster {
            ids: ids.into_iter().map(String::from).collect(),
        }
    }

    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// One accepted check-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    pub name: String,
    pub peer_address: String,
    pub unix_time: u64,
}

impl Row {
    /// The row as one CSV line, with its newline.
    pub fn to_line(&self) -> String {
        let mut out = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        out.write_record([
            self.id.as_str(),
            &self.name,
            &self.peer_address,
            &self.unix_time.to_string(),
        ])
        .expect("writing to memory does not fail");
        String::from_utf8(out.into_inner().expect("writing to memory does not fail"))
            .expect("the fields are text")
    }

    /// Parses one attendance line (without its newline).
    pub fn parse(line: &str) -> Result<Row, String> {
        let record = parse_record(line)?;
        let [id, name, peer_address, unix_time] = <[String; 4]>::try_from(record)
            .map_err(|r| format!("expected 4 fields, got {}", r.len()))?;
        let unix_time = unix_time
            .parse()
            .map_err(|_| format!("bad unix_time {unix_time:?}"))?;
        if id.is_empty() {
            return Err("empty id".to_string());
        }
        Ok(Row {
            id,
            name,
            peer_address,
            unix_time,
        })
    }
}

/// The attendance file, open for appending, and the ids it holds.
pub struct Attendance {
    path: PathBuf,
    file: File,
    /// Bytes in the file: where a failed append is cut back to.
    len: u64,
    present: HashSet<String>,
}

impl Attendance {
    /// Opens (or creates) the attendance file and reads the check-ins already in it.
    /// Returns the file and how many bytes of a torn last row were dropped.
    pub fn open(path: &Path) -> io::Result<(Attendance, usize)> {
        let existed = path.exists();
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)?;
        let mut text = Vec::new();
        file.read_to_end(&mut text)?;
        let mut dropped = 0;
        if !text.is_empty() && !text.ends_with(b"\n") {
            // A row cut short by a crash: it was never acknowledged (OK comes after fsync).
            let keep = text.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            dropped = text.len() - keep;
            text.truncate(keep);
            file.set_len(keep as u64)?;
            file.sync_data()?;
        }
        let mut present = HashSet::new();
        if text.is_empty() {
            file.write_all(format!("{ATTENDANCE_HEADER}\n").as_bytes())?;
            file.sync_all()?;
            if !existed {
                sync_parent(path);
            }
        } else {
            let text = String::from_utf8(text).map_err(|_| invalid(path, 0, "not UTF-8"))?;
            let mut lines = text.lines().enumerate();
            match lines.next() {
                Some((_, header)) if header.trim() == ATTENDANCE_HEADER => {}
                _ => {
                    return Err(invalid(
                        path,
                        1,
                        &format!(
                            "not an attendance file: the header should be `{ATTENDANCE_HEADER}`"
                        ),
                    ));
                }
            }
            for (i, line) in lines.filter(|(_, l)| !l.trim().is_empty()) {
                let row = Row::parse(line).map_err(|e| invalid(path, i + 1, &e))?;
                present.insert(row.id);
            }
        }
        let len = file.metadata()?.len();
        Ok((
            Attendance {
                path: path.to_path_buf(),
                file,
                len,
                present,
            },
            dropped,
        ))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many students are checked in.
    pub fn count(&self) -> usize {
        self.present.len()
    }

    pub fn contains(&self, id: &str) -> bool {
        self.present.contains(id)
    }

    /// Appends `rows` with one write and flushes them to disk. Only when this returns `Ok`
    /// are the rows' ids present (and may their clients be told OK). On an error the file
    /// is cut back to where it was.
    pub fn append(&mut self, rows: &[Row]) -> io::Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let text: String = rows.iter().map(Row::to_line).collect();
        let written = self
            .file
            .write_all(text.as_bytes())
            .and_then(|()| self.file.sync_data());
        match written {
            Ok(()) => {
                self.len += text.len() as u64;
                self.present.extend(rows.iter().map(|r| r.id.clone()));
                Ok(())
            }
            Err(e) => {
                let _ = self.file.set_len(self.len);
                Err(e)
            }
        }
    }
}

fn invalid(path: &Path, line: usize, what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("{} line {line}: {what}", path.display()),
    )
}

/// Flushes the directory entry of a new file, so the file itself survives a power cut.
fn sync_parent(path: &Path) {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(dir) = File::open(parent) {
        let _ = dir.sync_all();
    }
}

/// Reads every row of an attendance file (for tests and checks).
pub fn read_rows(path: &Path) -> Result<Vec<Row>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut lines = text.lines();
    if lines.next() != Some(ATTENDANCE_HEADER) {
        return Err(format!(
            "{}: the first line should be `{ATTENDANCE_HEADER}`",
            path.display()
        ));
    }
    lines
        .enumerate()
        .map(|(i, l)| Row::parse(l).map_err(|e| format!("{} line {}: {e}", path.display(), i + 2)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_round_trips() {
        for name in [
            "plain",
            "Jaidee, Somying",
            "say \"hi\"",
            " padded ",
            "",
            "ก ข",
            "two\rlines",
        ] {
            let row = Row {
                id: "1".into(),
                name: name.into(),
                peer_address: "127.0.0.1:5".into(),
                unix_time: 7,
            };
            let line = row.to_line();
            assert_eq!(line.matches('\n').count(), 1, "{line:?}");
            assert_eq!(Row::parse(line.trim_end_matches('\n')).unwrap(), row);
        }
    }

    #[test]
    fn roster_needs_a_header() {
        let roster = Roster::parse("id,name\n1,A\n\"2\",\"B, C\"\n").unwrap();
        assert!(roster.contains("1") && roster.contains("2") && roster.len() == 2);
        assert!(Roster::parse("1,A\n").is_err());
        let bom = Roster::parse("\u{feff}id,name\n  \n 3 ,C\n").unwrap();
        assert!(bom.contains("3") && bom.len() == 1);
        assert!(
            Roster::parse("id\n4 5\n")
                .unwrap_err()
                .starts_with("line 2:")
        );
        assert!(Roster::parse("id,name\n\"1,A\n").is_err());
    }

    #[test]
    fn rows_parse() {
        let row = Row {
            id: "1".into(),
            name: "Jaidee, Somying".into(),
            peer_address: "127.0.0.1:5".into(),
            unix_time: 7,
        };
        assert_eq!(Row::parse(row.to_line().trim_end()).unwrap(), row);
        assert!(Row::parse("1,2,3").is_err());
    }
}
