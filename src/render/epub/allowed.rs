//! What an EPUB content document may hold, as tables: the HTML elements kept as they are,
//! the attributes each may carry, and what becomes of everything else (the site's
//! scripted controls, the author's embeds, obsolete tags). Chapter HTML is HTML5 that a
//! browser forgives; an EPUB is checked against the XHTML schema, so anything outside
//! these tables is fixed or left out rather than passed on.

/// What the converter does with one HTML element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fate {
    /// Written with its allowed attributes.
    Keep,
    /// Written as another element (a `<label>` with nothing left to label is a `<span>`).
    Rename(&'static str),
    /// Its children are written without it.
    Unwrap,
    /// Left out with everything inside it.
    Drop,
    /// A form control, written as a printable blank (see `Blank`).
    Blank(Blank),
    /// An image: carried into the EPUB, or replaced by its text.
    Image,
}

/// How a form control prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Blank {
    /// A line to write on (a text field), or its value.
    Line,
    /// Ruled lines (a text area), or its text.
    Lines,
    /// A tick box.
    Check,
    /// A choice among several (a radio button).
    Choice,
}

/// Why an author's element is left out of the EPUB, when it is one (`None` for the site's
/// own scripted controls, which metbook writes itself and drops without a word).
pub(super) fn reason(name: &str) -> Option<&'static str> {
    Some(match name {
        "iframe" | "object" | "embed" | "frame" | "frameset" | "portal" => {
            "EPUB readers do not show embedded pages or plug-ins"
        }
        "canvas" => "a canvas needs a script to draw, and the EPUB has none",
        "audio" | "video" => "the EPUB keeps only the text inside it, not the media",
        _ => return None,
    })
}

/// The fate of an HTML element by its name and a few attributes.
pub(super) fn fate(name: &str, attr: &dyn Fn(&str) -> Option<String>) -> Fate {
    if attr("hidden").is_some() {
        // Hidden until a script shows it: practice panels, worksheet tools.
        return Fate::Drop;
    }
    match name {
        "a" | "abbr" | "address" | "article" | "aside" | "b" | "bdi" | "bdo" | "blockquote"
        | "br" | "caption" | "cite" | "code" | "col" | "colgroup" | "data" | "dd" | "del"
        | "dfn" | "div" | "dl" | "dt" | "em" | "fieldset" | "figcaption" | "figure" | "footer"
        | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "header" | "hr" | "i" | "ins" | "kbd"
        | "legend" | "li" | "mark" | "meter" | "nav" | "ol" | "p" | "pre" | "progress" | "q"
        | "rp" | "rt" | "ruby" | "s" | "samp" | "section" | "small" | "span" | "strong" | "sub"
        | "sup" | "table" | "tbody" | "td" | "tfoot" | "th" | "thead" | "time" | "tr" | "u"
        | "ul" | "var" | "wbr" => Fate::Keep,
        // Readers that ignore <details> would hide its content: it is always shown.
        "details" | "main" | "form" => Fate::Rename("div"),
        "summary" => Fate::Rename("div"),
        "label" | "output" => Fate::Rename("span"),
        "img" => Fate::Image,
        "textarea" => Fate::Blank(Blank::Lines),
        "select" => Fate::Blank(Blank::Line),
        "input" => match attr("type")
            .unwrap_or_default()
            .to_ascii_lowercase()
            .as_str()
        {
            "checkbox" => Fate::Blank(Blank::Check),
            "radio" => Fate::Blank(Blank::Choice),
            "hidden" | "submit" | "reset" | "button" | "image" | "file" => Fate::Drop,
            _ => Fate::Blank(Blank::Line),
        },
        "script" | "style" | "template" | "button" | "iframe" | "object" | "embed" | "canvas"
        | "link" | "meta" | "base" | "noembed" | "frame" | "frameset" | "source" | "track"
        | "param" | "dialog" | "portal" | "slot" | "area" | "datalist" | "option" | "optgroup" => {
            Fate::Drop
        }
        // Its content is for readers without scripts, which an EPUB's readers are.
        "noscript" => Fate::Unwrap,
        // Obsolete or unknown elements (custom elements too): their text stays.
        _ => Fate::Unwrap,
    }
}

/// Classes of the site's own controls that mean nothing in an EPUB: `#` permalinks and the
/// worksheet's note about answers kept on the device.
pub(super) const DROP_CLASSES: [&str; 5] = [
    "mb-anchor",
    "mb-practice-bar",
    "mb-turn-link",
    "mb-permalink",
    "mb-worksheet-privacy",
];

/// Whether `attr` may stay on HTML element `el` (its value is checked by `value_ok`).
pub(super) fn attribute(el: &str, attr: &str) -> bool {
    match attr {
        "id" | "class" | "title" | "lang" | "dir" | "role" | "epub:type" => true,
        a if a.starts_with("aria-") => ARIA.binary_search(&a).is_ok(),
        _ => matches!(
            (el, attr),
            ("a", "href")
                | ("img", "src" | "alt" | "width" | "height")
                | ("ol", "start" | "reversed")
                | ("li", "value")
                | ("td" | "th", "colspan" | "rowspan" | "headers")
                | ("th", "scope" | "abbr")
                | ("col" | "colgroup", "span")
                | ("time", "datetime")
                | ("data", "value")
                | ("del" | "ins", "cite" | "datetime")
                | ("q" | "blockquote", "cite")
                | (
                    "meter",
                    "value" | "min" | "max" | "low" | "high" | "optimum"
                )
                | ("progress", "value" | "max")
        ),
    }
}

