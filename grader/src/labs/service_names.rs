//! Checks of lab 03, service-names: lookups against the tricky `fixtures/services` (the
//! protocol matters, aliases, comments without a space, malformed lines skipped), and a scan
//! of ports the grader itself opened and closed on loopback.

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;

use socket2::{Domain, Socket, Type};

use super::Lab;
use super::common::{PROMPT, expect_runtime_error, expect_success, expect_usage_error, no_panic};
use crate::check::{Check, Ctx, Failure};
use crate::harness::{Exit, Finished};
use crate::peers::backlog::FullQueue;
use crate::random::Rng;
use crate::{ensure, fail};

const PROGRAM: &str = "service-names";

const LAB_NAME: &str = "service-names";

pub const LAB: Lab = Lab {
    package: "service-names",
    folder: "03-service-names",
    programs: &[LAB_NAME],
    checks: CHECKS,
};

#[rustfmt::skip]
const CHECKS: &[Check] = &[
    Check::new(LAB_NAME, "port-lookup", 2,
        "`port 7 21 22 25 53 80 88 110 443 515` names each port as fixtures/services does",
        "split off the comment at `#` (even without a space before it), then split on any whitespace",
        port_lookup),
    Check::new(LAB_NAME, "proto-matters", 2,
        "ports 512, 514, 517 and 4242 have different names (or none) for tcp and udp",
        "a line matches only when both its port and its protocol match",
        proto_matters),
    Check::new(LAB_NAME, "name-lookup", 2,
        "`name` finds ports by service name and by alias",
        "compare the name with the service's name and with each alias",
        name_lookup),
    Check::new(LAB_NAME, "malformed-lines", 1,
        "the malformed lines of fixtures/services and of a file made for this run (a signed port `+P/tcp`, an empty protocol) are skipped, not half-read; that file's Thai alias is found",
        "a line needs a name and `PORT/PROTO` with PORT all digits (0-65535) and PROTO not empty",
        malformed_lines),
    Check::new(LAB_NAME, "unknown-port", 1,
        "a port with no service prints `Port: N => no service` and exits 1",
        "print the line on stdout, remember the failure, exit 1 at the end",
        unknown_port),
    Check::new(LAB_NAME, "scan", 3,
        "a scan lists exactly the ports the grader holds open (the first and last of the range too), ascending, skipping one that drops SYNs, then the summary; a single port (`--ports P`) too",
        "connect with a timeout to each port; collect the open ones and sort them before printing",
        scan).waits_ms(200),
    Check::new(LAB_NAME, "bad-range", 1,
        "bad port ranges (`90-80`, `0`, `70000`) and bad ports are usage errors (exit 2)",
        "ports are 1-65535 and the start of a range must not be after its end",
        bad_range),
    Check::new(LAB_NAME, "missing-services-file", 1,
        "a services file that does not exist is one error line naming it, exit 1",
        "report the read error with the path instead of unwrapping",
        missing_services_file),
];

/// The grader's own copy of the tricky services file.
fn services() -> String {
    crate::paths::services().display().to_string()
}

/// Runs a lookup with `--services fixtures/services` and returns what it printed.
fn lookup(ctx: &Ctx, args: &[&str]) -> Result<Finished, Failure> {
    lookup_in(ctx, args, &services())
}

/// Runs a lookup with `--services FILE`.
fn lookup_in(ctx: &Ctx, args: &[&str], file: &str) -> Result<Finished, Failure> {
    let mut all = args.to_vec();
    all.extend(["--services", file]);
    ctx.run(PROGRAM, &all, PROMPT)
}

/// Compares stdout with `want` line by line, naming the first difference.
fn expect_lines(finished: &Finished, command: &str, want: &[String]) -> Result<(), Failure> {
    let stdout = finished.stdout_text();
    let got: Vec<&str> = stdout.lines().filter(|l| !l.trim().is_empty()).collect();
    for (i, want) in want.iter().enumerate() {
        match got.get(i) {
            Some(line) if line == want => {}
            Some(line) => fail!(
                "`{command}` line {}: expected {want:?}, got {line:?}",
                i + 1
            ),
            None => fail!("`{command}` line {}: expected {want:?}, got nothing", i + 1),
        }
    }
    ensure!(
        got.len() == want.len(),
        "`{command}`: unexpected extra lines {:?}",
        &got[want.len()..]
    );
    Ok(())
}

