//! Elements written as something else: form controls as printable blanks, images as
//! carried files or their text.

use super::super::allowed::{self, Blank};
use super::super::dom::{Element, Kind};
use super::super::links;
use super::{attr_text, text, Writer};

impl Writer<'_> {
    /// An id for a replaced element (a blank, an image's text), when it had one.
    fn id_of(&mut self, el: &Element) {
        if let Some(id) = el.attr("id") {
            self.attribute("id", id);
        }
    }

    /// Form control `i`, printable: a line, ruled lines, a box, or what was filled in.
    pub(super) fn blank(&mut self, i: usize, el: &Element, kind: Blank) {
        let mut value = match (el.name(), kind) {
            ("select", _) => self.selected_text(i),
            (_, Blank::Lines) => self.dom.text_of(i),
            _ => el.attr("value").unwrap_or_default().to_string(),
        };
        let class = match kind {
            Blank::Line => "mb-blank",
            Blank::Lines => "mb-lines",
            Blank::Check | Blank::Choice => "mb-box",
        };
        self.out.body.push_str("<span class=\"");
        self.out.body.push_str(class);
        self.out.body.push('"');
        self.id_of(el);
        self.out.body.push('>');
        let checked = el.attr("checked").is_some();
        match kind {
            Blank::Check => value = if checked { "☒" } else { "☐" }.into(),
            Blank::Choice => value = if checked { "◉" } else { "○" }.into(),
            Blank::Line if value.trim().is_empty() => value = "\u{a0}".into(),
            _ => {}
        }
        if kind == Blank::Lines {
            let rows: usize = el
                .attr("rows")
                .and_then(|r| r.parse().ok())
                .unwrap_or(3)
                .clamp(1, 12);
            let filled = !value.trim().is_empty();
            for line in 0..if filled { 1 } else { rows } {
                self.out.body.push_str("<span class=\"mb-line\">");
                text(
                    if filled && line == 0 {
                        &value
                    } else {
                        "\u{a0}"
                    },
                    &mut self.out.body,
                );
                self.out.body.push_str("</span>");
            }
        } else {
            text(&value, &mut self.out.body);
        }
        self.out.body.push_str("</span>");
    }

    /// The text of select `i`'s chosen option.
    fn selected_text(&self, i: usize) -> String {
        self.dom
            .inside(i)
            .find(|(_, n)| {
                matches!(&n.kind, Kind::Element(e) if e.name() == "option" && e.attr("selected").is_some())
            })
            .map(|(j, _)| self.dom.text_of(j))
            .unwrap_or_default()
    }

    /// An image the EPUB carries, or its alternative text where it cannot.
    pub(super) fn image(&mut self, el: &Element) {
        let src = el.attr("src").unwrap_or_default();
        let alt = el.attr("alt").unwrap_or_default();
        let site = links::image_path(src, self.place.page);
        match site.as_deref().and_then(|s| self.r.image(s)) {
            Some(path) => {
                let path = path.to_string();
                let href = links::relative(self.place.container, &path);
                self.out.images.push(path);
                let b = &mut self.out.body;
                b.push_str("<img src=\"");
                attr_text(&href, b);
                b.push_str("\" alt=\"");
                attr_text(alt, b);
                b.push('"');
                for a in ["id", "class", "title", "width", "height"] {
                    if let Some(v) = el.attr(a).filter(|v| allowed::value_ok("img", a, v)) {
                        self.attribute(a, v);
                    }
                }
                self.out.body.push_str("/>");
            }
            None => {
                let shown = src.trim_start_matches(crate::resolve::links::ROOT_MARK);
                let why = if site.is_none() {
                    "an EPUB may not load images from the web; save the image beside the chapter"
                } else {
                    "only PNG, JPEG, GIF and SVG images in the book's source folder go into an EPUB"
                };
                let needle = shown.rsplit('/').next().unwrap_or(shown).to_string();
                self.dropped(format!("the image `{shown}`"), needle, why);
                self.out.body.push_str("<span class=\"mb-image-text\"");
                self.id_of(el);
                self.out.body.push('>');
                text(alt, &mut self.out.body);
                self.out.body.push_str("</span>");
            }
        }
    }
}
