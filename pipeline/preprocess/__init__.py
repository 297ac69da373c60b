"""Preprocessing: make a scanned page easy for Tesseract (grey without stamps, upright, flat light, no specks,
deskewed, at about 300 dpi). One small step per module, each a function from image to image; `pipeline` runs them.
"""

from pipeline.preprocess.pipeline import PageLike, PreprocessConfig, PreprocessResult, preprocess, preprocess_image

__all__ = ["PageLike", "PreprocessConfig", "PreprocessResult", "preprocess", "preprocess_image"]
