//! Byte spans into the original text, and character offsets derived from them.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A half-open byte range `[start, end)` into a document's ORIGINAL text.
///
/// Byte offsets are what Rust slices with; character offsets (what Python and most annotation
/// tools count) are derived on demand with [`Span::char_span`] or, for many spans, [`CharIndex`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; `end` is raised to `start` if it is smaller.
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The span as a `Range`, for slicing.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The text under the span, or `None` if it is out of bounds or not on character boundaries.
    pub fn slice<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.range())
    }

    /// The span in characters (Unicode scalar values) of `text`, or `None` if it does not lie on
    /// character boundaries of `text`. This walks the text: use [`CharIndex`] for many spans.
    pub fn char_span(&self, text: &str) -> Option<CharSpan> {
        self.slice(text)?;
        let start = text[..self.start].chars().count();
        let end = start + text[self.start..self.end].chars().count();
        Some(CharSpan { start, end })
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// A half-open range of character (Unicode scalar value) offsets.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
pub struct CharSpan {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// Converts many byte offsets of one text to character offsets in `O(log n)` each.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// Byte offset of every character start, plus the text length; empty when the text is ASCII,
    /// where byte and character offsets coincide.
    char_starts: Vec<usize>,
    len: usize,
}

impl CharIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let char_starts = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(text.len()))
                .collect()
        };
        CharIndex {
            char_starts,
            len: text.len(),
        }
    }

    /// The character offset of byte offset `byte`, or `None` if it is not a character boundary.
    pub fn char_offset(&self, byte: usize) -> Option<usize> {
        if byte > self.len {
            return None;
        }
        if self.char_starts.is_empty() {
            return Some(byte);
        }
        self.char_starts.binary_search(&byte).ok()
    }

    /// The character span of a byte span, or `None` if it is not on character boundaries.
    pub fn char_span(&self, span: Span) -> Option<CharSpan> {
        Some(CharSpan {
            start: self.char_offset(span.start)?,
            end: self.char_offset(span.end)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_scalar_values() {
        let text = "Київ — Kyiv";
        let span = Span::new(text.find("Kyiv").unwrap(), text.len());
        assert_eq!(span.slice(text), Some("Kyiv"));
        assert_eq!(span.char_span(text), Some(CharSpan { start: 7, end: 11 }));
        assert_eq!(
            CharIndex::new(text).char_span(span),
            Some(CharSpan { start: 7, end: 11 })
        );
        // Inside the two-byte "К": not a boundary.
        assert_eq!(Span::new(1, 2).char_span(text), None);
        assert_eq!(CharIndex::new(text).char_offset(1), None);
        assert_eq!(CharIndex::new("abc").char_offset(3), Some(3));
        assert_eq!(CharIndex::new("abc").char_offset(4), None);
    }
}
