//! The simulation hub: the virtual clock, the event log and the observers.
//!
//! Why one hub: every simulated part (pins, I2C bus, delays) must stamp its operations with the
//! same clock and append them to one ordered log, so that a model (an LCD controller, a relay
//! board) sees exactly the sequence a real device would, and the log can be written as a trace
//! file and replayed later. Time is virtual (nanoseconds since power-up): it only moves when
//! driver code calls a delay, so a simulated 2 ms "clear display" costs no real time.

use std::sync::{Arc, Mutex};

use crate::lock;
use crate::trace::{Event, EventKind, Trace};

/// Something that wants to see every event as it is recorded (a device model attached live).
///
/// Observers are called while the recorder is locked: they must not call back into the
/// recorder, the bank or the bus.
pub trait Observer: Send {
    /// Called once per recorded event, in order.
    fn on_event(&mut self, event: &Event);
}

struct Inner {
    now_ns: u64,
    events: Vec<Event>,
    observers: Vec<Arc<Mutex<dyn Observer>>>,
}

/// The virtual clock plus the event log. Cheap to clone: clones share the same state.
#[derive(Clone)]
pub struct Recorder {
    inner: Arc<Mutex<Inner>>,
}

impl Default for Recorder {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let g = lock(&self.inner);
        f.debug_struct("Recorder")
            .field("now_ns", &g.now_ns)
            .field("events", &g.events.len())
            .finish()
    }
}

impl Recorder {
    /// A fresh simulation at virtual time 0 (power-up), with an empty log.
    pub fn new() -> Self {
        Recorder {
            inner: Arc::new(Mutex::new(Inner {
                now_ns: 0,
                events: Vec::new(),
                observers: Vec::new(),
            })),
        }
    }

    /// Virtual time now, in nanoseconds since power-up.
    pub fn now_ns(&self) -> u64 {
        lock(&self.inner).now_ns
    }

    /// Records a delay of `ns` at the current time and moves the clock forward by it.
    pub fn delay(&self, ns: u64) {
        self.record(EventKind::Delay { ns });
        let mut g = lock(&self.inner);
        g.now_ns = g.now_ns.saturating_add(ns);
    }

    /// Moves the clock forward to `t_ns` without logging a delay (e.g. I2C clock stretching).
    /// Never moves it backwards.
    pub fn advance_to(&self, t_ns: u64) {
        let mut g = lock(&self.inner);
        g.now_ns = g.now_ns.max(t_ns);
    }

    /// Stamps `kind` with the current virtual time, appends it and shows it to the observers.
    pub fn record(&self, kind: EventKind) {
        let mut g = lock(&self.inner);
        let event = Event {
            t_ns: g.now_ns,
            kind,
        };
        for o in &g.observers {
            lock(o).on_event(&event);
        }
        g.events.push(event);
    }

    /// Attaches a model: it sees every event recorded from now on (not the past ones; feed
    /// those with [`Recorder::replay_into`] first if needed).
    pub fn observe(&self, observer: Arc<Mutex<dyn Observer>>) {
        lock(&self.inner).observers.push(observer);
    }

    /// Feeds every event logged so far to `observer` (for a model attached late).
    pub fn replay_into(&self, observer: &mut dyn Observer) {
        let g = lock(&self.inner);
        for e in &g.events {
            observer.on_event(e);
        }
    }

    /// Number of events logged so far.
    pub fn len(&self) -> usize {
        lock(&self.inner).events.len()
    }

    /// True when nothing has been logged yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A copy of the events from index `from` on (for incremental trace writing).
    pub fn events_since(&self, from: usize) -> Vec<Event> {
        let g = lock(&self.inner);
        g.events
            .get(from..)
            .map(<[Event]>::to_vec)
            .unwrap_or_default()
    }

    /// The whole log as a [`Trace`].
    pub fn trace(&self) -> Trace {
        Trace {
            events: self.events_since(0),
        }
    }
}
