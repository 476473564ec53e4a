"""Template pools, one module per conversation kind.

Each module defines FILLER (no sensitive content), SENSITIVE (gold values),
DECOYS (negatives) and PAIRS (a sentence split over two consecutive cues).
"""
