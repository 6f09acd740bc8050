//! Splitting a text into blocks (paragraphs or lines) and the surface features rules look at.

use std::ops::Range;

/// One block of a text: a paragraph, or a line where the text puts one paragraph per line.
///
/// Offsets are bytes of the text the block was split from. `start..end` is the block's content
/// without surrounding horizontal whitespace; `line_start` is where its first line begins
/// (indentation included), which is where a deletion of the whole block starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// Start of the block's first line, indentation included.
    pub line_start: usize,
    /// First byte of the content.
    pub start: usize,
    /// One past the last byte of the content.
    pub end: usize,
}

impl Block {
    /// The content's byte range.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The content.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.range()).unwrap_or("")
    }
}

/// Splits `text` into blocks.
///
/// Blank lines always separate blocks. Inside a paragraph each line is its own block, because
/// scraped news puts one paragraph (or one caption, one teaser headline, one `close` button) per
/// line — unless the paragraph is hard-wrapped: a line is joined to the next one when it is long
/// for its paragraph, does not end a sentence, and the next line continues it (starts in lower
/// case), or when it ends with a comma or a word-breaking hyphen. The decision is made per
/// paragraph, so a document can mix both styles.
pub fn split_blocks(text: &str) -> Vec<Block> {
    // (line_start, content_start, content_end) of every non-blank line, grouped into paragraphs.
    let mut paragraphs: Vec<Vec<(usize, usize, usize)>> = Vec::new();
    let mut current: Vec<(usize, usize, usize)> = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let line_start = pos;
        pos += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed_start = body.trim_start();
        let content_start = line_start + (body.len() - trimmed_start.len());
        let content_end = content_start + trimmed_start.trim_end().len();
        if content_end == content_start {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
        } else {
            current.push((line_start, content_start, content_end));
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }

    let mut blocks = Vec::new();
    for lines in paragraphs {
        let widest = lines
            .iter()
            .map(|&(_, s, e)| text[s..e].chars().count())
            .max()
            .unwrap_or(0);
        let mut block: Option<Block> = None;
        for (i, &(line_start, start, end)) in lines.iter().enumerate() {
            let joined = match (block, i.checked_sub(1).map(|j| lines[j])) {
                (Some(_), Some((_, ps, pe))) => continues(&text[ps..pe], &text[start..end], widest),
                _ => false,
            };
            match (&mut block, joined) {
                (Some(b), true) => b.end = end,
                _ => {
                    if let Some(b) = block.take() {
                        blocks.push(b);
                    }
                    block = Some(Block {
                        line_start,
                        start,
                        end,
                    });
                }
            }
        }
        if let Some(b) = block {
            blocks.push(b);
        }
    }
    blocks
}

/// Whether `next` continues the hard-wrapped line `line` of a paragraph whose widest line has
/// `widest` characters.
fn continues(line: &str, next: &str, widest: usize) -> bool {
    let last = line.chars().last();
    if last == Some(',') {
        return true;
    }
    // "inter-\nnational": a hyphen right after a letter breaks a word; " -" or "–" is a dash.
    let mut tail = line.chars().rev();
    if tail.next() == Some('-') && tail.next().is_some_and(char::is_alphabetic) {
        return true;
    }
    let long = line.chars().count() >= 30 && line.chars().count() * 2 >= widest;
    let lower_next = next.chars().next().is_some_and(char::is_lowercase);
    long && lower_next && !ends_sentence(line)
}

/// Characters that close a quotation or bracket after a sentence's final punctuation.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '’' | '”' | '»' | '›' | ')' | ']' | '}' | '」' | '』' | '）'
    )
}

/// Whether `s` ends like a sentence: with `.`, `!`, `?`, `…`, `:` or `;` (or their CJK, Arabic
/// and Devanagari forms), possibly followed by closing quotes or brackets.
pub fn ends_sentence(s: &str) -> bool {
    let core = s.trim_end().trim_end_matches(is_closer);
    core.chars().last().is_some_and(|c| {
        matches!(
            c,
            '.' | '!' | '?' | '…' | ':' | ';' | '。' | '！' | '？' | '؟' | '।' | '۔'
        )
    })
}

