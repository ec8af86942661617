//! The `metbook` binary: parses the command line, calls the library, prints the report and
//! chooses the exit code (0 success, 1 problems in the book, 2 usage errors).

// mimalloc: the system allocator was 17 % of a build's instructions (many small strings);
// this takes about a quarter off a build's CPU time.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay`, which the Rust bindings do not name: its number is read by
/// build.rs from the mimalloc header the allocator is compiled from.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t =
    match libmimalloc_sys::mi_option_t::from_str_radix(env!("METBOOK_MI_OPTION_PURGE_DELAY"), 10) {
        Ok(n) => n,
        Err(_) => panic!("build.rs wrote a mimalloc option number that is not a number"),
    };

mod cli;
mod serve;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use cli::{Cli, Command, Format};

fn main() -> ExitCode {
    // Return freed memory to the OS after a millisecond rather than mimalloc's default
    // delay, and keep the heap in small pages rather than transparent huge pages (mimalloc
    // asks for them): a build frees each batch of pages as it goes, and huge pages or a
    // long delay keep the freed memory resident (peak memory at 5,000 chapters: 250 MB
    // with mimalloc's defaults, under 200 MB with these). Not at once: every purge is a
    // `madvise` that interrupts the other threads to flush their TLBs, and returning
    // memory that the next page allocates again was a large share of a build's system time.
    // SAFETY: called before any other thread exists; both only set a flag (prctl's
    // result does not matter: without it, the heap just uses more memory).
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 1);
        #[cfg(target_os = "linux")]
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let color = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR")
            .map(|v| v.is_empty())
            .unwrap_or(true);
    match cli.command {
        Command::Build { dir, output } => build(&dir, output, color),
        Command::Check { dir, format } => check(&dir, format, color),
        Command::Translations { dir, format, stamp } => translations(&dir, format, &stamp, color),
        Command::Init {
            dir,
            title,
            minimal,
        } => init(&dir, title.as_deref(), minimal, color),
        Command::Serve {
            dir,
            port,
            host,
            open,
        } => match serve::serve(serve::Options {
            dir,
            host,
            port,
            open,
            color,
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprint!("{}", e.render(color));
                ExitCode::from(1)
            }
        },
        Command::Clean { dir } => clean(&dir, color),
    }
}

/// `metbook build`: the problems on stderr, one summary line on stdout.
fn build(dir: &Path, output: Vec<cli::Output>, color: bool) -> ExitCode {
    let options = metbook::BuildOptions {
        only: (!output.is_empty()).then(|| output.into_iter().map(Into::into).collect()),
    };
    let report = metbook::build_with(dir, &options);
    eprint!("{}", report.diagnostics.render_human(color));
    if report.diagnostics.has_errors() {
        eprintln!("{}", summary_line(&report.diagnostics, color));
        return ExitCode::from(1);
    }
    let shown = report
        .build_dir
        .strip_prefix(dir)
        .unwrap_or(&report.build_dir)
        .display()
        .to_string();
    let mut built: Vec<String> = Vec::new();
    if report.pages > 0 {
        built.push(format!("{} pages", report.pages));
    }
    built.extend(report.files.iter().cloned());
    let mut out = format!(
        "Built {} in {} ms → {}/",
        if built.is_empty() {
            "nothing".to_string()
        } else {
            built.join(", ")
        },
        report.millis,
        shown.trim_end_matches('/')
    );
    if !report.preprocessors.is_empty() {
        out.push_str(&format!(
            " (preprocessors: {})",
            report.preprocessors.join(", ")
        ));
    }
    let out = if color {
        format!("\x1b[32m{out}\x1b[0m")
    } else {
        out
    };
    let _ = writeln!(std::io::stdout(), "{out}");
    ExitCode::SUCCESS
}

/// `metbook check`: problems as text on stderr, or as JSON on stdout.
fn check(dir: &Path, format: Format, color: bool) -> ExitCode {
    let diags = metbook::check(dir);
    match format {
        Format::Json => println!("{}", diags.render_json()),
        Format::Human => {
            eprint!("{}", diags.render_human(color));
            if !diags.items.is_empty() {
                eprintln!("{}", summary_line(&diags, color));
            }
        }
    }
    ExitCode::from(u8::from(diags.has_errors()))
}

/// `metbook init`: the files made, and how to build them.
fn init(dir: &Path, title: Option<&str>, minimal: bool, color: bool) -> ExitCode {
    match metbook::init::init(dir, title, minimal) {
        Ok(files) => {
            println!("Created a new manual in {}:", dir.display());
            for f in files {
                println!("  {}", f.display());
            }
            println!("Build it with `metbook build {}`.", dir.display());
            ExitCode::SUCCESS
        }
        Err(d) => fail(d, color),
    }
}

/// `metbook clean`: the folder removed, or that there was none.
fn clean(dir: &Path, color: bool) -> ExitCode {
    match metbook::clean(dir) {
        Ok(Some(p)) => {
            println!("Removed {}", p.display());
            ExitCode::SUCCESS
        }
        Ok(None) => {
            println!("Nothing to clean");
            ExitCode::SUCCESS
        }
        Err(d) => fail(d, color),
    }
}

fn fail(d: metbook::diagnostics::Diagnostic, color: bool) -> ExitCode {
    let mut ds = metbook::diagnostics::Diagnostics::default();
    ds.push(d);
    ds.finish(&std::env::current_dir().unwrap_or_default());
    eprint!("{}", ds.render_human(color));
    ExitCode::from(1)
}

fn summary_line(d: &metbook::diagnostics::Diagnostics, color: bool) -> String {
    let (e, w) = (d.error_count(), d.warning_count());
    let s = format!(
        "{e} error{}, {w} warning{}",
        if e == 1 { "" } else { "s" },
        if w == 1 { "" } else { "s" }
    );
    if color && e > 0 {
        format!("\x1b[31m{s}\x1b[0m")
    } else {
        s
    }
}

fn translations(dir: &Path, format: Format, stamp: &[PathBuf], color: bool) -> ExitCode {
    if !stamp.is_empty() {
        return match metbook::translations::stamp(dir, stamp) {
            Ok(done) => {
                for (file, hash) in done {
                    println!("{}: translated-from {hash}", file.display());
                }
                ExitCode::SUCCESS
            }
            Err(d) => {
                let diags = metbook::diagnostics::Diagnostics { items: vec![d] };
                eprint!("{}", diags.render_human(color));
                ExitCode::FAILURE
            }
        };
    }
    let mut diags = metbook::diagnostics::Diagnostics::default();
    let report = metbook::translations::status(dir, &mut diags);
    diags.finish(dir);
    // The report's own subject (stale, untracked) is what it shows; other problems are
    // for `check`, except those that stop it.
    if report.is_none() {
        eprint!("{}", diags.render_human(color));
        return ExitCode::FAILURE;
    }
    let report = report.expect("checked above");
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        ),
        Format::Human => print!("{}", report.render_human()),
    }
    ExitCode::SUCCESS
}
