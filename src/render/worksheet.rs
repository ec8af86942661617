//! HTML for a worksheet: real form controls with labels, usable by keyboard and touch and
//! printable blank or filled. It is a section, not a <form>: pressing Enter can never
//! submit answers anywhere. worksheet.js adds saving on the device (only when the reader
//! ticks the box), clearing, saving to and opening from a file, and printing.

use super::blocks::BlockCtx;
use crate::model::met::worksheet::{Field, FieldKind, Worksheet};
use crate::model::Words;
use crate::text::escape;

pub(super) fn worksheet(w: &Worksheet, ctx: &BlockCtx) -> String {
    let id = escape(&w.id);
    let mut h = format!(
        "<section class=\"mb-worksheet\" id=\"{id}\" data-worksheet=\"{id}\" aria-labelledby=\"{id}-title\">\n<p class=\"mb-worksheet-title\" id=\"{id}-title\">{}</p>\n",
        escape(&w.title)
    );
    if let Some(intro) = &w.intro {
        h.push_str(&format!(
            "<p class=\"mb-worksheet-intro\">{}</p>\n",
            (ctx.markdown)(intro)
        ));
    }
    h.push_str(&privacy(&ctx.book.words));
    for f in &w.fields {
        field(&mut h, &w.id, f, &ctx.book.words);
    }
    h.push_str(&tools(&id, &ctx.book.words));
    h.push_str("</section>\n");
    h
}

/// The plain-words notice every form carries above its questions.
pub(super) fn privacy(w: &Words) -> String {
    format!(
        "<p class=\"mb-worksheet-privacy\">{}</p>\n",
        escape(w.get("ws_privacy"))
    )
}

/// The buttons worksheet.js brings to life; hidden without scripts, where the form can
/// still be filled in and printed.
pub(super) fn tools(id: &str, w: &Words) -> String {
    let e = |k: &str| escape(w.get(k));
    format!(
        "<div class=\"mb-worksheet-tools\" hidden>\
<label class=\"mb-ws-keep-label\"><input type=\"checkbox\" class=\"mb-ws-keep\" id=\"{id}--keep\"> {}</label> \
<button type=\"button\" class=\"mb-ws-clear\">{}</button> \
<button type=\"button\" class=\"mb-ws-export\">{}</button> \
<label class=\"mb-ws-import-label\">{} <input type=\"file\" class=\"mb-ws-import\" accept=\"application/json,.json\"></label> \
<button type=\"button\" class=\"mb-ws-print\">{}</button>\
<p class=\"mb-ws-status\" role=\"status\" aria-live=\"polite\"></p></div>\n",
        e("ws_keep"),
        e("ws_clear"),
        e("ws_save"),
        e("ws_open"),
        e("ws_print")
    )
}

fn field(h: &mut String, ws: &str, f: &Field, words: &Words) {
    let fid = format!("{ws}--{}", f.id);
    let (fid, name, label) = (escape(&fid), escape(&f.id), escape(&f.label));
    let help = f
        .help
        .as_deref()
        .map(|t| format!("<span class=\"mb-field-help\">{}</span>", escape(t)))
        .unwrap_or_default();
    match &f.kind {
        FieldKind::Short => h.push_str(&format!(
            "<div class=\"mb-field\"><label for=\"{fid}\">{label}</label>{help}<input type=\"text\" id=\"{fid}\" name=\"{name}\" autocomplete=\"off\"></div>\n"
        )),
        FieldKind::Long => h.push_str(&format!(
            "<div class=\"mb-field\"><label for=\"{fid}\">{label}</label>{help}<textarea id=\"{fid}\" name=\"{name}\" rows=\"4\"></textarea></div>\n"
        )),
        FieldKind::Ruler { low, high } => {
            h.push_str(&format!(
                "<fieldset class=\"mb-field mb-ruler\"><legend>{label} <span class=\"mb-ruler-ends\">(0 = {}, 10 = {})</span></legend>{help}<div class=\"mb-ruler-scale\">",
                escape(low),
                escape(high)
            ));
            for n in 0..=10 {
                h.push_str(&format!(
                    "<label><input type=\"radio\" name=\"{name}\" value=\"{n}\"><span>{n}</span></label>"
                ));
            }
            h.push_str("</div></fieldset>\n");
        }
        FieldKind::Checkboxes(options) => {
            h.push_str(&format!(
                "<fieldset class=\"mb-field mb-checks\"><legend>{label}</legend>{help}"
            ));
            for o in options {
                h.push_str(&format!(
                    "<label><input type=\"checkbox\" name=\"{name}\" value=\"{o}\"> {o}</label>",
                    o = escape(o)
                ));
            }
            h.push_str("</fieldset>\n");
        }
        FieldKind::Table { columns, rows } => {
            table(h, &name, (&label, &help), columns, *rows, words)
        }
        FieldKind::Grid { rows, columns } => grid(h, &name, &label, &help, rows, columns),
    }
}

/// A table whose rows the reader can add to; cells are named `field.row.column`.
fn table(
    h: &mut String,
    name: &str,
    (label, help): (&str, &str),
    columns: &[String],
    rows: usize,
    words: &Words,
) {
    h.push_str(&format!(
        "<div class=\"mb-field mb-ws-table-wrap\">{help}<table class=\"mb-ws-table\" data-field=\"{name}\"><caption>{label}</caption><thead><tr>"
    ));
    for c in columns {
        h.push_str(&format!("<th scope=\"col\">{}</th>", escape(c)));
    }
    h.push_str("</tr></thead><tbody>");
    for r in 1..=rows {
        h.push_str("<tr>");
        for (c, col) in columns.iter().enumerate() {
            h.push_str(&format!(
                "<td><input type=\"text\" name=\"{name}.{r}.{c}\" aria-label=\"{}\" autocomplete=\"off\"></td>",
                escape(&words.fill("ws_cell", &[("column", col), ("n", &r.to_string())])),
                c = c + 1
            ));
        }
        h.push_str("</tr>");
    }
    h.push_str(&format!(
        "</tbody></table><button type=\"button\" class=\"mb-ws-add-row\" hidden>{}<span class=\"mb-visually-hidden\">{}</span></button></div>\n",
        escape(words.get("ws_add_row")),
        // `label` is already escaped.
        escape(words.get("ws_add_row_to")).replace("{label}", label)
    ));
}

/// A grid of named rows and columns, each cell a text area named `field.row.column`.
fn grid(h: &mut String, name: &str, label: &str, help: &str, rows: &[String], columns: &[String]) {
    h.push_str(&format!(
        "<div class=\"mb-field mb-ws-table-wrap\">{help}<table class=\"mb-ws-grid\"><caption>{label}</caption><thead><tr><td></td>"
    ));
    for c in columns {
        h.push_str(&format!("<th scope=\"col\">{}</th>", escape(c)));
    }
    h.push_str("</tr></thead><tbody>");
    for (r, row) in rows.iter().enumerate() {
        h.push_str(&format!("<tr><th scope=\"row\">{}</th>", escape(row)));
        for (c, col) in columns.iter().enumerate() {
            h.push_str(&format!(
                "<td><textarea name=\"{name}.{}.{}\" rows=\"3\" aria-label=\"{}: {}\"></textarea></td>",
                r + 1,
                c + 1,
                escape(row),
                escape(col)
            ));
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table></div>\n");
}
