//! Stage timings printed to stderr when `METBOOK_TIMINGS` is set: the cheap first look at
//! what dominates a build, before reaching for a profiler.

use std::time::Instant;

/// The clock of the stages, when `METBOOK_TIMINGS` is set.
pub struct Stages {
    last: Option<Instant>,
}

impl Stages {
    /// Timing on when `METBOOK_TIMINGS` is set, off otherwise.
    pub fn from_env() -> Stages {
        Stages {
            last: std::env::var_os("METBOOK_TIMINGS").map(|_| Instant::now()),
        }
    }

    /// Prints a duration measured elsewhere (work that ran beside the marked stages).
    pub fn report(name: &str, took: std::time::Duration) {
        if std::env::var_os("METBOOK_TIMINGS").is_some() {
            eprintln!("{name:>14}: {:>7.1} ms", took.as_secs_f64() * 1000.0);
        }
    }

    /// Prints the time since the previous mark under `name`.
    pub fn mark(&mut self, name: &str) {
        if let Some(last) = self.last {
            let now = Instant::now();
            eprintln!(
                "{name:>14}: {:>7.1} ms{}",
                (now - last).as_secs_f64() * 1000.0,
                memory()
            );
            self.last = Some(now);
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
