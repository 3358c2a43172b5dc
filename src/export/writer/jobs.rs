//! Independent pieces of the PDF (font programs, page contents, images,
//! ToUnicode maps) made on the machine's cores.
//!
//! Workers take the next job from a shared counter; each result depends only
//! on its job, and results come back in job order, so the PDF does not
//! depend on scheduling.

use std::sync::atomic::{AtomicUsize, Ordering};

/// More workers than this gain nothing for one document (its largest job,
/// the body face, bounds the time) and cost thread start-up.
const MAX_WORKERS: usize = 4;

/// `job(0..count)` on up to [`MAX_WORKERS`] threads (the calling one
/// included); results in job order.
pub(super) fn run<T, F>(count: usize, job: F) -> Vec<T>
where
    T: Send,
    F: Fn(usize) -> T + Sync,
{
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_WORKERS)
        .min(count.max(1));
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            if k >= count {
                return done;
            }
            done.push((k, job(k)));
        }
    };
    let mut slots: Vec<Option<T>> = (0..count).map(|_| None).collect();
    std::thread::scope(|scope| {
        // A thread that cannot be started leaves its share to the others.
        let helpers: Vec<_> = (1..workers)
            .filter_map(|_| std::thread::Builder::new().spawn_scoped(scope, work).ok())
            .collect();
        for (k, result) in work() {
            slots[k] = Some(result);
        }
        for helper in helpers {
            // A panicking job leaves its slot empty and is run again below.
            if let Ok(done) = helper.join() {
                for (k, result) in done {
                    slots[k] = Some(result);
                }
            }
        }
    });
    slots
        .into_iter()
        .enumerate()
        .map(|(k, slot)| match slot {
            Some(result) => result,
            None => job(k),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_job_order() {
        let out = run(100, |k| k * 3);
        assert_eq!(out, (0..100).map(|k| k * 3).collect::<Vec<_>>());
        assert!(run(0, |k| k).is_empty());
    }
}
