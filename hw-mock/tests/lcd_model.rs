//! HD44780 model tests: a small bit-banging driver in the test drives simulated pins; the
//! model must decode exactly what a real controller would, and flag what it would garble.

use std::sync::{Arc, Mutex};

use embedded_hal::delay::DelayNs;
use embedded_hal::digital::{OutputPin, PinState};
use hw_mock::{GpioBank, Hd44780, LcdPins, Recorder, SimDelay, SimPin, Trace};

const PINS: LcdPins = LcdPins::ET_LCD_SW_HAT;

struct Drv {
    rs: SimPin,
    en: SimPin,
    d: [SimPin; 4],
    bl: SimPin,
    delay: SimDelay,
    /// EN high time in ns.
    en_high_ns: u32,
    /// Wait after each byte in ns.
    settle_ns: u32,
    swap_nibbles: bool,
}

fn rig() -> (Recorder, Arc<Mutex<Hd44780>>, Drv) {
    let rec = Recorder::new();
    let bank = GpioBank::new(&rec);
    let model = Arc::new(Mutex::new(Hd44780::new(PINS)));
    rec.observe(model.clone());
    let c = |p| bank.claim(p).unwrap();
    let drv = Drv {
        rs: c(PINS.rs),
        en: c(PINS.en),
        d: [c(PINS.d4), c(PINS.d5), c(PINS.d6), c(PINS.d7)],
        bl: c(PINS.backlight.unwrap()),
        delay: SimDelay::new(&rec),
        en_high_ns: 1000,
        settle_ns: 50_000,
        swap_nibbles: false,
    };
    (rec, model, drv)
}

impl Drv {
    fn nibble(&mut self, n: u8) {
        for (i, p) in self.d.iter_mut().enumerate() {
            p.set_state(PinState::from(n >> i & 1 == 1)).unwrap();
        }
        self.delay.delay_ns(1000);
        self.en.set_high().unwrap();
        self.delay.delay_ns(self.en_high_ns);
        self.en.set_low().unwrap();
        self.delay.delay_ns(1000);
    }
    fn byte(&mut self, b: u8, rs: bool) {
        self.rs.set_state(PinState::from(rs)).unwrap();
        let (first, second) = if self.swap_nibbles {
            (b & 15, b >> 4)
        } else {
            (b >> 4, b & 15)
        };
        self.nibble(first);
        self.nibble(second);
        self.delay.delay_ns(self.settle_ns);
        if !rs && b <= 3 {
            self.delay.delay_ms(2);
        }
    }
    fn init(&mut self) {
        self.delay.delay_ms(50);
        self.nibble(3);
        self.delay.delay_ms(5);
        self.nibble(3);
        self.delay.delay_us(150);
        self.nibble(3);
        self.delay.delay_us(150);
        self.nibble(2);
        self.delay.delay_us(150);
        for c in [0x28, 0x06, 0x0C, 0x01] {
            self.byte(c, false);
        }
        self.bl.set_high().unwrap();
    }
    fn text(&mut self, s: &str) {
        for b in s.bytes() {
            self.byte(b, true);
        }
    }
}

#[test]
fn correct_init_and_text_shows_without_violations() {
    let (_rec, model, mut d) = rig();
    d.init();
    d.text("Hello. I'm ETT.");
    d.byte(0xC0 | 2, false);
    d.text("line2");
    let m = model.lock().unwrap();
    assert!(m.violations().is_empty(), "{:?}", m.violations());
    assert_eq!(m.line(0), "Hello. I'm ETT. ");
    assert_eq!(m.line(1), "  line2         ");
    assert!(m.display_on() && m.backlight() && m.four_bit() && m.two_lines() && m.initialised());
}

#[test]
fn handshake_bytes_are_seen_as_nibbles_in_8_bit_mode() {
    let (_rec, model, mut d) = rig();
    d.delay.delay_ms(50);
    d.byte(0x33, false); // nibbles 3, 3 (the second only 3 µs later: needs 4.1 ms)
    let m = model.lock().unwrap();
    assert!(!m.four_bit());
    let ins: Vec<u8> = m.instructions().iter().map(|i| i.2).collect();
    assert_eq!(ins, vec![0x30, 0x30]);
    assert!(
        m.violations().iter().any(|v| v.message.contains("busy")),
        "{:?}",
        m.violations()
    );
}

