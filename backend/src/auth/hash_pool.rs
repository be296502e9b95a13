//! The only place the server hashes passwords: a fixed set of OS threads fed by a bounded queue.
//!
//! Why: one argon2id hash needs `APP_ARGON2_MEMORY_KIB` (19 MiB by default). Hashed on whatever
//! blocking thread served the request, every such thread kept that much in its own malloc arena
//! and nothing limited how many hashes ran at once (16 concurrent logins took the process from
//! 69 MB to 2.6 GB). Here at most `workers` hashes run at once, each worker reuses one
//! [`Workspace`], so the argon2 memory of the process is at most `workers × cost`, and when
//! `queue` jobs are already waiting a request is refused at once (503 `server_busy` with
//! `Retry-After`) instead of piling up. Callers must not hold a database connection while they
//! wait for a job.

use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::oneshot;

use crate::auth::password::{PasswordHasher, Workspace};
use crate::error::AppError;

/// What a refused client is told to wait, in seconds: at the default cost a full default queue
/// drains in about a second.
const RETRY_AFTER_SECS: u64 = 1;

type Job = Box<dyn FnOnce(&PasswordHasher, &mut Workspace) + Send>;

/// A handle on the hashing workers; cheap to clone. The workers stop when the last handle is gone.
#[derive(Clone)]
pub struct HashPool {
    queue: SyncSender<Job>,
    stats: Arc<Stats>,
    workers: usize,
    capacity: usize,
    memory_per_worker: usize,
}

/// Counters of the pool, for tests and the startup log.
#[derive(Default)]
struct Stats {
    completed: AtomicU64,
    refused: AtomicU64,
    waiting: AtomicUsize,
    running: AtomicUsize,
    peak_running: AtomicUsize,
}

/// Counts a job as running while it lives.
struct Running<'a>(&'a Stats);

impl<'a> Running<'a> {
    fn enter(stats: &'a Stats) -> Self {
        let now = stats.running.fetch_add(1, Ordering::SeqCst) + 1;
        stats.peak_running.fetch_max(now, Ordering::SeqCst);
        Self(stats)
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.running.fetch_sub(1, Ordering::SeqCst);
        self.0.completed.fetch_add(1, Ordering::SeqCst);
    }
}

impl HashPool {
    /// Starts `workers` threads (at least one) that take jobs from a queue holding at most
    /// `queue` waiting jobs (0: a job is accepted only when a worker is free to take it).
    pub fn start(
        hasher: Arc<PasswordHasher>,
        workers: usize,
        queue: usize,
    ) -> std::io::Result<Self> {
        let workers = workers.max(1);
        let (sender, receiver) = sync_channel::<Job>(queue);
        let receiver = Arc::new(Mutex::new(receiver));
        for i in 0..workers {
            let receiver = receiver.clone();
            let hasher = hasher.clone();
            std::thread::Builder::new()
                .name(format!("xuexin-hash-{i}"))
                .spawn(move || work(&receiver, &hasher))?;
        }
        Ok(Self {
            queue: sender,
            stats: Arc::new(Stats::default()),
            workers,
            capacity: queue,
            memory_per_worker: hasher.memory_bytes(),
        })
    }

    /// A PHC string of `password` at the configured cost. 503 `server_busy` when the queue is full.
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        self.run(move |hasher, ws| hasher.hash_in(ws, &password))
            .await?
            .map_err(AppError::internal)
    }

    /// Whether `password` matches `stored`; with no stored hash (an unknown account) it spends
    /// the time of a verification on a decoy and answers false, so timing reveals nothing.
    /// 503 `server_busy` when the queue is full.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, AppError> {
        self.run(move |hasher, ws| match stored {
            Some(phc) => hasher.verify_in(ws, &password, &phc),
            None => {
                hasher.verify_decoy_in(ws, &password);
                false
            }
        })
        .await
    }

    /// Runs `job` on a worker, with the worker's hasher and memory; refuses at once with 503
    /// `server_busy` when the queue is full.
    pub async fn run<T, F>(&self, job: F) -> Result<T, AppError>
    where
        F: FnOnce(&PasswordHasher, &mut Workspace) -> T + Send + 'static,
        T: Send + 'static,
    {
        self.submit(job)?.await
    }

    /// Queues `job` now (or refuses it with 503 `server_busy` when the queue is full) and gives
    /// the future of its result. A job whose future is dropped before a worker takes it is
    /// skipped. Public so that tests can occupy the workers and fill the queue.
    pub fn submit<T, F>(
        &self,
        job: F,
    ) -> Result<impl Future<Output = Result<T, AppError>> + Send + 'static, AppError>
    where
        F: FnOnce(&PasswordHasher, &mut Workspace) -> T + Send + 'static,
        T: Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let stats = self.stats.clone();
        let job: Job = Box::new(move |hasher, ws| {
            stats.waiting.fetch_sub(1, Ordering::SeqCst);
            if reply.is_closed() {
                return;
            }
            let running = Running::enter(&stats);
            // A panic fails this request (its answer is dropped), not the worker.
            let result = catch_unwind(AssertUnwindSafe(|| job(hasher, ws)));
            drop(running);
            if let Ok(value) = result {
                let _ = reply.send(value);
            }
        });
        // Counted before it is sent, so that a worker never takes it before it is counted.
        self.stats.waiting.fetch_add(1, Ordering::SeqCst);
        match self.queue.try_send(job) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                self.stats.waiting.fetch_sub(1, Ordering::SeqCst);
                self.stats.refused.fetch_add(1, Ordering::SeqCst);
                return Err(AppError::server_busy(RETRY_AFTER_SECS));
            }
            Err(TrySendError::Disconnected(_)) => {
                self.stats.waiting.fetch_sub(1, Ordering::SeqCst);
                return Err(AppError::internal(anyhow::anyhow!(
                    "the password hashing workers have stopped"
                )));
            }
        }
        Ok(async move {
            answer
                .await
                .map_err(|_| AppError::internal(anyhow::anyhow!("a password hashing job panicked")))
        })
    }

    /// Jobs run to the end so far.
    pub fn completed(&self) -> u64 {
        self.stats.completed.load(Ordering::SeqCst)
    }

    /// Jobs refused because the queue was full.
    pub fn refused(&self) -> u64 {
        self.stats.refused.load(Ordering::SeqCst)
    }

    /// Jobs in the queue, not yet taken by a worker.
    pub fn waiting(&self) -> usize {
        self.stats.waiting.load(Ordering::SeqCst)
    }

    /// The most jobs that ever ran at the same time (never more than [`Self::workers`]).
    pub fn peak_running(&self) -> usize {
        self.stats.peak_running.load(Ordering::SeqCst)
    }

    /// The number of worker threads.
    pub fn workers(&self) -> usize {
        self.workers
    }

    /// How many jobs may wait for a worker.
    pub fn queue_capacity(&self) -> usize {
        self.capacity
    }

    /// The most argon2 memory the workers ever hold together, at the configured cost.
    pub fn memory_bound_bytes(&self) -> usize {
        self.workers * self.memory_per_worker
    }
}

