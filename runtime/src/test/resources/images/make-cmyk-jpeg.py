#!/usr/bin/python3
"""Writes cmyk-stripes.jpg, the CMYK JPEG fixture of ImageDecoderTest (with Pillow, from
Debian's python3-pil: hence /usr/bin/python3).

A 40x16 picture of five 8-pixel vertical stripes, left to right: white (no ink), cyan, magenta,
yellow and black (K only). Pillow writes it as print software does: four components with an
Adobe APP14 marker (inverted CMYK), no ICC profile. Run it from this folder; the test does not
need Python, the .jpg is committed.
"""
from PIL import Image

STRIPES = [(0, 0, 0, 0), (255, 0, 0, 0), (0, 255, 0, 0), (0, 0, 255, 0), (0, 0, 0, 255)]

image = Image.new("CMYK", (8 * len(STRIPES), 16))
for i, ink in enumerate(STRIPES):
    for x in range(8 * i, 8 * i + 8):
        for y in range(16):
            image.putpixel((x, y), ink)
image.save("cmyk-stripes.jpg", "JPEG", quality=95, subsampling=0)
