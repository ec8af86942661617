//! Unit tests and a no-panic property test for the references module.

use super::*;
use proptest::prelude::*;

const EXAMPLES: &str = r#"miller1991:
  type: book
  title: "Motivational interviewing: Preparing people to change addictive behavior"
  author: ["Miller, William R.", "Rollnick, Stephen"]
  date: 1991
  publisher: { name: Guilford Press, location: New York }
miller1983:
  type: article
  title: Motivational interviewing with problem drinkers
  author: ["Miller, William R."]
  date: 1983
  page-range: 147-172
  parent: { type: periodical, title: Behavioural Psychotherapy, volume: 11 }
project-match:
  type: report
  title: "Motivational enhancement therapy manual"
  author: ["Miller, William R.", "Zweben, Allen", "DiClemente, Carlo C.", "Rychtarik, Robert G."]
  date: 1992
  genre: NIH Publication
  serial-number: 94-3723
  publisher: National Institute on Alcohol Abuse and Alcoholism
aa1976:
  type: book
  title: Alcoholics Anonymous
  author: Alcoholics Anonymous
  date: 1976
  edition: 3
  publisher: Alcoholics Anonymous World Services
niaaa:
  type: web
  title: Rethinking drinking
  author: National Institute on Alcohol Abuse and Alcoholism
  url: https://www.rethinkingdrinking.niaaa.nih.gov/
"#;

fn refs() -> References {
    References::parse(EXAMPLES).unwrap_or_else(|e| panic!("{e:#?}"))
}

impl crate::met::Located for RefError {
    fn position(&self) -> (usize, usize) {
        (self.line, self.col)
    }
    fn says(&self) -> (&str, &str) {
        (&self.message, &self.help)
    }
}

use crate::met::errors_are_located;

fn one_error(text: &str) -> RefError {
    let errs = References::parse(text).expect_err("should fail");
    assert_eq!(errs.len(), 1, "{errs:#?}");
    errs.into_iter().next().unwrap()
}

#[test]
fn book_and_article_render_as_apa() {
    let r = refs();
    let bib = r.bibliography_html(&["miller1991", "miller1983"]);
    assert_eq!(bib[0].0, "miller1983", "APA sorts by author, then year");
    assert_eq!(
        bib[0].1,
        "Miller, W. R. (1983). Motivational interviewing with problem drinkers. \
         <i>Behavioural Psychotherapy</i>, <i>11</i>, 147–172."
    );
    assert_eq!(
        bib[1].1,
        "Miller, W. R., &amp; Rollnick, S. (1991). <i>Motivational interviewing: \
         Preparing people to change addictive behavior</i>. Guilford Press."
    );
}

#[test]
fn labels_for_one_two_and_many_authors() {
    let r = refs();
    assert_eq!(
        r.parenthetical("miller1983").as_deref(),
        Some("Miller, 1983")
    );
    assert_eq!(r.narrative("miller1983").as_deref(), Some("Miller (1983)"));
    assert_eq!(
        r.parenthetical("miller1991").as_deref(),
        Some("Miller & Rollnick, 1991")
    );
    assert_eq!(
        r.narrative("miller1991").as_deref(),
        Some("Miller and Rollnick (1991)")
    );
    assert_eq!(
        r.narrative_html("miller1991").as_deref(),
        Some("Miller and Rollnick (1991)")
    );
    assert_eq!(
        r.parenthetical_html("miller1991").as_deref(),
        Some("Miller &amp; Rollnick, 1991")
    );
    assert_eq!(
        r.parenthetical("project-match").as_deref(),
        Some("Miller et al., 1992")
    );
    assert_eq!(
        r.narrative("project-match").as_deref(),
        Some("Miller et al. (1992)")
    );
}

