//! `metbook serve`: builds the book into memory, serves it on localhost, rebuilds when its
//! files change and tells open pages to reload (or to show the errors) over a WebSocket.
//! Nothing is written to the build dir: a preview must not clobber a real build.

mod build;
mod page;
mod reload;
mod server;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use metbook::diagnostics::{Diagnostic, Diagnostics};
use metbook::session::Session;

use build::Builder;
use reload::Hub;
use server::{AppState, Snapshot};

pub(crate) struct Options {
    pub dir: PathBuf,
    pub host: String,
    pub port: u16,
    pub open: bool,
    pub color: bool,
}

pub(crate) enum Error {
    /// The folder is not a book (no or a broken book.toml).
    Book(Diagnostics),
    /// The server could not start (port in use, bad host, no runtime).
    Setup { message: String, help: String },
}

impl Error {
    fn setup(message: impl Into<String>, help: impl Into<String>) -> Error {
        Error::Setup {
            message: message.into(),
            help: help.into(),
        }
    }

    pub(crate) fn render(&self, color: bool) -> String {
        match self {
            Error::Book(d) => d.render_human(color),
            Error::Setup { message, help } => {
                let (red, bold, reset) = if color {
                    ("\x1b[1;31m", "\x1b[1m", "\x1b[0m")
                } else {
                    ("", "", "")
                };
                format!("{red}error{reset}{bold}: {message}{reset}\n  = help: {help}\n")
            }
        }
    }
}

pub(crate) fn serve(opts: Options) -> Result<(), Error> {
    let root = opts.dir.canonicalize().map_err(|e| {
        Error::setup(
            format!("cannot open {}: {e}", opts.dir.display()),
            "pass the folder that holds book.toml",
        )
    })?;
    let config = metbook::load::config(&root).map_err(|d| book_error(d, &root))?;
    let title = config
        .book
        .title
        .clone()
        .unwrap_or_else(|| "the book".into());
    let build_dir = root.join(&config.build.build_dir);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| {
            Error::setup(
                format!("cannot start the server: {e}"),
                "check the system's limits on threads",
            )
        })?;
    let result = rt.block_on(run(opts, root, build_dir, title));
    // Do not wait for blocking-pool threads (name lookups, the first build) to wind down.
    rt.shutdown_timeout(Duration::from_millis(100));
    result
}

fn book_error(d: Diagnostic, root: &Path) -> Error {
    let mut ds = Diagnostics::default();
    ds.push(d);
    ds.finish(root);
    Error::Book(ds)
}

async fn run(opts: Options, root: PathBuf, build_dir: PathBuf, title: String) -> Result<(), Error> {
    // Bind before building, so a busy port is reported at once rather than after the build.
    let listener = bind(&opts.host, opts.port).await?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::setup(e.to_string(), "try another --port"))?;
    let loopback = addr.ip().is_loopback();
    // Pages carry the build id; the run's start time keeps ids of a restarted server apart.
    let run_id = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
        % 1_000_000_000;
    let state = Arc::new(AppState {
        snapshot: RwLock::new(Arc::new(Snapshot {
            site: Default::default(),
            build: format!("{run_id}-0"),
        })),
        hub: Hub::new(&format!("{run_id}-0")),
        loopback,
    });

    // Watch before the first build, so that a file saved during it still triggers a rebuild.
    let extra = metbook::load::watched_outside(&root);
    let changes = watch::spawn(&root, &build_dir, &extra)
        .map_err(|e| eprintln!("warning: cannot watch the book's files ({e}); pages will not rebuild by themselves"))
        .ok();
    let mut session = Session::new(&root);
    let (session, first) = tokio::task::spawn_blocking(move || {
        let r = session.rebuild(&[]);
        (session, r)
    })
    .await
    .map_err(|e| {
        Error::setup(
            format!("the first build crashed: {e}"),
            "please report this as a bug",
        )
    })?;
    let mut builder = Builder {
        session,
        state: state.clone(),
        run_id,
        generation: 0,
        color: opts.color,
    };
    builder.apply(&first, true);

    let url = format!("http://{}/", display_addr(&addr));
    println!("Serving {title} at {url} (Ctrl-C to stop)");
    if !loopback {
        eprintln!(
            "warning: --host {} makes the preview visible to other machines on the network",
            opts.host
        );
    }
    if opts.open {
        open_browser(&url);
    }
    if let Some(changes) = changes {
        std::thread::Builder::new()
            .name("metbook-build".into())
            .spawn(move || builder.run(changes))
            .map_err(|e| {
                Error::setup(
                    format!("cannot start the builder: {e}"),
                    "check the system's limits on threads",
                )
            })?;
    }

    let (sig_tx, mut sig_rx) = tokio::sync::watch::channel(false);
    let app = server::router(state.clone());
    let hub_state = state.clone();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        stop_signal().await;
        // Open pages hold WebSockets; closing them lets the graceful shutdown finish.
        hub_state.hub.close();
        let _ = sig_tx.send(true);
    });
    let mut server = tokio::spawn(async move { server.await });
    tokio::select! {
        r = &mut server => {
            if let Ok(Err(e)) = r {
                return Err(Error::setup(format!("the server stopped: {e}"), "start it again"));
            }
        }
        _ = async { let _ = sig_rx.wait_for(|s| *s).await; tokio::time::sleep(Duration::from_secs(3)).await } => {
            eprintln!("warning: some connections did not close within 3 s; stopping anyway");
        }
    }
    println!("Stopped");
    Ok(())
}

async fn bind(host: &str, port: u16) -> Result<tokio::net::TcpListener, Error> {
    tokio::net::TcpListener::bind((host, port)).await.map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            let next = port.checked_add(1).unwrap_or(3001);
            Error::setup(
                format!("port {port} on {host} is already in use"),
                format!("another `metbook serve` (or another server) may be running there; stop it, or choose another port: `metbook serve --port {next}`"),
            )
        } else {
            Error::setup(format!("cannot listen on {host}:{port}: {e}"), "check --host (e.g. 127.0.0.1) and --port (1024 or above)")
        }
    })
}

fn display_addr(addr: &SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V6(ip) => format!("[{ip}]:{}", addr.port()),
        IpAddr::V4(ip) => format!("{ip}:{}", addr.port()),
    }
}

async fn stop_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
            }
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

/// Opens the default browser; the URL is printed anyway, so failing is only a warning.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let url = url.to_owned();
    std::thread::spawn(move || {
        let status = std::process::Command::new(opener)
            .arg(&url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
        match status {
            Ok(s) if s.success() => {}
            Ok(s) => eprintln!("warning: `{opener} {url}` failed ({s}); open the address yourself"),
            Err(e) => eprintln!("warning: could not run `{opener}` ({e}); open {url} yourself"),
        }
    });
}
