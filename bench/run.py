#!/usr/bin/env python3
"""Scale benchmark: the diffusion plugin's build against MkDocs' own floor.

    python bench/run.py [--sizes 1000,3000,10000] [--categories K] [--seed S] [--corpus PATH]
                        [--no-corpus] [--out bench/out] [--keep] [--repeat R] [--quick]
                        [--profile N] [--profile-work DIR]

For every source (synthetic lists of N papers, and the peer corpus imported with
``mkdocs_diffusion.importer`` when it is there) it

1. writes the category files (``docs/papers/<slug>.md``), ``docs/index.md`` and the repo's static
   docs files (``docs/assets/...``);
2. captures the page sources the plugin generates (``bench/capture_hook.py``: an untimed build
   that stops before rendering) and writes them out as plain Markdown: the **floor**'s docs, with
   the pages the plugin keeps out of the navigation marked ``not_in_nav`` (``/paper/``);
3. builds, alternately and ``--repeat`` times (the fastest run counts), the site with the plugin
   and the floor without it (``python -m mkdocs build -q -f ...`` in fresh subprocesses; the
   repo's theme, Markdown extensions, ``search`` and ``rss``): wall and CPU seconds and peak RSS
   of that child alone (``os.wait4``), site size, and, through ``bench/timing_hook.py``, the
   wall time spent inside the plugin's event handlers and in Python's garbage collector;
4. times ``mkdocs-diffusion check`` on the docs folder.

It prints a Markdown table with the issue's targets and writes ``<out>/results.md`` and
``<out>/results.json``; the work folders (``<out>/work/<source>/``) are removed unless ``--keep``.
``--quick`` (for the tests) is N = 60, K = 4, no corpus, one build each. ``--profile N`` also runs
the plugin and floor builds of the N-paper list under cProfile (``<out>/profile-N*.prof``, summary
in ``<out>/profile-N.txt``); ``--profile-work DIR`` does only that, for a kept work folder.
Timings on a shared machine vary by 10-20 % from run to run: compare the alternating runs of one
invocation, and the plugin-hooks column, rather than numbers from different invocations.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "Awesome-Diffusion-Models.README.md"
CAPTURE_HOOK = BENCH / "capture_hook.py"
TIMING_HOOK = BENCH / "timing_hook.py"
MB = 1024 * 1024

# ---------------------------------------------------------------------------------------------
# the repo's mkdocs.yml, read with a loader that keeps ``!!python/name:`` tags as they are


class PyName(str):
    """The value of a ``!!python/name:`` tag, written back unchanged."""


class _TolerantLoader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: PyName(suffix))
_TolerantLoader.add_constructor("!ENV", lambda loader, node: None)
_Dumper.add_representer(PyName, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:python/name:" + str(data), ""))


def _plugin_name(item) -> str:
    return item if isinstance(item, str) else next(iter(item))


def _plugin_options(plugins: list, name: str) -> dict:
    for item in plugins:
        if _plugin_name(item) == name:
            return dict(item[name] or {}) if isinstance(item, dict) else {}
    return {}


def base_config(repo_config: Path = REPO / "mkdocs.yml") -> dict:
    """The repo's configuration reduced to what a benchmark site needs (paths made absolute)."""
    data = yaml.load(repo_config.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    for key in ("nav", "hooks", "not_in_nav", "exclude_docs", "draft_docs", "docs_dir", "site_dir", "strict", "watch"):
        data.pop(key, None)
    theme = data.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((repo_config.parent / theme["custom_dir"]).resolve())
    plugins = data.get("plugins") or []
    search = _plugin_options(plugins, "search") or {}
    search.setdefault("lang", ["ko", "en"])
    diffusion = _plugin_options(plugins, "diffusion")
    if diffusion.get("custom_templates"):
        diffusion["custom_templates"] = str((repo_config.parent / diffusion["custom_templates"]).resolve())
    rss = _plugin_options(plugins, "rss")
    rss.update(
        match_path="paper/.*",
        use_git=False,
        date_from_meta={"as_creation": "added", "as_update": "added", "datetime_format": "%Y-%m-%d"},
    )
    data["plugins"] = [{"search": search}, {"diffusion": diffusion}, {"rss": rss}]
    data.setdefault("site_url", "https://example.org/bench/")
    return data


def write_config(path: Path, data: dict) -> Path:
    path.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def repo_static_files(target_docs: Path, repo_docs: Path = REPO / "docs") -> None:
    """The repo's non-Markdown docs files (CSS, images) that ``mkdocs.yml`` refers to."""
    if not repo_docs.is_dir():
        return
    for path in repo_docs.rglob("*"):
        if path.is_file() and path.suffix.lower() not in (".md", ".markdown"):
            rel = path.relative_to(repo_docs)
            if rel.parts[0] in ("papers", "resources"):
                continue
            (target_docs / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target_docs / rel)


# ---------------------------------------------------------------------------------------------
# synthetic lists

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
    date: str | None
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


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


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
        repo = slug(" ".join(title.split()[:3]))[:30] or f"paper{i}"
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


_PLAIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9 ,.'()/+-]*")


def _scalar(text: str) -> str:
    if _PLAIN_RE.fullmatch(text) and not text.endswith(" ") and text.lower() not in ("yes", "no", "true", "false", "null"):
        return text
    return json.dumps(text, ensure_ascii=False)


def _entry_yaml(paper: SynthPaper, summary: str) -> str:
    out = [f"  - title: {_scalar(paper.title)}", f"    authors: [{', '.join(paper.authors)}]", f"    venue: {paper.venue}"]
    if paper.date:
        out.append(f"    date: {paper.date}")
    if paper.added:
        out.append(f"    added: {paper.added}")
    if paper.links:
        out.append("    links:")
        out += [f"      {label}: {url}" for label, url in paper.links.items()]
    if paper.tags:
        out.append(f"    tags: [{', '.join(paper.tags)}]")
    out.append("    summary: |")
    out += [f"      {line}" for line in summary.split("\n")]
    return "\n".join(out)


INDEX_MD = """\
# 한 문장 Diffusion 논문 요약 (benchmark)

디퓨전 모델 논문을 한 문장으로 요약한 목록의 합성 데이터입니다. Synthetic data for the scale benchmark.

<!-- diffusion:stats -->
"""


def write_synthetic(docs: Path, n: int, k: int, seed: int) -> dict:
    """Write N papers over K category files (plus index.md); returns counts."""
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
        head = [f"title: {_scalar(title)}"]
        if rng.random() < 0.5:
            head.append(f"description: {json.dumps(title + ' 관련 논문 모음', ensure_ascii=False)}")
        if c < k // 2:
            head.append(f"order: {c + 1}")
        if listed:
            head.append("papers:")
            body = [_entry_yaml(p, synth_summary(rng)) for p in listed]
        else:
            head.append("papers: []")
            body = []
        intro = f"\n{title} 분류의 소개 문단입니다. 각 항목은 **한 문장 요약** 과 링크를 담고 있습니다.\n" if rng.random() < 0.5 else ""
        text = "---\n" + "\n".join(head + body) + "\n---\n" + intro
        (docs / "papers" / f"{slug(title)}.md").write_text(text, encoding="utf-8")
        entries += len(listed)
    (docs / "index.md").write_text(INDEX_MD, encoding="utf-8")
    return {"papers": n, "entries": entries, "categories": k}


# ---------------------------------------------------------------------------------------------
# the corpus, through the importer

_EMPTY_SUMMARY_RE = re.compile(r'^(\s+)summary: ""[ \t]*$', re.M)
_EMPTY_AUTHORS_RE = re.compile(r"^(\s+)authors: \[\][ \t]*$", re.M)


def write_corpus(docs: Path, readme: Path, seed: int) -> dict:
    """Import the awesome-list README into ``docs`` with ``run_import``, then fill the fields the
    corpus does not have (its entries have no summaries, which would leave every entry out of the
    site) with synthetic ones, so that the build renders every entry."""
    from mkdocs_diffusion.importer import run_import

    docs.mkdir(parents=True, exist_ok=True)
    report = io.StringIO()
    status = run_import(readme, docs, report)
    if status not in (0, 1):
        raise RuntimeError(f"importer failed ({status}):\n{report.getvalue()[-2000:]}")
    rng = random.Random(seed)
    filled = {"summaries": 0, "authors": 0}
    files = sorted(p for p in docs.rglob("*.md"))
    for path in files:
        text = path.read_text(encoding="utf-8")

        def summary(m):
            filled["summaries"] += 1
            lines = synth_summary(rng).split("\n")
            return f"{m.group(1)}summary: |\n" + "\n".join(f"{m.group(1)}  {line}" for line in lines)

        def authors(m):
            filled["authors"] += 1
            return f"{m.group(1)}authors: [Unknown Author]"

        new = _EMPTY_AUTHORS_RE.sub(authors, _EMPTY_SUMMARY_RE.sub(summary, text))
        if new != text:
            path.write_text(new, encoding="utf-8")
    (docs / "index.md").write_text(INDEX_MD.replace("합성 데이터", "Awesome-Diffusion-Models 데이터"), encoding="utf-8")
    last = [line for line in report.getvalue().splitlines() if line.startswith("blocks in:")]
    return {"import_status": status, "import_summary": last[-1] if last else "", "filled": filled,
            "category_files": len(files)}


# ---------------------------------------------------------------------------------------------
# running and measuring


@dataclass
class Run:
    seconds: float
    peak_mb: float | None
    status: int
    stderr: str
    stdout: str = ""
    cpu_seconds: float | None = None  # user + system time of the child: steadier than wall on a busy machine


def measured(cmd: list[str], env: dict | None = None, cwd: Path | None = None) -> Run:
    """Run ``cmd``; wall seconds and the peak RSS of that child (and its own children) alone."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=cwd)
        peak = cpu = None
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            proc.returncode = code = os.waitstatus_to_exitcode(status)
            peak = usage.ru_maxrss / (MB if sys.platform == "darwin" else 1024)
            cpu = usage.ru_utime + usage.ru_stime
        else:  # pragma: no cover - Windows
            code = proc.wait()
            seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stderr, stdout = err.read().decode("utf-8", "replace"), out.read().decode("utf-8", "replace")
    return Run(seconds, peak, code, stderr + stdout, stdout, cpu)


def child_env() -> dict:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def mkdocs_build(config: Path, site_dir: Path | None = None) -> tuple[Run, dict]:
    """A timed build; also what ``timing_hook.py`` measured inside the plugin's handlers."""
    if site_dir is not None:  # MkDocs would empty it inside the timed build: do it outside
        shutil.rmtree(site_dir, ignore_errors=True)
    if hasattr(os, "sync"):  # flush what earlier builds wrote, so that its write-back does not land in this build
        os.sync()
    timing = config.with_name(config.stem + ".timing.json")
    timing.unlink(missing_ok=True)
    env = dict(child_env(), BENCH_TIMING_FILE=str(timing))
    run = measured([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], env=env)
    if run.status != 0:
        raise RuntimeError(f"mkdocs build -f {config} failed ({run.status}):\n{run.stderr[-4000:]}")
    hooks = json.loads(timing.read_text(encoding="utf-8")) if timing.exists() else {}
    return run, hooks


def check_command() -> list[str]:
    script = Path(sys.executable).parent / ("mkdocs-diffusion.exe" if os.name == "nt" else "mkdocs-diffusion")
    return [str(script)] if script.exists() else [sys.executable, "-m", "mkdocs_diffusion.cli"]


def run_check(docs: Path) -> dict:
    run = measured(check_command() + ["check", str(docs), "--format", "json"], env=child_env())
    if run.status not in (0, 1):
        raise RuntimeError(f"mkdocs-diffusion check failed ({run.status}):\n{run.stderr[-4000:]}")
    data = json.loads(run.stdout)
    return {"seconds": run.seconds, "status": run.status, "files": data.get("files"), "entries": data.get("entries"),
            "errors": data.get("errors"), "warnings": data.get("warnings"), "inner_seconds": data.get("seconds")}


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def html_pages(site: Path) -> int:
    """Pages in a built site: every ``*.html`` but the 404 page."""
    return sum(1 for p in site.rglob("*.html") if p.relative_to(site).as_posix() != "404.html")


def not_in_nav_patterns(pages: list[dict]) -> list[str]:
    """gitignore-style patterns for the pages the plugin marked not-in-nav: whole folders where a
    folder holds only such pages (``/paper/``), single files otherwise."""
    by_dir: dict[str, list[dict]] = {}
    for page in pages:
        top = page["src_uri"].split("/")[0] if "/" in page["src_uri"] else ""
        by_dir.setdefault(top, []).append(page)
    patterns = []
    for top, members in sorted(by_dir.items()):
        hidden = [p for p in members if p["not_in_nav"]]
        if not hidden:
            continue
        if top and len(hidden) == len(members):
            patterns.append(f"/{top}/")
        else:
            patterns += ["/" + p["src_uri"] for p in hidden]
    return patterns


def capture(config: Path, dest: Path) -> dict:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    run = measured([sys.executable, str(CAPTURE_HOOK), str(config), str(dest)], env=child_env())
    if run.status != 0:
        raise RuntimeError(f"capture build failed ({run.status}):\n{run.stderr[-4000:]}")
    return json.loads((dest / "manifest.json").read_text(encoding="utf-8"))


@dataclass
class Row:
    source: str
    papers: int
    entries: int
    categories: int
    pages: int
    paper_pages: int
    category_pages: int
    fixed_pages: int
    html_pages: int
    plugin_s: float
    floor_s: float
    ratio: float
    plugin_cpu_s: float | None
    floor_cpu_s: float | None
    cpu_ratio: float | None
    plugin_mb: float | None
    floor_mb: float | None
    site_mb: float
    floor_site_mb: float
    check_s: float
    check_entries: int | None
    check_errors: int | None
    check_warnings: int | None
    plugin_hooks_s: float | None = None  # wall time inside the diffusion plugin's handlers (timing_hook.py)
    check_inner_s: float | None = None  # the time `check` reports itself (no interpreter start-up)
    plugin_runs: list[float] = field(default_factory=list)
    floor_runs: list[float] = field(default_factory=list)
    plugin_cpu_runs: list = field(default_factory=list)
    floor_cpu_runs: list = field(default_factory=list)
    plugin_hooks: dict = field(default_factory=dict)
    plugin_gc_runs: list = field(default_factory=list)  # seconds in Python's garbage collector, per build
    floor_gc_runs: list = field(default_factory=list)
    fixed_page_uris: list[str] = field(default_factory=list)
    plugin_sources: str = ""
    notes: str = ""


def prepare(work: Path, config_data: dict) -> tuple[Path, Path, list[dict]]:
    """Configurations of the plugin build and the floor build for the docs in ``work/docs``, the
    floor's page sources captured from the plugin as it is now; (plugin config, floor config, pages)."""
    docs = work / "docs"
    timed = [str(TIMING_HOOK)]  # in both timed builds, so that both pay its (tiny) dispatch cost
    plugin_cfg = write_config(work / "mkdocs.yml", dict(config_data, docs_dir=str(docs), site_dir=str(work / "site"), hooks=timed))
    capture_data = dict(config_data, docs_dir=str(docs), site_dir=str(work / "capture-site"), hooks=[str(CAPTURE_HOOK)])
    capture_cfg = write_config(work / "mkdocs.capture.yml", capture_data)
    shutil.rmtree(work / "floor", ignore_errors=True)
    manifest = capture(capture_cfg, work / "floor")
    shutil.rmtree(work / "capture-site", ignore_errors=True)

    pages = [f for f in manifest["files"] if f["page"]]
    floor_data = dict(config_data, docs_dir=str(work / "floor" / "docs"), site_dir=str(work / "floor" / "site"), hooks=timed)
    floor_data["plugins"] = [p for p in config_data["plugins"] if _plugin_name(p) != "diffusion"]
    exts = list(floor_data.get("markdown_extensions") or [])
    names = {e if isinstance(e, str) else next(iter(e)) for e in exts}
    exts += [e for e in manifest["markdown_extensions"] if e not in names]  # what the plugin's on_config added
    floor_data["markdown_extensions"] = exts
    for key in ("extra_css", "extra_javascript"):
        if manifest.get(key):
            floor_data[key] = manifest[key]
    patterns = not_in_nav_patterns(pages)
    if patterns:
        floor_data["not_in_nav"] = "\n".join(patterns)
    floor_cfg = write_config(work / "mkdocs.floor.yml", floor_data)
    return plugin_cfg, floor_cfg, pages


def bench_source(label: str, kind: str, work: Path, fill, repeat: int, config_data: dict, papers_dir: str = "papers") -> Row:
    """Write the docs with ``fill(docs)``, then capture, plugin and floor builds, and check."""
    if work.exists():
        shutil.rmtree(work)
    docs = work / "docs"
    docs.mkdir(parents=True)
    info = fill(docs)
    repo_static_files(docs)
    fingerprint = plugin_fingerprint()
    plugin_cfg, floor_cfg, pages = prepare(work, config_data)

    plugin_runs, floor_runs, plugin_cpu, floor_cpu, plugin_peak, floor_peak = [], [], [], [], 0.0, 0.0
    hook_runs: list[dict] = []
    floor_gc: list = []
    for _ in range(repeat):  # alternate, so that drift on a busy machine hits both alike
        run, hooks = mkdocs_build(plugin_cfg, work / "site")
        plugin_runs.append(run.seconds)
        plugin_cpu.append(run.cpu_seconds)
        hook_runs.append(hooks)
        plugin_peak = max(plugin_peak, run.peak_mb or 0)
        run, floor_hooks = mkdocs_build(floor_cfg, work / "floor" / "site")
        floor_gc.append((floor_hooks.get("gc") or {}).get("seconds"))
        floor_runs.append(run.seconds)
        floor_cpu.append(run.cpu_seconds)
        floor_peak = max(floor_peak, run.peak_mb or 0)
    check = run_check(docs)

    paper_dir = _plugin_options(config_data["plugins"], "diffusion").get("paper_dir", "paper").strip("/")
    is_paper = [p["src_uri"].startswith(paper_dir + "/") for p in pages]
    is_category = [p["src_uri"].startswith((papers_dir + "/", "resources/")) for p in pages]
    n_paper_pages, n_category_pages = sum(is_paper), sum(is_category)
    fixed = [p["src_uri"] for p, a, b in zip(pages, is_paper, is_category) if not (a or b)]
    plugin_s, floor_s = min(plugin_runs), min(floor_runs)
    hooks_s = min((h.get("total") for h in hook_runs if h), default=None)
    hooks_detail = min((h for h in hook_runs if h), key=lambda h: h["total"], default={}).get("seconds", {})
    plugin_gc = [(h.get("gc") or {}).get("seconds") for h in hook_runs]
    cpu_p = min(plugin_cpu) if None not in plugin_cpu else None
    cpu_f = min(floor_cpu) if None not in floor_cpu else None
    notes = []
    if plugin_fingerprint() != fingerprint:
        notes.append("the plugin's sources changed while this source was measured: the numbers may mix two versions")
    if kind == "corpus":
        notes.append(f"{info['import_summary']}; filled {info['filled']['summaries']} empty summaries, {info['filled']['authors']} empty author lists")
    return Row(
        source=label,
        papers=n_paper_pages if kind == "corpus" else info["papers"],
        entries=check["entries"] if kind == "corpus" else info["entries"],
        categories=n_category_pages if kind == "corpus" else info["categories"],
        pages=len(pages),
        paper_pages=n_paper_pages,
        category_pages=n_category_pages,
        fixed_pages=len(pages) - n_paper_pages - n_category_pages,
        html_pages=html_pages(work / "site"),
        plugin_s=plugin_s,
        floor_s=floor_s,
        ratio=plugin_s / floor_s,
        plugin_cpu_s=cpu_p,
        floor_cpu_s=cpu_f,
        cpu_ratio=cpu_p / cpu_f if cpu_p and cpu_f else None,
        plugin_mb=plugin_peak or None,
        floor_mb=floor_peak or None,
        site_mb=dir_size(work / "site") / MB,
        floor_site_mb=dir_size(work / "floor" / "site") / MB,
        check_s=check["seconds"],
        check_entries=check["entries"],
        check_errors=check["errors"],
        check_warnings=check["warnings"],
        plugin_hooks_s=hooks_s,
        check_inner_s=check["inner_seconds"],
        plugin_runs=plugin_runs,
        floor_runs=floor_runs,
        plugin_cpu_runs=plugin_cpu,
        floor_cpu_runs=floor_cpu,
        plugin_hooks=hooks_detail,
        plugin_gc_runs=plugin_gc,
        floor_gc_runs=floor_gc,
        fixed_page_uris=fixed,
        plugin_sources=fingerprint,
        notes="; ".join(notes),
    )


# ---------------------------------------------------------------------------------------------
# report


def _f(value, digits=2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def table(rows: list[Row]) -> str:
    head = ("| source | N papers | entries | categories | pages | wall s (plugin) | floor s | ratio | CPU s (plugin) | CPU s (floor) "
            "| CPU ratio | plugin hooks s | peak MB (plugin) | peak MB (floor) | site MB | `check` s | `check` problems |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        lines.append(
            f"| {r.source} | {r.papers} | {r.entries} | {r.categories} | {r.pages} | {_f(r.plugin_s)} | {_f(r.floor_s)} | "
            f"{_f(r.ratio, 3)} | {_f(r.plugin_cpu_s)} | {_f(r.floor_cpu_s)} | {_f(r.cpu_ratio, 3)} | {_f(r.plugin_hooks_s)} | {_f(r.plugin_mb, 0)} | {_f(r.floor_mb, 0)} | {_f(r.site_mb, 1)} | {_f(r.check_s)} ({_f(r.check_inner_s)}) | "
            f"{r.check_errors} errors, {r.check_warnings} warnings ({r.check_entries} entries) |"
        )
    return "\n".join(lines)


def targets(rows: list[Row]) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) for the issue's goals; 'not measured' when a size is missing."""
    synth = {r.papers: r for r in rows if r.source.startswith("synthetic")}
    out = []

    def verdict(ok: bool) -> str:
        return "holds" if ok else "**fails**"

    for n in (3000, 10000):
        r = synth.get(n)
        measured_text = "not measured"
        if r:
            intrinsic = (r.floor_s + r.plugin_hooks_s) / r.floor_s if r.plugin_hooks_s is not None else None
            measured_text = f"{r.ratio:.3f} (CPU time: {_f(r.cpu_ratio, 3)}; floor + plugin hooks: {_f(intrinsic, 3)})"
        out.append((f"plugin build ≤ 1.10 × floor at N = {n:,}", measured_text, verdict(r.ratio <= 1.10) if r else "—"))
    small, big = synth.get(1000), synth.get(10000)
    if small and big:
        ratio = big.plugin_s / small.plugin_s
        cpu = f" (CPU time: {big.plugin_cpu_s / small.plugin_cpu_s:.2f})" if big.plugin_cpu_s and small.plugin_cpu_s else ""
        out.append(("10k / 1k plugin build time ≤ 11", f"{ratio:.2f}{cpu}", verdict(ratio <= 11)))
    else:
        out.append(("10k / 1k plugin build time ≤ 11", "not measured", "—"))
    out.append(("10,000-paper site < 60 s", _f(big.plugin_s, 1) + " s" if big else "not measured", verdict(big.plugin_s < 60) if big else "—"))
    out.append(("10,000-paper peak memory < 1 GB", _f(big.plugin_mb, 0) + " MB" if big and big.plugin_mb else "not measured",
                verdict(big.plugin_mb < 1024) if big and big.plugin_mb else "—"))
    out.append(("`check` on 10,000 papers < 2 s", f"{_f(big.check_s)} s ({_f(big.check_inner_s)} s reported by `check`)" if big else "not measured",
                verdict(big.check_s < 2) if big else "—"))
    return out


def report(rows: list[Row], meta: dict) -> str:
    parts = ["# mkdocs-diffusion scale benchmark", "",
             f"{meta['when']} · Python {meta['python']} · {meta['cpus']} CPUs · seed {meta['seed']} · best of {meta['repeat']} build(s) each "
             f"· plugin sources {meta['plugin_sources']} · load average {meta['load_before']} before, {meta['load_after']} after", "",
             table(rows), "",
             "*wall s*: `python -m mkdocs build -q` in a fresh process; *floor*: the same generated page sources as plain "
             "Markdown, same theme and plugins without `diffusion`; *ratio* = plugin / floor; *peak MB*: max RSS of the "
             "build process; *CPU s*: user + system time of the build process (less sensitive to other load on the machine "
             "than wall time); *plugin hooks s*: wall time spent inside the diffusion plugin's event handlers during the "
             "plugin build (`bench/timing_hook.py`); *`check` s*: wall time of `mkdocs-diffusion check`, process start "
             "included (in brackets: the time it reports itself).", ""]
    parts += ["## Targets", "", "| target | measured | verdict |", "|---|---|---|"]
    parts += [f"| {t} | {m} | {v} |" for t, m, v in targets(rows)]
    notes = [f"- {r.source}, {r.papers} papers: {r.notes}" for r in rows if r.notes]
    if notes:
        parts += ["", "## Notes", ""] + notes
    return "\n".join(parts) + "\n"


# ---------------------------------------------------------------------------------------------
# profile


def _profiled_build(config: Path, site_dir: Path, prof: Path) -> Run:
    shutil.rmtree(site_dir, ignore_errors=True)
    cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "mkdocs", "build", "-q", "-f", str(config)]
    run = measured(cmd, env=child_env())
    if run.status != 0:
        raise RuntimeError(f"profiled build failed:\n{run.stderr[-4000:]}")
    return run


