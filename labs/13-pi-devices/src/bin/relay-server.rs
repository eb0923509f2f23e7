//! `relay-server`: the relay device server (see the lab sheet for options and protocol).
//! Its command line is read the way every lab reads it: see `given/args.rs`.
use std::process::ExitCode;

use pi_devices::given::{Device, server_main};

fn main() -> ExitCode {
    server_main(Device::Relay)
}
