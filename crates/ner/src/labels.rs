//! The model's label set, read from `config.json`'s `id2label`, and its tagging scheme.

/// The role of a label in its tagging scheme (IOB2, IOB1, BIOES/BILOU, or plain IO).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TagKind {
    /// Outside any entity (`O`).
    Outside,
    /// Begins an entity (`B-`).
    Begin,
    /// Continues an entity (`I-`, or a bare type name in IO tagging).
    Inside,
    /// Ends an entity (`E-`, `L-`).
    End,
    /// A one-unit entity (`S-`, `U-`).
    Single,
}

/// One parsed label: its scheme role and entity type index (into [`LabelSet::types`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tag {
    /// Role in the scheme.
    pub kind: TagKind,
    /// Entity type index; meaningless for [`TagKind::Outside`].
    pub entity_type: usize,
}

/// The labels of a token-classification model, in output order, with their parsed tags.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelSet {
    names: Vec<String>,
    tags: Vec<Tag>,
    types: Vec<String>,
    outside: Option<usize>,
}

impl LabelSet {
    /// Parses labels given in output order (index `i` is logit `i`).
    ///
    /// `O` (any case) is outside; `B-X`/`I-X`/`E-X`/`L-X`/`S-X`/`U-X` (with `-` or `_`) are
    /// scheme tags of type `X`; any other name is taken as an inside tag of its own type (IO
    /// tagging). Types keep the order of their first appearance.
    pub fn new(names: Vec<String>) -> Self {
        let mut types: Vec<String> = Vec::new();
        let mut outside = None;
        let mut tags = Vec::with_capacity(names.len());
        for (i, name) in names.iter().enumerate() {
            let (kind, ty) = parse_label(name);
            if kind == TagKind::Outside {
                outside.get_or_insert(i);
                tags.push(Tag {
                    kind,
                    entity_type: 0,
                });
                continue;
            }
            let entity_type = match types.iter().position(|t| t == ty) {
                Some(p) => p,
                None => {
                    types.push(ty.to_owned());
                    types.len() - 1
                }
            };
            tags.push(Tag { kind, entity_type });
        }
        LabelSet {
            names,
            tags,
            types,
            outside,
        }
    }

    /// Number of labels (the size of the model's last output dimension).
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when there is no label.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Label names in output order, e.g. `["O", "B-PER", ...]`.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Entity types in order of first appearance, e.g. `["PER", "ORG", "LOC"]`.
    pub fn types(&self) -> &[String] {
        &self.types
    }

    /// The parsed tag of label `index`.
    pub fn tag(&self, index: usize) -> Tag {
        self.tags.get(index).copied().unwrap_or(Tag {
            kind: TagKind::Outside,
            entity_type: 0,
        })
    }

    /// Index of the outside label (`O`), if the model has one.
    pub fn outside(&self) -> Option<usize> {
        self.outside
    }
}

fn parse_label(name: &str) -> (TagKind, &str) {
    if name.eq_ignore_ascii_case("o") {
        return (TagKind::Outside, "");
    }
    let bytes = name.as_bytes();
    if bytes.len() > 2 && (bytes[1] == b'-' || bytes[1] == b'_') {
        let kind = match bytes[0].to_ascii_uppercase() {
            b'B' => Some(TagKind::Begin),
            b'I' => Some(TagKind::Inside),
            b'E' | b'L' => Some(TagKind::End),
            b'S' | b'U' => Some(TagKind::Single),
            _ => None,
        };
        if let Some(kind) = kind {
            return (kind, &name[2..]);
        }
    }
    (TagKind::Inside, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(names: &[&str]) -> LabelSet {
        LabelSet::new(names.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn parses_iob2_bioes_and_io() {
        let l = set(&["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]);
        assert_eq!(l.types(), ["PER", "ORG", "LOC"]);
        assert_eq!(l.outside(), Some(0));
        assert_eq!(
            l.tag(4),
            Tag {
                kind: TagKind::Inside,
                entity_type: 1
            }
        );
        let b = set(&["S_LOC", "E-LOC", "o", "MISC"]);
        assert_eq!(b.tag(0).kind, TagKind::Single);
        assert_eq!(b.tag(1).kind, TagKind::End);
        assert_eq!(b.outside(), Some(2));
        assert_eq!(b.tag(3).kind, TagKind::Inside);
        assert_eq!(b.types(), ["LOC", "MISC"]);
        // Out of range reads as outside instead of panicking.
        assert_eq!(b.tag(99).kind, TagKind::Outside);
    }
}
