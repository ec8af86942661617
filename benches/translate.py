#!/usr/bin/env python3
"""Makes a two-language copy of a generated manual for the benchmark: every chapter of
SRC gets a "translation" (its own text, front matter reduced to what a translation may
hold, stamped with the source's hash), so the second edition costs what a fully
translated one would. Usage: translate.py SRC DEST CODE"""
import hashlib, pathlib, shutil, sys

src, dest, code = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
shutil.rmtree(dest, ignore_errors=True)
shutil.copytree(src / "manual", dest / "manual")
toml = (src / "book.toml").read_text()
(dest / "book.toml").write_text(toml + f'\n[languages.{code}]\ntitle = "Manual ({code})"\n')
tdir = dest / "manual" / "translations" / code
for f in (src / "manual").rglob("*.md"):
    rel = f.relative_to(src / "manual")
    if rel.name == "SUMMARY.md":
        continue
    text = f.read_text()
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    body = text.split("---\n", 2)[2] if text.startswith("---\n") else text
    out = tdir / rel
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(f"---\ntranslated-from: {digest}\n---\n{body}")
