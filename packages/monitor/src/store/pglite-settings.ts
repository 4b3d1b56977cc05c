/**
 * PGlite's settings for a province's machine: PostgreSQL's default 128 MB of shared buffers is
 * allocated in the WebAssembly heap at start, and a province's store is tens of megabytes; 16 MB
 * opens a store in under half the time and a third less memory (docs/operator.md, "Memory").
 */
export const PGLITE_SETTINGS = ['-c', 'shared_buffers=16MB', '-c', 'work_mem=4MB', '-c', 'maintenance_work_mem=16MB'];
