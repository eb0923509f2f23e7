//! Lab 02 — IPv4 addresses as bytes, and byte order.
//!
//! An IPv4 address is just a 32-bit number. People write it as text (`127.0.0.1`), the
//! network carries it as 4 bytes, most significant byte first ("network byte order", which
//! is big-endian). This lab converts between the two, the way the C library's `inet_aton`
//! and `inet_ntoa` do, and shows what `htonl`/`ntohl`/`htons`/`ntohs` do on your machine.
//!
//! In this crate an address is a `u32` holding the address *value*: `127.0.0.1` is
//! `0x7f00_0001`. Its packed (wire) form is `value.to_be_bytes()`.

/// The largest value the last part may hold, indexed by how many parts came before it:
/// `a` is 32 bits, `a.b` leaves 24 bits for `b`, `a.b.c` 16 bits for `c`, `a.b.c.d` 8 bits.
const LAST_PART_MAX: [u64; 4] = [0xffff_ffff, 0x00ff_ffff, 0xffff, 0xff];

/// Whitespace as the C library's `isspace` sees it in the "C" locale. (Rust's
/// `is_ascii_whitespace` leaves out the vertical tab, `\x0b`; C includes it.)
pub fn is_c_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

// ANCHOR: parse_c_number
/// Reads one number at the start of `text` the way C's `strtoul(text, &end, 0)` does:
/// `0x`/`0X` followed by a hex digit means hexadecimal, a leading `0` means octal, anything
/// else decimal. Returns the value and how many bytes it used, or `None` when `text` does
/// not start with a digit or the value does not fit in 32 bits.
///
/// Careful with the corners: in `"0x"` or `"0xg"` only the `0` is a number (the `x` is left
/// over), and in `"08"` only the `0` is (8 is not an octal digit).
pub fn parse_c_number(text: &[u8]) -> Option<(u64, usize)> {
    // ANCHOR_END: parse_c_number
    // BEGIN SOLUTION
    if !text.first()?.is_ascii_digit() {
        return None;
    }
    let (radix, start) = if text[0] != b'0' {
        (10, 0)
    } else if matches!(text.get(1), Some(b'x' | b'X'))
        && text.get(2).is_some_and(|b| b.is_ascii_hexdigit())
    {
        (16, 2)
    } else {
        (8, 0)
    };
    let mut value: u64 = 0;
    let mut used = start;
    while let Some(digit) = text.get(used).and_then(|&b| (b as char).to_digit(radix)) {
        value = value * u64::from(radix) + u64::from(digit);
        if value > 0xffff_ffff {
            return None; // too big for an IPv4 address (C: strtoul overflow or > 32 bits)
        }
        used += 1;
    }
    Some((value, used))
    // END SOLUTION
}

// ANCHOR: inet_aton
/// Converts an address in text form to its 32-bit value, with the C library's rules
/// (`inet_aton(3)`): 1 to 4 parts separated by dots; each part decimal, octal (leading `0`)
/// or hex (leading `0x`); the last part fills all the bytes that are left, so `127.1` is
/// `127.0.0.1` and `10.65535` is `10.0.255.255`; the address ends at the end of the text
/// or at the first whitespace (what follows the whitespace is ignored). Anything else —
/// a part too big, an empty part, a sign, junk — gives `None`.
///
/// A NUL byte ends the text, as it would end a C string.
pub fn inet_aton(text: &str) -> Option<u32> {
    // ANCHOR_END: inet_aton
    // BEGIN SOLUTION
    let bytes = text.as_bytes();
    let bytes = match bytes.iter().position(|&b| b == 0) {
        Some(nul) => &bytes[..nul],
        None => bytes,
    };
    let mut parts: Vec<u64> = Vec::new(); // the parts that were followed by a dot
    let mut pos = 0;
    let last = loop {
        let (value, used) = parse_c_number(&bytes[pos..])?;
        pos += used;
        if bytes.get(pos) != Some(&b'.') {
            break value;
        }
        // A part followed by a dot is one byte, and there are at most three of them.
        if parts.len() == 3 || value > 0xff {
            return None;
        }
        parts.push(value);
        pos += 1;
    };
    // The address must end here: end of text, or whitespace.
    if let Some(&next) = bytes.get(pos) {
        if !is_c_space(next) {
            return None;
        }
    }
    if last > LAST_PART_MAX[parts.len()] {
        return None;
    }
    let mut address = last;
    for (i, part) in parts.iter().enumerate() {
        address |= part << (24 - 8 * i);
    }
    u32::try_from(address).ok()
    // END SOLUTION
}

