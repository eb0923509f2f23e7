//! `lcd`: the lcd client (see the lab sheet for the protocol).
//! Its command line is read the way every lab reads it: see `given/args.rs`.
use std::process::ExitCode;

use pi_devices::given::{Device, client_main};

fn main() -> ExitCode {
    client_main(Device::Lcd)
}
