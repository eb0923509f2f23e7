//! An SHT31 temperature/humidity sensor model (Sensirion SHT3x-DIS datasheet).
//!
//! Why: the climate server reads the sensor the way the seed does (command 0x2C06 to address
//! 0x44, then 6 bytes), but our driver must also check the CRC bytes and convert with unsigned
//! raw values. This model produces exactly the datasheet's bytes for a temperature and
//! humidity the test (or the grader, through `--sim-temp`/`--sim-humidity`) chooses, and can
//! inject faults: a bad CRC, an address NACK, or a sensor that never started a measurement.
//!
//! Commands modelled: single shot with clock stretching 0x2C06/0x2C0D/0x2C10 (a read before
//! the measurement is done is stretched until it is: the bus's virtual clock jumps), single
//! shot without stretching 0x2400/0x240B/0x2416 (a read too early is NACKed), soft reset
//! 0x30A2. Anything else is NACKed. Measurement takes 15 ms (high), 6 ms (medium), 4 ms (low
//! repeatability), the datasheet maxima rounded up.

use embedded_hal::i2c::{ErrorKind, NoAcknowledgeSource};

use crate::i2c::I2cDevice;

/// The SHT31's address with ADDR pin low (the ET-SENSOR SHT31 board).
pub const SHT31_ADDR: u8 = 0x44;
/// Lowest temperature the sensor reports, °C.
pub const T_MIN: f64 = -45.0;
/// Highest temperature the sensor reports, °C.
pub const T_MAX: f64 = 130.0;

/// CRC-8 of the SHT3x: polynomial 0x31 (x^8 + x^5 + x^4 + 1), init 0xFF, no reflection, no
/// final XOR. `crc8(&[0xBE, 0xEF]) == 0x92`.
pub fn crc8(data: &[u8]) -> u8 {
    let mut crc = 0xFFu8;
    for &b in data {
        crc ^= b;
        for _ in 0..8 {
            crc = if crc & 0x80 != 0 {
                (crc << 1) ^ 0x31
            } else {
                crc << 1
            };
        }
    }
    crc
}

/// Raw value for a temperature: the inverse of T = -45 + 175 * raw / 65535 (clamped).
pub fn temperature_to_raw(celsius: f64) -> u16 {
    let c = if celsius.is_nan() {
        0.0
    } else {
        celsius.clamp(T_MIN, T_MAX)
    };
    ((c + 45.0) * 65535.0 / 175.0).round() as u16
}

/// Temperature for a raw value: T = -45 + 175 * raw / 65535.
pub fn raw_to_temperature(raw: u16) -> f64 {
    -45.0 + 175.0 * f64::from(raw) / 65535.0
}

/// Raw value for a relative humidity: the inverse of RH = 100 * raw / 65535 (clamped).
pub fn humidity_to_raw(rh: f64) -> u16 {
    let h = if rh.is_nan() {
        0.0
    } else {
        rh.clamp(0.0, 100.0)
    };
    (h * 65535.0 / 100.0).round() as u16
}

/// Relative humidity for a raw value: RH = 100 * raw / 65535.
pub fn raw_to_humidity(raw: u16) -> f64 {
    100.0 * f64::from(raw) / 65535.0
}

/// A fault the model can be told to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sht31Fault {
    /// Both CRC bytes of every measurement are wrong (inverted).
    BadCrc,
    /// Only the temperature's CRC byte is wrong: a check that needs both to fail misses it.
    BadTempCrc,
    /// Only the humidity's CRC byte is wrong.
    BadHumidityCrc,
    /// The sensor does not acknowledge its address (unplugged, wrong address).
    Nack,
    /// The sensor acknowledges commands but never measures: a read is NACKed.
    NoMeasurement,
}

/// The sensor model. Attach it to a [`crate::SimI2c`] at [`SHT31_ADDR`].
#[derive(Clone, Debug)]
pub struct Sht31 {
    temp_raw: u16,
    rh_raw: u16,
    fault: Option<Sht31Fault>,
    /// The measured bytes and the time they are ready, and whether the read may stretch.
    pending: Option<([u8; 6], u64, bool)>,
    measurements: u32,
}

