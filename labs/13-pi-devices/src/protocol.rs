//! The commands: what one request line means, and what a reply line says (you write the parsers).
//!
//! The servers hand you one line at a time, already cut out of the TCP byte stream and
//! without its `\n` (the framing is given: `given/lines.rs`). Your parsers decide what the
//! line asks for; the given server turns your answer into a reply line.
//!
//! | server | request line | reply line |
//! |---|---|---|
//! | led | `on` / `off` | `OK led on` / `OK led off` |
//! | relay | `1`..`8` (odd = on, even = off; relay = (n+1)/2) | `OK relay 1 on` |
//! | lcd | any text: shown on line 1, padded/truncated to 16 | `OK` |
//! | climate | (on connect) or `read` | `RH=45.2` then `Temp=23.1` |
//!
//! Anything else gets `ERR unknown command: …`; a sensor failure gets `ERR sensor: …`.

use std::fmt;

use crate::lcd::LCD_WIDTH;
use crate::sht31::Reading;

/// A request the parser refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError(pub String);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown command: {}", self.0)
    }
}

impl std::error::Error for ParseError {}

// ANCHOR: parse_led
/// `on` → true, `off` → false (surrounding whitespace ignored, case-insensitive).
pub fn parse_led(line: &str) -> Result<bool, ParseError> {
    // ANCHOR_END: parse_led
    // BEGIN SOLUTION
    match line.trim().to_ascii_lowercase().as_str() {
        "on" => Ok(true),
        "off" => Ok(false),
        _ => Err(ParseError(line.trim().to_string())),
    }
    // END SOLUTION
}

// ANCHOR: parse_relay
/// The seed's menu numbers: `1` relay 1 on, `2` relay 1 off, ..., `8` relay 4 off.
/// Returns (relay 1..=4, on).
pub fn parse_relay(line: &str) -> Result<(u8, bool), ParseError> {
    // ANCHOR_END: parse_relay
    // BEGIN SOLUTION
    let t = line.trim();
    match t.parse::<u8>() {
        Ok(n @ 1..=8) if t.bytes().all(|b| b.is_ascii_digit()) => Ok((n.div_ceil(2), n % 2 == 1)),
        _ => Err(ParseError(t.to_string())),
    }
    // END SOLUTION
}

// ANCHOR: lcd_text
/// The 16 columns the LCD shows for `text`: control characters and non-ASCII become `?`,
/// cut at 16 characters, padded with spaces to exactly 16.
pub fn lcd_text(text: &str) -> String {
    // ANCHOR_END: lcd_text
    // BEGIN SOLUTION
    let mut s: String = text
        .chars()
        .take(LCD_WIDTH)
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() {
                c
            } else {
                '?'
            }
        })
        .collect();
    while s.len() < LCD_WIDTH {
        s.push(' ');
    }
    s
    // END SOLUTION
}

// ANCHOR: lcd_request
/// The one request line the `lcd` client sends for `words`: joined by single spaces, with
/// every CR or LF inside turned into a space (a newline would end the request early, and
/// the rest would arrive as a second request).
pub fn lcd_request(words: &[String]) -> String {
    // ANCHOR_END: lcd_request
    // BEGIN SOLUTION
    words.join(" ").replace(['\r', '\n'], " ")
    // END SOLUTION
}

/// One line of the climate server's reply.
#[derive(Clone, Debug, PartialEq)]
pub enum ClimateLine {
    /// `RH=45.2`
    Humidity(f64),
    /// `Temp=23.1`
    Temperature(f64),
    /// `ERR …`: the text after `ERR `.
    Error(String),
}

// ANCHOR: parse_climate_line
/// Parses `RH=<number>`, `Temp=<number>` or `ERR <text>`; anything else (or a number that
/// is not finite) is an error.
pub fn parse_climate_line(line: &str) -> Result<ClimateLine, ParseError> {
    // ANCHOR_END: parse_climate_line
    // BEGIN SOLUTION
    let t = line.trim();
    let num = |v: &str| {
        v.trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| ParseError(t.to_string()))
    };
    if let Some(v) = t.strip_prefix("RH=") {
        Ok(ClimateLine::Humidity(num(v)?))
    } else if let Some(v) = t.strip_prefix("Temp=") {
        Ok(ClimateLine::Temperature(num(v)?))
    } else if let Some(e) = t.strip_prefix("ERR") {
        Ok(ClimateLine::Error(e.trim().to_string()))
    } else {
        Err(ParseError(t.to_string()))
    }
    // END SOLUTION
}

/// The climate reply for a reading: `RH=45.2\nTemp=23.1` (one decimal; no final newline).
pub fn format_reading(r: &Reading) -> String {
    format!("RH={:.1}\nTemp={:.1}", r.humidity, r.temperature)
}
