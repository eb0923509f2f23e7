//! Lab 13 pi-devices: the seed's Raspberry Pi device servers, in Rust, on real or simulated
//! hardware.
//!
//! What you write (the marked solution regions): the HD44780 4-bit
//! driver in [`lcd`], the SHT31 read with CRC check and conversion in [`sht31`], and the
//! command parsers in [`protocol`]. Everything else (sockets, backends, options) is given.

pub mod app;
pub mod backend;
pub mod cli;
pub mod devices;
pub mod lcd;
pub mod protocol;
pub mod server;
pub mod sht31;
