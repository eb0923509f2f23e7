//! `grader serve PEER`: run a reference peer by hand until Ctrl-C. `roll-call` is the
//! classroom's check-in server (a roster, an attendance file); its announcements go to the
//! terminal here: check-ins on stdout, refusals and problems on stderr.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use grader::peers::{self, roll_call::Notice};

use super::fail;

#[derive(clap::Args)]
pub struct Args {
    /// The peer to run (see `grader serve --list`).
    #[arg(required_unless_present = "list")]
    peer: Option<String>,
    /// Address to bind (default: a free port on 127.0.0.1; `0.0.0.0:12345` to let a
    /// classroom reach you).
    #[arg(long, default_value = "127.0.0.1:0")]
    bind: SocketAddr,
    /// List the peers.
    #[arg(long)]
    list: bool,
    /// roll-call only: accept only these ids (CSV with a header line `id,name`, then one
    /// student per line; extra columns are ignored).
    #[arg(long, value_name = "CSV")]
    roster: Option<PathBuf>,
    /// roll-call only: the attendance file, appended to (and read back on restart so
    /// duplicates stay refused). Rows: `id,name,peer_address,unix_time`.
    #[arg(long, value_name = "CSV", default_value = "attendance.csv")]
    out: PathBuf,
}

pub fn main(args: Args) -> ExitCode {
    if args.list {
        for entry in peers::catalog::PEERS {
            println!("{:<18} {}", entry.name, entry.description);
        }
        return ExitCode::SUCCESS;
    }
    let name = args.peer.clone().unwrap_or_default();
    if name == "roll-call" {
        return roll_call(&args);
    }
    let Some(entry) = peers::catalog::find(&name) else {
        let names: Vec<&str> = peers::catalog::PEERS.iter().map(|p| p.name).collect();
        return fail(
            format!("unknown peer `{name}`; peers are: {}", names.join(", ")),
            2,
        );
    };
    let log = peers::Transcript::default();
    match (entry.start)(args.bind, &log) {
        Ok(peer) => {
            println!("{} listening on {}", entry.name, peer.addr());
            peer.join();
            ExitCode::SUCCESS
        }
        Err(e) => fail(format!("cannot start {name} on {}: {e}", args.bind), 1),
    }
}

/// The classroom's check-in server, until Ctrl-C.
fn roll_call(args: &Args) -> ExitCode {
    match peers::roll_call::start_by_hand(args.bind, args.roster.as_deref(), &args.out, announce) {
        Ok(peer) => {
            announce(
                Notice::Event,
                &format!("roll-call listening on {}", peer.addr()),
            );
            peer.join();
            ExitCode::SUCCESS
        }
        Err(e) => fail(e, 1),
    }
}

/// Where `grader serve roll-call` shows what its server announces: check-ins on stdout
/// (flushed at once, for a projector or a pipe), refusals and problems on stderr.
fn announce(notice: Notice, line: &str) {
    use std::io::Write;
    match notice {
        Notice::Event => {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{line}");
            let _ = out.flush();
        }
        Notice::Problem => eprintln!("{line}"),
    }
}