// ANCHOR: inet_ntoa
/// Converts a 32-bit address value to dotted-quad text: `0x7f000001` → `"127.0.0.1"`.
pub fn inet_ntoa(address: u32) -> String {
    // ANCHOR_END: inet_ntoa
    // BEGIN SOLUTION
    let [a, b, c, d] = address.to_be_bytes();
    format!("{a}.{b}.{c}.{d}")
    // END SOLUTION
}

// ANCHOR: hexlify
/// Writes bytes as lowercase hex, two digits per byte, like Python's `binascii.hexlify`:
/// `[0x7f, 0, 0, 1]` → `"7f000001"`.
pub fn hexlify(bytes: &[u8]) -> String {
    // ANCHOR_END: hexlify
    // BEGIN SOLUTION
    bytes.iter().map(|b| format!("{b:02x}")).collect()
    // END SOLUTION
}

// ANCHOR: htonl
/// Host to network byte order, 32 bits. On a big-endian host this changes nothing; on a
/// little-endian host (x86, ARM as usually run) it reverses the four bytes.
pub fn htonl(value: u32) -> u32 {
    // ANCHOR_END: htonl
    // BEGIN SOLUTION
    value.to_be()
    // END SOLUTION
}

// ANCHOR: ntohl
/// Network to host byte order, 32 bits (the same swap as `htonl`, read the other way).
pub fn ntohl(value: u32) -> u32 {
    // ANCHOR_END: ntohl
    // BEGIN SOLUTION
    u32::from_be(value)
    // END SOLUTION
}

// ANCHOR: htons
/// Host to network byte order, 16 bits.
pub fn htons(value: u16) -> u16 {
    // ANCHOR_END: htons
    // BEGIN SOLUTION
    value.to_be()
    // END SOLUTION
}

// ANCHOR: ntohs
/// Network to host byte order, 16 bits.
pub fn ntohs(value: u16) -> u16 {
    // ANCHOR_END: ntohs
    // BEGIN SOLUTION
    // SOLUTION-SENTINEL: `grader release` checks that no line of a solution region survives
    u16::from_be(value)
    // END SOLUTION
}

// ANCHOR: pack_line
/// The program's line for `pack ADDR`, or `None` when `inet_aton` rejects the address:
/// `IP Address: 127.0.0.1 => Packed: 7f000001, Unpacked: 127.0.0.1`.
pub fn pack_line(text: &str) -> Option<String> {
    let address = inet_aton(text)?;
    let packed = address.to_be_bytes(); // the 4 bytes as they travel on the wire
    Some(format!(
        "IP Address: {text} => Packed: {}, Unpacked: {}",
        hexlify(&packed),
        inet_ntoa(address)
    ))
}
// ANCHOR_END: pack_line

/// The program's 32-bit line for `order N`.
pub fn long_order_line(value: u32) -> String {
    format!(
        "Original: {value} => Long host byte order: {}, Network byte order: {}",
        ntohl(value),
        htonl(value)
    )
}

/// The program's 16-bit line for `order N`.
pub fn short_order_line(value: u16) -> String {
    format!(
        "Original: {value} => Short host byte order: {}, Network byte order: {}",
        ntohs(value),
        htons(value)
    )
}
