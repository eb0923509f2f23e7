//! The two backends: `sim` (hw-mock, any PC) and `rpi` (rppal, feature `rpi`, a real Pi).
//!
//! Why both: the lab is written and graded on PCs, and run for real on a Pi with the HATs.
//! Each builder claims the seed's pins, builds the generic driver on them and wraps it in its
//! handler. On `sim` it also attaches hw-mock's model of the board to the pin events, prints
//! the model's view when it changes, and (with `--trace FILE`) appends every new pin/bus/delay
//! event to the trace file after each request, flushed, before the reply is sent: when a
//! client has its reply, the trace already holds what the request did.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use hw_mock::embedded_hal::delay::DelayNs;
use hw_mock::embedded_hal::digital::OutputPin;
use hw_mock::{
    GpioBank, Hd44780, LcdPins, Led, Recorder, RelayBoard, Sht31, Sht31Fault, SimDelay, SimI2c,
    SimPin, view,
};

use crate::devices::{ClimateHandler, LcdHandler, LedHandler, Monitor, RelayHandler};
use crate::lcd::{LCD_BL, LCD_D4, LCD_D5, LCD_D6, LCD_D7, LCD_EN, LCD_RS, Lcd};
use crate::server::Shared;
use crate::sht31::SHT31_ADDR;

/// BCM pin of the LED (seed 004).
pub const LED_PIN: u8 = 13;
/// BCM pins of relays 1..=4 (ET-OPTO RELAY 4 HAT).
pub const RELAY_PINS: [u8; 4] = [4, 18, 22, 24];

/// Which hardware a server drives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// hw-mock's simulated hardware.
    Sim,
    /// Real pins through rppal.
    Rpi,
}

/// True when /proc/device-tree/model names a Raspberry Pi.
pub fn is_raspberry_pi() -> bool {
    std::fs::read("/proc/device-tree/model")
        .map(|m| String::from_utf8_lossy(&m).contains("Raspberry Pi"))
        .unwrap_or(false)
}

/// True when this build can drive real hardware (feature `rpi` on Linux).
pub const fn rpi_supported() -> bool {
    cfg!(all(feature = "rpi", target_os = "linux"))
}

/// `rpi` on a Pi with a build that supports it, else `sim`.
pub fn default_backend() -> Backend {
    if rpi_supported() && is_raspberry_pi() {
        Backend::Rpi
    } else {
        Backend::Sim
    }
}

/// Where a server gets its hardware: output pins by BCM number and a delay. The simulator
/// and rppal each implement it in a few lines; what sits above it (which pins, the LCD's
/// start-up) is the same code on both, so grading the simulator tests it for the Pi too.
pub trait Board {
    /// An output pin.
    type Pin: OutputPin + Send + 'static;
    /// Waits (the LCD needs them).
    type Delay: DelayNs + Send + 'static;
    /// Claims BCM pin `bcm` as an output, low.
    fn output(&self, bcm: u8) -> Result<Self::Pin, String>;
    /// A delay.
    fn delay(&self) -> Self::Delay;
}

/// The four relay pins, relay 1 first.
pub fn relay_pins<B: Board>(board: &B) -> Result<[B::Pin; 4], String> {
    Ok([
        board.output(RELAY_PINS[0])?,
        board.output(RELAY_PINS[1])?,
        board.output(RELAY_PINS[2])?,
        board.output(RELAY_PINS[3])?,
    ])
}

/// The LCD on the ET-LCD SW HAT's pins, initialised (4-bit mode, cleared, backlight on).
pub fn lcd_on<B: Board>(board: &B) -> Result<Lcd<B::Pin, B::Delay>, String> {
    let mut lcd = Lcd::new(
        board.output(LCD_RS)?,
        board.output(LCD_EN)?,
        [
            board.output(LCD_D4)?,
            board.output(LCD_D5)?,
            board.output(LCD_D6)?,
            board.output(LCD_D7)?,
        ],
        Some(board.output(LCD_BL)?),
        board.delay(),
    );
    lcd.init().map_err(|e| format!("LCD init: {e:?}"))?;
    Ok(lcd)
}

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

