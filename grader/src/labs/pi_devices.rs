//! Checks of lab 13, pi-devices: the student's four device servers on the simulated backend,
//! driven by the grader's own line client, judged by replaying the trace each server writes
//! (`--trace FILE`) through hw-mock's models (LED, relay board, HD44780, SHT31); and the
//! student's four clients against the grader's device stand-ins.
//!
//! A server flushes its trace before it sends each reply, so a reply is the signal that the
//! trace holds everything the request did: no check sleeps or polls the file.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use hw_mock::sht31::{
    SHT31_ADDR, humidity_to_raw, raw_to_humidity, raw_to_temperature, temperature_to_raw,
};
use hw_mock::{EventKind, Hd44780, LcdPins, Led, RelayBoard, Trace};

use super::Lab;
use super::common::{PROMPT, connect, expect_failed_with, expect_success, expect_usage_error};
use crate::check::{Check, Context, Ctx, Failure, Process};
use crate::harness::Finished;
use crate::peers::lines::{Lines, NoLine};
use crate::peers::{Wire, device_line, loopback};
use crate::random::Rng;
use crate::snapshot::Filter;
use crate::{ensure, fail};

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
        led_level,
    ),
    Check::new(
        LAB_NAME,
        "relay-states",
        2,
        "the menu numbers 1 to 8 in this run's order to relay-server: after each reply the relays on BCM 4, 18, 22, 24 are right",
        "n odd = on, n even = off, relay (n+1)/2; relay k drives RELAY_PINS[k-1], active high",
        relay_states,
    ),
    Check::new(
        LAB_NAME,
        "lcd-text",
        3,
        "lcd-server: the replayed HD44780 shows each of this run's texts on line 1, padded or cut to 16 columns, Thai as `?` (line 2 stays blank)",
        "init, then per line: cursor to 0x80, write the 16 padded characters; high nibble first, EN falls to latch",
        lcd_text,
    ),
    Check::new(
        LAB_NAME,
        "lcd-timing",
        2,
        "lcd-server's init and writes break no HD44780 timing or protocol rule (hw-mock's model)",
        "40 ms before the first nibble, 0x3 0x3 0x3 0x2 with their waits, 0x28 first, EN pulses >= 450 ns, 37 us per byte, 1.52 ms per clear",
        lcd_timing,
    ),
    Check::new(
        LAB_NAME,
        "climate-hot",
        2,
        "climate-server with the SHT31 at this run's 45 to 85 C and humidity replies those values (to one decimal)",
        "the raw values are unsigned 16-bit: T = -45 + 175 * raw / 65535 with raw as u16, not i16",
        climate_hot,
    ),
    Check::new(
        LAB_NAME,
        "climate-cold",
        2,
        "climate-server with the SHT31 at this run's -40 to -1 C and humidity replies those values (to one decimal)",
        "temperature MSB, LSB are bytes 0 and 1, humidity bytes 3 and 4; RH = 100 * raw / 65535",
        climate_cold,
    ),
    Check::new(
        LAB_NAME,
        "climate-crc-fault",
        2,
        "a sensor with bad CRC bytes (or one that NACKs) gives an `ERR` line, never a number",
        "compute crc8 over each pair of data bytes and compare with the byte after it",
        climate_crc_fault,
    ),
    Check::new(
        LAB_NAME,
        "bad-commands",
        2,
        "garbage, an oversize line (also one with no newline at all) and non-UTF-8 get `ERR` lines; the server keeps serving",
        "answer a bad line with `ERR …` and go on reading; never unwrap a client's input",
        bad_commands,
    ),
    Check::new(
        LAB_NAME,
        "line-protocol",
        2,
        "CRLF, pipelined lines, ` ON ` and `Off`, and a last line without newline before a half-close all count",
        "read lines with a BufReader; at end of stream, a non-empty partial line is a request",
        line_protocol,
    ),
    Check::new(
        LAB_NAME,
        "client-led",
        1,
        "`led on` / `led off` send exactly the line `on` / `off` and print the reply",
        "write `on\\n`, shut down the sending side, read one reply line",
        client_led,
    ),
    Check::new(
        LAB_NAME,
        "client-relay",
        1,
        "`relay N` and the menu (a choice on stdin), numbers drawn per run, send exactly the number as a line",
        "send the choice as a line, e.g. `3\\n`; after the menu, read the choice from stdin",
        client_relay,
    ),
    Check::new(
        LAB_NAME,
        "client-lcd",
        1,
        "`lcd WORD WORD WORD` (this run's words) sends the words joined by spaces as one line",
        "join the arguments with spaces and send them as one line",
        client_lcd,
    ),
    Check::new(
        LAB_NAME,
        "client-climate-split",
        2,
        "the climate reply arrives in pieces (`RH=4`, `5.5\\nTem`, `p=-20.0\\n`): the client prints both values",
        "TCP is a byte stream: read lines (BufReader::read_line) until you have RH and Temp",
        client_climate_split,
    ).waits_ms(80),
    Check::new(
        LAB_NAME,
        "client-climate-error",
        1,
        "a server answering `ERR sensor: CRC mismatch`: one stderr line, exit 1, no values printed",
        "an `ERR` line is an error to report, not a number to parse",
        client_climate_error,
    ),
    Check::new(
        LAB_NAME,
        "server-output",
        1,
        "lcd-server's first line and `Data:` lines match the expected output, and the replayed LCD shows each text",
        "print `Starting up LCD server on HOST port PORT` first, and `Data: LINE` per request",
        server_output,
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

/// A trace file in the system's temp directory, removed when dropped.
struct TraceFile {
    path: PathBuf,
}

impl TraceFile {
    fn new(ctx: &Ctx) -> TraceFile {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "netlabs-pi-{}-{}-{}.trace",
            std::process::id(),
            ctx.check.name,
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        TraceFile {
            path: std::env::temp_dir().join(name),
        }
    }

    fn arg(&self) -> String {
        self.path.to_string_lossy().into_owned()
    }

    /// The trace as the server has written it so far.
    fn read(&self) -> Result<Trace, Failure> {
        let text = std::fs::read_to_string(&self.path).map_err(|e| {
            Failure::new(format!(
                "the server was started with `--trace {}` but it cannot be read: {e}",
                self.arg()
            ))
        })?;
        Trace::parse(&text)
            .map_err(|e| Failure::new(format!("the server's trace file is not a valid trace: {e}")))
    }
}

impl Drop for TraceFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Starts `program` on the simulated hardware, writing its trace to `trace`.
fn start<'a>(
    ctx: &'a Ctx,
    program: &str,
    trace: &TraceFile,
    extra: &[&str],
) -> Result<(Process<'a>, SocketAddr), Failure> {
    let path = trace.arg();
    let mut args = vec!["--backend", "sim", "--trace", path.as_str(), "--port", "0"];
    args.extend_from_slice(extra);
    ctx.start_server(program, &args)
}

