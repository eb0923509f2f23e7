//! `led-server`: the led device server (see the lab sheet for options and protocol).
use pi_devices::backend::Device;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(pi_devices::app::server_main(Device::Led, &args));
}
