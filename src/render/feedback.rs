//! HTML for a personal feedback report: measure | your result | comparison | what it
//! means. The results are inputs a counsellor can type a client's values into (kept and
//! saved only as worksheets are: on the device, when asked); feedback.js places a typed
//! value against its range or bands at once, and the printed page is the client's report.

use super::blocks::BlockCtx;
use super::worksheet::{privacy, tools};
use crate::met::feedback::Place;
use crate::model::met::feedback::{Comparison, FeedbackReport, Measure};
use crate::text::escape;

pub(super) fn report(r: &FeedbackReport, ctx: &BlockCtx) -> String {
    let id = escape(&r.id);
    let w = &ctx.book.words;
    let e = |k: &str| escape(w.get(k));
    let mut h = format!(
        "<section class=\"mb-worksheet mb-pfr\" id=\"{id}\" data-worksheet=\"{id}\" aria-labelledby=\"{id}-title\">\n<p class=\"mb-worksheet-title\" id=\"{id}-title\">{}</p>\n{}<div class=\"mb-table-wrap\"><table class=\"mb-pfr-table\"><caption class=\"mb-visually-hidden\">{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        escape(&r.title),
        privacy(w),
        escape(&r.title),
        e("pfr_measure"),
        e("pfr_result"),
        e("pfr_comparison"),
        e("pfr_meaning")
    );
    for m in &r.measures {
        row(&mut h, &r.id, m, ctx);
    }
    h.push_str("</tbody></table></div>\n");
    h.push_str(&tools(&id, w));
    h.push_str("</section>\n");
    h
}

fn row(h: &mut String, report: &str, m: &Measure, ctx: &BlockCtx) {
    let input_id = escape(&format!("{report}--{}", m.id));
    let how = m
        .how
        .as_deref()
        .map(|t| format!("<span class=\"mb-pfr-how\">{}</span>", (ctx.markdown)(t)))
        .unwrap_or_default();
    let unit = m
        .unit
        .as_deref()
        .map(|u| format!(" <span class=\"mb-pfr-unit\">{}</span>", escape(u)))
        .unwrap_or_default();
    let value = m.example.as_deref().unwrap_or("");
    let (kind, data) = placement_data(&m.comparison);
    let input = if kind == "text" {
        format!(
            "<textarea id=\"{input_id}\" name=\"{name}\" rows=\"2\">{}</textarea>",
            escape(value),
            name = escape(&m.id)
        )
    } else {
        format!(
            "<input type=\"text\" inputmode=\"decimal\" id=\"{input_id}\" name=\"{name}\" value=\"{}\" autocomplete=\"off\" data-place=\"{kind}\" data-place-with=\"{}\" aria-describedby=\"{input_id}-place\">",
            escape(value),
            escape(&data),
            name = escape(&m.id)
        )
    };
    let w = &ctx.book.words;
    let place = match m.place(value) {
        Some(Place::Below) => w.get("js_below_range").to_string(),
        Some(Place::Within) => w.get("js_within_range").to_string(),
        Some(Place::Above) => w.get("js_above_range").to_string(),
        Some(Place::Band(says)) => says,
        None => String::new(),
    };
    let source = m
        .source
        .as_deref()
        .map(|s| {
            format!(
                " <span class=\"mb-pfr-source\">{}</span>",
                (ctx.markdown)(s)
            )
        })
        .unwrap_or_default();
    h.push_str(&format!(
        "<tr><th scope=\"row\"><label for=\"{input_id}\">{}</label>{how}</th><td class=\"mb-pfr-result\">{input}{unit}</td><td>{}{source}<output class=\"mb-pfr-place\" id=\"{input_id}-place\" for=\"{input_id}\">{}</output></td><td>{}</td></tr>",
        escape(&m.name),
        (ctx.markdown)(&m.compared_with),
        escape(&place),
        (ctx.markdown)(&m.means)
    ));
}

/// What feedback.js needs to place a typed value: "range" with "low|high", or "bands"
/// with "below|says" pairs joined by newlines (the last without a bound).
fn placement_data(c: &Comparison) -> (&'static str, String) {
    match c {
        Comparison::Range { low, high } => ("range", format!("{low}|{high}")),
        Comparison::Bands(bands) => (
            "bands",
            bands
                .iter()
                .map(|(below, says)| {
                    format!(
                        "{}|{says}",
                        below.map(|b| b.to_string()).unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        Comparison::Text => ("text", String::new()),
    }
}
