//! Ctrl-C and SIGTERM: kill every student program before the grader goes, so nothing is
//! left running.
//!
//! The signals are blocked in every thread (threads inherit the mask) and one thread waits
//! for them with `sigwait`, so the cleanup runs as ordinary code, not in a signal handler.

use std::thread;

use super::registry;

/// Call once, before any other thread starts.
pub fn kill_children_on_interrupt() {
    // SAFETY: plain libc calls on a sigset we own; they have no other preconditions.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::sigaddset(&mut set, libc::SIGTERM);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
        let set_for_thread = set;
        thread::spawn(move || {
            let mut signal = 0;
            if libc::sigwait(&set_for_thread, &mut signal) == 0 {
                registry::kill_everything();
                std::process::exit(128 + signal);
            }
        });
    }
}

/// Makes `command`'s child start with no signal blocked (a tool like cargo or a child
/// grader must stop on Ctrl-C and SIGTERM like any program).
pub fn unblocked(command: &mut std::process::Command) -> &mut std::process::Command {
    // SAFETY: the closure only calls sigprocmask, which is async-signal-safe.
    unsafe {
        std::os::unix::process::CommandExt::pre_exec(command, || {
            unblock_all();
            Ok(())
        })
    }
}

/// Clears the blocked-signal mask in a child before `exec`: the mask would otherwise be
/// inherited, and a student program could not be stopped with SIGTERM.
///
/// # Safety
/// Call only from a `pre_exec` closure (between fork and exec).
pub unsafe fn unblock_all() {
    // SAFETY: sigprocmask on a zeroed, emptied set; async-signal-safe.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigprocmask(libc::SIG_SETMASK, &set, std::ptr::null_mut());
    }
}
