//! Alignment between a rewritten text and the original text it came from.
//!
//! Every stage that rewrites text does it through a [`TextRewriter`], which records, piece by
//! piece, which bytes were copied and which were replaced. The resulting [`Rewrite`] is composed
//! onto the document's [`Alignment`], so after any number of stages every byte range of the
//! current text still maps back to the original bytes it came from.

use crate::span::Span;
use std::borrow::Cow;

/// One stretch of the current text and the stretch of the original it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    current_start: usize,
    current_end: usize,
    original_start: usize,
    original_end: usize,
    /// Copied pieces have equal lengths and map byte for byte; replaced pieces map as a whole.
    copied: bool,
}

/// Maps byte offsets of the current text to byte offsets of the original text.
///
/// Pieces cover the current text without gaps and appear in original order; deletions are kept
/// as pieces with an empty current side. Offsets inside a copied piece map exactly; a range touching a
/// replaced piece widens to all of that piece's original bytes, so a mapped span never cuts into
/// the middle of a replaced sequence and always lies on character boundaries of the original.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Alignment {
    pieces: Vec<Piece>,
    current_len: usize,
    original_len: usize,
}

impl Alignment {
    /// The identity alignment of a text of `len` bytes with itself.
    pub fn identity(len: usize) -> Self {
        let mut alignment = Alignment {
            pieces: Vec::new(),
            current_len: len,
            original_len: len,
        };
        alignment.push(Piece {
            current_start: 0,
            current_end: len,
            original_start: 0,
            original_end: len,
            copied: true,
        });
        alignment
    }

    /// Length in bytes of the current text.
    pub fn current_len(&self) -> usize {
        self.current_len
    }

    /// Length in bytes of the original text.
    pub fn original_len(&self) -> usize {
        self.original_len
    }

    /// True when the current text is the original, unchanged.
    pub fn is_identity(&self) -> bool {
        self.current_len == self.original_len
            && self.pieces.iter().all(|p| p.copied)
            && self.pieces.len() <= 1
    }

    /// Maps a range of the current text to the span of the original it came from.
    ///
    /// An empty range maps to an empty span at the mapped position.
    pub fn to_original(&self, start: usize, end: usize) -> Span {
        let start_in_original = self.map_start(start);
        if end <= start {
            return Span::new(start_in_original, start_in_original);
        }
        Span::new(start_in_original, self.map_end(end))
    }

    /// Maps an original span to the range of the current text that covers what is left of it,
    /// or `None` when all of it was deleted. Used to show an original-offset annotation in the
    /// current text.
    pub fn to_current(&self, span: Span) -> Option<(usize, usize)> {
        let mut found: Option<(usize, usize)> = None;
        let first = self
            .pieces
            .partition_point(|p| p.original_end <= span.start);
        for p in &self.pieces[first..] {
            if p.original_start >= span.end && !(span.is_empty() && p.original_start == span.start)
            {
                break;
            }
            if p.current_start == p.current_end {
                continue; // a deletion: nothing of it is left in the current text
            }
            let (start, end) = if p.copied {
                let s = span.start.max(p.original_start) - p.original_start + p.current_start;
                let e = span.end.min(p.original_end) - p.original_start + p.current_start;
                (s, e.max(s))
            } else {
                (p.current_start, p.current_end)
            };
            found = Some(match found {
                None => (start, end),
                Some((s, _)) => (s, end),
            });
        }
        found
    }

