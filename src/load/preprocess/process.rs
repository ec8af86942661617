//! Runs a preprocessor's command once: mdBook's shell-like split of `command`, started in
//! the book's folder, fed `input` on stdin, its stdout and stderr collected, and stopped
//! (with everything it started) when it takes longer than the deadline, so a hung
//! preprocessor cannot hang a build or `serve`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What running a command came to.
pub(super) enum Outcome {
    /// It ran to the end: its exit status, stdout and stderr.
    Done {
        status: ExitStatus,
        stdout: Vec<u8>,
        stderr: Vec<u8>,
    },
    /// The program does not exist (mdBook's "not installed").
    NotFound(PathBuf),
    /// It could not be started for another reason.
    Unstartable(std::io::Error),
    /// It was stopped at the deadline.
    TimedOut,
}

/// The program and arguments of `command`, split as a shell would (quotes, escapes), the
/// program found on `PATH` when it is a bare name and in `root` when it has a folder, as
/// mdBook does. `None` for an empty command (book.toml's check reports it).
pub(super) fn command(command: &str, root: &Path) -> Option<Command> {
    let mut words = shlex::split(command)?.into_iter();
    let program = PathBuf::from(words.next()?);
    let program = if program.components().count() == 1 {
        program
    } else {
        root.join(program)
    };
    let mut cmd = Command::new(program);
    cmd.args(words).current_dir(root);
    Some(cmd)
}

/// Runs `cmd` with `extra` arguments, writing `input` to its stdin (none when empty).
pub(super) fn run(mut cmd: Command, extra: &[&str], input: Vec<u8>, timeout: Duration) -> Outcome {
    let deadline = Instant::now() + timeout;
    cmd.args(extra)
        .stdin(if input.is_empty() {
            Stdio::null()
        } else {
            Stdio::piped()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // Its own process group, so a timeout stops whatever it started too.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Outcome::NotFound(PathBuf::from(cmd.get_program()))
        }
        Err(e) => return Outcome::Unstartable(e),
    };
    // Each pipe on a thread of its own: a child blocked writing a full stdout pipe while we
    // write its stdin would otherwise wait for us forever, and we for it.
    if let Some(mut stdin) = child.stdin.take() {
        std::thread::spawn(move || {
            // A preprocessor may exit without reading its input (e.g. on an error); its
            // exit status and stderr tell why.
            let _ = stdin.write_all(&input);
        });
    }
    let (tx, rx) = mpsc::channel();
    let pipes: [Option<Box<dyn Read + Send>>; 2] = [
        child.stdout.take().map(|p| Box::new(p) as _),
        child.stderr.take().map(|p| Box::new(p) as _),
    ];
    for (i, pipe) in pipes.into_iter().enumerate() {
        let tx = tx.clone();
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut bytes);
            }
            let _ = tx.send(Event::Pipe(i, bytes));
        });
    }
    let pid = child.id();
    std::thread::spawn(move || {
        let _ = tx.send(Event::Exit(child.wait()));
    });
    collect(&rx, deadline).unwrap_or_else(|| {
        stop(pid);
        Outcome::TimedOut
    })
}

enum Event {
    Pipe(usize, Vec<u8>),
    Exit(std::io::Result<ExitStatus>),
}

/// Waits for both pipes to close and the child to exit; `None` at the deadline.
fn collect(rx: &mpsc::Receiver<Event>, deadline: Instant) -> Option<Outcome> {
    let (mut out, mut err, mut status) = (None, None, None);
    while out.is_none() || err.is_none() || status.is_none() {
        let left = deadline.checked_duration_since(Instant::now())?;
        match rx.recv_timeout(left).ok()? {
            Event::Pipe(0, b) => out = Some(b),
            Event::Pipe(_, b) => err = Some(b),
            Event::Exit(Ok(s)) => status = Some(s),
            Event::Exit(Err(e)) => return Some(Outcome::Unstartable(e)),
        }
    }
    Some(Outcome::Done {
        status: status?,
        stdout: out?,
        stderr: err?,
    })
}

/// Stops a preprocessor at its deadline, with every process it started (its group, whose
/// id is the child's: no other process gets that id while the group has a member).
fn stop(pid: u32) {
    #[cfg(unix)]
    if let Ok(pid) = libc::pid_t::try_from(pid) {
        // SAFETY: kill only sends a signal; a group that is already gone gives ESRCH.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    // Elsewhere the process is left to finish on its own; the build goes on without it.
    #[cfg(not(unix))]
    let _ = pid;
}
