//! mockall mocks of the embedded-hal traits (feature `mocks`).
//!
//! Why: a driver unit test sometimes wants to state expectations ("EN must go high exactly
//! twice per byte", "the delay after clear is at least 1.52 ms") rather than replay a whole
//! model. `MockPin` and `MockDelay` are mockall mocks of `OutputPin` and `DelayNs`; for
//! `I2c` use [`crate::fakes::ScriptedI2c`] (mockall handles the operation slice poorly).

use std::convert::Infallible;

/// mockall itself, for `Sequence`, predicates and the like.
pub use mockall;

use embedded_hal::delay::DelayNs;
use embedded_hal::digital::{ErrorType, OutputPin};

mockall::mock! {
    /// A mocked output pin.
    pub Pin {}
    impl ErrorType for Pin {
        type Error = Infallible;
    }
    impl OutputPin for Pin {
        fn set_low(&mut self) -> Result<(), Infallible>;
        fn set_high(&mut self) -> Result<(), Infallible>;
    }
}

mockall::mock! {
    /// A mocked delay.
    pub Delay {}
    impl DelayNs for Delay {
        fn delay_ns(&mut self, ns: u32);
        fn delay_us(&mut self, us: u32);
        fn delay_ms(&mut self, ms: u32);
    }
}
