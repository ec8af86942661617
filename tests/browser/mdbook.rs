//! Issue #19 in a real browser: the mdbook-project fixture (a migrated mdBook book) — a
//! redirect page lands on its target, an old `#section` link lands where the section went
//! (under the server's strict CSP), and the admonition callouts pass axe in light and dark
//! themes.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use super::checks::{axe, set_theme};
use super::driver::{Browser, Profile};
use super::server::Server;
use super::site::MANIFEST_DIR;

fn served() -> &'static Server {
    static S: OnceLock<Server> = OnceLock::new();
    S.get_or_init(|| {
        let dest = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-mdbook-project");
        if dest.exists() {
            std::fs::remove_dir_all(&dest).unwrap();
        }
        crate::common::copy_dir(
            &Path::new(MANIFEST_DIR).join("tests/fixtures/mdbook-project"),
            &dest,
        );
        let docs: PathBuf = dest.join("docs");
        let out = Command::new(env!("CARGO_BIN_EXE_metbook"))
            .arg("build")
            .arg(&docs)
            .env("METBOOK_CACHE_DIR", crate::common::private_cache())
            .output()
            .expect("running metbook");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Server::start(&docs.join("book"))
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn following_a_redirect_lands_on_the_target() {
    let server = served();
    let b = Browser::start(Profile::Desktop).await;
    b.goto(&server.url("guide/old-setup.html")).await;
    b.wait_js(
        "location.pathname.endsWith('/guide/setup.html') && location.hash === '#before-you-start' && !!document.getElementById('before-you-start')",
        "the redirect from guide/old-setup.html to guide/setup.html#before-you-start",
    )
    .await;
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_old_section_link_lands_where_the_section_went() {
    let server = served();
    let b = Browser::start(Profile::Desktop).await;
    // Sections of a page the site still has: renamed in place, and moved to another page.
    b.goto(&server.url("guide/setup.html#start")).await;
    b.wait_js(
        "location.pathname.endsWith('/guide/setup.html') && location.hash === '#before-you-start'",
        "setup.html#start to setup.html#before-you-start",
    )
    .await;
    b.goto(&server.url("guide/setup.html#code")).await;
    b.wait_js(
        "location.pathname.endsWith('/guide/listings.html') && location.hash === ''",
        "setup.html#code to listings.html",
    )
    .await;
    // A section of a gone page that went elsewhere, and one that did not: its fragment
    // follows the page to its new home.
    b.goto(&server.url("guide/old-setup.html#history")).await;
    b.wait_js(
        "location.pathname.endsWith('/introduction.html') && location.hash === ''",
        "old-setup.html#history to introduction.html",
    )
    .await;
    b.goto(&server.url("guide/old-setup.html#requirements"))
        .await;
    b.wait_js(
        "location.pathname.endsWith('/guide/setup.html') && location.hash === '#requirements'",
        "old-setup.html#requirements to setup.html#requirements",
    )
    .await;
    // A section link that did not move stays where it is.
    b.goto(&server.url("guide/setup.html#before-you-start"))
        .await;
    b.settle().await;
    let url = b.url().await;
    assert!(url.ends_with("/guide/setup.html#before-you-start"), "{url}");
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admonitions_pass_axe_in_light_and_dark() {
    let server = served();
    let b = Browser::start(Profile::Desktop).await;
    let mut failures = Vec::new();
    for theme in ["light", "dark"] {
        b.goto(&server.url("introduction.html")).await;
        set_theme(&b, theme).await;
        b.wait_css(".mb-admonition-caution", "the caution callout")
            .await;
        for v in axe(&b).await {
            failures.push(format!("{theme}: {v}"));
        }
    }
    b.quit().await;
    assert!(
        failures.is_empty(),
        "axe violations:\n{}",
        failures.join("\n")
    );
}
