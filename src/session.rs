//! A long-lived build for `serve`: the last good site kept in memory, rebuilt when files
//! change. A failed rebuild keeps serving the last good site and reports its diagnostics.
//!
//! Incremental rule: when only chapter files changed, and each changed chapter keeps its
//! title, id, front matter, headings, links, blocks, glossary terms and citations, nothing
//! another page shows has changed. Then only that chapter's page is
//! rendered again; print.html and the search index are refreshed separately (`refresh_deferred`) so the open
//! page can reload first. Anything else (SUMMARY.md, book.toml, data files, theme, a title
//! or heading change) rebuilds everything, in memory. A book with mdBook preprocessors is
//! always rebuilt whole: they see every chapter at once, and run again on every change.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::diagnostics::Diagnostics;
use crate::model::ChapterId;
use crate::render::{self, Inputs, Pager};
use crate::{compile_state, Compiled};

/// A book built in memory and kept, for `serve` to rebuild incrementally.
pub struct Session {
    root: PathBuf,
    /// The last good site: site path → bytes.
    pub site: HashMap<String, Vec<u8>>,
    state: Option<Compiled>,
    /// True when chapter text changed since the search index was last built.
    search_stale: bool,
    last_ok: bool,
    by_file: HashMap<PathBuf, ChapterId>,
    cache: crate::load::cache::Cache,
}

/// What one rebuild did.
pub struct Rebuild {
    /// The problems found.
    pub diagnostics: Diagnostics,
    /// False when the book has errors; the previous site is still served.
    pub ok: bool,
    /// Site paths whose bytes changed (added, modified or removed).
    pub changed: Vec<String>,
    /// Whether only the changed chapters were rendered again.
    pub incremental: bool,
    /// Wall-clock time of the rebuild, in milliseconds.
    pub millis: u128,
}

impl Session {
    /// A session for the book at `root`; nothing is built until the first rebuild.
    pub fn new(root: &Path) -> Session {
        Session {
            root: root.to_path_buf(),
            site: HashMap::new(),
            state: None,
            search_stale: false,
            last_ok: false,
            by_file: HashMap::new(),
            cache: crate::load::cache::Cache::from_env(),
        }
    }

    /// The book's root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Rebuilds after `changed` files (empty = everything).
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Rebuild {
        let start = Instant::now();
        let mut diags = Diagnostics::default();
        // After a failed rebuild the kept state no longer matches the files on disk.
        let attempt = if self.last_ok {
            self.try_incremental(changed, &mut diags)
        } else {
            None
        };
        let incremental = attempt.is_some();
        let (ok, changed_paths) = match attempt {
            Some(paths) => (true, paths),
            None => {
                diags = Diagnostics::default();
                self.full(&mut diags)
            }
        };
        self.last_ok = ok;
        diags.finish(&self.root);
        Rebuild {
            diagnostics: diags,
            ok,
            changed: changed_paths,
            incremental,
            millis: start.elapsed().as_millis(),
        }
    }

    fn full(&mut self, diags: &mut Diagnostics) -> (bool, Vec<String>) {
        let memory = crate::emit::Memory::default();
        let state = compile_state(
            &self.root,
            diags,
            &memory,
            &crate::Mode {
                formats: Some(vec![crate::OutputFormat::Html]),
                keep_html: true,
                kept: Vec::new(),
            },
            &self.cache,
        );
        if state.is_none() || diags.has_errors() {
            return (false, Vec::new());
        }
        let state = state.expect("checked above");
        let files = memory.into_files();
        // Canonical chapter paths, found once: the watcher reports paths in its own form.
        self.by_file = state
            .book
            .pages()
            .map(|(i, c)| (canonical(&c.file), i))
            .collect();
        self.state = Some(state);
        self.search_stale = false;
        (true, self.replace_all(files))
    }

    /// Swaps in a whole new site, returning what changed.
    fn replace_all(&mut self, files: render::Site) -> Vec<String> {
        let new: HashMap<String, Vec<u8>> = files.into_iter().collect();
        let mut changed: Vec<String> = new
            .iter()
            .filter(|(p, b)| self.site.get(*p) != Some(*b))
            .map(|(p, _)| p.clone())
            .collect();
        changed.extend(self.site.keys().filter(|p| !new.contains_key(*p)).cloned());
        changed.sort();
        self.site = new;
        changed
    }