/// The grader's line client: sends request lines, reads reply lines.
struct LineClient {
    wire: Wire,
    lines: Lines,
}

impl LineClient {
    fn connect(ctx: &Ctx, addr: SocketAddr) -> Result<LineClient, Failure> {
        let wire = connect(ctx, addr)?;
        let _ = wire.stream().set_nodelay(true);
        Ok(LineClient {
            wire,
            lines: Lines::new(MAX_REPLY),
        })
    }

    fn send(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        self.wire.write_all(bytes).context("send to the server")
    }

    /// The next line from the server, without `\n` / `\r\n`. `what` names what it answers.
    fn line(&mut self, what: &str) -> Result<String, Failure> {
        match self.lines.next(&mut self.wire) {
            Ok(line) => Ok(String::from_utf8_lossy(&line)
                .trim_end_matches(['\n', '\r'])
                .to_string()),
            Err(NoLine::TooLong) => {
                fail!("the answer to {what} went on for {MAX_REPLY} bytes without a newline")
            }
            Err(NoLine::Eof) => {
                fail!("the server closed the connection instead of answering {what}")
            }
            Err(NoLine::Timeout) => {
                fail!("no reply line to {what} within {} s", PROMPT.as_secs())
            }
            Err(NoLine::Reset(e)) => fail!("no reply line to {what}: {e}"),
        }
    }