impl Sht31 {
    /// A sensor reading `celsius` and `rh` (clamped to -45..130 °C and 0..100 %RH).
    pub fn new(celsius: f64, rh: f64) -> Self {
        Sht31 {
            temp_raw: temperature_to_raw(celsius),
            rh_raw: humidity_to_raw(rh),
            fault: None,
            pending: None,
            measurements: 0,
        }
    }

    /// Sets the temperature the next measurement reports (clamped to -45..130 °C).
    pub fn set_temperature(&mut self, celsius: f64) {
        self.temp_raw = temperature_to_raw(celsius);
    }

    /// Sets the humidity the next measurement reports (clamped to 0..100 %RH).
    pub fn set_humidity(&mut self, rh: f64) {
        self.rh_raw = humidity_to_raw(rh);
    }

    /// Sets the raw 16-bit values directly.
    pub fn set_raw(&mut self, temp_raw: u16, rh_raw: u16) {
        self.temp_raw = temp_raw;
        self.rh_raw = rh_raw;
    }

    /// Injects (or with `None` clears) a fault.
    pub fn set_fault(&mut self, fault: Option<Sht31Fault>) {
        self.fault = fault;
    }

    /// The temperature the model reports (after raw rounding).
    pub fn temperature(&self) -> f64 {
        raw_to_temperature(self.temp_raw)
    }

    /// The humidity the model reports (after raw rounding).
    pub fn humidity(&self) -> f64 {
        raw_to_humidity(self.rh_raw)
    }

    /// (temperature raw, humidity raw).
    pub fn raw(&self) -> (u16, u16) {
        (self.temp_raw, self.rh_raw)
    }

    /// How many measurements were started.
    pub fn measurements(&self) -> u32 {
        self.measurements
    }

    /// The 6 bytes a measurement returns now (with a CRC fault applied).
    pub fn measurement_bytes(&self) -> [u8; 6] {
        let [t0, t1] = self.temp_raw.to_be_bytes();
        let [h0, h1] = self.rh_raw.to_be_bytes();
        let mut b = [t0, t1, crc8(&[t0, t1]), h0, h1, crc8(&[h0, h1])];
        if matches!(
            self.fault,
            Some(Sht31Fault::BadCrc | Sht31Fault::BadTempCrc)
        ) {
            b[2] ^= 0xFF;
        }
        if matches!(
            self.fault,
            Some(Sht31Fault::BadCrc | Sht31Fault::BadHumidityCrc)
        ) {
            b[5] ^= 0xFF;
        }
        b
    }
}

const NACK_ADDR: ErrorKind = ErrorKind::NoAcknowledge(NoAcknowledgeSource::Address);
const NACK_DATA: ErrorKind = ErrorKind::NoAcknowledge(NoAcknowledgeSource::Data);

impl I2cDevice for Sht31 {
    fn write(&mut self, now_ns: u64, bytes: &[u8]) -> Result<(), ErrorKind> {
        if self.fault == Some(Sht31Fault::Nack) {
            return Err(NACK_ADDR);
        }
        let [a, b] = bytes else {
            return Err(NACK_DATA);
        };
        let (ms, stretch) = match (a, b) {
            (0x2C, 0x06) => (15, true),
            (0x2C, 0x0D) => (6, true),
            (0x2C, 0x10) => (4, true),
            (0x24, 0x00) => (15, false),
            (0x24, 0x0B) => (6, false),
            (0x24, 0x16) => (4, false),
            (0x30, 0xA2) => {
                self.pending = None;
                return Ok(());
            }
            _ => return Err(NACK_DATA),
        };
        if self.fault != Some(Sht31Fault::NoMeasurement) {
            self.measurements += 1;
            self.pending = Some((self.measurement_bytes(), now_ns + ms * 1_000_000, stretch));
        }
        Ok(())
    }

    fn read(&mut self, now_ns: u64, buf: &mut [u8]) -> Result<u64, ErrorKind> {
        if self.fault == Some(Sht31Fault::Nack) {
            return Err(NACK_ADDR);
        }
        let Some((bytes, ready, stretch)) = self.pending else {
            return Err(NACK_ADDR);
        };
        if now_ns < ready && !stretch {
            return Err(NACK_ADDR);
        }
        for (i, o) in buf.iter_mut().enumerate() {
            // Past the 6 measurement bytes the bus reads 0xFF (SDA released).
            *o = bytes.get(i).copied().unwrap_or(0xFF);
        }
        self.pending = None;
        Ok(now_ns.max(ready))
    }
}