#[test]
fn corporate_authors_and_missing_dates() {
    let r = refs();
    assert_eq!(
        r.parenthetical("aa1976").as_deref(),
        Some("Alcoholics Anonymous, 1976")
    );
    assert_eq!(
        r.narrative("aa1976").as_deref(),
        Some("Alcoholics Anonymous (1976)")
    );
    // Lower-case words in an organisation's name must not be split off.
    assert_eq!(
        r.parenthetical("niaaa").as_deref(),
        Some("National Institute on Alcohol Abuse and Alcoholism, n.d.")
    );
    let bib = r.bibliography_html(&["aa1976", "niaaa"]);
    assert!(
        bib[0]
            .1
            .starts_with("Alcoholics Anonymous. (1976). <i>Alcoholics Anonymous</i> (3rd ed.)."),
        "{}",
        bib[0].1
    );
    assert!(
        bib[1]
            .1
            .contains("<a href=\"https://www.rethinkingdrinking.niaaa.nih.gov/\">"),
        "{}",
        bib[1].1
    );
}

#[test]
fn report_number() {
    let bib = refs().bibliography_html(&["project-match"]);
    assert!(bib[0].1.contains("(NIH Publication"), "{}", bib[0].1);
}

#[test]
fn chapter_in_edited_book_and_year_suffixes() {
    let text = format!(
        "{EXAMPLES}miller1991b:
  type: chapter
  title: What motivates people to change?
  author: [\"Miller, William R.\", \"Rollnick, Stephen\"]
  date: 1991
  page-range: 14-29
  parent:
    type: book
    title: Treating addictive behaviors
    editor: [\"Heather, Nick\", \"Tober, Gillian\"]
    publisher: Guilford Press
"
    );
    let r = References::parse(&text).unwrap();
    assert_eq!(
        r.parenthetical("miller1991").as_deref(),
        Some("Miller & Rollnick, 1991a")
    );
    assert_eq!(
        r.parenthetical("miller1991b").as_deref(),
        Some("Miller & Rollnick, 1991b")
    );
    // The suffixes are library-wide, so they hold for any subset of keys.
    let bib = r.bibliography_html(&["miller1991b"]);
    assert_eq!(
        bib[0].1,
        "Miller, W. R., &amp; Rollnick, S. (1991b). What motivates people to change? In N. Heather \
         &amp; G. Tober (Eds.), <i>Treating addictive behaviors</i> (pp. 14–29). Guilford Press."
    );
}

#[test]
fn everything_is_escaped() {
    let text = r#"x:
  type: book
  title: "<b>Bold</b> & 'quoted'"
  author: "<script>alert(1)</script>, Evil"
  date: 2000
  url: "javascript:alert(1)"
"#;
    let r = References::parse(text).unwrap();
    let html = &r.bibliography_html(&["x"])[0].1;
    assert!(
        !html.contains("<script") && !html.contains("<b>") && !html.contains("href"),
        "{html}"
    );
    assert!(html.contains("&lt;script&gt;"), "{html}");
    let label = r.parenthetical_html("x").unwrap();
    assert!(
        label.contains("&lt;script&gt;") && !label.contains('<'),
        "{label}"
    );
}

#[test]
fn unknown_key_and_keys() {
    let r = refs();
    assert_eq!(r.parenthetical("nobody2000"), None);
    assert_eq!(r.narrative("nobody2000"), None);
    assert!(!r.contains("nobody2000") && r.contains("miller1991"));
    assert!(r.bibliography_html(&["nobody2000"]).is_empty());
    assert_eq!(
        r.keys(),
        [
            "miller1991",
            "miller1983",
            "project-match",
            "aa1976",
            "niaaa"
        ]
    );
}

#[test]
fn empty_file_is_empty_library() {
    assert!(References::parse("").unwrap().keys().is_empty());
    assert!(References::parse("# only a comment\n")
        .unwrap()
        .keys()
        .is_empty());
}

#[test]
fn malformed_yaml_is_located() {
    let e = one_error("a:\n  type: book\n  title: \"unclosed\n  date: 1991\n");
    assert_eq!((e.line, e.col), (3, 10), "{e:?}");
    assert!(e.message.contains("never closed"), "{e:?}");
    let e = one_error("a:\n  type: book\n\ttitle: tab\n");
    assert_eq!(e.line, 3, "{e:?}");
    assert!(e.message.contains("tab"), "{e:?}");
    let e = one_error("a:\n  type: book\n  title: Motivational interviewing: Preparing\n");
    assert_eq!(e.line, 3, "{e:?}");
    assert!(e.help.contains("double quotes"), "{e:?}");
    let e =
        one_error("a:\n  type: book\n  author: [\"Miller, W.\", \"Rollnick, S.\"\n  date: 1991\n");
    assert!(e.line == 3 || e.line == 4, "{e:?}");
}

#[test]
fn missing_or_unknown_type_names_the_entry() {
    let e = one_error("ok:\n  type: book\n\nbad:\n  title: No type here\n");
    assert_eq!((e.line, e.col), (4, 1));
    assert!(
        e.message.contains("`bad`") && e.message.contains("no `type`"),
        "{e:?}"
    );
    let e = one_error("bad:\n  title: x\n  type: boook\n");
    assert_eq!(e.line, 3);
    assert!(
        e.message.contains("`bad`") && e.message.contains("boook"),
        "{e:?}"
    );
    let e = one_error("bad:\n  type: BOOK\n");
    assert!(e.help.contains("type: book"), "{e:?}");
}

#[test]
fn all_entry_problems_reported_together() {
    let errs =
        References::parse("a:\n  title: x\nb:\n  type: book\n  auther: Miller, W.\n").unwrap_err();
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert_eq!(errs[1].line, 5);
    assert!(errs[1].help.contains("`author`"), "{errs:#?}");
}

#[test]
fn hayagriva_errors_are_translated_and_located() {
    let e = one_error("a:\n  type: book\n  date: 19x1\n");
    assert_eq!(e.line, 3);
    assert!(
        e.message.contains("`a`") && e.message.contains("date"),
        "{e:?}"
    );
    let e = one_error("a:\n  type: book\n  author: \"a, b, c, d\"\n");
    assert_eq!(e.line, 3);
    assert!(e.help.contains("Family, Given"), "{e:?}");
    let e = one_error("a:\n  type: book\nb:\n  type: book\na:\n  type: book\n");
    assert_eq!(e.line, 5, "{e:?}");
    let e = one_error("a: just text\n");
    assert!(e.message.contains("`a`"), "{e:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_is_formatted_or_located(s in "\\PC*") {
        if let Err(es) = References::parse(&s) {
            errors_are_located(&s, &es)?;
        }
    }

    #[test]
    fn yaml_like_input_is_formatted_or_located(s in "([a-z]{1,3}:\n( {1,3}(type|title|author|date|page-range|parent|volume|publisher|editor|url): ?[\\[\\]{}a-zA-Z0-9,.:&<>\"' -]{0,20}\n){0,5}){0,4}") {
        match References::parse(&s) {
            Ok(r) => prop_assert_eq!(r.keys().len(), s.lines().filter(|l| !l.starts_with(' ') && l.ends_with(':')).count()),
            Err(es) => errors_are_located(&s, &es)?,
        }
    }

    #[test]
    fn rendering_never_panics(
        title in "\\PC{0,30}", author in "\\PC{0,20}", date in "-?[0-9]{1,5}(-[0-9]{1,2}){0,2}",
        pages in "[0-9a-z–-]{0,8}", ty in "(book|article|chapter|report|web|misc|thesis)",
    ) {
        let text = format!(
            "k:\n  type: {ty}\n  title: {t:?}\n  author: [{a:?}]\n  date: {date}\n  page-range: {p:?}\n  parent: {{ title: {t:?}, editor: {a:?} }}\n",
            t = title, a = author, p = pages,
        );
        match References::parse(&text) {
            Ok(r) => {
                prop_assert!(r.contains("k"));
                let bib = r.bibliography_html(&["k"]);
                prop_assert_eq!(bib.len(), 1);
                prop_assert!(!bib[0].1.is_empty());
            }
            Err(es) => errors_are_located(&text, &es)?,
        }
    }
}
