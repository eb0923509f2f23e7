//! `tcp-echo server|client`: the command line around the lab's library. Parses arguments,
//! prints what the seed printed, and turns errors into exit codes (1 runtime, 2 usage).

use std::io::Write;
use std::net::{TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration;

use tcp_echo::{ClientError, echo_roundtrip, serve};

const USAGE: &str = "\
usage: tcp-echo server [--host HOST] [--port PORT]
       tcp-echo client [--host HOST] [--port PORT] [--message TEXT] [--timeout SECS]

  --host HOST     address to bind or connect to (default 127.0.0.1; ::1 for IPv6)
  --port PORT     TCP port, 0 lets the server pick a free one (default 9999)
  --message TEXT  what the client sends (default \"Test message. This will be echoed\")
  --timeout SECS  how long the client waits for the echo (default 5)";

struct Options {
    host: String,
    port: u16,
    message: String,
    timeout: Duration,
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
            eprintln!("tcp-echo: {message}");
            ExitCode::FAILURE
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("tcp-echo: {message}\n{USAGE}");
    ExitCode::from(2)
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        host: "127.0.0.1".to_string(),
        port: 9999,
        message: "Test message. This will be echoed".to_string(),
        timeout: Duration::from_secs(5),
    };
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--host" => options.host = value()?.clone(),
            "--port" => {
                let text = value()?;
                options.port = text
                    .parse()
                    .map_err(|_| format!("invalid port `{text}`: expected 0 to 65535"))?;
            }
            "--message" => options.message = value()?.clone(),
            "--timeout" => {
                let text = value()?;
                options.timeout = text
                    .parse::<f64>()
                    .ok()
                    .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
                    .filter(|d| !d.is_zero())
                    .ok_or(format!("invalid timeout `{text}`: expected seconds > 0"))?;
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(options)
}

fn run_server(options: &Options) -> Result<(), String> {
    let address = (options.host.as_str(), options.port);
    let listener =
        TcpListener::bind(address).map_err(|e| format!("bind {}: {e}", display(options)))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    // The first line says where we really are (port 0 means "any"): whoever started us
    // waits for it instead of guessing when we are ready.
    println!(
        "Starting up echo server on {} port {}",
        bound.ip(),
        bound.port()
    );
    std::io::stdout().flush().map_err(|e| e.to_string())?;
    // `serve` returns only when the server must stop; its error says what failed.
    serve(listener).map_err(|e| format!("server stopped: {e}"))
}

fn run_client(options: &Options) -> Result<(), String> {
    println!("Connecting to {} port {}", options.host, options.port);
    let address = (options.host.as_str(), options.port)
        .to_socket_addrs()
        .map_err(|e| format!("{}: {e}", options.host))?
        .next()
        .ok_or(format!("{}: no address", options.host))?;
    let mut stream = TcpStream::connect_timeout(&address, options.timeout)
        .map_err(|e| format!("connect to {}: {e}", display(options)))?;
    // Without a read timeout a silent server would keep us waiting forever.
    stream
        .set_read_timeout(Some(options.timeout))
        .map_err(|e| e.to_string())?;
    println!("Sending {}", options.message);
    let result = echo_roundtrip(&mut stream, options.message.as_bytes(), |piece| {
        println!("Received: {}", String::from_utf8_lossy(piece));
    });
    println!("Closing connection to the server");
    match result {
        Ok(_) => Ok(()),
        Err(ClientError::Io(e)) if is_timeout(&e) => Err(format!(
            "no echo within {} s",
            options.timeout.as_secs_f64()
        )),
        Err(e) => Err(e.to_string()),
    }
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
    )
}

/// `host:port`, with brackets around an IPv6 address as in a URL.
fn display(options: &Options) -> String {
    if options.host.contains(':') {
        format!("[{}]:{}", options.host, options.port)
    } else {
        format!("{}:{}", options.host, options.port)
    }
}
