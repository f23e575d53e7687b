//! How much of the machine the server's heavy work may take. Server-only.

/// The machine's cores (2 when it cannot tell).
pub fn all() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)
}

/// Cores for heavy work — passes over many cases, password hashing: all but one, at least one.
/// The core left answers pages, live streams and the health check.
pub fn for_heavy_work() -> usize {
    all().saturating_sub(1).max(1)
}
