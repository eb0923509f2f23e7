//! An HD44780 16x2 character LCD controller, modelled from pin edges only.
//!
//! Why: the lab's LCD driver is graded by what a real display would show, and a real HD44780
//! is unforgiving: it latches RS and D4..D7 on the falling edge of EN, starts in 8-bit mode,
//! needs the 0x3, 0x3, 0x3, 0x2 handshake to switch to 4-bit mode, wants the function set
//! right after that, and ignores or garbles anything sent while it is still busy. This model
//! sees only the pin events (live from a [`crate::GpioBank`] via [`crate::Recorder::observe`], or
//! replayed from a trace), reconstructs the instructions, keeps DDRAM, and lists every timing
//! or protocol VIOLATION with its virtual time instead of silently accepting it. (It still
//! executes a late instruction, so one mistake does not cascade into garbage: the violation
//! list is the verdict.)
//!
//! Timing numbers are the Hitachi datasheet's (HD44780U, Vcc 4.5-5.5 V, figure 25 / table 6):
//! power-on wait 40 ms (the 2.7 V figure, the safe one), 4.1 ms after the first 0x3, 100 µs
//! after the second, 37 µs per instruction or data write, 1.52 ms for clear and home, EN high
//! at least 450 ns, EN cycle at least 1000 ns, RS set up 60 ns before EN rises, data set up
//! 195 ns before EN falls.

use std::fmt;

use crate::recorder::Observer;
use crate::trace::{Event, EventKind, Trace};

/// Wait after power-up before the first instruction.
pub const POWER_ON_NS: u64 = 40_000_000;
/// Wait after the first 0x3 of the reset handshake.
pub const FIRST_RESET_NS: u64 = 4_100_000;
/// Wait after the second 0x3 of the reset handshake.
pub const SECOND_RESET_NS: u64 = 100_000;
/// Execution time of clear display and return home.
pub const CLEAR_HOME_NS: u64 = 1_520_000;
/// Execution time of every other instruction and of a data write.
pub const COMMAND_NS: u64 = 37_000;
/// Minimum EN high pulse width (PW_EH).
pub const EN_HIGH_MIN_NS: u64 = 450;
/// Minimum EN cycle time (t_cycE), rising edge to rising edge.
pub const EN_CYCLE_MIN_NS: u64 = 1_000;
/// Minimum RS set-up before EN rises (t_AS).
pub const RS_SETUP_NS: u64 = 60;
/// Minimum data set-up before EN falls (t_DSW).
pub const DATA_SETUP_NS: u64 = 195;

/// Which BCM pins the controller is wired to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LcdPins {
    pub rs: u8,
    pub en: u8,
    pub d4: u8,
    pub d5: u8,
    pub d6: u8,
    pub d7: u8,
    /// Backlight transistor, if the board has one.
    pub backlight: Option<u8>,
}

impl LcdPins {
    /// The ET-LCD SW HAT wiring of the seed: RS 7, EN 8, D4-D7 18, 23, 24, 25, backlight 4.
    pub const ET_LCD_SW_HAT: LcdPins = LcdPins {
        rs: 7,
        en: 8,
        d4: 18,
        d5: 23,
        d6: 24,
        d7: 25,
        backlight: Some(4),
    };
}

/// A timing or protocol problem the model saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Virtual time of the edge that showed the problem.
    pub t_ns: u64,
    /// What was wrong, in words.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VIOLATION at {} ns: {}", self.t_ns, self.message)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Power-up state: every EN fall is a whole instruction (D0-D3 unconnected, read as 0).
    EightBit,
    /// Two EN falls per byte, high nibble first; holds the first nibble and its RS.
    FourBit(Option<(u8, bool)>),
}

/// The controller model. Feed it events ([`Observer`]) and query what it shows.
#[derive(Clone, Debug)]
pub struct Hd44780 {
    pins: LcdPins,
    levels: [bool; 32],
    en_rise: Option<u64>,
    last_en_rise: Option<u64>,
    last_data_change: u64,
    last_rs_change: u64,
    mode: Mode,
    resets: u8,
    function_set_done: bool,
    two_lines: bool,
    font_5x10: bool,
    display_on: bool,
    cursor_on: bool,
    blink_on: bool,
    increment: bool,
    shift_on_write: bool,
    ddram: [u8; 80],
    ac: u8,
    cgram: [u8; 64],
    cgram_ac: Option<u8>,
    shift: i32,
    busy_until: u64,
    busy_what: String,
    power_checked: bool,
    violations: Vec<Violation>,
    log: Vec<(u64, bool, u8)>,
}