    /// Sends `request` and a newline, returns the reply line.
    fn request(&mut self, request: &str) -> Result<String, Failure> {
        self.send(format!("{request}\n").as_bytes())?;
        self.line(&format!("{request:?}"))
    }

    /// Sends `request` and expects exactly the reply `want`.
    fn expect(&mut self, request: &str, want: &str) -> Result<(), Failure> {
        let reply = self.request(request)?;
        ensure!(
            reply == want,
            "the reply to {request:?} should be {want:?}, got {reply:?}"
        );
        Ok(())
    }

    /// Sends raw `bytes` (a whole line with its newline) and expects an `ERR …` reply.
    fn expect_err(&mut self, bytes: &[u8], what: &str) -> Result<(), Failure> {
        self.send(bytes)?;
        let reply = self.line(what)?;
        ensure!(
            reply.starts_with("ERR"),
            "the reply to {what} should be an `ERR …` line, got {reply:?}"
        );
        Ok(())
    }
}

/// The levels `pin` took, in order (only changes are in a trace).
fn levels(trace: &Trace, pin: u8) -> Vec<bool> {
    trace
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Gpio { pin: p, high } if p == pin => Some(high),
            _ => None,
        })
        .collect()
}

fn level_words(levels: &[bool]) -> String {
    if levels.is_empty() {
        return "no change at all".to_string();
    }
    levels
        .iter()
        .map(|&h| if h { "high" } else { "low" })
        .collect::<Vec<_>>()
        .join(", ")
}

fn onoff(states: &[bool]) -> String {
    let words: Vec<&str> = states
        .iter()
        .map(|&on| if on { "on" } else { "off" })
        .collect();
    format!("[{}]", words.join(", "))
}

fn led_level(ctx: &Ctx) -> Result<(), Failure> {
    let trace = TraceFile::new(ctx);
    let (_server, addr) = start(ctx, "led-server", &trace, &[])?;
    let mut client = LineClient::connect(ctx, addr)?;
    // on, off, on, … : this run's number of switches (3 to 6), so a canned trace fails.
    let count = Rng::for_check(&ctx.check.id()).range(3, 6) as usize;
    let want: Vec<bool> = (0..count).map(|i| i % 2 == 0).collect();
    for &on in &want {
        let command = if on { "on" } else { "off" };
        client.expect(command, &format!("OK led {command}"))?;
        let led = Led::from_trace(LED_PIN, &trace.read()?);
        ensure!(
            led.is_on() == on,
            "after {command:?} was answered, the trace has the LED on BCM {LED_PIN} {}",
            if led.is_on() {
                "on (high)"
            } else {
                "off (low)"
            }
        );
    }
    let seen = levels(&trace.read()?, LED_PIN);
    ensure!(
        seen == want,
        "BCM {LED_PIN} should go {} (once each), the trace has: {}",
        level_words(&want),
        level_words(&seen)
    );
    Ok(())
}

