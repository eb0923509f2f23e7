//! End to end over loopback: the real server binaries on the sim backend, driven by a client,
//! checked through the trace replayed in hw-mock's models. No sleeps: the test waits for the
//! server's first stdout line (its address), and every reply means the trace is written.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use hw_mock::{Hd44780, LcdPins, Led, RelayBoard, Trace};

struct Server {
    child: Child,
    _out: BufReader<ChildStdout>,
    port: u16,
    trace: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.trace);
    }
}

static N: AtomicUsize = AtomicUsize::new(0);

fn start(bin: &str, extra: &[&str]) -> Server {
    let trace = std::env::temp_dir().join(format!(
        "pi-devices-test-{}-{}.trace",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let mut child = Command::new(bin)
        .args(["--port", "0", "--backend", "sim", "--quiet", "--trace"])
        .arg(&trace)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start server");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    out.read_line(&mut first).expect("first line");
    // "Starting up LCD server on 127.0.0.1 port 41234"
    assert!(first.starts_with("Starting up "), "first line: {first:?}");
    let port = first
        .trim_end()
        .rsplit(' ')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("port at the end of the first line");
    assert!(first.contains(" on 127.0.0.1 port "), "{first:?}");
    Server {
        child,
        _out: out,
        port,
        trace,
    }
}

fn conn(s: &Server) -> (TcpStream, BufReader<TcpStream>) {
    let c = TcpStream::connect(("127.0.0.1", s.port)).expect("connect");
    c.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let r = BufReader::new(c.try_clone().unwrap());
    (c, r)
}

fn ask(c: &mut TcpStream, r: &mut BufReader<TcpStream>, line: &str) -> String {
    c.write_all(format!("{line}\n").as_bytes()).unwrap();
    let mut reply = String::new();
    r.read_line(&mut reply).unwrap();
    reply.trim_end().to_string()
}

fn trace(s: &Server) -> Trace {
    Trace::read_file(&s.trace).expect("trace parses")
}

#[test]
fn lcd_server_shows_text_on_line_1() {
    let s = start(env!("CARGO_BIN_EXE_lcd-server"), &[]);
    let (mut c, mut r) = conn(&s);
    assert_eq!(ask(&mut c, &mut r, "Hello. I'm ETT."), "OK");
    let lcd = Hd44780::from_trace(LcdPins::ET_LCD_SW_HAT, &trace(&s));
    assert_eq!(lcd.line(0), "Hello. I'm ETT. ");
    assert!(lcd.violations().is_empty(), "{:?}", lcd.violations());
    assert!(lcd.display_on() && lcd.backlight());
    // A longer text is cut, a shorter one replaces the whole line.
    assert_eq!(ask(&mut c, &mut r, "0123456789abcdefghij"), "OK");
    assert_eq!(ask(&mut c, &mut r, "hi"), "OK");
    let lcd = Hd44780::from_trace(LcdPins::ET_LCD_SW_HAT, &trace(&s));
    assert_eq!(lcd.line(0), "hi              ");
}

#[test]
fn lcd_server_takes_the_seed_client_way_send_then_close() {
    let s = start(env!("CARGO_BIN_EXE_lcd-server"), &[]);
    let (mut c, mut r) = conn(&s);
    c.write_all(b"no newline").unwrap();
    c.shutdown(std::net::Shutdown::Write).unwrap();
    let mut all = String::new();
    r.read_to_string(&mut all).unwrap();
    assert_eq!(all, "OK\n");
    let lcd = Hd44780::from_trace(LcdPins::ET_LCD_SW_HAT, &trace(&s));
    assert_eq!(lcd.line(0), "no newline      ");
}

#[test]
fn relay_server_follows_the_menu_numbers_and_survives_bad_input() {
    let s = start(env!("CARGO_BIN_EXE_relay-server"), &[]);
    let (mut c, mut r) = conn(&s);
    assert_eq!(ask(&mut c, &mut r, "1"), "OK relay 1 on");
    assert_eq!(ask(&mut c, &mut r, "5"), "OK relay 3 on");
    assert_eq!(ask(&mut c, &mut r, "xyz"), "ERR unknown command: xyz");
    assert_eq!(ask(&mut c, &mut r, "9"), "ERR unknown command: 9");
    assert_eq!(ask(&mut c, &mut r, "7"), "OK relay 4 on");
    assert_eq!(ask(&mut c, &mut r, "2"), "OK relay 1 off");
    let long = "x".repeat(5000);
    assert!(ask(&mut c, &mut r, &long).starts_with("ERR line too long"));
    let b = RelayBoard::from_trace([4, 18, 22, 24], &trace(&s));
    assert_eq!(b.states(), [false, false, true, true]);
    // Still serving a new client.
    let (mut c2, mut r2) = conn(&s);
    assert_eq!(ask(&mut c2, &mut r2, "8"), "OK relay 4 off");
}

#[test]
fn led_server_and_client() {
    let s = start(env!("CARGO_BIN_EXE_led-server"), &[]);
    let port = s.port.to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_led"))
        .args(["--port", &port, "on"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout,
        format!("Connecting to 127.0.0.1 port {port}\nSending on\nOK led on\n")
    );
    assert!(Led::from_trace(13, &trace(&s)).is_on());
    let out = Command::new(env!("CARGO_BIN_EXE_led"))
        .args(["--port", &port, "blink"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "bad command is a usage error");
    let (mut c, mut r) = conn(&s);
    assert_eq!(ask(&mut c, &mut r, "off"), "OK led off");
    assert!(!Led::from_trace(13, &trace(&s)).is_on());
}

#[test]
fn climate_server_and_client_report_the_model_values() {
    let s = start(
        env!("CARGO_BIN_EXE_climate-server"),
        &["--sim-temp", "60.3", "--sim-humidity", "45.2"],
    );
    let port = s.port.to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_climate"))
        .args(["--port", &port])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("Connecting to 127.0.0.1 port {port}\n%RH = 45.2\nTemp = 60.3\n")
    );
    let (mut c, mut r) = conn(&s);
    let mut greeting = String::new();
    r.read_line(&mut greeting).unwrap();
    assert_eq!(greeting, "RH=45.2\n");
    greeting.clear();
    r.read_line(&mut greeting).unwrap();
    assert_eq!(greeting, "Temp=60.3\n");
    assert_eq!(ask(&mut c, &mut r, "read"), "RH=45.2");
    assert!(trace(&s).to_text().contains(" i2c 0x44 write 2c06\n"));
}

#[test]
fn climate_crc_fault_is_an_error_in_the_client() {
    let s = start(
        env!("CARGO_BIN_EXE_climate-server"),
        &["--sim-fault", "crc"],
    );
    let port = s.port.to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_climate"))
        .args(["--port", &port])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Temp ="));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("climate: ") && err.contains("CRC mismatch"),
        "{err}"
    );
}

#[test]
fn rpi_backend_without_the_feature_is_a_usage_error() {
    if pi_devices::given::board::rpi_supported() {
        return;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_led-server"))
        .args(["--port", "0", "--backend", "rpi"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("led-server: --backend rpi"));
    assert!(out.stdout.is_empty());
}