struct SimMonitor {
    rec: Recorder,
    trace: Option<TraceFile>,
    render: Box<dyn Fn() -> String + Send>,
    last: Option<String>,
    show: bool,
}

impl Monitor for SimMonitor {
    fn sync_trace(&mut self) {
        if let Some(t) = &mut self.trace {
            if let Err(e) = t.sync(&self.rec) {
                eprintln!("trace: {e}");
                self.trace = None;
            }
        }
    }

    fn refresh(&mut self) {
        self.sync_trace();
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

fn sim_monitor(
    rec: &Recorder,
    cfg: &SimConfig,
    render: Box<dyn Fn() -> String + Send>,
) -> Result<Box<dyn Monitor>, String> {
    let trace = match &cfg.trace {
        Some(p) => {
            Some(TraceFile::create(p).map_err(|e| format!("trace file {}: {e}", p.display()))?)
        }
        None => None,
    };
    let mut m = SimMonitor {
        rec: rec.clone(),
        trace,
        render,
        last: None,
        show: cfg.show,
    };
    m.sync_trace();
    Ok(Box::new(m))
}

/// The LED server on simulated hardware.
pub fn sim_led(cfg: &SimConfig) -> Result<Shared, String> {
    let rec = Recorder::new();
    let board = SimBoard::new(&rec);
    let led = Arc::new(Mutex::new(Led::new(LED_PIN)));
    rec.observe(led.clone());
    let pin = board.output(LED_PIN)?;
    let mon = sim_monitor(&rec, cfg, Box::new(move || view::led_line(&locked(&led))))?;
    Ok(Arc::new(Mutex::new(LedHandler::new(pin, mon))))
}

/// The relay server on simulated hardware.
pub fn sim_relay(cfg: &SimConfig) -> Result<Shared, String> {
    let rec = Recorder::new();
    let relays = Arc::new(Mutex::new(RelayBoard::new(RELAY_PINS)));
    rec.observe(relays.clone());
    let pins = relay_pins(&SimBoard::new(&rec))?;
    let mon = sim_monitor(
        &rec,
        cfg,
        Box::new(move || view::relays_line(&locked(&relays))),
    )?;
    Ok(Arc::new(Mutex::new(RelayHandler::new(pins, mon))))
}

/// The LCD pins of the ET-LCD SW HAT as hw-mock's model sees them.
pub const LCD_PINS: LcdPins = LcdPins::ET_LCD_SW_HAT;

/// The LCD server on simulated hardware (the display is initialised here).
pub fn sim_lcd(cfg: &SimConfig) -> Result<Shared, String> {
    let rec = Recorder::new();
    let model = Arc::new(Mutex::new(Hd44780::new(LCD_PINS)));
    rec.observe(model.clone());
    let lcd = lcd_on(&SimBoard::new(&rec))?;
    let mon = sim_monitor(
        &rec,
        cfg,
        Box::new(move || {
            let m = model.lock().unwrap_or_else(PoisonError::into_inner);
            let mut s = view::lcd_box(&m);
            for v in m.violations().iter().rev().take(3).rev() {
                s.push('\n');
                s.push_str(&v.to_string());
            }
            s
        }),
    )?;
    Ok(Arc::new(Mutex::new(LcdHandler::new(lcd, mon))))
}

/// The climate server on a simulated SHT31.
pub fn sim_climate(cfg: &SimConfig) -> Result<Shared, String> {
    let rec = Recorder::new();
    let bus = SimI2c::new(&rec);
    let mut sensor = Sht31::new(cfg.temperature, cfg.humidity);
    sensor.set_fault(cfg.fault);
    let (t, h, fault) = (sensor.temperature(), sensor.humidity(), cfg.fault);
    bus.attach(SHT31_ADDR, Arc::new(Mutex::new(sensor)));
    let mon = sim_monitor(
        &rec,
        cfg,
        Box::new(move || {
            let f = match fault {
                None => String::new(),
                Some(f) => format!(", fault {f:?}"),
            };
            format!("SHT31 (simulated, I2C 0x44): {t:.1} C, {h:.1} %RH{f}")
        }),
    )?;
    Ok(Arc::new(Mutex::new(ClimateHandler::new(
        bus,
        SimDelay::new(&rec),
        SHT31_ADDR,
        mon,
    ))))
}

#[cfg(all(feature = "rpi", target_os = "linux"))]
mod rpi {
    //! Builders on real hardware through rppal: only the `Board` for rppal's types and the
    //! I2C bus are here, the rest is shared with the simulator.
    use std::sync::{Arc, Mutex};

    use rppal::gpio::{Gpio, OutputPin};
    use rppal::hal::Delay;
    use rppal::i2c::I2c;

    use super::*;
    use crate::devices::NoMonitor;
    use crate::sht31::I2C_BUS;

    /// The Pi's GPIO through rppal (`/dev/gpiomem`).
    struct RpiBoard(Gpio);

    impl Board for RpiBoard {
        type Pin = OutputPin;
        type Delay = Delay;

        fn output(&self, bcm: u8) -> Result<OutputPin, String> {
            self.0
                .get(bcm)
                .map(|p| p.into_output_low())
                .map_err(|e| format!("GPIO {bcm}: {e}"))
        }

        fn delay(&self) -> Delay {
            Delay::new()
        }
    }

    fn board() -> Result<RpiBoard, String> {
        Gpio::new().map(RpiBoard).map_err(|e| format!("GPIO: {e}"))
    }

    pub fn led() -> Result<Shared, String> {
        let pin = board()?.output(LED_PIN)?;
        Ok(Arc::new(Mutex::new(LedHandler::new(
            pin,
            Box::new(NoMonitor),
        ))))
    }

    pub fn relay() -> Result<Shared, String> {
        let pins = relay_pins(&board()?)?;
        Ok(Arc::new(Mutex::new(RelayHandler::new(
            pins,
            Box::new(NoMonitor),
        ))))
    }

    pub fn lcd() -> Result<Shared, String> {
        let lcd = lcd_on(&board()?)?;
        Ok(Arc::new(Mutex::new(LcdHandler::new(
            lcd,
            Box::new(NoMonitor),
        ))))
    }

    pub fn climate() -> Result<Shared, String> {
        let bus = I2c::with_bus(I2C_BUS).map_err(|e| format!("I2C bus {I2C_BUS}: {e}"))?;
        Ok(Arc::new(Mutex::new(ClimateHandler::new(
            bus,
            Delay::new(),
            SHT31_ADDR,
            Box::new(NoMonitor),
        ))))
    }
}

/// Which device a server drives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Device {
    /// LED on BCM 13.
    Led,
    /// Relay HAT.
    Relay,
    /// LCD HAT.
    Lcd,
    /// SHT31.
    Climate,
}

/// Builds the handler for `device` on `backend`. On `Rpi` without the feature, an error.
pub fn build(device: Device, backend: Backend, cfg: &SimConfig) -> Result<Shared, String> {
    match backend {
        Backend::Sim => match device {
            Device::Led => sim_led(cfg),
            Device::Relay => sim_relay(cfg),
            Device::Lcd => sim_lcd(cfg),
            Device::Climate => sim_climate(cfg),
        },
        #[cfg(all(feature = "rpi", target_os = "linux"))]
        Backend::Rpi => match device {
            Device::Led => rpi::led(),
            Device::Relay => rpi::relay(),
            Device::Lcd => rpi::lcd(),
            Device::Climate => rpi::climate(),
        },
        #[cfg(not(all(feature = "rpi", target_os = "linux")))]
        Backend::Rpi => Err("this build has no rpi backend (build with --features rpi)".into()),
    }
}
