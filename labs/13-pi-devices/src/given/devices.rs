//! The four device handlers: what a request line does to the hardware, using your parsers
//! (`protocol.rs`) and drivers (`lcd.rs`, `sht31.rs`).
//!
//! Why generic: each handler owns its driver over embedded-hal types, so one handler serves
//! both backends (rppal pins on a Pi, hw-mock pins on a PC). On the sim backend each is
//! wrapped in `sim::Watched`, which writes the trace and prints the view after each request.

use hw_mock::embedded_hal::delay::DelayNs;
use hw_mock::embedded_hal::digital::{OutputPin, PinState};
use hw_mock::embedded_hal::i2c::I2c;
use std::io::Write;

use super::server::Handler;
use crate::lcd::Lcd;
use crate::protocol::{format_reading, parse_led, parse_relay};
use crate::sht31;

fn onoff(on: bool) -> &'static str {
    if on { "on" } else { "off" }
}

/// `on`/`off` → the LED pin.
pub struct LedHandler<P> {
    pin: P,
}

impl<P: OutputPin + Send> LedHandler<P> {
    /// An LED server on `pin`.
    pub fn new(pin: P) -> Self {
        LedHandler { pin }
    }
}

impl<P: OutputPin + Send> Handler for LedHandler<P> {
    fn handle(&mut self, line: &str) -> Option<String> {
        if line.trim().is_empty() {
            return None;
        }
        let reply = match parse_led(line) {
            Ok(on) => match self.pin.set_state(PinState::from(on)) {
                Ok(()) => format!("OK led {}", onoff(on)),
                Err(e) => format!("ERR gpio: {e:?}"),
            },
            Err(e) => format!("ERR {e}"),
        };
        Some(reply)
    }
}

/// `1`..`8` → relays 1-4 on/off.
pub struct RelayHandler<P> {
    pins: [P; 4],
}

impl<P: OutputPin + Send> RelayHandler<P> {
    /// A relay server on relays 1..=4 = `pins`.
    pub fn new(pins: [P; 4]) -> Self {
        RelayHandler { pins }
    }
}

impl<P: OutputPin + Send> Handler for RelayHandler<P> {
    fn handle(&mut self, line: &str) -> Option<String> {
        if line.trim().is_empty() {
            return None;
        }
        let reply = match parse_relay(line) {
            Ok((n, on)) => {
                let pin = &mut self.pins[usize::from(n.clamp(1, 4)) - 1];
                match pin.set_state(PinState::from(on)) {
                    Ok(()) => format!("OK relay {n} {}", onoff(on)),
                    Err(e) => format!("ERR gpio: {e:?}"),
                }
            }
            Err(e) => format!("ERR {e}"),
        };
        Some(reply)
    }
}

/// Each line → LCD line 1.
pub struct LcdHandler<P, D> {
    lcd: Lcd<P, D>,
}

impl<P: OutputPin + Send, D: DelayNs + Send> LcdHandler<P, D> {
    /// An LCD server on an initialised `lcd`.
    pub fn new(lcd: Lcd<P, D>) -> Self {
        LcdHandler { lcd }
    }
}

impl<P: OutputPin + Send, D: DelayNs + Send> Handler for LcdHandler<P, D> {
    fn handle(&mut self, line: &str) -> Option<String> {
        let reply = match self.lcd.show_line(0, line) {
            Ok(()) => "OK".to_string(),
            Err(e) => format!("ERR gpio: {e:?}"),
        };
        Some(reply)
    }
}

/// A reading on connect and on `read`.
pub struct ClimateHandler<I, D> {
    i2c: I,
    delay: D,
    addr: u8,
}

impl<I: I2c + Send, D: DelayNs + Send> ClimateHandler<I, D> {
    /// A climate server reading the SHT31 at `addr` on `i2c`.
    pub fn new(i2c: I, delay: D, addr: u8) -> Self {
        ClimateHandler { i2c, delay, addr }
    }

    fn reading(&mut self) -> String {
        let reply = match sht31::read(&mut self.i2c, &mut self.delay, self.addr) {
            Ok(r) => format_reading(&r),
            Err(e) => format!("ERR sensor: {e}"),
        };
        let _ = writeln!(std::io::stdout(), "Reading: {}", reply.replace('\n', " "));
        reply
    }
}

impl<I: I2c + Send, D: DelayNs + Send> Handler for ClimateHandler<I, D> {
    fn on_connect(&mut self) -> Option<String> {
        Some(self.reading())
    }

    fn handle(&mut self, line: &str) -> Option<String> {
        match line.trim() {
            "" => None,
            "read" => Some(self.reading()),
            other => Some(format!("ERR unknown command: {other}")),
        }
    }
}
