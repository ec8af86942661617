#![no_main]
//! The whole pipeline: the input becomes the only chapter of a temporary book, and
//! `metbook::check` (load, resolve, render, no writing) must not panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("book.toml"), "[book]\ntitle = \"Fuzz\"\n").unwrap();
    std::fs::create_dir(root.join("src")).unwrap();
    std::fs::write(root.join("src/SUMMARY.md"), "# Summary\n\n- [One](one.md)\n- [Two](two.md)\n").unwrap();
    std::fs::write(root.join("src/two.md"), "---\nid: two\n---\n# Two\n\n## Part\n").unwrap();
    std::fs::write(root.join("src/one.md"), data).unwrap();
    let _ = metbook::check(root);
});
