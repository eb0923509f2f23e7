//! Reading the SHT31 over I2C, with the CRC check the seed leaves out.
//!
//! Why: the seed (14-3.4-1) writes 0x2C 0x06 to address 0x44, reads 6 bytes and converts
//! them, trusting every byte. A loose wire or noise then shows up as a plausible-looking wrong
//! number. The SHT31 sends a CRC-8 after each 16-bit value: check it and report an error
//! instead. The raw values are unsigned 16-bit: reading them as signed (`i16`) goes wrong
//! above raw 0x7FFF, that is above 42.5 °C or 50 %RH.

use std::fmt;

use hw_mock::embedded_hal::delay::DelayNs;
use hw_mock::embedded_hal::i2c::{Error as _, ErrorKind, I2c, NoAcknowledgeSource};

/// The sensor's I2C address (ADDR pin low).
pub const SHT31_ADDR: u8 = 0x44;
/// The I2C bus the HATs use on a Pi (/dev/i2c-1).
pub const I2C_BUS: u8 = 1;
/// Single shot, high repeatability, clock stretching.
pub const CMD_MEASURE: [u8; 2] = [0x2C, 0x06];

/// One measurement.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reading {
    /// °C.
    pub temperature: f64,
    /// %RH.
    pub humidity: f64,
}

/// Why a reading failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SensorError {
    /// The bus failed (NACK, arbitration, ...): the words of the error.
    Bus(String),
    /// A CRC byte did not match its two data bytes.
    Crc,
}

impl fmt::Display for SensorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SensorError::Bus(m) => write!(f, "I2C: {m}"),
            SensorError::Crc => write!(f, "CRC mismatch"),
        }
    }
}

impl std::error::Error for SensorError {}

/// Words for an embedded-hal I2C error kind.
pub fn describe_kind(kind: ErrorKind) -> String {
    match kind {
        ErrorKind::NoAcknowledge(NoAcknowledgeSource::Address) => {
            "no acknowledge from address 0x44 (sensor missing?)".into()
        }
        ErrorKind::NoAcknowledge(NoAcknowledgeSource::Data) => "no acknowledge of data".into(),
        ErrorKind::NoAcknowledge(_) => "no acknowledge".into(),
        ErrorKind::ArbitrationLoss => "arbitration lost".into(),
        ErrorKind::Bus => "bus error".into(),
        ErrorKind::Overrun => "overrun".into(),
        _ => format!("{kind:?}"),
    }
}

// ANCHOR: crc8
/// CRC-8 of the SHT3x: polynomial 0x31, initial value 0xFF, no reflection, no final XOR.
/// `crc8(&[0xBE, 0xEF]) == 0x92`.
pub fn crc8(data: &[u8]) -> u8 {
    // ANCHOR_END: crc8
    // BEGIN SOLUTION
    let mut crc: u8 = 0xFF;
    for &byte in data {
        crc ^= byte;
        for _ in 0..8 {
            crc = if crc & 0x80 != 0 {
                (crc << 1) ^ 0x31
            } else {
                crc << 1
            };
        }
    }
    crc
    // END SOLUTION
}

// ANCHOR: convert
/// The datasheet's conversion: T = -45 + 175 * raw / 65535, RH = 100 * raw / 65535, with
/// the raw values unsigned.
pub fn convert(temp_raw: u16, hum_raw: u16) -> Reading {
    // ANCHOR_END: convert
    // BEGIN SOLUTION
    Reading {
        temperature: -45.0 + 175.0 * f64::from(temp_raw) / 65535.0,
        humidity: 100.0 * f64::from(hum_raw) / 65535.0,
    }
    // END SOLUTION
}

// ANCHOR: read
/// One measurement: write [`CMD_MEASURE`] to `addr`, wait 20 ms (the measurement takes up
/// to 15.5 ms; waiting instead of relying on clock stretching also sidesteps the Pi's I2C
/// clock-stretching bug), read 6 bytes (temperature MSB, LSB, CRC, humidity MSB, LSB, CRC),
/// check both CRCs, convert.
pub fn read<I: I2c, D: DelayNs>(
    i2c: &mut I,
    delay: &mut D,
    addr: u8,
) -> Result<Reading, SensorError> {
    // ANCHOR_END: read
    // BEGIN SOLUTION
    let bus = |e: I::Error| SensorError::Bus(describe_kind(e.kind()));
    i2c.write(addr, &CMD_MEASURE).map_err(bus)?;
    delay.delay_ms(20);
    let mut b = [0u8; 6];
    i2c.read(addr, &mut b).map_err(bus)?;
    if crc8(&b[0..2]) != b[2] || crc8(&b[3..5]) != b[5] {
        return Err(SensorError::Crc);
    }
    let t = u16::from_be_bytes([b[0], b[1]]);
    let h = u16::from_be_bytes([b[3], b[4]]);
    Ok(convert(t, h))
    // END SOLUTION
}