fn relay_states(ctx: &Ctx) -> Result<(), Failure> {
    let trace = TraceFile::new(ctx);
    let (_server, addr) = start(ctx, "relay-server", &trace, &[])?;
    let mut client = LineClient::connect(ctx, addr)?;
    // Every menu choice once (each relay on and off), in this run's order.
    let mut choices: Vec<u8> = (1..=8).collect();
    let mut rng = Rng::for_check(&ctx.check.id());
    for i in (1..choices.len()).rev() {
        choices.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let mut want = [false; 4];
    let mut sent = Vec::new();
    for choice in choices {
        let choice = choice.to_string();
        client.expect(&choice, &relay_reply(&choice))?;
        let n: usize = choice.parse().unwrap_or(1);
        want[(n - 1) / 2] = n % 2 == 1;
        sent.push(choice);
        let board = RelayBoard::from_trace(RELAY_PINS, &trace.read()?);
        ensure!(
            board.states() == want,
            "after {} the relays (BCM 4, 18, 22, 24) should be {}, the trace has {}",
            sent.join(","),
            onoff(&want),
            onoff(&board.states())
        );
    }
    Ok(())
}

/// What the LCD should show on line 1 for `text`: the HD44780's ROM has ASCII only, so
/// control characters and anything beyond ASCII (Thai, `�` for bad UTF-8) show as `?`;
/// cut or padded to 16 columns.
fn padded(text: &str) -> String {
    let shown: String = text
        .chars()
        .map(|c| match c {
            ' '..='~' => c,
            _ => '?',
        })
        .collect();
    format!("{shown:<16.16}")
}

/// Sends each text to a fresh lcd-server and checks the display after each reply; returns
/// the final model.
fn lcd_session(ctx: &Ctx, texts: &[&str], check_text: bool) -> Result<Hd44780, Failure> {
    let trace = TraceFile::new(ctx);
    let (_server, addr) = start(ctx, "lcd-server", &trace, &[])?;
    let mut client = LineClient::connect(ctx, addr)?;
    let mut lcd = Hd44780::from_trace(LCD_PINS, &trace.read()?);
    for text in texts {
        client.expect(text, "OK")?;
        lcd = Hd44780::from_trace(LCD_PINS, &trace.read()?);
        if !check_text {
            continue;
        }
        ensure!(
            lcd.display_on(),
            "after {text:?} the display is off: the display control instruction (0x0C) never took effect; {}",
            latched(&lcd)
        );
        ensure!(
            lcd.backlight(),
            "after {text:?} the backlight (BCM 4) is off"
        );
        let (want, shown) = (padded(text), lcd.line(0));
        ensure!(
            shown == want,
            "after {text:?} line 1 of the LCD should read {want:?}, the replayed display shows {shown:?}; {}",
            latched(&lcd)
        );
        let second = lcd.line(1);
        ensure!(
            second.trim().is_empty(),
            "after {text:?} line 2 of the LCD should be blank, it shows {second:?}"
        );
    }
    Ok(lcd)
}

/// The first bytes the controller latched, to show what it understood.
fn latched(lcd: &Hd44780) -> String {
    let bytes = lcd.instructions();
    if bytes.is_empty() {
        return "the controller latched nothing (it latches RS and D4-D7 when EN falls)"
            .to_string();
    }
    let first: Vec<String> = bytes
        .iter()
        .take(10)
        .map(|(_, rs, b)| {
            if *rs {
                format!("data 0x{b:02x}")
            } else {
                format!("0x{b:02x}")
            }
        })
        .collect();
    let more = if bytes.len() > 10 { ", …" } else { "" };
    format!("the controller latched {}{more}", first.join(", "))
}

fn lcd_text(ctx: &Ctx) -> Result<(), Failure> {
    // A long text first, then a shorter one (no leftovers), then one over 16 (cut), then
    // Thai; the words change every run, so a canned trace cannot match.
    let mut rng = Rng::for_check(&ctx.check.id());
    let texts = [
        rng.message(15),
        rng.message(3),
        rng.message(32),
        // Beyond ASCII: each Thai character is one `?` column.
        format!("สวัสดี {}", rng.words(1)),
    ];
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    lcd_session(ctx, &texts, true).map(drop)
}

fn lcd_timing(ctx: &Ctx) -> Result<(), Failure> {
    let lcd = lcd_session(ctx, &["Hello. I'm ETT.", "Timing"], false)?;
    if let Some(first) = lcd.violations().first() {
        fail!(
            "{} timing/protocol violation(s); the first: {first}",
            lcd.violations().len()
        );
    }
    // No violation is only a verdict if the controller saw the init and the writes.
    ensure!(
        lcd.initialised(),
        "the LCD never finished initialising (0x3, 0x3, 0x3, 0x2, then the function set 0x28); {}",
        latched(&lcd)
    );
    let data = lcd.instructions().iter().filter(|(_, rs, _)| *rs).count();
    ensure!(
        data >= 32,
        "two texts should write at least 32 characters, the LCD latched {data}"
    );
    Ok(())
}

/// The value hw-mock's SHT31 reports for a set temperature / humidity (after its raw rounding).
fn model_values(celsius: f64, rh: f64) -> (f64, f64) {
    (
        raw_to_temperature(temperature_to_raw(celsius)),
        raw_to_humidity(humidity_to_raw(rh)),
    )
}

/// Reads one climate reply (the `RH=` and `Temp=` lines) and returns (RH, Temp).
fn read_climate(client: &mut LineClient, what: &str) -> Result<(f64, f64), Failure> {
    let (mut rh, mut temp) = (None, None);
    for _ in 0..2 {
        let line = client.line(what)?;
        let number = |v: &str| {
            v.trim()
                .parse::<f64>()
                .map_err(|_| Failure::new(format!("{what}: {line:?} does not hold a number")))
        };
        if let Some(v) = line.strip_prefix("RH=") {
            rh = Some(number(v)?);
        } else if let Some(v) = line.strip_prefix("Temp=") {
            temp = Some(number(v)?);
        } else {
            fail!("{what}: expected `RH=…` and `Temp=…` lines, got {line:?}");
        }
    }
    match (rh, temp) {
        (Some(rh), Some(temp)) => Ok((rh, temp)),
        _ => fail!("{what}: expected one `RH=…` and one `Temp=…` line"),
    }
}

/// Runs climate-server with the sensor at `celsius`, `rh` and checks the greeting and the
/// reply to `read`.
fn climate_values(ctx: &Ctx, celsius: f64, rh: f64) -> Result<(), Failure> {
    let trace = TraceFile::new(ctx);
    let (t, h) = (celsius.to_string(), rh.to_string());
    let (_server, addr) = start(
        ctx,
        "climate-server",
        &trace,
        &["--sim-temp", &t, "--sim-humidity", &h],
    )?;
    let (want_t, want_h) = model_values(celsius, rh);
    let mut client = LineClient::connect(ctx, addr)?;
    for (i, what) in ["the reading sent on connect", "the reply to \"read\""]
        .into_iter()
        .enumerate()
    {
        if i == 1 {
            client.send(b"read\n")?;
        }
        let (got_h, got_t) = read_climate(&mut client, what)?;
        // One decimal: the printed value is within half a tenth of the model's.
        let close = |got: f64, want: f64| (got - want).abs() <= 0.05 + 1e-6;
        ensure!(
            close(got_t, want_t),
            "{what}: the sensor is at {want_t:.2} C, the server said Temp={got_t:.1}"
        );
        ensure!(
            close(got_h, want_h),
            "{what}: the sensor is at {want_h:.2} %RH, the server said RH={got_h:.1}"
        );
    }
    let reads = sensor_reads(&trace.read()?);
    ensure!(
        reads >= 2,
        "two readings were sent but the trace has {reads} read(s) from the SHT31 at 0x44"
    );
    Ok(())
}

/// How many reads from the SHT31's address the trace holds.
fn sensor_reads(trace: &Trace) -> usize {
    trace
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::I2cRead { addr, .. } if addr == SHT31_ADDR))
        .count()
}

