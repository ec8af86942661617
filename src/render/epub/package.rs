//! The EPUB's XML around the chapters: each content document's shell, the navigation
//! document (SUMMARY.md's parts and nesting, then the generated pages, and landmarks) and
//! the package document (metadata, manifest, spine).

use sha2::{Digest, Sha256};

use super::xhtml::{attr_text, text};
use crate::model::{Book, ChapterId, TreeItem};

/// A content document: `body` is well-formed XHTML already.
pub(super) fn document(lang: &str, title: &str, css: &[String], body: &str) -> String {
    let mut s = String::with_capacity(body.len() + 512);
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
    s.push_str("<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"");
    attr_text(lang, &mut s);
    s.push_str("\" xml:lang=\"");
    attr_text(lang, &mut s);
    s.push_str("\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>");
    text(title, &mut s);
    s.push_str("</title>\n");
    for href in css {
        s.push_str("<link rel=\"stylesheet\" type=\"text/css\" href=\"");
        attr_text(href, &mut s);
        s.push_str("\"/>\n");
    }
    s.push_str("</head>\n<body>\n");
    s.push_str(body);
    s.push_str("\n</body>\n</html>\n");
    s
}

/// Where the navigation document points.
pub(super) struct NavLinks<'a> {
    /// A chapter's href from the navigation document, None for one left out (a draft).
    pub chapter: &'a dyn Fn(ChapterId) -> Option<String>,
    /// The generated pages listed after the chapters: title, href.
    pub pages: Vec<(String, String)>,
    /// Landmarks: `epub:type`, title, href.
    pub landmarks: Vec<(&'static str, String, String)>,
}

/// The body of the navigation document.
pub(super) fn nav_body(book: &Book, links: &NavLinks) -> String {
    let mut s = String::from("<nav epub:type=\"toc\" id=\"toc\">\n<h1>Contents</h1>\n<ol>\n");
    let mut part: Option<(&str, String)> = None;
    let close = |part: &mut Option<(&str, String)>, s: &mut String| {
        if let Some((title, items)) = part.take().filter(|(_, i)| !i.is_empty()) {
            s.push_str("<li><span>");
            text(title, s);
            s.push_str("</span>\n<ol>\n");
            s.push_str(&items);
            s.push_str("</ol></li>\n");
        }
    };
    for item in &book.tree {
        match item {
            TreeItem::Part(title) => {
                close(&mut part, &mut s);
                part = Some((title, String::new()));
            }
            TreeItem::Separator => close(&mut part, &mut s),
            TreeItem::Chapter { .. } => match &mut part {
                Some((_, items)) => nav_item(book, item, links, items),
                None => nav_item(book, item, links, &mut s),
            },
        }
    }
    close(&mut part, &mut s);
    for (title, href) in &links.pages {
        link_item(title, href, &mut s);
        s.push_str("</li>\n");
    }
    s.push_str("</ol>\n</nav>\n");
    s.push_str("<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<h2>Landmarks</h2>\n<ol>\n");
    for (kind, title, href) in &links.landmarks {
        s.push_str("<li><a epub:type=\"");
        s.push_str(kind);
        s.push_str("\" href=\"");
        attr_text(href, &mut s);
        s.push_str("\">");
        text(title, &mut s);
        s.push_str("</a></li>\n");
    }
    s.push_str("</ol>\n</nav>");
    s
}

/// One chapter and its sub-chapters. A draft (no page) shows as a heading over its
/// sub-chapters, or not at all when it has none: a navigation entry must lead somewhere.
fn nav_item(book: &Book, item: &TreeItem, links: &NavLinks, s: &mut String) {
    let TreeItem::Chapter { index, children } = item else {
        return;
    };
    let mut sub = String::new();
    for c in children {
        nav_item(book, c, links, &mut sub);
    }
    let ch = &book.chapters[*index];
    let title = match &ch.number {
        Some(n) => format!("{n} {}", ch.title),
        None => ch.title.clone(),
    };
    match (links.chapter)(*index) {
        Some(href) => link_item(&title, &href, s),
        None if sub.is_empty() => return,
        None => {
            s.push_str("<li><span>");
            text(&title, s);
            s.push_str("</span>");
        }
    }
    if !sub.is_empty() {
        s.push_str("\n<ol>\n");
        s.push_str(&sub);
        s.push_str("</ol>");
    }
    s.push_str("</li>\n");
}

fn link_item(title: &str, href: &str, s: &mut String) {
    s.push_str("<li><a href=\"");
    attr_text(href, s);
    s.push_str("\">");
    text(title, s);
    s.push_str("</a>");
}

/// The book's metadata, as the package document states it.
pub(super) struct Meta<'a> {
    pub identifier: String,
    pub title: &'a str,
    pub authors: &'a [String],
    pub language: &'a str,
    pub description: Option<&'a str>,
    /// `YYYY-MM-DDThh:mm:ssZ`.
    pub modified: String,
}

