use super::*;
use crate::render::epub::links::Index;

fn index() -> Index {
    let mut i = Index::default();
    i.docs.insert("a.html".into(), 0);
    i.docs.insert("glossary.html".into(), 1);
    i.images
        .insert("img/x.png".into(), "EPUB/media/img/x.png".into());
    i
}

fn conv(html: &str) -> Converted {
    let place = Place {
        doc: 0,
        page: "a.html",
        container: "EPUB/text/a.xhtml",
    };
    let browser = convert(html, &place, &index(), false);
    // The strict reader, where it reads the HTML at all, gives the same XHTML.
    let strict = convert(html, &place, &index(), true);
    assert_eq!(
        strict.body, browser.body,
        "strict and browser readers differ"
    );
    browser
}

/// Parses `body` as XML (inside one root element), failing on anything not well-formed.
fn well_formed(body: &str) {
    let xml = format!("<root xmlns:epub=\"http://www.idpf.org/2007/ops\">{body}</root>");
    let mut r = quick_xml::Reader::from_str(&xml);
    r.config_mut().check_end_names = true;
    loop {
        match r.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed: {e}\n{xml}"),
        }
    }
}

#[test]
fn malformed_raw_html_comes_out_well_formed() {
    let c = conv("<p>a <b>b <i>c</p><div>open <br> <img src=\"\u{1}img/x.png\"> &nbsp;<hr></div></span><table><td>x</table>");
    well_formed(&c.body);
    assert!(c.body.contains("\u{a0}"), "{}", c.body);
    assert!(!c.body.contains("&nbsp;"));
    assert!(c.body.contains("<br/>") && c.body.contains("<hr/>"));
    assert!(
        c.body
            .contains("<img src=\"../media/img/x.png\" alt=\"\"/>"),
        "{}",
        c.body
    );
    assert_eq!(c.images, ["EPUB/media/img/x.png"]);
}

#[test]
fn control_characters_and_markup_in_text_are_safe() {
    let c = conv("<p title=\"a&quot;b\u{7}\">x\u{1}\u{8}y &lt;z&gt; &amp;</p>");
    well_formed(&c.body);
    assert_eq!(c.body, "<p title=\"a&quot;b\">xy &lt;z&gt; &amp;</p>");
}

#[test]
fn ids_are_unique_valid_and_references_kept_only_to_ids_present() {
    let c = conv(
        "<h2 id=\"1-intro\">A</h2><h2 id=\"1-intro\">B</h2>\
         <p aria-describedby=\"1-intro gone\" id=\"n\">x</p>\
         <div hidden id=\"h\">x</div><p aria-labelledby=\"h\">y</p>",
    );
    well_formed(&c.body);
    assert_eq!(c.body.matches("id=\"_1-intro\"").count(), 1, "{}", c.body);
    assert!(
        c.body.contains("aria-describedby=\"_1-intro\""),
        "{}",
        c.body
    );
    assert!(!c.body.contains("aria-labelledby"), "{}", c.body);
    assert!(c.ids.contains("_1-intro") && c.ids.contains("n") && !c.ids.contains("h"));
}

#[test]
fn links_lead_inside_the_epub_out_of_it_or_nowhere() {
    let c = conv(
        "<a href=\"\u{1}glossary.html#term-x\">t</a> <a href=\"https://ex.org/\">e</a> \
         <a href=\"\u{1}search.html?q=x\" class=\"mb-more\">s</a> <a href=\"javascript:x()\">j</a> \
         <a href=\"#here\">h</a>",
    );
    well_formed(&c.body);
    assert!(
        c.body.contains("<a href=\"\u{3}1#term-x\u{3}\">t</a>"),
        "{}",
        c.body
    );
    assert!(c.body.contains("<a href=\"https://ex.org/\">e</a>"));
    assert!(
        c.body.contains("<span class=\"mb-more\">s</span>"),
        "{}",
        c.body
    );
    assert!(c.body.contains("<span>j</span>"));
    assert!(c.body.contains("\u{3}0#here\u{3}"));
}