fn port_lines(table: &[(u16, Option<&str>)]) -> Vec<String> {
    table
        .iter()
        .map(|(port, name)| match name {
            Some(name) => format!("Port: {port} => service name: {name}"),
            None => format!("Port: {port} => no service"),
        })
        .collect()
}

/// Runs `port P… [--proto PROTO]` and expects `table`; exit 0 when every port has a name.
fn expect_ports(
    ctx: &Ctx,
    proto: Option<&str>,
    table: &[(u16, Option<&str>)],
) -> Result<Finished, Failure> {
    expect_ports_in(ctx, proto, table, &services())
}

/// `expect_ports` against the services file `file`.
fn expect_ports_in(
    ctx: &Ctx,
    proto: Option<&str>,
    table: &[(u16, Option<&str>)],
    file: &str,
) -> Result<Finished, Failure> {
    let ports: Vec<String> = table.iter().map(|(p, _)| p.to_string()).collect();
    let mut args = vec!["port"];
    args.extend(ports.iter().map(String::as_str));
    if let Some(proto) = proto {
        args.extend(["--proto", proto]);
    }
    let finished = lookup_in(ctx, &args, file)?;
    no_panic(&finished)?;
    let command = format!("service-names {}", args.join(" "));
    expect_lines(&finished, &command, &port_lines(table))?;
    let want = if table.iter().all(|(_, n)| n.is_some()) {
        Exit::Code(0)
    } else {
        Exit::Code(1)
    };
    ensure!(
        finished.exit == want,
        "`{command}` should end with {want}, got {}",
        finished.exit
    );
    Ok(finished)
}

fn port_lookup(ctx: &Ctx) -> Result<(), Failure> {
    let table = [
        (7, Some("echo")),
        (21, Some("ftp")),
        (22, Some("ssh")),
        (25, Some("smtp")),
        (53, Some("domain")),
        (80, Some("http")),
        (88, Some("kerberos")),
        (110, Some("pop3")),
        (443, Some("https")),
        (515, Some("printer")),
    ];
    let finished = expect_ports(ctx, None, &table)?;
    ctx.snapshot("port-lookup", &finished.stdout_text(), &[])
}

fn proto_matters(ctx: &Ctx) -> Result<(), Failure> {
    let tcp = [
        (512, Some("exec")),
        (514, Some("shell")),
        (4242, Some("fixture-tcp")),
        (517, None),
    ];
    expect_ports(ctx, Some("tcp"), &tcp)?;
    let udp = [
        (512, Some("biff")),
        (514, Some("syslog")),
        (4242, Some("fixture-udp")),
        (517, Some("talk")),
        (53, Some("domain")),
        (22, None),
    ];
    expect_ports(ctx, Some("udp"), &udp)?;
    // By name, the protocol matters as much: gamma is an alias on udp only.
    let finished = lookup(ctx, &["name", "gamma", "--proto", "udp"])?;
    expect_success(&finished)?;
    expect_lines(
        &finished,
        "service-names name gamma --proto udp",
        &["Service: gamma => port: 4242".into()],
    )?;
    let finished = lookup(ctx, &["name", "gamma", "syslog", "talk"])?;
    no_panic(&finished)?;
    let want: Vec<String> = ["gamma", "syslog", "talk"]
        .iter()
        .map(|n| format!("Service: {n} => no port"))
        .collect();
    expect_lines(
        &finished,
        "service-names name gamma syslog talk (tcp)",
        &want,
    )?;
    ensure!(
        finished.exit == Exit::Code(1),
        "names with no tcp port should end with exit code 1, got {}",
        finished.exit
    );
    Ok(())
}

