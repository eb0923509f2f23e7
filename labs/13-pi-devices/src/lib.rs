//! Lab 13 pi-devices: the seed's Raspberry Pi device servers, in Rust, on real or simulated
//! hardware.
//!
//! You work in three files (the marked solution regions):
//!
//! - [`lcd`]: the HD44780 LCD driver, 4-bit mode, over embedded-hal pins;
//! - [`sht31`]: one SHT31 reading over I2C, with its CRC check and conversion;
//! - [`protocol`]: what a request line means, and what the climate reply says.
//!
//! Everything else (the TCP servers and clients, the line framing, the simulated and real
//! hardware, the options) is given, in [`given`]: you need not read it to do the lab.

pub mod lcd;
pub mod protocol;
pub mod sht31;

pub mod given;
