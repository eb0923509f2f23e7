//! `SimDelay`: the embedded-hal `DelayNs` of the simulator.
//!
//! Why: drivers wait (an HD44780 clear takes 1.52 ms, an SHT31 measurement 15 ms). On the
//! simulator a wait advances the shared virtual clock and is logged, so timing can be checked
//! by the models, and tests run in microseconds. Optionally it also really sleeps a scaled
//! amount (`with_real_sleep`), for a demo that should look like hardware.

use std::time::Duration;

use embedded_hal::delay::DelayNs;

use crate::recorder::Recorder;

/// A `DelayNs` that advances the [`Recorder`]'s virtual clock.
#[derive(Clone, Debug)]
pub struct SimDelay {
    rec: Recorder,
    real_scale: f64,
}

impl SimDelay {
    /// Virtual-only delays: no real sleeping (the default, fast).
    pub fn new(rec: &Recorder) -> Self {
        SimDelay {
            rec: rec.clone(),
            real_scale: 0.0,
        }
    }

    /// Also sleeps `scale` times the requested time for real (1.0 = real time, 0.01 = 100x
    /// faster). Negative or NaN scales count as 0.
    pub fn with_real_sleep(mut self, scale: f64) -> Self {
        self.real_scale = if scale.is_finite() && scale > 0.0 {
            scale
        } else {
            0.0
        };
        self
    }

    fn wait(&mut self, ns: u64) {
        self.rec.delay(ns);
        if self.real_scale > 0.0 {
            let real = (ns as f64 * self.real_scale).min(10e9);
            std::thread::sleep(Duration::from_nanos(real as u64));
        }
    }
}

impl DelayNs for SimDelay {
    fn delay_ns(&mut self, ns: u32) {
        self.wait(u64::from(ns));
    }

    fn delay_us(&mut self, us: u32) {
        self.wait(u64::from(us) * 1_000);
    }

    fn delay_ms(&mut self, ms: u32) {
        self.wait(u64::from(ms) * 1_000_000);
    }
}
