"""Chinese word segmentation with jieba, taught the dictionary's words.

One tokenizer of our own (not jieba's global one) so that adding the
dictionary's words affects only this use. An order's text is segmented once;
the same tokens serve classification and duplicate detection.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from math import log

import jieba

jieba.setLogLevel(60)

_tokenizer = jieba.Tokenizer()
_known: set[str] = set()
_lock = threading.Lock()

#: tokens without meaning for comparing two orders
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "在",
        "是",
        "我",
        "有",
        "和",
        "就",
        "不",
        "人",
        "都",
        "一",
        "也",
        "很",
        "到",
        "说",
        "要",
        "去",
        "你",
        "会",
        "着",
        "没有",
        "看",
        "好",
        "自己",
        "这",
        "那",
        "反映",
        "来电",
        "来电人",
        "市民",
        "称",
        "要求",
        "请求",
        "希望",
        "处理",
        "相关",
        "部门",
        "一直",
        "已经",
        "现在",
        "每天",
        "存在",
        "问题",
        "小区",
        "号楼",
        "单元",
        "楼",
        "请",
        "尽快",
    ]
)
_MEANINGFUL = re.compile(r"[\w]", re.UNICODE)
#: an order says what it is about early on; segmenting a very long text costs more than it tells
MAX_CHARS = 400


#: jieba's own split of a text into runs of Han characters, letters and digits
_BLOCK = jieba.re_han_default
_ASCII_ALNUM = jieba.re_eng


def teach(words: Iterable[str]) -> None:
    """Make sure each word segments as one token (jieba suggests its frequency)."""
    new = [w for w in words if w and w not in _known]
    if not new:
        return
    with _lock:
        for word in new:
            _tokenizer.add_word(word)
            _known.add(word)
        tokens.cache_clear()
        block_tokens.cache_clear()


@lru_cache(maxsize=50_000)
def tokens(text: str) -> tuple[str, ...]:
    """The words of `text`'s first `MAX_CHARS` characters (HMM off: faster, and
    dictionary words stay whole).

    The same words as ``jieba.lcut(text, HMM=False)``, worked out block by block
    the way jieba does: it segments each run of Han characters, letters and
    digits on its own and yields everything else character by character. Orders
    repeat the same phrases (“消防通道被占用”, a community's name), so each block is
    segmented once (`block_tokens`) however many orders contain it."""
    words: list[str] = []
    for block in _BLOCK.split(text[:MAX_CHARS]):
        if not block:
            continue
        if _BLOCK.match(block):
            words.extend(block_tokens(block))
        else:
            words.extend(c for c in block if _MEANINGFUL.match(c))
    return tuple(words)


@lru_cache(maxsize=200_000)
def block_tokens(block: str) -> tuple[str, ...]:
    """jieba's words of one block (a run of Han characters, letters and digits)."""
    return tuple(t for t in cut_block(block) if _MEANINGFUL.match(t))


def cut_block(block: str) -> list[str]:
    """jieba's accurate segmentation of one block with HMM off, the same words
    as ``Tokenizer.lcut(block, HMM=False)`` at about half the cost: the same
    dictionary, the same scores computed in the same order, but the word graph
    and the best route worked out in one pass instead of a dict of lists, a
    generator per character and a generator of words. Each position takes the
    most probable route to the end of the block (log frequency of its first
    word plus the rest's score; a character the dictionary lacks counts as
    frequency 1), the later end winning a tie, as jieba's ``max`` over
    (score, end) does."""
    _tokenizer.check_initialized()
    freq = _tokenizer.FREQ
    logtotal = log(_tokenizer.total)
    n = len(block)
    score = [0.0] * (n + 1)
    end = [0] * (n + 1)
    for start in range(n - 1, -1, -1):
        best: tuple[float, int] | None = None
        i, fragment = start, block[start]
        while i < n and fragment in freq:
            if freq[fragment]:
                route = (log(freq[fragment]) - logtotal + score[i + 1], i)
                if best is None or route > best:
                    best = route
            i += 1
            fragment = block[start : i + 1]
        if best is None:
            best = (log(freq.get(block[start]) or 1) - logtotal + score[start + 1], start)
        score[start], end[start] = best
    words: list[str] = []
    letters = ""  # single ASCII letters and digits in a row make one word, as in jieba
    x = 0
    while x < n:
        y = end[x] + 1
        word = block[x:y]
        if y - x == 1 and _ASCII_ALNUM.match(word):
            letters += word
        else:
            if letters:
                words.append(letters)
                letters = ""
            words.append(word)
        x = y
    if letters:
        words.append(letters)
    return words


def content_words(words: Iterable[str]) -> frozenset[str]:
    """The tokens that say what an order is about, for comparing two orders."""
    return frozenset(t for t in words if len(t) > 1 and t not in STOPWORDS and not t.isdigit())


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
