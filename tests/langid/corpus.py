#!/usr/bin/python3
"""corpus.py — builds the language-detection test set as TSV lines
`set<TAB>language<TAB>text` on stdout, from real text only:

- web:  the article text Readability extracts from the real pages in
        ../shared/data/web/ (languages read by hand, web-labels.tsv; the
        lorem-ipsum test pages are left out);
- mo:   translated messages from Debian's .mo catalogues on this machine,
        joined into paragraphs of about LEN characters, N per language;
- samples: the articles shipped in pipelines/samples/.

Usage: corpus.py SHARED_WEB_DIR SAMPLES_DIR [LEN [N]]"""
import gettext, glob, html, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))


def labels():
    """web-labels.tsv: page -> language, read by hand."""
    with open(os.path.join(HERE, "web-labels.tsv"), encoding="utf-8") as f:
        rows = [l.rstrip("\n").split("\t") for l in f if l.strip() and not l.startswith("#")]
    return dict(rows)


MO_LANGS = ["nb", "nn", "da", "sv", "fi", "de", "fr", "es", "it", "pt", "nl", "pl", "ru"]


def clean(t):
    return re.sub(r"\s+", " ", t).strip()


def web(root):
    for page, lang in sorted(labels().items()):
        with open(os.path.join(root, page, "expected.html"), encoding="utf-8") as f:
            t = html.unescape(re.sub(r"<[^>]+>", " ", f.read()))
        yield "web", lang, clean(t)


def messages(lang):
    seen = set()
    for path in sorted(glob.glob(f"/usr/share/locale/{lang}/LC_MESSAGES/*.mo")):
        try:
            with open(path, "rb") as f:
                cat = gettext.GNUTranslations(f)._catalog
        except Exception:
            continue
        for key, msg in sorted(cat.items(), key=lambda kv: str(kv[0])):
            if not key or not isinstance(msg, str):
                continue
            m = clean(re.sub(r"%[-#0-9.]*[a-zA-Z]|\\[nt]|[_&~]|<[^>]+>|\{[^}]*\}", " ", msg))
            if len(m) >= 40 and " " in m and m not in seen:
                seen.add(m)
                yield m


def mo(length, count):
    for lang in MO_LANGS:
        docs, cur = [], ""
        for m in messages(lang):
            cur = (cur + " " + m).strip()
            if len(cur) >= length:
                docs.append(cur)
                cur = ""
        step = max(1, len(docs) // count)  # spread over the catalogues
        for d in docs[::step][:count]:
            yield "mo", lang, d


def samples(root):
    for path in sorted(glob.glob(os.path.join(root, "*.txt"))):
        with open(path, encoding="utf-8") as f:
            t = f.read()
        lang = re.search(r"^language: *(\S+)", t, re.M)
        body = re.sub(r"^---\n.*?\n---\n", "", t, flags=re.S)
        yield "samples", lang.group(1) if lang else "en", clean(body)


def main():
    length = int(sys.argv[3]) if len(sys.argv) > 3 else 400
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 40
    for row in (*web(sys.argv[1]), *mo(length, count), *samples(sys.argv[2])):
        print("\t".join(row))


main()
