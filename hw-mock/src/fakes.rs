//! Hand-written fakes of the embedded-hal traits, for unit tests where a mock is clumsier.
//!
//! Why: `I2c::transaction` takes `&mut [Operation<'_>]`, which mockall expectations handle
//! awkwardly; a scripted fake that answers reads from a queue and records writes is clearer.
//! The pin and delay fakes log into a shared list so a test can assert the exact sequence.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use embedded_hal::delay::DelayNs;
use embedded_hal::digital::{ErrorType as PinErrorType, OutputPin};
use embedded_hal::i2c::{ErrorKind, ErrorType, I2c, Operation};

use crate::i2c::SimI2cError;
use crate::lock;

/// One step a fake saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Pin `name` set to the level.
    Pin(&'static str, bool),
    /// A delay of so many ns.
    Delay(u64),
    /// An I2C write.
    Write(u8, Vec<u8>),
    /// An I2C read of so many bytes.
    Read(u8, usize),
}

/// The shared log the fakes write to.
pub type Log = Arc<Mutex<Vec<Step>>>;

/// A new empty log.
pub fn log() -> Log {
    Arc::new(Mutex::new(Vec::new()))
}

/// A copy of the steps logged so far.
pub fn steps(log: &Log) -> Vec<Step> {
    lock(log).clone()
}

/// An output pin that logs its sets under a name.
#[derive(Debug)]
pub struct FakePin {
    name: &'static str,
    log: Log,
}

impl FakePin {
    /// A pin called `name` logging into `log`.
    pub fn new(name: &'static str, log: &Log) -> Self {
        FakePin {
            name,
            log: Arc::clone(log),
        }
    }
}

impl PinErrorType for FakePin {
    type Error = Infallible;
}

impl OutputPin for FakePin {
    fn set_low(&mut self) -> Result<(), Infallible> {
        lock(&self.log).push(Step::Pin(self.name, false));
        Ok(())
    }
    fn set_high(&mut self) -> Result<(), Infallible> {
        lock(&self.log).push(Step::Pin(self.name, true));
        Ok(())
    }
}

/// A delay that logs its length.
#[derive(Debug)]
pub struct FakeDelay {
    log: Log,
}

impl FakeDelay {
    /// A delay logging into `log`.
    pub fn new(log: &Log) -> Self {
        FakeDelay {
            log: Arc::clone(log),
        }
    }
}

impl DelayNs for FakeDelay {
    fn delay_ns(&mut self, ns: u32) {
        lock(&self.log).push(Step::Delay(u64::from(ns)));
    }
    fn delay_us(&mut self, us: u32) {
        lock(&self.log).push(Step::Delay(u64::from(us) * 1_000));
    }
    fn delay_ms(&mut self, ms: u32) {
        lock(&self.log).push(Step::Delay(u64::from(ms) * 1_000_000));
    }
}

/// An I2C bus that answers each read with the next scripted reply (bytes or an error).
#[derive(Debug)]
pub struct ScriptedI2c {
    log: Log,
    replies: VecDeque<Result<Vec<u8>, ErrorKind>>,
    /// Error for every write, if set.
    pub write_error: Option<ErrorKind>,
}

impl ScriptedI2c {
    /// A bus logging into `log` and answering reads from `replies` in order (an exhausted
    /// script answers with an address NACK).
    pub fn new(log: &Log, replies: Vec<Result<Vec<u8>, ErrorKind>>) -> Self {
        ScriptedI2c {
            log: Arc::clone(log),
            replies: replies.into(),
            write_error: None,
        }
    }
}

impl ErrorType for ScriptedI2c {
    type Error = SimI2cError;
}

impl I2c for ScriptedI2c {
    fn transaction(
        &mut self,
        address: u8,
        operations: &mut [Operation<'_>],
    ) -> Result<(), SimI2cError> {
        for op in operations.iter_mut() {
            match op {
                Operation::Write(b) => {
                    lock(&self.log).push(Step::Write(address, b.to_vec()));
                    if let Some(e) = self.write_error {
                        return Err(SimI2cError(e));
                    }
                }
                Operation::Read(buf) => {
                    lock(&self.log).push(Step::Read(address, buf.len()));
                    let reply = self
                        .replies
                        .pop_front()
                        .unwrap_or(Err(ErrorKind::NoAcknowledge(
                            embedded_hal::i2c::NoAcknowledgeSource::Address,
                        )));
                    let bytes = reply.map_err(SimI2cError)?;
                    for (i, o) in buf.iter_mut().enumerate() {
                        *o = bytes.get(i).copied().unwrap_or(0xFF);
                    }
                }
            }
        }
        Ok(())
    }
}
