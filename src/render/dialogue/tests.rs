//! Render tests: structure of the figure, escaping of every kind of author text, code
//! badges, practice data, metrics table and the codebook page.

use super::*;
use crate::met::dialogues::dialogue::parse_dialogue;
use crate::model::met::codebook::Codebook;

fn ctx_render(body: &str) -> String {
    let cb = Codebook::builtin();
    let d = parse_dialogue(body, &cb).unwrap_or_else(|e| panic!("{e:#?}"));
    let md = |s: &str| crate::text::escape(s);
    let resolve = |id: &str| match id {
        "roll-with-resistance" => Some((
            "Roll with <Resistance>".to_string(),
            "../principles/rwr.html".to_string(),
        )),
        "dlg-good" => Some(("The MET way".to_string(), "met.html#dlg-good".to_string())),
        _ => None,
    };
    let ctx = RenderCtx {
        markdown: &md,
        resolve: &resolve,
        codebook_url: "../codebook.html",
        anchor_prefix: "",
    };
    render_dialogue(&d, &cb, &ctx)
}

#[test]
fn structure_and_badges() {
    let h = ctx_render(crate::met::dialogues::dialogue::tests_ok_example());
    assert!(h.starts_with(r#"<figure class="mb-dialogue" id="dlg-wife-worried" data-dialogue="dlg-wife-worried" data-practice-codes="gi:Giving Information|persuade:Persuade|"#), "{h}");
    assert!(h.contains(r#"<ol class="mb-transcript">"#));
    assert!(h.contains(r##"<li class="mb-turn mb-turn-client" id="dlg-wife-worried-t1" data-speaker="C"><span class="mb-speaker">Client: <a class="mb-turn-link" href="#dlg-wife-worried-t1" aria-label="Link to turn 1">#</a></span> "##));
    assert!(h.contains(r##"<span class="mb-utt" data-codes="sr" data-key="sr" data-item="1">Coming here wasn&#39;t your idea. <a class="mb-code mb-code-therapist" href="../codebook.html#code-sr" title="Simple Reflection" aria-label="SR, code: Simple Reflection">SR</a></span>"##), "{h}");
    assert!(h.contains(r#"data-codes="cr,double-sided" data-key="cr" data-item="2""#));
    assert!(h.contains(
        r#"<aside class="mb-note mb-margin-note" aria-label="Commentary">A simple reflection"#
    ));
    assert!(h.contains(r##"<li class="mb-turn mb-turn-therapist mb-alt" id="dlg-wife-worried-t5" data-speaker="T"><span class="mb-alt-label">Alternative response</span> <span class="mb-speaker">Therapist: <a class="mb-turn-link" href="#dlg-wife-worried-t5" aria-label="Link to turn 5">#</a></span>"##));
    assert!(h.contains(r##"<li class="mb-turn mb-turn-other" id="dlg-wife-worried-t6" data-speaker="SO"><span class="mb-speaker">Significant other: <a class="mb-turn-link" href="#dlg-wife-worried-t6" aria-label="Link to turn 6">#</a></span> <span class="mb-utt" data-codes="">I just want him healthy.</span>"##));
    assert!(h.contains(r#"<dd class="mb-principles"><a href="../principles/rwr.html">Roll with &lt;Resistance&gt;</a>, <span class="mb-unresolved">express-empathy</span></dd>"#));
    assert!(h.contains("<caption>MITI summary (illustrative for a short excerpt)</caption>"));
    assert!(h.contains(r#"<tr><th scope="row">R:Q</th><td class="mb-value">2</td><td class="mb-rating mb-rating-good">good"#), "{h}");
    assert!(h.contains(r#"<tr><th scope="row">%CR</th><td class="mb-value">50%</td>"#));
    assert!(h.contains(r#"<tr><th scope="row">%CT</th><td class="mb-value">0%</td>"#));
    assert!(h.contains(r#"<button type="button" class="mb-practice-toggle" aria-pressed="false" aria-controls="dlg-wife-worried-practice">Practice coding</button>"#));
    assert!(h.contains(r#"role="status" aria-live="polite""#));
    assert!(!h.contains("<script"), "no inline script");
    assert!(h.trim_end().ends_with("</figure>"));
}

#[test]
fn counter_example_and_na() {
    let h = ctx_render("id: dlg-bad\ntitle: Bad\ncounter-example: true\nalternative-to: dlg-good\n---\nC: Meh {st}\nT: You're in denial. {confront}\n");
    assert!(h.starts_with(r#"<figure class="mb-dialogue mb-counter-example" id="dlg-bad""#));
    assert!(h.contains("<strong>Counter-example: what not to do</strong>"));
    assert!(h.contains(r#"<p class="mb-alt-link">See the MET alternative: <a href="met.html#dlg-good">The MET way</a></p>"#));
    assert!(h.contains(r#"<th scope="row">R:Q</th><td class="mb-value">n/a</td><td class="mb-rating mb-rating-none">n/a</td>"#), "{h}");
    assert!(h.contains(r#"<th scope="row">MI-non-adherent</th><td class="mb-value">1</td>"#));
    // No MITI code at all → neither table nor practice.
    let h = ctx_render("id: d\ntitle: t\n---\nC: hello\nT: hi {}\n");
    assert!(
        !h.contains("mb-metrics")
            && !h.contains("mb-practice")
            && !h.contains("data-practice-codes")
    );
}

#[test]
fn escapes_author_text() {
    let h = ctx_render("id: x\ntitle: \"<script>alert(1)</script> & \\\"q\\\"\"\n---\nC: <script>evil()</script> {ct}\n> <img src=x onerror=alert(1)>\nT: ok {sr, @\"><script>}\n");
    assert!(!h.contains("<script>"), "{h}");
    assert!(!h.contains("<img"));
    assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;"));
    assert!(
        h.contains(r#"<span class="mb-unresolved">&quot;&gt;&lt;script&gt;</span>"#),
        "{h}"
    );
    assert_eq!(
        crate::text::escape(r#"<a href="x">'&'</a>"#),
        "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
    );
}

#[test]
fn codebook_page() {
    let mut cb = Codebook::builtin();
    cb.extend_from_yaml("codes:\n  - id: af\n    label: \"Afirmar <b>\"\n")
        .unwrap();
    let h = render_codebook_page(&cb);
    assert!(h.contains(r#"<section class="mb-codebook-group" id="codes-therapist">"#));
    assert!(h.contains(r#"<dt id="code-sr"><span class="mb-code mb-code-therapist">SR</span> Simple Reflection <code class="mb-code-id">sr</code></dt>"#));
    assert!(h.contains("Afirmar &lt;b&gt;"));
    assert!(h.contains("<h3>Preparatory (DARN)</h3>") && h.contains("<h3>Mobilizing (CAT)</h3>"));
    assert!(h.contains(r#"id="code-taking-steps""#) && h.contains(r#"id="code-double-sided""#));
    assert!(h.contains("(MI-adherent)") && h.contains("(MI-non-adherent)"));
}
