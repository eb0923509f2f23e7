//! `ipv4-bytes` — prints IPv4 addresses packed into bytes, and numbers in byte order.
//!
//! A thin front end over the library: it reads the arguments, calls `pack_line` or the
//! byte-order lines, prints, and picks the exit code (0 ok, 1 a bad value, 2 bad usage).

use ipv4_bytes::{long_order_line, pack_line, short_order_line};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "\
usage: ipv4-bytes pack ADDR...    pack each IPv4 address (inet_aton) and unpack it again
       ipv4-bytes order N...      show N (0..=4294967295) in host and network byte order
       ipv4-bytes --help          show this help

Each argument is handled on its own: a bad one gives an error line on stderr and exit
status 1, the others are still printed. For `order`, the 16-bit line needs N <= 65535;
a larger N prints the 32-bit line, then an error line, and the exit status is 1.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        // `println!` would panic if the reader stops early (`--help | head -1`).
        let _ = writeln!(std::io::stdout(), "{USAGE}");
        return ExitCode::SUCCESS;
    }
    let Some((command, values)) = args.split_first() else {
        return usage_error("missing command");
    };
    if values.is_empty() {
        return usage_error(&format!("{command}: missing arguments"));
    }
    let all_ok = match command.as_str() {
        "pack" => values.iter().map(|v| pack(v)).fold(true, |a, b| a & b),
        "order" => values.iter().map(|v| order(v)).fold(true, |a, b| a & b),
        other => return usage_error(&format!("unknown command: {other}")),
    };
    if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Prints the pack line for one address; false when the address is not valid.
fn pack(text: &str) -> bool {
    match pack_line(text) {
        Some(line) => {
            println!("{line}");
            true
        }
        None => {
            eprintln!("ipv4-bytes: illegal IP address string passed to inet_aton: {text}");
            false
        }
    }
}

/// Prints the two byte-order lines for one number; false when it does not fit.
fn order(text: &str) -> bool {
    let Ok(value) = text.parse::<u32>() else {
        eprintln!("ipv4-bytes: not an unsigned 32-bit integer: {text}");
        return false;
    };
    println!("{}", long_order_line(value));
    match u16::try_from(value) {
        Ok(short) => {
            println!("{}", short_order_line(short));
            true
        }
        Err(_) => {
            eprintln!("ipv4-bytes: {value} does not fit in 16 bits: no short byte order");
            false
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("ipv4-bytes: {message}");
    eprintln!("{USAGE}");
    ExitCode::from(2)
}
