//! The Forms page: every worksheet of the handbook, where it is, and the session steps
//! that use it.

use super::GenPage;
use crate::model::met::worksheet::Worksheet;
use crate::model::{Block, Book, ChapterId};
use crate::resolve::links::relative;
use crate::text::escape;

pub(super) fn forms(book: &Book) -> Option<GenPage> {
    let sheets: Vec<(ChapterId, &Worksheet)> = book
        .pages()
        .flat_map(|(i, c)| {
            c.parsed_blocks().filter_map(move |b| match b {
                Block::Worksheet(w) => Some((i, w.as_ref())),
                _ => None,
            })
        })
        .collect();
    if sheets.is_empty() {
        return None;
    }
    let page = "forms.html";
    let e = |k: &str| escape(book.words.get(k));
    let mut h = format!(
        "<p>{}</p>\n<div class=\"mb-table-wrap\"><table class=\"mb-forms-index\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        e("gen_forms_intro"),
        e("gen_forms_caption"),
        e("col_form"),
        e("col_questions"),
        e("col_used_in")
    );
    for (i, w) in &sheets {
        let at = format!("{}#{}", book.chapters[*i].out_path, w.id);
        let used = super::sessions::steps_using(book, &w.id, page);
        h.push_str(&format!(
            "<tr><th scope=\"row\"><a href=\"{}\">{}</a></th><td>{}</td><td>{}</td></tr>",
            escape(&relative(page, &at)),
            escape(&w.title),
            w.fields.len(),
            if used.is_empty() {
                "—".into()
            } else {
                used.join(", ")
            }
        ));
    }
    h.push_str("</tbody></table></div>\n");
    Some(GenPage {
        in_nav: true,
        lists: sheets.iter().map(|(i, _)| *i).collect(),
        path: page.into(),
        title: book.words.get("gen_forms_title").into(),
        description: book.words.get("gen_forms_description").into(),
        html: h,
    })
}
