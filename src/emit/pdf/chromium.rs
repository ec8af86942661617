//! Finding Chromium and printing the print document with it, headless, as a child
//! process: a fresh profile of its own, no sandbox only where Chromium refuses to start
//! with one (as root), and a time limit after which its whole process group is stopped.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::Duration;

/// Names Chromium and Chrome are installed under, looked up on `PATH` in this order.
const NAMES: [&str; 5] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];
/// Where macOS installs them; they are not on `PATH` there.
const MAC: [&str; 2] = [
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

/// Where the engine was asked for, to say so when it is not there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Asked {
    /// `METBOOK_CHROMIUM`.
    Env(PathBuf),
    /// `[output.pdf] chromium` (or `browser-binary-path`).
    Config(PathBuf),
    /// Neither: `PATH` and the usual places.
    Search,
}

/// The Chromium to print with: `METBOOK_CHROMIUM` (this machine's), else book.toml's
/// `chromium` (relative to the book), else the first of [`NAMES`] on `PATH`.
pub(crate) fn find(configured: Option<&Path>, root: &Path) -> Result<PathBuf, Asked> {
    let env = std::env::var_os("METBOOK_CHROMIUM").filter(|v| !v.is_empty());
    let asked = match (env, configured) {
        (Some(e), _) => Asked::Env(PathBuf::from(e)),
        (None, Some(c)) => Asked::Config(c.to_path_buf()),
        (None, None) => Asked::Search,
    };
    let found = match &asked {
        Asked::Env(p) => command(p, None),
        Asked::Config(p) => command(p, Some(root)),
        Asked::Search => NAMES
            .iter()
            .find_map(|n| on_path(Path::new(n)))
            .or_else(|| MAC.iter().map(PathBuf::from).find(|p| is_program(p))),
    };
    found.ok_or(asked)
}

/// `p` as a program: a bare name is looked up on `PATH`; a path is taken as it is
/// (relative to `base` when given).
fn command(p: &Path, base: Option<&Path>) -> Option<PathBuf> {
    if p.components().count() == 1 && !p.is_absolute() {
        return on_path(p);
    }
    let p = match base {
        Some(b) if p.is_relative() => b.join(p),
        _ => p.to_path_buf(),
    };
    is_program(&p).then_some(p)
}

fn on_path(name: &Path) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| is_program(p))
}

fn is_program(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

/// Why a print failed, in words for the diagnostic.
#[derive(Debug)]
pub(super) enum Failure {
    Start(std::io::Error),
    Status(ExitStatus, String),
    TimedOut(Duration),
    NoOutput(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Start(e) => write!(f, "Chromium could not be started: {e}"),
            Failure::Status(s, log) => write!(f, "Chromium failed ({s}){}", said(log)),
            Failure::TimedOut(d) => write!(
                f,
                "Chromium did not finish within {} seconds and was stopped",
                d.as_secs()
            ),
            Failure::NoOutput(log) => write!(f, "Chromium wrote no PDF{}", said(log)),
        }
    }
}

fn said(log: &str) -> String {
    if log.is_empty() {
        String::new()
    } else {
        format!("; it said:\n{log}")
    }
}

/// One headless print of `html` to `out`. Chromium's own files (its profile, its log) go
/// to `work`.
pub(super) struct Print<'a> {
    pub exe: &'a Path,
    pub html: &'a Path,
    pub out: &'a Path,
    pub work: &'a Path,
    pub timeout: Duration,
}

impl Print<'_> {
    pub(super) fn run(&self) -> Result<(), Failure> {
        let log_path = self.work.join("chromium.log");
        let log = std::fs::File::create(&log_path).map_err(Failure::Start)?;
        let _ = std::fs::remove_file(self.out);
        let mut cmd = Command::new(self.exe);
        cmd.args(self.args())
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(Failure::Start)?)
            .stderr(log);
        #[cfg(unix)]
        {
            // Its own process group, so that stopping it stops its renderer and helpers too.
            use std::os::unix::process::CommandExt;
            cmd.process_group(0);
        }
        let mut child = cmd.spawn().map_err(Failure::Start)?;
        let pid = child.id();
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = std::thread::spawn(move || {
            let _ = tx.send(child.wait());
        });
        let status = rx.recv_timeout(self.timeout);
        // Whatever happened, nothing of this run may outlive it.
        stop_group(pid);
        let status = match status {
            Ok(s) => s.map_err(Failure::Start)?,
            Err(_) => {
                let _ = waiter.join();
                return Err(Failure::TimedOut(self.timeout));
            }
        };
        let _ = waiter.join();
        let log = tail(&std::fs::read_to_string(&log_path).unwrap_or_default());
        if !status.success() {
            return Err(Failure::Status(status, log));
        }
        match std::fs::metadata(self.out) {
            Ok(m) if m.len() > 0 => Ok(()),
            _ => Err(Failure::NoOutput(log)),
        }
    }

    fn args(&self) -> Vec<std::ffi::OsString> {
        let mut out: Vec<std::ffi::OsString> = [
            "--headless",
            // The running heads and page numbers are the document's own (@page rules).
            "--no-pdf-header-footer",
            // Nothing to fetch, install or report: keep a print from reaching the network.
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ]
        .map(Into::into)
        .to_vec();
        if running_as_root() {
            // Chromium refuses to start as root with its sandbox. What it loads is the
            // document metbook just wrote, under a policy that runs no script and fetches
            // nothing from another host.
            out.push("--no-sandbox".into());
        }
        out.push(flag("--user-data-dir=", &self.work.join("profile")));
        out.push(flag("--print-to-pdf=", self.out));
        out.push(file_url(self.html).into());
        out
    }
}

fn flag(name: &str, p: &Path) -> std::ffi::OsString {
    let mut s = std::ffi::OsString::from(name);
    s.push(p.as_os_str());
    s
}

/// `file://` URL of an absolute path, each segment percent-encoded.
fn file_url(p: &Path) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
    const SEGMENT: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}');
    let s = p.to_string_lossy().replace('\\', "/");
    let s = if s.starts_with('/') {
        s
    } else {
        format!("/{s}")
    };
    format!("file://{}", utf8_percent_encode(&s, SEGMENT))
}

fn running_as_root() -> bool {
    #[cfg(unix)]
    {
        // SAFETY: geteuid has no preconditions and cannot fail.
        unsafe { libc::geteuid() == 0 }
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// Stops Chromium's process group (a process that already ended is no error).
fn stop_group(pid: u32) {
    #[cfg(unix)]
    if let Ok(pid) = i32::try_from(pid) {
        // SAFETY: kill only sends a signal; the group is the one this run created.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    #[cfg(not(unix))]
    let _ = pid;
}

/// The last lines of Chromium's log that say something (it logs harmless D-Bus noise
/// on machines without a desktop session).
fn tail(log: &str) -> String {
    let lines: Vec<&str> = log
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.contains("dbus") && !l.contains("bytes written to file"))
        .collect();
    lines[lines.len().saturating_sub(6)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_are_encoded() {
        assert_eq!(
            file_url(Path::new("/tmp/my book/#1/a.html")),
            "file:///tmp/my%20book/%231/a.html"
        );
    }
}