/// A temperature in tenths of a degree between `lo` and `hi`, and a humidity, both drawn
/// from this run's seed.
fn random_climate(ctx: &Ctx, lo: i64, hi: i64) -> (f64, f64) {
    let mut rng = Rng::for_check(&ctx.check.id());
    let tenths = lo + rng.below((hi - lo + 1) as u64) as i64;
    (tenths as f64 / 10.0, rng.range(0, 1000) as f64 / 10.0)
}

fn climate_hot(ctx: &Ctx) -> Result<(), Failure> {
    // Above 42.5 C the raw reading has its top bit set: a signed conversion goes wrong.
    let (celsius, rh) = random_climate(ctx, 450, 850);
    climate_values(ctx, celsius, rh)
}

fn climate_cold(ctx: &Ctx) -> Result<(), Failure> {
    let (celsius, rh) = random_climate(ctx, -400, -10);
    climate_values(ctx, celsius, rh)
}

fn climate_crc_fault(ctx: &Ctx) -> Result<(), Failure> {
    for fault in ["crc", "nack"] {
        let trace = TraceFile::new(ctx);
        let (_server, addr) = start(ctx, "climate-server", &trace, &["--sim-fault", fault])?;
        let mut client = LineClient::connect(ctx, addr)?;
        let what = format!("the reading sent on connect (sensor fault {fault})");
        let greeting = client.line(&what)?;
        ensure!(
            greeting.starts_with("ERR"),
            "{what} should be an `ERR …` line, got {greeting:?}"
        );
        client.send(b"read\n")?;
        let what = format!("\"read\" (sensor fault {fault})");
        let reply = client.line(&what)?;
        ensure!(
            reply.starts_with("ERR"),
            "the reply to {what} should be an `ERR …` line, got {reply:?}"
        );
        if fault == "crc" {
            let reads = sensor_reads(&trace.read()?);
            ensure!(
                reads >= 2,
                "with bad CRC bytes the server should still read the sensor; the trace has {reads} read(s)"
            );
        }
    }
    Ok(())
}

