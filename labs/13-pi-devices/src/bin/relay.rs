//! `relay`: the relay client (see the lab sheet for the protocol).
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    pi_devices::given::relay_main(&args)
}
