//! Where a server gets its hardware: the [`Board`] trait, the seed's pin numbers, and the
//! choice of backend (`sim` = hw-mock on any PC, `rpi` = rppal on a Raspberry Pi).
//!
//! Why a trait: the simulator and rppal each implement [`Board`] in a few lines; what sits
//! above it (which pin is which relay, the LCD's start-up) is written once, so grading the
//! simulator tests the code that runs on the Pi.

use hw_mock::embedded_hal::delay::DelayNs;
use hw_mock::embedded_hal::digital::OutputPin;

use super::server::Shared;
use super::sim::{self, SimConfig};
use crate::lcd::{LCD_BL, LCD_D4, LCD_D5, LCD_D6, LCD_D7, LCD_EN, LCD_RS, Lcd};

/// BCM pin of the LED (seed 004).
pub const LED_PIN: u8 = 13;
/// BCM pins of relays 1..=4 (ET-OPTO RELAY 4 HAT).
pub const RELAY_PINS: [u8; 4] = [4, 18, 22, 24];

/// Which hardware a server drives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// hw-mock's simulated hardware.
    Sim,
    /// Real pins through rppal.
    Rpi,
}

/// True when /proc/device-tree/model names a Raspberry Pi.
pub fn is_raspberry_pi() -> bool {
    std::fs::read("/proc/device-tree/model")
        .map(|m| String::from_utf8_lossy(&m).contains("Raspberry Pi"))
        .unwrap_or(false)
}

/// True when this build can drive real hardware (feature `rpi` on Linux).
pub const fn rpi_supported() -> bool {
    cfg!(all(feature = "rpi", target_os = "linux"))
}

/// `rpi` on a Pi with a build that supports it, else `sim`.
pub fn default_backend() -> Backend {
    if rpi_supported() && is_raspberry_pi() {
        Backend::Rpi
    } else {
        Backend::Sim
    }
}

/// Where a server gets its hardware: output pins by BCM number and a delay. The simulator
/// and rppal each implement it in a few lines; what sits above it (which pins, the LCD's
/// start-up) is the same code on both, so grading the simulator tests it for the Pi too.
pub trait Board {
    /// An output pin.
    type Pin: OutputPin + Send + 'static;
    /// Waits (the LCD needs them).
    type Delay: DelayNs + Send + 'static;
    /// Claims BCM pin `bcm` as an output, low.
    fn output(&self, bcm: u8) -> Result<Self::Pin, String>;
    /// A delay.
    fn delay(&self) -> Self::Delay;
}

/// The four relay pins, relay 1 first.
pub fn relay_pins<B: Board>(board: &B) -> Result<[B::Pin; 4], String> {
    Ok([
        board.output(RELAY_PINS[0])?,
        board.output(RELAY_PINS[1])?,
        board.output(RELAY_PINS[2])?,
        board.output(RELAY_PINS[3])?,
    ])
}

/// The LCD on the ET-LCD SW HAT's pins, initialised (4-bit mode, cleared, backlight on).
pub fn lcd_on<B: Board>(board: &B) -> Result<Lcd<B::Pin, B::Delay>, String> {
    let mut lcd = Lcd::new(
        board.output(LCD_RS)?,
        board.output(LCD_EN)?,
        [
            board.output(LCD_D4)?,
            board.output(LCD_D5)?,
            board.output(LCD_D6)?,
            board.output(LCD_D7)?,
        ],
        Some(board.output(LCD_BL)?),
        board.delay(),
    );
    lcd.init().map_err(|e| format!("LCD init: {e:?}"))?;
    Ok(lcd)
}

/// Which device a server drives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Device {
    /// LED on BCM 13.
    Led,
    /// Relay HAT.
    Relay,
    /// LCD HAT.
    Lcd,
    /// SHT31.
    Climate,
}

/// Builds the handler for `device` on `backend`. On `Rpi` without the feature, an error.
pub fn build(device: Device, backend: Backend, cfg: &SimConfig) -> Result<Shared, String> {
    match backend {
        Backend::Sim => match device {
            Device::Led => sim::led(cfg),
            Device::Relay => sim::relay(cfg),
            Device::Lcd => sim::lcd(cfg),
            Device::Climate => sim::climate(cfg),
        },
        #[cfg(all(feature = "rpi", target_os = "linux"))]
        Backend::Rpi => match device {
            Device::Led => super::rpi::led(),
            Device::Relay => super::rpi::relay(),
            Device::Lcd => super::rpi::lcd(),
            Device::Climate => super::rpi::climate(),
        },
        #[cfg(not(all(feature = "rpi", target_os = "linux")))]
        Backend::Rpi => Err("this build has no rpi backend (build with --features rpi)".into()),
    }
}
