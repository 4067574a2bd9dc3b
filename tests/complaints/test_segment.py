"""Segmenting block by block gives exactly jieba's words for the whole text."""

from __future__ import annotations

import csv
from pathlib import Path

from xiaoan.complaints.classification import default_entries, segment, tokens
from xiaoan.complaints.classification.dictionary import Dictionary

SAMPLE = Path(__file__).with_name("data") / "labelled_sample.csv"
TRICKY = [
    "",
    "   ",
    "来电人反映：双兴小区6号楼5单元楼内消火栓箱里没有水带，打开阀门没水。",
    "ＡＢ１２３ 电动车 test-case 3.5% 飞线充电\r\n\t楼道—堆物！！abc_def",
    "é与ü：C++#1 & 2.0 — 消防通道（占用）【紧急】",
    "１２３４５６７８９０" * 60,  # longer than MAX_CHARS, cut inside a run of full-width digits
    "消防" * 250,
]


def whole_text_words(text: str) -> tuple[str, ...]:
    """What `tokens` gave before it worked block by block: jieba on the whole text."""
    words = segment._tokenizer.lcut(text[: segment.MAX_CHARS], HMM=False)
    return tuple(w for w in words if segment._MEANINGFUL.match(w))


def test_tokens_match_jieba_on_the_whole_text() -> None:
    Dictionary.from_entries(default_entries())  # teaches jieba the dictionary's words
    with SAMPLE.open(encoding="utf-8") as handle:
        texts = [f"{row['title']} {row['content']}" for row in csv.DictReader(handle)]
    for text in [*TRICKY, *texts]:
        assert tokens(text) == whole_text_words(text), text


def test_teaching_a_word_clears_the_cached_blocks() -> None:
    text = "楼顶搭建彩钢瓦棚屋"
    before = tokens(text)
    segment.teach(["彩钢瓦棚屋"])
    assert "彩钢瓦棚屋" in tokens(text)
    assert tokens(text) == whole_text_words(text)
    assert before != tokens(text)


def test_cut_block_matches_jieba_block_by_block() -> None:
    Dictionary.from_entries(default_entries())
    with SAMPLE.open(encoding="utf-8") as handle:
        texts = [f"{row['title']} {row['content']}" for row in csv.DictReader(handle)]
    blocks = {
        block
        for text in [*TRICKY, *texts]
        for block in segment._BLOCK.split(text)
        if block and segment._BLOCK.match(block)
    }
    blocks |= {"abc", "a1b2", "3.5%", "C++", "x-y", "消防", "一二三四五六七八九十"}
    for block in sorted(blocks):
        assert segment.cut_block(block) == segment._tokenizer.lcut(block, HMM=False), block
