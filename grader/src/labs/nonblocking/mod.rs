//! Checks of lab 07, nonblocking: `trivial` shows `accept` returning WouldBlock, and the
//! one-thread `poll(2)` echo server is put under the grader's clients: 100 at once with
//! interleaved messages, an idle one, one that writes 4 MiB without reading; while the
//! grader looks at the server process itself (`/proc/PID`): one thread, no CPU when idle.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::os::fd::AsRawFd;
use std::thread;
use std::time::{Duration, Instant};

use super::Lab;
use super::common::{PROMPT, connect, expect_success, expect_usage_error, same_echo};
use crate::check::{Check, Context, Ctx, Failure};
use crate::peers::Wire;
use crate::random::Rng;
use crate::{ensure, fail};

mod proc;

const PROGRAM: &str = "nonblocking";
const SERVER: &[&str] = &["echo-server", "--port", "0"];
/// How long the idle-CPU check watches an idle server: the read timeout it waits on. A busy
/// loop burns all of it (70 clock ticks against the 9 allowed); the rest of a full grade
/// takes about as long, so the wait costs nothing.
const IDLE: Duration = Duration::from_millis(700);
/// How long a client's send buffer must stay full before the grader calls it stuck: the
/// flooding checks' required wait. Calling it stuck too early under load only weakens the
/// check (the flood stops sooner), it never fails a correct server.
const STUCK: Duration = Duration::from_millis(200);
/// What the slow reader sends without reading.
const FLOOD: usize = 4 << 20;
/// How often an idle server may wake up within `IDLE`: a poll timeout shorter than 35 ms
/// wakes it more often (a 1 ms one 700 times) though it uses little CPU each time.
const IDLE_WAKEUPS: u64 = 20;

const LAB_NAME: &str = "nonblocking";

pub const LAB: Lab = Lab {
    package: "nonblocking",
    folder: "07-nonblocking",
    programs: &[LAB_NAME],
    checks: CHECKS,
};

#[rustfmt::skip]
const CHECKS: &[Check] = &[
    Check::new(LAB_NAME, "trivial", 1,
        "`trivial` prints its address, then that accept() would block, and exits 0",
        "set_nonblocking(true) on the listener; accept failing with WouldBlock is Ok(None)",
        trivial),
    Check::new(LAB_NAME, "concurrent-clients", 3,
        "100 clients connected at once, sending in turn for 3 rounds: every message comes back exactly",
        "poll the listener and every client; read what is there and echo it; never block on one client",
        concurrent_clients),
    Check::new(LAB_NAME, "idle-client", 2,
        "a client that connects and says nothing holds no one up",
        "only read a client when poll says it is readable",
        idle_client),
    Check::new(LAB_NAME, "one-thread", 2,
        "with three clients connected the server has exactly one thread (/proc/PID/status) and no child",
        "no thread::spawn, no fork: one poll loop serves everyone",
        one_thread),
    Check::new(LAB_NAME, "idle-cpu", 2,
        "an idle server (one client connected, silent) uses next to no CPU for 0.7 s and wakes up at most 20 times",
        "poll with timeout -1 sleeps until something happens; ask for POLLOUT only with output pending",
        idle_cpu).waits_ms(IDLE.as_millis() as u64),
    Check::new(LAB_NAME, "slow-reader", 3,
        "a client writing 4 MiB without reading stalls no one, and then gets all 4 MiB back in order",
        "set sockets non-blocking, keep what write() did not take, stop reading a client whose output piles up",
        slow_reader).waits_ms(STUCK.as_millis() as u64),
    Check::new(LAB_NAME, "flooder-leaves", 2,
        "a client with small buffers floods without reading, then closes while the server holds its unsent echo, and another resets: others are still served, both sockets are closed",
        "a write error (EPIPE, ECONNRESET) on one client closes that client only; drop its pending output",
        flooder_leaves).waits_ms(STUCK.as_millis() as u64),
    Check::new(LAB_NAME, "bad-input", 1,
        "a bad port (`abc`, `99999`), an unknown or missing command are usage errors (exit 2)",
        "parse the port as u16 and report errors instead of unwrapping",
        bad_input),
];

fn trivial(ctx: &Ctx) -> Result<(), Failure> {
    let finished = ctx.run(PROGRAM, &["trivial"], PROMPT)?;
    expect_success(&finished)?;
    ctx.snapshot("trivial", &finished.stdout_text(), &[])
}

