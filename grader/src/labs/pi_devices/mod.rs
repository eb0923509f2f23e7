//! Checks of lab 13, pi-devices: the student's four device servers on the simulated backend,
//! driven by the grader's own line client, judged by replaying the trace each server writes
//! (`--trace FILE`) through hw-mock's models (LED, relay board, HD44780, SHT31); and the
//! student's four clients against the grader's device stand-ins.
//!
//! One file per device (`led`, `relay`, `lcd`, `climate`: its server's checks and its
//! client's), `lines` for the line protocol the servers share; the plumbing under them is
//! `trace` (the trace file, starting a server), `line_client` (the grader's client) and
//! `stand_in` (running the student's clients). This file holds the list of checks.

use hw_mock::LcdPins;

use super::Lab;
use super::common::expect_usage_error;
use crate::check::{Check, Ctx, Failure};

mod climate;
mod lcd;
mod led;
mod line_client;
mod lines;
mod relay;
mod stand_in;
mod trace;

const LAB_NAME: &str = "pi-devices";

pub const LAB: Lab = Lab {
    package: "pi-devices",
    folder: "13-pi-devices",
    programs: &[
        "led-server",
        "relay-server",
        "lcd-server",
        "climate-server",
        "led",
        "relay",
        "lcd",
        "climate",
    ],
    checks: CHECKS,
};

/// BCM pin of the LED.
const LED_PIN: u8 = 13;
/// BCM pins of relays 1..=4.
const RELAY_PINS: [u8; 4] = [4, 18, 22, 24];
/// The LCD HAT's wiring.
const LCD_PINS: LcdPins = LcdPins::ET_LCD_SW_HAT;
/// The longest reply line the grader's client reads.
const MAX_REPLY: usize = 4096;

const CHECKS: &[Check] = &[
    Check::new(
        LAB_NAME,
        "led-level",
        2,
        "`on`, `off`, `on`, … (3 to 6, per run) to led-server: BCM 13 goes high, low, high, …, once each, before each reply",
        "set the LED pin's level with set_state, then reply `OK led on|off`",
        led::led_level,
    ),
    Check::new(
        LAB_NAME,
        "relay-states",
        2,
        "the menu numbers 1 to 8 in this run's order to relay-server: after each reply the relays on BCM 4, 18, 22, 24 are right",
        "n odd = on, n even = off, relay (n+1)/2; relay k drives RELAY_PINS[k-1], active high",
        relay::relay_states,
    ),
    Check::new(
        LAB_NAME,
        "lcd-text",
        3,
        "lcd-server: the replayed HD44780 shows each of this run's texts on line 1, padded or cut to 16 columns, Thai as `?` (line 2 stays blank)",
        "init, then per line: cursor to 0x80, write the 16 padded characters; high nibble first, EN falls to latch",
        lcd::lcd_text,
    ),
    Check::new(
        LAB_NAME,
        "lcd-timing",
        2,
        "lcd-server's init and writes break no HD44780 timing or protocol rule (hw-mock's model)",
        "40 ms before the first nibble, 0x3 0x3 0x3 0x2 with their waits, 0x28 first, EN pulses >= 450 ns, 37 us per byte, 1.52 ms per clear",
        lcd::lcd_timing,
    ),
    Check::new(
        LAB_NAME,
        "climate-hot",
        2,
        "climate-server with the SHT31 at this run's 45 to 85 C and humidity replies those values (to one decimal)",
        "the raw values are unsigned 16-bit: T = -45 + 175 * raw / 65535 with raw as u16, not i16",
        climate::climate_hot,
    ),
    Check::new(
        LAB_NAME,
        "climate-cold",
        2,
        "climate-server with the SHT31 at this run's -40 to -1 C and humidity replies those values (to one decimal)",
        "temperature MSB, LSB are bytes 0 and 1, humidity bytes 3 and 4; RH = 100 * raw / 65535",
        climate::climate_cold,
    ),
    Check::new(
        LAB_NAME,
        "climate-crc-fault",
        2,
        "a sensor with bad CRC bytes (or one that NACKs) gives an `ERR` line, never a number",
        "compute crc8 over each pair of data bytes and compare with the byte after it",
        climate::climate_crc_fault,
    ),
    Check::new(
        LAB_NAME,
        "bad-commands",
        2,
        "garbage, an oversize line (also one with no newline at all) and non-UTF-8 get `ERR` lines; the server keeps serving",
        "answer a bad line with `ERR …` and go on reading; never unwrap a client's input",
        lines::bad_commands,
    ),
    Check::new(
        LAB_NAME,
        "line-protocol",
        2,
        "CRLF, pipelined lines, ` ON ` and `Off`, and a last line without newline before a half-close all count",
        "read lines with a BufReader; at end of stream, a non-empty partial line is a request",
        lines::line_protocol,
    ),
    Check::new(
        LAB_NAME,
        "client-led",
        1,
        "`led on` / `led off` send exactly the line `on` / `off` and print the reply",
        "write `on\\n`, shut down the sending side, read one reply line",
        led::client_led,
    ),
    Check::new(
        LAB_NAME,
        "client-relay",
        1,
        "`relay N` and the menu (a choice on stdin), numbers drawn per run, send exactly the number as a line",
        "send the choice as a line, e.g. `3\\n`; after the menu, read the choice from stdin",
        relay::client_relay,
    ),
    Check::new(
        LAB_NAME,
        "client-lcd",
        1,
        "`lcd WORD WORD WORD` (this run's words) sends the words joined by spaces as one line",
        "join the arguments with spaces and send them as one line",
        lcd::client_lcd,
    ),
    Check::new(
        LAB_NAME,
        "client-climate-split",
        2,
        "the climate reply arrives in pieces (`RH=4`, `5.5\\nTem`, `p=-20.0\\n`): the client prints both values",
        "TCP is a byte stream: read lines (BufReader::read_line) until you have RH and Temp",
        climate::client_climate_split,
    ).waits_ms(80),
    Check::new(
        LAB_NAME,
        "client-climate-error",
        1,
        "a server answering `ERR sensor: CRC mismatch`: one stderr line, exit 1, no values printed",
        "an `ERR` line is an error to report, not a number to parse",
        climate::client_climate_error,
    ),
    Check::new(
        LAB_NAME,
        "server-output",
        1,
        "lcd-server's first line and `Data:` lines match the expected output, and the replayed LCD shows each text",
        "print `Starting up LCD server on HOST port PORT` first, and `Data: LINE` per request",
        lcd::server_output,
    ),
    Check::new(
        LAB_NAME,
        "bad-input",
        1,
        "bad choices, commands, ports and sensor values are usage errors (exit 2)",
        "validate arguments before connecting or binding; exit 2 with a message on stderr",
        bad_input,
    ),
];

fn bad_input(ctx: &Ctx) -> Result<(), Failure> {
    expect_usage_error(ctx, "relay", &["9"])?;
    expect_usage_error(ctx, "led", &["blink"])?;
    expect_usage_error(ctx, "led-server", &["--backend", "sim", "--port", "70000"])?;
    expect_usage_error(
        ctx,
        "climate-server",
        &["--backend", "sim", "--port", "0", "--sim-temp", "200"],
    )?;
    Ok(())
}
