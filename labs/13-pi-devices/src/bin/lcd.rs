//! `lcd`: the lcd client (see the lab sheet for the protocol).
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(pi_devices::app::lcd_main(&args));
}
