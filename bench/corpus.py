"""The benchmark's input: category files of N synthetic papers, or an awesome-list imported.

Synthetic lists: N papers over K categories (``K = max(10, N/100)`` by default), deterministic by
seed; English titles of 6-15 words, 3-8 authors, a venue and a date, arXiv links (some OpenReview,
some none), code and project links, Korean summaries of a few hundred characters with English ML
terms (some with TeX math, some over two lines); about 10% of the papers are listed in two
categories (same links, another summary); ``added`` dates spread over two years in batches.

Every file is written with the package's own helpers: file names by
:func:`mkdocs_diffusion.identity.slugify`, every YAML value by
:func:`mkdocs_diffusion.add.dump_field` / :func:`~mkdocs_diffusion.add.entry_lines` (PyYAML's
SafeDumper, as ``mkdocs-diffusion add`` writes entries).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_diffusion.identity import slugify
from mkdocs_diffusion.yamlwrite import dump_field, entry_lines

FIRST = """Ada Alan Alice Amir Ananya Anton Aria Ben Bo Carlos Chen Chloe Daniel Daniela David Dong Elena
Emma Ethan Fatima Feng Gabriel Grace Hana Hao Hiroshi Hyunwoo Igor Isabel Jaehyeong Jiaming Jin Jisoo
Jonathan Ju Kai Kfir Lars Lea Lei Li Lucas Mahdi Maria Marco Mei Min Minjun Nadia Noah Olga Omer Pablo
Priya Qiang Rafael Ron Ruiqi Sara Seungwoo Shinichi Sofia Stefano Sung Tae Tal Tomer Valentin Wei
Xiaohui Yang Yaron Yi Yu Yuki Yusuf Zhen Zoe""".split()
LAST = """Abbeel Aberman Agarwal Bansal Bau Chang Chen Cho Choi Cohen-Or Dhariwal Ermon Fleet Gao Garg
Guo Ha Han Ho Hong Huang Hwang Isola Jain Jang Jeong Jo Kang Karras Kim Kingma Ko Kumar Lee Levine Li
Lim Lin Liu Lu Ma Meng Mokady Nichol Norouzi Oh Park Poole Qi Ramesh Rombach Saharia Salimans Shi Sohl-Dickstein
Song Sun Tang Tenenbaum Vahdat Wang Wei Wu Xu Yang Yoon Yu Zhang Zhao Zhou Zhu""".split()
ADJ = """Efficient Scalable Training-Free Zero-Shot Controllable Consistent Latent Conditional Adaptive
Unified Robust Fast High-Resolution Personalized Compositional Hierarchical Score-Based Denoising
Text-Guided Semantic Structured Implicit Discrete Continuous Equivariant Multimodal Cascaded Temporal
Spatial Sparse Masked Self-Supervised Progressive Few-Step One-Step Interpretable Faithful Diverse""".split()
NOUN = """Diffusion Models|Image Synthesis|Video Generation|Text-to-Image Generation|Score Distillation|
Classifier-Free Guidance|Image Inversion|Sampling|Noise Schedules|Attention Control|Image Editing|
Inpainting|Super-Resolution|3D Generation|Neural Radiance Fields|Motion Synthesis|Audio Generation|
Molecule Design|Representation Learning|Consistency Models|Flow Matching|Stochastic Differential Equations|
Latent Spaces|Visual Instruction Tuning|Layout Control|Subject Personalization|Concept Erasing|
Adversarial Robustness|Medical Imaging|Point Clouds|Language Models|Video Editing|Style Transfer|
Image Restoration|Semantic Segmentation|Knowledge Distillation|Preference Optimization|Watermarking""".replace("\n", "").split("|")
CONNECT = "for with via using in through beyond from without under".split()
TAIL = """at Scale|in the Wild|without Retraining|from a Single Image|with Minimal Supervision|on Mobile Devices|
for Real Images|with Cross Attention|in Latent Space|via Optimal Transport|Revisited|from Scratch""".replace("\n", "").split("|")
VENUES = ["CVPR", "ICCV", "ECCV", "NeurIPS", "ICLR", "ICML", "AAAI", "SIGGRAPH", "TPAMI", "arXiv", "arXiv", "arXiv", "arXiv"]
TAGS = "inversion editing guidance sampling video 3d personalization distillation theory audio medical safety".split()
DOMAINS = """Image|Video|3D|Audio|Text|Medical Image|Molecule|Motion|Point Cloud|Speech|Graph|Time Series|
Robotics|Remote Sensing|Layout|Sketch|Face|Scene|Music|Protein""".replace("\n", "").split("|")
TASKS = """Generation|Editing|Super-Resolution|Inpainting|Restoration|Personalization|Segmentation|Translation|
Compression|Sampling Acceleration|Guidance|Theory|Evaluation|Safety|Anomaly Detection|Data Augmentation|
Representation Learning|Inverse Problems|Controllable Generation|Adversarial Attacks""".replace("\n", "").split("|")
TERMS = """score function|denoising network|U-Net|cross-attention|self-attention|latent space|CLIP embedding|
text encoder|classifier-free guidance|DDIM sampling|noise schedule|ODE solver|SDE|VAE|Transformer|LoRA|
fine-tuning|null-text embedding|ControlNet|DreamBooth|textual inversion|optimal transport|KL divergence|
ELBO|variance schedule|consistency loss|distillation|reward model|attention map|feature injection|
timestep embedding|FID|CLIP score|zero-shot|few-step sampling|inversion|prior|posterior sampling""".replace("\n", "").split("|")
PROBLEMS = "속도가 느린|메모리를 많이 쓰는|다양성이 부족한|원본 구조가 무너지는|학습이 불안정한|세부 묘사가 흐려지는|텍스트와 어긋나는".split("|")
KO_SENTENCES = [
    "{t1} 를 활용해 {t2} 의 품질을 크게 향상시킴.",
    "기존 {t1} 기반 방법은 {p} 문제가 있었는데, 이를 {t2} 로 해결함.",
    "별도의 학습 없이 (training-free) {t1} 만으로 {t2} 를 수행할 수 있음을 보임.",
    "핵심 아이디어는 {t1} 과 **{t2}** 를 결합하여 생성 과정을 제어하는 것.",
    "{d} 데이터셋에서 FID {n1}, CLIP score {n2} 를 달성하며 기존 방법보다 우수한 성능을 보임.",
    "{t1} 의 각 timestep 에서 {t2} 를 조절하면 원하는 속성만 바꿀 수 있다는 관찰에서 출발함.",
    "사전학습된 모델의 가중치는 고정하고 `{t1}` 만 최적화하므로 계산 비용이 적음.",
    "실험적으로 {t1} 가 {t2} 보다 {p} 현상을 줄인다는 것을 분석함.",
    "이론적으로는 {t1} 이 {t2} 의 특수한 경우임을 증명하고, 이를 바탕으로 새로운 sampler 를 제안함.",
    "사용자는 간단한 {t1} 입력만으로 결과를 수정할 수 있어 실용적임.",
]
MATH = [
    "손실 함수는 $\\mathcal{{L}} = \\mathbb{{E}}_{{t, x_0, \\epsilon}} \\| \\epsilon - \\epsilon_\\theta(x_t, t) \\|^2$ 형태로 단순함.",
    "forward process $q(x_t \\mid x_0) = \\mathcal{{N}}(\\sqrt{{\\bar\\alpha_t}} x_0, (1 - \\bar\\alpha_t) I)$ 를 그대로 사용함.",
    "guidance scale $w$ 에 대해 $\\tilde\\epsilon = (1 + w)\\epsilon_\\theta(x_t, c) - w\\,\\epsilon_\\theta(x_t)$ 로 계산함.",
    "score $\\nabla_x \\log p_t(x)$ 를 {t1} 로 근사함.",
]
DATASETS = "ImageNet|COCO|LAION-5B|FFHQ|CelebA-HQ|LSUN Bedroom|UCF-101|ShapeNet".split("|")



@dataclass
class SynthPaper:
    title: str
    authors: list[str]
    venue: str
    date: str | None  # 'YYYY-MM-DD' or 'YYYY-MM'
    added: str | None
    links: dict[str, str]
    tags: list[str]
    categories: list[int] = field(default_factory=list)


def _words(rng: random.Random) -> list[str]:
    words: list[str] = []
    if rng.random() < 0.4:
        syl = ["Diff", "Dream", "Control", "Instruct", "Magic", "Pix", "Video", "Style", "Edit", "Gen", "Fusion", "Score", "Flow", "Booth", "Net", "Mix", "Paint"]
        words.append("".join(rng.sample(syl, 2)) + rng.choice(["", "", "++", "-XL", "2"]) + ":")
    words += rng.sample(ADJ, rng.choice([1, 1, 2])) + rng.choice(NOUN).split()
    words += [rng.choice(CONNECT)] + rng.sample(ADJ, rng.choice([0, 1])) + rng.choice(NOUN).split()
    if rng.random() < 0.4:
        words += rng.choice(TAIL).split()
    return words


def synth_title(rng: random.Random) -> str:
    while True:
        words = _words(rng)
        if 6 <= len(words) <= 15:
            return " ".join(words)


def synth_summary(rng: random.Random, math_ok: bool = True) -> str:
    """A few hundred characters of Korean prose with English ML terms (sometimes math)."""
    sentences = []
    while sum(len(s) for s in sentences) < rng.randint(180, 420):
        template = rng.choice(KO_SENTENCES)
        sentences.append(
            template.format(t1=rng.choice(TERMS), t2=rng.choice(TERMS), p=rng.choice(PROBLEMS), d=rng.choice(DATASETS),
                            n1=f"{rng.uniform(1.5, 30):.2f}", n2=f"{rng.uniform(0.2, 0.35):.3f}")
        )
    if math_ok and rng.random() < 0.2:
        sentences.insert(rng.randint(1, len(sentences)), rng.choice(MATH).format(t1=rng.choice(TERMS)))
    if rng.random() < 0.3:  # some summaries have a line break in them
        cut = rng.randint(1, len(sentences) - 1) if len(sentences) > 1 else 1
        return " ".join(sentences[:cut]) + "\n" + " ".join(sentences[cut:])
    return " ".join(sentences)


def category_titles(rng: random.Random, k: int) -> list[str]:
    combos = [f"{d} {t}" for d in DOMAINS for t in TASKS]
    rng.shuffle(combos)
    titles = combos[:k]
    n = 2
    while len(titles) < k:
        titles += [f"{c} {n}" for c in combos[: k - len(titles)]]
        n += 1
    return titles


def default_categories(n: int) -> int:
    """K for N papers: about 100 papers a category, at least 10."""
    return max(10, n // 100)


def synth_papers(n: int, k: int, seed: int) -> tuple[list[str], list[SynthPaper]]:
    rng = random.Random(seed)
    titles = category_titles(rng, k)
    weights = [rng.uniform(0.3, 1.7) for _ in range(k)]
    first_added, span = dt.date(2022, 7, 1), 730
    batches = sorted(rng.sample(range(span), min(span, 150)))  # lists are updated in batches
    seen_titles: set[str] = set()
    arxiv_used: set[str] = set()
    papers: list[SynthPaper] = []
    for i in range(n):
        title = synth_title(rng)
        while title.casefold() in seen_titles:
            title = synth_title(rng)
        seen_titles.add(title.casefold())
        added_day = first_added + dt.timedelta(days=rng.choice(batches))
        day = added_day - dt.timedelta(days=rng.randint(0, 400))
        venue_name = rng.choice(VENUES)
        venue = f"{venue_name} {day.year + (0 if venue_name == 'arXiv' else rng.choice([0, 0, 1]))}"
        r = rng.random()
        date = day.isoformat() if r < 0.8 else (day.isoformat()[:7] if r < 0.9 else None)
        links: dict[str, str] = {}
        r = rng.random()
        if r < 0.9:
            while True:
                ident = f"{day.year % 100:02d}{day.month:02d}.{rng.randint(1, 19999):05d}"
                if ident not in arxiv_used:
                    arxiv_used.add(ident)
                    break
            links["paper"] = f"https://arxiv.org/abs/{ident}"
        elif r < 0.95:
            links["paper"] = f"https://openreview.net/forum?id=Bench{i:06d}x"
        user = rng.choice(LAST).lower().replace("-", "") + str(rng.randint(1, 99))
        repo = slugify(" ".join(title.split()[:3]), max_length=30, empty=f"paper{i}")
        if rng.random() < 0.5:
            links["code"] = f"https://github.com/{user}/{repo}"
        if rng.random() < 0.2:
            links["project"] = f"https://{user}.github.io/{repo}/"
        tags = rng.sample(TAGS, rng.randint(1, 3)) if rng.random() < 0.3 else []
        authors = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.randint(3, 8))]
        cats = [rng.choices(range(k), weights)[0]]
        if k > 1 and rng.random() < 0.1:  # about 10% are listed in two categories
            cats.append(rng.choice([c for c in range(k) if c != cats[0]]))
        added = added_day.isoformat() if rng.random() < 0.92 else None
        papers.append(SynthPaper(title, authors, venue, date, added, links, tags, cats))
    return titles, papers


def _date_value(text: str | None):
    """A full date as a YAML date (written unquoted, as contributors write it); a month as text."""
    if text and len(text) == 10:
        return dt.date.fromisoformat(text)
    return text


def entry_data(paper: SynthPaper, summary: str) -> dict:
    """The entry's values, as ``mkdocs-diffusion add`` gives them to the writer."""
    data: dict = {"title": paper.title, "authors": list(paper.authors), "venue": paper.venue}
    if paper.date:
        data["date"] = _date_value(paper.date)
    if paper.added:
        data["added"] = _date_value(paper.added)
    if paper.links:
        data["links"] = dict(paper.links)
    if paper.tags:
        data["tags"] = list(paper.tags)
    data["summary"] = summary
    return data


