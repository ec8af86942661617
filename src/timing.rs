//! Stage timings printed to stderr when `METBOOK_TIMINGS` is set: the cheap first look at
//! what dominates a build, before reaching for a profiler.

use std::time::Instant;

pub struct Stages {
    last: Option<Instant>,
}

impl Stages {
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
                "{name:>14}: {:>7.1} ms",
                (now - last).as_secs_f64() * 1000.0
            );
            self.last = Some(now);
        }
    }
}
