//! The HD44780 LCD: the replayed display must show this run's texts, with no timing or
//! protocol violation in hw-mock's model; the `lcd` client joins its words into one line.

use hw_mock::Hd44780;

use super::LCD_PINS;
use super::line_client::LineClient;
use super::stand_in::{heard_line, run_client};
use super::trace::{TraceFile, start};
use crate::check::{Context, Ctx, Failure};
use crate::labs::common::expect_success;
use crate::peers::{device_line, loopback};
use crate::random::Rng;
use crate::snapshot::Filter;
use crate::{ensure, fail};

/// What the LCD should show on line 1 for `text`: the HD44780's ROM has ASCII only, so
/// control characters and anything beyond ASCII (Thai, `�` for bad UTF-8) show as `?`;
/// cut or padded to 16 columns.
pub(super) fn padded(text: &str) -> String {
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
pub(super) fn lcd_session(ctx: &Ctx, texts: &[&str], check_text: bool) -> Result<Hd44780, Failure> {
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
pub(super) fn latched(lcd: &Hd44780) -> String {
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

pub(super) fn lcd_text(ctx: &Ctx) -> Result<(), Failure> {
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

pub(super) fn lcd_timing(ctx: &Ctx) -> Result<(), Failure> {
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

pub(super) fn server_output(ctx: &Ctx) -> Result<(), Failure> {
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

pub(super) fn client_lcd(ctx: &Ctx) -> Result<(), Failure> {
    let (peer, heard) = device_line::recorder(loopback(), &ctx.log, |_| "OK".to_string())
        .context("start the LCD stand-in")?;
    let text = Rng::for_check(&ctx.check.id()).words(3);
    let words: Vec<&str> = text.split(' ').collect();
    let finished = run_client(ctx, "lcd", peer.port(), &words)?;
    heard_line(&heard, 0, &text, &format!("lcd {text}"))?;
    expect_success(&finished)
}
