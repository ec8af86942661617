//! Synthetic MET manual generator for the performance benchmarks.
//!
//!     cargo run --release --example gen_manual -- N OUTDIR [--seed S]
//!
//! Writes OUTDIR/book.toml and OUTDIR/manual/ (SUMMARY.md with a prefix chapter, parts,
//! nesting up to three levels, a separator and a suffix chapter; N chapter files in
//! folders; glossary.yml; references.yml). The Markdown is meant to look like the bundled
//! handbook: ~3.3 KB per chapter on average, `##`/`###` headings (most with `{#id}`),
//! paragraphs drawn from a Zipf-distributed vocabulary of ~3,000 English-ish words, lists,
//! tables, block quotes, footnotes, emphasis, links by path and by `@id` (always to
//! headings that exist), glossary mentions, citations, and the MET blocks in about the
//! same proportion per kilobyte as the bundled handbook (14 dialogues, 4 contrast and
//! 4 does-not blocks and 68 citations in 118 KB). Exactly five chapters are principles
//! (numbers 1..5). The output must pass `metbook check` with no errors.
//!
//! The glossary has 40 + 2·√N terms and references.yml 20 + 2·√N works (a real manual's
//! glossary grows more slowly than its chapter count); set GEN_TERMS / GEN_REFS to fix them.
//!
//! Deterministic: the same N and seed give byte-identical output (xorshift64*, no
//! dependencies). The vocabulary itself does not depend on the seed.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