fn bad_commands(ctx: &Ctx) -> Result<(), Failure> {
    let trace = TraceFile::new(ctx);
    let (server, addr) = start(ctx, "led-server", &trace, &[])?;
    let mut client = LineClient::connect(ctx, addr)?;
    client.expect_err(b"blink\n", "the unknown command \"blink\"")?;
    let mut oversize = vec![b'x'; 4000];
    oversize.push(b'\n');
    client.expect_err(&oversize, "a 4000-byte line")?;
    client.expect_err(b"\xff\xfe o\xc3n\n", "a line that is not UTF-8")?;
    ensure!(
        levels(&trace.read()?, LED_PIN).is_empty(),
        "bad lines must not touch the LED, the trace has BCM {LED_PIN}: {}",
        level_words(&levels(&trace.read()?, LED_PIN))
    );
    client.expect("on", "OK led on")?;
    drop(client);
    let mut second = LineClient::connect(ctx, addr)?;
    second.expect("off", "OK led off")?;
    // Last on this connection: whatever follows is still part of that endless line.
    second.expect_err(
        &[b'x'; 2048],
        "2048 bytes without a newline (no newline will come: the limit must hold before it)",
    )?;
    ensure!(server.is_alive(), "the LED server exited after bad lines");

    let trace = TraceFile::new(ctx);
    let (server, addr) = start(ctx, "relay-server", &trace, &[])?;
    let mut client = LineClient::connect(ctx, addr)?;
    client.expect_err(b"9\n", "the menu number 9")?;
    client.expect_err(b"0\n", "the menu number 0")?;
    client.expect_err(b"1x\n", "\"1x\"")?;
    client.expect("1", "OK relay 1 on")?;
    let board = RelayBoard::from_trace(RELAY_PINS, &trace.read()?);
    ensure!(
        board.states() == [true, false, false, false],
        "after bad numbers and `1` the relays should be [on, off, off, off], the trace has {}",
        onoff(&board.states())
    );
    ensure!(server.is_alive(), "the relay server exited after bad lines");
    Ok(())
}

