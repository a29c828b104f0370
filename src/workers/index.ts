// Worker threads for CPU-heavy work on untrusted input: the pool (caller side) and serveJobs
// (worker side), and the lease of a pool shared by the process. Extraction and feed parsing
// each run their own pool with their own entry.

export { WorkerPool, type PoolConfig, type PoolJob, type PoolOptions } from './pool.js';
export { serveJobs, type JobHandlers, type WorkerAnswer, type WorkerJob } from './serve.js';
export { PoolLease } from './lease.js';
