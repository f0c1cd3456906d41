"""Structural similarity of two pictures of one size, for scripts/bench-card-faces.

Usage: ssim.py A.png B.png   (prints one number: 1 for the same picture, lower the less alike)

The mean SSIM of the two pictures' grey levels over every 7x7 window, with the usual
constants (K1 = 0.01, K2 = 0.03, 8-bit range): the measure of Wang et al. 2004 with a
uniform window, as scikit-image computes it by default. ImageMagick's `compare -metric
SSIM` is used instead where it has that metric (Debian 12's ImageMagick 6.9.11 has not).
ImageMagick's `convert` decodes the pictures.
"""

import subprocess
import sys

WINDOW = 7
C1 = (0.01 * 255) ** 2
C2 = (0.03 * 255) ** 2


def grey(path: str):
    """The picture's width, height and grey levels, row by row."""
    size = subprocess.run(
        ["identify", "-format", "%w %h", path], check=True, capture_output=True, text=True
    ).stdout.split()
    width, height = int(size[0]), int(size[1])
    raw = subprocess.run(
        ["convert", path, "-colorspace", "gray", "-depth", "8", "gray:-"],
        check=True,
        capture_output=True,
    ).stdout
    return width, height, raw


def integral(values, width, height):
    """Summed-area table, one row and column of zeros in front."""
    table = [[0.0] * (width + 1) for _ in range(height + 1)]
    for y in range(height):
        row_sum = 0.0
        above, here = table[y], table[y + 1]
        base = y * width
        for x in range(width):
            row_sum += values[base + x]
            here[x + 1] = above[x + 1] + row_sum
    return table


def window_sum(table, x, y):
    w = WINDOW
    return table[y + w][x + w] - table[y][x + w] - table[y + w][x] + table[y][x]


def ssim(a_path: str, b_path: str) -> float:
    width, height, a = grey(a_path)
    b_width, b_height, b = grey(b_path)
    if (width, height) != (b_width, b_height):
        sys.exit(f"ssim.py: {a_path} is {width}x{height} but {b_path} is {b_width}x{b_height}")
    sums = [
        integral(values, width, height)
        for values in (
            a,
            b,
            [v * v for v in a],
            [v * v for v in b],
            [x * y for x, y in zip(a, b)],
        )
    ]
    n = WINDOW * WINDOW
    # The sample covariance, as scikit-image takes it.
    unbias = n / (n - 1)
    total, count = 0.0, 0
    for y in range(height - WINDOW + 1):
        for x in range(width - WINDOW + 1):
            sa, sb, saa, sbb, sab = (window_sum(t, x, y) for t in sums)
            mean_a, mean_b = sa / n, sb / n
            var_a = (saa / n - mean_a * mean_a) * unbias
            var_b = (sbb / n - mean_b * mean_b) * unbias
            cov = (sab / n - mean_a * mean_b) * unbias
            total += ((2 * mean_a * mean_b + C1) * (2 * cov + C2)) / (
                (mean_a * mean_a + mean_b * mean_b + C1) * (var_a + var_b + C2)
            )
            count += 1
    return total / count


if __name__ == "__main__":
    print(f"{ssim(sys.argv[1], sys.argv[2]):.4f}")