fn line_protocol(ctx: &Ctx) -> Result<(), Failure> {
    let trace = TraceFile::new(ctx);
    let (_server, addr) = start(ctx, "led-server", &trace, &[])?;
    let mut client = LineClient::connect(ctx, addr)?;
    // A line in two pieces, ended by CRLF.
    client.send(b"o")?;
    client.send(b"n\r\n")?;
    let reply = client.line("\"on\\r\\n\" sent in two pieces")?;
    ensure!(
        reply == "OK led on",
        "the reply to \"on\\r\\n\" (in two pieces) should be \"OK led on\", got {reply:?}"
    );
    // Three lines in one write: three replies, in order.
    client.send(b"off\non\noff\n")?;
    for want in ["OK led off", "OK led on", "OK led off"] {
        let reply = client.line("\"off\\non\\noff\\n\" sent in one write")?;
        ensure!(
            reply == want,
            "three pipelined lines: expected the reply {want:?}, got {reply:?}"
        );
    }
    drop(client);
    // The last line without a newline, then end of stream; case and spacing first.
    let mut client = LineClient::connect(ctx, addr)?;
    for (variant, want) in [(" ON \r\n", "OK led on"), ("Off\n", "OK led off")] {
        client.send(variant.as_bytes())?;
        let what = format!("{variant:?} (commands are trimmed and case-insensitive)");
        let reply = client.line(&what)?;
        ensure!(reply == want, "{what}: expected {want:?}, got {reply:?}");
    }
    client.send(b"on")?;
    client.wire.half_close().context("half-close")?;
    let reply = client.line("\"on\" without a newline, then a half-close")?;
    ensure!(
        reply == "OK led on",
        "the reply to \"on\" without a newline should be \"OK led on\", got {reply:?}"
    );
    let seen = levels(&trace.read()?, LED_PIN);
    ensure!(
        seen == [true, false, true, false, true, false, true],
        "BCM {LED_PIN} should go high, low, high, low, high, low, high; the trace has: {}",
        level_words(&seen)
    );
    Ok(())
}

/// Checks that the stand-in heard exactly `line` and a newline (CRLF accepted) as request
/// number `index`.
fn heard_line(
    heard: &device_line::Heard,
    index: usize,
    line: &str,
    program: &str,
) -> Result<(), Failure> {
    let requests = heard.requests();
    let Some(got) = requests.get(index) else {
        fail!("`{program}` never sent a request to the server");
    };
    let ok = got
        .strip_suffix(b"\n")
        .map(|g| g.strip_suffix(b"\r").unwrap_or(g))
        == Some(line.as_bytes());
    ensure!(
        ok,
        "`{program}` should send the line {:?}, the server received \"{}\"",
        format!("{line}\n"),
        got.escape_ascii()
    );
    Ok(())
}

fn run_client(ctx: &Ctx, program: &str, port: u16, args: &[&str]) -> Result<Finished, Failure> {
    let port = port.to_string();
    let mut all = vec!["--port", port.as_str()];
    all.extend_from_slice(args);
    ctx.run(program, &all, PROMPT)
}

/// Expects success and `text` in the client's stdout.
fn printed(finished: &Finished, text: &str) -> Result<(), Failure> {
    expect_success(finished)?;
    ensure!(
        finished.stdout_text().contains(text),
        "`{}` should print {text:?}; it printed: {:?}",
        finished.name,
        finished.stdout_text()
    );
    Ok(())
}

fn client_led(ctx: &Ctx) -> Result<(), Failure> {
    let (peer, heard) = device_line::recorder(loopback(), &ctx.log, |l| format!("OK led {l}"))
        .context("start the LED stand-in")?;
    for (i, command) in ["on", "off"].into_iter().enumerate() {
        let finished = run_client(ctx, "led", peer.port(), &[command])?;
        heard_line(&heard, i, command, &format!("led {command}"))?;
        printed(&finished, &format!("OK led {command}"))?;
    }
    Ok(())
}

/// The relay server's reply to a menu number.
fn relay_reply(line: &str) -> String {
    match line.trim().parse::<u8>() {
        Ok(n @ 1..=8) => format!(
            "OK relay {} {}",
            n.div_ceil(2),
            if n % 2 == 1 { "on" } else { "off" }
        ),
        _ => format!("ERR unknown command: {line}"),
    }
}

