//! Figures counted in the background: a report or a dashboard that reads thousands of records
//! is counted by a task of its own, and a page asking for it never waits longer than a moment.
//! Each time a page is opened it asks for a count that begins then, so it never shows figures
//! older than its opening as current; it gets them when the count ends in time, else the last
//! count marked as being recounted, else — the first time after the server starts — how far the
//! count has got. With the answer comes a ticket: the page asks again with it until its count
//! has ended, and those asks start nothing new.

use serde::{Deserialize, Serialize};

/// What a page gets when it asks for a counted report. `ticket` names the count the page waits
/// for; it sends it back when it asks again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Counted<T> {
    /// The figures of the last count; `recounting`: the count the page waits for is under way.
    Ready { value: T, recounting: bool, ticket: u64 },
    /// Nothing counted yet: `done` parts of `of` are read.
    Counting { done: u32, of: u32, ticket: u64 },
}

impl<T> Counted<T> {
    /// The figures, if any are counted.
    pub fn value(&self) -> Option<&T> {
        match self {
            Counted::Ready { value, .. } => Some(value),
            Counted::Counting { .. } => None,
        }
    }

    /// The page should ask again: nothing yet, or its count is under way.
    pub fn settling(&self) -> bool {
        !matches!(self, Counted::Ready { recounting: false, .. })
    }

    pub fn ticket(&self) -> u64 {
        match self {
            Counted::Ready { ticket, .. } | Counted::Counting { ticket, .. } => *ticket,
        }
    }

    /// The share of the count done, 0–100 (100 when ready).
    pub fn percent(&self) -> u32 {
        match self {
            Counted::Ready { .. } => 100,
            Counted::Counting { of: 0, .. } => 0,
            Counted::Counting { done, of, .. } => (done.min(of) * 100) / of,
        }
    }
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::Counted;
    use crate::error::{AppError, AppResult};
    use futures::future::BoxFuture;
    use futures::FutureExt;
    use std::any::Any;
    use std::collections::HashMap;
    use std::future::Future;
    use std::panic::AssertUnwindSafe;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::{Arc, Mutex, MutexGuard};
    use std::time::{Duration, Instant};
    use tokio::sync::watch;

    /// How long a page waits for its count before it is answered with what there is.
    pub const PATIENCE: Duration = Duration::from_millis(400);

    /// Counts not asked for this long are forgotten.
    const KEPT_FOR: Duration = Duration::from_secs(30 * 60);

    /// How far a count has got: parts of it read. A count run outside [`Counts`] (a test, a
    /// bench, an export) takes a default one that nobody reads.
    #[derive(Debug, Default)]
    pub struct Progress {
        done: AtomicU32,
        of: u32,
    }

    impl Progress {
        pub fn new(of: u32) -> Self {
            Progress { done: AtomicU32::new(0), of }
        }

        /// One more part read.
        pub fn step(&self) {
            self.done.fetch_add(1, Ordering::Relaxed);
        }

        /// Awaits a part of the count and marks it read.
        pub async fn part<R>(&self, part: impl Future<Output = AppResult<R>>) -> AppResult<R> {
            let read = part.await;
            self.step();
            read
        }

        fn done(&self) -> u32 {
            self.done.load(Ordering::Relaxed).min(self.of)
        }
    }

    type Figures = Arc<dyn Any + Send + Sync>;

    /// Tickets a name remembers: enough for the pages asking again at any moment.
    const REMEMBERED: usize = 32;
    type Count = Box<dyn FnOnce(Arc<Progress>) -> BoxFuture<'static, AppResult<Figures>> + Send>;

    struct Entry {
        /// The figures of the last count that ended well, and its number.
        ready: Option<(Figures, u64)>,
        /// The numbers of this name's last counts, begun or waiting: the tickets it answers.
        issued: Vec<u64>,
        /// The progress of the count under way.
        running: Option<Arc<Progress>>,
        /// A count asked for while another ran, with its number: it begins when that one ends.
        next: Option<(Count, u32, u64)>,
        /// The last count that failed, and its number: told to the pages that wait for it.
        failed: Option<(AppError, u64)>,
        /// The number of the last count ended.
        ended: watch::Sender<u64>,
        asked: Instant,
    }

    impl Entry {
        fn new() -> Self {
            Entry {
                ready: None,
                issued: vec![],
                running: None,
                next: None,
                failed: None,
                ended: watch::channel(0).0,
                asked: Instant::now(),
            }
        }
    }

    /// The counts of one server, by name («dashboard», «svo:2026-11»). A name has at most one
    /// count under way and one waiting to begin; what it counts is the caller's. Counts are
    /// numbered across names, so a ticket of one name is never taken for another's.
    #[derive(Clone, Default)]
    pub struct Counts {
        entries: Arc<Mutex<HashMap<String, Entry>>>,
        numbers: Arc<std::sync::atomic::AtomicU64>,
    }

