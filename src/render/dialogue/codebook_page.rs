//! The generated codebook page: one section per code group (change-talk subtypes split
//! into DARN and CAT), each code anchored at `#code-{id}` so dialogue badges link to it.

use std::fmt::Write;

use crate::model::met::codebook::{Code, CodeGroup, Codebook, DarnCat};
use crate::text::escape as esc;

/// The body of the generated codebook page: every code by group, with its flags.
pub(crate) fn render_codebook_page(cb: &Codebook) -> String {
    let ui = &cb.ui;
    let mut h = String::from("<div class=\"mb-codebook\">\n");
    for group in CodeGroup::ALL {
        let codes: Vec<&Code> = cb.codes_in(group).collect();
        if codes.is_empty() {
            continue;
        }
        let title = match group {
            CodeGroup::Therapist => &ui.group_therapist,
            CodeGroup::Client => &ui.group_client,
            CodeGroup::ClientSubtype => &ui.group_client_subtype,
            CodeGroup::Strategy => &ui.group_strategy,
        };
        let _ = writeln!(
            h,
            r#"<section class="mb-codebook-group" id="codes-{}">"#,
            group.as_str()
        );
        let _ = writeln!(h, "<h2>{}</h2>", esc(title));
        if group == CodeGroup::ClientSubtype {
            for (dc, label) in [
                (Some(DarnCat::Preparatory), &ui.preparatory),
                (Some(DarnCat::Mobilizing), &ui.mobilizing),
                (None, &String::new()),
            ] {
                let sub: Vec<&Code> = codes
                    .iter()
                    .copied()
                    .filter(|c| c.flags.darn_cat == dc)
                    .collect();
                if sub.is_empty() {
                    continue;
                }
                if !label.is_empty() {
                    let _ = writeln!(h, "<h3>{}</h3>", esc(label));
                }
                list(&mut h, &sub, cb);
            }
        } else {
            list(&mut h, &codes, cb);
        }
        h.push_str("</section>\n");
    }
    h.push_str("</div>\n");
    h
}

fn list(h: &mut String, codes: &[&Code], cb: &Codebook) {
    h.push_str("<dl class=\"mb-codebook-list\">\n");
    for c in codes {
        let _ = writeln!(
            h,
            r#"<dt id="code-{id}"><span class="mb-code mb-code-{g}">{short}</span> {label} <code class="mb-code-id">{id}</code></dt>"#,
            id = esc(&c.id),
            g = c.group.as_str(),
            short = esc(&c.short),
            label = esc(&c.label)
        );
        let mut flags = Vec::new();
        if c.flags.mi_adherent {
            flags.push(esc(&cb.ui.mi_adherent));
        }
        if c.flags.mi_non_adherent {
            flags.push(esc(&cb.ui.mi_non_adherent));
        }
        let flags = if flags.is_empty() {
            String::new()
        } else {
            format!(
                r#" <span class="mb-code-flags">({})</span>"#,
                flags.join(", ")
            )
        };
        let _ = writeln!(h, "<dd>{}{flags}</dd>", esc(&c.description));
    }
    h.push_str("</dl>\n");
}