fn name_lookup(ctx: &Ctx) -> Result<(), Failure> {
    let table = [
        ("http", 80),
        ("www", 80),
        ("www-http", 80),
        ("mail", 25),
        ("krb5", 88),
        ("kerberos-sec", 88),
        ("https", 443),
        ("pop-3", 110),
        ("domain", 53),
        ("alpha", 4242),
        ("beta", 4242),
        ("spooler", 515),
    ];
    let mut args = vec!["name"];
    args.extend(table.iter().map(|(n, _)| *n));
    let finished = lookup(ctx, &args)?;
    expect_success(&finished)?;
    let want: Vec<String> = table
        .iter()
        .map(|(n, p)| format!("Service: {n} => port: {p}"))
        .collect();
    expect_lines(
        &finished,
        &format!("service-names {}", args.join(" ")),
        &want,
    )
}

fn malformed_lines(ctx: &Ctx) -> Result<(), Failure> {
    // Ports that appear only on malformed lines (4000, 4001, 4002, 12 from `12x`, 5 from `-5`).
    let table = [
        (4000, None),
        (4001, None),
        (4002, None),
        (12, None),
        (5, None),
    ];
    expect_ports(ctx, None, &table)?;
    let names = [
        "noproto",
        "badport",
        "negative",
        "notanumber",
        "emptyproto",
        "justaname",
        "trailing-slash",
        "mixed",
    ];
    let mut args = vec!["name"];
    args.extend(names);
    let finished = lookup(ctx, &args)?;
    no_panic(&finished)?;
    let want: Vec<String> = names
        .iter()
        .map(|n| format!("Service: {n} => no port"))
        .collect();
    expect_lines(
        &finished,
        "service-names name <names on malformed lines>",
        &want,
    )?;
    ensure!(
        finished.exit == Exit::Code(1),
        "names with no port should end with exit code 1, got {}",
        finished.exit
    );
    seeded_malformed_lines(ctx)
}

/// A services file made for this run: a port with a sign (`+P/tcp`, which Rust's `parse`
/// alone would take) and one with an empty protocol (`P/`) must be skipped, while a good
/// line after them, with a Thai alias (UTF-8 beyond ASCII), is read. Names and ports come
/// from the check's seeded stream.
fn seeded_malformed_lines(ctx: &Ctx) -> Result<(), Failure> {
    let mut rng = Rng::for_check(&ctx.check.id());
    let mut ports: Vec<u16> = Vec::new();
    while ports.len() < 3 {
        let port = rng.range(5000, 60000) as u16;
        if !ports.contains(&port) {
            ports.push(port);
        }
    }
    let names: Vec<String> = ["signed", "noproto", "good"]
        .iter()
        .map(|what| format!("{what}-{}", rng.words(1)))
        .collect();
    let alias = format!("บริการ-{}", rng.words(1));
    let text = format!(
        "{} +{}/tcp\n{}\t{}/\n{}\t{}/tcp\t{alias}\n",
        names[0], ports[0], names[1], ports[1], names[2], ports[2]
    );
    ctx.log
        .note(&format!("services file made for this run:\n{text}"));
    let path = std::env::temp_dir().join(format!(
        "netlabs-services-{}-{}",
        std::process::id(),
        rng.next_u64()
    ));
    std::fs::write(&path, &text).map_err(|e| Failure {
        reason: format!("grader: cannot write {}: {e}", path.display()),
        diff: None,
        grader_error: true,
    })?;
    let table = [
        (ports[0], None),
        (ports[1], None),
        (ports[2], Some(names[2].as_str())),
    ];
    let file = path.display().to_string();
    let result = expect_ports_in(ctx, None, &table, &file).and_then(|_| {
        let finished = lookup_in(ctx, &["name", &alias], &file)?;
        expect_success(&finished)?;
        let want = format!("Service: {alias} => port: {}", ports[2]);
        expect_lines(&finished, &format!("service-names name {alias}"), &[want])
    });
    let _ = std::fs::remove_file(&path);
    result
}

fn unknown_port(ctx: &Ctx) -> Result<(), Failure> {
    expect_ports(ctx, None, &[(9999, None)])?;
    expect_ports(
        ctx,
        None,
        &[(80, Some("http")), (9999, None), (22, Some("ssh"))],
    )?;
    Ok(())
}

