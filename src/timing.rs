//! Stage timings printed to stderr when `METBOOK_TIMINGS` is set: the cheap first look at
//! what dominates a build, before reaching for a profiler.

use std::time::Instant;

/// The clock of the stages, when `METBOOK_TIMINGS` is set.
pub struct Stages {
    last: Option<(Instant, Usage)>,
}

impl Stages {
    /// Timing on when `METBOOK_TIMINGS` is set, off otherwise.
    pub fn from_env() -> Stages {
        Stages {
            last: std::env::var_os("METBOOK_TIMINGS").map(|_| (Instant::now(), Usage::now())),
        }
    }

    /// Prints a duration measured elsewhere (work that ran beside the marked stages).
    pub fn report(name: &str, took: std::time::Duration) {
        if std::env::var_os("METBOOK_TIMINGS").is_some() {
            eprintln!("{name:>14}: {:>7.1} ms", took.as_secs_f64() * 1000.0);
        }
    }

    /// Prints the time since the previous mark under `name`, with the CPU time and page
    /// faults of all threads in that time (faults follow the memory a stage first touches,
    /// and were a large share of a build's CPU).
    pub fn mark(&mut self, name: &str) {
        if let Some((last, used)) = self.last {
            let (now, usage) = (Instant::now(), Usage::now());
            eprintln!(
                "{name:>14}: {:>7.1} ms, cpu {:>6.1} ms, {:>6} faults{}",
                (now - last).as_secs_f64() * 1000.0,
                (usage.cpu_us - used.cpu_us) as f64 / 1000.0,
                usage.faults - used.faults,
                memory()
            );
            self.last = Some((now, usage));
        }
    }
}

/// The process's CPU time (user and system, all threads) and minor page faults so far.
#[derive(Clone, Copy)]
struct Usage {
    cpu_us: i64,
    faults: i64,
}

impl Usage {
    fn now() -> Usage {
        // SAFETY: getrusage only writes the struct it is given.
        let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) } != 0 {
            return Usage {
                cpu_us: 0,
                faults: 0,
            };
        }
        let us = |t: libc::timeval| t.tv_sec * 1_000_000 + t.tv_usec;
        Usage {
            cpu_us: us(ru.ru_utime) + us(ru.ru_stime),
            faults: ru.ru_minflt,
        }
    }
}

/// Resident and peak memory from /proc (Linux), to see which stage holds the most.
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let field = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    format!(
        "   rss {:>4} MB, peak {:>4} MB",
        field("VmRSS:"),
        field("VmHWM:")
    )
}