    /// Where a range starting at current offset `pos` starts in the original.
    fn map_start(&self, pos: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.current_end <= pos);
        match self.pieces.get(i) {
            Some(p) if p.copied => p.original_start + (pos - p.current_start),
            Some(p) => p.original_start,
            None => self.pieces.last().map_or(0, |p| p.original_end),
        }
    }

    /// Where a range ending at current offset `pos` ends in the original.
    fn map_end(&self, pos: usize) -> usize {
        if pos == 0 {
            return self.pieces.first().map_or(0, |p| p.original_start);
        }
        let i = self.pieces.partition_point(|p| p.current_end < pos);
        match self.pieces.get(i) {
            Some(p) if p.copied => p.original_start + (pos - p.current_start),
            Some(p) => p.original_end,
            None => self.pieces.last().map_or(0, |p| p.original_end),
        }
    }

    /// Appends a piece, merging it with the previous one where the two are one stretch.
    fn push(&mut self, piece: Piece) {
        if piece.current_start == piece.current_end && piece.original_start == piece.original_end {
            return;
        }
        if let Some(last) = self.pieces.last_mut() {
            let contiguous = last.current_end == piece.current_start;
            let both_copied = last.copied
                && piece.copied
                && last.original_end == piece.original_start
                && contiguous;
            // Two replaced pieces that share original bytes are one replacement: keeping them
            // apart would let two current ranges claim the same original bytes.
            let overlapping_replacements = !last.copied
                && !piece.copied
                && contiguous
                && piece.original_start < last.original_end;
            if both_copied || overlapping_replacements {
                last.current_end = piece.current_end;
                last.original_end = last.original_end.max(piece.original_end);
                return;
            }
        }
        self.pieces.push(piece);
    }

    /// The alignment of `step`'s output with this alignment's original text, where `step`
    /// rewrote the text this alignment's current side describes.
    pub fn compose(&self, step: &Alignment) -> Alignment {
        debug_assert_eq!(step.original_len, self.current_len);
        let mut out = Alignment {
            pieces: Vec::with_capacity(step.pieces.len() + self.pieces.len()),
            current_len: step.current_len,
            original_len: self.original_len,
        };
        for sp in &step.pieces {
            if !sp.copied {
                let span = self.to_original(sp.original_start, sp.original_end);
                out.push(Piece {
                    current_start: sp.current_start,
                    current_end: sp.current_end,
                    original_start: span.start,
                    original_end: span.end,
                    copied: false,
                });
                continue;
            }
            // A copied stretch may cross several of our pieces: split it along them.
            let first = self
                .pieces
                .partition_point(|p| p.current_end <= sp.original_start);
            for p in &self.pieces[first..] {
                if p.current_start >= sp.original_end {
                    break;
                }
                let from = sp.original_start.max(p.current_start);
                let to = sp.original_end.min(p.current_end);
                let current_start = sp.current_start + (from - sp.original_start);
                let current_end = sp.current_start + (to - sp.original_start);
                let (original_start, original_end) = if p.copied {
                    (
                        p.original_start + (from - p.current_start),
                        p.original_start + (to - p.current_start),
                    )
                } else {
                    (p.original_start, p.original_end)
                };
                out.push(Piece {
                    current_start,
                    current_end,
                    original_start,
                    original_end,
                    copied: p.copied,
                });
            }
        }
        out
    }
}

/// The result of one rewriting step: the new text and, if anything changed, its alignment to
/// the step's input.
#[derive(Debug, Clone)]
pub struct Rewrite<'a> {
    /// The rewritten text; borrowed when nothing changed.
    pub text: Cow<'a, str>,
    /// New text → input text; `None` when the text is unchanged.
    pub alignment: Option<Alignment>,
}

impl<'a> Rewrite<'a> {
    /// A rewrite that changes nothing.
    pub fn unchanged(text: &'a str) -> Self {
        Rewrite {
            text: Cow::Borrowed(text),
            alignment: None,
        }
    }

    /// True when the step changed the text.
    pub fn is_changed(&self) -> bool {
        self.alignment.is_some()
    }
}

/// Builds a rewritten text from an input text left to right, recording the alignment.
///
/// The input is consumed in order: each call covers the input from where the previous one
/// stopped up to a given byte offset, either copying it or replacing it. Until the first real
/// change nothing is allocated, so an untouched text comes back borrowed.
///
/// ```
/// use polyprep_core::TextRewriter;
/// let input = "Kiev  is\r\nbig";
/// let mut rw = TextRewriter::new(input);
/// rw.copy_to(4);
/// rw.replace(6, " "); // two spaces become one
/// rw.copy_to(8);
/// rw.replace(10, "\n");
/// let out = rw.finish();
/// assert_eq!(out.text, "Kiev is\nbig");
/// let alignment = out.alignment.unwrap();
/// assert_eq!(alignment.to_original(8, 11).range(), 10..13);
/// ```
#[derive(Debug)]
pub struct TextRewriter<'a> {
    input: &'a str,
    /// Input consumed so far.
    pos: usize,
    /// `None` until the first change: until then the output is `input[..pos]`.
    out: Option<(String, Alignment)>,
}

