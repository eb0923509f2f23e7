//! Terminal rendering of the simulated devices.
//!
//! Why: on a PC the sim backend has no LCD to look at; the servers print these views when a
//! device changes, so `lcd "Hello. I'm ETT."` shows a 16x2 box in the server's terminal.
//! Plain ASCII, so it survives any terminal and a snapshot.

use crate::hd44780::Hd44780;
use crate::led::Led;
use crate::relay::RelayBoard;

/// The LCD as a 16x2 box plus a status line. Lines are blank while the display is off.
///
/// ```text
/// +----------------+
/// |Hello. I'm ETT. |
/// |                |
/// +----------------+
/// display on, backlight on
/// ```
pub fn lcd_box(lcd: &Hd44780) -> String {
    let blank = " ".repeat(16);
    let mut s = String::from("+----------------+\n");
    for l in 0..2 {
        let text = if lcd.display_on() {
            lcd.line(l)
        } else {
            blank.clone()
        };
        s.push('|');
        s.push_str(&text);
        s.push_str("|\n");
    }
    s.push_str("+----------------+\n");
    let onoff = |b: bool| if b { "on" } else { "off" };
    s.push_str(&format!(
        "display {}, backlight {}",
        onoff(lcd.display_on()),
        onoff(lcd.backlight())
    ));
    let n = lcd.violations().len();
    if n > 0 {
        s.push_str(&format!(", {n} timing/protocol violation(s)"));
    }
    s
}

/// The relays on one line: `relays: 1 ON  2 off  3 off  4 off`.
pub fn relays_line(board: &RelayBoard) -> String {
    let parts: Vec<String> = board
        .states()
        .iter()
        .enumerate()
        .map(|(i, &on)| format!("{} {}", i + 1, if on { "ON " } else { "off" }))
        .collect();
    format!("relays: {}", parts.join("  ").trim_end())
}

/// The LED on one line: `LED (BCM 13): ON`.
pub fn led_line(led: &Led) -> String {
    format!(
        "LED (BCM {}): {}",
        led.pin(),
        if led.is_on() { "ON" } else { "off" }
    )
}
