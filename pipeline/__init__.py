"""sohoa: digitisation and records cleaning for Vietnamese civil-registration and land records.

The package is laid out in the order data flows through it: intake -> raster -> preprocess -> ocr -> extract ->
normalize -> match -> rules -> store -> report. `synth` is the test bench and never on the processing path.
"""

__version__ = "0.1.0"
