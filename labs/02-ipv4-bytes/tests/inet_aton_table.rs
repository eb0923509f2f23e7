//! The visible table for `inet_aton`/`inet_ntoa`/`hexlify` and the byte-order functions.
//!
//! Every expected value here is what glibc's `inet_aton` returns for the same text.

use ipv4_bytes::{hexlify, htonl, htons, inet_aton, inet_ntoa, ntohl, ntohs};

#[test]
fn accepts_what_the_c_library_accepts() {
    let table: &[(&str, u32)] = &[
        ("127.0.0.1", 0x7f00_0001),
        ("192.168.0.1", 0xc0a8_0001),
        ("0.0.0.0", 0),
        ("255.255.255.255", 0xffff_ffff),
        ("127.1", 0x7f00_0001),
        ("1.2.256", 0x0102_0100),
        ("10.65535", 0x0a00_ffff),
        ("1.0xffffff", 0x01ff_ffff),
        ("4294967295", 0xffff_ffff),
        ("0xffffffff", 0xffff_ffff),
        ("0XFF.0.0.1", 0xff00_0001),
        ("010.0.0.1", 0x0800_0001),
        ("0377.0377.0377.0377", 0xffff_ffff),
        ("0x7f.1", 0x7f00_0001),
        ("00000000000000000000000001", 1),
        ("1.2.3.4 junk", 0x0102_0304),
        ("1.2.3.4\tjunk", 0x0102_0304),
        ("1.2.3.4\n", 0x0102_0304),
        ("1.2.3.4\x0b", 0x0102_0304),
        ("1 .2", 1),
        ("1.2.3.4\0junk", 0x0102_0304),
        ("0", 0),
    ];
    for &(text, expected) in table {
        assert_eq!(inet_aton(text), Some(expected), "inet_aton({text:?})");
    }
}

#[test]
fn rejects_what_the_c_library_rejects() {
    let table = [
        "",
        " ",
        " 1.2.3.4",
        "256.0.0.1",
        "1.256.0.1",
        "1.2.3.256",
        "1.2.65536",
        "1.16777216",
        "4294967296",
        "0x100000000",
        "99999999999999999999999",
        "08.1.1.1",
        "09",
        "1..2",
        "1.",
        ".1",
        "1.2.3.4.",
        "1.2.3.4.5",
        "0x",
        "0x.1",
        "0xg",
        "-1",
        "+1",
        "1.-1",
        "a.b.c.d",
        "1.2.3.4x",
        "1,2",
        "0b1",
        "1.2.3.4\u{a0}",
        "١.٢.٣.٤",
    ];
    for text in table {
        assert_eq!(inet_aton(text), None, "inet_aton({text:?}) should fail");
    }
}

#[test]
fn ntoa_and_hexlify() {
    assert_eq!(inet_ntoa(0x7f00_0001), "127.0.0.1");
    assert_eq!(inet_ntoa(0xc0a8_0001), "192.168.0.1");
    assert_eq!(inet_ntoa(0), "0.0.0.0");
    assert_eq!(inet_ntoa(u32::MAX), "255.255.255.255");
    assert_eq!(hexlify(&[0x7f, 0, 0, 1]), "7f000001");
    assert_eq!(hexlify(&[]), "");
    assert_eq!(hexlify(&[0xab, 0xcd]), "abcd");
}

#[test]
fn byte_order_matches_this_host() {
    // Network order is big-endian: the first byte in memory is the most significant one.
    assert_eq!(htonl(0x0102_0304).to_ne_bytes(), [1, 2, 3, 4]);
    assert_eq!(htons(0x0102).to_ne_bytes(), [1, 2]);
    assert_eq!(ntohl(u32::from_ne_bytes([1, 2, 3, 4])), 0x0102_0304);
    assert_eq!(ntohs(u16::from_ne_bytes([1, 2])), 0x0102);
    if cfg!(target_endian = "little") {
        assert_eq!(htonl(1234), 3_523_477_504);
        assert_eq!(htons(1234), 53764);
    } else {
        assert_eq!(htonl(1234), 1234);
        assert_eq!(htons(1234), 1234);
    }
}
