//! The LCD and SHT31 drivers against hw-mock's models (and a few mocks).

use std::sync::{Arc, Mutex};

use hw_mock::fakes::{self, ScriptedI2c};
use hw_mock::mocks::{MockDelay, MockPin};
use hw_mock::{GpioBank, Hd44780, LcdPins, Recorder, Sht31, Sht31Fault, SimDelay, SimI2c, SimPin};
use pi_devices::lcd::Lcd;
use pi_devices::sht31::{self, SensorError};

fn lcd_rig() -> (Arc<Mutex<Hd44780>>, Lcd<SimPin, SimDelay>) {
    let rec = Recorder::new();
    let bank = GpioBank::new(&rec);
    let model = Arc::new(Mutex::new(Hd44780::new(LcdPins::ET_LCD_SW_HAT)));
    rec.observe(model.clone());
    let c = |p| bank.claim(p).expect("free pin");
    let lcd = Lcd::new(
        c(7),
        c(8),
        [c(18), c(23), c(24), c(25)],
        Some(c(4)),
        SimDelay::new(&rec),
    );
    (model, lcd)
}

#[test]
fn lcd_shows_text_without_violations() {
    let (model, mut lcd) = lcd_rig();
    lcd.init().unwrap();
    lcd.show_line(0, "Hello. I'm ETT.").unwrap();
    let m = model.lock().unwrap();
    assert_eq!(
        m.violations(),
        &[],
        "the driver broke HD44780 timing or protocol"
    );
    assert!(m.initialised(), "4-bit mode and function set expected");
    assert!(m.two_lines(), "function set 0x28 = 2 lines");
    assert!(m.display_on(), "display on 0x0C expected");
    assert!(m.backlight(), "backlight on after init");
    assert_eq!(m.line(0), "Hello. I'm ETT. ");
    assert_eq!(m.line(1), " ".repeat(16));
}

#[test]
fn lcd_line_is_replaced_padded_and_truncated() {
    let (model, mut lcd) = lcd_rig();
    lcd.init().unwrap();
    lcd.show_line(0, "a long line that does not fit").unwrap();
    assert_eq!(model.lock().unwrap().line(0), "a long line that");
    lcd.show_line(0, "short").unwrap();
    assert_eq!(model.lock().unwrap().line(0), "short           ");
    lcd.show_line(1, "naïve").unwrap();
    assert_eq!(model.lock().unwrap().line(1), "na?ve           ");
    lcd.set_cursor(3, 1).unwrap();
    lcd.write_str("X").unwrap();
    assert_eq!(model.lock().unwrap().line(1), "na?Xe           ");
    lcd.clear().unwrap();
    assert_eq!(model.lock().unwrap().line(0), " ".repeat(16));
    assert!(model.lock().unwrap().violations().is_empty());
}

#[test]
fn enable_pulse_is_high_then_low_with_waits_between() {
    let mut seq = hw_mock::mocks::mockall::Sequence::new();
    let mut en = MockPin::new();
    let mut delay = MockDelay::new();
    // Whatever unit the driver uses, the time before the rise and while high must be >= 450 ns.
    let ok = |ns: u64| ns >= 450;
    delay
        .expect_delay_ns()
        .returning(|_| ())
        .withf(move |n| ok(u64::from(*n)));
    delay.expect_delay_us().returning(|_| ());
    delay.expect_delay_ms().returning(|_| ());
    en.expect_set_high()
        .times(1)
        .in_sequence(&mut seq)
        .returning(|| Ok(()));
    en.expect_set_low()
        .times(1)
        .in_sequence(&mut seq)
        .returning(|| Ok(()));
    let mk = || {
        let mut p = MockPin::new();
        p.expect_set_low().returning(|| Ok(()));
        p.expect_set_high().returning(|| Ok(()));
        p
    };
    let mut lcd = Lcd::new(mk(), en, [mk(), mk(), mk(), mk()], None, delay);
    lcd.pulse_enable().unwrap();
}

