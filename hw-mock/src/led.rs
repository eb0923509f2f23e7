//! An LED on one GPIO pin, modelled from the pin events.
//!
//! Why: the LED server (seed 004, BCM 13) is graded by the LED's level, which the grader
//! reconstructs from the trace (or reads live) without knowing anything about the server.

use crate::recorder::Observer;
use crate::trace::{Event, EventKind, Trace};

/// BCM pin of the LED in the seed.
pub const LED_PIN: u8 = 13;

/// An LED: lit while its pin is high (active high). Counts how often it changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Led {
    pin: u8,
    on: bool,
    changes: u32,
}

impl Led {
    /// An LED on `pin`, off.
    pub fn new(pin: u8) -> Self {
        Led {
            pin,
            on: false,
            changes: 0,
        }
    }

    /// The LED of the seed, on BCM 13.
    pub fn seed() -> Self {
        Led::new(LED_PIN)
    }

    /// Replays a trace into an LED on `pin`.
    pub fn from_trace(pin: u8, trace: &Trace) -> Self {
        let mut l = Led::new(pin);
        trace.replay(&mut l);
        l
    }

    /// Lit now?
    pub fn is_on(&self) -> bool {
        self.on
    }

    /// Number of level changes seen.
    pub fn changes(&self) -> u32 {
        self.changes
    }

    /// Its BCM pin.
    pub fn pin(&self) -> u8 {
        self.pin
    }
}

impl Observer for Led {
    fn on_event(&mut self, event: &Event) {
        if let EventKind::Gpio { pin, high } = event.kind {
            if pin == self.pin && high != self.on {
                self.on = high;
                self.changes += 1;
            }
        }
    }
}
