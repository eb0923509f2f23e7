//! Running untrusted programs: started without copying the grader (`spawn`), a sandbox
//! applied before `exec` (limits, cgroups, and the
//! bwrap jail where the machine has it), a process group per program, capped capture of its
//! output, readiness by its first line, and a registry that kills whatever is left when the
//! grader exits. One set of rules, described by one line of the report
//! (`Sandbox::describe`).

pub mod build_jail;
pub mod capture;
pub mod cgroup;
pub mod isolation;
pub mod jail;
pub mod process;
pub mod registry;
pub mod sandbox;
pub mod signals;
mod spawn;
pub mod supervised;

pub use process::{Exit, Finished, Launch, Running, parse_bound_addr};
pub use sandbox::{Limits, Sandbox};
pub use supervised::Supervised;
