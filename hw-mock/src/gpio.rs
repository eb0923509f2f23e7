//! A simulated GPIO bank: BCM pins 0..=27 as embedded-hal `OutputPin`s.
//!
//! Why: the servers claim pins and set levels exactly as they would through `rppal`. Like
//! rppal, the bank refuses to hand out a pin that is already claimed in this process (the
//! relay HAT and the LCD HAT share BCM 4, 18 and 24: a program that drove both would fight
//! itself). Every level change is logged in the [`Recorder`] with its virtual time; a pin is
//! released when its [`SimPin`] is dropped.

use std::convert::Infallible;
use std::fmt;
use std::sync::{Arc, Mutex};

use embedded_hal::digital::{ErrorType, OutputPin, StatefulOutputPin};

use crate::lock;
use crate::recorder::Recorder;
use crate::trace::EventKind;

/// Highest BCM pin number on the 40-pin header.
pub const MAX_PIN: u8 = 27;
const PINS: usize = MAX_PIN as usize + 1;

/// Why a pin could not be claimed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClaimError {
    /// Another [`SimPin`] in this process holds it.
    Busy(u8),
    /// Not a BCM pin on the header (0..=27).
    NoSuchPin(u8),
}

impl fmt::Display for ClaimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClaimError::Busy(p) => write!(f, "GPIO pin {p} is already in use"),
            ClaimError::NoSuchPin(p) => write!(f, "GPIO pin {p} does not exist (BCM 0..=27)"),
        }
    }
}

impl std::error::Error for ClaimError {}

struct Table {
    claimed: [bool; PINS],
    level: [bool; PINS],
}

/// The bank of simulated pins. Cheap to clone: clones share state.
#[derive(Clone)]
pub struct GpioBank {
    rec: Recorder,
    table: Arc<Mutex<Table>>,
}

impl fmt::Debug for GpioBank {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GpioBank").finish_non_exhaustive()
    }
}

impl GpioBank {
    /// A bank with every pin low and unclaimed, logging into `rec`.
    pub fn new(rec: &Recorder) -> Self {
        GpioBank {
            rec: rec.clone(),
            table: Arc::new(Mutex::new(Table {
                claimed: [false; PINS],
                level: [false; PINS],
            })),
        }
    }

    /// The recorder this bank logs into.
    pub fn recorder(&self) -> &Recorder {
        &self.rec
    }

    /// Claims `pin` as an output (keeping its current level, low after power-up).
    pub fn claim(&self, pin: u8) -> Result<SimPin, ClaimError> {
        if pin > MAX_PIN {
            return Err(ClaimError::NoSuchPin(pin));
        }
        let mut t = lock(&self.table);
        if t.claimed[pin as usize] {
            return Err(ClaimError::Busy(pin));
        }
        t.claimed[pin as usize] = true;
        Ok(SimPin {
            pin,
            bank: self.clone(),
        })
    }

    /// The current level of `pin` (false for pins out of range).
    pub fn level(&self, pin: u8) -> bool {
        lock(&self.table)
            .level
            .get(pin as usize)
            .copied()
            .unwrap_or(false)
    }

    /// True while a [`SimPin`] holds `pin`.
    pub fn is_claimed(&self, pin: u8) -> bool {
        lock(&self.table)
            .claimed
            .get(pin as usize)
            .copied()
            .unwrap_or(false)
    }

    fn set(&self, pin: u8, high: bool) {
        let mut t = lock(&self.table);
        if t.level[pin as usize] != high {
            t.level[pin as usize] = high;
            // Recorded under the table lock so the log order equals the level order.
            self.rec.record(EventKind::Gpio { pin, high });
        }
    }
}

/// One claimed output pin. Dropping it releases the claim (the level stays).
#[derive(Debug)]
pub struct SimPin {
    pin: u8,
    bank: GpioBank,
}

impl SimPin {
    /// The BCM number of this pin.
    pub fn pin(&self) -> u8 {
        self.pin
    }
}

impl Drop for SimPin {
    fn drop(&mut self) {
        lock(&self.bank.table).claimed[self.pin as usize] = false;
    }
}

impl ErrorType for SimPin {
    type Error = Infallible;
}

impl OutputPin for SimPin {
    fn set_low(&mut self) -> Result<(), Infallible> {
        self.bank.set(self.pin, false);
        Ok(())
    }

    fn set_high(&mut self) -> Result<(), Infallible> {
        self.bank.set(self.pin, true);
        Ok(())
    }
}

impl StatefulOutputPin for SimPin {
    fn is_set_high(&mut self) -> Result<bool, Infallible> {
        Ok(self.bank.level(self.pin))
    }

    fn is_set_low(&mut self) -> Result<bool, Infallible> {
        Ok(!self.bank.level(self.pin))
    }
}
