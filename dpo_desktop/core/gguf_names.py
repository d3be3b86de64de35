"""The GGUF output types that export offers, by name, kept once.

A module without imports, so that ``dpo-desktop --help`` and the Export page can list
the types without loading numpy and gguf (``core/export/gguf_types.py`` knows how each
type is stored and re-exports these names). The order is the one people see, in the
CLI's help and the Export page's menu: the recommended type first, then the K mixes and
q8_0 rising in size and quality, the 16-bit types, and the older types last.
"""

from __future__ import annotations

GGUF_TYPES: tuple[str, ...] = ("q4_k_m", "q5_k_m", "q6_k", "q8_0", "f16", "bf16", "q4_0",
                               "q5_0", "q5_1")
RECOMMENDED = "q4_k_m"

# One plain line per type on size and quality (the CLI's help, the card; the Export page
# has its own translated lines, checked against these keys).
TYPE_NOTES: dict[str, str] = {
    "f16": "16-bit: the original quality, the biggest file",
    "bf16": "16-bit (bfloat16): the original quality, the biggest file",
    "q8_0": "8-bit: practically lossless, about half the size of f16",
    "q6_k": "6-bit: very close to the original, about 40% of f16",
    "q5_k_m": "5-bit mix: high quality, about 35% of f16",
    "q4_k_m": "4-bit mix: small with good quality, about 30% of f16; what most people use",
    "q4_0": "older 4-bit: smallest, but clearly worse than q4_k_m",
    "q5_0": "older 5-bit: q5_k_m is better at about the same size",
    "q5_1": "older 5-bit: slightly bigger than q5_0, q5_k_m is better",
}
