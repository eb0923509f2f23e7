//! The classroom server's loop: one thread, `poll(2)` over the listener and every
//! connection, accepting while there is room, and the check-ins of one round decided as a
//! batch (appended with one write and one `fdatasync`, then answered: group commit).

use super::*;

pub(super) struct Server {
    pub(super) listener: TcpListener,
    pub(super) config: Config,
    pub(super) attendance: Attendance,
    pub(super) log: Transcript,
    pub(super) stopping: Arc<AtomicBool>,
    pub(super) conns: Vec<Conn>,
    /// Accepting is paused until then (out of file descriptors).
    pub(super) paused_until: Option<Instant>,
}

impl Server {
    pub(super) fn run(mut self) {
        while !self.stopping.load(Ordering::SeqCst) {
            let now = Instant::now();
            let accepting = self.conns.len() < self.config.max_connections
                && self.paused_until.is_none_or(|t| now >= t);
            let mut fds = vec![PollFd::new(
                &self.listener,
                if accepting {
                    PollFlags::IN
                } else {
                    PollFlags::empty()
                },
            )];
            for conn in &self.conns {
                let events = if conn.state == State::Answering {
                    PollFlags::OUT
                } else {
                    PollFlags::IN
                };
                fds.push(PollFd::new(&conn.stream, events));
            }
            let mut wait = self
                .conns
                .iter()
                .map(|c| c.deadline.saturating_duration_since(now))
                .min();
            if !accepting {
                // Full or out of descriptors: look again soon even if no client moves.
                wait = Some(wait.map_or(ACCEPT_PAUSE, |w| w.min(ACCEPT_PAUSE)));
            }
            let timeout = wait.map(|w| {
                let w = w.min(Duration::from_secs(60)) + Duration::from_millis(1);
                Timespec {
                    tv_sec: w.as_secs() as i64,
                    tv_nsec: w.subsec_nanos().into(),
                }
            });
            let polled = rustix::event::poll(&mut fds, timeout.as_ref());
            // Which descriptors moved (the borrows of the connections end here).
            let moved: Vec<bool> = fds.iter().map(|fd| !fd.revents().is_empty()).collect();
            drop(fds);
            if let Err(error) = polled {
                if error == rustix::io::Errno::INTR {
                    continue;
                }
                self.note(&format!("poll failed: {}", io::Error::from(error)));
                return;
            }
            if self.stopping.load(Ordering::SeqCst) {
                return;
            }
            let now = Instant::now();
            for (conn, moved) in self.conns.iter_mut().zip(&moved[1..]) {
                if *moved {
                    step(conn, &self.log, self.config.max_line, now);
                }
                if conn.deadline <= now {
                    expire(conn, &self.log, now, self.config.read_timeout);
                }
            }
            self.decide_batch(now);
            for conn in &mut self.conns {
                if conn.state == State::Answering {
                    send(conn, &self.log, now);
                }
            }
            self.conns.retain(|c| c.state != State::Closed);
            if accepting && moved[0] {
                self.accept(now);
            }
        }
    }

    /// Accepts every waiting client (up to the connection cap).
    fn accept(&mut self, now: Instant) {
        // Bounded per round, so that the clients already in hand are served too.
        for _ in 0..ACCEPT_BATCH {
            if self.conns.len() >= self.config.max_connections {
                return;
            }
            match self.listener.accept() {
                Ok((stream, peer)) => {
                    if stream.set_nonblocking(true).is_err() {
                        continue;
                    }
                    let num = self.log.new_conn();
                    self.log
                        .record(num, Kind::Accept, "client", &[], &peer.to_string());
                    self.conns.push(Conn {
                        stream,
                        peer,
                        num,
                        state: State::Reading,
                        deadline: now + self.config.read_timeout,
                        buf: Vec::new(),
                        out: Vec::new(),
                        sent: 0,
                    });
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => return,
                // The client gave up before we accepted it.
                Err(e)
                    if matches!(
                        e.kind(),
                        ErrorKind::Interrupted | ErrorKind::ConnectionAborted
                    ) => {}
                // Out of descriptors or memory (or stranger): accepting again at once would
                // fail the same way, so pause instead of spinning.
                Err(e) => {
                    self.note(&format!("accept: {e}; pausing new connections"));
                    self.paused_until = Some(now + ACCEPT_PAUSE);
                    return;
                }
            }
        }
    }

    /// Answers every whole line of this round: refusals at once, acceptances after one
    /// append + fdatasync for all of them.
    fn decide_batch(&mut self, now: Instant) {
        let mut rows: Vec<(usize, Row)> = Vec::new();
        let mut batch_ids: HashSet<String> = HashSet::new();
        let unix_time = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        for (i, conn) in self.conns.iter_mut().enumerate() {
            if conn.state != State::Decided {
                continue;
            }
            let refusal = match parse_check_in(&conn.buf) {
                None => Some(BAD_LINE.to_string()),
                Some(c)
                    if self
                        .config
                        .roster
                        .as_ref()
                        .is_some_and(|r| !r.contains(c.id)) =>
                {
                    Some(format!("ERR unknown id: {}\r\n", c.id))
                }
                Some(c) if self.attendance.contains(c.id) || batch_ids.contains(c.id) => {
                    Some(format!("ERR duplicate: {} already checked in\r\n", c.id))
                }
                Some(_)
                    if self.config.roster.is_none()
                        && self.attendance.count() + rows.len() >= MAX_PRESENT =>
                {
                    Some("ERR class is full\r\n".to_string())
                }
                Some(c) => {
                    batch_ids.insert(c.id.to_string());
                    let row = Row {
                        id: c.id.to_string(),
                        name: c.name.to_string(),
                        peer_address: conn.peer.to_string(),
                        unix_time,
                    };
                    rows.push((i, row));
                    None
                }
            };
            if let Some(answer) = refusal {
                if let Some(say) = self.config.announce {
                    say(
                        Notice::Problem,
                        &format!("refused {}: {}", conn.peer, answer.trim_end()),
                    );
                }
                answer_with(conn, answer.into_bytes(), now, self.config.read_timeout);
            }
        }
        if rows.is_empty() {
            return;
        }
        let (indexes, rows): (Vec<usize>, Vec<Row>) = rows.into_iter().unzip();
        let before = self.attendance.count();
        let saved = self.attendance.append(&rows);
        if let Err(e) = &saved {
            self.note(&format!(
                "cannot write {}: {e}",
                self.attendance.path().display()
            ));
            if let Some(say) = self.config.announce {
                say(
                    Notice::Problem,
                    &format!(
                        "roll-call: cannot write {}: {e}",
                        self.attendance.path().display()
                    ),
                );
            }
        }
        for (k, (i, row)) in indexes.into_iter().zip(&rows).enumerate() {
            let conn = &mut self.conns[i];
            let answer = match &saved {
                Ok(()) => {
                    let present = before + k + 1;
                    if let Some(say) = self.config.announce {
                        say(
                            Notice::Event,
                            &format!(
                                "[{present} present] {} {} from {}",
                                row.id, row.name, conn.peer
                            ),
                        );
                    }
                    self.log.note(&format!(
                        "checked in {} {:?} ({present} present)",
                        row.id, row.name
                    ));
                    format!("OK {} checked in ({present} present)\r\n", row.id)
                }
                Err(_) => "ERR server cannot save attendance, try again\r\n".to_string(),
            };
            answer_with(conn, answer.into_bytes(), now, self.config.read_timeout);
        }
    }

    fn note(&self, text: &str) {
        self.log.note(&format!("roll-call server: {text}"));
    }
}