// ---------------------------------------------------------------------------------------
// PRNG

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // splitmix64 of the seed so that small seeds still give good states
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 11) as u128 * n as u128) >> 53) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn f(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.f() < p
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// Zipf(s = 1) sampler over ranks 0..n.
struct Zipf {
    cdf: Vec<f64>,
}

impl Zipf {
    fn new(n: usize, s: f64) -> Zipf {
        let mut cdf = Vec::with_capacity(n);
        let mut acc = 0.0;
        for r in 0..n {
            acc += 1.0 / ((r + 1) as f64).powf(s);
            cdf.push(acc);
        }
        for c in &mut cdf {
            *c /= acc;
        }
        Zipf { cdf }
    }
    fn sample(&self, rng: &mut Rng) -> usize {
        let u = rng.f();
        self.cdf.partition_point(|&c| c < u).min(self.cdf.len() - 1)
    }
}

// ---------------------------------------------------------------------------------------
// Vocabulary

const FUNCTION_WORDS: &str =
    "the of and to a in is that it for as with was on be by this are or not
at from his her they an have has which but their can you he she we more what when there would
about so all one if will do may also other some into its than them who these only how been
such each most then because many very much both over between own through even those while
where any new could should first any after before same every just well often still again";

const COMMON_WORDS: &str = "people time way life day work part place case week point group
problem fact hand family question year world home thing number night story room mother father
friend partner child children money job health body mind change choice reason feeling idea plan
goal step future past present risk cost benefit habit pattern weekend evening morning party
drink drinking drug use alcohol session client therapist counsellor treatment programme
service clinic doctor nurse staff meeting interview review record score test result level
amount range week month pressure stress worry fear hope trust respect value belief sense
strength effort skill practice progress response answer talk conversation voice tone word
sentence list table summary example dialogue note comment reflection question statement
listen ask tell say speak hear understand notice explore consider decide choose try stop
start keep give take make help support offer invite avoid argue resist accept agree
disagree describe explain compare show suggest reflect summarize affirm elicit respond
follow lead guide direct open close move return continue begin end finish return reach
important different small large short long clear simple complex common usual possible
likely difficult easy hard careful gentle warm honest direct personal private social
general specific particular recent early late next last whole real true free full
current previous natural normal serious mild strong weak high low good bad better worse
best least really quite rather perhaps almost already always never sometimes usually
together instead however therefore although unless whether though until since during
against without within across around toward behind beyond among upon toward
carefully slowly quickly gently clearly openly simply briefly directly mostly fully
able ready willing aware afraid sure certain unsure angry upset tired calm quiet happy
sad worried confident hopeful curious patient respectful
house car road town city street school office kitchen table door window phone letter
paper book page chapter section line form card sheet chart graph figure image
water food sleep meal coffee tea beer wine glass bottle bar pub shop club
wife husband girlfriend boyfriend daughter son brother sister colleague boss neighbour
judge court officer probation employer teacher student trainee supervisor trainer";

const MET_WORDS: &str = "motivation motivational enhancement ambivalence discrepancy empathy
resistance argumentation confrontation denial self-efficacy readiness precontemplation
contemplation preparation determination action maintenance relapse recovery abstinence
moderation assessment feedback personalized norms consumption dependence screening audit
intake baseline follow-up outcome evaluation fidelity adherence coding codes utterance
reflective listening reframing reframe amplified double-sided autonomy collaboration
evocation partnership compassion acceptance affirmation elicitation sustain commitment
activation desire ability need reasons taking-steps spirit rapport engagement focusing
evoking planning menu options decisional balance pros cons values importance confidence
ruler scale stages transtheoretical model rollnick miller prochaska diclemente bandura
rogers project match monograph manual therapist-led client-centred nondirective directive
confrontational skills-training brief intervention booster check-up drinker's";

fn vocabulary() -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let mut push = |w: &str, out: &mut Vec<String>| {
        if !w.is_empty() && seen.insert(w.to_string()) {
            out.push(w.to_string());
        }
    };
    let func: Vec<&str> = FUNCTION_WORDS.split_whitespace().collect();
    let common: Vec<&str> = COMMON_WORDS.split_whitespace().collect();
    let met: Vec<&str> = MET_WORDS.split_whitespace().collect();
    for w in &func {
        push(w, &mut out);
    }
    // Interleave real words and MET words so MET vocabulary sits in the frequent band.
    let (mut a, mut b) = (common.iter(), met.iter());
    loop {
        let mut any = false;
        for _ in 0..3 {
            if let Some(w) = a.next() {
                push(w, &mut out);
                any = true;
            }
        }
        if let Some(w) = b.next() {
            push(w, &mut out);
            any = true;
        }
        if !any {
            break;
        }
    }
    // Pseudo-English filler words from syllables, fixed seed (independent of --seed).
    const ON: &[&str] = &[
        "b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "v", "w", "br", "cl",
        "dr", "fl", "gr", "pr", "st", "tr", "sh", "ch", "th", "pl", "sp",
    ];
    const NU: &[&str] = &["a", "e", "i", "o", "u", "ea", "ou", "ai", "ee", "oa", "y"];
    const CO: &[&str] = &[
        "", "", "n", "r", "l", "s", "t", "m", "nd", "st", "ck", "ng", "rt", "ll", "ss", "nt",
    ];
    const SUF: &[&str] = &[
        "", "", "", "", "", "", "", "", "", "", "", "", "ing", "ed", "er", "ly", "tion", "ness",
        "ment", "ful", "ous", "al", "ive", "able", "ity",
    ];
    let mut r = Rng::new(0x5_EED0_F0DD);
    while out.len() < 3000 {
        let syl = match r.below(10) {
            0..=4 => 1,
            5..=8 => 2,
            _ => 3,
        };
        let mut w = String::new();
        for _ in 0..syl {
            for part in [ON, NU, CO] {
                let syllable_part: &&str = r.pick(part);
                w.push_str(syllable_part);
            }
        }
        let suffix: &&str = r.pick(SUF);
        w.push_str(suffix);
        if w.len() >= 3 {
            push(&w, &mut out);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Plan

/// Chapter byte targets are scaled by this so the *written* average (the fill loop overshoots
/// each section a little, and blocks are added whole) lands near 3.3 KB.
const TARGET_SCALE: f64 = 0.80;

const PRINCIPLES: [(&str, &str); 5] = [
    ("express-empathy", "Express empathy"),
    ("develop-discrepancy", "Develop discrepancy"),
    ("avoid-argumentation", "Avoid argumentation"),
    ("roll-with-resistance", "Roll with resistance"),
    ("support-self-efficacy", "Support self-efficacy"),
];

const STAGES: &[&str] = &[
    "precontemplation",
    "contemplation",
    "preparation",
    "determination",
    "action",
    "maintenance",
    "relapse",
];
const APPROACHES: &[(&str, &str)] = &[
    ("confrontational", "Confrontational approaches"),
    ("skills-training", "Skills training"),
    ("nondirective", "Nondirective therapy"),
];
const ASPECTS: &[&str] = &[
    "Diagnostic labels",
    "View of resistance",
    "Directiveness",
    "Who sets the goals",
    "Role of the therapist",
    "Use of feedback",
    "Responsibility for change",
    "Session structure",
    "Use of advice",
    "View of ambivalence",
    "Handling denial",
    "Length of treatment",
    "Homework",
    "Role of the family",
];

struct Heading {
    level: usize,
    text: String,
    anchor: String,
    explicit: bool,
}

struct Chapter {
    id: String,
    title: String,
    path: String, // relative to manual/
    kind: &'static str,
    number: Option<usize>,
    depth: usize, // 0 top-level in its part, 1 child, 2 grandchild
    part: Option<usize>,
    target: usize,
    headings: Vec<Heading>,
    dialogue: bool,
    contrast: bool,
    does_not: bool,
}

struct Term {
    term: String,
    id: String,
}

struct Gen {
    rng: Rng,
    vocab: Vec<String>,
    zipf: Zipf,
    terms: Vec<Term>,
    term_zipf: Zipf,
    refs: Vec<String>,
    ref_zipf: Zipf,
    chapters: Vec<Chapter>,
    dialogues: Vec<String>,
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' {
            out.extend(c.to_lowercase());
        } else if (c == ' ' || c == '-') && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

fn cap(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Path of `to` relative to the folder of `from` (both relative to manual/).
fn relative(from: &str, to: &str) -> String {
    let fd: Vec<&str> = from.split('/').collect();
    let fd = &fd[..fd.len() - 1];
    let td: Vec<&str> = to.split('/').collect();
    let mut common = 0;
    while common < fd.len() && common < td.len() - 1 && fd[common] == td[common] {
        common += 1;
    }
    let mut s = String::new();
    for _ in common..fd.len() {
        s.push_str("../");
    }
    s.push_str(&td[common..].join("/"));
    s
}

impl Gen {
    fn word(&mut self) -> &str {
        let i = self.zipf.sample(&mut self.rng);
        &self.vocab[i]
    }
    /// A content-ish word: skip the function-word band.
    fn content_word(&mut self) -> String {
        loop {
            let i = self.zipf.sample(&mut self.rng);
            if i >= 90 {
                return self.vocab[i].clone();
            }
        }
    }
    fn words(&mut self, n: usize) -> String {
        let mut s = String::new();
        for k in 0..n {
            if k > 0 {
                s.push(' ');
            }
            let w = self.word().to_string();
            s.push_str(&w);
        }
        s
    }
    fn words_in(&mut self, lo: usize, hi: usize) -> String {
        let n = self.rng.range(lo, hi);
        self.words(n)
    }
    fn title_words(&mut self, lo: usize, hi: usize) -> String {
        let n = self.rng.range(lo, hi);
        let mut v = Vec::new();
        for _ in 0..n {
            v.push(self.content_word());
        }
        let mut s = cap(&v[0]);
        for w in &v[1..] {
            s.push(' ');
            s.push_str(w);
        }
        s
    }
    /// A plain sentence (no inline markup), for YAML values and dialogue turns.
    fn plain_sentence(&mut self, lo: usize, hi: usize, end: char) -> String {
        let n = self.rng.range(lo, hi);
        let mut s = String::new();
        for k in 0..n {
            let w = self.word().to_string();
            if k == 0 {
                s.push_str(&cap(&w));
            } else {
                if self.rng.chance(0.07) && k + 1 < n {
                    s.push(',');
                }
                s.push(' ');
                s.push_str(&w);
            }
        }
        s.push(end);
        s
    }
}

fn plan(n: usize, rng: &mut Rng, g: &mut Gen) -> Vec<Chapter> {
    let mut chapters = Vec::new();
    let mut ids = HashSet::new();
    let mk_target = |rng: &mut Rng| -> usize {
        // mean 1.0: uniform 0.45..1.55 (the handbook's own chapters vary about as much)
        (TARGET_SCALE * 3300.0 * (0.45 + 1.1 * rng.f())) as usize
    };
    // 0: README (prefix)
    chapters.push(Chapter {
        id: "about".into(),
        title: "About this handbook".into(),
        path: "README.md".into(),
        kind: "chapter",
        number: None,
        depth: 0,
        part: None,
        target: mk_target(rng),
        headings: vec![],
        dialogue: false,
        contrast: false,
        does_not: false,
    });
    ids.insert("about".to_string());
    for (k, (id, title)) in PRINCIPLES.iter().enumerate() {
        chapters.push(Chapter {
            id: id.to_string(),
            title: title.to_string(),
            path: format!("principles/{id}.md"),
            kind: "principle",
            number: Some(k + 1),
            depth: 0,
            part: Some(0),
            target: mk_target(rng),
            headings: vec![],
            dialogue: false,
            contrast: false,
            does_not: false,
        });
        ids.insert(id.to_string());
    }
    let rest = n - chapters.len();
    // The last chapter is a suffix chapter after a separator.
    let numbered = rest.saturating_sub(1);
    let part_size = 40;
    let mut stack: Vec<(String, usize)> = Vec::new(); // (folder, children count) per depth
    for j in 0..numbered {
        let part = 1 + j / part_size;
        let first_in_part = j % part_size == 0;
        if first_in_part {
            stack.clear();
        }
        let title = g.title_words(2, 5);
        let mut id = slug(&title);
        id.truncate(40);
        let id = id.trim_end_matches('-').to_string();
        let id = if ids.contains(&id) || id.len() < 3 {
            format!("{id}-{}", j + 1)
        } else {
            id
        };
        ids.insert(id.clone());
        // depth: child of the last chapter one level up, sometimes
        let depth = if stack.is_empty() {
            0
        } else {
            let r = rng.f();
            let max = stack.len().min(2);
            if max >= 2 && r < 0.08 {
                2
            } else if max >= 1 && r < 0.40 {
                1
            } else {
                0
            }
        };
        stack.truncate(depth);
        let folder = if depth == 0 {
            format!("part-{part:02}")
        } else {
            stack[depth - 1].0.clone()
        };
        let path = format!("{folder}/{id}.md");
        stack.push((format!("{folder}/{id}"), 0));
        let kind = if j % 20 == 7 { "strategy" } else { "chapter" };
        chapters.push(Chapter {
            id,
            title,
            path,
            kind,
            number: None,
            depth,
            part: Some(part),
            target: mk_target(rng),
            headings: vec![],
            dialogue: false,
            contrast: false,
            does_not: false,
        });
    }
    if rest >= 1 {
        chapters.push(Chapter {
            id: "notes-for-trainers".into(),
            title: "Notes for trainers".into(),
            path: "appendix/notes-for-trainers.md".into(),
            kind: "chapter",
            number: None,
            depth: 0,
            part: None,
            target: mk_target(rng),
            headings: vec![],
            dialogue: false,
            contrast: false,
            does_not: false,
        });
    }
    // Headings and blocks. Proportions per KB of the bundled handbook.
    for c in chapters.iter_mut() {
        let kb = c.target as f64 / 1000.0 / TARGET_SCALE;
        c.dialogue = rng.chance((14.0 / 118.0 * kb).min(0.95));
        c.contrast = rng.chance(4.0 / 118.0 * kb);
        c.does_not = rng.chance(4.0 / 118.0 * kb);
        if c.contrast && c.kind == "chapter" && rng.chance(0.5) {
            c.kind = "contrast";
        }
        let sections = (c.target / 900).clamp(2, 6);
        let mut anchors = HashSet::new();
        for s in 0..sections {
            let subs = if rng.chance(0.45) { rng.range(1, 2) } else { 0 };
            for (level, _) in std::iter::once((2, 0)).chain((0..subs).map(|k| (3, k))) {
                let text = g.title_words(1, 4);
                let explicit = rng.chance(0.7);
                let mut anchor = if explicit {
                    let words: Vec<&str> = text.split(' ').take(2).collect();
                    slug(&words.join(" "))
                } else {
                    slug(&text)
                };
                let mut explicit = explicit;
                if anchors.contains(&anchor) || anchor.is_empty() || anchor == "section" {
                    anchor = format!("{anchor}-{s}-{level}");
                    explicit = true;
                }
                anchors.insert(anchor.clone());
                c.headings.push(Heading {
                    level,
                    text,
                    anchor,
                    explicit,
                });
            }
        }
    }
    chapters
}

// ---------------------------------------------------------------------------------------
// Writing

impl Gen {
    fn link_to_chapter(&mut self, from: usize, out: &mut String) {
        let t = if self.rng.chance(0.15) {
            from
        } else {
            self.rng.below(self.chapters.len())
        };
        let tc = &self.chapters[t];
        let anchor = if !tc.headings.is_empty() && self.rng.chance(0.6) {
            Some(
                tc.headings[self.rng.below(tc.headings.len())]
                    .anchor
                    .clone(),
            )
        } else {
            None
        };
        let (id, path) = (tc.id.clone(), tc.path.clone());
        let text = self.words_in(1, 4);
        let by_id = self.rng.chance(0.5);
        if t == from {
            match anchor {
                Some(a) => {
                    let _ = write!(out, "[{text}](#{a})");
                }
                None => {
                    let _ = write!(out, "[{text}](@{id})");
                }
            }
            return;
        }
        if by_id {
            match anchor {
                Some(a) => {
                    let _ = write!(out, "[{text}](@{id}#{a})");
                }
                None if self.rng.chance(0.4) => {
                    let _ = write!(out, "[](@{id})");
                }
                None => {
                    let _ = write!(out, "[{text}](@{id})");
                }
            }
        } else {
            let rel = relative(&self.chapters[from].path, &path);
            match anchor {
                Some(a) => {
                    let _ = write!(out, "[{text}]({rel}#{a})");
                }
                None => {
                    let _ = write!(out, "[{text}]({rel})");
                }
            }
        }
    }

    fn citation(&mut self, out: &mut String) {
        let k = self.ref_zipf.sample(&mut self.rng);
        let key = self.refs[k].clone();
        let r = self.rng.f();
        if r < 0.6 {
            let _ = write!(out, "[@{key}]");
        } else if r < 0.75 {
            let k2 = self.refs[self.ref_zipf.sample(&mut self.rng)].clone();
            if k2 == key {
                let _ = write!(out, "[@{key}]");
            } else {
                let _ = write!(out, "[@{key}; @{k2}]");
            }
        } else if r < 0.87 {
            let p = self.rng.range(3, 380);
            let _ = write!(out, "[@{key}, p. {p}]");
        } else {
            let verb = *self
                .rng
                .pick(&["argue", "describe", "report", "suggest", "note"]);
            let _ = write!(out, "as @{key} {verb}");
        }
    }

    /// A prose sentence with inline markup. `budget` limits links/citations.
    fn sentence(&mut self, ch: usize, out: &mut String, footnotes: &mut Vec<String>) {
        let n = self.rng.range(6, 20);
        for k in 0..n {
            if k > 0 {
                if self.rng.chance(0.06) && k + 1 < n {
                    out.push(',');
                }
                out.push(' ');
            }
            let r = self.rng.f();
            if k > 0 && r < 0.035 {
                let t = self.term_zipf.sample(&mut self.rng);
                let term = self.terms[t].term.clone();
                if self.rng.chance(0.03) {
                    let _ = write!(out, "[{term}]{{.no-gloss}}");
                } else if self.rng.chance(0.05) {
                    let id = self.terms[t].id.clone();
                    let _ = write!(out, "[{term}](@term:{id})");
                } else {
                    out.push_str(&term);
                }
                continue;
            }
            if k > 0 && r < 0.042 {
                self.link_to_chapter(ch, out);
                continue;
            }
            let w = self.word().to_string();
            let w = if k == 0 { cap(&w) } else { w };
            let m = self.rng.f();
            if k > 0 && m < 0.02 {
                let _ = write!(out, "*{w}*");
            } else if k > 0 && m < 0.03 {
                let _ = write!(out, "**{w}**");
            } else if k > 0 && m < 0.033 {
                let _ = write!(out, "`{w}`");
            } else {
                out.push_str(&w);
            }
        }
        // citations: ~1.9 per 3.3 KB chapter (0.58/KB as in the handbook)
        if self.rng.chance(0.075) {
            out.push(' ');
            self.citation(out);
        }
        if self.rng.chance(0.008) {
            let label = format!("n{}", footnotes.len() + 1);
            let _ = write!(out, "[^{label}]");
            let mut def = String::new();
            let s = self.plain_sentence(8, 20, '.');
            def.push_str(&s);
            footnotes.push(format!("[^{label}]: {def}"));
        }
        out.push(*self.rng.pick(&['.', '.', '.', '.', '.', '.', '?']));
    }

    fn paragraph(&mut self, ch: usize, out: &mut String, fns: &mut Vec<String>) {
        let n = self.rng.range(2, 6);
        let mut line_len = 0;
        for k in 0..n {
            let mut s = String::new();
            self.sentence(ch, &mut s, fns);
            if k > 0 {
                out.push(' ');
            }
            // wrap lines at ~80 columns like a text editor would
            for (i, w) in s.split(' ').enumerate() {
                if (i > 0 || k > 0) && line_len + w.len() > 80 {
                    out.pop();
                    out.push('\n');
                    line_len = 0;
                }
                out.push_str(w);
                out.push(' ');
                line_len += w.len() + 1;
            }
            out.pop();
        }
        out.push_str("\n\n");
    }

    fn list(&mut self, ch: usize, out: &mut String, fns: &mut Vec<String>) {
        let ordered = self.rng.chance(0.3);
        let n = self.rng.range(3, 6);
        for k in 0..n {
            if ordered {
                let _ = write!(out, "{}. ", k + 1);
            } else {
                out.push_str("- ");
            }
            if self.rng.chance(0.3) {
                let lead = self.title_words(1, 3);
                let _ = write!(out, "**{lead}.** ");
            }
            let mut s = String::new();
            self.sentence(ch, &mut s, fns);
            out.push_str(&s);
            out.push('\n');
        }
        out.push('\n');
    }

    fn table(&mut self, out: &mut String) {
        let cols = self.rng.range(2, 4);
        let rows = self.rng.range(2, 6);
        let head: Vec<String> = (0..cols).map(|_| self.title_words(1, 2)).collect();
        let _ = writeln!(out, "| {} |", head.join(" | "));
        let _ = writeln!(out, "|{}", "---|".repeat(cols));
        for _ in 0..rows {
            let cells: Vec<String> = (0..cols)
                .map(|c| {
                    if c == 0 {
                        format!("`{}`", self.content_word())
                    } else {
                        self.words_in(2, 9)
                    }
                })
                .collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out.push('\n');
    }

    fn quote(&mut self, ch: usize, out: &mut String, fns: &mut Vec<String>) {
        let mut s = String::new();
        self.sentence(ch, &mut s, fns);
        s.push(' ');
        self.sentence(ch, &mut s, fns);
        let _ = writeln!(out, "> {s}\n");
    }

    fn dialogue(&mut self, ch: usize, out: &mut String) {
        let id = format!("dlg-{}", self.chapters[ch].id);
        let title = self.plain_sentence(2, 6, ' ');
        let title = title.trim_end();
        let stage = *self.rng.pick(STAGES);
        let p1 = PRINCIPLES[self.rng.below(5)].0;
        let principles = if self.rng.chance(0.3) {
            let p2 = PRINCIPLES[self.rng.below(5)].0;
            if p2 != p1 {
                format!("[{p1}, {p2}]")
            } else {
                format!("[{p1}]")
            }
        } else {
            format!("[{p1}]")
        };
        let _ = writeln!(
            out,
            "```dialogue\nid: {id}\ntitle: \"{title}\"\nstage: {stage}\nprinciples: {principles}"
        );
        if !self.dialogues.is_empty() && self.rng.chance(0.12) {
            let other = self.dialogues[self.rng.below(self.dialogues.len())].clone();
            let _ = writeln!(out, "counter-example: true\nalternative-to: {other}");
        }
        out.push_str("---\n");
        let turns = self.rng.range(4, 10);
        const C_CODES: &[&str] = &[
            "st",
            "st",
            "ct",
            "ct, reasons",
            "ct, desire",
            "ct, ability",
            "ct, need",
            "ct, commitment",
            "ct, taking-steps",
            "",
        ];
        const T_CODES: &[&str] = &[
            "sr",
            "sr",
            "cr",
            "cr",
            "cr, double-sided",
            "cr, amplified",
            "cr, reframe",
            "q",
            "q",
            "q, elicit",
            "af",
            "gi",
            "seek",
            "emphasize, personal-choice",
            "cr, summary",
            "gi, feedback",
            "sr, twist",
            "cr, shift-focus",
            "",
        ];
        for t in 0..turns {
            if t % 2 == 0 {
                let s = self.plain_sentence(5, 16, '.');
                let c = *self.rng.pick(C_CODES);
                let who = if self.rng.chance(0.05) { "SO" } else { "C" };
                let _ = writeln!(out, "{who}: {s} {{{c}}}");
            } else {
                let s = self.plain_sentence(5, 18, '.');
                let mut c = self.rng.pick(T_CODES).to_string();
                if self.rng.chance(0.08) && !c.is_empty() {
                    let p = PRINCIPLES[self.rng.below(5)].0;
                    c = format!("{c}, @{p}");
                }
                if self.rng.chance(0.2) && !c.starts_with('q') {
                    let q = self.plain_sentence(4, 10, '?');
                    let _ = writeln!(out, "T: {s} {{{c}}} {q} {{q}}");
                } else {
                    let _ = writeln!(out, "T: {s} {{{c}}}");
                }
                if self.rng.chance(0.3) {
                    let n = self.plain_sentence(8, 22, '.');
                    let _ = writeln!(out, "> {n}");
                }
                if self.rng.chance(0.12) {
                    let s = self.plain_sentence(5, 14, '.');
                    let _ = writeln!(out, "or T: {s} {{confront}}");
                    if self.rng.chance(0.6) {
                        let n = self.plain_sentence(8, 20, '.');
                        let _ = writeln!(out, "> {n}");
                    }
                }
            }
        }
        out.push_str("```\n\n");
        self.dialogues.push(id);
    }

    fn contrast(&mut self, out: &mut String) {
        let (key, name) = *self.rng.pick(APPROACHES);
        let cap_words = self.words_in(1, 3);
        let _ = writeln!(out, "```contrast\ncaption: How MET differs from {} on {cap_words}\napproaches:\n  met: MET\n  {key}: {name}\naspects:", name.to_lowercase());
        let n = self.rng.range(2, 4);
        let mut used = HashSet::new();
        for _ in 0..n {
            let a = self.rng.below(ASPECTS.len());
            if !used.insert(a) {
                continue;
            }
            // Same wording for the same (aspect, approach) everywhere, as the authoring guide asks.
            let mut fixed = Rng::new(a as u64 * 31 + 7);
            let mut g2 = Gen {
                rng: Rng::new(0),
                vocab: vec![],
                zipf: Zipf { cdf: vec![] },
                terms: vec![],
                term_zipf: Zipf { cdf: vec![] },
                refs: vec![],
                ref_zipf: Zipf { cdf: vec![] },
                chapters: vec![],
                dialogues: vec![],
            };
            std::mem::swap(&mut g2.vocab, &mut self.vocab);
            std::mem::swap(&mut g2.zipf, &mut self.zipf);
            std::mem::swap(&mut g2.rng, &mut fixed);
            let met = g2.plain_sentence(6, 14, '.');
            g2.rng = Rng::new(a as u64 * 31 + 7 + key.len() as u64 * 1000);
            let other = g2.plain_sentence(6, 14, '.');
            std::mem::swap(&mut g2.vocab, &mut self.vocab);
            std::mem::swap(&mut g2.zipf, &mut self.zipf);
            let _ = writeln!(
                out,
                "  - aspect: {}\n    met: {met}\n    {key}: {other}",
                ASPECTS[a]
            );
        }
        out.push_str("```\n\n");
    }

    fn does_not(&mut self, out: &mut String) {
        const VERBS: &[&str] = &[
            "Argue with",
            "Impose a label on",
            "Lecture",
            "Confront",
            "Moralize to",
            "Threaten",
            "Diagnose",
            "Interrupt",
            "Insist on goals for",
            "Take sides against",
        ];
        out.push_str("```does-not\n");
        let n = self.rng.range(2, 5);
        let titled = self.rng.chance(0.5);
        if titled {
            let t = self.plain_sentence(3, 7, ' ');
            let _ = writeln!(
                out,
                "title: When {} the ME therapist does not\nitems:",
                t.trim_end().to_lowercase()
            );
        }
        for _ in 0..n {
            let v = *self.rng.pick(VERBS);
            let tail = self.words_in(3, 9);
            let _ = writeln!(
                out,
                "{}- {v} the client about {tail}.",
                if titled { "  " } else { "" }
            );
        }
        out.push_str("```\n\n");
    }

    fn chapter(&mut self, ch: usize) -> String {
        let mut out = String::with_capacity(4096);
        let c = &self.chapters[ch];
        let (id, title, kind, number, target) =
            (c.id.clone(), c.title.clone(), c.kind, c.number, c.target);
        let _ = writeln!(out, "---\nid: {id}\ntitle: {title}\nkind: {kind}");
        if let Some(n) = number {
            let s = self.plain_sentence(8, 18, '.');
            let _ = writeln!(out, "number: {n}\nsummary: {s}");
        }
        if self.rng.chance(0.6) {
            let s = self.plain_sentence(12, 30, '.');
            let _ = writeln!(out, "description: {s}");
        }
        if kind == "principle" {
            let _ = writeln!(out, "principles: [{id}]");
        } else if self.rng.chance(0.25) {
            let p = PRINCIPLES[self.rng.below(5)].0;
            let _ = writeln!(out, "principles: [{p}]");
        }
        if self.rng.chance(0.05) {
            let t = self.terms[self.rng.below(self.terms.len().min(20))]
                .id
                .clone();
            let _ = writeln!(out, "no-glossary: [{t}]");
        }
        let _ = writeln!(out, "---\n\n# {title}\n");
        let mut fns = Vec::new();
        self.paragraph(ch, &mut out, &mut fns);
        let headings: Vec<(usize, String, String, bool)> = self.chapters[ch]
            .headings
            .iter()
            .map(|h| (h.level, h.text.clone(), h.anchor.clone(), h.explicit))
            .collect();
        let nh = headings.len().max(1);
        let (mut dlg, mut con, mut dn) = (
            self.chapters[ch].dialogue,
            self.chapters[ch].contrast,
            self.chapters[ch].does_not,
        );
        let start = out.len();
        for (k, (level, text, anchor, explicit)) in headings.iter().enumerate() {
            let hashes = "#".repeat(*level);
            if *explicit {
                let _ = writeln!(out, "{hashes} {text} {{#{anchor}}}\n");
            } else {
                let _ = writeln!(out, "{hashes} {text}\n");
            }
            // byte budget of this heading's body
            let goal = start + (target.saturating_sub(start)) * (k + 1) / nh;
            let mut first = true;
            while out.len() < goal || first {
                first = false;
                let r = self.rng.f();
                if dlg && r < 0.25 {
                    self.dialogue(ch, &mut out);
                    dlg = false;
                } else if con && r < 0.35 {
                    self.contrast(&mut out);
                    con = false;
                } else if dn && r < 0.45 {
                    self.does_not(&mut out);
                    dn = false;
                } else if r < 0.55 {
                    self.list(ch, &mut out, &mut fns);
                } else if r < 0.60 {
                    self.table(&mut out);
                } else if r < 0.65 {
                    self.quote(ch, &mut out, &mut fns);
                } else {
                    self.paragraph(ch, &mut out, &mut fns);
                }
            }
        }
        if dlg {
            self.dialogue(ch, &mut out);
        }
        if con {
            self.contrast(&mut out);
        }
        if dn {
            self.does_not(&mut out);
        }
        for f in fns {
            let _ = writeln!(out, "{f}\n");
        }
        while out.ends_with("\n\n") {
            out.pop();
        }
        out
    }
}

fn glossary(g: &mut Gen, n: usize) -> String {
    const BASE: &[(&str, &str)] = &[
        (
            "motivational enhancement therapy",
            "motivational enhancement",
        ),
        ("motivational interviewing", ""),
        ("ambivalence", ""),
        ("discrepancy", ""),
        ("self-efficacy", "confidence to change"),
        ("change talk", ""),
        ("sustain talk", ""),
        ("reflective listening", ""),
        ("simple reflection", ""),
        ("complex reflection", ""),
        ("double-sided reflection", "two-sided reflection"),
        ("amplified reflection", ""),
        ("reframing", ""),
        ("decisional balance", ""),
        ("personalized feedback", ""),
        ("stages of change", "transtheoretical model"),
        ("precontemplation", ""),
        ("contemplation", ""),
        ("relapse", ""),
        ("resistance", ""),
        ("discord", ""),
        ("affirmation", ""),
        ("open question", "open-ended question"),
        ("summary", ""),
        ("autonomy", ""),
        ("MI spirit", "spirit of motivational interviewing"),
        ("righting reflex", ""),
        ("importance ruler", ""),
        ("readiness", ""),
        ("fidelity", ""),
    ];
    let count = std::env::var("GEN_TERMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40 + 2 * (n as f64).sqrt() as usize);
    let mut seen = HashSet::new();
    let mut out = String::from("# Generated glossary (examples/gen_manual.rs).\n\n");
    let mut terms: Vec<(String, String, String)> = Vec::new();
    for (t, a) in BASE {
        seen.insert(t.to_string());
        if !a.is_empty() {
            seen.insert(a.to_string());
        }
        terms.push((t.to_string(), slug(t), a.to_string()));
    }
    let mut guard = 0;
    while terms.len() < count && guard < 100_000 {
        guard += 1;
        let a = g.content_word();
        let b = g.content_word();
        // Two rare-ish words, so a term is a phrase that appears now and then.
        let t = format!("{a} {b}");
        if a == b || seen.contains(&t) || a.contains('\'') || b.contains('\'') {
            continue;
        }
        seen.insert(t.clone());
        let alias = if g.rng.chance(0.15) {
            let c = g.content_word();
            let al = format!("{c} {b}");
            if seen.contains(&al) || c == b || c == a || c.contains('\'') {
                String::new()
            } else {
                seen.insert(al.clone());
                al
            }
        } else {
            String::new()
        };
        terms.push((t.clone(), slug(&t), alias));
    }
    let ids: Vec<String> = terms.iter().map(|t| t.1.clone()).collect();
    for (k, (t, _id, alias)) in terms.iter().enumerate() {
        let _ = writeln!(out, "- term: {t}");
        if !alias.is_empty() {
            let _ = writeln!(out, "  aliases: [{alias}]");
        }
        let d1 = g.plain_sentence(10, 22, '.');
        let d2 = g.plain_sentence(6, 16, '.');
        let _ = writeln!(out, "  definition: >-\n    {d1}\n    {d2}");
        if g.rng.chance(0.6) {
            let mut sa = Vec::new();
            for _ in 0..g.rng.range(1, 3) {
                let o = g.rng.below(ids.len());
                if o != k && !sa.contains(&ids[o]) {
                    sa.push(ids[o].clone());
                }
            }
            if !sa.is_empty() {
                let _ = writeln!(out, "  see-also: [{}]", sa.join(", "));
            }
        }
        out.push('\n');
    }
    g.terms = terms
        .into_iter()
        .map(|(term, id, _)| Term { term, id })
        .collect();
    g.term_zipf = Zipf::new(g.terms.len(), 1.0);
    out
}

fn references(g: &mut Gen, n: usize) -> String {
    const SURNAMES: &[&str] = &[
        "Miller",
        "Rollnick",
        "Prochaska",
        "DiClemente",
        "Bandura",
        "Rogers",
        "Zweben",
        "Heather",
        "Hester",
        "Moyers",
        "Martin",
        "Amrhein",
        "Babor",
        "Carroll",
        "Longabaugh",
        "Project",
        "Sobell",
        "Marlatt",
        "Orford",
        "Edwards",
        "Walters",
        "Tonigan",
        "Connors",
        "Donovan",
        "Kadden",
        "Nowinski",
        "Rychtarik",
        "Apodaca",
        "Magill",
        "Hettema",
    ];
    const GIVEN: &[&str] = &[
        "William R.",
        "Stephen",
        "James O.",
        "Carlo C.",
        "Albert",
        "Carl R.",
        "Allen",
        "Nick",
        "Reid K.",
        "Theresa B.",
        "Tim",
        "Paul C.",
        "Thomas F.",
        "Kathleen M.",
        "Richard",
        "Linda C.",
        "G. Alan",
        "Jim",
        "Griffith",
        "Scott T.",
    ];
    const JOURNALS: &[&str] = &[
        "Journal of Studies on Alcohol",
        "Addiction",
        "Behavioural Psychotherapy",
        "Journal of Consulting and Clinical Psychology",
        "Psychology of Addictive Behaviors",
        "Journal of Substance Abuse Treatment",
        "American Psychologist",
        "Alcoholism: Clinical and Experimental Research",
    ];
    const PUBLISHERS: &[(&str, &str)] = &[
        ("Guilford Press", "New York"),
        ("Plenum Press", "New York"),
        ("Pergamon Press", "Oxford"),
        (
            "National Institute on Alcohol Abuse and Alcoholism",
            "Rockville, MD",
        ),
        ("Cambridge University Press", "Cambridge"),
    ];
    let count = std::env::var("GEN_REFS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20 + 2 * (n as f64).sqrt() as usize);
    let mut keys = HashSet::new();
    let mut out =
        String::from("# Generated works cited (examples/gen_manual.rs), hayagriva YAML.\n\n");
    let mut list = Vec::new();
    while list.len() < count {
        let s1 = *g.rng.pick(SURNAMES);
        let year = g.rng.range(1975, 2020);
        let base = format!("{}{year}", s1.to_lowercase());
        let mut key = base.clone();
        let mut suffix = b'a';
        while keys.contains(&key) {
            key = format!("{base}{}", suffix as char);
            suffix += 1;
        }
        keys.insert(key.clone());
        let mut authors = vec![format!("{s1}, {}", g.rng.pick(GIVEN))];
        for _ in 0..g.rng.below(3) {
            let a = format!("{}, {}", g.rng.pick(SURNAMES), g.rng.pick(GIVEN));
            if !authors.contains(&a) {
                authors.push(a);
            }
        }
        let authors = authors
            .iter()
            .map(|a| format!("\"{a}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let title = g.plain_sentence(3, 10, ' ');
        let title = title.trim_end();
        let _ = writeln!(out, "{key}:");
        match g.rng.below(4) {
            0 => {
                let (p, l) = *g.rng.pick(PUBLISHERS);
                let _ = writeln!(out, "  type: book\n  title: \"{title}\"\n  author: [{authors}]\n  date: {year}\n  publisher: {{ name: \"{p}\", location: \"{l}\" }}");
            }
            1 | 2 => {
                let j = *g.rng.pick(JOURNALS);
                let p0 = g.rng.range(1, 800);
                let vol = g.rng.range(1, 90);
                let _ = writeln!(out, "  type: article\n  title: \"{title}\"\n  author: [{authors}]\n  date: {year}\n  page-range: {p0}-{}\n  parent: {{ type: periodical, title: \"{j}\", volume: {vol} }}", p0 + g.rng.range(5, 30));
            }
            _ => {
                let (p, l) = *g.rng.pick(PUBLISHERS);
                let p0 = g.rng.range(1, 400);
                let book = g.plain_sentence(3, 8, ' ');
                let ed = format!("\"{}, {}\"", g.rng.pick(SURNAMES), g.rng.pick(GIVEN));
                let _ = writeln!(out, "  type: chapter\n  title: \"{title}\"\n  author: [{authors}]\n  date: {year}\n  page-range: {p0}-{}\n  parent:\n    type: anthology\n    title: \"{}\"\n    editor: [{ed}]\n    publisher: {{ name: \"{p}\", location: \"{l}\" }}", p0 + g.rng.range(8, 40), book.trim_end());
            }
        }
        if g.rng.chance(0.1) {
            let _ = writeln!(out, "  note: details not verified");
        }
        out.push('\n');
        list.push(key);
    }
    g.refs = list;
    g.ref_zipf = Zipf::new(g.refs.len(), 0.8);
    out
}

fn summary(chapters: &[Chapter]) -> String {
    let mut s = String::from("# Summary\n\n");
    let _ = writeln!(s, "[{}]({})\n", chapters[0].title, chapters[0].path);
    let mut part = None;
    let last = chapters.len() - 1;
    for (i, c) in chapters.iter().enumerate().skip(1) {
        if c.part.is_none() && i == last {
            let _ = writeln!(s, "\n---\n\n[{}]({})", c.title, c.path);
            continue;
        }
        if c.part != part {
            part = c.part;
            let title = match c.part {
                Some(0) => "The five principles".to_string(),
                Some(p) => format!("Part {p}: practice notes"),
                None => "More".to_string(),
            };
            let _ = writeln!(s, "\n# {title}\n");
        }
        let _ = writeln!(s, "{}- [{}]({})", "    ".repeat(c.depth), c.title, c.path);
    }
    s
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut seed = 1u64;
    let mut pos = Vec::new();
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--seed" {
            seed = args
                .get(i + 1)
                .and_then(|s| s.parse().ok())
                .expect("--seed needs a number");
            i += 2;
        } else {
            pos.push(args[i].clone());
            i += 1;
        }
    }
    if pos.len() != 2 {
        eprintln!(
            "usage: gen_manual N OUTDIR [--seed S]   (N >= 6: a README, 5 principles, the rest)"
        );
        std::process::exit(2);
    }
    let n: usize = pos[0].parse().expect("N must be a number");
    assert!(n >= 6, "N must be at least 6");
    let out = Path::new(&pos[1]);
    let vocab = vocabulary();
    let zipf = Zipf::new(vocab.len(), 1.0);
    let mut g = Gen {
        rng: Rng::new(seed),
        vocab,
        zipf,
        terms: vec![],
        term_zipf: Zipf { cdf: vec![0.0] },
        refs: vec![],
        ref_zipf: Zipf { cdf: vec![0.0] },
        chapters: vec![],
        dialogues: vec![],
    };
    let mut prng = Rng::new(seed ^ 0xA5A5);
    let chapters = plan(n, &mut prng, &mut g);
    let src = out.join("manual");
    if src.exists() {
        fs::remove_dir_all(&src).expect("remove old manual");
    }
    fs::create_dir_all(&src).unwrap();
    fs::write(
        out.join("book.toml"),
        format!("[book]\ntitle = \"Synthetic MET manual ({n} chapters)\"\nauthors = [\"gen_manual\"]\ndescription = \"A generated Motivational Enhancement Therapy manual for benchmarks.\"\nlanguage = \"en\"\nsrc = \"manual\"\n\n[build]\nbuild-dir = \"book\"\n\n[output.html]\ndefault-theme = \"auto\"\n"),
    )
    .unwrap();
    let gl = glossary(&mut g, n);
    fs::write(src.join("glossary.yml"), gl).unwrap();
    let rf = references(&mut g, n);
    fs::write(src.join("references.yml"), rf).unwrap();
    fs::write(src.join("SUMMARY.md"), summary(&chapters)).unwrap();
    g.chapters = chapters;
    let mut total = 0usize;
    for k in 0..g.chapters.len() {
        let text = g.chapter(k);
        total += text.len();
        let p = src.join(&g.chapters[k].path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, text).unwrap();
    }
    eprintln!(
        "gen_manual: {} chapters, {} dialogues, {} glossary terms, {} references, {:.2} MB of chapter Markdown ({:.2} KB/chapter) in {}",
        g.chapters.len(),
        g.dialogues.len(),
        g.terms.len(),
        g.refs.len(),
        total as f64 / 1e6,
        total as f64 / g.chapters.len() as f64 / 1e3,
        src.display()
    );
}