/// One manifest entry; `href` is relative to the package document.
pub(super) struct Item {
    pub id: String,
    pub href: String,
    pub media_type: &'static str,
    pub properties: Vec<&'static str>,
}

/// The package document; `spine` lists manifest ids in reading order.
pub(super) fn opf(meta: &Meta, items: &[Item], spine: &[String]) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str("<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"pub-id\" xml:lang=\"");
    attr_text(meta.language, &mut s);
    s.push_str("\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    element(
        "dc:identifier id=\"pub-id\"",
        "dc:identifier",
        &meta.identifier,
        &mut s,
    );
    element("dc:title", "dc:title", meta.title, &mut s);
    element("dc:language", "dc:language", meta.language, &mut s);
    for a in meta.authors {
        element("dc:creator", "dc:creator", a, &mut s);
    }
    if let Some(d) = meta.description.filter(|d| !d.trim().is_empty()) {
        element("dc:description", "dc:description", d, &mut s);
    }
    element(
        "meta property=\"dcterms:modified\"",
        "meta",
        &meta.modified,
        &mut s,
    );
    s.push_str("</metadata>\n<manifest>\n");
    for i in items {
        s.push_str("<item id=\"");
        attr_text(&i.id, &mut s);
        s.push_str("\" href=\"");
        attr_text(&i.href, &mut s);
        s.push_str("\" media-type=\"");
        s.push_str(i.media_type);
        s.push('"');
        if !i.properties.is_empty() {
            s.push_str(" properties=\"");
            s.push_str(&i.properties.join(" "));
            s.push('"');
        }
        s.push_str("/>\n");
    }
    s.push_str("</manifest>\n<spine>\n");
    for id in spine {
        s.push_str("<itemref idref=\"");
        attr_text(id, &mut s);
        s.push_str("\"/>\n");
    }
    s.push_str("</spine>\n</package>\n");
    s
}

fn element(open: &str, close: &str, value: &str, s: &mut String) {
    s.push('<');
    s.push_str(open);
    s.push('>');
    text(value, s);
    s.push_str("</");
    s.push_str(close);
    s.push_str(">\n");
}

/// `[output.epub] identifier`, else a `urn:uuid:` made from the title and authors: the
/// same for every build of the book, different between books.
pub(super) fn identifier(book: &Book) -> String {
    let c = &book.config;
    if let Some(id) = c.output.epub.as_ref().and_then(|e| e.identifier.clone()) {
        return id.trim().to_string();
    }
    let mut h = Sha256::new();
    h.update(b"metbook epub\n");
    h.update(c.title().as_bytes());
    for a in &c.book.authors {
        h.update(b"\n");
        h.update(a.as_bytes());
    }
    let mut b: [u8; 16] = h.finalize()[..16].try_into().expect("16 bytes");
    // RFC 9562: version 8 (made by the application), the RFC's variant.
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// A moment in UTC, from seconds since 1970.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

impl Date {
    /// The calendar date of `secs` (the proleptic Gregorian calendar, as `date -u` shows).
    pub(crate) fn from_unix(secs: u64) -> Date {
        let days = (secs / 86_400) as i64;
        let rem = secs % 86_400;
        // Howard Hinnant's days-to-civil algorithm.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)).clamp(0, 9999) as u16;
        Date {
            year,
            month,
            day,
            hour: (rem / 3600) as u8,
            minute: (rem / 60 % 60) as u8,
            second: (rem % 60) as u8,
        }
    }

    /// `YYYY-MM-DDThh:mm:ssZ`, as `dcterms:modified` wants it.
    pub(crate) fn iso(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn dates_from_unix_seconds() {
        assert_eq!(Date::from_unix(0).iso(), "1970-01-01T00:00:00Z");
        assert_eq!(Date::from_unix(951_782_400).iso(), "2000-02-29T00:00:00Z");
        assert_eq!(Date::from_unix(1_798_761_599).iso(), "2026-12-31T23:59:59Z");
    }
}
