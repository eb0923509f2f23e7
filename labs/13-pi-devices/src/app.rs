//! The programs' main logic: parse, run, print, pick the exit code.
//!
//! Why here and not in `src/bin/`: the eight binaries stay one line each, and the tests can
//! reach the same code. Exit codes follow the course: 0 success, 1 runtime or network error
//! (one stderr line starting with the program name), 2 usage error (with the usage text).

use std::io::{self, BufRead, BufReader, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use crate::backend::{self, Backend, Device, SimConfig};
use crate::cli::{self, ClientOpts};
use crate::protocol::{self, ClimateLine, Line, LineReader, MAX_LINE};
use crate::server;

/// How long a client waits to connect and for each reply.
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(10);

impl Device {
    /// Program name of the server.
    pub fn server_name(self) -> &'static str {
        match self {
            Device::Led => "led-server",
            Device::Relay => "relay-server",
            Device::Lcd => "lcd-server",
            Device::Climate => "climate-server",
        }
    }

    /// Name in the first line: `Starting up LCD server on ...`.
    pub fn title(self) -> &'static str {
        match self {
            Device::Led => "LED",
            Device::Relay => "relay",
            Device::Lcd => "LCD",
            Device::Climate => "climate",
        }
    }
}

fn server_usage(d: Device) -> String {
    let mut u = format!(
        "usage: {} [--host HOST] [--port PORT] [--backend sim|rpi] [--trace FILE] [--quiet]",
        d.server_name()
    );
    if d == Device::Climate {
        u.push_str(
            "\n       [--sim-temp C] [--sim-humidity RH] [--sim-fault none|crc|nack|nomeasure]",
        );
    }
    u.push_str(
        "\n  --host HOST      address to bind (default 127.0.0.1)\
         \n  --port PORT      port to bind, 0 = any free port (default 9999)\
         \n  --backend B      sim = simulated hardware (default off a Pi), rpi = real pins (feature rpi)\
         \n  --trace FILE     sim: write every pin/I2C/delay event to FILE, flushed before each reply\
         \n  --quiet          sim: do not print the device view",
    );
    if d == Device::Climate {
        u.push_str(
            "\n  --sim-temp C     sim: the sensor's temperature, -45..130 (default 25)\
             \n  --sim-humidity RH sim: the sensor's humidity, 0..100 (default 50)\
             \n  --sim-fault F    sim: crc = bad CRC bytes, nack = no acknowledge, nomeasure = never measures",
        );
    }
    u
}

/// A server program: bind, build the device, print the first line, serve. Returns the exit
/// code (it only returns on an error).
pub fn server_main(device: Device, args: &[String]) -> i32 {
    let prog = device.server_name();
    let opts = match cli::parse_server(args, device == Device::Climate) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{prog}: {e}\n{}", server_usage(device));
            return 2;
        }
    };
    if opts.help {
        // `println!` would panic if the reader stops early (`--help | head -1`).
        let _ = writeln!(io::stdout(), "{}", server_usage(device));
        return 0;
    }
    let backend = opts.backend.unwrap_or_else(backend::default_backend);
    if backend == Backend::Rpi && !backend::rpi_supported() {
        eprintln!(
            "{prog}: --backend rpi needs a build with the rpi feature on Linux: \
             cargo build -p pi-devices --features rpi\n{}",
            server_usage(device)
        );
        return 2;
    }
    if backend == Backend::Rpi && opts.trace.is_some() {
        eprintln!(
            "{prog}: --trace works only with --backend sim\n{}",
            server_usage(device)
        );
        return 2;
    }
    let listener = match server::bind(&opts.host, opts.port) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{prog}: bind {}:{}: {e}", opts.host, opts.port);
            return 1;
        }
    };
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{prog}: {e}");
            return 1;
        }
    };
    let cfg = SimConfig {
        trace: opts.trace.clone(),
        temperature: opts.sim_temp,
        humidity: opts.sim_humidity,
        fault: opts.sim_fault,
        show: !opts.quiet,
    };
    let handler = match backend::build(device, backend, &cfg) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("{prog}: {e}");
            return 1;
        }
    };
    println!(
        "Starting up {} server on {} port {}",
        device.title(),
        addr.ip(),
        addr.port()
    );
    let _ = io::stdout().flush();
    handler
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .refresh();
    println!("Waiting to receive message from client");
    let _ = io::stdout().flush();
    server::serve(listener, handler);
    1
}

