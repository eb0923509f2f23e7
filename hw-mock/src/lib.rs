//! Simulated Raspberry Pi hardware for the netlabs Pi lab (lab 13).
//!
//! Why: students without a Pi (and the grader) must run the same driver code that drives a
//! real ET-LCD SW HAT, relay HAT, LED and SHT31 sensor. Everything here is built on the
//! embedded-hal 1.0 traits (`OutputPin`, `I2c`, `DelayNs`), so a driver written generically
//! runs on `rppal` on a Pi and on this simulator on a PC.
//!
//! The pieces:
//! - [`Recorder`]: the virtual clock plus the log of every pin/bus/delay operation, with
//!   observers that models attach to.
//! - [`Trace`]: that log as a line-based text file (format in the README), written and parsed.
//! - [`GpioBank`] / [`SimPin`]: BCM pins 0..=27 that refuse a second claim.
//! - [`SimDelay`]: `DelayNs` that advances the virtual clock instead of sleeping.
//! - [`SimI2c`] + [`Sht31`]: an I2C bus with an SHT31 sensor model.
//! - [`Hd44780`]: an LCD controller model fed only by pin edges, with timing checks.
//! - [`RelayBoard`], [`Led`]: models that read levels from the pin events.
//! - [`view`]: the terminal rendering of those models.
//! - `mocks` (feature `mocks`): mockall mocks of the traits, plus hand-written fakes.

pub mod delay;
pub mod fakes;
pub mod gpio;
pub mod hd44780;
pub mod i2c;
pub mod led;
#[cfg(feature = "mocks")]
pub mod mocks;
pub mod recorder;
pub mod relay;
pub mod sht31;
pub mod trace;
pub mod view;

pub use delay::SimDelay;
pub use gpio::{ClaimError, GpioBank, MAX_PIN, SimPin};
pub use hd44780::{Hd44780, LcdPins, Violation};
pub use i2c::{I2cDevice, SimI2c, SimI2cError};
pub use led::Led;
pub use recorder::{Observer, Recorder};
pub use relay::RelayBoard;
pub use sht31::{Sht31, Sht31Fault};
pub use trace::{Event, EventKind, Trace, TraceError};

/// The embedded-hal crate this simulator implements, re-exported so a lab can name the traits
/// without its own dependency on it.
pub use embedded_hal;

/// Locks a mutex even if another thread panicked while holding it: the simulator's state stays
/// usable (it is plain data), and "never panic" includes "never panic because someone else did".
pub(crate) fn lock<T: ?Sized>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