    /// What to count.
    pub struct Ask<'a> {
        /// The name of the count; the same name is the same figures.
        pub name: &'a str,
        /// How many parts the count reports (for the progress).
        pub parts: u32,
        /// The ticket of an earlier answer (the page asks again: nothing new begins); none: the
        /// page was just opened and needs a count that begins now.
        pub ticket: Option<u64>,
    }

    impl Counts {
        fn lock(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
            // A panic while the map was held leaves it usable: each entry is whole.
            self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
        }

        /// A new count's number, remembered as the name's.
        fn issue(&self, entry: &mut Entry) -> u64 {
            let number = self.numbers.fetch_add(1, Ordering::Relaxed) + 1;
            entry.issued.push(number);
            if entry.issued.len() > REMEMBERED {
                entry.issued.remove(0);
            }
            number
        }

        /// Begins `count`, numbered `number`.
        fn begin(&self, name: &str, entry: &mut Entry, count: Count, parts: u32, number: u64) {
            let progress = Arc::new(Progress::new(parts));
            entry.running = Some(progress.clone());
            let task = count(progress);
            let counts = self.clone();
            let name = name.to_string();
            // A count decodes thousands of records between two awaits: it runs on a thread of its
            // own, not on the workers that answer pages, so the pages' timers and every other
            // request keep their cores' share while it counts.
            let runtime = tokio::runtime::Handle::current();
            tokio::task::spawn_blocking(move || {
                runtime.block_on(async move {
                    let result = match AssertUnwindSafe(task).catch_unwind().await {
                        Ok(result) => result,
                        Err(_) => Err(AppError::internal(format!("the count {name} panicked"))),
                    };
                    let mut entries = counts.lock();
                    let Some(entry) = entries.get_mut(&name) else { return };
                    entry.running = None;
                    match result {
                        Ok(figures) => {
                            entry.ready = Some((figures, number));
                            entry.failed = None;
                        }
                        Err(error) => entry.failed = Some((error, number)),
                    }
                    if let Some((next, parts, number)) = entry.next.take() {
                        counts.begin(&name, entry, next, parts, number);
                    }
                    entry.ended.send_replace(number);
                })
            });
        }

        /// The figures named `ask.name` as of the page's opening (see [`Ask::ticket`]), counted
        /// by `count` in a task of its own; waited for at most [`PATIENCE`].
        pub async fn get<T, F, Fut>(&self, ask: Ask<'_>, count: F) -> AppResult<Counted<T>>
        where
            T: Clone + Send + Sync + 'static,
            F: FnOnce(Arc<Progress>) -> Fut + Send + 'static,
            Fut: Future<Output = AppResult<T>> + Send + 'static,
        {
            let (needed, mut ended) = {
                let mut entries = self.lock();
                let now = Instant::now();
                entries.retain(|_, e| e.running.is_some() || now - e.asked < KEPT_FOR);
                let entry = entries.entry(ask.name.to_string()).or_insert_with(Entry::new);
                entry.asked = now;
                let needed = match ask.ticket {
                    // Another name's ticket, another server's or one from before a restart is a
                    // new opening.
                    Some(ticket) if entry.issued.contains(&ticket) => ticket,
                    _ => {
                        let count: Count = Box::new(move |progress| {
                            let task = count(progress);
                            async move { task.await.map(|figures| Arc::new(figures) as Figures) }.boxed()
                        });
                        if entry.running.is_none() {
                            let number = self.issue(entry);
                            self.begin(ask.name, entry, count, ask.parts, number);
                            number
                        } else if let Some((_, _, number)) = &entry.next {
                            // The count under way began before this page was opened; the one
                            // after it is already asked for.
                            *number
                        } else {
                            let number = self.issue(entry);
                            entry.next = Some((count, ask.parts, number));
                            number
                        }
                    }
                };
                (needed, entry.ended.subscribe())
            };
            // Ends with the count, or when the entry is gone (its sender dropped).
            let _ = tokio::time::timeout(PATIENCE, ended.wait_for(|ended| *ended >= needed)).await;
            let entries = self.lock();
            let Some(entry) = entries.get(ask.name) else {
                return Ok(Counted::Counting { done: 0, of: ask.parts, ticket: needed });
            };
            if let Some((error, number)) = &entry.failed {
                if *number >= needed {
                    return Err(error.clone());
                }
            }
            match &entry.ready {
                Some((figures, number)) => {
                    let value = figures
                        .downcast_ref::<T>()
                        .cloned()
                        .ok_or_else(|| AppError::internal(format!("the count {} is of another kind", ask.name)))?;
                    Ok(Counted::Ready { value, recounting: *number < needed, ticket: needed })
                }
                None => {
                    let (done, of) = entry.running.as_ref().map(|p| (p.done(), p.of)).unwrap_or((0, ask.parts));
                    Ok(Counted::Counting { done, of, ticket: needed })
                }
            }
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::ssr::{Ask, Counts, PATIENCE};
    use super::Counted;
    use crate::error::AppError;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    fn opened(name: &str) -> Ask<'_> {
        Ask { name, parts: 2, ticket: None }
    }

    fn again(name: &str, ticket: u64) -> Ask<'_> {
        Ask { name, parts: 2, ticket: Some(ticket) }
    }

    async fn slow(value: u32) -> Result<u32, AppError> {
        tokio::time::sleep(PATIENCE * 3).await;
        Ok(value)
    }

    #[tokio::test]
    async fn a_quick_count_is_answered_at_once() {
        let counts = Counts::default();
        let answer = counts.get(opened("quick"), |_| async { Ok(7u32) }).await.unwrap();
        assert_eq!(answer, Counted::Ready { value: 7, recounting: false, ticket: 1 });
        assert!(!answer.settling());
    }

    #[tokio::test]
    async fn a_slow_count_answers_its_progress_then_its_figures() {
        let counts = Counts::default();
        let started = Instant::now();
        let answer = counts
            .get(opened("slow"), |progress| async move {
                progress.step();
                tokio::time::sleep(PATIENCE * 3).await;
                progress.step();
                Ok(1u32)
            })
            .await
            .unwrap();
        assert!(started.elapsed() < PATIENCE * 2, "the page waited for the whole count");
        assert_eq!(answer, Counted::Counting { done: 1, of: 2, ticket: 1 });
        assert_eq!(answer.percent(), 50);
        // Asked again with its ticket while it counts: the same count, not a second one.
        let waiting = counts.get(again("slow", 1), |_| async { Ok(2u32) }).await.unwrap();
        assert!(matches!(waiting, Counted::Counting { ticket: 1, .. }));
        tokio::time::sleep(PATIENCE * 2).await;
        let done = counts.get(again("slow", 1), |_| async { Ok(3u32) }).await.unwrap();
        assert_eq!(done, Counted::Ready { value: 1, recounting: false, ticket: 1 });
    }

    #[tokio::test]
    async fn a_page_opened_again_never_takes_an_earlier_count_for_current() {
        let counts = Counts::default();
        counts.get(opened("old"), |_| async { Ok(1u32) }).await.unwrap();
        // Opened again: a new count, and the old figures shown meanwhile as being recounted.
        let answer = counts.get(opened("old"), |_| slow(2)).await.unwrap();
        assert_eq!(answer, Counted::Ready { value: 1, recounting: true, ticket: 2 });
        assert!(answer.settling());
        // Opened once more while that count runs: it began before, so another follows it.
        let third = counts.get(opened("old"), |_| slow(3)).await.unwrap();
        assert_eq!(third, Counted::Ready { value: 1, recounting: true, ticket: 3 });
        tokio::time::sleep(PATIENCE * 2).await;
        let second = counts.get(again("old", 2), |_| async { Ok(0u32) }).await.unwrap();
        assert_eq!(second.value(), Some(&2));
        assert!(!second.settling());
        tokio::time::sleep(PATIENCE * 4).await;
        let third = counts.get(again("old", 3), |_| async { Ok(0u32) }).await.unwrap();
        assert_eq!(third, Counted::Ready { value: 3, recounting: false, ticket: 3 });
    }

    #[tokio::test]
    async fn pages_opened_during_a_count_share_the_next_one() {
        let counts = Counts::default();
        let runs = Arc::new(AtomicU32::new(0));
        let count = |runs: Arc<AtomicU32>| {
            move |_| async move {
                tokio::time::sleep(PATIENCE * 2).await;
                Ok(runs.fetch_add(1, Ordering::SeqCst) + 1)
            }
        };
        counts.get(opened("shared"), count(runs.clone())).await.unwrap();
        let (a, b) = futures::join!(
            counts.get(opened("shared"), count(runs.clone())),
            counts.get(opened("shared"), count(runs.clone()))
        );
        assert_eq!((a.unwrap().ticket(), b.unwrap().ticket()), (2, 2));
        tokio::time::sleep(PATIENCE * 5).await;
        assert_eq!(runs.load(Ordering::SeqCst), 2, "one count under way and one after it");
        let answer = counts.get(again("shared", 2), count(runs.clone())).await.unwrap();
        assert_eq!(answer, Counted::Ready { value: 2, recounting: false, ticket: 2 });
    }

    #[tokio::test]
    async fn a_failed_count_is_told_and_the_next_opening_counts_again() {
        let counts = Counts::default();
        let failed = counts.get::<u32, _, _>(opened("fails"), |_| async { Err(AppError::internal("disk")) }).await;
        assert!(matches!(failed, Err(AppError::Internal(_))));
        let waiting = counts.get::<u32, _, _>(again("fails", 1), |_| async { Ok(0) }).await;
        assert!(matches!(waiting, Err(AppError::Internal(_))), "a page waiting for it is told too");
        let again = counts.get(opened("fails"), |_| async { Ok(5u32) }).await.unwrap();
        assert_eq!(again, Counted::Ready { value: 5, recounting: false, ticket: 2 });
    }

    #[tokio::test]
    async fn a_count_that_panics_is_an_error_not_a_page_waiting_for_ever() {
        let counts = Counts::default();
        let panicked = counts
            .get::<u32, _, _>(opened("panics"), |_| async {
                tokio::time::sleep(Duration::from_millis(1)).await;
                panic!("a bug in a count")
            })
            .await;
        assert!(matches!(panicked, Err(AppError::Internal(_))));
    }
}
