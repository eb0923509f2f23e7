//! The LED: `led-server` drives BCM 13, and the `led` client sends `on` / `off`.

use hw_mock::Led;

use super::LED_PIN;
use super::line_client::LineClient;
use super::stand_in::{heard_line, printed, run_client};
use super::trace::{TraceFile, level_words, levels, start};
use crate::check::{Context, Ctx, Failure};
use crate::ensure;
use crate::peers::{device_line, loopback};
use crate::random::Rng;

pub(super) fn led_level(ctx: &Ctx) -> Result<(), Failure> {
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

pub(super) fn client_led(ctx: &Ctx) -> Result<(), Failure> {
    let (peer, heard) = device_line::recorder(loopback(), &ctx.log, |l| format!("OK led {l}"))
        .context("start the LED stand-in")?;
    for (i, command) in ["on", "off"].into_iter().enumerate() {
        let finished = run_client(ctx, "led", peer.port(), &[command])?;
        heard_line(&heard, i, command, &format!("led {command}"))?;
        printed(&finished, &format!("OK led {command}"))?;
    }
    Ok(())
}