/// Sends `message` on `wire` and expects it back exactly.
fn round_trip(wire: &mut Wire, message: &[u8], who: &str) -> Result<(), Failure> {
    wire.write_all(message)
        .map_err(|e| Failure::new(format!("{who}: sending failed: {e}")))?;
    let back = wire.read_exact_or_eof(message.len()).map_err(|e| {
        Failure::new(format!(
            "{who}: no echo of {:?}: {e}",
            String::from_utf8_lossy(message)
        ))
    })?;
    ensure!(
        back == message,
        "{who}: sent {:?}, got {:?} back",
        String::from_utf8_lossy(message),
        String::from_utf8_lossy(&back)
    );
    Ok(())
}

fn concurrent_clients(ctx: &Ctx) -> Result<(), Failure> {
    let (_server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let mut clients = Vec::new();
    for i in 0..100 {
        let client = connect(ctx, addr)
            .map_err(|f| Failure::new(format!("client {i} of 100: {}", f.reason)))?;
        clients.push(client);
    }
    // Everyone speaks before anyone is read, round after round, on connections that all
    // stay open: the server must juggle them all.
    for round in 0..3 {
        for (i, client) in clients.iter_mut().enumerate() {
            let message = format!("client {i} round {round}\n");
            client.write_all(message.as_bytes()).context("send")?;
        }
        for (i, client) in clients.iter_mut().enumerate() {
            let want = format!("client {i} round {round}\n");
            let back = client.read_exact_or_eof(want.len()).map_err(|e| {
                Failure::new(format!("client {i} of 100, round {round}: no echo while the others stayed connected: {e}"))
            })?;
            ensure!(
                back == want.as_bytes(),
                "client {i}, round {round}: sent {want:?}, got {:?}",
                String::from_utf8_lossy(&back)
            );
        }
    }
    Ok(())
}

fn idle_client(ctx: &Ctx) -> Result<(), Failure> {
    let (_server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let mut idle = connect(ctx, addr)?;
    let mut busy = connect(ctx, addr)?;
    round_trip(
        &mut busy,
        b"not held up by a silent client\n",
        "the second client (the first one is silent)",
    )?;
    // The silent one is still served when it finally speaks.
    round_trip(&mut idle, b"finally speaking\n", "the silent client")
}

/// A field of `/proc/PID/status`, e.g. `Threads`.
fn status_field(pid: i32, name: &str) -> Result<String, Failure> {
    let status =
        std::fs::read_to_string(format!("/proc/{pid}/status")).context("read /proc/PID/status")?;
    let prefix = format!("{name}:");
    match status.lines().find_map(|l| l.strip_prefix(&prefix)) {
        Some(value) => Ok(value.trim().to_string()),
        None => fail!("grader: no `{name}:` in /proc/{pid}/status"),
    }
}

fn one_thread(ctx: &Ctx) -> Result<(), Failure> {
    let (server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    // Three clients served and still connected: a thread (or process) per client would
    // exist by now.
    let mut clients = Vec::new();
    for i in 0..3 {
        let mut client = connect(ctx, addr)?;
        round_trip(
            &mut client,
            format!("client {i}\n").as_bytes(),
            &format!("client {i}"),
        )?;
        clients.push(client);
    }
    let pid = server.pid();
    let threads: u32 = status_field(pid, "Threads")?
        .parse()
        .context("Threads in /proc/PID/status")?;
    // Under `--target` the emulator's own threads share the process: they are not the server's.
    let threads = threads.saturating_sub(ctx.emulator_threads());
    ensure!(
        threads == 1,
        "with 3 clients connected the server runs {threads} threads: it should serve them all from one thread"
    );
    let children =
        std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
    ensure!(
        children.trim().is_empty(),
        "the server started child processes ({}): it should serve every client itself",
        children.trim()
    );
    ensure!(server.is_alive(), "the server exited");
    Ok(())
}

/// CPU time the process used so far (user + system), in clock ticks.
fn cpu_ticks(pid: i32) -> Result<u64, Failure> {
    let stat =
        std::fs::read_to_string(format!("/proc/{pid}/stat")).context("read /proc/PID/stat")?;
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    let rest = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After the name: state is field 3, utime field 14, stime field 15.
    match (
        fields.get(11).and_then(|f| f.parse::<u64>().ok()),
        fields.get(12).and_then(|f| f.parse::<u64>().ok()),
    ) {
        (Some(utime), Some(stime)) => Ok(utime + stime),
        _ => fail!("grader: cannot read utime and stime from /proc/{pid}/stat"),
    }
}

fn clock_ticks_per_second() -> f64 {
    // SAFETY: sysconf only reads a system constant.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if ticks > 0 { ticks as f64 } else { 100.0 }
}

fn idle_cpu(ctx: &Ctx) -> Result<(), Failure> {
    let (server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let mut client = connect(ctx, addr)?;
    round_trip(&mut client, b"then silence\n", "the client")?;
    let pid = server.pid();
    let before = cpu_ticks(pid)?;
    let runnable_before = runnable_ns(pid);
    let sleeps_before = proc::sleeps(pid);
    let started = Instant::now();
    // The wait: a read on the idle connection, which must time out (nothing to echo).
    client
        .set_read_timeout(IDLE)
        .context("set a read timeout")?;
    let mut probe = [0u8; 64];
    match client.read(&mut probe) {
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
        Ok(0) => fail!("the server closed an idle client's connection"),
        Ok(n) => fail!("the server sent {n} bytes to a client that had sent nothing more"),
        Err(e) => fail!("the idle connection broke: {e}"),
    }
    let after = cpu_ticks(pid)?;
    let runnable_after = runnable_ns(pid);
    let sleeps_after = proc::sleeps(pid);
    let elapsed = started.elapsed().as_secs_f64();
    let hz = clock_ticks_per_second();
    let used = (after - before) as f64 / hz;
    // A few ticks of slack for the machine's own noise; a busy loop uses the whole second.
    let allowed = elapsed * 0.1 + 2.0 / hz;
    ensure!(
        used <= allowed,
        "idle for {elapsed:.2} s, the server used {used:.2} s of CPU ({:.0} %): it is busy-looping \
         instead of sleeping in poll",
        100.0 * used / elapsed
    );
    // On a busy machine a busy loop gets little CPU, but it always wants some: it is never
    // asleep. Half the time is far above what an idle server waits for a core after its
    // last echo, even under load.
    if let (Some(before), Some(after)) = (runnable_before, runnable_after) {
        let runnable = after.saturating_sub(before) as f64 / 1e9;
        ensure!(
            runnable <= elapsed * 0.5,
            "idle for {elapsed:.2} s, the server was running or waiting for a CPU for \
             {runnable:.2} s ({:.0} %): it is busy-looping instead of sleeping in poll",
            100.0 * runnable / elapsed
        );
    }
    // Little CPU but many wake-ups: poll with a short timeout, an idle loop all the same.
    if let (Some(before), Some(after)) = (sleeps_before, sleeps_after) {
        let wakeups = after.saturating_sub(before);
        ensure!(
            wakeups <= IDLE_WAKEUPS,
            "idle for {elapsed:.2} s, the server woke up {wakeups} times: poll with timeout -1 \
             sleeps until something happens, a short timeout wakes it for nothing"
        );
    }
    Ok(())
}

/// How long the server's main thread has run or waited for a CPU so far, in nanoseconds
/// (`/proc/PID/schedstat`): unlike CPU time, it does not shrink when the machine is busy.
/// None where the kernel does not keep it.
fn runnable_ns(pid: i32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/schedstat")).ok()?;
    let mut fields = stat.split_whitespace().map(|f| f.parse::<u64>().ok());
    Some(fields.next()?? + fields.next()??)
}

/// The flooding client's receive buffer: small, so the server's writes really block
/// (loopback buffers otherwise grow to megabytes and a 4 MiB flood proves nothing).
const SMALL_BUFFER: usize = 4096;
/// Its send buffer: small enough that a full one means the server stopped reading, large
/// enough to flood at loopback speed (a 4 KiB one took seconds).
const SEND_BUFFER: usize = 64 * 1024;

/// Connects the flooding client (a plain socket with small buffers set before it connects,
/// since the receive window is agreed then: its writes are counted by hand).
fn flooding_client(ctx: &Ctx, addr: SocketAddr) -> Result<TcpStream, Failure> {
    let socket = socket2::Socket::new(
        socket2::Domain::for_address(addr),
        socket2::Type::STREAM,
        None,
    )
    .context("create the flooding client's socket")?;
    socket
        .set_recv_buffer_size(SMALL_BUFFER)
        .and_then(|()| socket.set_send_buffer_size(SEND_BUFFER))
        .context("make the flooding client's buffers small")?;
    socket
        .connect_timeout(&addr.into(), PROMPT)
        .context("connect to the server")?;
    let stream: TcpStream = socket.into();
    stream
        .set_read_timeout(Some(PROMPT))
        .context("set a read timeout")?;
    stream
        .set_write_timeout(Some(PROMPT))
        .context("set a write timeout")?;
    let local = stream
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    ctx.log
        .note(&format!("the flooding client connected from {local}"));
    Ok(stream)
}

/// Gives the flooding client large buffers once the small ones proved their point, so the
/// rest of the 4 MiB and its echo move at loopback speed. Best effort: small buffers only
/// slow it down.
fn widen(stream: &TcpStream) {
    let socket = socket2::SockRef::from(stream);
    let _ = socket.set_recv_buffer_size(FLOOD);
    let _ = socket.set_send_buffer_size(FLOOD);
}

/// Waits until `stream` can take more bytes, for at most `within`. False when it stays full.
fn writable_within(stream: &TcpStream, within: Duration) -> bool {
    let mut fds = libc::pollfd {
        fd: stream.as_raw_fd(),
        events: libc::POLLOUT,
        revents: 0,
    };
    let ms = within.as_millis().min(i32::MAX as u128) as i32;
    // SAFETY: one valid pollfd, for the duration of the call.
    let ready = unsafe { libc::poll(&mut fds, 1, ms) };
    ready > 0
}

/// Writes `data` without reading until all is written or the kernel takes nothing more for
/// `STUCK`. Returns how much went and whether the client got stuck.
fn flood_until_stuck(mut stream: &TcpStream, data: &[u8]) -> Result<(usize, bool), Failure> {
    stream
        .set_nonblocking(true)
        .context("make the socket non-blocking")?;
    let mut sent = 0;
    let mut stuck = false;
    // Bounded: every turn either sends a byte or more, or waits for room at most once.
    for _ in 0..2 * data.len() {
        if sent == data.len() {
            break;
        }
        let end = (sent + 64 * 1024).min(data.len());
        match stream.write(&data[sent..end]) {
            Ok(n) => sent += n,
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                if !writable_within(stream, STUCK) {
                    stuck = true;
                    break;
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => fail!("the flooding client's send failed after {sent} bytes: {e}"),
        }
    }
    stream
        .set_nonblocking(false)
        .context("make the socket blocking again")?;
    Ok((sent, stuck))
}

fn slow_reader(ctx: &Ctx) -> Result<(), Failure> {
    let (server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    let data = Rng::for_check(&ctx.check.id()).bytes(FLOOD);
    let flood = flooding_client(ctx, addr)?;
    let (sent, stuck) = flood_until_stuck(&flood, &data)?;
    ctx.log.note(&match stuck {
        true => format!(
            "the flooding client wrote {sent} bytes without reading; then the server took \
             nothing more for {} ms",
            STUCK.as_millis()
        ),
        false => format!("the flooding client wrote all {sent} bytes without reading"),
    });

    // Someone else must still be served at once.
    let mut other = connect(ctx, addr)?;
    let who = format!("another client (while one had written {sent} bytes without reading)");
    round_trip(&mut other, b"are you still there?\n", &who)?;
    ensure!(server.is_alive(), "the server exited");

    // Now the flooder reads, while the rest of its data goes out: every byte comes back.
    widen(&flood);
    let back = echo_rest(ctx, &flood, &data[sent..], data.len())?;
    same_echo(&data, &back)
}

fn flooder_leaves(ctx: &Ctx) -> Result<(), Failure> {
    let (server, addr) = ctx.start_server(PROGRAM, SERVER)?;
    // The listener (and whatever else the server holds before any client).
    let sockets_before = proc::open_sockets(server.pid());
    let data = Rng::for_check(&ctx.check.id()).bytes(FLOOD);
    let flood = flooding_client(ctx, addr)?;
    let (sent, _) = flood_until_stuck(&flood, &data)?;
    // Unread data in our buffer: closing sends a reset, the server's pending echo is lost.
    drop(flood);
    ctx.log.note(&format!(
        "the flooding client wrote {sent} bytes without reading, then closed: the server still \
         held part of their echo"
    ));
    // A client that resets with nothing pending: only reading tells the server it is gone.
    let mut quitter = connect(ctx, addr)?;
    let message = format!("{}\n", Rng::for_check(&ctx.check.id()).message(20));
    round_trip(&mut quitter, message.as_bytes(), "a client about to reset")?;
    quitter.reset();
    let mut other = connect(ctx, addr)?;
    let who = format!("a client after one left with part of its {sent}-byte echo unsent");
    round_trip(&mut other, b"anyone home?\n", &who)?;
    ensure!(
        server.is_alive(),
        "the server exited after a client left while {sent} bytes of its echo were pending"
    );
    // Both gone: the server closes their sockets, keeping the listener and `other`.
    if let Some(before) = sockets_before
        && let Some(held) = sockets_settle(ctx, server.pid(), before + 1, &mut other)?
    {
        ensure!(
            held <= before + 1,
            "after two clients left (one reset with {sent} bytes of its echo unsent, one \
             reset with nothing pending) the server still holds {} client sockets, not just \
             the one still connected: a read or write error means the client is gone, close it",
            held.saturating_sub(before)
        );
    }
    Ok(())
}

/// How many sockets the server holds once it has had the chance to close those it should:
/// at most `want`, or what it still holds after a bounded series of round trips on `other`
/// (None where `/proc/PID/fd` cannot be read). The kernel has no event for another process
/// closing a descriptor, so the server's own echoes pace the looking: a one-thread server has
/// run its loop past the departures by the first echo, a server with a thread per client
/// gets a moment per echo.
fn sockets_settle(
    ctx: &Ctx,
    pid: i32,
    want: usize,
    other: &mut Wire,
) -> Result<Option<usize>, Failure> {
    let deadline = ctx.until(ctx.allow(PROMPT));
    for _ in 0..1000 {
        let Some(held) = proc::open_sockets(pid) else {
            return Ok(None);
        };
        if held <= want || std::time::Instant::now() >= deadline {
            return Ok(Some(held));
        }
        round_trip(other, b"still there?\n", "the client still connected")?;
    }
    Ok(proc::open_sockets(pid))
}

/// Sends `rest` from a second thread, then half-closes, while reading `total` bytes back.
fn echo_rest(ctx: &Ctx, stream: &TcpStream, rest: &[u8], total: usize) -> Result<Vec<u8>, Failure> {
    let mut writer = stream.try_clone().context("clone the socket")?;
    let (sending, back) = thread::scope(|scope| {
        let sender = scope.spawn(move || {
            writer
                .write_all(rest)
                .and_then(|_| writer.shutdown(Shutdown::Write))
        });
        let mut reader = stream;
        let mut back = Vec::with_capacity(total);
        let mut buf = vec![0u8; 64 * 1024];
        // Bounded: every turn reads a byte or more, or ends.
        let outcome = loop {
            if back.len() >= total {
                break Ok(());
            }
            match reader.read(&mut buf) {
                Ok(0) => break Ok(()),
                Ok(n) => back.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => break Err(e),
            }
        };
        (sender.join(), outcome.map(|()| back))
    });
    ctx.log.note(&format!(
        "the flooding client read {} bytes back",
        back.as_ref().map_or(0, Vec::len)
    ));
    match (sending, back) {
        (Ok(Ok(())), Ok(back)) => Ok(back),
        (Ok(Err(e)), _) => fail!("sending the rest of the 4 MiB failed: {e}"),
        (_, Err(e)) => fail!("reading the 4 MiB echo back failed: {e}"),
        (Err(_), _) => fail!("the sending thread panicked"),
    }
}

fn bad_input(ctx: &Ctx) -> Result<(), Failure> {
    expect_usage_error(ctx, PROGRAM, &["echo-server", "--port", "abc"])?;
    expect_usage_error(ctx, PROGRAM, &["echo-server", "--port", "99999"])?;
    expect_usage_error(ctx, PROGRAM, &["bogus"])?;
    expect_usage_error(ctx, PROGRAM, &[])?;
    Ok(())
}
