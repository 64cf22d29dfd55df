//! Reads a rule's docs page (the Markdown `slimfile explain` prints) into blocks the page can
//! draw, so the docs are one click away and work offline.
//!
//! Only the subset the pages use is understood: `#` headings, paragraphs, fenced code, `-`
//! lists, and inline code, `**bold**` and `*emphasis*`. Anything else stays plain text, which
//! still reads well because Markdown is meant to.

/// A block of a docs page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A heading of level 1 to 6.
    Heading(u8, Vec<Inline>),
    /// A paragraph (its lines joined by spaces).
    Paragraph(Vec<Inline>),
    /// A fenced code block: its language tag (possibly empty) and its text.
    Code(String, String),
    /// A bulleted list, one entry per item.
    List(Vec<Vec<Inline>>),
}

/// A run of text inside a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// `code`
    Code(String),
    /// **strong**
    Strong(String),
    /// *emphasis*
    Emphasis(String),
}

/// Splits a docs page into blocks.
#[must_use]
pub fn parse(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Vec<Vec<Inline>> = Vec::new();
    let mut lines = markdown.lines();
    let flush = |paragraph: &mut Vec<&str>, list: &mut Vec<Vec<Inline>>, blocks: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(parse_inline(&paragraph.join(" "))));
            paragraph.clear();
        }
        if !list.is_empty() {
            blocks.push(Block::List(std::mem::take(list)));
        }
    };
    while let Some(line) = lines.next() {
        let trimmed = line.trim_end();
        if let Some(language) = trimmed.strip_prefix("```") {
            flush(&mut paragraph, &mut list, &mut blocks);
            let code: Vec<&str> = lines.by_ref().take_while(|l| !l.trim_end().starts_with("```")).collect();
            blocks.push(Block::Code(language.trim().to_owned(), code.join("\n")));
        } else if let Some((level, title)) = heading(trimmed) {
            flush(&mut paragraph, &mut list, &mut blocks);
            blocks.push(Block::Heading(level, parse_inline(title)));
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            if !paragraph.is_empty() {
                flush(&mut paragraph, &mut list, &mut blocks);
            }
            list.push(parse_inline(item.trim()));
        } else if trimmed.trim().is_empty() {
            flush(&mut paragraph, &mut list, &mut blocks);
        } else if let (Some(last), true) = (list.last_mut(), line.starts_with(' ')) {
            // A wrapped list item.
            last.push(Inline::Text(" ".to_owned()));
            last.extend(parse_inline(trimmed.trim()));
        } else {
            if !list.is_empty() {
                flush(&mut paragraph, &mut list, &mut blocks);
            }
            paragraph.push(trimmed.trim());
        }
    }
    flush(&mut paragraph, &mut list, &mut blocks);
    blocks
}

fn heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    let title = line[hashes..].strip_prefix(' ')?;
    let level = u8::try_from(hashes).ok().filter(|level| (1..=6).contains(level))?;
    Some((level, title.trim()))
}

/// Splits a line into plain text, code, strong and emphasis runs (finding messages use the same
/// marks). An opening mark without its closing one is plain text.
#[must_use]
pub fn parse_inline(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let marked = [("`", Inline::Code as fn(String) -> Inline), ("**", Inline::Strong), ("*", Inline::Emphasis)]
            .into_iter()
            .find_map(|(mark, make)| {
                let inner = rest.strip_prefix(mark)?;
                let end = inner.find(mark).filter(|&end| end > 0)?;
                Some((make(inner[..end].to_owned()), mark.len() * 2 + end))
            });
        match marked {
            Some((inline, consumed)) => {
                if !plain.is_empty() {
                    out.push(Inline::Text(std::mem::take(&mut plain)));
                }
                out.push(inline);
                rest = &rest[consumed..];
            }
            None => {
                plain.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    if !plain.is_empty() {
        out.push(Inline::Text(plain));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_owned())
    }

    #[test]
    fn reads_the_subset_the_pages_use() {
        let page = "# rule-id\n\n**Severity:** warning · `x`\n\n## Why\nOne line\nwrapped *here*.\n\n\
                    ```dockerfile\nFROM a\n  RUN b\n```\n- one `c`\n- two\n  more\n\nafter\n";
        assert_eq!(
            parse(page),
            vec![
                Block::Heading(1, vec![text("rule-id")]),
                Block::Paragraph(vec![
                    Inline::Strong("Severity:".into()),
                    text(" warning · "),
                    Inline::Code("x".into())
                ]),
                Block::Heading(2, vec![text("Why")]),
                Block::Paragraph(vec![text("One line wrapped "), Inline::Emphasis("here".into()), text(".")]),
                Block::Code("dockerfile".into(), "FROM a\n  RUN b".into()),
                Block::List(vec![
                    vec![text("one "), Inline::Code("c".into())],
                    vec![text("two"), text(" "), text("more")]
                ]),
                Block::Paragraph(vec![text("after")]),
            ]
        );
    }

    #[test]
    fn unclosed_marks_and_odd_headings_stay_text() {
        assert_eq!(parse("a `b and *c"), vec![Block::Paragraph(vec![text("a `b and *c")])]);
        assert_eq!(parse("#nospace"), vec![Block::Paragraph(vec![text("#nospace")])]);
        assert_eq!(parse("```\nunclosed"), vec![Block::Code(String::new(), "unclosed".into())]);
    }

    #[test]
    fn every_rule_page_has_a_title_and_sections() {
        for meta in slimfile_core::builtin_rules::every_rule() {
            let blocks = parse(&meta.page());
            assert_eq!(blocks.first(), Some(&Block::Heading(1, vec![text(meta.id)])));
            assert!(blocks.iter().filter(|b| matches!(b, Block::Heading(2, _))).count() >= 3);
        }
    }
}