/// Whether `s` ends with `…` or `...` right after its last word: a teaser or excerpt cut off
/// by the site, not a quotation that trails off (that would end with a closing quote).
pub fn is_truncated(s: &str) -> bool {
    let s = s.trim_end();
    let rest = if let Some(r) = s.strip_suffix('…') {
        r
    } else if let Some(r) = s.strip_suffix("...") {
        r
    } else {
        return false;
    };
    rest.trim_end()
        .chars()
        .last()
        .is_some_and(|c| c.is_alphanumeric() || c == ',')
}

/// Words of `s`: maximal runs of letters, digits and marks, with inner apostrophes kept
/// (`Kirby’s`, `don't`).
pub fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !(c.is_alphanumeric() || is_word_joiner(c)))
        .map(|w| w.trim_matches(is_word_joiner))
        .filter(|w| w.chars().any(char::is_alphanumeric))
}

fn is_word_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '\u{300}'..='\u{36f}')
}

/// Whether a block looks like a headline: at most `max_chars` characters, at least two words,
/// begins with a capital letter, a digit or an opening quote, and does not end a sentence.
pub fn is_headline_like(s: &str, max_chars: usize) -> bool {
    let s = s.trim();
    if s.contains('\n') || s.chars().count() > max_chars || words(s).nth(1).is_none() {
        return false;
    }
    let first = s
        .chars()
        .find(|c| !matches!(c, '"' | '\'' | '‘' | '“' | '«' | '„' | '('));
    let starts_well = first.is_some_and(|c| c.is_uppercase() || c.is_numeric());
    starts_well && !ends_sentence(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'t>(text: &'t str, blocks: &[Block]) -> Vec<&'t str> {
        blocks.iter().map(|b| b.text(text)).collect()
    }

    #[test]
    fn blank_lines_and_single_lines_both_separate() {
        let text = " close\nclose\n\n\nTitle here\n\nFirst paragraph.\nSecond paragraph.\n";
        let blocks = split_blocks(text);
        assert_eq!(
            texts(text, &blocks),
            [
                "close",
                "close",
                "Title here",
                "First paragraph.",
                "Second paragraph."
            ]
        );
        assert_eq!(blocks[0].line_start, 0);
        assert_eq!(blocks[0].start, 1);
    }

    #[test]
    fn hard_wrapped_paragraphs_stay_one_block() {
        let text = "The ongoing tensions surrounding the conflict have\ntaken a new turn, as officials express\nconcern.\n\nShort line\nAnother line";
        let blocks = split_blocks(text);
        assert_eq!(blocks.len(), 3, "{:?}", texts(text, &blocks));
        assert!(texts(text, &blocks)[0].ends_with("concern."));
    }

    #[test]
    fn crlf_and_whitespace_only_lines() {
        let text = "a line\r\n \t \r\nnext line\r\n";
        assert_eq!(texts(text, &split_blocks(text)), ["a line", "next line"]);
        assert!(split_blocks(" \n\n\t").is_empty());
        assert!(split_blocks("").is_empty());
    }

    #[test]
    fn sentence_endings_and_truncation() {
        assert!(ends_sentence("he added.”"));
        assert!(ends_sentence("Is it?"));
        assert!(!ends_sentence(
            "Pentagon believes North Korean troops are in Russia"
        ));
        assert!(is_truncated("but on October 22…"));
        assert!(is_truncated("a hundred body..."));
        assert!(!is_truncated("“and then…”"));
        assert!(!is_truncated("Fine."));
    }

    #[test]
    fn headline_like_lines() {
        assert!(is_headline_like(
            "Pentagon believes North Korean troops are in Russia",
            150
        ));
        assert!(is_headline_like(
            "North Korean troops fighting for Russia in Ukraine would be “fair game,” the White House says",
            150
        ));
        assert!(!is_headline_like("Read", 150));
        assert!(!is_headline_like("He said it was over.", 150));
        assert!(!is_headline_like("lower case start here", 150));
    }

    #[test]
    fn words_keep_inner_apostrophes() {
        let w: Vec<_> = words("Kirby’s ‘legitimate target’ – US, don't").collect();
        assert_eq!(w, ["Kirby’s", "legitimate", "target", "US", "don't"]);
    }
}