    /// Some(changed site paths) when the incremental path applied and succeeded.
    fn try_incremental(
        &mut self,
        changed: &[PathBuf],
        diags: &mut Diagnostics,
    ) -> Option<Vec<String>> {
        let state = self.state.as_mut()?;
        // Preprocessors see the whole book at once (and may make one chapter's text depend
        // on another's), and a translated book's editions show the source chapters they
        // lack, so one changed file can change pages in every language: such books are
        // always rebuilt whole.
        if changed.is_empty()
            || state.book.config.has_preprocessors()
            || !state.book.edition.all.is_empty()
        {
            return None;
        }
        let mut indices = Vec::new();
        for p in changed {
            indices.push(*self.by_file.get(&canonical(p))?);
        }
        indices.sort_unstable();
        indices.dedup();
        // Load, scan and render the changed chapters, keeping the old ones aside.
        let mut old = Vec::new();
        for &i in &indices {
            let (chapter, ds) = crate::load::reload_chapter(&state.book, i);
            let chapter = chapter?;
            if !ds.is_empty() {
                return None;
            }
            let before = &state.book.chapters[i];
            let same_shape = chapter.title == before.title
                && chapter.id == before.id
                && chapter.front == before.front
                && chapter.headings == before.headings
                && chapter
                    .links
                    .iter()
                    .map(|l| &l.dest)
                    .eq(before.links.iter().map(|l| &l.dest))
                && chapter
                    .blocks
                    .iter()
                    .map(|b| &b.raw)
                    .eq(before.blocks.iter().map(|b| &b.raw));
            if !same_shape {
                return None;
            }
            let prev_chapter = std::mem::replace(&mut state.book.chapters[i], chapter);
            old.push((i, prev_chapter));
        }
        let inp = Inputs {
            book: &state.book,
            resolved: &state.resolved,
        };
        let mut fresh = Vec::new();
        let mut same_uses = true;
        for &i in &indices {
            let out = render::render_chapter(&inp, i);
            let prev = state.outs[i].as_ref()?;
            same_uses &= out.rendered.terms_used == prev.rendered.terms_used
                && out.rendered.cites_used == prev.rendered.cites_used;
            diags.extend(out.rendered.diags.iter().cloned());
            fresh.push((i, out));
        }
        if !same_uses || diags.has_errors() {
            // Put the old chapters back: the full rebuild starts from the files anyway,
            // and a failed rebuild must leave the state as it was.
            for (i, c) in old {
                state.book.chapters[i] = c;
            }
            return None;
        }
        for (i, out) in fresh {
            state.outs[i] = Some(out);
        }
        let inp = Inputs {
            book: &state.book,
            resolved: &state.resolved,
        };
        let pager = Pager::new(&inp, &state.prep, &state.outs);
        let mut pages = Vec::new();
        for &i in &indices {
            pages.push(pager.chapter_page(i, state.outs[i].as_ref()?).ok()?);
        }
        // print.html and the search index follow in `refresh_deferred`, after the reload.
        self.search_stale = true;
        let mut changed_paths = Vec::new();
        for (p, b) in pages {
            if self.site.get(&p) != Some(&b) {
                changed_paths.push(p.clone());
                self.site.insert(p, b);
            }
        }
        Some(changed_paths)
    }

    /// Rebuilds print.html and the search index after incremental rebuilds (they depend on
    /// every chapter, and the open page need not wait for them); returns the changed paths.
    pub fn refresh_deferred(&mut self) -> Vec<String> {
        if !self.search_stale {
            return Vec::new();
        }
        let Some(state) = self.state.as_ref() else {
            return Vec::new();
        };
        let inp = Inputs {
            book: &state.book,
            resolved: &state.resolved,
        };
        let mut diags = Diagnostics::default();
        let mut files = Vec::new();
        render::search_files(&inp, &state.outs, &mut diags, false, &mut |p, b| {
            files.push((p, b))
        });
        let print = crate::emit::Memory::default();
        if state.book.config.output.html.print.enable
            && Pager::new(&inp, &state.prep, &state.outs)
                .print_page(&state.outs, &print)
                .is_ok()
        {
            files.extend(print.into_files());
        }
        self.search_stale = false;
        let mut changed = Vec::new();
        self.site.retain(|p, _| !p.starts_with("search/"));
        for (p, b) in files {
            if self.site.get(&p) != Some(&b) {
                changed.push(p.clone());
            }
            self.site.insert(p, b);
        }
        changed
    }
}

