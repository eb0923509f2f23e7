//! `led-server`: the led device server (see the lab sheet for options and protocol).
use std::process::ExitCode;

use pi_devices::given::{Device, server_main};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    server_main(Device::Led, &args)
}