#[test]
fn seed_init_order_is_flagged() {
    let (_rec, model, mut d) = rig();
    d.settle_ns = 6_000_000; // the seed sleeps 3 ms around each EN pulse: timing is fine
    d.delay.delay_ms(500);
    for c in [0x33, 0x32, 0x06, 0x0C, 0x28, 0x01] {
        d.byte(c, false);
    }
    let m = model.lock().unwrap();
    assert!(m.four_bit() && m.display_on());
    let v: Vec<&str> = m.violations().iter().map(|v| v.message.as_str()).collect();
    assert!(
        v.iter()
            .any(|m| m.contains("0x06") && m.contains("before the function set")),
        "{v:?}"
    );
    assert!(
        v.iter()
            .any(|m| m.contains("0x0c") && m.contains("before the function set")),
        "{v:?}"
    );
}

#[test]
fn swapped_nibbles_garble_the_text() {
    let (_rec, model, mut d) = rig();
    d.init();
    d.swap_nibbles = true;
    d.text("AB");
    let m = model.lock().unwrap();
    // 'A' = 0x41 arrives as 0x14, 'B' = 0x42 as 0x24 ('$').
    assert_eq!(m.raw_line(0)[..2], [0x14, 0x24]);
    assert_ne!(&m.line(0)[..2], "AB");
}

#[test]
fn command_too_soon_after_clear_is_a_violation() {
    let (_rec, model, mut d) = rig();
    d.init();
    d.rs.set_low().unwrap();
    d.nibble(0);
    d.nibble(1); // clear, then no 1.52 ms wait
    d.delay.delay_us(50);
    d.text("x");
    let m = model.lock().unwrap();
    let v = m.violations();
    assert_eq!(v.len(), 1, "{v:?}");
    assert!(v[0].message.contains("busy with instruction 0x01"), "{v:?}");
}

#[test]
fn data_too_soon_after_data_is_a_violation() {
    let (_rec, model, mut d) = rig();
    d.init();
    d.settle_ns = 10_000; // 10 µs + pulses < 37 µs
    d.text("ab");
    assert!(!model.lock().unwrap().violations().is_empty());
}

#[test]
fn short_enable_pulse_is_a_violation() {
    let (_rec, model, mut d) = rig();
    d.init();
    d.en_high_ns = 100;
    d.text("x");
    let m = model.lock().unwrap();
    assert!(
        m.violations()
            .iter()
            .any(|v| v.message.contains("EN high for 100 ns")),
        "{:?}",
        m.violations()
    );
}

#[test]
fn data_before_init_is_a_violation() {
    let (_rec, model, mut d) = rig();
    d.delay.delay_ms(50);
    d.text("x");
    let m = model.lock().unwrap();
    assert!(
        m.violations()
            .iter()
            .any(|v| v.message.contains("before initialisation"))
    );
}

#[test]
fn first_instruction_before_power_on_wait_is_a_violation() {
    let (_rec, model, mut d) = rig();
    d.nibble(3);
    assert!(
        model.lock().unwrap().violations()[0]
            .message
            .contains("after power-up")
    );
}

#[test]
fn entry_mode_decrement_and_display_shift() {
    let (_rec, model, mut d) = rig();
    d.init();
    d.byte(0x80 | 5, false);
    d.byte(0x04, false); // decrement
    d.text("abc");
    assert_eq!(model.lock().unwrap().line(0), "   cba          ");
    d.byte(0x18, false); // shift display left
    assert_eq!(model.lock().unwrap().line(0), "  cba           ");
    assert!(model.lock().unwrap().violations().is_empty());
}

#[test]
fn invalid_ddram_address_is_flagged() {
    let (_rec, model, mut d) = rig();
    d.init();
    d.byte(0x80 | 0x30, false);
    assert!(
        model.lock().unwrap().violations()[0]
            .message
            .contains("does not exist")
    );
}

#[test]
fn trace_replay_gives_the_same_display() {
    let (rec, model, mut d) = rig();
    d.init();
    d.text("replayed");
    let text = rec.trace().to_text();
    let parsed = Trace::parse(&text).unwrap();
    assert_eq!(parsed, rec.trace());
    let replayed = Hd44780::from_trace(PINS, &parsed);
    assert_eq!(replayed.line(0), model.lock().unwrap().line(0));
    assert_eq!(replayed.line(0), "replayed        ");
    assert!(replayed.violations().is_empty());
    assert!(replayed.backlight());
}

#[test]
fn view_draws_the_box() {
    let (_rec, model, mut d) = rig();
    d.init();
    d.text("Hi");
    let v = hw_mock::view::lcd_box(&model.lock().unwrap());
    assert!(
        v.starts_with("+----------------+\n|Hi              |\n|                |\n"),
        "{v}"
    );
}