fn describe(rs: bool, byte: u8) -> String {
    if rs {
        return format!("data 0x{byte:02x}");
    }
    let name = match byte {
        0x01 => "clear display",
        0x02..=0x03 => "return home",
        0x04..=0x07 => "entry mode set",
        0x08..=0x0f => "display control",
        0x10..=0x1f => "cursor/display shift",
        0x20..=0x3f => "function set",
        0x40..=0x7f => "set CGRAM address",
        0x80..=0xff => "set DDRAM address",
        0x00 => "no-op 0x00",
    };
    format!("instruction 0x{byte:02x} ({name})")
}

impl Hd44780 {
    /// A controller just powered up (at virtual time 0), wired as `pins`.
    pub fn new(pins: LcdPins) -> Self {
        Hd44780 {
            pins,
            levels: [false; 32],
            en_rise: None,
            last_en_rise: None,
            last_data_change: 0,
            last_rs_change: 0,
            mode: Mode::EightBit,
            resets: 0,
            function_set_done: false,
            two_lines: false,
            font_5x10: false,
            display_on: false,
            cursor_on: false,
            blink_on: false,
            increment: true,
            shift_on_write: false,
            ddram: [b' '; 80],
            ac: 0,
            cgram: [0; 64],
            cgram_ac: None,
            shift: 0,
            busy_until: 0,
            busy_what: "power-up".into(),
            power_checked: false,
            violations: Vec::new(),
            log: Vec::new(),
        }
    }

    /// Replays a whole trace into a fresh controller.
    pub fn from_trace(pins: LcdPins, trace: &Trace) -> Self {
        let mut m = Hd44780::new(pins);
        trace.replay(&mut m);
        m
    }

    /// Feeds one event (only `gpio` events on its pins matter).
    pub fn feed(&mut self, event: &Event) {
        if let EventKind::Gpio { pin, high } = event.kind {
            self.edge(event.t_ns, pin, high);
        }
    }

    fn level(&self, pin: u8) -> bool {
        self.levels.get(pin as usize).copied().unwrap_or(false)
    }

    fn violation(&mut self, t_ns: u64, message: String) {
        self.violations.push(Violation { t_ns, message });
    }

    fn edge(&mut self, t: u64, pin: u8, high: bool) {
        let p = self.pins;
        let was = self.level(pin);
        if let Some(l) = self.levels.get_mut(pin as usize) {
            *l = high;
        }
        if was == high {
            return;
        }
        if pin == p.en {
            if high {
                if t.saturating_sub(self.last_rs_change) < RS_SETUP_NS && self.last_rs_change > 0 {
                    let d = t - self.last_rs_change;
                    self.violation(
                        t,
                        format!("RS changed {d} ns before EN rose, needs >= {RS_SETUP_NS} ns"),
                    );
                }
                if let Some(prev) = self.last_en_rise {
                    if t - prev < EN_CYCLE_MIN_NS {
                        self.violation(
                            t,
                            format!("EN cycle {} ns, needs >= {EN_CYCLE_MIN_NS} ns", t - prev),
                        );
                    }
                }
                self.en_rise = Some(t);
                self.last_en_rise = Some(t);
            } else {
                let rise = self.en_rise.take().unwrap_or(t);
                if t - rise < EN_HIGH_MIN_NS {
                    self.violation(
                        t,
                        format!("EN high for {} ns, needs >= {EN_HIGH_MIN_NS} ns", t - rise),
                    );
                }
                if t - self.last_data_change < DATA_SETUP_NS && self.last_data_change > 0 {
                    self.violation(
                        t,
                        format!(
                            "D4-D7 changed {} ns before EN fell, needs >= {DATA_SETUP_NS} ns",
                            t - self.last_data_change
                        ),
                    );
                }
                self.latch(t);
            }
        } else if pin == p.rs {
            if self.level(p.en) {
                self.violation(t, "RS changed while EN was high".into());
            }
            self.last_rs_change = t;
        } else if [p.d4, p.d5, p.d6, p.d7].contains(&pin) {
            self.last_data_change = t;
        }
    }

    fn check_ready(&mut self, t: u64, what: &str) {
        if !self.power_checked {
            self.power_checked = true;
            if t < POWER_ON_NS {
                self.violation(
                    t,
                    format!(
                        "{what} sent {:.3} ms after power-up, needs >= {} ms",
                        t as f64 / 1e6,
                        POWER_ON_NS / 1_000_000
                    ),
                );
            }
        }
        if t < self.busy_until {
            let need_start = self.busy_until;
            let busy_what = self.busy_what.clone();
            self.violation(
                t,
                format!(
                    "{what} sent while busy with {busy_what}: {:.1} us too early",
                    (need_start - t) as f64 / 1e3
                ),
            );
        }
    }

