//! GPIO bank, recorder and trace format tests.

use embedded_hal::digital::OutputPin;
use hw_mock::{ClaimError, Event, EventKind, GpioBank, Led, Recorder, RelayBoard, SimDelay, Trace};

#[test]
fn a_pin_cannot_be_claimed_twice_until_dropped() {
    let bank = GpioBank::new(&Recorder::new());
    let p = bank.claim(13).unwrap();
    assert_eq!(bank.claim(13).unwrap_err(), ClaimError::Busy(13));
    drop(p);
    assert!(bank.claim(13).is_ok());
    assert_eq!(bank.claim(28).unwrap_err(), ClaimError::NoSuchPin(28));
}

#[test]
fn only_level_changes_are_recorded_with_virtual_time() {
    use embedded_hal::delay::DelayNs;
    let rec = Recorder::new();
    let bank = GpioBank::new(&rec);
    let mut p = bank.claim(4).unwrap();
    let mut d = SimDelay::new(&rec);
    p.set_low().unwrap(); // already low: nothing
    d.delay_us(3);
    p.set_high().unwrap();
    p.set_high().unwrap();
    let t = rec.trace();
    assert_eq!(
        t.events,
        vec![
            Event {
                t_ns: 0,
                kind: EventKind::Delay { ns: 3000 }
            },
            Event {
                t_ns: 3000,
                kind: EventKind::Gpio { pin: 4, high: true }
            },
        ]
    );
    assert!(bank.level(4));
    assert_eq!(rec.now_ns(), 3000);
}

#[test]
fn trace_text_round_trips() {
    let text = "# hw-mock trace v1\n0 delay 50\n50 gpio 13 1\n\n60 i2c 0x44 write 2c06\n75 i2c 0x44 read beef92\n80 i2c 0x45 nack\n90 gpio 13 0\n";
    let t = Trace::parse(text).unwrap();
    assert_eq!(t.events.len(), 6);
    assert_eq!(
        t.events[3].kind,
        EventKind::I2cRead {
            addr: 0x44,
            bytes: vec![0xbe, 0xef, 0x92]
        }
    );
    assert_eq!(t.to_text(), text.replace("\n\n", "\n"));
    assert_eq!(Trace::parse(&t.to_text()).unwrap(), t);
    assert!(!t.final_level(13));
}

#[test]
fn bad_trace_lines_are_rejected_with_line_numbers() {
    for (text, line) in [
        ("0 gpio 13 2", 1),
        ("# c\n0 gpio 28 1", 2),
        ("5 delay 1\n4 delay 1", 2),
        ("0 i2c 44 write 00", 1),
        ("0 i2c 0x44 write 0", 1),
        ("x gpio 1 1", 1),
        ("0 beep", 1),
    ] {
        let e = Trace::parse(text).unwrap_err();
        assert_eq!(e.line, line, "{text}: {e}");
    }
}

#[test]
fn relay_board_and_led_follow_their_pins() {
    let t = Trace::parse("1 gpio 4 1\n2 gpio 22 1\n3 gpio 4 0\n4 gpio 13 1\n5 gpio 24 1").unwrap();
    let b = RelayBoard::from_trace([4, 18, 22, 24], &t);
    assert_eq!(b.states(), [false, false, true, true]);
    assert!(b.is_on(3) && !b.is_on(1) && !b.is_on(0) && !b.is_on(5));
    assert_eq!(b.switches(), [2, 0, 1, 1]);
    let led = Led::from_trace(13, &t);
    assert!(led.is_on());
    assert_eq!(
        hw_mock::view::relays_line(&b),
        "relays: 1 off  2 off  3 ON   4 ON"
    );
    assert_eq!(hw_mock::view::led_line(&led), "LED (BCM 13): ON");
}