#[test]
fn forms_print_as_blanks_and_scripted_controls_go() {
    let c = conv(
        "<section class=\"mb-worksheet\"><p class=\"mb-worksheet-privacy\">stays here</p>\
         <label for=\"f\">Name</label><input type=\"text\" id=\"f\" name=\"n\">\
         <input type=\"text\" value=\"96\">\
         <textarea rows=\"2\"></textarea><textarea>said</textarea>\
         <label><input type=\"radio\" name=\"r\" value=\"1\"><span>1</span></label>\
         <input type=\"checkbox\" checked>\
         <button type=\"button\">Print</button><div hidden><input></div></section>",
    );
    well_formed(&c.body);
    let b = &c.body;
    assert!(!b.contains("<input") && !b.contains("<textarea") && !b.contains("<button"));
    assert!(!b.contains("stays here") && !b.contains("Print"), "{b}");
    assert!(
        b.contains("<span>Name</span><span class=\"mb-blank\" id=\"f\">\u{a0}</span>"),
        "{b}"
    );
    assert!(b.contains("<span class=\"mb-blank\">96</span>"), "{b}");
    assert_eq!(b.matches("<span class=\"mb-line\">").count(), 3, "{b}");
    assert!(b.contains("<span class=\"mb-line\">said</span>"));
    assert!(
        b.contains("<span class=\"mb-box\">○</span><span>1</span>"),
        "{b}"
    );
    assert!(b.contains("<span class=\"mb-box\">☒</span>"), "{b}");
}

#[test]
fn embeds_and_unusable_images_are_left_out_and_reported() {
    let c = conv(
        "<iframe src=\"https://x\"></iframe><p>a<img src=\"https://x/y.png\" alt=\"chart\">\
         <img src=\"\u{1}img/y.webp\" alt=\"photo\"></p><center>kept</center>",
    );
    well_formed(&c.body);
    assert_eq!(
        c.body,
        "<p>a<span class=\"mb-image-text\">chart</span><span class=\"mb-image-text\">photo</span></p>kept"
    );
    let what: Vec<&str> = c.dropped.iter().map(|d| d.what.as_str()).collect();
    assert_eq!(
        what,
        [
            "an <iframe> element",
            "the image `https://x/y.png`",
            "the image `img/y.webp`"
        ]
    );
}

#[test]
fn attributes_outside_the_schema_go() {
    let c = conv(
        "<p align=\"center\" style=\"color:red\" onclick=\"x()\" data-x=\"1\" class=\"c\" role=\"fancy\">a</p>\
         <td colspan=\"0\">x</td><table><tr><td colspan=\"2\" rowspan=\"x\">y</td></tr></table>",
    );
    well_formed(&c.body);
    assert!(c.body.starts_with("<p class=\"c\">a</p>"), "{}", c.body);
    assert!(c.body.contains("<td colspan=\"2\">y</td>"), "{}", c.body);
}

#[test]
fn inline_svg_gets_its_namespace() {
    let c = conv("<p><svg viewBox=\"0 0 2 2\" onload=\"x()\"><circle r=\"1\"/><script>x()</script></svg></p>");
    well_formed(&c.body);
    assert!(c.svg);
    assert!(
        c.body.starts_with("<p><svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 2 2\"><circle r=\"1\"></circle></svg></p>"),
        "{}",
        c.body
    );
}

#[test]
fn details_stay_open_and_definition_list_wrappers_go() {
    let c = conv("<details><summary>More</summary><p>x</p></details><dl><div><dt>a</dt><dd>b</dd></div></dl>");
    well_formed(&c.body);
    assert_eq!(
        c.body,
        "<div><div>More</div><p>x</p></div><dl><dt>a</dt><dd>b</dd></dl>"
    );
}

#[test]
fn deep_nesting_does_not_overflow() {
    let html = "<div>".repeat(5_000) + "x";
    let c = conv(&html);
    well_formed(&c.body);
    assert!(c.body.contains('x'));
}

#[test]
fn content_the_parser_keeps_but_xhtml_refuses_is_reshaped() {
    let c = conv("<p>a <b>bold <i>both</p> then<div>block</div></b><h2><div>in heading</div></h2>");
    well_formed(&c.body);
    // The parser carries <b><i> past the paragraph and around the block: the tags go,
    // the text stays; the heading holding a block is a <div>.
    assert_eq!(
        c.body,
        "<p>a <b>bold <i>both</i></b></p> then<div>block</div><div><div><i>in heading</i></div></div>"
    );
    let c = conv("<ul>loose<p>para</p><li>ok</li></ul><li>stray</li><dl><p>x</p><dt>t</dt></dl>");
    well_formed(&c.body);
    assert_eq!(
        c.body,
        "<ul><li>loose</li><li><p>para</p></li><li>ok</li></ul><div>stray</div><dl><dd><p>x</p></dd><dt>t</dt></dl>"
    );
}