fn client_relay(ctx: &Ctx) -> Result<(), Failure> {
    let (peer, heard) = device_line::recorder(loopback(), &ctx.log, relay_reply)
        .context("start the relay stand-in")?;
    let mut rng = Rng::for_check(&ctx.check.id());
    let (first, second) = (rng.range(1, 8).to_string(), rng.range(1, 8).to_string());
    let finished = run_client(ctx, "relay", peer.port(), &[&first])?;
    heard_line(&heard, 0, &first, &format!("relay {first}"))?;
    printed(&finished, &relay_reply(&first))?;
    // The seed's menu: the choice comes from stdin.
    let port = peer.port().to_string();
    let mut menu = ctx.spawn_with_stdin("relay", &["--port", &port])?;
    menu.write_stdin(format!("{second}\n").as_bytes())?;
    menu.close_stdin();
    let finished = menu.finish(PROMPT)?;
    heard_line(
        &heard,
        1,
        &second,
        &format!("relay (menu, choice {second})"),
    )?;
    printed(&finished, &relay_reply(&second))
}

fn client_lcd(ctx: &Ctx) -> Result<(), Failure> {
    let (peer, heard) = device_line::recorder(loopback(), &ctx.log, |_| "OK".to_string())
        .context("start the LCD stand-in")?;
    let text = Rng::for_check(&ctx.check.id()).words(3);
    let words: Vec<&str> = text.split(' ').collect();
    let finished = run_client(ctx, "lcd", peer.port(), &words)?;
    heard_line(&heard, 0, &text, &format!("lcd {text}"))?;
    expect_success(&finished)
}

fn client_climate_split(ctx: &Ctx) -> Result<(), Failure> {
    let peer = device_line::climate(loopback(), &ctx.log, device_line::CLIMATE_SPLIT)
        .context("start the climate stand-in")?;
    let finished = run_client(ctx, "climate", peer.port(), &[])?;
    printed(&finished, "%RH = 45.5")?;
    printed(&finished, "Temp = -20.0")
}

fn client_climate_error(ctx: &Ctx) -> Result<(), Failure> {
    let peer = device_line::climate(loopback(), &ctx.log, device_line::CLIMATE_CRC_ERROR)
        .context("start the climate stand-in")?;
    let finished = run_client(ctx, "climate", peer.port(), &[])?;
    expect_failed_with(
        &finished,
        "climate (the server answers ERR sensor: CRC mismatch)",
        "CRC mismatch",
    )?;
    let stdout = finished.stdout_text();
    ensure!(
        !stdout.contains("Temp =") && !stdout.contains("%RH ="),
        "after an `ERR` line the client should print no values; it printed {stdout:?}"
    );
    Ok(())
}

fn server_output(ctx: &Ctx) -> Result<(), Failure> {
    let trace = TraceFile::new(ctx);
    let (server, addr) = start(ctx, "lcd-server", &trace, &[])?;
    let mut rng = Rng::for_check(&ctx.check.id());
    let texts = [rng.message(15), rng.message(11)];
    let mut client = LineClient::connect(ctx, addr)?;
    for text in &texts {
        client.expect(text, "OK")?;
        // The printed line must be what the display shows: the trace proves the work.
        let shown = Hd44780::from_trace(LCD_PINS, &trace.read()?).line(0);
        ensure!(
            shown == padded(text),
            "after {text:?} was answered OK the LCD shows {shown:?}: the server must drive the display, not only print"
        );
    }
    drop(client);
    let output = server.stop().stdout_text();
    // The first line and the requests; the device view is judged from the trace instead.
    let selected: Vec<&str> = output
        .lines()
        .enumerate()
        .filter(|(i, l)| *i == 0 || l.starts_with("Data:"))
        .map(|(_, l)| l)
        .collect();
    let filters = [
        Filter::literal(&format!("Data: {}\n", texts[0]), "Data: [TEXT 1]\n"),
        Filter::new(
            &format!("Data: {}$", regex::escape(&texts[1])),
            "Data: [TEXT 2]",
        ),
    ];
    ctx.snapshot("server-output", &selected.join("\n"), &filters)
}

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
