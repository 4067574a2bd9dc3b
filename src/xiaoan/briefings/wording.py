"""Sentences about documents as an office writes them in a briefing.

A document's line names who issued it and the title in book-title marks, then
what it says: "市委、市政府下发《关于…的通知》，要求…". When the summary written
for the document already says that ("市消安委印发2024年度全市消防工作任务清单"), it
is the sentence, with the title marked, rather than a line that repeats its own
title. Requirements the summary does not already say follow it, as the
briefing asks for them ("请各县区大队…抓好落实").
"""

from __future__ import annotations

from xiaoan.directives.choices import Level
from xiaoan.directives.models import Document, Requirement

#: a summary that says the issuing itself is the whole sentence
ISSUING_WORDS = ("印发", "下发", "出台", "转发", "制定")
#: share of a requirement's characters found in the title and summary for it to count as said
SAID_SHARE = 0.6


def issuing_verb(title: str) -> str:
    """Notices are 下发, plans and lists 印发."""
    return "下发" if title.endswith(("通知", "通报")) else "印发"


def mark_title(text: str, title: str) -> str:
    """The title in book-title marks where the text names it bare."""
    if not title or f"《{title}》" in text or title not in text:
        return text
    return text.replace(title, f"《{title}》", 1)


def said_already(requirement: str, known: str) -> bool:
    """Whether the title and summary already say the requirement (most of its words)."""
    text = requirement.rstrip("。；")
    if not text:
        return True
    if text in known:
        return True
    # characters of the requirement inside a run of two or more also found in
    # the known text, in any order ("明确23项重点任务…" said in other words)
    covered = 0
    i = 0
    while i < len(text):
        size = 0
        while i + size < len(text) and text[i : i + size + 1] in known:
            size += 1
        if size >= 2:
            covered += size
            i += size
        else:
            i += 1
    return covered / len(text) >= SAID_SHARE


def document_sentence(document: Document, summary: str) -> str:
    """The document's line, ending with a full stop; `summary` is what it says
    (its summary, or the current phase of the campaign it plans)."""
    title = document.title
    summary = summary.strip()
    if summary and (title in summary or any(w in summary[:20] for w in ISSUING_WORDS)):
        sentence = mark_title(summary, title)
    else:
        issuer = document.issuer.strip()
        lead = f"{issuer}{issuing_verb(title)}《{title}》" if issuer else f"《{title}》"
        sentence = f"{lead}，{summary}" if summary else lead
    return sentence.rstrip("。；") + "。"


def with_requests(sentence: str, document: Document, requirements: list[Requirement]) -> str:
    """The sentence followed by the requirements it does not already say."""
    known = f"{document.title}{sentence}"
    ask = "请" if document.level not in (Level.NATIONAL, Level.PROVINCE) else "要求"
    extra = [r.text.strip().rstrip("。；") for r in requirements if not said_already(r.text, known)]
    if not extra:
        return sentence
    return sentence.rstrip("。") + "，" + ask + "；".join(extra) + "。"