def _by_function(stats) -> dict[str, tuple[float, float, int]]:
    """'file:line(name)' -> (cumulative s, own s, calls); paths shortened to package/module."""
    out = {}
    for (filename, line, name), (_cc, nc, tt, ct, _callers) in stats.stats.items():
        short = re.sub(r".*/(site-packages|lib/python3\.\d+)/", "", filename).replace(str(REPO) + "/", "")
        out[f"{short}:{line}({name})"] = (ct, tt, nc)
    return out


def profile(label: str, work: Path, out: Path) -> Path:
    """The plugin build and the floor build under cProfile; a text summary of where the plugin's
    own time goes and of what costs more than in the floor. ``work`` is a kept work folder."""
    import pstats

    out.mkdir(parents=True, exist_ok=True)
    prepare(work, base_config())  # capture the floor again: the plugin may have changed since the work folder was made
    text = io.StringIO()
    prof_p, prof_f = out / f"profile-{label}.prof", out / f"profile-{label}-floor.prof"
    run_p = _profiled_build(work / "mkdocs.yml", work / "site", prof_p)
    run_f = _profiled_build(work / "mkdocs.floor.yml", work / "floor" / "site", prof_f)
    stats_p, stats_f = pstats.Stats(str(prof_p), stream=text), pstats.Stats(str(prof_f), stream=text)
    funcs_p, funcs_f = _by_function(stats_p), _by_function(stats_f)
    print(f"profiled plugin build: {run_p.seconds:.1f} s wall ({stats_p.total_tt:.1f} s profiled); "
          f"floor: {run_f.seconds:.1f} s wall ({stats_f.total_tt:.1f} s profiled)\n", file=text)

    def show(title: str, rows) -> None:
        print(f"== {title} ==\n  cum s    own s    calls  function", file=text)
        for where, (ct, tt, nc) in rows:
            print(f"{ct:7.3f}  {tt:7.3f}  {nc:7d}  {where}", file=text)
        print(file=text)

    def matching(funcs, pattern, limit=None):
        rx = re.compile(pattern)
        rows = sorted(((w, v) for w, v in funcs.items() if rx.search(w)), key=lambda item: -item[1][0])
        return rows[:limit]

    show("plugin event hooks", matching(funcs_p, r"mkdocs_diffusion/plugin\.py:\d+\(on_"))
    show("mkdocs_diffusion functions, top 30 by cumulative time", matching(funcs_p, r"mkdocs_diffusion/", 30))
    show("mkdocs_diffusion functions, top 15 by own time",
         sorted(((w, v) for w, v in funcs_p.items() if "mkdocs_diffusion/" in w), key=lambda item: -item[1][1])[:15])
    stages = (r"mkdocs/commands/build\.py:\d+\((build|_populate_page|_build_page|_build_template)\)|"
              r"mkdocs/utils/__init__\.py:\d+\((clean_directory|write_file)\)|mkdocs/structure/nav\.py:\d+\(get_navigation\)|"
              r"mkdocs/plugins\.py:\d+\(on_\w+\)|markdown/core\.py:\d+\(convert\)|jinja2/environment\.py:\d+\(render\)|"
              r"mkdocs/structure/pages\.py:\d+\((read_source|render|validate_anchor_links)\)|\{built-in method io.open\}")
    print("== MkDocs build stages: plugin build | floor ==", file=text)
    for where, (ct, _tt, nc) in matching(funcs_p, stages):
        ct_f = funcs_f.get(where, (0.0, 0.0, 0))[0]
        print(f"{ct:7.3f} | {ct_f:7.3f}  {nc:7d}  {where}", file=text)
    print(file=text)
    print("== largest cumulative-time differences, plugin build - floor (functions outside mkdocs_diffusion) ==", file=text)
    diffs = []
    for where, (ct, _tt, nc) in funcs_p.items():
        if "mkdocs_diffusion/" in where:
            continue
        ct_f, _, nc_f = funcs_f.get(where, (0.0, 0.0, 0))
        diffs.append((ct - ct_f, ct, ct_f, nc, nc_f, where))
    for d, ct, ct_f, nc, nc_f, where in sorted(diffs, reverse=True)[:30]:
        print(f"{d:+7.3f}  {ct:7.3f} | {ct_f:7.3f}  calls {nc} | {nc_f}  {where}", file=text)
    print("\n== plugin build, top 40 by cumulative time ==", file=text)
    stats_p.sort_stats("cumulative").print_stats(40)
    path = out / f"profile-{label}.txt"
    path.write_text(text.getvalue(), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,3000,10000", help="comma-separated paper counts (default: 1000,3000,10000)")
    parser.add_argument("--categories", type=int, default=None, help="categories per list (default: max(10, N/100))")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="awesome-list README to import (skipped if absent)")
    parser.add_argument("--no-corpus", action="store_true", help="leave the corpus out")
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    parser.add_argument("--keep", action="store_true", help="keep the generated docs and built sites under OUT/work")
    parser.add_argument("--repeat", type=int, default=None,
                        help="builds per variant, alternating; the fastest counts (default 3, 1 with --quick)")
    parser.add_argument("--quick", action="store_true", help="N = 60, K = 4, no corpus (for the tests)")
    parser.add_argument("--profile", type=int, default=None, metavar="N", help="also profile the plugin and floor builds of the N-paper list")
    parser.add_argument("--profile-work", type=Path, default=None, metavar="DIR",
                        help="only profile the builds of a work folder kept by an earlier --keep run (OUT/work/<source>)")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.categories, args.no_corpus = "60", 4, True
    if args.repeat is None:
        args.repeat = 1 if args.quick else 3
    args.size_list = [int(s) for s in str(args.sizes).split(",") if s.strip()]
    if args.profile is not None and args.profile not in args.size_list:
        args.size_list.append(args.profile)
    return args