    fn latch(&mut self, t: u64) {
        let p = self.pins;
        let nibble = u8::from(self.level(p.d4))
            | u8::from(self.level(p.d5)) << 1
            | u8::from(self.level(p.d6)) << 2
            | u8::from(self.level(p.d7)) << 3;
        let rs = self.level(p.rs);
        match self.mode {
            Mode::EightBit => {
                let byte = nibble << 4;
                let what = describe(rs, byte);
                self.check_ready(t, &what);
                self.log.push((t, rs, byte));
                if rs {
                    self.violation(
                        t,
                        format!("{what} written before initialisation (controller in 8-bit mode)"),
                    );
                    self.busy(t, COMMAND_NS, &what);
                    return;
                }
                match nibble {
                    0x3 => {
                        self.resets = self.resets.saturating_add(1);
                        let wait = match self.resets {
                            1 => FIRST_RESET_NS,
                            2 => SECOND_RESET_NS,
                            _ => COMMAND_NS,
                        };
                        self.busy(t, wait, &format!("reset handshake 0x3 #{}", self.resets));
                    }
                    0x2 => {
                        if self.resets < 3 {
                            self.violation(
                                t,
                                format!(
                                    "switched to 4-bit mode after {} of the three 0x3 reset nibbles",
                                    self.resets
                                ),
                            );
                        }
                        self.mode = Mode::FourBit(None);
                        // D0-D3 are not connected: N and F read as 0 (1 line, 5x8).
                        self.two_lines = false;
                        self.busy(t, COMMAND_NS, "function set 0x2 (switch to 4-bit)");
                    }
                    _ => {
                        self.violation(
                            t,
                            format!("{what} in 8-bit mode, before the switch to 4-bit mode"),
                        );
                        self.busy(t, COMMAND_NS, &what);
                    }
                }
            }
            Mode::FourBit(None) => {
                let what = if rs {
                    "data (high nibble)"
                } else {
                    "instruction (high nibble)"
                };
                self.check_ready(t, what);
                self.mode = Mode::FourBit(Some((nibble, rs)));
            }
            Mode::FourBit(Some((hi, rs0))) => {
                self.mode = Mode::FourBit(None);
                if rs != rs0 {
                    self.violation(t, "RS changed between the two nibbles of one byte".into());
                }
                self.execute(t, rs0, hi << 4 | nibble);
            }
        }
    }

    fn busy(&mut self, t: u64, ns: u64, what: &str) {
        self.busy_until = t + ns;
        self.busy_what = what.to_string();
    }

    fn addr_to_index(&self, a: u8) -> usize {
        if self.two_lines {
            let line = usize::from(a >= 0x40);
            line * 40 + usize::from(a & 0x3f).min(39)
        } else {
            usize::from(a).min(79)
        }
    }

    fn step_ac(&mut self, up: bool) {
        self.ac = if self.two_lines {
            match (self.ac, up) {
                (0x27, true) => 0x40,
                (0x67, true) => 0x00,
                (0x00, false) => 0x67,
                (0x40, false) => 0x27,
                (a, true) => a + 1,
                (a, false) => a - 1,
            }
        } else {
            match (self.ac, up) {
                (79, true) => 0,
                (0, false) => 79,
                (a, true) => a + 1,
                (a, false) => a - 1,
            }
        };
    }

    fn execute(&mut self, t: u64, rs: bool, byte: u8) {
        let what = describe(rs, byte);
        self.log.push((t, rs, byte));
        if rs {
            if !self.function_set_done {
                self.violation(
                    t,
                    format!("{what} written before initialisation complete (no function set yet)"),
                );
            }
            if let Some(a) = self.cgram_ac {
                self.cgram[usize::from(a & 0x3f)] = byte;
                self.cgram_ac = Some((a + 1) & 0x3f);
            } else {
                let i = self.addr_to_index(self.ac);
                self.ddram[i] = byte;
                self.step_ac(self.increment);
                if self.shift_on_write {
                    self.shift += if self.increment { 1 } else { -1 };
                }
            }
            self.busy(t, COMMAND_NS, &what);
            return;
        }
        if !self.function_set_done && !(0x20..=0x3f).contains(&byte) {
            self.violation(
                t,
                format!(
                    "{what} before the function set: the function set (0x28) must come right after the switch to 4-bit mode"
                ),
            );
        }
        let mut exec = COMMAND_NS;
        match byte {
            0x00 => {}
            0x01 => {
                self.ddram = [b' '; 80];
                self.ac = 0;
                self.cgram_ac = None;
                self.shift = 0;
                self.increment = true;
                exec = CLEAR_HOME_NS;
            }
            0x02..=0x03 => {
                self.ac = 0;
                self.cgram_ac = None;
                self.shift = 0;
                exec = CLEAR_HOME_NS;
            }
            0x04..=0x07 => {
                self.increment = byte & 0x02 != 0;
                self.shift_on_write = byte & 0x01 != 0;
            }
            0x08..=0x0f => {
                self.display_on = byte & 0x04 != 0;
                self.cursor_on = byte & 0x02 != 0;
                self.blink_on = byte & 0x01 != 0;
            }
            0x10..=0x1f => {
                let right = byte & 0x04 != 0;
                if byte & 0x08 != 0 {
                    self.shift += if right { -1 } else { 1 };
                } else {
                    self.cgram_ac = None;
                    self.step_ac(right);
                }
            }
            0x20..=0x3f => {
                if byte & 0x10 != 0 {
                    self.mode = Mode::EightBit;
                    self.violation(t, format!("{what} switches back to 8-bit mode"));
                } else {
                    let n = byte & 0x08 != 0;
                    let f = byte & 0x04 != 0;
                    if self.function_set_done && (n != self.two_lines || f != self.font_5x10) {
                        self.violation(
                            t,
                            format!("{what} changes lines/font after initialisation"),
                        );
                    }
                    self.two_lines = n;
                    self.font_5x10 = f;
                    self.function_set_done = true;
                }
            }
            0x40..=0x7f => self.cgram_ac = Some(byte & 0x3f),
            0x80..=0xff => {
                let a = byte & 0x7f;
                let ok = if self.two_lines {
                    a < 0x28 || (0x40..0x68).contains(&a)
                } else {
                    a < 0x50
                };
                if ok {
                    self.ac = a;
                    self.cgram_ac = None;
                } else {
                    self.violation(t, format!("{what}: DDRAM address 0x{a:02x} does not exist"));
                }
            }
        }
        self.busy(t, exec, &what);
    }

