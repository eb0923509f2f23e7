//! `udp-echo server|client`: the command line around the lab's library. Parses arguments,
//! prints what the seed printed, and turns errors into exit codes (1 runtime, 2 usage).

use std::io::Write;
use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};
use std::process::ExitCode;
use std::time::Duration;

use udp_echo::{Event, echo_with_retries, serve};

const USAGE: &str = "\
usage: udp-echo server [--host HOST] [--port PORT]
       udp-echo client [--host HOST] [--port PORT] [--message TEXT] [--timeout SECS] [--retries N]

  --host HOST     address to bind or send to (default 127.0.0.1; ::1 for IPv6)
  --port PORT     UDP port, 0 lets the server pick a free one (default 9999)
  --message TEXT  what the client sends (default \"Test message. This will be echoed\")
  --timeout SECS  how long to wait for each echo (default 1)
  --retries N     how many times to send in all before giving up (default 3)";

struct Options {
    host: String,
    port: u16,
    message: String,
    timeout: Duration,
    attempts: u32,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        // `println!` would panic if the reader stops early (`--help | head -1`).
        let _ = writeln!(std::io::stdout(), "{USAGE}");
        return ExitCode::SUCCESS;
    }
    let (mode, rest) = match args.split_first() {
        Some((mode, rest)) if mode == "server" || mode == "client" => (mode.as_str(), rest),
        _ => return usage_error("expected `server` or `client`"),
    };
    let options = match parse_options(rest) {
        Ok(options) => options,
        Err(message) => return usage_error(&message),
    };
    let result = if mode == "server" {
        run_server(&options)
    } else {
        run_client(&options)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("udp-echo: {message}");
            ExitCode::FAILURE
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("udp-echo: {message}\n{USAGE}");
    ExitCode::from(2)
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        host: "127.0.0.1".to_string(),
        port: 9999,
        message: "Test message. This will be echoed".to_string(),
        timeout: Duration::from_secs(1),
        attempts: 3,
    };
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let text = args.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--host" => options.host = text.clone(),
            "--port" => {
                options.port = text
                    .parse()
                    .map_err(|_| format!("invalid port `{text}`: expected 0 to 65535"))?
            }
            "--message" => options.message = text.clone(),
            "--timeout" => {
                options.timeout = text
                    .parse::<f64>()
                    .ok()
                    .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
                    .filter(|d| !d.is_zero())
                    .ok_or(format!("invalid timeout `{text}`: expected seconds > 0"))?
            }
            "--retries" => {
                options.attempts = text
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or(format!("invalid retries `{text}`: expected a count > 0"))?
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(options)
}

fn resolve(options: &Options) -> Result<SocketAddr, String> {
    (options.host.as_str(), options.port)
        .to_socket_addrs()
        .map_err(|e| format!("{}: {e}", options.host))?
        .next()
        .ok_or(format!("{}: no address", options.host))
}

fn run_server(options: &Options) -> Result<(), String> {
    let address = resolve(options)?;
    let socket = UdpSocket::bind(address).map_err(|e| format!("bind {address}: {e}"))?;
    let bound = socket.local_addr().map_err(|e| e.to_string())?;
    // First line: where we really are, so whoever started us knows we are ready.
    println!(
        "Starting up echo server on {} port {}",
        bound.ip(),
        bound.port()
    );
    std::io::stdout().flush().map_err(|e| e.to_string())?;
    serve(&socket).map_err(|e| format!("receive: {e}"))
}

fn run_client(options: &Options) -> Result<(), String> {
    let server = resolve(options)?;
    println!("Connecting to {} port {}", options.host, options.port);
    // Port 0: the system picks our port. Same address family as the server.
    let local: SocketAddr = if server.is_ipv6() {
        "[::]:0".parse().unwrap()
    } else {
        "0.0.0.0:0".parse().unwrap()
    };
    let socket = UdpSocket::bind(local).map_err(|e| format!("bind {local}: {e}"))?;
    println!("Sending {}", options.message);
    let secs = options.timeout.as_secs_f64();
    let reply = echo_with_retries(
        &socket,
        server,
        options.message.as_bytes(),
        options.timeout,
        options.attempts,
        |event| match event {
            Event::TimedOut { attempt, attempts } if attempt < attempts => {
                println!(
                    "no reply within {secs} s (attempt {attempt} of {attempts}), sending again"
                )
            }
            Event::TimedOut { .. } => {}
            Event::Stranger(from) => println!("ignored a datagram from {from}: not the server"),
        },
    )
    .map_err(|e| format!("send to {server}: {e}"))?;
    match reply {
        Some(data) => {
            println!("received {}", String::from_utf8_lossy(&data));
            println!("Closing connection to the server");
            Ok(())
        }
        None => Err(format!("no reply after {} attempts", options.attempts)),
    }
}