def plugin_fingerprint() -> str:
    """A short hash of the plugin's sources (Python, templates, schema) as they are when the run starts:
    the plugin is under active development, so a table says which code it measured."""
    import hashlib

    import mkdocs_diffusion

    root = Path(mkdocs_diffusion.__file__).parent
    digest = hashlib.sha1()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".j2", ".json", ".css", ".js")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]


def _load() -> str:
    try:
        return "%.1f" % os.getloadavg()[0]
    except (AttributeError, OSError):  # pragma: no cover - Windows
        return "?"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.profile_work:
        work = args.profile_work.resolve()
        print(profile(work.name, work, args.out.resolve()).read_text(encoding="utf-8"))
        return 0
    fingerprint, load_before = plugin_fingerprint(), _load()
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    config_data = base_config()
    rows: list[Row] = []
    profiles = []
    plan = [(f"synthetic-{n}", "synthetic", n) for n in args.size_list]
    if not args.no_corpus and args.corpus and Path(args.corpus).is_file():
        plan.append(("corpus", "corpus", None))
    elif not args.no_corpus:
        print(f"corpus {args.corpus} not found: skipped", file=sys.stderr)
    for label, kind, n in plan:
        work = out / "work" / label
        if kind == "synthetic":
            k = args.categories or max(10, n // 100)
            fill = lambda docs, n=n, k=k: write_synthetic(docs, n, k, args.seed)  # noqa: E731
        else:
            fill = lambda docs: write_corpus(docs, Path(args.corpus), args.seed)  # noqa: E731
        print(f"[bench] {label} ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        row = bench_source(label if kind == "corpus" else "synthetic", kind, work, fill, args.repeat, config_data)
        if args.profile is not None and n == args.profile:
            profiles.append(profile(str(n), work, out))
        if n is None or n in [int(s) for s in str(args.sizes).split(",") if s.strip()]:
            rows.append(row)
        print(f"[bench] {label}: plugin {row.plugin_s:.2f} s, floor {row.floor_s:.2f} s, ratio {row.ratio:.3f} "
              f"({time.perf_counter() - start:.0f} s in all)", file=sys.stderr, flush=True)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if not args.keep:
        shutil.rmtree(out / "work", ignore_errors=True)
    meta = {"when": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "python": sys.version.split()[0], "cpus": os.cpu_count(),
            "seed": args.seed, "repeat": args.repeat, "plugin_sources": fingerprint, "load_before": load_before,
            "load_after": _load()}
    text = report(rows, meta)
    (out / "results.md").write_text(text, encoding="utf-8")
    (out / "results.json").write_text(json.dumps({"meta": meta, "rows": [asdict(r) for r in rows],
                                                  "targets": targets(rows)}, ensure_ascii=False, indent=1), encoding="utf-8")
    print(text)
    for path in profiles:
        print(f"profile summary: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
