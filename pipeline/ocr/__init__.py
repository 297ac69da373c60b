"""OCR: Tesseract over preprocessed pages, handing words with boxes and confidences to extraction.

- `model`: the boundary types (Box, Word, PageStatus, PageOCR).
- `tesseract`: the one wrapper around Tesseract: `ocr_page` (a whole page in one call), `ocr_crops` (several
  regions in one call, for second passes), `detect_osd`, `check_tesseract`, and the errors.
- `pool`: `OcrPool`, worker processes (one per core, single-threaded Tesseract) that preprocess and read pages,
  returning a PageOCR per page (TIMEOUT or ERROR pages instead of exceptions).

Nothing is imported here, so that `import pipeline.ocr.model` stays light.
"""