/// Attributes whose value names ids in the same document.
pub(super) const IDREFS: [&str; 9] = [
    "headers",
    "aria-activedescendant",
    "aria-controls",
    "aria-describedby",
    "aria-details",
    "aria-errormessage",
    "aria-flowto",
    "aria-labelledby",
    "aria-owns",
];

/// Whether the value of an allowed attribute of `el` fits its type.
pub(super) fn value_ok(el: &str, attr: &str, value: &str) -> bool {
    let number = |min: i64| value.trim().parse::<i64>().is_ok_and(|n| n >= min);
    match (el, attr) {
        (_, "colspan" | "rowspan" | "span") => number(1),
        (_, "width" | "height") => number(0),
        ("ol", "start") | ("li", "value") => number(i64::MIN),
        ("meter" | "progress", _) if attr != "id" && !ARIA.contains(&attr) => {
            !matches!(attr, "value" | "min" | "max" | "low" | "high" | "optimum")
                || value.trim().parse::<f64>().is_ok()
        }
        (_, "dir") => matches!(value, "ltr" | "rtl" | "auto"),
        (_, "scope") => matches!(value, "row" | "col" | "rowgroup" | "colgroup"),
        (_, "role") => value
            .split_ascii_whitespace()
            .all(|r| ROLES.binary_search(&r).is_ok()),
        (_, "aria-hidden") => matches!(value, "true" | "false"),
        _ => true,
    }
}

/// ARIA 1.1's states and properties, sorted.
const ARIA: [&str; 48] = [
    "aria-activedescendant",
    "aria-atomic",
    "aria-autocomplete",
    "aria-busy",
    "aria-checked",
    "aria-colcount",
    "aria-colindex",
    "aria-colspan",
    "aria-controls",
    "aria-current",
    "aria-describedby",
    "aria-details",
    "aria-disabled",
    "aria-dropeffect",
    "aria-errormessage",
    "aria-expanded",
    "aria-flowto",
    "aria-grabbed",
    "aria-haspopup",
    "aria-hidden",
    "aria-invalid",
    "aria-keyshortcuts",
    "aria-label",
    "aria-labelledby",
    "aria-level",
    "aria-live",
    "aria-modal",
    "aria-multiline",
    "aria-multiselectable",
    "aria-orientation",
    "aria-owns",
    "aria-placeholder",
    "aria-posinset",
    "aria-pressed",
    "aria-readonly",
    "aria-relevant",
    "aria-required",
    "aria-roledescription",
    "aria-rowcount",
    "aria-rowindex",
    "aria-rowspan",
    "aria-selected",
    "aria-setsize",
    "aria-sort",
    "aria-valuemax",
    "aria-valuemin",
    "aria-valuenow",
    "aria-valuetext",
];

/// The ARIA 1.1 roles that make sense on document content, sorted.
const ROLES: [&str; 36] = [
    "alert",
    "article",
    "banner",
    "cell",
    "columnheader",
    "complementary",
    "contentinfo",
    "definition",
    "directory",
    "document",
    "figure",
    "group",
    "heading",
    "img",
    "list",
    "listitem",
    "log",
    "main",
    "marquee",
    "math",
    "navigation",
    "none",
    "note",
    "presentation",
    "region",
    "row",
    "rowgroup",
    "rowheader",
    "search",
    "separator",
    "status",
    "table",
    "term",
    "timer",
    "toolbar",
    "tooltip",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_tables_are_sorted() {
        assert!(ARIA.windows(2).all(|w| w[0] < w[1]));
        assert!(ROLES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn controls_become_blanks_and_hidden_panels_go() {
        let none = |_: &str| None;
        assert_eq!(fate("p", &none), Fate::Keep);
        assert_eq!(fate("textarea", &none), Fate::Blank(Blank::Lines));
        assert_eq!(fate("input", &none), Fate::Blank(Blank::Line));
        let radio = |a: &str| (a == "type").then(|| "RADIO".to_string());
        assert_eq!(fate("input", &radio), Fate::Blank(Blank::Choice));
        let hidden = |a: &str| (a == "hidden").then(String::new);
        assert_eq!(fate("div", &hidden), Fate::Drop);
        assert_eq!(fate("my-widget", &none), Fate::Unwrap);
        assert!(attribute("td", "colspan") && !attribute("p", "colspan"));
        assert!(attribute("span", "aria-label") && !attribute("span", "aria-bogus"));
        assert!(value_ok("td", "colspan", "2") && !value_ok("td", "colspan", "0"));
        assert!(value_ok("p", "role", "note") && !value_ok("p", "role", "fancy"));
        assert!(value_ok("data", "value", "x") && !value_ok("meter", "value", "x"));
    }
}
