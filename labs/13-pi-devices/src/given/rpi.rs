//! The `rpi` backend (feature `rpi`, Linux): real pins and the real I2C bus through rppal.
//!
//! Only the [`Board`] for rppal's types and the I2C bus are here; the rest is shared with
//! the simulator. No trace and no view: the real device is the view.

use std::sync::{Arc, Mutex};

use rppal::gpio::{Gpio, OutputPin};
use rppal::hal::Delay;
use rppal::i2c::I2c;

use super::board::{Board, LED_PIN, lcd_on, relay_pins};
use super::devices::{ClimateHandler, LcdHandler, LedHandler, RelayHandler};
use super::server::Shared;
use crate::sht31::{I2C_BUS, SHT31_ADDR};

/// The Pi's GPIO through rppal (`/dev/gpiomem`).
struct RpiBoard(Gpio);

impl Board for RpiBoard {
    type Pin = OutputPin;
    type Delay = Delay;

    fn output(&self, bcm: u8) -> Result<OutputPin, String> {
        self.0
            .get(bcm)
            .map(|p| p.into_output_low())
            .map_err(|e| format!("GPIO {bcm}: {e}"))
    }

    fn delay(&self) -> Delay {
        Delay::new()
    }
}

fn board() -> Result<RpiBoard, String> {
    Gpio::new().map(RpiBoard).map_err(|e| format!("GPIO: {e}"))
}

/// The LED server on the Pi's BCM 13.
pub fn led() -> Result<Shared, String> {
    let pin = board()?.output(LED_PIN)?;
    Ok(Arc::new(Mutex::new(LedHandler::new(pin))))
}

/// The relay server on the relay HAT.
pub fn relay() -> Result<Shared, String> {
    let pins = relay_pins(&board()?)?;
    Ok(Arc::new(Mutex::new(RelayHandler::new(pins))))
}

/// The LCD server on the LCD HAT (the display is initialised here).
pub fn lcd() -> Result<Shared, String> {
    let lcd = lcd_on(&board()?)?;
    Ok(Arc::new(Mutex::new(LcdHandler::new(lcd))))
}

/// The climate server on the SHT31 of I2C bus 1.
pub fn climate() -> Result<Shared, String> {
    let bus = I2c::with_bus(I2C_BUS).map_err(|e| format!("I2C bus {I2C_BUS}: {e}"))?;
    Ok(Arc::new(Mutex::new(ClimateHandler::new(
        bus,
        Delay::new(),
        SHT31_ADDR,
    ))))
}
