//! The course's rules for a lab's `Cargo.toml`, checked before anything of the submission
//! is built: labs are std only, so nothing in a manifest may bring in code that runs at
//! build time or code the course did not ship.
//!
//! - no dependency, except the Pi lab's `hw-mock` (the grader's own copy), `embedded-hal`,
//!   and `rppal` behind the `rpi` feature;
//! - no build script (`build = ...`, or a `build.rs` cargo would pick up by itself);
//! - no procedural macro (`[lib] proc-macro`);
//! - no `[patch]`, `[replace]` or `[profile]`: the grader's workspace decides those.
//!
//! A violation fails the lab's checks with one reason naming the file and the line.

use std::path::Path;

/// The Pi lab: the only one with dependencies.
const PI_LAB: &str = "pi-devices";

/// Tables whose entries are dependencies.
const DEPENDENCY_TABLES: &[&str] = &["dependencies", "dev-dependencies", "build-dependencies"];

/// The first rule the lab at `dir` (package `package`) breaks, as
/// `labs/NN-name/Cargo.toml:LINE: what`.
pub fn violation(dir: &Path, package: &str) -> Option<String> {
    let folder = dir.file_name()?.to_string_lossy().into_owned();
    let name = format!("labs/{folder}/Cargo.toml");
    if dir.join("build.rs").exists() {
        return Some(format!(
            "labs/{folder}/build.rs: build scripts are not allowed: labs are std only"
        ));
    }
    let text = match std::fs::read_to_string(dir.join("Cargo.toml")) {
        Ok(text) => text,
        Err(e) => return Some(format!("{name}: cannot be read: {e}")),
    };
    let manifest: toml::Table = match text.parse() {
        Ok(table) => table,
        Err(e) => {
            let line = e
                .span()
                .map(|span| line_of_offset(&text, span.start))
                .unwrap_or(1);
            return Some(format!("{name}:{line}: not valid TOML: {}", e.message()));
        }
    };
    let at =
        |needle: &str, what: String| Some(format!("{name}:{}: {what}", line_of(&text, needle)));
    for table in ["patch", "replace", "profile", "workspace"] {
        if manifest.contains_key(table) {
            return at(
                table,
                format!("`[{table}]` is not allowed in a lab: the grader's workspace decides it"),
            );
        }
    }
    if let Some(package_table) = manifest.get("package").and_then(|p| p.as_table()) {
        if package_table.contains_key("build") {
            return at(
                "build",
                "`build = ...` is not allowed: labs have no build script".to_string(),
            );
        }
    }
    if manifest
        .get("lib")
        .and_then(|lib| lib.get("proc-macro").or_else(|| lib.get("proc_macro")))
        .and_then(|v| v.as_bool())
        == Some(true)
    {
        return at(
            if text.contains("proc_macro") {
                "proc_macro"
            } else {
                "proc-macro"
            },
            "`proc-macro` is not allowed: labs are std only".to_string(),
        );
    }
    let targets = manifest
        .get("target")
        .and_then(|t| t.as_table())
        .into_iter()
        .flat_map(|t| t.values().filter_map(|v| v.as_table()));
    for tables in std::iter::once(&manifest).chain(targets) {
        for kind in DEPENDENCY_TABLES {
            let Some(deps) = tables.get(*kind).and_then(|d| d.as_table()) else {
                continue;
            };
            for (dep, spec) in deps {
                if let Some(why) = refused(package, dep, spec) {
                    return at(dep, why);
                }
            }
        }
    }
    None
}

/// Why dependency `dep` (declared as `spec`) of lab `package` is refused, if it is.
fn refused(package: &str, dep: &str, spec: &toml::Value) -> Option<String> {
    if package != PI_LAB {
        return Some(format!(
            "dependency `{dep}` is not allowed: labs are std only"
        ));
    }
    let field = |key: &str| spec.as_table().and_then(|t| t.get(key));
    match dep {
        "hw-mock" if field("path").and_then(|p| p.as_str()) == Some("../../hw-mock") => None,
        "hw-mock" => Some("`hw-mock` must be the course's own (`path = \"../../hw-mock\"`)".into()),
        "embedded-hal" if field("path").is_none() && field("git").is_none() => None,
        "rppal"
            if field("optional").and_then(|o| o.as_bool()) == Some(true)
                && field("path").is_none()
                && field("git").is_none() =>
        {
            None
        }
        "rppal" => Some("`rppal` must be optional, behind the `rpi` feature".into()),
        _ => Some(format!(
            "dependency `{dep}` is not allowed: the Pi lab may use only hw-mock, embedded-hal and rppal"
        )),
    }
}

