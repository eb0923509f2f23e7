//! Parsing and lookups against `fixtures/services`, the workspace's file of tricky lines.

use service_names::{
    parse_line, parse_port_range, parse_services, port_for_service, service_for_port,
};

fn fixture() -> Vec<service_names::Service> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/services");
    parse_services(&std::fs::read_to_string(path).expect("read fixtures/services"))
}

#[test]
fn lines() {
    let s = parse_line("http\t\t80/tcp\t\twww www-http\t# WorldWideWeb HTTP").unwrap();
    assert_eq!(
        (s.name.as_str(), s.port, s.proto.as_str()),
        ("http", 80, "tcp")
    );
    assert_eq!(s.aliases, ["www", "www-http"]);
    assert_eq!(parse_line("https 443/tcp#comment").unwrap().port, 443);
    assert_eq!(parse_line("  domain   53/udp").unwrap().name, "domain");
    for bad in [
        "",
        "   ",
        "# comment",
        "noproto 4000",
        "badport 70000/tcp",
        "neg -5/tcp",
        "plus +5/tcp",
        "x abc/tcp",
        "x 4001/",
        "justaname",
        "4002/tcp",
        "x /tcp",
        "x 12x/tcp",
        "x #80/tcp",
    ] {
        assert_eq!(parse_line(bad), None, "{bad:?}");
    }
}

#[test]
fn lookups_in_the_fixture() {
    let db = fixture();
    assert_eq!(service_for_port(&db, 80, "tcp"), Some("http"));
    assert_eq!(service_for_port(&db, 25, "tcp"), Some("smtp"));
    assert_eq!(service_for_port(&db, 53, "udp"), Some("domain"));
    assert_eq!(service_for_port(&db, 514, "tcp"), Some("shell"));
    assert_eq!(service_for_port(&db, 514, "udp"), Some("syslog"));
    assert_eq!(service_for_port(&db, 4242, "udp"), Some("fixture-udp"));
    assert_eq!(service_for_port(&db, 443, "tcp"), Some("https"));
    assert_eq!(service_for_port(&db, 517, "tcp"), None);
    assert_eq!(service_for_port(&db, 4000, "tcp"), None);
    assert_eq!(port_for_service(&db, "www", "tcp"), Some(80));
    assert_eq!(port_for_service(&db, "krb5", "tcp"), Some(88));
    assert_eq!(port_for_service(&db, "gamma", "udp"), Some(4242));
    assert_eq!(port_for_service(&db, "gamma", "tcp"), None);
    assert_eq!(port_for_service(&db, "badport", "tcp"), None);
}

#[test]
fn port_ranges() {
    assert_eq!(parse_port_range("1-1024"), Ok((1, 1024)));
    assert_eq!(parse_port_range("80"), Ok((80, 80)));
    assert_eq!(parse_port_range("65535-65535"), Ok((65535, 65535)));
    for bad in [
        "90-80", "0", "70000", "0-10", "1-70000", "", "-", "a-b", "1-2-3", " 1-2",
    ] {
        assert!(parse_port_range(bad).is_err(), "{bad:?}");
    }
}
