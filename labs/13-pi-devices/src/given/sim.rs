//! The `sim` backend: hw-mock's simulated Pi, on any PC.
//!
//! Each builder claims the seed's pins on hw-mock's GPIO bank, builds the driver on them
//! and wraps it in its handler. It also attaches hw-mock's model of the board to the pin
//! events, prints the model's view when it changes, and (with `--trace FILE`) appends every
//! new pin/bus/delay event to the trace file after each request, flushed, before the reply
//! is sent: when a client has its reply, the trace already holds what the request did.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use hw_mock::{
    GpioBank, Hd44780, LcdPins, Led, Recorder, RelayBoard, Sht31, Sht31Fault, SimDelay, SimI2c,
    SimPin, view,
};

use super::board::{Board, LED_PIN, RELAY_PINS, lcd_on, relay_pins};
use super::devices::{ClimateHandler, LcdHandler, LedHandler, RelayHandler};
use super::server::{Handler, Shared};
use crate::sht31::SHT31_ADDR;

/// hw-mock's GPIO bank as a board.
pub struct SimBoard {
    /// The simulated pins.
    pub bank: GpioBank,
    rec: Recorder,
}

impl SimBoard {
    /// A board whose pin changes and delays go to `rec`.
    pub fn new(rec: &Recorder) -> SimBoard {
        SimBoard {
            bank: GpioBank::new(rec),
            rec: rec.clone(),
        }
    }
}

impl Board for SimBoard {
    type Pin = SimPin;
    type Delay = SimDelay;

    fn output(&self, bcm: u8) -> Result<SimPin, String> {
        self.bank.claim(bcm).map_err(|e| e.to_string())
    }

    fn delay(&self) -> SimDelay {
        SimDelay::new(&self.rec)
    }
}

/// Settings of the simulated hardware.
#[derive(Clone, Debug, Default)]
pub struct SimConfig {
    /// Write the trace here.
    pub trace: Option<PathBuf>,
    /// SHT31 temperature, °C.
    pub temperature: f64,
    /// SHT31 humidity, %RH.
    pub humidity: f64,
    /// SHT31 fault to inject.
    pub fault: Option<Sht31Fault>,
    /// Print the device view on change.
    pub show: bool,
}

/// Appends new trace events to a file.
pub struct TraceFile {
    w: BufWriter<File>,
    written: usize,
}

impl TraceFile {
    /// Creates (truncates) `path` and writes the header.
    pub fn create(path: &Path) -> io::Result<TraceFile> {
        let mut w = BufWriter::new(File::create(path)?);
        writeln!(w, "{}", hw_mock::trace::HEADER)?;
        w.flush()?;
        Ok(TraceFile { w, written: 0 })
    }

    /// Writes the events recorded since the last call and flushes.
    pub fn sync(&mut self, rec: &Recorder) -> io::Result<()> {
        let new = rec.events_since(self.written);
        for e in &new {
            writeln!(self.w, "{e}")?;
        }
        self.written += new.len();
        self.w.flush()
    }
}

/// A device handler with its view: after each request (and once at start-up) the trace file
/// gets the new events and the view is printed if it changed.
struct Watched<H> {
    device: H,
    rec: Recorder,
    trace: Option<TraceFile>,
    render: Box<dyn Fn() -> String + Send>,
    last: Option<String>,
    show: bool,
}

impl<H: Handler> Handler for Watched<H> {
    fn on_connect(&mut self) -> Option<String> {
        let greeting = self.device.on_connect();
        self.refresh();
        greeting
    }

    fn handle(&mut self, line: &str) -> Option<String> {
        let reply = self.device.handle(line);
        self.refresh();
        reply
    }

    fn refresh(&mut self) {
        if let Some(t) = &mut self.trace {
            if let Err(e) = t.sync(&self.rec) {
                eprintln!("trace: {e}");
                self.trace = None;
            }
        }
        if !self.show {
            return;
        }
        let now = (self.render)();
        if self.last.as_ref() != Some(&now) {
            let _ = writeln!(io::stdout(), "{now}");
            self.last = Some(now);
        }
    }
}

fn locked<T: Clone>(m: &Mutex<T>) -> T {
    m.lock().unwrap_or_else(PoisonError::into_inner).clone()
}

/// `device` on the simulated board whose events go to `rec`, shown by `render`.
fn watched<H: Handler + 'static>(
    device: H,
    rec: &Recorder,
    cfg: &SimConfig,
    render: Box<dyn Fn() -> String + Send>,
) -> Result<Shared, String> {
    let trace = match &cfg.trace {
        Some(p) => {
            Some(TraceFile::create(p).map_err(|e| format!("trace file {}: {e}", p.display()))?)
        }
        None => None,
    };
    Ok(Arc::new(Mutex::new(Watched {
        device,
        rec: rec.clone(),
        trace,
        render,
        last: None,
        show: cfg.show,
    })))
}

/// The LED server on simulated hardware.
pub fn led(cfg: &SimConfig) -> Result<Shared, String> {
    let rec = Recorder::new();
    let board = SimBoard::new(&rec);
    let led = Arc::new(Mutex::new(Led::new(LED_PIN)));
    rec.observe(led.clone());
    let pin = board.output(LED_PIN)?;
    let render = Box::new(move || view::led_line(&locked(&led)));
    watched(LedHandler::new(pin), &rec, cfg, render)
}

/// The relay server on simulated hardware.
pub fn relay(cfg: &SimConfig) -> Result<Shared, String> {
    let rec = Recorder::new();
    let relays = Arc::new(Mutex::new(RelayBoard::new(RELAY_PINS)));
    rec.observe(relays.clone());
    let pins = relay_pins(&SimBoard::new(&rec))?;
    let render = Box::new(move || view::relays_line(&locked(&relays)));
    watched(RelayHandler::new(pins), &rec, cfg, render)
}

/// The LCD pins of the ET-LCD SW HAT as hw-mock's model sees them.
pub const LCD_PINS: LcdPins = LcdPins::ET_LCD_SW_HAT;

/// The LCD server on simulated hardware (the display is initialised here).
pub fn lcd(cfg: &SimConfig) -> Result<Shared, String> {
    let rec = Recorder::new();
    let model = Arc::new(Mutex::new(Hd44780::new(LCD_PINS)));
    rec.observe(model.clone());
    let lcd = lcd_on(&SimBoard::new(&rec))?;
    let render = Box::new(move || {
        let m = model.lock().unwrap_or_else(PoisonError::into_inner);
        let mut s = view::lcd_box(&m);
        for v in m.violations().iter().rev().take(3).rev() {
            s.push('\n');
            s.push_str(&v.to_string());
        }
        s
    });
    watched(LcdHandler::new(lcd), &rec, cfg, render)
}

/// The climate server on a simulated SHT31.
pub fn climate(cfg: &SimConfig) -> Result<Shared, String> {
    let rec = Recorder::new();
    let bus = SimI2c::new(&rec);
    let mut sensor = Sht31::new(cfg.temperature, cfg.humidity);
    sensor.set_fault(cfg.fault);
    let (t, h, fault) = (sensor.temperature(), sensor.humidity(), cfg.fault);
    bus.attach(SHT31_ADDR, Arc::new(Mutex::new(sensor)));
    let render = Box::new(move || {
        let f = match fault {
            None => String::new(),
            Some(f) => format!(", fault {f:?}"),
        };
        format!("SHT31 (simulated, I2C 0x44): {t:.1} C, {h:.1} %RH{f}")
    });
    let device = ClimateHandler::new(bus, SimDelay::new(&rec), SHT31_ADDR);
    watched(device, &rec, cfg, render)
}