/// An error that ends a client: message and exit code.
struct Fail(i32, String);

fn connect(o: &ClientOpts) -> Result<TcpStream, Fail> {
    println!("Connecting to {} port {}", o.host, o.port);
    let addrs: Vec<_> = (o.host.as_str(), o.port)
        .to_socket_addrs()
        .map_err(|e| Fail(1, format!("resolve {}: {e}", o.host)))?
        .collect();
    let mut last = None;
    for a in addrs {
        match TcpStream::connect_timeout(&a, CLIENT_TIMEOUT) {
            Ok(s) => {
                let _ = s.set_read_timeout(Some(CLIENT_TIMEOUT));
                let _ = s.set_write_timeout(Some(CLIENT_TIMEOUT));
                return Ok(s);
            }
            Err(e) => last = Some(e),
        }
    }
    Err(Fail(
        1,
        match last {
            Some(e) => format!("connect to {}:{}: {e}", o.host, o.port),
            None => format!("connect to {}:{}: no address", o.host, o.port),
        },
    ))
}

/// Sends one request line, closes the sending side, returns the reply line.
fn request(o: &ClientOpts, line: &str) -> Result<String, Fail> {
    let mut s = connect(o)?;
    println!("Sending {line}");
    let net = |e: io::Error| Fail(1, format!("{}:{}: {e}", o.host, o.port));
    s.write_all(format!("{line}\n").as_bytes()).map_err(net)?;
    let _ = s.shutdown(std::net::Shutdown::Write);
    let mut r = LineReader::new(BufReader::new(s), MAX_LINE);
    match r.next_line().map_err(net)? {
        Line::Text(reply) if reply.starts_with("OK") => Ok(reply),
        Line::Text(reply) => Err(Fail(1, format!("server: {reply}"))),
        Line::TooLong => Err(Fail(1, "server: reply line too long".into())),
        Line::Eof => Err(Fail(
            1,
            "server closed the connection without a reply".into(),
        )),
    }
}