    /// The 16 visible bytes of `line` (0 or 1) as stored in DDRAM (window at the shift offset).
    /// In 1-line mode line 1 is blank. Lines other than 0 and 1 are blank.
    pub fn raw_line(&self, line: usize) -> [u8; 16] {
        let mut out = [b' '; 16];
        if line > 1 || (line == 1 && !self.two_lines) {
            return out;
        }
        for (c, o) in out.iter_mut().enumerate() {
            let i = if self.two_lines {
                line * 40 + (c as i32 + self.shift).rem_euclid(40) as usize
            } else {
                (c as i32 + self.shift).rem_euclid(80) as usize
            };
            *o = self.ddram[i];
        }
        out
    }

    /// The 16 visible characters of `line` (0 = top). Bytes 0x20..=0x7e show as ASCII (the
    /// ROM's ¥ at 0x5c and arrows at 0x7e/0x7f are shown as their ASCII codes), anything
    /// else as `?`.
    pub fn line(&self, line: usize) -> String {
        self.raw_line(line)
            .iter()
            .map(|&b| {
                if (0x20..=0x7e).contains(&b) {
                    b as char
                } else {
                    '?'
                }
            })
            .collect()
    }

    /// Every violation seen so far, oldest first.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Every byte the controller executed: (time, RS, byte). In 8-bit mode the byte is the
    /// nibble shifted left by 4.
    pub fn instructions(&self) -> &[(u64, bool, u8)] {
        &self.log
    }

    /// Display on (display control D bit).
    pub fn display_on(&self) -> bool {
        self.display_on
    }

    /// Cursor shown (C bit).
    pub fn cursor_on(&self) -> bool {
        self.cursor_on
    }

    /// Cursor blinking (B bit).
    pub fn blink_on(&self) -> bool {
        self.blink_on
    }

    /// Backlight pin level (false when the board has none).
    pub fn backlight(&self) -> bool {
        self.pins.backlight.is_some_and(|p| self.level(p))
    }

    /// True once the 4-bit switch and a function set have happened.
    pub fn initialised(&self) -> bool {
        self.function_set_done && matches!(self.mode, Mode::FourBit(_))
    }

    /// True in 4-bit mode.
    pub fn four_bit(&self) -> bool {
        matches!(self.mode, Mode::FourBit(_))
    }

    /// 2-line mode (N bit of the function set).
    pub fn two_lines(&self) -> bool {
        self.two_lines
    }

    /// The address counter (DDRAM address of the cursor).
    pub fn cursor_address(&self) -> u8 {
        self.ac
    }

    /// Entry mode: true = increment (I/D bit).
    pub fn increments(&self) -> bool {
        self.increment
    }

    /// The display shift offset (positive = shifted left).
    pub fn shift(&self) -> i32 {
        self.shift
    }

    /// All 80 DDRAM bytes: line 1 (addresses 0x00-0x27) then line 2 (0x40-0x67).
    pub fn ddram(&self) -> &[u8; 80] {
        &self.ddram
    }

    /// CGRAM contents (custom characters).
    pub fn cgram(&self) -> &[u8; 64] {
        &self.cgram
    }

    /// The wiring this model listens to.
    pub fn pins(&self) -> LcdPins {
        self.pins
    }
}

impl Observer for Hd44780 {
    fn on_event(&mut self, event: &Event) {
        self.feed(event);
    }
}
