//! SHT31 model and simulated I2C bus tests.

use std::sync::{Arc, Mutex};

use embedded_hal::i2c::{ErrorKind, I2c, NoAcknowledgeSource};
use hw_mock::sht31::{self, crc8};
use hw_mock::{EventKind, Recorder, Sht31, Sht31Fault, SimI2c, SimI2cError};

#[test]
fn crc_test_vector() {
    assert_eq!(crc8(&[0xBE, 0xEF]), 0x92);
    assert_eq!(crc8(&[0x00, 0x00]), 0x81);
}

#[test]
fn conversions_at_the_extremes() {
    assert_eq!(sht31::temperature_to_raw(-45.0), 0);
    assert_eq!(sht31::temperature_to_raw(130.0), 65535);
    assert_eq!(sht31::temperature_to_raw(200.0), 65535);
    assert_eq!(sht31::humidity_to_raw(0.0), 0);
    assert_eq!(sht31::humidity_to_raw(100.0), 65535);
    assert_eq!(sht31::raw_to_temperature(65535), 130.0);
    // 60 °C is above raw 0x7FFF: a signed reading would be wrong.
    let raw = sht31::temperature_to_raw(60.0);
    assert!(raw > 0x7FFF);
    assert!((sht31::raw_to_temperature(raw) - 60.0).abs() < 0.002);
}

fn bus(s: Sht31) -> (Recorder, SimI2c, Arc<Mutex<Sht31>>) {
    let rec = Recorder::new();
    let bus = SimI2c::new(&rec);
    let s = Arc::new(Mutex::new(s));
    bus.attach(0x44, s.clone());
    (rec, bus, s)
}

#[test]
fn single_shot_returns_datasheet_bytes_and_stretches_the_clock() {
    let (rec, mut bus, _s) = bus(Sht31::new(23.1, 45.2));
    bus.write(0x44, &[0x2C, 0x06]).unwrap();
    let mut b = [0u8; 6];
    bus.read(0x44, &mut b).unwrap();
    let t = u16::from_be_bytes([b[0], b[1]]);
    let h = u16::from_be_bytes([b[3], b[4]]);
    assert_eq!(b[2], crc8(&b[0..2]));
    assert_eq!(b[5], crc8(&b[3..5]));
    assert!((sht31::raw_to_temperature(t) - 23.1).abs() < 0.002);
    assert!((sht31::raw_to_humidity(h) - 45.2).abs() < 0.002);
    assert_eq!(
        rec.now_ns(),
        15_000_000,
        "read stretched to the end of the measurement"
    );
    let kinds: Vec<_> = rec.trace().events.into_iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds[0],
        EventKind::I2cWrite {
            addr: 0x44,
            bytes: vec![0x2C, 0x06]
        }
    );
    assert_eq!(
        kinds[1],
        EventKind::I2cRead {
            addr: 0x44,
            bytes: b.to_vec()
        }
    );
}

#[test]
fn faults() {
    let nack_addr = SimI2cError(ErrorKind::NoAcknowledge(NoAcknowledgeSource::Address));
    let (rec, mut bus, s) = bus(Sht31::new(20.0, 50.0));
    let mut b = [0u8; 6];
    // Read without a measurement.
    assert_eq!(bus.read(0x44, &mut b), Err(nack_addr));
    // Nobody at 0x45.
    assert_eq!(bus.write(0x45, &[0x2C, 0x06]), Err(nack_addr));
    // Unknown command.
    assert!(bus.write(0x44, &[0x12, 0x34]).is_err());
    s.lock().unwrap().set_fault(Some(Sht31Fault::Nack));
    assert_eq!(bus.write(0x44, &[0x2C, 0x06]), Err(nack_addr));
    s.lock().unwrap().set_fault(Some(Sht31Fault::NoMeasurement));
    bus.write(0x44, &[0x2C, 0x06]).unwrap();
    assert_eq!(bus.read(0x44, &mut b), Err(nack_addr));
    s.lock().unwrap().set_fault(Some(Sht31Fault::BadCrc));
    bus.write(0x44, &[0x2C, 0x06]).unwrap();
    bus.read(0x44, &mut b).unwrap();
    assert_ne!(b[2], crc8(&b[0..2]));
    assert_ne!(b[5], crc8(&b[3..5]));
    s.lock().unwrap().set_fault(Some(Sht31Fault::BadTempCrc));
    bus.write(0x44, &[0x2C, 0x06]).unwrap();
    bus.read(0x44, &mut b).unwrap();
    assert_ne!(b[2], crc8(&b[0..2]));
    assert_eq!(b[5], crc8(&b[3..5]));
    s.lock()
        .unwrap()
        .set_fault(Some(Sht31Fault::BadHumidityCrc));
    bus.write(0x44, &[0x2C, 0x06]).unwrap();
    bus.read(0x44, &mut b).unwrap();
    assert_eq!(b[2], crc8(&b[0..2]));
    assert_ne!(b[5], crc8(&b[3..5]));
    assert!(rec.trace().to_text().contains(" i2c 0x45 nack\n"));
}

#[test]
fn no_stretch_command_read_too_early_is_nacked() {
    let (_rec, mut bus, _s) = bus(Sht31::new(20.0, 50.0));
    bus.write(0x44, &[0x24, 0x00]).unwrap();
    let mut b = [0u8; 6];
    assert!(bus.read(0x44, &mut b).is_err());
}
