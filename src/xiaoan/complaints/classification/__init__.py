"""Classification of 12345 orders: fire-safety related or not, and a hazard category,
from jieba segmentation and the editable keyword dictionary (`ClassificationKeyword`)."""

from .classifier import THRESHOLD, Classification, classify_text, classify_tokens
from .dictionary import Dictionary, current_dictionary, default_entries
from .segment import content_words, jaccard, teach, tokens

__all__ = [
    "THRESHOLD",
    "Classification",
    "Dictionary",
    "classify_text",
    "classify_tokens",
    "content_words",
    "current_dictionary",
    "default_entries",
    "jaccard",
    "teach",
    "tokens",
]
