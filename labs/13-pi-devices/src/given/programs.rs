//! The four server programs: parse options, bind, build the device, print the first line,
//! serve. Exit codes follow the course: 0 success, 1 runtime error (one stderr line starting
//! with the program name), 2 usage error (the message and the usage text).

use std::net::TcpListener;
use std::process::ExitCode;

use super::args::{self, ServerOpts};
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
            "\n       [--sim-temp C] [--sim-humidity RH] [--sim-fault none|crc|crc-temp|crc-humidity|nack|nomeasure]",
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
             \n  --sim-fault F    sim: crc = bad CRC bytes (crc-temp, crc-humidity: one), nack = no acknowledge, nomeasure = never measures",
        );
    }
    u
}

/// A server program for `device`, in the shape of every lab's `main` (see `args.rs`).
/// Returns only on an error: a server serves until it is stopped.
pub fn server_main(device: Device) -> ExitCode {
    let program = device.server_name();
    let usage = usage(device);
    let args = match args::command_line() {
        Ok(args) => args,
        Err(message) => return args::usage_error(program, &usage, &message),
    };
    if args.iter().any(|a| a == "--help" || a == "-h") {
        args::say(&usage);
        return ExitCode::SUCCESS;
    }
    let options = match args::parse_server(&args, device == Device::Climate) {
        Ok(options) => options,
        Err(message) => return args::usage_error(program, &usage, &message),
    };
    let backend = options.backend.unwrap_or_else(board::default_backend);
    if backend == Backend::Rpi && !board::rpi_supported() {
        let message = "--backend rpi needs a build with the rpi feature on Linux: \
                       cargo build -p pi-devices --features rpi";
        return args::usage_error(program, &usage, message);
    }
    if backend == Backend::Rpi && options.trace.is_some() {
        return args::usage_error(program, &usage, "--trace works only with --backend sim");
    }
    match serve(device, backend, &options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => args::fail(program, &message),
    }
}

/// Binds, builds the device, prints the first lines, serves (for ever: `server::serve`
/// returns only if the listening socket stops giving clients, which it does not).
fn serve(device: Device, backend: Backend, options: &ServerOpts) -> Result<(), String> {
    // Bind first: a port in use is reported before any pin is touched.
    let listener = TcpListener::bind((options.host.as_str(), options.port))
        .map_err(|e| format!("bind {}:{}: {e}", options.host, options.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let cfg = SimConfig {
        trace: options.trace.clone(),
        temperature: options.sim_temp,
        humidity: options.sim_humidity,
        fault: options.sim_fault,
        show: !options.quiet,
    };
    let handler = board::build(device, backend, &cfg)?;
    // The first line says where we really are (port 0 means "any"): whoever started us
    // waits for it instead of guessing when we are ready.
    args::say(&format!(
        "Starting up {} server on {} port {}",
        device.title(),
        addr.ip(),
        addr.port()
    ));
    server::lock(&handler).refresh();
    args::say("Waiting to receive message from client");
    server::serve(listener, handler);
    Ok(())
}