/// How many ports the scan covers: small, so it rarely touches other checks' sockets.
const SPAN: u16 = 64;
/// How many of the grader's ports are listening, and how many closed again.
const OPEN: usize = 5;
const CLOSED: usize = 3;

/// A port the grader holds without listening: bound without SO_REUSEADDR, so no one else
/// can listen on it while the scan runs, and a connect to it is refused.
fn hold_closed(port: u16) -> Option<Socket> {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).ok()?;
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    socket.bind(&addr.into()).ok()?;
    Some(socket)
}

/// How many windows `scan` tries before it gives up (a grader error, not the student's).
const WINDOW_TRIES: usize = 10;

/// Listeners the grader holds open during a scan, by port.
type Listening = Vec<(u16, TcpListener)>;

/// A window `lo..=hi` of SPAN ports with listeners on both ends.
fn open_window_ends() -> Result<(u16, u16, Listening), Failure> {
    let mut last_error = String::new();
    for _ in 0..WINDOW_TRIES {
        let first = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| Failure {
                reason: format!("cannot bind a listener: {e}"),
                diff: None,
                grader_error: true,
            })?;
        let lo = first.port().clamp(1024, 65535 - SPAN);
        let hi = lo + SPAN - 1;
        let ends: Result<Vec<_>, _> = [lo, hi]
            .into_iter()
            .map(|port| TcpListener::bind(("127.0.0.1", port)).map(|l| (port, l)))
            .collect();
        match ends {
            Ok(open) => return Ok((lo, hi, open)),
            Err(e) => last_error = format!("cannot listen on both ends of {lo}-{hi}: {e}"),
        }
    }
    Err(Failure {
        reason: last_error,
        diff: None,
        grader_error: true,
    })
}

fn scan(ctx: &Ctx) -> Result<(), Failure> {
    // A window of SPAN ports starting at a port the system chose for us; the first and the
    // last port of the range are always open (off-by-one scans miss them). Another program
    // may hold the far end of a window: then another window, a few times at most.
    let (lo, hi, mut open) = open_window_ends()?;
    let mut rng = Rng::for_check(&ctx.check.id());
    let mut closed = Vec::new();
    for _ in 0..200 {
        if open.len() == OPEN + CLOSED + 2 {
            break;
        }
        let port = lo + rng.below(u64::from(SPAN)) as u16;
        if open.iter().any(|(p, _)| *p == port) {
            continue;
        }
        if let Ok(listener) = TcpListener::bind(("127.0.0.1", port)) {
            open.push((port, listener));
        }
    }
    ensure!(
        open.len() == OPEN + CLOSED + 2,
        "the grader could not open {} listeners in {lo}-{hi}",
        OPEN + CLOSED + 2
    );
    // Close some again (never the first two: lo and hi), holding each port so it stays
    // closed.
    for _ in 0..CLOSED {
        let (port, listener) = open.remove(2 + rng.below(open.len() as u64 - 2) as usize);
        drop(listener);
        if let Some(socket) = hold_closed(port) {
            closed.push((port, socket));
        }
    }
    let mut open_ports: Vec<u16> = open.iter().map(|(p, _)| *p).collect();
    open_ports.sort_unstable();
    let closed_ports: Vec<u16> = closed.iter().map(|(p, _)| *p).collect();
    // One port that drops connection attempts silently (a full accept queue): the scan
    // must wait for its --timeout there, count it as not open, and go on.
    let silent = (0..50)
        .map(|_| lo + 1 + rng.below(u64::from(SPAN - 2)) as u16)
        .filter(|p| !open_ports.contains(p) && !closed_ports.contains(p))
        .find_map(|p| FullQueue::on_port(&ctx.log, p).ok());
    let silent_port = silent.as_ref().map(FullQueue::port);
    ctx.log.note(&format!(
        "grader listens on {open_ports:?}, closed again {closed_ports:?}, drops SYNs on {silent_port:?}"
    ));
    let range = format!("{lo}-{hi}");
    let why_slow = format!(
        " (the port {silent_port:?} drops connection attempts: a scan must give up on it \
         after its --timeout of 200 ms)"
    );
    let (listed, summary) = run_scan(ctx, &range, &why_slow)?;
    for port in &open_ports {
        let which = match *port {
            p if p == lo => format!(", the first of {range},"),
            p if p == hi => format!(", the last of {range},"),
            _ => String::new(),
        };
        ensure!(
            listed.contains(port),
            "port {port}{which} is open (the grader listens on it) but is not listed"
        );
    }
    for port in &closed_ports {
        ensure!(
            !listed.contains(port),
            "port {port} is closed (the grader closed it again) but is listed as open"
        );
    }
    if let Some(port) = silent_port {
        ensure!(
            !listed.contains(&port),
            "port {port} drops connection attempts (nothing answers) but is listed as open"
        );
    }
    let want = format!("Scanned {} ports on 127.0.0.1: {} open", SPAN, listed.len());
    ensure!(
        summary == want,
        "the last line should be the summary {want:?}, got {summary:?}"
    );
    // A range of one port, given as a single number: one of this run's open ports.
    let one = *rng.pick(&open_ports);
    let (listed, summary) = run_scan(ctx, &one.to_string(), "")?;
    ensure!(
        listed == [one],
        "`scan --ports {one}` (one port, open: the grader listens on it) should list just it, \
         listed {listed:?}"
    );
    let want = "Scanned 1 ports on 127.0.0.1: 1 open";
    ensure!(
        summary == want,
        "`scan --ports {one}`: the last line should be the summary {want:?}, got {summary:?}"
    );
    Ok(())
}

