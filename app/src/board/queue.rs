//! The queue in front of the passes over many cases (a board search, the count of a board no
//! tally serves): a few at once, a bounded line behind them, and a refusal beyond it. Server-only.

use crate::error::{AppError, AppResult};

/// How many passes over the cases may run at once: one core fewer than the machine has (at
/// least one). The others wait their turn in order, and light work — an urgent appeal
/// registered, a card moved, an act saved — keeps a core instead of queueing behind a crowd of
/// boards opened on Monday morning.
fn passes_at_once() -> &'static tokio::sync::Semaphore {
    static PASSES: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    PASSES.get_or_init(|| tokio::sync::Semaphore::new(crate::cores::for_heavy_work()))
}

/// Passes waiting for their turn; beyond [`MAX_WAITING_PER_CORE`] per core a board is refused
/// at once (503) instead of waiting half a minute for an answer nobody is still looking at.
static WAITING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
pub const MAX_WAITING_PER_CORE: usize = 16;
pub const BOARD_BUSY: &str = "Доска сейчас перегружена: откройте её ещё раз через несколько секунд";

/// Takes a turn for a pass over the cases, or refuses when the queue is full.
pub(super) async fn turn() -> AppResult<tokio::sync::SemaphorePermit<'static>> {
    use std::sync::atomic::Ordering;
    if let Ok(permit) = passes_at_once().try_acquire() {
        return Ok(permit);
    }
    /// One place in the queue, given back however the wait ends (a closed page cancels it).
    struct Waiting;
    impl Drop for Waiting {
        fn drop(&mut self) {
            WAITING.fetch_sub(1, Ordering::SeqCst);
        }
    }
    let place = Waiting;
    if WAITING.fetch_add(1, Ordering::SeqCst) >= MAX_WAITING_PER_CORE * crate::cores::all() {
        return Err(AppError::Overloaded(BOARD_BUSY.into()));
    }
    let permit = passes_at_once().acquire().await;
    drop(place);
    permit.map_err(|_| AppError::internal("the board's queue is closed"))
}