def category_text(head: dict, entries: list[dict], intro: str = "") -> str:
    """A category file: ``head`` (title, description, order) and the entries in the front matter."""
    lines = ["---"]
    for key, value in head.items():
        lines += dump_field(key, value)
    if entries:
        lines.append("papers:")
        for data in entries:
            lines += entry_lines(data)
    else:
        lines += dump_field("papers", [])
    return "\n".join(lines) + "\n---\n" + intro


INDEX_MD = """\
# 한 문장 Diffusion 논문 요약 (benchmark)

디퓨전 모델 논문을 한 문장으로 요약한 목록의 합성 데이터입니다. Synthetic data for the scale benchmark.

<!-- diffusion:stats -->
"""


def write_synthetic(docs: Path, n: int, k: int, seed: int) -> dict:
    """Write N papers over K category files (plus ``index.md``) into ``docs``; returns counts."""
    rng = random.Random(seed * 7919 + 1)  # summaries and prose; the papers come from ``seed``
    titles, papers = synth_papers(n, k, seed)
    members: list[list[SynthPaper]] = [[] for _ in range(k)]
    for paper in papers:
        for c in paper.categories:
            members[c].append(paper)
    (docs / "papers").mkdir(parents=True, exist_ok=True)
    entries = 0
    for c, title in enumerate(titles):
        listed = sorted(members[c], key=lambda p: (p.date or "", p.title), reverse=True)
        head: dict = {"title": title}
        if rng.random() < 0.5:
            head["description"] = title + " 관련 논문 모음"
        if c < k // 2:
            head["order"] = c + 1
        body = [entry_data(p, synth_summary(rng)) for p in listed]
        intro = f"\n{title} 분류의 소개 문단입니다. 각 항목은 **한 문장 요약** 과 링크를 담고 있습니다.\n" if rng.random() < 0.5 else ""
        (docs / "papers" / f"{slugify(title)}.md").write_text(category_text(head, body, intro), encoding="utf-8")
        entries += len(listed)
    (docs / "index.md").write_text(INDEX_MD, encoding="utf-8")
    return {"papers": n, "entries": entries, "categories": k}


