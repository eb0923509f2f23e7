//! The SHT31: `climate-server` must report the simulated sensor's values (hot enough to
//! catch a signed conversion, cold enough to go negative) and turn a CRC fault or a NACK
//! into an `ERR` line; the `climate` client must read lines, not single `recv`s.

use hw_mock::sht31::{
    SHT31_ADDR, humidity_to_raw, raw_to_humidity, raw_to_temperature, temperature_to_raw,
};
use hw_mock::{EventKind, Trace};

use super::line_client::LineClient;
use super::stand_in::{printed, run_client};
use super::trace::{TraceFile, start};
use crate::check::{Context, Ctx, Failure};
use crate::labs::common::expect_failed_with;
use crate::peers::{device_line, loopback};
use crate::random::Rng;
use crate::{ensure, fail};

/// The value hw-mock's SHT31 reports for a set temperature / humidity (after its raw rounding).
pub(super) fn model_values(celsius: f64, rh: f64) -> (f64, f64) {
    (
        raw_to_temperature(temperature_to_raw(celsius)),
        raw_to_humidity(humidity_to_raw(rh)),
    )
}

/// Reads one climate reply (the `RH=` and `Temp=` lines) and returns (RH, Temp).
pub(super) fn read_climate(client: &mut LineClient, what: &str) -> Result<(f64, f64), Failure> {
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
pub(super) fn climate_values(ctx: &Ctx, celsius: f64, rh: f64) -> Result<(), Failure> {
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
pub(super) fn sensor_reads(trace: &Trace) -> usize {
    trace
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::I2cRead { addr, .. } if addr == SHT31_ADDR))
        .count()
}

/// A temperature in tenths of a degree between `lo` and `hi`, and a humidity, both drawn
/// from this run's seed.
pub(super) fn random_climate(ctx: &Ctx, lo: i64, hi: i64) -> (f64, f64) {
    let mut rng = Rng::for_check(&ctx.check.id());
    let tenths = lo + rng.below((hi - lo + 1) as u64) as i64;
    (tenths as f64 / 10.0, rng.range(0, 1000) as f64 / 10.0)
}

pub(super) fn climate_hot(ctx: &Ctx) -> Result<(), Failure> {
    // Above 42.5 C the raw reading has its top bit set: a signed conversion goes wrong.
    let (celsius, rh) = random_climate(ctx, 450, 850);
    climate_values(ctx, celsius, rh)
}

pub(super) fn climate_cold(ctx: &Ctx) -> Result<(), Failure> {
    let (celsius, rh) = random_climate(ctx, -400, -10);
    climate_values(ctx, celsius, rh)
}

pub(super) fn climate_crc_fault(ctx: &Ctx) -> Result<(), Failure> {
    // Both CRC bytes bad, then only one of them (this run's pick): a check that refuses a
    // reading only when both are wrong passes the first and fails the second.
    let one = ["crc-temp", "crc-humidity"][Rng::for_check(&ctx.check.id()).below(2) as usize];
    for fault in ["crc", one, "nack"] {
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
        if fault.starts_with("crc") {
            let reads = sensor_reads(&trace.read()?);
            ensure!(
                reads >= 2,
                "with bad CRC bytes the server should still read the sensor; the trace has {reads} read(s)"
            );
        }
    }
    Ok(())
}

pub(super) fn client_climate_split(ctx: &Ctx) -> Result<(), Failure> {
    let peer = device_line::climate(loopback(), &ctx.log, device_line::CLIMATE_SPLIT)
        .context("start the climate stand-in")?;
    let finished = run_client(ctx, "climate", peer.port(), &[])?;
    printed(&finished, "%RH = 45.5")?;
    printed(&finished, "Temp = -20.0")
}

pub(super) fn client_climate_error(ctx: &Ctx) -> Result<(), Failure> {
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
