#!/usr/bin/env python3
"""reference.py — what a newsroom engineer would write instead of galley:
the benchmark pipeline (import, clean, house style, stats, JSON, a tar.gz
bundle with a SHA-256 manifest) in plain Python 3, standard library only.
`make bench` runs it on the same corpus as galley and prints the ratio.
It follows galley's rules closely enough to do the same work per article;
it is not a second implementation to compare outputs with.

usage: reference.py CORPUS_DIR OUT.tar.gz
"""
import hashlib
import io
import json
import os
import re
import sys
import tarfile
import unicodedata

REPLACEMENTS = {"ODKB": "CSTO", "Development Magazine": "Development magazine"}
BOILERPLATE = [re.compile(p, re.I) for p in (
    r"^share this:?$", r"^(read|see) (more|also)\b.{0,200}$",
    r"^(les også|läs också|læs også|lue myös)\b.{0,200}$",
    r"^(follow|like) us on\b.{0,200}$", r"^advertisement$")]
CREDIT = re.compile(r"\s*(?:Photo|Foto|Kuva|Bild)\s*:\s*([^.]+)\.?\s*$")
SAYS = re.compile(r"\b(?:says|said|sier|säger|siger)\s+([A-ZÆØÅÄÖ][\w-]+(?:\s+[A-ZÆØÅÄÖ][\w-]+)*)")
SPACES = re.compile(r"[ \t\r\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b-\x1f\x7f]")
BEFORE_PUNCT = re.compile(r" +([.,;:!?])")
TERMS = [(re.compile(r"(?<![\w])" + re.escape(k) + r"(?![\w])"), v) for k, v in REPLACEMENTS.items()]


def front_matter(text):
    meta = {}
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            for line in text[4:end].splitlines():
                key, _, value = line.partition(":")
                meta[key.strip()] = value.strip()
            text = text[end + 5:]
    return meta, text


def is_title(p):
    return "\n" not in p and len(p) < 120 and not p.rstrip().endswith((".", "!", "?", ":"))


def import_article(path, text):
    meta, text = front_matter(text)
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    art = {"id": meta.get("id"), "source": path, "headline": None, "kicker": None,
           "standfirst": None, "bylines": [], "section": None, "language": meta.get("language", "en"),
           "dates": {}, "keywords": [], "body": [], "media": [], "entities": [], "extra": {}}
    if paras and CREDIT.search(paras[0]):
        m = CREDIT.search(paras[0])
        art["media"].append({"type": "image", "caption": paras[0][:m.start()].strip(),
                             "credit": m.group(1).strip(), "href": None})
        paras = paras[1:]
    if len(paras) > 1 and is_title(paras[0]) and is_title(paras[1]):
        art["kicker"], paras = paras[0], paras[1:]
    if not paras or not is_title(paras[0]):
        raise ValueError("no headline")
    art["headline"], paras = paras[0], paras[1:]
    speaker = None
    for p in paras:
        if p.startswith(("- ", "– ")) and "\n" not in p and speaker:
            art["body"].append({"type": "quote", "text": p[2:], "speaker": speaker})
        elif all(line.startswith("- ") for line in p.splitlines()) and "\n" in p:
            art["body"].append({"type": "list", "text": "\n".join(l[2:] for l in p.splitlines())})
        elif is_title(p):
            art["body"].append({"type": "heading", "level": 2, "text": p})
        else:
            art["body"].append({"type": "paragraph", "text": p})
        m = SAYS.search(p)
        speaker = m.group(1) if m else None
    if not art["id"]:
        art["id"] = re.sub(r"[^a-z0-9]+", "-", art["headline"].lower()).strip("-")
    return art


def clean(s):
    s = unicodedata.normalize("NFC", s)
    s = INVISIBLE.sub("", s)
    s = SPACES.sub(" ", s.replace("\n", " "))
    return BEFORE_PUNCT.sub(r"\1", s).strip()


def house_style(s):
    for pattern, replacement in TERMS:
        s = pattern.sub(replacement, s)
    return s


def transform(art):
    for key in ("headline", "kicker", "standfirst"):
        if art[key]:
            art[key] = house_style(clean(art[key]))
    body = []
    for block in art["body"]:
        text = house_style(clean(block["text"]))
        if text and not any(p.search(text) for p in BOILERPLATE):
            block["text"] = text
            body.append(block)
    art["body"] = body
    text = " ".join([art["headline"]] + [b["text"] for b in body])
    words = sum(1 for w in text.split() if any(c.isalnum() for c in w))
    art["extra"]["stats"] = {"characters": len(text), "paragraphs": len(body),
                             "reading_seconds": -(-words * 60 // 230), "words": words}
    return art


def add(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), 0, 0o644
    tar.addfile(info, io.BytesIO(data))


def main():
    corpus, bundle = sys.argv[1], sys.argv[2]
    paths = sorted(os.path.join(d, f) for d, _, files in os.walk(corpus)
                   for f in files if f.endswith(".txt"))
    manifest, failed = [], 0
    with tarfile.open(bundle + ".tmp", "w:gz", compresslevel=6) as tar:
        for path in paths:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            try:
                art = transform(import_article(path, text))
            except ValueError:
                failed += 1
                continue
            data = (json.dumps(art, indent=2, ensure_ascii=False) + "\n").encode()
            name = "json/%s.json" % art["id"]
            add(tar, "bench/" + name, data)
            manifest.append({"path": name, "size": len(data),
                             "sha256": hashlib.sha256(data).hexdigest()})
        add(tar, "bench/manifest.json", json.dumps({"files": manifest}, indent=2).encode())
    os.replace(bundle + ".tmp", bundle)
    print("%d articles, %d failed" % (len(manifest), failed), file=sys.stderr)


if __name__ == "__main__":
    main()
