"""``mkdocs-diffusion import README.md --site DIR``: a complete site that builds, through the
installed command; and the peer list (Awesome-Diffusion-Models, 2,975 entries without summaries)
imported and built with MkDocs."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml

from mkdocs_diffusion.importer import guess_language

ROOT = Path(__file__).resolve().parents[1]
PEER = ROOT.parent / "shared" / "corpora" / "Awesome-Diffusion-Models.README.md"
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
# a level-2 heading the category template gives each entry
ENTRY_HEADING = re.compile(r'<h2 class="mdd-entry" id="[^"]*"')

README = """\
# My list

Some words about it.

## Vision
### Generation

**A Paper About Images** \\
*Ada Lovelace, Alan Turing* \\
arXiv 2023. [[Paper](https://arxiv.org/abs/2301.00001)] [[Github](https://github.com/a/b)] \\
6 Apr 2023

**:fire: Another Paper** \\
*Grace Hopper* \\
CVPR 2023. [[Paper](https://arxiv.org/abs/2301.00002)] [[Slides2](https://example.org/s)] \\
7 Apr 2023

## Using it

```sh
# install
**Not A Paper** \\
```

<!--
## Hidden

**Hidden Paper** \\
*Nobody*
-->

## Audio

**A Paper About Sound** \\
*Claude Shannon* \\
arXiv 2022. [[Paper](https://arxiv.org/abs/2201.00003)] \\
1 Jan 2022
"""


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs_diffusion.cli", *args], capture_output=True, text=True, env=ENV, cwd=cwd, timeout=600)


def mkdocs_build(site: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(site / "site"), *extra], capture_output=True, text=True, env=ENV, cwd=site,
                          timeout=1800)


def entries_on_topic_pages(built: Path) -> int:
    pages = [*built.glob("papers/*/index.html"), *built.glob("resources/*/index.html")]
    return sum(len(ENTRY_HEADING.findall(p.read_text(encoding="utf-8"))) for p in pages)


def written_entries(docs: Path) -> list[dict]:
    found = []
    for path in sorted([*docs.glob("papers/*.md"), *docs.glob("resources/*.md")]):
        front = path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n")
        found.extend(yaml.load(front, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["papers"])
    return found


def chrome_text(html: str) -> str:
    """The words of a page outside the entries' own text (titles, names, venues are data)."""
    html = re.sub(r"<script.*?</script>|<style.*?</style>|<svg.*?</svg>", " ", html, flags=re.S)
    html = re.sub(r'<h2 class="mdd-entry".*?</h2>|<p class="mdd-meta">.*?</p>', " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_import_site_writes_a_site_that_builds(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(README, encoding="utf-8")
    site = tmp_path / "my-list"
    done = cli("import", str(readme), "--site", str(site))
    assert done.returncode == 0, done.stderr
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["name"] == "material" and config["theme"]["language"] == "en"
    assert config["plugins"][0] == {"search": {"lang": ["en"]}}
    assert config["plugins"][1]["diffusion"]["require_summary"] is False  # no entry has a summary
    assert config["plugins"][1]["diffusion"]["link_labels"] == ["slides2"]  # a label of its own ('slides' would be known)
    assert config["site_name"] == "My list"  # its level-1 title
    assert sorted(p.relative_to(site / "docs").as_posix() for p in (site / "docs").rglob("*.md")) == [
        "index.md", "papers/audio.md", "papers/vision-generation.md"]  # no category for the code or the comment

    built = mkdocs_build(site, "--strict")
    assert built.returncode == 0, built.stderr
    assert entries_on_topic_pages(site / "site") == 3
    generation = (site / "site" / "papers" / "vision-generation" / "index.html").read_text(encoding="utf-8")
    assert "\U0001f525 Another Paper" in generation and "Not A Paper" not in generation and "Hidden" not in generation
    assert '<div class="mdd-summary">' not in generation
    home = (site / "site" / "index.html").read_text(encoding="utf-8")
    assert "imported from README.md" in home
    assert cli("check", "--strict", cwd=site).returncode == 0


def test_a_hostile_title_or_file_name_stays_plain_text_in_the_written_site(tmp_path):
    """The README's title becomes ``site_name``, which themes print unescaped (attributes,
    ``<title>``); its file name goes into a comment of ``mkdocs.yml``: a line break there would
    start YAML of the attacker's (``!!python/object/apply:os.system``)."""
    readme = tmp_path / 'list\nextra: !!python%2Fobject%2Fapply:os.system ["touch PWNED"]\n#.md'
    readme.write_text('# Awesome "><img src=x onerror=window.__x=1></title><script>x()</script>\n' + README.split("\n", 1)[1], encoding="utf-8")
    site = tmp_path / "site-dir"
    done = cli("import", str(readme), "--site", str(site))
    assert done.returncode == 0, done.stderr
    text = (site / "mkdocs.yml").read_text(encoding="utf-8")
    assert "!!python" not in text.split("\n", 1)[1] and text.split("\n", 1)[0].startswith("# Written by")
    config = yaml.safe_load(text)
    assert set(config) == {"site_name", "theme", "plugins", "markdown_extensions"}
    assert not set(config["site_name"]) & set("<>\"'&") and "Awesome" in config["site_name"]
    built = mkdocs_build(site)
    assert built.returncode == 0, built.stderr[-3000:]
    assert not (site / "PWNED").exists()
    for page in (site / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<img src=x" not in html and "<script>x()" not in html and '"><' not in html.split("<body", 1)[0], page  # the words stay, inert


def test_import_site_refuses_to_overwrite_without_force(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(README, encoding="utf-8")
    site = tmp_path / "site-dir"
    assert cli("import", str(readme), "--site", str(site)).returncode == 0
    (site / "mkdocs.yml").write_text("site_name: mine\n", encoding="utf-8")
    again = cli("import", str(readme), "--site", str(site))
    assert again.returncode == 2 and "--force" in again.stderr and again.stdout == ""
    assert (site / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: mine\n"
    assert cli("import", str(readme), "--site", str(site), "--force").returncode == 0
    assert "diffusion" in (site / "mkdocs.yml").read_text(encoding="utf-8")
    both = cli("import", str(readme), "--site", str(site), "--out", str(tmp_path / "o"))
    assert both.returncode == 2 and "not allowed with" in both.stderr
    assert cli("import", str(tmp_path / "missing.md"), "--site", str(tmp_path / "x")).returncode == 2


def test_a_korean_list_gets_a_korean_site_and_keeps_its_summaries(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("## 편집\n\n**Paper** \\\n*A B* \\\n[[Paper](https://arxiv.org/abs/2301.00001)] \\\n1 Jan 2023 \\\n한 문장으로 요약한 내용입니다.\n", encoding="utf-8")
    site = tmp_path / "ko-site"
    assert cli("import", str(readme), "--site", str(site)).returncode == 0
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["language"] == "ko" and config["plugins"][0] == {"search": {"lang": ["ko", "en"]}}
    assert config["plugins"][1] == "diffusion"  # summaries everywhere: the defaults fit
    assert "가져왔습니다" in (site / "docs" / "index.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text, language",
    [("Plain English words only.", "en"), ("한국어 요약 with some English terms like diffusion", "ko"), ("mostly English " * 40 + "한글", "en"), ("", "en")],
)
def test_guess_language(text, language):
    assert guess_language(text) == language


@pytest.mark.slow
def test_the_peer_list_imports_and_builds_with_every_entry(tmp_path):
    """Awesome-Diffusion-Models: 2,975 entries, i.e. its lines that are wholly bold
    (``**Title** \\``), the importer's title lines, counted here on the README itself."""
    if not PEER.is_file():
        pytest.skip(f"{PEER} is absent (the peer corpus lives in ../shared)")
    text = PEER.read_text(encoding="utf-8")
    titles = re.findall(r"^\*\*(.+)\*\*\s*(?:\\\s*)?$", text, re.M)
    assert len(titles) == 2975

    site = tmp_path / "peer"
    done = cli("import", str(PEER), "--site", str(site))
    assert done.returncode == 0, done.stderr[-2000:]
    assert "blocks in: 2975, entries out: 2975, unparsed: 0" in done.stdout
    written = written_entries(site / "docs")
    assert len(written) == 2975 and not any(e.get("summary") for e in written)

    # check --strict: the list's own copies of one paper and its misspelt venues (NeurlPS, NeruIPS,
    # NeurrIPS); the one block without an authors line is accepted: the site does not require them
    options = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"][1]["diffusion"]
    assert options["require_authors"] is False and sum(1 for e in written if not e["authors"]) == 1
    check = cli("check", "--strict", "--format", "json", cwd=site)
    report = json.loads(check.stdout)
    codes = Counter(p["code"] for p in report["problems"])
    duplicates = {"duplicate-in-category", "venue-mismatch", "wrong-link", "copied-entry", "authors-mismatch", "near-duplicate", "venue-misspelt"}
    assert set(codes) <= duplicates, codes
    print("check --strict:", dict(codes))

    started = time.perf_counter()
    built = mkdocs_build(site)
    seconds = time.perf_counter() - started
    assert built.returncode == 0, built.stderr[-3000:]
    out = site / "site"
    pages = len(list(out.rglob("*.html")))
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"peer site: build {seconds:.1f} s, {pages} HTML pages, {size / 2**20:.1f} MB")

    # every entry the importer wrote is on its topic page
    assert entries_on_topic_pages(out) == len(written) == 2975
    # in English: no Hangul in the plugin's words (entries' own text aside)
    for page in ("papers/vision-generation/index.html", "updates/index.html", "all-papers/index.html", "stats/index.html", "index.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert '<html lang="en"' in html
        assert not HANGUL.search(chrome_text(html)), page
    papers = json.loads((out / "papers.json").read_text(encoding="utf-8"))["papers"]
    assert all(c["summary"] == "" for p in papers for c in p["categories"])
