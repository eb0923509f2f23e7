//! The HD44780 LCD driver in 4-bit mode (ET-LCD SW HAT), generic over embedded-hal.
//!
//! Why generic: the same code drives rppal's pins on a Pi and hw-mock's simulated pins on a
//! PC; only the `OutputPin` and `DelayNs` types differ. The seed (14-3.2-1) writes a byte as
//! two nibbles, high nibble first, each latched by a pulse on EN; we keep that and fix its
//! initialisation order (the function set 0x28 must come right after the switch to 4-bit
//! mode, before entry mode and display control).

use hw_mock::embedded_hal::delay::DelayNs;
use hw_mock::embedded_hal::digital::{OutputPin, PinState};

// ANCHOR: pins
/// Pins of the ET-LCD SW HAT (BCM): RS.
pub const LCD_RS: u8 = 7;
/// EN.
pub const LCD_EN: u8 = 8;
/// D4.
pub const LCD_D4: u8 = 18;
/// D5.
pub const LCD_D5: u8 = 23;
/// D6.
pub const LCD_D6: u8 = 24;
/// D7.
pub const LCD_D7: u8 = 25;
/// Backlight.
pub const LCD_BL: u8 = 4;
// ANCHOR_END: pins
/// Visible columns.
pub const LCD_WIDTH: usize = 16;

/// RS low: the byte is an instruction.
pub const LCD_CMD: bool = false;
/// RS high: the byte is a character.
pub const LCD_DATA: bool = true;

/// An HD44780 on six (or seven, with backlight) output pins.
pub struct Lcd<P, D> {
    rs: P,
    en: P,
    /// D4, D5, D6, D7.
    data: [P; 4],
    backlight: Option<P>,
    delay: D,
}

impl<P: OutputPin, D: DelayNs> Lcd<P, D> {
    /// Wraps the pins; does not touch the display (call [`Lcd::init`]).
    pub fn new(rs: P, en: P, data: [P; 4], backlight: Option<P>, delay: D) -> Self {
        Lcd {
            rs,
            en,
            data,
            backlight,
            delay,
        }
    }

    // ANCHOR: pulse_enable
    /// One EN pulse: the controller latches D4-D7 and RS on the falling edge. Waits 1 µs
    /// before the rise (RS/data set-up >= 60 ns), 1 µs high (>= 450 ns), 1 µs after the fall
    /// (cycle >= 1000 ns).
    pub fn pulse_enable(&mut self) -> Result<(), P::Error> {
        // ANCHOR_END: pulse_enable
        // BEGIN SOLUTION
        self.delay.delay_us(1);
        self.en.set_high()?;
        self.delay.delay_us(1);
        self.en.set_low()?;
        self.delay.delay_us(1);
        Ok(())
        // END SOLUTION
    }

    // ANCHOR: write_nibble
    /// Puts the low 4 bits of `nibble` on D4 (bit 0) .. D7 (bit 3) and pulses EN.
    pub fn write_nibble(&mut self, nibble: u8) -> Result<(), P::Error> {
        // ANCHOR_END: write_nibble
        // BEGIN SOLUTION
        for (bit, pin) in self.data.iter_mut().enumerate() {
            pin.set_state(PinState::from((nibble >> bit) & 1 == 1))?;
        }
        self.pulse_enable()
        // END SOLUTION
    }

    // ANCHOR: write_byte
    /// Sends one byte: RS = `mode` ([`LCD_CMD`] or [`LCD_DATA`]), high nibble then low
    /// nibble, then waits for the instruction to execute (50 µs; 2 ms after clear or home).
    pub fn write_byte(&mut self, byte: u8, mode: bool) -> Result<(), P::Error> {
        // ANCHOR_END: write_byte
        // BEGIN SOLUTION
        self.rs.set_state(PinState::from(mode))?;
        self.write_nibble(byte >> 4)?;
        self.write_nibble(byte & 0x0F)?;
        if mode == LCD_CMD && byte <= 0x03 {
            // clear display (0x01) and return home (0x02, 0x03) take 1.52 ms
            self.delay.delay_ms(2);
        } else {
            self.delay.delay_us(50);
        }
        Ok(())
        // END SOLUTION
    }

    // ANCHOR: init
    /// The datasheet's 4-bit initialisation: wait > 40 ms after power-up, the nibbles 0x3,
    /// 0x3, 0x3 (waits of 5 ms, 150 µs, 150 µs), 0x2 to switch to 4-bit mode, then function
    /// set 0x28 (2 lines, 5x8), entry mode 0x06, display on 0x0C, clear 0x01; backlight on.
    pub fn init(&mut self) -> Result<(), P::Error> {
        // ANCHOR_END: init
        // BEGIN SOLUTION
        self.delay.delay_ms(50);
        self.rs.set_low()?;
        self.write_nibble(0x3)?;
        self.delay.delay_ms(5);
        self.write_nibble(0x3)?;
        self.delay.delay_us(150);
        self.write_nibble(0x3)?;
        self.delay.delay_us(150);
        self.write_nibble(0x2)?;
        self.delay.delay_us(150);
        for cmd in [0x28, 0x06, 0x0C, 0x01] {
            self.write_byte(cmd, LCD_CMD)?;
        }
        self.set_backlight(true)
        // END SOLUTION
    }

    // ANCHOR: clear
    /// Clears the display and homes the cursor.
    pub fn clear(&mut self) -> Result<(), P::Error> {
        // ANCHOR_END: clear
        // BEGIN SOLUTION
        self.write_byte(0x01, LCD_CMD)
        // END SOLUTION
    }

    // ANCHOR: set_cursor
    /// Moves the cursor to `col` (0..=39) of `line` (0 = top, anything else = bottom):
    /// DDRAM address 0x80 | col or 0xC0 | col.
    pub fn set_cursor(&mut self, col: u8, line: u8) -> Result<(), P::Error> {
        // ANCHOR_END: set_cursor
        // BEGIN SOLUTION
        let col = col.min(39);
        let base = if line == 0 { 0x80 } else { 0xC0 };
        self.write_byte(base | col, LCD_CMD)
        // END SOLUTION
    }

    // ANCHOR: write_str
    /// Writes characters at the cursor. Printable ASCII goes as is; anything else (the
    /// display's ROM has no UTF-8) is written as `?`.
    pub fn write_str(&mut self, text: &str) -> Result<(), P::Error> {
        // ANCHOR_END: write_str
        // BEGIN SOLUTION
        // SOLUTION-SENTINEL: `grader release` checks that no line of a solution region survives
        for c in text.chars() {
            let b = if c.is_ascii() && !c.is_ascii_control() {
                c as u8
            } else {
                b'?'
            };
            self.write_byte(b, LCD_DATA)?;
        }
        Ok(())
        // END SOLUTION
    }

    /// Shows `text` on `line`, replacing the whole 16-column line (padded with spaces,
    /// truncated at 16), as the seed's blank-then-write does.
    pub fn show_line(&mut self, line: u8, text: &str) -> Result<(), P::Error> {
        self.set_cursor(0, line)?;
        self.write_str(&crate::protocol::lcd_text(text))
    }

    /// Backlight on or off (no-op without a backlight pin).
    pub fn set_backlight(&mut self, on: bool) -> Result<(), P::Error> {
        match &mut self.backlight {
            Some(p) => p.set_state(PinState::from(on)),
            None => Ok(()),
        }
    }
}
