//! The layer under both backends: which pins each server claims and how the LCD starts,
//! run on hw-mock's board. The rpi backend runs this same code on rppal's pins; with the
//! feature `rpi`, off a Pi, it must fail with a clear error (rppal finds no GPIO).

use std::sync::{Arc, Mutex};

use hw_mock::embedded_hal::digital::OutputPin;
use hw_mock::{Hd44780, LcdPins, Recorder};
use pi_devices::given::board::{lcd_on, relay_pins};
use pi_devices::given::sim::SimBoard;

#[test]
fn the_lcd_starts_on_the_hat_pins_of_the_seed() {
    let rec = Recorder::new();
    let model = Arc::new(Mutex::new(Hd44780::new(LcdPins::ET_LCD_SW_HAT)));
    rec.observe(model.clone());
    lcd_on(&SimBoard::new(&rec)).expect("the LCD pins are free");
    let m = model.lock().unwrap();
    assert_eq!(
        m.violations(),
        &[],
        "start-up broke HD44780 timing or protocol"
    );
    assert!(m.initialised() && m.four_bit(), "4-bit mode expected");
    assert!(m.display_on(), "the display should be on after start-up");
    assert!(m.backlight(), "the backlight should be on after start-up");
}

#[test]
fn relays_one_to_four_are_bcm_4_18_22_24() {
    let board = SimBoard::new(&Recorder::new());
    let mut pins = relay_pins(&board).expect("the relay pins are free");
    for (relay, bcm) in [4, 18, 22, 24].into_iter().enumerate() {
        pins[relay].set_high().unwrap();
        let high: Vec<u8> = (0..=27).filter(|&p| board.bank.level(p)).collect();
        assert_eq!(
            high,
            [bcm],
            "relay {} should switch BCM {bcm} only",
            relay + 1
        );
        pins[relay].set_low().unwrap();
    }
}

#[test]
fn the_relay_and_lcd_hats_cannot_share_one_process() {
    let board = SimBoard::new(&Recorder::new());
    let _relays = relay_pins(&board).expect("the relay pins are free");
    let error = lcd_on(&board).err().expect("the LCD needs relay pins");
    assert!(error.contains("already in use"), "{error}");
}

#[cfg(feature = "rpi")]
#[test]
fn off_a_pi_the_rpi_backend_fails_with_a_clear_error() {
    use pi_devices::given::board::{Backend, Device, build, is_raspberry_pi};
    use pi_devices::given::sim::SimConfig;
    if is_raspberry_pi() {
        return; // on a Pi it would drive the pins: that is the smoke test's job
    }
    let cfg = SimConfig::default();
    for (device, prefix) in [
        (Device::Led, "GPIO: "),
        (Device::Relay, "GPIO: "),
        (Device::Lcd, "GPIO: "),
        (Device::Climate, "I2C bus 1: "),
    ] {
        let error = build(device, Backend::Rpi, &cfg).err().expect("no Pi here");
        assert!(error.starts_with(prefix), "{device:?}: {error}");
        assert!(!error.contains('\n'), "one line: {error}");
    }
}
