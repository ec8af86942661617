//! The fast reader against libyaml: fixed cases, then randomized flat and nested texts.

use super::*;

#[test]
fn reads_a_chapters_front_matter() {
    let v = parse("id: roll-with-resistance\ntitle: Roll with resistance\nkind: principle\n")
        .expect("plain words take the fast path");
    let want: Value = serde_yaml::from_str(
        "id: roll-with-resistance\ntitle: Roll with resistance\nkind: principle\n",
    )
    .unwrap();
    assert_eq!(v, want);
}

#[test]
fn reads_a_dialogues_header() {
    let text = "id: dlg-a\ntitle: \"It's my wife's problem: she worries\"\nprinciples: [express-empathy, roll-with-resistance]\nno-glossary: []\n";
    let v = parse(text).expect("quoted words and lists of ids take the fast path");
    let want: Value = serde_yaml::from_str(text).unwrap();
    assert_eq!(v, want);
}

#[test]
fn leaves_anything_else_to_the_yaml_crate() {
    for yaml in [
        "number: 2\n",
        "title: true\n",
        "title: Null\n",
        "title: \"Say \\\"no\\\"\"\n",
        "title: 'Quoted'\n",
        "title: \"Unclosed\n",
        "title: a: b\n",
        "title: A # comment\n",
        "principles:\n- a\n",
        "title: A\n  continued\n",
        "items:\n  - A\n    continued\n",
        "items:\n  - aspect: A\n   met: B\n",
        "items:\n  -  A\n",
        "- - a\n",
        "principles: [a, [b]]\n",
        "principles: [a, b,]\n",
        "principles: [a, 2]\n",
        "principles: [a, true]\n",
        "principles: [a] # comment\n",
        "title: A\ntitle: B\n",
        "  title: A\n",
        "title:\n",
        "Title: A\n",
        "title:\tA\n",
    ] {
        assert_eq!(parse(yaml), None, "{yaml:?}");
    }
}

#[test]
fn the_fast_path_reads_what_libyaml_reads() {
    // Lines of a random key, separator and value, so most texts are nearly flat YAML.
    let keys = [
        "id", "title", "a-b", "k_2", "summary", "Key", " id", "null", "y",
    ];
    let seps = [": ", ": ", ": ", ": ", ":  ", ":", ": \t", " : "];
    // Values are mostly letters and spaces, with a few of every mark that matters.
    let alphabet = "aaaaaaaaaaaabbbbbbbbbbbb        ZZNnulTreéé1.'-,(?:#\"~[]\\,,";
    let parts = crate::text::random_texts(alphabet, 10, 0x9E3779B97F4A7C15, 60_000);
    let (mut taken, mut texts, mut lists, mut quoted) = (0, 0, 0, 0);
    let mut text = String::new();
    for (i, value) in parts.enumerate() {
        text.push_str(keys[(i * 5 + i / 7) % keys.len()]);
        text.push_str(seps[(i / 3 + i / 11) % seps.len()]);
        // Now and then a word YAML reads as a boolean or null; else the value as it
        // is, quoted, or as a list.
        let words = ["null", "True", "NULL", "false", "Yes", "off"];
        match i % 13 {
            0 => text.push_str(words[i / 13 % words.len()]),
            1 | 5 => text.push_str(&format!("\"{value}\"")),
            2 | 7 => text.push_str(&format!("[{value}]")),
            3 => text.push_str(&format!("[{value}, {}]", words[i % words.len()])),
            _ => text.push_str(&value),
        }
        text.push('\n');
        if i % 2 == 0 {
            continue;
        }
        texts += 1;
        if let Some(fast) = parse(&text) {
            taken += 1;
            lists += usize::from(text.contains('['));
            quoted += usize::from(text.contains('"'));
            let slow: Value =
                serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(fast, slow, "{text:?}");
        }
        text.clear();
    }
    assert!(
        taken > texts / 100 && lists > 20 && quoted > 20,
        "the fast path was taken {taken} times of {texts}, {lists} with lists, {quoted} quoted"
    );
}