/// Runs `scan --ports PORTS` on 127.0.0.1 and returns the ports it listed as open (in
/// ascending order, or a failure) and its summary line. `why_slow` is added to the reason
/// when the scan does not end in time.
fn run_scan(ctx: &Ctx, ports: &str, why_slow: &str) -> Result<(Vec<u16>, String), Failure> {
    let args = [
        "scan",
        "--host",
        "127.0.0.1",
        "--ports",
        ports,
        "--services",
        &services(),
        "--timeout",
        "200",
    ];
    let finished = ctx
        .run(PROGRAM, &args, PROMPT)
        .map_err(|f| Failure::new(format!("{}{why_slow}", f.reason)))?;
    expect_success(&finished)?;
    let stdout = finished.stdout_text();
    let lines: Vec<&str> = stdout.lines().filter(|l| !l.trim().is_empty()).collect();
    let Some((summary, port_lines)) = lines.split_last() else {
        fail!("`scan --ports {ports}` printed nothing");
    };
    let mut listed = Vec::new();
    for line in port_lines {
        let port = line
            .strip_prefix("Port ")
            .and_then(|rest| rest.split_once(' '))
            .and_then(|(port, rest)| rest.ends_with("is open").then_some(port))
            .and_then(|port| port.parse::<u16>().ok());
        match port {
            Some(port) => listed.push(port),
            None => fail!("expected `Port N (name) is open` lines, then the summary; got {line:?}"),
        }
    }
    ensure!(
        listed.windows(2).all(|w| w[0] < w[1]),
        "the open ports should be listed in ascending order: {listed:?}"
    );
    Ok((listed, summary.to_string()))
}

fn bad_range(ctx: &Ctx) -> Result<(), Failure> {
    for ports in ["90-80", "0", "70000", "1-70000", "abc"] {
        expect_usage_error(ctx, PROGRAM, &["scan", "--ports", ports])?;
    }
    expect_usage_error(ctx, PROGRAM, &["port", "abc"])?;
    expect_usage_error(ctx, PROGRAM, &["port", "65536"])?;
    Ok(())
}

fn missing_services_file(ctx: &Ctx) -> Result<(), Failure> {
    let path: PathBuf = crate::paths::checkout().join("fixtures/no-such-dir/services");
    let path = path.display().to_string();
    let finished = expect_runtime_error(ctx, PROGRAM, &["port", "80", "--services", &path], &path)?;
    ensure!(
        finished.stdout_text().trim().is_empty(),
        "nothing should be printed on stdout without a services file"
    );
    Ok(())
}
