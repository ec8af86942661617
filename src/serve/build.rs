//! The builder thread of `serve`: owns the session, rebuilds after each batch of changed
//! files, swaps in the new site, tells the open pages and prints one line per rebuild.

use std::path::PathBuf;
use std::sync::{mpsc, Arc};

use metbook::session::{Rebuild, Session};

use super::server::{AppState, Snapshot};

/// Owns the session on its own thread: rebuilds are CPU work that must not stall requests.
pub(super) struct Builder {
    pub session: Session,
    pub state: Arc<AppState>,
    pub run_id: u128,
    pub generation: u64,
    pub color: bool,
}

impl Builder {
    pub(super) fn run(mut self, changes: mpsc::Receiver<Vec<PathBuf>>) {
        while let Ok(mut batch) = changes.recv() {
            // Changes that arrived during the last rebuild are folded into this one.
            while let Ok(more) = changes.try_recv() {
                batch.extend(more);
            }
            batch.sort();
            batch.dedup();
            let r = self.session.rebuild(&batch);
            self.apply(&r, false);
            if r.ok && r.incremental && !self.session.refresh_deferred().is_empty() {
                // The open page has reloaded already; print.html and the search index follow quietly.
                let build = self.state.snapshot.read().unwrap().build.clone();
                let snap = Snapshot {
                    site: self.session.site.clone(),
                    build,
                };
                *self.state.snapshot.write().unwrap() = Arc::new(snap);
            }
        }
    }

    /// Swaps in the new site (when good), tells the pages and prints one line.
    pub(super) fn apply(&mut self, r: &Rebuild, first: bool) {
        eprint!("{}", r.diagnostics.render_human(self.color));
        let last_good = self.state.snapshot.read().unwrap().build.clone();
        if !r.ok {
            let (e, w) = (r.diagnostics.error_count(), r.diagnostics.warning_count());
            let what = if self.session.site.is_empty() {
                "nothing to serve yet"
            } else {
                "still serving the last good version"
            };
            eprintln!(
                "Build failed: {e} error{}, {w} warning{} ({what})",
                plural(e),
                plural(w)
            );
            self.state.hub.errors(&last_good, &r.diagnostics);
            return;
        }
        let pages = r.changed.iter().filter(|p| p.ends_with(".html")).count();
        let others = r.changed.len() - pages;
        let build = if r.changed.is_empty() {
            last_good
        } else {
            self.generation += 1;
            let build = format!("{}-{}", self.run_id, self.generation);
            let snap = Snapshot {
                site: self.session.site.clone(),
                build: build.clone(),
            };
            *self.state.snapshot.write().unwrap() = Arc::new(snap);
            build
        };
        self.state.hub.good(&build, !r.changed.is_empty());
        if first {
            println!(
                "Built {} pages in {} ms",
                self.session
                    .site
                    .keys()
                    .filter(|p| p.ends_with(".html"))
                    .count(),
                r.millis
            );
        } else if r.changed.is_empty() {
            println!("Rebuilt in {} ms: no pages changed", r.millis);
        } else {
            let extra = if others > 0 {
                format!(", {others} other file{}", plural(others))
            } else {
                String::new()
            };
            println!(
                "Rebuilt in {} ms: {pages} page{} changed{extra}",
                r.millis,
                plural(pages)
            );
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
