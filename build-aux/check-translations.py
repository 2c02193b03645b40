#!/usr/bin/python3
"""Checks the translations: every string marked in the files of po/POTFILES.in has a
translation in each po/LANG.po of po/LINGUAS (not fuzzy, not empty), the catalogue compiles
with msgfmt's format checks, and no message is there twice (a union merge of two branches).

  check-translations.py SOURCE_ROOT TMPDIR       (exit 1 and a list when something is missing)"""
import os
import subprocess
import sys


def entries(path):
    """(msgctxt, msgid) → (msgstr, fuzzy) of a .po/.pot file."""
    out, cur, key, fuzzy = {}, {}, None, False

    def flush():
        nonlocal cur, fuzzy
        if "msgid" in cur and cur["msgid"]:
            out[(cur.get("msgctxt"), cur["msgid"])] = (cur.get("msgstr", ""), fuzzy)
        cur, fuzzy = {}, False

    def unquote(s):
        return bytes(s.strip()[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")

    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            flush(); key = None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"') and key:
            cur[key] += unquote(line)
        else:
            word, _, rest = line.partition(" ")
            if word in ("msgctxt", "msgid") and "msgstr" in cur:
                flush()  # an entry without the blank line before it
            key = {"msgctxt": "msgctxt", "msgid": "msgid", "msgstr": "msgstr",
                   "msgstr[0]": "msgstr", "msgid_plural": "msgid_plural"}.get(word)
            if key:
                if key == "msgstr" and word != "msgstr" and "msgstr" in cur:
                    key = None
                    continue
                cur[key] = unquote(rest)
    flush()
    return out


def main():
    root, tmp = sys.argv[1], sys.argv[2]
    po = os.path.join(root, "po")
    files = [l.strip() for l in open(os.path.join(po, "POTFILES.in"))
             if l.strip() and not l.startswith("#")]
    missing_files = [f for f in files if not os.path.exists(os.path.join(root, f))]
    if missing_files:
        print("POTFILES.in names files that are not there:", *missing_files, sep="\n  ")
        return 1
    pot = os.path.join(tmp, "angiomark.pot")
    subprocess.run(["xgettext", "--from-code=UTF-8", "--keyword=_", "--keyword=N_",
                    "--keyword=C_:1c,2", "--keyword=NC_:1c,2", "--keyword=g_dngettext:2,3",
                    "--keyword=ngettext:1,2", "--add-comments", "-o", pot,
                    "-D", root] + files, check=True)
    wanted = entries(pot)
    failed = 0
    for lang in open(os.path.join(po, "LINGUAS")).read().split():
        path = os.path.join(po, lang + ".po")
        r = subprocess.run(["msgfmt", "-c", "--check-format", "-o", os.devnull, path],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print(r.stderr)
            failed += 1
        dup = subprocess.run(["msguniq", "-d", path], capture_output=True, text=True)
        if "msgid" in dup.stdout.replace('msgid ""\nmsgstr ""', "", 1):
            print(f"{path}: messages there twice:\n{dup.stdout[:2000]}")
            failed += 1
        have = entries(path)
        missing = [k for k in wanted if k not in have or not have[k][0] or have[k][1]]
        for ctx, msgid in missing:
            print(f"{lang}: not translated: {msgid!r}" + (f" (context {ctx!r})" if ctx else ""))
        failed += len(missing)
    print(f"{len(wanted)} messages, {failed} problems")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
