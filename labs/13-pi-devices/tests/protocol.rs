//! The command parsers and the line framing.

use std::io::Cursor;

use pi_devices::given::lines::{Line, LineReader};
use pi_devices::protocol::{
    ClimateLine, lcd_request, lcd_text, parse_climate_line, parse_led, parse_relay,
};

#[test]
fn led_commands() {
    assert_eq!(parse_led("on"), Ok(true));
    assert_eq!(parse_led("off\r"), Ok(false));
    assert_eq!(parse_led(" ON "), Ok(true));
    for bad in ["", "onn", "of", "1", "on off"] {
        assert!(parse_led(bad).is_err(), "{bad:?}");
    }
    assert_eq!(
        parse_led("xyz").unwrap_err().to_string(),
        "unknown command: xyz"
    );
}

#[test]
fn relay_commands() {
    let want = [
        (1, true),
        (1, false),
        (2, true),
        (2, false),
        (3, true),
        (3, false),
        (4, true),
        (4, false),
    ];
    for (i, w) in want.iter().enumerate() {
        assert_eq!(parse_relay(&(i + 1).to_string()), Ok(*w));
    }
    for bad in ["0", "9", "", "-1", "+1", "1.0", "one", "11", "256"] {
        assert!(parse_relay(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn lcd_text_is_16_columns() {
    assert_eq!(lcd_text("Hello. I'm ETT."), "Hello. I'm ETT. ");
    assert_eq!(lcd_text(""), " ".repeat(16));
    assert_eq!(lcd_text("0123456789abcdefXYZ"), "0123456789abcdef");
    assert_eq!(lcd_text("tab\there"), "tab?here        ");
    assert_eq!(lcd_text("สวัสดี"), "??????          ");
}

#[test]
fn climate_lines() {
    assert_eq!(
        parse_climate_line("RH=45.2"),
        Ok(ClimateLine::Humidity(45.2))
    );
    assert_eq!(
        parse_climate_line("Temp=-20.0\r"),
        Ok(ClimateLine::Temperature(-20.0))
    );
    assert_eq!(
        parse_climate_line("ERR sensor: CRC mismatch"),
        Ok(ClimateLine::Error("sensor: CRC mismatch".into()))
    );
    for bad in ["45.2", "RH=", "Temp=abc", "RH=NaN", "Temp=inf", "hello"] {
        assert!(parse_climate_line(bad).is_err(), "{bad:?}");
    }
}

fn lines(input: &[u8], max: usize) -> Vec<Line> {
    let mut r = LineReader::new(Cursor::new(input.to_vec()), max);
    let mut out = Vec::new();
    for _ in 0..100 {
        let l = r.next_line().unwrap();
        let end = l == Line::Eof;
        out.push(l);
        if end {
            break;
        }
    }
    out
}

#[test]
fn framing() {
    let t = |s: &str| Line::Text(s.to_string());
    assert_eq!(
        lines(b"on\r\noff\n", 64),
        vec![t("on"), t("off"), Line::Eof]
    );
    // The seed's clients send without a newline and close: the last line still counts.
    assert_eq!(lines(b"1", 64), vec![t("1"), Line::Eof]);
    assert_eq!(lines(b"", 64), vec![Line::Eof]);
    assert_eq!(lines(b"\n\n", 64), vec![t(""), t(""), Line::Eof]);
    assert_eq!(
        lines(b"12345678\nok\n", 4),
        vec![Line::TooLong, t("ok"), Line::Eof]
    );
    assert_eq!(lines(b"1234\r\n", 4), vec![t("1234"), Line::Eof]);
    assert_eq!(lines(b"12345", 4), vec![Line::TooLong, Line::Eof]);
    assert_eq!(lines(b"\xff\n", 4), vec![t("\u{fffd}"), Line::Eof]);
}

/// A client that sends `data` and then nothing: no newline will ever come.
struct Stalls(Option<Vec<u8>>);

impl std::io::Read for Stalls {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self.0.take() {
            Some(data) => {
                buf[..data.len()].copy_from_slice(&data);
                Ok(data.len())
            }
            None => Err(std::io::ErrorKind::WouldBlock.into()),
        }
    }
}

#[test]
fn a_long_line_is_reported_before_its_newline() {
    let mut r = LineReader::new(std::io::BufReader::new(Stalls(Some(vec![b'x'; 100]))), 4);
    assert_eq!(r.next_line().unwrap(), Line::TooLong);
    // The rest of the long line is skipped up to its newline.
    assert_eq!(
        lines(b"123456789\nok\n", 4),
        vec![Line::TooLong, Line::Text("ok".into()), Line::Eof]
    );
    assert_eq!(lines(b"123456789", 4), vec![Line::TooLong, Line::Eof]);
}

#[test]
fn lcd_request_is_one_line_of_the_words() {
    let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        lcd_request(&words(&["Hello.", "I'm", "ETT."])),
        "Hello. I'm ETT."
    );
    assert_eq!(lcd_request(&words(&["two  spaces"])), "two  spaces");
    assert_eq!(lcd_request(&words(&["a\r\nb", "c\n"])), "a  b c ");
    assert_eq!(lcd_request(&words(&["สวัสดี"])), "สวัสดี");
    assert_eq!(lcd_request(&[]), "");
}