# -- the peer corpus, through the importer ------------------------------------------------------

_EMPTY_SUMMARY_RE = re.compile(r'^(\s+)summary: ""[ \t]*$', re.M)
_EMPTY_AUTHORS_RE = re.compile(r"^(\s+)authors: \[\][ \t]*$", re.M)


def _field_at(indent: str, key: str, value) -> str:
    return "\n".join(indent + line if line else line for line in dump_field(key, value))


def write_corpus(docs: Path, readme: Path, seed: int) -> dict:
    """Import the awesome-list README into ``docs`` with the package's importer, then fill what the
    corpus does not have (its entries have no summaries, and an entry without one is left out of
    the site) with synthetic values, so that the build renders every entry."""
    from mkdocs_diffusion.importer import run_import

    docs.mkdir(parents=True, exist_ok=True)
    report = io.StringIO()
    status = run_import(readme, docs, report, report)
    if status not in (0, 1):
        raise RuntimeError(f"importer failed ({status}):\n{report.getvalue()[-2000:]}")
    rng = random.Random(seed)
    filled = {"summaries": 0, "authors": 0}
    files = sorted(docs.rglob("*.md"))
    for path in files:
        text = path.read_text(encoding="utf-8")

        def summary(m):
            filled["summaries"] += 1
            return _field_at(m.group(1), "summary", synth_summary(rng))

        def authors(m):
            filled["authors"] += 1
            return _field_at(m.group(1), "authors", ["Unknown Author"])

        new = _EMPTY_AUTHORS_RE.sub(authors, _EMPTY_SUMMARY_RE.sub(summary, text))
        if new != text:
            path.write_text(new, encoding="utf-8")
    (docs / "index.md").write_text(INDEX_MD.replace("합성 데이터", "Awesome-Diffusion-Models 데이터"), encoding="utf-8")
    last = [line for line in report.getvalue().splitlines() if line.startswith("blocks in:")]
    return {"import_status": status, "import_summary": last[-1] if last else "", "filled": filled, "category_files": len(files)}
