"""Tests of mkdocs_diffusion.identity: ids, identities, slugs, page keys, title similarity."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_diffusion.identity import (
    MIN_LOOKALIKE_LENGTH,
    arxiv_id,
    assign_page_keys,
    doi,
    identity_of,
    near_duplicate_title_pairs,
    normalize_title,
    openreview_id,
    page_key,
    slugify,
    titles_clearly_differ,
    titles_look_alike,
)

CONTROLNET = "Adding Conditional Control to Text-to-Image Diffusion Models"
BOUNDARY = "Boundary Guided Mixing Trajectory for Semantic Control with Diffusion Models"
SMARTBRUSH = "SmartBrush: Text and Shape Guided Object Inpainting with Diffusion Model"

# --------------------------------------------------------------------------------------------
# arxiv_id
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("https://arxiv.org/abs/2302.05543", "2302.05543"),
        ("http://arxiv.org/abs/2302.05543v2", "2302.05543"),
        ("https://arxiv.org/pdf/2302.05543v1.pdf", "2302.05543"),
        ("https://arxiv.org/pdf/2302.05543", "2302.05543"),
        ("https://arxiv.org/pdf/2302.05543.pdf", "2302.05543"),
        ("arxiv.org/abs/2302.05543", "2302.05543"),
        ("export.arxiv.org/abs/2302.05543", "2302.05543"),
        ("https://export.arxiv.org/abs/2302.05543v4", "2302.05543"),
        ("https://www.arxiv.org/abs/2302.05543", "2302.05543"),
        ("www.arxiv.org/pdf/2302.05543v1", "2302.05543"),
        ("HTTPS://ARXIV.ORG/ABS/2302.05543V2", "2302.05543"),
        ("https://arxiv.org/html/2302.05543v1", "2302.05543"),
        ("arXiv:2302.05543", "2302.05543"),
        ("arxiv:2302.05543v3", "2302.05543"),
        ("ARXIV: 2302.05543", "2302.05543"),
        ("arXiv:0704.0001", "0704.0001"),
        ("https://arxiv.org/abs/1412.6980v9", "1412.6980"),
        ("arXiv:1501.00001", "1501.00001"),
        ("https://arxiv.org/abs/hep-th/9901001", "hep-th/9901001"),
        ("https://arxiv.org/abs/hep-th/9901001v3", "hep-th/9901001"),
        ("https://arxiv.org/pdf/hep-th/9901001v1.pdf", "hep-th/9901001"),
        ("arXiv:hep-th/9901001", "hep-th/9901001"),
        ("arXiv:math.GT/0309136", "math.GT/0309136"),
        ("arxiv:Math.GT/0309136v2", "math.GT/0309136"),
        ("HEP-TH/9901001", "hep-th/9901001"),
        ("https://arxiv.org/abs/2302.05543#comments", "2302.05543"),
        ("https://arxiv.org/abs/2302.05543?context=cs.CV", "2302.05543"),
        ("https://arxiv.org/abs/2302.05543/", "2302.05543"),
        ("https://arxiv.org/abs/2302.05543v2/", "2302.05543"),
        ("  https://arxiv.org/abs/2302.05543  ", "2302.05543"),
        ("see [ControlNet](https://arxiv.org/abs/2302.05543).", "2302.05543"),
        ("<https://arxiv.org/abs/2302.05543>", "2302.05543"),
        ("https://doi.org/10.48550/arXiv.2302.05543", "2302.05543"),
        ("2302.05543", "2302.05543"),
        ("2302.05543v2", "2302.05543"),
        ("hep-th/9901001", "hep-th/9901001"),
    ],
)
def test_arxiv_id_accepted_forms(text, expected):
    assert arxiv_id(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "https://github.com/foo/2302.05543",
        "https://github.com/lllyasviel/ControlNet/blob/main/2302.05543.md",
        "https://openreview.net/forum?id=eSZqaIrDLZR",
        "https://example.com/abs/2302.05543",
        "https://notarxiv.org/abs/2302.05543",
        "https://github.com/x/arxiv.org/abs/2302.05543",
        "https://arxiv.org/list/cs.CV/recent",
        "https://arxiv.org/abs/2302.055431",  # six digits
        "arXiv:1501.0001",  # four digits after 2014
        "arXiv:1412.00001",  # five digits before 2015
        "arXiv:0703.0001",  # before new-style ids
        "arXiv:2313.00001",  # month 13
        "arXiv:foo-bar/9901001",  # unknown archive
        "arXiv:hep-th/9913001",  # month 13
        "version 2302.05543 of the code",  # a number in free text
        "https://doi.org/10.1145/3528223.3530164",
        "",
        "   ",
    ],
)
def test_arxiv_id_rejects(text):
    assert arxiv_id(text) is None


def test_arxiv_id_non_string():
    assert arxiv_id(None) is None  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# doi
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("https://doi.org/10.1145/3528223.3530164", "10.1145/3528223.3530164"),
        ("http://dx.doi.org/10.1109/CVPR52688.2022.01042", "10.1109/cvpr52688.2022.01042"),
        ("https://dx.doi.org/10.1109/CVPR.2022.01042.", "10.1109/cvpr.2022.01042"),
        ("doi.org/10.1145/3528223.3530164", "10.1145/3528223.3530164"),
        ("https://www.doi.org/10.1145/3528223.3530164?x=1#y", "10.1145/3528223.3530164"),
        ("https://doi.org/10.1000/a%2Fb", "10.1000/a/b"),
        ("doi:10.1145/3528223.3530164", "10.1145/3528223.3530164"),
        ("DOI: 10.1145/3528223.3530164", "10.1145/3528223.3530164"),
        ("doi:10.1038/S41586-023-06139-9;", "10.1038/s41586-023-06139-9"),
        ("10.1145/3528223.3530164", "10.1145/3528223.3530164"),
        ("10.1016/S0140-6736(20)30183-5", "10.1016/s0140-6736(20)30183-5"),
        ("(10.1016/S0140-6736(20)30183-5)", "10.1016/s0140-6736(20)30183-5"),
        ("see 10.1145/3528223.3530164, p. 3", "10.1145/3528223.3530164"),
        ('"10.1145/3528223.3530164"', "10.1145/3528223.3530164"),
        ("https://dl.acm.org/doi/10.1145/3528223.3530164", "10.1145/3528223.3530164"),
        ("https://dl.acm.org/doi/abs/10.1145/3528223.3530164", "10.1145/3528223.3530164"),
        ("https://dl.acm.org/doi/pdf/10.1145/3528223.3530164?download=true", "10.1145/3528223.3530164"),
    ],
)
def test_doi_accepted_forms(text, expected):
    assert doi(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "https://arxiv.org/abs/2302.05543",
        "https://openreview.net/forum?id=eSZqaIrDLZR",
        "https://example.com/10.1234/abc",  # a number-like path in another URL
        "https://github.com/foo/10.1145/3528223",
        "https://citeseerx.ist.psu.edu/viewdoc/summary?doi=10.1.1.123.4567",
        "10.12/abc",  # registrant code too short
        "10.1145",  # no suffix
        "doi:",
        "",
    ],
)
def test_doi_rejects(text):
    assert doi(text) is None


# --------------------------------------------------------------------------------------------
# openreview_id
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("https://openreview.net/forum?id=eSZqaIrDLZR", "eSZqaIrDLZR"),
        ("https://openreview.net/pdf?id=eSZqaIrDLZR", "eSZqaIrDLZR"),
        ("http://openreview.net/forum?id=eSZqaIrDLZR&noteId=abc", "eSZqaIrDLZR"),
        ("openreview.net/forum?id=Ab_c-9", "Ab_c-9"),
        ("https://www.openreview.net/forum?id=eSZqaIrDLZR#discussion", "eSZqaIrDLZR"),
        ("https://openreview.net/forum?referrer=x&id=eSZqaIrDLZR", "eSZqaIrDLZR"),
        ("https://openreview.net/forum?id=eSZqaIrDLZR&amp;noteId=abc", "eSZqaIrDLZR"),
        ("openreview:eSZqaIrDLZR", "eSZqaIrDLZR"),
    ],
)
def test_openreview_id_accepted_forms(text, expected):
    assert openreview_id(text) == expected


def test_openreview_id_preserves_case():
    assert openreview_id("https://openreview.net/forum?id=AbCd") != openreview_id(
        "https://openreview.net/forum?id=abcd"
    )


@pytest.mark.parametrize(
    "text",
    [
        "https://openreview.net/forum?noteId=eSZqaIrDLZR",
        "https://openreview.net/group?id=ICLR.cc/2023/Conference",
        "https://example.net/forum?id=eSZqaIrDLZR",
        "https://arxiv.org/abs/2302.05543",
        "https://openreview.net/forum?id=",
        "",
    ],
)
def test_openreview_id_rejects(text):
    assert openreview_id(text) is None


# --------------------------------------------------------------------------------------------
# normalize_title
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title, expected",
    [
        (CONTROLNET, "adding conditional control to text to image diffusion models"),
        ("  ControlNet:   Adding\tControl \n", "controlnet adding control"),
        ("Text–to—Image − Models", "text to image models"),  # en dash, em dash, minus
        ("Don’t Stop", "dont stop"),
        ("Don't Stop", "dont stop"),
        ("“Quoted” «Title»", "quoted title"),
        ("ﬁne-tuning", "fine tuning"),  # NFKC ligature
        ("ＤＤＰＭ２", "ddpm2"),  # NFKC full width
        ("STRASSE Straße", "strasse strasse"),  # casefold
        ("확산 모델을 이용한 이미지 편집", "확산 모델을 이용한 이미지 편집"),
        ("Diffusion 모델: 소개!", "diffusion 모델 소개"),
        ("हिन्दी शीर्षक", "हिन्दी शीर्षक"),  # combining marks kept
        ("Model´s ́Title", "models title"),  # acute as apostrophe; a mark without a base dropped
        ("C++ & $\\alpha$-GAN", "c alpha gan"),
        ("snake_case", "snake case"),
        ("", ""),
        ("?!", ""),
    ],
)
def test_normalize_title(title, expected):
    assert normalize_title(title) == expected


def test_normalize_title_case_and_punctuation_variants_are_equal():
    assert normalize_title(BOUNDARY) == normalize_title(
        "boundary-guided mixing trajectory for semantic control, with diffusion models."
    )


# --------------------------------------------------------------------------------------------
# identity_of
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "explicit, expected",
    [
        ("arxiv:2211.09794", "arxiv:2211.09794"),
        ("arXiv:2211.09794v2", "arxiv:2211.09794"),
        ("https://arxiv.org/abs/2211.09794v1", "arxiv:2211.09794"),
        ("2211.09794", "arxiv:2211.09794"),
        ("arXiv:hep-th/9901001v2", "arxiv:hep-th/9901001"),
        ("doi:10.1145/ABC.123", "doi:10.1145/abc.123"),
        ("https://doi.org/10.1145/ABC.123", "doi:10.1145/abc.123"),
        ("10.1145/ABC.123", "doi:10.1145/abc.123"),
        ("doi:10.48550/arXiv.2211.09794", "arxiv:2211.09794"),
        ("openreview:eSZqaIrDLZR", "openreview:eSZqaIrDLZR"),
        ("https://openreview.net/forum?id=eSZqaIrDLZR", "openreview:eSZqaIrDLZR"),
        ("  smith2023diffusion  ", "id:smith2023diffusion"),
        ("arxiv:not-an-id", "id:arxiv:not-an-id"),
    ],
)
def test_identity_of_explicit_id(explicit, expected):
    links = {"paper": "https://arxiv.org/abs/2302.05543"}
    assert identity_of(explicit_id=explicit, links=links, title="T") == expected


def test_identity_of_explicit_id_forms_agree():
    forms = ["arxiv:2211.09794", "arXiv:2211.09794v2", "https://arxiv.org/pdf/2211.09794v1.pdf"]
    assert {identity_of(explicit_id=f, links={}, title="x") for f in forms} == {"arxiv:2211.09794"}


@pytest.mark.parametrize("explicit", [None, "", "   "])
def test_identity_of_blank_explicit_id_is_ignored(explicit):
    links = {"paper": "https://arxiv.org/abs/2302.05543v2"}
    assert identity_of(explicit_id=explicit, links=links, title="T") == "arxiv:2302.05543"


@pytest.mark.parametrize(
    "paper, expected",
    [
        ("https://arxiv.org/abs/2302.05543v2", "arxiv:2302.05543"),
        ("https://doi.org/10.1145/3528223.3530164", "doi:10.1145/3528223.3530164"),
        ("https://openreview.net/pdf?id=eSZqaIrDLZR", "openreview:eSZqaIrDLZR"),
        ("https://openaccess.thecvf.com/content/CVPR2023/html/x.html", "title:a title"),
    ],
)
def test_identity_of_from_paper_link(paper, expected):
    assert identity_of(explicit_id=None, links={"paper": paper}, title="A Title!") == expected


def test_identity_of_paper_link_only_when_present():
    links = {
        "paper": "https://openaccess.thecvf.com/content/x.html",
        "code": "https://arxiv.org/abs/2302.05543",
    }
    assert identity_of(explicit_id=None, links=links, title="A Title") == "title:a title"


def test_identity_of_paper_link_beats_other_links():
    links = {
        "code": "https://arxiv.org/abs/1111.11111",
        "paper": "https://doi.org/10.1145/3528223.3530164",
    }
    assert identity_of(explicit_id=None, links=links, title="T") == "doi:10.1145/3528223.3530164"


def test_identity_of_without_paper_link_uses_other_links_in_sorted_order():
    links = {
        "website": "https://arxiv.org/abs/2302.05543",
        "project": "https://arxiv.org/abs/2211.09794",
        "code": "https://github.com/x/y",
    }
    assert identity_of(explicit_id=None, links=links, title="T") == "arxiv:2211.09794"
    reordered = dict(reversed(list(links.items())))
    assert identity_of(explicit_id=None, links=reordered, title="T") == "arxiv:2211.09794"


def test_identity_of_without_paper_link_prefers_arxiv_over_doi_over_openreview():
    links = {
        "a": "https://openreview.net/forum?id=X1",
        "b": "https://doi.org/10.1145/1",
        "c": "https://arxiv.org/abs/2302.05543",
    }
    assert identity_of(explicit_id=None, links=links, title="T") == "arxiv:2302.05543"
    del links["c"]
    assert identity_of(explicit_id=None, links=links, title="T") == "doi:10.1145/1"
    del links["b"]
    assert identity_of(explicit_id=None, links=links, title="T") == "openreview:X1"


def test_identity_of_falls_back_to_title():
    assert identity_of(explicit_id=None, links={}, title=CONTROLNET) == (
        "title:adding conditional control to text to image diffusion models"
    )
    code_only = {"code": "https://github.com/lllyasviel/ControlNet"}
    assert identity_of(explicit_id=None, links=code_only, title="Ａ—b") == "title:a b"


def test_identity_of_empty_paper_link_counts_as_absent():
    links = {"paper": "  ", "code": "https://arxiv.org/abs/2302.05543"}
    assert identity_of(explicit_id=None, links=links, title="T") == "arxiv:2302.05543"


# --------------------------------------------------------------------------------------------
# slugify
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (CONTROLNET, "adding-conditional-control-to-text-to-image-diffusion-models"),
        ("ControlNet: Adding -- Control!!", "controlnet-adding-control"),
        ("  --Hello__World--  ", "hello-world"),
        ("확산 모델: 소개", "확산-모델-소개"),
        ("Café Déjà Vu", "café-déjà-vu"),
        ("ﬁne ＤＤＰＭ", "fine-ddpm"),
        ("Stable Diffusion 2.1", "stable-diffusion-2-1"),
        ("", "untitled"),
        ("?!...", "untitled"),
    ],
)
def test_slugify(text, expected):
    assert slugify(text) == expected


def test_slugify_truncates_at_a_dash_boundary():
    text = "word " * 30
    slug = slugify(text, max_length=22)
    assert slug == "word-word-word-word"  # 19 chars; a fifth word would need 24
    assert slugify("abcd efgh", max_length=9) == "abcd-efgh"
    assert slugify("abcd efgh", max_length=8) == "abcd"
    assert slugify("abcd efgh ijkl", max_length=9) == "abcd-efgh"  # cut exactly before a '-'


def test_slugify_hard_cuts_a_single_long_word():
    assert slugify("a" * 100) == "a" * 80
    assert slugify("a" * 100, max_length=10) == "a" * 10


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.integers(min_value=1, max_value=100))
def test_slugify_properties(text, max_length):
    slug = slugify(text, max_length=max_length)
    assert slug
    assert len(slug) <= max(max_length, len("untitled"))
    assert not slug.startswith("-") and not slug.endswith("-")
    assert "--" not in slug
    assert not re.search(r'[/\\:*?"<>|\s.]', slug)
    assert slug == slug.lower()


# --------------------------------------------------------------------------------------------
# page_key
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "identity, title, expected",
    [
        ("arxiv:2302.05543", "Anything", "2302.05543"),
        ("arxiv:hep-th/9901001", "Anything", "hep-th-9901001"),
        ("arxiv:math.GT/0309136", "Anything", "math.GT-0309136"),
        ("doi:10.1145/3528223.3530164", CONTROLNET, slugify(CONTROLNET)),
        ("openreview:eSZqaIrDLZR", "Some Title", "some-title"),
        ("id:custom", "Some Title", "some-title"),
        ("title:some title", "Some Title", "some-title"),
        ("title:", "", "untitled"),
        ("title:con", "CON", "con-paper"),
        ("title:lpt1", "LPT1", "lpt1-paper"),
        ("title:nul", "Nul!", "nul-paper"),
        ("arxiv:", "Title", "title"),
    ],
)
def test_page_key(identity, title, expected):
    assert page_key(identity, title) == expected


_UNSAFE = re.compile(r'[/\\:*?"<>|\x00-\x1f]')


def _valid_segment(key: str) -> bool:
    return (
        bool(key)
        and key not in (".", "..")
        and not _UNSAFE.search(key)
        and not key.endswith((".", " "))
        and key.split(".")[0].casefold() not in {"con", "prn", "aux", "nul", "com1", "lpt1"}
    )


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.text(max_size=120))
def test_page_key_is_always_a_safe_segment(identity_tail, title):
    for identity in (f"arxiv:{identity_tail}", f"title:{identity_tail}"):
        assert _valid_segment(page_key(identity, title))


# --------------------------------------------------------------------------------------------
# assign_page_keys
# --------------------------------------------------------------------------------------------


def test_assign_page_keys_without_collisions_uses_natural_keys():
    items = [("arxiv:2302.05543", "ControlNet"), ("doi:10.1/x", "Hello World")]
    assert assign_page_keys(items) == {"arxiv:2302.05543": "2302.05543", "doi:10.1/x": "hello-world"}


def test_assign_page_keys_resolves_collisions_in_sorted_identity_order():
    items = [("title:c", "Hello"), ("doi:10.1/a", "Hello"), ("title:a", "Hello!")]
    assert assign_page_keys(items) == {
        "doi:10.1/a": "hello",
        "title:a": "hello-2",
        "title:c": "hello-3",
    }


def test_assign_page_keys_suffix_never_takes_another_natural_key():
    items = [("title:a", "Hello"), ("title:b", "Hello"), ("title:z", "Hello 2"), ("title:y", "hello-3")]
    keys = assign_page_keys(items)
    assert keys["title:a"] == "hello"
    assert keys["title:z"] == "hello-2"
    assert keys["title:y"] == "hello-3"
    assert keys["title:b"] == "hello-4"


def test_assign_page_keys_collisions_are_case_insensitive():
    items = [("arxiv:math.GT/0309136", "x"), ("arxiv:math.gt/0309136", "y")]
    keys = assign_page_keys(items)
    assert len({k.casefold() for k in keys.values()}) == 2
    assert keys["arxiv:math.GT/0309136"] == "math.GT-0309136"
    assert keys["arxiv:math.gt/0309136"] == "math.GT-0309136-2"


def test_assign_page_keys_empty():
    assert assign_page_keys([]) == {}


_IDENTITIES = st.one_of(
    st.sampled_from(["arxiv:2302.05543", "arxiv:hep-th/9901001", "arxiv:math.GT/0309136", "arxiv:math.gt/0309136"]),
    st.builds(lambda s: f"title:{s}", st.text(alphabet="ab-2 ", max_size=4)),
    st.builds(lambda s: f"doi:10.1/{s}", st.text(alphabet="xy", max_size=3)),
)
_TITLES = st.one_of(
    st.sampled_from(["Hello", "hello!", "Hello 2", "hello-2", "HELLO 3", "con", "", "hep-th 9901001", "x" * 90]),
    st.text(alphabet="aB- 2", max_size=6),
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_IDENTITIES, _TITLES, max_size=12), st.randoms(use_true_random=False))
def test_assign_page_keys_is_order_independent_unique_and_safe(mapping, rnd):
    items = list(mapping.items())
    keys = assign_page_keys(items)
    shuffled = items[:]
    rnd.shuffle(shuffled)
    assert assign_page_keys(shuffled) == keys
    assert assign_page_keys(list(reversed(items))) == keys
    assert set(keys) == set(mapping)
    assert len({k.casefold() for k in keys.values()}) == len(keys)
    assert all(_valid_segment(k) for k in keys.values())
    # A paper whose natural key nobody else shares keeps it.
    natural = {i: page_key(i, t) for i, t in items}
    for identity, key in natural.items():
        if sum(k.casefold() == key.casefold() for k in natural.values()) == 1:
            assert keys[identity] == key
        else:
            folded = keys[identity].casefold()
            assert folded == key.casefold() or folded.startswith(key.casefold() + "-")


# --------------------------------------------------------------------------------------------
# titles_look_alike
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b",
    [
        ("Adding Conditional Control to Text-to-Image Difusion Models", CONTROLNET),  # deletion
        ("Adding Conditional Control to Text-to-Image Diffusion Model", CONTROLNET),  # plural
        ("Adding Conditional Contorl to Text-to-Image Diffusion Models", CONTROLNET),  # transposition
        ("Adding Condtional Control to Text-to-Image Diffusion Models", CONTROLNET),
        ("Adding Conditional Control to Text-to-Image Diffusion Modeles", CONTROLNET),  # insertion
        ("Adding Conditional Control to Text-to-Image a Diffusion Models", CONTROLNET),  # stopword
        ("Null-text Inversion for Editing Real Images", "Nulltext Inversion for Editing Real Images"),
        ("Null-text Inversion for Editing Real Images", "Null-text Inversion of Editing Real Images"),
        ("Denoising Diffusion Probabilistic Models", "Denoising Difusion Probabilistic Model"),
    ],
)
def test_titles_look_alike_positive(a, b):
    assert titles_look_alike(a, b)
    assert titles_look_alike(b, a)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Null-text Inversion for Editing Real Images", "Null-text Inversion for Editing Real Videos"),
        ("Score-Based Generative Modeling in 2D", "Score-Based Generative Modeling in 3D"),
        ("Stable Diffusion Version 1 Technical Report", "Stable Diffusion Version 2 Technical Report"),
        ("Image Inpainting with Diffusion Models", "Image Outpainting with Diffusion Models"),
        ("Diffusion Models for Video Generation", "Diffusion Models for Fast Video Generation"),
        (CONTROLNET, CONTROLNET),  # identical
        (CONTROLNET, CONTROLNET.upper() + "!"),  # identical once normalised
        ("Imagen", "Imagic"),  # too short
        ("DreamBooth3D", "DreamBooth"),
        (CONTROLNET, BOUNDARY),
    ],
)
def test_titles_look_alike_negative(a, b):
    assert not titles_look_alike(a, b)
    assert not titles_look_alike(b, a)


def test_titles_look_alike_minimum_length():
    short = "abcdefgh ijklmn"  # 15 characters
    assert len(normalize_title(short)) < MIN_LOOKALIKE_LENGTH
    assert not titles_look_alike(short, "abcdefgh ijklmnn")
    assert titles_look_alike(short + "op", short + "opp")


def test_titles_look_alike_threshold():
    a, b = "Adding Condtional Contorl to Text-to-Image Difusion Model", CONTROLNET
    assert titles_look_alike(a, b, threshold=0.9)
    assert not titles_look_alike(a, b, threshold=0.99)


# --------------------------------------------------------------------------------------------
# near_duplicate_title_pairs
# --------------------------------------------------------------------------------------------


def test_near_duplicate_title_pairs_small():
    titles = [
        CONTROLNET,
        "Null-text Inversion for Editing Real Images",
        "Adding Conditional Control to Text-to-Image Difusion Models",
        "Null-text Inversion for Editing Real Videos",
        CONTROLNET.lower(),  # identical once normalised: not a pair with titles[0]
    ]
    pairs = near_duplicate_title_pairs(titles)
    assert [(i, j) for i, j, _ in pairs] == [(0, 2), (2, 4)]
    assert all(0.92 <= r < 1 for _, _, r in pairs)


def test_near_duplicate_title_pairs_empty_and_short():
    assert near_duplicate_title_pairs([]) == []
    assert near_duplicate_title_pairs(["Imagen", "Imagic", "", "?"]) == []


def test_near_duplicate_title_pairs_typos_at_both_ends():
    # Vowel typos at the start and at the end: found through the skeleton key.
    a = "Denoising Diffusion Implicit Models for Fast Sampling of Generative Images"
    b = "Denoisng Diffusion Implicit Models for Fast Sampling of Generative Imags"
    assert near_duplicate_title_pairs([a, b]) == [(0, 1, pytest.approx(0.98, abs=0.02))]


_WORDS = """diffusion models image video text generation editing guided conditional control latent
score based denoising probabilistic inversion real synthesis personalization subject driven zero
shot training free efficient fast sampling high resolution scene audio speech motion human pose
layout aware semantic segmentation inpainting outpainting super style transfer consistency
distillation adversarial learning representation prompt attention cross towards unified framework
benchmark evaluation robust controllable compositional temporal spatial geometry point cloud mesh
neural radiance fields avatar face portrait medical molecule protein graph language large vision
multimodal reward alignment preference optimization trajectory boundary mixing reconstruction
uncertainty calibration acceleration solver stochastic differential equations manifold""".split()
_STOP = ["for", "with", "via", "of", "in", "and", "to", "a", "the"]


def _typo(word: str, kind: int, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 2)
    if kind == 0:  # substitution
        return word[:i] + ("x" if word[i] != "x" else "z") + word[i + 1 :]
    if kind == 1:  # deletion
        return word[:i] + word[i + 1 :]
    if kind == 2:  # insertion
        return word[:i] + "q" + word[i:]
    if kind == 3:  # transposition
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 4:  # doubled letter
        return word[:i] + word[i] + word[i:]
    return word + "s"  # plural


def test_near_duplicate_title_pairs_finds_planted_pairs_among_5000():
    rng = random.Random(20240607)
    titles = []
    for _ in range(5000):
        words = [rng.choice(_WORDS) if rng.random() > 0.2 else rng.choice(_STOP) for _ in range(rng.randint(5, 11))]
        titles.append(" ".join(words).title())
    planted = set()
    for n in range(60):
        source = rng.randrange(len(titles))
        words = titles[source].split()
        long_words = [k for k, w in enumerate(words) if len(w) >= 8]
        if not long_words:
            continue
        k = rng.choice(long_words)
        if n % 10 == 9 and k + 1 < len(words):  # words joined
            words[k : k + 2] = [words[k] + words[k + 1].lower()]
        else:
            words[k] = _typo(words[k], n % 6, rng)
        copy = " ".join(words)
        if normalize_title(copy) == normalize_title(titles[source]):
            continue
        titles.append(copy)
        planted.add((source, len(titles) - 1))
    assert len(planted) >= 50

    pairs = near_duplicate_title_pairs(titles)
    found = [(i, j) for i, j, _ in pairs]
    assert len(found) == len(set(found)), "a pair reported twice"
    assert all(i < j for i, j in found)
    assert found == sorted(found)
    missing = planted - set(found)
    assert not missing, [(titles[i], titles[j]) for i, j in missing]
    for i, j, ratio in pairs:
        assert titles_look_alike(titles[i], titles[j])
        assert 0.92 <= ratio < 1


def test_near_duplicate_title_pairs_is_deterministic():
    titles = [CONTROLNET, "Adding Conditional Control to Text-to-Image Difusion Models", BOUNDARY] * 3
    assert near_duplicate_title_pairs(titles) == near_duplicate_title_pairs(list(titles))


# --------------------------------------------------------------------------------------------
# titles_clearly_differ
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b",
    [
        (BOUNDARY, SMARTBRUSH),
        (CONTROLNET, "Null-text Inversion for Editing Real Images"),
        ("Imagen", "Photorealistic Text-to-Image Diffusion Models with Deep Language Understanding"),
    ],
)
def test_titles_clearly_differ(a, b):
    assert titles_clearly_differ(a, b)
    assert titles_clearly_differ(b, a)


@pytest.mark.parametrize(
    "a, b",
    [
        (CONTROLNET, "ControlNet: " + CONTROLNET),  # one contains the other
        (BOUNDARY, "boundary-guided mixing trajectory for semantic control with diffusion models!"),
        (BOUNDARY, BOUNDARY),
        ("Adding Conditional Control to Text-to-Image Difusion Models", CONTROLNET),  # typo
        ("DreamBooth", "DreamBooth: Fine Tuning Text-to-Image Diffusion Models for Subject-Driven Generation"),
        ("Conditional Control for Text-to-Image Diffusion", "Adding Control to Text-to-Image Diffusion Models"),
        ("Null-text Inversion for Editing Real Images", "Null-text Inversion for Editing Real Videos"),
        ("", CONTROLNET),
        ("?", CONTROLNET),
    ],
)
def test_titles_do_not_clearly_differ(a, b):
    assert not titles_clearly_differ(a, b)
    assert not titles_clearly_differ(b, a)


# --------------------------------------------------------------------------------------------
# internal edit distance (adjacent swaps count as one edit)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b, limit, expected",
    [
        ("control", "control", 2, 0),
        ("contorl", "control", 2, 1),
        ("difusion", "diffusion", 2, 1),
        ("images", "videos", 1, 2),  # stops at limit + 1
        ("abc", "abcdef", 1, 2),
        ("", "ab", 5, 2),
    ],
)
def test_edit_distance(a, b, limit, expected):
    from mkdocs_diffusion.identity import _edit_distance

    assert _edit_distance(a, b, limit) == expected


# --------------------------------------------------------------------------------------------
# internal: difflib's blocks and ratio and the edit distance, computed in bounded time
# --------------------------------------------------------------------------------------------


def _mutated(items, alphabet, edits: int, rng: random.Random) -> list:
    """``items`` (characters or words) with random deletions, insertions, substitutions and
    swaps of neighbours."""
    chars = list(items)
    for _ in range(edits):
        at = rng.randrange(len(chars) + 1)
        kind = rng.randrange(4)
        if kind == 0 and chars:
            del chars[min(at, len(chars) - 1)]
        elif kind == 1:
            chars.insert(at, rng.choice(alphabet))
        elif kind == 2 and chars:
            chars[min(at, len(chars) - 1)] = rng.choice(alphabet)
        elif kind == 3 and len(chars) > 1:
            at = min(at, len(chars) - 2)
            chars[at], chars[at + 1] = chars[at + 1], chars[at]
    return chars


def _merged(blocks):
    out = []
    for i, j, k in blocks:
        if out and out[-1][0] + out[-1][2] == i and out[-1][1] + out[-1][2] == j:
            out[-1] = (out[-1][0], out[-1][1], out[-1][2] + k)
        else:
            out.append((i, j, k))
    return out


def test_matching_blocks_and_ratios_are_difflibs():
    from difflib import SequenceMatcher

    from mkdocs_diffusion.identity import _matching_blocks, _quick_ratio, _ratio

    rng = random.Random(11)
    for n in range(3000):
        alphabet = ["ab", "ab ", "aaab", "abcdefgh ", "abcdefghijklmnopqrstuvwxyz  "][n % 5]
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300 if n % 10 == 0 else 50)))
        b = "".join(_mutated(a, alphabet, rng.randint(0, 8), rng) if n % 3 else (rng.choice(alphabet) for _ in range(rng.randint(0, 50))))
        matcher = SequenceMatcher(None, a, b, autojunk=False)
        assert _merged(_matching_blocks(a, b)) == [tuple(block) for block in matcher.get_matching_blocks()[:-1]], (a, b)
        assert _ratio(a, b) == matcher.ratio()
        assert _quick_ratio(a, b) == matcher.quick_ratio()


def test_word_differences_are_difflibs_opcodes():
    from difflib import SequenceMatcher

    from mkdocs_diffusion.identity import _matched_differences, _single_difference

    rng = random.Random(12)
    for n in range(5000):
        words = ["x", "y", "the", "a", "diffusion"][: 1 + n % 5]
        ta = [rng.choice(words) for _ in range(rng.randint(0, 10))]
        tb = _mutated(ta, words + ["z"], rng.randint(0, 3), rng) if n % 4 else [rng.choice(words) for _ in range(rng.randint(0, 10))]
        opcodes = SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes()
        expected = [(ta[i1:i2], tb[j1:j2]) for op, i1, i2, j1, j2 in opcodes if op != "equal"]
        assert _matched_differences(ta, tb) == expected, (ta, tb)
        single = _single_difference(ta, tb)
        assert single is None or single == expected, (ta, tb)


def _dynamic_programming_distance(a: str, b: str) -> int:
    """Insertions, deletions, substitutions and adjacent swaps, no substring edited twice."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i]
        for j in range(1, len(b) + 1):
            cost = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cost = min(cost, rows[i - 2][j - 2] + 1)
            row.append(cost)
        rows.append(row)
    return rows[-1][-1]


def test_edit_distance_is_the_dynamic_programming_one():
    from mkdocs_diffusion.identity import _edit_distance

    rng = random.Random(13)
    for n in range(3000):
        alphabet = ["ab", "abc", "abcd", "abcdefghij"][n % 4]
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120 if n % 20 == 0 else 14)))
        b = "".join(_mutated(a, alphabet, rng.randint(0, 10), rng) if n % 2 else (rng.choice(alphabet) for _ in range(rng.randint(0, 14))))
        limit = rng.randint(0, 12)
        assert _edit_distance(a, b, limit) == min(_dynamic_programming_distance(a, b), limit + 1), (a, b, limit)
