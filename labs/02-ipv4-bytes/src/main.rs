//! `ipv4-bytes` — prints IPv4 addresses packed into bytes, and numbers in byte order.
//!
//! A thin front end over the library: it reads the arguments, calls `pack_line` or the
//! byte-order lines, prints, and picks the exit code (0 ok, 1 a bad value, 2 bad usage).
//!
//! Nothing here touches the network: this is what a program does with an address *before*
//! it reaches a socket. A socket address holds the IPv4 address and the port as bytes in
//! network byte order (big-endian), whatever the machine's own order is.

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

/// What the command line asked for: a command and its values, taken as they are (a value
/// such as `-1` or `--1` is an address or number to judge, not an option).
enum Command {
    Pack,
    Order,
}

fn main() -> ExitCode {
    let args = match command_line() {
        Ok(args) => args,
        Err(message) => return usage_error(&message),
    };
    if args.iter().any(|a| a == "--help" || a == "-h") {
        say(USAGE);
        return ExitCode::SUCCESS;
    }
    let (command, values) = match parse_args(&args) {
        Ok(parsed) => parsed,
        Err(message) => return usage_error(&message),
    };
    // Every value is handled, even after a bad one; `&` (not `&&`) does not stop early.
    let all_ok = match command {
        Command::Pack => values.iter().map(|v| pack(v)).fold(true, |a, b| a & b),
        Command::Order => values.iter().map(|v| order(v)).fold(true, |a, b| a & b),
    };
    if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn parse_args(args: &[String]) -> Result<(Command, &[String]), String> {
    let (command, values) = args.split_first().ok_or("missing command: pack or order")?;
    let command = match command.as_str() {
        "pack" => Command::Pack,
        "order" => Command::Order,
        other => return Err(format!("unknown command '{other}'")),
    };
    if values.is_empty() {
        return Err(format!("{}: missing arguments", args[0]));
    }
    Ok((command, values))
}

/// Prints the pack line for one address; false when the address is not valid.
fn pack(text: &str) -> bool {
    match pack_line(text) {
        Some(line) => {
            say(&line);
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
    say(&long_order_line(value));
    match u16::try_from(value) {
        Ok(short) => {
            say(&short_order_line(short));
            true
        }
        Err(_) => {
            eprintln!("ipv4-bytes: {value} does not fit in 16 bits: no short byte order");
            false
        }
    }
}

// The command line, the same small shape in every lab (explained in labs/01-host-info/src/main.rs).

/// The arguments after the program name, with `--flag=VALUE` split into `--flag VALUE`.
fn command_line() -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    for arg in std::env::args_os().skip(1) {
        let arg = arg
            .into_string()
            .map_err(|arg| format!("argument is not UTF-8: {arg:?}"))?;
        match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                words.push(flag.to_string());
                words.push(value.to_string());
            }
            _ => words.push(arg),
        }
    }
    Ok(words)
}

/// Prints one line on stdout and flushes it. Rust ignores SIGPIPE, so writing to a reader
/// that left (`| head -1`) is an error, not death; `println!` would panic on it. The line
/// is dropped instead: whoever stopped reading does not need it.
fn say(line: &str) {
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// A usage error: what is wrong and the usage text on stderr, exit status 2.
fn usage_error(message: &str) -> ExitCode {
    eprintln!("ipv4-bytes: {message}\n{USAGE}");
    ExitCode::from(2)
}
