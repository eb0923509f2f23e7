//! Visible tests for lab 11: the conversions, and the program against a fake SNTP server
//! on 127.0.0.1 that answers with a fixed time.

use std::net::{SocketAddr, UdpSocket};
use std::process::{Command, Output};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use sntp_time::{
    NtpTimestamp, PACKET_LEN, ReplyError, build_request, civil_from_days, ctime, days_from_civil,
    ntp_seconds_to_unix, offset_and_delay, parse_reply, parse_server, timestamp_to_unix_nanos,
    unix_nanos_to_timestamp, unix_seconds_to_ntp, weekday_from_days,
};

const BIN: &str = env!("CARGO_BIN_EXE_sntp-time");

// --- the pure functions ---

#[test]
fn request_layout() {
    let ts = NtpTimestamp {
        seconds: 0xE01A_1234,
        fraction: 0x8000_0000,
    };
    let packet = build_request(ts);
    assert_eq!(packet.len(), 48);
    assert_eq!(packet[0], 0x23); // LI 0, VN 4, mode 3
    assert!(packet[1..40].iter().all(|&b| b == 0));
    assert_eq!(&packet[40..48], &[0xE0, 0x1A, 0x12, 0x34, 0x80, 0, 0, 0]);
}

#[test]
fn era_pivot() {
    // Last second of era 0 and first second of era 1.
    assert_eq!(ntp_seconds_to_unix(0xFFFF_FFFF), 2_085_978_495);
    assert_eq!(ntp_seconds_to_unix(0), 2_085_978_496);
    assert_eq!(
        ntp_seconds_to_unix(0x8000_0000),
        0x8000_0000 - 2_208_988_800
    ); // 1968-01-20
    for unix in [
        0_i64,
        1_551_653_012,
        2_085_978_495,
        2_085_978_496,
        2_214_108_428,
    ] {
        assert_eq!(ntp_seconds_to_unix(unix_seconds_to_ntp(unix)), unix);
    }
}

#[test]
fn nanos_round_trip() {
    let nanos = 1_551_653_012_250_000_000_i128;
    let ts = unix_nanos_to_timestamp(nanos);
    assert_eq!(ts.fraction, 0x4000_0000);
    assert_eq!(timestamp_to_unix_nanos(ts), nanos);
}

#[test]
fn civil_dates() {
    assert_eq!(civil_from_days(0), (1970, 1, 1));
    assert_eq!(civil_from_days(-1), (1969, 12, 31));
    assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    assert_eq!(weekday_from_days(0), 4); // Thursday
    assert_eq!(weekday_from_days(-1), 3);
    for days in (-800_000..800_000).step_by(997) {
        let (y, m, d) = civil_from_days(days);
        assert_eq!(days_from_civil(y, m, d), days);
    }
}

#[test]
fn ctime_format() {
    assert_eq!(ctime(1_551_653_012), "Sun Mar  3 22:43:32 2019");
    assert_eq!(ctime(0), "Thu Jan  1 00:00:00 1970");
    assert_eq!(ctime(-1), "Wed Dec 31 23:59:59 1969");
    assert_eq!(ctime(2_085_978_496), "Thu Feb  7 06:28:16 2036");
    assert_eq!(ctime(2_214_108_428), "Wed Feb 29 06:07:08 2040");
}

#[test]
fn offset_delay_formula() {
    // Our clock is 10 s behind; 2 s each way; the server takes 1 s.
    let (offset, delay) = offset_and_delay(100, 112, 113, 105);
    assert_eq!(offset, 10);
    assert_eq!(delay, 4);
}

fn reply_bytes(mode: u8, stratum: u8, refid: &[u8; 4], transmit: NtpTimestamp) -> Vec<u8> {
    let mut p = vec![0u8; 48];
    p[0] = (4 << 3) | mode;
    p[1] = stratum;
    p[12..16].copy_from_slice(refid);
    p[32..40].copy_from_slice(&transmit.to_bytes());
    p[40..48].copy_from_slice(&transmit.to_bytes());
    p
}

#[test]
fn reply_checks() {
    let ts = NtpTimestamp {
        seconds: unix_seconds_to_ntp(1_551_653_012),
        fraction: 0,
    };
    assert!(parse_reply(&reply_bytes(4, 2, b"GPS\0", ts)).is_ok());
    assert!(parse_reply(&reply_bytes(5, 2, b"GPS\0", ts)).is_ok());
    assert_eq!(parse_reply(&[0u8; 20]), Err(ReplyError::Short(20)));
    assert_eq!(
        parse_reply(&reply_bytes(3, 2, b"GPS\0", ts)),
        Err(ReplyError::WrongMode(3))
    );
    assert_eq!(
        parse_reply(&reply_bytes(4, 0, b"RATE", ts)),
        Err(ReplyError::KissOfDeath("RATE".to_string()))
    );
    assert_eq!(
        parse_reply(&reply_bytes(4, 2, b"GPS\0", NtpTimestamp::default())),
        Err(ReplyError::ZeroTransmit)
    );
}

#[test]
fn server_argument() {
    assert_eq!(
        parse_server("pool.ntp.org"),
        Ok(("pool.ntp.org".into(), 123))
    );
    assert_eq!(
        parse_server("127.0.0.1:1234"),
        Ok(("127.0.0.1".into(), 1234))
    );
    assert_eq!(parse_server("[::1]:1234"), Ok(("::1".into(), 1234)));
    assert_eq!(parse_server("::1"), Ok(("::1".into(), 123)));
    assert!(parse_server("host:0").is_err());
    assert!(parse_server("host:99999").is_err());
    assert!(parse_server(":123").is_err());
}

