"""Built-in recognizer packs: `pii`, `phi` and `edu`.

Each pack folder holds YAML pattern recognizers, Python recognizers (one per
module) and curated word lists under `data/`. `classifier.registry` discovers
and loads them; the shared building blocks live here (`terms`, `keyword_ids`,
`context`).
"""