/// Random documents of nested mappings and lists, a few of them slightly off (an
/// indent out of line, a comment, a line of spaces), for the equivalence test below.
struct Gen {
    x: u64,
    words: Vec<String>,
}

impl Gen {
    fn pick(&mut self, n: usize) -> usize {
        crate::text::xorshift(&mut self.x);
        (self.x % n as u64) as usize
    }

    fn value(&mut self) -> String {
        let n = self.words.len();
        let (i, j) = (self.pick(n), self.pick(n));
        let (w, v) = (&self.words[i], &self.words[j]);
        match self.x % 12 {
            0 => ["null", "True", "off", "y"][j % 4].to_string(),
            1 | 2 => format!("\"{w}\""),
            3 => format!("[{w}, {v}]"),
            _ => w.clone(),
        }
    }

    fn key(&mut self) -> &'static str {
        [
            "id",
            "title",
            "met",
            "aspect",
            "skills-training",
            "items",
            "a_b",
            "Key",
            "n",
        ][self.pick(9)]
    }

    /// An indent for a block under `indent`: usually two more, now and then not.
    fn inner(&mut self, indent: usize) -> usize {
        [
            indent + 2,
            indent + 2,
            indent + 2,
            indent + 4,
            indent + 1,
            indent,
        ][self.pick(6)]
    }

    fn line(&mut self, out: &mut String, indent: usize, text: &str) {
        match self.pick(40) {
            0 => out.push_str("# a comment\n"),
            1 => out.push_str("   \n"),
            2 => out.push(' '),
            _ => {}
        }
        out.push_str(&" ".repeat(indent));
        out.push_str(text);
        out.push('\n');
    }

    fn mapping(&mut self, out: &mut String, indent: usize, first: Option<&str>, depth: u32) {
        for n in 0..1 + self.pick(3) {
            let key = self.key();
            let at = if n == 0 {
                first.map_or(indent, |dash| dash.len())
            } else {
                indent
            };
            let lead = if n == 0 { first.unwrap_or("") } else { "" };
            if depth < 2 && self.pick(3) == 0 {
                self.line(out, at - lead.len(), &format!("{lead}{key}:"));
                let inner = self.inner(indent);
                self.block(out, inner, depth + 1);
            } else {
                let v = self.value();
                self.line(out, at - lead.len(), &format!("{lead}{key}: {v}"));
            }
        }
    }

    fn sequence(&mut self, out: &mut String, indent: usize, depth: u32) {
        for _ in 0..1 + self.pick(3) {
            if depth < 3 && self.pick(3) == 0 {
                let dash = format!("{}- ", " ".repeat(indent));
                let cont = [indent + 2, indent + 2, indent + 3, indent + 1][self.pick(4)];
                self.mapping(out, cont, Some(&dash), depth + 1);
            } else {
                let v = self.value();
                self.line(out, indent, &format!("- {v}"));
            }
        }
    }

    fn block(&mut self, out: &mut String, indent: usize, depth: u32) {
        if self.pick(2) == 0 {
            self.sequence(out, indent, depth);
        } else {
            self.mapping(out, indent, None, depth);
        }
    }
}

#[test]
fn nested_blocks_read_as_libyaml_reads_them() {
    let alphabet = "aaaaaaaaaaaabbbbbbbbbbbb        Zé1.'-,?:#\"[]";
    let words = crate::text::random_texts(alphabet, 9, 0xD1B54A32D192ED03, 500).collect();
    let mut g = Gen {
        x: 0x2545F4914F6CDD1D,
        words,
    };
    let (mut taken, mut nested, mut lists_of_maps) = (0, 0, 0);
    let mut text = String::new();
    for _ in 0..100_000 {
        text.clear();
        g.block(&mut text, 0, 0);
        if let Some(fast) = parse(&text) {
            let slow: Value =
                serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(fast, slow, "{text:?}");
            taken += 1;
            nested += usize::from(text.contains(":\n  "));
            lists_of_maps += usize::from(text.contains("- ") && text.contains(":\n"));
        }
    }
    assert!(
        taken > 5000 && nested > 300 && lists_of_maps > 300,
        "taken {taken} times, {nested} nested, {lists_of_maps} with lists of mappings"
    );
}