fn prompt(text: &str) -> Result<String, Fail> {
    print!("{text}");
    let _ = io::stdout().flush();
    let mut line = String::new();
    let n = io::stdin()
        .lock()
        .take(MAX_LINE as u64)
        .read_line(&mut line)
        .map_err(|e| Fail(1, format!("stdin: {e}")))?;
    if n == 0 {
        println!();
        return Err(Fail(2, "no input".into()));
    }
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

use std::io::Read as _;

fn finish(prog: &str, usage: &str, r: Result<(), Fail>) -> i32 {
    match r {
        Ok(()) => 0,
        Err(Fail(code, msg)) => {
            if code == 2 {
                eprintln!("{prog}: {msg}\n{usage}");
            } else {
                eprintln!("{prog}: {msg}");
            }
            code
        }
    }
}

fn parse_client(prog: &str, usage: &str, args: &[String]) -> Result<ClientOpts, i32> {
    match cli::parse_client(args) {
        Ok(o) if o.help => {
            // `println!` would panic if the reader stops early (`--help | head -1`).
            let _ = writeln!(io::stdout(), "{usage}");
            Err(0)
        }
        Ok(o) => Ok(o),
        Err(e) => {
            eprintln!("{prog}: {e}\n{usage}");
            Err(2)
        }
    }
}

const CLIENT_OPTS: &str = "\n  --host HOST   server address (default 127.0.0.1)\
                           \n  --port PORT   server port (default 9999)";

/// `led on|off`.
pub fn led_main(args: &[String]) -> i32 {
    let usage = format!("usage: led [--host HOST] [--port PORT] on|off{CLIENT_OPTS}");
    let o = match parse_client("led", &usage, args) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let run = || -> Result<(), Fail> {
        let [cmd] = o.args.as_slice() else {
            return Err(Fail(2, "expected exactly one command: on or off".into()));
        };
        let on = protocol::parse_led(cmd).map_err(|e| Fail(2, e.to_string()))?;
        let reply = request(&o, if on { "on" } else { "off" })?;
        println!("{reply}");
        Ok(())
    };
    finish("led", &usage, run())
}

/// The seed's relay menu.
pub const RELAY_MENU: &str = "1. On Relay1\n2. Off Relay1\n3. On Relay2\n4. Off Relay2\n\
                              5. On Relay3\n6. Off Relay3\n7. On Relay4\n8. Off Relay4";

/// `relay [1..8]`: without a number, the seed's menu and `Select ? `.
pub fn relay_main(args: &[String]) -> i32 {
    let usage =
        format!("usage: relay [--host HOST] [--port PORT] [1-8]   (no number: menu){CLIENT_OPTS}");
    let o = match parse_client("relay", &usage, args) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let run = || -> Result<(), Fail> {
        let choice = match o.args.as_slice() {
            [] => {
                println!("{RELAY_MENU}");
                prompt("Select ? ")?
            }
            [n] => n.clone(),
            _ => return Err(Fail(2, "expected at most one number, 1 to 8".into())),
        };
        let choice = choice.trim();
        if protocol::parse_relay(choice).is_err() {
            return Err(Fail(2, format!("Wrong choice: {choice}")));
        }
        let reply = request(&o, choice)?;
        println!("{reply}");
        Ok(())
    };
    finish("relay", &usage, run())
}

/// `lcd TEXT...`: without text, the seed's `Message ? ` prompt.
pub fn lcd_main(args: &[String]) -> i32 {
    let usage = format!(
        "usage: lcd [--host HOST] [--port PORT] [TEXT...]   (no text: prompt){CLIENT_OPTS}"
    );
    let o = match parse_client("lcd", &usage, args) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let run = || -> Result<(), Fail> {
        let text = if o.args.is_empty() {
            prompt("Message ? ")?
        } else {
            o.args.join(" ")
        };
        // One request is one line: a newline inside the text would be a second request.
        let text = text.replace(['\r', '\n'], " ");
        let reply = request(&o, &text)?;
        println!("{reply}");
        Ok(())
    };
    finish("lcd", &usage, run())
}

/// `climate`: connect, read the `RH` and `Temp` lines, print them the seed's way.
pub fn climate_main(args: &[String]) -> i32 {
    let usage = format!("usage: climate [--host HOST] [--port PORT]{CLIENT_OPTS}");
    let o = match parse_client("climate", &usage, args) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let run = || -> Result<(), Fail> {
        if !o.args.is_empty() {
            return Err(Fail(2, format!("unexpected argument: {}", o.args[0])));
        }
        let s = connect(&o)?;
        let net = |e: io::Error| Fail(1, format!("{}:{}: {e}", o.host, o.port));
        let mut r = LineReader::new(BufReader::new(s), MAX_LINE);
        let (mut rh, mut temp) = (None, None);
        // Two values expected; a few stray lines tolerated, never an endless loop.
        for _ in 0..8 {
            if rh.is_some() && temp.is_some() {
                break;
            }
            match r.next_line().map_err(net)? {
                Line::Eof => break,
                Line::TooLong => return Err(Fail(1, "server: line too long".into())),
                Line::Text(l) => match protocol::parse_climate_line(&l) {
                    Ok(ClimateLine::Humidity(v)) => rh = Some(v),
                    Ok(ClimateLine::Temperature(v)) => temp = Some(v),
                    Ok(ClimateLine::Error(e)) => return Err(Fail(1, format!("server: ERR {e}"))),
                    Err(_) => return Err(Fail(1, format!("server: unexpected line: {l}"))),
                },
            }
        }
        match (rh, temp) {
            (Some(h), Some(t)) => {
                println!("%RH = {h:.1}");
                println!("Temp = {t:.1}");
                Ok(())
            }
            _ => Err(Fail(
                1,
                "server: incomplete reply (want RH and Temp)".into(),
            )),
        }
    };
    finish("climate", &usage, run())
}
