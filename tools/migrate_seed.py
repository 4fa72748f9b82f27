"""Migrate the seed list (One-Sentence_Diffusion_summary README) into docs/papers and docs/resources.

Reproducible: the importer converts the README, then the corrections below are applied, each
with the value it expects to find (so a changed importer or README stops the script instead of
silently editing the wrong thing). Every correction is listed here; nothing in the output files
is edited by hand.

    .venv/bin/python tools/migrate_seed.py --force    # (re)write docs/papers/*.md, docs/resources/*.md
    .venv/bin/python tools/migrate_seed.py --check    # exit 1 if an entry of the seed is no longer in docs/

docs/ is the list's source of truth now (contributors add papers there), so the migration is
history: ``--check`` verifies that every migrated entry is still listed in its file (new papers
are welcome), and writing needs ``--force``.

The seed is read from ``../shared/seed`` (relative to the repository root); it is never copied.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mkdocs_diffusion.identity import identity_of  # noqa: E402
from mkdocs_diffusion.importer import ENTRY_FIELDS, ImportedCategory, ImportedEntry, parse_readme, render_category  # noqa: E402

SHARED = ROOT.parent / "shared"
README = "seed/One-sentence_Diffusion_summary.README.md"
FIRST_SEEN = "seed/first-seen-dates.tsv"

UPDATES = ("New updated",)

# README heading -> (file slug, category title, one-line Korean description)
PAPER_CATEGORIES = {
    "Must-read papers": ("must-read-papers", "Must-read papers", "디퓨전 모델을 공부할 때 먼저 읽어야 할 기초 논문 (DDPM, DDIM, score-based model, guidance 등)"),
    "Personalized": ("personalized", "Personalized", "몇 장의 이미지로 특정 대상이나 개념을 학습해 생성하는 개인화(personalization) 논문"),
    "Stable Diffusion Freeze": ("stable-diffusion-freeze", "Stable Diffusion Freeze", "Stable Diffusion을 고정(freeze)한 채 추가 모듈, 임베딩 최적화, attention 조작으로 제어하고 편집하는 방법"),
    "Stable Diffusion Finetuning": ("stable-diffusion-finetuning", "Stable Diffusion Finetuning", "Stable Diffusion을 fine-tuning해 예시 이미지, 새 개념, 마스크 조건을 학습시키는 방법"),
    "Image Generation": ("image-generation", "Image Generation", "이미지 생성 품질을 높이는 모델 구조, 노이즈 스케줄, 학습 기법"),
    "Connection with other framworks": ("connection-with-other-frameworks", "Connection with other frameworks", "오토인코더, VAE, GAN 등 다른 생성 모델 프레임워크와 디퓨전을 결합한 연구"),
    "Image space guidance sampling": ("image-space-guidance-sampling", "Image space guidance sampling", "이미지 공간에서 직접 조건을 주어(저주파 필터, 마스크 영역 교체, 노이즈 주입) 샘플링을 이끄는 방법"),
    "Classifier guidance sampling": ("classifier-guidance-sampling", "Classifier guidance sampling", "CLIP이나 분류기 같은 외부 모델의 gradient로 샘플링을 이끄는 방법"),
    "Image Editing": ("image-editing", "Image Editing", "실제 이미지를 편집, 변환, 복원하는 방법"),
    "Text-focused": ("text-focused", "Text-focused", "텍스트 프롬프트와 텍스트 임베딩(textual inversion, 프롬프트 최적화)에 초점을 둔 연구"),
    "Fast Sampling": ("fast-sampling", "Fast Sampling", "distillation, ODE solver 등으로 적은 스텝에 빠르게 샘플링하는 방법"),
    "Video Generation and Editing": ("video-generation-and-editing", "Video Generation and Editing", "디퓨전 모델을 이용한 비디오 생성과 편집"),
    "3D": ("3d", "3D", "3D 표현(radiance field)을 생성하는 디퓨전 모델"),
    "수학기반향상": ("math-based-improvements", "수학기반향상", "score, SDE, Fokker-Planck 방정식 등 수학적 분석으로 디퓨전 모델을 이해하고 개선하는 연구"),
    "기타": ("misc", "기타", "위 분류에 들지 않는 연구 (사람 모션 생성, 함수 공간의 디퓨전 등)"),
    "읽을것들": ("to-read", "읽을것들", "아직 읽지 않았지만 읽어 볼 논문"),
}

RESOURCE_CATEGORIES = {
    "Introductory Posts": ("posts", "입문 글 / Introductory Posts", "디퓨전 모델을 처음 공부할 때 읽기 좋은 블로그 글"),
    "Introductory Papers": ("papers", "입문 논문 / Introductory Papers", "디퓨전 모델 전반을 정리한 튜토리얼과 서베이 논문"),
    "Introductory Videos": ("videos", "입문 영상 / Introductory Videos", "디퓨전 모델을 한국어로 설명하는 영상"),
}

# "New updated" entries that are in no category, and where they go.
UNLISTED_UPDATES = {
    "Visual Instruction Inversion: Image Editing via Visual Prompting": "Image Editing",
    "ImageBrush: Learning Visual In-Context Instructions for Exemplar-Based Image Manipulation": "Image Editing",
    "Diffusion Image Analogies": "Image Editing",
}

CONTROLNET_MISSPELT = "Adding Conditional Control to Text-to-Image Difusion Models"
CONTROLNET = "Adding Conditional Control to Text-to-Image Diffusion Models"
BOUNDARY = "Boundary Guided Mixing Trajectory for Semantic Control with Diffusion Models"

# (title, kind) -> (authors as imported, corrected authors, why)
AUTHOR_FIXES = {
    ("ReVersion: Diffusion-Based Relation Inversion from Images", "paper"): (
        ["Ziqi Huang", "Tianxing Wu", "Yuming JiangKelvin C.K. ChanZiwei Liu"],
        ["Ziqi Huang", "Tianxing Wu", "Yuming Jiang", "Kelvin C.K. Chan", "Ziwei Liu"],
        "names run together in the README ('Yuming JiangKelvin C.K. ChanZiwei Liu')",
    ),
    ("What are Diffusion Models?", "post"): ([], ["Lilian Weng"], "no authors line; the post is on lilianweng.github.io"),
    # the blog post, not the NeurIPS 2019 paper of the same title
    ("Generative Modeling by Estimating Gradients of the Data Distribution", "post"): (
        [], ["Yang Song"], "no authors line; the summary says 'Yang Song 블로그'"),
    ("이상윤", "video"): ([], ["이상윤"], "the entry is 이상윤's YouTube channel"),
    ("디퓨전 전반적인 정리영상", "video"): (
        [], ["Mingi Kwon"], "the summary says '제가 발표한 영상' (the list's author, Mingi Kwon / 권민기)"),
}

# (title, date as imported) -> (corrected date, why)
DATE_FIXES = {
    ("Zero-shot Image-to-Image Translation", "2022-02-06"): ("2023-02-06", "year typo: arXiv 2302.03027 dates from Feb 2023"),
    ("Soft Truncation: A Universal Training Technique of Score-based Diffusion Model for High Precision Score Estimation", "2022-06-11"): (
        "2021-06-11", "year typo: arXiv 2106.05527 dates from Jun 2021"),
}

# title -> (text in the summary, replacement, why): markup errors only, the words stay verbatim
SUMMARY_FIXES = {
    "On the Importance of Noise Scheduling for Diffusion Models": (
        r"\sqrt{1 - \alpha} \epsilon 을", r"\sqrt{1 - \alpha} \epsilon$ 을", "the inline math opened with '$' is never closed"),
}


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"migrate_seed: unexpected input: {message}")


def migrate(shared: Path, log=print) -> list[ImportedCategory]:
    """The category files of the site, built from the seed README."""
    text = (shared / README).read_text(encoding="utf-8")
    result = parse_readme(text)
    _expect(not result.unparsed, f"{len(result.unparsed)} unparsed blocks")
    first_seen = {}
    for line in (shared / FIRST_SEEN).read_text(encoding="utf-8").splitlines()[1:]:
        day, title = line.split("\t", 1)
        first_seen[title] = day

    by_title = {c.heading_path[-1]: c for c in result.categories}
    updates = [e for name in UPDATES for e in by_title.pop(name).entries]
    expected = set(PAPER_CATEGORIES) | set(RESOURCE_CATEGORIES)
    _expect(set(by_title) == expected, f"sections {sorted(set(by_title) ^ expected)}")

    papers = [by_title[h] for h in PAPER_CATEGORIES]
    papers.sort(key=lambda c: c.line)  # the README's order
    listed = [e for c in papers for e in c.entries]

    # 1. 'added' from the "New updated" heading each listing appeared under
    for update in updates:
        same_title = [e for e in listed if _norm(e.data["title"]) == _norm(update.data["title"])]
        same_text = [e for e in same_title if _norm(e.data["summary"]) == _norm(update.data["summary"])]
        matches = same_text or same_title
        if not matches:
            home = UNLISTED_UPDATES.get(update.data["title"])
            _expect(home is not None, f"update {update.data['title']!r} matches no category entry")
            category = by_title[home]
            entry = ImportedEntry(dict(update.data), update.line, update.end_line, category.heading_path, notes=list(update.notes))
            category.entries.append(entry)
            log(f"{update.data['added']}  {update.data['title']}: in no category, added to {home}")
            continue
        for entry in matches:
            if "added" not in entry.data or update.data["added"] < entry.data["added"]:
                entry.data["added"] = update.data["added"]

    # 2. else 'added' from the first-seen dates of the README's history (the two videos, with
    #    italic titles, have none)
    resources = [by_title[h] for h in RESOURCE_CATEGORIES]
    for category in papers + resources:
        for entry in category.entries:
            seen = first_seen.get(entry.data["title"])
            if "added" not in entry.data:
                _expect(seen is not None or entry.data.get("kind") == "video", f"no first-seen date for {entry.data['title']!r}")
                if seen:
                    entry.data["added"] = seen
            elif seen and seen != entry.data["added"]:
                log(f"note: {entry.data['title']!r} (line {entry.line}) is under the update of {entry.data['added']}, first seen {seen}")

    # 3. the known errors of the source
    fixed = {"title": 0, "venue": 0, "date": 0, "summary": 0}
    for entry in listed:
        data = entry.data
        if data["title"] == CONTROLNET_MISSPELT:
            data["title"] = CONTROLNET
            _expect("paper" not in data.get("links", {}), "the misspelt ControlNet copy already has a paper link")
            data["links"] = {"paper": "https://arxiv.org/abs/2302.05543", **data.get("links", {})}
            log(f"fixed: line {entry.line}: 'Difusion' -> 'Diffusion' (ControlNet), paper link arXiv 2302.05543 added")
            fixed["title"] += 1
        if data["title"] == BOUNDARY:
            _expect(data["links"].get("paper") == "https://arxiv.org/abs/2302.08357", "Boundary Guided paper link")
            data["venue"] = "NeurIPS 2023"
            log(f"fixed: line {entry.line}: Boundary Guided: venue 'arXiv 2023' -> 'NeurIPS 2023' (paper link is arXiv 2302.08357)")
            fixed["venue"] += 1
        fix = DATE_FIXES.get((data["title"], data.get("date")))
        if fix:
            log(f"fixed: line {entry.line}: {data['title']!r}: date {data['date']} -> {fix[0]} ({fix[1]})")
            data["date"] = fix[0]
            fixed["date"] += 1
    for entry in listed:
        fix = SUMMARY_FIXES.get(entry.data["title"])
        if fix and fix[0] in entry.data["summary"]:
            entry.data["summary"] = entry.data["summary"].replace(fix[0], fix[1])
            log(f"fixed: line {entry.line}: {entry.data['title']!r}: summary markup ({fix[2]})")
            fixed["summary"] += 1
    # ControlNet's misspelt copy is listed once; Zero-shot I2I twice, Soft Truncation once;
    # Noise Scheduling (its unclosed math) twice, before the copies are merged
    _expect(fixed == {"title": 1, "venue": 1, "date": 3, "summary": 2}, f"known errors fixed: {fixed}")

    # 4. categories: titles, descriptions, order, file names
    out: list[ImportedCategory] = []
    for order, category in enumerate(papers, 1):
        slug, title, description = PAPER_CATEGORIES[category.heading_path[-1]]
        category.slug, category.title, category.description, category.order = slug, title, description, order
        category.section = "papers"
        out.append(category)
    for order, heading in enumerate(RESOURCE_CATEGORIES, 1):
        category = by_title[heading]
        slug, title, description = RESOURCE_CATEGORIES[heading]
        category.slug, category.title, category.description, category.order = slug, title, description, order
        category.section = "resources"
        out.append(category)

    # 5. authors
    done = set()
    for category in out:
        for entry in category.entries:
            key = (entry.data["title"], entry.data.get("kind", "paper"))
            if key in AUTHOR_FIXES:
                before, after, why = AUTHOR_FIXES[key]
                _expect(entry.data["authors"] == before, f"authors of {key!r}: {entry.data['authors']}")
                entry.data["authors"] = after
                entry.comments = [c for c in entry.comments if "no authors line" not in c]
                log(f"fixed: line {entry.line}: authors of {entry.data['title']!r} -> {', '.join(after)} ({why})")
                done.add(key)
            _expect(bool(entry.data["authors"]), f"no authors for {entry.data['title']!r}")
            entry.data = {k: entry.data[k] for k in ENTRY_FIELDS if k in entry.data}
    _expect(done == set(AUTHOR_FIXES), f"author fixes not applied: {set(AUTHOR_FIXES) - done}")

    # 6. copies of one paper inside one section are merged into its first listing: both
    #    summaries kept verbatim (as separate paragraphs), the earliest 'added', the first
    #    non-empty venue/date, the union of the links
    merged = 0
    for category in out:
        kept: dict[str, ImportedEntry] = {}
        entries = []
        for entry in category.entries:
            data = entry.data
            key = identity_of(explicit_id=data.get("id"), links=data.get("links", {}), title=data["title"])
            first = kept.get(key)
            if first is None:
                kept[key] = entry
                entries.append(entry)
                continue
            head = first.data
            if _norm(data["summary"]) != _norm(head["summary"]):
                head["summary"] = head["summary"].rstrip() + "\n\n" + data["summary"].strip()
            if data.get("added") and (not head.get("added") or data["added"] < head["added"]):
                head["added"] = data["added"]
            for field_name in ("venue", "date"):
                if not head.get(field_name) and data.get(field_name):
                    head[field_name] = data[field_name]
            head["links"] = {**data.get("links", {}), **head.get("links", {})}
            first.data = {k: head[k] for k in ENTRY_FIELDS if k in head}
            log(f"merged: line {entry.line}: {data['title']!r} is listed again in {category.title!r} (line {first.line}): one entry, both summaries")
            merged += 1
        category.entries = entries
    # On Calibrating (수학기반향상), On the Importance of Noise Scheduling (Image Generation),
    # ControlNet and its misspelt copy (Stable Diffusion Freeze)
    _expect(merged == 3, f"{merged} same-section copies merged")
    return out


def check_facts(categories: list[ImportedCategory], shared: Path) -> list[str]:
    """The facts the migration must keep (see ../shared/README.md)."""
    problems = []
    # a fresh parse: the migration changed the imported categories in place
    result = parse_readme((shared / README).read_text(encoding="utf-8"))
    # copies of one paper within a section are merged into one entry
    counts = {
        c.heading_path[-1]: len({_norm(e.data["title"].replace("Difusion", "Diffusion")) for e in c.entries})
        for c in result.categories
    }
    for category in categories:
        heading = category.heading_path[-1]
        want = counts[heading] + sum(1 for home in UNLISTED_UPDATES.values() if home == heading)
        if len(category.entries) != want:
            problems.append(f"{category.filename}: {len(category.entries)} entries, README section {heading!r} has {want}")
    titles = {e.data["title"] for c in categories for e in c.entries}
    first_seen = [line.split("\t", 1)[1] for line in (shared / FIRST_SEEN).read_text(encoding="utf-8").splitlines()[1:]]
    for title in first_seen:
        if title.replace("Difusion", "Diffusion") not in titles:
            problems.append(f"title missing: {title!r}")
    for category in categories:
        for entry in category.entries:
            if "added" not in entry.data and category.section == "papers":
                problems.append(f"{category.filename}: {entry.data['title']!r} has no 'added'")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    parser.add_argument("--check", action="store_true", help="compare with docs/ instead of writing")
    parser.add_argument("-q", "--quiet", action="store_true")
    parser.add_argument("--force", action="store_true", help="overwrite the files in docs/ (the source of truth)")
    args = parser.parse_args(argv)
    if not (args.shared / README).is_file():
        print(f"{args.shared / README}: not there (../shared is absent in this checkout): nothing to migrate from", file=sys.stderr)
        return 2
    log = (lambda *a: None) if args.quiet else print
    categories = migrate(args.shared, log)
    problems = check_facts(categories, args.shared)
    for p in problems:
        print(f"fact check: {p}", file=sys.stderr)
    total = sum(len(c.entries) for c in categories)
    if args.check:
        from mkdocs_diffusion.identity import normalize_title
        from mkdocs_diffusion.loader import load_docs

        listed, _, _ = load_docs(args.docs)
        titles = {c.path: {normalize_title(e.title) for e in c.entries} for c in listed}
        missing = [(c.filename, e.data["title"]) for c in categories for e in c.entries
                   if normalize_title(str(e.data.get("title", ""))) not in titles.get(c.filename, set())]
        for filename, title in missing:
            print(f"no longer listed: {args.docs / filename}: {title}", file=sys.stderr)
        log(f"{len(categories)} files, {total} entries checked: {len(missing)} missing")
        return 1 if problems or missing else 0
    if not args.force:
        print("docs/ is the source of truth: pass --force to overwrite it with the migration", file=sys.stderr)
        return 2
    for category in categories:
        target = args.docs / category.filename
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render_category(category), encoding="utf-8")
    log(f"{len(categories)} files, {total} entries written to {args.docs}")
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main())