/// A worker: takes jobs until every handle of the pool is gone, always with the same memory.
fn work(receiver: &Mutex<Receiver<Job>>, hasher: &PasswordHasher) {
    let mut ws = Workspace::new();
    loop {
        // The lock is held only while waiting for the next job, never while hashing.
        let next = receiver
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .recv();
        let Ok(job) = next else { return };
        job(hasher, &mut ws);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use std::time::Duration;

    fn hasher() -> Arc<PasswordHasher> {
        let mut settings = Config::from_lookup(&|_| None).unwrap().auth;
        settings.argon2_memory_kib = 64;
        settings.argon2_iterations = 1;
        Arc::new(PasswordHasher::new(&settings).unwrap())
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        actix_web::rt::System::new().block_on(f)
    }

    #[test]
    fn hashes_and_verifies_and_spends_a_verification_on_unknown_accounts() {
        let pool = HashPool::start(hasher(), 2, 4).unwrap();
        block_on(async {
            let phc = pool.hash("Xuexin2026".into()).await.unwrap();
            assert!(pool
                .verify("Xuexin2026".into(), Some(phc.clone()))
                .await
                .unwrap());
            assert!(!pool.verify("Xuexin2027".into(), Some(phc)).await.unwrap());
            assert!(!pool.verify("Xuexin2026".into(), None).await.unwrap());
        });
        assert_eq!(pool.completed(), 4, "the decoy is a real verification too");
        assert_eq!(pool.memory_bound_bytes(), 2 * 64 * 1024);
    }

    #[test]
    fn never_runs_more_jobs_at_once_than_it_has_workers() {
        let pool = HashPool::start(hasher(), 2, 64).unwrap();
        let inside = Arc::new(AtomicUsize::new(0));
        let most_inside = Arc::new(AtomicUsize::new(0));
        block_on(async {
            let jobs = (0..24).map(|i| {
                let (inside, most_inside) = (inside.clone(), most_inside.clone());
                let pool = pool.clone();
                async move {
                    pool.run(move |hasher, ws| {
                        let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                        most_inside.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(2));
                        let phc = hasher.hash_in(ws, &format!("Xuexin{i}")).unwrap();
                        inside.fetch_sub(1, Ordering::SeqCst);
                        phc
                    })
                    .await
                }
            });
            let results = futures_util::future::join_all(jobs).await;
            assert!(results.iter().all(Result::is_ok));
        });
        assert_eq!(pool.completed(), 24);
        assert_eq!(
            most_inside.load(Ordering::SeqCst),
            2,
            "both workers were used, never more"
        );
        assert_eq!(pool.peak_running(), 2);
    }

    #[test]
    fn a_full_queue_answers_503_server_busy_with_retry_after_at_once() {
        let pool = HashPool::start(hasher(), 1, 1).unwrap();
        let (started_tx, started) = std::sync::mpsc::channel();
        let (release, gate) = std::sync::mpsc::channel::<()>();
        // One job occupies the worker, one waits in the queue: the pool is full.
        let occupy: Job = Box::new(move |_, _| {
            started_tx.send(()).unwrap();
            gate.recv().unwrap();
        });
        pool.queue.try_send(occupy).unwrap();
        started.recv_timeout(Duration::from_secs(10)).unwrap();
        let (drained_tx, drained) = std::sync::mpsc::channel();
        let waiting: Job = Box::new(move |_, _| drained_tx.send(()).unwrap());
        pool.queue.try_send(waiting).unwrap();

        let err = block_on(pool.hash("Xuexin2026".into())).unwrap_err();
        assert_eq!(err.code(), "server_busy");
        let res = actix_web::ResponseError::error_response(&err);
        assert_eq!(res.status().as_u16(), 503);
        assert_eq!(res.headers().get("retry-after").unwrap(), "1");
        assert_eq!(pool.refused(), 1);

        release.send(()).unwrap();
        drained.recv_timeout(Duration::from_secs(10)).unwrap();
        let phc = block_on(pool.hash("Xuexin2026".into())).unwrap();
        assert!(
            phc.starts_with("$argon2id$"),
            "served again once the worker is free"
        );
    }
}
