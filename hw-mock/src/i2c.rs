//! A simulated I2C bus implementing embedded-hal's `I2c`.
//!
//! Why: the SHT31 driver is written against `embedded_hal::i2c::I2c`, which rppal's `I2c`
//! implements on a Pi. On the simulator the same calls reach device models attached by
//! address; every write, read and NACK is logged in the trace. An address with no device
//! answers NACK, as on a real bus.

use std::fmt;
use std::sync::{Arc, Mutex};

use embedded_hal::i2c::{self, ErrorKind, ErrorType, I2c, NoAcknowledgeSource, Operation};

use crate::lock;
use crate::recorder::Recorder;
use crate::trace::EventKind;

/// A device on the simulated bus.
pub trait I2cDevice: Send {
    /// A write addressed to the device (after its address was acknowledged).
    fn write(&mut self, now_ns: u64, bytes: &[u8]) -> Result<(), ErrorKind>;
    /// A read: fill `buf`. Returns the virtual time at which the read completes (>= `now_ns`;
    /// later when the device stretches the clock).
    fn read(&mut self, now_ns: u64, buf: &mut [u8]) -> Result<u64, ErrorKind>;
}

/// The error of [`SimI2c`]: an embedded-hal error kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SimI2cError(pub ErrorKind);

impl fmt::Display for SimI2cError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            ErrorKind::NoAcknowledge(NoAcknowledgeSource::Address) => {
                write!(f, "no acknowledge (address)")
            }
            ErrorKind::NoAcknowledge(NoAcknowledgeSource::Data) => {
                write!(f, "no acknowledge (data)")
            }
            ErrorKind::NoAcknowledge(_) => write!(f, "no acknowledge"),
            other => write!(f, "{other:?}"),
        }
    }
}

impl std::error::Error for SimI2cError {}

impl i2c::Error for SimI2cError {
    fn kind(&self) -> ErrorKind {
        self.0
    }
}

type Devices = Vec<(u8, Arc<Mutex<dyn I2cDevice>>)>;

/// The simulated bus. Cheap to clone: clones share the attached devices.
#[derive(Clone)]
pub struct SimI2c {
    rec: Recorder,
    devices: Arc<Mutex<Devices>>,
}

impl fmt::Debug for SimI2c {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimI2c").finish_non_exhaustive()
    }
}

impl SimI2c {
    /// An empty bus logging into `rec`.
    pub fn new(rec: &Recorder) -> Self {
        SimI2c {
            rec: rec.clone(),
            devices: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// Attaches `device` at 7-bit `address` (replacing any device there). Keep a clone of the
    /// `Arc` to change the model (temperature, faults) while the bus is in use.
    pub fn attach(&self, address: u8, device: Arc<Mutex<dyn I2cDevice>>) {
        let mut d = lock(&self.devices);
        d.retain(|(a, _)| *a != address);
        d.push((address, device));
    }

    fn device(&self, address: u8) -> Option<Arc<Mutex<dyn I2cDevice>>> {
        lock(&self.devices)
            .iter()
            .find(|(a, _)| *a == address)
            .map(|(_, d)| Arc::clone(d))
    }
}

impl ErrorType for SimI2c {
    type Error = SimI2cError;
}

impl I2c for SimI2c {
    fn transaction(
        &mut self,
        address: u8,
        operations: &mut [Operation<'_>],
    ) -> Result<(), Self::Error> {
        let nack = |rec: &Recorder, kind: ErrorKind| {
            rec.record(EventKind::I2cNack { addr: address });
            SimI2cError(kind)
        };
        let Some(dev) = self.device(address) else {
            return Err(nack(
                &self.rec,
                ErrorKind::NoAcknowledge(NoAcknowledgeSource::Address),
            ));
        };
        for op in operations.iter_mut() {
            match op {
                Operation::Write(bytes) => {
                    let r = lock(&dev).write(self.rec.now_ns(), bytes);
                    match r {
                        Ok(()) => self.rec.record(EventKind::I2cWrite {
                            addr: address,
                            bytes: bytes.to_vec(),
                        }),
                        Err(kind) => return Err(nack(&self.rec, kind)),
                    }
                }
                Operation::Read(buf) => {
                    let r = lock(&dev).read(self.rec.now_ns(), buf);
                    match r {
                        Ok(done) => {
                            self.rec.advance_to(done);
                            self.rec.record(EventKind::I2cRead {
                                addr: address,
                                bytes: buf.to_vec(),
                            });
                        }
                        Err(kind) => return Err(nack(&self.rec, kind)),
                    }
                }
            }
        }
        Ok(())
    }
}
