//! Grading for a Raspberry Pi (`--target T`): the labs are cross-built for Raspberry Pi OS
//! with Debian's cross linker and every program runs through qemu-user, so a student's
//! first contact with their Pi is not a linker error or an illegal instruction.
//!
//! The linker is passed to cargo on the command line, never read from the submission's
//! `.cargo/config.toml` (a submission's config is not trusted). On a machine of the same
//! CPU family (grading on a Pi) the programs run as they are, without an emulator.

use std::path::{Path, PathBuf};

use crate::programs::Emulator;

/// A cross target the course supports.
#[derive(Debug)]
pub struct CrossTarget {
    /// Rust's name for it, given to `--target`.
    pub triple: &'static str,
    /// Which Raspberry Pi OS runs it.
    pub os: &'static str,
    /// `std::env::consts::ARCH` of a machine that runs it without emulation.
    arch: &'static str,
    /// Debian's cross gcc, the linker.
    linker: &'static str,
    /// qemu-user's emulator for it.
    emulator: &'static str,
    /// Where Debian's cross C library lives (the emulator's `-L`).
    sysroot: &'static str,
    /// The dynamic loader inside the sysroot: present when the cross C library is.
    loader: &'static str,
    /// Debian packages that bring the linker and the C library.
    packages: &'static str,
}

/// The targets of Raspberry Pi OS.
pub const TARGETS: [CrossTarget; 2] = [
    CrossTarget {
        triple: "aarch64-unknown-linux-gnu",
        os: "64-bit Raspberry Pi OS",
        arch: "aarch64",
        linker: "aarch64-linux-gnu-gcc",
        emulator: "qemu-aarch64",
        sysroot: "/usr/aarch64-linux-gnu",
        loader: "lib/ld-linux-aarch64.so.1",
        packages: "gcc-aarch64-linux-gnu libc6-dev-arm64-cross",
    },
    CrossTarget {
        triple: "armv7-unknown-linux-gnueabihf",
        os: "32-bit Raspberry Pi OS",
        arch: "arm",
        linker: "arm-linux-gnueabihf-gcc",
        emulator: "qemu-arm",
        sysroot: "/usr/arm-linux-gnueabihf",
        loader: "lib/ld-linux-armhf.so.3",
        packages: "gcc-arm-linux-gnueabihf libc6-dev-armhf-cross",
    },
];

/// How much longer a check may take when its programs are emulated. qemu-user translates
/// each program's code before running it: start-up and CPU-bound work are several times
/// slower, while waiting on sockets is not. Required waits (what a check must wait for,
/// a timeout under test) are never scaled, only the deadlines that catch a hung program.
pub const EMULATED_DEADLINE_FACTOR: u32 = 3;

/// The target named `triple`, ready to use: an unknown name, or a missing linker, Rust
/// target or emulator, is one message naming the command that fixes it.
pub fn find(triple: &str) -> Result<&'static CrossTarget, String> {
    let Some(target) = TARGETS.iter().find(|t| t.triple == triple) else {
        let known: Vec<&str> = TARGETS.iter().map(|t| t.triple).collect();
        return Err(format!(
            "unknown target `{triple}`; targets are: {}",
            known.join(", ")
        ));
    };
    target.ready()?;
    Ok(target)
}

impl CrossTarget {
    /// Whether this machine runs the target's programs itself (a Pi grading itself).
    pub fn is_native(&self) -> bool {
        std::env::consts::ARCH == self.arch
    }

    fn ready(&self) -> Result<(), String> {
        let mut apt = Vec::new();
        let mut missing = Vec::new();
        let has_rust_target = rust_target_installed(self.triple);
        if !has_rust_target {
            missing.push(format!("the Rust target {}", self.triple));
        }
        // Natively the C library is the system's own, not a cross one under /usr/TRIPLE.
        let cross_libc = self.is_native() || Path::new(self.sysroot).join(self.loader).exists();
        if find_on_path(self.linker).is_none() || !cross_libc {
            missing.push(format!("the linker {}", self.linker));
            apt.push(self.packages);
        }
        if !self.is_native() && find_on_path(self.emulator).is_none() {
            missing.push(format!("the emulator {}", self.emulator));
            apt.push("qemu-user");
        }
        if missing.is_empty() {
            return Ok(());
        }
        let mut fix = Vec::new();
        if !has_rust_target {
            fix.push(format!("rustup target add {}", self.triple));
        }
        if !apt.is_empty() {
            fix.push(format!("sudo apt-get install {}", apt.join(" ")));
        }
        Err(format!(
            "cannot grade for {} ({}): {} missing; install with: {}",
            self.triple,
            self.os,
            missing.join(", "),
            fix.join(" && ")
        ))
    }

    /// What cargo needs to build for the target: `--target` and the linker.
    pub fn cargo_args(&self) -> [String; 4] {
        [
            "--target".to_string(),
            self.triple.to_string(),
            "--config".to_string(),
            format!("target.{}.linker=\"{}\"", self.triple, self.linker),
        ]
    }

    /// How to run the target's programs here: under qemu-user with the target's C
    /// library, or `None` on a machine that runs them natively.
    pub fn emulator(&self) -> Option<Emulator> {
        if self.is_native() {
            return None;
        }
        let path = find_on_path(self.emulator).unwrap_or_else(|| self.emulator.into());
        Some(Emulator {
            argv: vec![path.into(), "-L".into(), self.sysroot.into()],
            deadline_factor: EMULATED_DEADLINE_FACTOR,
            // qemu-user runs one thread of its own (RCU) beside the program's.
            threads: 1,
        })
    }
}

/// Whether rustc has the standard library for `triple` (`rustup target add` puts it there).
fn rust_target_installed(triple: &str) -> bool {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    std::process::Command::new(rustc)
        .args(["--print", "sysroot"])
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| {
            let sysroot = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            sysroot
                .join("lib/rustlib")
                .join(triple)
                .join("lib")
                .is_dir()
        })
        .unwrap_or(false)
}

/// The executable `name` in a folder of `PATH`.
fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_target_lists_the_known_ones() {
        let error = find("mips-unknown-linux-gnu").unwrap_err();
        assert!(
            error.contains("unknown target `mips-unknown-linux-gnu`"),
            "{error}"
        );
        assert!(error.contains("aarch64-unknown-linux-gnu, armv7-unknown-linux-gnueabihf"));
    }

    #[test]
    fn a_missing_tool_names_the_command_that_installs_it() {
        let target = CrossTarget {
            linker: "netlabs-no-such-gcc",
            emulator: "netlabs-no-such-qemu",
            arch: "netlabs-no-such-cpu",
            ..TARGETS[0]
        };
        let error = target.ready().unwrap_err();
        assert!(error.contains("the linker netlabs-no-such-gcc"), "{error}");
        assert!(
            error.contains("the emulator netlabs-no-such-qemu"),
            "{error}"
        );
        assert!(
            error.contains(
                "sudo apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user"
            ),
            "{error}"
        );
    }
}
