//! Given code: you need not read it to do the lab. Everything here is finished and tested;
//! it calls the three files you write (`lcd.rs`, `sht31.rs`, `protocol.rs`).
//!
//! The API, from the top down:
//!
//! | item | what it does |
//! |---|---|
//! | [`server_main`]`(device)` | a server program: options, bind, the first line, serve |
//! | [`client_main`]`(device)` | a client program: `led`, `relay`, `lcd` or `climate` |
//! | [`server`] | the accept loop and one thread per client: read a line, reply (read this one if you like: it is labs 09 and 12 again) |
//! | [`lines`] | a request is one line, at most [`lines::MAX_LINE`] bytes, even before its newline |
//! | [`devices`] | what a line does to a device: calls your parsers and drivers |
//! | [`board`] | the [`board::Board`] trait (an output pin by BCM number, a delay), the seed's pins, `sim` or `rpi` |
//! | `sim`, `rpi` | the two backends: hw-mock's simulated Pi, rppal's real one (feature `rpi`) |
//! | [`args`] | the command line (`--flag VALUE` or `--flag=VALUE`) and exit codes, the shape of every lab (explained in `labs/01-host-info/src/main.rs`) |
//!
//! Every program exits 0 on success, 1 on a runtime error (one stderr line), 2 on a usage
//! error (the message and the usage).

pub mod args;
pub mod board;
pub mod clients;
pub mod devices;
pub mod lines;
pub mod programs;
#[cfg(all(feature = "rpi", target_os = "linux"))]
mod rpi;
pub mod server;
pub mod sim;

pub use board::Device;
pub use clients::client_main;
pub use programs::server_main;