#[test]
fn nibble_goes_to_d4_d7_then_one_pulse() {
    let log = fakes::log();
    let p = |n| fakes::FakePin::new(n, &log);
    let mut lcd = Lcd::new(
        p("rs"),
        p("en"),
        [p("d4"), p("d5"), p("d6"), p("d7")],
        None,
        fakes::FakeDelay::new(&log),
    );
    lcd.write_nibble(0b1010).unwrap();
    let pins: Vec<_> = fakes::steps(&log)
        .into_iter()
        .filter_map(|s| match s {
            fakes::Step::Pin(n, l) => Some((n, l)),
            _ => None,
        })
        .collect();
    assert_eq!(
        pins,
        vec![
            ("d4", false),
            ("d5", true),
            ("d6", false),
            ("d7", true),
            ("en", true),
            ("en", false)
        ]
    );
}

fn sensor(t: f64, rh: f64, fault: Option<Sht31Fault>) -> (SimI2c, SimDelay) {
    let rec = Recorder::new();
    let bus = SimI2c::new(&rec);
    let mut s = Sht31::new(t, rh);
    s.set_fault(fault);
    bus.attach(0x44, Arc::new(Mutex::new(s)));
    (bus, SimDelay::new(&rec))
}

#[test]
fn sht31_reads_60_degrees_unsigned() {
    let (mut bus, mut d) = sensor(60.0, 75.5, None);
    let r = sht31::read(&mut bus, &mut d, 0x44).unwrap();
    assert!(
        (r.temperature - 60.0).abs() < 0.01,
        "got {} (signed conversion?)",
        r.temperature
    );
    assert!((r.humidity - 75.5).abs() < 0.01, "got {}", r.humidity);
}

#[test]
fn sht31_reads_minus_20_degrees() {
    let (mut bus, mut d) = sensor(-20.0, 5.0, None);
    let r = sht31::read(&mut bus, &mut d, 0x44).unwrap();
    assert!((r.temperature + 20.0).abs() < 0.01, "got {}", r.temperature);
    assert!((r.humidity - 5.0).abs() < 0.01);
}

#[test]
fn sht31_crc_fault_is_an_error_not_a_number() {
    let (mut bus, mut d) = sensor(20.0, 50.0, Some(Sht31Fault::BadCrc));
    assert_eq!(sht31::read(&mut bus, &mut d, 0x44), Err(SensorError::Crc));
}

#[test]
fn sht31_nack_is_a_bus_error() {
    let (mut bus, mut d) = sensor(20.0, 50.0, Some(Sht31Fault::Nack));
    assert!(matches!(
        sht31::read(&mut bus, &mut d, 0x44),
        Err(SensorError::Bus(_))
    ));
}

#[test]
fn sht31_one_bad_humidity_crc_is_caught() {
    let log = fakes::log();
    // Temperature bytes fine, humidity CRC wrong.
    let t = [0x66, 0x66];
    let h = [0x80, 0x00];
    let bytes = vec![t[0], t[1], sht31::crc8(&t), h[0], h[1], sht31::crc8(&h) ^ 1];
    let mut bus = ScriptedI2c::new(&log, vec![Ok(bytes)]);
    let mut d = fakes::FakeDelay::new(&log);
    assert_eq!(sht31::read(&mut bus, &mut d, 0x44), Err(SensorError::Crc));
    assert_eq!(
        fakes::steps(&log)[0],
        fakes::Step::Write(0x44, vec![0x2C, 0x06])
    );
}

#[test]
fn crc_and_conversion() {
    assert_eq!(sht31::crc8(&[0xBE, 0xEF]), 0x92);
    let r = sht31::convert(0xFFFF, 0xFFFF);
    assert_eq!((r.temperature, r.humidity), (130.0, 100.0));
    let r = sht31::convert(0, 0);
    assert_eq!((r.temperature, r.humidity), (-45.0, 0.0));
    let r = sht31::convert(0x8000, 0x8000);
    assert!(r.temperature > 42.5 && r.humidity > 50.0);
}