impl<'a> TextRewriter<'a> {
    /// Starts rewriting `input`.
    pub fn new(input: &'a str) -> Self {
        TextRewriter {
            input,
            pos: 0,
            out: None,
        }
    }

    /// Input consumed so far, in bytes.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The input being rewritten.
    pub fn input(&self) -> &'a str {
        self.input
    }

    /// Copies the input up to byte `end` unchanged.
    ///
    /// # Panics
    /// If `end` is before the current position or not a character boundary of the input:
    /// both are bugs in the calling stage, not properties of user input.
    pub fn copy_to(&mut self, end: usize) {
        assert!(
            end >= self.pos && self.input.is_char_boundary(end),
            "copy_to({end}) from {}",
            self.pos
        );
        if let Some((text, alignment)) = &mut self.out {
            let current_start = text.len();
            text.push_str(&self.input[self.pos..end]);
            alignment.push(Piece {
                current_start,
                current_end: text.len(),
                original_start: self.pos,
                original_end: end,
                copied: true,
            });
        }
        self.pos = end;
    }

    /// Replaces the input from the current position up to byte `end` with `replacement`
    /// (an empty replacement deletes; an empty input range inserts). Replacing a stretch with
    /// the same text counts as copying it.
    ///
    /// # Panics
    /// As [`TextRewriter::copy_to`].
    pub fn replace(&mut self, end: usize, replacement: &str) {
        assert!(
            end >= self.pos && self.input.is_char_boundary(end),
            "replace({end}) from {}",
            self.pos
        );
        if &self.input[self.pos..end] == replacement {
            self.copy_to(end);
            return;
        }
        let (text, alignment) = self.out.get_or_insert_with(|| {
            let mut alignment = Alignment::default();
            alignment.push(Piece {
                current_start: 0,
                current_end: self.pos,
                original_start: 0,
                original_end: self.pos,
                copied: true,
            });
            (self.input[..self.pos].to_string(), alignment)
        });
        let current_start = text.len();
        text.push_str(replacement);
        alignment.push(Piece {
            current_start,
            current_end: text.len(),
            original_start: self.pos,
            original_end: end,
            copied: false,
        });
        self.pos = end;
    }

    /// Deletes the input from the current position up to byte `end`.
    pub fn delete_to(&mut self, end: usize) {
        self.replace(end, "");
    }

    /// Copies the rest of the input and returns the result.
    pub fn finish(mut self) -> Rewrite<'a> {
        self.copy_to(self.input.len());
        match self.out {
            None => Rewrite::unchanged(self.input),
            Some((text, mut alignment)) => {
                alignment.current_len = text.len();
                alignment.original_len = self.input.len();
                Rewrite {
                    text: Cow::Owned(text),
                    alignment: Some(alignment),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rewrite(input: &str, edits: &[(usize, usize, &str)]) -> (String, Alignment) {
        let mut rw = TextRewriter::new(input);
        for &(start, end, replacement) in edits {
            rw.copy_to(start);
            rw.replace(end, replacement);
        }
        let out = rw.finish();
        let alignment = out
            .alignment
            .clone()
            .unwrap_or_else(|| Alignment::identity(input.len()));
        (out.text.into_owned(), alignment)
    }

    #[test]
    fn unchanged_text_is_borrowed() {
        let mut rw = TextRewriter::new("abc");
        rw.copy_to(1);
        rw.replace(2, "b");
        let out = rw.finish();
        assert!(matches!(out.text, Cow::Borrowed("abc")));
        assert!(!out.is_changed());
    }

    #[test]
    fn copied_and_replaced_ranges_map_back() {
        let original = "a\u{00A0}\u{00A0}b  c";
        let (text, alignment) = rewrite(original, &[(1, 5, " "), (6, 8, " ")]);
        assert_eq!(text, "a b c");
        assert_eq!(alignment.to_original(0, 1).slice(original), Some("a"));
        assert_eq!(alignment.to_original(2, 3).slice(original), Some("b"));
        assert_eq!(alignment.to_original(4, 5).slice(original), Some("c"));
        // The replaced space widens to every byte it replaced.
        assert_eq!(
            alignment.to_original(1, 2).slice(original),
            Some("\u{00A0}\u{00A0}")
        );
        assert_eq!(alignment.to_original(0, 5).slice(original), Some(original));
    }

    #[test]
    fn deletions_leave_gaps_and_inverse_mapping_finds_what_is_left() {
        let original = "Read more\nKyiv is the capital.";
        let (text, alignment) = rewrite(original, &[(0, 10, "")]);
        assert_eq!(text, "Kyiv is the capital.");
        assert_eq!(alignment.to_original(0, 4).slice(original), Some("Kyiv"));
        assert_eq!(alignment.to_current(Span::new(0, 9)), None);
        assert_eq!(alignment.to_current(Span::new(10, 14)), Some((0, 4)));
    }

    #[test]
    fn composition_of_two_steps_maps_to_the_first_input() {
        let original = "x  Kiev\r\n\r\n\r\nend";
        let (step1, a1) = rewrite(
            original,
            &[(1, 3, " "), (7, 9, "\n"), (9, 11, "\n"), (11, 13, "\n")],
        );
        assert_eq!(step1, "x Kiev\n\n\nend");
        let a1 = Alignment::identity(original.len()).compose(&a1);
        let (step2, a2) = rewrite(&step1, &[(6, 9, "\n\n")]);
        assert_eq!(step2, "x Kiev\n\nend");
        let both = a1.compose(&a2);
        assert_eq!(both.to_original(2, 6).slice(original), Some("Kiev"));
        assert_eq!(both.to_original(8, 11).slice(original), Some("end"));
        assert_eq!(both.to_original(6, 8).slice(original), Some("\r\n\r\n\r\n"));
        assert_eq!(both.current_len(), step2.len());
        assert_eq!(both.original_len(), original.len());
    }

    /// Random edits over random text: every mapped span is in bounds, on char boundaries, and
    /// copied stretches map to identical text.
    fn edits_strategy() -> impl Strategy<Value = (String, Vec<(usize, usize, String)>)> {
        (
            "[a-zé€ \n\u{200B}]{0,40}",
            prop::collection::vec((0usize..50, 0usize..4, "[xé ]{0,3}"), 0..8),
        )
            .prop_map(|(text, raw)| {
                let bounds: Vec<usize> = text
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([text.len()])
                    .collect();
                let mut edits = Vec::new();
                let mut pos = 0;
                let mut raw = raw;
                raw.sort_by_key(|e| e.0);
                for (start, len, rep) in raw {
                    let s = bounds[start % bounds.len()];
                    if s < pos {
                        continue;
                    }
                    let si = bounds.iter().position(|&b| b == s).unwrap();
                    let e = bounds[(si + len).min(bounds.len() - 1)];
                    edits.push((s, e, rep));
                    pos = e;
                }
                (text, edits)
            })
    }

    proptest! {
        #[test]
        fn composed_spans_stay_on_boundaries(
            (text, edits) in edits_strategy(),
            (_, edits2) in edits_strategy(),
        ) {
            let e1: Vec<(usize, usize, &str)> = edits.iter().map(|(s, e, r)| (*s, *e, r.as_str())).collect();
            let (step1, a1) = rewrite(&text, &e1);
            let bounds: Vec<usize> = step1.char_indices().map(|(i, _)| i).chain([step1.len()]).collect();
            // Second step: reuse the positions of the second strategy clamped onto step1.
            let mut e2 = Vec::new();
            let mut pos = 0;
            for (s, e, r) in &edits2 {
                let s = *bounds.iter().find(|&&b| b >= (*s).min(step1.len())).unwrap();
                let e = *bounds.iter().find(|&&b| b >= (*e).max(s).min(step1.len())).unwrap();
                if s < pos { continue; }
                e2.push((s, e, r.as_str()));
                pos = e;
            }
            let (step2, a2) = rewrite(&step1, &e2);
            let composed = Alignment::identity(text.len()).compose(&a1).compose(&a2);
            let cur_bounds: Vec<usize> = step2.char_indices().map(|(i, _)| i).chain([step2.len()]).collect();
            for &s in &cur_bounds {
                for &e in cur_bounds.iter().filter(|&&e| e >= s) {
                    let span = composed.to_original(s, e);
                    prop_assert!(span.slice(&text).is_some(), "{s}..{e} -> {span:?} in {text:?}");
                }
            }
        }
    }
}
