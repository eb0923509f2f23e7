//! The trace: every pin, I2C and delay operation of a simulation as a line-based text file.
//!
//! Why a text file: the grader runs a student's server as a separate process and needs to see
//! what the server did to the (simulated) hardware. The server writes the trace
//! (`--trace FILE`); the grader parses it back and replays it through the models.
//!
//! Format (one event per line, fields separated by single spaces, times in nanoseconds of
//! virtual time since power-up, non-decreasing; `#` starts a comment line, blank lines are
//! ignored):
//!
//! ```text
//! # hw-mock trace v1
//! 50000000 gpio 18 1
//! 50001000 delay 1000
//! 60000000 i2c 0x44 write 2c06
//! 75000000 i2c 0x44 read 6666b2f3e4a1
//! 75000000 i2c 0x45 nack
//! ```
//!
//! - `T gpio PIN LEVEL`: BCM pin `PIN` (0..=27) changed to `LEVEL` (0 or 1). Only changes are
//!   logged; every pin starts low at time 0.
//! - `T delay NS`: the driver waited `NS` ns starting at `T` (the clock is `T+NS` after it).
//! - `T i2c ADDR write HEX`: a write to 7-bit address `ADDR` (`0x` + 2 hex digits), bytes in
//!   lowercase hex without separators, acknowledged.
//! - `T i2c ADDR read HEX`: a read from `ADDR` returned those bytes.
//! - `T i2c ADDR nack`: the operation on `ADDR` was not acknowledged (it failed).

use std::fmt;
use std::io::{self, Write};
use std::path::Path;

/// First line written to a trace file.
pub const HEADER: &str = "# hw-mock trace v1";

/// One recorded operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Virtual time in ns since power-up.
    pub t_ns: u64,
    /// What happened.
    pub kind: EventKind,
}

/// What an [`Event`] records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// A BCM pin changed level.
    Gpio { pin: u8, high: bool },
    /// An acknowledged I2C write.
    I2cWrite { addr: u8, bytes: Vec<u8> },
    /// An I2C read and the bytes it returned.
    I2cRead { addr: u8, bytes: Vec<u8> },
    /// An I2C operation that was not acknowledged.
    I2cNack { addr: u8 },
    /// A delay of `ns` nanoseconds.
    Delay { ns: u64 },
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.t_ns;
        match &self.kind {
            EventKind::Gpio { pin, high } => write!(f, "{t} gpio {pin} {}", u8::from(*high)),
            EventKind::I2cWrite { addr, bytes } => {
                write!(f, "{t} i2c 0x{addr:02x} write {}", hex(bytes))
            }
            EventKind::I2cRead { addr, bytes } => {
                write!(f, "{t} i2c 0x{addr:02x} read {}", hex(bytes))
            }
            EventKind::I2cNack { addr } => write!(f, "{t} i2c 0x{addr:02x} nack"),
            EventKind::Delay { ns } => write!(f, "{t} delay {ns}"),
        }
    }
}

/// A parse error, with the 1-based line number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceError {
    /// 1-based line number in the text.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for TraceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "trace line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for TraceError {}

/// A list of events in time order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    /// The events, oldest first.
    pub events: Vec<Event>,
}

fn parse_hex(s: &str) -> Result<Vec<u8>, String> {
    if !s.len().is_multiple_of(2) || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("bad hex bytes {s:?}"));
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|e| e.to_string()))
        .collect()
}

fn parse_addr(s: &str) -> Result<u8, String> {
    let digits = s
        .strip_prefix("0x")
        .ok_or_else(|| format!("bad I2C address {s:?} (want 0xHH)"))?;
    let a = u8::from_str_radix(digits, 16).map_err(|_| format!("bad I2C address {s:?}"))?;
    if a > 0x7f {
        return Err(format!("I2C address {s} is not 7-bit"));
    }
    Ok(a)
}

fn parse_line(line: &str) -> Result<Event, String> {
    let f: Vec<&str> = line.split_whitespace().collect();
    let t_ns: u64 = f
        .first()
        .ok_or("empty line")?
        .parse()
        .map_err(|_| format!("bad time {:?}", f[0]))?;
    let kind = match &f[1..] {
        ["gpio", pin, level] => {
            let pin: u8 = pin.parse().map_err(|_| format!("bad pin {pin:?}"))?;
            if pin > crate::gpio::MAX_PIN {
                return Err(format!("pin {pin} out of range 0..=27"));
            }
            let high = match *level {
                "0" => false,
                "1" => true,
                other => return Err(format!("bad level {other:?} (want 0 or 1)")),
            };
            EventKind::Gpio { pin, high }
        }
        ["delay", ns] => EventKind::Delay {
            ns: ns.parse().map_err(|_| format!("bad delay {ns:?}"))?,
        },
        ["i2c", addr, "write", bytes] => EventKind::I2cWrite {
            addr: parse_addr(addr)?,
            bytes: parse_hex(bytes)?,
        },
        ["i2c", addr, "read", bytes] => EventKind::I2cRead {
            addr: parse_addr(addr)?,
            bytes: parse_hex(bytes)?,
        },
        ["i2c", addr, "nack"] => EventKind::I2cNack {
            addr: parse_addr(addr)?,
        },
        _ => return Err(format!("unknown event {line:?}")),
    };
    Ok(Event { t_ns, kind })
}

impl Trace {
    /// Parses trace text (see the module docs). Rejects unknown lines and times that go back.
    pub fn parse(text: &str) -> Result<Trace, TraceError> {
        let mut events = Vec::new();
        let mut last = 0u64;
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let e = parse_line(line).map_err(|message| TraceError {
                line: i + 1,
                message,
            })?;
            if e.t_ns < last {
                return Err(TraceError {
                    line: i + 1,
                    message: format!("time {} goes back (previous {last})", e.t_ns),
                });
            }
            last = e.t_ns;
            events.push(e);
        }
        Ok(Trace { events })
    }

    /// Reads and parses a trace file.
    pub fn read_file(path: impl AsRef<Path>) -> io::Result<Trace> {
        let text = std::fs::read_to_string(path)?;
        Trace::parse(&text).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }

    /// The trace as text, header first, one line per event.
    pub fn to_text(&self) -> String {
        let mut s = String::from(HEADER);
        s.push('\n');
        for e in &self.events {
            s.push_str(&e.to_string());
            s.push('\n');
        }
        s
    }

    /// Writes [`Trace::to_text`] to `w`.
    pub fn write_to(&self, w: &mut impl Write) -> io::Result<()> {
        w.write_all(self.to_text().as_bytes())
    }

    /// Feeds every event to a model, in order.
    pub fn replay(&self, observer: &mut dyn crate::Observer) {
        for e in &self.events {
            observer.on_event(e);
        }
    }

    /// The level of `pin` at the end of the trace (pins start low).
    pub fn final_level(&self, pin: u8) -> bool {
        self.events
            .iter()
            .rev()
            .find_map(|e| match e.kind {
                EventKind::Gpio { pin: p, high } if p == pin => Some(high),
                _ => None,
            })
            .unwrap_or(false)
    }
}
