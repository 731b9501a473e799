//! Progress reports and cancellation for long renders.

use crate::error::ReportError;

/// How far a render has come: `done` of `total` work units (rows, cards, sections; the
/// last unit is writing the file). `done` never decreases and ends equal to `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Units finished.
    pub done: u64,
    /// Units in the whole render.
    pub total: u64,
}

/// Counts work and asks the caller's callback whether to go on.
pub(crate) struct Ticker<'a> {
    callback: &'a mut dyn FnMut(Progress) -> bool,
    done: u64,
    total: u64,
    /// Units finished since the callback was last asked.
    pending: u64,
}

/// The callback is asked at most once per this many units (and at every
/// [`Ticker::checkpoint`]).
const EVERY: u64 = 16;

impl<'a> Ticker<'a> {
    pub(crate) fn new(callback: &'a mut dyn FnMut(Progress) -> bool, total: u64) -> Self {
        Self { callback, done: 0, total: total.max(1), pending: 0 }
    }

    /// Reports the start (0 of total); a `false` cancels before any work.
    pub(crate) fn start(&mut self) -> Result<(), ReportError> {
        self.ask()
    }

    /// Counts `n` finished units, asking the callback now and then.
    pub(crate) fn advance(&mut self, n: u64) -> Result<(), ReportError> {
        self.done = (self.done + n).min(self.total.saturating_sub(1));
        self.pending += n;
        if self.pending >= EVERY {
            self.ask()?;
        }
        Ok(())
    }

    /// Counts `n` finished units and asks the callback.
    pub(crate) fn checkpoint(&mut self, n: u64) -> Result<(), ReportError> {
        self.done = (self.done + n).min(self.total.saturating_sub(1));
        self.ask()
    }

    /// Reports the end (total of total).
    pub(crate) fn finish(&mut self) -> Result<(), ReportError> {
        self.done = self.total;
        self.ask()
    }

    fn ask(&mut self) -> Result<(), ReportError> {
        self.pending = 0;
        if (self.callback)(Progress { done: self.done, total: self.total }) {
            Ok(())
        } else {
            Err(ReportError::Cancelled)
        }
    }
}
