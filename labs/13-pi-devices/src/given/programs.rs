//! The four server programs: parse options, bind, build the device, print the first line,
//! serve. Exit codes follow the course: 0 success, 1 runtime error (one stderr line starting
//! with the program name), 2 usage error (the message and the usage text).

use std::io::{self, Write};
use std::net::TcpListener;
use std::process::ExitCode;

use super::args;
use super::board::{self, Backend, Device};
use super::server;
use super::sim::SimConfig;

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

fn usage(d: Device) -> String {
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
        "\n\n  --host HOST      address to bind (default 127.0.0.1)\
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

/// A server program for `device` with the command-line `args` (without the program name).
/// Returns only on an error: a server serves until it is stopped.
pub fn server_main(device: Device, args: &[String]) -> ExitCode {
    let prog = device.server_name();
    let usage_error = |message: &str| {
        eprintln!("{prog}: {message}\n{}", usage(device));
        ExitCode::from(2)
    };
    let opts = match args::parse_server(args, device == Device::Climate) {
        Ok(o) => o,
        Err(e) => return usage_error(&e),
    };
    if opts.help {
        // `println!` would panic if the reader stops early (`--help | head -1`).
        let _ = writeln!(io::stdout(), "{}", usage(device));
        return ExitCode::SUCCESS;
    }
    let backend = opts.backend.unwrap_or_else(board::default_backend);
    if backend == Backend::Rpi && !board::rpi_supported() {
        return usage_error(
            "--backend rpi needs a build with the rpi feature on Linux: \
             cargo build -p pi-devices --features rpi",
        );
    }
    if backend == Backend::Rpi && opts.trace.is_some() {
        return usage_error("--trace works only with --backend sim");
    }
    let fail = |message: String| {
        eprintln!("{prog}: {message}");
        ExitCode::FAILURE
    };
    // Bind first: a port in use is reported before any pin is touched.
    let listener = match TcpListener::bind((opts.host.as_str(), opts.port)) {
        Ok(l) => l,
        Err(e) => return fail(format!("bind {}:{}: {e}", opts.host, opts.port)),
    };
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => return fail(e.to_string()),
    };
    let cfg = SimConfig {
        trace: opts.trace.clone(),
        temperature: opts.sim_temp,
        humidity: opts.sim_humidity,
        fault: opts.sim_fault,
        show: !opts.quiet,
    };
    let handler = match board::build(device, backend, &cfg) {
        Ok(h) => h,
        Err(e) => return fail(e),
    };
    // The first line says where we really are (port 0 means "any"): whoever started us
    // waits for it instead of guessing when we are ready.
    println!(
        "Starting up {} server on {} port {}",
        device.title(),
        addr.ip(),
        addr.port()
    );
    let _ = io::stdout().flush();
    server::lock(&handler).refresh();
    println!("Waiting to receive message from client");
    let _ = io::stdout().flush();
    server::serve(listener, handler);
    fail("the listening socket stopped accepting".to_string())
}