fn canonical(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> tempfile::TempDir {
        let t = tempfile::tempdir().unwrap();
        std::fs::write(t.path().join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
        std::fs::create_dir_all(t.path().join("src")).unwrap();
        std::fs::write(
            t.path().join("src/SUMMARY.md"),
            "- [A](a.md)\n- [B](b.md)\n",
        )
        .unwrap();
        std::fs::write(t.path().join("src/a.md"), "# A\n\nSee [B](b.md).\n").unwrap();
        std::fs::write(t.path().join("src/b.md"), "# B\n\nText.\n").unwrap();
        t
    }

    #[test]
    fn text_edit_rerenders_only_that_page_then_print_and_search() {
        let t = book();
        let mut s = Session::new(t.path());
        assert!(s.rebuild(&[]).ok);
        let a = t.path().join("src/a.md");
        std::fs::write(&a, "# A\n\nSee [B](b.md). New words.\n").unwrap();
        let r = s.rebuild(&[a]);
        assert!(r.ok && r.incremental, "{:?}", r.diagnostics.items);
        assert_eq!(r.changed, ["a.html"]);
        assert!(String::from_utf8_lossy(&s.site["a.html"]).contains("New words."));
        let deferred = s.refresh_deferred();
        assert!(deferred.contains(&"print.html".to_string()), "{deferred:?}");
        assert!(
            deferred.iter().any(|p| p.starts_with("search/")),
            "{deferred:?}"
        );
    }

    #[test]
    fn a_book_with_preprocessors_runs_them_again_on_every_edit() {
        let t = book();
        std::fs::write(
            t.path().join("book.toml"),
            "[book]\ntitle = \"T\"\n[preprocessor.upper]\ncommand = \"python3 upper.py\"\n",
        )
        .unwrap();
        std::fs::write(
            t.path().join("upper.py"),
            "import json, sys\nif sys.argv[1:2] == ['supports']: sys.exit(0)\nctx, book = json.load(sys.stdin)\nfor it in book['items']:\n    ch = it['Chapter']\n    ch['content'] = ch['content'].replace('shout', 'SHOUT')\nprint(json.dumps(book))\n",
        )
        .unwrap();
        let mut s = Session::new(t.path());
        let r = s.rebuild(&[]);
        assert!(r.ok, "{:?}", r.diagnostics.items);
        let a = t.path().join("src/a.md");
        std::fs::write(&a, "# A\n\nSee [B](b.md). A shout.\n").unwrap();
        let r = s.rebuild(&[a]);
        assert!(r.ok && !r.incremental, "{:?}", r.diagnostics.items);
        assert!(String::from_utf8_lossy(&s.site["a.html"]).contains("A SHOUT."));
    }

    #[test]
    fn title_change_rebuilds_everything() {
        let t = book();
        let mut s = Session::new(t.path());
        assert!(s.rebuild(&[]).ok);
        let b = t.path().join("src/b.md");
        std::fs::write(&b, "---\ntitle: Bee\n---\n# B\n").unwrap();
        let r = s.rebuild(&[b]);
        assert!(r.ok && !r.incremental);
        assert!(
            r.changed.contains(&"a.html".to_string()),
            "the neighbour's next link changed: {:?}",
            r.changed
        );
    }

    #[test]
    fn a_broken_edit_keeps_the_last_good_site() {
        let t = book();
        let mut s = Session::new(t.path());
        assert!(s.rebuild(&[]).ok);
        let before = s.site["a.html"].clone();
        let a = t.path().join("src/a.md");
        std::fs::write(&a, "# A\n\nSee [B](missing.md).\n").unwrap();
        let r = s.rebuild(std::slice::from_ref(&a));
        assert!(!r.ok);
        assert!(r
            .diagnostics
            .items
            .iter()
            .any(|d| d.message.contains("missing.md")));
        assert_eq!(s.site["a.html"], before);
        std::fs::write(&a, "# A\n\nFixed.\n").unwrap();
        assert!(s.rebuild(&[a]).ok);
    }

    #[test]
    fn a_translated_book_rebuilds_every_edition_on_any_change() {
        let t = book();
        let toml = t.path().join("book.toml");
        std::fs::write(&toml, "[book]\ntitle = \"T\"\n\n[languages.es]\n").unwrap();
        let es = t.path().join("src/translations/es");
        std::fs::create_dir_all(&es).unwrap();
        std::fs::write(es.join("a.md"), "# A\n\nVea [B](b.md).\n").unwrap();
        let mut s = Session::new(t.path());
        assert!(s.rebuild(&[]).ok);
        assert!(s.site.contains_key("es/b.html"));
        // A source edit changes its untranslated Spanish page too.
        let b = t.path().join("src/b.md");
        std::fs::write(&b, "# B\n\nNew text.\n").unwrap();
        let r = s.rebuild(std::slice::from_ref(&b));
        assert!(r.ok && !r.incremental);
        assert!(
            r.changed.contains(&"es/b.html".to_string()),
            "{:?}",
            r.changed
        );
        // A translation edit reloads its page.
        std::fs::write(es.join("a.md"), "# A\n\nTexto nuevo.\n").unwrap();
        let r = s.rebuild(&[es.join("a.md")]);
        assert!(r.ok);
        assert!(
            r.changed.contains(&"es/a.html".to_string()),
            "{:?}",
            r.changed
        );
        assert!(String::from_utf8_lossy(&s.site["es/a.html"]).contains("Texto nuevo."));
    }
}
