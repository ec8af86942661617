//! The printed PDF, read and finished with lopdf: the page each contents entry landed on
//! (from the named destinations Chromium writes for link targets), then the outline
//! following SUMMARY.md, the document information, and no timestamps, so the same book
//! prints to the same bytes (an unchanged PDF is then hard-linked like an unchanged page).

use std::collections::HashMap;

use lopdf::{text_string, Bookmark, Document, Object, ObjectId};

use crate::render::pdf::Entry;

/// What the PDF's document information says.
pub(super) struct Meta<'a> {
    pub title: &'a str,
    pub authors: &'a [String],
    pub description: Option<&'a str>,
}

pub(super) struct Printed {
    doc: Document,
    /// Destination name → the page it is on.
    dests: HashMap<Vec<u8>, ObjectId>,
    /// Page → its number, from 1.
    numbers: HashMap<ObjectId, usize>,
}

impl Printed {
    pub(super) fn load(bytes: &[u8]) -> Result<Printed, String> {
        let doc = Document::load_mem(bytes).map_err(|e| format!("its PDF cannot be read: {e}"))?;
        let numbers = doc
            .get_pages()
            .into_iter()
            .map(|(n, id)| (id, n as usize))
            .collect();
        let dests = named_dests(&doc);
        Ok(Printed {
            doc,
            dests,
            numbers,
        })
    }

    /// The page number an element with id `anchor` starts on, when it is a link target.
    pub(super) fn page_of(&self, anchor: &str) -> Option<usize> {
        self.dests
            .get(dest_name(anchor).as_bytes())
            .and_then(|p| self.numbers.get(p))
            .copied()
    }

    /// The finished file: an outline of `entries`, the document information, no dates.
    pub(super) fn finish(mut self, entries: &[Entry], meta: &Meta) -> Result<Vec<u8>, String> {
        let _ = self.doc.delete_outlines();
        for e in entries {
            self.bookmark(e, None)?;
        }
        let catalog_outline = self.doc.build_outline();
        {
            let catalog = self
                .doc
                .catalog_mut()
                .map_err(|e| format!("its PDF has no catalog: {e}"))?;
            if let Some(id) = catalog_outline {
                catalog.set("Outlines", id);
                catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
            }
        }
        self.info(meta);
        let mut out = Vec::new();
        self.doc
            .save_to(&mut out)
            .map_err(|e| format!("the PDF could not be written: {e}"))?;
        Ok(out)
    }

    fn bookmark(&mut self, e: &Entry, parent: Option<u32>) -> Result<(), String> {
        let page = self
            .dests
            .get(dest_name(&e.anchor).as_bytes())
            .copied()
            .ok_or_else(|| format!("the printed PDF has no destination for “{}”", e.title))?;
        // Parts in bold (lopdf's format 2), so they stand out from their chapters.
        let format = if e.part { 2 } else { 0 };
        let b = Bookmark::new(e.title.clone(), [0.0, 0.0, 0.0], format, page);
        let id = self.doc.add_bookmark(b, parent);
        for c in &e.children {
            self.bookmark(c, Some(id))?;
        }
        Ok(())
    }

    fn info(&mut self, meta: &Meta) {
        let existing = self
            .doc
            .trailer
            .get(b"Info")
            .and_then(Object::as_reference)
            .ok();
        let id = existing.unwrap_or_else(|| self.doc.add_object(lopdf::Dictionary::new()));
        self.doc.trailer.set("Info", id);
        if let Ok(info) = self.doc.get_dictionary_mut(id) {
            info.set("Title", text_string(meta.title));
            if !meta.authors.is_empty() {
                info.set("Author", text_string(&meta.authors.join(", ")));
            }
            if let Some(d) = meta.description {
                info.set("Subject", text_string(d));
            }
            info.set("Creator", text_string("metbook"));
            info.remove(b"CreationDate");
            info.remove(b"ModDate");
        }
    }
}

/// The name Chromium gives the destination of an element with id `anchor`: the link's
/// URL fragment, percent-encoded as a URL encodes a fragment (`über` → `%C3%BCber`).
fn dest_name(anchor: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
    // The WHATWG URL standard's fragment percent-encode set (non-ASCII is always encoded).
    const FRAGMENT: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>').add(b'`');
    utf8_percent_encode(anchor, FRAGMENT).to_string()
}

/// Every named destination and its page, from the catalog's `/Dests` dictionary, where
/// Chromium writes one for each element a link points at.
fn named_dests(doc: &Document) -> HashMap<Vec<u8>, ObjectId> {
    let mut out = HashMap::new();
    let Ok(catalog) = doc.catalog() else {
        return out;
    };
    let page_of = |v: &Object| -> Option<ObjectId> {
        let (_, v) = doc.dereference(v).ok()?;
        let arr = match v {
            Object::Array(a) => a,
            Object::Dictionary(d) => doc.dereference(d.get(b"D").ok()?).ok()?.1.as_array().ok()?,
            _ => return None,
        };
        arr.first()?.as_reference().ok()
    };
    if let Ok((_, Object::Dictionary(dests))) =
        catalog.get(b"Dests").and_then(|d| doc.dereference(d))
    {
        for (name, v) in dests.iter() {
            if let Some(p) = page_of(v) {
                out.insert(name.clone(), p);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::dest_name;

    #[test]
    fn destinations_are_named_by_the_encoded_fragment() {
        assert_eq!(dest_name("print-intro--why"), "print-intro--why");
        assert_eq!(dest_name("über-ü"), "%C3%BCber-%C3%BC");
        assert_eq!(dest_name("a b\"c"), "a%20b%22c");
    }
}