/// The 1-based line where `key` is first set or opens a table (1 if nowhere): `key = `,
/// `key.field = `, `"key" = `, or `[...key...]`.
fn line_of(text: &str, key: &str) -> usize {
    let sets = |line: &str| {
        let line = line.trim_start().trim_start_matches('"');
        line.strip_prefix(key)
            .is_some_and(|rest| rest.starts_with([' ', '=', '.', '"']))
    };
    let opens = |line: &str| {
        let line = line.trim();
        line.starts_with('[')
            && line
                .trim_matches(['[', ']'])
                .split('.')
                .any(|part| part.trim_matches('"') == key)
    };
    text.lines()
        .position(|line| !line.trim_start().starts_with('#') && (sets(line) || opens(line)))
        .map_or(1, |i| i + 1)
}

fn line_of_offset(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lab(folder: &str, manifest: &str, build_rs: bool) -> tempdir::Dir {
        let dir = tempdir::Dir::new(folder);
        std::fs::write(dir.0.join("Cargo.toml"), manifest).unwrap();
        if build_rs {
            std::fs::write(dir.0.join("build.rs"), "fn main() {}").unwrap();
        }
        dir
    }

    mod tempdir {
        pub struct Dir(pub std::path::PathBuf);
        impl Dir {
            pub fn new(folder: &str) -> Dir {
                let path = std::env::temp_dir()
                    .join(format!("netlabs-rules-{}-{folder}", std::process::id()))
                    .join(folder);
                let _ = std::fs::remove_dir_all(&path);
                std::fs::create_dir_all(&path).unwrap();
                Dir(path)
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(self.0.parent().unwrap());
            }
        }
    }

    const PACKAGE: &str = "[package]\nname = \"tcp-echo\"\nversion = \"0.1.0\"\n";

    #[test]
    fn the_course_manifests_pass() {
        let labs = crate::paths::checkout().join("labs");
        for entry in std::fs::read_dir(labs).unwrap().flatten() {
            if !entry.path().is_dir() {
                continue;
            }
            let text = std::fs::read_to_string(entry.path().join("Cargo.toml")).unwrap();
            let package: toml::Table = text.parse().unwrap();
            let name = package["package"]["name"].as_str().unwrap().to_string();
            assert_eq!(violation(&entry.path(), &name), None, "{name}");
        }
    }

    #[test]
    fn each_rule_names_the_file_and_line() {
        let cases = [
            (
                format!("{PACKAGE}\n[dependencies]\nlibc = \"0.2\"\n"),
                false,
                "labs/09-tcp-echo/Cargo.toml:6: dependency `libc` is not allowed: labs are std only",
            ),
            (
                format!("{PACKAGE}build = \"gen.rs\"\n"),
                false,
                "labs/09-tcp-echo/Cargo.toml:4: `build = ...` is not allowed: labs have no build script",
            ),
            (
                PACKAGE.to_string(),
                true,
                "labs/09-tcp-echo/build.rs: build scripts are not allowed: labs are std only",
            ),
            (
                format!("{PACKAGE}[lib]\nproc-macro = true\n"),
                false,
                "labs/09-tcp-echo/Cargo.toml:5: `proc-macro` is not allowed: labs are std only",
            ),
            (
                format!("{PACKAGE}[profile.dev]\nopt-level = 0\n"),
                false,
                "labs/09-tcp-echo/Cargo.toml:4: `[profile]` is not allowed in a lab: the grader's workspace decides it",
            ),
            (
                format!("{PACKAGE}[target.'cfg(unix)'.dev-dependencies]\nnix = \"0.29\"\n"),
                false,
                "labs/09-tcp-echo/Cargo.toml:5: dependency `nix` is not allowed: labs are std only",
            ),
        ];
        for (manifest, build_rs, want) in cases {
            let dir = lab("09-tcp-echo", &manifest, build_rs);
            assert_eq!(violation(&dir.0, "tcp-echo").as_deref(), Some(want));
        }
    }

    #[test]
    fn the_pi_lab_may_use_only_its_three_crates() {
        let pi = "[package]\nname = \"pi-devices\"\nversion = \"0.1.0\"\n[dependencies]\n";
        let dir = lab(
            "13-pi-devices",
            &format!("{pi}hw-mock = {{ path = \"../../hw-mock\" }}\nembedded-hal = \"1\"\n"),
            false,
        );
        assert_eq!(violation(&dir.0, "pi-devices"), None);
        let dir = lab(
            "13-pi-devices",
            &format!("{pi}hw-mock = {{ path = \"../my-mock\" }}\n"),
            false,
        );
        assert!(
            violation(&dir.0, "pi-devices")
                .unwrap()
                .contains(":5: `hw-mock` must be the course's own")
        );
        let dir = lab("13-pi-devices", &format!("{pi}serde = \"1\"\n"), false);
        assert!(
            violation(&dir.0, "pi-devices")
                .unwrap()
                .contains("dependency `serde` is not allowed")
        );
    }
}
