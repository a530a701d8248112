"""Every assistant_* spaCy factory, registered in one place."""

from __future__ import annotations

from spacy.language import Language

from .components.language import LanguageReview
from .components.layout import Layout
from .components.quotes import QuoteFinder
from .components.roles import RoleTagger
from .components.sections import SectionExtractor
from .components.segmenter import Segmenter
from .components.session import SessionFinder


@Language.factory("assistant_layout")
def make_layout(nlp: Language, name: str) -> Layout:
    return Layout(nlp, name)


@Language.factory("assistant_segmenter")
def make_segmenter(nlp: Language, name: str) -> Segmenter:
    return Segmenter(nlp, name)


@Language.factory("assistant_session")
def make_session(nlp: Language, name: str) -> SessionFinder:
    return SessionFinder(nlp, name)


@Language.factory("assistant_quotes")
def make_quotes(nlp: Language, name: str) -> QuoteFinder:
    return QuoteFinder(nlp, name)


# threshold: the model's least confidence for dropping a segment as "other" (see MODEL_CARD.md)
@Language.factory("assistant_roles", default_config={"threshold": 0.5})
def make_roles(nlp: Language, name: str, threshold: float) -> RoleTagger:
    return RoleTagger(nlp, name, threshold=threshold)


@Language.factory("assistant_sections")
def make_sections(nlp: Language, name: str) -> SectionExtractor:
    return SectionExtractor(nlp, name)


@Language.factory("assistant_language")
def make_language(nlp: Language, name: str) -> LanguageReview:
    return LanguageReview(nlp, name)
