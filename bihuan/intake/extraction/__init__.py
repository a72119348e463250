"""Pure-Python extraction of facts from complaint text (no Django imports)."""

from .extract import (
    DEFAULT_ORDER_PATTERNS,
    Extraction,
    compile_order_patterns,
    extract,
    extract_amounts,
    extract_demands,
    extract_order_numbers,
    extract_phones,
    extract_products,
)
from .numerals import chinese_to_int, parse_number

__all__ = [
    "DEFAULT_ORDER_PATTERNS", "Extraction", "chinese_to_int", "compile_order_patterns", "extract",
    "extract_amounts", "extract_demands", "extract_order_numbers", "extract_phones",
    "extract_products", "parse_number",
]