// --- the program against a fake server ---

/// Builds the fake server's reply from the request it received.
type MakeReply = fn(&[u8]) -> Vec<u8>;

/// A fake server: answers the first request with `make_reply(request)` and returns the
/// request it got. `decoy` first sends a different reply from another socket.
fn fake_server(make_reply: MakeReply, decoy: bool) -> (SocketAddr, JoinHandle<Vec<u8>>) {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let addr = socket.local_addr().unwrap();
    let handle = thread::spawn(move || {
        let mut buf = [0u8; 512];
        let (n, client) = socket.recv_from(&mut buf).unwrap();
        let request = buf[..n].to_vec();
        if decoy {
            let other = UdpSocket::bind("127.0.0.1:0").unwrap();
            let fake = reply_bytes(
                4,
                0,
                b"DENY",
                NtpTimestamp {
                    seconds: 1,
                    fraction: 0,
                },
            );
            other.send_to(&fake, client).unwrap();
        }
        socket.send_to(&make_reply(&request), client).unwrap();
        request
    });
    (addr, handle)
}

/// A good reply at the given Unix time, with the request's transmit time as originate.
fn good_reply_at(unix: i64, request: &[u8]) -> Vec<u8> {
    let ts = NtpTimestamp {
        seconds: unix_seconds_to_ntp(unix),
        fraction: 0,
    };
    let mut p = reply_bytes(4, 2, b"GPS\0", ts);
    p[24..32].copy_from_slice(&request[40..48]);
    p
}

fn run_against(make_reply: MakeReply, decoy: bool) -> (Output, Vec<u8>) {
    let (addr, server) = fake_server(make_reply, decoy);
    let out = Command::new(BIN)
        .args(["--server", &addr.to_string(), "--timeout", "10"])
        .output()
        .unwrap();
    (out, server.join().unwrap())
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

#[test]
fn prints_time_offset_delay_2019() {
    let (out, request) = run_against(|r| good_reply_at(1_551_653_012, r), false);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(request.len(), PACKET_LEN);
    assert_eq!(request[0], 0x23);
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(lines[0], "Sun Mar  3 22:43:32 2019");
    assert!(lines[1].starts_with("Offset: -"), "{text}"); // 2019 is in our past
    assert!(lines[1].ends_with(" s"));
    assert!(
        lines[2].starts_with("Delay: ") && lines[2].ends_with(" s"),
        "{text}"
    );
}

#[test]
fn prints_time_after_2036() {
    let (out, _) = run_against(|r| good_reply_at(2_214_108_428, r), false);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().next(), Some("Wed Feb 29 06:07:08 2040"));
    assert!(text.contains("Offset: +"), "{text}");
}

#[test]
fn ignores_datagrams_from_other_addresses() {
    let (out, _) = run_against(|r| good_reply_at(1_551_653_012, r), true);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().next(), Some("Sun Mar  3 22:43:32 2019"));
}

#[test]
fn faulty_replies_each_have_their_message() {
    let cases: [(MakeReply, &str); 4] = [
        (
            |_| vec![0x24; 20],
            "sntp-time: short reply: 20 bytes, expected at least 48\n",
        ),
        (
            |r| {
                let mut p = good_reply_at(1_551_653_012, r);
                p[0] = 0x23;
                p
            },
            "sntp-time: wrong mode 3 in reply, expected 4 (server) or 5 (broadcast)\n",
        ),
        (
            |_| {
                reply_bytes(
                    4,
                    0,
                    b"RATE",
                    NtpTimestamp {
                        seconds: 5,
                        fraction: 0,
                    },
                )
            },
            "sntp-time: server sent kiss-of-death RATE\n",
        ),
        (
            |_| reply_bytes(4, 2, b"GPS\0", NtpTimestamp::default()),
            "sntp-time: zero transmit timestamp in reply\n",
        ),
    ];
    for (make_reply, expected) in cases {
        let (out, _) = run_against(make_reply, false);
        assert_eq!(out.status.code(), Some(1), "{expected}");
        assert_eq!(stderr_of(&out), expected);
    }
}

#[test]
fn no_reply_times_out() {
    // A socket that never answers.
    let silent = UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = silent.local_addr().unwrap();
    let out = Command::new(BIN)
        .args(["--server", &addr.to_string(), "--timeout", "0.3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr_of(&out),
        format!("sntp-time: no reply from {addr} within 0.3 s\n")
    );
}

#[test]
fn unresolvable_host_is_one_line() {
    let out = Command::new(BIN)
        .args(["--server", "nohost.invalid", "--timeout", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.starts_with("sntp-time: cannot resolve nohost.invalid:123: "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn bad_input_is_a_usage_error() {
    for args in [
        &["--timeout", "0"][..],
        &["--timeout", "soon"],
        &["--server", "127.0.0.1:99999"],
        &["--server"],
        &["--frobnicate"],
    ] {
        let out = Command::new(BIN).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr_of(&out);
        assert!(
            err.starts_with("sntp-time: ") && err.contains("usage:"),
            "{err}"
        );
    }
}
