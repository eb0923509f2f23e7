//! A 4-relay board (ET-OPTO RELAY 4 HAT), modelled from the pin events.
//!
//! Why: the relay server is graded by which relays are energised after a command sequence.
//! The board's inputs are active high: a relay is on while its pin is high.

use crate::recorder::Observer;
use crate::trace::{Event, EventKind, Trace};

/// BCM pins of relays 1..=4 in the seed.
pub const RELAY_PINS: [u8; 4] = [4, 18, 22, 24];

/// Four relays on four pins, active high.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelayBoard {
    pins: [u8; 4],
    on: [bool; 4],
    switches: [u32; 4],
}

impl RelayBoard {
    /// A board with relays 1..=4 on `pins`, all off.
    pub fn new(pins: [u8; 4]) -> Self {
        RelayBoard {
            pins,
            on: [false; 4],
            switches: [0; 4],
        }
    }

    /// The seed's board: BCM 4, 18, 22, 24.
    pub fn seed() -> Self {
        RelayBoard::new(RELAY_PINS)
    }

    /// Replays a trace into a board on `pins`.
    pub fn from_trace(pins: [u8; 4], trace: &Trace) -> Self {
        let mut b = RelayBoard::new(pins);
        trace.replay(&mut b);
        b
    }

    /// Relay `n` (1..=4) energised? False for other numbers.
    pub fn is_on(&self, n: usize) -> bool {
        n.checked_sub(1)
            .and_then(|i| self.on.get(i))
            .copied()
            .unwrap_or(false)
    }

    /// States of relays 1..=4.
    pub fn states(&self) -> [bool; 4] {
        self.on
    }

    /// How often each relay switched.
    pub fn switches(&self) -> [u32; 4] {
        self.switches
    }

    /// The pins of relays 1..=4.
    pub fn pins(&self) -> [u8; 4] {
        self.pins
    }
}

impl Observer for RelayBoard {
    fn on_event(&mut self, event: &Event) {
        if let EventKind::Gpio { pin, high } = event.kind {
            for i in 0..4 {
                if self.pins[i] == pin && self.on[i] != high {
                    self.on[i] = high;
                    self.switches[i] += 1;
                }
            }
        }
    }
}
